package policies

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// LearningKind is a form of non-classical competency development
// (pengembangan kompetensi nonklasikal) that PP 11/2017 (as amended by PP
// 17/2020) and Peraturan LAN 10/2018 name beside classroom training.
type LearningKind string

// The non-classical kinds.
const (
	LearningCoaching          LearningKind = "coaching"
	LearningMentoring         LearningKind = "mentoring"
	LearningELearning         LearningKind = "e_learning"
	LearningDistance          LearningKind = "distance_training"  // pelatihan jarak jauh
	LearningSecondment        LearningKind = "secondment"         // detasering
	LearningOutdoor           LearningKind = "outdoor_learning"   // pembelajaran alam terbuka (outbound)
	LearningBenchmarking      LearningKind = "benchmarking"       // patok banding
	LearningExchange          LearningKind = "exchange"           // pertukaran PNS dengan pegawai swasta/BUMN/BUMD
	LearningSelfStudy         LearningKind = "self_study"         // belajar mandiri
	LearningCommunity         LearningKind = "community"          // komunitas belajar
	LearningWorkplaceGuidance LearningKind = "workplace_guidance" // bimbingan di tempat kerja
	LearningInternship        LearningKind = "internship"         // magang / praktik kerja
)

// LearningKinds lists every non-classical kind, in the order pages show them.
var LearningKinds = []LearningKind{LearningCoaching, LearningMentoring, LearningELearning, LearningDistance, LearningSecondment,
	LearningOutdoor, LearningBenchmarking, LearningExchange, LearningSelfStudy, LearningCommunity, LearningWorkplaceGuidance, LearningInternship}

// Valid reports whether k is one of LearningKinds.
func (k LearningKind) Valid() bool { return slices.Contains(LearningKinds, k) }

// LearningBasis is what a kind's JP are counted from.
type LearningBasis string

// The bases: minutes spent, or activities done.
const (
	BasisMinutes  LearningBasis = "minutes"
	BasisActivity LearningBasis = "activity"
)

// LearningRule is a region's conversion of one kind to JP: by minutes, JP
// JP for every PerMinutes minutes of the year's activities of the kind
// (summed, then rounded down); by activity, JP JP each. MaxJP caps the
// kind's JP a year per person (0: no cap).
type LearningRule struct {
	Kind       LearningKind  `db:"kind" json:"kind"`
	Basis      LearningBasis `db:"basis" json:"basis"`
	PerMinutes int           `db:"per_minutes" json:"per_minutes"`
	JP         int           `db:"jp" json:"jp"`
	MaxJP      int           `db:"max_jp" json:"max_jp"`
}

// DefaultLearningRule is the rule of a kind the region has not set: one JP
// per 45 minutes (the lesson hour of classical training), no cap.
func DefaultLearningRule(k LearningKind) LearningRule {
	return LearningRule{Kind: k, Basis: BasisMinutes, PerMinutes: 45, JP: 1}
}

// LearningTable is a region's rule for every kind: those it set, the
// default for the others, in LearningKinds order.
func LearningTable(set []LearningRule) []LearningRule {
	out := make([]LearningRule, len(LearningKinds))
	for i, k := range LearningKinds {
		out[i] = DefaultLearningRule(k)
		for _, r := range set {
			if r.Kind == k {
				out[i] = r
			}
		}
	}
	return out
}

// JPOf is the JP a person's year of activities of the rule's kind is
// worth: minutes in all, activities in number.
func (r LearningRule) JPOf(minutes, activities int) int {
	var jp int
	switch r.Basis {
	case BasisMinutes:
		if r.PerMinutes > 0 {
			jp = minutes / r.PerMinutes * r.JP
		}
	case BasisActivity:
		jp = activities * r.JP
	}
	if r.MaxJP > 0 && jp > r.MaxJP {
		jp = r.MaxJP
	}
	return jp
}

// Validate checks one rule, naming the field at fault as
// "rules.<kind>.<field>".
func (r LearningRule) Validate() error {
	field := func(f string) string { return "rules." + string(r.Kind) + "." + f }
	switch {
	case !r.Kind.Valid():
		return FieldError("rules.kind", "jenis pembelajaran %q tidak dikenal", r.Kind)
	case r.Basis != BasisMinutes && r.Basis != BasisActivity:
		return FieldError(field("basis"), "dasar konversi %q tidak dikenal; gunakan minutes atau activity", r.Basis)
	case r.PerMinutes < 1 || r.PerMinutes > 6000:
		return FieldError(field("per_minutes"), "menit per konversi harus 1–6000")
	case r.JP < 0 || r.JP > 100:
		return FieldError(field("jp"), "JP per konversi harus 0–100")
	case r.MaxJP < 0 || r.MaxJP > 1000:
		return FieldError(field("max_jp"), "batas JP per tahun harus 0–1000 (0: tanpa batas)")
	}
	return nil
}

// LearningRules is the table a region's administrator saves.
type LearningRules struct {
	Rules []LearningRule `json:"rules"`
}

// Validate checks every rule and that no kind is given twice.
func (in LearningRules) Validate() error {
	seen := map[LearningKind]bool{}
	for _, r := range in.Rules {
		if err := r.Validate(); err != nil {
			return err
		}
		if seen[r.Kind] {
			return FieldError("rules."+string(r.Kind), "jenis pembelajaran %q disebut dua kali", r.Kind)
		}
		seen[r.Kind] = true
	}
	return nil
}

// LearningActivity is one civil servant's non-classical learning, with
// its proof: personal data, read by the region's drafters.
type LearningActivity struct {
	ID            int64        `db:"id" json:"id"`
	NIP           string       `db:"nip" json:"nip"`
	Name          string       `db:"name" json:"name"` // as on the roster
	UnitCode      string       `db:"unit_code" json:"unit_code"`
	Kind          LearningKind `db:"kind" json:"kind"`
	Title         string       `db:"title" json:"title"`
	HeldOn        time.Time    `db:"held_on" json:"held_on"`
	Minutes       int          `db:"minutes" json:"minutes"`
	Proof         string       `db:"proof" json:"proof"`
	CreatedAt     time.Time    `db:"created_at" json:"created_at"`
	RemovedAt     *time.Time   `db:"removed_at" json:"removed_at,omitempty"`
	RemovedReason string       `db:"removed_reason" json:"removed_reason,omitempty"`
}

// LearningInput records one activity of a person on the region's roster.
type LearningInput struct {
	NIP     string       `json:"nip"`
	Kind    LearningKind `json:"kind"`
	Title   string       `json:"title"`
	HeldOn  string       `json:"held_on"` // YYYY-MM-DD
	Minutes int          `json:"minutes"`
	Proof   string       `json:"proof"` // what proves it: a certificate's number, a report, a document's reference
}

// Validate trims the input and checks it, naming the first field at
// fault; it returns the activity's date. Whether the NIP is on the
// region's roster is the store's to say.
func (in *LearningInput) Validate() (time.Time, error) {
	in.NIP = NormalizeNIP(in.NIP)
	in.Title, in.Proof, in.HeldOn = strings.TrimSpace(in.Title), strings.TrimSpace(in.Proof), strings.TrimSpace(in.HeldOn)
	in.Kind = LearningKind(strings.TrimSpace(string(in.Kind)))
	for _, f := range []struct{ field, v string }{{"nip", in.NIP}, {"kind", string(in.Kind)}, {"title", in.Title}, {"held_on", in.HeldOn}, {"proof", in.Proof}} {
		if !utf8.ValidString(f.v) || strings.ContainsRune(f.v, 0) {
			return time.Time{}, FieldError(f.field, "isian %s berisi karakter yang tidak sah", f.field)
		}
	}
	if err := ValidateASNNumber("", in.NIP); err != nil {
		return time.Time{}, err
	}
	if !in.Kind.Valid() {
		return time.Time{}, FieldError("kind", "jenis pembelajaran %q tidak dikenal", in.Kind)
	}
	if n := utf8.RuneCountInString(in.Title); n < 1 || n > 200 {
		return time.Time{}, FieldError("title", "judul kegiatan wajib diisi (paling banyak 200 karakter)")
	}
	day, err := time.Parse(time.DateOnly, in.HeldOn)
	if err != nil || day.Year() < 2000 || day.Year() > 2100 {
		return time.Time{}, FieldError("held_on", "tanggal kegiatan harus berbentuk TTTT-BB-HH")
	}
	if in.Minutes < 1 || in.Minutes > 100000 {
		return time.Time{}, FieldError("minutes", "durasi harus 1–100000 menit")
	}
	if n := utf8.RuneCountInString(in.Proof); n < 1 || n > 1000 {
		return time.Time{}, FieldError("proof", "bukti wajib diisi (paling banyak 1000 karakter)")
	}
	return day, nil
}

// LearningTotal is one person's activities of one kind in a year.
type LearningTotal struct {
	NIP        string       `db:"nip"`
	Name       string       `db:"name"`
	UnitCode   string       `db:"unit_code"`
	Kind       LearningKind `db:"kind"`
	Minutes    int          `db:"minutes"`
	Activities int          `db:"activities"`
	LastOn     time.Time    `db:"last_on"`
}

// LearningStore keeps a region's conversion table and its people's
// non-classical learning. Every write is audited.
type LearningStore interface {
	LearningRules(ctx context.Context, regionID int64) ([]LearningRule, error) // those the region set
	SaveLearningRules(ctx context.Context, regionID, actorID int64, in LearningRules) ([]LearningRule, error)
	// LearningActivities are the region's activities held in year, removed
	// ones included, newest first.
	LearningActivities(ctx context.Context, regionID int64, year int) ([]LearningActivity, error)
	// LearningActivityByID is one of the region's activities; another
	// region's is not found.
	LearningActivityByID(ctx context.Context, regionID, id int64) (LearningActivity, error)
	// AddLearningActivity records an activity; in passed Validate; a NIP
	// not on the region's roster is a field error on nip.
	AddLearningActivity(ctx context.Context, regionID, actorID int64, in LearningInput) (LearningActivity, error)
	// RemoveLearningActivity removes one for a reason; another region's is
	// not found, one already removed a conflict.
	RemoveLearningActivity(ctx context.Context, regionID, actorID, id int64, reason string) (LearningActivity, error)
}
