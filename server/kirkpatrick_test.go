package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// kirkpatrickScopeCases are the region × unit cases of Kirkpatrick levels
// 1 and 2 (kirkpatrick_levels.go) on the published policy's planned
// program: those who run it (the region's drafter, the program unit's
// officers) get the page and their refusals (no links before the program
// is done: 409; a bad CSV line: 422); the summary is any region member's;
// a forged reaction token is everyone's 404.
func kirkpatrickScopeCases(pub, program int64, internal func(api bool, id int64, role string, ok int) func(principal) int,
	record func(api bool, ok int) func(principal) int) []scopeCase {
	prog := fmt.Sprintf("/policies/%d/programs/%d", pub, program)
	aprog := "/api/v1" + prog
	return []scopeCase{
		{method: "GET", pattern: "/policies/{id}/programs/{pid}/kirkpatrick", path: prog + "/kirkpatrick", want: record(false, 200)},
		{method: "POST", pattern: "/policies/{id}/programs/{pid}/kirkpatrick/reaction-links", path: prog + "/kirkpatrick/reaction-links", want: record(false, 409)},
		{method: "POST", pattern: "/policies/{id}/programs/{pid}/kirkpatrick/learning", path: prog + "/kirkpatrick/learning", form: url.Values{"pre_0": {"500"}}, want: record(false, 303)},
		{method: "POST", pattern: "/policies/{id}/programs/{pid}/kirkpatrick/learning/import", path: prog + "/kirkpatrick/learning/import", multipart: true, want: record(false, 422)},
		{method: "GET", pattern: "/kirkpatrick/reaksi/{rtoken}", path: "/kirkpatrick/reaksi/bad.token", want: all(404)},
		{method: "POST", pattern: "/kirkpatrick/reaksi/{rtoken}", path: "/kirkpatrick/reaksi/bad.token", form: url.Values{"overall": {"5"}}, want: all(404)},
		{method: "POST", pattern: "/policies/{id}/programs/{pid}/kirkpatrick/result", path: prog + "/kirkpatrick/result", form: url.Values{"indicator": {""}, "unit_of_measure": {"%"}, "baseline": {"1"}, "target": {"2"}}, want: record(false, 422)},
		{method: "POST", pattern: "/api/v1/policies/{id}/programs/{pid}/kirkpatrick/result", path: aprog + "/kirkpatrick/result", body: map[string]any{"indicator": "", "unit_of_measure": "%", "baseline": 1, "target": 2}, want: record(true, 422)},
		{method: "GET", pattern: "/kirkpatrick/perilaku/{btoken}", path: "/kirkpatrick/perilaku/bad.token", want: all(404)},
		{method: "POST", pattern: "/kirkpatrick/perilaku/{btoken}", path: "/kirkpatrick/perilaku/bad.token", form: url.Values{"applies": {"5"}}, want: all(404)},
		{method: "GET", pattern: "/policies/{id}/kirkpatrick", path: fmt.Sprintf("/policies/%d/kirkpatrick", pub), want: internal(false, pub, "", 200)},
		{method: "GET", pattern: "/api/v1/policies/{id}/kirkpatrick", path: fmt.Sprintf("/api/v1/policies/%d/kirkpatrick", pub), want: internal(true, pub, "", 200)},
		{method: "GET", pattern: "/api/v1/policies/{id}/programs/{pid}/kirkpatrick", path: aprog + "/kirkpatrick", want: internal(true, pub, "", 200)},
		{method: "POST", pattern: "/api/v1/policies/{id}/programs/{pid}/kirkpatrick/learning", path: aprog + "/kirkpatrick/learning", body: []byte("nip;pra;pasca\n123;1;2\n"), want: record(true, 422)},
	}
}

var reactionLinkRe = regexp.MustCompile(`/kirkpatrick/reaksi/[A-Za-z0-9_.-]+`)

// Level 1: once the program is done, the unit officer issues the links
// (shown once); a participant answers without an account, once (a second
// answer is 409), and the answer counts in the summary. Level 2: a score
// CSV with a bad line is refused naming it, and nothing is saved; a good
// one is, with the mean gain.
func TestKirkpatrickReactionAndLearning(t *testing.T) {
	a := newApp(t)
	id := a.approvedPolicy("uji-kirkpatrick")
	base := fmt.Sprintf("/api/v1/policies/%d", id)
	c := http.DefaultClient
	officer, _ := a.st.DB.UserByEmail(t.Context(), roleEmails["unit_officer"])
	if res, out := a.api(c, a.tokens["drafter"], "POST", base+"/actions/start_implementation",
		map[string]any{"unit_ids": []int64{*officer.UnitID}}, ""); res.StatusCode != 200 {
		t.Fatalf("start implementation: %d %s", res.StatusCode, out)
	}
	start := time.Now().Add(24 * time.Hour).Truncate(24 * time.Hour)
	res, out := a.api(c, a.tokens["unit_officer"], "POST", base+"/actions/plan_program", map[string]any{"program": map[string]any{
		"unit_id": *officer.UnitID, "kind": "pelatihan", "title": "Pelatihan dievaluasi", "starts_at": start, "ends_at": start.Add(48 * time.Hour), "jp": 12}}, "kp-1")
	if res.StatusCode != 200 {
		t.Fatalf("plan: %d %s", res.StatusCode, out)
	}
	var planned struct{ ID int64 }
	json.Unmarshal([]byte(out), &planned)
	api := fmt.Sprintf("%s/programs/%d", base, planned.ID)
	page := fmt.Sprintf("/policies/%d/programs/%d", id, planned.ID)
	tok := a.tokens["unit_officer"]
	const rina, budi, sari = "198503122010011002", "199001012015032001", "199203152019022003"
	if res, out := a.csvPost(tok, api+"/participants", "nip,nama,unit,hadir,lulus\n"+rina+",Rina,disdukcapil,ya,ya\n"+budi+",Budi,disdukcapil,ya,tidak\n"+sari+",Sari,disdukcapil,ya,ya\n"); res.StatusCode != 200 {
		t.Fatalf("participants: %d %s", res.StatusCode, out)
	}

	// Level 2: a bad line (a score of 120) refuses the file, naming the line; nothing saved.
	res, out = a.csvPost(tok, api+"/kirkpatrick/learning", "nip,pra,pasca\n"+rina+",40,85\n"+budi+",50,120\n")
	if res.StatusCode != 422 || !strings.Contains(out, `"line":3`) || !strings.Contains(out, `"field":"pasca"`) {
		t.Errorf("a score of 120: %d %s, want 422 naming line 3's pasca", res.StatusCode, out)
	}
	var n int
	a.st.DB.SQL().Get(&n, `SELECT count(*) FROM learning_scores l JOIN participants p ON p.id = l.participant_id WHERE p.program_id = $1`, planned.ID)
	if n != 0 {
		t.Fatalf("a refused file saved %d scores", n)
	}
	if res, out := a.csvPost(tok, api+"/kirkpatrick/learning", "nip,pra,pasca\n"+rina+",40,85\n"+budi+",50,55\n"); res.StatusCode != 200 {
		t.Fatalf("scores: %d %s", res.StatusCode, out)
	}

	// Level 1: no links before the program is done.
	off := a.people["unit_officer"]
	csrf := a.csrf(off, page+"/kirkpatrick")
	// The page's score form: a half-filled pair is refused naming its field, and nothing of the form is saved.
	var ids []int64
	a.st.DB.SQL().Select(&ids, `SELECT id FROM participants WHERE program_id = $1 ORDER BY nip`, planned.ID) // Rina, Budi
	res, out = a.form(off, page+"/kirkpatrick/learning", url.Values{"csrf": {csrf}, fmt.Sprintf("pre_%d", ids[0]): {"30"}, fmt.Sprintf("post_%d", ids[0]): {"90"},
		fmt.Sprintf("pre_%d", ids[1]): {"20"}})
	if res.StatusCode != 422 || !strings.Contains(out, budi) {
		t.Errorf("a half-filled pair: %d, want 422 naming Budi's score", res.StatusCode)
	}
	var pre int
	a.st.DB.SQL().Get(&pre, `SELECT pre_score FROM learning_scores WHERE participant_id = $1`, ids[0])
	if pre != 40 {
		t.Errorf("a refused form changed Rina's pre-test score to %d", pre)
	}
	if res, _ := a.form(off, page+"/kirkpatrick/reaction-links", url.Values{"csrf": {csrf}}); res.StatusCode != http.StatusConflict {
		t.Errorf("links of a planned program: %d, want 409", res.StatusCode)
	}
	a.st.DB.SQL().MustExec(`UPDATE programs SET status = $2 WHERE id = $1`, planned.ID, policies.ProgramDone)
	// Rina has an account (by her NIP, in the region): she is told her link through the outbox.
	a.st.DB.SQL().MustExec(`UPDATE users SET nip = $1 WHERE email = $2`, rina, roleEmails["stakeholder"])
	// Sari has none, but an email on the region's roster: her link goes to that address alone.
	a.st.DB.SQL().MustExec(`INSERT INTO asn_roster (region_id, nip, name, kind, unit_id, email)
		SELECT region_id, $1, 'Sari', 'PNS', id, 'sari@sawahlunto.go.id' FROM units WHERE id = $2`, sari, *officer.UnitID)
	res, out = a.form(off, page+"/kirkpatrick/reaction-links", url.Values{"csrf": {csrf}})
	links := reactionLinkRe.FindAllString(out, -1)
	if res.StatusCode != 200 || len(links) != 2 || !strings.Contains(out, "Rina") || !strings.Contains(out, "Sari") {
		t.Fatalf("issued: %d, links %v; want Rina's and Sari's (Budi did not complete)", res.StatusCode, links)
	}
	var sariTold string
	a.st.DB.SQL().Get(&sariTold, `SELECT link FROM notifications WHERE user_id IS NULL AND email = 'sari@sawahlunto.go.id' AND kind = $1`, policies.NoticeReactionLink)
	if sariTold == "" || (sariTold != links[0] && sariTold != links[1]) {
		t.Errorf("Sari's email notice links to %q, want one of %v", sariTold, links)
	}
	var told string
	a.st.DB.SQL().Get(&told, `SELECT n.link FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = $1 AND n.kind = $2`,
		roleEmails["stakeholder"], policies.NoticeReactionLink)
	if told == "" || told == sariTold || (told != links[0] && told != links[1]) {
		t.Errorf("Rina's notice links to %q, want the other of %v", told, links)
	}
	// Issued again: nobody gets a second link.
	if _, out := a.form(off, page+"/kirkpatrick/reaction-links", url.Values{"csrf": {csrf}}); len(reactionLinkRe.FindAllString(out, -1)) != 0 {
		t.Error("a second issue showed links again")
	}

	// Rina answers without an account, once.
	anon := a.client()
	if res, out := a.get(anon, links[0]); res.StatusCode != 200 || !strings.Contains(out, "Pelatihan dievaluasi") {
		t.Fatalf("the reaction form: %d", res.StatusCode)
	}
	acsrf := a.csrf(anon, links[0])
	answer := url.Values{"csrf": {acsrf}}
	for i, item := range policies.ReactionItems {
		answer.Set(item, fmt.Sprint(5-i%2)) // 5 4 5 4 5
	}
	partial := url.Values{"csrf": {acsrf}, "overall": {"5"}}
	if res, _ := a.form(anon, links[0], partial); res.StatusCode != 422 {
		t.Errorf("an incomplete answer: %d, want 422", res.StatusCode)
	}
	if res, out := a.form(anon, links[0], answer); res.StatusCode != 200 || !strings.Contains(out, `id="reaction-done"`) {
		t.Fatalf("the answer: %d", res.StatusCode)
	}
	if res, _ := a.form(anon, links[0], answer); res.StatusCode != http.StatusConflict {
		t.Errorf("a second answer: %d, want 409", res.StatusCode)
	}
	if res, out := a.get(anon, links[0]); res.StatusCode != 200 || !strings.Contains(out, `id="reaction-closed"`) {
		t.Errorf("the answered form: %d, want it closed", res.StatusCode)
	}
	// A forged token (the signature broken) is 404.
	if res, _ := a.get(anon, links[0]+"x"); res.StatusCode != 404 {
		t.Errorf("a forged token: %d, want 404", res.StatusCode)
	}

	// The summary: no person in it, for anyone of the region.
	res, out = a.api(c, a.tokens["leader"], "GET", api+"/kirkpatrick", nil, "")
	var sum struct {
		ReactionMean  float64 `json:"reaction_mean"`
		ReactionCount int     `json:"reaction_count"`
		MeanGain      float64 `json:"mean_gain"`
		LearningCount int     `json:"learning_count"`
	}
	json.Unmarshal([]byte(out), &sum)
	if res.StatusCode != 200 || sum.ReactionCount != 1 || sum.ReactionMean != 4.6 || sum.LearningCount != 2 || sum.MeanGain != 25 || strings.Contains(out, rina) {
		t.Errorf("summary: %d %s; want reaction 4.6 from 1, mean gain 25 over 2, no NIP", res.StatusCode, out)
	}
	// The policy's report: the program and the pooled figures.
	res, out = a.api(c, a.tokens["leader"], "GET", base+"/kirkpatrick", nil, "")
	var rep struct {
		Programs []struct {
			ProgramID int64 `json:"program_id"`
		} `json:"programs"`
		Overall struct {
			MeanGain float64 `json:"mean_gain"`
		} `json:"overall"`
	}
	json.Unmarshal([]byte(out), &rep)
	if res.StatusCode != 200 || len(rep.Programs) != 1 || rep.Programs[0].ProgramID != planned.ID || rep.Overall.MeanGain != 25 {
		t.Errorf("the policy's report: %d %s", res.StatusCode, out)
	}
	// The officer's page shows the scores and the answered link.
	if res, out := a.get(off, page+"/kirkpatrick"); res.StatusCode != 200 || !strings.Contains(out, rina) || !strings.Contains(out, "4,6") {
		t.Errorf("the page: %d, want Rina's scores and the mean 4,6", res.StatusCode)
	}
}

// wordReactionLinks are reaction form links of a done program of the
// region (the test server signs with no key): one open, one answered.
func wordReactionLinks(t *testing.T, a *app, regionID int64) []string {
	t.Helper()
	return reactionSamples(t, a, regionID, "kata")
}

// kirkpatrickPaths gives the hostile walk a reaction link of the draft's region.
func (a *app) kirkpatrickPaths(t *testing.T, path map[string]string, draft int64) {
	t.Helper()
	var region int64
	if err := a.st.DB.SQL().Get(&region, `SELECT region_id FROM policies WHERE id = $1`, draft); err != nil {
		t.Fatal(err)
	}
	path["rtoken"] = reactionSamples(t, a, region, "uji")[0]
	path["btoken"] = behaviourSamples(t, a, region, "uji")[0]
}

// reactionSamples makes a done program of the region with two completed
// participants and their reaction links: the first open, the second answered.
func reactionSamples(t *testing.T, a *app, regionID int64, tag string) []string {
	return surveySamples(t, a, regionID, tag, "reaction_links", policies.PurposeReaction)
}

// surveySamples makes a done program of the region with two completed
// participants and their links of a survey table: the first open, the
// second answered.
func surveySamples(t *testing.T, a *app, regionID int64, tag, table string, purpose policies.SurveyPurpose) []string {
	t.Helper()
	db := a.st.DB.SQL()
	var program int64
	if err := db.Get(&program, `INSERT INTO programs (policy_id, unit_id, kind, title, starts_on, ends_on, jp, status)
		SELECT p.id, u.id, 'pelatihan', 'Pelatihan ' || $2, '2026-01-10', '2026-01-11', 8, 'done'
		FROM policies p, units u WHERE p.region_id = $1 AND u.region_id = $1 ORDER BY p.id, u.id LIMIT 1 RETURNING id`, regionID, tag); err != nil {
		t.Fatalf("a done program: %v", err)
	}
	var out []string
	for i, nip := range []string{"198503122010011002", "199312282025212001"} {
		tok := policies.SignLinkToken(nil, purpose, fmt.Sprintf("%s-%s-%d", tag, purpose, i))
		var answered any
		if i == 1 {
			answered = time.Now()
		}
		db.MustExec(`WITH p AS (INSERT INTO participants (program_id, nip, name, unit_id, attended, completed)
			SELECT id, $2, 'Peserta ' || $5, unit_id, true, true FROM programs WHERE id = $1 RETURNING id, program_id)
			INSERT INTO `+table+` (program_id, participant_id, token_hash, expires_at, answered_at)
			SELECT program_id, id, $3, now() + interval '1 day', $4 FROM p`, program, nip, policies.HashLinkToken(tok), answered, tag)
		out = append(out, tok)
	}
	return out
}
