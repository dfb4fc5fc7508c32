package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/policies"
)

// policyActions are the Updates the PolicyWorkflow answers. Consultation
// and approval decisions go to the running child (see ConsultationWorkflow,
// ApprovalWorkflow); Client routes them.
var policyActions = []policies.Action{
	policies.ActOpenConsultation, policies.ActSubmit, policies.ActStartImplementation,
	policies.ActPlanProgram, policies.ActRecordEvaluation, policies.ActOpenRevision, policies.ActArchive,
	policies.ActCancelConsultationSchedule,
}

// versionInForceGate: a start of implementation is refused unless the
// policy is in force (histories before it started from approved).
const versionInForceGate = "implementation-from-in-force"

// firstStageWait bounds how long a submit waits for its approval run to
// report its first stage before answering; the bound is for a run that
// never reports. Past the server's 30 s timeout, the client's resend of
// the same key joins this Update and gets the answer with the stage. A
// replay does not check a timer's duration.
const firstStageWait = 2 * time.Minute

// Limits of what people may ask.
const (
	minConsultation = time.Hour
	maxConsultation = 180 * 24 * time.Hour
)

func (p *policy) registerUpdates(ctx workflow.Context) error {
	handlers := map[policies.Action]updateBody{
		policies.ActOpenConsultation:    p.openConsultation,
		policies.ActSubmit:              p.submit,
		policies.ActStartImplementation: p.startImplementation,
		policies.ActPlanProgram:         p.planProgram,
		policies.ActRecordEvaluation:    p.recordEvaluation,
		policies.ActOpenRevision: func(ctx workflow.Context, req Request) (Result, error) {
			return p.openRevision(ctx, req.Actor.UserID, policies.ActOpenRevision, req.Reason)
		},
		policies.ActArchive:                    p.archive,
		policies.ActCancelConsultationSchedule: p.cancelSchedule, // consultation_schedule.go
	}
	for _, act := range policyActions {
		check := func(req Request, now time.Time) error { return p.validate(act, req, now) }
		if err := p.guard.update(ctx, act, check, handlers[act]); err != nil {
			return err
		}
	}
	return p.guard.update(ctx, UpdateLegalRecorded, p.checkLegal, p.legalRecorded)
}

// ready waits until the record is loaded and the children's reports
// received before this Update are applied (the validator let it through
// if any were pending).
func (p *policy) ready(ctx workflow.Context) error {
	if err := workflow.Await(ctx, func() bool { return p.loaded }); err != nil {
		return err
	}
	if workflow.GetVersion(ctx, "updates-after-child-events", workflow.DefaultVersion, 1) == 1 {
		return workflow.Await(ctx, p.settled)
	}
	return nil
}

// validate checks an Update against the transition table and its own fields.
// It changes nothing, so a refused Update leaves no trace.
func (p *policy) validate(act policies.Action, req Request, now time.Time) error {
	if !p.loaded || !p.settled() {
		return nil // the handler waits for the record and the reports, then validates
	}
	if p.archived {
		return conflict("kebijakan sudah diarsipkan")
	}
	if err := checkRole(p.State.Status, act, req.Actor); err != nil {
		return err
	}
	switch act {
	case policies.ActOpenConsultation:
		return validateOpening(req, now) // now, or at the opening it schedules
	case policies.ActCancelConsultationSchedule:
		return p.checkCancelSchedule()
	case policies.ActPlanProgram:
		return validateProgram(req.Program, now)
	case policies.ActRecordEvaluation:
		return validateEvaluation(req.Evaluation)
	case policies.ActStartImplementation:
		return validateStartedOn(req.StartedOn, now)
	case policies.ActOpenRevision, policies.ActArchive:
		if req.Reason == "" {
			return invalid("reason", "alasan wajib diisi")
		}
	}
	return nil
}

// loadFacts reads the record from inside an Update handler, keeping the
// region's zone for the children's notices.
func (p *policy) loadFacts(ctx workflow.Context) (policies.PolicyFacts, error) {
	var f policies.PolicyFacts
	err := workflow.ExecuteLocalActivity(withLocal(ctx), a.LoadFacts, p.State.PolicyID).Get(ctx, &f)
	if f.Zone != "" {
		p.State.Zone = f.Zone
	}
	return f, err
}

// currentVersion loads the record and checks the drafter acts on its
// current version.
func (p *policy) currentVersion(ctx workflow.Context, req Request) (policies.PolicyFacts, error) {
	f, err := p.loadFacts(ctx)
	if err != nil {
		return f, err
	}
	if req.VersionNumber != 0 && req.VersionNumber != f.VersionNumber {
		return f, conflict("versi %d bukan versi terbaru (versi %d): muat ulang halaman", req.VersionNumber, f.VersionNumber)
	}
	p.State.Title = f.Title
	p.State.VersionNumber, p.State.VersionSHA256 = f.VersionNumber, f.VersionSHA256
	return f, nil
}

func (p *policy) openConsultation(ctx workflow.Context, req Request) (Result, error) {
	if !req.OpensAt.IsZero() {
		return p.scheduleConsultation(ctx, req)
	}
	f, err := p.currentVersion(ctx, req)
	if err != nil {
		return Result{}, err
	}
	id := childID(p.State.PolicyID, "consultation", p.nextSeq())
	from, err := p.leaveFor(ctx, req, f, policies.StatusConsultation, policies.ActOpenConsultation, id+"-open")
	if err != nil {
		return Result{}, err
	}
	in := ConsultationInput{PolicyID: p.State.PolicyID, Title: f.Title, VersionID: f.VersionID, VersionNumber: f.VersionNumber,
		OpenedBy: req.Actor.UserID, ClosesAt: req.ClosesAt, Invite: req.InviteUserIDs, AllowPublic: req.AllowPublic,
		ShowInvitedAtOnce: req.ShowInvitedAtOnce, Zone: f.Zone}
	// Record the consultation before answering, so the public may comment
	// the moment the drafter sees it open. (Workflows from before this
	// change left it to the child alone.)
	if workflow.GetVersion(ctx, "record-consultation-first", workflow.DefaultVersion, 1) == 1 {
		err := workflow.ExecuteLocalActivity(withLocal(ctx), a.OpenConsultation, activities.OpenConsultationInput{
			Consultation: policies.Consultation{PolicyID: in.PolicyID, VersionID: in.VersionID, WorkflowID: id,
				OpenedBy: in.OpenedBy, OpenedAt: workflow.Now(ctx), ClosesAt: in.ClosesAt, AllowPublic: in.AllowPublic, ShowInvitedAtOnce: in.ShowInvitedAtOnce},
			Invite: in.Invite}).Get(ctx, nil)
		if err != nil {
			p.undoStatus(ctx, policies.StatusConsultation, from, id)
			return Result{}, err
		}
	}
	if err := startChild(ctx, id, ConsultationWorkflow, in); err != nil {
		p.undoStatus(ctx, policies.StatusConsultation, from, id)
		return Result{}, err
	}
	p.State.Consultation = &ConsultationState{WorkflowID: id, VersionNumber: f.VersionNumber, OpenedAt: workflow.Now(ctx), ClosesAt: req.ClosesAt}
	p.State.Scheduled = nil // opened, now or at its schedule
	p.moveTo(ctx, policies.StatusConsultation)
	return Result{Status: p.State.Status, Outcome: "consultation_opened", WorkflowID: id, Warning: req.Warning,
		Message: "Konsultasi publik dibuka sampai " + noticeDate(req.ClosesAt, f.Zone)}, nil
}

// leaveFor records the policy's move from its status to to, by act on
// version f under key, and returns the status it left.
func (p *policy) leaveFor(ctx workflow.Context, req Request, f policies.PolicyFacts, to policies.Status, act policies.Action, key string) (policies.Status, error) {
	from := p.State.Status
	detail := "versi " + itoa(int64(f.VersionNumber))
	if req.Warning != "" {
		detail += "; peringatan: " + req.Warning
	}
	return from, setStatusLocal(ctx, policies.StatusChange{PolicyID: p.State.PolicyID, From: from, To: to,
		Action: act, ActorID: req.Actor.UserID, VersionID: f.VersionID, Key: key, Detail: detail})
}

// undoStatus puts the status back when the child an action needed did not start.
func (p *policy) undoStatus(ctx workflow.Context, from, to policies.Status, id string) {
	_ = setStatusLocal(ctx, policies.StatusChange{PolicyID: p.State.PolicyID, From: from, To: to,
		Action: "undo", Key: id + "-undo", Detail: "anak alur kerja gagal dimulai"})
}

func (p *policy) submit(ctx workflow.Context, req Request) (Result, error) {
	f, err := p.currentVersion(ctx, req)
	if err != nil {
		return Result{}, err
	}
	if f.ChainID == 0 {
		// The approval run could not start: refuse here rather than leave
		// the policy in approval with no one to approve it.
		return Result{}, conflict("kebijakan ini belum memiliki rantai persetujuan; hubungi admin")
	}
	id := childID(p.State.PolicyID, "approval", p.nextSeq())
	from, err := p.leaveFor(ctx, req, f, policies.StatusInApproval, policies.ActSubmit, id+"-submit")
	if err != nil {
		return Result{}, err
	}
	in := ApprovalInput{PolicyID: p.State.PolicyID, Title: f.Title, VersionID: f.VersionID, VersionNumber: f.VersionNumber,
		SHA256: f.VersionSHA256, SubmittedBy: req.Actor.UserID}
	// The run is known before it starts: its first report may arrive in
	// the same workflow task as its start, and must not be dropped as a
	// stranger's (the submit would then wait for a stage that never shows).
	prev := p.State.Approval
	p.State.Approval = &ApprovalState{WorkflowID: id, VersionNumber: f.VersionNumber, SHA256: f.VersionSHA256}
	if err := startChild(ctx, id, ApprovalWorkflow, in); err != nil {
		p.State.Approval = prev
		p.undoStatus(ctx, policies.StatusInApproval, from, id)
		return Result{}, err
	}
	p.moveTo(ctx, policies.StatusInApproval)
	// Answer once the run has loaded its chain and reported its first
	// stage, so the answer's reader sees who is awaited, and the first
	// approver's decision meets a stage. (A run that cannot load its chain
	// ends in an error of its own; the submit answers after a bound.)
	if workflow.GetVersion(ctx, versionReportBeforeAnswer, workflow.DefaultVersion, 1) == 1 {
		_, _ = workflow.AwaitWithTimeout(ctx, firstStageWait, func() bool {
			return p.State.Approval == nil || p.State.Approval.WorkflowID != id || p.State.Approval.Stage > 0
		})
	}
	return Result{Status: p.State.Status, Outcome: "submitted", WorkflowID: id,
		Message: fmt.Sprintf("Versi %d diajukan untuk persetujuan", f.VersionNumber)}, nil
}

func (p *policy) startImplementation(ctx workflow.Context, req Request) (Result, error) {
	f, err := p.loadFacts(ctx)
	if err != nil {
		return Result{}, err
	}
	// Implementation starts only from a policy in force: promulgated and
	// taken effect, not merely approved or enacted (UU 12/2011 Pasal 87).
	if workflow.GetVersion(ctx, versionInForceGate, workflow.DefaultVersion, 1) == 1 && !f.Legal.InForce() {
		return Result{}, refusal(policies.NotInForce(f.Legal))
	}
	units := req.UnitIDs
	if len(units) == 0 {
		if err := workflow.ExecuteLocalActivity(withLocal(ctx), a.RegionUnits, f.RegionID).Get(ctx, &units); err != nil {
			return Result{}, err
		}
	}
	id := childID(p.State.PolicyID, "evaluation", p.nextSeq())
	if err := setStatusLocal(ctx, policies.StatusChange{PolicyID: p.State.PolicyID, From: policies.StatusApproved,
		To: policies.StatusImplementing, Action: policies.ActStartImplementation, ActorID: req.Actor.UserID,
		VersionID: f.InForceVersionID, Key: id + "-start"}); err != nil {
		return Result{}, err
	}
	in := EvaluationInput{PolicyID: p.State.PolicyID, Title: f.Title, UnitIDs: units, CadenceMonths: f.EvaluationMonths,
		Start: workflow.Now(ctx), Round: 1, ReminderLeads: DefaultReminderLeads, Zone: f.Zone}
	// A policy implemented before it was recorded here counts its rounds
	// from when it started. (Asked only then: no earlier history has it.)
	if !req.StartedOn.IsZero() && workflow.GetVersion(ctx, versionStartDate, workflow.DefaultVersion, 1) == 1 {
		in.Start, in.Backdated = req.StartedOn, true
	}
	// The first round exists before the answer, so a unit may report its
	// survey the moment it hears implementation started (the schedule's
	// own CreateRounds finds it there); backdated, so does every round
	// opened since the start.
	if workflow.GetVersion(ctx, versionReportBeforeAnswer, workflow.DefaultVersion, 1) == 1 {
		for n := 1; n == 1 || (in.Backdated && !in.Due(n-1).After(workflow.Now(ctx))); n++ {
			if err := workflow.ExecuteLocalActivity(withLocal(ctx), a.CreateRounds, activities.RoundsInput{
				PolicyID: in.PolicyID, Number: n, DueAt: in.Due(n), UnitIDs: units}).Get(ctx, nil); err != nil {
				p.undoStatus(ctx, policies.StatusImplementing, policies.StatusApproved, id)
				return Result{}, err
			}
		}
	}
	if err := startChild(ctx, id, EvaluationScheduleWorkflow, in); err != nil {
		p.undoStatus(ctx, policies.StatusImplementing, policies.StatusApproved, id)
		return Result{}, err
	}
	p.State.EvaluationWorkflowID = id
	p.setLegal(nil) // in force: every legal step is done
	p.moveTo(ctx, policies.StatusImplementing)
	return Result{Status: p.State.Status, Outcome: "implementing", WorkflowID: id,
		Message: fmt.Sprintf("Pelaksanaan dimulai; evaluasi setiap %d bulan untuk %d unit", f.EvaluationMonths, len(units))}, nil
}

func (p *policy) planProgram(ctx workflow.Context, req Request) (Result, error) {
	pl := req.Program
	id := childID(p.State.PolicyID, "program", p.nextSeq())
	var prog policies.Program
	err := workflow.ExecuteLocalActivity(withLocal(ctx), a.CreateProgram, activities.CreateProgramInput{
		Key: id, WorkflowID: id, ActorID: req.Actor.UserID,
		Program: policies.Program{PolicyID: p.State.PolicyID, UnitID: pl.UnitID, Kind: pl.Kind, Title: pl.Title,
			Partner: pl.Partner, StartsOn: pl.StartsAt, EndsOn: pl.EndsAt, JP: pl.JP, TargetParticipants: pl.TargetParticipants},
	}).Get(ctx, &prog)
	if err != nil {
		return Result{}, err
	}
	in := ProgramInput{PolicyID: p.State.PolicyID, ProgramID: prog.ID, UnitID: pl.UnitID, Title: pl.Title,
		StartsAt: pl.StartsAt, EndsAt: pl.EndsAt, JP: pl.JP, Zone: p.State.Zone}
	if err := startChild(ctx, id, ProgramWorkflow, in); err != nil {
		return Result{}, err
	}
	p.State.Programs = append(p.State.Programs, id)
	return Result{Status: p.State.Status, Outcome: "program_planned", WorkflowID: id, ID: prog.ID,
		Message: "Program " + pl.Title + " direncanakan"}, nil
}

func (p *policy) recordEvaluation(ctx workflow.Context, req Request) (Result, error) {
	e := req.Evaluation
	f, err := p.loadFacts(ctx)
	if err != nil {
		return Result{}, err
	}
	key := WorkflowID(p.State.PolicyID) + "-result-" + workflow.GetCurrentUpdateInfo(ctx).ID
	var res policies.EvaluationResult
	err = workflow.ExecuteLocalActivity(withLocal(ctx), a.RecordResult, activities.RecordResultInput{
		PolicyID: p.State.PolicyID, UnitID: e.UnitID, Round: e.Round, Key: key,
		Result: policies.EvaluationResult{Instrument: e.Instrument, Score: e.Score, Data: jsonOrEmpty(e.Data), SubmittedBy: req.Actor.UserID,
			Population: populationOf(e), Profile: e.Profile},
	}).Get(ctx, &res)
	if err != nil {
		return Result{}, err
	}
	if e.Instrument == "skm" && e.Score < f.IKMThreshold {
		reason := fmt.Sprintf("IKM %.2f pada putaran %d di bawah ambang %.2f", e.Score, e.Round, f.IKMThreshold)
		// Only a sufficient sample reopens the policy (histories before this
		// change opened a revision on any low result).
		if workflow.GetVersion(ctx, versionSKMSample, workflow.DefaultVersion, 1) == 1 {
			verdict, err := judgeSKM(ctx, p.State.PolicyID, e, f.IKMThreshold)
			if err != nil {
				return Result{}, err
			}
			if !verdict.Sample.Sufficient {
				return Result{Status: p.State.Status, Outcome: "recorded_small_sample", ID: res.ID,
					Message: fmt.Sprintf("Hasil evaluasi tersimpan; IKM %.2f di bawah ambang %.2f, tetapi %d responden kurang dari %d yang diperlukan: revisi tidak dibuka",
						e.Score, f.IKMThreshold, verdict.Sample.Respondents, verdict.Sample.Required)}, nil
			}
			reason = verdict.reason(e, f.IKMThreshold)
		}
		r, err := p.openRevision(ctx, 0, policies.ActLowEvaluation, reason)
		r.ID = res.ID
		return r, err
	}
	return Result{Status: p.State.Status, Outcome: "recorded", ID: res.ID, Message: "Hasil evaluasi tersimpan"}, nil
}

// openRevision stops the evaluation schedule and opens a revision; the
// version in force stays in force until a new one is approved.
func (p *policy) openRevision(ctx workflow.Context, actorID int64, act policies.Action, reason string) (Result, error) {
	if _, err := policies.CheckTransition(p.State.Status, act, roleFor(act)); err != nil {
		return Result{}, refusal(err)
	}
	f, err := p.loadFacts(ctx)
	if err != nil {
		return Result{}, err
	}
	key := childID(p.State.PolicyID, "revision", p.nextSeq())
	if err := setStatusLocal(ctx, policies.StatusChange{PolicyID: p.State.PolicyID, From: p.State.Status, To: policies.StatusRevision,
		Action: act, ActorID: actorID, VersionID: f.InForceVersionID, Key: key, Detail: reason}); err != nil {
		return Result{}, err
	}
	cancelChild(ctx, p.State.EvaluationWorkflowID)
	p.State.EvaluationWorkflowID = ""
	p.setLegal(nil) // a revision's version starts its legal steps anew
	p.moveTo(ctx, policies.StatusRevision)
	p.State.LastOutcome = "revision: " + reason
	_ = workflow.ExecuteLocalActivity(withLocal(ctx), a.Notify, activities.NotifyInput{
		Key: key, PolicyID: p.State.PolicyID, UserIDs: []int64{f.CreatedBy}, Kind: policies.NoticeRevisionOpened,
		Subject: "Revisi dibuka: " + f.Title, Body: "Revisi kebijakan dibuka. Alasan: " + reason,
		Message: policies.Msg("nm_revision_opened", policies.MsgText(f.Title), policies.MsgText(reason)),
		Link:    policyLink(p.State.PolicyID, ""),
	}).Get(ctx, nil)
	return Result{Status: p.State.Status, Outcome: "revision_opened", Message: "Revisi dibuka: " + reason}, nil
}

func roleFor(act policies.Action) policies.Role {
	if act == policies.ActLowEvaluation || act == policies.ActHarmonisationCorrection {
		return policies.RoleSystem
	}
	return policies.RoleDrafter
}

func (p *policy) archive(ctx workflow.Context, req Request) (Result, error) {
	key := childID(p.State.PolicyID, "archive", p.nextSeq())
	if err := setStatusLocal(ctx, policies.StatusChange{PolicyID: p.State.PolicyID, From: p.State.Status, To: policies.StatusArchived,
		Action: policies.ActArchive, ActorID: req.Actor.UserID, Key: key, Detail: req.Reason}); err != nil {
		return Result{}, err
	}
	if c := p.State.Consultation; c != nil {
		cancelChild(ctx, c.WorkflowID)
	}
	if ap := p.State.Approval; ap != nil {
		cancelChild(ctx, ap.WorkflowID)
	}
	cancelChild(ctx, p.State.EvaluationWorkflowID)
	p.State.Consultation, p.State.Approval, p.State.EvaluationWorkflowID = nil, nil, ""
	p.setLegal(nil)
	p.moveTo(ctx, policies.StatusArchived)
	p.archived = true
	return Result{Status: p.State.Status, Outcome: "archived", Message: "Kebijakan diarsipkan"}, nil
}
