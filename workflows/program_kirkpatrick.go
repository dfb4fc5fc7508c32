package workflows

// After a program is done, its workflow runs Kirkpatrick's later levels on
// durable timers from the program's end: the reaction links (level 1) a
// few days after, once attendance is typically in; the supervisors'
// behaviour survey (level 3) the region's months after, with reminders
// while answers are missing, judged when its links close; the unit's
// results indicator (level 4) the region's months after, with reminders
// while its value is missing, judged after them. A weak level 3 or 4
// feeds the policy's revision, its reason naming the program, the level
// and what is weak. Programs that reached done before this (version
// DefaultVersion of "kirkpatrick-behaviour") end at done.

import (
	"fmt"
	"sort"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/policies"
)

// versionKirkpatrick guards the steps after done.
const versionKirkpatrick = "kirkpatrick-behaviour"

// When, after the program's end, its reaction links are issued; and when,
// after the behaviour survey opens, the unit is reminded of missing answers.
var (
	ReactionLinksAfter = 3 * 24 * time.Hour
	BehaviourReminders = []time.Duration{14 * 24 * time.Hour, 28 * 24 * time.Hour}
	// ResultsJudgedAfter: level 4 is judged this long after the unit is
	// asked (after its last reminder).
	ResultsJudgedAfter = 35 * 24 * time.Hour
)

// kirkpatrickStep is a moment after the program's end and what happens then.
type kirkpatrickStep struct {
	at   time.Time
	name string
	run  func(ctx workflow.Context, in activities.KirkpatrickInput) error
}

// kirkpatrick waits for each step's moment in time order and runs it. A
// cancellation of the workflow ends it quietly.
func (l *programLife) kirkpatrick(ctx workflow.Context) error {
	var times policies.KirkpatrickTimes
	if err := workflow.ExecuteActivity(withActivities(ctx), a.KirkpatrickTimes, l.in.ProgramID).Get(ctx, &times); err != nil {
		return err
	}
	for _, s := range l.kirkpatrickSteps(times) {
		if err := sleepUntil(ctx, s.at); err != nil {
			return stopped(err)
		}
		in := activities.KirkpatrickInput{PolicyID: l.in.PolicyID, ProgramID: l.in.ProgramID, Title: l.in.Title,
			Key: l.id + "-" + s.name, Link: policyLink(l.in.PolicyID, fmt.Sprintf("/programs/%d/kirkpatrick", l.in.ProgramID))}
		if err := s.run(ctx, in); err != nil {
			return err
		}
	}
	return nil
}

// kirkpatrickSteps are the steps after the end, in time order (a region
// may ask for level 4 before level 3's reminders are over).
func (l *programLife) kirkpatrickSteps(times policies.KirkpatrickTimes) []kirkpatrickStep {
	end := l.in.EndsAt
	behaviour := end.AddDate(0, times.BehaviourMonths, 0)
	steps := []kirkpatrickStep{
		{end.Add(ReactionLinksAfter), "reaction-links", count(a.IssueReactionLinksAfter)},
		{behaviour, "behaviour-links", count(a.IssueBehaviourLinks)},
	}
	for _, d := range BehaviourReminders {
		steps = append(steps, kirkpatrickStep{behaviour.Add(d), fmt.Sprintf("behaviour-reminder-%d", int(d/(24*time.Hour))), count(a.RemindBehaviour)})
	}
	results := end.AddDate(0, times.ResultsMonths, 0)
	steps = append(steps, kirkpatrickStep{behaviour.Add(policies.BehaviourLinkLifetime), "behaviour-judged", l.judge(a.JudgeBehaviour)},
		kirkpatrickStep{results, "results-asked", count(a.AskResults)})
	for _, d := range BehaviourReminders {
		steps = append(steps, kirkpatrickStep{results.Add(d), fmt.Sprintf("results-reminder-%d", int(d/(24*time.Hour))), count(a.RemindResults)})
	}
	steps = append(steps, kirkpatrickStep{results.Add(ResultsJudgedAfter), "results-judged", l.judge(a.JudgeResults)})
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].at.Before(steps[j].at) })
	return steps
}

// judge runs a judging activity and, when it finds the level weak, tells
// the policy's workflow, which opens the revision with the reason.
func (l *programLife) judge(fn any) func(workflow.Context, activities.KirkpatrickInput) error {
	return func(ctx workflow.Context, in activities.KirkpatrickInput) error {
		var j policies.KirkpatrickJudgement
		if err := workflow.ExecuteActivity(withActivities(ctx), fn, in).Get(ctx, &j); err != nil {
			return err
		}
		if j.Weak {
			reportToParent(ctx, l.in.PolicyID, ChildEvent{Kind: EventKirkpatrickWeak, WorkflowID: l.id, Reason: j.Reason})
		}
		return nil
	}
}

// count runs an activity of a step (it answers a count, which the history keeps).
func count(fn any) func(workflow.Context, activities.KirkpatrickInput) error {
	return func(ctx workflow.Context, in activities.KirkpatrickInput) error {
		var n int
		return workflow.ExecuteActivity(withActivities(ctx), fn, in).Get(ctx, &n)
	}
}
