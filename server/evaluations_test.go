package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
)

// approvedPolicy creates a policy already approved (its version in force)
// and starts its workflow, as a finished approval run leaves it.
func (a *app) approvedNotInForce(slug string) int64 {
	a.t.Helper()
	ctx := context.Background()
	author := a.user("drafter")
	region, _ := a.st.DB.RegionBySlug(ctx, "sawahlunto")
	p, _, err := a.st.DB.CreatePolicy(ctx, policies.NewPolicy{RegionID: region.ID, OwnerUnitID: *author.UnitID,
		Slug: slug, Title: "Kebijakan " + slug, Markdown: "# Kebijakan " + slug + "\n\n## Tujuan\n\nUji.\n", AuthorID: author.ID})
	if err != nil {
		a.t.Fatal(err)
	}
	a.st.DB.SQL().MustExec(`UPDATE policies SET status = 'approved', in_force_version_id = current_version_id WHERE id = $1`, p.ID)
	if err := a.st.Lifecycle.Start(ctx, p.ID); err != nil {
		a.t.Fatal(err)
	}
	return p.ID
}

// approvedPolicy is a new policy (slug) approved in SQL and put in force:
// enacted and promulgated (devtest.InForceInSQL), so its implementation
// may start.
func (a *app) approvedPolicy(slug string) int64 {
	a.t.Helper()
	id := a.approvedNotInForce(slug)
	devtest.InForceInSQL(a.t, a.st.DB, id)
	return id
}

// firstRoundForOfficer is a new approved policy (slug) implemented by the
// unit officer's unit, once its first evaluation round is open: its id, its
// API path and that officer.
func (a *app) firstRoundForOfficer(slug string) (int64, string, policies.User) {
	a.t.Helper()
	id := a.approvedPolicy(slug)
	base, officer := a.implementedForOfficer(id)
	waitFor(a.t, func() bool { rows, _ := a.st.DB.EvaluationRows(a.t.Context(), id); return len(rows) == 1 })
	return id, base, officer
}

// threes is an SKM where n respondents gave every element 3: IKM 75.00, band C.
func threes(n int) [9][4]int {
	var r [9][4]int
	for i := range r {
		r[i][2] = n
	}
	return r
}

// A unit officer reports the SKM of a round; the IKM and its band are
// computed exactly, shown in the report and its CSV, and a result in band C
// opens a revision of the policy through its workflow.
func TestSKMRoundReportAndRevision(t *testing.T) {
	a := newApp(t)
	id, base, officer := a.firstRoundForOfficer("uji-evaluasi")
	c := http.DefaultClient
	// Bad answers name the element.
	bad := threes(5)
	bad[2][0] = -1
	res, out := a.api(c, a.tokens["unit_officer"], "POST", base+"/evaluations/1/skm", map[string]any{"responses": bad}, "")
	if e := decodeErr(t, out); res.StatusCode != 422 || e.Error.Field != "u3" {
		t.Errorf("negative count: %d %s, want 422 naming u3", res.StatusCode, out)
	}
	// Another unit's round is not theirs.
	res, _ = a.api(c, a.tokens["unit_officer"], "POST", base+"/evaluations/1/skm", map[string]any{"unit_id": *officer.UnitID + 1, "responses": threes(5)}, "")
	if res.StatusCode != 403 {
		t.Errorf("another unit's round: %d, want 403", res.StatusCode)
	}
	// A population smaller than the respondents is refused, naming it.
	res, out = a.api(c, a.tokens["unit_officer"], "POST", base+"/evaluations/1/skm", map[string]any{"responses": threes(12), "population": 5}, "")
	if e := decodeErr(t, out); res.StatusCode != 422 || e.Error.Field != "population" {
		t.Errorf("population below the respondents: %d %s, want 422 naming population", res.StatusCode, out)
	}
	// 12 respondents of a population of 12 served (Krejcie–Morgan: 12) suffice.
	res, out = a.api(c, a.tokens["unit_officer"], "POST", base+"/evaluations/1/skm", map[string]any{"responses": threes(12), "population": 12}, "skm-1")
	if res.StatusCode != 200 || !strings.Contains(out, `"ikm":75`) || !strings.Contains(out, `"band":"C"`) || !strings.Contains(out, `"outcome":"revision_opened"`) {
		t.Fatalf("SKM: %d %s, want IKM 75, band C, revision opened", res.StatusCode, out)
	}
	// The trained-staff survey of the same round: index = (mean of level means − 1)/4 × 100.
	// Levels 4.5, 4, 3, 4 → mean 3.875 → 71.875 → 71.88.
	res, out = a.api(c, a.tokens["unit_officer"], "POST", base+"/evaluations/1/kirkpatrick", map[string]any{"levels": [4][]int{{4, 5}, {4}, {3}, {4}}}, "")
	if res.StatusCode != 409 { // the revision is open: evaluating stopped
		t.Errorf("Kirkpatrick during a revision: %d %s, want 409", res.StatusCode, out)
	}
	p, _ := a.st.DB.PolicyByID(t.Context(), id)
	if p.Status != policies.StatusRevision {
		t.Errorf("status after a band C result = %q, want revision", p.Status)
	}
	_, page := a.get(a.people["leader"], fmt.Sprintf("/policies/%d/evaluations", id))
	for _, s := range []string{`<td class="ikm">75,00</td>`, "<strong>C</strong>", "Kurang Baik", "<svg", "Tren IKM"} {
		if !strings.Contains(page, s) {
			t.Errorf("report page lacks %q", s)
		}
	}
	// The drafter sets the plan; the page shows it.
	f := url.Values{"csrf": {a.csrf(a.people["drafter"], "/login")}, "evaluation_months": {"3"}, "ikm_threshold": {"80.5"}}
	if res, body := a.form(a.people["drafter"], fmt.Sprintf("/policies/%d/evaluation-plan", id), f); res.StatusCode != 303 {
		t.Errorf("evaluation plan: %d %.200s", res.StatusCode, body)
	}
	if months, threshold, _ := a.st.DB.EvaluationPlan(t.Context(), id); months != 3 || threshold != 80.5 {
		t.Errorf("plan = %d months, %.2f; want 3, 80.50", months, threshold)
	}
	res, csv := a.get(a.people["leader"], fmt.Sprintf("/policies/%d/evaluations.csv", id))
	if res.Header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(csv, ",75.00,C,") {
		t.Errorf("CSV export: %q\n%s", res.Header.Get("Content-Type"), csv)
	}
}
