package policies

import (
	"testing"
	"time"
)

func TestRetryDelayDoublesUpToAnHour(t *testing.T) {
	for i, want := range []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute} {
		if d := RetryDelay(i + 1); d != want {
			t.Errorf("RetryDelay(%d) = %s, want %s", i+1, d, want)
		}
	}
	if RetryDelay(50) != time.Hour {
		t.Errorf("RetryDelay(50) = %s, want the 1 h cap", RetryDelay(50))
	}
}

func TestDigestDay(t *testing.T) {
	for _, tt := range []struct {
		now   string
		hour  int
		zone  TimeZone
		day   string
		start string
	}{
		{"2026-03-02T00:30:00Z", 7, ZoneWIB, "2026-03-02", "2026-03-02T07:00:00+07:00"}, // 07:30 WIB
		{"2026-03-01T23:59:00Z", 7, ZoneWIB, "2026-03-01", "2026-03-01T07:00:00+07:00"}, // 06:59 WIB
		{"2026-03-01T17:00:00Z", 0, ZoneWIB, "2026-03-02", "2026-03-02T00:00:00+07:00"}, // midnight WIB
		// 06:59 WIB is 08:59 WIT: Jayapura's digest day began two hours ago.
		{"2026-03-01T23:59:00Z", 7, ZoneWIT, "2026-03-02", "2026-03-02T07:00:00+09:00"},
		{"2026-03-01T21:59:00Z", 7, ZoneWIT, "2026-03-01", "2026-03-01T07:00:00+09:00"},  // 06:59 WIT
		{"2026-03-01T23:00:00Z", 7, ZoneWITA, "2026-03-02", "2026-03-02T07:00:00+08:00"}, // 07:00 WITA
	} {
		now, _ := time.Parse(time.RFC3339, tt.now)
		day, start := DigestDay(now, tt.hour, tt.zone)
		if day.Format(time.DateOnly) != tt.day || start.Format(time.RFC3339) != tt.start {
			t.Errorf("DigestDay(%s, %d, %s) = %s, %s; want %s, %s", tt.now, tt.hour, tt.zone, day.Format(time.DateOnly), start.Format(time.RFC3339), tt.day, tt.start)
		}
	}
}

func TestTimeZones(t *testing.T) {
	at := time.Date(2026, 3, 1, 17, 30, 0, 0, time.UTC)
	for z, want := range map[TimeZone]string{ZoneWIB: "00:30 WIB", ZoneWITA: "01:30 WITA", ZoneWIT: "02:30 WIT", "UTC": "00:30 WIB"} {
		if got := at.In(z.Location()).Format("15:04 MST"); got != want {
			t.Errorf("%s: %s, want %s", z, got, want)
		}
	}
	if TimeZone("WITA").Valid() != true || TimeZone("UTC").Valid() {
		t.Error("Valid does not match the three zones")
	}
}

func TestInZoneNamesTheOffset(t *testing.T) {
	at := time.Date(2026, 3, 1, 17, 30, 0, 0, time.UTC)
	for offset, want := range map[int]string{7: "WIB", 8: "WITA", 9: "WIT", 0: "WIB", 3: "WIB"} {
		got := InZone(at.In(time.FixedZone("", offset*3600))).Format("MST")
		if got != want {
			t.Errorf("UTC+%d: %s, want %s", offset, got, want)
		}
	}
}
