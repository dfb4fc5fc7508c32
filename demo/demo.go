// Package demo walks sample policies through the lifecycle for
// `policyflow dev`, so a newcomer sees every stage at once, signed out and
// signed in: a public consultation with comments, an approval at its third
// stage decided in part by a Plt., a policy being implemented with programs
// in every status (running, planned after a reschedule, cancelled, done with
// attendance per session, certificates and all four Kirkpatrick levels:
// reactions, test scores, supervisors' behaviour answers and a results
// indicator), one evaluated over three rounds with a unit overdue, and one
// reopened for revision by a weak result, with a follow-up of the weak
// element; then every city's roster (most at 0 JP) and yearly plan, its
// items realised by the city's programs.
//
// Everything goes the way people's actions go: the seeded people act
// through workflows.Client.Do (the Updates the API sends), comments are
// written and moderated by the store calls the API makes, and evaluation
// scores are computed from survey answers by workflows.SKMReport and
// workflows.KirkpatrickReport, as the forms and the API compute them. Run
// needs the base data of postgres.Seed and a running worker; it is
// idempotent: a policy already past its draft is left as it is.
//
// One file per scenario: consultation.go, approval.go (and the approvals
// the later scenarios pass through), programs.go, evaluation.go, year.go
// (what a program leaves after it ends, and an SKM follow-up), roster.go,
// plan.go.
package demo

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/policies/samples"
	"github.com/policyflow/policyflow/postgres"
	"github.com/policyflow/policyflow/seal"
	"github.com/policyflow/policyflow/workflows"
)

// Slugs of the policies the demo walks, by scenario.
const (
	SlugConsultation = "pangkalpinang-pengembangan-kompetensi-asn" // seeded draft
	SlugApproval     = "pangkalpinang-manajemen-talenta-asn"
	SlugImplementing = "bukittinggi-pelatihan-pelayanan-publik"
	SlugEvaluated    = "sawahlunto-pengelolaan-kompetensi-asn" // seeded draft
	SlugRevision     = "sawahlunto-peningkatan-kapasitas-asn"  // seeded draft
)

// EvaluatedRounds is how many past evaluation rounds the evaluated policy has.
const EvaluatedRounds = 3

// Result counts what a run did: scenarios walked and left as they were.
type Result struct {
	Walked, Skipped int
}

// Run walks every scenario whose policy is still a draft (creating the
// policies the seed does not have).
func Run(ctx context.Context, db *postgres.DB, lc *workflows.Client, log *slog.Logger) (Result, error) {
	return RunSealed(ctx, db, lc, log, nil)
}

// RunSealed is Run, with the official PDF of every enactment and
// promulgation it records signed by sealer (nil: unsigned), as the server
// signs those the legal unit records.
func RunSealed(ctx context.Context, db *postgres.DB, lc *workflows.Client, log *slog.Logger, sealer *seal.Sealer) (Result, error) {
	r := &runner{db: db, lc: lc, log: log, now: time.Now(), sealer: sealer}
	var res Result
	for _, sc := range []struct {
		slug, region, file, owner string // file: a sample text when the seed has no such policy
		walk                      func(context.Context, *policy) error
	}{
		{SlugConsultation, "pangkalpinang", "", "", r.consultation},
		{SlugApproval, "pangkalpinang", "pangkalpinang-manajemen-talenta-asn.md", "bkpsdm", r.approvalWithPlt},
		{SlugImplementing, "bukittinggi", "bukittinggi-pelatihan-pelayanan-publik.md", "bkpsdm", r.implementing},
		{SlugEvaluated, "sawahlunto", "", "", r.evaluated},
		{SlugRevision, "sawahlunto", "", "", r.revision},
	} {
		p, err := r.policy(ctx, sc.slug, sc.region, sc.file, sc.owner)
		if err != nil {
			return res, fmt.Errorf("demo %s: %w", sc.slug, err)
		}
		if p.Status != policies.StatusDraft {
			res.Skipped++
			continue
		}
		if err := sc.walk(ctx, p); err != nil {
			return res, fmt.Errorf("demo %s: %w", sc.slug, err)
		}
		res.Walked++
	}
	if _, err := SeedRosters(ctx, db); err != nil {
		return res, err
	}
	if _, err := SeedLearning(ctx, db, r.now); err != nil {
		return res, err
	}
	if _, err := SeedPlans(ctx, db, r.now); err != nil {
		return res, err
	}
	return res, nil
}

type runner struct {
	db     *postgres.DB
	lc     *workflows.Client
	log    *slog.Logger
	now    time.Time
	sealer *seal.Sealer // signs the official PDFs of the legal acts recorded; nil: none
}

// policy is a scenario's policy and its region's people.
type policy struct {
	policies.PolicySummary
	region string
	people map[string]policies.User // by email prefix: penyusun, kabid, opd, petugas.dinkes…
}

// policy finds the scenario's policy, creating it from a sample text as
// the API creates one (the record, then its workflow) when missing.
func (r *runner) policy(ctx context.Context, slug, region, file, owner string) (*policy, error) {
	p := &policy{region: region, people: map[string]policies.User{}}
	for _, sr := range samples.Regions() {
		if sr.Slug != region {
			continue
		}
		for _, u := range sr.Users {
			pu, err := r.db.UserByEmail(ctx, u.Email)
			if err != nil {
				return nil, err
			}
			p.people[strings.TrimSuffix(u.Email, "."+region+"@policyflow.test")] = pu
		}
	}
	var id int64
	err := r.db.SQL().GetContext(ctx, &id, `SELECT coalesce((SELECT id FROM policies WHERE slug = $1), 0)`, slug)
	if err != nil {
		return nil, err
	}
	if id == 0 {
		if file == "" {
			return nil, fmt.Errorf("seeded policy %s missing: run the seed first", slug)
		}
		md, err := samples.Markdown(file)
		if err != nil {
			return nil, err
		}
		rg, err := r.db.RegionBySlug(ctx, region)
		if err != nil {
			return nil, err
		}
		// The region's chain: the one its seeded policies use.
		var chainID int64
		if err := r.db.SQL().GetContext(ctx, &chainID, `SELECT chain_id FROM policies WHERE region_id = $1 AND chain_id IS NOT NULL ORDER BY id LIMIT 1`, rg.ID); err != nil {
			return nil, fmt.Errorf("chain of %s: %w", region, err)
		}
		author := p.people["penyusun"]
		np := policies.NewPolicy{RegionID: rg.ID, OwnerUnitID: *author.UnitID, ChainID: &chainID, Slug: slug,
			Title: policies.TitleOf(md), Markdown: md, AuthorID: author.ID, ChangeSummary: "Draf awal"}
		if err := np.Validate(); err != nil {
			return nil, err
		}
		created, _, err := r.db.CreatePolicy(ctx, np)
		if err != nil {
			return nil, err
		}
		id = created.ID
	}
	if err := r.lc.Start(ctx, id); err != nil {
		return nil, err
	}
	if p.PolicySummary, err = r.db.PolicyByID(ctx, id); err != nil {
		return nil, err
	}
	return p, nil
}

// do sends an action as the named person, as the API does; step names the
// Update so a retried step is the same Update.
func (r *runner) do(ctx context.Context, p *policy, who string, act policies.Action, step string, req workflows.Request) (workflows.Result, error) {
	u, ok := p.people[who]
	if !ok {
		return workflows.Result{}, fmt.Errorf("no sample person %q in %s", who, p.region)
	}
	req.Actor = workflows.Actor{UserID: u.ID, Role: u.Role}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	res, err := r.lc.Do(ctx, p.ID, act, fmt.Sprintf("demo-%s-%s", p.Slug, step), req)
	if err != nil {
		return res, fmt.Errorf("%s %s: %w", who, act, err)
	}
	return res, nil
}

// sha is the SHA-256 of the version under approval.
func (r *runner) sha(ctx context.Context, p *policy) (string, error) {
	v, err := r.db.CurrentVersion(ctx, p.ID)
	return v.SHA256, err
}
