package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/policies"
)

// versionWorkingDays guards the change that counts a stage's SLA and
// escalation in working days of the region's calendar, in the region's
// zone (issue 23: "hari kerja" skip weekends, national holidays, cuti
// bersama and the region's own days off), and reads the calendar again
// when a deadline comes, so that a day off the administrator added since
// the stage began moves it. Runs started before it count days of 24 hours.
const versionWorkingDays = "approval-working-days"

// setDeadlines counts the current stage's SLA and escalation from its start.
func (r *approval) setDeadlines() {
	start := r.st.StageStarted
	if !r.workingDays {
		day := 24 * time.Hour
		r.st.SLADue = start.Add(time.Duration(r.stage.SLADays) * day)
		r.st.EscalationDue = start.Add(time.Duration(r.stage.EscalationDays) * day)
		return
	}
	r.st.SLADue = r.cal.AddWorkingDays(start, r.stage.SLADays)
	r.st.EscalationDue = r.cal.AddWorkingDays(start, r.stage.EscalationDays)
}

// zone is the region's zone for the notices' dates; "" for runs started
// before the calendar was loaded (their dates keep their own offset).
func (r *approval) zone() policies.TimeZone {
	if !r.workingDays {
		return ""
	}
	return r.cal.Zone()
}

// dayWord is how the notices name the stage's days.
func (r *approval) dayWord() string {
	if r.workingDays {
		return "hari kerja"
	}
	return "hari"
}

// dayMsgWord is dayWord as a word of the notices catalogue.
func (r *approval) dayMsgWord() policies.MessageArg {
	if r.workingDays {
		return policies.MsgWord("nm_w_working_days")
	}
	return policies.MsgWord("nm_w_days")
}

// nextDeadline is the stage's next deadline: the SLA, then the escalation;
// false when both have passed.
func (r *approval) nextDeadline() (time.Time, bool) {
	switch {
	case !r.st.Reminded:
		return r.st.SLADue, true
	case !r.st.Escalated:
		return r.st.EscalationDue, true
	}
	return time.Time{}, false
}

// awaitDecision waits for cond or the stage's next deadline (SLA, then
// escalation), reporting whether the deadline passed first. Counting in
// working days, a deadline that comes is checked against the region's
// calendar as it is now: when the administrator has added a day off since
// the stage began, the deadline moves, and the caller (which reports the
// stage's state) waits again.
func (r *approval) awaitDecision(ctx workflow.Context, cond func() bool) (bool, error) {
	deadline, ok := r.nextDeadline()
	if !ok {
		return false, workflow.Await(ctx, cond)
	}
	met, err := workflow.AwaitWithTimeout(ctx, max(deadline.Sub(workflow.Now(ctx)), time.Millisecond), cond)
	if met || err != nil || !r.workingDays {
		return !met && err == nil, err
	}
	if err := workflow.ExecuteActivity(withActivities(ctx), a.RegionCalendar, r.chain.RegionID).Get(ctx, &r.cal); err != nil {
		return false, err
	}
	r.setDeadlines()
	deadline, _ = r.nextDeadline()
	return !cond() && !deadline.After(workflow.Now(ctx)), nil
}
