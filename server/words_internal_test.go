package server

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// Every string of the catalogue, in every part and every typed catalogue,
// has both its Indonesian and its English side.
func TestCatalogueHasBothSides(t *testing.T) {
	check := func(what string, byLang map[string]map[string]string) {
		for _, l := range []string{i18n.ID, i18n.EN} {
			for k, v := range byLang[l] {
				if strings.TrimSpace(v) == "" {
					t.Errorf("%s %q has no %s text", what, k, l)
				}
			}
		}
		if len(byLang[i18n.ID]) != len(byLang[i18n.EN]) {
			t.Errorf("%s: %d Indonesian, %d English", what, len(byLang[i18n.ID]), len(byLang[i18n.EN]))
		}
	}
	check("catalogue key", messages)
	check("status", stringKeys(i18n.StatusNames))
	check("role", stringKeys(i18n.RoleNames))
	check("decision", i18n.DecisionNames)
	check("outcome", i18n.OutcomeNames)
	check("audit action", i18n.AuditActionNames)
	check("round status", i18n.RoundStatusNames)
	check("program kind", stringKeys(i18n.ProgramKindNames))
	check("notification kind", stringKeys(i18n.NoticeKindNames))
	check("comment status", stringKeys(i18n.CommentStatusNames))
	check("band", i18n.BandNames)
	check("quorum", stringKeys(i18n.QuorumNames))
	check("notify mode", stringKeys(i18n.NotifyModeNames))
}

func stringKeys[K ~string](m map[string]map[K]string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for l, names := range m {
		out[l] = map[string]string{}
		for k, v := range names {
			out[l][string(k)] = v
		}
	}
	return out
}

// Every catalogue key a template names exists: a missing key would show
// nothing at all.
func TestTemplatesNameOnlyCatalogueKeys(t *testing.T) {
	key := regexp.MustCompile(`\.T\.([A-Za-z0-9_]+)|index \$?\.T "([^"]+)"`)
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("templates: %v", err)
	}
	used := 0
	for _, f := range files {
		b, err := fs.ReadFile(templateFS, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllStringSubmatch(string(b), -1) {
			k := m[1] + m[2]
			used++
			for _, l := range []string{i18n.ID, i18n.EN} {
				if _, ok := messages[l][k]; !ok {
					t.Errorf("%s names catalogue key %q, which has no %s text", f, k, l)
				}
			}
		}
	}
	if used < 100 {
		t.Errorf("only %d catalogue keys found in the templates: the pattern no longer matches them", used)
	}
}

// Every code the record keeps has a name in both languages.
func TestEveryCodeHasAName(t *testing.T) {
	maps := map[string]map[string]map[string]string{
		"status": stringKeys(i18n.StatusNames), "role": stringKeys(i18n.RoleNames), "action": i18n.AuditActionNames,
		"audit action": i18n.AuditActionNames, "decision": i18n.DecisionNames, "outcome": i18n.OutcomeNames,
		"round status": i18n.RoundStatusNames, "program kind": stringKeys(i18n.ProgramKindNames),
		"notification kind": stringKeys(i18n.NoticeKindNames), "comment status": stringKeys(i18n.CommentStatusNames),
		"quorum": stringKeys(i18n.QuorumNames), "notify mode": stringKeys(i18n.NotifyModeNames),
	}
	for what, codes := range Codes() {
		names, ok := maps[what]
		if !ok {
			continue // named by the pages that show them (stakeholder groups: the admin pages)
		}
		for _, c := range codes {
			for _, l := range []string{i18n.ID, i18n.EN} {
				if names[l][c] == "" {
					t.Errorf("%s %q has no %s name", what, c, l)
				}
			}
		}
	}
}

// Dates are shown in the page's zone with its name, in the language's
// format; numbers with the language's marks.
func TestDatesAndNumbersInTheReadersFormat(t *testing.T) {
	at := time.Date(2026, 3, 2, 7, 5, 0, 0, time.UTC)
	for _, c := range []struct {
		l    locale
		want string
	}{
		{locale{i18n.ID, policies.ZoneWIB}, "2 Maret 2026 14.05 WIB"},
		{locale{i18n.ID, policies.ZoneWITA}, "2 Maret 2026 15.05 WITA"},
		{locale{i18n.ID, policies.ZoneWIT}, "2 Maret 2026 16.05 WIT"},
		{locale{i18n.EN, policies.ZoneWIB}, "2 March 2026 14:05 WIB"},
		{locale{i18n.EN, policies.ZoneWIT}, "2 March 2026 16:05 WIT"},
	} {
		if got, err := c.l.date(at); got != c.want || err != nil {
			t.Errorf("%v: date = %q, %v; want %q", c.l, got, err, c.want)
		}
		if got, _ := c.l.date(&at); got != c.want {
			t.Errorf("%v: date of a pointer = %q; want %q", c.l, got, c.want)
		}
	}
	late := time.Date(2026, 12, 31, 20, 0, 0, 0, time.UTC) // already 1 January in WIB
	if got, _ := (locale{i18n.ID, policies.ZoneWIB}).date(late); got != "1 Januari 2027 03.00 WIB" {
		t.Errorf("a date past midnight in WIB = %q", got)
	}
	if got, _ := (locale{i18n.ID, policies.ZoneWIB}).dateOnly(time.Date(2026, 8, 17, 0, 0, 0, 0, time.UTC)); got != "17 Agustus 2026" {
		t.Errorf("a calendar date = %q", got)
	}
	if got, _ := (locale{i18n.ID, policies.ZoneWIB}).date((*time.Time)(nil)); got != "" {
		t.Errorf("no time = %q, want nothing", got)
	}
	id, en := locale{i18n.ID, policies.ZoneWIB}, locale{i18n.EN, policies.ZoneWIB}
	for _, c := range []struct {
		v      any
		id, en string
	}{{7, "7", "7"}, {1000, "1.000", "1,000"}, {1234567, "1.234.567", "1,234,567"}, {int64(-2500), "−2.500", "−2,500"}, {999, "999", "999"}} {
		if got, _ := id.num(c.v); got != c.id {
			t.Errorf("num(%v) in Indonesian = %q, want %q", c.v, got, c.id)
		}
		if got, _ := en.num(c.v); got != c.en {
			t.Errorf("num(%v) in English = %q, want %q", c.v, got, c.en)
		}
	}
	ikm := 76.61
	for _, c := range []struct {
		v      any
		id, en string
	}{{76.61, "76,61", "76.61"}, {&ikm, "76,61", "76.61"}, {1234.5, "1.234,50", "1,234.50"}, {100.0, "100,00", "100.00"}} {
		if got, _ := id.dec(c.v); got != c.id {
			t.Errorf("dec(%v) in Indonesian = %q, want %q", c.v, got, c.id)
		}
		if got, _ := en.dec(c.v); got != c.en {
			t.Errorf("dec(%v) in English = %q, want %q", c.v, got, c.en)
		}
	}
	if got, _ := id.auditDetail("drafting → in_approval versi 2"); got != "Penyusunan → Dalam persetujuan versi 2" {
		t.Errorf("audit detail = %q", got)
	}
	if got, _ := en.auditDetail("in_approval → approved versi 2"); got != "In approval → Approved versi 2" {
		t.Errorf("audit detail in English = %q", got)
	}
	if _, err := id.auditDetail("drafting → limbo"); err == nil {
		t.Errorf("an unknown status in an audit detail is not an error in tests")
	}
	if got := en.left(-(50 * time.Hour)); got != "2 days 2 hours late" {
		t.Errorf("left = %q", got)
	}
	// A code with no name fails the page in tests (and shows the code in production).
	if _, err := codeFunc(i18n.RoundStatusNames, id, "round status")("lost"); err == nil {
		t.Errorf("an unknown round status is not an error in tests")
	}
	strictWords = false
	got, err := codeFunc(i18n.RoundStatusNames, id, "round status")("lost")
	strictWords = true
	if got != "lost" || err != nil {
		t.Errorf("in production an unknown code shows as %q, %v; want the code", got, err)
	}
	if got, _ := codeFunc(i18n.RoleNames, id, "role")(policies.RoleUnitOfficer); got != "Petugas unit" {
		t.Errorf("role = %q", got)
	}
	if got, _ := codeFunc(i18n.ProgramKindNames, en, "program kind")("e_learning"); got != "E-learning / online" {
		t.Errorf("program kind given as a string = %q", got)
	}
}
