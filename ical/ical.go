// Package ical writes iCalendar (RFC 5545) files of events: a VCALENDAR
// of VEVENTs with UTC times, TEXT values escaped (3.3.11) and content lines
// folded at 75 octets without splitting a UTF-8 character (3.1), every
// line ended by CRLF. It writes the few properties Policyflow's calendars
// use, nothing more.
package ical

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"
)

// Calendar is one iCalendar object.
type Calendar struct {
	ProdID string // the product identifier, "-//Policyflow//Konsultasi//ID"
	Name   string // X-WR-CALNAME: the name calendar clients show
	Events []Event
}

// Event is one VEVENT.
type Event struct {
	UID         string    // stable for the same event, globally unique
	Stamp       time.Time // DTSTAMP
	Start, End  time.Time // DTSTART, DTEND (End after Start)
	Summary     string
	Description string
	Location    string
	URL         string // an absolute URI
}

// utc is a DATE-TIME in UTC (3.3.5, form #2).
func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// Escape is a TEXT value escaped (RFC 5545 3.3.11): backslash, semicolon,
// comma and newlines.
func Escape(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// Fold is a content line folded (RFC 5545 3.1): no line longer than 75
// octets, each continuation begun with a space, a UTF-8 character never
// split, every line ended by CRLF.
func Fold(line string) string {
	var b strings.Builder
	limit := 75
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
	return b.String()
}

// Bytes is the calendar as an iCalendar file.
func (c Calendar) Bytes() []byte {
	var b bytes.Buffer
	line := func(name, value string) { b.WriteString(Fold(name + ":" + value)) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", c.ProdID)
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	if c.Name != "" {
		line("X-WR-CALNAME", Escape(c.Name))
	}
	for _, e := range c.Events {
		line("BEGIN", "VEVENT")
		line("UID", e.UID)
		line("DTSTAMP", utc(e.Stamp))
		line("DTSTART", utc(e.Start))
		line("DTEND", utc(e.End))
		line("SUMMARY", Escape(e.Summary))
		if e.Description != "" {
			line("DESCRIPTION", Escape(e.Description))
		}
		if e.Location != "" {
			line("LOCATION", Escape(e.Location))
		}
		if e.URL != "" {
			line("URL;VALUE=URI", e.URL)
		}
		line("TRANSP", "TRANSPARENT")
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return b.Bytes()
}
