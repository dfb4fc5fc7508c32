package policies

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestCheckProgramAction(t *testing.T) {
	tests := []struct {
		from ProgramStatus
		act  ProgramAction
		to   ProgramStatus
		kind ErrorKind // "" when allowed
	}{
		{ProgramPlanned, ProgramEditAct, ProgramPlanned, ""},
		{ProgramRunning, ProgramEditAct, ProgramRunning, ""},
		{ProgramDone, ProgramEditAct, "", KindConflict},
		{ProgramCancelled, ProgramEditAct, "", KindConflict},
		{ProgramPlanned, ProgramRescheduleAct, ProgramPlanned, ""},
		{ProgramCancelled, ProgramRescheduleAct, "", KindConflict},
		{ProgramDone, ProgramRescheduleAct, "", KindConflict},
		{ProgramPlanned, ProgramCancelAct, ProgramCancelled, ""},
		{ProgramRunning, ProgramCancelAct, ProgramCancelled, ""},
		{ProgramCancelled, ProgramCancelAct, "", KindConflict},
		{ProgramDone, ProgramCancelAct, "", KindConflict},
		{ProgramPlanned, ProgramStartAct, ProgramRunning, ""},
		{ProgramRunning, ProgramStartAct, "", KindConflict},
		{ProgramCancelled, ProgramStartAct, "", KindConflict}, // a late timer never revives a cancelled program
		{ProgramRunning, ProgramFinishAct, ProgramDone, ""},
		{ProgramPlanned, ProgramFinishAct, ProgramDone, ""}, // start and end on one day
		{ProgramCancelled, ProgramFinishAct, "", KindConflict},
		{ProgramPlanned, "teleport", "", KindNotFound},
	}
	for _, tt := range tests {
		to, err := CheckProgramAction(tt.from, tt.act)
		if tt.kind == "" {
			if err != nil || to != tt.to {
				t.Errorf("%s from %s = %s, %v; want %s", tt.act, tt.from, to, err, tt.to)
			}
			continue
		}
		if KindOf(err) != tt.kind {
			t.Errorf("%s from %s: %v, want a %s", tt.act, tt.from, err, tt.kind)
		}
	}
	// Every status is reachable and every action has a row.
	for _, s := range ProgramStatuses {
		if programStatusWords[s] == "" {
			t.Errorf("status %s has no words", s)
		}
	}
	for act := range ProgramTransitions {
		if programActionWords[act] == "" {
			t.Errorf("action %s has no words", act)
		}
	}
}

func TestProgramChangeValidate(t *testing.T) {
	now := time.Date(2026, 6, 1, 8, 0, 0, 0, WIB)
	fieldOf := func(err error) string {
		if e, ok := err.(*Error); ok {
			return e.Field
		}
		return ""
	}
	edits := []struct {
		e     ProgramEdit
		field string
	}{
		{ProgramEdit{Kind: KindSeminar, Title: " Seminar ", JP: 8}, ""},
		{ProgramEdit{Kind: KindSeminar, Title: "  ", JP: 8}, "title"},
		{ProgramEdit{Kind: KindSeminar, Title: strings.Repeat("x", 301), JP: 8}, "title"},
		{ProgramEdit{Kind: "rapat", Title: "Rapat", JP: 8}, "kind"},
		{ProgramEdit{Kind: KindSeminar, Title: "Seminar", JP: 0}, "jp"},
		{ProgramEdit{Kind: KindSeminar, Title: "Seminar", JP: 1001}, "jp"},
		{ProgramEdit{Kind: KindSeminar, Title: "Seminar", JP: 8, TargetParticipants: -1}, "target_participants"},
	}
	for _, tt := range edits {
		err := tt.e.Validate()
		if (err == nil) != (tt.field == "") || fieldOf(err) != tt.field {
			t.Errorf("edit %+v: %v, want field %q", tt.e, err, tt.field)
		}
	}
	day := 24 * time.Hour
	moves := []struct {
		r     ProgramReschedule
		field string
	}{
		{ProgramReschedule{now.Add(day), now.Add(2 * day), "Narasumber berhalangan"}, ""},
		{ProgramReschedule{now.Add(day), now.Add(2 * day), "  "}, "reason"},
		{ProgramReschedule{now.Add(2 * day), now.Add(day), "x"}, "ends_at"},
		{ProgramReschedule{now.Add(-3 * day), now.Add(-day), "x"}, "ends_at"},
		{ProgramReschedule{time.Time{}, now.Add(day), "x"}, "starts_at"},
		{ProgramReschedule{now, now.Add(400 * day), "x"}, "ends_at"},
	}
	for _, tt := range moves {
		err := tt.r.Validate(now)
		if (err == nil) != (tt.field == "") || fieldOf(err) != tt.field {
			t.Errorf("reschedule %+v: %v, want field %q", tt.r, err, tt.field)
		}
	}
	if err := (&ProgramCancel{Reason: " "}).Validate(); fieldOf(err) != "reason" {
		t.Errorf("cancel without a reason: %v, want the reason named", err)
	}
	if err := (&ProgramCancel{Reason: "Anggaran dialihkan"}).Validate(); err != nil {
		t.Errorf("cancel with a reason: %v", err)
	}
}

func TestProgramBudget(t *testing.T) {
	tests := []struct {
		b     ProgramBudget
		field string
		over  bool
		pct   int
	}{
		{ProgramBudget{10_000_000, 7_500_000}, "", false, 75},
		{ProgramBudget{10_000_000, 12_000_000}, "", true, 120}, // allowed, warned
		{ProgramBudget{0, 0}, "", false, 0},
		{ProgramBudget{0, 5}, "", true, 0},
		{ProgramBudget{-1, 0}, "budget", false, 0},
		{ProgramBudget{1, -1}, "realisation", false, 0},
		{ProgramBudget{MaxRupiah + 1, 0}, "budget", false, 0},
	}
	for _, tt := range tests {
		err := tt.b.Validate()
		var field string
		if e, ok := err.(*Error); ok {
			field = e.Field
		}
		if field != tt.field || (err == nil) != (tt.field == "") {
			t.Errorf("%+v: %v, want field %q", tt.b, err, tt.field)
		}
		if err == nil && (tt.b.OverBudget() != tt.over || tt.b.RealisationPercent() != tt.pct) {
			t.Errorf("%+v: over %v, %d%%; want %v, %d%%", tt.b, tt.b.OverBudget(), tt.b.RealisationPercent(), tt.over, tt.pct)
		}
	}
}

func TestSessionsAndTheirProgram(t *testing.T) {
	d := func(s string) time.Time { v, _ := time.Parse(time.DateOnly, s); return v }
	prog := Program{StartsOn: d("2026-05-04"), EndsOn: d("2026-05-08"), JP: 12}
	held := []ProgramSession{{Number: 1, HeldOn: d("2026-05-04"), JP: 4}, {Number: 2, HeldOn: d("2026-05-06"), JP: 4}}
	fieldOf := func(err error) string {
		if e, ok := err.(*Error); ok {
			return e.Field
		}
		return ""
	}
	for _, tt := range []struct {
		s     NewSession
		field string
	}{
		{NewSession{HeldOn: d("2026-05-08"), JP: 4}, ""},
		{NewSession{HeldOn: d("2026-05-08"), JP: 5}, "jp"}, // 13 > 12
		{NewSession{HeldOn: d("2026-05-09"), JP: 1}, "held_on"},
		{NewSession{HeldOn: d("2026-05-03"), JP: 1}, "held_on"},
		{NewSession{JP: 1}, "held_on"},
		{NewSession{HeldOn: d("2026-05-05"), JP: 0}, "jp"},
	} {
		if err := tt.s.Validate(prog, held); fieldOf(err) != tt.field || (err == nil) != (tt.field == "") {
			t.Errorf("session %+v: %v, want field %q", tt.s, err, tt.field)
		}
	}
	for _, tt := range []struct {
		jp       int
		from, to string
		field    string
	}{
		{8, "", "", ""},
		{7, "", "", "jp"},
		{0, "2026-05-04", "2026-05-06", ""},
		{0, "2026-05-05", "2026-05-10", "starts_at"},
		{0, "2026-05-01", "2026-05-05", "ends_at"},
	} {
		if err := SessionsFit(held, tt.jp, tt.from, tt.to); fieldOf(err) != tt.field || (err == nil) != (tt.field == "") {
			t.Errorf("SessionsFit(%d, %s, %s): %v, want field %q", tt.jp, tt.from, tt.to, err, tt.field)
		}
	}
	if KindOf(CheckSessionsOpen(ProgramCancelled)) != KindConflict || CheckSessionsOpen(ProgramDone) != nil {
		t.Error("sessions: a cancelled program's are closed (409), a done one's open for attendance")
	}
}

func TestDiffParticipants(t *testing.T) {
	now := time.Now()
	held := []Participant{{NIP: "1", Name: "A", Completed: true}, {NIP: "2", Name: "B"}, {NIP: "3", Name: "C", RemovedAt: &now, RemovedReason: "x"}}
	in := []Participant{{NIP: "1", Name: "A"}, {NIP: "2", Name: "B"}, {NIP: "3", Name: "C", Completed: true}, {NIP: "4", Name: "D"}}
	var kinds []ParticipantChangeKind
	var jpChanges []string
	for _, d := range DiffParticipants(held, in) {
		kinds = append(kinds, d.Kind)
		if d.CompletionChanged() {
			jpChanges = append(jpChanges, d.After.NIP)
		}
	}
	want := []ParticipantChangeKind{ParticipantUpdated, ParticipantUnchanged, ParticipantBack, ParticipantAdded}
	if fmt.Sprint(kinds) != fmt.Sprint(want) || fmt.Sprint(jpChanges) != "[1]" {
		t.Errorf("diff = %v, completion changes %v; want %v and [1]", kinds, jpChanges, want)
	}
	if err := (&ParticipantRemoval{Reason: " "}).Validate(); KindOf(err) != KindInvalid {
		t.Errorf("removal without a reason: %v", err)
	}
}
