package postgres_test

import (
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// A completed participation reaches SIASN only after its unit and then
// BKPSDM verified it; an export takes every such row not yet exported, so a
// second export has nothing (a conflict, no batch), and a batch read back
// holds the rows as they were exported.
func TestSIASNExport(t *testing.T) {
	f := seeded(t)
	ctx := t.Context()
	db := f.db
	unit := f.units["disdukcapil"]
	var other int64
	for code, id := range f.units {
		if code != "disdukcapil" {
			other = id
			break
		}
	}
	day := time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC)
	prog, err := createProgram(ctx, db, policies.Program{PolicyID: f.policyID, UnitID: unit, Kind: policies.KindPelatihan, Title: "Pelatihan arsip", StartsOn: day, EndsOn: day.AddDate(0, 0, 1), JP: 16})
	if err != nil {
		t.Fatal(err)
	}
	var ps []policies.Participant
	for i, p := range []struct {
		nip  string
		unit int64
		done bool
	}{{"198503122010011002", unit, true}, {"198503122010011010", unit, false}, {"199001012015032002", other, true}} {
		got, err := addParticipant(ctx, db, policies.Participant{ProgramID: prog.ID, NIP: p.nip, Name: "Peserta", UnitID: p.unit, Attended: true, Completed: p.done})
		if err != nil {
			t.Fatalf("participant %d: %v", i, err)
		}
		ps = append(ps, got)
	}
	done, notDone, otherUnits := ps[0].ID, ps[1].ID, ps[2].ID
	officer, bkpsdm := f.users["opd"], f.users["penyusun"]

	if _, err := db.VerifyParticipation(ctx, f.regionID, unit, officer, notDone); !policies.IsKind(err, policies.KindConflict) {
		t.Errorf("a participation not completed: %v, want a conflict", err)
	}
	if _, err := db.VerifyParticipation(ctx, f.regionID, unit, officer, otherUnits); !policies.IsKind(err, policies.KindNotFound) {
		t.Errorf("another unit's participation: %v, want not found", err)
	}
	pangkal, err := db.RegionBySlug(ctx, "pangkalpinang")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.VerifyParticipation(ctx, pangkal.ID, 0, bkpsdm, done); !policies.IsKind(err, policies.KindNotFound) {
		t.Errorf("another region's participation: %v, want not found", err)
	}
	if _, err := db.VerifyParticipation(ctx, f.regionID, 0, bkpsdm, done); !policies.IsKind(err, policies.KindConflict) {
		t.Errorf("BKPSDM before the unit: %v, want a conflict", err)
	}
	c, err := db.VerifyParticipation(ctx, f.regionID, unit, officer, done)
	if err != nil || c.UnitVerifiedAt == nil || c.RegionVerifiedAt != nil {
		t.Fatalf("unit verification: %+v %v", c, err)
	}
	rows := func(cs []policies.SIASNCandidate) []policies.SIASNRow {
		out := make([]policies.SIASNRow, len(cs))
		for i, c := range cs {
			out[i] = policies.SIASNRow{ParticipantID: c.ParticipantID, NIP: c.NIP, Course: c.ProgramTitle, Hours: c.JP}
		}
		return out
	}
	if _, err := db.ExportSIASN(ctx, f.regionID, bkpsdm, rows); !policies.IsKind(err, policies.KindConflict) {
		t.Errorf("an export before BKPSDM verified: %v, want a conflict", err)
	}
	if c, err = db.VerifyParticipation(ctx, f.regionID, 0, bkpsdm, done); err != nil || c.RegionVerifiedAt == nil {
		t.Fatalf("BKPSDM verification: %+v %v", c, err)
	}
	if _, err := db.VerifyParticipation(ctx, f.regionID, 0, bkpsdm, done); !policies.IsKind(err, policies.KindConflict) {
		t.Errorf("verified twice: %v, want a conflict", err)
	}
	e, err := db.ExportSIASN(ctx, f.regionID, bkpsdm, rows)
	if err != nil || e.RowCount != 1 || len(e.Rows) != 1 || e.Rows[0].ParticipantID != done || e.Rows[0].Hours != 16 {
		t.Fatalf("export: %+v %v", e, err)
	}
	batches := countRows(t, db, "siasn_exports")
	if _, err := db.ExportSIASN(ctx, f.regionID, bkpsdm, rows); !policies.IsKind(err, policies.KindConflict) || countRows(t, db, "siasn_exports") != batches {
		t.Errorf("a second export: %v (%d batches, want %d)", err, countRows(t, db, "siasn_exports"), batches)
	}
	again, err := db.SIASNExportByID(ctx, f.regionID, e.ID)
	if err != nil || len(again.Rows) != 1 || again.Rows[0] != e.Rows[0] {
		t.Errorf("the batch read back: %+v %v", again, err)
	}
	if _, err := db.SIASNExportByID(ctx, pangkal.ID, e.ID); !policies.IsKind(err, policies.KindNotFound) {
		t.Errorf("another region's batch: %v, want not found", err)
	}
	cs, err := db.SIASNCandidates(ctx, f.regionID, 0, 2026)
	if err != nil || len(cs) != 2 {
		t.Fatalf("candidates: %+v %v", cs, err)
	}
	for _, c := range cs {
		if (c.ParticipantID == done) != (c.ExportID != nil && *c.ExportID == e.ID) {
			t.Errorf("candidate %d: export %v", c.ParticipantID, c.ExportID)
		}
	}
}
