// Package demo walks sample policies through the lifecycle for
// `policyflow dev`, so a newcomer sees every stage at once, signed out and
// signed in: a public consultation with comments, an approval at its third
// stage decided in part by a Plt., a policy being implemented with two
// programs and their participants, one evaluated over three rounds with a
// unit overdue, and one reopened for revision by a weak result.
//
// Everything goes the way people's actions go: the seeded people act
// through workflows.Client.Do (the Updates the API sends), comments are
// written and moderated by the store calls the API makes, and evaluation
// scores are computed from survey answers by the server's own
// SKMReport and KirkpatrickReport. Run needs the base data of
// postgres.Seed and a running worker; it is idempotent: a policy already
// past its draft is left as it is.
package demo

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/policies/samples"
	"github.com/policyflow/policyflow/postgres"
	"github.com/policyflow/policyflow/server"
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
	r := &runner{db: db, lc: lc, log: log, now: time.Now()}
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
	return res, nil
}

type runner struct {
	db  *postgres.DB
	lc  *workflows.Client
	log *slog.Logger
	now time.Time
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

// approvers of the sample chain, stage by stage.
var approvers = []string{"kabid", "kepala", "sekda", "walikota"}

// submitAndApprove submits the current version and has the first stages'
// approvers approve it.
func (r *runner) submitAndApprove(ctx context.Context, p *policy, stages int) error {
	if _, err := r.do(ctx, p, "penyusun", policies.ActSubmit, "submit", workflows.Request{}); err != nil {
		return err
	}
	sha, err := r.sha(ctx, p)
	if err != nil {
		return err
	}
	for _, who := range approvers[:stages] {
		if _, err := r.do(ctx, p, who, policies.ActApprove, "approve-"+who, workflows.Request{VersionSHA256: sha}); err != nil {
			return err
		}
	}
	return nil
}

// consultation opens a public consultation with comments from the
// region's stakeholders and, moderated by the drafter, from the public.
func (r *runner) consultation(ctx context.Context, p *policy) error {
	if _, err := r.do(ctx, p, "penyusun", policies.ActOpenConsultation, "open", workflows.Request{
		ClosesAt: r.now.AddDate(0, 0, 30), AllowPublic: true}); err != nil {
		return err
	}
	v, err := r.db.CurrentVersion(ctx, p.ID)
	if err != nil {
		return err
	}
	comments := []struct {
		who, name, email, section, body string
	}{
		{"akademisi", "", "", "strategi-penyusunan-kebijakan",
			"Strategi ini perlu menyebut analisis kebutuhan pelatihan (training need analysis) per jabatan sebagai dasar, bukan hanya usulan unit."},
		{"praktisi", "", "", "implementasi-program-pelatihan",
			"Sebaiknya ada porsi pembelajaran daring dan coaching di tempat kerja, agar 20 JP per tahun tercapai tanpa meninggalkan layanan."},
		{"akademisi", "", "", "pemantauan-dan-evaluasi",
			"Evaluasi Kirkpatrick tingkat 3 (perilaku) perlu jadwal yang jelas, misalnya tiga bulan setelah pelatihan."},
		{"", "Rahmat Hidayat", "rahmat.hidayat@contoh.id", "pendahuluan",
			"Sebagai warga, saya berharap pelatihan ASN juga menyentuh keramahan pelayanan di kelurahan."},
		{"", "Siti Aminah", "siti.aminah@contoh.id", "pentingnya-pengembangan-kompetensi-asn",
			"Mohon hasil pelatihan dipublikasikan agar masyarakat bisa ikut menilai."},
	}
	for i, c := range comments {
		cm := policies.Comment{PolicyID: p.ID, VersionID: v.ID, SectionID: c.section, Body: c.body,
			IdempotencyKey: fmt.Sprintf("demo/%s/comment-%d", p.Slug, i+1)}
		if c.who != "" {
			u := p.people[c.who]
			cm.AuthorID, cm.AuthorName, cm.AuthorEmail = &u.ID, u.Name, u.Email
		} else {
			// The public's comments are held for moderation, then shown.
			cm.AuthorName, cm.AuthorEmail, cm.Status = c.name, c.email, policies.CommentPendingModeration
		}
		saved, err := r.db.CreateComment(ctx, cm)
		if err != nil {
			return err
		}
		if saved.Status == policies.CommentPendingModeration {
			if err := saved.CheckStatusChange(policies.CommentOpen); err != nil {
				return err
			}
			if _, err := r.db.SetCommentStatus(ctx, saved.ID, policies.CommentOpen, p.people["penyusun"].ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// approvalWithPlt leaves the policy at its third stage: the first approved
// by the Kabid, the second by the Kabid as Plt. of the Kepala BKPSDM, who
// appointed them.
func (r *runner) approvalWithPlt(ctx context.Context, p *policy) error {
	if err := r.submitAndApprove(ctx, p, 1); err != nil {
		return err
	}
	if _, err := r.do(ctx, p, "kepala", policies.ActDelegate, "delegate", workflows.Request{
		DelegateTo: p.people["kabid"].ID, DelegateUntil: r.now.AddDate(0, 0, 14)}); err != nil {
		return err
	}
	sha, err := r.sha(ctx, p)
	if err != nil {
		return err
	}
	_, err = r.do(ctx, p, "kabid", policies.ActApprove, "approve-plt-kepala", workflows.Request{
		VersionSHA256: sha, OnBehalfOf: p.people["kepala"].ID})
	return err
}

// approveAndStart approves the policy through its chain and starts its
// implementation for the units named by code.
func (r *runner) approveAndStart(ctx context.Context, p *policy, startedOn time.Time, units ...string) error {
	if err := r.submitAndApprove(ctx, p, len(approvers)); err != nil {
		return err
	}
	ids, err := r.units(ctx, p, units...)
	if err != nil {
		return err
	}
	_, err = r.do(ctx, p, "penyusun", policies.ActStartImplementation, "start", workflows.Request{UnitIDs: ids, StartedOn: startedOn})
	return err
}

func (r *runner) units(ctx context.Context, p *policy, codes ...string) ([]int64, error) {
	us, err := r.db.Units(ctx, p.RegionID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, c := range codes {
		found := false
		for _, u := range us {
			if u.Code == c {
				ids, found = append(ids, u.ID), true
			}
		}
		if !found {
			return nil, fmt.Errorf("no unit %q in %s", c, p.region)
		}
	}
	return ids, nil
}

// implementing approves the policy, starts it and plans two programs with
// their participants, some completed, so the JP ledger has entries.
func (r *runner) implementing(ctx context.Context, p *policy) error {
	if err := r.approveAndStart(ctx, p, time.Time{}, "disdik", "dinkes"); err != nil {
		return err
	}
	units, err := r.units(ctx, p, "disdik", "dinkes")
	if err != nil {
		return err
	}
	day := func(d int) time.Time { return r.now.AddDate(0, 0, d).Truncate(24 * time.Hour) }
	programs := []struct {
		plan workflows.ProgramPlan
		csv  string
	}{
		{workflows.ProgramPlan{UnitID: units[0], Kind: policies.KindPelatihan, Title: "Pelatihan Standar Pelayanan Publik",
			Partner: "BPSDM Provinsi Sumatera Barat", StartsAt: day(-10), EndsAt: day(4), JP: 24, TargetParticipants: 25},
			"nip,nama,unit,hadir,lulus\n" +
				"198503152010011001,Andi Saputra,disdik,ya,ya\n" +
				"199001202015032002,Rina Marlina,disdik,ya,ya\n" +
				"198712052011011003,Yusuf Hamdani,disdik,ya,tidak\n" +
				"199205182019022004,Dewi Kartika,disdik,tidak,tidak\n"},
		{workflows.ProgramPlan{UnitID: units[1], Kind: policies.KindELearning, Title: "E-learning Penanganan Pengaduan",
			Partner: "LAN RI", StartsAt: day(-30), EndsAt: day(60), JP: 12, TargetParticipants: 40},
			"nip,nama,unit,hadir,lulus\n" +
				"198811242012121005,Fitri Handayani,dinkes,ya,ya\n" +
				"199303082020121006,Rudi Hartono,dinkes,ya,ya\n" +
				"198406302009031007,Sri Wahyuni,dinkes,ya,tidak\n"},
	}
	for i, pr := range programs {
		plan := pr.plan
		res, err := r.do(ctx, p, "penyusun", policies.ActPlanProgram, fmt.Sprintf("program-%d", i+1), workflows.Request{Program: &plan})
		if err != nil {
			return err
		}
		rows, lineErrs, err := evaluation.ParseParticipants(strings.NewReader(pr.csv))
		if err != nil {
			return err
		}
		if len(lineErrs) > 0 {
			return fmt.Errorf("participants of program %d: %v", i+1, lineErrs)
		}
		var ps []policies.Participant
		for _, row := range rows {
			ps = append(ps, policies.Participant{NIP: row.NIP, Name: row.Name, UnitID: plan.UnitID, Attended: row.Attended, Completed: row.Completed})
		}
		if _, err := r.db.SaveParticipants(ctx, res.ID, ps); err != nil {
			return err
		}
	}
	return nil
}

// skm builds a unit's SKM answers: 20 respondents per element, most
// answering good or very good; better shifts them up, a weak unit down.
func skm(better int) [9][4]int {
	var rs [9][4]int
	for e := range rs {
		switch {
		case better < 0:
			rs[e] = [4]int{3, 9, 6, 2}
		default:
			four := 6 + better + e%3
			rs[e] = [4]int{0, 1, 19 - four, four}
		}
	}
	return rs
}

// report records a unit's result as its officer, scored by the server's
// own functions from the answers.
func (r *runner) report(ctx context.Context, p *policy, officer string, unitID int64, round int, rep workflows.EvaluationReport) (workflows.Result, error) {
	return r.do(ctx, p, officer, policies.ActRecordEvaluation, fmt.Sprintf("%s-r%d-%s", rep.Instrument, round, officer),
		workflows.Request{Evaluation: &rep})
}

// evaluated records that the policy has been implemented for a year and a
// half: three evaluation rounds past, SKM results from every unit each
// round (improving), Kirkpatrick results, and Dinas Kesehatan overdue on
// the last one.
func (r *runner) evaluated(ctx context.Context, p *policy) error {
	y, m, d := r.now.In(policies.WIB).AddDate(0, -6*EvaluatedRounds, -20).Date()
	startedOn := time.Date(y, m, d, 0, 0, 0, 0, policies.WIB)
	codes := []string{"bkpsdm", "disdukcapil", "dinkes"}
	officers := []string{"petugas.bkpsdm", "opd", "petugas.dinkes"}
	if err := r.approveAndStart(ctx, p, startedOn, codes...); err != nil {
		return err
	}
	units, err := r.units(ctx, p, codes...)
	if err != nil {
		return err
	}
	for round := 1; round <= EvaluatedRounds; round++ {
		for i, unitID := range units {
			if round == EvaluatedRounds && codes[i] == "dinkes" {
				continue // overdue
			}
			rep, _, err := server.SKMReport(unitID, round, skm(round+i))
			if err != nil {
				return err
			}
			if _, err := r.report(ctx, p, officers[i], unitID, round, rep); err != nil {
				return err
			}
			if round > 1 {
				levels := [4][]int{{4, 5, 4, 5, 4}, {3, 4, 4, 4}, {3 + i%2, 4, 3}, {3, 4}}
				rep, _, err := server.KirkpatrickReport(unitID, round, levels)
				if err != nil {
					return err
				}
				if _, err := r.report(ctx, p, officers[i], unitID, round, rep); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// revision approves and starts the policy, then a unit's weak SKM result
// (below the policy's IKM threshold) reopens it for revision.
func (r *runner) revision(ctx context.Context, p *policy) error {
	if err := r.approveAndStart(ctx, p, time.Time{}, "disdukcapil"); err != nil {
		return err
	}
	units, err := r.units(ctx, p, "disdukcapil")
	if err != nil {
		return err
	}
	rep, _, err := server.SKMReport(units[0], 1, skm(-1))
	if err != nil {
		return err
	}
	res, err := r.report(ctx, p, "opd", units[0], 1, rep)
	if err != nil {
		return err
	}
	if res.Status != policies.StatusRevision {
		return fmt.Errorf("a weak result (IKM %.2f) left the policy %s, want revision", rep.Score, res.Status)
	}
	return nil
}
