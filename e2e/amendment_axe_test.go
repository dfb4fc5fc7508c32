package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
)

// amendedInForce is a new Perwali of Kota Sawahlunto from the template,
// enacted and promulgated (in force), and the seeded draft recorded as
// amending it with three points: ayat (1) of Pasal 2 replaced, Pasal 3A
// inserted, Pasal 4 repealed.
func amendedInForce(t *testing.T, s *site) (target, draft int64) {
	t.Helper()
	ctx := context.Background()
	db := s.st.DB
	author, err := db.UserByEmail(ctx, drafterEmail)
	if err != nil {
		t.Fatal(err)
	}
	region, err := db.RegionBySlug(ctx, "sawahlunto")
	if err != nil {
		t.Fatal(err)
	}
	slug := fmt.Sprintf("uji-perwali-diubah-%d", time.Now().UnixNano()%1000000)
	p, _, err := db.CreatePolicy(ctx, policies.NewPolicy{RegionID: region.ID, OwnerUnitID: *author.UnitID, Slug: slug, Title: "Pengembangan Kompetensi ASN",
		Markdown: policies.PerwaliTemplate(region.Name, ""), AuthorID: author.ID})
	if err != nil {
		t.Fatal(err)
	}
	devtest.ApproveInSQL(t, db, p.ID)
	devtest.InForceInSQL(t, db, p.ID)
	draft = s.policy(t, "sawahlunto-peningkatan-kompetensi-asn").ID
	db.SQL().MustExec(`INSERT INTO policy_relations (region_id, from_policy_id, to_policy_id, kind, created_by) VALUES ($1, $2, $3, 'mengubah', $4)`,
		region.ID, draft, p.ID, author.ID)
	db.SQL().MustExec(`INSERT INTO amendment_instructions (region_id, policy_id, target_policy_id, position, op, pasal, ayat, after_pasal, body, created_by) VALUES
		($1, $2, $3, 1, 'ubah', '2', 1, '', 'Setiap Pegawai ASN berhak dan wajib mendapatkan pengembangan kompetensi.', $4),
		($1, $2, $3, 2, 'sisipkan', '3A', 0, '3', 'Perangkat daerah melaporkan pelaksanaan rencana setiap semester.', $4),
		($1, $2, $3, 3, 'hapus', '4', 0, '', '', $4)`, region.ID, draft, p.ID, author.ID)
	return p.ID, draft
}

// TestAxeAmendmentPage runs axe-core, in both languages, on the drafter's
// page of an amending draft's points (each with its diff, the form of a
// new point and the amending act made from them) and, signed out, on the
// amended Perwali's consolidated text once the amendment is in force: its
// banner, date picker and the table of provisions changed.
func TestAxeAmendmentPage(t *testing.T) {
	s := newSite(t)
	target, draft := amendedInForce(t, s)
	browser := newBrowser(t, 3*time.Minute)
	drafter := s.signedIn(t, browser, drafterEmail, "/dashboard")
	drafter.axeOpenBoth(fmt.Sprintf("/policies/%d/amendment", draft), "#point-3 .point-diff", "amendment points")
	// The amendment enacted and promulgated: in force.
	devtest.ApproveInSQL(t, s.st.DB, draft)
	devtest.InForceInSQL(t, s.st.DB, draft)
	resident := s.person(t, browser)
	for _, lang := range []string{"id", "en"} {
		resident.axeOpen(withLang(fmt.Sprintf("/policies/%d/konsolidasi", target), lang), 200, "#consol-banner", "consolidated text ["+lang+"]")
		resident.axeOpen(withLang(fmt.Sprintf("/policies/%d/konsolidasi?per=2020-01-01", target), lang), 200, "#consol-not-yet", "consolidated text before it was in force ["+lang+"]")
	}
}
