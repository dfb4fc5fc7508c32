package demo_test

import (
	"testing"
	"time"

	"github.com/policyflow/policyflow/demo"
	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
)

// Every seeded city gets a sample plan once: AKPK needs per unit, an item
// per need, and an item realised by each of its programs.
func TestSeedPlans(t *testing.T) {
	ctx := t.Context()
	db := devtest.Seeded(t)
	rg, err := db.RegionBySlug(ctx, "bukittinggi")
	if err != nil {
		t.Fatal(err)
	}
	var program int64
	if err := db.SQL().GetContext(ctx, &program, `INSERT INTO programs (policy_id, unit_id, kind, title, starts_on, ends_on, jp, target_participants)
		SELECT p.id, u.id, 'pelatihan', 'Pelatihan contoh', '2026-02-02', '2026-02-04', 24, 20 FROM policies p JOIN units u ON u.region_id = p.region_id
		WHERE p.region_id = $1 ORDER BY p.id, u.id LIMIT 1 RETURNING id`, rg.ID); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	n, err := demo.SeedPlans(ctx, db, now)
	if err != nil || n < 3 {
		t.Fatalf("SeedPlans = %d, %v; want every sample city", n, err)
	}
	needs, err := db.PlanNeeds(ctx, rg.ID, policies.PlanFilter{Year: 2026})
	if err != nil || len(needs) == 0 {
		t.Fatalf("Bukittinggi's needs: %d, %v", len(needs), err)
	}
	items, err := db.PlanItems(ctx, rg.ID, policies.PlanFilter{Year: 2026})
	if err != nil || len(items) != len(needs)+1 {
		t.Fatalf("Bukittinggi's items: %d (%v), want %d", len(items), err, len(needs)+1)
	}
	realised := 0
	for _, it := range items {
		for _, p := range it.Programs {
			if p.ProgramID == program {
				realised++
			}
		}
	}
	if realised != 1 {
		t.Errorf("the city's program realises %d items, want 1", realised)
	}
	if again, err := demo.SeedPlans(ctx, db, now); err != nil || again != 0 {
		t.Errorf("a second run seeded %d (%v), want none", again, err)
	}
}
