package postgres_test

import (
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestProgramsAndParticipants(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	prog := policies.Program{
		PolicyID: f.policyID, UnitID: f.units["bkpsdm"], Kind: policies.KindPelatihan,
		Title: "Pelatihan Kepemimpinan Administrator", Partner: "BPSDM Provinsi Sumatera Barat",
		StartsOn: day(2026, 3, 2), EndsOn: day(2026, 3, 6), JP: 40, TargetParticipants: 30,
	}
	created, err := createProgram(ctx, db, prog)
	if err != nil {
		t.Fatalf("createProgram: %v", err)
	}
	oneDay := prog
	oneDay.Kind, oneDay.Title, oneDay.StartsOn, oneDay.EndsOn, oneDay.JP = policies.KindSeminar, "Seminar Sehari", day(2026, 2, 10), day(2026, 2, 10), 8
	if _, err := createProgram(ctx, db, oneDay); err != nil {
		t.Fatalf("createProgram one day: %v", err)
	}

	refuses(t, "refused", prog, func(_ string, p policies.Program) error { _, err := createProgram(ctx, db, p); return err },
		[]refusal[policies.Program]{
			{"ends before start", func(p *policies.Program) { p.EndsOn = day(2026, 3, 1) }, policies.KindInvalid},
			{"unknown kind", func(p *policies.Program) { p.Kind = "webinar" }, policies.KindInvalid},
			{"zero JP", func(p *policies.Program) { p.JP = 0 }, policies.KindInvalid},
			{"empty title", func(p *policies.Program) { p.Title = "" }, policies.KindInvalid},
			{"unknown unit", func(p *policies.Program) { p.UnitID = 987654 }, policies.KindNotFound},
		},
	)

	ps, err := db.Programs(ctx, f.policyID)
	wantList(t, "Programs", "programs", 2, ps, err)
	if ps[0].Title != "Seminar Sehari" || ps[1].ID != created.ID {
		t.Errorf("programs = %q, %q; want by start date: Seminar Sehari, then %q", ps[0].Title, ps[1].Title, prog.Title)
	}
	got := ps[1]
	if got.StartsOn.Format(time.DateOnly) != "2026-03-02" || got.EndsOn.Format(time.DateOnly) != "2026-03-06" {
		t.Errorf("dates = %s..%s, want 2026-03-02..2026-03-06", got.StartsOn.Format(time.DateOnly), got.EndsOn.Format(time.DateOnly))
	}
	if got.Kind != policies.KindPelatihan || got.Partner != prog.Partner || got.JP != 40 || got.TargetParticipants != 30 || got.UnitID != prog.UnitID {
		t.Errorf("program = %+v, want %+v", got, prog)
	}

	const nip = "198501012010011001"
	part, err := addParticipant(ctx, db, policies.Participant{
		ProgramID: created.ID, NIP: nip, Name: "Rina Marlina", UnitID: f.units["dinkes"], Attended: true,
	})
	if err != nil {
		t.Fatalf("addParticipant: %v", err)
	}
	// The same civil servant may join another program.
	if _, err := addParticipant(ctx, db, policies.Participant{ProgramID: ps[0].ID, NIP: nip, Name: "Rina Marlina", UnitID: f.units["dinkes"]}); err != nil {
		t.Fatalf("addParticipant to a second program: %v", err)
	}

	t.Run("participant refused", func(t *testing.T) {
		for _, tc := range []struct {
			name, nip string
			want      policies.ErrorKind
		}{
			{"short NIP", "123", policies.KindInvalid},
			{"NIP with a letter", "19850101201001100X", policies.KindInvalid},
			{"NIP of 19 digits", "1985010120100110012", policies.KindInvalid},
			{"NIP with spaces", "19850101 201001 1 001", policies.KindInvalid},
			{"same NIP twice", nip, policies.KindConflict},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := addParticipant(ctx, db, policies.Participant{ProgramID: created.ID, NIP: tc.nip, Name: "Peserta", UnitID: f.units["dinkes"]})
				wantKind(t, err, tc.want)
			})
		}
	})

	pts, err := db.Participants(ctx, created.ID)
	wantList(t, "Participants", "participants", 1, pts, err)
	if pts[0].ID != part.ID || pts[0].NIP != nip || pts[0].Name != "Rina Marlina" || !pts[0].Attended || pts[0].Completed {
		t.Errorf("participant = %+v, want %s Rina Marlina, attended, not completed", pts[0], nip)
	}
}
