package server_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/server"
)

// hostile is what an attacker types into a field or a query parameter: SQL
// that would change a query built by pasting strings together, LIKE
// wildcards, placeholders and dollar quotes, quote and digit look-alikes
// from other scripts, invisible and right-to-left characters, and markup.
// None is a number, a known slug, status, unit code or email; only "_" is
// a well-formed section anchor (see wellFormed).
var hostile = []string{
	`' OR '1'='1`,
	`' OR 1=1 --`,
	`1; DROP TABLE policies;--`,
	`%' --`,
	`%`,
	`_`,
	`1 UNION SELECT password_hash FROM users`,
	`') UNION SELECT email, password_hash FROM users --`,
	`$1`,
	`$$; DELETE FROM comments; $$`,
	`\'; DELETE FROM comments; --`,
	`1' AND pg_sleep(5) IS NULL --`,
	"\u02bc OR \u02bc1\u02bc=\u02bc1", // modifier-letter apostrophes
	"\uff07 OR \uff11=\uff11 --",      // fullwidth apostrophe and digits
	"\u2019; DROP TABLE users; --",    // right single quotation mark
	"1\u200b OR 1=1",                  // zero-width space
	"\u202e1=1 RO '",                  // right-to-left override
	`<script>alert("x")</script>`,     // text shown back must stay text
	"'; SELECT chr(0) --\u00a0\u0301", // no-break space, combining accent
}

// queryParams are the query parameters any GET handler reads.
var queryParams = []string{"q", "region", "status", "unit", "page", "from", "to", "section", "after", "limit", "year", "done", "next", "lang"}

// strictParams are, per GET route, the parameters that take only a
// number, a slug, a status or a section anchor: a hostile value is refused
// with 400 or 422 naming the parameter. A route's other parameters are free
// text (q, done, next, lang) or ignored: the answer is the same as without
// them (for q, no policy the unfiltered list does not have).
var strictParams = map[string][]string{
	"/":                              {"region", "status", "unit", "page", "topic"},
	"/policies":                      {"region", "status", "unit", "page", "topic"},
	"/api/v1/policies":               {"region", "status", "unit", "page", "topic"},
	"/policies/{id}/diff":            {"from", "to"},
	"/api/v1/policies/{id}/diff":     {"from", "to"},
	"/policies/{id}/comments":        {"section", "after"},
	"/api/v1/policies/{id}/comments": {"section", "after", "limit"},
	"/ledger":                        {"region", "year"},
	"/ledger.csv":                    {"region", "year"},
	"/ledger.xlsx":                   {"region", "year"},
	"/api/v1/ledger":                 {"region", "year"},
	"/plan":                          {"year"},
	"/api/v1/plan":                   {"year"},
	"/siasn":                         {"year"},
	"/api/v1/siasn":                  {"year"},
	"/learning":                      {"year"},
	"/api/v1/learning":               {"year"},
	"/siasn/export.csv":              {"id"},
	"/siasn/export.xlsx":             {"id"},
	"/produk-hukum":                  {"region", "year", "page"},
	"/konsultasi":                    {"region"},
	"/follow":                        {"region"},
	"/konsultasi.ics":                {"region"},
	"/policies.atom":                 {"region", "topic"},
	"/topics":                        {"region"},
	"/api/v1/topics":                 {"region"},
	"/produk-hukum.json":             {"region", "year", "page"},
	"/produk-hukum.atom":             {"region", "year", "jenis"},
	"/api/v1/jdih":                   {"region", "year", "page"},
	"/ikm":                           {"region", "year"},
	"/api/v1/ikm":                    {"region", "year"},
	"/api/v1/admin/audit":            {"limit"},
	// The answers page's filters (campaigns.go); its group, theme and
	// assignee are probed by TestAnswersPageGroupsAndFilters.
	"/policies/{id}/consultations/{consultation}/answers":        {"status", "section", "page"},
	"/api/v1/policies/{id}/consultations/{consultation}/answers": {"status", "section", "page"},
}

// searchRoute is the API route whose q is a full-text search.
const searchRoute = "/api/v1/policies"

// Every hostile input gets its refusal, or is kept as the text it is, and
// changes nothing else in the database: in every query parameter of every
// GET route and page, in the body and Content-Type of every POST, in every
// text field of the API and the forms.
func TestHostileInput(t *testing.T) {
	a := newAppWith(t, withSSO) // the sign-in through a city's provider begins (oidc_matrix_test.go)
	h := a.hostileSetup()

	t.Run("query parameters", func(t *testing.T) { a.hostileQueries(t, h) })
	t.Run("bodies", func(t *testing.T) { a.hostileBodies(t, h) })
	t.Run("path parameters", func(t *testing.T) { a.hostilePaths(t, h) })
	t.Run("text fields", func(t *testing.T) { a.hostileTextFields(t, h) })
}

// world is what the hostile requests aim at.
type world struct {
	draft      int64             // a draft policy of the drafter's region
	inApproval int64             // a policy awaiting its first approval stage
	implement  int64             // a policy being implemented, evaluated by the officer's unit
	public     int64             // a policy in consultation open to the public
	comment    int64             // a comment on the draft
	program    int64             // a program of the draft, run by the officer's unit
	unit       int64             // the unit officer's unit
	path       map[string]string // a real value for every path parameter
	secrets    []string          // every password hash: never in an answer
}

func (a *app) hostileSetup() world {
	t := a.t
	t.Helper()
	ctx := t.Context()
	db := a.st.DB.SQL()
	var w world
	w.draft = a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	officer, err := a.st.DB.UserByEmail(ctx, roleEmails["unit_officer"])
	if err != nil {
		t.Fatal(err)
	}
	w.unit = *officer.UnitID
	if err := db.Get(&w.comment, `INSERT INTO comments (policy_id, version_id, section_anchor, author_name, body)
		SELECT id, current_version_id, 'pendahuluan', 'Uji', 'Komentar uji' FROM policies WHERE id = $1 RETURNING id`, w.draft); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(&w.program, `INSERT INTO programs (policy_id, unit_id, kind, title, starts_on, ends_on, jp)
		VALUES ($1, $2, 'seminar', 'Seminar uji', '2026-01-10', '2026-01-11', 8) RETURNING id`, w.draft, w.unit); err != nil {
		t.Fatal(err)
	}
	if err := db.Select(&w.secrets, `SELECT password_hash FROM users`); err != nil || len(w.secrets) == 0 {
		t.Fatalf("password hashes: %v", err)
	}
	c := http.DefaultClient

	// A policy at its first approval stage, with the stage's request sent.
	w.inApproval = a.policyID("sawahlunto-peningkatan-kapasitas-asn")
	if res, out := a.api(c, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/actions/submit", w.inApproval), map[string]any{}, ""); res.StatusCode != 200 {
		t.Fatalf("submit: %d %s", res.StatusCode, out)
	}
	waitFor(t, func() bool {
		var n int
		db.Get(&n, `SELECT count(*) FROM notifications WHERE policy_id = $1 AND kind = 'approval_request'`, w.inApproval)
		return n > 0
	})

	// A policy being implemented, its first evaluation round open.
	w.implement = a.approvedPolicy("uji-serangan")
	if res, out := a.api(c, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/actions/start_implementation", w.implement),
		map[string]any{"unit_ids": []int64{w.unit}}, ""); res.StatusCode != 200 {
		t.Fatalf("start implementation: %d %s", res.StatusCode, out)
	}
	waitFor(t, func() bool {
		rows, _ := a.st.DB.EvaluationRows(ctx, w.implement)
		return len(rows) == 1
	})

	// A consultation that takes comments from the public.
	w.public = a.policyID("bukittinggi-peningkatan-kualitas-asn")
	open := map[string]any{"closes_at": time.Now().Add(72 * time.Hour).Format(time.RFC3339), "allow_public": true}
	if res, out := a.api(c, a.token("penyusun.bukittinggi@policyflow.test"), "POST", fmt.Sprintf("/api/v1/policies/%d/actions/open_consultation", w.public), open, ""); res.StatusCode != 200 {
		t.Fatalf("open consultation: %d %s", res.StatusCode, out)
	}
	waitFor(t, func() bool {
		var invited, told int
		db.Get(&invited, `SELECT count(*) FROM consultation_invitees i JOIN consultations c ON c.id = i.consultation_id WHERE c.policy_id = $1`, w.public)
		db.Get(&told, `SELECT count(*) FROM notifications WHERE policy_id = $1 AND kind = 'consultation_invitation'`, w.public)
		return told == invited
	})

	// A participant and a session of the program (program_life.go, program_sessions.go).
	var participant, session int64
	if err := db.Get(&participant, `INSERT INTO participants (program_id, nip, name, unit_id) VALUES ($1, '198001012006041001', 'Peserta uji', $2) RETURNING id`, w.program, w.unit); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(&session, `INSERT INTO program_sessions (program_id, number, held_on, jp) VALUES ($1, 1, '2026-01-10', 2) RETURNING id`, w.program); err != nil {
		t.Fatal(err)
	}
	w.path = map[string]string{"id": fmt.Sprint(w.draft), "n": "1", "cid": fmt.Sprint(w.comment), "nid": "999999",
		"action": "approve", "round": "1", "pid": fmt.Sprint(w.program), "tid": "999999",
		"paid": fmt.Sprint(participant), "sid": fmt.Sprint(session)}
	a.peoplePaths(t, w.path)
	a.adminPaths(t, w.path)
	a.answersPaths(t, w.path, w.draft)
	a.moderationPaths(t, w.path)
	w.path["hash"] = a.documentsHash(t, w.draft) // documents_matrix_test.go
	a.jdihPaths(t, w.path)
	var batch int64 // a SIASN export batch of the drafter's region (plan_matrix_test.go)
	if err := db.Get(&batch, `INSERT INTO siasn_exports (region_id, rows, row_count) SELECT region_id, '[]', 1 FROM users WHERE email = $1 RETURNING id`,
		roleEmails["drafter"]); err != nil {
		t.Fatal(err)
	}
	w.path["sxid"] = fmt.Sprint(batch)
	var learner int64 // a person of the drafter's region's roster with an activity (learning_matrix_test.go)
	if err := db.Get(&learner, `INSERT INTO asn_roster (region_id, nip, name, kind, unit_id) SELECT region_id, '197001012000011001', 'Belajar Uji', 'PNS', $2
		FROM users WHERE email = $1 RETURNING id`, roleEmails["drafter"], w.unit); err != nil {
		t.Fatal(err)
	}
	w.path["lid"] = fmt.Sprint(learningActivityOf(t, a, learner))
	a.kirkpatrickPaths(t, w.path, w.draft)                                             // kirkpatrick_test.go
	w.path["delivery"] = fmt.Sprint(a.refusedDelivery(t))                              // operations_test.go
	w.path["unit"] = fmt.Sprint(a.skmFixture(t, w.draft, "disdukcapil", threes(3), 0)) // a recorded SKM (skm_test.go)
	w.path["fid"] = "999999"
	var item int64 // a plan item of the drafter's region, realised by the program: never deleted here (plan_items.go)
	if err := db.Get(&item, `INSERT INTO plan_items (region_id, year, unit_id, competency, kind, target_participants, target_jp)
		SELECT region_id, 2026, id, 'Pelayanan prima', 'pelatihan', 10, 20 FROM units WHERE id = $1 RETURNING id`, w.unit); err != nil {
		t.Fatal(err)
	}
	db.MustExec(`INSERT INTO plan_item_programs (item_id, program_id) VALUES ($1, $2)`, item, w.program)
	w.path["iid"] = fmt.Sprint(item)
	w.path["topic"] = fmt.Sprint(a.scopeTopic(t))
	w.path["region"] = a.ssoRegion(t) // oidc_matrix_test.go
	return w
}

// ---- The database before and after ----

// dbRows, rows: dbrows_test.go.

// delta is how a table changed: rows added and rows removed (a row updated is one of each).
type delta struct{ Added, Removed int }

func (d delta) String() string { return fmt.Sprintf("+%d −%d", d.Added, d.Removed) }

func changes(before, after dbRows) map[string]delta {
	out := map[string]delta{}
	tables := map[string]bool{}
	for tb := range before {
		tables[tb] = true
	}
	for tb := range after {
		tables[tb] = true
	}
	for tb := range tables {
		var d delta
		for sum, n := range after[tb] {
			d.Added += max(0, n-before[tb][sum])
		}
		for sum, n := range before[tb] {
			d.Removed += max(0, n-after[tb][sum])
		}
		if d != (delta{}) {
			out[tb] = d
		}
	}
	return out
}

// expectChanges checks that only the tables in want changed, by exactly that.
func expectChanges(t *testing.T, before, after dbRows, want map[string]delta) {
	t.Helper()
	got := changes(before, after)
	if want == nil {
		want = map[string]delta{}
	}
	if !maps.Equal(got, want) {
		t.Errorf("database changes %v, want %v", got, want)
	}
}

// ---- Routes ----

type route struct{ method, pattern string }

// allRoutes lists every route the server registers, pages and API alike.
func (a *app) allRoutes(t *testing.T) []route {
	t.Helper()
	r, ok := a.srv.Config.Handler.(chi.Routes)
	if !ok {
		t.Fatalf("the server's handler %T is not a chi router", a.srv.Config.Handler)
	}
	var out []route
	err := chi.Walk(r, func(method, pattern string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if !strings.Contains(pattern, "*") { // static files
			out = append(out, route{method, pattern})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].pattern+out[i].method < out[j].pattern+out[j].method })
	return out
}

func isAPIPath(p string) bool { return strings.HasPrefix(p, "/api/") }

// apiSpec is what the OpenAPI document says of one operation.
type apiSpec struct {
	roles []string // who may call it; none: anyone
	media string   // the request body's media type; "" without a body
}

// openAPI reads the served OpenAPI document (made from the route table):
// each operation's roles and body, and each schema's string properties.
func (a *app) openAPI(t *testing.T) (map[string]apiSpec, map[string][]string) {
	t.Helper()
	res, body := a.api(http.DefaultClient, "", "GET", "/api/v1/openapi.json", nil, "")
	if res.StatusCode != 200 {
		t.Fatalf("openapi.json: %d", res.StatusCode)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Roles       []string `json:"x-roles"`
			RequestBody *struct {
				Content map[string]any `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Type string `json:"type"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	specs := map[string]apiSpec{}
	bodies := map[string]bool{} // the request bodies' schemas
	for path, ops := range doc.Paths {
		for method, op := range ops {
			s := apiSpec{roles: op.Roles}
			// A route that takes several media types (POST /convert: a
			// file) is tested beside its handler (word_test.go).
			if op.RequestBody != nil && len(op.RequestBody.Content) == 1 {
				for media, c := range op.RequestBody.Content {
					s.media = media
					schema, _ := c.(map[string]any)["schema"].(map[string]any)
					ref, _ := schema["$ref"].(string)
					bodies[strings.TrimPrefix(ref, "#/components/schemas/")] = true
				}
			}
			specs[strings.ToUpper(method)+" "+path] = s
		}
	}
	text := map[string][]string{}
	for name, s := range doc.Components.Schemas {
		if !bodies[name] {
			continue // an answer's schema
		}
		for prop, p := range s.Properties {
			if p.Type == "string" {
				text[name] = append(text[name], prop)
			}
		}
		slices.Sort(text[name])
	}
	return specs, text
}

var pathParam = regexp.MustCompile(`\{([a-z]+)\}`)

// fill puts real values into a route's path parameters.
func fill(t *testing.T, pattern string, vals map[string]string) string {
	t.Helper()
	return pathParam.ReplaceAllStringFunc(pattern, func(m string) string {
		v, ok := vals[m[1:len(m)-1]]
		if !ok {
			t.Errorf("%s: no value for path parameter %s: give it one in hostileSetup", pattern, m)
		}
		return v
	})
}

// call is one request as a role ("anonymous": nobody), with the role's
// API token under /api/, else with the role's browser session.
type call struct {
	method, path, role string
	contentType        string // none when ""
	body               io.Reader
	header             map[string]string
}

func (a *app) do(t *testing.T, c call) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), c.method, a.srv.URL+c.path, c.body)
	if err != nil {
		t.Fatal(err)
	}
	if c.contentType != "" {
		req.Header.Set("Content-Type", c.contentType)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	client := a.people[c.role]
	if isAPIPath(c.path) {
		client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		if tok := a.tokens[c.role]; tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
	}
	res, err := a.validatingClient(client).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", c.method, c.path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// noLeak checks an answer to a hostile request: no server error, no
// password hash, and no markup from the request echoed as markup.
func (w world) noLeak(t *testing.T, res *http.Response, body string) {
	t.Helper()
	if res.StatusCode >= 500 {
		t.Fatalf("status %d: %.300s", res.StatusCode, body)
	}
	for _, h := range w.secrets {
		if strings.Contains(body, h) {
			t.Fatalf("the answer carries a password hash: %.300s", body)
		}
	}
	if strings.Contains(body, `<script>alert("x")`) {
		t.Errorf("the answer echoes markup unescaped: %.300s", body)
	}
}

// wantRefusal checks an API error answer: the status, and the field named.
func wantRefusal(t *testing.T, name string, res *http.Response, body string, statuses []int, field string) {
	t.Helper()
	if !slices.Contains(statuses, res.StatusCode) {
		t.Errorf("%s: status %d, want one of %v: %.300s", name, res.StatusCode, statuses, body)
		return
	}
	e := decodeErr(t, body)
	if e.Error.Field != field || e.Error.Message == "" {
		t.Errorf("%s: error %+v, want a message naming %q", name, e.Error, field)
	}
}

// ---- 1. Query parameters ----

// Every query parameter of every GET route and page, with hostile values:
// a strict parameter refuses them naming itself, a search finds no policy
// it should not, and any other parameter (ignored, or free text shown back
// as text) leaves the answer as it was. Nothing in the database changes.
func (a *app) hostileQueries(t *testing.T, w world) {
	before := a.rows(t)
	n, routes := 0, 0
	for _, rt := range a.allRoutes(t) {
		if rt.method == "GET" {
			routes++
			t.Run(rt.pattern, func(t *testing.T) { n += a.hostileQueriesOf(t, w, rt.pattern) })
		}
	}
	expectChanges(t, before, a.rows(t), nil)
	t.Logf("%d GET requests with a hostile query parameter, on %d routes", n, routes)
}

// echoProbes are the hostile values sent to parameters that are not strict
// and not a search: they can only be ignored or shown back.
var echoProbes = []string{`' OR '1'='1`, `1 UNION SELECT password_hash FROM users`, `"><script>alert("x")</script>`, nul, badUTF8}

// wellFormed says which hostile values are well-formed for a strict
// parameter: "_" is a section anchor, of no section, so nothing is listed.
var wellFormed = map[string]*regexp.Regexp{"section": regexp.MustCompile(`^[A-Za-z0-9_-]{1,200}$`)}

// publicOnly are the GET routes of a policy that answer for the public's
// policies alone, the draft's region's staff included (the feeds): walked
// on the policy in consultation rather than the draft.
var publicOnly = map[string]bool{"/policies/{id}/feed.atom": true}

// enactedOnly are the GET routes of a policy that answer only for an
// enacted text (the machine-readable law, articles.go): walked on the
// policy being implemented, in force with its version 1.
var enactedOnly = map[string]bool{"/policies/{id}/versions/{n}/akn": true, "/api/v1/policies/{id}/versions/{n}/articles": true,
	"/api/v1/policies/{id}/consolidated/articles": true}

func (a *app) hostileQueriesOf(t *testing.T, w world, pattern string) int {
	vals := w.path
	if publicOnly[pattern] {
		vals = maps.Clone(w.path)
		vals["id"] = fmt.Sprint(w.public)
	}
	if enactedOnly[pattern] {
		vals = maps.Clone(w.path)
		vals["id"], vals["n"] = fmt.Sprint(w.implement), "1"
	}
	path := fill(t, pattern, vals)
	api := isAPIPath(pattern)
	// The first role that may read the route, and its honest answer.
	var role, baseBody string
	var base *http.Response
	for _, r := range []string{"drafter", "leader", "unit_officer", "stakeholder", "admin", "legal", "anonymous"} {
		if res, body := a.do(t, call{method: "GET", path: path, role: r}); res.StatusCode < 400 {
			role, base, baseBody = r, res, body
			break
		}
	}
	if base == nil {
		t.Fatalf("GET %s: no role can read it with the path values of hostileSetup", pattern)
	}
	var baseIDs []int64
	baseTotal := 0
	if pattern == searchRoute {
		baseIDs, baseTotal = policyIDs(t, baseBody)
	}
	sent := 0
	for _, param := range queryParams {
		strict := slices.Contains(strictParams[pattern], param)
		search := param == "q" && slices.Contains([]string{"/", "/policies", searchRoute}, pattern)
		values := echoProbes
		if strict || search {
			values = append(slices.Clone(hostile), nul, badUTF8)
		}
		for _, s := range values {
			sent++
			res, body := a.do(t, call{method: "GET", path: path + "?" + url.Values{param: {s}}.Encode(), role: role})
			name := fmt.Sprintf("GET %s?%s=%q as %s", pattern, param, s, role)
			w.noLeak(t, res, body)
			// A notice is a catalogue key: no text of the query is shown.
			if param == "done" && len(s) > 2 && (strings.Contains(body, s) || strings.Contains(body, html.EscapeString(s))) {
				t.Errorf("%s: the page shows the query's text as a notice", name)
			}
			switch re := wellFormed[param]; {
			case strict && re != nil && re.MatchString(s):
				if res.StatusCode != 200 || api && !strings.Contains(body, `"threads":[]`) && !strings.Contains(body, `"comments":[]`) {
					t.Errorf("%s: %d %.300s, want 200 listing nothing", name, res.StatusCode, body)
				}
			case strict && api:
				wantRefusal(t, name, res, body, []int{400, 422}, param)
			case strict:
				if res.StatusCode != 400 && res.StatusCode != 422 || !strings.Contains(body, `role="alert"`) {
					t.Errorf("%s: status %d, want a 400 or 422 page saying what is wrong", name, res.StatusCode)
				}
			case search && api:
				ids, total := policyIDs(t, body)
				if res.StatusCode != 200 || total > baseTotal || len(ids) > len(baseIDs) {
					t.Errorf("%s: status %d, %d policies of %d; the unfiltered list has %d", name, res.StatusCode, len(ids), total, baseTotal)
				}
				for _, id := range ids {
					if !slices.Contains(baseIDs, id) {
						t.Errorf("%s: policy %d is not in the unfiltered list", name, id)
					}
				}
			case api:
				if res.StatusCode != base.StatusCode || !sameRecord(body, baseBody) {
					t.Errorf("%s: %d %.200s\ndiffers from the answer without it: %d %.200s", name, res.StatusCode, body, base.StatusCode, baseBody)
				}
			default:
				if res.StatusCode != base.StatusCode {
					t.Errorf("%s: status %d, want %d as without it", name, res.StatusCode, base.StatusCode)
				}
			}
		}
	}
	return sent
}

// sameRecord says whether two API answers show the same record. A policy's
// "state" is asked of its workflow, which may not answer in time on a busy
// machine: that is left out. So is a token's last_used_at, bookkeeping of
// every authenticated request (as in rows).
func sameRecord(x, y string) bool {
	var a, b map[string]any
	if json.Unmarshal([]byte(x), &a) != nil || json.Unmarshal([]byte(y), &b) != nil {
		return x == y
	}
	// What live workflows and the outbox say moves by itself between two
	// requests: a policy's state, the operations console's workflows and
	// deliveries (retried meanwhile).
	for _, live := range []string{"state", "workflows", "deliveries"} {
		delete(a, live)
		delete(b, live)
	}
	dropLastUsed(a)
	dropLastUsed(b)
	return reflect.DeepEqual(a, b)
}

// dropLastUsed removes every last_used_at from a decoded JSON value.
func dropLastUsed(v any) {
	switch v := v.(type) {
	case map[string]any:
		delete(v, "last_used_at")
		for _, e := range v {
			dropLastUsed(e)
		}
	case []any:
		for _, e := range v {
			dropLastUsed(e)
		}
	}
}

// policyIDs reads the policies of a list answer and its total.
func policyIDs(t *testing.T, body string) ([]int64, int) {
	t.Helper()
	var out struct {
		Policies []struct{ ID int64 }
		Total    int
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Errorf("policy list %.200s: %v", body, err)
	}
	ids := make([]int64, len(out.Policies))
	for i, p := range out.Policies {
		ids[i] = p.ID
	}
	return ids, out.Total
}

// ---- 2. Bodies: size, media type, syntax ----

var wrongMediaTypes = []string{"text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "", "application/jsonp", "text/json"}

var malformedJSON = []string{`{`, `{"body": "x"`, `{"body": 'x'}`, `{body: "x"}`, `[1, 2`, `{} {}`, `{"a": 1,}`, "\xff\xfe{}", `nul`, `"`, `{"a" "b"}`}

// Every POST route refuses a body over the limit (413); every API route
// with a body refuses another media type (415, naming the one it takes)
// and, for JSON, malformed JSON (400). Nothing in the database changes.
func (a *app) hostileBodies(t *testing.T, w world) {
	specs, _ := a.openAPI(t)
	before := a.rows(t)
	cases, routes := 0, 0
	for _, rt := range a.allRoutes(t) {
		if rt.method != "POST" {
			continue
		}
		routes++
		path := fill(t, rt.pattern, w.path)
		over := bytes.Repeat([]byte("a"), int(server.BodyLimit("POST", path))+1) // the route's limit, and a byte
		spec := specs["POST "+rt.pattern]
		role := "drafter"
		if len(spec.roles) > 0 {
			role = spec.roles[0]
		}
		// Over the limit, with its length declared: refused before it is read.
		cases++
		res, body := a.do(t, call{method: "POST", path: path, role: role, contentType: "application/json", body: bytes.NewReader(over)})
		if res.StatusCode != 413 {
			t.Errorf("POST %s with %d bytes: status %d, want 413", rt.pattern, len(over), res.StatusCode)
		} else if e := decodeErr(t, body); e.Error.Code != "too_large" {
			t.Errorf("POST %s with %d bytes: error %+v", rt.pattern, len(over), e.Error)
		}
		if !isAPIPath(rt.pattern) || spec.media == "" {
			continue
		}
		// Over the limit without a declared length: refused while read.
		cases++
		chunked := io.MultiReader(strings.NewReader(`{"body":"`), bytes.NewReader(over))
		res, body = a.do(t, call{method: "POST", path: path, role: role, contentType: spec.media, body: chunked})
		wantRefusal(t, "POST "+rt.pattern+" with a chunked body over the limit", res, body, []int{413}, "")
		// Another media type.
		valid := "{}"
		if spec.media == "text/csv" {
			valid = "nip,nama,unit,hadir,lulus\n"
		}
		for _, ct := range append(slices.Clone(wrongMediaTypes), otherMedia(spec.media)) {
			cases++
			res, body := a.do(t, call{method: "POST", path: path, role: role, contentType: ct, body: strings.NewReader(valid)})
			name := fmt.Sprintf("POST %s as %s with Content-Type %q", rt.pattern, role, ct)
			if res.StatusCode != 415 {
				t.Errorf("%s: status %d, want 415: %.300s", name, res.StatusCode, body)
				continue
			}
			if e := decodeErr(t, body); e.Error.Code != "unsupported_media_type" || !strings.Contains(e.Error.Message, spec.media) {
				t.Errorf("%s: error %+v does not name %s", name, e.Error, spec.media)
			}
		}
		if spec.media != "application/json" {
			continue
		}
		for _, m := range malformedJSON {
			cases++
			res, body := a.do(t, call{method: "POST", path: path, role: role, contentType: "application/json", body: strings.NewReader(m)})
			if res.StatusCode != 400 {
				t.Errorf("POST %s with %q: status %d, want 400: %.300s", rt.pattern, m, res.StatusCode, body)
			} else if e := decodeErr(t, body); e.Error.Code != "bad_request" {
				t.Errorf("POST %s with %q: error %+v", rt.pattern, m, e.Error)
			}
		}
	}
	for key, spec := range specs {
		if spec.media != "" && spec.media != "application/json" && spec.media != "text/csv" {
			t.Errorf("%s takes %s: say here what a wrong body gets", key, spec.media)
		}
	}
	expectChanges(t, before, a.rows(t), nil)
	t.Logf("%d POST requests with a wrong body, on %d routes", cases, routes)
}

// otherMedia is the media type of the API's other kind of body.
func otherMedia(media string) string {
	if media == "text/csv" {
		return "application/json"
	}
	return "text/csv"
}

// ---- 3. Path parameters ----

// A hostile value in any path parameter of the API, as a role that may
// call the route, is a 404 with an error body, and changes nothing.
func (a *app) hostilePaths(t *testing.T, w world) {
	specs, _ := a.openAPI(t)
	before := a.rows(t)
	cases, routes := 0, 0
	for _, rt := range a.allRoutes(t) {
		if !isAPIPath(rt.pattern) || !strings.Contains(rt.pattern, "{") {
			continue
		}
		routes++
		spec := specs[rt.method+" "+rt.pattern]
		role := "drafter"
		if len(spec.roles) > 0 {
			role = spec.roles[0]
		}
		for _, m := range pathParam.FindAllStringSubmatch(rt.pattern, -1) {
			for _, s := range append(slices.Clone(hostile), nul, badUTF8) {
				cases++
				vals := maps.Clone(w.path)
				vals[m[1]] = url.PathEscape(s)
				var body io.Reader
				ct := ""
				if rt.method == "POST" {
					body, ct = strings.NewReader("{}"), "application/json"
				}
				res, out := a.do(t, call{method: rt.method, path: fill(t, rt.pattern, vals), role: role, contentType: ct, body: body})
				w.noLeak(t, res, out)
				if res.StatusCode != 404 {
					t.Errorf("%s %s with %s=%q: status %d, want 404: %.300s", rt.method, rt.pattern, m[1], s, res.StatusCode, out)
					continue
				}
				decodeErr(t, out)
			}
		}
	}
	expectChanges(t, before, a.rows(t), nil)
	t.Logf("%d API requests with a hostile path parameter, on %d routes", cases, routes)
}

// ---- 4. Text fields ----

// Values that are not text PostgreSQL can keep: it holds no NUL and only
// valid UTF-8. JSON carries a NUL (\u0000) but not invalid UTF-8 (decoders
// replace it), so invalid UTF-8 goes only into forms and CSV files.
const (
	nul     = "a\x00b"
	badUTF8 = "a\xff\xfeb"
)

func isText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// textCase is one text field of one POST, and what a hostile value gets.
type textCase struct {
	name string // the route and the field
	// field is the field as an API refusal names it; "" for a page, which
	// answers in HTML.
	field string
	// send posts the i-th value s in the field.
	send func(t *testing.T, i int, s string) (*http.Response, string)
	// status answers a hostile text: kept (2xx, 3xx) or refused (4xx). A
	// refusal names field, or refusedAs when the server names another
	// ("-": none, as for a date that is no date).
	status    int
	refusedAs string
	// stored reads a kept text back: it must be s, verbatim.
	stored func(t *testing.T, s, body string)
	// changes are the rows a hostile text adds or updates (a refusal may
	// add some too: a failed sign-in is recorded).
	changes map[string]delta
	// raw: sent as bytes (a form, a CSV file), so invalid UTF-8 arrives.
	raw bool
}

// want is the answer to s: what a hostile text gets; a value that is not
// text is refused, 422 naming the field (400 where it is not read as text).
func (c textCase) want(s string) (status int, field string) {
	switch {
	case !isText(s) && c.status == 400:
		return 400, ""
	case !isText(s):
		return 422, c.field
	case c.refusedAs == "-":
		return c.status, ""
	case c.refusedAs != "":
		return c.status, c.refusedAs
	}
	return c.status, c.field
}

// Every text field of every POST (the API's, listed by its OpenAPI
// document, the CSV import's columns and the pages' forms), with every
// hostile value: kept verbatim, and read back identical, or refused naming
// the field. Each request changes only the rows it is expected to.
func (a *app) hostileTextFields(t *testing.T, w world) {
	_, textFields := a.openAPI(t)
	db := a.st.DB.SQL()
	draft := fmt.Sprintf("/api/v1/policies/%d", w.draft)
	programURL := fmt.Sprintf("/policies/%d/programs/%d", w.draft, w.program)

	js := func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string) {
		b, _ := json.Marshal(body)
		return a.do(t, call{method: "POST", path: path, role: role, contentType: "application/json", body: bytes.NewReader(b), header: header})
	}
	// form posts a page's form as the drafter, with the session's CSRF token.
	form := func(t *testing.T, path string, v url.Values) (*http.Response, string) {
		c := a.people["drafter"]
		v.Set("csrf", a.csrf(c, "/login"))
		return a.do(t, call{method: "POST", path: path, role: "drafter", contentType: "application/x-www-form-urlencoded", body: strings.NewReader(v.Encode())})
	}
	// id reads the id in an answer.
	id := func(t *testing.T, body string) int64 {
		var out struct{ ID int64 }
		if err := json.Unmarshal([]byte(body), &out); err != nil || out.ID == 0 {
			t.Fatalf("no id in %.200s", body)
		}
		return out.ID
	}
	// column reads one text column of one row.
	column := func(t *testing.T, query string, args ...any) string {
		var s string
		if err := db.Get(&s, query, args...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return s
	}
	same := func(t *testing.T, what, got, want string) {
		if got != want {
			t.Errorf("%s = %q, want %q verbatim", what, got, want)
		}
	}
	current := func(t *testing.T, policy int64) (int, string) {
		v, err := a.st.DB.CurrentVersion(t.Context(), policy)
		if err != nil {
			t.Fatal(err)
		}
		return v.Number, v.Markdown
	}
	var titled []int64 // policies made with a hostile title, archived with a hostile reason

	// Every failed sign-in from an address of its own, so no limit is reached.
	login := func(t *testing.T, email, password, name, ip string) (*http.Response, string) {
		return js(t, "anonymous", "/api/v1/tokens", map[string]string{"email": email, "password": password, "name": name}, map[string]string{"X-Real-IP": ip})
	}
	newPolicy := func(t *testing.T, i int, field, s string) (*http.Response, string) {
		in := map[string]string{"region": "sawahlunto", "slug": fmt.Sprintf("serangan-%s-%d", strings.ReplaceAll(field, "_", "-"), i),
			"markdown": "# Uji serangan\n\n## Pendahuluan\n\nIsi.\n", "change_summary": "Draf awal"}
		in[field] = s
		return js(t, "drafter", "/api/v1/policies", in, nil)
	}
	newVersion := func(t *testing.T, field, s string) (*http.Response, string) {
		n, md := current(t, w.draft)
		in := map[string]any{"base_version": n, "markdown": md + "\n\nTambahan.\n", "change_summary": "Perubahan"}
		if field == "markdown" {
			in[field] = md + "\n\n" + s + "\n"
		} else {
			in[field] = s
		}
		return js(t, "drafter", draft+"/versions", in, nil)
	}
	anonAddr := 0
	comment := func(t *testing.T, role string, policy int64, field, s string) (*http.Response, string) {
		in := map[string]any{"section": "pendahuluan", "body": "Komentar uji."}
		if role == "anonymous" { // the public gives a name and an email
			in["name"], in["email"] = "Warga", "warga@example.org"
		}
		in[field] = s
		var hdr map[string]string
		if role == "anonymous" { // an address each: the public's comments are limited per address (moderation.go)
			anonAddr++
			hdr = map[string]string{"X-Real-IP": fmt.Sprintf("198.18.9.%d", anonAddr)}
		}
		return js(t, role, fmt.Sprintf("/api/v1/policies/%d/comments", policy), in, hdr)
	}
	// csvFile is a participants file of one line, with s in one column.
	csvFile := func(nip, column, s string) string {
		row := map[string]string{"nip": nip, "nama": "Peserta Uji", "unit": "disdukcapil", "hadir": "ya", "lulus": "tidak"}
		row[column] = s
		var b strings.Builder
		cw := csv.NewWriter(&b)
		cw.Write([]string{"nip", "nama", "unit", "hadir", "lulus"})
		cw.Write([]string{row["nip"], row["nama"], row["unit"], row["hadir"], row["lulus"]})
		cw.Flush()
		return b.String()
	}
	participants := func(t *testing.T, column string, i int, s string) (*http.Response, string) {
		return a.do(t, call{method: "POST", path: fmt.Sprintf("%s/programs/%d/participants", draft, w.program), role: "unit_officer",
			contentType: "text/csv", body: strings.NewReader(csvFile(fmt.Sprintf("198503122010011%03d", i+1), column, s))})
	}
	// importPage uploads the file through the program page's form.
	importPage := func(t *testing.T, i int, s string) (*http.Response, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		mw.WriteField("csrf", a.csrf(a.people["drafter"], "/login"))
		f, _ := mw.CreateFormFile("file", "peserta.csv")
		io.WriteString(f, csvFile(fmt.Sprintf("199505052020122%03d", i+1), "nama", s))
		mw.Close()
		return a.do(t, call{method: "POST", path: programURL + "/participants/import", role: "drafter", contentType: mw.FormDataContentType(), body: &b})
	}
	action := func(t *testing.T, role string, policy int64, act string, in map[string]any) (*http.Response, string) {
		return js(t, role, fmt.Sprintf("/api/v1/policies/%d/actions/%s", policy, act), in, nil)
	}
	program := func(field, s string) map[string]any {
		p := map[string]any{"unit_id": w.unit, "kind": "seminar", "title": "Seminar uji", "partner": "Universitas Andalas",
			"starts_at": time.Now().AddDate(0, 1, 0).Format(time.RFC3339), "ends_at": time.Now().AddDate(0, 1, 1).Format(time.RFC3339), "jp": 8}
		p[field] = s
		return map[string]any{"program": p}
	}
	// programText: a program's text field is kept as typed.
	programText := func(field string) textCase {
		return textCase{name: "POST /policies/{id}/actions/plan_program program." + field, field: field, status: 200,
			send: func(t *testing.T, i int, s string) (*http.Response, string) {
				return action(t, "drafter", w.implement, "plan_program", program(field, s))
			},
			stored: func(t *testing.T, s, body string) {
				same(t, "program "+field, column(t, `SELECT `+field+` FROM programs WHERE id = $1`, id(t, body)), s)
			},
			changes: map[string]delta{"programs": {1, 0}, "audit_log": {1, 0}}}
	}
	newVersionRows := map[string]delta{"policy_versions": {1, 0}, "policies": {1, 1}, "audit_log": {1, 0}}
	newPolicyRows := map[string]delta{"policy_versions": {1, 0}, "policies": {1, 0}, "audit_log": {1, 0}}

	// Per API schema, the cases of its text fields; a text field the
	// OpenAPI document lists without a case here fails the test.
	api := map[string][]textCase{
		"LoginInput": {
			// A wrong sign-in is recorded, with the email as typed.
			{name: "POST /tokens email", field: "email", status: 401, refusedAs: "password",
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return login(t, s, "salah", "", fmt.Sprintf("192.0.2.%d", i+1))
				},
				stored: func(t *testing.T, s, _ string) {
					same(t, "attempted email", column(t, `SELECT email FROM login_attempts ORDER BY id DESC LIMIT 1`), s)
				},
				changes: map[string]delta{"login_attempts": {1, 0}}},
			{name: "POST /tokens password", field: "password", status: 401,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return login(t, fmt.Sprintf("tidak-ada-%d@policyflow.test", i), s, "", fmt.Sprintf("198.51.100.%d", i+1))
				},
				changes: map[string]delta{"login_attempts": {1, 0}}},
			// A second factor's code, with the right password of a leader:
			// refused naming the field and counted as a failed sign-in of
			// the account (from an address each, under the limits).
			{name: "POST /tokens totp", field: "totp", status: 401,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return js(t, "anonymous", "/api/v1/tokens", map[string]string{"email": "kabid.pangkalpinang@policyflow.test", "password": "policyflow-dev", "totp": s},
						map[string]string{"X-Real-IP": fmt.Sprintf("198.18.0.%d", i+1)})
				},
				changes: map[string]delta{"login_attempts": {1, 0}, "audit_log": {1, 0}}},
			{name: "POST /tokens recovery_code", field: "recovery_code", status: 401,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return js(t, "anonymous", "/api/v1/tokens", map[string]string{"email": "kabid.pangkalpinang@policyflow.test", "password": "policyflow-dev", "recovery_code": s},
						map[string]string{"X-Real-IP": fmt.Sprintf("198.18.1.%d", i+1)})
				},
				changes: map[string]delta{"login_attempts": {1, 0}, "audit_log": {1, 0}}},
			{name: "POST /tokens name", field: "name", status: 201,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return login(t, roleEmails["stakeholder"], "policyflow-dev", s, "203.0.113.1")
				},
				stored: func(t *testing.T, s, body string) {
					same(t, "token name", column(t, `SELECT name FROM api_tokens WHERE id = $1`, id(t, body)), s)
				},
				changes: map[string]delta{"login_attempts": {1, 0}, "api_tokens": {1, 0}, "audit_log": {1, 0}}},
		},
		"NewPolicyInput": {
			{name: "POST /policies region", field: "region", status: 422,
				send: func(t *testing.T, i int, s string) (*http.Response, string) { return newPolicy(t, i, "region", s) }},
			{name: "POST /policies slug", field: "slug", status: 422,
				send: func(t *testing.T, i int, s string) (*http.Response, string) { return newPolicy(t, i, "slug", s) }},
			{name: "POST /policies markdown", field: "markdown", status: 201,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return newPolicy(t, i, "markdown", "# "+s+"\n\n## Pendahuluan\n\n"+s+"\n")
				},
				stored: func(t *testing.T, s, body string) {
					p := id(t, body)
					titled = append(titled, p)
					same(t, "title", column(t, `SELECT title FROM policies WHERE id = $1`, p), s)
					_, md := current(t, p)
					same(t, "markdown", md, "# "+s+"\n\n## Pendahuluan\n\n"+s+"\n")
				},
				changes: newPolicyRows},
			{name: "POST /policies change_summary", field: "change_summary", status: 201,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return newPolicy(t, i, "change_summary", s)
				},
				stored: func(t *testing.T, s, body string) {
					same(t, "change summary", column(t, `SELECT change_summary FROM policy_versions WHERE policy_id = $1`, id(t, body)), s)
				},
				changes: newPolicyRows},
		},
		"VersionInput": {
			{name: "POST /policies/{id}/versions markdown", field: "markdown", status: 201,
				send: func(t *testing.T, i int, s string) (*http.Response, string) { return newVersion(t, "markdown", s) },
				stored: func(t *testing.T, s, body string) {
					var v struct{ Number int }
					json.Unmarshal([]byte(body), &v)
					res, out := a.do(t, call{method: "GET", path: fmt.Sprintf("%s/versions/%d", draft, v.Number), role: "leader"})
					var back struct{ Markdown string }
					json.Unmarshal([]byte(out), &back)
					if res.StatusCode != 200 || !strings.HasSuffix(back.Markdown, "\n\n"+s+"\n") {
						t.Errorf("version %d read back: %d, markdown ends %q", v.Number, res.StatusCode, back.Markdown[max(0, len(back.Markdown)-80):])
					}
				},
				changes: newVersionRows},
			{name: "POST /policies/{id}/versions change_summary", field: "change_summary", status: 201,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return newVersion(t, "change_summary", s)
				},
				stored: func(t *testing.T, s, body string) {
					same(t, "change summary", column(t, `SELECT change_summary FROM policy_versions WHERE id = $1`, id(t, body)), s)
					same(t, "audit detail", column(t, `SELECT detail FROM audit_log ORDER BY id DESC LIMIT 1`), s)
				},
				changes: newVersionRows},
		},
		"CommentInput": {
			{name: "POST /policies/{id}/comments section", field: "section", status: 422,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return comment(t, "unit_officer", w.draft, "section", s)
				}},
			{name: "POST /policies/{id}/comments body", field: "body", status: 201,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return comment(t, "unit_officer", w.draft, "body", s)
				},
				stored: func(t *testing.T, s, body string) {
					c := id(t, body)
					res, out := a.do(t, call{method: "GET", path: draft + "/comments?section=pendahuluan&limit=100", role: "leader"})
					var list struct {
						Threads []struct {
							ID   int64
							Body string
						}
					}
					json.Unmarshal([]byte(out), &list)
					i := slices.IndexFunc(list.Threads, func(th struct {
						ID   int64
						Body string
					}) bool {
						return th.ID == c
					})
					if res.StatusCode != 200 || i < 0 {
						t.Fatalf("comment %d not listed: %d %.200s", c, res.StatusCode, out)
					}
					same(t, "comment read back", list.Threads[i].Body, s)
				},
				changes: map[string]delta{"comments": {1, 0}}},
			{name: "POST /policies/{id}/comments name", field: "name", status: 201,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return comment(t, "anonymous", w.public, "name", s)
				},
				stored: func(t *testing.T, s, body string) {
					same(t, "author name", column(t, `SELECT author_name FROM comments WHERE id = $1`, id(t, body)), s)
				},
				changes: map[string]delta{"comments": {1, 0}, "anonymous_comment_counts": {1, 0}}},
			{name: "POST /policies/{id}/comments email", field: "email", status: 422,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return comment(t, "anonymous", w.public, "email", s)
				}},
		},
		"CommentStatusInput": {
			{name: "POST /comments/{cid}/status status", field: "status", status: 422,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return js(t, "drafter", fmt.Sprintf("/api/v1/comments/%d/status", w.comment), map[string]string{"status": s}, nil)
				}},
		},
		"WebhookInput": {
			// Not an http(s) URL: refused, and the unit keeps no webhook.
			{name: "POST /unit/webhook url", field: "url", status: 422,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return js(t, "unit_officer", "/api/v1/unit/webhook", map[string]string{"url": s}, nil)
				}},
		},
		"PreviewInput": {
			{name: "POST /preview markdown", field: "markdown", status: 200,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return js(t, "drafter", "/api/v1/preview", map[string]string{"markdown": "## " + s + "\n\n" + s}, nil)
				}},
		},
		"ActionInput": {
			// A date that is no date is not read (400).
			{name: "POST /policies/{id}/actions/open_consultation closes_at", field: "closes_at", status: 400, refusedAs: "-",
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return action(t, "drafter", w.draft, "open_consultation", map[string]any{"closes_at": s})
				}},
			{name: "POST /policies/{id}/actions/open_consultation opens_at", field: "opens_at", status: 400, refusedAs: "-",
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return action(t, "drafter", w.draft, "open_consultation", map[string]any{"closes_at": time.Now().Add(30 * 24 * time.Hour), "opens_at": s})
				}},
			{name: "POST /policies/{id}/actions/delegate delegate_until", field: "delegate_until", status: 400, refusedAs: "-",
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return action(t, "leader", w.inApproval, "delegate", map[string]any{"delegate_to": 1, "delegate_until": s})
				}},
			// A day that is no day (YYYY-MM-DD) is refused before the workflow hears of it.
			{name: "POST /policies/{id}/actions/start_implementation started_on", field: "started_on", status: 422,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return action(t, "drafter", w.implement, "start_implementation", map[string]any{"started_on": s})
				}},
			// Not the SHA-256 of the version under approval: a conflict.
			{name: "POST /policies/{id}/actions/approve version_sha256", field: "version_sha256", status: 409, refusedAs: "-",
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return action(t, "leader", w.inApproval, "approve", map[string]any{"version_sha256": s})
				}},
			{name: "POST /policies/{id}/actions/reject version_sha256", field: "version_sha256", status: 409, refusedAs: "-",
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return action(t, "leader", w.inApproval, "reject", map[string]any{"version_sha256": s, "reason": "Uji"})
				}},
			// The reason of an archiving is kept in the audit log.
			{name: "POST /policies/{id}/actions/archive reason", field: "reason", status: 200,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					if len(titled) == 0 {
						t.Fatal("no policy to archive")
					}
					return action(t, "admin", titled[i%len(titled)], "archive", map[string]any{"reason": s})
				},
				stored: func(t *testing.T, s, _ string) {
					same(t, "audit of the archiving", column(t, `SELECT detail FROM audit_log ORDER BY id DESC LIMIT 1`), "draft → archived "+s)
				},
				changes: map[string]delta{"policies": {1, 1}, "audit_log": {1, 0}}},
			programText("title"),
			programText("partner"),
			{name: "POST /policies/{id}/actions/plan_program program.kind", field: "kind", status: 422,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return action(t, "drafter", w.implement, "plan_program", program("kind", s))
				}},
		},
	}
	maps.Copy(api, a.peopleTextCases(w.path, js))
	maps.Copy(api, a.adminTextCases(js))
	maps.Copy(api, a.answersTextCases(w.path, w.draft, len(hostile)+1, js))
	maps.Copy(api, a.campaignTextCases(w.path, w.draft, len(hostile)+1, js)) // campaigns_test.go
	maps.Copy(api, a.moderationTextCases(w, js))
	maps.Copy(api, a.jdihTextCases(w, js))
	maps.Copy(api, a.amendmentTextCases(w, js))                   // amendment_test.go
	maps.Copy(api, a.programLifeTextCases(w, len(hostile)+1, js)) // program_hostile_test.go
	maps.Copy(api, legalTextCases(js))                            // legal_test.go
	maps.Copy(api, a.rosterTextCases(js))                         // roster_matrix_test.go
	maps.Copy(api, a.learningTextCases(js))                       // learning_matrix_test.go
	maps.Copy(api, a.planTextCases(js))                           // plan_matrix_test.go
	maps.Copy(api, a.followUpTextCases(w, js))                    // skm_hostile_test.go
	maps.Copy(api, a.kirkpatrickTextCases(w, js))                 // kirkpatrick_results_test.go
	for schema, cs := range a.passageTextCases(w, js) {           // passage_hostile_test.go
		api[schema] = append(api[schema], cs...)
	}
	for schema, cs := range a.enactmentTextCases(w, js) { // enactment_test.go
		api[schema] = append(api[schema], cs...)
	}
	maps.Copy(api, a.parafTextCases(w, js))         // paraf_matrix_test.go
	maps.Copy(api, a.harmonisationTextCases(w, js)) // harmonisation_matrix_test.go
	maps.Copy(api, a.privacyTextCases(w, js))       // privacy_test.go
	maps.Copy(api, a.legalStepSettingTextCases(js)) // legal_step_settings_test.go
	maps.Copy(api, a.ssoTextCases(js))              // oidc_matrix_test.go
	maps.Copy(api, a.topicTextCases(t, js))         // topics_test.go
	for _, schema := range slices.Sorted(maps.Keys(textFields)) {
		for _, f := range textFields[schema] {
			if schema != "Error" && !slices.ContainsFunc(api[schema], func(c textCase) bool { return strings.HasSuffix(c.name, " "+f) }) {
				t.Errorf("text field %s.%s has no hostile case", schema, f)
			}
		}
	}

	// The CSV import's columns, and the text fields of the pages' forms.
	pageForm := func(path string, fixed url.Values, field string) func(*testing.T, int, string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			v := url.Values{} // {i} in a fixed value: the request's number, for unique slugs and NIPs
			for k := range fixed {
				v.Set(k, strings.ReplaceAll(fixed.Get(k), "{i}", fmt.Sprintf("%03d", i+1)))
			}
			v.Set(field, s)
			return form(t, path, v)
		}
	}
	csvCase := func(col string, status int) textCase {
		c := textCase{name: "POST /policies/{id}/programs/{pid}/participants CSV " + col, field: "file", status: status, raw: true,
			send: func(t *testing.T, i int, s string) (*http.Response, string) { return participants(t, col, i, s) }}
		if status == 200 {
			c.stored = func(t *testing.T, s, _ string) {
				same(t, "participant name", column(t, `SELECT name FROM participants ORDER BY id DESC LIMIT 1`), s)
			}
			c.changes = map[string]delta{"participants": {1, 0}, "audit_log": {1, 0}}
		}
		return c
	}
	commentsURL := fmt.Sprintf("/policies/%d/comments", w.draft)
	// verifyPDF uploads s as the file the verification page checks: no
	// PDF, refused; nothing kept.
	verifyPDF := func(t *testing.T, i int, s string) (*http.Response, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		mw.WriteField("csrf", a.csrf(a.people["drafter"], "/login"))
		f, _ := mw.CreateFormFile("pdf", "dokumen.pdf")
		io.WriteString(f, s)
		mw.Close()
		return a.do(t, call{method: "POST", path: "/verifikasi/pdf", role: "drafter", contentType: mw.FormDataContentType(), body: &b})
	}
	other := []textCase{
		{name: "form /verifikasi/pdf file pdf", status: 422, raw: true, send: verifyPDF},
		csvCase("nama", 200), csvCase("nip", 422), csvCase("unit", 422), csvCase("hadir", 422), csvCase("lulus", 422),
		{name: "form /policies/{id}/programs/{pid}/participants/import file nama", status: 303, raw: true, send: importPage,
			stored: func(t *testing.T, s, _ string) {
				same(t, "participant name", column(t, `SELECT name FROM participants ORDER BY id DESC LIMIT 1`), s)
			},
			changes: map[string]delta{"participants": {1, 0}, "audit_log": {1, 0}}},
		{name: "form /policies/{id}/comments body", status: 303, raw: true,
			send: pageForm(commentsURL, url.Values{"section": {"pendahuluan"}}, "body"),
			stored: func(t *testing.T, s, _ string) {
				same(t, "comment", column(t, `SELECT body FROM comments ORDER BY id DESC LIMIT 1`), s)
			},
			changes: map[string]delta{"comments": {1, 0}}},
		{name: "form /policies/{id}/comments section", status: 422, raw: true,
			send: pageForm(commentsURL, url.Values{"body": {"Komentar uji."}}, "section")},
		{name: "form /policies/{id}/versions change_summary", status: 303, raw: true,
			send: func(t *testing.T, i int, s string) (*http.Response, string) {
				n, md := current(t, w.draft)
				return pageForm(fmt.Sprintf("/policies/%d/versions", w.draft), url.Values{"base_version": {fmt.Sprint(n)}, "markdown": {md + "\nLagi.\n"}}, "change_summary")(t, i, s)
			},
			stored: func(t *testing.T, s, _ string) {
				same(t, "change summary", column(t, `SELECT change_summary FROM policy_versions ORDER BY id DESC LIMIT 1`), s)
			},
			changes: newVersionRows},
		{name: "form /policies slug", status: 422, raw: true,
			send: pageForm("/policies", url.Values{"region": {"sawahlunto"}, "markdown": {"# Uji\n"}}, "slug")},
		{name: "form /policies region", status: 422, raw: true,
			send: pageForm("/policies", url.Values{"slug": {"serangan-formulir-{i}"}, "markdown": {"# Uji\n"}}, "region")},
		{name: "form /policies/{id}/programs/{pid}/participants name", status: 303, raw: true,
			send: pageForm(programURL+"/participants", url.Values{"nip": {"199001012015032{i}"}, "unit": {"disdukcapil"}}, "name"),
			stored: func(t *testing.T, s, _ string) {
				same(t, "participant name", column(t, `SELECT name FROM participants ORDER BY id DESC LIMIT 1`), s)
			},
			changes: map[string]delta{"participants": {1, 0}, "audit_log": {1, 0}}},
		{name: "form /policies/{id}/programs/{pid}/participants nip", status: 422, raw: true,
			send: pageForm(programURL+"/participants", url.Values{"name": {"Budi"}, "unit": {"disdukcapil"}}, "nip")},
		{name: "form /policies/{id}/programs/{pid}/participants unit", status: 422, raw: true,
			send: pageForm(programURL+"/participants", url.Values{"nip": {"198503122010011002"}, "name": {"Budi"}}, "unit")},
		{name: "form /settings notify_mode", status: 422, raw: true,
			send: pageForm("/settings", url.Values{}, "notify_mode")},
		{name: "form /settings/webhook webhook_url", status: 422, raw: true,
			send: func(t *testing.T, i int, s string) (*http.Response, string) {
				c := a.people["unit_officer"]
				v := url.Values{"csrf": {a.csrf(c, "/login")}, "webhook_url": {s}}
				return a.do(t, call{method: "POST", path: "/settings/webhook", role: "unit_officer", contentType: "application/x-www-form-urlencoded", body: strings.NewReader(v.Encode())})
			}},
		{name: "form /policies/{id}/evaluation-plan evaluation_months", status: 422, raw: true,
			send: pageForm(fmt.Sprintf("/policies/%d/evaluation-plan", w.draft), url.Values{"ikm_threshold": {"80"}}, "evaluation_months")},
		{name: "form /policies/{id}/evaluation-plan ikm_threshold", status: 422, raw: true,
			send: pageForm(fmt.Sprintf("/policies/%d/evaluation-plan", w.draft), url.Values{"evaluation_months": {"6"}}, "ikm_threshold")},
		{name: "form /policies/{id}/actions/open_consultation closes_at", status: 422, raw: true,
			send: pageForm(fmt.Sprintf("/policies/%d/actions/open_consultation", w.draft), url.Values{}, "closes_at")},
		{name: "form /policies/{id}/actions/open_consultation opens_at", status: 422, raw: true,
			send: pageForm(fmt.Sprintf("/policies/%d/actions/open_consultation", w.draft), url.Values{"closes_at": {"2030-01-20T08:00"}}, "opens_at")},
	}

	// In this order: the policies with hostile titles (NewPolicy) are made
	// before they are archived (Action).
	var all []textCase
	for _, schema := range []string{"RelationInput", "JDIHInput", "PointInput", "LoginInput", "NewPolicyInput", "VersionInput", "CommentInput", "CommentStatusInput", "PreviewInput", "WebhookInput", "ActionInput", "InvitationInput", "PersonBody", "RegionSettings", "RegionHolidayInput", "UnitInput", "GroupInput", "ChainInput", "ActingInput", "ActingRules", "PoliciesDeclineInput", "AttachmentInput", "ReportInput", "ModerationInput", "AnswerInput", "GroupAnswerInput", "ThemeInput", "OfflineInput", "UnansweredReasonInput", "AcceptInput", "DeclineInput", "EnactmentInput", "PromulgationInput", "ParafStepInput", "ParafInput", "HarmonisationSettingInput", "HarmonisationRequestInput", "HarmonisationAnswerInput", "LegalStepSettingInput", "StructureCheckInput", "RosterInput", "RosterApplyInput", "LearningInput", "LearningRemoval",
		"ProgramEdit", "NewSession", "ProgramReschedule", "ParticipantRemoval", "ProgramCancel", "PlanNeedInput", "PlanItemInput", "FollowUpInput", "FollowUpStatusInput", "ResultInput", "ErasureRequestInput", "ErasureInput", "AddressErasureInput", "SSOInput", "NewTopic", "TopicRename"} {
		all = append(all, api[schema]...)
		delete(api, schema)
	}
	if len(api) > 0 {
		t.Errorf("schemas %v: give them their place in the order", slices.Collect(maps.Keys(api)))
	}
	all = append(all, other...)

	n := 0
	before := a.rows(t)
	for _, c := range all {
		t.Run(c.name, func(t *testing.T) {
			values := append(slices.Clone(hostile), nul)
			if c.raw {
				values = append(values, badUTF8)
			}
			for i, s := range values {
				n++
				status, field := c.want(s)
				res, body := c.send(t, i, s)
				w.noLeak(t, res, body)
				switch {
				case res.StatusCode != status:
					t.Errorf("%q: status %d, want %d: %.300s", s, res.StatusCode, status, body)
				case status >= 400 && c.field == "": // a page: the status says it
				case status >= 400:
					if e := decodeErr(t, body); e.Error.Field != field || e.Error.Message == "" {
						t.Errorf("%q: error %+v, want a message naming %q", s, e.Error, field)
					}
				case c.stored != nil:
					c.stored(t, s, body)
				}
				// Reading back changes nothing: this is the next request's before.
				after := a.rows(t)
				want := c.changes
				if !isText(s) {
					want = nil
				}
				expectChanges(t, before, after, want)
				before = after
			}
		})
	}

	// A hostile Idempotency-Key is a key like any other: the retry gets the
	// first answer; one that is not text is refused (400) naming the header.
	t.Run("POST /preview Idempotency-Key", func(t *testing.T) {
		preview := func(key string) (*http.Response, string) {
			return js(t, "drafter", "/api/v1/preview", map[string]string{"markdown": "# Uji"}, map[string]string{"Idempotency-Key": key})
		}
		for _, key := range append(slices.Clone(hostile), badUTF8) {
			n += 2
			first, b1 := preview(key)
			retry, b2 := preview(key)
			after := a.rows(t)
			if !isText(key) {
				wantRefusal(t, fmt.Sprintf("Idempotency-Key %q", key), retry, b2, []int{400}, "Idempotency-Key")
				expectChanges(t, before, after, nil)
			} else {
				if first.StatusCode != 200 || retry.StatusCode != 200 || b2 != b1 || retry.Header.Get("Idempotent-Replayed") != "true" {
					t.Errorf("Idempotency-Key %q: %d then %d (replayed %q)", key, first.StatusCode, retry.StatusCode, retry.Header.Get("Idempotent-Replayed"))
				}
				same(t, "key", column(t, `SELECT key FROM idempotency_keys WHERE key = $1`, key), key)
				expectChanges(t, before, after, map[string]delta{"idempotency_keys": {1, 0}})
			}
			before = after
		}
	})
	t.Logf("%d POST requests with a hostile text field, in %d fields", n, len(all)+1)
}
