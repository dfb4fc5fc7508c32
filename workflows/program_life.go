package workflows

// A program's life after it is planned: people edit, reschedule or cancel
// it through Updates to its workflow, which records the change (a local
// activity, audited), re-times its notices on a reschedule and tells the
// participants; the workflow's timers move it to running and done.

import (
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/policies"
)

// QueryProgram answers a program workflow's state.
const QueryProgram = "program"

// ProgramState is a program workflow's state, as its query answers.
type ProgramState struct {
	Status           policies.ProgramStatus
	StartsAt, EndsAt time.Time
	Rescheduled      int // how many times
}

// programLife is the state of a program workflow that takes changes.
type programLife struct {
	*program
	status policies.ProgramStatus
	gen    int // bumped by each reschedule: the timers restart
	told   int // the last reschedule the participants were told of
	// replans counts the reschedules that moved the program, running,
	// wholly to the future: it is planned again and starts anew, its
	// moments recorded and told under keys of their own.
	replans int
	anew    bool // a replan since the loop last looked: back to the start
	// replan: version 1 of "program-replan": a reschedule to the future
	// plans a running program again; a moment reached as a reschedule
	// moved it waits for its new date.
	replan bool
	reason string
	guard  updateGuard
}

// programActions are the Updates a program's workflow answers.
var programActions = []policies.ProgramAction{policies.ProgramEditAct, policies.ProgramRescheduleAct, policies.ProgramCancelAct}

// refuseChanges answers the program Updates of a program started before
// programs took changes: a conflict saying so.
func refuseChanges(ctx workflow.Context) error {
	for _, act := range programActions {
		err := workflow.SetUpdateHandler(ctx, string(act), func(ctx workflow.Context, req Request) (Result, error) {
			return Result{}, conflict("program ini direncanakan sebelum program dapat diubah; catat perubahan sebagai program baru")
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// live runs the program's start and end on timers that a reschedule
// re-times, until its end or its cancellation.
func (p *program) live(ctx workflow.Context) error {
	l := &programLife{program: p, status: policies.ProgramPlanned,
		replan: workflow.GetVersion(ctx, "program-replan", workflow.DefaultVersion, 1) == 1}
	l.guard.ready = func(workflow.Context) error { return nil }
	if err := workflow.SetQueryHandler(ctx, QueryProgram, func() (ProgramState, error) {
		return ProgramState{Status: l.status, StartsAt: l.in.StartsAt, EndsAt: l.in.EndsAt, Rescheduled: l.gen}, nil
	}); err != nil {
		return err
	}
	bodies := map[policies.ProgramAction]updateBody{policies.ProgramEditAct: l.edit,
		policies.ProgramRescheduleAct: l.reschedule, policies.ProgramCancelAct: l.cancel}
	for _, act := range programActions {
		if err := setUpdate(ctx, policies.Action(act), l.check(act), func(ctx workflow.Context, req Request) (Result, error) {
			return l.guard.run(ctx, req, l.check(act), bodies[act])
		}); err != nil {
			return err
		}
	}
	moments := []policies.ProgramAction{policies.ProgramStartAct, policies.ProgramFinishAct}
	for i := 0; i < len(moments) && l.status != policies.ProgramCancelled; {
		if l.told != l.gen {
			if err := l.tellRescheduled(ctx); err != nil {
				return err
			}
		}
		step, gen := l.steps()[i], l.gen
		if d := step.at.Sub(workflow.Now(ctx)); d > 0 {
			changed, err := workflow.AwaitWithTimeout(ctx, d, func() bool { return l.status == policies.ProgramCancelled || l.gen != gen })
			if err != nil {
				if temporal.IsCanceledError(err) {
					return nil
				}
				return err
			}
			if changed {
				if l.anew {
					i, l.anew = 0, false // replanned: its start is to come again
				}
				continue
			}
		}
		if err := l.reach(ctx, moments[i]); err != nil {
			return err
		}
		if l.status == policies.ProgramCancelled {
			break
		}
		if l.replan && (l.anew || l.gen != gen) {
			if l.anew {
				i, l.anew = 0, false // replanned as it was reached: its start is to come again
			}
			continue // rescheduled as it was reached: the moment is re-timed
		}
		if l.replans > 0 {
			step.again = fmt.Sprintf("-%d", l.replans)
		}
		if err := l.tellUnit(ctx, step); err != nil {
			return err
		}
		i++
	}
	if l.status == policies.ProgramCancelled {
		if err := l.tellAll(ctx, policies.NoticeProgramCancelled, "cancelled", "Program dibatalkan: "+l.in.Title,
			fmt.Sprintf("Program %s dibatalkan. Alasan: %s", l.in.Title, l.reason),
			policies.Msg("nm_program_cancelled", policies.MsgText(l.in.Title), policies.MsgText(l.reason))); err != nil {
			return err
		}
	}
	// A program done runs Kirkpatrick's later levels (program_kirkpatrick.go).
	if l.status == policies.ProgramDone {
		if workflow.GetVersion(ctx, versionKirkpatrick, workflow.DefaultVersion, 1) == 1 {
			if err := l.kirkpatrick(ctx); err != nil {
				return err
			}
		}
	}
	// An Update still running (one let in just as the end came) finishes first.
	return workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) })
}

// reach records that the program reached a moment (started, finished). A
// cancellation recorded meanwhile wins: the store refuses the moment.
func (l *programLife) reach(ctx workflow.Context, act policies.ProgramAction) error {
	var prog policies.Program
	c := policies.ProgramChange{ProgramID: l.in.ProgramID, Action: act, Key: l.id + "/" + string(act)}
	if l.replans > 0 {
		c.Key += fmt.Sprintf("-%d", l.replans)
	}
	if l.replan {
		c.At = workflow.Now(ctx)
	}
	replans := l.replans
	err := workflow.ExecuteActivity(withActivities(ctx), a.ChangeProgram, c).Get(ctx, &prog)
	var ae *temporal.ApplicationError
	if err != nil && !(errors.As(err, &ae) && ae.Type() == string(policies.KindConflict)) {
		return err
	}
	// A replan recorded meanwhile wins: the program is planned again.
	if err == nil && l.status != policies.ProgramCancelled && l.replans == replans {
		l.status = prog.Status
	}
	return nil
}

// check validates a change of the program: the role, the status table
// and the change's own fields.
func (l *programLife) check(act policies.ProgramAction) updateCheck {
	return func(req Request, now time.Time) error {
		if req.Actor.Role != policies.RoleDrafter && req.Actor.Role != policies.RoleUnitOfficer {
			return forbidden("hanya penyusun atau petugas unit penyelenggara yang mengubah program")
		}
		if _, err := policies.CheckProgramAction(l.status, act); err != nil {
			return refusal(err)
		}
		switch act {
		case policies.ProgramEditAct:
			if req.ProgramEdit == nil {
				return invalid("title", "perubahan program wajib diisi")
			}
			return refusal(req.ProgramEdit.Validate())
		case policies.ProgramRescheduleAct:
			if req.Reschedule == nil {
				return invalid("starts_at", "jadwal baru wajib diisi")
			}
			return refusal(req.Reschedule.Validate(now))
		case policies.ProgramCancelAct:
			return refusal((&policies.ProgramCancel{Reason: req.Reason}).Validate())
		}
		return nil
	}
}

// record writes a change from an Update handler (a local activity), keyed
// by the Update's ID so a retried activity writes it once.
func (l *programLife) record(ctx workflow.Context, c policies.ProgramChange) (policies.Program, error) {
	c.ProgramID, c.Key = l.in.ProgramID, l.id+"/"+workflow.GetCurrentUpdateInfo(ctx).ID
	var prog policies.Program
	err := workflow.ExecuteLocalActivity(withLocal(ctx), a.ChangeProgram, c).Get(ctx, &prog)
	return prog, err
}

func (l *programLife) edit(ctx workflow.Context, req Request) (Result, error) {
	prog, err := l.record(ctx, policies.ProgramChange{ActorID: req.Actor.UserID, Action: policies.ProgramEditAct, Edit: req.ProgramEdit})
	if err != nil {
		return Result{}, err
	}
	l.in.Title, l.in.JP = prog.Title, prog.JP
	return Result{Outcome: "edited", ID: prog.ID, Program: &prog, Message: "Program " + prog.Title + " diubah"}, nil
}

// reschedule moves the program's dates. A running program moved wholly to
// the future is planned again, also when its start is being recorded as
// the reschedule comes (version 1 of "program-replan"; before it, such a
// program stayed running).
func (l *programLife) reschedule(ctx workflow.Context, req Request) (Result, error) {
	r := req.Reschedule
	replan := l.replan && r.ToFuture(workflow.Now(ctx))
	prog, err := l.record(ctx, policies.ProgramChange{ActorID: req.Actor.UserID, Action: policies.ProgramRescheduleAct,
		Reschedule: r, Replan: replan, Reason: r.Reason})
	if err != nil {
		return Result{}, err
	}
	l.in.StartsAt, l.in.EndsAt, l.reason = r.StartsAt, r.EndsAt, r.Reason
	if replan && l.status != policies.ProgramCancelled {
		// Planned again, whether the workflow had yet seen it start or not.
		l.status, l.anew = prog.Status, true
		l.replans++
	}
	l.gen++
	return Result{Outcome: "rescheduled", ID: prog.ID, Program: &prog, Message: "Program " + prog.Title + " dijadwalkan ulang"}, nil
}

func (l *programLife) cancel(ctx workflow.Context, req Request) (Result, error) {
	prog, err := l.record(ctx, policies.ProgramChange{ActorID: req.Actor.UserID, Action: policies.ProgramCancelAct, Reason: req.Reason})
	if err != nil {
		return Result{}, err
	}
	l.status, l.reason = policies.ProgramCancelled, req.Reason
	return Result{Outcome: "cancelled", ID: prog.ID, Program: &prog, Message: "Program " + prog.Title + " dibatalkan"}, nil
}

// tellRescheduled tells the participants and the unit the new dates.
func (l *programLife) tellRescheduled(ctx workflow.Context) error {
	l.told = l.gen
	return l.tellAll(ctx, policies.NoticeProgramRescheduled, fmt.Sprintf("rescheduled-%d", l.gen), "Program dijadwalkan ulang: "+l.in.Title,
		fmt.Sprintf("Program %s dijadwalkan ulang: %s – %s. Alasan: %s", l.in.Title,
			noticeDate(l.in.StartsAt, l.in.Zone), noticeDate(l.in.EndsAt, l.in.Zone), l.reason),
		policies.Msg("nm_program_rescheduled", policies.MsgText(l.in.Title), policies.MsgMoment(l.in.StartsAt, l.in.Zone),
			policies.MsgMoment(l.in.EndsAt, l.in.Zone), policies.MsgText(l.reason)))
}

// tellAll notifies the unit's officers and the participants with an account.
func (l *programLife) tellAll(ctx workflow.Context, kind policies.NotificationKind, step, subject, body string, msg policies.Message) error {
	var ids []int64
	if err := workflow.ExecuteActivity(withActivities(ctx), a.LoadProgramRecipients, l.in.ProgramID).Get(ctx, &ids); err != nil {
		return err
	}
	return notify(ctx, activities.NotifyInput{Key: l.id + "-" + step, PolicyID: l.in.PolicyID, UserIDs: ids,
		Kind: kind, Subject: subject, Body: body, Message: msg, Link: l.link})
}
