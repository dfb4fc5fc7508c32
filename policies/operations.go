package policies

import (
	"context"
	"time"
)

// The region administrator's operations console (server/operations.go):
// what the lifecycle's workflows wait for, and the notifications the
// outbox has not managed to deliver.

// LivePolicy is a policy whose workflow has something under way: in
// consultation, in approval, approved and waiting for its legal steps,
// implemented, evaluated or in revision.
type LivePolicy struct {
	ID     int64  `db:"id" json:"id"`
	Slug   string `db:"slug" json:"slug"`
	Title  string `db:"title" json:"title"`
	Status Status `db:"status" json:"status"`
}

// DeliveryProblem is a notification to a person of the region that the
// outbox has failed to deliver and still retries (with backoff), whose
// email the mail server refused for good, or whose retries an
// administrator stopped (these two for 30 days).
type DeliveryProblem struct {
	ID          int64     `db:"id" json:"id"`
	Subject     string    `db:"subject" json:"subject"`
	Recipient   string    `db:"recipient" json:"recipient"` // the person's name
	Email       string    `db:"email" json:"email"`
	Attempts    int       `db:"attempts" json:"attempts"`
	LastError   string    `db:"last_error" json:"last_error"`
	NextAttempt time.Time `db:"next_attempt_at" json:"next_attempt_at"`
	// Refused: the mail server refused the address for good (not retried).
	Refused bool `db:"refused" json:"refused"`
	// Discarded: an administrator stopped its retries.
	Discarded bool      `db:"discarded" json:"discarded"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
	// Claimed: a deliverer holds the row right now (ClaimedBy, until
	// ClaimedUntil): it is being sent, and nobody else may touch it.
	Claimed      bool       `db:"claimed" json:"claimed"`
	ClaimedBy    string     `db:"claimed_by" json:"claimed_by,omitempty"`
	ClaimedUntil *time.Time `db:"claimed_until" json:"claimed_until,omitempty"`
}

// Retryable reports whether an administrator may move the delivery's next
// attempt to now: it failed, is still retried, and no deliverer holds it.
func (p DeliveryProblem) Retryable() bool {
	return p.Attempts > 0 && !p.Refused && !p.Discarded && !p.Claimed
}

// AwaitedApprover is an approver an approval stage waits for, as the
// console judges whether the stage can still reach its quorum.
type AwaitedApprover struct {
	ID            int64      `db:"id" json:"id"`
	Name          string     `db:"name" json:"name"`
	Title         string     `db:"title" json:"title"` // jabatan
	DeactivatedAt *time.Time `db:"deactivated_at" json:"deactivated_at,omitempty"`
	// Acting is the active acting official (Plt./Plh.) whose appointment
	// for this approver covers the day asked; "" for none.
	Acting string `db:"acting" json:"acting,omitempty"`
}

// OperationsStore reads what the console shows and stops a delivery.
type OperationsStore interface {
	// LivePolicies are the region's policies with a lifecycle under way.
	LivePolicies(ctx context.Context, regionID int64) ([]LivePolicy, error)
	// DeliveryProblems are the region's failing and refused deliveries,
	// oldest first.
	DeliveryProblems(ctx context.Context, regionID int64) ([]DeliveryProblem, error)
	// DiscardDelivery stops the retries of a failing delivery to a person
	// of the region (the inbox keeps the notice), audited. NotFound for
	// another region's; Conflict when it is no longer failing.
	DiscardDelivery(ctx context.Context, regionID, actorID, id int64) (DeliveryProblem, error)
	// AwaitedApprovers reads the region's people among ids, with whether
	// they are deactivated and who acts for them on day (a date in the
	// region's zone).
	AwaitedApprovers(ctx context.Context, regionID int64, ids []int64, day time.Time) ([]AwaitedApprover, error)
	// RetryDelivery makes a failing delivery to a person of the region due
	// at once and wakes the deliverers, audited. NotFound for another
	// region's; Conflict, saying why, when a deliverer holds it, the mail
	// server refused it, its retries were stopped, or it was delivered.
	RetryDelivery(ctx context.Context, regionID, actorID, id int64) (DeliveryProblem, error)
}
