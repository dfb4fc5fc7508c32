package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

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
		if _, err := r.db.SaveParticipants(ctx, res.ID, p.people["penyusun"].ID, ps); err != nil {
			return err
		}
	}
	return nil
}
