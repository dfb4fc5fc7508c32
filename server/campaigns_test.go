package server_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/policies/samples"
)

// campaignText is a campaign text as an organiser circulates it; the
// consultation below receives copies, variants and comments of their own.
const campaignText = `Kami warga kelurahan menolak kenaikan tarif parkir di tepi jalan umum karena memberatkan
pedagang kecil dan pengunjung pasar tradisional. Kami meminta agar tarif tetap seperti sekarang dan pendapatan
parkir dilaporkan secara terbuka setiap bulan.`

const variantBase = `Mohon jalur pengaduan zonasi sekolah dijawab paling lambat tujuh hari kerja oleh dinas
pendidikan, dan jarak dihitung menurut jarak tempuh yang sebenarnya, bukan garis lurus di peta.`

// campaignWorld is a consultation of the draft with grouped comments.
type campaignWorld struct {
	answersWorld
	copies, variants, short, own []int64
	section                      string // the anchor of the consulted version's first section
}

// campaignWorldOf opens a consultation on the policy (answersWorldOf: one
// comment of its own) and adds 6 copies of campaignText, 4 variants of
// variantBase (one on the version's first section), 3 short "Setuju." and 2 more
// comments of their own.
func (a *app) campaignWorldOf(t *testing.T, policyID int64) campaignWorld {
	t.Helper()
	w := campaignWorld{answersWorld: a.answersWorldOf(t, policyID, false)}
	w.own = append(w.own, w.comment)
	var md string
	if err := a.st.DB.SQL().Get(&md, `SELECT v.markdown FROM policy_versions v JOIN policies p ON v.id = p.current_version_id WHERE p.id = $1`, policyID); err != nil {
		t.Fatal(err)
	}
	w.section = policies.Sections(md)[0].Anchor
	add := func(dst *[]int64, section, body string) {
		t.Helper()
		var id int64
		if err := a.st.DB.SQL().Get(&id, `INSERT INTO comments (policy_id, version_id, section_anchor, author_name, author_email, body)
			SELECT id, current_version_id, $2, 'Warga', 'warga.' || md5($3 || clock_timestamp()::text) || '@contoh.test', $3
			FROM policies WHERE id = $1 RETURNING id`, policyID, section, body); err != nil {
			t.Fatal(err)
		}
		*dst = append(*dst, id)
	}
	for i := range 6 {
		body := campaignText
		if i%2 == 1 {
			body = strings.ToUpper(campaignText) + "!!" // the same text after normalisation
		}
		add(&w.copies, "", body)
	}
	for i, v := range []string{"Salam. ", "Yth. Bapak/Ibu, ", "", "Dengan hormat, "} {
		section := ""
		if i == 0 {
			section = w.section
		}
		add(&w.variants, section, v+variantBase+fmt.Sprintf(" Hormat saya, warga RT %02d.", i+1))
	}
	for range 3 {
		add(&w.short, "", "Setuju.")
	}
	add(&w.own, "", "Tambahkan lampu jalan di gang sempit dekat sungai sebelum musim hujan tiba.")
	add(&w.own, "", "Pelatihan juru parkir resmi perlu dijadwalkan bersama paguyuban pedagang.")
	return w
}

// answersGroups is the groups of the drafters' API list of answers.
type answersGroups struct {
	Groups []struct {
		ID      int64   `json:"id"`
		Kind    string  `json:"kind"`
		Members []int64 `json:"members"`
	} `json:"groups"`
}

// groupsOf reads the groups of the API's answers at page path (below /api/v1) as the drafter.
func (a *app) groupsOf(path string) (int, answersGroups) {
	res, out := a.api(http.DefaultClient, a.tokens["drafter"], "GET", "/api/v1"+path, nil, "")
	var list answersGroups
	json.Unmarshal([]byte(out), &list)
	return res.StatusCode, list
}

// rowsShown are the comment IDs listed on an answers page.
func rowsShown(page string) []string {
	var ids []string
	for _, m := range regexp.MustCompile(`<li id="c-(\d+)" class="answer-row">`).FindAllStringSubmatch(page, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

func idStrings(ids ...[]int64) []string {
	var out []string
	for _, l := range ids {
		for _, id := range l {
			out = append(out, fmt.Sprint(id))
		}
	}
	return out
}

func sameIDs(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	seen := map[string]int{}
	for _, g := range got {
		seen[g]++
	}
	for _, w := range want {
		if seen[w]--; seen[w] < 0 {
			return false
		}
	}
	return true
}

// The drafter sees a consultation's campaign copies and near-duplicates
// grouped on the answers page, each group with its size, its kind in words
// and its representative text, said to be automatic; and narrows the list
// to one group, a section or the unanswered ones.
func TestAnswersPageGroupsAndFilters(t *testing.T) {
	a := newApp(t)
	w := a.campaignWorldOf(t, a.policyID("sawahlunto-peningkatan-kompetensi-asn"))
	dc := a.people["drafter"]
	b := w.base() + "/answers"

	res, page := a.get(dc, b)
	if res.StatusCode != 200 {
		t.Fatalf("answers page: %d", res.StatusCode)
	}
	group := func(rep int64) string {
		m := regexp.MustCompile(`(?s)<li id="g-` + fmt.Sprint(rep) + `" class="group">(.*?)</li>`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("no group of representative %d on the page", rep)
		}
		return m[1]
	}
	for _, c := range []struct {
		rep        int64
		kind, size string
	}{
		{w.copies[0], "Kampanye (teks sama)", "6 komentar"},
		{w.variants[0], "Mirip (hampir sama)", "4 komentar"},
		{w.short[0], "Komentar singkat yang sama", "3 komentar"},
	} {
		g := group(c.rep)
		if !strings.Contains(g, c.kind) || !strings.Contains(g, `<span class="group-size">`+c.size+`</span>`) {
			t.Errorf("group %d shows %q, want %q and %q", c.rep, g, c.kind, c.size)
		}
	}
	if g := group(w.copies[0]); !strings.Contains(g, "Kami warga kelurahan menolak kenaikan tarif parkir") {
		t.Errorf("the campaign group does not show its text: %q", g)
	}
	if n := strings.Count(page, `class="group"`); n != 3 {
		t.Errorf("%d groups shown, want 3 (a comment of its own is in none)", n)
	}
	if !strings.Contains(page, "Dikelompokkan otomatis") {
		t.Error("the page does not say the grouping is automatic")
	}

	// The API lists the same groups.
	status, list := a.groupsOf(b)
	if status != 200 || len(list.Groups) != 3 || list.Groups[0].ID != w.copies[0] || list.Groups[0].Kind != "kampanye" ||
		!sameIDs(idStrings(list.Groups[0].Members), idStrings(w.copies)) || list.Groups[1].Kind != "mirip" || len(list.Groups[1].Members) != 4 {
		t.Errorf("API answers' groups: %d %+v", status, list.Groups)
	}

	// One group: its comments only.
	_, page = a.get(dc, fmt.Sprintf("%s?group=%d", b, w.variants[0]))
	if got := rowsShown(page); !sameIDs(got, idStrings(w.variants)) || !strings.Contains(page, `id="group-shown"`) {
		t.Errorf("group filter shows %v, want the 4 variants %v", got, idStrings(w.variants))
	}
	// A section: the variant on it only; the general part: the rest.
	_, page = a.get(dc, b+"?section="+w.section)
	if got := rowsShown(page); !sameIDs(got, idStrings(w.variants[:1])) {
		t.Errorf("section filter shows %v, want %v", got, w.variants[:1])
	}
	_, page = a.get(dc, b+"?section=-&group="+fmt.Sprint(w.variants[0]))
	if got := rowsShown(page); !sameIDs(got, idStrings(w.variants[1:])) {
		t.Errorf("general part of the group shows %v, want %v", got, w.variants[1:])
	}
	// Status: nothing is answered yet.
	_, page = a.get(dc, b+"?status=answered")
	if got := rowsShown(page); len(got) != 0 {
		t.Errorf("answered filter shows %v, want none", got)
	}
	_, page = a.get(dc, b+"?status=unanswered")
	if got := rowsShown(page); len(got) != 16 {
		t.Errorf("unanswered filter shows %d comments, want 16", len(got))
	}
	// A group that is gone says so; a filter value that is no value is refused naming it.
	_, page = a.get(dc, fmt.Sprintf("%s?group=%d", b, w.own[0]))
	if !strings.Contains(page, `id="group-gone"`) || len(rowsShown(page)) != 0 {
		t.Errorf("a comment in no group, as a group: gone notice %v, rows %v", strings.Contains(page, `id="group-gone"`), rowsShown(page))
	}
	for _, q := range []url.Values{{"group": {"x"}}, {"status": {"semua"}}, {"section": {"<b>"}}} {
		if res, _ := a.get(dc, b+"?"+q.Encode()); res.StatusCode != 422 && res.StatusCode != 400 {
			t.Errorf("answers page with %v: %d, want 400 or 422", q, res.StatusCode)
		}
	}
}

// One answer for a whole group: the drafter writes it once on the group's
// page and every comment of the group without an answer gets it as its own
// draft (audited on the policy's history, one row per comment), those
// already answered keep theirs and are listed; published as usual, each
// commenter is told of their own answer, and each answer can still be
// changed on its own before publishing.
func TestOneAnswerForAGroup(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	w := a.campaignWorldOf(t, a.policyID("sawahlunto-peningkatan-kompetensi-asn"))
	dc := a.people["drafter"]
	b := w.base()
	drafter := a.tokens["drafter"]

	// One copy is answered on its own first.
	csrf := a.csrf(dc, "/login")
	if res, out := a.form(dc, b+"/answers", url.Values{"csrf": {csrf}, "comment_id": {fmt.Sprint(w.copies[2])},
		"disposition": {"diterima_sebagian"}, "reason": {"Dijawab sendiri"}}); res.StatusCode != 303 {
		t.Fatalf("single answer: %d %s", res.StatusCode, out)
	}
	// The group's page offers one answer for the 5 without one.
	_, page := a.get(dc, fmt.Sprintf("%s/answers?group=%d", b, w.copies[0]))
	if !strings.Contains(page, `<span id="group-open">5</span>`) || !strings.Contains(page, fmt.Sprintf(`href="#c-%d">#%d</a>`, w.copies[2], w.copies[2])) {
		t.Errorf("the group's page does not offer the answer to 5 and list the answered copy")
	}

	// Bad input stores nothing, naming the field.
	var before int
	db.Get(&before, `SELECT count(*) FROM comment_answers`)
	for _, c := range []struct {
		form  url.Values
		field string
	}{
		{url.Values{"group": {fmt.Sprint(w.copies[0])}, "disposition": {"mungkin"}, "reason": {"x"}}, "disposition"},
		{url.Values{"group": {fmt.Sprint(w.copies[0])}, "disposition": {"diterima"}, "reason": {"  "}}, "reason"},
		{url.Values{"group": {fmt.Sprint(w.own[0])}, "disposition": {"diterima"}, "reason": {"x"}}, "group"},
		{url.Values{"group": {"satu"}, "disposition": {"diterima"}, "reason": {"x"}}, "group"},
	} {
		body := map[string]any{"disposition": c.form.Get("disposition"), "reason": c.form.Get("reason")}
		if g, err := strconv.ParseInt(c.form.Get("group"), 10, 64); err == nil {
			body["group"] = g
		} else {
			body["group"] = c.form.Get("group")
		}
		res, out := a.api(http.DefaultClient, drafter, "POST", "/api/v1"+b+"/answers/group", body, "")
		if res.StatusCode != 422 && res.StatusCode != 400 {
			t.Errorf("group answer %v: %d %s, want 422 naming %s", c.form, res.StatusCode, out, c.field)
		} else if res.StatusCode == 422 && decodeErr(t, out).Error.Field != c.field {
			t.Errorf("group answer %v names %q, want %s", c.form, decodeErr(t, out).Error.Field, c.field)
		}
		c.form.Set("csrf", csrf)
		if res, _ := a.form(dc, b+"/answers/group", c.form); res.StatusCode != 422 {
			t.Errorf("group answer form %v: %d, want 422", c.form, res.StatusCode)
		}
	}
	var after int
	db.Get(&after, `SELECT count(*) FROM comment_answers`)
	if after != before {
		t.Fatalf("refused group answers stored %d answers", after-before)
	}

	// The form applies it: each other copy has its own draft; the answered one keeps its own.
	const reason = "Tarif parkir tidak dinaikkan dalam rancangan ini (Pasal 3)."
	res, _ := a.form(dc, b+"/answers/group", url.Values{"csrf": {csrf}, "group": {fmt.Sprint(w.copies[0])}, "disposition": {"diterima"}, "reason": {reason}})
	if loc := res.Header.Get("Location"); res.StatusCode != 303 || !strings.Contains(loc, fmt.Sprintf("group=%d", w.copies[0])) || !strings.Contains(loc, "done=camp_done_group") {
		t.Fatalf("group answer form: %d to %q", res.StatusCode, loc)
	}
	for _, id := range w.copies {
		var got struct {
			Disposition string `db:"disposition"`
			Reason      string `db:"reason"`
		}
		if err := db.Get(&got, `SELECT disposition, reason FROM comment_answers WHERE comment_id = $1 AND published_at IS NULL`, id); err != nil {
			t.Errorf("copy %d has no draft answer: %v", id, err)
			continue
		}
		want := "diterima/" + reason
		if id == w.copies[2] {
			want = "diterima_sebagian/Dijawab sendiri"
		}
		if got.Disposition+"/"+got.Reason != want {
			t.Errorf("copy %d answer %s/%s, want %s", id, got.Disposition, got.Reason, want)
		}
	}
	_, page = a.get(dc, res.Header.Get("Location"))
	if !strings.Contains(page, "Jawaban diterapkan ke komentar kelompok") || !strings.Contains(page, `<span id="group-open">0</span>`) ||
		strings.Count(page, reason) != 10 { // each copy's draft, and its form to change it
		t.Errorf("the group's page after the answer: notice %v, open 0 %v, answer shown %d times (want 10)",
			strings.Contains(page, "Jawaban diterapkan"), strings.Contains(page, `<span id="group-open">0</span>`), strings.Count(page, reason))
	}
	// Audited on the policy's history, once per comment.
	var audited int
	db.Get(&audited, `SELECT count(*) FROM audit_log WHERE action = 'answer.drafted_for_group' AND after->>'group' = $1`, fmt.Sprint(w.copies[0]))
	if audited != 5 {
		t.Errorf("%d audit rows of the group answer, want 5", audited)
	}
	if _, hist := a.get(dc, fmt.Sprintf("/policies/%d/history?lang=id", w.policy)); !strings.Contains(hist, "Jawaban satu kelompok komentar serupa diterapkan") {
		t.Error("the policy's history does not show the group answer")
	}

	// The API: the variants, all four; again, a conflict.
	res, out := a.api(http.DefaultClient, drafter, "POST", "/api/v1"+b+"/answers/group",
		map[string]any{"group": w.variants[0], "disposition": "sudah_diakomodasi", "reason": "Sudah diatur di Pasal 5."}, "")
	var got struct {
		Group    int64   `json:"group"`
		Answered []int64 `json:"answered"`
		Left     []int64 `json:"left"`
	}
	json.Unmarshal([]byte(out), &got)
	if res.StatusCode != 200 || got.Group != w.variants[0] || !sameIDs(idStrings(got.Answered), idStrings(w.variants)) || len(got.Left) != 0 {
		t.Errorf("API group answer: %d %s", res.StatusCode, out)
	}
	if res, out := a.api(http.DefaultClient, drafter, "POST", "/api/v1"+b+"/answers/group",
		map[string]any{"group": w.variants[0], "disposition": "diterima", "reason": "Lagi"}, ""); res.StatusCode != 409 {
		t.Errorf("a group answered already: %d %s, want 409", res.StatusCode, out)
	}
	// Each answer is still its own: one variant's is changed alone.
	if res, out := a.api(http.DefaultClient, drafter, "POST", "/api/v1"+b+"/answers",
		map[string]any{"comment_id": w.variants[1], "disposition": "diterima_sebagian", "reason": "Untuk RT 02: sebagian."}, ""); res.StatusCode != 200 {
		t.Fatalf("changing one answer of the group: %d %s", res.StatusCode, out)
	}

	// Published as usual: each commenter is told of their own answer.
	if res, out := a.api(http.DefaultClient, drafter, "POST", "/api/v1"+b+"/publish", nil, ""); res.StatusCode != 200 {
		t.Fatalf("publish: %d %s", res.StatusCode, out)
	}
	for _, id := range append(append([]int64{}, w.copies...), w.variants...) {
		var told int
		db.Get(&told, `SELECT count(*) FROM notifications n JOIN comments c ON c.author_email = n.email
			WHERE n.kind = 'comment_answered' AND n.dedup_key = $1 AND c.id = $2`, fmt.Sprintf("answer/%d", id), id)
		if told != 1 {
			t.Errorf("commenter of %d told %d times, want once", id, told)
		}
	}
	var reasons []string
	db.Select(&reasons, `SELECT reason FROM comment_answers WHERE comment_id = ANY($1) AND published_at IS NOT NULL ORDER BY comment_id`, pq.Array(w.variants))
	if len(reasons) != 4 || strings.Count(strings.Join(reasons, "|"), "Untuk RT 02") != 1 {
		t.Errorf("published answers of the variants: %q", reasons)
	}

	// The public report counts the campaign as one position with its
	// signatories, says the grouping is automatic, and shows apart the copy
	// answered otherwise; the CSV still lists every comment.
	res, page = a.get(a.people["anonymous"], b+"/report")
	if res.StatusCode != 200 || !strings.Contains(page, `id="report-folded"`) {
		t.Fatalf("public report: %d, automatic grouping said %v", res.StatusCode, strings.Contains(page, `id="report-folded"`))
	}
	// Its participation figures say the same of the grouping (issue 26).
	if !strings.Contains(page, `<p class="meta" id="fig-folded">5 komentar dikelompokkan otomatis`) {
		t.Error("the report's figures do not say 5 comments were grouped automatically")
	}
	similar := func(id int64) string {
		m := regexp.MustCompile(`<p class="similar" id="similar-` + fmt.Sprint(id) + `"><strong>([^<]*)</strong>`).FindStringSubmatch(page)
		if m == nil {
			return ""
		}
		return m[1]
	}
	if got := similar(w.copies[0]); got != "5 komentar serupa" {
		t.Errorf("the campaign in the report: %q, want 5 komentar serupa", got)
	}
	if got := similar(w.variants[2]); got != "2 komentar serupa" {
		t.Errorf("the variants answered alike in the report: %q, want 2 komentar serupa", got)
	}
	for _, id := range []int64{w.copies[2], w.variants[0], w.variants[1]} {
		if !strings.Contains(page, fmt.Sprintf(`<li id="c-%d">`, id)) || similar(id) != "" {
			t.Errorf("comment %d (answered otherwise or on another section) is not shown on its own", id)
		}
	}
	for _, id := range []int64{w.copies[1], w.copies[3], w.variants[3]} {
		if strings.Contains(page, fmt.Sprintf(`<li id="c-%d">`, id)) {
			t.Errorf("comment %d is repeated in the report", id)
		}
	}
	if n := strings.Count(page, "Kami warga kelurahan menolak kenaikan tarif parkir"); n != 2 {
		t.Errorf("the campaign text shown %d times, want 2 (the group and the copy answered otherwise)", n)
	}
	res, out = a.api(http.DefaultClient, "", "GET", "/api/v1"+b+"/report", nil, "")
	if res.StatusCode != 200 || !strings.Contains(out, `"similar":4,"grouping":"kampanye"`) || !strings.Contains(out, `"folded":5`) {
		t.Errorf("report API: %d, similar 4 %v, folded 5 %v", res.StatusCode, strings.Contains(out, `"similar":4`), strings.Contains(out, `"folded":5`))
	}
	_, csvOut := a.get(a.people["anonymous"], b+"/report.csv")
	for _, id := range append(append([]int64{}, w.copies...), w.variants...) {
		if !strings.Contains(csvOut, fmt.Sprintf("\n%d,", id)) && !strings.Contains(csvOut, fmt.Sprintf("\n%d;", id)) {
			t.Errorf("the CSV does not list comment %d", id)
		}
	}
}

// campaignRoleCases are the routes of working through many comments in the
// route × role matrix, on a consultation of the draft (answersRoleCases).
func campaignRoleCases(w answersWorld) (pages []pageCase, api map[string]apiCase) {
	b := w.base()
	pages = []pageCase{
		{"GET", b + "/answers?group=1&status=answered&section=-", nil, only("drafter", 200)},
		{"POST", b + "/answers/group", url.Values{"group": {fmt.Sprint(w.comment)}, "disposition": {"bogus"}, "reason": {"x"}}, only("drafter", 422)},
		{"GET", b + "/answers?assignee=me&theme=Parkir", nil, only("drafter", 200)},
		{"POST", b + "/themes", url.Values{"comment_id": {fmt.Sprint(w.comment)}, "theme": {" "}}, only("drafter", 422)},
		{"POST", b + "/themes/remove", url.Values{"comment_id": {fmt.Sprint(w.comment)}, "theme": {"Tidak ada"}}, only("drafter", 404)},
		{"POST", b + "/assign", url.Values{"comment_id": {fmt.Sprint(w.comment)}, "assignee_id": {"999999"}}, only("drafter", 422)},
		{"POST", b + "/unassign", url.Values{"comment_id": {fmt.Sprint(w.comment)}}, only("drafter", 409)}, // assigned to nobody
	}
	const k = "/policies/{id}/consultations/{consultation}"
	api = map[string]apiCase{
		"POST " + k + "/answers/group": {map[string]any{"group": w.comment, "disposition": "bogus", "reason": "x"}, onlyAPI("drafter", 422)},
		"POST " + k + "/themes":        {map[string]any{"comment_id": w.comment, "theme": ""}, onlyAPI("drafter", 422)},
		"POST " + k + "/themes/remove": {map[string]any{"comment_id": w.comment, "theme": "Tidak ada"}, onlyAPI("drafter", 404)},
		"POST " + k + "/assign":        {map[string]any{"comment_id": w.comment, "assignee_id": 999999}, onlyAPI("drafter", 422)},
		"POST " + k + "/unassign":      {map[string]any{"comment_id": w.comment}, onlyAPI("drafter", 409)},
	}
	return pages, api
}

// campaignScopeCases are those routes in the region × unit matrix, on the
// consultation w (answersScopeCases): the region's drafters only.
func campaignScopeCases(w answersWorld, isDraft bool) []scopeCase {
	const k = "/policies/{id}/consultations/{consultation}"
	b, ab := w.base(), "/api/v1"+w.base()
	return []scopeCase{
		{method: "GET", pattern: k + "/answers", path: b + "/answers?group=" + fmt.Sprint(w.comment), want: ofRegion(false, isDraft, "drafter", 200)},
		{method: "POST", pattern: k + "/answers/group", path: b + "/answers/group", form: url.Values{"group": {fmt.Sprint(w.comment)}, "disposition": {"bogus"}, "reason": {"x"}},
			want: ofRegion(false, isDraft, "drafter", 422)},
		{method: "POST", pattern: "/api/v1" + k + "/answers/group", path: ab + "/answers/group", body: map[string]any{"group": w.comment, "disposition": "bogus", "reason": "x"},
			want: ofRegion(true, isDraft, "drafter", 422)},
		{method: "POST", pattern: k + "/themes", path: b + "/themes", form: url.Values{"comment_id": {fmt.Sprint(w.comment)}, "theme": {""}}, want: ofRegion(false, isDraft, "drafter", 422)},
		{method: "POST", pattern: "/api/v1" + k + "/themes", path: ab + "/themes", body: map[string]any{"comment_id": w.comment, "theme": ""}, want: ofRegion(true, isDraft, "drafter", 422)},
		{method: "POST", pattern: k + "/themes/remove", path: b + "/themes/remove", form: url.Values{"comment_id": {fmt.Sprint(w.comment)}, "theme": {"Tidak ada"}}, want: ofRegion(false, isDraft, "drafter", 404)},
		{method: "POST", pattern: "/api/v1" + k + "/themes/remove", path: ab + "/themes/remove", body: map[string]any{"comment_id": w.comment, "theme": "Tidak ada"}, want: ofRegion(true, isDraft, "drafter", 404)},
		{method: "POST", pattern: k + "/assign", path: b + "/assign", form: url.Values{"comment_id": {fmt.Sprint(w.comment)}, "assignee_id": {"999999"}}, want: ofRegion(false, isDraft, "drafter", 422)},
		{method: "POST", pattern: "/api/v1" + k + "/assign", path: ab + "/assign", body: map[string]any{"comment_id": w.comment, "assignee_id": 999999}, want: ofRegion(true, isDraft, "drafter", 422)},
		{method: "POST", pattern: k + "/unassign", path: b + "/unassign", form: url.Values{"comment_id": {fmt.Sprint(w.comment)}}, want: ofRegion(false, isDraft, "drafter", 409)},
		{method: "POST", pattern: "/api/v1" + k + "/unassign", path: ab + "/unassign", body: map[string]any{"comment_id": w.comment}, want: ofRegion(true, isDraft, "drafter", 409)},
	}
}

// campaignTextCases are the hostile text cases of the bodies of working
// through many comments, on the consultation path["consultation"] of the
// draft: a group of two equal comments per hostile value to answer.
func (a *app) campaignTextCases(path map[string]string, draft int64, n int,
	js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	db := a.st.DB.SQL()
	base := fmt.Sprintf("/api/v1/policies/%d/consultations/%s", draft, path["consultation"])
	groups := make([]int64, n)
	for i := range groups {
		for range 2 {
			var id int64
			if err := db.Get(&id, `INSERT INTO comments (policy_id, version_id, section_anchor, author_name, body)
				SELECT id, current_version_id, '', 'Uji', $2 FROM policies WHERE id = $1 RETURNING id`, draft, fmt.Sprintf("Kelompok uji %d", i)); err != nil {
				a.t.Fatal(err)
			}
			if groups[i] == 0 {
				groups[i] = id // the lower ID: the representative
			}
		}
	}
	group := func(field string) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			body := map[string]any{"group": groups[i], "disposition": "diterima", "reason": "Alasan"}
			body[field] = s
			return js(t, "drafter", base+"/answers/group", body, nil)
		}
	}
	const pre = "POST /policies/{id}/consultations/{consultation}"
	return map[string][]textCase{
		"GroupAnswerInput": {
			{name: pre + "/answers/group reason", field: "reason", status: 200, send: group("reason"),
				stored: func(t *testing.T, s, body string) {
					var out struct {
						Answered []int64 `json:"answered"`
					}
					json.Unmarshal([]byte(body), &out)
					if len(out.Answered) != 2 {
						t.Fatalf("group answer answered %v, want the group's 2 comments", out.Answered)
					}
					for _, id := range out.Answered {
						verbatim(t, "group answer reason", a.text(t, `SELECT reason FROM comment_answers WHERE comment_id = $1`, id), s)
					}
				},
				changes: map[string]delta{"comment_answers": {2, 0}, "audit_log": {2, 0}}},
			{name: pre + "/answers/group disposition", field: "disposition", status: 422, send: group("disposition")},
		},
		"ThemeInput": {
			{name: pre + "/themes theme", field: "theme", status: 200,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return js(t, "drafter", base+"/themes", map[string]any{"comment_id": groups[i], "theme": s}, nil)
				},
				stored: func(t *testing.T, s, body string) {
					verbatim(t, "theme", a.text(t, `SELECT theme FROM comment_themes ORDER BY added_at DESC, theme LIMIT 1`), s)
				},
				changes: map[string]delta{"comment_themes": {1, 0}, "audit_log": {1, 0}}},
		},
	}
}

// Themes and assignment: the drafter tags comments with themes and filters
// by them; assigns a whole group to a colleague of the region with drafter
// rights, who is told and finds them under "Ditugaskan kepada saya"; nobody
// outside the region's active drafters can be assigned; every change is
// audited per comment.
func TestThemesAndAssignment(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	w := a.campaignWorldOf(t, a.policyID("sawahlunto-peningkatan-kompetensi-asn"))
	dc := a.people["drafter"]
	drafter := a.tokens["drafter"]
	b := w.base()
	csrf := a.csrf(dc, "/login")

	// Themes: by the page's form and by the API.
	if res, out := a.form(dc, b+"/themes", url.Values{"csrf": {csrf}, "comment_id": {fmt.Sprint(w.copies[0])}, "theme": {"  Tarif parkir "},
		"back": {"status=unanswered&evil=1"}}); res.StatusCode != 303 || !strings.HasSuffix(res.Header.Get("Location"), fmt.Sprintf("?status=unanswered&done=camp_done_theme_added#c-%d", w.copies[0])) {
		t.Fatalf("theme form: %d %q %s", res.StatusCode, res.Header.Get("Location"), out)
	}
	for _, c := range []struct {
		id    int64
		theme string
	}{{w.variants[0], "Tarif parkir"}, {w.variants[1], "Zonasi sekolah"}, {w.variants[1], "Tarif parkir"}} {
		if res, out := a.api(http.DefaultClient, drafter, "POST", "/api/v1"+b+"/themes", map[string]any{"comment_id": c.id, "theme": c.theme}, ""); res.StatusCode != 200 {
			t.Fatalf("theme %q on %d: %d %s", c.theme, c.id, res.StatusCode, out)
		}
	}
	_, page := a.get(dc, b+"/answers?theme="+url.QueryEscape("Tarif parkir"))
	if got := rowsShown(page); !sameIDs(got, idStrings([]int64{w.copies[0], w.variants[0], w.variants[1]})) {
		t.Errorf("theme filter shows %v", got)
	}
	if res, out := a.form(dc, b+"/themes/remove", url.Values{"csrf": {csrf}, "comment_id": {fmt.Sprint(w.variants[1])}, "theme": {"Tarif parkir"}}); res.StatusCode != 303 {
		t.Fatalf("theme removal: %d %s", res.StatusCode, out)
	}
	_, page = a.get(dc, b+"/answers?theme="+url.QueryEscape("Tarif parkir"))
	if got := rowsShown(page); !sameIDs(got, idStrings([]int64{w.copies[0], w.variants[0]})) {
		t.Errorf("theme filter after removal shows %v", got)
	}
	if !strings.Contains(page, `<option value="Tarif parkir" selected>`) || !strings.Contains(page, `<option value="Zonasi sekolah">`) {
		t.Error("the theme filter does not offer the consultation's themes")
	}
	for _, c := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"comment_id": w.copies[0], "theme": "   "}, "theme"},
		{map[string]any{"comment_id": w.copies[0], "theme": strings.Repeat("t", 61)}, "theme"},
		{map[string]any{"comment_id": 999999, "theme": "Parkir"}, "comment_id"},
	} {
		if res, out := a.api(http.DefaultClient, drafter, "POST", "/api/v1"+b+"/themes", c.body, ""); res.StatusCode < 400 || decodeErr(t, out).Error.Field != c.field {
			t.Errorf("theme %v: %d %s, want a refusal naming %s", c.body, res.StatusCode, out, c.field)
		}
	}
	var audited int
	db.Get(&audited, `SELECT count(*) FROM audit_log WHERE action IN ('comment.theme_added', 'comment.theme_removed')`)
	if audited != 5 {
		t.Errorf("%d theme audit rows, want 5 (4 added, 1 removed)", audited)
	}

	// A colleague with drafter rights; a drafter of another city; a stakeholder.
	var colleague, stranger int64
	if err := db.Get(&colleague, `INSERT INTO users (email, name, role, region_id, unit_id, title, password_hash)
		SELECT 'penyusun2.sawahlunto@policyflow.test', 'Rina Penyusun', 'drafter', region_id, unit_id, 'Analis Kebijakan', password_hash
		FROM users WHERE email = $1 RETURNING id`, roleEmails["drafter"]); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(&stranger, `INSERT INTO users (email, name, role, region_id, unit_id, title, password_hash)
		SELECT 'penyusun.lain@policyflow.test', 'Penyusun Kota Lain', 'drafter', n.region_id, n.id, 'Analis', u.password_hash
		FROM users u, units n WHERE u.email = $1 AND n.region_id <> u.region_id ORDER BY n.id LIMIT 1 RETURNING id`, roleEmails["drafter"]); err != nil {
		t.Fatal(err)
	}
	for _, who := range []int64{stranger, a.user("stakeholder").ID, a.user("leader").ID} {
		res, out := a.api(http.DefaultClient, drafter, "POST", "/api/v1"+b+"/assign", map[string]any{"group": w.copies[0], "assignee_id": who}, "")
		if res.StatusCode != 422 || decodeErr(t, out).Error.Field != "assignee_id" {
			t.Errorf("assigning to %d: %d %s, want 422 naming assignee_id", who, res.StatusCode, out)
		}
	}
	if res, out := a.api(http.DefaultClient, drafter, "POST", "/api/v1"+b+"/assign", map[string]any{"group": w.copies[0], "comment_id": w.own[0], "assignee_id": colleague}, ""); res.StatusCode != 422 {
		t.Errorf("a comment and a group at once: %d %s, want 422", res.StatusCode, out)
	}
	db.Get(&audited, `SELECT count(*) FROM comment_assignments`)
	if audited != 0 {
		t.Fatalf("refused assignments stored %d", audited)
	}

	// The whole campaign group to the colleague, by the group's form; a variant to the drafter.
	res, _ := a.form(dc, b+"/assign", url.Values{"csrf": {csrf}, "group": {fmt.Sprint(w.copies[0])}, "assignee_id": {fmt.Sprint(colleague)}})
	if res.StatusCode != 303 {
		t.Fatalf("assigning the group: %d", res.StatusCode)
	}
	res, out := a.api(http.DefaultClient, drafter, "POST", "/api/v1"+b+"/assign", map[string]any{"comment_id": w.variants[2], "assignee_id": a.user("drafter").ID}, "")
	if res.StatusCode != 200 {
		t.Fatalf("assigning a comment: %d %s", res.StatusCode, out)
	}
	// Again: nothing new, nobody told twice.
	res, out = a.api(http.DefaultClient, drafter, "POST", "/api/v1"+b+"/assign", map[string]any{"group": w.copies[0], "assignee_id": colleague}, "")
	var again struct {
		Assigned, Already []int64
	}
	json.Unmarshal([]byte(out), &again)
	if res.StatusCode != 200 || len(again.Assigned) != 0 || !sameIDs(idStrings(again.Already), idStrings(w.copies)) {
		t.Errorf("assigning the group again: %d %s", res.StatusCode, out)
	}
	var told []string
	db.Select(&told, `SELECT body FROM notifications WHERE user_id = $1 AND kind = 'comment_assigned'`, colleague)
	if len(told) != 1 || !strings.Contains(told[0], "6 komentar") {
		t.Errorf("the colleague's notices: %q, want one naming 6 comments", told)
	}
	db.Get(&audited, `SELECT count(*) FROM audit_log WHERE action = 'comment.assigned'`)
	if audited != 7 {
		t.Errorf("%d assignment audit rows, want 7", audited)
	}

	// The colleague finds their comments under "Ditugaskan kepada saya", and the notice in the inbox.
	rina := a.login2(t, "penyusun2.sawahlunto@policyflow.test", samples.DevPassword)
	_, page = a.get(rina, b+"/answers?assignee=me")
	if got := rowsShown(page); !sameIDs(got, idStrings(w.copies)) || !strings.Contains(page, `id="filter-mine" aria-current="page"`) {
		t.Errorf("the colleague's own comments: %v, want the 6 copies", got)
	}
	if _, inbox := a.get(rina, "/notifications"); !strings.Contains(inbox, "Komentar konsultasi ditugaskan kepada Anda") {
		t.Error("the colleague's inbox has no assignment notice")
	}
	_, page = a.get(dc, b+"/answers?assignee=me")
	if got := rowsShown(page); !sameIDs(got, idStrings(w.variants[2:3])) {
		t.Errorf("the drafter's own comments: %v", got)
	}
	_, page = a.get(dc, fmt.Sprintf("%s/answers?assignee=%d&theme=%s", b, colleague, url.QueryEscape("Tarif parkir")))
	if got := rowsShown(page); !sameIDs(got, idStrings(w.copies[:1])) || !strings.Contains(page, "Ditugaskan kepada: <strong>Rina Penyusun</strong>") {
		t.Errorf("the colleague's comments with the theme: %v", got)
	}
	_, page = a.get(dc, b+"/answers?assignee=none")
	if got := rowsShown(page); len(got) != 16-7 {
		t.Errorf("unassigned comments: %d, want 9", len(got))
	}
}

// The consultation of 500 comments: 150 copies of one campaign
// text and 90 of another, each sent with its own greeting, signature and
// case, and 260 comments of their own. The drafter sees exactly the two
// campaigns grouped, answers the first with one answer, publishes, and
// each of its 150 commenters gets their own answer and notice; the report
// shows it once, as 150 similar comments.
func TestFiveHundredCommentsTwoCampaigns(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	w := a.answersWorldOf(t, a.policyID("sawahlunto-peningkatan-kompetensi-asn"), false)
	drafter := a.tokens["drafter"]
	b := w.base()

	r := rand.New(rand.NewPCG(26, 500))
	greetings := []string{"", "Assalamualaikum. ", "Selamat pagi, ", "Kepada Yth. Tim Penyusun, ", "Salam hormat, ", "Dengan hormat. "}
	vocabulary := strings.Fields(`jalan pasar sekolah guru murid angkot halte trotoar lampu drainase banjir sampah taman air listrik
		puskesmas bidan posyandu pajak izin usaha warung kios nelayan petani pupuk irigasi sawah sungai jembatan kampung desa
		kelurahan kecamatan warga pemuda lansia disabilitas perempuan anak beasiswa buku perpustakaan internet sinyal pipa sumur
		tanah sertifikat gedung kantor pelayanan antrean loket formulir aplikasi rapat musyawarah anggaran laporan pengawasan
		dinas camat lurah tolong mohon usul sebaiknya perlu segera tahun bulan pagi malam macet rusak bocor kotor aman mahal murah`)
	kinds := make([]byte, 0, 500)
	for range 150 {
		kinds = append(kinds, 'a')
	}
	for range 90 {
		kinds = append(kinds, 'b')
	}
	for len(kinds) < 500 {
		kinds = append(kinds, 0)
	}
	r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	bodies := make([]string, len(kinds))
	for i, k := range kinds {
		base := campaignText
		switch k {
		case 'b':
			base = variantBase
		case 0:
			ws := make([]string, 8+r.IntN(40))
			for j := range ws {
				ws[j] = vocabulary[r.IntN(len(vocabulary))]
			}
			bodies[i] = strings.Join(ws, " ") + "."
			continue
		}
		s := greetings[r.IntN(len(greetings))] + base + fmt.Sprintf(" Hormat saya, warga nomor %d.", i)
		if r.IntN(3) == 0 {
			s = strings.ToUpper(s)
		}
		bodies[i] = s
	}
	var ids []int64
	if err := db.Select(&ids, `INSERT INTO comments (policy_id, version_id, section_anchor, author_name, author_email, body)
		SELECT p.id, p.current_version_id, '', 'Warga ' || n, 'warga' || n || '@contoh.test', body
		FROM policies p, unnest($2::text[]) WITH ORDINALITY AS t(body, n) WHERE p.id = $1 ORDER BY n RETURNING id`, w.policy, pq.Array(bodies)); err != nil {
		t.Fatal(err)
	}
	var campaignA, campaignB []int64
	for i, k := range kinds {
		switch k {
		case 'a':
			campaignA = append(campaignA, ids[i])
		case 'b':
			campaignB = append(campaignB, ids[i])
		}
	}

	// Exactly the two campaigns are grouped.
	status, list := a.groupsOf(b + "/answers")
	if status != 200 || len(list.Groups) != 2 {
		t.Fatalf("groups of 501 comments: %d, %d groups, want 2", status, len(list.Groups))
	}
	if !sameIDs(idStrings(list.Groups[0].Members), idStrings(campaignA)) || !sameIDs(idStrings(list.Groups[1].Members), idStrings(campaignB)) {
		t.Fatalf("groups of %d and %d comments, want exactly the 150 and 90 campaign copies", len(list.Groups[0].Members), len(list.Groups[1].Members))
	}
	_, page := a.get(a.people["drafter"], b+"/answers")
	if !strings.Contains(page, `<span class="group-size">150 komentar</span>`) || !strings.Contains(page, `<span class="group-size">90 komentar</span>`) {
		t.Error("the answers page does not show the groups of 150 and 90 comments")
	}

	// One answer for the first campaign; published, each is told of their own.
	res, out := a.api(http.DefaultClient, drafter, "POST", "/api/v1"+b+"/answers/group",
		map[string]any{"group": list.Groups[0].ID, "disposition": "tidak_diterima", "reason": "Tarif parkir diatur Perda tersendiri."}, "")
	var done struct {
		Answered []int64 `json:"answered"`
	}
	json.Unmarshal([]byte(out), &done)
	if res.StatusCode != 200 || len(done.Answered) != 150 {
		t.Fatalf("one answer for the campaign: %d, %d answered, want 150", res.StatusCode, len(done.Answered))
	}
	if res, out := a.api(http.DefaultClient, drafter, "POST", "/api/v1"+b+"/publish", nil, ""); res.StatusCode != 200 || !strings.Contains(out, `"published":150`) {
		t.Fatalf("publish: %d %s", res.StatusCode, out)
	}
	var told, answers int
	db.Get(&told, `SELECT count(DISTINCT n.dedup_key) FROM notifications n JOIN comments c ON n.dedup_key = 'answer/' || c.id AND n.email = c.author_email
		WHERE n.kind = 'comment_answered' AND c.id = ANY($1)`, pq.Array(campaignA))
	db.Get(&answers, `SELECT count(*) FROM comment_answers WHERE comment_id = ANY($1) AND published_at IS NOT NULL`, pq.Array(campaignA))
	if told != 150 || answers != 150 {
		t.Errorf("%d commenters told, %d own published answers; want 150 each", told, answers)
	}
	_, page = a.get(a.people["anonymous"], b+"/report")
	if !strings.Contains(page, "<strong>150 komentar serupa</strong>") {
		t.Error("the report does not show the campaign as 150 similar comments")
	}
}
