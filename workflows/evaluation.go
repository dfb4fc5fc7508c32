package workflows

import (
	"encoding/json"
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
)

// DefaultReminderLeads: units are reminded 7 days (H-7) and 1 day (H-1)
// before an evaluation round is due.
var DefaultReminderLeads = []time.Duration{7 * 24 * time.Hour, 24 * time.Hour}

// roundsPerRun bounds the history: after this many rounds the schedule
// continues as new.
const roundsPerRun = 4

// EvaluationReport is a unit's result for an evaluation round (the
// record_evaluation Update).
type EvaluationReport struct {
	UnitID     int64
	Round      int
	Instrument string // skm, kirkpatrick
	Score      float64
	Data       []byte // the instrument's answers, JSON
	// Population is the unit's service population in the round's period
	// (SKM; 0: not entered): the Krejcie–Morgan sample size is taken from it.
	Population int `json:",omitempty"`
	// Profile is the respondents' profile (SKM; JSON of an
	// evaluation.SKMProfile, counts only; empty: none).
	Profile []byte `json:",omitempty"`
}

// SKMReport computes a unit's IKM from its SKM answers (per element U1..U9,
// how many respondents answered 1, 2, 3, 4) and makes the record_evaluation
// report that carries it, with the unit's service population in the period
// (0: not entered): the only way an SKM score reaches a workflow, for the
// forms, the API and the sample data of policyflow dev alike. The
// respondents' profile (optional) is checked against the respondents.
func SKMReport(unitID int64, round int, responses [9][4]int, population int, profile *evaluation.SKMProfile) (EvaluationReport, evaluation.Result, error) {
	res, err := evaluation.IKM(evaluation.SKMResponses(responses))
	if err != nil {
		return EvaluationReport{}, res, err
	}
	if err := evaluation.ValidatePopulation(population, res.Respondents); err != nil {
		return EvaluationReport{}, res, err
	}
	data, _ := json.Marshal(responses)
	rep := EvaluationReport{UnitID: unitID, Round: round, Instrument: "skm", Score: res.IKM, Data: data, Population: population}
	if profile != nil && *profile != (evaluation.SKMProfile{}) {
		if err := profile.Validate(res.Respondents); err != nil {
			return EvaluationReport{}, res, err
		}
		rep.Profile, _ = json.Marshal(profile)
	}
	return rep, res, nil
}

// KirkpatrickReport scores a Kirkpatrick survey (each level's scores, 1–5)
// and makes the record_evaluation report that carries its index.
func KirkpatrickReport(unitID int64, round int, levels [4][]int) (EvaluationReport, evaluation.KirkpatrickResult, error) {
	res, err := evaluation.Kirkpatrick(levels)
	if err != nil {
		return EvaluationReport{}, res, err
	}
	data, _ := json.Marshal(levels)
	return EvaluationReport{UnitID: unitID, Round: round, Instrument: "kirkpatrick", Score: res.Index, Data: data}, res, nil
}

// validateEvaluation checks a record_evaluation Update's report.
func validateEvaluation(e *EvaluationReport) error {
	switch {
	case e == nil:
		return invalid("evaluation", "hasil evaluasi wajib diisi")
	case e.UnitID <= 0:
		return invalid("unit_id", "unit wajib diisi")
	case e.Round < 1:
		return invalid("round", "nomor putaran evaluasi tidak sah")
	case e.Instrument != "skm" && e.Instrument != "kirkpatrick":
		return invalid("instrument", "instrumen harus skm atau kirkpatrick")
	case e.Score < 0 || e.Score > 100:
		return invalid("score", "nilai harus antara 0 dan 100")
	case e.Population < 0 || e.Population > evaluation.MaxPopulation:
		return invalid("population", "jumlah populasi penerima layanan harus 1–%d orang", evaluation.MaxPopulation)
	}
	return nil
}

// jsonOrEmpty stands for a report sent without answers: an empty object.
func jsonOrEmpty(b []byte) []byte {
	if len(b) == 0 {
		return []byte("{}")
	}
	return b
}

// EvaluationInput starts (or continues) a policy's evaluation schedule.
type EvaluationInput struct {
	PolicyID      int64
	Title         string
	UnitIDs       []int64
	CadenceMonths int
	Start         time.Time // implementation start: round n is due Start + n×cadence
	Round         int       // the next round
	ReminderLeads []time.Duration
	// Backdated: implementation started before it was recorded (Start is
	// in the past). Reminders for moments already past are skipped and a
	// round already due is marked overdue without a notice.
	Backdated bool `json:",omitempty"`
	// Zone is the region's: the notices name the due dates in it.
	Zone policies.TimeZone `json:",omitempty"`
}

// versionStartDate guards the commands of a backdated implementation start.
const versionStartDate = "implementation-start-date"

// Due returns when round n is due.
func (in EvaluationInput) Due(n int) time.Time { return in.Start.AddDate(0, in.CadenceMonths*n, 0) }

// evaluationSchedule is the EvaluationScheduleWorkflow's state.
type evaluationSchedule struct {
	in   EvaluationInput
	id   string
	link string
	// backdated: moments already past are not waited for nor announced.
	backdated bool
}

// past reports whether t had passed when a backdated schedule reached it.
func (s *evaluationSchedule) past(ctx workflow.Context, t time.Time) bool {
	return s.backdated && !t.After(workflow.Now(ctx))
}

// EvaluationScheduleWorkflow opens an evaluation round for every responsible
// unit on the policy's cadence, reminds the units that have not reported
// before the due date, and when a round falls due marks what is missing
// overdue and escalates it to the unit head. Rounds keep coming until the
// policy is revised or archived (the workflow is cancelled); it continues
// as new every few rounds so its history stays small.
func EvaluationScheduleWorkflow(ctx workflow.Context, in EvaluationInput) error {
	s := &evaluationSchedule{in: in, id: workflow.GetInfo(ctx).WorkflowExecution.ID, link: policyLink(in.PolicyID, "/evaluations")}
	// Only a backdated run (which no history before this change has) asks.
	s.backdated = in.Backdated && workflow.GetVersion(ctx, versionStartDate, workflow.DefaultVersion, 1) == 1
	for i := 0; i < roundsPerRun; i++ {
		if running, err := s.round(ctx, in.Round+i); !running || err != nil {
			return err
		}
	}
	next := in
	next.Round = in.Round + roundsPerRun
	return workflow.NewContinueAsNewError(ctx, EvaluationScheduleWorkflow, next)
}

// round opens round n, reminds the units before it is due and marks it
// overdue when it is. It reports false, with no error, when the schedule
// was stopped while it waited.
func (s *evaluationSchedule) round(ctx workflow.Context, n int) (bool, error) {
	in := s.in
	due := in.Due(n)
	if err := workflow.ExecuteActivity(withActivities(ctx), a.CreateRounds, activities.RoundsInput{
		PolicyID: in.PolicyID, Number: n, DueAt: due, UnitIDs: in.UnitIDs}).Get(ctx, nil); err != nil {
		return true, err
	}
	for j, lead := range in.ReminderLeads {
		past := s.past(ctx, due.Add(-lead))
		if !past {
			if err := sleepUntil(ctx, due.Add(-lead)); err != nil {
				return false, stopped(err)
			}
		}
		if n == 1 && j == 0 {
			reportToParent(ctx, in.PolicyID, ChildEvent{Kind: EventEvaluationDue, WorkflowID: s.id, Round: n, Due: due})
		}
		if past {
			continue // never a reminder for a moment already past
		}
		days := int(lead / (24 * time.Hour))
		if err := s.remind(ctx, activities.RemindRoundsInput{Round: n, Key: fmt.Sprintf("%s-r%d-h%d", s.id, n, days), Kind: policies.NoticeEvaluationReminder,
			Subject: fmt.Sprintf("H-%d evaluasi putaran %d: %s", days, n, in.Title),
			Body:    fmt.Sprintf("Evaluasi putaran %d jatuh tempo %s. Mohon isi survei unit Anda.", n, noticeDate(due, in.Zone)),
			Message: policies.Msg("nm_evaluation_reminder", policies.MsgText(in.Title), policies.MsgNumber(days), policies.MsgNumber(n), policies.MsgMoment(due, in.Zone))}); err != nil {
			return true, err
		}
	}
	if s.past(ctx, due) {
		// Due before it was recorded: what is missing is overdue, unannounced.
		return true, s.remind(ctx, activities.RemindRoundsInput{Round: n, Key: fmt.Sprintf("%s-r%d-overdue", s.id, n), Overdue: true, Silent: true,
			Kind: policies.NoticeEvaluationOverdue})
	}
	if err := sleepUntil(ctx, due); err != nil {
		return false, stopped(err)
	}
	return true, s.remind(ctx, activities.RemindRoundsInput{Round: n, Key: fmt.Sprintf("%s-r%d-overdue", s.id, n), Overdue: true, Kind: policies.NoticeEvaluationOverdue,
		Subject: fmt.Sprintf("Terlambat: evaluasi putaran %d %s", n, in.Title),
		Body:    fmt.Sprintf("Evaluasi putaran %d jatuh tempo %s dan belum diisi unit Anda.", n, noticeDate(due, in.Zone)),
		Message: policies.Msg("nm_evaluation_overdue", policies.MsgText(in.Title), policies.MsgNumber(n), policies.MsgMoment(due, in.Zone))})
}

// remind reminds the units that have not reported round r.Round (and,
// overdue, their heads), linking to the policy's evaluations.
func (s *evaluationSchedule) remind(ctx workflow.Context, r activities.RemindRoundsInput) error {
	r.PolicyID, r.Link = s.in.PolicyID, s.link
	return workflow.ExecuteActivity(withActivities(ctx), a.RemindRounds, r).Get(ctx, nil)
}

// sleepUntil waits on a durable timer until t (at once if t has passed).
func sleepUntil(ctx workflow.Context, t time.Time) error {
	if d := t.Sub(workflow.Now(ctx)); d > 0 {
		return workflow.Sleep(ctx, d)
	}
	return nil
}

// stopped ends the schedule quietly when it was cancelled (revision, archive).
func stopped(err error) error {
	if temporal.IsCanceledError(err) {
		return nil
	}
	return err
}

// maxBackdate bounds how far back implementation may be said to have
// started: a policy older than a five-year development plan (RPJMD) is
// re-enacted, not digitised; it also bounds the rounds created at once.
const maxBackdate = 5

// validateStartedOn checks a start_implementation's started_on: none, or a
// day not after now and at most five years back.
func validateStartedOn(t, now time.Time) error {
	switch {
	case t.IsZero():
		return nil
	case t.After(now):
		return invalid("started_on", "tanggal mulai pelaksanaan tidak boleh di masa depan")
	case t.Before(now.AddDate(-maxBackdate, 0, 0)):
		return invalid("started_on", "tanggal mulai pelaksanaan paling lama %d tahun yang lalu", maxBackdate)
	}
	return nil
}
