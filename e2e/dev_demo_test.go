package e2e

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/demo"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
)

// wantPolicies: the five seeded drafts and the two the demo adds.
const wantPolicies = 7

var (
	statusRe   = regexp.MustCompile(`class="status status-([a-z_]+)"`)
	commentsRe = regexp.MustCompile(`href="#komentar-([a-z0-9-]+)">([1-9][0-9]*) komentar`)
	roundRe    = regexp.MustCompile(`<tr class="row-submitted"><td>([0-9]+)</td>`)
)

// checkDemo checks what a newcomer sees after the first `policyflow dev`:
// signed out, public policies of all three cities in more than one status;
// the consultation's comments on several sections; and, signed in, the
// evaluated policy's three rounds of results, its trend chart and a unit
// overdue.
func checkDemo(t *testing.T, base string, list []policies.PolicySummary) {
	t.Helper()
	bySlug := map[string]policies.PolicySummary{}
	for _, p := range list {
		bySlug[p.Slug] = p
	}
	index := fetch(t, base+"/")
	statuses := map[string]bool{}
	for _, region := range []string{"Kota Sawahlunto", "Kota Pangkalpinang", "Kota Bukittinggi"} {
		i := strings.Index(index, "<h2>"+region+"</h2>")
		if i < 0 {
			t.Errorf("signed out, the index lists no public policy of %s", region)
			continue
		}
		part := index[i+len(region)+9:]
		if j := strings.Index(part, "<h2>"); j >= 0 {
			part = part[:j]
		}
		found := statusRe.FindAllStringSubmatch(part, -1)
		if len(found) == 0 {
			t.Errorf("signed out, %s's section shows no policy status", region)
		}
		for _, m := range found {
			statuses[m[1]] = true
		}
	}
	if len(statuses) < 2 {
		t.Errorf("signed out, the index shows policies in %d status(es) %v, want more than one", len(statuses), statuses)
	}

	cons := bySlug[demo.SlugConsultation]
	if cons.Status != policies.StatusConsultation {
		t.Errorf("consultation sample is %s, want consultation", cons.Status)
	}
	page := fetch(t, fmt.Sprintf("%s/policies/%d", base, cons.ID))
	if n := len(commentsRe.FindAllString(page, -1)); n < 3 {
		t.Errorf("signed out, the consultation's page shows comments on %d sections, want several (3 or more)", n)
	}
	if ap := bySlug[demo.SlugApproval]; ap.Status != policies.StatusInApproval {
		t.Errorf("approval sample is %s, want in_approval", ap.Status)
	}
	if rv := bySlug[demo.SlugRevision]; rv.Status != policies.StatusRevision {
		t.Errorf("revision sample is %s, want revision", rv.Status)
	}

	ev := bySlug[demo.SlugEvaluated]
	evals := fetchWith(t, signIn(t, base, "penyusun.sawahlunto@policyflow.test"), fmt.Sprintf("%s/policies/%d/evaluations", base, ev.ID))
	rounds := map[string]bool{}
	for _, m := range roundRe.FindAllStringSubmatch(evals, -1) {
		rounds[m[1]] = true
	}
	if len(rounds) != demo.EvaluatedRounds {
		t.Errorf("the evaluated policy's page shows results of rounds %v, want %d rounds", rounds, demo.EvaluatedRounds)
	}
	for _, want := range []string{`<svg class="chart"`, `<polyline`, `class="row-overdue"`} {
		if !strings.Contains(evals, want) {
			t.Errorf("the evaluated policy's page lacks %q", want)
		}
	}
	if res, err := http.Get(fmt.Sprintf("%s/policies/%d", base, bySlug[demo.SlugImplementing].ID)); err != nil || res.StatusCode != 200 {
		t.Errorf("signed out, the implementing sample is not public: %v %v", res, err)
	} else {
		res.Body.Close()
	}
}

// demoRows counts what the demo writes, to see a restart add nothing.
type demoRows struct {
	Comments, Decisions, Programs, Participants, Results, Rounds, Delegations, Roster int
}

func demoCounts(ctx context.Context, t *testing.T, db *postgres.DB) demoRows {
	t.Helper()
	var r demoRows
	for q, n := range map[string]*int{
		// Not the comment the test itself saves on a seeded draft.
		`SELECT count(*) FROM comments c JOIN policies p ON p.id = c.policy_id WHERE p.status <> 'draft'`: &r.Comments,
		`SELECT count(*) FROM decisions`:          &r.Decisions,
		`SELECT count(*) FROM programs`:           &r.Programs,
		`SELECT count(*) FROM participants`:       &r.Participants,
		`SELECT count(*) FROM evaluation_results`: &r.Results,
		`SELECT count(*) FROM evaluation_rounds`:  &r.Rounds,
		`SELECT count(*) FROM delegations`:        &r.Delegations,
		`SELECT count(*) FROM asn_roster`:         &r.Roster,
	} {
		if err := db.SQL().GetContext(ctx, n, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if r.Results == 0 || r.Programs != 4 || r.Delegations == 0 || r.Roster == 0 {
		t.Errorf("sample rows = %+v: want evaluation results, four programs, a delegation and the cities' rosters", r)
	}
	// The programs live: one rescheduled (planned, with its reason), one cancelled, two running.
	var statuses string
	if err := db.SQL().GetContext(ctx, &statuses, `SELECT string_agg(status || ':' || (status_reason <> '')::text, ',' ORDER BY id) FROM programs`); err != nil {
		t.Fatal(err)
	}
	// (The first two start in the past: their workflows set them running as soon as they run.)
	if !regexp.MustCompile(`^(planned|running):false,(planned|running):false,planned:true,cancelled:true$`).MatchString(statuses) {
		t.Errorf("demo programs' statuses = %s, want two running, one rescheduled (planned) and one cancelled, with reasons", statuses)
	}
	return r
}
