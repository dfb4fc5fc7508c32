package server_test

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/server"
)

var roles = []string{"anonymous", "drafter", "stakeholder", "leader", "unit_officer", "admin", "legal"}

// want gives the expected status per role; "*" is the default.
type want map[string]int

func (w want) of(role string) int {
	if s, ok := w[role]; ok {
		return s
	}
	return w["*"]
}

// only is a page of role alone: signed out, the sign-in redirect.
func only(role string, ok int) want { return want{"anonymous": 303, role: ok, "*": 403} }

// onlyAPI is an API route of role alone: signed out, 401.
func onlyAPI(role string, ok int) want { return want{"anonymous": 401, role: ok, "*": 403} }

// onDraft is w on a route of the draft that the router lets every role
// reach: the stakeholder, of the region but not its staff, gets 404 there,
// as if the draft were absent (issue 24).
func onDraft(w want) want {
	w = maps.Clone(w)
	w["stakeholder"] = 404
	return w
}

// pageCase is a page request of the route × role matrix; apiCase is an API
// route's body and statuses, keyed by "METHOD /path" below /api/v1. Each
// noun's file adds its routes' cases (peopleRoleCases, adminRoleCases…).
type (
	pageCase = struct {
		method, path string
		form         url.Values
		want         want
	}
	apiCase = struct {
		body any
		want want
	}
)

// Every route, for every role: the allowed status or the refusal. The
// server enforces roles itself; a hidden button is not a permission.
func TestRouteRoleMatrix(t *testing.T) {
	a := newApp(t)
	draft := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	var comment int64
	a.st.DB.SQL().Get(&comment, `INSERT INTO comments (policy_id, version_id, section_anchor, author_name, body)
		SELECT id, current_version_id, 'pendahuluan', 'Uji', 'Komentar uji' FROM policies WHERE id = $1 RETURNING id`, draft)
	var note int64
	a.st.DB.SQL().Get(&note, `INSERT INTO notifications (dedup_key, user_id, kind, subject) VALUES ('m1', $1, 'uji', 'Uji') RETURNING id`,
		a.st.UserID(t, roleEmails["drafter"]))
	p := fmt.Sprintf("/policies/%d", draft)
	var program int64
	if err := a.st.DB.SQL().Get(&program, `INSERT INTO programs (policy_id, unit_id, kind, title, starts_on, ends_on, jp)
		SELECT $1, unit_id, 'seminar', 'Seminar uji', '2026-01-10', '2026-01-11', 8 FROM users WHERE email = $2 RETURNING id`,
		draft, roleEmails["unit_officer"]); err != nil {
		t.Fatal(err)
	}
	prog := fmt.Sprintf("%s/programs/%d", p, program)
	// A token of someone with none of the roles: revoking it is everyone's 404.
	othersToken, err := a.st.DB.CreateAPIToken(t.Context(), a.st.UserID(t, "walikota.sawahlunto@policyflow.test"), "matriks", hashHex("matriks-lain"), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	pw := a.peopleWorld(t)
	peoplePages, peopleAPI := peopleRoleCases(pw)
	aw := a.adminWorld(t)
	adminPages, adminAPI := adminRoleCases(aw)
	ansW := a.answersWorldOf(t, draft, false) // a consultation of the draft (answers_test.go)
	answersPages, answersAPI := answersRoleCases(ansW)
	mw := a.moderationWorld(t) // attachments (moderation_test.go)
	modPages, modAPI := moderationRoleCases(mw, comment)
	passagePages, passageAPI := passageRoleCases(p, comment) // suggestions (passage_matrix_test.go)
	enactPages, enactAPI := enactmentRoleCases(p)            // enactment, promulgation (enactment_test.go)
	parafPages, parafAPI := parafRoleCases(p, aw)            // paraf and who initials (paraf_matrix_test.go)
	harmoPages, harmoAPI := harmonisationRoleCases(p)        // harmonisation (harmonisation_matrix_test.go)
	changePages, changeAPI := changesRoleCases(aw)           // changes of power awaiting a second person (changes_matrix_test.go)
	stepPages, stepAPI := legalStepSettingRoleCases()        // the legal steps' times (legal_step_settings_test.go)
	opsPages, opsAPI := operationsRoleCases()                // the operations console (operations_test.go)
	legalPages, legalAPI := legalRoleCases(p)                // template, structure check (legal_matrix_test.go)
	signedIn := want{"anonymous": 303, "*": 200}
	onlyDrafter := only("drafter", 200)
	docPages, docAPI, docHash := documentsRoleCases(t, a, draft) // PDF, naskah, verification (documents_matrix_test.go)

	pages := []pageCase{
		{"GET", "/", nil, want{"*": 200}},
		{"GET", "/policies?q=pelatihan", nil, want{"*": 200}},
		// Prometheus metrics: no personal data; the test client is on loopback (metrics_test.go has the refusals).
		{"GET", "/metrics", nil, want{"*": 200}},
		{"GET", p, nil, onDraft(want{"anonymous": 404, "*": 200})}, // a draft is not public
		{"GET", p + "/versions", nil, onDraft(want{"anonymous": 404, "*": 200})},
		{"GET", p + "/diff?from=1&to=1", nil, onDraft(want{"anonymous": 404, "*": 200})},
		{"GET", p + "/consultation", nil, onDraft(want{"anonymous": 404, "*": 200})},
		{"GET", p + "/comments?section=pendahuluan", nil, onDraft(want{"anonymous": 404, "*": 200})},
		// Unsubscribing: the signed token is the authority, for everyone alike; a bad one is 400.
		{"GET", "/unsubscribe?t=bad.token", nil, want{"*": 400}},
		{"POST", "/unsubscribe", url.Values{"t": {"bad.token"}}, want{"*": 400}},
		// Following (follow.go): the draft is its region's alone; a bad target names its field; bad tokens 400.
		{"GET", "/follow", nil, want{"*": 200}},
		{"GET", "/follow?region=sawahlunto", nil, want{"*": 200}},
		{"GET", "/follow?policy=" + strings.TrimPrefix(p, "/policies/"), nil, onDraft(want{"anonymous": 404, "*": 200})},
		{"POST", "/follow", url.Values{"region": {"tidak-ada"}}, want{"*": 422}},
		{"POST", "/follow", url.Values{"policy": {"x"}}, want{"*": 422}},
		{"GET", "/follow/confirm?t=1.bad", nil, want{"*": 400}},
		{"POST", "/follow/confirm", url.Values{"t": {"1.bad"}}, want{"*": 400}},
		{"GET", "/follow/unsubscribe?t=1.bad", nil, want{"*": 400}},
		{"POST", "/follow/unsubscribe", url.Values{"t": {"1.bad"}}, want{"*": 400}},
		{"GET", "/follow/manage", nil, want{"*": 200}},
		{"POST", "/follow/erase", url.Values{"t": {"bad"}}, want{"*": 400}},
		{"POST", "/follow/language", url.Values{"t": {"bad"}, "lang": {"en"}}, want{"*": 400}},
		{"POST", "/follow/language", url.Values{"lang": {"fr"}}, want{"anonymous": 400, "*": 422}},
		{"GET", "/dashboard", nil, signedIn},
		{"GET", "/notifications", nil, signedIn},
		{"GET", p + "/history", nil, onDraft(signedIn)},
		{"GET", "/policies/new", nil, onlyDrafter},
		// Word in and out: an upload with no file is refused for the drafter.
		{"GET", "/policies/import", nil, onlyDrafter},
		{"POST", "/policies/import", url.Values{}, only("drafter", 422)},
		{"GET", p + "/import", nil, onlyDrafter},
		{"POST", p + "/import", url.Values{}, only("drafter", 422)},
		{"GET", p + "/versions/1/docx", nil, onDraft(want{"anonymous": 404, "*": 200})},
		{"GET", p + "/edit", nil, onlyDrafter},
		{"GET", p + "/approval", nil, only("leader", 200)},
		{"GET", p + "/evaluations", nil, onDraft(signedIn)},
		{"GET", p + "/programs", nil, onDraft(signedIn)},
		{"GET", p + "/kirkpatrick", nil, onDraft(signedIn)}, // the Kirkpatrick report (kirkpatrick_report.go)
		{"GET", "/settings", nil, signedIn},
		{"POST", "/settings", url.Values{"notify_mode": {"loud"}}, want{"anonymous": 303, "*": 422}},
		{"POST", "/settings/webhook", url.Values{"webhook_url": {"ftp://unit.example"}}, only("unit_officer", 422)},
		{"POST", p + "/evaluation-plan", url.Values{"evaluation_months": {"0"}, "ikm_threshold": {"80"}}, only("drafter", 422)},
		{"GET", prog, nil, onDraft(signedIn)},
		{"GET", "/ledger?region=sawahlunto&year=2026", nil, want{"anonymous": 303, "drafter": 200, "unit_officer": 200, "*": 403}},
		{"GET", "/ledger.csv", nil, want{"anonymous": 303, "drafter": 200, "unit_officer": 200, "*": 403}},
		// A NIP that is not 18 digits: the line is refused (422) for those who may record.
		{"POST", prog + "/participants", url.Values{"nip": {"123"}, "name": {"Budi"}, "unit": {"disdukcapil"}}, want{"anonymous": 303, "drafter": 422, "unit_officer": 422, "*": 403}},
		// A program's changes (program_life.go): bad input is refused naming the field, for those who run the program.
		{"POST", prog + "/edit", url.Values{"title": {""}, "kind": {"seminar"}, "jp": {"8"}}, want{"anonymous": 303, "drafter": 422, "unit_officer": 422, "*": 403}},
		{"POST", prog + "/reschedule", url.Values{"starts_at": {"2030-01-10"}, "ends_at": {"2030-01-11"}, "reason": {""}}, want{"anonymous": 303, "drafter": 422, "unit_officer": 422, "*": 403}},
		{"POST", prog + "/cancel", url.Values{"reason": {" "}}, want{"anonymous": 303, "drafter": 422, "unit_officer": 422, "*": 403}},
		{"POST", prog + "/budget", url.Values{"budget": {"-5"}, "realisation": {"0"}}, want{"anonymous": 303, "drafter": 422, "unit_officer": 422, "*": 403}},
		// A participant of another program (or none): 404 to those who run this one.
		{"POST", prog + "/participants/999999/remove", url.Values{"reason": {"x"}}, want{"anonymous": 303, "drafter": 404, "unit_officer": 404, "*": 403}},
		// A certificate of a participant of another program (or none): 404 in the region (certificates_test.go has the rest).
		{"GET", prog + "/participants/999999/certificate.pdf", nil, want{"anonymous": 303, "*": 404}},
		// Sessions and attendance (program_sessions.go).
		{"POST", prog + "/sessions", url.Values{"held_on": {""}, "jp": {"2"}}, want{"anonymous": 303, "drafter": 422, "unit_officer": 422, "*": 403}},
		{"POST", prog + "/sessions/999999/attendance", url.Values{"present": {"1"}}, want{"anonymous": 303, "drafter": 404, "unit_officer": 404, "*": 403}},
		{"POST", prog + "/attendance/import", url.Values{}, want{"anonymous": 303, "drafter": 422, "unit_officer": 422, "*": 403}},
		// Kirkpatrick levels 1 and 2 (kirkpatrick_levels.go): the page and its forms for those who run the
		// program; links only once it is done (409 for this planned one); no CSV file is 422.
		{"GET", prog + "/kirkpatrick", nil, want{"anonymous": 303, "drafter": 200, "unit_officer": 200, "*": 403}},
		{"POST", prog + "/kirkpatrick/reaction-links", url.Values{}, want{"anonymous": 303, "drafter": 409, "unit_officer": 409, "*": 403}},
		{"POST", prog + "/kirkpatrick/learning", url.Values{"pre_999999": {"500"}}, want{"anonymous": 303, "drafter": 303, "unit_officer": 303, "*": 403}},
		{"POST", prog + "/kirkpatrick/learning/import", url.Values{}, want{"anonymous": 303, "drafter": 422, "unit_officer": 422, "*": 403}},
		{"POST", prog + "/kirkpatrick/result", url.Values{"indicator": {""}, "unit_of_measure": {"%"}, "baseline": {"1"}, "target": {"2"}}, want{"anonymous": 303, "drafter": 422, "unit_officer": 422, "*": 403}},
		// The public reaction form: the signed token is the authority, for everyone alike; a forged one is 404.
		{"GET", "/kirkpatrick/reaksi/bad.token", nil, want{"*": 404}},
		{"POST", "/kirkpatrick/reaksi/bad.token", url.Values{"overall": {"5"}}, want{"*": 404}},
		// The public behaviour survey (kirkpatrick_behaviour.go): the same for the supervisor's link.
		{"GET", "/kirkpatrick/perilaku/bad.token", nil, want{"*": 404}},
		{"POST", "/kirkpatrick/perilaku/bad.token", url.Values{"applies": {"5"}}, want{"*": 404}},
		{"GET", p + "/evaluations.csv", nil, onDraft(signedIn)},
		{"GET", p + "/evaluations/1/skm", nil, only("unit_officer", 200)},
		{"POST", p + "/evaluations/1/skm", url.Values{"u1_4": {"10"}, "u2_4": {"10"}, "u3_4": {"10"}, "u4_4": {"10"}, "u5_4": {"10"}, "u6_4": {"10"}, "u7_4": {"10"}, "u8_4": {"10"}, "u9_4": {"10"}}, only("unit_officer", 409)},
		{"POST", "/preview", url.Values{"markdown": {"# Uji"}}, onlyDrafter},
		// Lifecycle actions: the table decides the role (submit is the drafter's).
		{"POST", p + "/actions/approve", url.Values{}, onDraft(only("leader", 409))},
		{"POST", p + "/actions/archive", url.Values{}, onDraft(only("admin", 422))},
		{"POST", p + "/actions/start_implementation", url.Values{}, onDraft(only("drafter", 409))},
		{"POST", p + "/actions/teleport", url.Values{}, want{"anonymous": 303, "*": 404}},
		{"POST", fmt.Sprintf("/comments/%d/status", comment), url.Values{"status": {"bogus"}}, only("drafter", 422)},
		{"POST", fmt.Sprintf("/notifications/%d/read", note), url.Values{}, want{"anonymous": 303, "drafter": 303, "*": 404}},
		{"POST", p + "/comments", url.Values{"section": {"pendahuluan"}, "body": {""}}, onDraft(want{"anonymous": 404, "*": 422})},
		{"POST", "/settings/tokens", url.Values{"name": {"matriks"}, "expires_in_days": {"0"}}, want{"anonymous": 303, "*": 422}},
		{"POST", fmt.Sprintf("/settings/tokens/%d/revoke", othersToken), url.Values{}, want{"anonymous": 303, "*": 404}},
	}
	pages = append(pages, peoplePages...)
	pages = append(pages, adminPages...)
	pages = append(pages, answersPages...)
	pages = append(pages, modPages...)
	pages = append(pages, passagePages...)
	pages = append(pages, docPages...)
	jdihPages, jdihAPI := jdihRoleCases(p)
	pages = append(pages, jdihPages...)
	pages = append(pages, findRoleCases()...) // find_matrix_test.go
	pages = append(pages, feedRoleCases(p)...)
	amendPages, amendAPI := amendmentRoleCases(p) // amendment_test.go
	pages = append(pages, amendPages...)
	artPages, artAPI := articleRoleCases(p) // articles_test.go
	pages = append(pages, artPages...)
	pages = append(pages, enactPages...)
	pages = append(pages, parafPages...)
	pages = append(pages, harmoPages...)
	pages = append(pages, changePages...)
	pages = append(pages, stepPages...)
	pages = append(pages, opsPages...)
	pages = append(pages, legalPages...)
	rosterPages, rosterAPI, rid := a.rosterRoleCases() // roster_matrix_test.go
	pages = append(pages, rosterPages...)
	learningPages, learningAPI, lid := a.learningRoleCases(rid) // learning_matrix_test.go
	pages = append(pages, learningPages...)
	planPages, planAPI := planRoleCases() // plan_matrix_test.go
	pages = append(pages, planPages...)
	siasnPages, siasnAPI := siasnRoleCases() // plan_matrix_test.go
	pages = append(pages, siasnPages...)
	skmPages, skmAPI, skmUnit := skmRoleCases(t, a, draft) // SKM calculation table, public IKM (skm_test.go)
	pages = append(pages, skmPages...)
	privacyPages, privacyAPI := privacyRoleCases(pw.person) // a person's data, retention, erasure (privacy_test.go)
	pages = append(pages, privacyPages...)
	ssoPages, ssoAPI := ssoRoleCases() // sign-in through a city's provider (oidc_matrix_test.go)
	pages = append(pages, ssoPages...)
	tfPages, tfAPI := secondFactorRoleCases(pw.person) // the second factor (secondfactor_matrix_test.go)
	pages = append(pages, tfPages...)
	topicPages, topicAPI := topicRoleCases(p) // topics of policies (topics_test.go)
	pages = append(pages, topicPages...)
	for _, pg := range pages {
		for _, role := range roles {
			t.Run(pg.method+" "+pg.path+" "+role, func(t *testing.T) {
				c := a.people[role]
				var res *http.Response
				var body string
				if pg.method == "GET" {
					res, body = a.get(c, pg.path)
				} else {
					f := url.Values{"csrf": {a.csrf(c, "/login")}}
					for k, v := range pg.form {
						f[k] = v
					}
					res, body = a.form(c, pg.path, f)
				}
				if w := pg.want.of(role); res.StatusCode != w {
					t.Errorf("status %d, want %d\n%.300s", res.StatusCode, w, body)
				}
			})
		}
	}

	// The API: every route of the table is probed.
	id := fmt.Sprint(draft)
	apiCases := map[string]apiCase{
		"POST /tokens":                                        {map[string]string{"email": "x@y.z", "password": "salah"}, want{"*": 401}},
		"GET /tokens":                                         {nil, want{"anonymous": 401, "*": 200}},
		"POST /tokens/{tid}/revoke":                           {nil, want{"anonymous": 401, "*": 404}},
		"GET /me":                                             {nil, want{"anonymous": 401, "*": 200}},
		"GET /dashboard":                                      {nil, want{"anonymous": 401, "*": 200}},
		"GET /policies":                                       {nil, want{"*": 200}},
		"POST /policies":                                      {map[string]string{"region": "sawahlunto", "slug": "matrix-" + strings.Repeat("x", 3), "markdown": "# Uji matriks\n"}, onlyAPI("drafter", 201)},
		"GET /policies/{id}":                                  {nil, onDraft(want{"anonymous": 404, "*": 200})},
		"GET /policies/{id}/timeline":                         {nil, onDraft(want{"anonymous": 404, "*": 200})},
		"GET /policies/{id}/versions":                         {nil, onDraft(want{"anonymous": 404, "*": 200})},
		"POST /policies/{id}/versions":                        {map[string]any{"base_version": 99, "markdown": "# X\n", "change_summary": "uji"}, onlyAPI("drafter", 409)},
		"GET /policies/{id}/versions/{n}":                     {nil, onDraft(want{"anonymous": 404, "*": 200})},
		"GET /policies/{id}/versions/{n}/docx":                {nil, onDraft(want{"anonymous": 404, "*": 200})},
		"POST /convert":                                       {nil, onlyAPI("drafter", 415)}, // no body of a kind it converts
		"GET /policies/{id}/diff":                             {nil, onDraft(want{"anonymous": 404, "*": 200})},
		"GET /policies/{id}/comments":                         {nil, onDraft(want{"anonymous": 404, "*": 200})},
		"POST /policies/{id}/comments":                        {map[string]any{"section": "tidak-ada", "body": "x"}, onDraft(want{"anonymous": 404, "*": 422})},
		"POST /comments/{cid}/status":                         {map[string]string{"status": "bogus"}, onlyAPI("drafter", 422)},
		"POST /policies/{id}/actions/{action}":                {map[string]any{}, onDraft(onlyAPI("leader", 409))},
		"GET /policies/{id}/audit":                            {nil, onDraft(want{"anonymous": 401, "*": 200})},
		"GET /notifications":                                  {nil, want{"anonymous": 401, "*": 200}},
		"POST /notifications/{nid}/read":                      {nil, want{"anonymous": 401, "*": 404}},
		"POST /preview":                                       {map[string]string{"markdown": "# Uji"}, onlyAPI("drafter", 200)},
		"GET /openapi.json":                                   {nil, want{"*": 200}},
		"GET /unit/webhook":                                   {nil, onlyAPI("unit_officer", 200)},
		"POST /unit/webhook":                                  {map[string]string{"url": "ftp://unit.example"}, onlyAPI("unit_officer", 422)},
		"GET /policies/{id}/evaluations":                      {nil, onDraft(want{"anonymous": 401, "*": 200})},
		"GET /policies/{id}/programs":                         {nil, onDraft(want{"anonymous": 401, "*": 200})},
		"POST /policies/{id}/evaluations/{round}/kirkpatrick": {map[string]any{"levels": [4][]int{{4, 5}, {4}, {3}, {4}}}, onlyAPI("unit_officer", 409)},
		// Trainees' personal data: the drafters and unit officers only.
		"GET /policies/{id}/programs/{pid}/participants": {nil, onDraft(want{"anonymous": 401, "drafter": 200, "unit_officer": 200, "*": 403})},
		// Without a text/csv body: 415 for those who may import.
		"POST /policies/{id}/programs/{pid}/participants": {nil, want{"anonymous": 401, "drafter": 415, "unit_officer": 415, "*": 403}},
		// A program's changes: bad input 422 for those who run the program.
		"POST /policies/{id}/programs/{pid}/edit":                       {map[string]any{"title": "", "kind": "seminar", "jp": 8}, want{"anonymous": 401, "drafter": 422, "unit_officer": 422, "*": 403}},
		"POST /policies/{id}/programs/{pid}/reschedule":                 {map[string]any{"starts_at": "2030-01-10T00:00:00+07:00", "ends_at": "2030-01-11T17:00:00+07:00", "reason": ""}, want{"anonymous": 401, "drafter": 422, "unit_officer": 422, "*": 403}},
		"POST /policies/{id}/programs/{pid}/cancel":                     {map[string]any{"reason": ""}, want{"anonymous": 401, "drafter": 422, "unit_officer": 422, "*": 403}},
		"POST /policies/{id}/programs/{pid}/participants/{paid}/remove": {map[string]any{"reason": "x"}, want{"anonymous": 401, "drafter": 404, "unit_officer": 404, "*": 403}},
		"GET /policies/{id}/programs/{pid}/sessions":                    {nil, onDraft(want{"anonymous": 401, "*": 200})},
		"POST /policies/{id}/programs/{pid}/sessions":                   {map[string]any{"jp": 2}, want{"anonymous": 401, "drafter": 422, "unit_officer": 422, "*": 403}},
		// Without a text/csv body: 415 for those who may record.
		"POST /policies/{id}/programs/{pid}/attendance":           {nil, want{"anonymous": 401, "drafter": 415, "unit_officer": 415, "*": 403}},
		"GET /policies/{id}/kirkpatrick":                          {nil, onDraft(want{"anonymous": 401, "*": 200})},
		"GET /policies/{id}/programs/{pid}/kirkpatrick":           {nil, onDraft(want{"anonymous": 401, "*": 200})},
		"POST /policies/{id}/programs/{pid}/kirkpatrick/learning": {nil, want{"anonymous": 401, "drafter": 415, "unit_officer": 415, "*": 403}},
		// A results indicator with no name: 422 naming it, for those who run the program.
		"POST /policies/{id}/programs/{pid}/kirkpatrick/result": {map[string]any{"indicator": "", "unit_of_measure": "%", "baseline": 1, "target": 2}, want{"anonymous": 401, "drafter": 422, "unit_officer": 422, "*": 403}},
		"POST /policies/{id}/programs/{pid}/budget":             {map[string]any{"budget": -1, "realisation": 0}, want{"anonymous": 401, "drafter": 422, "unit_officer": 422, "*": 403}},
		"GET /ledger": {nil, want{"anonymous": 401, "drafter": 200, "unit_officer": 200, "*": 403}},
		// A draft has no evaluation: the unit officer's valid answers meet a 409.
		"POST /policies/{id}/evaluations/{round}/skm": {map[string]any{"responses": allFours(10)}, onlyAPI("unit_officer", 409)},
	}
	maps.Copy(apiCases, peopleAPI)
	maps.Copy(apiCases, adminAPI)
	maps.Copy(apiCases, answersAPI)
	maps.Copy(apiCases, modAPI)
	maps.Copy(apiCases, passageAPI)
	maps.Copy(apiCases, docAPI)
	maps.Copy(apiCases, jdihAPI)
	maps.Copy(apiCases, amendAPI)
	maps.Copy(apiCases, artAPI)
	maps.Copy(apiCases, enactAPI)
	maps.Copy(apiCases, parafAPI)
	maps.Copy(apiCases, harmoAPI)
	maps.Copy(apiCases, changeAPI)
	maps.Copy(apiCases, stepAPI)
	maps.Copy(apiCases, opsAPI)
	maps.Copy(apiCases, legalAPI)
	maps.Copy(apiCases, rosterAPI)
	maps.Copy(apiCases, learningAPI)
	maps.Copy(apiCases, planAPI)
	maps.Copy(apiCases, siasnAPI)
	maps.Copy(apiCases, skmAPI)
	maps.Copy(apiCases, privacyAPI)
	maps.Copy(apiCases, ssoAPI)
	maps.Copy(apiCases, tfAPI)
	maps.Copy(apiCases, topicAPI)
	for _, rt := range server.APIRoutes() {
		key := rt[0] + " " + rt[1]
		c, ok := apiCases[key]
		if !ok {
			t.Errorf("API route %s has no case in the matrix", key)
			continue
		}
		path := strings.NewReplacer("{person}", fmt.Sprint(pw.person), "{id}", id, "{n}", "1", "{cid}", fmt.Sprint(comment), "{nid}", "999999", "{action}", "approve", "{round}", "1", "{pid}", fmt.Sprint(program), "{paid}", "999999", "{tid}", fmt.Sprint(othersToken), "{rid}", fmt.Sprint(rid), "{lid}", fmt.Sprint(lid), "{sxid}", "999999", "{unit}", fmt.Sprint(skmUnit), "{fid}", "999999", "{iid}", "999999", "{topic}", "999999").Replace(rt[1])
		path = aw.replace(path, true)
		path = ansW.replace(path)
		path = mw.replace(path, true)
		path = strings.ReplaceAll(path, "{hash}", docHash)
		for _, role := range roles {
			t.Run("API "+key+" "+role, func(t *testing.T) {
				body := c.body
				if m, ok := body.(map[string]string); ok && (rt[1] == "/policies" || rt[1] == "/tokens") {
					m2 := map[string]string{}
					for k, v := range m {
						m2[k] = v
					}
					// One slug, one unknown account per role (the sixth wrong
					// login on one account would rightly be rate-limited).
					m2["slug"] = "matriks-" + strings.ReplaceAll(role, "_", "-")
					m2["email"] = role + "@tidak-ada.test"
					if rt[1] == "/policies" {
						delete(m2, "email")
					} else {
						delete(m2, "slug")
					}
					body = m2
				}
				res, out := a.api(http.DefaultClient, a.tokens[role], rt[0], "/api/v1"+path, body, "")
				if w := c.want.of(role); res.StatusCode != w {
					t.Errorf("status %d, want %d\n%.300s", res.StatusCode, w, out)
				}
				if res.StatusCode >= 400 && !strings.Contains(out, `"error":{"code":`) {
					t.Errorf("error body %q lacks {\"error\": {\"code\"…}}", out)
				}
			})
		}
	}
}

// allFours is an SKM where n respondents gave every element the top score.
func allFours(n int) [9][4]int {
	var r [9][4]int
	for i := range r {
		r[i][3] = n
	}
	return r
}
