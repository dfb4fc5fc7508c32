package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// outboxLink is the one-time link in the newest email of the kind to the person.
func (a *app) outboxLink(t *testing.T, email, kind string) string {
	t.Helper()
	var link string
	if err := a.st.DB.SQL().Get(&link, `SELECT n.link FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE lower(u.email) = lower($1) AND n.kind = $2 ORDER BY n.id DESC LIMIT 1`, email, kind); err != nil {
		t.Fatalf("no %s email to %s in the outbox: %v", kind, email, err)
	}
	return link
}

// setPassword follows a link like a person: the page, the password twice.
func (a *app) setPassword(t *testing.T, link, password, again string) (*http.Response, string) {
	t.Helper()
	c := a.client()
	res, page := a.get(c, link)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", link, res.StatusCode, gist(page))
	}
	m := csrfRe.FindStringSubmatch(page)
	return a.form(c, link, url.Values{"csrf": {m[1]}, "password": {password}, "password2": {again}})
}

func (a *app) signInStatus(email, password string) int {
	res, _ := a.api(http.DefaultClient, "", "POST", "/api/v1/tokens", map[string]string{"email": email, "password": password, "name": "uji"}, "")
	return res.StatusCode
}

// The region's administrator invites a person through the API; the email
// is in the outbox; until the person sets a password through the link,
// nothing signs in; the link then works once and the person signs in.
// A reset link later ends their sessions; deactivation ends their token at
// once. Nobody else may do any of it.
func TestPeopleInviteResetDeactivate(t *testing.T) {
	a := newApp(t)
	admin := a.tokens["admin"]
	email := "rina.baru@sawahlunto.go.id"
	res, body := a.api(http.DefaultClient, admin, "POST", "/api/v1/admin/people",
		map[string]string{"email": email, "name": "Rina Baru", "role": "drafter", "unit": "bkpsdm", "title": "Analis Kebijakan", "nip": "19850312 201001 2 002"}, "")
	if res.StatusCode != 201 {
		t.Fatalf("invite: %d %s", res.StatusCode, body)
	}
	var u struct {
		ID      int64
		NIP     string
		Invited bool
	}
	json.Unmarshal([]byte(body), &u)
	if u.NIP != "198503122010012002" || !u.Invited || strings.Contains(body, "/invite/") {
		t.Errorf("invited %s", body)
	}
	for _, p := range []string{"", "apa saja"} {
		if s := a.signInStatus(email, p); s != 401 {
			t.Errorf("sign-in with %q before a password is set: %d", p, s)
		}
	}
	link := a.outboxLink(t, email, "invitation")
	if !strings.HasPrefix(link, "/invite/") {
		t.Fatalf("link %q", link)
	}
	if res, page := a.setPassword(t, link, "pendek", "pendek"); res.StatusCode != 422 || !strings.Contains(page, "paling sedikit 12") {
		t.Errorf("a short password: %d %s", res.StatusCode, gist(page))
	}
	if res, page := a.setPassword(t, link+"?lang=en", "pendek", "pendek"); res.StatusCode != 422 || !strings.Contains(page, "at least 12 characters") || strings.Contains(page, "paling sedikit") {
		t.Errorf("a short password, in English: %d %s", res.StatusCode, gist(page))
	}
	if res, page := a.setPassword(t, link, "kata-sandi-rina-1", "kata-sandi-rina-2"); res.StatusCode != 422 || !strings.Contains(page, "tidak sama") {
		t.Errorf("two passwords: %d %s", res.StatusCode, gist(page))
	}
	if res, page := a.setPassword(t, link, "kata-sandi-rina-1", "kata-sandi-rina-1"); res.StatusCode != 200 || !strings.Contains(page, `id="password-done"`) {
		t.Fatalf("set the password: %d %s", res.StatusCode, gist(page))
	}
	if res, page := a.get(a.client(), link); res.StatusCode != 410 || !strings.Contains(page, "sudah dipakai") {
		t.Errorf("the used link: %d %s", res.StatusCode, gist(page))
	}
	if res, page := a.get(a.client(), link+"?lang=en"); res.StatusCode != 410 || !strings.Contains(page, "has been used") {
		t.Errorf("the used link in English: %d %s", res.StatusCode, gist(page))
	}
	if s := a.signInStatus(email, "kata-sandi-rina-1"); s != 201 {
		t.Fatalf("sign-in with the password set: %d", s)
	}
	rina := a.login2(t, email, "kata-sandi-rina-1")
	tok := a.tokenWith(t, email, "kata-sandi-rina-1")

	// A reset link: the session ends when it is used.
	person := fmt.Sprintf("/api/v1/admin/people/%d", u.ID)
	if res, body := a.api(http.DefaultClient, admin, "POST", person+"/reset", nil, ""); res.StatusCode != 202 || !strings.Contains(body, `"reset"`) {
		t.Fatalf("reset: %d %s", res.StatusCode, body)
	}
	reset := a.outboxLink(t, email, "password_reset")
	if !strings.HasPrefix(reset, "/reset/") {
		t.Fatalf("reset link %q", reset)
	}
	if res, page := a.setPassword(t, reset, "sandi-baru-rina-123", "sandi-baru-rina-123"); res.StatusCode != 200 {
		t.Fatalf("reset the password: %d %s", res.StatusCode, gist(page))
	}
	if res, _ := a.get(rina, "/dashboard"); res.StatusCode != 303 {
		t.Errorf("the session before the reset still works: %d", res.StatusCode)
	}
	if s := a.signInStatus(email, "kata-sandi-rina-1"); s != 401 {
		t.Errorf("the old password after the reset: %d", s)
	}
	if res, _ := a.api(http.DefaultClient, tok, "GET", "/api/v1/me", nil, ""); res.StatusCode != 401 {
		t.Errorf("an API token made before the reset still works: %d", res.StatusCode)
	}
	tok = a.tokenWith(t, email, "sandi-baru-rina-123")

	// Update through the API: only the fields given change.
	if res, body := a.api(http.DefaultClient, admin, "POST", person, map[string]string{"title": "Kepala Subbagian"}, ""); res.StatusCode != 200 ||
		!strings.Contains(body, `"title":"Kepala Subbagian"`) || !strings.Contains(body, `"nip":"198503122010012002"`) {
		t.Errorf("update: %d %s", res.StatusCode, body)
	}
	if res, body := a.api(http.DefaultClient, admin, "POST", person, map[string]string{"nip": "1985"}, ""); res.StatusCode != 422 || !strings.Contains(body, `"field":"nip"`) {
		t.Errorf("a bad NIP: %d %s", res.StatusCode, body)
	}

	// Deactivation: the token stops at once; sign-in is refused; reactivation lets the password work again.
	if res, _ := a.api(http.DefaultClient, tok, "GET", "/api/v1/me", nil, ""); res.StatusCode != 200 {
		t.Fatalf("token before: %d", res.StatusCode)
	}
	if res, body := a.api(http.DefaultClient, admin, "POST", person+"/deactivate", nil, ""); res.StatusCode != 200 || !strings.Contains(body, "deactivated_at") {
		t.Fatalf("deactivate: %d %s", res.StatusCode, body)
	}
	if res, _ := a.api(http.DefaultClient, tok, "GET", "/api/v1/me", nil, ""); res.StatusCode != 401 {
		t.Errorf("token after deactivation: %d", res.StatusCode)
	}
	if s := a.signInStatus(email, "sandi-baru-rina-123"); s != 401 {
		t.Errorf("a deactivated person signs in: %d", s)
	}
	if res, _ := a.api(http.DefaultClient, admin, "POST", person+"/reset", nil, ""); res.StatusCode != 409 {
		t.Errorf("a reset link for a deactivated person: %d", res.StatusCode)
	}
	if res, _ := a.api(http.DefaultClient, admin, "POST", person+"/reactivate", nil, ""); res.StatusCode != 200 {
		t.Errorf("reactivate: %d", res.StatusCode)
	}
	if s := a.signInStatus(email, "sandi-baru-rina-123"); s != 201 {
		t.Errorf("sign-in after reactivation: %d", s)
	}

	// The administrator cannot deactivate themselves; another region's
	// administrator does not see the person.
	self := a.st.UserID(t, roleEmails["admin"])
	if res, _ := a.api(http.DefaultClient, admin, "POST", fmt.Sprintf("/api/v1/admin/people/%d/deactivate", self), nil, ""); res.StatusCode != 409 {
		t.Errorf("self-deactivation: %d", res.StatusCode)
	}
	other := a.token("admin.pangkalpinang@policyflow.test")
	if res, _ := a.api(http.DefaultClient, other, "POST", person+"/deactivate", nil, ""); res.StatusCode != 404 {
		t.Errorf("another region's administrator: %d", res.StatusCode)
	}
	if res, body := a.api(http.DefaultClient, other, "GET", "/api/v1/admin/people", nil, ""); res.StatusCode != 200 || strings.Contains(body, email) {
		t.Errorf("another region's list: %d shows %s: %v", res.StatusCode, email, strings.Contains(body, email))
	}

	// Every change is in the region's administrative audit log.
	var actions []string
	a.st.DB.SQL().Select(&actions, `SELECT action FROM audit_log WHERE subject = $1 ORDER BY id`, fmt.Sprintf("user:%d", u.ID))
	want := "user.invited,user.password_set,user.password_reset_requested,user.password_set,user.updated,user.deactivated,user.reactivated"
	if strings.Join(actions, ",") != want {
		t.Errorf("audit %v, want %s", actions, want)
	}
}

// The pages: the list with role, unit, jabatan, NIP and status; the invite
// form keeps what was typed and names the field it refuses; an unknown or
// expired link says so in Indonesian.
func TestPeoplePages(t *testing.T) {
	a := newApp(t)
	c := a.people["admin"]
	res, page := a.get(c, "/admin/people")
	if res.StatusCode != 200 || !strings.Contains(page, "penyusun.sawahlunto@policyflow.test") || strings.Contains(page, "pangkalpinang@") ||
		!strings.Contains(page, "Penyusun kebijakan") {
		t.Fatalf("people page: %d %s", res.StatusCode, gist(page))
	}
	csrf := a.csrf(c, "/admin/people")
	res, page = a.form(c, "/admin/people", url.Values{"csrf": {csrf}, "email": {"budi@sawahlunto.go.id"}, "name": {"Budi"}, "role": {"leader"}, "nip": {"12345"}})
	if res.StatusCode != 422 || !strings.Contains(page, `id="invite-error"`) || !strings.Contains(page, `value="budi@sawahlunto.go.id"`) || !strings.Contains(page, "NIP") {
		t.Errorf("a bad NIP on the form: %d %s", res.StatusCode, gist(page))
	}
	res, _ = a.form(c, "/admin/people", url.Values{"csrf": {csrf}, "email": {"budi@sawahlunto.go.id"}, "name": {"Budi"}, "role": {"leader"}, "nip": {"198503122010011002"}})
	if res.StatusCode != 303 || !strings.Contains(res.Header.Get("Location"), "/changes?done=change_done_proposed") {
		t.Fatalf("invite a leader on the form: %d %s, want the proposal on /changes", res.StatusCode, res.Header.Get("Location"))
	}
	// A leader is a role of power: a second administrator confirms the invitation.
	a.confirmLatest(t, a.secondAdmin(t, "sawahlunto"))
	_, page = a.get(c, "/admin/people?done=people_invited")
	if !strings.Contains(page, "Diundang, belum membuat kata sandi") || !strings.Contains(page, "198503122010011002") {
		t.Errorf("the invited person is not listed as invited: %s", gist(page))
	}
	var id int64
	a.st.DB.SQL().Get(&id, `SELECT id FROM users WHERE email = 'budi@sawahlunto.go.id'`)
	p := fmt.Sprintf("/admin/people/%d", id)
	res, page = a.form(c, p, url.Values{"csrf": {csrf}, "name": {"Budi Santoso"}, "role": {"drafter"}, "unit": {""}, "title": {"Analis"}})
	if res.StatusCode != 422 || !strings.Contains(page, `id="person-error"`) {
		t.Errorf("a drafter with no unit: %d %s", res.StatusCode, gist(page))
	}
	res, _ = a.form(c, p, url.Values{"csrf": {csrf}, "name": {"Budi Santoso"}, "role": {"drafter"}, "unit": {"bkpsdm"}, "title": {"Analis"}})
	if res.StatusCode != 303 {
		t.Fatalf("update on the form: %d", res.StatusCode)
	}
	if res, page := a.get(c, p+"?done=people_done_saved"); res.StatusCode != 200 || !strings.Contains(page, "Budi Santoso") || !strings.Contains(page, "Tersimpan") {
		t.Errorf("person page: %d %s", res.StatusCode, gist(page))
	}
	for _, path := range []string{"/deactivate", "/reactivate", "/reset"} {
		if res, _ := a.form(c, p+path, url.Values{"csrf": {csrf}}); res.StatusCode != 303 {
			t.Errorf("POST %s: %d", path, res.StatusCode)
		}
	}
	// Resent to someone with no password: an invitation again.
	link := a.outboxLink(t, "budi@sawahlunto.go.id", "invitation")
	var n int
	a.st.DB.SQL().Get(&n, `SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = 'budi@sawahlunto.go.id' AND n.kind = 'invitation'`)
	if n != 2 {
		t.Errorf("%d invitations, want 2 (the first and the one sent again)", n)
	}
	a.st.DB.SQL().MustExec(`UPDATE password_tokens SET created_at = now() - interval '4 days', expires_at = now() - interval '1 day' WHERE user_id = $1`, id)
	if res, page := a.get(a.client(), link); res.StatusCode != 410 || !strings.Contains(page, "kedaluwarsa") {
		t.Errorf("an expired link: %d %s", res.StatusCode, gist(page))
	}
	if res, page := a.get(a.client(), "/invite/"+strings.Repeat("x", 43)); res.StatusCode != 404 || !strings.Contains(page, "tidak dikenal") {
		t.Errorf("an unknown link: %d %s", res.StatusCode, gist(page))
	}
}

// login2 signs in through the form with a password of one's own.
func (a *app) login2(t *testing.T, email, password string) *http.Client {
	t.Helper()
	return a.loginAs(t, email, password)
}

func (a *app) tokenWith(t *testing.T, email, password string) string {
	t.Helper()
	return a.tokenAs(t, email, password)
}

// ---- The people routes in the shared matrices ----

// peopleWorld is what the matrices aim at on the people routes: a person
// of Kota Sawahlunto (invited, no password), its administrator, and a
// valid invitation link of the person.
type peopleWorld struct {
	person, self int64
	token        string // the link's token
}

const matrixInvite = "matriks-undangan-0123456789"

func (a *app) peopleWorld(t *testing.T) peopleWorld {
	t.Helper()
	db := a.st.DB.SQL()
	w := peopleWorld{self: a.st.UserID(t, roleEmails["admin"]), token: matrixInvite}
	if err := db.Get(&w.person, `INSERT INTO users (email, name, role, region_id, password_hash)
		SELECT 'orang.matriks@policyflow.test', 'Orang Matriks', 'stakeholder', region_id, '' FROM users WHERE id = $1 RETURNING id`, w.self); err != nil {
		t.Fatal(err)
	}
	// The link is another person's: a new link for w.person (the reset
	// route) ends the ones sent before it.
	var invited int64
	if err := db.Get(&invited, `INSERT INTO users (email, name, role, region_id, password_hash)
		SELECT 'tautan.matriks@policyflow.test', 'Tautan Matriks', 'stakeholder', region_id, '' FROM users WHERE id = $1 RETURNING id`, w.self); err != nil {
		t.Fatal(err)
	}
	db.MustExec(`INSERT INTO password_tokens (user_id, purpose, token_hash, expires_at) VALUES ($1, 'invite', $2, now() + interval '1 day')`,
		invited, hashHex(w.token))
	return w
}

// peoplePaths gives the hostile requests a person and a link.
func (a *app) peoplePaths(t *testing.T, path map[string]string) {
	pw := a.peopleWorld(t)
	path["person"], path["token"] = fmt.Sprint(pw.person), pw.token
}

// peopleRoleCases are the people routes of the route × role matrix.
func peopleRoleCases(pw peopleWorld) (pages []pageCase, api map[string]apiCase) {
	p := fmt.Sprintf("/admin/people/%d", pw.person)
	unknown := "/reset/" + strings.Repeat("x", 43)
	mismatched := url.Values{"password": {"kata-sandi-satu"}, "password2": {"kata-sandi-dua"}}
	pages = []pageCase{
		// The link first: deactivation (below) ends the person's links.
		{"GET", "/invite/" + pw.token, nil, want{"*": 200}},
		{"POST", "/invite/" + pw.token, mismatched, want{"*": 422}},
		{"GET", "/admin/people", nil, only("admin", 200)},
		{"POST", "/admin/people", url.Values{"email": {"bukan-email"}, "name": {"X"}, "role": {"leader"}}, only("admin", 422)},
		{"GET", p, nil, only("admin", 200)},
		{"POST", p, url.Values{"name": {"X"}, "role": {"raja"}}, only("admin", 422)},
		{"POST", p + "/deactivate", url.Values{}, only("admin", 303)},
		{"POST", p + "/reactivate", url.Values{}, only("admin", 303)},
		{"POST", p + "/reset", url.Values{}, only("admin", 303)},
		{"GET", unknown, nil, want{"*": 404}},
		{"POST", unknown, mismatched, want{"*": 404}},
	}
	api = map[string]apiCase{
		"GET /admin/people":                      {nil, onlyAPI("admin", 200)},
		"POST /admin/people":                     {map[string]string{"email": "bukan-email", "name": "X", "role": "leader"}, onlyAPI("admin", 422)},
		"POST /admin/people/{person}":            {map[string]string{"nip": "123"}, onlyAPI("admin", 422)},
		"POST /admin/people/{person}/deactivate": {nil, onlyAPI("admin", 200)},
		"POST /admin/people/{person}/reactivate": {nil, onlyAPI("admin", 200)},
		"POST /admin/people/{person}/reset":      {nil, onlyAPI("admin", 202)},
	}
	return pages, api
}

// ownAdmin is a route of a person of Kota Sawahlunto: its administrator's
// alone (another region's gets 404, as if the person were absent).
func ownAdmin(isAPI bool, ok int) func(principal) int {
	return roleOwn(isAPI, "admin", ok)
}

// peopleScopeCases are the people routes of the region × unit matrix: only
// the region's own administrator reaches its people (another region's
// administrator gets 404, as if absent); the links' pages are anyone's.
func peopleScopeCases(pw peopleWorld) []scopeCase {
	p, api := fmt.Sprintf("/admin/people/%d", pw.person), fmt.Sprintf("/api/v1/admin/people/%d", pw.person)
	self, apiSelf := fmt.Sprintf("/admin/people/%d", pw.self), fmt.Sprintf("/api/v1/admin/people/%d", pw.self)
	// anyAdmin: a route of the administrator's own region, whichever it is.
	anyAdmin := func(isAPI bool, ok int) func(principal) int { return roleOnly(isAPI, "admin", ok) }
	mismatched := url.Values{"password": {"kata-sandi-satu"}, "password2": {"kata-sandi-dua"}}
	unknown := strings.Repeat("x", 43)
	return []scopeCase{
		{method: "GET", pattern: "/admin/people", path: "/admin/people", want: anyAdmin(false, 200)},
		{method: "POST", pattern: "/admin/people", path: "/admin/people", form: url.Values{"email": {"bukan-email"}, "name": {"X"}, "role": {"leader"}}, want: anyAdmin(false, 422)},
		{method: "GET", pattern: "/admin/people/{person}", path: p, want: ownAdmin(false, 200)},
		{method: "POST", pattern: "/admin/people/{person}", path: p, form: url.Values{"name": {"X"}, "role": {"raja"}}, want: ownAdmin(false, 422)},
		// Nobody deactivates themselves: 409 for the administrator, changing nothing.
		{method: "POST", pattern: "/admin/people/{person}/deactivate", path: self + "/deactivate", want: ownAdmin(false, 409)},
		{method: "POST", pattern: "/admin/people/{person}/reactivate", path: p + "/reactivate", want: ownAdmin(false, 303)},
		{method: "POST", pattern: "/admin/people/{person}/reset", path: p + "/reset", want: ownAdmin(false, 303)},
		{method: "GET", pattern: "/invite/{token}", path: "/invite/" + pw.token, want: all(200)},
		{method: "POST", pattern: "/invite/{token}", path: "/invite/" + pw.token, form: mismatched, want: all(422)},
		{method: "GET", pattern: "/reset/{token}", path: "/reset/" + unknown, want: all(404)},
		{method: "POST", pattern: "/reset/{token}", path: "/reset/" + unknown, form: mismatched, want: all(404)},
		{method: "GET", pattern: "/api/v1/admin/people", path: "/api/v1/admin/people", want: anyAdmin(true, 200)},
		{method: "POST", pattern: "/api/v1/admin/people", path: "/api/v1/admin/people", body: map[string]string{"email": "bukan-email", "name": "X", "role": "leader"}, want: anyAdmin(true, 422)},
		{method: "POST", pattern: "/api/v1/admin/people/{person}", path: api, body: map[string]string{"nip": "123"}, want: ownAdmin(true, 422)},
		{method: "POST", pattern: "/api/v1/admin/people/{person}/deactivate", path: apiSelf + "/deactivate", want: ownAdmin(true, 409)},
		{method: "POST", pattern: "/api/v1/admin/people/{person}/reactivate", path: api + "/reactivate", want: ownAdmin(true, 200)},
		{method: "POST", pattern: "/api/v1/admin/people/{person}/reset", path: api + "/reset", want: ownAdmin(true, 202)},
	}
}

// peopleTextCases are the hostile text cases of the people API's schemas:
// a name or jabatan is kept verbatim; an email, role, unit or NIP that is
// none is refused naming the field.
func (a *app) peopleTextCases(path map[string]string, js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	person := "/api/v1/admin/people/" + path["person"]
	invite := func(field string) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			// A stakeholder: invited at once (a role of power would be a proposal).
			in := map[string]string{"email": fmt.Sprintf("serangan-%s-%d@policyflow.test", field, i), "name": "Orang Uji", "role": "stakeholder"}
			in[field] = s
			return js(t, "admin", "/api/v1/admin/people", in, nil)
		}
	}
	update := func(field string) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			return js(t, "admin", person, map[string]string{field: s}, nil)
		}
	}
	invited := map[string]delta{"users": {1, 0}, "password_tokens": {1, 0}, "notifications": {1, 0}, "audit_log": {1, 0}}
	updated := map[string]delta{"users": {1, 1}, "audit_log": {1, 0}}
	out := map[string][]textCase{}
	for _, f := range []string{"email", "name", "role", "unit", "title", "nip"} {
		ic := textCase{name: "POST /admin/people " + f, field: f, status: 422, send: invite(f)}
		uc := textCase{name: "POST /admin/people/{person} " + f, field: f, status: 422, send: update(f)}
		switch f {
		case "name", "title":
			ic.status, ic.changes = 201, invited
			ic.stored = func(t *testing.T, s, body string) {
				var u struct{ ID int64 }
				json.Unmarshal([]byte(body), &u)
				verbatim(t, "invited "+f, a.text(t, `SELECT `+f+` FROM users WHERE id = $1`, u.ID), s)
			}
			uc.status, uc.changes = 200, updated
			uc.stored = a.storedAs("updated "+f, `SELECT `+f+` FROM users WHERE id = $1`, path["person"])
		}
		out["InvitationInput"] = append(out["InvitationInput"], ic)
		out["PersonBody"] = append(out["PersonBody"], uc)
	}
	return out
}
