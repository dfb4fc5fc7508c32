package policies

import (
	"context"
	"time"
)

// ProgramKind is the form of a training program, as the seed documents name them.
type ProgramKind string

// Program kinds. The database checks the same list.
const (
	KindPelatihan  ProgramKind = "pelatihan"
	KindWorkshop   ProgramKind = "workshop"
	KindSeminar    ProgramKind = "seminar"
	KindLokakarya  ProgramKind = "lokakarya"
	KindELearning  ProgramKind = "e_learning"
	KindMentoring  ProgramKind = "mentoring"
	KindSoftSkills ProgramKind = "soft_skills"
)

// Program is a training program run by a unit to implement an approved policy.
type Program struct {
	ID                 int64       `db:"id" json:"id"`
	PolicyID           int64       `db:"policy_id" json:"policy_id"`
	UnitID             int64       `db:"unit_id" json:"unit_id"`
	Kind               ProgramKind `db:"kind" json:"kind"`
	Title              string      `db:"title" json:"title"`
	Partner            string      `db:"partner" json:"partner"`
	StartsOn           time.Time   `db:"starts_on" json:"starts_on"`
	EndsOn             time.Time   `db:"ends_on" json:"ends_on"`
	JP                 int         `db:"jp" json:"jp"`
	TargetParticipants int         `db:"target_participants" json:"target_participants"`
	CreatedAt          time.Time   `db:"created_at" json:"created_at"`
	// Status is set by the program's workflow; StatusReason is why it was
	// last rescheduled or cancelled.
	Status       ProgramStatus `db:"status" json:"status"`
	StatusReason string        `db:"status_reason" json:"status_reason"`
	// Budget (pagu) and Realisation (realisasi), whole rupiah.
	Budget      int64 `db:"budget" json:"budget"`
	Realisation int64 `db:"realisation" json:"realisation"`
	// WorkflowID is the program's workflow ("" for a program recorded
	// without one).
	WorkflowID string `db:"workflow_id" json:"-"`
}

// BudgetOf is the program's budget and realisation.
func (p Program) BudgetOf() ProgramBudget { return ProgramBudget{p.Budget, p.Realisation} }

// Participant is a civil servant (identified by NIP) enrolled in a program.
type Participant struct {
	ID        int64     `db:"id" json:"id"`
	ProgramID int64     `db:"program_id" json:"program_id"`
	NIP       string    `db:"nip" json:"nip"`
	Name      string    `db:"name" json:"name"`
	UnitID    int64     `db:"unit_id" json:"unit_id"`
	Attended  bool      `db:"attended" json:"attended"`
	Completed bool      `db:"completed" json:"completed"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
	// RemovedAt is when the participant was removed, and why: a removed
	// participation counts for nothing.
	RemovedAt     *time.Time `db:"removed_at" json:"removed_at,omitempty"`
	RemovedReason string     `db:"removed_reason" json:"removed_reason,omitempty"`
}

// Removed says whether the participant was removed from the program.
func (p Participant) Removed() bool { return p.RemovedAt != nil }

// ProgramCompletion is how far one program of a policy got: who enrolled,
// who attended and completed, and the learning hours (JP) earned.
type ProgramCompletion struct {
	ProgramID          int64       `db:"program_id" json:"program_id"`
	Title              string      `db:"title" json:"title"`
	Kind               ProgramKind `db:"kind" json:"kind"`
	UnitName           string      `db:"unit_name" json:"unit_name"`
	StartsOn           time.Time   `db:"starts_on" json:"starts_on"`
	EndsOn             time.Time   `db:"ends_on" json:"ends_on"`
	JP                 int         `db:"jp" json:"jp"`
	TargetParticipants int         `db:"target_participants" json:"target_participants"`
	Enrolled           int         `db:"enrolled" json:"enrolled"`
	Attended           int         `db:"attended" json:"attended"`
	Completed          int         `db:"completed" json:"completed"`
	// Earned is the learning hours the program gave: with sessions, the JP
	// of each session attended; without, JP for each completion.
	Earned int `db:"jp_earned" json:"-"`
}

// JPEarned is the learning hours the program gave (Earned).
func (c ProgramCompletion) JPEarned() int { return c.Earned }

// CompletionPercent is completions against the target (or, without a
// target, against those enrolled), 0–100; -1 when there is neither.
func (c ProgramCompletion) CompletionPercent() int {
	base := c.TargetParticipants
	if base == 0 {
		base = c.Enrolled
	}
	if base == 0 {
		return -1
	}
	return min(100, c.Completed*100/base)
}

// JPEntry is one civil servant's participation in a program, for the JP ledger.
type JPEntry struct {
	NIP       string    `db:"nip"`
	Name      string    `db:"name"`
	UnitCode  string    `db:"unit_code"`
	Date      time.Time `db:"ends_on"`
	JP        int       `db:"jp"`
	Completed bool      `db:"completed"`
}

// JPLedgerSource is what a region's JP ledger is computed from.
type JPLedgerSource struct {
	Roster        []RosterPerson  // the active roster: number, name, unit code and kind
	Totals        []JPEntry       // at most two per person, as ProgramStore.JPLedger says
	Learning      []LearningTotal // the year's non-classical learning, per person and kind
	LearningRules []LearningRule  // the conversions the region set (LearningTable fills the rest)
}

// ProgramStore reads the training programs that implement a policy and
// keeps their participants.
type ProgramStore interface {
	ProgramByID(ctx context.Context, id int64) (Program, error)
	Programs(ctx context.Context, policyID int64) ([]Program, error)
	ProgramCompletions(ctx context.Context, policyID int64) ([]ProgramCompletion, error) // by start date
	Participants(ctx context.Context, programID int64) ([]Participant, error)
	// SaveParticipants records participants (all or none): new ones added,
	// removed ones back, held ones changed; each change audited as actorID's.
	SaveParticipants(ctx context.Context, programID, actorID int64, ps []Participant) (int, error)
	// RemoveParticipant removes a participant for a reason, audited.
	RemoveParticipant(ctx context.Context, programID, participantID, actorID int64, reason string) (Participant, error)
	// ProgramSessions returns a program's sessions by number, with how
	// many were present at each.
	ProgramSessions(ctx context.Context, programID int64) ([]ProgramSession, error)
	// AddSession adds a session (numbered after the last), audited.
	AddSession(ctx context.Context, programID, actorID int64, s NewSession) (ProgramSession, error)
	// Attendance returns every attendance mark of a program's sessions.
	Attendance(ctx context.Context, programID int64) ([]AttendanceMark, error)
	// SaveAttendance records marks of the program's sessions (all or
	// none), each change audited.
	SaveAttendance(ctx context.Context, programID, actorID int64, marks []AttendanceMark) (int, error)
	JPEntries(ctx context.Context, regionID int64, year int) ([]JPEntry, error)
	// JPLedger reads, at once, the region's active roster and the JP
	// totals per person: JPEntries summed per person (at most two entries
	// each: the completed JP and the planned JP as of today) that the
	// ledger reads alike.
	JPLedger(ctx context.Context, regionID int64, year int, today time.Time) (JPLedgerSource, error)
	// SetProgramBudget records a program's budget and realisation, audited
	// (not the workflow's: a budget is no part of the program's lifecycle).
	SetProgramBudget(ctx context.Context, programID, actorID int64, b ProgramBudget) (Program, error)
	// ProgramRecipients are the people a program's changes are told to: the
	// organising unit's officers and the participants with an account
	// (by NIP, in the program's region).
	ProgramRecipients(ctx context.Context, programID int64) ([]int64, error)
}

// ProgramRecorder records a training program. Only activities hold this: a
// program is created by its policy's workflow (the "start a program"
// action), so no interface of the web layer includes it.
type ProgramRecorder interface {
	CreateProgramOnce(ctx context.Context, p Program, actorID int64, key, workflowID string) (Program, error) // once per key, audited as actorID's
	// ChangeProgram records an edit, a reschedule or a status change the
	// table allows (a conflict otherwise), audited, once per key.
	ChangeProgram(ctx context.Context, c ProgramChange) (Program, error)
}
