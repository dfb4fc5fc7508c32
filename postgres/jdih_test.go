package postgres_test

import (
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
)

// enactInSQL makes a policy approved with its current version in force,
// and records its enactment (devtest.EnactInSQL).
func enactInSQL(t *testing.T, db *postgres.DB, policyID int64, number int, enactedOn string, gazette int) {
	t.Helper()
	devtest.ApproveInSQL(t, db, policyID)
	devtest.EnactInSQL(t, db, policyID, number, enactedOn, gazette)
}

// Relations are between policies of one region, recorded once per kind,
// listed on both policies; metadata default from the enactment and the
// region until the legal unit edits them; a policy repealed by one in
// force reads "Dicabut" (not before the repealing one is promulgated).
func TestJDIHRelationsAndMetadata(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	admin := f.users["admin"]
	older := f.policyID // amended, then repealed
	newer := policyIDBySlug(t, db, "sawahlunto-pengelolaan-kompetensi-asn")
	third := policyIDBySlug(t, db, "sawahlunto-peningkatan-kapasitas-asn")
	other := policyIDBySlug(t, db, "pangkalpinang-pengembangan-kompetensi-asn")
	var otherRegion int64
	db.SQL().Get(&otherRegion, `SELECT region_id FROM policies WHERE id = $1`, other)

	// Another region's policy is no target, and no source for this region.
	_, err := db.AddRelation(ctx, f.regionID, admin, newer, policies.RelationInput{ToPolicyID: other, Kind: policies.RelAmends})
	wantKind(t, err, policies.KindInvalid)
	if fieldOf(err) != "to_policy_id" {
		t.Errorf("another region's target: field %q, want to_policy_id", fieldOf(err))
	}
	_, err = db.AddRelation(ctx, otherRegion, admin, newer, policies.RelationInput{ToPolicyID: other, Kind: policies.RelAmends})
	wantKind(t, err, policies.KindNotFound)
	_, err = db.AddRelation(ctx, f.regionID, admin, newer, policies.RelationInput{ToPolicyID: newer, Kind: policies.RelAmends})
	wantKind(t, err, policies.KindInvalid)
	// An unknown kind: policies.TestRelationInputValidate.
	if n := countRows(t, db, "policy_relations"); n != 0 {
		t.Fatalf("refused relations left %d rows", n)
	}

	rel, err := db.AddRelation(ctx, f.regionID, admin, newer, policies.RelationInput{ToPolicyID: older, Kind: policies.RelAmends})
	if err != nil {
		t.Fatal(err)
	}
	if rel.FromPolicyID != newer || rel.ToPolicyID != older || rel.Kind != policies.RelAmends || rel.ToTitle == "" || rel.FromEnacted {
		t.Errorf("relation %+v", rel)
	}
	_, err = db.AddRelation(ctx, f.regionID, admin, newer, policies.RelationInput{ToPolicyID: older, Kind: policies.RelAmends})
	wantKind(t, err, policies.KindConflict)
	for _, id := range []int64{newer, older} {
		rs, err := db.Relations(ctx, id)
		if err != nil || len(rs) != 1 || rs[0].ID != rel.ID {
			t.Errorf("relations of %d: %+v %v, want the one relation", id, rs, err)
		}
	}
	if rs, _ := db.Relations(ctx, third); len(rs) != 0 {
		t.Errorf("relations of an unrelated policy: %+v", rs)
	}

	// Not enacted: no metadata, nothing to save.
	_, err = db.JDIHMetadata(ctx, older)
	wantKind(t, err, policies.KindNotFound)
	_, err = db.SaveJDIHMetadata(ctx, f.regionID, admin, older, policies.JDIHDefaults("Kota Sawahlunto", "x", nil, nil))
	wantKind(t, err, policies.KindConflict)

	// Enacted and promulgated: the defaults.
	enactInSQL(t, db, older, 3, "2026-02-10", 12)
	m, err := db.JDIHMetadata(ctx, older)
	if err != nil {
		t.Fatal(err)
	}
	if m.Label != "Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026" || m.Jenis != "Peraturan Wali Kota" || m.SingkatanJenis != "Perwali" ||
		m.Nomor != 3 || m.Tahun != 2026 || m.TanggalPenetapan != "2026-02-10" || m.TanggalPengundangan != "2026-02-11" || m.TempatPenetapan != "Sawahlunto" {
		t.Errorf("derived metadata: %+v", m)
	}
	if m.TEUBadan != "Kota Sawahlunto" || m.Lokasi != "Kota Sawahlunto" || m.Bahasa != "Indonesia" || m.BidangHukum != "Hukum Administrasi Negara" ||
		m.Sumber != "BD Kota Sawahlunto Tahun 2026 No. 12" || m.Status != "Berlaku" || m.Subjek == "" || m.Edited || m.Penandatangan == "" {
		t.Errorf("default metadata: %+v", m)
	}
	// The amending policy is not enacted yet: the older one is not "Diubah".
	if m.Amended {
		t.Errorf("amended by a policy not enacted")
	}

	// Edited: kept (an unknown status: policies.TestJDIHInputValidate).
	in := m.JDIHInput
	in.Subjek, in.Abstrak, in.Status = "KEPEGAWAIAN - PENGEMBANGAN KOMPETENSI", "Abstrak uji.", "Berlaku"
	saved, err := db.SaveJDIHMetadata(ctx, f.regionID, admin, older, in)
	if err != nil || !saved.Edited || saved.Subjek != in.Subjek || saved.Abstrak != in.Abstrak {
		t.Fatalf("saved %+v %v", saved, err)
	}
	_, err = db.SaveJDIHMetadata(ctx, otherRegion, admin, older, in)
	wantKind(t, err, policies.KindConflict) // not an enacted policy of that region

	// Repealed by an enacted policy: "Dicabut" whatever was edited.
	if _, err := db.AddRelation(ctx, f.regionID, admin, third, policies.RelationInput{ToPolicyID: older, Kind: policies.RelRepeals}); err != nil {
		t.Fatal(err)
	}
	if m, _ := db.JDIHMetadata(ctx, older); m.Status != "Berlaku" || m.Repealed {
		t.Errorf("repealed by a policy not enacted: %s", m.Status)
	}
	// Enacted, not promulgated: the repealing Perwali is not in force, so
	// it repeals nothing yet (UU 12/2011 Pasal 87); nor while the day it
	// sets for taking effect is still ahead.
	enactInSQL(t, db, third, 4, "2026-03-01", 0)
	if m, _ := db.JDIHMetadata(ctx, older); m.Repealed || m.EffectiveStatus() != "Berlaku" || m.FeedStatus() != "Berlaku" {
		t.Errorf("repealed by a Perwali enacted but not promulgated: %s, feed %s", m.EffectiveStatus(), m.FeedStatus())
	}
	devtest.PromulgateInSQL(t, db, third, 13)
	m, err = db.JDIHMetadata(ctx, older)
	if err != nil || m.Status != "Dicabut" || !m.Repealed || m.FeedStatus() != "Tidak Berlaku" {
		t.Errorf("repealed: status %q feed %q %v", m.Status, m.FeedStatus(), err)
	}
	rs, _ := db.Relations(ctx, older)
	if len(rs) != 2 || rs[1].FromLabel != "Peraturan Wali Kota Sawahlunto Nomor 4 Tahun 2026" || rs[1].ToLabel != "Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026" {
		t.Errorf("relations with labels: %+v", rs)
	}

	// The public list: newest enactment first, filtered.
	list, total, err := db.ProdukHukum(ctx, policies.ProdukHukumFilter{Statuses: []policies.Status{policies.StatusApproved}})
	if err != nil || total != 2 || len(list) != 2 || list[0].PolicyID != third || list[1].PolicyID != older {
		t.Errorf("produk hukum: %d %v", total, err)
	}
	if _, total, _ := db.ProdukHukum(ctx, policies.ProdukHukumFilter{RegionID: otherRegion}); total != 0 {
		t.Errorf("another region's list: %d", total)
	}
	if _, total, _ := db.ProdukHukum(ctx, policies.ProdukHukumFilter{Year: 2025}); total != 0 {
		t.Errorf("2025's list: %d", total)
	}
	if _, total, _ := db.ProdukHukum(ctx, policies.ProdukHukumFilter{Form: policies.FormKepwali}); total != 0 {
		t.Errorf("the Keputusan list: %d", total)
	}
	if list, total, _ := db.ProdukHukum(ctx, policies.ProdukHukumFilter{Limit: 1, Offset: 5}); total != 2 || len(list) != 0 {
		t.Errorf("past the last page: %d %d", len(list), total)
	}

	// The amending Perwali, promulgated but taking effect in 30 days, does
	// not amend yet.
	devtest.ApproveInSQL(t, db, newer)
	devtest.EnactEffectiveInSQL(t, db, newer, 5, "2026-03-02", time.Now().AddDate(0, 0, 30).Format(time.DateOnly), 14)
	if m, _ := db.JDIHMetadata(ctx, older); m.Amended {
		t.Errorf("amended by a Perwali that takes effect in 30 days")
	}

	// Removing: only from a policy it involves, in the region.
	wantKind(t, db.DeleteRelation(ctx, f.regionID, admin, newer+1000000, rel.ID), policies.KindNotFound)
	wantKind(t, db.DeleteRelation(ctx, otherRegion, admin, newer, rel.ID), policies.KindNotFound)
	if err := db.DeleteRelation(ctx, f.regionID, admin, older, rel.ID); err != nil {
		t.Fatal(err)
	}
	// Adding and removing a relation is in both policies' history (the older
	// one was amended, then repealed), and the
	// metadata's saves in the product's.
	for _, c := range []struct {
		policy int64
		action string
		want   int
	}{{newer, "relation.added", 1}, {older, "relation.added", 2}, {newer, "relation.removed", 1}, {older, "relation.removed", 1}, {older, "jdih.saved", 1}} {
		var n int
		db.SQL().Get(&n, `SELECT count(*) FROM audit_log WHERE policy_id = $1 AND action = $2`, c.policy, c.action)
		if n != c.want {
			t.Errorf("policy %d has %d %s audit entries, want %d", c.policy, n, c.action, c.want)
		}
	}
	if rs, _ := db.Relations(ctx, newer); len(rs) != 0 {
		t.Errorf("after removal: %+v", rs)
	}
}
