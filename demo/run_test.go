package demo_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/policyflow/policyflow/demo"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// make dev's sample data walks: the policies it implements were enacted
// and promulgated first (implementation starts only from a policy in
// force), and are being implemented.
func TestDemoWalks(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	db, c := stack.OnDefaultNamespace(ctx, t)
	res, err := demo.Run(ctx, db, &workflows.Client{Temporal: c, Runs: db}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil || res.Walked == 0 {
		t.Fatalf("demo.Run = %+v, %v", res, err)
	}
	for _, slug := range []string{demo.SlugImplementing, demo.SlugEvaluated} {
		var row struct {
			Status      policies.Status `db:"status"`
			Promulgated bool            `db:"promulgated"`
		}
		if err := db.SQL().GetContext(ctx, &row, `SELECT p.status, EXISTS (SELECT 1 FROM enactments e WHERE e.policy_id = p.id
			AND e.promulgated_on IS NOT NULL) AS promulgated FROM policies p WHERE p.slug = $1`, slug); err != nil {
			t.Fatal(err)
		}
		if !row.Promulgated || row.Status == policies.StatusApproved {
			t.Errorf("%s: %+v, want promulgated and past approval", slug, row)
		}
	}
}
