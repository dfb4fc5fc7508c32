package server_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// answersWorld is what the answers and report routes of the matrices act
// on: a consultation of a policy (written as the record keeps it), with a
// comment made during it; published says whether it has a published answer.
type answersWorld struct {
	policy, consultation, comment int64
}

// answersWorldOf opens (in the record) a consultation on the policy's
// current version that began an hour ago, adds a comment to it and, when
// publish, publishes an answer to that comment.
func (a *app) answersWorldOf(t *testing.T, policyID int64, publish bool) answersWorld {
	t.Helper()
	db := a.st.DB.SQL()
	w := answersWorld{policy: policyID}
	if err := db.Get(&w.consultation, `INSERT INTO consultations (policy_id, version_id, workflow_id, opened_by, opened_at, closes_at, allow_public)
		SELECT p.id, p.current_version_id, 'jawaban-uji-'||p.id, u.id, now() - interval '1 hour', now() + interval '1 day', false
		FROM policies p, users u WHERE p.id = $1 AND u.email = 'penyusun.sawahlunto@policyflow.test' RETURNING id`, policyID); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(&w.comment, `INSERT INTO comments (policy_id, version_id, section_anchor, author_name, author_email, body)
		SELECT id, current_version_id, '', 'Warga Uji', '', 'Komentar konsultasi uji' FROM policies WHERE id = $1 RETURNING id`, policyID); err != nil {
		t.Fatal(err)
	}
	if publish {
		db.MustExec(`INSERT INTO comment_answers (comment_id, consultation_id, disposition, reason, drafted_by, published_by, published_at)
			SELECT $1, $2, 'diterima', 'Diterima di Pasal 2', u.id, u.id, now() FROM users u WHERE u.email = 'penyusun.sawahlunto@policyflow.test'`,
			w.comment, w.consultation)
	}
	return w
}

func (w answersWorld) base() string {
	return fmt.Sprintf("/policies/%d/consultations/%d", w.policy, w.consultation)
}

// replace fills {consultation} in an API route.
func (w answersWorld) replace(path string) string {
	return strings.ReplaceAll(path, "{consultation}", fmt.Sprint(w.consultation))
}

// answersPaths gives the hostile tests a consultation of the draft.
func (a *app) answersPaths(t *testing.T, path map[string]string, draft int64) {
	w := a.answersWorldOf(t, draft, false)
	path["consultation"] = fmt.Sprint(w.consultation)
}

// answersRoleCases are the answers routes of the route × role matrix, on
// a consultation of the draft without a published answer.
func answersRoleCases(w answersWorld) (pages []pageCase, api map[string]apiCase) {
	b := w.base()
	preview := want{"drafter": 200, "*": 404} // the report before publishing: the drafters' preview
	pages = []pageCase{
		{"GET", b + "/answers", nil, only("drafter", 200)},
		{"GET", b + "/answers?filter=unanswered", nil, only("drafter", 200)},
		{"POST", b + "/answers", url.Values{"comment_id": {fmt.Sprint(w.comment)}, "disposition": {"bogus"}, "reason": {"x"}}, only("drafter", 422)},
		{"POST", b + "/publish", url.Values{}, only("drafter", 409)}, // nothing drafted
		{"POST", b + "/offline", url.Values{"channel": {"telepon"}}, only("drafter", 422)},
		{"POST", b + "/unanswered-reason", url.Values{"reason": {" "}}, only("drafter", 422)},
		{"GET", b + "/report", nil, preview},
		{"GET", b + "/report.csv", nil, preview},
	}
	const k = "/policies/{id}/consultations/{consultation}"
	api = map[string]apiCase{
		"GET " + k + "/answers":            {nil, onlyAPI("drafter", 200)},
		"POST " + k + "/answers":           {map[string]any{"comment_id": w.comment, "disposition": "bogus", "reason": "x"}, onlyAPI("drafter", 422)},
		"POST " + k + "/publish":           {nil, onlyAPI("drafter", 409)},
		"POST " + k + "/offline":           {map[string]any{"channel": "telepon"}, onlyAPI("drafter", 422)},
		"POST " + k + "/unanswered-reason": {map[string]any{"reason": ""}, onlyAPI("drafter", 422)},
		"GET " + k + "/report":             {nil, preview},
	}
	cp, ca := campaignRoleCases(w) // campaigns_test.go
	maps.Copy(api, ca)
	return append(pages, cp...), api
}

// answersScopeCases are the answers routes of the region × unit matrix: on
// the draft's consultation (nothing published) and on the published
// policy's (an answer published: its report is everyone's).
func answersScopeCases(draft, pub answersWorld) []scopeCase {
	// drafters: the region's drafters; another city's draft is 404, its
	// published policy 403.
	drafters := func(api bool, w answersWorld, isDraft bool, ok int) func(principal) int {
		return ofRegion(api, isDraft, "drafter", ok)
	}
	report := func(published bool) func(principal) int {
		return func(p principal) int {
			if published || p.own && p.role == "drafter" {
				return 200
			}
			return 404
		}
	}
	var cs []scopeCase
	const k = "/policies/{id}/consultations/{consultation}"
	for _, c := range []struct {
		w         answersWorld
		isDraft   bool
		published bool
	}{{draft, true, false}, {pub, false, true}} {
		b, ab := c.w.base(), "/api/v1"+c.w.base()
		publish := 409
		if c.published {
			publish = 409 // the answer is published already: nothing left to publish
		}
		cs = append(cs,
			scopeCase{method: "GET", pattern: k + "/answers", path: b + "/answers", want: drafters(false, c.w, c.isDraft, 200)},
			scopeCase{method: "POST", pattern: k + "/answers", path: b + "/answers", form: url.Values{"comment_id": {fmt.Sprint(c.w.comment)}, "disposition": {"bogus"}, "reason": {"x"}}, want: drafters(false, c.w, c.isDraft, 422)},
			scopeCase{method: "POST", pattern: k + "/publish", path: b + "/publish", form: url.Values{}, want: drafters(false, c.w, c.isDraft, publish)},
			scopeCase{method: "POST", pattern: k + "/offline", path: b + "/offline", form: url.Values{"channel": {"telepon"}}, want: drafters(false, c.w, c.isDraft, 422)},
			scopeCase{method: "POST", pattern: k + "/unanswered-reason", path: b + "/unanswered-reason", form: url.Values{"reason": {""}}, want: drafters(false, c.w, c.isDraft, 422)},
			scopeCase{method: "GET", pattern: k + "/report", path: b + "/report", want: report(c.published)},
			scopeCase{method: "GET", pattern: k + "/report.csv", path: b + "/report.csv", want: report(c.published)},
			scopeCase{method: "GET", pattern: "/api/v1" + k + "/answers", path: ab + "/answers", want: drafters(true, c.w, c.isDraft, 200)},
			scopeCase{method: "POST", pattern: "/api/v1" + k + "/answers", path: ab + "/answers", body: map[string]any{"comment_id": c.w.comment, "disposition": "bogus", "reason": "x"}, want: drafters(true, c.w, c.isDraft, 422)},
			scopeCase{method: "POST", pattern: "/api/v1" + k + "/publish", path: ab + "/publish", want: drafters(true, c.w, c.isDraft, publish)},
			scopeCase{method: "POST", pattern: "/api/v1" + k + "/offline", path: ab + "/offline", body: map[string]any{"channel": "telepon"}, want: drafters(true, c.w, c.isDraft, 422)},
			scopeCase{method: "POST", pattern: "/api/v1" + k + "/unanswered-reason", path: ab + "/unanswered-reason", body: map[string]any{"reason": ""}, want: drafters(true, c.w, c.isDraft, 422)},
			scopeCase{method: "GET", pattern: "/api/v1" + k + "/report", path: ab + "/report", want: report(c.published)},
		)
		cs = append(cs, campaignScopeCases(c.w, c.isDraft)...) // campaigns_test.go
	}
	return cs
}

// answersTextCases are the hostile text cases of the answers' API bodies,
// on a consultation of the draft (path["consultation"]) with a comment per
// hostile value to answer.
func (a *app) answersTextCases(path map[string]string, draft int64, n int,
	js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	db := a.st.DB.SQL()
	k := path["consultation"]
	base := fmt.Sprintf("/api/v1/policies/%d/consultations/%s", draft, k)
	comments := make([]int64, n)
	for i := range comments {
		if err := db.Get(&comments[i], `INSERT INTO comments (policy_id, version_id, section_anchor, author_name, body)
			SELECT id, current_version_id, '', 'Uji', 'Komentar untuk dijawab' FROM policies WHERE id = $1 RETURNING id`, draft); err != nil {
			a.t.Fatal(err)
		}
	}
	answer := func(field string) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			body := map[string]any{"comment_id": comments[i], "disposition": "diterima", "reason": "Alasan"}
			body[field] = s
			return js(t, "drafter", base+"/answers", body, nil)
		}
	}
	offline := func(field string) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			body := map[string]any{"channel": "surat", "source_name": "Forum Guru", "received_on": "2026-01-05", "section": "", "body": "Masukan surat"}
			body[field] = s
			return js(t, "drafter", base+"/offline", body, nil)
		}
	}
	const pre = "POST /policies/{id}/consultations/{consultation}"
	offlineStored := map[string]delta{"comments": {1, 0}, "offline_inputs": {1, 0}, "audit_log": {1, 0}}
	return map[string][]textCase{
		"AnswerInput": {
			{name: pre + "/answers reason", field: "reason", status: 200, send: answer("reason"),
				stored: func(t *testing.T, s, body string) {
					var out struct {
						CommentID int64 `json:"comment_id"`
					}
					json.Unmarshal([]byte(body), &out)
					verbatim(t, "answer reason", a.text(t, `SELECT reason FROM comment_answers WHERE comment_id = $1`, out.CommentID), s)
				},
				changes: map[string]delta{"comment_answers": {1, 0}, "audit_log": {1, 0}}},
			{name: pre + "/answers disposition", field: "disposition", status: 422, send: answer("disposition")},
		},
		"OfflineInput": {
			{name: pre + "/offline channel", field: "channel", status: 422, send: offline("channel")},
			{name: pre + "/offline received_on", field: "received_on", status: 422, send: offline("received_on")},
			{name: pre + "/offline section", field: "section", status: 422, send: offline("section")},
			{name: pre + "/offline source_name", field: "source_name", status: 201, send: offline("source_name"),
				stored: a.storedByID("offline source", `SELECT author_name FROM comments WHERE id = $1`), changes: offlineStored},
			{name: pre + "/offline body", field: "body", status: 201, send: offline("body"),
				stored: a.storedByID("offline input", `SELECT body FROM comments WHERE id = $1`), changes: offlineStored},
		},
		"UnansweredReasonInput": {
			{name: pre + "/unanswered-reason reason", field: "reason", status: 201,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return js(t, "drafter", base+"/unanswered-reason", map[string]any{"reason": s}, nil)
				},
				stored:  a.storedAs("unanswered reason", `SELECT reason FROM unanswered_reasons ORDER BY id DESC LIMIT 1`),
				changes: map[string]delta{"unanswered_reasons": {1, 0}, "audit_log": {1, 0}}},
		},
	}
}

// An answer for every comment: the drafter answers a consultation's
// comments (and offline input) privately; nobody else sees a draft; one
// publish makes all of them visible at once and tells the commenters; the
// policy goes to approval only when every comment has a published answer
// or a recorded reason; the report page and CSV say what was heard, by
// group, without hidden comments; the approval page summarizes it.
func TestAnswersPublishReportAndGate(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	c := http.DefaultClient
	drafter, stakeholder := a.tokens["drafter"], a.tokens["stakeholder"]
	pol := fmt.Sprintf("/api/v1/policies/%d", id)
	// must(status, what)(res, body) stops the test unless the answer has status.
	must := func(status int, what string) func(*http.Response, string) string {
		return func(res *http.Response, body string) string {
			t.Helper()
			if res.StatusCode != status {
				t.Fatalf("%s: %d %s, want %d", what, res.StatusCode, body, status)
			}
			return body
		}
	}

	// The academic is in an academics group.
	db.MustExec(`WITH g AS (INSERT INTO stakeholder_groups (region_id, name, kind)
			SELECT region_id, 'Akademisi kota', 'akademisi' FROM users WHERE email = $1 RETURNING id)
		INSERT INTO stakeholder_group_members (group_id, user_id) SELECT g.id, u.id FROM g, users u WHERE u.email = $1`, roleEmails["stakeholder"])

	open := map[string]any{"closes_at": time.Now().Add(72 * time.Hour).Format(time.RFC3339), "allow_public": true}
	must(200, "open")(a.api(c, drafter, "POST", pol+"/actions/open_consultation", open, ""))
	var k int64
	if err := db.Get(&k, `SELECT id FROM consultations WHERE policy_id = $1`, id); err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("/policies/%d/consultations/%d", id, k)
	// An academic's comment, a public one (moderated in), one hidden by
	// moderation and one still awaiting it.
	comment := func(token string, body map[string]any) int64 {
		t.Helper()
		out := must(201, "comment")(a.api(c, token, "POST", pol+"/comments", body, ""))
		var cm struct{ ID int64 }
		json.Unmarshal([]byte(out), &cm)
		return cm.ID
	}
	academic := comment(stakeholder, map[string]any{"section": "", "body": "Tambahkan pelatihan digital."})
	// A stakeholder's comment waits for moderation, as the public's does.
	must(200, "approve the academic's comment")(a.api(c, drafter, "POST", fmt.Sprintf("/api/v1/comments/%d/moderate", academic), map[string]string{"decision": "approve"}, ""))
	public := comment("", map[string]any{"section": "", "body": "Libatkan warga dalam evaluasi.", "name": "Siti Warga", "email": "siti.warga@contoh.test"})
	var hidden, pending int64
	for _, h := range []struct {
		dst          *int64
		body, status string
	}{{&hidden, "Teks tersembunyi spam", "rejected"}, {&pending, "Teks menunggu moderasi", "pending_moderation"}} {
		if err := db.Get(h.dst, `INSERT INTO comments (policy_id, version_id, section_anchor, author_name, author_email, body, status)
			SELECT id, current_version_id, '', 'Anonim', 'anonim@contoh.test', $2, $3 FROM policies WHERE id = $1 RETURNING id`, id, h.body, h.status); err != nil {
			t.Fatal(err)
		}
	}
	db.MustExec(`UPDATE comments SET status = 'open' WHERE id = $1`, public)

	// Offline input, from the page's form, once however often it is sent.
	dc := a.people["drafter"]
	offline := url.Values{"csrf": {a.csrf(dc, "/login")}, "request_id": {"luring-1"}, "channel": {"rdp"}, "source_name": {"Komisi I DPRD"},
		"received_on": {time.Now().Format("2006-01-02")}, "section": {""}, "body": {"Perjelas anggaran pelatihan."}}
	for range 2 {
		res, body := a.form(dc, base+"/offline", offline)
		must(303, "offline input")(res, body)
	}
	var offlineID int64
	if err := db.Get(&offlineID, `SELECT comment_id FROM offline_inputs WHERE consultation_id = $1`, k); err != nil {
		t.Fatalf("one offline input: %v", err)
	}
	// A date that is no date changes nothing.
	bad := url.Values{"csrf": {a.csrf(dc, "/login")}, "channel": {"surat"}, "source_name": {"X"}, "received_on": {"kemarin"}, "body": {"Y"}}
	if res, _ := a.form(dc, base+"/offline", bad); res.StatusCode != 422 {
		t.Errorf("offline input with a bad date: %d, want 422", res.StatusCode)
	}

	// Drafts: a reason is required; only the drafters see them.
	res, body := a.api(c, drafter, "POST", "/api/v1"+base+"/answers", map[string]any{"comment_id": academic, "disposition": "diterima", "reason": " "}, "")
	if res.StatusCode != 422 || decodeErr(t, body).Error.Field != "reason" {
		t.Errorf("an answer without a reason: %d %s, want 422 naming reason", res.StatusCode, body)
	}
	const secret = "Draf rahasia: akan dimasukkan ke Pasal 4"
	must(200, "draft")(a.api(c, drafter, "POST", "/api/v1"+base+"/answers", map[string]any{"comment_id": academic, "disposition": "diterima", "reason": secret}, ""))
	for role, tok := range a.tokens {
		if role == "drafter" {
			continue
		}
		for _, path := range []string{"/api/v1" + base + "/answers", "/api/v1" + base + "/report", pol + "/comments"} {
			if _, out := a.api(c, tok, "GET", path, nil, ""); strings.Contains(out, secret) {
				t.Errorf("%s reads the draft answer at %s", role, path)
			}
		}
		if _, out := a.get(a.people[role], base+"/report"); strings.Contains(out, secret) {
			t.Errorf("%s reads the draft answer on the report page", role)
		}
	}
	if _, out := a.get(a.people["anonymous"], base+"/report"); strings.Contains(out, secret) {
		t.Error("the public reads the draft answer")
	}
	res, out := a.get(dc, base+"/report")
	if res.StatusCode != 200 || !strings.Contains(out, secret) || !strings.Contains(out, `id="report-draft"`) {
		t.Errorf("the drafter's preview: %d, draft shown %v", res.StatusCode, strings.Contains(out, secret))
	}

	// The gate: closed, the consultation's comments have no published answer.
	must(200, "close")(a.api(c, drafter, "POST", pol+"/actions/close_consultation", map[string]any{}, ""))
	res, body = a.api(c, drafter, "POST", pol+"/actions/submit", map[string]any{}, "")
	if res.StatusCode != 409 || !strings.Contains(decodeErr(t, body).Error.Message, "3 komentar") {
		t.Fatalf("submit with 3 comments unanswered: %d %s, want 409 naming 3", res.StatusCode, body)
	}

	// The drafters' page: the comments, the filter, the counts; not the hidden ones.
	res, out = a.get(dc, base+"/answers?filter=unanswered")
	if res.StatusCode != 200 || !strings.Contains(out, `id="count-unanswered">3<`) || strings.Contains(out, "Teks tersembunyi") || strings.Contains(out, "Teks menunggu") {
		t.Errorf("answers page: %d, unanswered count shown %v, hidden absent %v", res.StatusCode,
			strings.Contains(out, `id="count-unanswered">3<`), !strings.Contains(out, "Teks tersembunyi"))
	}
	for _, cm := range []int64{public, offlineID} {
		f := url.Values{"csrf": {a.csrf(dc, "/login")}, "comment_id": {fmt.Sprint(cm)}, "disposition": {"sudah_diakomodasi"}, "reason": {fmt.Sprintf("Jawaban %d", cm)}}
		res, body := a.form(dc, base+"/answers", f)
		must(303, "draft from the page")(res, body)
	}
	// A comment of no consultation is not answered here.
	if res, _ := a.api(c, drafter, "POST", "/api/v1"+base+"/answers", map[string]any{"comment_id": hidden, "disposition": "diterima", "reason": "x"}, ""); res.StatusCode != 422 {
		t.Errorf("answering a hidden comment: %d, want 422", res.StatusCode)
	}

	// Publish: all three visible at once, to everyone.
	out = must(200, "publish")(a.api(c, drafter, "POST", "/api/v1"+base+"/publish", nil, ""))
	if !strings.Contains(out, `"published":3`) {
		t.Errorf("publish: %s, want 3", out)
	}
	res, out = a.api(c, "", "GET", "/api/v1"+base+"/report", nil, "")
	if res.StatusCode != 200 {
		t.Fatalf("public report after publishing: %d %s", res.StatusCode, out)
	}
	var rep struct {
		Counts struct{ Total, Published, Unanswered int }
		Groups []struct {
			Group string
			Count int
		}
		Sections []struct {
			Comments []struct {
				ID     int64
				Answer *struct{ Disposition, Reason string }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Counts.Total != 3 || rep.Counts.Published != 3 || rep.Counts.Unanswered != 0 {
		t.Errorf("report counts %+v, want 3 published of 3", rep.Counts)
	}
	groups := map[string]int{}
	for _, g := range rep.Groups {
		groups[g.Group] = g.Count
	}
	if groups["akademisi"] != 1 || groups["masyarakat"] != 1 || groups["offline_rdp"] != 1 || groups["opd"] != 0 {
		t.Errorf("counts by group %v, want one academic, one of the public, one hearing", groups)
	}
	answered := 0
	for _, s := range rep.Sections {
		for _, cm := range s.Comments {
			if cm.ID == hidden || cm.ID == pending {
				t.Errorf("the report shows hidden comment %d", cm.ID)
			}
			if cm.Answer != nil {
				answered++
			}
		}
	}
	if answered != 3 {
		t.Errorf("%d answers in the public report, want 3", answered)
	}
	// The public report says what was said, not who said it: online
	// commenters are "Peserta" with their group; the region's drafters
	// still see the names.
	academicName := a.user("stakeholder").Name
	_, page := a.get(a.people["anonymous"], base+"/report")
	for who, body := range map[string]string{"the public's report page": page, "the public's report API": out} {
		if strings.Contains(body, "Siti Warga") || strings.Contains(body, academicName) || !strings.Contains(body, "Peserta") {
			t.Errorf("%s names a commenter, or does not say Peserta", who)
		}
	}
	if _, body := a.get(dc, base+"/report"); !strings.Contains(body, "Siti Warga") || !strings.Contains(body, academicName) {
		t.Errorf("the region's drafter's report lost the commenters' names")
	}
	// The consultation page links the report for everyone now, the answers for the drafters.
	_, out = a.get(a.people["leader"], fmt.Sprintf("/policies/%d/consultation", id))
	if !strings.Contains(out, `href="`+base+`/report"`) || strings.Contains(out, `id="answers-link"`) {
		t.Errorf("the leader's consultation page: report linked %v, answers linked %v", strings.Contains(out, base+"/report"), strings.Contains(out, `id="answers-link"`))
	}
	if _, out = a.get(dc, fmt.Sprintf("/policies/%d/consultation", id)); !strings.Contains(out, `href="`+base+`/answers"`) {
		t.Error("the drafter's consultation page does not link the answers")
	}
	// Published answers are immutable.
	if res, _ := a.api(c, drafter, "POST", "/api/v1"+base+"/answers", map[string]any{"comment_id": academic, "disposition": "tidak_diterima", "reason": "Ubah"}, ""); res.StatusCode != 409 {
		t.Errorf("changing a published answer: %d, want 409", res.StatusCode)
	}

	// The page and the CSV, in English too, as the public sees them.
	anon := a.people["anonymous"]
	res, out = a.get(anon, base+"/report?lang=en")
	if res.StatusCode != 200 || !strings.Contains(out, "Public consultation report") || !strings.Contains(out, secret) ||
		!strings.Contains(out, "Public hearing") || strings.Contains(out, "Teks tersembunyi") || strings.Contains(out, "siti.warga@") {
		t.Errorf("public report page: %d\n%.400s", res.StatusCode, gist(out))
	}
	res, out = a.get(anon, base+"/report.csv?lang=id")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("report.csv: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 4 {
		t.Fatalf("report.csv: %d rows, %v, want a header and 3\n%s", len(rows), err, out)
	}
	if strings.Contains(out, "Teks tersembunyi") || !strings.Contains(out, "Komisi I DPRD") || !strings.Contains(out, "Rapat dengar pendapat") {
		t.Errorf("report.csv:\n%s", out)
	}

	// The public commenter is told, by email (no account), once.
	var told int
	db.Get(&told, `SELECT count(*) FROM notifications WHERE kind = 'comment_answered' AND dedup_key = $1 AND email = 'siti.warga@contoh.test'
		AND link LIKE $2`, fmt.Sprintf("answer/%d", public), base+"/report%")
	if told != 1 {
		t.Errorf("the public commenter's notice: %d rows, want 1", told)
	}
	var academicTold int
	db.Get(&academicTold, `SELECT count(*) FROM notifications WHERE kind = 'comment_answered' AND user_id = (SELECT id FROM users WHERE email = $1)`, roleEmails["stakeholder"])
	if academicTold != 1 {
		t.Errorf("the academic's notice: %d rows, want 1", academicTold)
	}

	// Submit is taken now, and the approval page sums the report up.
	must(200, "submit with every comment answered")(a.api(c, drafter, "POST", pol+"/actions/submit", map[string]any{}, ""))
	res, out = a.get(a.people["leader"], fmt.Sprintf("/policies/%d/approval", id))
	if res.StatusCode != 200 || !strings.Contains(out, `id="consultation-report"`) || !strings.Contains(out, `href="`+base+`/report"`) ||
		!strings.Contains(out, "Masyarakat: 1") {
		t.Errorf("approval page's report summary: %d\n%.600s", res.StatusCode, gist(out[strings.Index(out, "<main"):]))
	}
}

// A comment left unanswered: submit is refused until the drafter records
// why, and the reason is in the report.
func TestSubmitWithRecordedReason(t *testing.T) {
	a := newApp(t)
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	c := http.DefaultClient
	drafter := a.tokens["drafter"]
	pol := fmt.Sprintf("/api/v1/policies/%d", id)
	open := map[string]any{"closes_at": time.Now().Add(72 * time.Hour).Format(time.RFC3339)}
	if res, out := a.api(c, drafter, "POST", pol+"/actions/open_consultation", open, ""); res.StatusCode != 200 {
		t.Fatalf("open: %d %s", res.StatusCode, out)
	}
	if res, out := a.api(c, a.tokens["leader"], "POST", pol+"/comments", map[string]any{"section": "", "body": "Komentar kabid."}, ""); res.StatusCode != 201 {
		t.Fatalf("comment: %d %s", res.StatusCode, out)
	}
	if res, out := a.api(c, drafter, "POST", pol+"/actions/close_consultation", map[string]any{}, ""); res.StatusCode != 200 {
		t.Fatalf("close: %d %s", res.StatusCode, out)
	}
	if res, out := a.api(c, drafter, "POST", pol+"/actions/submit", map[string]any{}, ""); res.StatusCode != 409 || !strings.Contains(out, "1 komentar") {
		t.Fatalf("submit with a comment unanswered: %d %s, want 409", res.StatusCode, out)
	}
	var k int64
	a.st.DB.SQL().Get(&k, `SELECT id FROM consultations WHERE policy_id = $1`, id)
	base := fmt.Sprintf("/policies/%d/consultations/%d", id, k)
	const why = "Komentar diterima setelah rapat finalisasi; dijawab pada revisi berikut."
	dc := a.people["drafter"]
	res, body := a.form(dc, base+"/unanswered-reason", url.Values{"csrf": {a.csrf(dc, "/login")}, "reason": {why}})
	if res.StatusCode != 303 {
		t.Fatalf("recording the reason: %d %s", res.StatusCode, gist(body))
	}
	if res, out := a.api(c, drafter, "POST", pol+"/actions/submit", map[string]any{}, ""); res.StatusCode != 200 {
		t.Fatalf("submit after the reason: %d %s", res.StatusCode, out)
	}
	// The drafter's preview (nothing published) shows the reason and the
	// version submitted; the public has no report yet.
	res, out := a.get(dc, base+"/report")
	if res.StatusCode != 200 || !strings.Contains(out, why) || !strings.Contains(out, "yang diajukan untuk persetujuan") {
		t.Errorf("report preview: %d, reason shown %v", res.StatusCode, strings.Contains(out, why))
	}
	if res, _ := a.get(a.people["anonymous"], base+"/report"); res.StatusCode != 404 {
		t.Errorf("the public's report before any answer is published: %d, want 404", res.StatusCode)
	}
	// Another city's drafter: not found.
	other := a.token("penyusun.pangkalpinang@policyflow.test")
	if res, _ := a.api(c, other, "GET", "/api/v1"+base+"/answers", nil, ""); res.StatusCode != 404 {
		t.Errorf("another city's drafter reads the answers: %d, want 404", res.StatusCode)
	}
	if res, _ := a.api(c, other, "POST", "/api/v1"+base+"/publish", nil, ""); res.StatusCode != 404 {
		t.Errorf("another city's drafter publishes: %d, want 404", res.StatusCode)
	}
}

// answerEverything answers every comment of the policy's latest
// consultation and publishes the answers, as the drafter does before
// submitting (the gate of submit: answers.go).
func (a *app) answerEverything(t *testing.T, policyID int64) {
	t.Helper()
	var k int64
	if err := a.st.DB.SQL().Get(&k, `SELECT id FROM consultations WHERE policy_id = $1 ORDER BY id DESC LIMIT 1`, policyID); err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("/api/v1/policies/%d/consultations/%d", policyID, k)
	res, out := a.api(http.DefaultClient, a.tokens["drafter"], "GET", base+"/answers", nil, "")
	var list struct{ Comments []struct{ ID int64 } }
	if res.StatusCode != 200 || json.Unmarshal([]byte(out), &list) != nil {
		t.Fatalf("answers of consultation %d: %d %s", k, res.StatusCode, out)
	}
	for _, c := range list.Comments {
		body := map[string]any{"comment_id": c.ID, "disposition": "diterima_sebagian", "reason": "Diakomodasi sebagian pada versi berikut."}
		if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", base+"/answers", body, ""); res.StatusCode != 200 {
			t.Fatalf("answer comment %d: %d %s", c.ID, res.StatusCode, out)
		}
	}
	if len(list.Comments) > 0 {
		if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", base+"/publish", nil, ""); res.StatusCode != 200 {
			t.Fatalf("publish: %d %s", res.StatusCode, out)
		}
	}
}

// consultationSamples are "policy/consultation" pairs of every
// consultation in the record, for the pages' word test.
func (a *app) consultationSamples(t *testing.T) []string {
	t.Helper()
	var out []string
	if err := a.st.DB.SQL().Select(&out, `SELECT policy_id||'/'||id FROM consultations ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	return out
}
