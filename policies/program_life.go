package policies

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ProgramStatus is where a training program is in its life. Its workflow
// (workflows.ProgramWorkflow) sets it: planned until its start, running
// until its end, then done; cancelled when someone cancels it.
type ProgramStatus string

// Program statuses. The database checks the same list.
const (
	ProgramPlanned   ProgramStatus = "planned"
	ProgramRunning   ProgramStatus = "running"
	ProgramDone      ProgramStatus = "done"
	ProgramCancelled ProgramStatus = "cancelled"
)

// ProgramStatuses lists every program status, in lifecycle order.
var ProgramStatuses = []ProgramStatus{ProgramPlanned, ProgramRunning, ProgramDone, ProgramCancelled}

// refuseIfCancelled is the conflict (409) of a change a cancelled program
// no longer takes ("program dibatalkan: " and refused), or nil.
func (s ProgramStatus) refuseIfCancelled(refused string) error {
	if s == ProgramCancelled {
		return Errorf(KindConflict, "program dibatalkan: %s", refused)
	}
	return nil
}

// ProgramAction is something done to a program: by a person (edit,
// reschedule, cancel: Updates to the program's workflow) or by its
// workflow's timers (start, finish).
type ProgramAction string

// Program actions.
const (
	ProgramEditAct       ProgramAction = "edit_program"
	ProgramRescheduleAct ProgramAction = "reschedule_program"
	ProgramCancelAct     ProgramAction = "cancel_program"
	ProgramStartAct      ProgramAction = "program_started"  // system: the start date came
	ProgramFinishAct     ProgramAction = "program_finished" // system: the end date came
	// ProgramReplanAct is part of a reschedule that moves a running
	// program wholly to the future: it has not started after all (its new
	// start is to come), so it is planned again and starts anew then.
	ProgramReplanAct ProgramAction = "program_replanned"
)

// ProgramTransition is one row of the program lifecycle table: the
// statuses an action is legal from, and the status it leads to ("" keeps
// the status).
type ProgramTransition struct {
	From []ProgramStatus
	To   ProgramStatus
}

// ProgramTransitions is the program lifecycle table, checked by the
// program's workflow, the server (before it asks the workflow) and the
// store (a status is only set from a status the table allows).
var ProgramTransitions = map[ProgramAction]ProgramTransition{
	ProgramEditAct:       {[]ProgramStatus{ProgramPlanned, ProgramRunning}, ""},
	ProgramRescheduleAct: {[]ProgramStatus{ProgramPlanned, ProgramRunning}, ""},
	ProgramCancelAct:     {[]ProgramStatus{ProgramPlanned, ProgramRunning}, ProgramCancelled},
	ProgramStartAct:      {[]ProgramStatus{ProgramPlanned}, ProgramRunning},
	ProgramFinishAct:     {[]ProgramStatus{ProgramPlanned, ProgramRunning}, ProgramDone},
	ProgramReplanAct:     {[]ProgramStatus{ProgramRunning}, ProgramPlanned},
}

// ProgramActors are the roles that change a program (the server further
// limits a unit officer to the organising unit's programs).
var ProgramActors = []Role{RoleDrafter, RoleUnitOfficer}

// CheckProgramAction refuses an action from a status the table does not
// allow it from (a conflict: 409) and returns the status it leads to.
func CheckProgramAction(s ProgramStatus, act ProgramAction) (ProgramStatus, error) {
	t, ok := ProgramTransitions[act]
	if !ok {
		return s, Errorf(KindNotFound, "aksi program %q tidak dikenal", act)
	}
	if !slices.Contains(t.From, s) {
		return s, Errorf(KindConflict, "program berstatus %s: tidak dapat %s", programStatusWords[s], programActionWords[act])
	}
	if t.To == "" {
		return s, nil
	}
	return t.To, nil
}

var programStatusWords = map[ProgramStatus]string{ProgramPlanned: "direncanakan", ProgramRunning: "berjalan",
	ProgramDone: "selesai", ProgramCancelled: "dibatalkan"}

var programActionWords = map[ProgramAction]string{ProgramEditAct: "diubah", ProgramRescheduleAct: "dijadwalkan ulang",
	ProgramCancelAct: "dibatalkan", ProgramStartAct: "dimulai", ProgramFinishAct: "diselesaikan",
	ProgramReplanAct: "direncanakan ulang"}

// ProgramEdit is what an edit of a program may change (not its dates:
// that is a reschedule, which re-times its notices).
type ProgramEdit struct {
	Kind               ProgramKind `json:"kind"`
	Title              string      `json:"title"`
	Partner            string      `json:"partner" required:"false"`
	JP                 int         `json:"jp"`
	TargetParticipants int         `json:"target_participants" required:"false"`
}

// Validate checks an edit, naming the field at fault.
func (e *ProgramEdit) Validate() error {
	e.Title, e.Partner = strings.TrimSpace(e.Title), strings.TrimSpace(e.Partner)
	if err := checkLength(e.Title, "title", "judul program wajib diisi", "judul program", 300); err != nil {
		return err
	}
	switch {
	case !ValidProgramKind(e.Kind):
		return FieldError("kind", "jenis program %q tidak dikenal", e.Kind)
	case len([]rune(e.Partner)) > 300:
		return FieldError("partner", "mitra maksimal 300 karakter")
	case e.JP < 1 || e.JP > 1000:
		return FieldError("jp", "JP harus antara 1 dan 1000")
	case e.TargetParticipants < 0 || e.TargetParticipants > 100000:
		return FieldError("target_participants", "target peserta harus antara 0 dan 100000")
	}
	return nil
}

// ValidProgramKind says whether k is a program kind.
func ValidProgramKind(k ProgramKind) bool {
	switch k {
	case KindPelatihan, KindWorkshop, KindSeminar, KindLokakarya, KindELearning, KindMentoring, KindSoftSkills:
		return true
	}
	return false
}

// ProgramReschedule moves a program to new dates, for a reason.
type ProgramReschedule struct {
	StartsAt time.Time `json:"starts_at"`
	EndsAt   time.Time `json:"ends_at"`
	Reason   string    `json:"reason"`
}

// maxProgramReason bounds a reason's length.
const maxProgramReason = 1000

// Validate checks a reschedule at now: a reason, an end after the start
// and not already past.
func (r *ProgramReschedule) Validate(now time.Time) error {
	r.Reason = strings.TrimSpace(r.Reason)
	switch {
	case r.StartsAt.IsZero():
		return FieldError("starts_at", "tanggal mulai wajib diisi")
	case r.EndsAt.IsZero():
		return FieldError("ends_at", "tanggal selesai wajib diisi")
	case r.EndsAt.Before(r.StartsAt):
		return FieldError("ends_at", "tanggal selesai sebelum tanggal mulai")
	case !r.EndsAt.After(now):
		return FieldError("ends_at", "tanggal selesai sudah lewat")
	case r.EndsAt.Sub(r.StartsAt) > 366*24*time.Hour:
		return FieldError("ends_at", "program paling lama satu tahun")
	}
	return checkLength(r.Reason, "reason", "alasan penjadwalan ulang wajib diisi", "alasan", maxProgramReason)
}

// ToFuture says whether the reschedule, at now, moves the program wholly
// to the future: a program that started is then planned again.
func (r ProgramReschedule) ToFuture(now time.Time) bool { return r.StartsAt.After(now) }

// ProgramCancel cancels a program, for a reason.
type ProgramCancel struct {
	Reason string `json:"reason"`
}

// Validate checks a cancellation has its reason.
func (c *ProgramCancel) Validate() error {
	c.Reason = strings.TrimSpace(c.Reason)
	return checkLength(c.Reason, "reason", "alasan pembatalan wajib diisi", "alasan", maxProgramReason)
}

// MaxRupiah bounds a budget figure (a thousand trillion rupiah).
const MaxRupiah int64 = 1_000_000_000_000_000

// ProgramBudget is a program's budget (pagu) and what was spent of it
// (realisasi), in whole rupiah.
type ProgramBudget struct {
	Budget      int64 `json:"budget"`
	Realisation int64 `json:"realisation"`
}

// Validate checks both figures are whole, non-negative rupiah. Spending
// more than the budget is allowed (it happens) but warned of: OverBudget.
func (b ProgramBudget) Validate() error {
	switch {
	case b.Budget < 0 || b.Budget > MaxRupiah:
		return FieldError("budget", "pagu harus rupiah bulat 0 atau lebih")
	case b.Realisation < 0 || b.Realisation > MaxRupiah:
		return FieldError("realisation", "realisasi harus rupiah bulat 0 atau lebih")
	}
	return nil
}

// OverBudget says whether the realisation exceeds the budget.
func (b ProgramBudget) OverBudget() bool { return b.Realisation > b.Budget }

// RealisationPercent is the realisation against the budget, 0 when there
// is no budget.
func (b ProgramBudget) RealisationPercent() int {
	if b.Budget == 0 {
		return 0
	}
	return int(b.Realisation * 100 / b.Budget)
}

// ProgramChange is a change of a program its workflow records (an
// activity): an edit, a reschedule or a status, audited with who and why,
// written once per Key.
type ProgramChange struct {
	ProgramID  int64
	ActorID    int64 // 0 for the workflow's own timers
	Action     ProgramAction
	Edit       *ProgramEdit       `json:",omitempty"`
	Reschedule *ProgramReschedule `json:",omitempty"`
	// Replan: the reschedule moves the program wholly to the future
	// (ProgramReschedule.ToFuture at its workflow's time): one that is
	// running is planned again.
	Replan bool `json:",omitempty"`
	// At is when the workflow reached a moment (start, finish): a program
	// whose date for it is later (a reschedule came first) is refused it.
	At     time.Time `json:",omitempty"`
	Reason string
	Key    string
}

// Subject names the program in the audit log.
func (c ProgramChange) Subject() string { return fmt.Sprintf("program:%d", c.ProgramID) }
