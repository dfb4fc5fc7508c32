package demo_test

import (
	"testing"

	"github.com/policyflow/policyflow/demo"
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
