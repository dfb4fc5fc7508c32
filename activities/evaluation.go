package activities

import (
	"context"
	"fmt"
	"time"

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
	Kind     policies.NotificationKind
	Subject  string
	Body     string
	Link     string
}

// RemindRounds writes one reminder per unit officer (and, when overdue, per
// unit head) of every unit that has not submitted round n, in one batch.
// It returns the units reminded.
func (a *Activities) RemindRounds(ctx context.Context, in RemindRoundsInput) ([]int64, error) {
	var rounds []policies.EvaluationRound
	var err error
	if in.Overdue {
		rounds, err = a.Store.MarkOverdue(ctx, in.PolicyID, in.Round)
	} else {
		rounds, err = a.Store.PendingRounds(ctx, in.PolicyID, in.Round)
	}
	if err != nil {
		return nil, nonRetryable(err)
	}
	var units []int64
	for _, r := range rounds {
		officers, err := a.Store.UnitOfficers(ctx, r.UnitID)
		if err != nil {
			return nil, nonRetryable(err)
		}
		to := officers
		if in.Overdue {
			head, err := a.Store.UnitHead(ctx, r.UnitID)
			if err != nil {
				return nil, nonRetryable(err)
			}
			to = append(to, head)
		}
		if _, err := a.Notify(ctx, NotifyInput{Key: fmt.Sprintf("%s/unit%d", in.Key, r.UnitID), PolicyID: in.PolicyID,
			UserIDs: to, Kind: in.Kind, Subject: in.Subject, Body: in.Body, Link: in.Link}); err != nil {
			return nil, err
		}
		units = append(units, r.UnitID)
	}
	return units, nil
}
