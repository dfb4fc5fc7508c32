package server_test

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/server"
)

// Every word in the reader's language (issue 11): every page of the app,
// signed out and signed in as each role, in Indonesian and in English,
// over sample policies in every state built through the workflows, shows
// no raw code (status, role, action, decision, outcome, round status,
// program kind, notification kind, comment status, quorum, notify mode,
// section anchor), no "UTC" and no missing translation (a code with no
// name fails the page in tests: see export_test.go).
func TestEveryWordInTheReadersLanguage(t *testing.T) {
	a := newApp(t)
	d := newDriver(a)
	s := buildWordSamples(t, a, d)

	routes, err := server.PageRoutes()
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, rt := range routes {
		u, err := s.expand(rt)
		if err != nil {
			t.Errorf("page route %s: %v (give the test sample data for it)", rt, err)
			continue
		}
		urls = append(urls, u...)
	}
	// Pages with a query that shows something else.
	for _, st := range policies.Statuses {
		urls = append(urls, "/policies?status="+string(st))
	}
	urls = append(urls, fmt.Sprintf("/policies/%d/diff?from=1&to=2", s.policies["returned"]),
		fmt.Sprintf("/policies/%d/comments?section=pendahuluan", s.policies["consultation"]))

	scan := newWordScan(s.anchors)
	var mu sync.Mutex
	found := map[string][]string{} // problem → pages
	pages := 0
	var wg sync.WaitGroup
	for _, role := range roles {
		wg.Go(func() {
			c := a.people[role]
			for _, lang := range []string{"id", "en"} {
				for _, u := range urls {
					sep := "?"
					if strings.Contains(u, "?") {
						sep = "&"
					}
					res, body := a.get(c, u+sep+"lang="+lang)
					where := fmt.Sprintf("%s %s %s (%d)", role, lang, u, res.StatusCode)
					var problems []string
					switch {
					case res.StatusCode >= 500:
						problems = []string{fmt.Sprintf("answers %d: a missing translation or a template error (see the log)", res.StatusCode)}
					case res.StatusCode >= 300 && res.StatusCode < 400:
						continue
					case !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html"):
						continue
					default:
						problems = scan.problems(lang, body)
					}
					mu.Lock()
					pages++
					for _, p := range problems {
						found[p] = append(found[p], where)
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	keys := make([]string, 0, len(found))
	for k := range found {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		ws := found[k]
		t.Errorf("%s — on %d page(s), e.g. %s", k, len(ws), strings.Join(ws[:min(3, len(ws))], "; "))
	}
	if pages < len(urls)*len(roles) {
		t.Errorf("only %d pages read, want at least %d (every URL for every role, in two languages)", pages, len(urls)*len(roles))
	}
	t.Logf("%d page routes, %d URLs, %d pages read (roles × languages), %d problems", len(routes), len(urls), pages, len(found))
}

// wordSamples are the sample records the pages are rendered over.
type wordSamples struct {
	policies map[string]int64 // state → policy
	programs []int64          // of policies["implementing"]
	anchors  []string         // every section anchor of the samples
	other    int64            // another region's policy
	// params are samples of the other path parameters (the administration
	// pages' units, stakeholder groups, chains, people, one-time links): two
	// of the region's and one of another region's.
	params map[string][]string
}

// expand turns a route pattern into the URLs of every sample it applies to.
func (s *wordSamples) expand(route string) ([]string, error) {
	params := regexp.MustCompile(`\{([^}]+)\}`).FindAllStringSubmatch(route, -1)
	if len(params) == 0 {
		return []string{route}, nil
	}
	names := make([]string, len(params))
	for i, p := range params {
		names[i] = p[1]
	}
	fill := func(vals map[string]string) string {
		out := route
		for k, v := range vals {
			out = strings.ReplaceAll(out, "{"+k+"}", v)
		}
		return out
	}
	var out []string
	switch {
	case slices.Equal(names, []string{"id"}):
		ids := []int64{s.other}
		for _, id := range s.policies {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			out = append(out, fill(map[string]string{"id": fmt.Sprint(id)}))
		}
	case slices.Equal(names, []string{"id", "pid"}):
		for _, pid := range s.programs {
			out = append(out, fill(map[string]string{"id": fmt.Sprint(s.policies["implementing"]), "pid": fmt.Sprint(pid)}))
		}
	case slices.Equal(names, []string{"id", "pid", "paid"}): // "program/participant" pairs
		for _, pair := range s.params["participant"] {
			pid, paid, _ := strings.Cut(pair, "/")
			out = append(out, fill(map[string]string{"id": fmt.Sprint(s.policies["implementing"]), "pid": pid, "paid": paid}))
		}
	case slices.Equal(names, []string{"id", "round"}):
		for _, n := range []int{1, 2, 3} {
			out = append(out, fill(map[string]string{"id": fmt.Sprint(s.policies["evaluating"]), "round": fmt.Sprint(n)}))
		}
	case slices.Equal(names, []string{"id", "round", "unit"}): // "policy/round/unit" of recorded SKMs (skm_test.go)
		for _, triple := range s.params["skm"] {
			parts := strings.Split(triple, "/")
			out = append(out, fill(map[string]string{"id": parts[0], "round": parts[1], "unit": parts[2]}))
		}
	case slices.Equal(names, []string{"id", "n"}):
		for _, id := range s.policies {
			out = append(out, fill(map[string]string{"id": fmt.Sprint(id), "n": "1"}))
		}
	case slices.Equal(names, []string{"id", "atid"}): // "policy/attachment" pairs (moderation_test.go)
		for _, pair := range s.params["attachment"] {
			id, at, _ := strings.Cut(pair, "/")
			out = append(out, fill(map[string]string{"id": id, "atid": at}))
		}
	case slices.Equal(names, []string{"id", "consultation"}): // "policy/consultation" pairs (answers_test.go)
		for _, pair := range s.params["consultation"] {
			id, k, _ := strings.Cut(pair, "/")
			out = append(out, fill(map[string]string{"id": id, "consultation": k}))
		}
	case len(names) == 1 && len(s.params[names[0]]) > 0:
		for _, v := range s.params[names[0]] {
			out = append(out, fill(map[string]string{names[0]: v}))
		}
	default:
		return nil, fmt.Errorf("no sample data for the parameters %v", names)
	}
	return out, nil
}

// wordParams are samples of the administration's path parameters, from
// the record: two of the region's and one of another region's; a
// stakeholder group with a member and an acting appointment, so that
// their pages show everything they can; one-time links: one that is not,
// and a fresh invitation's.
func wordParams(t *testing.T, a *app, regionID int64, unitCode string) map[string][]string {
	t.Helper()
	db := a.st.DB.SQL()
	db.MustExec(`INSERT INTO stakeholder_groups (region_id, name, kind) VALUES ($1, 'Akademisi kata', 'akademisi')`, regionID)
	db.MustExec(`INSERT INTO stakeholder_group_members (group_id, user_id)
		SELECT g.id, u.id FROM stakeholder_groups g, users u WHERE g.name = 'Akademisi kata' AND u.email = $1`, roleEmails["stakeholder"])
	db.MustExec(`INSERT INTO acting_officials (region_id, principal_id, acting_id, kind, letter_number, letter_date, starts_on, ends_on, appointed_by)
		SELECT p.region_id, p.id, k.id, 'plt', 'SP/KATA/1', current_date, current_date, current_date + 10, p.id
		FROM users p, users k WHERE p.email = 'sekda.sawahlunto@policyflow.test' AND k.email = 'kepala.sawahlunto@policyflow.test'`)
	db.MustExec(`INSERT INTO asn_roster (region_id, nip, name, kind, unit_id)
		SELECT u.region_id, '198503122010011002', 'Budi Kata', 'PNS', u.id FROM units u WHERE u.region_id = $1 ORDER BY u.id LIMIT 1`, regionID)
	db.MustExec(`INSERT INTO asn_roster (region_id, nip, name, kind, unit_id)
		SELECT u.region_id, '199312282025212001', 'Sari Kata', 'PPPK', u.id FROM units u WHERE u.region_id = $1 ORDER BY u.id LIMIT 1`, regionID)
	db.MustExec(`INSERT INTO asn_roster (region_id, nip, name, kind, unit_id)
		SELECT u.region_id, '198503122010011002', 'Lain Kata', 'PNS', u.id FROM units u WHERE u.region_id <> $1 ORDER BY u.id LIMIT 1`, regionID)
	params := map[string][]string{}
	for name, query := range map[string]string{
		"rid":    `SELECT id FROM asn_roster`,
		"uid":    `SELECT id FROM units`,
		"gid":    `SELECT id FROM stakeholder_groups`,
		"chid":   `SELECT id FROM approval_chains`,
		"person": `SELECT id FROM users`,
		"aid":    `SELECT id FROM acting_officials`,
	} {
		var ids []int64
		if err := db.Select(&ids, `(`+query+` WHERE region_id = $1 ORDER BY id DESC LIMIT 2) UNION ALL (`+query+` WHERE region_id <> $1 ORDER BY id LIMIT 1)`, regionID); err != nil {
			t.Fatalf("samples of {%s}: %v", name, err)
		}
		for _, id := range ids {
			params[name] = append(params[name], fmt.Sprint(id))
		}
	}
	params["token"] = []string{"bukan-tautan-sah"}
	params["region"] = []string{"sawahlunto", "tidak-ada"} // no provider: the sign-in's 404 page (oidc_test.go signs in)
	res, out := a.api(http.DefaultClient, a.tokens["admin"], "POST", "/api/v1/admin/people", map[string]string{"email": "kata.baru@sawahlunto.go.id",
		"name": "Kata Baru", "role": "drafter", "unit": unitCode, "title": "Analis Kebijakan"}, "")
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("invite a person: %d %s", res.StatusCode, out)
	}
	var link string
	if err := db.Get(&link, `SELECT n.link FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE u.email = 'kata.baru@sawahlunto.go.id' ORDER BY n.id DESC LIMIT 1`); err != nil {
		t.Fatalf("the invitation's link: %v", err)
	}
	params["token"] = append(params["token"], link[strings.LastIndex(link, "/")+1:])
	params["rtoken"] = append([]string{"bukan.tautan"}, wordReactionLinks(t, a, regionID)...)        // kirkpatrick_test.go
	params["btoken"] = append([]string{"bukan.tautan"}, behaviourSamples(t, a, regionID, "kata")...) // kirkpatrick_behaviour_test.go
	return params
}

// buildWordSamples drives sample policies of one region through every
// state, as people do: through the API and the workflows.
func buildWordSamples(t *testing.T, a *app, d *driver) *wordSamples {
	t.Helper()
	ctx := t.Context()
	c := http.DefaultClient
	d.tokens["admin"] = a.tokens["admin"]
	d.tokens["akademisi"] = a.tokens["stakeholder"]
	s := &wordSamples{policies: map[string]int64{}}
	officer := a.user("unit_officer")
	units, err := a.st.DB.Units(ctx, *officer.RegionID)
	if err != nil || len(units) < 3 {
		t.Fatalf("units of the region: %d, %v", len(units), err)
	}
	unitIDs := []int64{*officer.UnitID}
	for _, u := range units {
		if u.ID != *officer.UnitID && len(unitIDs) < 3 {
			unitIDs = append(unitIDs, u.ID)
		}
	}
	var unitCode string
	for _, u := range units {
		if u.ID == *officer.UnitID {
			unitCode = u.Code
		}
	}
	must := func(what string, res *http.Response, out string, codes ...int) string {
		t.Helper()
		if !slices.Contains(codes, res.StatusCode) {
			t.Fatalf("%s: %d %s", what, res.StatusCode, out)
		}
		return out
	}
	call := func(what, token, method, path string, body any, codes ...int) string {
		t.Helper()
		res, out := a.api(c, token, method, path, body, "")
		return must(what, res, out, codes...)
	}
	comment := func(token string, id int64, body map[string]any) int64 {
		t.Helper()
		out := call("comment", token, "POST", fmt.Sprintf("/api/v1/policies/%d/comments", id), body, 201)
		var cm struct{ ID int64 }
		json.Unmarshal([]byte(out), &cm)
		return cm.ID
	}
	setStatus := func(cid int64, status string) {
		t.Helper()
		call("comment status "+status, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/comments/%d/status", cid), map[string]any{"status": status}, 200)
	}

	// A draft.
	s.policies["draft"] = d.newRun(t, "kata-draf").id

	// In public consultation, open to the public, with comments in every
	// status on several sections.
	r := d.newRun(t, "kata-konsultasi")
	r.act("drafter", "open_consultation", map[string]any{"closes_at": time.Now().Add(72 * time.Hour), "allow_public": true,
		"invite_user_ids": []int64{a.st.UserID(t, roleEmails["stakeholder"])}}, policies.StatusConsultation)
	s.policies["consultation"] = r.id
	first := comment(a.tokens["drafter"], r.id, map[string]any{"section": "pendahuluan", "body": "Mohon rincian jam pelajaran."})
	comment(a.tokens["leader"], r.id, map[string]any{"parent_id": first, "body": "Setuju, akan dirinci."})
	resolved := comment(a.tokens["stakeholder"], r.id, map[string]any{"section": "", "body": "Secara umum sudah baik."})
	// The invited stakeholder's comment waits for moderation, then shows.
	call("approve", a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/comments/%d/moderate", resolved), map[string]any{"decision": "approve"}, 200)
	setStatus(resolved, "resolved")
	comment("", r.id, map[string]any{"section": "pendahuluan", "body": "Bagaimana dengan guru honorer?", "name": "Warga Satu", "email": "warga1@contoh.test"})
	rejected := comment("", r.id, map[string]any{"section": "pendahuluan", "body": "Pesan iklan", "name": "Warga Dua", "email": "warga2@contoh.test"})
	setStatus(rejected, "rejected")
	published := comment("", r.id, map[string]any{"section": "pendahuluan", "body": "Perlu kelas daring juga.", "name": "Warga Tiga", "email": "warga3@contoh.test"})
	setStatus(published, "open")

	// Waiting for the first approver; and at stage 2 after a decision, with
	// an acting official (Plt.) appointed by the stage's approver.
	r = d.newRun(t, "kata-menunggu")
	r.submit()
	s.policies["awaiting"] = r.id
	r = d.newRun(t, "kata-persetujuan")
	r.submit()
	r.decide("kabid", "approve", 0, policies.StatusInApproval, 2)
	r.act("kepala", "delegate", map[string]any{"delegate_to": d.users["kepala.opd"], "delegate_until": time.Now().Add(48 * time.Hour)}, policies.StatusInApproval)
	s.policies["in_approval"] = r.id

	// Consulted, then returned twice: changes requested, then rejected.
	r = d.newRun(t, "kata-kembali")
	r.act("drafter", "open_consultation", map[string]any{"closes_at": time.Now().Add(72 * time.Hour)}, policies.StatusConsultation)
	comment(a.tokens["stakeholder"], r.id, map[string]any{"section": "pendahuluan", "body": "Tambahkan dasar hukum."})
	r.act("drafter", "close_consultation", nil, policies.StatusDrafting)
	a.answerEverything(t, r.id) // every voice answered before the submit (answers_test.go)
	r.submit()
	r.decide("kabid", "request_changes", 0, policies.StatusDrafting, 0)
	r.saveVersion()
	r.submit()
	r.decide("kabid", "approve", 0, policies.StatusInApproval, 2)
	r.decide("kepala", "reject", 0, policies.StatusDrafting, 0)
	s.policies["returned"] = r.id

	// Approved.
	r = d.newRun(t, "kata-disetujui")
	r.submit()
	r.approveAll(1)
	s.policies["approved"] = r.id

	// Implementing, with two programs and their participants.
	r = d.newRun(t, "kata-pelaksanaan")
	r.submit()
	r.approveAll(1)
	r.inForce()
	r.act("drafter", "start_implementation", map[string]any{"unit_ids": unitIDs}, policies.StatusImplementing)
	for i, kind := range []string{"e_learning", "soft_skills"} {
		r.act("drafter", "plan_program", map[string]any{"program": map[string]any{"unit_id": *officer.UnitID, "kind": kind,
			"title": fmt.Sprintf("Program uji %d", i+1), "partner": "Universitas Andalas", "starts_at": time.Now().Add(24 * time.Hour),
			"ends_at": time.Now().Add(72 * time.Hour), "jp": 40, "target_participants": 1500}}, policies.StatusImplementing)
	}
	progs, err := a.st.DB.Programs(ctx, r.id)
	if err != nil || len(progs) != 2 {
		t.Fatalf("programs: %d, %v", len(progs), err)
	}
	var participantPairs []string
	for i, p := range progs {
		s.programs = append(s.programs, p.ID)
		csv := "nip;nama;unit;hadir;lulus\n" +
			fmt.Sprintf("19850312201001100%d;Budi Santoso;%s;ya;ya\n", i+1, unitCode) +
			fmt.Sprintf("19900101201503200%d;Rina Wati;%s;ya;tidak\n", i+1, unitCode)
		res, out := a.csvPost(a.tokens["unit_officer"], fmt.Sprintf("/api/v1/policies/%d/programs/%d/participants", r.id, p.ID), csv)
		must("participants", res, out, 200, 201)
		ps, err := a.st.DB.Participants(ctx, p.ID)
		if err != nil || len(ps) == 0 {
			t.Fatalf("participants of %d: %d, %v", p.ID, len(ps), err)
		}
		participantPairs = append(participantPairs, fmt.Sprintf("%d/%d", p.ID, ps[0].ID)) // certificates (refused: not done)
	}
	s.policies["implementing"] = r.id

	// Evaluating: implementation started seven months ago on a three-month
	// cadence, so rounds 1 and 2 are overdue and round 3 pending; the
	// officer's unit reports round 1 (a good SKM and Kirkpatrick).
	r = d.newRun(t, "kata-evaluasi")
	plan := url.Values{"csrf": {a.csrf(a.people["drafter"], "/login")}, "evaluation_months": {"3"}, "ikm_threshold": {"76.61"}}
	if res, body := a.form(a.people["drafter"], fmt.Sprintf("/policies/%d/evaluation-plan", r.id), plan); res.StatusCode != 303 {
		t.Fatalf("evaluation plan: %d %.300s", res.StatusCode, body)
	}
	r.submit()
	r.approveAll(1)
	r.inForce()
	// Started seven months back: the workflow answers implementing and at
	// once opens the rounds now due (evaluating), so the record read back
	// may already say evaluating; the wait below is for that.
	res, out := a.api(http.DefaultClient, d.tokens["drafter"], "POST", r.base+"/actions/start_implementation", map[string]any{"unit_ids": unitIDs,
		"started_on": time.Now().In(policies.WIB).AddDate(0, -7, 0).Format("2006-01-02")}, "")
	if res.StatusCode != 200 || !strings.Contains(out, `"status":"implementing"`) {
		t.Fatalf("start_implementation seven months back: %d %s, want 200 answering implementing", res.StatusCode, out)
	}
	waitFor(t, func() bool {
		p, _ := a.st.DB.PolicyByID(ctx, r.id)
		rows, _ := a.st.DB.EvaluationRows(ctx, r.id)
		overdue := slices.ContainsFunc(rows, func(r policies.EvaluationRow) bool { return r.Status == "overdue" })
		return p.Status == policies.StatusEvaluating && len(rows) == 3*len(unitIDs) && overdue // the first round's due day passed
	})
	var good [9][4]int
	for i := range good {
		good[i][3] = 10 // every element "sangat baik": IKM 100.00
	}
	call("SKM", a.tokens["unit_officer"], "POST", fmt.Sprintf("/api/v1/policies/%d/evaluations/1/skm", r.id), map[string]any{"responses": good}, 200, 201)
	call("Kirkpatrick", a.tokens["unit_officer"], "POST", fmt.Sprintf("/api/v1/policies/%d/evaluations/1/kirkpatrick", r.id),
		map[string]any{"levels": [4][]int{{4, 5}, {4}, {3}, {4}}}, 200, 201)
	rows, _ := a.st.DB.EvaluationRows(ctx, r.id)
	seen := map[string]bool{}
	for _, row := range rows {
		seen[row.Status] = true
	}
	if !seen["pending"] || !seen["overdue"] || !seen["submitted"] {
		t.Fatalf("evaluation rounds in states %v, want pending, overdue and submitted", seen)
	}
	s.policies["evaluating"] = r.id

	// Reopened for revision by a weak result.
	r = d.newRun(t, "kata-revisi")
	r.submit()
	r.approveAll(1)
	r.inForce()
	r.act("drafter", "start_implementation", map[string]any{"unit_ids": []int64{*officer.UnitID}}, policies.StatusImplementing)
	var weak [9][4]int
	for i := range weak {
		weak[i][0] = 10
	}
	call("weak SKM", a.tokens["unit_officer"], "POST", fmt.Sprintf("/api/v1/policies/%d/evaluations/1/skm", r.id), map[string]any{"responses": weak, "population": 10}, 200, 201)
	waitFor(t, func() bool { p, _ := a.st.DB.PolicyByID(ctx, r.id); return p.Status == policies.StatusRevision })
	s.policies["revision"] = r.id

	// Archived by the region's administrator.
	r = d.newRun(t, "kata-arsip")
	r.act("admin", "archive", map[string]any{"reason": "Digantikan kebijakan baru"}, policies.StatusArchived)
	s.policies["archived"] = r.id

	s.params = wordParams(t, a, *officer.RegionID, unitCode)
	s.params["participant"] = participantPairs
	s.params["consultation"] = a.consultationSamples(t)

	// Another region's draft: its pages are errors for this region's people.
	s.other = a.policyID("bukittinggi-peningkatan-kualitas-asn")
	s.params["attachment"] = a.attachmentSamples(t, s.policies, s.other)
	s.params["hash"] = a.documentsHashes(t, s.policies, s.other) // documents_matrix_test.go
	s.params["skm"] = a.skmSamples(t, s.other)                   // skm_test.go

	// Every section anchor of the samples, read from the drafter's pages.
	section := regexp.MustCompile(`data-section="([^"]+)"`)
	anchors := map[string]bool{}
	for _, id := range s.policies {
		_, body := a.get(a.people["drafter"], fmt.Sprintf("/policies/%d", id))
		for _, m := range section.FindAllStringSubmatch(body, -1) {
			anchors[m[1]] = true
		}
	}
	for k := range anchors {
		s.anchors = append(s.anchors, k)
	}
	if !anchors["pendahuluan"] || !anchors["perbaikan-1"] {
		t.Fatalf("section anchors of the samples: %v, want pendahuluan and perbaikan-1", s.anchors)
	}
	a.topicWordSamples(t, s.policies["consultation"]) // topics_test.go
	return s
}

// wordScan finds raw codes in a page's visible text.
type wordScan struct {
	compound map[string]string // codes with "_", "." or "-": found on any page
	english  map[string]string // one-word codes that are English words: found on Indonesian pages
	bahasa   map[string]string // one-word codes that are Indonesian words: found on English pages
}

// bahasaCodes are the one-word codes that are Indonesian words.
var bahasaCodes = map[string]bool{"pelatihan": true, "lokakarya": true, "seminar": true}

func newWordScan(anchors []string) *wordScan {
	w := &wordScan{compound: map[string]string{}, english: map[string]string{}, bahasa: map[string]string{}}
	add := func(what, code string) {
		switch {
		case strings.ContainsAny(code, "_.-"):
			w.compound[code] = what
		case bahasaCodes[code]:
			w.bahasa[code] = what
		default:
			w.english[code] = what
		}
	}
	for what, codes := range server.Codes() {
		for _, c := range codes {
			add(what, c)
		}
	}
	for _, a := range anchors {
		if !strings.Contains(a, "-") {
			w.bahasa[a] = "section anchor" // a one-word anchor is an Indonesian word, shown lowercased
			w.english[a] = "section anchor"
			continue
		}
		w.compound[a] = "section anchor"
	}
	return w
}

var (
	// hidden are the parts of a page that are not its visible text.
	hidden = []*regexp.Regexp{
		regexp.MustCompile(`(?s)<script\b.*?</script>`),
		regexp.MustCompile(`(?s)<style\b.*?</style>`),
		regexp.MustCompile(`(?s)<!--.*?-->`),
	}
	// data are the parts of the visible text that are the document and
	// words written by people or by the workflows (comments, notification
	// bodies), shown as written: scanned for "UTC", not for codes.
	data = []*regexp.Regexp{
		regexp.MustCompile(`(?s)<textarea\b.*?</textarea>`),
		regexp.MustCompile(`(?s)<div class="document[^"]*"[^>]*>.*?</div>`),
		regexp.MustCompile(`(?s)<pre class="diff"[^>]*>.*?</pre>`),
		regexp.MustCompile(`(?s)<(p|span) class="body">.*?</(p|span)>`),
	}
	tag = regexp.MustCompile(`<[^>]*>`)
	// utc is a moment shown in UTC ("14:05 UTC"), not a zone's offset
	// named to explain it ("WIB, UTC+7").
	utc       = regexp.MustCompile(`\bUTC(\z|[^+\x{2212}-])`)
	wordSplit = regexp.MustCompile(`[^\p{L}\p{N}_.@/-]+`)
)

// visibleText is what a reader sees of a page: no tags, no attributes, no
// script or style, entities decoded.
func visibleText(page string, drop ...*regexp.Regexp) string {
	for _, h := range append(hidden, drop...) {
		page = h.ReplaceAllString(page, " ")
	}
	return html.UnescapeString(tag.ReplaceAllString(page, " "))
}

// problems lists the raw codes, "UTC" and "<no value>" a page shows.
func (w *wordScan) problems(lang, page string) []string {
	text := visibleText(page)
	var out []string
	if utc.MatchString(text) {
		out = append(out, `"UTC" in the visible text`)
	}
	text = visibleText(page, data...)
	if strings.Contains(text, "no value") {
		out = append(out, `"<no value>" in the visible text (a missing key)`)
	}
	for _, tok := range wordSplit.Split(text, -1) {
		tok = strings.Trim(tok, ".-/")
		if what, ok := w.compound[tok]; ok {
			out = append(out, fmt.Sprintf("raw %s %q", what, tok))
		}
		if what, ok := w.english[tok]; ok && lang == "id" {
			out = append(out, fmt.Sprintf("raw %s %q on an Indonesian page", what, tok))
		}
		if what, ok := w.bahasa[tok]; ok && lang == "en" {
			out = append(out, fmt.Sprintf("raw %s %q on an English page", what, tok))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
