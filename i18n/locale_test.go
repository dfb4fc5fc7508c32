package i18n

import (
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// Dates are shown in the page's zone with its name, in the language's
// format; numbers with the language's marks.
func TestDatesAndNumbersInTheReadersFormat(t *testing.T) {
	Strict = true // as in the server's tests: a code with no name is an error
	defer func() { Strict = false }()
	at := time.Date(2026, 3, 2, 7, 5, 0, 0, time.UTC)
	for _, c := range []struct {
		l    Locale
		want string
	}{
		{Locale{ID, policies.ZoneWIB}, "2 Maret 2026 14.05 WIB"},
		{Locale{ID, policies.ZoneWITA}, "2 Maret 2026 15.05 WITA"},
		{Locale{ID, policies.ZoneWIT}, "2 Maret 2026 16.05 WIT"},
		{Locale{EN, policies.ZoneWIB}, "2 March 2026 14:05 WIB"},
		{Locale{EN, policies.ZoneWIT}, "2 March 2026 16:05 WIT"},
	} {
		if got, err := c.l.Date(at); got != c.want || err != nil {
			t.Errorf("%v: date = %q, %v; want %q", c.l, got, err, c.want)
		}
		if got, _ := c.l.Date(&at); got != c.want {
			t.Errorf("%v: date of a pointer = %q; want %q", c.l, got, c.want)
		}
	}
	late := time.Date(2026, 12, 31, 20, 0, 0, 0, time.UTC) // already 1 January in WIB
	if got, _ := (Locale{ID, policies.ZoneWIB}).Date(late); got != "1 Januari 2027 03.00 WIB" {
		t.Errorf("a date past midnight in WIB = %q", got)
	}
	if got, _ := (Locale{ID, policies.ZoneWIB}).DateOnly(time.Date(2026, 8, 17, 0, 0, 0, 0, time.UTC)); got != "17 Agustus 2026" {
		t.Errorf("a calendar date = %q", got)
	}
	if got, _ := (Locale{ID, policies.ZoneWIB}).Date((*time.Time)(nil)); got != "" {
		t.Errorf("no time = %q, want nothing", got)
	}
	id, en := Locale{ID, policies.ZoneWIB}, Locale{EN, policies.ZoneWIB}
	for _, c := range []struct {
		v      any
		id, en string
	}{{7, "7", "7"}, {1000, "1.000", "1,000"}, {1234567, "1.234.567", "1,234,567"}, {int64(-2500), "−2.500", "−2,500"}, {999, "999", "999"}} {
		if got, _ := id.Num(c.v); got != c.id {
			t.Errorf("num(%v) in Indonesian = %q, want %q", c.v, got, c.id)
		}
		if got, _ := en.Num(c.v); got != c.en {
			t.Errorf("num(%v) in English = %q, want %q", c.v, got, c.en)
		}
	}
	ikm := 76.61
	for _, c := range []struct {
		v      any
		id, en string
	}{{76.61, "76,61", "76.61"}, {&ikm, "76,61", "76.61"}, {1234.5, "1.234,50", "1,234.50"}, {100.0, "100,00", "100.00"}} {
		if got, _ := id.Dec(c.v); got != c.id {
			t.Errorf("dec(%v) in Indonesian = %q, want %q", c.v, got, c.id)
		}
		if got, _ := en.Dec(c.v); got != c.en {
			t.Errorf("dec(%v) in English = %q, want %q", c.v, got, c.en)
		}
	}
	if got, _ := id.AuditDetail("drafting → in_approval versi 2"); got != "Penyusunan → Dalam persetujuan versi 2" {
		t.Errorf("audit detail = %q", got)
	}
	if got, _ := en.AuditDetail("in_approval → approved versi 2"); got != "In approval → Approved versi 2" {
		t.Errorf("audit detail in English = %q", got)
	}
	if _, err := id.AuditDetail("drafting → limbo"); err == nil {
		t.Errorf("an unknown status in an audit detail is not an error in tests")
	}
	if got := en.Left(-(50 * time.Hour)); got != "2 days 2 hours late" {
		t.Errorf("left = %q", got)
	}
	// A code with no name fails the page in tests (and shows the code in production).
	if _, err := CodeFunc(RoundStatusNames, id, "round status")("lost"); err == nil {
		t.Errorf("an unknown round status is not an error in tests")
	}
	Strict = false
	got, err := CodeFunc(RoundStatusNames, id, "round status")("lost")
	Strict = true
	if got != "lost" || err != nil {
		t.Errorf("in production an unknown code shows as %q, %v; want the code", got, err)
	}
	if got, _ := CodeFunc(RoleNames, id, "role")(policies.RoleUnitOfficer); got != "Petugas unit" {
		t.Errorf("role = %q", got)
	}
	if got, _ := CodeFunc(ProgramKindNames, en, "program kind")("e_learning"); got != "E-learning / online" {
		t.Errorf("program kind given as a string = %q", got)
	}
}
