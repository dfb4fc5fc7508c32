package postgres_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
)

// rosterNumber is the i-th ASN's number: a valid PNS NIP, or for every
// third person a valid NI PPPK.
func rosterNumber(i int) (string, string) {
	birth := fmt.Sprintf("19%02d%02d%02d", 60+i%30, 1+i%12, 1+i%28)
	if i%3 == 2 {
		return birth + fmt.Sprintf("202321%d%03d", 1+i%2, 1+i), "PPPK"
	}
	return birth + fmt.Sprintf("2010%02d%d%03d", 1+i%12, 1+i%2, 1+i), "PNS"
}

// rosterFile is a SIASN-shaped export of n people over units, with extra
// lines at the end.
func rosterFile(n int, units []string, edit func(i int, cols []string) []string, extra ...string) []byte {
	var b strings.Builder
	b.WriteString("NIP Baru;Namapns;Jenis ASN;Nama Unor;Nama Jabatan;Golongan;Kedudukan Hukum\n")
	for i := range n {
		nip, kind := rosterNumber(i)
		cols := []string{nip, fmt.Sprintf("ASN %03d", i), kind, units[i%len(units)], "Pelaksana", "II/c", "Aktif"}
		if edit != nil {
			cols = edit(i, cols)
		}
		if cols != nil {
			b.WriteString(strings.Join(cols, ";") + "\n")
		}
	}
	for _, l := range extra {
		b.WriteString(l + "\n")
	}
	return []byte(b.String())
}

func parseRosterFile(t *testing.T, data []byte, units map[string]int64) []policies.RosterInput {
	t.Helper()
	rows, errs, err := evaluation.ParseRoster(data, func(v string) (string, bool) { _, ok := units[v]; return v, ok })
	if err != nil || len(errs) > 0 {
		t.Fatalf("ParseRoster: %v %v", err, errs)
	}
	in := make([]policies.RosterInput, len(rows))
	for i, r := range rows {
		in[i] = r.RosterInput
	}
	return in
}

func activeRoster(t *testing.T, db *postgres.DB, regionID int64) map[string]policies.RosterPerson {
	t.Helper()
	ps, err := db.Roster(t.Context(), regionID, policies.RosterFilter{ActiveOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]policies.RosterPerson{}
	for _, p := range ps {
		m[p.NIP] = p
	}
	return m
}

// A roster of several hundred: bad lines refused (nothing imported), the
// import previewed and applied whole; a re-import previews its new, moved,
// left, back and changed people, then applies them; a stale preview and a
// failing row change nothing.
func TestRosterImport(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	units := slices.Sorted(maps.Keys(f.units))
	const n = 420

	// Three bad lines: the file is refused, each line named.
	bad := rosterFile(n, units, nil, "123;Pendek;PNS;"+units[0]+";;;Aktif", "198503122010011002;Salah jenis;PPPK;"+units[0]+";;;Aktif", "199001012015032001;Tanpa unit;PNS;dinas-rahasia;;;Aktif")
	_, errs, err := evaluation.ParseRoster(bad, func(v string) (string, bool) { _, ok := f.units[v]; return v, ok })
	if err != nil || len(errs) != 3 || errs[0].Line != n+2 || errs[0].Field != "nip" || errs[1].Field != "nip" || errs[2].Line != n+4 || errs[2].Field != "unit" {
		t.Fatalf("bad lines: err %v, errs %v", err, errs)
	}
	if got := activeRoster(t, f.db, f.regionID); len(got) != 0 {
		t.Fatalf("%d people on the roster after a refused file", len(got))
	}

	// The good file: previewed (nothing changes), then applied.
	file := rosterFile(n, units, nil)
	rows := parseRosterFile(t, file, f.units)
	p, err := f.db.PreviewRosterImport(ctx, f.regionID, f.users["penyusun"], evaluation.FileHash(file), rows)
	if err != nil || p.Counts[policies.RosterNew] != n || p.Rows != n {
		t.Fatalf("preview: %v %+v", err, p.Counts)
	}
	if got := activeRoster(t, f.db, f.regionID); len(got) != 0 {
		t.Fatalf("a preview changed the roster: %d people", len(got))
	}
	if again, _ := f.db.PreviewRosterImport(ctx, f.regionID, f.users["penyusun"], evaluation.FileHash(file), rows); again.Token != p.Token {
		t.Errorf("the same file against the same roster: token %s, then %s", p.Token, again.Token)
	}
	applied, err := f.db.ApplyRosterImport(ctx, f.regionID, f.users["penyusun"], p.Token)
	if err != nil || !applied.Applied || applied.Counts[policies.RosterNew] != n {
		t.Fatalf("apply: %v %+v", err, applied.Counts)
	}
	all := activeRoster(t, f.db, f.regionID)
	if len(all) != n {
		t.Fatalf("%d people on the roster, want %d", len(all), n)
	}
	if nip, _ := rosterNumber(2); all[nip].Kind != policies.ASNPPPK {
		t.Errorf("an NI PPPK's person: %+v", all[nip])
	}
	if a, _, _, after := lastAdminAudit(t, f.db, f.regionID); a != "roster.imported" || !after {
		t.Errorf("audit %s", a)
	}
	if _, err := f.db.ApplyRosterImport(ctx, f.regionID, f.users["penyusun"], p.Token); !policies.IsKind(err, policies.KindNotFound) {
		t.Errorf("applied twice: %v", err)
	}

	// Person 3 leaves by hand, to come back in the re-import.
	nip3, _ := rosterNumber(3)
	no := false
	p3 := all[nip3]
	if _, err := f.db.SaveRosterPerson(ctx, f.regionID, f.users["penyusun"], p3.ID, policies.RosterInput{NIP: p3.NIP, Name: p3.Name, Kind: p3.Kind, Unit: p3.UnitCode, Active: &no}); err != nil {
		t.Fatal(err)
	}
	// The re-import: 0 moved, 1 missing (left), 3 back, 4 changed jabatan, one new.
	newNIP, _ := rosterNumber(n)
	file2 := rosterFile(n, units, func(i int, cols []string) []string {
		switch i {
		case 0:
			cols[3] = units[1]
		case 1:
			return nil
		case 4:
			cols[4] = "Analis SDM Aparatur"
		}
		return cols
	}, newNIP+";ASN Baru;PNS;"+units[0]+";Pelaksana;II/a;Aktif")
	rows2 := parseRosterFile(t, file2, f.units)
	p2, err := f.db.PreviewRosterImport(ctx, f.regionID, f.users["penyusun"], evaluation.FileHash(file2), rows2)
	if err != nil {
		t.Fatal(err)
	}
	want := map[policies.RosterChangeKind]int{policies.RosterNew: 1, policies.RosterMoved: 1, policies.RosterLeft: 1, policies.RosterBack: 1, policies.RosterChanged: 1}
	if !maps.Equal(p2.Counts, want) || p2.Unchanged != n-4 {
		t.Fatalf("re-import preview: %+v unchanged %d\n%+v", p2.Counts, p2.Unchanged, p2.Changes)
	}

	// A change by hand after the preview makes it stale: refused, nothing applied.
	p4 := all[func() string { s, _ := rosterNumber(5); return s }()]
	if _, err := f.db.SaveRosterPerson(ctx, f.regionID, f.users["penyusun"], p4.ID, policies.RosterInput{NIP: p4.NIP, Name: p4.Name + " S.E.", Kind: p4.Kind, Unit: p4.UnitCode}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.ApplyRosterImport(ctx, f.regionID, f.users["penyusun"], p2.Token); !policies.IsKind(err, policies.KindConflict) {
		t.Fatalf("stale preview applied: %v", err)
	}
	if got := activeRoster(t, f.db, f.regionID); len(got) != n-1 || got[newNIP].ID != 0 {
		t.Fatalf("a refused import changed the roster: %d people", len(got))
	}
	p2, err = f.db.PreviewRosterImport(ctx, f.regionID, f.users["penyusun"], evaluation.FileHash(file2), rows2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.ApplyRosterImport(ctx, f.regionID, f.users["penyusun"], p2.Token); err != nil {
		t.Fatal(err)
	}
	got := activeRoster(t, f.db, f.regionID)
	nip0, _ := rosterNumber(0)
	nip1, _ := rosterNumber(1)
	nip4, _ := rosterNumber(4)
	if len(got) != n || got[nip0].UnitCode != units[1] || got[nip1].ID != 0 || got[nip3].ID == 0 || got[nip4].Jabatan != "Analis SDM Aparatur" || got[newNIP].ID == 0 {
		t.Errorf("after the re-import: %d active; 0 in %q; 1 %+v; 3 %+v; 4 %q", len(got), got[nip0].UnitCode, got[nip1], got[nip3], got[nip4].Jabatan)
	}

	// A row the database refuses (bypassing Validate): nothing of the import is saved.
	rows3 := append(slices.Clone(rows2[1:]), policies.RosterInput{NIP: "199912312024011999", Name: strings.Repeat("x", 300), Kind: policies.ASNPNS, Unit: units[0]})
	p3v, err := f.db.PreviewRosterImport(ctx, f.regionID, f.users["penyusun"], "f00d", rows3)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.ApplyRosterImport(ctx, f.regionID, f.users["penyusun"], p3v.Token); err == nil {
		t.Fatal("a row over the name limit was applied")
	}
	if after := activeRoster(t, f.db, f.regionID); len(after) != n || after[rows2[0].NIP].ID == 0 {
		t.Errorf("a failed import half-applied: %d active", len(after))
	}

	// Another region reads nothing of this one, by list or by id.
	other, _ := otherRegion(t, f.db)
	if ps, _ := f.db.Roster(ctx, other, policies.RosterFilter{}); len(ps) != 0 {
		t.Errorf("another region's roster has %d people", len(ps))
	}
	if _, err := f.db.RosterPersonByID(ctx, other, got[nip0].ID); !policies.IsKind(err, policies.KindNotFound) {
		t.Errorf("another region's person: %v", err)
	}
	// A number already on the roster, by hand: a conflict on nip.
	if _, err := f.db.SaveRosterPerson(ctx, f.regionID, f.users["penyusun"], 0, policies.RosterInput{NIP: nip0, Name: "Dua", Kind: policies.ASNPNS, Unit: units[0]}); !policies.IsKind(err, policies.KindConflict) {
		t.Errorf("duplicate number: %v", err)
	}
}
