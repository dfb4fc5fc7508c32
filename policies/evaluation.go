package policies

import (
	"context"
	"time"
)

// EvaluationRound is one scheduled evaluation of a policy by one responsible unit.
type EvaluationRound struct {
	ID        int64     `db:"id" json:"id"`
	PolicyID  int64     `db:"policy_id" json:"policy_id"`
	UnitID    int64     `db:"unit_id" json:"unit_id"`
	Number    int       `db:"number" json:"number"`
	DueAt     time.Time `db:"due_at" json:"due_at"`
	Status    string    `db:"status" json:"status"` // pending, submitted, overdue
	CreatedAt time.Time `db:"created_at" json:"created_at"`
}

// EvaluationResult is what a unit reported for a round with one instrument.
type EvaluationResult struct {
	ID          int64   `db:"id" json:"id"`
	RoundID     int64   `db:"round_id" json:"round_id"`
	Instrument  string  `db:"instrument" json:"instrument"` // skm, kirkpatrick
	Data        []byte  `db:"data" json:"data"`             // JSON of the instrument's answers
	Score       float64 `db:"score" json:"score"`
	SubmittedBy int64   `db:"submitted_by" json:"submitted_by"`
	// Population is the unit's service population in the period, as
	// entered with an SKM (nil: none entered).
	Population *int `db:"population" json:"population,omitempty"`
	// Profile is the respondents' profile, counts only (SKM; nil: none).
	Profile   []byte    `db:"profile" json:"profile,omitempty"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
}

// EvaluationRow is one unit's round of a policy's evaluation, with its results.
type EvaluationRow struct {
	Round       int       `db:"number" json:"round"`
	UnitID      int64     `db:"unit_id" json:"unit_id"`
	UnitName    string    `db:"unit_name" json:"unit_name"`
	DueAt       time.Time `db:"due_at" json:"due_at"`
	Status      string    `db:"status" json:"status"`
	SKM         *float64  `db:"skm" json:"ikm,omitempty"`
	Kirkpatrick *float64  `db:"kirkpatrick" json:"kirkpatrick,omitempty"`
}

// RoundDue is an open evaluation round of a unit, for its officer's dashboard.
type RoundDue struct {
	EvaluationRound
	PolicyTitle string `db:"policy_title" json:"policy_title"`
}

// EvaluationStore keeps a policy's evaluation plan and reads its rounds per
// unit and their results.
type EvaluationStore interface {
	EvaluationPlan(ctx context.Context, policyID int64) (months int, ikmThreshold float64, err error)
	SetEvaluationPlan(ctx context.Context, policyID int64, months int, ikmThreshold float64, actorID int64) error
	PendingRounds(ctx context.Context, policyID int64, n int) ([]EvaluationRound, error) // not yet submitted
	EvaluationRows(ctx context.Context, policyID int64) ([]EvaluationRow, error)         // by round, then unit name
	RoundsDue(ctx context.Context, unitID int64) ([]RoundDue, error)                     // pending or overdue
	SKMStore
}

// RoundRecorder creates evaluation rounds, marks them overdue and records
// their results. Only activities hold this: the evaluation schedule's
// workflow writes them, so no interface of the web layer includes it.
type RoundRecorder interface {
	CreateRounds(ctx context.Context, policyID int64, n int, due time.Time, unitIDs []int64) ([]EvaluationRound, error) // once
	// MarkOverdue marks round n's unsubmitted rounds overdue and returns
	// them (all of them again on a retry).
	MarkOverdue(ctx context.Context, policyID int64, n int) ([]EvaluationRound, error)
	// RecordResult stores a unit's result for round n once per key and
	// marks the round submitted.
	RecordResult(ctx context.Context, policyID, unitID int64, n int, r EvaluationResult, key string) (EvaluationResult, error)
}
