package policies

import (
	"testing"
	"time"
)

// A consultation shorter than the region's minimum is refused naming
// closes_at in refuse mode, opened with a warning in warn mode; one as
// long as the minimum passes either way. The earliest close is named in
// the region's zone.
func TestConsultationRulesCheckPeriod(t *testing.T) {
	opens := time.Date(2026, 12, 4, 1, 0, 0, 0, time.UTC) // Friday 08.00 WIB
	for _, tc := range []struct {
		name    string
		rules   ConsultationRules
		closes  time.Time
		refused bool
		warning string
	}{
		{"long enough, refuse", ConsultationRules{MinDays: 14, Mode: ConsultationRefuse, Zone: ZoneWIB}, opens.AddDate(0, 0, 14), false, ""},
		{"long enough, warn", ConsultationRules{MinDays: 14, Mode: ConsultationWarn, Zone: ZoneWIB}, opens.AddDate(0, 0, 20), false, ""},
		{"a minute short, refuse", ConsultationRules{MinDays: 14, Mode: ConsultationRefuse, Zone: ZoneWIB}, opens.AddDate(0, 0, 14).Add(-time.Minute), true, ""},
		{"short, warn, WITA", ConsultationRules{MinDays: 14, Mode: ConsultationWarn, Zone: ZoneWITA}, opens.AddDate(0, 0, 3), false,
			"lebih singkat dari minimum wilayah 14 hari (paling cepat 2026-12-18 09:00 WITA)"},
		{"no minimum", ConsultationRules{}, opens.Add(2 * time.Hour), false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			short, err := tc.rules.CheckPeriod(opens, tc.closes)
			if tc.refused {
				if KindOf(err) != KindInvalid || err.(*Error).Field != "closes_at" || short != nil {
					t.Fatalf("got %v, %v; want refused naming closes_at", short, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if short != nil {
				got = short.Warning()
			}
			if got != tc.warning {
				t.Errorf("warning %q, want %q", got, tc.warning)
			}
		})
	}
}
