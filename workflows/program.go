package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/policies"
)

// ProgramPlan is a training program to run under an approved policy (the
// plan_program Update).
type ProgramPlan struct {
	UnitID             int64
	Kind               policies.ProgramKind
	Title              string
	Partner            string
	StartsAt, EndsAt   time.Time
	JP                 int
	TargetParticipants int
}

// ProgramInput starts the workflow of one training program.
type ProgramInput struct {
	PolicyID, ProgramID, UnitID int64
	Title                       string
	StartsAt, EndsAt            time.Time
	JP                          int
	// Zone is the region's: the notices name the dates in it.
	Zone policies.TimeZone `json:",omitempty"`
}

// program is the ProgramWorkflow's state.
type program struct {
	in   ProgramInput
	id   string
	link string
}

// programStep is a moment of a program at which its unit hears from it.
type programStep struct {
	at      time.Time
	kind    policies.NotificationKind
	subject string
	body    string
	again   string // the notice's key suffix when a replanned program reaches it anew
	msg     policies.Message
}

// ProgramWorkflow follows one training program: at its start it tells the
// organising unit (and the program is running), at its end it asks the
// unit for the attendance report (and the program is done). Both moments
// are durable timers. Until its end people may edit, reschedule or cancel
// it (Updates, program_life.go): a reschedule re-times both moments and
// tells the participants; a cancellation tells them and ends the workflow.
// Programs started before that (version DefaultVersion of "program-life")
// keep their fixed timers and refuse the changes.
func ProgramWorkflow(ctx workflow.Context, in ProgramInput) error {
	p := &program{in: in, id: workflow.GetInfo(ctx).WorkflowExecution.ID,
		link: policyLink(in.PolicyID, fmt.Sprintf("/programs/%d", in.ProgramID))}
	if workflow.GetVersion(ctx, "program-life", workflow.DefaultVersion, 1) != workflow.DefaultVersion {
		return p.live(ctx)
	}
	if err := refuseChanges(ctx); err != nil {
		return err
	}
	for i, step := range p.steps() {
		if err := sleepUntil(ctx, step.at); err != nil {
			if temporal.IsCanceledError(err) {
				return nil
			}
			return err
		}
		if err := p.tellUnit(ctx, step); err != nil {
			return err
		}
		// Such a program's moments reached after programs had a status
		// set it too (a moment passed before that was set by migration 0028).
		act := []policies.ProgramAction{policies.ProgramStartAct, policies.ProgramFinishAct}[i]
		if workflow.GetVersion(ctx, "program-status-"+string(act), workflow.DefaultVersion, 1) == 1 {
			if err := (&programLife{program: p}).reach(ctx, act); err != nil {
				return err
			}
		}
	}
	return nil
}

// steps are the program's start and end.
func (p *program) steps() []programStep {
	in := p.in
	return []programStep{
		{in.StartsAt, policies.NoticeProgramStart, "Program dimulai: " + in.Title,
			fmt.Sprintf("Program %s (%d JP) dimulai %s.", in.Title, in.JP, noticeDate(in.StartsAt, in.Zone)), "",
			policies.Msg("nm_program_start", policies.MsgText(in.Title), policies.MsgNumber(in.JP), policies.MsgMoment(in.StartsAt, in.Zone))},
		{in.EndsAt, policies.NoticeProgramAttendance, "Laporan kehadiran: " + in.Title,
			fmt.Sprintf("Program %s selesai %s. Mohon kirim laporan kehadiran dan kelulusan peserta.", in.Title, noticeDate(in.EndsAt, in.Zone)), "",
			policies.Msg("nm_program_attendance", policies.MsgText(in.Title), policies.MsgMoment(in.EndsAt, in.Zone))},
	}
}

// tellUnit notifies the organising unit's officers of a step.
func (p *program) tellUnit(ctx workflow.Context, step programStep) error {
	var c activities.UnitContacts
	if err := workflow.ExecuteActivity(withActivities(ctx), a.LoadUnitContacts, p.in.UnitID).Get(ctx, &c); err != nil {
		return err
	}
	return notify(ctx, activities.NotifyInput{Key: p.id + "-" + string(step.kind) + step.again, PolicyID: p.in.PolicyID, UserIDs: c.Officers,
		Kind: step.kind, Subject: step.subject, Body: step.body, Message: step.msg, Link: p.link})
}

// validateProgram checks a plan_program Update's plan.
func validateProgram(pl *ProgramPlan, now time.Time) error {
	switch {
	case pl == nil:
		return invalid("program", "rencana program wajib diisi")
	case pl.Title == "" || len(pl.Title) > 300:
		return invalid("title", "judul program wajib diisi (maksimal 300 karakter)")
	case pl.UnitID <= 0:
		return invalid("unit_id", "unit penyelenggara wajib diisi")
	case !policies.ValidProgramKind(pl.Kind):
		return invalid("kind", "jenis program %q tidak dikenal", pl.Kind)
	case pl.EndsAt.Before(pl.StartsAt):
		return invalid("ends_at", "tanggal selesai sebelum tanggal mulai")
	case !pl.EndsAt.After(now):
		return invalid("ends_at", "program sudah berakhir")
	case pl.JP < 1 || pl.JP > 1000:
		return invalid("jp", "JP harus antara 1 dan 1000")
	}
	return nil
}
