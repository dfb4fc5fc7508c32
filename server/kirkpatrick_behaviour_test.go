package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/policies"
)

// behaviourSamples makes a done program of the region with two completed
// participants and their behaviour links: the first open, the second answered.
func behaviourSamples(t *testing.T, a *app, regionID int64, tag string) []string {
	return surveySamples(t, a, regionID, tag, "behaviour_links", policies.PurposeBehaviour)
}

var behaviourLinkRe = regexp.MustCompile(`/kirkpatrick/perilaku/[A-Za-z0-9_.-]+`)

// Level 3: the workflow's activity issues the behaviour links of a done
// program (as its timer does months after the end); the unit's head — the
// supervisor — is told each link, the unit's officer sees it on the
// Kirkpatrick page to hand out; the supervisor answers without an
// account, once, and the answer counts in the figures with no person in them.
func TestKirkpatrickBehaviourAnswer(t *testing.T) {
	a := newApp(t)
	ctx := t.Context()
	id := a.approvedPolicy("uji-perilaku")
	db := a.st.DB.SQL()
	officer, _ := a.st.DB.UserByEmail(ctx, roleEmails["unit_officer"])
	var program, head int64
	if err := db.Get(&program, `INSERT INTO programs (policy_id, unit_id, kind, title, starts_on, ends_on, jp, status)
		VALUES ($1, $2, 'pelatihan', 'Pelatihan pelayanan prima', '2026-01-10', '2026-01-11', 8, 'done') RETURNING id`, id, *officer.UnitID); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(&head, `SELECT head_user_id FROM units WHERE id = $1`, *officer.UnitID); err != nil || head == 0 {
		t.Fatalf("the officer's unit has no head: %v", err)
	}
	const rina, budi = "198503122010011002", "199001012015032001"
	db.MustExec(`INSERT INTO participants (program_id, nip, name, unit_id, attended, completed) VALUES ($1, $2, 'Rina Wati', $3, true, true), ($1, $4, 'Budi Santoso', $3, true, false)`,
		program, rina, *officer.UnitID, budi)
	// The workflow's step (the test server signs with no key, as this activity).
	acts := &activities.Activities{Store: a.st.DB}
	in := activities.KirkpatrickInput{PolicyID: id, ProgramID: program, Title: "Pelatihan pelayanan prima", Key: "uji-perilaku",
		Link: fmt.Sprintf("/policies/%d/programs/%d/kirkpatrick", id, program)}
	for range 2 { // a retried activity issues nothing twice
		if n, err := acts.IssueBehaviourLinks(ctx, in); err != nil || n != 1 {
			t.Fatalf("issue: %d, %v; want Rina's one link (Budi did not complete)", n, err)
		}
	}
	var told []string
	db.Select(&told, `SELECT link FROM notifications WHERE user_id = $1 AND kind = $2`, head, policies.NoticeBehaviourLink)
	if len(told) != 1 || !behaviourLinkRe.MatchString(told[0]) {
		t.Fatalf("the unit head was told %v, want one behaviour link", told)
	}
	var officerTold int
	db.Get(&officerTold, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = $2`, officer.ID, policies.NoticeBehaviourSurvey)
	if officerTold != 1 {
		t.Errorf("the unit officer got %d survey notices, want 1", officerTold)
	}
	page := fmt.Sprintf("/policies/%d/programs/%d/kirkpatrick", id, program)
	off := a.people["unit_officer"]
	res, out := a.get(off, page)
	if shown := behaviourLinkRe.FindAllString(out, -1); res.StatusCode != 200 || len(shown) != 1 || shown[0] != told[0] {
		t.Fatalf("the officer's page: %d, links %v; want the head's link %s to hand out", res.StatusCode, shown, told[0])
	}

	// The supervisor answers without an account.
	anon := a.client()
	link := told[0]
	if res, out := a.get(anon, link); res.StatusCode != 200 || !strings.Contains(out, "Rina Wati") || !strings.Contains(out, "Pelatihan pelayanan prima") {
		t.Fatalf("the survey: %d, want it to name Rina and the program", res.StatusCode)
	}
	csrf := a.csrf(anon, link)
	partial := url.Values{"csrf": {csrf}, "applies": {"4"}, "example": {"Membuat SOP antrean baru"}}
	if res, out := a.form(anon, link, partial); res.StatusCode != 422 || !strings.Contains(out, "Membuat SOP antrean baru") {
		t.Errorf("an incomplete answer: %d, want 422 keeping the example typed", res.StatusCode)
	}
	answer := url.Values{"csrf": {csrf}, "example": {"Membuat SOP antrean baru"}}
	for i, item := range policies.BehaviourItems {
		answer.Set(item, fmt.Sprint(2+i%2)) // 2 3 2 3
	}
	if res, out := a.form(anon, link, answer); res.StatusCode != 200 || !strings.Contains(out, `id="behaviour-done"`) {
		t.Fatalf("the answer: %d", res.StatusCode)
	}
	if res, _ := a.form(anon, link, answer); res.StatusCode != http.StatusConflict {
		t.Errorf("a second answer: %d, want 409", res.StatusCode)
	}
	if res, out := a.get(anon, link); res.StatusCode != 200 || !strings.Contains(out, `id="behaviour-closed"`) {
		t.Errorf("the answered survey: %d, want it closed", res.StatusCode)
	}
	// A reaction token of the same shape does not open the survey.
	tok := link[strings.LastIndex(link, "/")+1:]
	if res, _ := a.get(anon, "/kirkpatrick/reaksi/"+tok); res.StatusCode != 404 {
		t.Errorf("the behaviour token as a reaction link: %d, want 404", res.StatusCode)
	}
	var audited int
	db.Get(&audited, `SELECT count(*) FROM audit_log WHERE policy_id = $1 AND action IN ('kirkpatrick.behaviour_links', 'kirkpatrick.behaviour_answered')`, id)
	if audited != 2 {
		t.Errorf("audit rows of the links and the answer: %d, want 2", audited)
	}

	// The figures: no person in them.
	res, out = a.api(http.DefaultClient, a.tokens["leader"], "GET", fmt.Sprintf("/api/v1/policies/%d/programs/%d/kirkpatrick", id, program), nil, "")
	var sum struct {
		BehaviourMean  float64   `json:"behaviour_mean"`
		BehaviourCount int       `json:"behaviour_count"`
		Items          []float64 `json:"behaviour_item_means"`
	}
	json.Unmarshal([]byte(out), &sum)
	if res.StatusCode != 200 || sum.BehaviourCount != 1 || sum.BehaviourMean != 2.5 || len(sum.Items) != 4 || sum.Items[1] != 3 || strings.Contains(out, "Rina") {
		t.Errorf("summary: %d %s; want behaviour 2.5 from 1 answer, items 2 3 2 3, no name", res.StatusCode, out)
	}
	if res, out := a.get(off, page); res.StatusCode != 200 || !strings.Contains(out, "2,5") || !strings.Contains(out, `id="kp-behaviour-items"`) {
		t.Errorf("the officer's page: %d, want the behaviour mean 2,5 per item", res.StatusCode)
	}
}
