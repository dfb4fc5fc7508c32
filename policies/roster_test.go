package policies

import (
	"testing"
)

func TestRosterInputProblems(t *testing.T) {
	in := RosterInput{NIP: " 19931228 2025 21 2 001 ", Name: " Sari ", Unit: "dinkes"}
	if err := in.Validate(); err != nil || in.Kind != ASNPPPK || in.NIP != "199312282025212001" || in.Name != "Sari" {
		t.Fatalf("Validate = %v, in %+v", err, in)
	}
	bad := RosterInput{NIP: "198503122010011002", Kind: "pppk", Unit: ""}
	fields := map[string]bool{}
	for _, e := range bad.Problems() {
		fields[e.Field] = true
	}
	for _, f := range []string{"nip", "name", "unit"} {
		if !fields[f] {
			t.Errorf("no problem on %s: %v", f, bad.Problems())
		}
	}
	if k := (RosterInput{NIP: "198503122010011002", Name: "X", Unit: "u", Kind: "honorer"}); k.Validate() == nil {
		t.Error("an unknown kind was accepted")
	}
	for email, ok := range map[string]bool{" sari@dinkes.go.id ": true, "": true, "sari@": false, "Sari <sari@dinkes.go.id>": false, "a@b.c\x00": false} {
		in := RosterInput{NIP: "198503122010011002", Name: "X", Unit: "u", Email: &email}
		err := in.Validate()
		if got := err == nil; got != ok {
			t.Errorf("email %q: Validate = %v, want ok %t", email, err, ok)
		}
		if e, isErr := err.(*Error); isErr && e.Field != "email" {
			t.Errorf("email %q: refused on %q, want email", email, e.Field)
		}
	}
	if in := (RosterInput{NIP: "198503122010011002", Name: "X", Unit: "u", Email: new(" sari@dinkes.go.id ")}); in.Validate() != nil || in.EmailText() != "sari@dinkes.go.id" {
		t.Errorf("email not trimmed: %q", in.EmailText())
	}
}

func TestDiffRoster(t *testing.T) {
	no := false
	current := []RosterPerson{
		{NIP: "a", Name: "Ani", Kind: ASNPNS, UnitCode: "dinkes", Active: true},                      // unchanged
		{NIP: "b", Name: "Bima", Kind: ASNPNS, UnitCode: "dinkes", Active: true},                     // moved to disdik
		{NIP: "c", Name: "Citra", Kind: ASNPNS, UnitCode: "dinkes", Active: true},                    // missing: left
		{NIP: "d", Name: "Dodi", Kind: ASNPPPK, UnitCode: "disdik", Active: false},                   // back
		{NIP: "e", Name: "Eka", Kind: ASNPNS, UnitCode: "disdik", Active: true},                      // inactive in the file: left
		{NIP: "f", Name: "Fajar", Kind: ASNPNS, UnitCode: "disdik", Jabatan: "Analis", Active: true}, // changed jabatan
		{NIP: "g", Name: "Gita", Kind: ASNPNS, UnitCode: "disdik", Active: false},                    // still missing, still inactive: nothing
	}
	rows := []RosterInput{
		{NIP: "a", Name: "Ani", Kind: ASNPNS, Unit: "dinkes"},
		{NIP: "b", Name: "Bima", Kind: ASNPNS, Unit: "disdik"},
		{NIP: "d", Name: "Dodi", Kind: ASNPPPK, Unit: "dinkes"},
		{NIP: "e", Name: "Eka", Kind: ASNPNS, Unit: "disdik", Active: &no},
		{NIP: "f", Name: "Fajar", Kind: ASNPNS, Unit: "disdik", Jabatan: "Pranata"},
		{NIP: "h", Name: "Hana", Kind: ASNPPPK, Unit: "dinkes"},
	}
	p := DiffRoster(current, rows)
	want := map[RosterChangeKind]int{RosterNew: 1, RosterBack: 1, RosterLeft: 2, RosterMoved: 1, RosterChanged: 1}
	for k, n := range want {
		if p.Counts[k] != n {
			t.Errorf("%s: %d, want %d (%+v)", k, p.Counts[k], n, p.Changes)
		}
	}
	if p.Unchanged != 1 || p.Rows != 6 || len(p.Changes) != 6 {
		t.Errorf("unchanged %d, rows %d, changes %d", p.Unchanged, p.Rows, len(p.Changes))
	}
	order := ""
	for _, c := range p.Changes {
		order += c.NIP
	}
	if order != "hdcebf" { // new, back, left (dinkes before disdik), moved, changed
		t.Errorf("order %q, want hdcebf", order)
	}
	if back := p.Changes[1]; len(back.Fields) != 2 || back.Fields[0].Field != "unit" || back.Fields[1].Field != "active" {
		t.Errorf("back and moved: fields %+v", back.Fields)
	}
	if RosterDigest(current) == RosterDigest(current[1:]) || RosterImportToken("x", "d") == RosterImportToken("y", "d") {
		t.Error("digest or token ignores its input")
	}
}
