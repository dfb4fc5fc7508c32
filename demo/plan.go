package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
)

// sampleNeeds are the competency needs each city's AKPK names, dealt out
// to its units in turn: competency, kind, path, ASN, JP.
var sampleNeeds = [][5]string{
	{"Pelayanan publik prima", "sosial kultural", "klasikal", "25", "24"},
	{"Penanganan pengaduan masyarakat", "teknis", "nonklasikal", "40", "12"},
	{"Kepemimpinan pengawas", "manajerial", "klasikal", "8", "32"},
	{"Analisis data dan statistik sektoral", "teknis", "nonklasikal", "12", "16"},
}

// SeedPlans gives every city with no competency-development needs this
// year a sample plan, written as BKPSDM writes one: needs imported from an
// AKPK-shaped file, an item for each need, and an item for each of the
// city's programs, realised by it. It returns how many cities it seeded.
func SeedPlans(ctx context.Context, db *postgres.DB, now time.Time) (int, error) {
	yearOf := func(rg policies.Region) int { return now.In(rg.TimeZone.Location()).Year() }
	return seedCities(ctx, db, "plan",
		func(_ int, rg policies.Region) (bool, error) {
			have, err := db.PlanNeeds(ctx, rg.ID, policies.PlanFilter{Year: yearOf(rg)})
			return len(have) == 0, err
		},
		func(_ int, rg policies.Region, drafterID int64, units []policies.Unit) error {
			return seedPlan(ctx, db, rg, drafterID, units, yearOf(rg))
		})
}

func seedPlan(ctx context.Context, db *postgres.DB, rg policies.Region, drafterID int64, units []policies.Unit, year int) error {
	var b strings.Builder
	b.WriteString("Unit Kerja;Kompetensi yang Dikembangkan;Jenis Kompetensi;Jalur Pengembangan;Jumlah ASN;JP\n")
	codes := map[string]bool{}
	for i, u := range units {
		codes[u.Code] = true
		n := sampleNeeds[i%len(sampleNeeds)]
		fmt.Fprintf(&b, "%s;%s;%s;%s;%s;%s\n", u.Code, n[0], n[1], n[2], n[3], n[4])
	}
	rows, lineErrs, err := evaluation.ParseAKPK([]byte(b.String()), year, func(v string) (string, bool) { return v, codes[v] })
	if err != nil {
		return err
	}
	if len(lineErrs) > 0 {
		return fmt.Errorf("sample AKPK: %v", lineErrs)
	}
	in := make([]policies.PlanNeedInput, len(rows))
	for i, r := range rows {
		in[i] = r.PlanNeedInput
	}
	needs, err := db.AddPlanNeeds(ctx, rg.ID, drafterID, "akpk", in)
	if err != nil {
		return err
	}
	kinds := map[policies.DevelopmentPath]policies.ProgramKind{policies.PathClassical: policies.KindPelatihan, policies.PathNonClassical: policies.KindELearning}
	for _, n := range needs {
		if _, err := db.CreatePlanItem(ctx, rg.ID, drafterID, policies.PlanItemInput{Year: year, Unit: n.UnitCode, Competency: n.Competency,
			Kind: kinds[n.Path], TargetParticipants: n.Participants, TargetJP: n.JP, Budget: int64(n.Participants) * 750_000}); err != nil {
			return err
		}
	}
	// The city's programs, each realising an item of its year.
	var programs []struct {
		ID       int64     `db:"id"`
		PolicyID int64     `db:"policy_id"`
		Unit     string    `db:"code"`
		Kind     string    `db:"kind"`
		Title    string    `db:"title"`
		EndsOn   time.Time `db:"ends_on"`
		JP       int       `db:"jp"`
		Target   int       `db:"target_participants"`
	}
	if err := db.SQL().SelectContext(ctx, &programs, `SELECT pr.id, pr.policy_id, u.code, pr.kind, pr.title, pr.ends_on, pr.jp, pr.target_participants
		FROM programs pr JOIN policies p ON p.id = pr.policy_id JOIN units u ON u.id = pr.unit_id WHERE p.region_id = $1 ORDER BY pr.id`, rg.ID); err != nil {
		return err
	}
	for _, pr := range programs {
		target := max(pr.Target, 1)
		it, err := db.CreatePlanItem(ctx, rg.ID, drafterID, policies.PlanItemInput{Year: pr.EndsOn.Year(), Unit: pr.Unit, PolicyID: pr.PolicyID,
			Competency: pr.Title, Kind: policies.ProgramKind(pr.Kind), TargetParticipants: target, TargetJP: pr.JP, Budget: int64(target) * 1_000_000})
		if err != nil {
			return err
		}
		if _, err := db.LinkPlanProgram(ctx, rg.ID, drafterID, policies.PlanLinkInput{ItemID: it.ID, ProgramID: pr.ID}); err != nil {
			return err
		}
	}
	return nil
}
