package policies

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The mandate of acting officials (issue 23): who may stand in for whom,
// for how long, and which acts a Plt., a Plh. or a signer "a.n." may not
// do. Each region keeps its own rules; until its administrator edits them
// it follows DefaultActingRules, whose sources the README cites.

// ActingAct is an act the region's rules may bar an acting official from.
type ActingAct string

// The acts the rules know.
const (
	// ActingActEnactPeraturan is enacting (signing) a Peraturan Wali Kota.
	ActingActEnactPeraturan ActingAct = "enact_peraturan"
	// ActingActStrategic is signing a Keputusan that changes legal status in
	// organisation, staffing or budget (UU 30/2014 Pasal 14 ayat (7)).
	ActingActStrategic ActingAct = "strategic"
	// ActingActApprove is deciding a stage of an approval chain for the principal.
	ActingActApprove ActingAct = "approve"
)

// ActingActs lists the acts in the order pages show them.
var ActingActs = []ActingAct{ActingActEnactPeraturan, ActingActStrategic, ActingActApprove}

// Citations of the defaults, shown with every refusal.
const (
	BasisHeadOfRegion = "UU 23/2014 Pasal 65 ayat (4) dan Pasal 66 ayat (1) huruf c"
	BasisSekdaDaily   = "UU 23/2014 Pasal 65 ayat (5) dan (6)"
	BasisMandate      = "UU 30/2014 Pasal 14 ayat (7)"
	BasisNoAN         = "UU 12/2011 Pasal 1 angka 2 dan Pasal 8; Permendagri 80/2015 (produk hukum daerah)"
)

// Offices as the defaults name them (user titles are matched to them
// without the region's name, case and spacing aside).
const (
	OfficeWaliKota  = "Wali Kota"
	OfficeWakil     = "Wakil Wali Kota"
	OfficeSekda     = "Sekretaris Daerah"
	maxStandIns     = 50
	maxOfficeLength = 200
)

// ActingStandIn says that the holder of office Acting may stand in for the
// holder of office Principal, as the kinds listed. An office named as a
// Principal in any stand-in is stood in for only as its stand-ins say;
// another office follows the general rules of the civil service, which the
// region records with each appointment.
type ActingStandIn struct {
	Principal string       `json:"principal"`
	Acting    string       `json:"acting"`
	Kinds     []ActingKind `json:"kinds" minItems:"1"`
	Basis     string       `json:"basis" required:"false"` // its legal source
}

// ActingBar bars the holders (plt, plh, an) from an act.
type ActingBar struct {
	Act     ActingAct      `json:"act"`
	Holders []SignCapacity `json:"holders"`
}

// ActingRules are a region's rules for acting officials.
type ActingRules struct {
	StandIns []ActingStandIn `json:"stand_ins"`
	// PltMaxMonths and PlhMaxDays are the longest term one mandate letter
	// may give (0: no limit).
	PltMaxMonths int         `json:"plt_max_months"`
	PlhMaxDays   int         `json:"plh_max_days"`
	Bars         []ActingBar `json:"bars" required:"false"` // omitted: no act barred
}

// RegionActingRules are the rules a region follows, and whether they are
// still the defaults.
type RegionActingRules struct {
	ActingRules
	Default   bool       `json:"default"`
	UpdatedAt *time.Time `json:"updated_at,omitempty"`
}

// DefaultActingRules are the rules a region follows until its
// administrator edits them: the Wakil Wali Kota stands in for the Wali
// Kota as Plt. or Plh.; the Sekretaris Daerah only as Plh., for daily
// tasks; a Plt. for 3 months and a Plh. for 30 days per letter; no Plt.,
// Plh. or a.n. signer enacts a Peraturan or signs a strategic Keputusan.
func DefaultActingRules() ActingRules {
	return ActingRules{
		StandIns: []ActingStandIn{
			{Principal: OfficeWaliKota, Acting: OfficeWakil, Kinds: []ActingKind{ActingPlt, ActingPlh}, Basis: BasisHeadOfRegion},
			{Principal: OfficeWaliKota, Acting: OfficeSekda, Kinds: []ActingKind{ActingPlh}, Basis: BasisSekdaDaily},
		},
		PltMaxMonths: 3,
		PlhMaxDays:   30,
		Bars: []ActingBar{
			{Act: ActingActEnactPeraturan, Holders: []SignCapacity{SignPlt, SignPlh}},
			{Act: ActingActStrategic, Holders: []SignCapacity{SignPlt, SignPlh, SignOnBehalf}},
		},
	}
}

// Valid reports whether a is a known act.
func (a ActingAct) Valid() bool { return slices.Contains(ActingActs, a) }

// Validate checks the rules and tidies them: offices trimmed, kinds and
// holders without repeats.
func (r *ActingRules) Validate() error {
	if len(r.StandIns) > maxStandIns {
		return FieldError("stand_ins", "paling banyak %d aturan pengganti", maxStandIns)
	}
	seen := map[string]bool{}
	for i := range r.StandIns {
		s := &r.StandIns[i]
		f := func(name string) string { return fmt.Sprintf("stand_ins[%d].%s", i, name) }
		s.Principal, s.Acting, s.Basis = strings.TrimSpace(s.Principal), strings.TrimSpace(s.Acting), strings.TrimSpace(s.Basis)
		if err := checkText(f("principal"), s.Principal, maxOfficeLength, "jabatan yang digantikan wajib diisi"); err != nil {
			return err
		}
		if err := checkText(f("acting"), s.Acting, maxOfficeLength, "jabatan pengganti wajib diisi"); err != nil {
			return err
		}
		if s.Basis != "" {
			if err := checkText(f("basis"), s.Basis, 300, ""); err != nil {
				return err
			}
		}
		switch {
		case officeKey(s.Principal, "") == officeKey(s.Acting, ""):
			return FieldError(f("acting"), "jabatan tidak dapat menggantikan dirinya sendiri")
		case len(s.Kinds) == 0:
			return FieldError(f("kinds"), "pilih Plt., Plh., atau keduanya")
		}
		for _, k := range s.Kinds {
			if !k.Valid() {
				return FieldError(f("kinds"), "jenis harus Plt. atau Plh.")
			}
		}
		s.Kinds = compactSorted(s.Kinds)
		key := officeKey(s.Principal, "") + "\x00" + officeKey(s.Acting, "")
		if seen[key] {
			return FieldError(f("acting"), "aturan %s untuk %s sudah ada", s.Acting, s.Principal)
		}
		seen[key] = true
	}
	switch {
	case r.PltMaxMonths < 0 || r.PltMaxMonths > 12:
		return FieldError("plt_max_months", "masa Plt. 0–12 bulan (0: tanpa batas)")
	case r.PlhMaxDays < 0 || r.PlhMaxDays > 366:
		return FieldError("plh_max_days", "masa Plh. 0–366 hari (0: tanpa batas)")
	}
	acts := map[ActingAct]bool{}
	for i := range r.Bars {
		b := &r.Bars[i]
		if !b.Act.Valid() || acts[b.Act] {
			return FieldError(fmt.Sprintf("bars[%d].act", i), "tindakan tidak dikenal atau berulang")
		}
		acts[b.Act] = true
		for _, h := range b.Holders {
			if h != SignPlt && h != SignPlh && h != SignOnBehalf {
				return FieldError(fmt.Sprintf("bars[%d].holders", i), "pemegang harus plt, plh atau an")
			}
		}
		b.Holders = compactSorted(b.Holders)
	}
	return nil
}

func compactSorted[T ~string](xs []T) []T {
	out := slices.Clone(xs)
	slices.Sort(out)
	return slices.Compact(out)
}

// officeKey is an office as rules compare it: lower case, single spaces,
// without the city's name ("Wali Kota Sawahlunto" is "wali kota",
// "Sekretaris Daerah Kota Sawahlunto" is "sekretaris daerah").
func officeKey(title, regionName string) string {
	t := strings.Join(strings.Fields(strings.ToLower(title)), " ")
	if city := strings.ToLower(CityName(regionName)); city != "" {
		t = strings.TrimSpace(strings.TrimSuffix(t, city))
	}
	for _, kind := range []string{" kota", " kabupaten"} {
		if strings.HasSuffix(t, kind) && !strings.HasSuffix(t, "wali kota") {
			t = strings.TrimSuffix(t, kind)
		}
	}
	return t
}

// ActingUse is an acting official's act (or appointment) as the rules judge it.
type ActingUse struct {
	RegionName     string
	PrincipalTitle string // the office stood in for
	ActingTitle    string // the acting official's own office
	ActingName     string
	Kind           ActingKind
	StartsOn       time.Time // the appointment's first day
	EndsOn         time.Time // its last day
	Field          string    // the field a refusal names
	// KindField, when set, is the field a refusal of the kind alone names
	// (the office may stand in, as another kind).
	KindField string
}

// CheckStandIn refuses an acting official whose office may not stand in
// for the principal's as that kind.
func (r ActingRules) CheckStandIn(u ActingUse) error {
	principal, acting := officeKey(u.PrincipalTitle, u.RegionName), officeKey(u.ActingTitle, u.RegionName)
	listed := false
	for _, s := range r.StandIns {
		if officeKey(s.Principal, u.RegionName) != principal {
			continue
		}
		listed = true
		if officeKey(s.Acting, u.RegionName) == acting {
			if slices.Contains(s.Kinds, u.Kind) {
				return nil
			}
			basis := s.Basis
			if basis == "" {
				basis = "aturan Plt./Plh. wilayah"
			}
			field := u.Field
			if u.KindField != "" {
				field = u.KindField
			}
			return keyed(FieldError(field, "%s hanya dapat menggantikan %s sebagai %s (%s), bukan sebagai %s",
				s.Acting, s.Principal, kindsText(s.Kinds), basis, u.Kind.Abbrev()),
				"acting_refused_kind", s.Acting, s.Principal, kindsText(s.Kinds), basis, u.Kind.Abbrev())
		}
	}
	if !listed {
		return nil
	}
	var who []string
	for _, s := range r.StandIns {
		if officeKey(s.Principal, u.RegionName) == principal {
			who = append(who, s.Acting+" ("+kindsText(s.Kinds)+")")
		}
	}
	title := strings.TrimSpace(u.ActingTitle)
	if title == "" {
		title = u.ActingName
	}
	return keyed(FieldError(u.Field, "%s tidak dapat menggantikan %s: menurut aturan wilayah hanya %s",
		title, u.PrincipalTitle, strings.Join(who, ", ")),
		"acting_refused_office", title, u.PrincipalTitle, strings.Join(who, ", "))
}

func kindsText(ks []ActingKind) string {
	var out []string
	for _, k := range ks {
		out = append(out, k.Abbrev())
	}
	return strings.Join(out, "/")
}

// TermEnd is the last day a term of kind that starts on starts may reach
// under the rules; ok false when the rules set no limit.
func (r ActingRules) TermEnd(kind ActingKind, starts time.Time) (last time.Time, ok bool) {
	switch {
	case kind == ActingPlt && r.PltMaxMonths > 0:
		return starts.AddDate(0, r.PltMaxMonths, -1), true
	case kind == ActingPlh && r.PlhMaxDays > 0:
		return starts.AddDate(0, 0, r.PlhMaxDays-1), true
	}
	return time.Time{}, false
}

// CheckTerm refuses a term longer than the rules allow its kind.
func (r ActingRules) CheckTerm(u ActingUse) error {
	last, ok := r.TermEnd(u.Kind, u.StartsOn)
	if !ok || !u.EndsOn.After(last) {
		return nil
	}
	return r.termError(u, last)
}

func (r ActingRules) termError(u ActingUse, last time.Time) error {
	d := func(t time.Time) string { return t.Format("02-01-2006") }
	limit, unit := r.PlhMaxDays, "hari"
	if u.Kind == ActingPlt {
		limit, unit = r.PltMaxMonths, "bulan"
	}
	return keyed(FieldError(u.Field, "masa tugas %s paling lama %d %s per surat perintah (batas masa tugas dalam aturan Plt./Plh. wilayah): mulai %s, paling akhir %s",
		u.Kind.Abbrev(), limit, unit, d(u.StartsOn), d(last)),
		"acting_refused_term_"+string(u.Kind), limit, d(u.StartsOn), d(last))
}

// CheckAppointment refuses an appointment the rules do not allow: an
// office that may not stand in (or not as that kind), or a term too long.
func (r ActingRules) CheckAppointment(u ActingUse) error {
	u.Field, u.KindField = "acting_id", "kind"
	if err := r.CheckStandIn(u); err != nil {
		return err
	}
	u.Field = "ends_on"
	return r.CheckTerm(u)
}

// CheckDay refuses an act on day (a date in the region's zone) past the
// term the rules allow, even under a letter that gives a longer one.
func (r ActingRules) CheckDay(u ActingUse, day time.Time) error {
	last, ok := r.TermEnd(u.Kind, u.StartsOn)
	if !ok || day.Format(time.DateOnly) <= last.Format(time.DateOnly) {
		return nil
	}
	return r.termError(u, last)
}

// CheckAct refuses an act the rules bar holder from.
func (r ActingRules) CheckAct(act ActingAct, holder SignCapacity, field string) error {
	for _, b := range r.Bars {
		if b.Act == act && slices.Contains(b.Holders, holder) {
			who := strings.TrimSpace(holder.Prefix())
			return keyed(FieldError(field, "%s tidak berwenang %s (%s; aturan Plt./Plh. wilayah)", who, actWords[act], BasisMandate),
				"acting_refused_"+string(act), who)
		}
	}
	return nil
}

// actWords names the acts in refusals (the catalogue words them for pages).
var actWords = map[ActingAct]string{
	ActingActEnactPeraturan: "menetapkan Peraturan Wali Kota",
	ActingActStrategic:      "menandatangani keputusan strategis yang mengubah status hukum organisasi, kepegawaian atau alokasi anggaran",
	ActingActApprove:        "memberi keputusan persetujuan atas nama pejabat yang digantikan",
}

// CheckNoOnBehalfOnPeraturan refuses a Peraturan signed "a.n.": a
// Peraturan Wali Kota is enacted by the Wali Kota (or their Plt./Plh.,
// where the rules allow), never on their behalf under another office.
func CheckNoOnBehalfOnPeraturan(form LegalForm, onBehalf bool) error {
	if form == FormPerwali && onBehalf {
		return keyed(FieldError("on_behalf", "Peraturan Wali Kota tidak dapat ditandatangani a.n. (atas nama) (%s); a.n. hanya pada Keputusan dan naskah dinas lain", BasisNoAN),
			"acting_refused_an_peraturan", BasisNoAN)
	}
	return nil
}

// keyed gives e the catalogue key (and its arguments) that words it in
// the reader's language.
func keyed(e *Error, key string, args ...any) *Error {
	e.Key, e.Args = key, args
	return e
}

// ActingRulesStore keeps each region's rules for acting officials.
type ActingRulesStore interface {
	// ActingRules are the region's rules: its own, or the defaults.
	ActingRules(ctx context.Context, regionID int64) (RegionActingRules, error)
}
