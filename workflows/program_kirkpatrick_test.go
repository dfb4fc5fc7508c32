package workflows

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// kirkpatrickProgram starts implementation for the unit at the first hour
// and plans, at the second, a program of the unit from day 2 to day 4: its
// workflow ID and end.
func (h *harness) kirkpatrickProgram(unit int64, title string) (string, time.Time) {
	h.implementAt(time.Hour, unit)
	end := h.start.Add(4 * day)
	h.at(2*time.Hour, "plan", "", policies.ActPlanProgram, func() Request {
		return Request{Actor: h.actor("opd"), Program: &ProgramPlan{UnitID: unit, Kind: policies.KindPelatihan,
			Title: title, StartsAt: h.start.Add(2 * day), EndsAt: end, JP: 12}}
	})
	return h.child("program", 2), end
}

// After a program is done its workflow runs Kirkpatrick's later levels on
// durable timers: the reaction links three days after the end (the
// participant with an account told), the supervisors' behaviour survey
// the region's three months after (the unit head told each link, the
// unit's officers that it is open), and reminders 14 and 28 days later
// while answers are missing — none once every answer is in.
func TestKirkpatrickBehaviourSurveyByTimer(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	h.approved()
	unit := h.unit("disdukcapil")
	var head int64
	if err := h.db.SQL().Get(&head, `SELECT head_user_id FROM units WHERE id = $1`, unit); err != nil || head == 0 {
		t.Fatalf("disdukcapil has no head: %v", err)
	}
	// A participant with an account (the academic's, by NIP).
	const rina, budi = "198503122010011002", "199001012015032001"
	h.db.SQL().MustExec(`UPDATE users SET nip = $1 WHERE id = $2`, rina, h.users["akademisi"])
	wid, end := h.kirkpatrickProgram(unit, "Pelatihan pelayanan prima")
	h.do(3*time.Hour, func() {
		h.db.SQL().MustExec(`INSERT INTO participants (program_id, nip, name, unit_id, attended, completed)
			SELECT id, $2, 'Rina Wati', unit_id, true, true FROM programs WHERE workflow_id = $1`, wid, rina)
		h.db.SQL().MustExec(`INSERT INTO participants (program_id, nip, name, unit_id, attended, completed)
			SELECT id, $2, 'Budi Santoso', unit_id, true, true FROM programs WHERE workflow_id = $1`, wid, budi)
	})
	links := func(table string) int {
		return h.count(`SELECT count(*) FROM `+table+` l JOIN programs p ON p.id = l.program_id WHERE p.workflow_id = $1`, wid)
	}
	type snap struct{ reaction, behaviour, headLinks, surveyOpen, reminders, toldRina int }
	snaps := map[string]snap{}
	look := func(label string) func() {
		return func() {
			snaps[label] = snap{links("reaction_links"), links("behaviour_links"),
				h.notified(string(policies.NoticeBehaviourLink), head), h.notified(string(policies.NoticeBehaviourSurvey), h.users["opd"]),
				h.notified(string(policies.NoticeBehaviourReminder), h.users["opd"]), h.notified(string(policies.NoticeReactionLink), h.users["akademisi"])}
		}
	}
	at := func(t time.Time) time.Duration { return t.Sub(h.start) }
	behaviour := end.AddDate(0, policies.DefaultBehaviourMonths, 0)
	// The supervisor of one answers between the reminders; of the other after the second.
	answer := func(nip string) func() {
		return func() {
			var pid int64
			h.db.SQL().Get(&pid, `SELECT id FROM participants WHERE nip = $1 AND program_id = (SELECT id FROM programs WHERE workflow_id = $2)`, nip, wid)
			tok := policies.DerivedLinkToken(nil, policies.PurposeBehaviour, pid)
			if err := h.db.AnswerBehaviour(context.Background(), policies.HashLinkToken(tok), policies.BehaviourAnswer{Scores: []int{4, 4, 3, 5}}); err != nil {
				t.Errorf("answer by %s's supervisor: %v", nip, err)
			}
		}
	}
	h.do(at(end.Add(ReactionLinksAfter))-time.Hour, look("before reaction"))
	h.do(at(end.Add(ReactionLinksAfter))+time.Hour, look("reaction"))
	h.do(at(behaviour)-time.Hour, look("before behaviour"))
	h.do(at(behaviour)+time.Hour, look("behaviour"))
	h.do(at(behaviour.Add(BehaviourReminders[0]))+time.Hour, look("first reminder"))
	h.do(at(behaviour.Add(20*day)), answer(rina))
	h.do(at(behaviour.Add(BehaviourReminders[1]))+time.Hour, look("second reminder"))
	h.do(at(behaviour.Add(30*day)), answer(budi))
	h.archiveAt(at(behaviour.Add(40 * day)))
	h.run()

	want := map[string]snap{
		"before reaction":  {},
		"reaction":         {reaction: 2, toldRina: 1},
		"before behaviour": {reaction: 2, toldRina: 1},
		"behaviour":        {reaction: 2, behaviour: 2, headLinks: 2, surveyOpen: 1, toldRina: 1},
		"first reminder":   {reaction: 2, behaviour: 2, headLinks: 2, surveyOpen: 1, reminders: 1, toldRina: 1},
		"second reminder":  {reaction: 2, behaviour: 2, headLinks: 2, surveyOpen: 1, reminders: 2, toldRina: 1},
	}
	for label, w := range want {
		if got := snaps[label]; got != w {
			t.Errorf("%s: %+v, want %+v", label, got, w)
		}
	}
	// The second reminder counted what was still missing: one answer.
	var body string
	h.db.SQL().Get(&body, `SELECT body FROM notifications WHERE kind = $1 AND user_id = $2 ORDER BY id DESC LIMIT 1`, policies.NoticeBehaviourReminder, h.users["opd"])
	if !containsStr(body, "1 survei perilaku") {
		t.Errorf("the second reminder says %q, want one survey missing", body)
	}
	if n := h.count(`SELECT count(*) FROM behaviour_answers a JOIN programs p ON p.id = a.program_id WHERE p.workflow_id = $1`, wid); n != 2 {
		t.Errorf("behaviour answers: %d, want 2", n)
	}
}

// Level 4: the region's six months after the end, the unit is asked for
// its indicator's value and reminded while it is missing; a value that
// misses the target, judged after the reminders, reopens the policy with a
// reason naming the program, the level and the indicator. Level 3 with
// supervisors' low scores on an item, judged when its links close, does
// the same — only the first revision opens (the policy is then in revision).
func TestKirkpatrickWeakResultsOpenRevision(t *testing.T) {
	for _, level := range []string{"behaviour", "results"} {
		t.Run(level, func(t *testing.T) {
			h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
			h.approved()
			unit := h.unit("disdukcapil")
			wid, end := h.kirkpatrickProgram(unit, "Pelatihan layanan daring")
			var programID int64
			h.do(3*time.Hour, func() {
				h.db.SQL().Get(&programID, `SELECT id FROM programs WHERE workflow_id = $1`, wid)
				for i, nip := range []string{"198503122010011002", "199001012015032001", "199312282025212001"} {
					h.db.SQL().MustExec(`INSERT INTO participants (program_id, nip, name, unit_id, attended, completed) VALUES ($1, $2, $3, $4, true, true)`,
						programID, nip, fmt.Sprintf("Peserta %d", i+1), unit)
				}
				// The indicator, set when the program is planned.
				if _, err := h.db.SaveProgramResult(context.Background(), programID, h.users["opd"], policies.ResultInput{Indicator: "Waktu layanan KTP",
					UnitOfMeasure: "hari", Baseline: 14, Target: 7, LowerIsBetter: true}); err != nil {
					t.Errorf("the indicator: %v", err)
				}
			})
			at := func(t time.Time) time.Duration { return t.Sub(h.start) }
			behaviour := end.AddDate(0, policies.DefaultBehaviourMonths, 0)
			results := end.AddDate(0, policies.DefaultResultsMonths, 0)
			h.do(at(behaviour)+time.Hour, func() {
				var pids []int64
				h.db.SQL().Select(&pids, `SELECT id FROM participants WHERE program_id = $1 ORDER BY id`, programID)
				for _, pid := range pids {
					scores := []int{4, 4, 4, 4}
					if level == "behaviour" {
						scores = []int{2, 4, 3, 2} // applies 2, shares 2: below 3
					}
					tok := policies.DerivedLinkToken(nil, policies.PurposeBehaviour, pid)
					if err := h.db.AnswerBehaviour(context.Background(), policies.HashLinkToken(tok), policies.BehaviourAnswer{Scores: scores}); err != nil {
						t.Errorf("answer: %v", err)
					}
				}
			})
			type snap struct {
				asked, reminded int
				status          policies.Status
			}
			snaps := map[string]snap{}
			look := func(label string) func() {
				return func() {
					snaps[label] = snap{h.notified(string(policies.NoticeResultsDue), h.users["opd"]), h.notified(string(policies.NoticeResultsReminder), h.users["opd"]), h.status()}
				}
			}
			h.do(at(behaviour.Add(policies.BehaviourLinkLifetime))+time.Hour, look("behaviour judged"))
			h.do(at(results)+time.Hour, look("asked"))
			h.do(at(results.Add(BehaviourReminders[0]))+time.Hour, look("first reminder"))
			h.do(at(results.Add(20*day)), func() {
				actual, on := 9.0, results.Add(19*day)
				if _, err := h.db.SaveProgramResult(context.Background(), programID, h.users["opd"], policies.ResultInput{Indicator: "Waktu layanan KTP",
					UnitOfMeasure: "hari", Baseline: 14, Target: 7, LowerIsBetter: true, Actual: &actual, MeasuredOn: &on}); err != nil {
					t.Errorf("the value: %v", err)
				}
			})
			h.do(at(results.Add(BehaviourReminders[1]))+time.Hour, look("second reminder"))
			h.do(at(results.Add(ResultsJudgedAfter))+time.Hour, look("results judged"))
			h.archiveAt(at(results.Add(ResultsJudgedAfter)) + 2*time.Hour)
			h.run()

			// Before the first evaluation round (six months after implementation
			// started) the policy is implemented; then evaluated.
			judged, open := policies.StatusImplementing, policies.StatusEvaluating
			if level == "behaviour" {
				judged, open = policies.StatusRevision, policies.StatusRevision
			}
			want := map[string]snap{
				"behaviour judged": {0, 0, judged},
				"asked":            {1, 0, open},
				"first reminder":   {1, 1, open},
				"second reminder":  {1, 1, open},
				"results judged":   {1, 1, policies.StatusRevision},
			}
			for label, w := range want {
				if got := snaps[label]; got != w {
					t.Errorf("%s: %+v, want %+v", label, got, w)
				}
			}
			var reason string
			h.db.SQL().Get(&reason, `SELECT detail FROM audit_log WHERE policy_id = $1 AND action = 'low_evaluation' ORDER BY id LIMIT 1`, h.policyID)
			wantIn := map[string][]string{
				"behaviour": {"tingkat 3", "Pelatihan layanan daring", "penerapan hasil pelatihan 2,00", "berbagi dengan rekan kerja 2,00"},
				"results":   {"tingkat 4", "Pelatihan layanan daring", "Waktu layanan KTP", "9,00 hari", "target 7,00"},
			}[level]
			for _, w := range wantIn {
				if !containsStr(reason, w) {
					t.Errorf("the revision's reason %q does not name %q", reason, w)
				}
			}
		})
	}
}
