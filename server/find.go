package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/ical"
	"github.com/policyflow/policyflow/policies"
)

// Finding consultations (issue 26): the public "Konsultasi dibuka" page of
// every consultation open now across the cities (or in one, ?region=slug),
// closing soonest first, and the same list as an iCalendar file of
// deadlines. Both show only consultations whose draft is public
// (policies.PublicConsultations), the same for every reader.

func init() { pageNames = append(pageNames, "konsultasi") }

// findPages are the page and the calendar.
func findPages() []pageRoute {
	return []pageRoute{
		{"GET", "/konsultasi", anyone, (*Server).handleOpenConsultations},
		{"GET", "/konsultasi.ics", anyone, (*Server).handleConsultationCalendar},
	}
}

// openConsultations reads the query's region (a slug; refused naming the
// field when it names none) and the consultations open in it.
func (s *Server) openConsultations(r *http.Request) (policies.Region, []policies.ConsultationListing, error) {
	reg, err := s.queryRegionRecord(r)
	if err != nil {
		return reg, nil, err
	}
	list, err := s.store.OpenConsultations(r.Context(), reg.ID)
	return reg, list, err
}

// listingView is one open consultation as the page shows it: its close
// time and time left in words in its own city's zone.
type listingView struct {
	policies.ConsultationListing
	Closes, Left string
}

// scheduledConsultations are the consultations scheduled to open to the
// public in the region (every region for none), when the store keeps them.
func (s *Server) scheduledConsultations(ctx context.Context, regionID int64) ([]policies.ConsultationListing, error) {
	var st any = s.store
	if cs, wrapped := st.(*cachingStore); wrapped {
		st = cs.Store
	}
	if ss, ok := st.(policies.ScheduleStore); ok {
		return ss.ScheduledConsultations(ctx, regionID)
	}
	return nil, nil
}

// soonView is a consultation scheduled to open as the page shows it: its
// opening and close in its own city's zone.
type soonView struct {
	policies.ConsultationListing
	Opens, Closes string
}

func (s *Server) handleOpenConsultations(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	reg, list, err := s.openConsultations(r)
	if err != nil {
		return err
	}
	scheduled, err := s.scheduledConsultations(r.Context(), reg.ID)
	if err != nil {
		return err
	}
	soon := make([]soonView, len(scheduled))
	for i, c := range scheduled {
		loc := i18n.Locale{Lang: lang, Zone: c.RegionZone}
		if soon[i].Opens, err = loc.Date(c.OpenedAt); err != nil {
			return err
		}
		if soon[i].Closes, err = loc.Date(c.ClosesAt); err != nil {
			return err
		}
		soon[i].ConsultationListing = c
	}
	regions, err := s.store.Regions(r.Context())
	if err != nil {
		return err
	}
	now := time.Now()
	items := make([]listingView, len(list))
	for i, c := range list {
		loc := i18n.Locale{Lang: lang, Zone: c.RegionZone}
		closes, err := loc.Date(c.ClosesAt)
		if err != nil {
			return err
		}
		items[i] = listingView{ConsultationListing: c, Closes: closes, Left: loc.TimeLeft(now, c.ClosesAt)}
	}
	cal := "/konsultasi.ics"
	if reg.Slug != "" {
		cal += "?" + url.Values{"region": {reg.Slug}}.Encode()
	}
	data := map[string]any{"Title": messages[lang]["find_title"], "Items": items, "Soon": soon, "Regions": regions,
		"Sel": map[string]string{"region": reg.Slug}, "CalendarURL": cal,
		"FeedURL": cityFeedPath(reg),
		"Feeds":   []feedLink{{Type: "text/calendar", URL: cal, Title: messages[lang]["find_calendar"]}, s.cityFeedLink(lang, reg)}}
	if reg.ID != 0 {
		data["Region"] = reg
		data["Title"] = messages[lang]["find_title"] + " · " + reg.Name
	}
	s.render(w, r, lang, http.StatusOK, "konsultasi", data)
	return nil
}

// feedLink is a feed or calendar of a page, named in its head as a
// <link rel="alternate"> (layout.html): Data["Feeds"].
type feedLink struct{ Type, URL, Title string }

// consultationUID is a consultation's calendar UID: the same for the
// consultation in every calendar of this installation, whatever its
// deadline becomes.
func (s *Server) consultationUID(id int64) string {
	host := "policyflow"
	if u, err := url.Parse(s.publicURL); err == nil && u.Host != "" {
		host = u.Host
	}
	return "konsultasi-" + strconv.FormatInt(id, 10) + "@" + host
}

// handleConsultationCalendar answers the open consultations as an
// iCalendar file (RFC 5545): one event a consultation, from its opening to
// its deadline, linked to the policy under PUBLIC_URL; and of each
// consultation scheduled to open to the public, the event of its opening
// and that of its deadline. Kept in memory per change (feedcache.go) until
// the first deadline or opening it lists passes.
func (s *Server) handleConsultationCalendar(w http.ResponseWriter, r *http.Request) error {
	return s.serveFeed(w, r, feedKey{kind: "calendar"}, func(lang string) (*feedBytes, error) {
		return s.consultationCalendar(r, lang)
	})
}

func (s *Server) consultationCalendar(r *http.Request, lang string) (*feedBytes, error) {
	reg, list, err := s.openConsultations(r)
	if err != nil {
		return nil, err
	}
	scheduled, err := s.scheduledConsultations(r.Context(), reg.ID)
	if err != nil {
		return nil, err
	}
	t := messages[lang]
	cal := ical.Calendar{ProdID: "-//Policyflow//Konsultasi//" + lang, Name: t["find_calendar_name"]}
	if reg.ID != 0 {
		cal.Name += " · " + reg.Name
	}
	now := time.Now()
	var until time.Time // the first time that passing changes the calendar
	soonest := func(at time.Time) {
		if at.After(now) && (until.IsZero() || at.Before(until)) {
			until = at
		}
	}
	who := func(c policies.ConsultationListing) string {
		if c.AllowPublic {
			return t["find_who_public"]
		}
		return t["find_who_invited"]
	}
	for _, c := range list {
		link := s.absoluteURL("/policies/" + strconv.FormatInt(c.PolicyID, 10))
		cal.Events = append(cal.Events, ical.Event{
			UID: s.consultationUID(c.ID), Stamp: now, Start: c.OpenedAt, End: c.ClosesAt,
			Summary:     t["find_event"] + ": " + c.PolicyTitle + " (" + c.RegionName + ")",
			Description: who(c) + ".\n" + link, Location: c.RegionName, URL: link,
		})
		soonest(c.ClosesAt)
	}
	for _, c := range scheduled {
		link := s.absoluteURL("/policies/" + strconv.FormatInt(c.PolicyID, 10))
		uid := s.scheduleUID(c.PolicyID)
		// Its opening as a moment, its period as the deadline's event.
		cal.Events = append(cal.Events, ical.Event{
			UID: "opens-" + uid, Stamp: now, Start: c.OpenedAt, End: c.OpenedAt.Add(time.Hour),
			Summary:     t["find_event_opens"] + ": " + c.PolicyTitle + " (" + c.RegionName + ")",
			Description: who(c) + ".\n" + link, Location: c.RegionName, URL: link,
		}, ical.Event{
			UID: "closes-" + uid, Stamp: now, Start: c.OpenedAt, End: c.ClosesAt,
			Summary:     t["find_event"] + ": " + c.PolicyTitle + " (" + c.RegionName + ")",
			Description: t["find_scheduled"] + ". " + who(c) + ".\n" + link, Location: c.RegionName, URL: link,
		})
		soonest(c.OpenedAt)
		soonest(c.ClosesAt)
	}
	return newFeedBytes(cal.Bytes(), "text/calendar; charset=utf-8", `inline; filename="konsultasi.ics"`, until), nil
}

// scheduleUID names the events of a policy's scheduled consultation:
// the same while it is moved; its own once it opens (consultationUID).
func (s *Server) scheduleUID(policyID int64) string {
	host := "policyflow"
	if u, err := url.Parse(s.publicURL); err == nil && u.Host != "" {
		host = u.Host
	}
	return "jadwal-konsultasi-" + strconv.FormatInt(policyID, 10) + "@" + host
}
