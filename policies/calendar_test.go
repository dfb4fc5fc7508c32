package policies_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

var (
	wit = policies.ZoneWIT.Location()
	wib = policies.ZoneWIB.Location()
)

func at(loc *time.Location, y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, loc)
}

// Working days are counted in the region's calendar and zone: weekends,
// the SKB's national holidays and cuti bersama, the region's own days off
// and the days it keeps as working days.
func TestAddWorkingDays(t *testing.T) {
	national := policies.RegionCalendar(policies.ZoneWIT, nil)
	jayapura := policies.RegionCalendar(policies.ZoneWIT, []policies.RegionHoliday{
		{Holiday: policies.Holiday{On: time.Date(2026, 5, 15, 0, 0, 0, 0, time.UTC), Kind: policies.HolidayJointLeave}, Keep: true},
		{Holiday: policies.Holiday{On: time.Date(2026, 5, 18, 0, 0, 0, 0, time.UTC), Kind: policies.HolidayRegional, Name: "HUT Kota"}},
	})
	cases := []struct {
		name string
		cal  policies.Calendar
		from time.Time
		n    int
		want time.Time
	}{
		{"a plain week", national, at(wit, 2026, 12, 7, 9), 2, at(wit, 2026, 12, 9, 9)},
		{"over a weekend", national, at(wit, 2026, 12, 4, 10), 1, at(wit, 2026, 12, 7, 10)},
		// Thu 14 May Kenaikan Yesus Kristus, Fri 15 May cuti bersama, then the weekend.
		{"long weekend: holiday and cuti bersama", national, at(wit, 2026, 5, 13, 15), 1, at(wit, 2026, 5, 18, 15)},
		{"long weekend, three days", national, at(wit, 2026, 5, 13, 15), 3, at(wit, 2026, 5, 20, 15)},
		// Wed 18 March cuti bersama Nyepi … Tue 24 March cuti bersama Idulfitri.
		{"Idulfitri 2026", national, at(wit, 2026, 3, 17, 10), 1, at(wit, 2026, 3, 25, 10)},
		{"Idulfitri 2026, three days", national, at(wit, 2026, 3, 17, 10), 3, at(wit, 2026, 3, 27, 10)},
		{"Natal into the new year", national, at(wit, 2026, 12, 23, 10), 2, at(wit, 2026, 12, 29, 10)},
		// Mon 8 March Nyepi … Mon 15 March cuti bersama Idulfitri 1448.
		{"Idulfitri 2027", national, at(wit, 2027, 3, 5, 10), 1, at(wit, 2027, 3, 16, 10)},
		{"a start on a holiday runs from the next working day", national, at(wit, 2026, 5, 14, 8), 1, at(wit, 2026, 5, 19, 0)},
		{"a start on Saturday: the end of Monday", national, at(wit, 2026, 12, 5, 10), 1, at(wit, 2026, 12, 8, 0)},
		{"no days", national, at(wit, 2026, 12, 5, 10), 0, at(wit, 2026, 12, 5, 10)},
		{"the region works on a cuti bersama", jayapura, at(wit, 2026, 5, 13, 15), 1, at(wit, 2026, 5, 15, 15)},
		{"the region's own day off", jayapura, at(wit, 2026, 5, 13, 15), 2, at(wit, 2026, 5, 19, 15)},
		// 16.00 UTC on Wed 13 May is Thu 14 May 01.00 WIT (a holiday) but Wed 23.00 WIB.
		{"the zone decides the day: WIT", national, time.Date(2026, 5, 13, 16, 0, 0, 0, time.UTC), 1, at(wit, 2026, 5, 19, 0)},
		{"the zone decides the day: WIB", policies.RegionCalendar(policies.ZoneWIB, nil), time.Date(2026, 5, 13, 16, 0, 0, 0, time.UTC), 1, at(wib, 2026, 5, 18, 23)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.cal.AddWorkingDays(c.from, c.n)
			if !got.Equal(c.want) {
				t.Errorf("%v + %d working days = %v, want %v", c.from, c.n, got, c.want)
			}
			if zone, _ := got.Zone(); zone != c.want.Location().String() {
				t.Errorf("answer in zone %s, want %s", zone, c.want.Location())
			}
		})
	}
}

func TestIsWorkingDayAndHoliday(t *testing.T) {
	cal := policies.RegionCalendar(policies.ZoneWIT, nil)
	for _, c := range []struct {
		day     time.Time
		working bool
		kind    policies.HolidayKind
	}{
		{at(wit, 2026, 5, 14, 12), false, policies.HolidayNational},
		{at(wit, 2026, 5, 15, 12), false, policies.HolidayJointLeave},
		{at(wit, 2026, 5, 16, 12), false, ""}, // Saturday
		{at(wit, 2026, 5, 18, 12), true, ""},
		{at(wit, 2027, 12, 24, 12), false, policies.HolidayJointLeave},
		{at(wit, 2027, 12, 27, 12), true, ""},
	} {
		if got := cal.IsWorkingDay(c.day); got != c.working {
			t.Errorf("%s: working %v, want %v", c.day.Format("Mon 2006-01-02"), got, c.working)
		}
		h, ok := cal.HolidayOn(c.day)
		if ok != (c.kind != "") || h.Kind != c.kind {
			t.Errorf("%s: holiday %+v %v, want kind %q", c.day.Format("2006-01-02"), h, ok, c.kind)
		}
	}
	if !cal.Covers(2026) || !cal.Covers(2027) || cal.Covers(2028) {
		t.Error("the calendar should cover 2026 and 2027 only")
	}
	var zero policies.Calendar
	if zero.IsWorkingDay(at(wib, 2026, 5, 14, 12)) != true || zero.IsWorkingDay(at(wib, 2026, 5, 16, 12)) {
		t.Error("the zero calendar counts weekends only")
	}
}

// The seeded years hold what the SKBs set: 17 national holidays and 8 cuti
// bersama in 2026, 18 and 8 in 2027; no date twice.
func TestNationalHolidaysAsTheSKBSets(t *testing.T) {
	count := map[int]map[policies.HolidayKind]int{}
	seen := map[string]bool{}
	for _, h := range policies.NationalHolidays() {
		d := h.On.Format("2006-01-02")
		if seen[d] {
			t.Errorf("%s twice", d)
		}
		seen[d] = true
		if count[h.On.Year()] == nil {
			count[h.On.Year()] = map[policies.HolidayKind]int{}
		}
		count[h.On.Year()][h.Kind]++
		if h.Name == "" || !h.Kind.Valid() {
			t.Errorf("%s: %+v", d, h)
		}
	}
	want := map[int][2]int{2026: {17, 8}, 2027: {18, 8}}
	for y, w := range want {
		if got := [2]int{count[y][policies.HolidayNational], count[y][policies.HolidayJointLeave]}; got != w {
			t.Errorf("%d: %d national, %d cuti bersama; want %d, %d", y, got[0], got[1], w[0], w[1])
		}
	}
}

// A region's change is a real date; a day off of its own falls on a
// weekday that is not already a holiday and has a name; a kept day is a
// seeded national holiday or cuti bersama (its name kept when none is
// given).
func TestRegionHolidayInputValidate(t *testing.T) {
	for _, c := range []struct {
		in    policies.RegionHolidayInput
		field string
		want  policies.Holiday
	}{
		{in: policies.RegionHolidayInput{On: " 2026-12-11 ", Name: " Hari Jadi Kota "},
			want: policies.Holiday{On: time.Date(2026, 12, 11, 0, 0, 0, 0, time.UTC), Kind: policies.HolidayRegional, Name: "Hari Jadi Kota"}},
		{in: policies.RegionHolidayInput{On: "2026-05-15", Keep: true},
			want: policies.Holiday{On: time.Date(2026, 5, 15, 0, 0, 0, 0, time.UTC), Kind: policies.HolidayJointLeave, Name: "Cuti bersama Kenaikan Yesus Kristus"}},
		{in: policies.RegionHolidayInput{On: "11-12-2026", Name: "X"}, field: "on"},
		{in: policies.RegionHolidayInput{On: "1999-12-10", Name: "X"}, field: "on"},
		{in: policies.RegionHolidayInput{On: "2026-12-12", Name: "Sabtu"}, field: "on"},
		{in: policies.RegionHolidayInput{On: "2026-12-25", Name: "Natal"}, field: "on"},
		{in: policies.RegionHolidayInput{On: "2026-12-11"}, field: "name"},
		{in: policies.RegionHolidayInput{On: "2026-12-11", Keep: true}, field: "on"},
		{in: policies.RegionHolidayInput{On: "2026-12-11", Name: string(make([]byte, 201))}, field: "name"},
	} {
		in := c.in
		err := in.Validate()
		if c.field != "" {
			if pe, ok := err.(*policies.Error); !ok || pe.Field != c.field {
				t.Errorf("%+v: %v, want a refusal naming %q", c.in, err, c.field)
			}
			continue
		}
		if err != nil || !in.Day.On.Equal(c.want.On) || in.Day.Kind != c.want.Kind || in.Day.Name != c.want.Name {
			t.Errorf("%+v: %v %+v, want %+v", c.in, err, in.Day, c.want)
		}
	}
}

// A calendar travels from an activity to a workflow as JSON (and stays in
// the workflow's history): it counts the same days on the other side.
func TestCalendarTravelsAsJSON(t *testing.T) {
	own := []policies.RegionHoliday{{Holiday: policies.Holiday{On: time.Date(2026, 12, 29, 0, 0, 0, 0, time.UTC), Kind: policies.HolidayRegional, Name: "Hari jadi kota"}}}
	cal := policies.RegionCalendar(policies.ZoneWIT, own)
	b, err := json.Marshal(cal)
	if err != nil {
		t.Fatal(err)
	}
	var got policies.Calendar
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	from := time.Date(2026, 12, 23, 10, 0, 0, 0, policies.ZoneWIT.Location())
	if a, b := cal.AddWorkingDays(from, 3), got.AddWorkingDays(from, 3); !a.Equal(b) || b.Format("2006-01-02 15:04 MST") != "2026-12-31 10:00 WIT" {
		t.Errorf("3 working days after %s: sent %s, received %s; want 2026-12-31 10:00 WIT on both sides", from, a, b)
	}
	if got.Zone() != policies.ZoneWIT || !got.Covers(2027) || got.Covers(2028) {
		t.Errorf("received calendar: zone %s, covers 2027 %v, 2028 %v; want WIT, true, false", got.Zone(), got.Covers(2027), got.Covers(2028))
	}
	if err := json.Unmarshal([]byte(`{"zone":"UTC"}`), &got); err == nil {
		t.Error("a calendar in an unknown zone was accepted")
	}
}
