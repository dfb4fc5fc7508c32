package policies

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The yearly competency-development plan of a region (rencana
// pengembangan kompetensi, PP 11/2017 Ps. 205–207): the needs found per
// unit (inventarisasi jenis kompetensi, Ps. 205(1)a, from the gap analyses
// of Ps. 206, often an AKPK), and the plan items that answer them (Ps.
// 207(3): the competency, the target civil servants, the kind of
// development, and its budget), each realised by one or more programs.

// CompetencyKind is the kind of competency a need names (PermenPANRB
// 38/2017): managerial, socio-cultural or technical.
type CompetencyKind string

// Competency kinds; the database checks the same list.
const (
	CompetencyManagerial    CompetencyKind = "manajerial"
	CompetencySocioCultural CompetencyKind = "sosial_kultural"
	CompetencyTechnical     CompetencyKind = "teknis"
)

// CompetencyKinds are the kinds in the order forms list them.
var CompetencyKinds = []CompetencyKind{CompetencyTechnical, CompetencyManagerial, CompetencySocioCultural}

// Valid says whether k is a known kind.
func (k CompetencyKind) Valid() bool { return slices.Contains(CompetencyKinds, k) }

// DevelopmentPath is the route of a development (PP 11/2017 Ps. 210):
// classical (in a class) or non-classical (coaching, mentoring,
// e-learning, secondment…).
type DevelopmentPath string

// Development paths; the database checks the same list.
const (
	PathClassical    DevelopmentPath = "klasikal"
	PathNonClassical DevelopmentPath = "nonklasikal"
)

// DevelopmentPaths are the paths in the order forms list them.
var DevelopmentPaths = []DevelopmentPath{PathClassical, PathNonClassical}

// ProgramKinds are the kinds of training program, in the order forms list them.
var ProgramKinds = []ProgramKind{KindPelatihan, KindWorkshop, KindSeminar, KindLokakarya, KindELearning, KindMentoring, KindSoftSkills}

// Valid says whether k is a known program kind.
func (k ProgramKind) Valid() bool { return slices.Contains(ProgramKinds, k) }

// PlanNeed is one competency need of a unit for a year.
type PlanNeed struct {
	ID             int64           `db:"id" json:"id"`
	Year           int             `db:"year" json:"year"`
	UnitID         int64           `db:"unit_id" json:"unit_id"`
	UnitCode       string          `db:"unit_code" json:"unit"`
	Competency     string          `db:"competency" json:"competency"`
	CompetencyKind CompetencyKind  `db:"competency_kind" json:"competency_kind"`
	Path           DevelopmentPath `db:"path" json:"path"`
	Participants   int             `db:"participants" json:"participants"`
	JP             int             `db:"jp" json:"jp"`
	Note           string          `db:"note" json:"note"`
	Source         string          `db:"source" json:"source"` // manual or akpk
	CreatedAt      time.Time       `db:"created_at" json:"created_at"`
}

// PlanNeedInput is a need entered by hand or read from one AKPK line.
type PlanNeedInput struct {
	Year           int             `json:"year"`
	Unit           string          `json:"unit"` // the unit's code
	Competency     string          `json:"competency"`
	CompetencyKind CompetencyKind  `json:"competency_kind"`
	Path           DevelopmentPath `json:"path"`
	Participants   int             `json:"participants"`
	JP             int             `json:"jp"`
	Note           string          `json:"note" required:"false"`
}

// Limits of a plan's fields.
const (
	maxPlanText         = 300
	maxPlanNote         = 1000
	maxPlanParticipants = 100000
	maxPlanJP           = 1000
	MaxPlanBudget       = 1_000_000_000_000_000 // rupiah: far above any city's yearly budget
)

func planYear(y int) *Error {
	if y < 2000 || y > 2100 {
		return FieldError("year", "tahun rencana harus antara 2000 dan 2100")
	}
	return nil
}

func planText(field, v string, max int, required bool) *Error {
	if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
		return FieldError(field, "isian %s berisi karakter yang tidak sah", field)
	}
	if n := utf8.RuneCountInString(v); (required && n == 0) || n > max {
		if required {
			return FieldError(field, "isian %s wajib diisi (paling banyak %d karakter)", field, max)
		}
		return FieldError(field, "isian %s paling banyak %d karakter", field, max)
	}
	return nil
}

// Problems tidies the input (spaces trimmed, kinds in lower case) and
// returns every field that is wrong, in field order.
func (in *PlanNeedInput) Problems() []*Error {
	in.Unit, in.Competency, in.Note = strings.TrimSpace(in.Unit), strings.TrimSpace(in.Competency), strings.TrimSpace(in.Note)
	in.CompetencyKind = CompetencyKind(strings.ToLower(strings.TrimSpace(string(in.CompetencyKind))))
	in.Path = DevelopmentPath(strings.ToLower(strings.TrimSpace(string(in.Path))))
	var errs problems
	add := errs.add
	add(planYear(in.Year))
	add(planText("unit", in.Unit, maxPlanText, true))
	add(planText("competency", in.Competency, maxPlanText, true))
	if !in.CompetencyKind.Valid() {
		add(FieldError("competency_kind", "jenis kompetensi %q tidak dikenal; gunakan teknis, manajerial atau sosial_kultural", in.CompetencyKind))
	}
	if in.Path != PathClassical && in.Path != PathNonClassical {
		add(FieldError("path", "jalur %q tidak dikenal; gunakan klasikal atau nonklasikal", in.Path))
	}
	if in.Participants < 1 || in.Participants > maxPlanParticipants {
		add(FieldError("participants", "jumlah ASN harus antara 1 dan %d", maxPlanParticipants))
	}
	if in.JP < 1 || in.JP > maxPlanJP {
		add(FieldError("jp", "JP harus antara 1 dan %d", maxPlanJP))
	}
	add(planText("note", in.Note, maxPlanNote, false))
	return errs
}

// Validate tidies the input as Problems does and returns its first problem.
func (in *PlanNeedInput) Validate() error { return problems(in.Problems()).first() }

// problems are an input's field errors, in field order.
type problems []*Error

// add keeps e, if any.
func (p *problems) add(e *Error) {
	if e != nil {
		*p = append(*p, e)
	}
}

// first is the first problem, or nil.
func (p problems) first() error {
	if len(p) > 0 {
		return p[0]
	}
	return nil
}

// PlanItem is one line of the plan: a development the region will run for
// a unit, with its targets and budget, and the programs that realise it.
type PlanItem struct {
	ID                 int64         `db:"id" json:"id"`
	Year               int           `db:"year" json:"year"`
	UnitID             int64         `db:"unit_id" json:"unit_id"`
	UnitCode           string        `db:"unit_code" json:"unit"`
	PolicyID           *int64        `db:"policy_id" json:"policy_id,omitempty"`
	PolicyTitle        string        `db:"policy_title" json:"policy_title,omitempty"`
	Competency         string        `db:"competency" json:"competency"`
	Kind               ProgramKind   `db:"kind" json:"kind"`
	TargetParticipants int           `db:"target_participants" json:"target_participants"`
	TargetJP           int           `db:"target_jp" json:"target_jp"` // per participant
	Budget             int64         `db:"budget" json:"budget"`       // rupiah
	Programs           []PlanProgram `db:"-" json:"programs"`
	CreatedAt          time.Time     `db:"created_at" json:"created_at"`
}

// PlanProgram is a program that realises a plan item.
type PlanProgram struct {
	ItemID      int64     `db:"item_id" json:"-"`
	ProgramID   int64     `db:"program_id" json:"program_id"`
	PolicyID    int64     `db:"policy_id" json:"policy_id"`
	Title       string    `db:"title" json:"title"`
	EndsOn      time.Time `db:"ends_on" json:"ends_on"`
	JP          int       `db:"jp" json:"jp"`
	Status      string    `db:"status" json:"status"`
	Budget      int64     `db:"budget" json:"budget"`           // the program's pagu, rupiah
	Realisation int64     `db:"realisation" json:"realisation"` // what it spent, rupiah
}

// PlanItemInput is a plan item as BKPSDM writes it.
type PlanItemInput struct {
	Year               int         `json:"year"`
	Unit               string      `json:"unit"`                       // the unit's code
	PolicyID           int64       `json:"policy_id" required:"false"` // the policy it implements, or 0
	Competency         string      `json:"competency"`
	Kind               ProgramKind `json:"kind"`
	TargetParticipants int         `json:"target_participants"`
	TargetJP           int         `json:"target_jp"`
	Budget             int64       `json:"budget" required:"false"` // rupiah
}

// Problems tidies the input and returns every field that is wrong.
func (in *PlanItemInput) Problems() []*Error {
	in.Unit, in.Competency = strings.TrimSpace(in.Unit), strings.TrimSpace(in.Competency)
	in.Kind = ProgramKind(strings.ToLower(strings.TrimSpace(string(in.Kind))))
	var errs problems
	add := errs.add
	add(planYear(in.Year))
	add(planText("unit", in.Unit, maxPlanText, true))
	if in.PolicyID < 0 {
		add(FieldError("policy_id", "kebijakan tidak sah"))
	}
	add(planText("competency", in.Competency, maxPlanText, true))
	if !in.Kind.Valid() {
		add(FieldError("kind", "jenis pengembangan %q tidak dikenal", in.Kind))
	}
	if in.TargetParticipants < 1 || in.TargetParticipants > maxPlanParticipants {
		add(FieldError("target_participants", "target peserta harus antara 1 dan %d", maxPlanParticipants))
	}
	if in.TargetJP < 1 || in.TargetJP > maxPlanJP {
		add(FieldError("target_jp", "target JP harus antara 1 dan %d", maxPlanJP))
	}
	if in.Budget < 0 || in.Budget > MaxPlanBudget {
		add(FieldError("budget", "anggaran harus antara 0 dan %d rupiah", int64(MaxPlanBudget)))
	}
	return errs
}

// Validate tidies the input as Problems does and returns its first problem.
func (in *PlanItemInput) Validate() error { return problems(in.Problems()).first() }

// PlanLinkInput names a program that realises a plan item.
type PlanLinkInput struct {
	ItemID    int64 `json:"item_id"`
	ProgramID int64 `json:"program_id"`
}

// Validate names the first missing number.
func (in PlanLinkInput) Validate() error {
	if in.ItemID <= 0 {
		return FieldError("item_id", "butir rencana wajib dipilih")
	}
	if in.ProgramID <= 0 {
		return FieldError("program_id", "program wajib dipilih")
	}
	return nil
}

// PlanUnlinkInput names a program that no longer realises a plan item
// (the item is the URL's).
type PlanUnlinkInput struct {
	ProgramID int64 `json:"program_id"`
}

// Validate names a missing program.
func (in PlanUnlinkInput) Validate() error {
	if in.ProgramID <= 0 {
		return FieldError("program_id", "program wajib dipilih")
	}
	return nil
}

// PlanCompletion is one completed participation in a program that realises
// a plan item: what the plan-versus-realisation report counts.
type PlanCompletion struct {
	ItemID    int64  `db:"item_id"`
	ProgramID int64  `db:"program_id"`
	NIP       string `db:"nip"`
	JP        int    `db:"jp"`
}

// PlanFilter narrows a plan read to a year and, for a unit officer, a unit.
type PlanFilter struct {
	Year   int
	UnitID int64 // 0: the whole region
}

// PlanStore keeps a region's yearly plans. Every write is audited.
type PlanStore interface {
	PlanNeeds(ctx context.Context, regionID int64, f PlanFilter) ([]PlanNeed, error)
	// AddPlanNeeds adds needs (each passed Problems) in one transaction: all
	// or, when a unit is unknown (a field error naming the line), none.
	AddPlanNeeds(ctx context.Context, regionID, actorID int64, source string, in []PlanNeedInput) ([]PlanNeed, error)
	PlanItems(ctx context.Context, regionID int64, f PlanFilter) ([]PlanItem, error) // with their programs
	PlanItemByID(ctx context.Context, regionID, id int64) (PlanItem, error)          // the region's (not found otherwise)
	CreatePlanItem(ctx context.Context, regionID, actorID int64, in PlanItemInput) (PlanItem, error)
	// LinkPlanProgram records that a program realises an item: the item
	// must be the region's (not found otherwise), the program of the same
	// region and unit (and policy, when the item names one), else refused.
	LinkPlanProgram(ctx context.Context, regionID, actorID int64, in PlanLinkInput) (PlanItem, error)
	// UpdatePlanItem changes an item of the region (not found otherwise);
	// a unit or policy its linked programs do not share is a conflict
	// naming the field (unlink them first).
	UpdatePlanItem(ctx context.Context, regionID, actorID, id int64, in PlanItemInput) (PlanItem, error)
	// DeletePlanItem deletes an item of the region that no program
	// realises (a conflict naming them otherwise) and returns it.
	DeletePlanItem(ctx context.Context, regionID, actorID, id int64) (PlanItem, error)
	// UnlinkPlanProgram records that a program no longer realises an item
	// (a link that is not there is not found).
	UnlinkPlanProgram(ctx context.Context, regionID, actorID int64, in PlanLinkInput) (PlanItem, error)
	// PlanCompletions are the completed participations in the programs
	// that realise the region's items of a year.
	PlanCompletions(ctx context.Context, regionID int64, f PlanFilter) ([]PlanCompletion, error)
}
