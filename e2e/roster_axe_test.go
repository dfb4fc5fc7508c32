package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/policyflow/policyflow/demo"
)

// TestAxeRosterPages runs axe-core, in both languages, on the roster pages:
// the drafter's roster with its forms, a person's correction form, an
// import's preview and a refused file's lines, the JP ledger over the
// roster, and the unit officer's roster.
func TestAxeRosterPages(t *testing.T) {
	s := newSite(t)
	if _, err := demo.SeedRosters(t.Context(), s.st.DB); err != nil {
		t.Fatal(err)
	}
	var people []struct {
		ID   int64  `db:"id"`
		NIP  string `db:"nip"`
		Name string `db:"name"`
		Kind string `db:"kind"`
		Unit string `db:"code"`
	}
	if err := s.st.DB.SQL().Select(&people, `SELECT a.id, a.nip, a.name, a.kind, u.code FROM asn_roster a JOIN units u ON u.id = a.unit_id
		JOIN regions r ON r.id = a.region_id WHERE r.slug = 'sawahlunto' ORDER BY a.id`); err != nil || len(people) < 3 {
		t.Fatalf("the sample roster: %v (%d people)", err, len(people))
	}
	// A re-import: the first person moved, the second missing, one new.
	var b strings.Builder
	b.WriteString("NIP;Nama;Jenis ASN;Unit\n")
	for i, p := range people {
		switch i {
		case 0:
			unit := people[2].Unit
			if unit == p.Unit {
				unit = people[1].Unit
			}
			fmt.Fprintf(&b, "%s;%s;%s;%s\n", p.NIP, p.Name, p.Kind, unit)
		case 1:
		default:
			fmt.Fprintf(&b, "%s;%s;%s;%s\n", p.NIP, p.Name, p.Kind, p.Unit)
		}
	}
	fmt.Fprintf(&b, "199312282025212001;Sari Baru;PPPK;%s\n", people[0].Unit)
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "asn.csv"), filepath.Join(dir, "asn-salah.csv")
	if err := os.WriteFile(good, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(b.String()+"123;Pendek;PNS;dinas-rahasia\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	dina, officer := s.drafterAndOfficer(t, 6*time.Minute, "/roster")
	for _, lang := range []string{"id", "en"} {
		dina.axeOpen(withLang("/roster", lang), 200, "#roster-add", "drafter /roster ["+lang+"]")
		dina.axeOpen(withLang(fmt.Sprintf("/roster/%d", people[0].ID), lang), 200, "#roster-person", "drafter /roster/{id} ["+lang+"]")
		dina.axeOpen(withLang("/ledger", lang), 200, "#ledger", "drafter /ledger ["+lang+"]")
		officer.axeOpen(withLang("/roster", lang), 200, "#roster", "unit officer /roster ["+lang+"]")

		dina.axeOpen(withLang("/roster", lang), 200, "#roster-import", "drafter /roster before an import ["+lang+"]")
		// The refused file answers 422 with the roster page and its lines.
		dina.axeRefusedFile("file", bad, chromedp.Click(chromedp.ID("roster-preview-btn")), "refused roster file ["+lang+"]")
		dina.do("choose the good file", chromedp.SetUploadFiles(chromedp.ID("file"), []string{good}))
		dina.load("preview it", chromedp.Click(chromedp.ID("roster-preview-btn")))
		if !dina.exists("#preview-changes") {
			t.Fatalf("the preview shows no changes: %.300s", dina.textOr("main", ""))
		}
		axeCheck(t, dina.ctx, "roster import preview ["+lang+"]")
	}
}
