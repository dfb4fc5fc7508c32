package demo_test

import (
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/demo"
	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
)

func TestMain(m *testing.M) { devtest.Main(m) }

// Every seeded city gets a sample roster of PNS and PPPK, once.
func TestSeedRosters(t *testing.T) {
	ctx := t.Context()
	db := devtest.Seeded(t)
	n, err := demo.SeedRosters(ctx, db)
	if err != nil || n < 3 {
		t.Fatalf("SeedRosters = %d, %v; want every sample city", n, err)
	}
	rg, err := db.RegionBySlug(ctx, "bukittinggi")
	if err != nil {
		t.Fatal(err)
	}
	ps, err := db.Roster(ctx, rg.ID, policies.RosterFilter{ActiveOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[policies.ASNKind]int{}
	for _, p := range ps {
		kinds[p.Kind]++
	}
	if len(ps) < 16 || kinds[policies.ASNPPPK] == 0 || kinds[policies.ASNPNS] == 0 {
		t.Errorf("Bukittinggi's roster: %d people, %v", len(ps), kinds)
	}
	if again, err := demo.SeedRosters(ctx, db); err != nil || again != 0 {
		t.Errorf("a second run seeded %d (%v), want none", again, err)
	}
}

// Every seeded city gets a few non-classical learning activities this
// year, once, and the ledger counts them; the sample roster carries
// emails, not for everyone.
func TestSeedLearningAndEmails(t *testing.T) {
	ctx := t.Context()
	db := devtest.Seeded(t)
	if _, err := demo.SeedRosters(ctx, db); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 20, 1, 0, 0, 0, time.UTC) // 20 January: the later activities are held today
	n, err := demo.SeedLearning(ctx, db, now)
	if err != nil || n < 3 {
		t.Fatalf("SeedLearning = %d, %v; want every sample city", n, err)
	}
	rg, err := db.RegionBySlug(ctx, "bukittinggi")
	if err != nil {
		t.Fatal(err)
	}
	acts, err := db.LearningActivities(ctx, rg.ID, 2026)
	if err != nil || len(acts) != 4 {
		t.Fatalf("Bukittinggi's learning: %d, %v", len(acts), err)
	}
	for _, a := range acts {
		if a.HeldOn.After(time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("an activity held after the demo's today: %+v", a)
		}
	}
	src, err := db.JPLedger(ctx, rg.ID, 2026, now)
	if err != nil {
		t.Fatal(err)
	}
	in := evaluation.LedgerInputOf(2026, now, map[policies.ASNKind]evaluation.JPRule{policies.ASNPNS: {Minimum: 20}}, src)
	learnt := 0
	for _, r := range evaluation.Ledger(in) {
		learnt += r.JP
	}
	if learnt != 4+2+3+5 { // 180, 90, 135 and 240 minutes at 45 minutes a JP, rounded down
		t.Errorf("the ledger counts %d JP of learning, want 14", learnt)
	}
	if again, err := demo.SeedLearning(ctx, db, now); err != nil || again != 0 {
		t.Errorf("a second run seeded %d (%v), want none", again, err)
	}
	ps, err := db.Roster(ctx, rg.ID, policies.RosterFilter{ActiveOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	with := 0
	for _, p := range ps {
		if p.Email != "" {
			with++
			if !strings.HasSuffix(p.Email, ".bukittinggi@policyflow.test") {
				t.Errorf("a sample email: %q", p.Email)
			}
		}
	}
	if with == 0 || with == len(ps) {
		t.Errorf("%d of %d sample people have an email, want some but not all", with, len(ps))
	}
}
