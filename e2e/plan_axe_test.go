package e2e

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/policyflow/policyflow/demo"
)

// TestAxePlanPages runs axe-core, in both languages, on the yearly plan
// (the drafter's, with its forms and a refused AKPK file's lines, and the
// unit officer's) and on the SIASN export page (a trainee to verify, the
// drafter's export and batches).
func TestAxePlanPages(t *testing.T) {
	s := newSite(t)
	now := time.Now()
	if _, err := demo.SeedPlans(t.Context(), s.st.DB, now); err != nil {
		t.Fatal(err)
	}
	db := s.st.DB.SQL()
	var program int64
	if err := db.Get(&program, `INSERT INTO programs (policy_id, unit_id, kind, title, partner, starts_on, ends_on, jp)
		SELECT p.id, u.unit_id, 'pelatihan', 'Pelatihan arsip', 'LAN RI', current_date - 3, current_date - 1, 16
		FROM policies p JOIN users u ON u.region_id = p.region_id WHERE u.email = $1 ORDER BY p.id LIMIT 1 RETURNING id`, officerEmail); err != nil {
		t.Fatal(err)
	}
	db.MustExec(`INSERT INTO participants (program_id, nip, name, unit_id, attended, completed)
		SELECT $1, '198503122010011002', 'Budi Arsip', unit_id, true, true FROM users WHERE email = $2`, program, officerEmail)
	bad := filepath.Join(t.TempDir(), "akpk-salah.csv")
	if err := os.WriteFile(bad, []byte("Unit;Kompetensi;Jenis Kompetensi;Jalur;JP\nunit-lain;Etika;teknis;klasikal;4\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	dina, officer := s.drafterAndOfficer(t, 6*time.Minute, "/plan")
	for _, lang := range []string{"id", "en"} {
		dina.axeOpen(withLang("/plan", lang), 200, "#item-add", "drafter /plan ["+lang+"]")
		officer.axeOpen(withLang("/plan", lang), 200, "#need-add", "unit officer /plan ["+lang+"]")
		officer.axeOpen(withLang("/siasn", lang), 200, "#siasn-rows", "unit officer /siasn ["+lang+"]")
		dina.axeOpen(withLang("/siasn", lang), 200, "#siasn-export", "drafter /siasn ["+lang+"]")

		dina.axeOpen(withLang("/plan", lang), 200, "#akpk-import", "drafter /plan before an import ["+lang+"]")
		dina.axeRefusedFile("akpk-file", bad, chromedp.Submit(chromedp.ID("akpk-file")), "refused AKPK file ["+lang+"]")
	}
}
