package policies_test

import (
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// The legal state as UU 12/2011 Pasal 87 has it: approved and enacted are
// not in force; a Peraturan is in force from its promulgation or the later
// day its text sets; a Keputusan from its enactment; the text in force is
// the last one that took effect, and an approved revision is not it.
func TestLegalStateOf(t *testing.T) {
	d := func(s string) *time.Time {
		v, _ := time.Parse(time.DateOnly, s)
		return &v
	}
	gazette := 7
	year := 2026
	perwali := func(version int, enacted string, promulgated, effective *time.Time) policies.Enactment {
		e := policies.Enactment{Form: policies.FormPerwali, Number: version, Year: 2026, VersionNumber: version,
			EnactedOn: *d(enacted), PromulgatedOn: promulgated, EffectiveOn: effective}
		if promulgated != nil {
			e.GazetteNumber, e.GazetteYear = &gazette, &year
		}
		return e
	}
	const today = "2026-03-10"
	for _, c := range []struct {
		name     string
		approved int
		es       []policies.Enactment
		stage    policies.LegalStage
		since    string
		inForce  int
		pending  bool
	}{
		{"draft", 0, nil, policies.LegalDraft, "", 0, false},
		{"approved", 1, nil, policies.LegalApproved, "", 0, false},
		{"enacted", 1, []policies.Enactment{perwali(1, "2026-03-01", nil, nil)}, policies.LegalEnacted, "2026-03-01", 0, false},
		{"promulgated: in force that day", 1, []policies.Enactment{perwali(1, "2026-03-01", d("2026-03-02"), nil)}, policies.LegalInForce, "2026-03-02", 1, false},
		{"promulgated, in force later", 1, []policies.Enactment{perwali(1, "2026-03-01", d("2026-03-02"), d("2026-04-01"))}, policies.LegalPromulgated, "2026-03-02", 0, false},
		{"a day set, not promulgated", 1, []policies.Enactment{perwali(1, "2026-03-01", nil, d("2026-03-05"))}, policies.LegalEnacted, "2026-03-01", 0, false},
		{"keputusan: in force on enactment", 1, []policies.Enactment{{Form: policies.FormKepwali, VersionNumber: 1, EnactedOn: *d("2026-03-01")}}, policies.LegalInForce, "2026-03-01", 1, false},
		{"revision approved, older text in force", 2, []policies.Enactment{perwali(1, "2026-01-01", d("2026-01-02"), nil)}, policies.LegalApproved, "", 1, true},
		{"revision enacted, older text in force", 2, []policies.Enactment{perwali(2, "2026-03-09", nil, nil), perwali(1, "2026-01-01", d("2026-01-02"), nil)}, policies.LegalEnacted, "2026-03-09", 1, true},
	} {
		s := policies.LegalStateOf(c.approved, c.es, "Kota Sawahlunto", today)
		since := ""
		if s.Since != nil {
			since = s.Since.Format(time.DateOnly)
		}
		if s.Stage != c.stage || since != c.since || s.InForceVersion != c.inForce || s.RevisionPending() != c.pending {
			t.Errorf("%s: %+v (since %q), want %s since %q, in force %d, revision pending %v", c.name, s, since, c.stage, c.since, c.inForce, c.pending)
		}
		if err := policies.NotInForce(s); s.InForce() == false && !policies.IsKind(err, policies.KindConflict) {
			t.Errorf("%s: refusal %v, want a conflict", c.name, err)
		}
	}
	s := policies.LegalStateOf(1, []policies.Enactment{perwali(1, "2026-03-01", d("2026-03-02"), nil)}, "Kota Sawahlunto", today)
	if s.Label != "Peraturan Wali Kota Sawahlunto Nomor 1 Tahun 2026" || s.Gazette != "Berita Daerah Kota Sawahlunto Tahun 2026 Nomor 7" {
		t.Errorf("citations: %q, %q", s.Label, s.Gazette)
	}
}

// The day a cached page is keyed by changes at midnight in each of the
// three zones (WIT at 15.00 UTC, WITA at 16.00, WIB at 17.00) and not in
// between: a text taking effect at midnight anywhere is not served from
// the day before.
func TestTodayEverywhereTurnsAtEachMidnight(t *testing.T) {
	at := func(h, m int) string {
		return policies.TodayEverywhere(time.Date(2026, 12, 7, h, m, 0, 0, time.UTC))
	}
	steps := []struct {
		h, m int
		want string
	}{
		{14, 59, "2026-12-07/2026-12-07/2026-12-07"},
		{15, 0, "2026-12-07/2026-12-07/2026-12-08"},
		{15, 59, "2026-12-07/2026-12-07/2026-12-08"},
		{16, 0, "2026-12-07/2026-12-08/2026-12-08"},
		{17, 0, "2026-12-08/2026-12-08/2026-12-08"},
	}
	for _, s := range steps {
		if got := at(s.h, s.m); got != s.want {
			t.Errorf("%02d.%02d UTC: %s, want %s", s.h, s.m, got, s.want)
		}
	}
}
