package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// tooLongReason is an erasure request's reason past its 2000 characters:
// the matrices' writes that change nothing.
var tooLongReason = strings.Repeat("x", 2001)

// privacyRoleCases are the personal-data routes of the route × role
// matrix: every signed-in person reads their own data; the region's
// administrator its retention and erasures (bad input 422, nothing erased).
func privacyRoleCases(person int64) (pages []pageCase, api map[string]apiCase) {
	mine := want{"anonymous": 303, "*": 200}
	pages = []pageCase{
		{"GET", "/privacy", nil, mine},
		{"GET", "/privacy/data.json", nil, mine},
		{"POST", "/privacy/erasure", url.Values{"reason": {tooLongReason}}, want{"anonymous": 303, "*": 413}},
		{"GET", "/admin/privacy", nil, only("admin", 200)},
		{"POST", "/admin/privacy/retention", url.Values{"days_commenter_emails": {"9999"}}, only("admin", 422)},
		{"POST", "/admin/erasures", url.Values{"person": {fmt.Sprint(person)}}, only("admin", 422)}, // no confirmation
		{"POST", "/admin/erasures/address", url.Values{"email": {"bukan-alamat"}, "confirm": {"1"}}, only("admin", 422)},
	}
	api = map[string]apiCase{
		"GET /me/data":                  {nil, want{"anonymous": 401, "*": 200}},
		"POST /me/erasure":              {map[string]string{"reason": tooLongReason}, want{"anonymous": 401, "*": 413}},
		"GET /admin/retention":          {nil, onlyAPI("admin", 200)},
		"POST /admin/retention":         {map[string]any{"days": map[string]int{"commenter_emails": 9999}}, onlyAPI("admin", 422)},
		"GET /admin/erasures":           {nil, onlyAPI("admin", 200)},
		"POST /admin/erasures/{person}": {map[string]any{}, onlyAPI("admin", 422)},
		"POST /admin/erasures/address":  {map[string]any{"email": "bukan-alamat", "confirm": true}, onlyAPI("admin", 422)},
	}
	return pages, api
}

// privacyScopeCases are the region × unit matrix's: a person's own data for
// everyone signed in; the retention for each region's administrator; an
// erasure of a Sawahlunto person 404 to Pangkalpinang's administrator.
func privacyScopeCases(person int64) []scopeCase {
	erase := func(api bool) func(principal) int { return roleOwn(api, "admin", 422) }
	days := map[string]any{"days": map[string]int{"commenter_emails": 9999}}
	return []scopeCase{
		{method: "GET", pattern: "/privacy", path: "/privacy", want: signedIn(false, 200)},
		{method: "GET", pattern: "/privacy/data.json", path: "/privacy/data.json", want: signedIn(false, 200)},
		{method: "POST", pattern: "/privacy/erasure", path: "/privacy/erasure", form: url.Values{"reason": {tooLongReason}}, want: signedIn(false, 413)},
		{method: "GET", pattern: "/api/v1/me/data", path: "/api/v1/me/data", want: signedIn(true, 200)},
		{method: "POST", pattern: "/api/v1/me/erasure", path: "/api/v1/me/erasure", body: map[string]string{"reason": tooLongReason}, want: signedIn(true, 413)},
		{method: "GET", pattern: "/admin/privacy", path: "/admin/privacy", want: roleOnly(false, "admin", 200)},
		{method: "POST", pattern: "/admin/privacy/retention", path: "/admin/privacy/retention", form: url.Values{"days_commenter_emails": {"9999"}}, want: roleOnly(false, "admin", 422)},
		{method: "GET", pattern: "/api/v1/admin/retention", path: "/api/v1/admin/retention", want: roleOnly(true, "admin", 200)},
		{method: "POST", pattern: "/api/v1/admin/retention", path: "/api/v1/admin/retention", body: days, want: roleOnly(true, "admin", 422)},
		{method: "GET", pattern: "/api/v1/admin/erasures", path: "/api/v1/admin/erasures", want: roleOnly(true, "admin", 200)},
		{method: "POST", pattern: "/admin/erasures", path: "/admin/erasures", form: url.Values{"person": {fmt.Sprint(person)}}, want: erase(false)},
		{method: "POST", pattern: "/admin/erasures/address", path: "/admin/erasures/address", form: url.Values{"email": {"bukan-alamat"}, "confirm": {"1"}}, want: roleOnly(false, "admin", 422)},
		{method: "POST", pattern: "/api/v1/admin/erasures/address", path: "/api/v1/admin/erasures/address", body: map[string]any{"email": "bukan-alamat", "confirm": true}, want: roleOnly(true, "admin", 422)},
		{method: "POST", pattern: "/api/v1/admin/erasures/{person}", path: fmt.Sprintf("/api/v1/admin/erasures/%d", person), body: map[string]any{}, want: erase(true)},
	}
}

// privacyTextCases are the hostile walk's cases of the requests' and
// decisions' texts: the leader's second request while one is open, and a
// decline of a person with no open request, are refused 409 after the
// text is checked.
func (a *app) privacyTextCases(w world, js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	a.st.DB.SQL().MustExec(`INSERT INTO erasure_requests (user_id, region_id) SELECT id, region_id FROM users WHERE email = $1`, roleEmails["leader"])
	post := func(role, path string, base map[string]any, field string) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			in := map[string]any{field: s}
			for k, v := range base {
				in[k] = v
			}
			return js(t, role, path, in, nil)
		}
	}
	return map[string][]textCase{
		"ErasureRequestInput": {{name: "POST /me/erasure reason", field: "reason", status: 409, refusedAs: "-", send: post("leader", "/api/v1/me/erasure", nil, "reason")}},
		"AddressErasureInput": {{name: "POST /admin/erasures/address email", field: "email", status: 422,
			send: post("admin", "/api/v1/admin/erasures/address", map[string]any{"confirm": true}, "email")}},
		"ErasureInput": {{name: "POST /admin/erasures/{person} note", field: "note", status: 409, refusedAs: "-",
			send: post("admin", "/api/v1/admin/erasures/"+w.path["person"], map[string]any{"decline": true}, "note")}},
	}
}

// A person reads and downloads their own data, and only theirs; asks to be
// erased; another city's administrator cannot erase them; their own
// administrator does: their comment stays with its answer, shown as
// "Peserta (dihapus)" / "Participant (erased)", their sessions and tokens
// end, and the audit says so. The region's retention is validated naming
// the kind, and audited.
func TestPersonalDataExportAndErasure(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	c := http.DefaultClient
	draft := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	person := a.user("stakeholder")
	var mine, theirs int64
	db.Get(&mine, `INSERT INTO comments (policy_id, version_id, section_anchor, author_id, author_name, author_email, body)
		SELECT id, current_version_id, '', $2, $3, $4, 'Mohon definisi ASN diperjelas.' FROM policies WHERE id = $1 RETURNING id`,
		draft, person.ID, person.Name, person.Email)
	db.Get(&theirs, `INSERT INTO comments (policy_id, version_id, section_anchor, author_name, author_email, body)
		SELECT id, current_version_id, '', 'Warga Lain', 'lain@contoh.id', 'Komentar orang lain.' FROM policies WHERE id = $1 RETURNING id`, draft)
	db.MustExec(`INSERT INTO consultations (policy_id, version_id, workflow_id, opened_by, opened_at, closes_at)
		SELECT id, current_version_id, 'uji-privasi', (SELECT id FROM users WHERE email = $2), now(), now() + interval '1 day' FROM policies WHERE id = $1`,
		draft, roleEmails["drafter"])
	db.MustExec(`INSERT INTO comment_answers (comment_id, consultation_id, disposition, reason, drafted_by, published_by, published_at)
		SELECT $1, k.id, 'diterima', 'Definisi ditambahkan di Pasal 1.', k.opened_by, k.opened_by, now() FROM consultations k WHERE k.workflow_id = 'uji-privasi'`, mine)

	// Their page and file: their comment and its answer, nobody else's.
	res, out := a.get(a.people["stakeholder"], "/privacy")
	if res.StatusCode != 200 || !strings.Contains(out, "Data pribadi saya") || !strings.Contains(out, "Mohon definisi ASN diperjelas.") ||
		!strings.Contains(out, "Definisi ditambahkan di Pasal 1.") || strings.Contains(out, "Komentar orang lain.") {
		t.Errorf("GET /privacy: %d %s", res.StatusCode, gist(out))
	}
	res, out = a.get(a.people["stakeholder"], "/privacy/data.json")
	var file struct {
		Profile  struct{ Email string }
		Comments []struct{ ID int64 }
	}
	if err := json.Unmarshal([]byte(out), &file); err != nil || res.StatusCode != 200 || file.Profile.Email != person.Email ||
		len(file.Comments) != 1 || file.Comments[0].ID != mine || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("GET /privacy/data.json: %d %v %+v", res.StatusCode, err, file)
	}
	if _, out := a.api(c, a.tokens["drafter"], "GET", "/api/v1/me/data?user="+fmt.Sprint(person.ID), nil, ""); strings.Contains(out, "Mohon definisi ASN") {
		t.Error("the drafter's data holds the stakeholder's comment")
	}

	// The request, and the decision.
	if res, out := a.api(c, a.tokens["stakeholder"], "POST", "/api/v1/me/erasure", map[string]string{"reason": "Tidak lagi terlibat."}, ""); res.StatusCode != 201 {
		t.Fatalf("erasure request: %d %s", res.StatusCode, out)
	}
	if res, _ := a.api(c, a.tokens["stakeholder"], "POST", "/api/v1/me/erasure", map[string]string{}, ""); res.StatusCode != 409 {
		t.Errorf("a second open request: %d, want 409", res.StatusCode)
	}
	if _, out := a.api(c, a.tokens["admin"], "GET", "/api/v1/admin/erasures", nil, ""); !strings.Contains(out, "Tidak lagi terlibat.") {
		t.Errorf("the administrator's requests lack it: %s", out)
	}
	erase := fmt.Sprintf("/api/v1/admin/erasures/%d", person.ID)
	if res, _ := a.api(c, a.token("admin.pangkalpinang@policyflow.test"), "POST", erase, map[string]any{"confirm": true}, ""); res.StatusCode != 404 {
		t.Errorf("another city's administrator erasing: %d, want 404", res.StatusCode)
	}
	if res, out := a.api(c, a.tokens["admin"], "POST", erase+"?lang=en", map[string]any{}, ""); res.StatusCode != 422 || !strings.Contains(out, `"field":"confirm"`) {
		t.Errorf("erasing unconfirmed: %d %s, want 422 naming confirm", res.StatusCode, out)
	}
	if res, out := a.api(c, a.tokens["admin"], "POST", erase, map[string]any{"confirm": true}, ""); res.StatusCode != 200 || !strings.Contains(out, `"comments_anonymised":1`) {
		t.Fatalf("erasure: %d %s", res.StatusCode, out)
	}

	// The comment and its answer stay, without who wrote it.
	for lang, word := range map[string]string{"id": "Peserta (dihapus)", "en": "Participant (erased)"} {
		_, out := a.get(a.people["drafter"], fmt.Sprintf("/policies/%d?lang=%s", draft, lang))
		if !strings.Contains(out, word) || !strings.Contains(out, "Mohon definisi ASN diperjelas.") || strings.Contains(out, person.Name) {
			t.Errorf("policy page (%s) after erasure: wants %q beside the comment and not %q", lang, word, person.Name)
		}
	}
	var answer string
	db.Get(&answer, `SELECT reason FROM comment_answers WHERE comment_id = $1`, mine)
	if answer != "Definisi ditambahkan di Pasal 1." {
		t.Errorf("answer after erasure %q", answer)
	}
	if res, _ := a.get(a.people["stakeholder"], "/privacy"); res.StatusCode != 303 {
		t.Errorf("the erased person's session: %d, want the sign-in redirect", res.StatusCode)
	}
	if res, _ := a.api(c, a.tokens["stakeholder"], "GET", "/api/v1/me/data", nil, ""); res.StatusCode != 401 {
		t.Errorf("the erased person's token: %d, want 401", res.StatusCode)
	}
	if _, out := a.api(c, a.tokens["admin"], "GET", "/api/v1/admin/audit", nil, ""); !strings.Contains(out, "user.erased") || strings.Contains(out, person.Email) {
		t.Errorf("admin audit after erasure lacks user.erased or shows the erased address: %.300s", out)
	}
	// The person is told, once, at the address they had: the one row
	// that keeps it, sent at once whatever their notify mode was.
	var told []struct {
		Email   string `db:"email"`
		Subject string `db:"subject"`
		Body    string `db:"body"`
	}
	if err := db.Select(&told, `SELECT coalesce(email, '') AS email, subject, body FROM notifications WHERE kind = 'erasure_decision'`); err != nil {
		t.Fatal(err)
	}
	if len(told) != 1 || told[0].Email != person.Email || !strings.Contains(told[0].Subject, "telah dihapus") ||
		!strings.Contains(told[0].Body, "Komentar Anda tetap tampil bersama jawabannya tanpa nama Anda") {
		t.Errorf("the erased person's notice: %+v, want one to %s saying what was erased and what stays", told, person.Email)
	}
	if n := a.text(t, `SELECT count(*)::text FROM notifications WHERE lower(email) = lower($1) OR user_id = $2`, person.Email, person.ID); n != "1" {
		t.Errorf("%s rows of the outbox keep the erased person's address or account, want only the decision's", n)
	}

	// A commenter without an account, by address: only in the region's comments.
	if res, _ := a.api(c, a.token("admin.pangkalpinang@policyflow.test"), "POST", "/api/v1/admin/erasures/address", map[string]any{"email": "lain@contoh.id", "confirm": true}, ""); res.StatusCode != 404 {
		t.Errorf("another city's administrator erasing a Sawahlunto commenter's address: %d, want 404", res.StatusCode)
	}
	if res, out := a.api(c, a.tokens["admin"], "POST", "/api/v1/admin/erasures/address", map[string]any{"email": "LAIN@contoh.id", "confirm": true}, ""); res.StatusCode != 200 || !strings.Contains(out, `"comments_anonymised":1`) {
		t.Errorf("erasing an address: %d %s", res.StatusCode, out)
	}
	var gone struct {
		Name  string `db:"author_name"`
		Email string `db:"author_email"`
		Body  string `db:"body"`
	}
	db.Get(&gone, `SELECT author_name, author_email, body FROM comments WHERE id = $1`, theirs)
	if gone.Name != "Peserta (dihapus)" || gone.Email != "" || gone.Body != "Komentar orang lain." {
		t.Errorf("the address's comment after erasure: %+v", gone)
	}

	// A declined request: the person reads the decision and its reason.
	if res, out := a.api(c, a.tokens["leader"], "POST", "/api/v1/me/erasure", map[string]string{}, ""); res.StatusCode != 201 {
		t.Fatalf("the leader's request: %d %s", res.StatusCode, out)
	}
	leader := a.user("leader")
	if res, out := a.api(c, a.tokens["admin"], "POST", fmt.Sprintf("/api/v1/admin/erasures/%d", leader.ID), map[string]any{"decline": true, "note": "Masih menjabat Kabid."}, ""); res.StatusCode != 200 {
		t.Fatalf("declining: %d %s", res.StatusCode, out)
	}
	if _, out := a.get(a.people["leader"], "/privacy?lang=en"); !strings.Contains(out, "Request declined.") || !strings.Contains(out, "Masih menjabat Kabid.") {
		t.Errorf("the leader's page lacks the declined request and its reason: %s", gist(out))
	}
	if _, out := a.api(c, a.tokens["leader"], "GET", "/api/v1/notifications", nil, ""); !strings.Contains(out, "Permintaan penghapusan data Anda di Policyflow") ||
		!strings.Contains(out, "Catatan administrator: Masih menjabat Kabid.") {
		t.Errorf("the leader's inbox lacks the declined request's notice and its note: %.600s", out)
	}

	// The region's retention: shorter only, the field named; audited.
	for _, bad := range []map[string]int{{"commenter_emails": 9999}, {"sessions": 5}, {"commenter_emails": -1}} {
		var kind string
		for k := range bad {
			kind = k
		}
		if res, out := a.api(c, a.tokens["admin"], "POST", "/api/v1/admin/retention", map[string]any{"days": bad}, ""); res.StatusCode != 422 || !strings.Contains(out, `"field":"`+kind+`"`) {
			t.Errorf("retention %v: %d %s, want 422 naming %s", bad, res.StatusCode, out, kind)
		}
	}
	if res, out := a.api(c, a.tokens["admin"], "POST", "/api/v1/admin/retention", map[string]any{"days": map[string]int{"commenter_emails": 30}}, ""); res.StatusCode != 200 ||
		!strings.Contains(out, `"kind":"commenter_emails","days":30`) {
		t.Errorf("retention 30 days: %d %s", res.StatusCode, out)
	}
	if _, out := a.api(c, a.tokens["admin"], "GET", "/api/v1/admin/audit", nil, ""); !strings.Contains(out, "retention.updated") {
		t.Errorf("admin audit lacks retention.updated: %.300s", out)
	}
	if res, out := a.get(a.people["admin"], "/admin/privacy"); res.StatusCode != 200 || !strings.Contains(out, `name="days_commenter_emails"`) ||
		!strings.Contains(out, "Permintaan ditolak.") || !strings.Contains(out, "Permintaan dikabulkan: data dihapus.") {
		t.Errorf("GET /admin/privacy: %d %s", res.StatusCode, gist(out))
	}
}

// The consultation report's CSV names no online commenter ("Peserta"),
// even when asked, unless the reader is the region's drafter asking for
// the names.
func TestReportCSVIsAnonymisedUnlessTheDrafterAsks(t *testing.T) {
	a := newApp(t)
	w := a.answersWorldOf(t, a.policyID("sawahlunto-peningkatan-kompetensi-asn"), true)
	for _, c := range []struct {
		role, query string
		named       bool
	}{
		{"leader", "", false}, {"leader", "?names=1", false}, {"drafter", "", false}, {"drafter", "?names=1", true},
	} {
		res, out := a.get(a.people[c.role], w.base()+"/report.csv"+c.query)
		if res.StatusCode != 200 || !strings.Contains(out, "Komentar konsultasi uji") {
			t.Fatalf("%s %s: %d %s", c.role, c.query, res.StatusCode, out)
		}
		if named := strings.Contains(out, "Warga Uji"); named != c.named || !c.named && !strings.Contains(out, "Peserta") {
			t.Errorf("%s report.csv%s names the commenter: %v, want %v\n%s", c.role, c.query, named, c.named, out)
		}
	}
}
