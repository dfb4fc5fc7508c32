package policies

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// Working days. An SLA, a due date or a reminder that says "hari kerja"
// counts the working days of the region's calendar in the region's zone:
// Monday to Friday (Perpres 21/2023 Pasal 3: five working days a week,
// Senin sampai dengan Jumat), less the national holidays and the cuti
// bersama the government sets each year (Pasal 6 lets those change the
// working days). The holidays of 2026 and 2027 are seeded from the SKB of
// the three ministers (holidays.go); a region's own calendar adds its
// local days off and may keep a cuti bersama as a working day.

// HolidayKind is why a day is not a working day.
type HolidayKind string

// The kinds of holiday. The database checks the same list.
const (
	// HolidayNational is a hari libur nasional.
	HolidayNational HolidayKind = "national"
	// HolidayJointLeave is a cuti bersama: for civil servants the
	// President's decree sets them (for 2026: Keppres 42/2025), on the
	// SKB's dates.
	HolidayJointLeave HolidayKind = "joint_leave"
	// HolidayRegional is a day the region itself gives off (a local
	// holiday set by the Wali Kota).
	HolidayRegional HolidayKind = "regional"
)

// Valid reports whether k is a known kind.
func (k HolidayKind) Valid() bool {
	return k == HolidayNational || k == HolidayJointLeave || k == HolidayRegional
}

// Holiday is a day that is not a working day, and why.
type Holiday struct {
	// On is the civil date (midnight UTC; only its year, month and day
	// count).
	On   time.Time   `db:"on_date" json:"on"`
	Kind HolidayKind `db:"kind" json:"kind"`
	Name string      `db:"name" json:"name"`
}

// Calendar is a region's working-day calendar in its time zone. The zero
// value counts weekends only, in WIB.
type Calendar struct {
	zone     *time.Location
	holidays map[int]Holiday // by dayKey
	years    map[int]bool    // the years whose holidays were given
}

// NewCalendar is the calendar of a region in zone with these holidays
// (national, cuti bersama and its own). years are the years the holidays
// cover in full; Covers reports on them, so that a caller can say when a
// count runs into a year whose holidays nobody has entered.
func NewCalendar(zone TimeZone, holidays []Holiday, years ...int) Calendar {
	c := Calendar{zone: zone.Location(), holidays: make(map[int]Holiday, len(holidays)), years: map[int]bool{}}
	for _, h := range holidays {
		c.holidays[dayKey(h.On)] = h
	}
	for _, y := range years {
		c.years[y] = true
	}
	return c
}

// RegionCalendar is the calendar of a region: the national holidays and
// cuti bersama of the seeded years (NationalHolidays), with the region's
// own changes: a regional holiday adds a day off, and a national day the
// region keeps as a working day (Keep) is taken out.
func RegionCalendar(zone TimeZone, own []RegionHoliday) Calendar {
	keep := map[int]bool{}
	var extra []Holiday
	for _, o := range own {
		if o.Keep {
			keep[dayKey(o.On)] = true
		} else {
			extra = append(extra, o.Holiday)
		}
	}
	var days []Holiday
	for _, h := range NationalHolidays() {
		if !keep[dayKey(h.On)] {
			days = append(days, h)
		}
	}
	return NewCalendar(zone, append(days, extra...), SeededHolidayYears...)
}

// RegionHoliday is a region's change to the national calendar: a day off
// of its own, or (Keep) a national holiday or cuti bersama it works on.
type RegionHoliday struct {
	ID       int64 `db:"id" json:"id"`
	RegionID int64 `db:"region_id" json:"region_id"`
	Holiday
	Keep bool `db:"keep" json:"keep"`
}

// Zone is the region's time zone (WIB for the zero calendar).
func (c Calendar) Zone() TimeZone { return TimeZone(c.location().String()) }

func (c Calendar) location() *time.Location {
	if c.zone == nil {
		return WIB
	}
	return c.zone
}

// dayKey is a civil date as one number, 20260321.
func dayKey(t time.Time) int { return t.Year()*10000 + int(t.Month())*100 + t.Day() }

// Covers reports whether the calendar holds the holidays of year.
func (c Calendar) Covers(year int) bool { return c.years[year] }

// HolidayOn is the holiday of the day t falls on in the region's zone.
func (c Calendar) HolidayOn(t time.Time) (Holiday, bool) {
	h, ok := c.holidays[dayKey(t.In(c.location()))]
	return h, ok
}

// IsWorkingDay reports whether the day t falls on, in the region's zone,
// is a working day.
func (c Calendar) IsWorkingDay(t time.Time) bool {
	t = t.In(c.location())
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, holiday := c.holidays[dayKey(t)]
	return !holiday
}

// startOfDay is midnight of t's day, in t's location.
func startOfDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

// AddWorkingDays is the moment n working days of time after from, in the
// region's zone: time runs only on working days, whole days of 24 hours
// (the zones keep no daylight saving). So Friday 10.00 WIT plus one
// working day is Monday 10.00 WIT, or Tuesday 10.00 when Monday is a
// holiday; a start on a day off starts at the next working day's
// midnight, so Saturday plus one working day is the end of Monday
// (Tuesday 00.00). n of 0 or less is from itself. The answer is in the
// region's zone, so that it formats with the zone's name.
func (c Calendar) AddWorkingDays(from time.Time, n int) time.Time {
	t := from.In(c.location())
	if n <= 0 {
		return t
	}
	left := time.Duration(n) * 24 * time.Hour
	for {
		next := startOfDay(t).AddDate(0, 0, 1)
		if c.IsWorkingDay(t) {
			rest := next.Sub(t)
			if left <= rest {
				return t.Add(left)
			}
			left -= rest
		}
		t = next
	}
}

// calendarJSON is a calendar as it travels between an activity and a
// workflow (and is kept in the workflow's history): the zone, every
// holiday in date order, and the years covered.
type calendarJSON struct {
	Zone     TimeZone  `json:"zone"`
	Holidays []Holiday `json:"holidays"`
	Years    []int     `json:"years"`
}

// MarshalJSON writes the calendar with its holidays in date order, so that
// a workflow counts with exactly the days an activity read.
func (c Calendar) MarshalJSON() ([]byte, error) {
	out := calendarJSON{Zone: c.Zone(), Holidays: []Holiday{}, Years: []int{}}
	for _, h := range c.holidays {
		out.Holidays = append(out.Holidays, h)
	}
	slices.SortFunc(out.Holidays, func(a, b Holiday) int { return a.On.Compare(b.On) })
	for y := range c.years {
		out.Years = append(out.Years, y)
	}
	slices.Sort(out.Years)
	return json.Marshal(out)
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (c *Calendar) UnmarshalJSON(b []byte) error {
	var in calendarJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	if in.Zone != "" && !in.Zone.Valid() {
		return FieldError("zone", "zona waktu %q tidak dikenal", in.Zone)
	}
	*c = NewCalendar(in.Zone, in.Holidays, in.Years...)
	return nil
}

// RegionHolidayInput is a region's change to its calendar, as the
// administrator sends it: a day off of its own (a name), or (Keep) a
// national holiday or cuti bersama its offices work on (a note may say
// why; without one the national day's name is kept).
type RegionHolidayInput struct {
	On   string `json:"on"` // YYYY-MM-DD
	Name string `json:"name" required:"false"`
	Keep bool   `json:"keep" required:"false"`
	// Day is the change as Validate leaves it for the store.
	Day Holiday `json:"-"`
}

// Validate checks the change and keeps it, parsed, in Day: a real date;
// a day off of the region's own on a weekday that is not already a
// holiday, with a name; a kept day that is a national holiday or cuti
// bersama of the seeded years.
func (in *RegionHolidayInput) Validate() error {
	in.Name = strings.TrimSpace(in.Name)
	on, err := time.Parse("2006-01-02", strings.TrimSpace(in.On))
	if err != nil || on.Year() < 2000 || on.Year() > 2100 {
		return FieldError("on", "tanggal harus berformat TTTT-BB-HH, tahun 2000–2100")
	}
	if len(in.Name) > 200 {
		return FieldError("name", "nama paling panjang 200 karakter")
	}
	var national *Holiday
	for _, h := range NationalHolidays() {
		if h.On.Equal(on) {
			national = &h
			break
		}
	}
	if in.Keep {
		if national == nil {
			return FieldError("on", "tanggal %s bukan hari libur nasional atau cuti bersama yang tercatat (tahun %d–%d)",
				on.Format("2006-01-02"), SeededHolidayYears[0], SeededHolidayYears[len(SeededHolidayYears)-1])
		}
		in.Day = Holiday{On: on, Kind: national.Kind, Name: cmp.Or(in.Name, national.Name)}
		return nil
	}
	switch {
	case national != nil:
		return FieldError("on", "tanggal %s sudah hari libur: %s", on.Format("2006-01-02"), national.Name)
	case on.Weekday() == time.Saturday || on.Weekday() == time.Sunday:
		return FieldError("on", "tanggal %s jatuh pada hari Sabtu atau Minggu, sudah bukan hari kerja", on.Format("2006-01-02"))
	case in.Name == "":
		return FieldError("name", "nama hari libur daerah wajib diisi")
	}
	in.Day = Holiday{On: on, Kind: HolidayRegional, Name: in.Name}
	return nil
}

// CalendarReader reads a region's changes to its calendar, by date: what
// the workflows' activities need to count working days.
type CalendarReader interface {
	RegionHolidays(ctx context.Context, regionID int64) ([]RegionHoliday, error)
}

// CalendarStore keeps a region's changes to its calendar, each write
// audited in its own transaction; another region's change is not found.
type CalendarStore interface {
	CalendarReader
	AddRegionHoliday(ctx context.Context, regionID, actorID int64, in RegionHolidayInput) (RegionHoliday, error)
	DeleteRegionHoliday(ctx context.Context, regionID, actorID, id int64) error
}
