package demo

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// The rest of a city's year: a program that ran and is done, with its
// attendance per session, its completers' certificates and their
// Kirkpatrick reactions (L1), test scores (L2), supervisors' behaviour
// answers (L3) and results indicator (L4); and the follow-up of a weak SKM
// element.

// doneTitle is the title of the implementing scenario's done program.
const doneTitle = "Pelatihan Tata Naskah Dinas Elektronik"

// enrol records a program's participants from a participants CSV, as the
// unit's import does.
func (r *runner) enrol(ctx context.Context, p *policy, programID, unitID int64, file string) error {
	rows, lineErrs, err := evaluation.ParseParticipants(strings.NewReader(file))
	if err != nil {
		return err
	}
	if len(lineErrs) > 0 {
		return fmt.Errorf("participants of program %d: %v", programID, lineErrs)
	}
	var ps []policies.Participant
	for _, row := range rows {
		ps = append(ps, policies.Participant{NIP: row.NIP, Name: row.Name, UnitID: unitID, Attended: row.Attended, Completed: row.Completed})
	}
	_, err = r.db.SaveParticipants(ctx, programID, p.people["penyusun"].ID, ps)
	return err
}

// doneProgram plans a program that began days ago and ends moments from
// now; the unit's officer records its three sessions and who attended
// each; once its workflow has finished it (done), the completers get their
// certificates, answer the reaction form and have their test scores.
func (r *runner) doneProgram(ctx context.Context, p *policy, unit int64, day func(int) time.Time) error {
	res, err := r.do(ctx, p, "penyusun", policies.ActPlanProgram, "program-5", workflows.Request{Program: &workflows.ProgramPlan{
		UnitID: unit, Kind: policies.KindPelatihan, Title: doneTitle, Partner: "Arsip Nasional Republik Indonesia",
		StartsAt: day(-6), EndsAt: time.Now().Add(5 * time.Second), JP: 12, TargetParticipants: 4}})
	if err != nil {
		return err
	}
	const andi, rina, yusuf = "198503152010011001", "199001202015032002", "198712052011011003"
	if err := r.enrol(ctx, p, res.ID, unit, "nip,nama,unit,hadir,lulus\n"+andi+",Andi Saputra,disdik,ya,ya\n"+
		rina+",Rina Marlina,disdik,ya,ya\n"+yusuf+",Yusuf Hamdani,disdik,ya,tidak\n"); err != nil {
		return err
	}
	officer := p.people["opd"].ID
	prog, err := r.db.ProgramByID(ctx, res.ID)
	if err != nil {
		return err
	}
	var sessions []int64
	for i, topic := range []string{"Naskah dinas dan kaidahnya", "Aplikasi naskah dinas elektronik", "Praktik dan tanda tangan elektronik"} {
		in := policies.NewSession{HeldOn: day(-6 + i), JP: 4, Topic: topic}
		held, err := r.db.ProgramSessions(ctx, res.ID)
		if err != nil {
			return err
		}
		if err := in.Validate(prog, held); err != nil {
			return fmt.Errorf("session %d: %w", i+1, err)
		}
		s, err := r.db.AddSession(ctx, res.ID, officer, in)
		if err != nil {
			return err
		}
		sessions = append(sessions, s.ID)
	}
	ps, err := r.db.Participants(ctx, res.ID)
	if err != nil {
		return err
	}
	id := map[string]int64{}
	for _, pa := range ps {
		id[pa.NIP] = pa.ID
	}
	present := map[string][]bool{andi: {true, true, true}, rina: {true, true, false}, yusuf: {true, false, false}}
	var marks []policies.AttendanceMark
	for nip, days := range present {
		for i, here := range days {
			marks = append(marks, policies.AttendanceMark{SessionID: sessions[i], ParticipantID: id[nip], Present: here})
		}
	}
	if _, err := r.db.SaveAttendance(ctx, res.ID, officer, marks); err != nil {
		return err
	}
	if err := r.awaitDone(ctx, res.ID); err != nil {
		return err
	}
	return r.afterProgram(ctx, res.ID, officer, id[andi], id[rina])
}

// awaitDone waits until the program's workflow has finished it.
func (r *runner) awaitDone(ctx context.Context, programID int64) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		prog, err := r.db.ProgramByID(ctx, programID)
		if err != nil {
			return err
		}
		if prog.Status == policies.ProgramDone {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("program %d not done by its workflow: %s", programID, prog.Status)
		case <-tick.C:
		}
	}
}

// afterProgram issues the completers' certificates (as their first
// download does), issues their reaction links and records their answers,
// their pre- and post-test scores, and levels 3 and 4.
func (r *runner) afterProgram(ctx context.Context, programID, officer int64, completers ...int64) error {
	var links []policies.NewReactionLink
	for _, pa := range completers {
		if _, err := r.db.IssueCertificate(ctx, programID, pa, officer); err != nil {
			return err
		}
		links = append(links, policies.NewReactionLink{ParticipantID: pa, TokenHash: newTokenHash()})
	}
	if _, err := r.db.IssueReactionLinks(ctx, programID, officer, links); err != nil {
		return err
	}
	for i, l := range links {
		a := policies.ReactionAnswer{Scores: []int{5, 4 + i%2, 4, 5, 4}}
		if err := a.Validate(); err != nil {
			return err
		}
		if err := r.db.AnswerReaction(ctx, l.TokenHash, a); err != nil {
			return err
		}
	}
	scores := []policies.LearningScore{{ParticipantID: completers[0], Pre: 55, Post: 85}, {ParticipantID: completers[1], Pre: 60, Post: 80}}
	if _, err := r.db.SaveLearningScores(ctx, programID, officer, scores); err != nil {
		return err
	}
	return r.laterLevels(ctx, programID, officer, completers)
}

// laterLevels records what the program's workflow asks for months after
// its end, which a demo cannot wait for: it issues the completers'
// behaviour links (as the workflow's activity does) and records their
// supervisors' answers (as the answer page does), and the unit's officer
// sets the results indicator with a value measured today (as the
// Kirkpatrick page does).
func (r *runner) laterLevels(ctx context.Context, programID, officer int64, completers []int64) error {
	var links []policies.NewReactionLink
	for _, pa := range completers {
		links = append(links, policies.NewReactionLink{ParticipantID: pa, TokenHash: newTokenHash()})
	}
	if _, err := r.db.IssueBehaviourLinks(ctx, programID, links); err != nil {
		return err
	}
	answers := []policies.BehaviourAnswer{
		{Scores: []int{4, 4, 3, 5}, Example: "Menyusun dan menandatangani surat dinas langsung di aplikasi, tanpa mencetak."},
		{Scores: []int{5, 4, 4, 5}, Example: "Mengajari dua rekan seksi memakai tanda tangan elektronik."},
	}
	for i, l := range links {
		if err := r.db.AnswerBehaviour(ctx, l.TokenHash, answers[i%len(answers)]); err != nil {
			return err
		}
	}
	y, m, d := r.now.In(policies.WIB).Date()
	actual, measured := 86.0, time.Date(y, m, d, 0, 0, 0, 0, policies.WIB)
	in := policies.ResultInput{Indicator: "Naskah dinas yang diterbitkan secara elektronik", UnitOfMeasure: "%",
		Baseline: 40, Target: 80, Actual: &actual, MeasuredOn: &measured}
	if err := in.Validate(time.Now()); err != nil {
		return err
	}
	_, err := r.db.SaveProgramResult(ctx, programID, officer, in)
	return err
}

// newTokenHash is the stored hash of a fresh reaction or behaviour link
// token (the demo's people answer through the store; no one needs the token).
func newTokenHash() string {
	sum := sha256.Sum256([]byte(rand.Text()))
	return hex.EncodeToString(sum[:])
}

// followUp records the unit's follow-up of its weakest SKM element (u3,
// the time service takes) due in a month, and starts its reminders, as
// the unit's officer does on the calculation table.
func (r *runner) followUp(ctx context.Context, p *policy, unitID int64, round int) error {
	loc := policies.WIB
	due := r.now.In(loc).AddDate(0, 1, 0)
	in := policies.FollowUpInput{Element: "u3", Action: "Memangkas alur layanan akta kelahiran menjadi tiga langkah dan mengumumkan waktu penyelesaiannya",
		Owner: "Kepala Bidang Pelayanan Pencatatan Sipil", DueOn: due.Format(time.DateOnly)}
	dueOn, err := in.Validate(r.now.In(loc))
	if err != nil {
		return err
	}
	f, err := r.db.CreateFollowUp(ctx, p.ID, round, unitID, in, dueOn, p.people["opd"].ID)
	if err != nil {
		return err
	}
	y, m, d := f.DueOn.Date()
	return r.lc.RemindFollowUp(ctx, f.ID, time.Date(y, m, d, 0, 0, 0, 0, loc))
}
