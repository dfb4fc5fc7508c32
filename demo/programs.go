package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// implementing approves the policy, starts it and plans its programs: two
// running with their participants, some completed, so the JP ledger has
// entries; one rescheduled, one cancelled (programsThatChange) and one done
// with attendance per session, certificates and Kirkpatrick L1 and L2
// (doneProgram, year.go).
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
		if err := r.enrol(ctx, p, res.ID, plan.UnitID, pr.csv); err != nil {
			return err
		}
		if i == 0 {
			if _, err := r.db.SetProgramBudget(ctx, res.ID, p.people["penyusun"].ID, policies.ProgramBudget{Budget: 25_000_000, Realisation: 23_750_000}); err != nil {
				return err
			}
		}
	}
	if err := r.programsThatChange(ctx, p, units[0], day); err != nil {
		return err
	}
	return r.doneProgram(ctx, p, units[0], day)
}

// programsThatChange plans two more programs: one rescheduled, one
// cancelled, each for a reason, as their workflows take the changes.
func (r *runner) programsThatChange(ctx context.Context, p *policy, unit int64, day func(int) time.Time) error {
	moved, err := r.do(ctx, p, "penyusun", policies.ActPlanProgram, "program-3", workflows.Request{Program: &workflows.ProgramPlan{
		UnitID: unit, Kind: policies.KindWorkshop, Title: "Workshop Inovasi Pelayanan", Partner: "Universitas Andalas",
		StartsAt: day(20), EndsAt: day(22).Add(17 * time.Hour), JP: 16, TargetParticipants: 20}})
	if err != nil {
		return err
	}
	dropped, err := r.do(ctx, p, "penyusun", policies.ActPlanProgram, "program-4", workflows.Request{Program: &workflows.ProgramPlan{
		UnitID: unit, Kind: policies.KindSeminar, Title: "Seminar Etika ASN", StartsAt: day(15), EndsAt: day(15).Add(17 * time.Hour), JP: 4}})
	if err != nil {
		return err
	}
	for _, ch := range []struct {
		wid  string
		act  policies.ProgramAction
		step string
		req  workflows.Request
	}{
		{moved.WorkflowID, policies.ProgramRescheduleAct, "reschedule", workflows.Request{Reschedule: &policies.ProgramReschedule{
			StartsAt: day(35), EndsAt: day(37).Add(17 * time.Hour), Reason: "Narasumber dari Universitas Andalas berhalangan pada tanggal semula"}}},
		{dropped.WorkflowID, policies.ProgramCancelAct, "cancel", workflows.Request{Reason: "Anggaran dialihkan untuk penanganan bencana"}},
	} {
		u := p.people["penyusun"]
		ch.req.Actor = workflows.Actor{UserID: u.ID, Role: u.Role}
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		_, err := r.lc.DoProgram(cctx, ch.wid, ch.act, fmt.Sprintf("demo-%s-program-%s", p.Slug, ch.step), ch.req)
		cancel()
		if err != nil {
			return fmt.Errorf("program %s: %w", ch.step, err)
		}
	}
	return nil
}
