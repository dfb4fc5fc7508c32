package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// An ASN's email on the roster: given by hand (a bad one refused naming
// the field, nothing saved) or by an import's Email column (a file
// without the column keeps the emails on record); shown on the roster to
// the region's drafters and the officer of the person's unit, to no one
// else, and on no public page.
func TestRosterEmail(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	officer, mine, other := a.officerUnits()
	const budi, eko = "198503122010011002", "198803032020011001"
	drafter := a.tokens["drafter"]
	emailOf := func(nip string) (e string) {
		db.Get(&e, `SELECT email FROM asn_roster WHERE region_id = $1 AND nip = $2`, *officer.RegionID, nip)
		return e
	}

	res, out := a.api(http.DefaultClient, drafter, "POST", "/api/v1/roster", map[string]string{"nip": budi, "name": "Budi", "unit": mine, "email": "budi at pemkot"}, "")
	if res.StatusCode != 422 || !strings.Contains(out, `"field":"email"`) {
		t.Fatalf("a bad email: %d %s, want 422 naming email", res.StatusCode, out)
	}
	var n int
	if db.Get(&n, `SELECT count(*) FROM asn_roster WHERE nip = $1`, budi); n != 0 {
		t.Fatal("a refused person was saved")
	}
	// The page form: the same refusal, shown on the form.
	page := a.people["drafter"]
	res, out = a.form(page, "/roster", url.Values{"csrf": {a.csrf(page, "/roster")}, "nip": {budi}, "name": {"Budi"}, "unit": {mine}, "email": {"budi@"}})
	if res.StatusCode != 422 || !strings.Contains(out, `id="email"`) || !strings.Contains(out, `aria-invalid="true"`) {
		t.Fatalf("a bad email on the page: %d", res.StatusCode)
	}
	res, _ = a.form(page, "/roster", url.Values{"csrf": {a.csrf(page, "/roster")}, "nip": {budi}, "name": {"Budi"}, "unit": {mine}, "email": {" budi@sawahlunto.go.id "}})
	if res.StatusCode != http.StatusSeeOther || emailOf(budi) != "budi@sawahlunto.go.id" {
		t.Fatalf("add by the page: %d, email %q", res.StatusCode, emailOf(budi))
	}

	// An import with the Email column sets it; one without keeps it.
	file := "NIP;Nama;Unit;Email\n" + budi + ";Budi;" + mine + ";budi.s@sawahlunto.go.id\n" + eko + ";Eko;" + other + ";eko@sawahlunto.go.id\n"
	if res, out := a.csvPost(drafter, "/api/v1/roster/import", strings.Replace(file, "eko@", "eko@@", 1)); res.StatusCode != 422 || !strings.Contains(out, `"line":3`) || !strings.Contains(out, `"field":"email"`) {
		t.Errorf("an import with a bad email: %d %s, want 422 naming line 3's email", res.StatusCode, out)
	}
	importFile := func(file string) string {
		t.Helper()
		res, out := a.csvPost(drafter, "/api/v1/roster/import", file)
		var preview policies.RosterPreview
		json.Unmarshal([]byte(out), &preview)
		token := preview.Token
		if res.StatusCode != 200 || token == "" {
			t.Fatalf("preview: %d %s", res.StatusCode, out)
		}
		if res, out := a.csvPost(drafter, "/api/v1/roster/import?token="+token, file); res.StatusCode != 200 {
			t.Fatalf("apply: %d %s", res.StatusCode, out)
		}
		return out
	}
	if out := importFile(file); !strings.Contains(out, `"field":"email"`) || emailOf(budi) != "budi.s@sawahlunto.go.id" || emailOf(eko) != "eko@sawahlunto.go.id" {
		t.Errorf("import with emails: budi %q, eko %q; %s", emailOf(budi), emailOf(eko), out)
	}
	importFile("NIP;Nama;Unit\n" + budi + ";Budi Santoso;" + mine + "\n" + eko + ";Eko;" + other + "\n")
	if emailOf(budi) != "budi.s@sawahlunto.go.id" || emailOf(eko) != "eko@sawahlunto.go.id" {
		t.Errorf("an import without the column changed the emails: budi %q, eko %q", emailOf(budi), emailOf(eko))
	}
	var audited int
	db.Get(&audited, `SELECT count(*) FROM audit_log WHERE after::text LIKE '%budi.s@sawahlunto.go.id%'`)
	if audited == 0 {
		t.Error("the email's change is not in the audit history")
	}

	// Who reads it: the drafter and the officer of Budi's unit; not Eko's
	// (another unit), not anyone signed out, not the ledger.
	if _, out := a.get(a.people["drafter"], "/roster"); !strings.Contains(out, "budi.s@sawahlunto.go.id") || !strings.Contains(out, "eko@sawahlunto.go.id") {
		t.Error("the drafter's roster does not show the emails")
	}
	if _, out := a.get(a.people["unit_officer"], "/roster"); !strings.Contains(out, "budi.s@sawahlunto.go.id") || strings.Contains(out, "eko@sawahlunto.go.id") {
		t.Error("the unit officer's roster: want their unit's email alone")
	}
	for _, who := range []string{"stakeholder", "leader"} {
		if res, out := a.get(a.people[who], "/roster"); res.StatusCode == 200 || strings.Contains(out, "sawahlunto.go.id") {
			t.Errorf("%s reads the roster: %d", who, res.StatusCode)
		}
	}
	for _, path := range []string{"/ledger", "/api/v1/ledger"} {
		if _, out := a.get(a.people["drafter"], path); strings.Contains(out, "budi.s@") {
			t.Errorf("%s shows an email", path)
		}
	}
	if _, out := a.get(http.DefaultClient, "/roster"); strings.Contains(out, "budi.s@") {
		t.Error("the roster signed out shows an email")
	}
}
