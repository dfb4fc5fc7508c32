package policies

import (
	"context"
	"strings"
	"time"
)

// Paraf: before the Wali Kota signs, the officials concerned initial the
// approved text. Paraf koordinasi is set by the heads of the units whose
// matters the text touches, in any order; paraf hierarki by the officials
// in line above the signer (Kepala Bagian Hukum, Asisten, Sekretaris
// Daerah), one after the other. The region says per legal form who
// initials (ParafStep); each paraf is of one version, with its time and
// the version's SHA-256, so a new version has none. An enactment as a form
// is refused while a step of that form has no paraf on the approved text.

// ParafKind is coordination (in any order) or hierarchy (in sequence).
type ParafKind string

// The kinds. The database checks the same list.
const (
	ParafCoordination ParafKind = "coordination"
	ParafHierarchy    ParafKind = "hierarchy"
)

// ParafKinds lists the kinds in the order forms offer them.
var ParafKinds = []ParafKind{ParafCoordination, ParafHierarchy}

// Valid reports whether k is a known kind.
func (k ParafKind) Valid() bool { return k == ParafCoordination || k == ParafHierarchy }

// Name is the kind as the documents print it: "paraf koordinasi".
func (k ParafKind) Name() string {
	if k == ParafHierarchy {
		return "paraf hierarki"
	}
	return "paraf koordinasi"
}

// MaxParafSteps bounds the steps of one form and kind.
const MaxParafSteps = 20

// ParafStep is one official who initials texts of a legal form.
type ParafStep struct {
	ID       int64     `db:"id" json:"id"`
	RegionID int64     `db:"region_id" json:"region_id"`
	Form     LegalForm `db:"form" json:"form"`
	Kind     ParafKind `db:"kind" json:"kind"`
	// Position orders the hierarchy (1 first); 0 for coordination.
	Position int    `db:"position" json:"position"`
	UserID   int64  `db:"user_id" json:"user_id"`
	UserName string `db:"user_name" json:"user_name"`
	// Office is the office the paraf is given in: "Kepala Bagian Hukum".
	Office string `db:"office" json:"office"`
}

// ParafStepInput is a step as the region's administrator adds it.
type ParafStepInput struct {
	Form     LegalForm `json:"form"`
	Kind     ParafKind `json:"kind"`
	Position int       `json:"position" required:"false"` // hierarchy only: 1 is the first to initial
	UserID   int64     `json:"user_id"`
	Office   string    `json:"office"`
}

// Validate checks a step and trims its office. Whether the person is of
// the region is the store's to say.
func (in *ParafStepInput) Validate() error {
	in.Office = strings.TrimSpace(in.Office)
	switch {
	case !in.Form.Valid():
		return FieldError("form", "bentuk produk hukum harus Peraturan Wali Kota atau Keputusan Wali Kota")
	case !in.Kind.Valid():
		return FieldError("kind", "jenis paraf harus paraf koordinasi atau paraf hierarki")
	case in.Kind == ParafHierarchy && (in.Position < 1 || in.Position > MaxParafSteps):
		return FieldError("position", "urutan paraf hierarki harus 1 sampai %d", MaxParafSteps)
	case in.Kind == ParafCoordination && in.Position != 0:
		return FieldError("position", "paraf koordinasi tidak berurutan: kosongkan urutan")
	case in.UserID <= 0:
		return FieldError("user_id", "pejabat yang memaraf wajib dipilih")
	}
	return checkText("office", in.Office, 200, "jabatan wajib diisi")
}

// Paraf is one official's initials on one version.
type Paraf struct {
	ID            int64     `db:"id" json:"id"`
	PolicyID      int64     `db:"policy_id" json:"policy_id"`
	VersionID     int64     `db:"version_id" json:"-"`
	VersionNumber int       `db:"version_number" json:"version"`
	SHA256        string    `db:"sha256" json:"sha256"`
	StepID        *int64    `db:"step_id" json:"step_id,omitempty"` // nil once the step is removed
	Form          LegalForm `db:"form" json:"form"`
	Kind          ParafKind `db:"kind" json:"kind"`
	Position      int       `db:"position" json:"position"`
	UserID        int64     `db:"user_id" json:"user_id"`
	Name          string    `db:"name" json:"name"`
	Office        string    `db:"office" json:"office"`
	InitialledAt  time.Time `db:"initialled_at" json:"initialled_at"`
}

// ParafInput is a paraf as its official gives it: the step, and the
// SHA-256 of the text they read (a text changed since is refused).
type ParafInput struct {
	StepID        int64  `json:"step_id"`
	VersionSHA256 string `json:"version_sha256"`
}

// Validate checks the paraf's fields.
func (in *ParafInput) Validate() error {
	in.VersionSHA256 = strings.TrimSpace(in.VersionSHA256)
	switch {
	case in.StepID <= 0:
		return FieldError("step_id", "langkah paraf wajib dipilih")
	case !ValidSHA256(in.VersionSHA256):
		return FieldError("version_sha256", "SHA-256 versi yang diparaf tidak sah (64 huruf heksadesimal)")
	}
	return nil
}

// ParafRow is a step with its paraf on one version, if given.
type ParafRow struct {
	ParafStep
	Paraf *Paraf `json:"paraf,omitempty"`
	// Waiting: a hierarchy step whose turn has not come (an earlier one
	// has no paraf yet).
	Waiting bool `json:"waiting,omitempty"`
}

// ParafProgress is where the paraf of a version stands for one form.
type ParafProgress struct {
	Form LegalForm  `json:"form"`
	Rows []ParafRow `json:"steps"`
	// Complete: every step has its paraf (true when the form has none).
	Complete bool `json:"complete"`
	// Since is the time of the last paraf once complete; nil otherwise.
	Since *time.Time `json:"since,omitempty"`
}

// ProgressOf matches a form's steps (coordination first, hierarchy in its
// order) with the parafs given on one version.
func ProgressOf(form LegalForm, steps []ParafStep, given []Paraf) ParafProgress {
	pr := ParafProgress{Form: form, Complete: true, Rows: []ParafRow{}}
	byStep := map[int64]*Paraf{}
	for i := range given {
		if given[i].StepID != nil {
			byStep[*given[i].StepID] = &given[i]
		}
	}
	hierarchyOpen := false
	var last time.Time
	for _, kind := range ParafKinds {
		for _, s := range steps {
			if s.Form != form || s.Kind != kind {
				continue
			}
			row := ParafRow{ParafStep: s, Paraf: byStep[s.ID]}
			if row.Paraf == nil {
				pr.Complete = false
				row.Waiting = kind == ParafHierarchy && hierarchyOpen
				hierarchyOpen = hierarchyOpen || kind == ParafHierarchy
			} else if row.Paraf.InitialledAt.After(last) {
				last = row.Paraf.InitialledAt
			}
			pr.Rows = append(pr.Rows, row)
		}
	}
	if pr.Complete && len(pr.Rows) > 0 {
		pr.Since = &last
	}
	return pr
}

// Missing names the steps without a paraf, as a refusal says them:
// "paraf hierarki Sekretaris Daerah (Budi)".
func (pr ParafProgress) Missing() []string {
	var out []string
	for _, r := range pr.Rows {
		if r.Paraf == nil {
			out = append(out, r.Kind.Name()+" "+r.Office+" ("+r.UserName+")")
		}
	}
	return out
}

// ParafIncomplete is the refusal of an enactment while paraf is missing.
func ParafIncomplete(form LegalForm, missing []string) error {
	return Errorf(KindConflict, "paraf %s belum lengkap: menunggu %s", form.Name(), strings.Join(missing, ", "))
}

// DraftForm is the form a text is drafted in: a Peraturan when it has
// Pasal, otherwise a Keputusan.
func DraftForm(markdown string) LegalForm {
	if len(ParseLegal(markdown).Pasals) > 0 {
		return FormPerwali
	}
	return FormKepwali
}

// ParafStore keeps the region's paraf steps and the parafs given.
type ParafStore interface {
	// ParafSteps lists the region's steps by form, kind and order.
	ParafSteps(ctx context.Context, regionID int64) ([]ParafStep, error)
	// Parafs lists the parafs given on a version, oldest first.
	Parafs(ctx context.Context, versionID int64) ([]Paraf, error)
	// GiveParaf records the actor's paraf on the policy's approved,
	// not yet enacted version, audited: KindForbidden when the step is
	// not the actor's; KindConflict when the text is not that version,
	// the paraf is given already, or an earlier hierarchy step has none.
	GiveParaf(ctx context.Context, regionID, actorID, policyID int64, in ParafInput) (Paraf, error)
}
