package devtest

import (
	"context"
	"testing"
	"time"

	"github.com/policyflow/policyflow/postgres"
)

// SeededDB opens the database at url, migrates and seeds it; it is closed
// when the test ends.
func SeededDB(t testing.TB, url string) *postgres.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := postgres.Open(ctx, url, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Seed(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// Delivery is an outbox row's delivery columns.
type Delivery struct {
	ID             int64      `db:"id"`
	Attempts       int        `db:"attempts"`
	NextAttemptAt  time.Time  `db:"next_attempt_at"`
	LastError      *string    `db:"last_error"`
	EmailedAt      *time.Time `db:"emailed_at"`
	EmailRefusedAt *time.Time `db:"email_refused_at"`
	WebhookAt      *time.Time `db:"webhook_at"`
	DeliveredAt    *time.Time `db:"delivered_at"`
	DigestID       *int64     `db:"digest_id"`
}

// DeliveryOf returns an outbox row's delivery state.
func DeliveryOf(ctx context.Context, db *postgres.DB, id int64) (Delivery, error) {
	var st Delivery
	err := db.SQL().GetContext(ctx, &st, `SELECT id, attempts, next_attempt_at, last_error, emailed_at, email_refused_at, webhook_at,
		delivered_at, digest_id FROM notifications WHERE id = $1`, id)
	return st, err
}
