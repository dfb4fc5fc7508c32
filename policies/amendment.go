package policies

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/policyflow/policyflow/consolidate"
)

// Amendment instructions (issue 27): a policy that amends an in-force
// Peraturan Wali Kota (a "mengubah" relation, jdih.go) keeps the points
// of its Pasal I as data: the provision each changes, the operation and
// the new text. Each point is checked against the amended text as it
// stands (CheckAmendment), and the amending act's text is made from them
// (AmendingText, amendment_text.go). The consolidated text of the amended
// act is computed from them by package consolidate, never kept.

// AmendmentOp is what a point does, in the words of UU 12/2011 Lampiran II.
type AmendmentOp string

// The operations. The database checks the same list.
const (
	AmendReplace AmendmentOp = "ubah"     // "Ketentuan Pasal 4 diubah sehingga berbunyi sebagai berikut:"
	AmendInsert  AmendmentOp = "sisipkan" // "Di antara Pasal 4 dan Pasal 5 disisipkan 1 (satu) pasal, yakni Pasal 4A …"; "Di antara ayat (1) dan ayat (2) Pasal 4 disisipkan 1 (satu) ayat, yakni ayat (1a) …"
	AmendRepeal  AmendmentOp = "hapus"    // "Pasal 7 dihapus."
)

// AmendmentOps lists the operations in the order forms offer them.
var AmendmentOps = []AmendmentOp{AmendReplace, AmendInsert, AmendRepeal}

// MaxAmendmentText is the longest new text of one point, in characters.
const MaxAmendmentText = 20000

// AmendmentInput is one point as the drafter writes it.
type AmendmentInput struct {
	Op    AmendmentOp `json:"op"`
	Pasal string      `json:"pasal"`                           // "4", or the new number "4A" (sisipkan)
	Ayat  int         `json:"ayat,omitempty" required:"false"` // > 0: one ayat of the Pasal (ubah, hapus); sisipkan: the new ayat's number (1 of 1a)
	// AyatLetter is the small letter of an ayat inserted by an amendment:
	// "a" of ayat (1a); sisipkan with an ayat needs one.
	AyatLetter string `json:"ayat_letter,omitempty" required:"false"`
	After      string `json:"after,omitempty" required:"false"` // sisipkan of a Pasal: the Pasal the new one follows ("4")
	Text       string `json:"text,omitempty" required:"false"`  // the new text (ubah, sisipkan)
}

// ayatLetterRe is an ayat's letter: none, or one small letter.
var ayatLetterRe = regexp.MustCompile(`^[a-z]?$`)

// Validate trims the input and checks it alone, naming the first field at
// fault; whether it fits the amended text is CheckAmendment's to say.
func (in *AmendmentInput) Validate() error {
	in.Pasal, in.After, in.Text = strings.TrimSpace(in.Pasal), strings.TrimSpace(in.After), strings.TrimSpace(strings.ReplaceAll(in.Text, "\r\n", "\n"))
	in.AyatLetter = strings.TrimSpace(in.AyatLetter)
	if !slices.Contains(AmendmentOps, in.Op) {
		return FieldError("op", "jenis perubahan tidak dikenal: pilih ubah, sisipkan atau hapus")
	}
	if _, err := consolidate.ParseNumber(in.Pasal); err != nil {
		return FieldError("pasal", "nomor Pasal %q tidak sah: tulis angka, dan untuk Pasal sisipan huruf kapital (4A)", in.Pasal)
	}
	if in.Ayat < 0 || in.Ayat > 999 {
		return FieldError("ayat", "nomor ayat harus bilangan bulat positif (kosongkan untuk seluruh Pasal)")
	}
	if !ayatLetterRe.MatchString(in.AyatLetter) || (in.AyatLetter != "" && in.Ayat == 0) {
		return FieldError("ayat_letter", "huruf ayat sisipan satu huruf kecil sesudah nomor ayat (1a)")
	}
	switch in.Op {
	case AmendInsert:
		if in.Ayat > 0 { // an ayat of the Pasal: its place is its number (1a after 1)
			if in.AyatLetter == "" {
				return FieldError("ayat_letter", "ayat sisipan bernomor ayat sebelumnya dengan huruf kecil (1a sesudah ayat (1)): isi hurufnya")
			}
			if in.After != "" {
				return FieldError("after", "penyisipan ayat tidak memakai Pasal sebelumnya: kosongkan")
			}
			break
		}
		if _, err := consolidate.ParseNumber(in.After); err != nil {
			return FieldError("after", "Pasal sesudah mana Pasal baru disisipkan wajib diisi (mis. 4 untuk Pasal 4A)")
		}
	default:
		if in.After != "" {
			return FieldError("after", "Pasal sebelumnya hanya diisi untuk penyisipan")
		}
	}
	switch {
	case in.Op == AmendRepeal && in.Text != "":
		return FieldError("text", "penghapusan tidak membawa teks baru: kosongkan teksnya")
	case in.Op != AmendRepeal && in.Text == "":
		return FieldError("text", "teks baru wajib diisi")
	case utf8.RuneCountInString(in.Text) > MaxAmendmentText:
		return FieldError("text", "teks baru paling banyak %d karakter", MaxAmendmentText)
	}
	return nil
}

// AmendmentInstruction is one stored point of an amending policy.
type AmendmentInstruction struct {
	ID             int64       `db:"id" json:"id"`
	RegionID       int64       `db:"region_id" json:"-"`
	PolicyID       int64       `db:"policy_id" json:"policy_id"`               // the amending act
	TargetPolicyID int64       `db:"target_policy_id" json:"target_policy_id"` // the act it amends
	Position       int         `db:"position" json:"position"`                 // its number in Pasal I
	Op             AmendmentOp `db:"op" json:"op"`
	Pasal          string      `db:"pasal" json:"pasal"`
	Ayat           int         `db:"ayat" json:"ayat,omitempty"`
	AyatLetter     string      `db:"ayat_letter" json:"ayat_letter,omitempty"` // "a" of an inserted ayat (1a)
	After          string      `db:"after_pasal" json:"after,omitempty"`
	Text           string      `db:"body" json:"text,omitempty"`
	// Expect is the target's text when the point was written: a point
	// whose target an earlier amendment changed since is reported, not
	// applied (consolidate.TargetChanged).
	Expect    string    `db:"expect" json:"-"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
}

// Label cites the point's target: "Pasal 4A", "Pasal 4 ayat (2)".
func (a AmendmentInstruction) Label() string {
	n, _ := consolidate.ParseNumber(a.Pasal)
	return consolidate.AyatLabel(n, a.Ayat, a.AyatLetter)
}

// Instruction is the point for the consolidation engine, from act.
func (a AmendmentInstruction) Instruction(act consolidate.Act) consolidate.Instruction {
	ops := map[AmendmentOp]consolidate.Op{AmendReplace: consolidate.Replace, AmendInsert: consolidate.Insert, AmendRepeal: consolidate.Repeal}
	pasal, _ := consolidate.ParseNumber(a.Pasal)
	after, _ := consolidate.ParseNumber(a.After)
	return consolidate.Instruction{Act: act, Op: ops[a.Op], Pasal: pasal, Ayat: a.Ayat, AyatLetter: a.AyatLetter, After: after, Text: a.Text, Expect: a.Expect}
}

// draftInstructions are points of one act not yet in force, as the
// engine takes them to check and show a draft (in force from the zero day).
func draftInstructions(ins []AmendmentInstruction) []consolidate.Instruction {
	out := make([]consolidate.Instruction, len(ins))
	for i, a := range ins {
		out[i] = a.Instruction(consolidate.Act{})
	}
	return out
}

// CheckAmendment checks a new point (in, validated) against base, the
// amended act's text as it stands, after the draft's earlier points: its
// target exists and is not repealed, an inserted number is free and
// sorts between its neighbours (4A between 4 and 5), its text keeps the
// structure. It answers the target's text the point expects (for ubah and
// hapus), or KindInvalid naming the field at fault.
func CheckAmendment(base string, earlier []AmendmentInstruction, in AmendmentInput) (string, error) {
	now := consolidate.Consolidate(base, draftInstructions(earlier), time.Time{}).Text
	point := AmendmentInstruction{Op: in.Op, Pasal: in.Pasal, Ayat: in.Ayat, AyatLetter: in.AyatLetter, After: in.After, Text: in.Text}
	r := consolidate.Consolidate(now, []consolidate.Instruction{point.Instruction(consolidate.Act{})}, time.Time{})
	if len(r.Misfits) == 0 {
		if in.Op == AmendInsert {
			return "", nil
		}
		n, _ := consolidate.ParseNumber(in.Pasal)
		expect, _ := consolidate.AyatBody(now, n, in.Ayat, in.AyatLetter)
		return expect, nil
	}
	label := point.Label()
	if in.Op == AmendInsert && in.Ayat > 0 {
		return "", ayatInsertMisfit(now, in, label, r.Misfits[0].Reason)
	}
	switch r.Misfits[0].Reason {
	case consolidate.TargetMissing:
		if in.Op == AmendInsert {
			return "", FieldError("after", "Pasal %s, sesudah mana Pasal %s disisipkan, tidak ada dalam teks yang diubah", in.After, in.Pasal)
		}
		if n, _ := consolidate.ParseNumber(in.Pasal); in.Ayat > 0 {
			if _, ok := consolidate.Body(now, n, 0); ok {
				return "", FieldError("ayat", "%s tidak ada dalam teks yang diubah", label)
			}
		}
		return "", FieldError("pasal", "Pasal %s tidak ada dalam teks yang diubah", in.Pasal)
	case consolidate.TargetRepealed:
		return "", FieldError("pasal", "%s sudah dihapus", label)
	case consolidate.NumberTaken:
		return "", FieldError("pasal", "Pasal %s sudah ada dalam teks yang diubah: pilih nomor sisipan berikutnya", in.Pasal)
	case consolidate.NumberMisfit:
		return "", FieldError("pasal", "Pasal %s tidak dapat disisipkan sesudah Pasal %s: Pasal sisipan bernomor Pasal sebelumnya dengan huruf kapital berikutnya (4A sesudah Pasal 4, 4B sesudah Pasal 4A) dan terletak sebelum Pasal berikutnya", in.Pasal, in.After)
	case consolidate.BadText:
		return "", FieldError("text", "teks baru tidak boleh memuat judul (#) atau blok kode, dan teks satu ayat tidak memulai ayat lain")
	}
	return "", FieldError("op", "perubahan ini tidak dapat diterapkan pada teks yang diubah")
}

// ayatInsertMisfit is why an ayat cannot be inserted, naming the field.
func ayatInsertMisfit(now string, in AmendmentInput, label string, reason consolidate.Reason) error {
	n, _ := consolidate.ParseNumber(in.Pasal)
	switch reason {
	case consolidate.TargetMissing:
		if _, ok := consolidate.Body(now, n, 0); !ok {
			return FieldError("pasal", "Pasal %s tidak ada dalam teks yang diubah", in.Pasal)
		}
		before := strconv.Itoa(in.Ayat)
		if in.AyatLetter > "a" {
			before += string(rune(in.AyatLetter[0] - 1))
		}
		return FieldError("ayat", "%s tidak dapat disisipkan: ayat (%s) sebelumnya tidak ada dalam Pasal %s", label, before, in.Pasal)
	case consolidate.TargetRepealed:
		return FieldError("pasal", "Pasal %s sudah dihapus", in.Pasal)
	case consolidate.NumberTaken:
		return FieldError("ayat_letter", "%s sudah ada dalam teks yang diubah: pilih huruf berikutnya", label)
	case consolidate.NumberMisfit:
		return FieldError("ayat_letter", "%s tidak terletak sebelum ayat berikutnya Pasal %s: ayat sisipan bernomor ayat sebelumnya dengan huruf kecil berikutnya (1a sesudah ayat (1), 1b sesudah ayat (1a))", label, in.Pasal)
	case consolidate.BadText:
		return FieldError("text", "teks baru tidak boleh memuat judul (#) atau blok kode, dan teks satu ayat tidak memulai ayat lain")
	}
	return FieldError("op", "perubahan ini tidak dapat diterapkan pada teks yang diubah")
}

// AmendmentEditable reports whether the points of an amending policy in
// status s may change: while its text is drafted, not once it is in
// approval or approved (the workflow owns the status: this only reads it).
func AmendmentEditable(s Status) bool {
	return s == StatusDraft || s == StatusConsultation || s == StatusDrafting || s == StatusRevision
}

// AmendmentStore keeps the points of amending policies.
type AmendmentStore interface {
	// AmendmentInstructions lists an amending policy's points in order.
	AmendmentInstructions(ctx context.Context, policyID int64) ([]AmendmentInstruction, error)
	// AmendmentsOf lists the points of every policy that amends target,
	// by amending policy and position.
	AmendmentsOf(ctx context.Context, targetPolicyID int64) ([]AmendmentInstruction, error)
	// AddAmendmentInstruction appends a point (with the text it expects of
	// its target) to the policy of the region, audited; KindConflict when
	// the policy's status no longer lets its points change (read under
	// the policy's lock) or another point was added since the drafter read
	// count of them.
	AddAmendmentInstruction(ctx context.Context, regionID, actorID, policyID, targetID int64, count int, in AmendmentInput, expect string) (AmendmentInstruction, error)
	// DeleteAmendmentInstruction removes a point, renumbering the later
	// ones, audited; KindNotFound when the policy has no such point,
	// KindConflict when its points may no longer change.
	DeleteAmendmentInstruction(ctx context.Context, regionID, actorID, policyID, id int64) error
}
