package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

const officerEmail = "opd.sawahlunto@policyflow.test"

// TestBrowserOfficerFillsSKMFromReminder: a policy in force starts its
// implementation, its evaluation schedule opens round 1 for the officer's
// unit, and the H-7 reminder is written the way the schedule writes it. In
// a real browser the unit officer follows the reminder from the inbox to the
// evaluation report, fills the SKM of round 1, and sees its IKM, band and
// trend chart; the database holds the result and the round is submitted.
func TestBrowserOfficerFillsSKMFromReminder(t *testing.T) {
	started := time.Now()
	s := newSite(t)
	browser := newBrowser(t, 5*time.Minute)
	ctx := context.Background()
	db := s.st.DB

	// A policy already approved, its version in force, its workflow running.
	drafter, err := db.UserByEmail(ctx, drafterEmail)
	if err != nil {
		t.Fatal(err)
	}
	officer, err := db.UserByEmail(ctx, officerEmail)
	if err != nil {
		t.Fatal(err)
	}
	if officer.UnitID == nil {
		t.Fatalf("%s has no unit", officerEmail)
	}
	region, err := db.RegionBySlug(ctx, "sawahlunto")
	if err != nil {
		t.Fatal(err)
	}
	slug := fmt.Sprintf("uji-skm-browser-%d", time.Now().UnixNano()%1000000)
	title := "Kebijakan Uji SKM " + slug
	p, _, err := db.CreatePolicy(ctx, policies.NewPolicy{RegionID: region.ID, OwnerUnitID: *drafter.UnitID,
		Slug: slug, Title: title, Markdown: "# " + title + "\n\n## Tujuan\n\nUji evaluasi SKM.\n", AuthorID: drafter.ID})
	if err != nil {
		t.Fatal(err)
	}
	id := p.ID
	devtest.ApproveInSQL(t, db, id)
	devtest.InForceInSQL(t, db, id) // implementation starts only from a policy in force
	if err := s.st.Lifecycle.Start(ctx, id); err != nil {
		t.Fatal(err)
	}

	// Implementation starts with the officer's unit responsible for evaluation.
	if _, err := s.st.Lifecycle.Do(ctx, id, policies.ActStartImplementation, fmt.Sprintf("mulai-%d", id), workflows.Request{
		Actor:   workflows.Actor{UserID: drafter.ID, Role: policies.RoleDrafter},
		UnitIDs: []int64{*officer.UnitID},
	}); err != nil {
		t.Fatalf("start implementation: %v", err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		rows, err := db.EvaluationRows(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 1 {
			if rows[0].UnitID != *officer.UnitID || rows[0].Round != 1 || rows[0].Status != "pending" {
				t.Fatalf("evaluation round = %+v, want round 1 of unit %d, pending", rows[0], *officer.UnitID)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no evaluation round within 30s; rows: %+v", rows)
		}
		time.Sleep(200 * time.Millisecond)
	}

	// The H-7 reminder, written by the activity the schedule runs.
	subject := "H-7 evaluasi putaran 1: " + title
	link := fmt.Sprintf("/policies/%d/evaluations", id)
	units, err := (&activities.Activities{Store: db}).RemindRounds(ctx, activities.RemindRoundsInput{
		PolicyID: id, Round: 1, Key: fmt.Sprintf("uji-h7-%d", id), Kind: "evaluation_reminder",
		Subject: subject, Body: "Evaluasi putaran 1 jatuh tempo dalam 7 hari. Mohon isi survei unit Anda.", Link: link})
	if err != nil {
		t.Fatalf("remind rounds: %v", err)
	}
	if len(units) != 1 || units[0] != *officer.UnitID {
		t.Fatalf("reminded units %v, want [%d]", units, *officer.UnitID)
	}

	// The officer follows the reminder from the inbox.
	opd := s.signedIn(t, browser, officerEmail, "/notifications")
	// The inbox links through /notifications/{id}/open, which marks it read.
	linkSel := `ul.inbox li.unread a[href^="/notifications/"]`
	if got := opd.textOr(linkSel, ""); got != subject {
		t.Fatalf("inbox link to %s reads %q, want %q; inbox:\n%s", link, got, subject, opd.textOr("main", ""))
	}
	opd.load("follow the reminder", chromedp.Click(chromedp.CSS(linkSel)))
	if got := opd.location(); !strings.HasSuffix(got, link) {
		t.Fatalf("the reminder led to %s, want %s", got, link)
	}
	var unread int
	if err := db.SQL().Get(&unread, `SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, officer.ID); err != nil || unread != 0 {
		t.Errorf("unread notifications after following the reminder = %d (%v), want 0", unread, err)
	}
	if !opd.exists("#fill-1") {
		t.Fatalf("the evaluation report offers the officer no #fill-1:\n%s", opd.textOr("main", ""))
	}
	opd.load("open the SKM form", chromedp.Click(chromedp.ID("fill-1")))
	if got, want := opd.location(), fmt.Sprintf("%s/1/skm", link); !strings.HasSuffix(got, want) {
		t.Fatalf("#fill-1 led to %s, want %s", got, want)
	}

	// 25 respondents per element U1..U9: 20 answer 4 and 5 answer 3.
	// Each element's mean is (20×4 + 5×3)/25 = 95/25 = 3.8; all nine are
	// weighted equally, so IKM = 3.8 × 25 = 95.00, band A (Sangat Baik).
	if n := opd.count(`#skm-form table input[type=number]`); n != 36 {
		t.Fatalf("the SKM form's table has %d number inputs, want 36 (U1..U9 × scores 1..4)", n)
	}
	if n := opd.count(`#skm-form input#population[type=number]`); n != 1 {
		t.Fatalf("the SKM form has %d service population inputs, want 1", n)
	}
	var fill []chromedp.Action[chromedp.Void]
	for e := 1; e <= 9; e++ {
		for _, f := range []struct {
			score int
			n     string
		}{{3, "5"}, {4, "20"}} {
			sel := chromedp.CSS(fmt.Sprintf(`#skm-form input[name="u%d_%d"]`, e, f.score))
			fill = append(fill, chromedp.SetValue(sel, ""), chromedp.SendKeys(sel, f.n))
		}
	}
	opd.do("fill the SKM", fill...)
	if v := eval[string](opd, `document.querySelector('input[name="u9_4"]').value + "/" + document.querySelector('input[name="u9_3"]').value + "/" + document.querySelector('input[name="u9_1"]').value`); v != "20/5/0" {
		t.Fatalf("U9 scores 4/3/1 hold %q, want 20/5/0", v)
	}
	opd.shot("06-skm-form.png")
	opd.load("submit the SKM", chromedp.Click(chromedp.ID("skm-submit")))
	if got := opd.location(); !strings.Contains(got, link+"?done=") {
		t.Fatalf("after submitting the SKM the officer is at %s, want %s?done=…", got, link)
	}

	row := opd.text("#evaluation-report tbody tr")
	if got := opd.text("#evaluation-report tbody tr td.ikm"); got != "95,00" {
		t.Errorf("IKM cell = %q, want 95,00 (row: %s)", got, row)
	}
	if got := opd.text("#evaluation-report tbody tr td.band strong"); got != "A" {
		t.Errorf("band = %q, want A (row: %s)", got, row)
	}
	if !strings.Contains(opd.text("#evaluation-report tbody tr td.band"), "Sangat Baik") {
		t.Errorf("band cell lacks Sangat Baik (row: %s)", row)
	}
	if !opd.exists("svg.chart") {
		t.Error("the report has no svg.chart")
	}
	if opd.exists("#fill-1") {
		t.Error("the report still offers #fill-1 after the SKM was submitted")
	}
	// The notice comes from the catalogue by its key (the IKM is in the
	// table above), never from the query string.
	if done := opd.textOr("#done", ""); done != "IKM tersimpan." {
		t.Errorf("#done = %q, want the catalogue's \"IKM tersimpan.\"", done)
	}
	opd.shot("07-evaluation-report.png")

	// The database: one SKM result of 95.00, the round submitted.
	var results []struct {
		Score  float64 `db:"score"`
		Status string  `db:"status"`
	}
	if err := db.SQL().SelectContext(ctx, &results, `SELECT res.score::float8 AS score, r.status
		FROM evaluation_results res JOIN evaluation_rounds r ON r.id = res.round_id
		WHERE r.policy_id = $1 AND r.number = 1 AND r.unit_id = $2 AND res.instrument = 'skm'`, id, *officer.UnitID); err != nil {
		t.Fatal(err)
	}
	if len(results) != 1 || results[0].Score != 95 || results[0].Status != "submitted" {
		t.Errorf("SKM results in the database = %+v, want one of 95.00 on a submitted round", results)
	}
	if dialogs := opd.dialogs.Load(); dialogs != 0 {
		t.Errorf("%d JavaScript dialogs opened", dialogs)
	}
	t.Logf("policy %d: SKM filled from the reminder through the browser in %s", id, time.Since(started).Round(time.Millisecond))
}
