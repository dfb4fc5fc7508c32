package postgres_test

import (
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// VersionsByHash finds every version with that text, in two policies too,
// by policy and number; a hash of no version finds none.
func TestVersionsByHash(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	v1, err := db.VersionByNumber(ctx, f.policyID, 1)
	if err != nil {
		t.Fatal(err)
	}
	md := "# Teks Bersama\n\n## Isi\n\nTeks yang sama di dua kebijakan.\n"
	v2, err := db.CreateVersion(ctx, f.policyID, 1, md, f.users["penyusun"], "teks bersama")
	if err != nil {
		t.Fatal(err)
	}
	other := policyIDBySlug(t, db, "sawahlunto-peningkatan-kapasitas-asn")
	o2, err := db.CreateVersion(ctx, other, 1, md, f.users["penyusun"], "teks bersama")
	if err != nil {
		t.Fatal(err)
	}
	refs, err := db.VersionsByHash(ctx, policies.ContentHash(md))
	if err != nil {
		t.Fatal(err)
	}
	want := []policies.VersionRef{{PolicyID: f.policyID, Number: 2, VersionID: v2.ID}, {PolicyID: other, Number: 2, VersionID: o2.ID}}
	if f.policyID > other {
		want[0], want[1] = want[1], want[0]
	}
	if len(refs) != 2 || refs[0] != want[0] || refs[1] != want[1] {
		t.Errorf("VersionsByHash = %+v, want %+v", refs, want)
	}
	if refs, err := db.VersionsByHash(ctx, v1.SHA256); err != nil || len(refs) != 1 || refs[0].VersionID != v1.ID {
		t.Errorf("VersionsByHash(v1) = %+v, %v", refs, err)
	}
	if refs, err := db.VersionsByHash(ctx, policies.ContentHash("tidak ada")); err != nil || len(refs) != 0 {
		t.Errorf("VersionsByHash(unknown) = %+v, %v; want none", refs, err)
	}
}
