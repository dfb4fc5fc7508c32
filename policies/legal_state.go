package policies

import (
	"fmt"
	"time"
)

// Legal states (DESIGN.md, "What the system says is law"). A regulation
// is in force from the day it is promulgated (diundangkan) in the Berita
// Daerah unless its text sets another date (UU 12/2011 Pasal 87), not
// from its approval or its enactment. A Keputusan Wali Kota is not
// promulgated: it takes effect on the day it is enacted (ditetapkan),
// unless its text sets another date.

// LegalStage is where a version stands in law.
type LegalStage string

// The stages, in order.
const (
	LegalDraft       LegalStage = "draft"       // not approved
	LegalApproved    LegalStage = "approved"    // disetujui: not enacted, not in force
	LegalHarmonised  LegalStage = "harmonised"  // approved, and harmonised by the Kanwil ("selesai", harmonisation.go)
	LegalInitialled  LegalStage = "initialled"  // approved, and every paraf the region requires given (paraf.go)
	LegalEnacted     LegalStage = "enacted"     // ditetapkan, with its number: not yet in force
	LegalPromulgated LegalStage = "promulgated" // diundangkan: in force from a later date its text sets
	LegalInForce     LegalStage = "in_force"    // berlaku
)

// EffectiveDate is the day the enacted text takes effect, and whether
// that day is known yet: the date the text sets when recorded; else the
// promulgation date for a Peraturan (unknown before it is promulgated)
// and the enactment date for a Keputusan.
func (e Enactment) EffectiveDate() (time.Time, bool) {
	switch {
	case e.Form == FormKepwali && e.EffectiveOn != nil:
		return *e.EffectiveOn, true
	case e.Form == FormKepwali:
		return e.EnactedOn, true
	case e.PromulgatedOn == nil:
		return time.Time{}, false
	case e.EffectiveOn != nil:
		return *e.EffectiveOn, true
	}
	return *e.PromulgatedOn, true
}

// Stage is where the enacted version stands on day today (a date in the
// region's zone, YYYY-MM-DD).
func (e Enactment) Stage(today string) (LegalStage, time.Time) {
	from, known := e.EffectiveDate()
	switch {
	case known && from.Format(time.DateOnly) <= today:
		return LegalInForce, from
	case e.PromulgatedOn != nil:
		return LegalPromulgated, *e.PromulgatedOn
	}
	return LegalEnacted, e.EnactedOn
}

// LegalState says which state a policy's product is in and since when,
// and which text is in force.
type LegalState struct {
	// Stage is the state of the latest approved version (Version).
	Stage   LegalStage `json:"stage"`
	Version int        `json:"version,omitempty"`
	// Since is the day the version reached Stage: the enactment, the
	// promulgation, or the day it took effect; nil while only approved.
	Since *time.Time `json:"since,omitempty"`
	// EffectiveOn is the day the version takes (or took) effect, once known.
	EffectiveOn *time.Time `json:"effective_on,omitempty"`
	Label       string     `json:"label,omitempty"`   // "Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026"
	Gazette     string     `json:"gazette,omitempty"` // "Berita Daerah Kota Sawahlunto Tahun 2026 Nomor 12"
	// InForceVersion is the text in force: the last enacted version that
	// has taken effect (it may be older than Version); 0 for none.
	InForceVersion int        `json:"in_force_version,omitempty"`
	InForceSince   *time.Time `json:"in_force_since,omitempty"`
	InForceLabel   string     `json:"in_force_label,omitempty"`
}

// InForce reports whether some text of the policy is in force.
func (s LegalState) InForce() bool { return s.InForceVersion > 0 }

// RevisionPending reports whether the latest approved version is a
// revision not yet in force while an older text is.
func (s LegalState) RevisionPending() bool {
	return s.InForce() && s.Version != s.InForceVersion
}

// LegalStateOf computes the legal state from the approved version's number
// (0 before any approval), the policy's enactments (newest first), the
// region's name (for citations) and the day today in the region's zone.
func LegalStateOf(approved int, es []Enactment, regionName, today string) LegalState {
	s := LegalState{Stage: LegalDraft}
	if approved > 0 {
		s.Stage, s.Version = LegalApproved, approved
	}
	for i, e := range es {
		stage, since := e.Stage(today)
		if i == 0 && e.VersionNumber == approved {
			s.Stage, s.Since = stage, &since
			if from, ok := e.EffectiveDate(); ok {
				s.EffectiveOn = &from
			}
			s.Label, s.Gazette = e.Label(regionName), GazetteCite(e, regionName)
		}
		if stage == LegalInForce && s.InForceVersion == 0 {
			s.InForceVersion, s.InForceSince, s.InForceLabel = e.VersionNumber, &since, e.Label(regionName)
		}
	}
	return s
}

// Initialled moves an approved state to initialled when the approved
// version has every paraf its form requires (pr), since the last one.
func (s *LegalState) Initialled(pr ParafProgress) {
	if (s.Stage == LegalApproved || s.Stage == LegalHarmonised) && pr.Complete && pr.Since != nil {
		s.Stage, s.Since = LegalInitialled, pr.Since
	}
}

// Harmonised moves an approved state to harmonised when the approved
// version's harmonisation (h, nil for none) is "selesai", since its answer.
func (s *LegalState) Harmonised(h *Harmonisation) {
	if s.Stage == LegalApproved && h.Done() && h.VersionNumber == s.Version {
		s.Stage, s.Since = LegalHarmonised, h.AnsweredOn
	}
}

// GazetteCite is the Berita Daerah of an enactment in a sentence: "Berita
// Daerah Kota Sawahlunto Tahun 2026 Nomor 12"; "" before the promulgation.
func GazetteCite(e Enactment, regionName string) string {
	if e.GazetteNumber == nil || e.GazetteYear == nil {
		return ""
	}
	return fmt.Sprintf("Berita Daerah Kota %s Tahun %d Nomor %d", CityName(regionName), *e.GazetteYear, *e.GazetteNumber)
}

// LegalStateOfPolicy is the legal state of a listed policy on the day now
// is in its region's zone.
func LegalStateOfPolicy(p PolicySummary, es []Enactment, now time.Time) LegalState {
	return LegalStateOf(p.InForceVersion, es, p.RegionName, Today(now, p.RegionZone))
}

// NotInForce is the refusal of an act that needs a policy in force (the
// start of its implementation), naming the state it is in.
func NotInForce(s LegalState) error {
	why := "kebijakan ini belum disetujui"
	switch s.Stage {
	case LegalApproved, LegalHarmonised, LegalInitialled:
		why = "kebijakan ini baru disetujui: belum ditetapkan dan belum diundangkan"
	case LegalEnacted:
		why = "kebijakan ini sudah ditetapkan tetapi belum diundangkan dalam Berita Daerah"
	case LegalPromulgated:
		why = "kebijakan ini sudah diundangkan tetapi baru berlaku pada " + s.EffectiveOn.Format(time.DateOnly)
	}
	return Errorf(KindConflict, "pelaksanaan hanya dapat dimulai dari kebijakan yang sudah berlaku: %s", why)
}

// Today is the day now in a zone, as YYYY-MM-DD.
func Today(now time.Time, zone TimeZone) string {
	return now.In(zone.Location()).Format(time.DateOnly)
}

// TodayEverywhere is the day now is in each of Indonesia's zones (WIB,
// WITA, WIT): it changes at every midnight at which a legal state can.
func TodayEverywhere(now time.Time) string {
	return Today(now, ZoneWIB) + "/" + Today(now, ZoneWITA) + "/" + Today(now, ZoneWIT)
}
