package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// addWakil adds Kota Sawahlunto's Wakil Wali Kota, a leader who signs in
// with the sample password (the seed has none), and returns their ID.
func (a *app) addWakil(t *testing.T) int64 {
	t.Helper()
	var id int64
	if err := a.st.DB.SQL().Get(&id, `INSERT INTO users (email, name, role, region_id, title, password_hash)
		SELECT 'wakil.sawahlunto@policyflow.test', 'Wakil Wali Kota', 'leader', region_id, 'Wakil Wali Kota', password_hash
		FROM users WHERE email = 'walikota.sawahlunto@policyflow.test' RETURNING id`); err != nil {
		t.Fatal(err)
	}
	return id
}

// Acting officials within their mandate, as Kota Sawahlunto's people meet
// the rules: the Sekda is refused as Plt. Wali Kota (and accepted as
// Plh.), a term past its limit is refused, the Wakil as Plt. decides the
// Wali Kota's stage within the term; a Plh. and an a.n. are refused on the
// enactment of a Perwali, naming the rule in Indonesian and English and
// changing nothing; the administrator edits the rules on their page,
// audited, and the Wakil as Plt. may then enact it.
func TestActingWithinMandate(t *testing.T) {
	a := newApp(t)
	a.withLegal()
	c := http.DefaultClient
	adm := a.tokens["admin"]
	id := func(email string) int64 { return a.st.UserID(t, email) }
	sekda, walikota, wakil := id("sekda.sawahlunto@policyflow.test"), id("walikota.sawahlunto@policyflow.test"), a.addWakil(t)
	adm2, principal := a.secondAdmin(t, "sawahlunto"), a.token("walikota.sawahlunto@policyflow.test")
	today := time.Now().In(time.FixedZone("WIB", 7*3600))
	d := func(n int) string { return today.AddDate(0, 0, n).Format(time.DateOnly) }
	appoint := func(lang string, acting int64, kind string, ends int) (*http.Response, string) {
		return a.api(c, adm, "POST", "/api/v1/acting"+lang, map[string]any{"principal_id": walikota, "acting_id": acting, "kind": kind,
			"letter_number": "800/7/2026", "letter_date": d(-1), "starts_on": d(-1), "ends_on": d(ends)}, "")
	}

	// The defaults, as the API answers them.
	res, out := a.api(c, adm, "GET", "/api/v1/admin/acting-rules", nil, "")
	if res.StatusCode != 200 || !strings.Contains(out, `"default":true`) || !strings.Contains(out, `"plt_max_months":3`) || !strings.Contains(out, "UU 23/2014 Pasal 65 ayat (5) dan (6)") {
		t.Fatalf("default rules: %d %s", res.StatusCode, out)
	}

	// Refused appointments name the field and the rule, and change nothing.
	before := a.rows(t)
	for _, c := range []struct {
		lang, kind  string
		acting      int64
		ends        int
		field, want string
	}{
		{"", "plt", sekda, 5, "kind", "Sekretaris Daerah hanya dapat menggantikan Wali Kota sebagai Plh. (UU 23/2014 Pasal 65 ayat (5) dan (6)), bukan sebagai Plt."},
		{"?lang=en", "plt", sekda, 5, "kind", "Sekretaris Daerah may stand in for Wali Kota only as Plh. (UU 23/2014 Pasal 65 ayat (5) dan (6)), not as Plt."},
		{"", "plt", wakil, 100, "ends_on", "masa tugas Plt. paling lama 3 bulan per surat perintah"},
		{"?lang=en", "plt", wakil, 100, "ends_on", "a Plt.'s term is at most 3 months per mandate letter"},
	} {
		res, out := appoint(c.lang, c.acting, c.kind, c.ends)
		if res.StatusCode != 422 || !strings.Contains(out, fmt.Sprintf(`"field":%q`, c.field)) || !strings.Contains(out, c.want) {
			t.Errorf("appointment %s of %d for %d days: %d %s, want 422 on %s saying %q", c.kind, c.acting, c.ends, res.StatusCode, out, c.field, c.want)
		}
	}
	expectChanges(t, before, a.rows(t), nil)
	// Within the rules: the Sekda as Plh., the Wakil as Plt.
	for _, ap := range []struct {
		acting int64
		kind   string
	}{{sekda, "plh"}, {wakil, "plt"}} {
		res, out := appoint("", ap.acting, ap.kind, 5)
		if res.StatusCode != 202 {
			t.Fatalf("appoint %d as %s: %d %s", ap.acting, ap.kind, res.StatusCode, out)
		}
		// The Wali Kota, whose office it fills, confirms.
		if res, out := a.decide(principal, idOf(t, out), true); res.StatusCode != 200 {
			t.Fatalf("the Wali Kota confirms %d as %s: %d %s", ap.acting, ap.kind, res.StatusCode, out)
		}
	}

	// The chain up to the Wali Kota's stage.
	policy := a.policyID("sawahlunto-pengelolaan-kompetensi-asn")
	_, decide := a.deciders(t, policy, "kabid", "kepala", "sekda", "wakil")
	for _, who := range []string{"kabid", "kepala", "sekda"} {
		if res, out := decide(who, map[string]any{}); res.StatusCode != 200 {
			t.Fatalf("%s approves: %d %s", who, res.StatusCode, out)
		}
	}
	// The region bars a Plh. from approving for the principal: the Sekda
	// as Plh. is refused, naming the rule; nothing changes.
	rules := map[string]any{"stand_ins": []map[string]any{
		{"principal": "Wali Kota", "acting": "Wakil Wali Kota", "kinds": []string{"plt", "plh"}, "basis": "UU 23/2014 Pasal 65 ayat (4)"},
		{"principal": "Wali Kota", "acting": "Sekretaris Daerah", "kinds": []string{"plh"}, "basis": "UU 23/2014 Pasal 65 ayat (5) dan (6)"},
	}, "plt_max_months": 3, "plh_max_days": 30, "bars": []map[string]any{{"act": "enact_peraturan", "holders": []string{"plt", "plh"}}, {"act": "approve", "holders": []string{"plh"}}}}
	a.confirmed(t, adm, "POST", "/api/v1/admin/acting-rules", rules, adm2)
	if res, out := a.api(c, adm, "GET", "/api/v1/admin/acting-rules", nil, ""); res.StatusCode != 200 || !strings.Contains(out, `"default":false`) {
		t.Fatalf("saved rules: %d %s", res.StatusCode, out)
	}
	before = a.rows(t)
	if res, out := decide("sekda", map[string]any{"on_behalf_of": walikota}); res.StatusCode != 422 || !strings.Contains(out, `"field":"on_behalf_of"`) ||
		!strings.Contains(out, "Plh. tidak berwenang memberi keputusan persetujuan") {
		t.Fatalf("a Plh. barred from approving: %d %s", res.StatusCode, out)
	}
	expectChanges(t, before, a.rows(t), nil)
	// The Wakil as Plt., within the term, decides the Wali Kota's stage.
	if res, out := decide("wakil", map[string]any{"on_behalf_of": walikota}); res.StatusCode != 200 || !strings.Contains(out, `"approved"`) {
		t.Fatalf("the Wakil as Plt. Wali Kota approves: %d %s", res.StatusCode, out)
	}

	// The drafter hears the outcome, and Bagian Hukum the legal step the
	// text now waits for (the workflow writes both after it answers).
	waitFor(t, func() bool {
		var n int
		a.st.DB.SQL().Get(&n, `SELECT count(DISTINCT kind) FROM notifications WHERE policy_id = $1 AND kind IN ('approval_outcome', 'legal_step')`, policy)
		return n == 2
	})

	// Enactment: a Plh. and an a.n. are refused on a Perwali, naming the
	// rule; nothing changes and no number is taken.
	api := fmt.Sprintf("/api/v1/policies/%d/enactments", policy)
	enact := func(lang string, signer int64, extra map[string]any) (*http.Response, string) {
		body := map[string]any{"form": "perwali", "enacted_on": d(0), "principal_id": walikota, "signer_id": signer}
		for k, v := range extra {
			body[k] = v
		}
		return a.api(c, a.tokens["legal"], "POST", api+lang, body, "")
	}
	before = a.rows(t)
	for _, c := range []struct {
		lang        string
		signer      int64
		extra       map[string]any
		field, want string
	}{
		{"", sekda, nil, "signer_id", "Plh. tidak berwenang menetapkan Peraturan Wali Kota (UU 30/2014 Pasal 14 ayat (7)"},
		{"?lang=en", sekda, nil, "signer_id", "A Plh. may not enact a Peraturan Wali Kota (Law 30/2014 Art. 14(7)"},
		{"", wakil, nil, "signer_id", "Plt. tidak berwenang menetapkan Peraturan Wali Kota"},
		{"", sekda, map[string]any{"on_behalf": true}, "on_behalf", "Peraturan Wali Kota tidak dapat ditandatangani a.n."},
		{"?lang=en", sekda, map[string]any{"on_behalf": true}, "on_behalf", "A Peraturan Wali Kota cannot be signed a.n."},
	} {
		res, out := enact(c.lang, c.signer, c.extra)
		if res.StatusCode != 422 || !strings.Contains(out, fmt.Sprintf(`"field":%q`, c.field)) || !strings.Contains(out, c.want) {
			t.Errorf("enactment by %d %v: %d %s, want 422 on %s saying %q", c.signer, c.extra, res.StatusCode, out, c.field, c.want)
		}
	}
	expectChanges(t, before, a.rows(t), nil)

	// The administrator's page, in both languages, and its form: the
	// region lets its Plt. enact a Peraturan (UU 23/2014 Pasal 65 ayat (4)
	// gives the Wakil the Wali Kota's powers).
	admin := a.people["admin"]
	for lang, want := range map[string]string{"id": "Aturan Plt. dan Plh.", "en": "Rules for acting officials"} {
		if res, page := a.get(admin, "/admin/acting-rules?lang="+lang); res.StatusCode != 200 || !strings.Contains(page, want) || !strings.Contains(page, `value="Wakil Wali Kota"`) {
			t.Fatalf("rules page [%s]: %d %.2000s", lang, res.StatusCode, page)
		}
	}
	a.get(admin, "/admin/acting-rules?lang=id")
	form := url.Values{"csrf": {a.csrf(admin, "/admin/acting-rules")}, "rows": {"3"},
		"principal_0": {"Wali Kota"}, "acting_0": {"Wakil Wali Kota"}, "kinds_0": {"plt", "plh"}, "basis_0": {"UU 23/2014 Pasal 65 ayat (4)"},
		"principal_1": {"Wali Kota"}, "acting_1": {"Sekretaris Daerah"}, "kinds_1": {"plh"}, "basis_1": {"UU 23/2014 Pasal 65 ayat (5) dan (6)"},
		"plt_max_months": {"3"}, "plh_max_days": {"30"}, "bar_enact_peraturan": {"plh"}, "bar_strategic": {"plt", "plh", "an"}}
	before = a.rows(t)
	if res, page := a.form(admin, "/admin/acting-rules", form); res.StatusCode != 303 {
		t.Fatalf("save the rules' form: %d %.1000s", res.StatusCode, page)
	}
	// Proposed: the other administrator is told; confirmed, the rules change.
	expectChanges(t, before, a.rows(t), map[string]delta{"pending_changes": {1, 0}, "audit_log": {1, 0}, "notifications": {1, 0}})
	before = a.rows(t)
	a.confirmLatest(t, adm2)
	expectChanges(t, before, a.rows(t), map[string]delta{"acting_rules": {1, 1}, "pending_changes": {1, 1}, "audit_log": {2, 0}, "notifications": {1, 0}})
	if _, page := a.get(admin, "/admin/acting-rules"); strings.Contains(page, `name="bar_enact_peraturan" value="plt" checked`) || !strings.Contains(page, `name="bar_enact_peraturan" value="plh" checked`) {
		i := strings.Index(page, "bar-rows")
		t.Errorf("the saved page still bars a Plt. from a Peraturan: %.3000s", page[max(i, 0):])
	}
	res, out = a.api(c, adm, "GET", "/api/v1/admin/audit", nil, "")
	if !strings.Contains(out, "acting_rules.updated") {
		t.Errorf("the audit lacks the rules' change: %.500s", out)
	}
	// A bad row is refused naming it, and changes nothing.
	form.Set("kinds_1", "pj")
	before = a.rows(t)
	if res, _ := a.form(admin, "/admin/acting-rules", form); res.StatusCode != 422 {
		t.Errorf("a stand-in of kind pj: %d, want 422", res.StatusCode)
	}
	expectChanges(t, before, a.rows(t), nil)

	res, out = enact("", wakil, nil)
	var e struct{ Capacity string }
	if res.StatusCode != 201 || json.Unmarshal([]byte(out), &e) != nil || e.Capacity != "plt" {
		t.Fatalf("the Wakil as Plt. enacts under the region's rules: %d %s", res.StatusCode, out)
	}
}
