package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
)

// principal is one person of the region × unit matrix: a role, in the
// region of the objects under test (Kota Sawahlunto) or in another
// (Kota Pangkalpinang), and for unit officers in the unit that runs the
// program (Disdukcapil) or another one (Dinas Kesehatan).
type principal struct {
	name      string
	role      string // "" for anonymous
	own       bool   // in the objects' region
	otherUnit bool   // a unit officer of another unit than the program's
	uninvited bool   // a stakeholder the consultation did not invite (the praktisi)
	email     string
	addr      string // the address the principal's requests come from
	page      *http.Client
	token     string
}

func (p principal) anon() bool { return p.role == "" }

// staff: of the objects' region in a role of its staff. A stakeholder of
// the region (akademisi, praktisi) is not: they read what the public reads
// and what they were invited to.
func (p principal) staff() bool { return p.own && p.role != "stakeholder" }

// invited: the stakeholder the consultation of scopeWorld.consult invited.
func (p principal) invited() bool { return p.own && p.role == "stakeholder" && !p.uninvited }

// scopeWorld is what the matrix acts on, all in Kota Sawahlunto: a private
// draft, a published policy in implementation with an evaluation round for
// every unit, a program of Disdukcapil with a trainee of Disdukcapil and one
// of Dinas Kesehatan, comments on both policies, a notification of the
// drafter and an API token of the mayor; and a policy in consultation that
// invited the akademisi (not the praktisi), with an attachment.
type scopeWorld struct {
	draft, pub             int64
	consult, consultAtt    int64
	draftComment, pubCmt   int64
	program, note, token   int64
	trainee                int64 // the program's Disdukcapil trainee (nipOwnUnit)
	nipOwnUnit, nipOtherUn string
	people                 peopleWorld     // the people routes (people_test.go)
	admin                  adminWorld      // units, groups, chains, acting officials, settings (admin_test.go)
	answers, answersPub    answersWorld    // consultations of the draft (nothing published) and of the published policy (an answer published): answers_test.go
	mod                    moderationWorld // attachments (moderation_test.go)
	rosterPerson           int64           // on Sawahlunto's ASN roster (roster_matrix_test.go)
	refusedDelivery        int64           // a notification to Sawahlunto's drafter whose email was refused (operations_test.go)
	learning               int64           // an activity of rosterPerson (learning_matrix_test.go)
	planItem               int64           // an item of Sawahlunto's plan (plan_matrix_test.go)
	topic                  int64           // a topic of Sawahlunto's list (topics_test.go)
	siasnPart, siasnBatch  int64           // a Disdukcapil trainee who did not complete; a SIASN export batch of Sawahlunto
	skmUnit                int64           // the unit whose SKM of the published policy's round 1 is recorded (skm_test.go)
	pubEnacted             int             // the published policy's enacted version (articles_test.go)
}

func (a *app) scopePrincipals(t *testing.T) []principal {
	t.Helper()
	db := a.st.DB.SQL()
	// A second unit officer in each region, of Dinas Kesehatan (the
	// praktisi, a stakeholder of the seed, is invited to nothing).
	for _, slug := range []string{"sawahlunto", "pangkalpinang"} {
		db.MustExec(`INSERT INTO users (email, name, role, region_id, unit_id, title, password_hash)
			SELECT 'opd2.'||r.slug||'@policyflow.test', 'Petugas Dinkes', 'unit_officer', r.id, un.id, 'Pengelola Kepegawaian', u.password_hash
			FROM regions r JOIN units un ON un.region_id = r.id AND un.code = 'dinkes'
			JOIN users u ON u.email = 'opd.'||r.slug||'@policyflow.test' WHERE r.slug = $1`, slug)
	}
	ps := []principal{{name: "anonim", page: a.client()}}
	for _, region := range []string{"sawahlunto", "pangkalpinang"} {
		own := region == "sawahlunto"
		for _, p := range []struct{ who, role string }{
			{"penyusun", "drafter"}, {"akademisi", "stakeholder"}, {"praktisi", "stakeholder"}, {"kabid", "leader"}, {"opd", "unit_officer"},
			{"opd2", "unit_officer"}, {"admin", "admin"}, {"hukum", "legal"},
		} {
			email := p.who + "." + region + "@policyflow.test"
			ps = append(ps, principal{name: p.role + "/" + region + map[string]string{"opd2": "/unit-lain", "praktisi": "/tidak-diundang"}[p.who],
				role: p.role, own: own, otherUnit: p.who == "opd2", uninvited: p.who == "praktisi", email: email, page: a.login(email), token: a.token(email)})
		}
	}
	for i := range ps {
		ps[i].addr = fmt.Sprintf("10.9.0.%d", i+1)
	}
	return ps
}

func (a *app) scopeWorld(t *testing.T) scopeWorld {
	t.Helper()
	db := a.st.DB.SQL()
	w := scopeWorld{draft: a.policyID("sawahlunto-peningkatan-kompetensi-asn"), pub: a.policyID("sawahlunto-pengelolaan-kompetensi-asn")}
	// The published one goes through approval to implementation by the API.
	c := http.DefaultClient
	base := fmt.Sprintf("/api/v1/policies/%d", w.pub)
	drafter := a.token("penyusun.sawahlunto@policyflow.test")
	if res, out := a.api(c, drafter, "POST", base+"/actions/submit", map[string]any{}, ""); res.StatusCode != 200 {
		t.Fatalf("submit: %d %s", res.StatusCode, out)
	}
	v, err := a.st.DB.CurrentVersion(t.Context(), w.pub)
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"kabid", "kepala", "sekda", "walikota"} {
		tok := a.token(who + ".sawahlunto@policyflow.test")
		if res, out := a.api(c, tok, "POST", base+"/actions/approve", map[string]any{"version_sha256": v.SHA256}, ""); res.StatusCode != 200 {
			t.Fatalf("%s approves: %d %s", who, res.StatusCode, out)
		}
	}
	devtest.InForceInSQL(t, a.st.DB, w.pub)
	w.pubEnacted = v.Number
	if res, out := a.api(c, drafter, "POST", base+"/actions/start_implementation", map[string]any{}, ""); res.StatusCode != 200 {
		t.Fatalf("start implementation: %d %s", res.StatusCode, out)
	}
	for _, pc := range []struct {
		id  int64
		dst *int64
	}{{w.draft, &w.draftComment}, {w.pub, &w.pubCmt}} {
		if err := db.Get(pc.dst, `INSERT INTO comments (policy_id, version_id, section_anchor, author_name, body)
			SELECT id, current_version_id, '', 'Uji', 'Komentar uji' FROM policies WHERE id = $1 RETURNING id`, pc.id); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Get(&w.program, `INSERT INTO programs (policy_id, unit_id, kind, title, starts_on, ends_on, jp)
		SELECT $1, unit_id, 'seminar', 'Seminar uji', '2026-01-10', '2026-01-11', 8 FROM users WHERE email = 'opd.sawahlunto@policyflow.test' RETURNING id`,
		w.pub); err != nil {
		t.Fatal(err)
	}
	w.nipOwnUnit, w.nipOtherUn = "198503152010011001", "199001012015032002"
	if err := db.Get(&w.trainee, `INSERT INTO participants (program_id, nip, name, unit_id, attended, completed)
		SELECT $1, $2, 'Budi Disdukcapil', unit_id, true, true FROM users WHERE email = 'opd.sawahlunto@policyflow.test' RETURNING id`, w.program, w.nipOwnUnit); err != nil {
		t.Fatal(err)
	}
	db.MustExec(`INSERT INTO participants (program_id, nip, name, unit_id, attended, completed)
		SELECT $1, $2, 'Sari Dinkes', unit_id, true, true FROM users WHERE email = 'opd2.sawahlunto@policyflow.test'`, w.program, w.nipOtherUn)
	if err := db.Get(&w.note, `INSERT INTO notifications (dedup_key, user_id, kind, subject, link)
		SELECT 'lingkup-1', id, 'uji', 'Uji', '/dashboard' FROM users WHERE email = 'penyusun.sawahlunto@policyflow.test' RETURNING id`); err != nil {
		t.Fatal(err)
	}
	tok, err := a.st.DB.CreateAPIToken(t.Context(), a.st.UserID(t, "walikota.sawahlunto@policyflow.test"), "lingkup", hashHex("lingkup-walikota"), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	w.token = tok
	w.people = a.peopleWorld(t)
	w.admin = a.adminWorld(t)
	w.answers, w.answersPub = a.answersWorldOf(t, w.draft, false), a.answersWorldOf(t, w.pub, true)
	w.mod = a.moderationWorld(t)
	if err := db.Get(&w.rosterPerson, `INSERT INTO asn_roster (region_id, nip, name, kind, unit_id)
		SELECT region_id, '198503122010011002', 'Budi Lingkup', 'PNS', unit_id FROM users WHERE email = 'opd.sawahlunto@policyflow.test' RETURNING id`); err != nil {
		t.Fatal(err)
	}
	w.learning = learningActivityOf(t, a, w.rosterPerson)
	w.topic = a.scopeTopic(t)
	w.refusedDelivery = a.refusedDelivery(t)
	if err := db.Get(&w.planItem, `INSERT INTO plan_items (region_id, year, unit_id, competency, kind, target_participants, target_jp)
		SELECT region_id, 2026, unit_id, 'Pelayanan prima', 'pelatihan', 10, 20 FROM users WHERE email = 'opd.sawahlunto@policyflow.test' RETURNING id`); err != nil {
		t.Fatal(err)
	}
	db.MustExec(`INSERT INTO plan_item_programs (item_id, program_id) VALUES ($1, $2)`, w.planItem, w.program) // it cannot be deleted
	if err := db.Get(&w.siasnPart, `INSERT INTO participants (program_id, nip, name, unit_id, attended, completed)
		SELECT $1, '198503152010011077', 'Budi Belum Lulus', unit_id, true, false FROM users WHERE email = 'opd.sawahlunto@policyflow.test' RETURNING id`, w.program); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(&w.siasnBatch, `INSERT INTO siasn_exports (region_id, rows, row_count) SELECT region_id, '[]', 1 FROM users
		WHERE email = 'opd.sawahlunto@policyflow.test' RETURNING id`); err != nil {
		t.Fatal(err)
	}
	w.skmUnit = a.skmFixture(t, w.pub, "dispar", threes(40), 0) // a recorded SKM (skm_test.go)
	w.consult = a.policyID("sawahlunto-peningkatan-kapasitas-asn")
	open := map[string]any{"closes_at": time.Now().Add(72 * time.Hour).Format(time.RFC3339),
		"invite_user_ids": []int64{a.st.UserID(t, "akademisi.sawahlunto@policyflow.test")}}
	if res, out := a.api(c, drafter, "POST", fmt.Sprintf("/api/v1/policies/%d/actions/open_consultation", w.consult), open, ""); res.StatusCode != 200 {
		t.Fatalf("open consultation: %d %s", res.StatusCode, out)
	}
	w.consultAtt = a.attachmentRow(t, w.consult, "konsultasi")
	return w
}

// scopeCase is one request of the matrix and what each principal must get.
type scopeCase struct {
	method, pattern, path string
	form                  url.Values // pages
	body                  any        // API: JSON, or []byte sent as text/csv
	multipart             bool
	want                  func(p principal) int
}

// What each principal gets, by kind of route. A signed-out request gets
// 401 from the API and the sign-in redirect (303) from a page.
func anonStatus(api bool) int {
	if api {
		return 401
	}
	return 303
}

// all: the same status for everyone.
func all(s int) func(principal) int { return func(principal) int { return s } }

// signedIn: s for everyone signed in.
func signedIn(api bool, s int) func(principal) int {
	return func(p principal) int {
		if p.anon() {
			return anonStatus(api)
		}
		return s
	}
}

// readable: what anyone may read of a published policy, and only its
// region of a draft (another city's draft is 404, as if absent).
func readable(isDraft bool) func(principal) int {
	return func(p principal) int {
		if isDraft && !p.staff() {
			return 404
		}
		return 200
	}
}

// ofRegion: a region's own business on a policy (signed in, of role, or
// of any role when role is "", of the policy's region's staff): others'
// drafts 404, others' published policies 403 (a stakeholder of the region
// is one of the others).
func ofRegion(api, isDraft bool, role string, ok int) func(principal) int {
	return func(p principal) int {
		switch {
		case p.anon():
			return anonStatus(api)
		case role != "" && p.role != role:
			return 403
		case !p.staff() && isDraft:
			return 404
		case !p.staff():
			return 403
		}
		return ok
	}
}

// drafterOwn: routes of a drafter on an object of the drafter's region
// (another region's is 404, another role 403).
func drafterOwn(api bool, ok int) func(principal) int {
	return roleOwn(api, "drafter", ok)
}

// roleOwn: routes of role on an object of its region (another region's is
// 404, another role 403).
func roleOwn(api bool, role string, ok int) func(principal) int {
	return func(p principal) int {
		switch {
		case p.anon():
			return anonStatus(api)
		case p.role != role:
			return 403
		case !p.own:
			return 404
		}
		return ok
	}
}

// roleOnly: routes of a role with no object of a region.
func roleOnly(api bool, role string, ok int) func(principal) int {
	return gate(api, []string{role}, false, false, ok)
}

// gate: signed in, in one of roles, of the objects' region when ownRegion,
// of the program's unit when ownUnit; 403 otherwise.
func gate(api bool, roles []string, ownRegion, ownUnit bool, ok int) func(principal) int {
	return func(p principal) int {
		switch {
		case p.anon():
			return anonStatus(api)
		case !slices.Contains(roles, p.role):
			return 403
		case ownRegion && !p.own:
			return 403
		case ownUnit && p.otherUnit:
			return 403
		}
		return ok
	}
}

// Each city is its own (DESIGN.md): every route, pages and API, walked
// from the router, for every role, in the objects' region and in another,
// and for unit officers in the program's unit and in another. The status is
// exact, and a refusal changes nothing in the database.
func TestRegionUnitMatrix(t *testing.T) {
	a := newApp(t)
	ps := a.scopePrincipals(t)
	w := a.scopeWorld(t)
	cases := scopeCases(w)

	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.method+" "+c.pattern] = true
	}
	for _, rt := range a.allRoutes(t) {
		if !covered[rt.method+" "+rt.pattern] {
			t.Errorf("route %s %s has no case in the region × unit matrix", rt.method, rt.pattern)
		}
	}
	n := 0
	for _, c := range cases {
		for _, p := range ps {
			want := c.want(p)
			t.Run(c.method+" "+c.path+" "+p.name, func(t *testing.T) {
				before := a.scopeRows(t)
				res, body := a.scopeDo(t, c, p)
				n++
				if res.StatusCode != want {
					t.Errorf("%s %s as %s: status %d, want %d: %s", c.method, c.path, p.name, res.StatusCode, want, gist(body))
				}
				if res.StatusCode >= 400 {
					if got := changes(before, a.scopeRows(t)); len(got) > 0 {
						t.Errorf("a refusal (%d) changed the database: %v", res.StatusCode, got)
					}
				}
			})
		}
	}
	t.Logf("region × unit matrix: %d cases over %d routes × %d principals", n, len(covered), len(ps))
}

// gist is the part of an answer that says why: the JSON, or the page's main text.
func gist(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	body = regexp.MustCompile(`<[^>]*>|\s+`).ReplaceAllString(body, " ")
	if len(body) > 200 {
		body = body[:200]
	}
	return body
}

// scopeRows is the database as rows(), without the sign-in bookkeeping a
// refused sign-in rightly writes.
func (a *app) scopeRows(t *testing.T) dbRows {
	r := a.rows(t)
	delete(r, "login_attempts")
	return r
}

func (a *app) scopeDo(t *testing.T, c scopeCase, p principal) (*http.Response, string) {
	t.Helper()
	var rd io.Reader
	ct := ""
	api := strings.HasPrefix(c.path, "/api/")
	switch {
	case c.multipart:
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		mw.WriteField("csrf", a.csrfOf(p))
		mw.Close()
		rd, ct = &b, mw.FormDataContentType()
	case c.method == "POST" && !api:
		if c.pattern == "/logout" && !p.anon() {
			p.page = a.login(p.email)
		}
		f := url.Values{"csrf": {a.csrfOf(p)}}
		maps.Copy(f, c.form)
		rd, ct = strings.NewReader(f.Encode()), "application/x-www-form-urlencoded"
	case c.body != nil:
		if raw, ok := c.body.([]byte); ok {
			rd, ct = bytes.NewReader(raw), "text/csv"
		} else {
			b, _ := json.Marshal(c.body)
			rd, ct = bytes.NewReader(b), "application/json"
		}
	}
	req, _ := http.NewRequestWithContext(t.Context(), c.method, a.srv.URL+c.path, rd)
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	// Each principal from an address of their own (the test server trusts
	// the loopback proxy), so refused sign-ins count per person.
	req.Header.Set("X-Real-IP", p.addr)
	client := p.page // for /logout, a session of its own (see above)
	if api {
		client = a.client()
		if p.token != "" {
			req.Header.Set("Authorization", "Bearer "+p.token)
		}
	}
	return devtest.Do(t, client, req)
}

// csrfOf is the principal's CSRF token for forms.
func (a *app) csrfOf(p principal) string { return a.csrf(p.page, "/login") }

// scopeCases is the matrix: every route with the status each principal gets.
func scopeCases(w scopeWorld) []scopeCase {
	P := func(id int64) string { return fmt.Sprintf("/policies/%d", id) }
	A := func(id int64) string { return fmt.Sprintf("/api/v1/policies/%d", id) }
	prog := fmt.Sprintf("%s/programs/%d", P(w.pub), w.program)
	aprog := fmt.Sprintf("%s/programs/%d", A(w.pub), w.program)

	readableID := func(id int64) func(principal) int { return readable(id == w.draft) }
	internal := func(api bool, id int64, role string, ok int) func(principal) int {
		return ofRegion(api, id == w.draft, role, ok)
	}
	// comment: the region's staff may comment; a stakeholder where the
	// open consultation invited them (held for moderation); others only
	// where a consultation is open to the public (none here).
	comment := func(id int64, ok int) func(principal) int {
		return func(p principal) int {
			switch {
			case !p.staff() && id == w.draft:
				return 404
			case p.staff(), id == w.consult && p.invited():
				return ok
			}
			return 403
		}
	}
	officers := []string{"drafter", "unit_officer"}
	// personal: civil servants' data, for the region's drafters and the
	// officers of the trainees' units (both units have trainees here).
	personal := func(api bool, ok int) func(principal) int { return gate(api, officers, true, false, ok) }
	// ledger: each reads their own region's (their unit's lines for
	// officers); ?region=sawahlunto from Pangkalpinang is 403.
	ledger := func(api bool, asksOwnRegionOf bool) func(principal) int {
		return gate(api, officers, asksOwnRegionOf, false, 200)
	}
	// record: attendance is recorded by the region's drafter or the
	// officers of the program's unit.
	record := func(api bool, ok int) func(principal) int { return gate(api, officers, true, true, ok) }
	// survey: a round's survey is filled by the officers of the region's
	// units that have a round (every unit here).
	survey := func(api bool, ok int) func(principal) int {
		return gate(api, []string{"unit_officer"}, true, false, ok)
	}
	// act: a lifecycle action of role on a policy.
	act := func(api bool, id int64, role string, ok int) func(principal) int {
		return func(p principal) int {
			switch {
			case p.anon():
				return anonStatus(api)
			case !p.staff() && id == w.draft:
				return 404
			case !p.staff():
				return 403
			case role == "" || p.role != role:
				if role == "" {
					return 404 // not an action a client may send
				}
				return 403
			}
			return ok
		}
	}
	owner := func(api bool, ok int) func(principal) int {
		return func(p principal) int {
			switch {
			case p.anon():
				return anonStatus(api)
			case p.email == "penyusun.sawahlunto@policyflow.test":
				return ok
			}
			return 404
		}
	}
	createPolicy := func(api bool) func(principal) int { return gate(api, []string{"drafter"}, true, false, 422) }
	skmForm := url.Values{"u1_1": {"0"}} // no respondent: 422 for those who may fill it
	csv := []byte("nip;nama;unit;hadir;lulus\n123;Budi;disdukcapil;ya;ya\n")
	drafterOnly, anyRole := "drafter", ""

	cs := []scopeCase{
		// Pages.
		{method: "GET", pattern: "/", path: "/", want: all(200)},
		{method: "GET", pattern: "/policies", path: "/policies?q=kompetensi", want: all(200)},
		{method: "GET", pattern: "/healthz", path: "/healthz", want: all(200)},
		{method: "GET", pattern: "/readyz", path: "/readyz", want: all(200)},
		// Every principal comes through the test's trusted proxy (X-Real-IP):
		// /metrics is refused alike for all, region or not (metrics.go).
		{method: "GET", pattern: "/metrics", path: "/metrics", want: all(403)},
		{method: "GET", pattern: "/login", path: "/login", want: all(200)},
		{method: "POST", pattern: "/login", path: "/login", form: url.Values{"email": {"tidak.ada@policyflow.test"}, "password": {"salah"}}, want: all(422)},
		{method: "GET", pattern: "/unsubscribe", path: "/unsubscribe?t=bad.token", want: all(400)},
		{method: "POST", pattern: "/unsubscribe", path: "/unsubscribe", form: url.Values{"t": {"bad.token"}}, want: all(400)},
		// Following (follow.go): a policy anyone may see, or its region's
		// draft for its staff alone; a city by its slug; the links' signed
		// tokens alike for everyone.
		{method: "GET", pattern: "/follow", path: fmt.Sprintf("/follow?policy=%d", w.draft), want: readable(true)},
		{method: "GET", pattern: "/follow", path: fmt.Sprintf("/follow?policy=%d", w.pub), want: all(200)},
		{method: "GET", pattern: "/follow", path: "/follow?region=sawahlunto", want: all(200)},
		{method: "POST", pattern: "/follow", path: "/follow", form: url.Values{"policy": {fmt.Sprint(w.draft)}}, want: func(p principal) int {
			if p.staff() {
				return 303
			}
			return 404
		}},
		{method: "POST", pattern: "/follow", path: "/follow", form: url.Values{"region": {"tidak-ada"}}, want: all(422)},
		{method: "GET", pattern: "/follow/confirm", path: "/follow/confirm?t=1.bad", want: all(400)},
		{method: "POST", pattern: "/follow/confirm", path: "/follow/confirm", form: url.Values{"t": {"1.bad"}}, want: all(400)},
		{method: "GET", pattern: "/follow/unsubscribe", path: "/follow/unsubscribe?t=1.bad", want: all(400)},
		{method: "POST", pattern: "/follow/unsubscribe", path: "/follow/unsubscribe", form: url.Values{"t": {"1.bad"}}, want: all(400)},
		{method: "GET", pattern: "/follow/manage", path: "/follow/manage", want: all(200)},
		{method: "GET", pattern: "/follow/manage", path: "/follow/manage?t=bad", want: all(400)},
		{method: "POST", pattern: "/follow/erase", path: "/follow/erase", form: url.Values{"t": {"bad"}}, want: all(400)},
		{method: "POST", pattern: "/follow/language", path: "/follow/language", form: url.Values{"t": {"bad"}, "lang": {"en"}}, want: all(400)},
		{method: "POST", pattern: "/logout", path: "/logout", want: signedIn(false, 303)},
		{method: "GET", pattern: "/dashboard", path: "/dashboard", want: signedIn(false, 200)},
		{method: "GET", pattern: "/notifications", path: "/notifications", want: signedIn(false, 200)},
		{method: "POST", pattern: "/notifications/{nid}/read", path: fmt.Sprintf("/notifications/%d/read", w.note), want: owner(false, 303)},
		{method: "GET", pattern: "/notifications/{nid}/open", path: fmt.Sprintf("/notifications/%d/open", w.note), want: owner(false, 303)},
		{method: "GET", pattern: "/policies/new", path: "/policies/new", want: roleOnly(false, "drafter", 200)},
		{method: "GET", pattern: "/policies/import", path: "/policies/import", want: roleOnly(false, "drafter", 200)},
		{method: "POST", pattern: "/policies/import", path: "/policies/import", multipart: true, want: roleOnly(false, "drafter", 422)},
		{method: "POST", pattern: "/api/v1/convert", path: "/api/v1/convert", want: roleOnly(true, "drafter", 415)},
		{method: "POST", pattern: "/policies", path: "/policies", form: url.Values{"region": {"sawahlunto"}, "slug": {"lingkup-uji"}, "markdown": {"tanpa judul"}}, want: createPolicy(false)},
		{method: "POST", pattern: "/preview", path: "/preview", form: url.Values{"markdown": {"# Uji"}}, want: roleOnly(false, "drafter", 200)},
		{method: "GET", pattern: "/ledger", path: "/ledger?year=2026", want: ledger(false, false)},
		{method: "GET", pattern: "/ledger", path: "/ledger?region=sawahlunto&year=2026", want: ledger(false, true)},
		{method: "GET", pattern: "/ledger.csv", path: "/ledger.csv?year=2026", want: ledger(false, false)},
		{method: "GET", pattern: "/settings", path: "/settings", want: signedIn(false, 200)},
		{method: "POST", pattern: "/settings", path: "/settings", form: url.Values{"notify_mode": {"keras"}}, want: signedIn(false, 422)},
		{method: "POST", pattern: "/settings/webhook", path: "/settings/webhook", form: url.Values{"webhook_url": {"ftp://unit.example"}}, want: roleOnly(false, "unit_officer", 422)},
		{method: "POST", pattern: "/settings/tokens", path: "/settings/tokens", form: url.Values{"name": {"lingkup"}, "expires_in_days": {"0"}}, want: signedIn(false, 422)},
		{method: "POST", pattern: "/settings/tokens/{tid}/revoke", path: fmt.Sprintf("/settings/tokens/%d/revoke", w.token), want: signedIn(false, 404)},
		{method: "POST", pattern: "/comments/{cid}/status", path: fmt.Sprintf("/comments/%d/status", w.draftComment), form: url.Values{"status": {"bogus"}}, want: internal(false, w.draft, drafterOnly, 422)},
		{method: "POST", pattern: "/comments/{cid}/status", path: fmt.Sprintf("/comments/%d/status", w.pubCmt), form: url.Values{"status": {"bogus"}}, want: internal(false, w.pub, drafterOnly, 422)},

		// API.
		{method: "POST", pattern: "/api/v1/tokens", path: "/api/v1/tokens", body: map[string]string{"email": "tidak.ada@policyflow.test", "password": "salah"}, want: all(401)},
		{method: "GET", pattern: "/api/v1/tokens", path: "/api/v1/tokens", want: signedIn(true, 200)},
		{method: "POST", pattern: "/api/v1/tokens/{tid}/revoke", path: fmt.Sprintf("/api/v1/tokens/%d/revoke", w.token), want: signedIn(true, 404)},
		{method: "GET", pattern: "/api/v1/me", path: "/api/v1/me", want: signedIn(true, 200)},
		{method: "GET", pattern: "/api/v1/dashboard", path: "/api/v1/dashboard", want: signedIn(true, 200)},
		{method: "GET", pattern: "/api/v1/policies", path: "/api/v1/policies", want: all(200)},
		{method: "POST", pattern: "/api/v1/policies", path: "/api/v1/policies", body: map[string]string{"region": "sawahlunto", "slug": "lingkup-api", "markdown": "tanpa judul"}, want: createPolicy(true)},
		{method: "GET", pattern: "/api/v1/notifications", path: "/api/v1/notifications", want: signedIn(true, 200)},
		{method: "POST", pattern: "/api/v1/notifications/{nid}/read", path: fmt.Sprintf("/api/v1/notifications/%d/read", w.note), want: owner(true, 200)},
		{method: "POST", pattern: "/api/v1/preview", path: "/api/v1/preview", body: map[string]string{"markdown": "# Uji"}, want: roleOnly(true, "drafter", 200)},
		{method: "GET", pattern: "/api/v1/ledger", path: "/api/v1/ledger?year=2026", want: ledger(true, false)},
		{method: "GET", pattern: "/api/v1/ledger", path: "/api/v1/ledger?region=sawahlunto", want: ledger(true, true)},
		{method: "GET", pattern: "/api/v1/unit/webhook", path: "/api/v1/unit/webhook", want: roleOnly(true, "unit_officer", 200)},
		{method: "POST", pattern: "/api/v1/unit/webhook", path: "/api/v1/unit/webhook", body: map[string]string{"url": "ftp://unit.example"}, want: roleOnly(true, "unit_officer", 422)},
		{method: "GET", pattern: "/api/v1/openapi.json", path: "/api/v1/openapi.json", want: all(200)},
		{method: "POST", pattern: "/api/v1/comments/{cid}/status", path: fmt.Sprintf("/api/v1/comments/%d/status", w.draftComment), body: map[string]string{"status": "bogus"}, want: internal(true, w.draft, drafterOnly, 422)},
		{method: "POST", pattern: "/api/v1/comments/{cid}/status", path: fmt.Sprintf("/api/v1/comments/%d/status", w.pubCmt), body: map[string]string{"status": "bogus"}, want: internal(true, w.pub, drafterOnly, 422)},

		// The published policy's programs, trainees and evaluation.
		{method: "GET", pattern: "/policies/{id}/programs/{pid}", path: prog, want: internal(false, w.pub, anyRole, 200)},
		{method: "POST", pattern: "/policies/{id}/programs/{pid}/participants", path: prog + "/participants", form: url.Values{"nip": {"123"}, "name": {"Budi"}, "unit": {"disdukcapil"}}, want: record(false, 422)},
		{method: "POST", pattern: "/policies/{id}/programs/{pid}/participants/import", path: prog + "/participants/import", multipart: true, want: record(false, 422)},
		{method: "GET", pattern: "/api/v1/policies/{id}/programs/{pid}/participants", path: aprog + "/participants", want: personal(true, 200)},
		{method: "POST", pattern: "/api/v1/policies/{id}/programs/{pid}/participants", path: aprog + "/participants", body: csv, want: record(true, 422)},
		{method: "GET", pattern: "/policies/{id}/evaluations/{round}/skm", path: P(w.pub) + "/evaluations/1/skm", want: survey(false, 200)},
		{method: "POST", pattern: "/policies/{id}/evaluations/{round}/skm", path: P(w.pub) + "/evaluations/1/skm", form: skmForm, want: survey(false, 422)},
		{method: "POST", pattern: "/policies/{id}/evaluations/{round}/kirkpatrick", path: P(w.pub) + "/evaluations/1/kirkpatrick", form: url.Values{}, want: survey(false, 422)},
		{method: "POST", pattern: "/api/v1/policies/{id}/evaluations/{round}/skm", path: A(w.pub) + "/evaluations/1/skm", body: map[string]any{"responses": [9][4]int{}}, want: survey(true, 422)},
		{method: "POST", pattern: "/api/v1/policies/{id}/evaluations/{round}/kirkpatrick", path: A(w.pub) + "/evaluations/1/kirkpatrick", body: map[string]any{"levels": [4][]int{}}, want: survey(true, 422)},
		// Scores come from answers: the raw action is no client's to send.
		{method: "POST", pattern: "/api/v1/policies/{id}/actions/{action}", path: A(w.pub) + "/actions/record_evaluation", body: map[string]any{"evaluation": map[string]any{"unit_id": 1, "round": 1, "instrument": "skm", "score": 10}}, want: act(true, w.pub, "", 0)},
		{method: "POST", pattern: "/policies/{id}/actions/{action}", path: P(w.pub) + "/actions/record_evaluation", form: url.Values{}, want: act(false, w.pub, "", 0)},
	}
	cs = append(cs, peopleScopeCases(w.people)...)
	cs = append(cs, adminScopeCases(w.admin)...)
	cs = append(cs, answersScopeCases(w.answers, w.answersPub)...)
	cs = append(cs, moderationScopeCases(w.mod, w.draftComment, w.pubCmt)...)
	cs = append(cs, passageScopeCases(w.draft, w.pub, w.draftComment, w.pubCmt)...)
	cs = append(cs, documentsScopeCases(w.draft, w.pub, readableID)...)
	cs = append(cs, jdihScopeCases(w.draft, w.pub)...)
	cs = append(cs, findScopeCases()...) // find_matrix_test.go
	cs = append(cs, feedScopeCases(w.draft, w.pub)...)
	cs = append(cs, amendmentScopeCases(w.draft, w.pub)...)             // amendment_test.go
	cs = append(cs, articleScopeCases(w.draft, w.pub, w.pubEnacted)...) // articles_test.go
	cs = append(cs, enactmentScopeCases(w.draft, w.pub)...)
	cs = append(cs, parafScopeCases(w.draft, w.pub, w.admin)...) // paraf_matrix_test.go
	cs = append(cs, harmonisationScopeCases(w.draft, w.pub)...)  // harmonisation_matrix_test.go
	cs = append(cs, changesScopeCases(w.admin)...)               // changes_matrix_test.go
	cs = append(cs, topicScopeCases(w.draft, w.pub, w.topic)...) // topics_test.go
	cs = append(cs, legalStepSettingScopeCases()...)             // legal_step_settings_test.go
	cs = append(cs, operationsScopeCases(w.refusedDelivery)...)  // operations_test.go
	cs = append(cs, legalScopeCases(w.draft, w.pub)...)          // legal_matrix_test.go
	cs = append(cs, rosterScopeCases(w.rosterPerson)...)         // roster_matrix_test.go
	cs = append(cs, learningScopeCases(w.learning)...)           // learning_matrix_test.go
	cs = append(cs, planScopeCases(w.planItem)...)               // plan_matrix_test.go
	cs = append(cs, siasnScopeCases(w.siasnPart, w.siasnBatch)...)
	// Kirkpatrick levels 1 and 2 (kirkpatrick_test.go).
	cs = append(cs, kirkpatrickScopeCases(w.pub, w.program, internal, record)...)
	cs = append(cs, skmScopeCases(w.pub, w.skmUnit, internal)...) // skm_test.go
	cs = append(cs, privacyScopeCases(w.people.person)...)        // privacy_test.go
	cs = append(cs, ssoScopeCases()...)                           // oidc_matrix_test.go
	cs = append(cs, secondFactorScopeCases(w.people.person)...)   // secondfactor_matrix_test.go
	// A program's life, sessions, attendance and certificates (program_matrix_test.go).
	cs = append(cs, programScopeCases(w.pub, w.program, w.trainee, internal, record)...)
	// The consultation's attachment: read by anyone, as its version is.
	for _, p := range []string{P(w.consult), A(w.consult)} {
		cs = append(cs, scopeCase{method: "GET", pattern: strings.Replace(p, fmt.Sprint(w.consult), "{id}", 1) + "/attachments/{atid}",
			path: fmt.Sprintf("%s/attachments/%d", p, w.consultAtt), want: all(200)})
	}
	cs = append(cs, scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/attachments", path: A(w.consult) + "/attachments", want: all(200)})
	// Every policy route, on the draft, the published policy and the one
	// in consultation (which invited the akademisi, not the praktisi).
	for _, id := range []int64{w.draft, w.pub, w.consult} {
		p, api := P(id), A(id)
		cs = append(cs,
			scopeCase{method: "GET", pattern: "/policies/{id}", path: p, want: readableID(id)},
			scopeCase{method: "GET", pattern: "/policies/{id}/comments", path: p + "/comments?section=pendahuluan", want: readableID(id)},
			scopeCase{method: "POST", pattern: "/policies/{id}/comments", path: p + "/comments", form: url.Values{"section": {"pendahuluan"}, "body": {""}}, want: comment(id, 422)},
			scopeCase{method: "GET", pattern: "/policies/{id}/versions", path: p + "/versions", want: readableID(id)},
			scopeCase{method: "GET", pattern: "/policies/{id}/diff", path: p + "/diff?from=1&to=1", want: readableID(id)},
			scopeCase{method: "GET", pattern: "/policies/{id}/consultation", path: p + "/consultation", want: readableID(id)},
			scopeCase{method: "GET", pattern: "/policies/{id}/history", path: p + "/history", want: internal(false, id, anyRole, 200)},
			scopeCase{method: "GET", pattern: "/policies/{id}/edit", path: p + "/edit", want: internal(false, id, drafterOnly, 200)},
			scopeCase{method: "GET", pattern: "/policies/{id}/import", path: p + "/import", want: internal(false, id, drafterOnly, 200)},
			scopeCase{method: "POST", pattern: "/policies/{id}/import", path: p + "/import", multipart: true, want: internal(false, id, drafterOnly, 422)},
			scopeCase{method: "GET", pattern: "/policies/{id}/versions/{n}/docx", path: p + "/versions/1/docx", want: readableID(id)},
			scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/versions/{n}/docx", path: api + "/versions/1/docx", want: readableID(id)},
			scopeCase{method: "POST", pattern: "/policies/{id}/versions", path: p + "/versions", form: url.Values{"base_version": {"99"}, "markdown": {"# X"}, "change_summary": {"uji"}}, want: internal(false, id, drafterOnly, 409)},
			scopeCase{method: "GET", pattern: "/policies/{id}/approval", path: p + "/approval", want: internal(false, id, "leader", 200)},
			scopeCase{method: "GET", pattern: "/policies/{id}/programs", path: p + "/programs", want: internal(false, id, anyRole, 200)},
			scopeCase{method: "GET", pattern: "/policies/{id}/evaluations", path: p + "/evaluations", want: internal(false, id, anyRole, 200)},
			scopeCase{method: "GET", pattern: "/policies/{id}/evaluations.csv", path: p + "/evaluations.csv", want: internal(false, id, anyRole, 200)},
			scopeCase{method: "POST", pattern: "/policies/{id}/evaluation-plan", path: p + "/evaluation-plan", form: url.Values{"evaluation_months": {"0"}, "ikm_threshold": {"80"}}, want: internal(false, id, drafterOnly, 422)},
			scopeCase{method: "POST", pattern: "/policies/{id}/actions/{action}", path: p + "/actions/archive", form: url.Values{}, want: act(false, id, "admin", 422)},
			scopeCase{method: "GET", pattern: "/api/v1/policies/{id}", path: api, want: readableID(id)},
			scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/timeline", path: api + "/timeline", want: readableID(id)},
			scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/versions", path: api + "/versions", want: readableID(id)},
			scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/versions/{n}", path: api + "/versions/1", want: readableID(id)},
			scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/diff", path: api + "/diff?from=1&to=1", want: readableID(id)},
			scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/comments", path: api + "/comments", want: readableID(id)},
			scopeCase{method: "POST", pattern: "/api/v1/policies/{id}/comments", path: api + "/comments", body: map[string]any{"section": "tidak-ada", "body": "x"}, want: comment(id, 422)},
			scopeCase{method: "POST", pattern: "/api/v1/policies/{id}/versions", path: api + "/versions", body: map[string]any{"base_version": 99, "markdown": "# X\n", "change_summary": "uji"}, want: internal(true, id, drafterOnly, 409)},
			scopeCase{method: "POST", pattern: "/api/v1/policies/{id}/actions/{action}", path: api + "/actions/archive", body: map[string]any{}, want: act(true, id, "admin", 422)},
			scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/audit", path: api + "/audit", want: internal(true, id, anyRole, 200)},
			scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/evaluations", path: api + "/evaluations", want: internal(true, id, anyRole, 200)},
			scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/programs", path: api + "/programs", want: internal(true, id, anyRole, 200)},
		)
	}
	return cs
}

// What the matrix cannot see in a status: whose rows an answer carries.
// Trainees' names and NIPs reach only the region's drafters and the
// officers of the trainee's unit; another city's drafts are not listed;
// a unit officer's survey is always their own unit's.
func TestPersonalDataAndScoresStayInScope(t *testing.T) {
	a := newApp(t)
	ps := a.scopePrincipals(t)
	w := a.scopeWorld(t)
	c := http.DefaultClient
	aprog := fmt.Sprintf("/api/v1/policies/%d/programs/%d/participants", w.pub, w.program)
	progPage := fmt.Sprintf("/policies/%d/programs/%d", w.pub, w.program)
	for _, p := range ps {
		t.Run(p.name, func(t *testing.T) {
			seesOwn := p.own && (p.role == "drafter" || (p.role == "unit_officer" && !p.otherUnit))
			seesOther := p.own && (p.role == "drafter" || (p.role == "unit_officer" && p.otherUnit))
			for _, page := range []bool{false, true} {
				var out string
				if page {
					_, out = a.get(p.page, progPage)
				} else {
					_, out = a.api(c, p.token, "GET", aprog, nil, "")
				}
				if got := strings.Contains(out, w.nipOwnUnit); got != seesOwn {
					t.Errorf("page %v: Disdukcapil trainee's NIP shown = %v, want %v", page, got, seesOwn)
				}
				if got := strings.Contains(out, w.nipOtherUn); got != seesOther {
					t.Errorf("page %v: Dinas Kesehatan trainee's NIP shown = %v, want %v", page, got, seesOther)
				}
			}
			for _, path := range []string{"/ledger?year=2026", "/ledger.csv?year=2026"} {
				_, out := a.get(p.page, path)
				if got := strings.Contains(out, w.nipOwnUnit); got != seesOwn {
					t.Errorf("%s: Disdukcapil trainee's NIP shown = %v, want %v", path, got, seesOwn)
				}
				if got := strings.Contains(out, w.nipOtherUn); got != seesOther {
					t.Errorf("%s: Dinas Kesehatan trainee's NIP shown = %v, want %v", path, got, seesOther)
				}
			}
			// The audit log (who did what) is the city's own; the public
			// timeline shows consultations and decisions only.
			_, out0 := a.api(c, p.token, "GET", fmt.Sprintf("/api/v1/policies/%d/timeline", w.pub), nil, "")
			var tl struct {
				Audit []json.RawMessage `json:"audit"`
				Runs  []json.RawMessage `json:"approval_runs"`
			}
			json.Unmarshal([]byte(out0), &tl)
			if got := len(tl.Audit) > 0; got != p.staff() || len(tl.Runs) == 0 {
				t.Errorf("timeline: audit shown = %v (want %v), approval runs %d (want some)", got, p.staff(), len(tl.Runs))
			}
			// The list: the Sawahlunto drafts only to Sawahlunto.
			_, out := a.api(c, p.token, "GET", "/api/v1/policies?limit=100", nil, "")
			if got := strings.Contains(out, `"slug":"sawahlunto-peningkatan-kompetensi-asn"`); got != p.staff() {
				t.Errorf("a draft listed = %v, want %v", got, p.staff())
			}
			_, out = a.get(p.page, "/policies?region=sawahlunto")
			if got := strings.Contains(out, fmt.Sprintf(`href="/policies/%d"`, w.draft)); got != p.staff() {
				t.Errorf("index page: the Sawahlunto draft listed = %v, want %v", got, p.staff())
			}
		})
	}

	// An officer of Dinas Kesehatan cannot report for Disdukcapil: naming
	// it is refused and nothing changes; their own survey is their unit's.
	var officer2, officer1 principal
	for _, p := range ps {
		if p.own && p.role == "unit_officer" {
			if p.otherUnit {
				officer2 = p
			} else {
				officer1 = p
			}
		}
	}
	var unit1 int64
	a.st.DB.SQL().Get(&unit1, `SELECT unit_id FROM users WHERE email = $1`, officer1.email)

	// The program's officer records their own unit's trainees only: not a
	// trainee of Dinas Kesehatan, nor Dinas Kesehatan's trainee's NIP as theirs.
	before0 := a.scopeRows(t)
	for name, csv := range map[string]string{
		"a trainee of another unit": "nip;nama;unit;hadir;lulus\n198001012005011003;Andi;dinkes;ya;ya\n",
		"another unit's trainee":    "nip;nama;unit;hadir;lulus\n" + w.nipOtherUn + ";Sari;disdukcapil;ya;ya\n",
	} {
		res, out := a.scopeDo(t, scopeCase{method: "POST", path: aprog, body: []byte(csv)}, officer1)
		if res.StatusCode != 422 || !strings.Contains(out, `"lines"`) {
			t.Errorf("the officer imports %s: %d %s, want 422 naming the line", name, res.StatusCode, out)
		}
	}
	if got := changes(before0, a.scopeRows(t)); len(got) > 0 {
		t.Errorf("refused imports changed the database: %v", got)
	}
	base := fmt.Sprintf("/api/v1/policies/%d", w.pub)
	var top [9][4]int
	for i := range top {
		top[i][3] = 5
	}
	before := a.scopeRows(t)
	res, out := a.api(c, officer2.token, "POST", base+"/evaluations/1/skm", map[string]any{"unit_id": unit1, "responses": top}, "")
	if res.StatusCode != 403 {
		t.Errorf("SKM for another unit: %d %s, want 403", res.StatusCode, out)
	}
	res, out = a.api(c, officer2.token, "POST", base+"/actions/record_evaluation",
		map[string]any{"evaluation": map[string]any{"unit_id": unit1, "round": 1, "instrument": "skm", "score": 10}}, "")
	if res.StatusCode != 404 {
		t.Errorf("raw record_evaluation: %d %s, want 404", res.StatusCode, out)
	}
	if got := changes(before, a.scopeRows(t)); len(got) > 0 {
		t.Errorf("refused survey changed the database: %v", got)
	}
	res, out = a.api(c, officer2.token, "POST", base+"/evaluations/1/skm", map[string]any{"responses": top}, "")
	if res.StatusCode != 200 && res.StatusCode != 201 {
		t.Fatalf("own unit's SKM: %d %s", res.StatusCode, out)
	}
	var statuses map[string]string
	rows, err := a.st.DB.SQL().Queryx(`SELECT u.code, r.status FROM evaluation_rounds r JOIN units u ON u.id = r.unit_id WHERE r.policy_id = $1 AND r.number = 1`, w.pub)
	if err != nil {
		t.Fatal(err)
	}
	statuses = map[string]string{}
	for rows.Next() {
		var code, st string
		rows.Scan(&code, &st)
		statuses[code] = st
	}
	rows.Close()
	if statuses["dinkes"] != "submitted" || statuses["disdukcapil"] == "submitted" {
		t.Errorf("round 1 after Dinas Kesehatan's survey: %v, want dinkes submitted and disdukcapil not", statuses)
	}
	// Disdukcapil's own survey is still taken.
	res, out = a.api(c, officer1.token, "POST", base+"/evaluations/1/skm", map[string]any{"responses": top}, "")
	if res.StatusCode != 200 && res.StatusCode != 201 {
		t.Errorf("Disdukcapil's own SKM after the refused attempt: %d %s", res.StatusCode, out)
	}
}
