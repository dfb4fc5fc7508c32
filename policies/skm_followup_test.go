package policies

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestFollowUpInputValidate(t *testing.T) {
	today := time.Date(2026, 12, 7, 9, 0, 0, 0, WIB)
	ok := FollowUpInput{Element: "u3", Action: " Pangkas alur verifikasi berkas ", Owner: "Kepala Bidang Pelayanan", DueOn: "2027-01-31"}
	due, err := ok.Validate(today)
	if err != nil || due.Format("2006-01-02") != "2027-01-31" || ok.Action != "Pangkas alur verifikasi berkas" {
		t.Fatalf("valid follow-up: %v, %v, %q", due, err, ok.Action)
	}
	if _, err := (&FollowUpInput{Element: "u3", Action: "a", Owner: "b", DueOn: "2026-12-07"}).Validate(today); err != nil {
		t.Errorf("due today: %v", err)
	}
	for _, c := range []struct {
		name  string
		in    FollowUpInput
		field string
	}{
		{"element u0", FollowUpInput{Element: "u0", Action: "a", Owner: "b", DueOn: "2027-01-01"}, "element"},
		{"element U3", FollowUpInput{Element: "U3", Action: "a", Owner: "b", DueOn: "2027-01-01"}, "element"},
		{"no action", FollowUpInput{Element: "u1", Action: "  ", Owner: "b", DueOn: "2027-01-01"}, "action"},
		{"long action", FollowUpInput{Element: "u1", Action: strings.Repeat("a", 2001), Owner: "b", DueOn: "2027-01-01"}, "action"},
		{"no owner", FollowUpInput{Element: "u1", Action: "a", DueOn: "2027-01-01"}, "owner"},
		{"long owner", FollowUpInput{Element: "u1", Action: "a", Owner: strings.Repeat("b", 201), DueOn: "2027-01-01"}, "owner"},
		{"no date", FollowUpInput{Element: "u1", Action: "a", Owner: "b"}, "due_on"},
		{"not a date", FollowUpInput{Element: "u1", Action: "a", Owner: "b", DueOn: "31-01-2027"}, "due_on"},
		{"yesterday", FollowUpInput{Element: "u1", Action: "a", Owner: "b", DueOn: "2026-12-06"}, "due_on"},
		{"six years on", FollowUpInput{Element: "u1", Action: "a", Owner: "b", DueOn: "2032-12-08"}, "due_on"},
	} {
		_, err := c.in.Validate(today)
		var e *Error
		if err == nil || !errors.As(err, &e) || e.Field != c.field {
			t.Errorf("%s: %v, want an error naming %s", c.name, err, c.field)
		}
	}
	for _, s := range []FollowUpStatus{"", "selesai", "DONE"} {
		if s.Valid() {
			t.Errorf("status %q is valid", s)
		}
	}
}
