package activities

import (
	"context"
	"fmt"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/policyflow/policyflow/policies"
)

// RoundsInput names round n of a policy's evaluation.
type RoundsInput struct {
	PolicyID int64
	Number   int
	DueAt    time.Time
	UnitIDs  []int64
}

// CreateRounds opens round n for each unit, once.
func (a *Activities) CreateRounds(ctx context.Context, in RoundsInput) ([]policies.EvaluationRound, error) {
	rs, err := a.Store.CreateRounds(ctx, in.PolicyID, in.Number, in.DueAt, in.UnitIDs)
	return rs, nonRetryable(err)
}

// RecordResultInput is a unit's result for a round.
type RecordResultInput struct {
	PolicyID, UnitID int64
	Round            int
	Result           policies.EvaluationResult
	Key              string
}

// RecordResult stores a unit's result once per key.
func (a *Activities) RecordResult(ctx context.Context, in RecordResultInput) (policies.EvaluationResult, error) {
	r, err := a.Store.RecordResult(ctx, in.PolicyID, in.UnitID, in.Round, in.Result, in.Key)
	return r, nonRetryable(err)
}

// RemindRoundsInput reminds the units whose round n is still open.
type RemindRoundsInput struct {
	PolicyID int64
	Round    int
	Key      string // per reminder: each unit and person gets it once
	Overdue  bool   // mark the open rounds overdue and escalate to the unit heads
	// Silent marks the open rounds overdue without telling anyone: the
	// round fell due before the policy's implementation was recorded.
	Silent  bool `json:",omitempty"`
	Kind    policies.NotificationKind
	Subject string // in Indonesian: what is read when Message has no key
	Body    string
	// Message is the reminder as a key of the notices catalogue: each
	// recipient reads it in their language.
	Message policies.Message `json:",omitzero"`
	Link    string
}

// RemindRounds writes one reminder per unit officer (and, when overdue, per
// unit head) of every unit that has not submitted round n, in one batch.
// A unit with no officer is reminded through its head; with no head either,
// through the drafters of the policy's owner unit (who asked for the
// evaluation), and a warning is logged: a reminder never silently reaches
// nobody. It returns the units reminded.
func (a *Activities) RemindRounds(ctx context.Context, in RemindRoundsInput) ([]int64, error) {
	var rounds []policies.EvaluationRound
	var err error
	if in.Overdue {
		rounds, err = a.Store.MarkOverdue(ctx, in.PolicyID, in.Round)
	} else {
		rounds, err = a.Store.PendingRounds(ctx, in.PolicyID, in.Round)
	}
	if err != nil || in.Silent {
		return nil, nonRetryable(err)
	}
	// The units' officers and heads in one read, every reminder in one
	// write: a thousand units due at one moment are two statements.
	ids := make([]int64, 0, len(rounds))
	for _, r := range rounds {
		ids = append(ids, r.UnitID)
	}
	contacts, err := a.Store.UnitContacts(ctx, ids)
	if err != nil {
		return nil, nonRetryable(err)
	}
	var units []int64
	var people []int64
	tos := make([][]int64, len(rounds))
	for i, r := range rounds {
		if tos[i], err = a.roundRecipients(ctx, in, r.UnitID, contacts[r.UnitID]); err != nil {
			return nil, err
		}
		people = append(people, tos[i]...)
	}
	langs, err := a.langs(ctx, in.Message, people)
	if err != nil {
		return nil, nonRetryable(err)
	}
	var msgs []policies.Notification
	for i, r := range rounds {
		msgs = NotifyInput{Key: fmt.Sprintf("%s/unit%d", in.Key, r.UnitID), PolicyID: in.PolicyID, UserIDs: tos[i], Kind: in.Kind,
			Subject: in.Subject, Body: in.Body, Message: in.Message, Link: in.Link}.messages(msgs, langs)
		units = append(units, r.UnitID)
	}
	if _, err := a.Store.EnqueueNotifications(ctx, msgs); err != nil {
		return nil, nonRetryable(err)
	}
	return units, nil
}

// roundRecipients are who hear of a unit's open round: its officers (and,
// overdue, its head); the head when it has no officer; the drafters of the
// policy's owner unit when it has neither.
func (a *Activities) roundRecipients(ctx context.Context, in RemindRoundsInput, unitID int64, c policies.UnitContacts) ([]int64, error) {
	officers, head := c.Officers, c.Head
	to := officers
	if head != 0 && (in.Overdue || len(officers) == 0) {
		to = append(to, head)
	}
	if len(officers) == 0 {
		log := activity.GetLogger(ctx)
		if head != 0 {
			log.Warn("unit has no officer: evaluation reminder sent to its head", "policy", in.PolicyID, "unit", unitID, "round", in.Round)
			return to, nil
		}
		f, err := a.Store.PolicyFacts(ctx, in.PolicyID)
		if err != nil {
			return nil, nonRetryable(err)
		}
		drafters, err := a.Store.UsersByRole(ctx, f.RegionID, policies.RoleDrafter)
		if err != nil {
			return nil, nonRetryable(err)
		}
		for _, d := range drafters {
			if d.UnitID != nil && *d.UnitID == f.OwnerUnitID {
				to = append(to, d.ID)
			}
		}
		if len(to) == 0 {
			log.Warn("unit has no officer, no head and its policy no drafter: evaluation reminder reaches nobody", "policy", in.PolicyID, "unit", unitID, "round", in.Round)
		} else {
			log.Warn("unit has no officer nor head: evaluation reminder sent to the policy's drafters", "policy", in.PolicyID, "unit", unitID, "round", in.Round)
		}
	}
	return to, nil
}
