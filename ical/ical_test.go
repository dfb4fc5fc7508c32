package ical_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/policyflow/policyflow/ical"
)

// The file keeps RFC 5545's rules: every line ends in CRLF and is at most
// 75 octets, a continuation begins with one space and splits no UTF-8
// character, TEXT escapes backslash, semicolon, comma and newline, times
// are UTC; unfolded and unescaped, the values are what was given.
func TestCalendarKeepsTheRFCRules(t *testing.T) {
	title := strings.Repeat("Rancangan Peraturan Wali Kota tentang Pengembangan Kompetensi ASN; ", 3) + "ümlaut, é, \\ and\nnew line"
	at := time.Date(2026, 12, 10, 9, 30, 0, 0, time.FixedZone("WIB", 7*3600))
	c := ical.Calendar{ProdID: "-//Policyflow//Konsultasi//id", Name: "Batas waktu konsultasi", Events: []ical.Event{{
		UID: "konsultasi-7@policyflow.test", Stamp: at, Start: at.Add(-72 * time.Hour), End: at,
		Summary: title, Description: "Terbuka untuk umum.\nhttps://policyflow.test/policies/7", URL: "https://policyflow.test/policies/7",
	}}}
	raw := string(c.Bytes())
	if !strings.HasSuffix(raw, "END:VCALENDAR\r\n") {
		t.Fatalf("file does not end with END:VCALENDAR CRLF: %q", raw[len(raw)-30:])
	}
	lines := strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n")
	for _, l := range lines {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line splits a UTF-8 character: %q", l)
		}
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("bare CR or LF in %q", l)
		}
	}
	// Unfold (3.1) and read the properties.
	props := map[string]string{}
	var unfolded []string
	for _, l := range lines {
		if strings.HasPrefix(l, " ") {
			unfolded[len(unfolded)-1] += l[1:]
			continue
		}
		unfolded = append(unfolded, l)
	}
	for _, l := range unfolded {
		name, value, _ := strings.Cut(l, ":")
		props[name] = value
	}
	unescape := strings.NewReplacer(`\\`, `\`, `\;`, ";", `\,`, ",", `\n`, "\n", `\N`, "\n")
	for name, want := range map[string]string{
		"VERSION": "2.0", "PRODID": "-//Policyflow//Konsultasi//id", "UID": "konsultasi-7@policyflow.test",
		"DTSTAMP": "20261210T023000Z", "DTSTART": "20261207T023000Z", "DTEND": "20261210T023000Z",
		"URL;VALUE=URI": "https://policyflow.test/policies/7",
	} {
		if props[name] != want {
			t.Errorf("%s = %q, want %q", name, props[name], want)
		}
	}
	if got := unescape.Replace(props["SUMMARY"]); got != title {
		t.Errorf("SUMMARY unescaped = %q, want %q", got, title)
	}
	if strings.Contains(props["SUMMARY"], "\n") || !strings.Contains(props["SUMMARY"], `ASN\; `) || !strings.Contains(props["SUMMARY"], `ümlaut\, `) {
		t.Errorf("SUMMARY not escaped: %q", props["SUMMARY"])
	}
	if lines[0] != "BEGIN:VCALENDAR" || !strings.Contains(raw, "\r\nBEGIN:VEVENT\r\n") || !strings.Contains(raw, "\r\nEND:VEVENT\r\n") {
		t.Errorf("components not begun and ended: %q", raw)
	}
}
