package policies

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// JDIH (Jaringan Dokumentasi dan Informasi Hukum): an enacted policy is a
// regional legal product, described by metadata per Permenkumham 8/2019
// and related to the products it amends or repeals. The legal unit of the
// region (role legal) records the relations and edits the metadata; the
// fields that come from the enactment record (jenis, nomor, tahun,
// tanggal penetapan, pengundangan, penandatangan) are never typed again.

// RelationKind is how one policy acts on another.
type RelationKind string

// The relation kinds. The database checks the same list.
const (
	RelAmends  RelationKind = "mengubah" // the from policy amends the to policy
	RelRepeals RelationKind = "mencabut" // the from policy repeals the to policy
)

// RelationKinds lists the kinds in the order forms offer them.
var RelationKinds = []RelationKind{RelAmends, RelRepeals}

// Valid reports whether k is a known kind.
func (k RelationKind) Valid() bool { return k == RelAmends || k == RelRepeals }

// Wording is the relation as the acting policy says it: "Mengubah".
func (k RelationKind) Wording() string {
	switch k {
	case RelAmends:
		return "Mengubah"
	case RelRepeals:
		return "Mencabut"
	}
	return ""
}

// Inverse is the relation as the policy acted on says it: "Diubah dengan",
// "Dicabut dengan".
func (k RelationKind) Inverse() string {
	switch k {
	case RelAmends:
		return "Diubah dengan"
	case RelRepeals:
		return "Dicabut dengan"
	}
	return ""
}

// PolicyRelation is one relation, with what a page needs to name both
// policies: their titles, whether each may be read by the public (its
// status and text in force) and, once enacted, its label.
type PolicyRelation struct {
	ID           int64        `db:"id" json:"id"`
	RegionID     int64        `db:"region_id" json:"region_id"`
	FromPolicyID int64        `db:"from_policy_id" json:"from_policy_id"`
	ToPolicyID   int64        `db:"to_policy_id" json:"to_policy_id"`
	Kind         RelationKind `db:"kind" json:"kind"`
	CreatedBy    int64        `db:"created_by" json:"-"`
	CreatedAt    time.Time    `db:"created_at" json:"created_at"`

	FromTitle   string `db:"from_title" json:"from_title"`
	FromStatus  Status `db:"from_status" json:"-"`
	FromInForce bool   `db:"from_in_force" json:"-"`
	FromLabel   string `db:"-" json:"from_label,omitempty"` // "Peraturan Wali Kota Sawahlunto Nomor 4 Tahun 2026"
	FromEnacted bool   `db:"-" json:"from_enacted"`
	ToTitle     string `db:"to_title" json:"to_title"`
	ToStatus    Status `db:"to_status" json:"-"`
	ToInForce   bool   `db:"to_in_force" json:"-"`
	ToLabel     string `db:"-" json:"to_label,omitempty"`
	ToEnacted   bool   `db:"-" json:"to_enacted"`
}

// RelationInput is a relation as the legal unit records it, from the
// policy in the URL (the one that amends or repeals) to another.
type RelationInput struct {
	ToPolicyID int64        `json:"to_policy_id"`
	Kind       RelationKind `json:"kind"`
}

// Validate checks the input's fields, naming the first one at fault.
func (in RelationInput) Validate(fromPolicyID int64) error {
	switch {
	case !in.Kind.Valid():
		return FieldError("kind", "jenis relasi tidak dikenal: pilih mengubah atau mencabut")
	case in.ToPolicyID <= 0:
		return FieldError("to_policy_id", "kebijakan yang diubah atau dicabut wajib dipilih")
	case in.ToPolicyID == fromPolicyID:
		return FieldError("to_policy_id", "kebijakan tidak dapat mengubah atau mencabut dirinya sendiri")
	}
	return nil
}

// The JDIH statuses (status peraturan). A product repealed by an enacted
// product is "Dicabut" whatever was edited; the feed says "Tidak Berlaku"
// for it, as JDIHN counts statuses.
const (
	JDIHInForce    = "Berlaku"
	JDIHNotInForce = "Tidak Berlaku"
	JDIHAmended    = "Diubah"
	JDIHRepealed   = "Dicabut"
	// JDIHNotYetInForce is the status of a product enacted but not yet in
	// force (not promulgated, or its date of taking effect still ahead):
	// derived, never chosen.
	JDIHNotYetInForce = "Belum Berlaku"
)

// JDIHStatuses lists the statuses the legal unit may choose.
var JDIHStatuses = []string{JDIHInForce, JDIHNotInForce, JDIHAmended, JDIHRepealed}

// JDIHLanguages lists the languages (bahasa) a product may be in.
var JDIHLanguages = []string{"Indonesia", "Inggris", "Indonesia dan Inggris"}

// Default metadata values.
const (
	DefaultBidangHukum = "Hukum Administrasi Negara"
	DefaultBahasa      = "Indonesia"
)

// Limits of the editable metadata, in characters.
const (
	MaxJDIHShort   = 200 // teu_badan, bidang_hukum, lokasi
	MaxJDIHSubjek  = 300
	MaxJDIHSumber  = 300
	MaxJDIHAbstrak = 4000
)

// JDIHInput is the editable part of the metadata.
type JDIHInput struct {
	TEUBadan    string `json:"teu_badan"`
	Subjek      string `json:"subjek"`
	BidangHukum string `json:"bidang_hukum"`
	Bahasa      string `json:"bahasa"`
	Lokasi      string `json:"lokasi"`
	Sumber      string `json:"sumber" required:"false"`
	Status      string `json:"status"`
	Abstrak     string `json:"abstrak" required:"false"`
}

// Validate checks the metadata, naming the first field at fault: the
// required ones non-empty, every one within its length, the status and the
// language from their lists.
func (in JDIHInput) Validate() error {
	for _, f := range []struct {
		name, value string
		max         int
		required    bool
	}{
		{"teu_badan", in.TEUBadan, MaxJDIHShort, true},
		{"subjek", in.Subjek, MaxJDIHSubjek, true},
		{"bidang_hukum", in.BidangHukum, MaxJDIHShort, true},
		{"bahasa", in.Bahasa, MaxJDIHShort, true},
		{"lokasi", in.Lokasi, MaxJDIHShort, true},
		{"sumber", in.Sumber, MaxJDIHSumber, false},
		{"status", in.Status, MaxJDIHShort, true},
		{"abstrak", in.Abstrak, MaxJDIHAbstrak, false},
	} {
		switch {
		case !utf8.ValidString(f.value) || strings.ContainsRune(f.value, 0):
			return FieldError(f.name, "teks tidak sah")
		case f.required && strings.TrimSpace(f.value) == "":
			return FieldError(f.name, "%s wajib diisi", jdihFieldLabel(f.name))
		case utf8.RuneCountInString(f.value) > f.max:
			return FieldError(f.name, "%s paling banyak %d karakter", jdihFieldLabel(f.name), f.max)
		}
	}
	if !slices.Contains(JDIHStatuses, in.Status) {
		return FieldError("status", "status tidak dikenal: pilih Berlaku, Tidak Berlaku, Diubah atau Dicabut")
	}
	if !slices.Contains(JDIHLanguages, in.Bahasa) {
		return FieldError("bahasa", "bahasa tidak dikenal: pilih Indonesia, Inggris atau Indonesia dan Inggris")
	}
	return nil
}

// JDIHMetadata is an enacted policy's metadata: the editable fields (their
// defaults when nothing was saved) and those derived from its latest
// enactment.
type JDIHMetadata struct {
	PolicyID     int64  `json:"policy_id"`
	RegionID     int64  `json:"region_id"`
	RegionName   string `json:"region_name"`
	PolicyStatus Status `json:"-"`
	JDIHInput
	// Derived from the enactment record.
	Form                 LegalForm  `json:"form"`
	Jenis                string     `json:"jenis"`           // "Peraturan Wali Kota"
	SingkatanJenis       string     `json:"singkatan_jenis"` // "Perwali"
	Nomor                int        `json:"nomor"`
	Tahun                int        `json:"tahun"`
	Judul                string     `json:"judul"`
	Label                string     `json:"label"` // "Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026"
	TempatPenetapan      string     `json:"tempat_penetapan"`
	TanggalPenetapan     string     `json:"tanggal_penetapan"`    // YYYY-MM-DD
	TanggalPengundangan  string     `json:"tanggal_pengundangan"` // YYYY-MM-DD, "" before promulgation
	TahunPengundangan    int        `json:"tahun_pengundangan,omitempty"`
	Penandatangan        string     `json:"penandatangan"`
	JabatanPenandatangan string     `json:"jabatan_penandatangan"` // "Plt. Wali Kota Sawahlunto"
	VersionNumber        int        `json:"version_number"`        // the enacted version
	EnactedOn            time.Time  `json:"-"`
	PromulgatedOn        *time.Time `json:"-"`
	// Edited: the legal unit saved the metadata (else they are defaults).
	Edited    bool       `json:"edited"`
	UpdatedAt *time.Time `json:"updated_at,omitempty"`
	// Repealed and Amended: by a product in force (policy_relations): an
	// enacted Peraturan repeals nothing before it takes effect.
	Repealed bool `json:"repealed"`
	Amended  bool `json:"amended"`
	// LegalStage is where the enacted version stands today: enacted,
	// promulgated (taking effect later) or in force; TanggalBerlaku the
	// day it takes (or took) effect, once known.
	LegalStage     LegalStage `json:"legal_stage"`
	TanggalBerlaku string     `json:"tanggal_berlaku,omitempty"` // YYYY-MM-DD
}

// JDIHDefaults are the metadata of an enacted product nobody edited.
// sumber is "BD Kota Sawahlunto Tahun 2026 No. 12" once promulgated.
func JDIHDefaults(regionName, title string, gazetteYear, gazetteNumber *int) JDIHInput {
	in := JDIHInput{TEUBadan: regionName, Subjek: SubjectOf(title), BidangHukum: DefaultBidangHukum,
		Bahasa: DefaultBahasa, Lokasi: regionName, Status: JDIHInForce}
	if gazetteYear != nil && gazetteNumber != nil {
		in.Sumber = "BD " + regionName + " Tahun " + strconv.Itoa(*gazetteYear) + " No. " + strconv.Itoa(*gazetteNumber)
	}
	return in
}

// AboutOf is what a product is about: the part of its title after its
// first "tentang" ("PERATURAN WALI KOTA … TENTANG PENGEMBANGAN KOMPETENSI"
// is about "PENGEMBANGAN KOMPETENSI"), or the whole title without one.
func AboutOf(title string) string {
	t := strings.TrimSpace(title)
	low := strings.ToLower(t)
	if strings.HasPrefix(low, "tentang ") {
		return strings.TrimSpace(t[len("tentang "):])
	}
	if i := strings.Index(low, " tentang "); i >= 0 && len(low) == len(t) {
		return strings.TrimSpace(t[i+len(" tentang "):])
	}
	return t
}

// SubjectOf is the default subject of a product: what it is about
// (AboutOf), in capitals, at most MaxJDIHSubjek characters.
func SubjectOf(title string) string {
	t := strings.ToUpper(AboutOf(title))
	if utf8.RuneCountInString(t) > MaxJDIHSubjek {
		t = string([]rune(t)[:MaxJDIHSubjek])
	}
	if t == "" {
		t = "-"
	}
	return t
}

// EffectiveStatus is the product's JDIH status: "Dicabut" when an enacted
// product repeals it, else "Belum Berlaku" while it is not in force (UU
// 12/2011 Pasal 87: not before its promulgation), else what the legal
// unit chose (unless that is "Berlaku" and an enacted product amends it),
// else "Diubah" when an enacted product amends it, else "Berlaku".
func (m JDIHMetadata) EffectiveStatus() string {
	switch {
	case m.Repealed:
		return JDIHRepealed
	case m.LegalStage != LegalInForce:
		return JDIHNotYetInForce
	case m.Edited && !(m.Amended && m.Status == JDIHInForce):
		// A "Berlaku" saved before an amendment was enacted does not hide it.
		return m.Status
	case m.Amended:
		return JDIHAmended
	}
	return JDIHInForce
}

// FeedStatus is the status as the JDIHN feed counts it: "Berlaku" or
// "Tidak Berlaku" (a repealed product is no longer in force, nor is one not
// yet promulgated; an amended one is).
func (m JDIHMetadata) FeedStatus() string {
	switch m.EffectiveStatus() {
	case JDIHRepealed, JDIHNotInForce, JDIHNotYetInForce:
		return JDIHNotInForce
	}
	return JDIHInForce
}

// ProdukHukumFilter narrows the public list of legal products.
type ProdukHukumFilter struct {
	RegionID int64
	Year     int
	Form     LegalForm
	Statuses []Status // the policy statuses the public may read
	Limit    int
	Offset   int
}

// JDIHStore keeps relations between policies and the JDIH metadata.
type JDIHStore interface {
	// AddRelation records that the policy fromPolicyID (of regionID)
	// amends or repeals another policy of the same region. KindNotFound
	// when the from policy is not the region's; KindInvalid naming
	// to_policy_id when the other is not; KindConflict when recorded already.
	AddRelation(ctx context.Context, regionID, actorID, fromPolicyID int64, in RelationInput) (PolicyRelation, error)
	// DeleteRelation removes a relation of the region that involves the
	// policy; KindNotFound when there is none.
	DeleteRelation(ctx context.Context, regionID, actorID, policyID, relationID int64) error
	// Relations lists the relations a policy is in, both directions, oldest first.
	Relations(ctx context.Context, policyID int64) ([]PolicyRelation, error)
	// JDIHMetadata is the metadata of a policy's latest enactment;
	// KindNotFound when it was never enacted.
	JDIHMetadata(ctx context.Context, policyID int64) (JDIHMetadata, error)
	// SaveJDIHMetadata stores the edited metadata of an enacted policy of
	// the region; KindConflict when it was never enacted.
	SaveJDIHMetadata(ctx context.Context, regionID, actorID, policyID int64, in JDIHInput) (JDIHMetadata, error)
	// ProdukHukum lists enacted policies (their latest enactment), newest
	// enactment first, with the total.
	ProdukHukum(ctx context.Context, f ProdukHukumFilter) ([]JDIHMetadata, int, error)
}

// jdihFieldLabel is a metadata field as the form names it ("bidang hukum").
func jdihFieldLabel(name string) string {
	if name == "teu_badan" {
		return "T.E.U. badan"
	}
	return strings.ReplaceAll(name, "_", " ")
}
