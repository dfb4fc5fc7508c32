package e2e

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/demo"
	"github.com/policyflow/policyflow/internal/pdftest"
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
	// Its official PDF carries the promulgation's signature, made with the
	// Sekda's key of dev's throw-away CA: pdfsig finds it intact.
	impl := bySlug[demo.SlugImplementing]
	b := []byte(fetch(t, fmt.Sprintf("%s/policies/%d/versions/%d/pdf", base, impl.ID, impl.InForceVersion)))
	if sig := pdftest.Sig(t, pdftest.NSS(t), pdftest.File(t, b)); !strings.Contains(sig, "Signature Validation: Signature is Valid.") ||
		!strings.Contains(sig, "Signer Certificate Common Name: Sekretaris Daerah (SERTIFIKAT UJI") {
		t.Errorf("the implementing sample's PDF is not signed by dev's test key:\n%s", sig)
	}
}

// checkDemoYear checks the city's year a newcomer sees, signed in as
// Bukittinggi's drafter: programs in every status, the done one with its
// attendance per session, Kirkpatrick reactions and test scores and
// certificates that verify signed out, and the policy's Kirkpatrick report
// with levels 1 to 4; the ledger with people at 0 JP; the
// plan with the city's programs; and, in Sawahlunto, the weak SKM's
// calculation table with its follow-up.
func checkDemoYear(t *testing.T, base string, db *postgres.DB, list []policies.PolicySummary) {
	t.Helper()
	ctx := t.Context()
	bySlug := map[string]policies.PolicySummary{}
	for _, p := range list {
		bySlug[p.Slug] = p
	}
	dina := signIn(t, base, "penyusun.bukittinggi@policyflow.test")
	impl := bySlug[demo.SlugImplementing]
	programs := fetchWith(t, dina, fmt.Sprintf("%s/policies/%d/programs", base, impl.ID))
	for _, status := range []string{"Direncanakan", "Berjalan", "Selesai", "Dibatalkan"} {
		if !strings.Contains(programs, "<td>"+status+"</td>") {
			t.Errorf("the implementing policy's programs show none %s", status)
		}
	}
	var done struct {
		ID     int64  `db:"id"`
		Status string `db:"status"`
	}
	if err := db.SQL().GetContext(ctx, &done, `SELECT id, status FROM programs WHERE policy_id = $1 AND status = 'done'`, impl.ID); err != nil {
		t.Fatalf("no done program: %v", err)
	}
	prog := fetchWith(t, dina, fmt.Sprintf("%s/policies/%d/programs/%d", base, impl.ID, done.ID))
	for _, want := range []string{`id="sessions"`, "Aplikasi naskah dinas elektronik", "certificate.pdf", "Andi Saputra"} {
		if !strings.Contains(prog, want) {
			t.Errorf("the done program's page lacks %q", want)
		}
	}
	kp := fetchWith(t, dina, fmt.Sprintf("%s/policies/%d/programs/%d/kirkpatrick", base, impl.ID, done.ID))
	for _, want := range []string{"<td>55</td><td>85</td><td>30</td>", "<td>60</td><td>80</td><td>20</td>", "(2 "} {
		if !strings.Contains(kp, want) {
			t.Errorf("the done program's Kirkpatrick page lacks %q (reactions, pre/post scores)", want)
		}
	}
	// The policy's report: all four levels in figures, as the drafter reads them.
	report := fetchWith(t, dina, fmt.Sprintf("%s/policies/%d/kirkpatrick", base, impl.ID))
	for _, want := range []string{
		"Tingkat 1 · rerata reaksi (1–5)</th><td>4,50 (2 jawaban)",
		"Tingkat 2 · rerata nilai pra → pasca (kenaikan)</th><td>57,50 → 82,50 (25,00; 2 peserta)",
		"Tingkat 3 · rerata perilaku menurut atasan (1–5)</th><td>4,25 (2 jawaban)",
		"Tingkat 4: hasil bagi unit: Naskah dinas yang diterbitkan secara elektronik — Nilai awal 40,00 %, Target 80,00, Nilai capaian 86,00 (",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("the policy's Kirkpatrick report lacks %q (levels 1 to 4 of the done program)", want)
		}
	}
	var certs []struct {
		Number string `db:"number"`
		SHA    string `db:"sha256"`
	}
	if err := db.SQL().SelectContext(ctx, &certs, `SELECT number, sha256 FROM certificates WHERE program_id = $1 ORDER BY seq`, done.ID); err != nil || len(certs) != 2 {
		t.Fatalf("certificates of the done program: %d, %v; want its two completers'", len(certs), err)
	}
	if page := fetch(t, base+"/verifikasi/"+certs[0].SHA); !strings.Contains(page, certs[0].Number) {
		t.Errorf("signed out, certificate %s does not verify", certs[0].Number)
	}
	ledger := fetchWith(t, dina, base+"/ledger")
	if !strings.Contains(ledger, "0 JP") || !strings.Contains(ledger, "Andi Saputra") {
		t.Errorf("the ledger shows no one at 0 JP, or not the trainees with their hours")
	}
	if plan := fetchWith(t, dina, base+"/plan"); !strings.Contains(plan, "Tata Naskah Dinas Elektronik") {
		t.Errorf("the plan shows no item realised by the done program")
	}

	rv := bySlug[demo.SlugRevision]
	var unit int64
	if err := db.SQL().GetContext(ctx, &unit, `SELECT r.unit_id FROM skm_followups f JOIN evaluation_rounds r ON r.id = f.round_id WHERE r.policy_id = $1`, rv.ID); err != nil {
		t.Fatalf("no follow-up of the revision's weak SKM: %v", err)
	}
	table := fetchWith(t, signIn(t, base, "penyusun.sawahlunto@policyflow.test"), fmt.Sprintf("%s/policies/%d/evaluations/1/units/%d/skm", base, rv.ID, unit))
	for _, want := range []string{"NRR", "Memangkas alur layanan akta kelahiran"} {
		if !strings.Contains(table, want) {
			t.Errorf("the weak SKM's calculation table lacks %q", want)
		}
	}
}

// demoRows counts what the demo writes, to see a restart add nothing.
type demoRows struct {
	Comments, Decisions, Programs, Participants, Results, Rounds, Delegations, Roster         int
	Sessions, Attendance, Certificates, Reactions, Scores, FollowUps, PlanItems, PlanPrograms int
	Behaviour, Indicators, Learning                                                           int
}

func demoCounts(ctx context.Context, t *testing.T, db *postgres.DB) demoRows {
	t.Helper()
	var r demoRows
	for q, n := range map[string]*int{
		// Not the comment the test itself saves on a seeded draft.
		`SELECT count(*) FROM comments c JOIN policies p ON p.id = c.policy_id WHERE p.status <> 'draft'`: &r.Comments,
		`SELECT count(*) FROM decisions`:           &r.Decisions,
		`SELECT count(*) FROM programs`:            &r.Programs,
		`SELECT count(*) FROM participants`:        &r.Participants,
		`SELECT count(*) FROM evaluation_results`:  &r.Results,
		`SELECT count(*) FROM evaluation_rounds`:   &r.Rounds,
		`SELECT count(*) FROM delegations`:         &r.Delegations,
		`SELECT count(*) FROM asn_roster`:          &r.Roster,
		`SELECT count(*) FROM program_sessions`:    &r.Sessions,
		`SELECT count(*) FROM session_attendance`:  &r.Attendance,
		`SELECT count(*) FROM certificates`:        &r.Certificates,
		`SELECT count(*) FROM reaction_answers`:    &r.Reactions,
		`SELECT count(*) FROM learning_scores`:     &r.Scores,
		`SELECT count(*) FROM behaviour_answers`:   &r.Behaviour,
		`SELECT count(*) FROM program_results`:     &r.Indicators,
		`SELECT count(*) FROM learning_activities`: &r.Learning,
		`SELECT count(*) FROM skm_followups`:       &r.FollowUps,
		`SELECT count(*) FROM plan_items`:          &r.PlanItems,
		`SELECT count(*) FROM plan_item_programs`:  &r.PlanPrograms,
	} {
		if err := db.SQL().GetContext(ctx, n, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if r.Results == 0 || r.Programs != 5 || r.Delegations == 0 || r.Roster == 0 || r.Sessions != 3 || r.Attendance != 9 ||
		r.Certificates != 2 || r.Reactions != 2 || r.Scores != 2 || r.Behaviour != 2 || r.Indicators != 1 || r.FollowUps != 1 || r.PlanItems == 0 || r.PlanPrograms != 5 || r.Learning == 0 {
		t.Errorf("sample rows = %+v: want evaluation results, five programs, a delegation, the cities' rosters, three sessions with "+
			"nine marks, two certificates, reactions, scores and behaviour answers, a results indicator, a follow-up, plans realised by the five programs and learning activities", r)
	}
	// The programs live: one rescheduled (planned, with its reason), one cancelled, two running, one done.
	var statuses string
	if err := db.SQL().GetContext(ctx, &statuses, `SELECT string_agg(status || ':' || (status_reason <> '')::text, ',' ORDER BY id) FROM programs`); err != nil {
		t.Fatal(err)
	}
	// (The first two start in the past: their workflows set them running as soon as they run.)
	if !regexp.MustCompile(`^(planned|running):false,(planned|running):false,planned:true,cancelled:true,done:false$`).MatchString(statuses) {
		t.Errorf("demo programs' statuses = %s, want two running, one rescheduled (planned) and one cancelled, with reasons, and one done", statuses)
	}
	return r
}
