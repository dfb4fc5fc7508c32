package server

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// The region's working-day calendar (issue 23): the national holidays and
// cuti bersama of the seeded years as the SKBs set them, and the region's
// changes to them (its own days off, the national days its offices work
// on), which the region's administrator adds and removes, audited.

// calendarPages lists the calendar's pages (adminPages includes them).
func calendarPages() []pageRoute {
	return []pageRoute{
		{"GET", "/admin/calendar", regionAdmins, (*Server).handleCalendar},
		{"POST", "/admin/calendar", regionAdmins, formWrite(holidayFromForm, (*Server).addHoliday, savedAt[policies.RegionHoliday]("/admin/calendar"))},
		{"POST", "/admin/calendar/{hid}/delete", regionAdmins, formWrite(noForm, (*Server).deleteHoliday, savedAt[map[string]any]("/admin/calendar"))},
	}
}

// calendarAPIRoutes are the calendar's API routes (adminAPIRoutes includes them).
func calendarAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/admin/calendar", "Kalender hari kerja wilayah saya: hari libur nasional dan cuti bersama (SKB), perubahan wilayah, dan hari yang berlaku", regionAdmins, apiRead((*Server).calendarOf), nil},
		{"POST", "/admin/calendar", "Tambah hari libur daerah, atau (keep) tetapkan hari libur nasional/cuti bersama sebagai hari kerja wilayah", regionAdmins, apiWrite(http.StatusCreated, (*Server).addHoliday), policies.RegionHolidayInput{}},
		{"POST", "/admin/calendar/{hid}/delete", "Hapus perubahan kalender wilayah", regionAdmins, apiDo((*Server).deleteHoliday), nil},
	}
}

// calendarDay is one day of the calendar as the page and the API list it.
type calendarDay struct {
	policies.Holiday
	// ChangeID is the region's change on the day (0: none).
	ChangeID int64 `json:"change_id,omitempty"`
	// Working: the region works on the day (a kept national day).
	Working bool   `json:"working"`
	Weekday string `json:"-"`
}

// regionCalendar is the administrator's region's calendar: its days of
// the seeded years in date order, and its changes.
type regionCalendar struct {
	Zone    policies.TimeZone        `json:"time_zone"`
	Years   []int                    `json:"years"`
	Days    []calendarDay            `json:"days"`
	Changes []policies.RegionHoliday `json:"changes"`
}

func (s *Server) calendarOf(r *http.Request) (regionCalendar, error) {
	reg, changes, err := regionOwn(s, r, s.store.RegionHolidays)
	if err != nil {
		return regionCalendar{}, err
	}
	byDay := map[string]policies.RegionHoliday{}
	for _, c := range changes {
		byDay[c.On.Format(time.DateOnly)] = c
	}
	var days []calendarDay
	for _, h := range policies.NationalHolidays() {
		c, changed := byDay[h.On.Format(time.DateOnly)]
		days = append(days, calendarDay{Holiday: h, ChangeID: c.ID, Working: changed && c.Keep})
	}
	for _, c := range changes {
		if !c.Keep {
			days = append(days, calendarDay{Holiday: c.Holiday, ChangeID: c.ID})
		}
	}
	// The region's own days among the national ones, in date order.
	slices.SortStableFunc(days, func(a, b calendarDay) int { return a.On.Compare(b.On) })
	return regionCalendar{Zone: reg.TimeZone, Years: policies.SeededHolidayYears, Days: days, Changes: changes}, nil
}

func (s *Server) handleCalendar(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	reg, err := s.adminRegion(r)
	if err != nil {
		return err
	}
	cal, err := s.calendarOf(r)
	if err != nil {
		return err
	}
	for i := range cal.Days {
		cal.Days[i].Weekday = messages[lang][fmt.Sprintf("weekday_%d", cal.Days[i].On.Weekday())]
	}
	s.renderAdmin(w, r, lang, "admin_calendar", messages[lang]["calendar_title"], reg, map[string]any{"Calendar": cal})
	return nil
}

// holidayFromForm reads the calendar's form.
func holidayFromForm(r *http.Request) (policies.RegionHolidayInput, error) {
	return policies.RegionHolidayInput{On: r.PostFormValue("on"), Name: r.PostFormValue("name"), Keep: r.PostFormValue("keep") != ""}, nil
}

// addHoliday records a change to the region's calendar (page and API).
func (s *Server) addHoliday(r *http.Request, in policies.RegionHolidayInput) (policies.RegionHoliday, error) {
	return createInRegion(s, r, &in, in.Validate, s.store.AddRegionHoliday)
}

// deleteHoliday takes the change of the URL out of the region's calendar
// (page and API; no body).
func (s *Server) deleteHoliday(r *http.Request, _ struct{}) (map[string]any, error) {
	reg, err := s.adminRegion(r)
	if err != nil {
		return nil, err
	}
	id, err := pathID(r, "hid")
	if err != nil {
		return nil, err
	}
	if err := s.store.DeleteRegionHoliday(r.Context(), reg.ID, viewerOf(r).User.ID, id); err != nil {
		return nil, err
	}
	return map[string]any{"deleted": id}, nil
}

func init() {
	pageNames = append(pageNames, "admin_calendar")
}
