package postgres_test

import (
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// The region's settings are changed by its administrator, audited, and a
// new policy starts with the region's default IKM threshold.
func TestRegionSettings(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	in := policies.RegionSettings{TimeZone: policies.ZoneWITA, JPMinPNS: 24, JPMinPPPK: 16, IKMThresholdDefault: 80.5}
	r, err := f.db.UpdateRegionSettings(ctx, f.regionID, f.users["admin"], in)
	if err != nil {
		t.Fatalf("UpdateRegionSettings: %v", err)
	}
	if r.TimeZone != policies.ZoneWITA || r.JPMinPNS != 24 || r.JPMinPPPK != 16 || r.IKMThresholdDefault != 80.5 {
		t.Errorf("region = %+v", r)
	}
	if a, s, b, af := lastAdminAudit(t, f.db, f.regionID); a != "region.updated" || s == "" || !b || !af {
		t.Errorf("audit = %s %s before %v after %v", a, s, b, af)
	}
	// Bad settings: policies.TestRegionSettingsValidate.

	p, _, err := f.db.CreatePolicy(ctx, policies.NewPolicy{RegionID: f.regionID, OwnerUnitID: f.units["bkpsdm"], Slug: "ambang-wilayah",
		Title: "Ambang wilayah", Markdown: "# Ambang wilayah\n\nIsi.\n", AuthorID: f.users["penyusun"], ChangeSummary: "awal"})
	if err != nil {
		t.Fatal(err)
	}
	var threshold float64
	f.db.SQL().Get(&threshold, `SELECT ikm_threshold::float8 FROM policies WHERE id = $1`, p.ID)
	if threshold != 80.5 {
		t.Errorf("new policy's IKM threshold = %v, want the region's default 80.5", threshold)
	}
}
