package workflows

import (
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// The legal steps after the last approval (policies.LegalStep):
// harmonisation where the region requires it, paraf where it has paraf
// steps, enactment, and promulgation of a Peraturan. The records are
// written by the server (Bagian Hukum and the officials); the server then
// tells the policy's workflow by the Update UpdateLegalRecorded, and the
// workflow reads where the version stands, moves to the next step (its
// timers end) or, when the Kanwil's answer asks for corrections, opens a
// revision. Each step counts its SLA and escalation in working days of the
// region's calendar, in its zone, as approval stages do
// (approval_deadline.go): a reminder to Bagian Hukum one working day
// before the SLA, another when it has passed, and an escalation to the
// region's administrators at the escalation limit.

// versionEnactmentSteps guards the legal steps: workflows whose approval
// ended before it follow no step after it.
const versionEnactmentSteps = "enactment-steps"

// UpdateLegalRecorded tells a policy's workflow that a legal record
// (harmonisation request or answer, paraf, enactment, promulgation) was
// written.
const UpdateLegalRecorded policies.Action = "legal_recorded"

// LegalStepState is the legal step the approved version waits for, as
// the policy's workflow times it.
type LegalStepState struct {
	Step           policies.LegalStep
	VersionNumber  int
	Started        time.Time
	SLADays        int
	EscalationDays int
	// RemindAt is one working day before SLADue.
	RemindAt, SLADue, EscalationDue time.Time
	// The notices sent: the step's announcement, the reminder before the
	// SLA, the one when it has passed, the escalation.
	Announced, Reminded, Overdue, Escalated bool
	Zone                                    policies.TimeZone
	RegionID                                int64
	// Remind are Bagian Hukum (and, for paraf, the officials awaited);
	// Escalate the region's administrators.
	Remind   []int64 `json:",omitempty"`
	Escalate []int64 `json:",omitempty"`
}

// The notices of a step.
const (
	legalAnnounce = "announce"
	legalBefore   = "before"
	legalDue      = "due"
	legalEscalate = "escalate"
)

// setDeadlines counts the step's deadlines from its start in cal.
func (ls *LegalStepState) setDeadlines(cal policies.Calendar) {
	ls.SLADue = cal.AddWorkingDays(ls.Started, ls.SLADays)
	ls.RemindAt = cal.AddWorkingDays(ls.Started, ls.SLADays-1)
	ls.EscalationDue = cal.AddWorkingDays(ls.Started, ls.EscalationDays)
}

// next is the step's next deadline and its notice; false when all are sent.
func (ls *LegalStepState) next() (time.Time, string, bool) {
	switch {
	case !ls.Reminded && ls.SLADays > 1:
		return ls.RemindAt, legalBefore, true
	case !ls.Overdue:
		return ls.SLADue, legalDue, true
	case !ls.Escalated:
		return ls.EscalationDue, legalEscalate, true
	}
	return time.Time{}, "", false
}

// mark records that the notice of kind went out.
func (ls *LegalStepState) mark(kind string) {
	switch kind {
	case legalBefore:
		ls.Reminded = true
	case legalDue:
		ls.Reminded, ls.Overdue = true, true
	case legalEscalate:
		ls.Reminded, ls.Overdue, ls.Escalated = true, true, true
	}
}

// checkLegal lets through Bagian Hukum and the officials who initial.
func (p *policy) checkLegal(req Request, _ time.Time) error {
	if !p.loaded || !p.settled() {
		return nil
	}
	if p.archived {
		return conflict("kebijakan sudah diarsipkan")
	}
	if !slices.Contains([]policies.Role{policies.RoleLegal, policies.RoleLeader}, req.Actor.Role) {
		return forbidden("peran %q tidak mencatat langkah hukum", req.Actor.Role)
	}
	return nil
}

// legalRecorded reads where the approved version stands after a record:
// corrections asked by the Kanwil open a revision; otherwise the
// workflow follows the step the version now waits for.
func (p *policy) legalRecorded(ctx workflow.Context, _ Request) (Result, error) {
	if workflow.GetVersion(ctx, versionEnactmentSteps, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return Result{Status: p.State.Status, Outcome: "legal_recorded"}, nil
	}
	var f activities.LegalStepFacts
	if err := workflow.ExecuteLocalActivity(withLocal(ctx), a.LegalStep, p.State.PolicyID).Get(ctx, &f); err != nil {
		return Result{}, err
	}
	lp := f.Progress
	if p.State.Status == policies.StatusApproved && lp.Enactment == nil && lp.Harmonisation.NeedsCorrection() {
		h := lp.Harmonisation
		letter := ""
		if h.AnswerLetter != nil {
			letter = " (surat " + *h.AnswerLetter + ")"
		}
		return p.openRevision(ctx, 0, policies.ActHarmonisationCorrection,
			fmt.Sprintf("harmonisasi versi %d perlu perbaikan%s: %s", lp.Version, letter, h.Notes))
	}
	if p.State.Status != policies.StatusApproved {
		p.setLegal(nil)
	} else {
		p.followLegal(f)
	}
	if ls := p.State.Legal; ls != nil {
		return Result{Status: p.State.Status, Outcome: "legal_step_" + string(ls.Step),
			Message: fmt.Sprintf("Langkah berikutnya: %s, tenggat %s", stepName(ls.Step), noticeDate(ls.SLADue, ls.Zone))}, nil
	}
	return Result{Status: p.State.Status, Outcome: "legal_steps_done"}, nil
}

// beginLegal follows the legal steps of a version just approved.
func (p *policy) beginLegal(ctx workflow.Context) {
	var f activities.LegalStepFacts
	if err := workflow.ExecuteActivity(withActivities(ctx), a.LegalStep, p.State.PolicyID).Get(ctx, &f); err != nil {
		workflow.GetLogger(ctx).Error("legal steps not followed", "err", err)
		return
	}
	p.followLegal(f)
}

// followLegal starts timing the step f says the version waits for, unless
// it is the step timed already (its recipients are refreshed: the next
// official of a paraf hierarchy).
func (p *policy) followLegal(f activities.LegalStepFacts) {
	p.cal = f.Calendar
	if f.Step == "" {
		p.setLegal(nil)
		return
	}
	if cur := p.State.Legal; cur != nil && cur.Step == f.Step && cur.VersionNumber == f.Progress.Version {
		cur.Remind, cur.Escalate = f.Remind, f.Escalate
		return
	}
	sla := f.SLA
	if sla.SLADays == 0 { // read before the region could set its own
		sla = policies.LegalStepSLA[f.Step]
	}
	ls := &LegalStepState{Step: f.Step, VersionNumber: f.Progress.Version, Started: workflow.Now(p.root),
		SLADays: sla.SLADays, EscalationDays: sla.EscalationDays, Zone: f.Calendar.Zone(), RegionID: f.RegionID,
		Remind: f.Remind, Escalate: f.Escalate}
	ls.setDeadlines(f.Calendar)
	p.setLegal(ls)
	p.watchLegal()
}

// setLegal replaces the step followed; the step's timers end.
func (p *policy) setLegal(ls *LegalStepState) {
	p.State.Legal = ls
	p.legalGen++
}

// watchLegal runs the step's timers until no step is followed.
func (p *policy) watchLegal() {
	if p.legalWatching || p.State.Legal == nil {
		return
	}
	p.legalWatching = true
	workflow.Go(p.root, func(ctx workflow.Context) {
		defer func() { p.legalWatching = false }()
		p.legalTimers(ctx)
	})
}

// legalTimers announces the step, then waits for its deadlines and sends
// their notices, until the step changes, no step is left or the policy
// is archived. A deadline that comes is counted again with the region's
// calendar as it is now: a day off added since the step began moves it.
func (p *policy) legalTimers(ctx workflow.Context) {
	for !p.archived && p.State.Legal != nil {
		ls, gen := p.State.Legal, p.legalGen
		moved := func() bool { return p.legalGen != gen || p.archived }
		// Each notice is marked sent once written (its outbox key makes a
		// second write, after continuing as new, the same row).
		if !ls.Announced {
			p.legalNotice(ctx, ls, legalAnnounce)
			ls.Announced = true
			continue
		}
		at, kind, ok := ls.next()
		if !ok {
			if workflow.Await(ctx, moved) != nil {
				return
			}
			continue
		}
		met, err := workflow.AwaitWithTimeout(ctx, max(at.Sub(workflow.Now(ctx)), time.Millisecond), moved)
		if err != nil {
			return
		}
		if met {
			continue
		}
		var cal policies.Calendar
		if err := workflow.ExecuteActivity(withActivities(ctx), a.RegionCalendar, ls.RegionID).Get(ctx, &cal); err != nil {
			return
		}
		if moved() {
			continue
		}
		p.cal = cal
		ls.setDeadlines(cal)
		if at, k, _ := ls.next(); k != kind || at.After(workflow.Now(ctx)) {
			continue
		}
		p.legalNotice(ctx, ls, kind)
		ls.mark(kind)
	}
}

// legalNotice writes one of the step's notices to its recipients.
func (p *policy) legalNotice(ctx workflow.Context, ls *LegalStepState, kind string) {
	name, due := stepName(ls.Step), noticeDate(ls.SLADue, ls.Zone)
	// The subject names the version: a revision's steps are other notices.
	title := fmt.Sprintf("%s (versi %d)", p.State.Title, ls.VersionNumber)
	in := activities.NotifyInput{Key: fmt.Sprintf("%s-legal-v%d-%s-%s", WorkflowID(p.State.PolicyID), ls.VersionNumber, ls.Step, kind),
		PolicyID: p.State.PolicyID, UserIDs: ls.Remind, Kind: policies.NoticeLegalStepReminder, Link: policyLink(p.State.PolicyID, stepPage(ls.Step))}
	switch kind {
	case legalAnnounce:
		in.Kind, in.Subject = policies.NoticeLegalStep, "Menunggu "+name+": "+title
		in.Body = fmt.Sprintf("Versi %d yang disetujui menunggu langkah %s sebelum %s (%d hari kerja).", ls.VersionNumber, name, due, ls.SLADays)
	case legalBefore:
		in.Subject = "Tenggat " + name + " tinggal 1 hari kerja: " + title
		in.Body = fmt.Sprintf("Langkah %s versi %d jatuh tempo %s (%d hari kerja).", name, ls.VersionNumber, due, ls.SLADays)
	case legalDue:
		in.Subject = "Lewat tenggat " + name + ": " + title
		in.Body = fmt.Sprintf("Langkah %s versi %d melewati tenggat %d hari kerja (%s). Mohon selesaikan.", name, ls.VersionNumber, ls.SLADays, due)
	case legalEscalate:
		in.Kind, in.Subject, in.UserIDs = policies.NoticeLegalStepEscalation, "Eskalasi "+name+": "+title, ls.Escalate
		in.Body = fmt.Sprintf("Langkah %s versi %d belum selesai setelah %d hari kerja (%s); tenggatnya %s.", name, ls.VersionNumber,
			ls.EscalationDays, noticeDate(ls.EscalationDue, ls.Zone), due)
		if len(in.UserIDs) == 0 {
			in.UserIDs = ls.Remind
		}
	}
	if err := notify(ctx, in); err != nil {
		workflow.GetLogger(ctx).Error("legal step notice not written", "kind", kind, "err", err)
	}
}

// stepName is a step as notices name it (the page catalogue's words).
func stepName(s policies.LegalStep) string {
	return i18n.Pages[i18n.ID]["legal_step_"+string(s)]
}

// stepPage is the page of the policy where a step is recorded.
func stepPage(s policies.LegalStep) string {
	switch s {
	case policies.StepHarmonisation:
		return "/harmonisation"
	case policies.StepParaf:
		return "/paraf"
	}
	return "/enactment"
}
