package postgres_test

import (
	"cmp"
	"context"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
)

var ledgerRules = map[policies.ASNKind]evaluation.JPRule{policies.ASNPNS: {Minimum: 20}, policies.ASNPPPK: {Minimum: 20, Maximum: 24}}

// ledgerFromScratch is a region's ledger recomputed from the record as it
// stands: every participation (JPEntries), the active roster, and every
// learning activity not removed summed here — none of the totals the
// database keeps.
func ledgerFromScratch(t *testing.T, db *postgres.DB, regionID int64, year int, today time.Time) []evaluation.LedgerRow {
	t.Helper()
	ctx := t.Context()
	var src policies.JPLedgerSource
	var err error
	if src.Totals, err = db.JPEntries(ctx, regionID, year); err != nil {
		t.Fatal(err)
	}
	if src.Roster, err = db.Roster(ctx, regionID, policies.RosterFilter{ActiveOnly: true}); err != nil {
		t.Fatal(err)
	}
	if src.LearningRules, err = db.LearningRules(ctx, regionID); err != nil {
		t.Fatal(err)
	}
	acts, err := db.LearningActivities(ctx, regionID, year)
	if err != nil {
		t.Fatal(err)
	}
	sums := map[[2]string]*policies.LearningTotal{}
	for _, a := range acts {
		if a.RemovedAt != nil {
			continue
		}
		k := [2]string{a.NIP, string(a.Kind)}
		s := sums[k]
		if s == nil {
			s = &policies.LearningTotal{NIP: a.NIP, Name: a.Name, UnitCode: a.UnitCode, Kind: a.Kind}
			sums[k] = s
		}
		s.Minutes += a.Minutes
		s.Activities++
		if a.HeldOn.After(s.LastOn) {
			s.LastOn = a.HeldOn
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(sums), func(a, b [2]string) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) }) {
		src.Learning = append(src.Learning, *sums[k])
	}
	return evaluation.Ledger(evaluation.LedgerInputOf(year, today, ledgerRules, src))
}

// storedLedger is the ledger as the page computes it: from JPLedger, the
// totals the database keeps.
func storedLedger(ctx context.Context, t *testing.T, db *postgres.DB, regionID int64, year int, today time.Time) []evaluation.LedgerRow {
	t.Helper()
	src, err := db.JPLedger(ctx, regionID, year, today)
	if err != nil {
		t.Fatal(err)
	}
	return evaluation.Ledger(evaluation.LedgerInputOf(year, today, ledgerRules, src))
}

// The JP totals never drift: after each kind of write that changes a
// person's JP — a participant added, removed and back, attendance marked
// and changed, sessions added, changed and deleted, a program's JP edited,
// replanned and cancelled, non-classical learning added and removed, a
// roster re-import with a person moved and one gone — the ledger read from
// the totals is the ledger recomputed from scratch, on a day before the
// programs and on one after; and a program's end in the first minutes of
// a year in WIT counts in that year, one in its last minutes in the year
// before.
func TestJPTotalsFollowEveryWrite(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	opd, penyusun := f.users["opd"], f.users["penyusun"]
	const year = 2026
	todays := []time.Time{day(year, 6, 1), day(year, 12, 31)}
	check := func(step string, year int) map[string]evaluation.LedgerRow {
		t.Helper()
		var rows map[string]evaluation.LedgerRow
		for i, today := range todays {
			want, got := ledgerFromScratch(t, db, f.regionID, year, today), storedLedger(ctx, t, db, f.regionID, year, today)
			if !reflect.DeepEqual(want, got) {
				t.Fatalf("%s, %d, today %s: the ledger from the kept totals differs from the record:\nwant %+v\n got %+v",
					step, year, today.Format(time.DateOnly), want, got)
			}
			if i == 0 {
				rows = map[string]evaluation.LedgerRow{}
				for _, r := range got {
					rows[r.NIP] = r
				}
			}
		}
		return rows
	}

	// A roster of six; person 50 is not on it.
	units := slices.Sorted(maps.Keys(f.units))
	importRoster := func(file []byte) {
		t.Helper()
		p, err := db.PreviewRosterImport(ctx, f.regionID, penyusun, evaluation.FileHash(file), parseRosterFile(t, file, f.units))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ApplyRosterImport(ctx, f.regionID, penyusun, p.Token); err != nil {
			t.Fatal(err)
		}
	}
	importRoster(rosterFile(6, units, nil))
	a, _ := rosterNumber(0)
	b, _ := rosterNumber(1)
	c, _ := rosterNumber(2)
	x, _ := rosterNumber(50)
	check("roster imported", year)

	// May (done by June) and August (ahead in June).
	may := f.dinkesTraining(t, "Pelatihan Mei")
	aug := f.dinkesTrainingOn(t, "Pelatihan Agustus", day(year, 8, 3), day(year, 8, 7))
	dinkes := f.units["dinkes"]
	save := func(step string, prog policies.Program, ps ...policies.Participant) {
		t.Helper()
		if _, err := db.SaveParticipants(ctx, prog.ID, opd, ps); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	save("May", may, policies.Participant{NIP: a, Name: "A", UnitID: dinkes, Attended: true, Completed: true},
		policies.Participant{NIP: b, Name: "B", UnitID: dinkes, Attended: true, Completed: true},
		policies.Participant{NIP: x, Name: "Peserta Luar", UnitID: dinkes, Attended: true, Completed: true})
	save("August", aug, policies.Participant{NIP: a, Name: "A", UnitID: dinkes}, policies.Participant{NIP: c, Name: "C", UnitID: dinkes})
	rows := check("participants added", year)
	if rows[a].JP != 24 || rows[a].Planned != 24 || rows[x].JP != 24 || rows[x].OnRoster || rows[c].Planned != 24 {
		t.Fatalf("after participants added: a %+v, x %+v, c %+v", rows[a], rows[x], rows[c])
	}

	ps, err := db.Participants(ctx, may.ID)
	if err != nil {
		t.Fatal(err)
	}
	idOf := map[string]int64{}
	for _, p := range ps {
		idOf[p.NIP] = p.ID
	}
	if _, err := db.RemoveParticipant(ctx, may.ID, idOf[b], opd, "salah input"); err != nil {
		t.Fatal(err)
	}
	if rows := check("participant removed", year); rows[b].JP != 0 {
		t.Fatalf("a removed participation counts: %+v", rows[b])
	}
	save("B back", may, policies.Participant{NIP: b, Name: "B", UnitID: dinkes, Attended: true, Completed: true})
	if rows := check("participant back", year); rows[b].JP != 24 {
		t.Fatalf("a participation back counts not: %+v", rows[b])
	}

	// Sessions: May now counts the sessions attended (none yet).
	s1, err := db.AddSession(ctx, may.ID, opd, policies.NewSession{HeldOn: day(year, 5, 4), JP: 5})
	if err != nil {
		t.Fatal(err)
	}
	s2, err := db.AddSession(ctx, may.ID, opd, policies.NewSession{HeldOn: day(year, 5, 5), JP: 7})
	if err != nil {
		t.Fatal(err)
	}
	if rows := check("sessions added", year); rows[a].JP != 0 {
		t.Fatalf("sessions with no attendance: %+v", rows[a])
	}
	mark := func(step string, ms ...policies.AttendanceMark) map[string]evaluation.LedgerRow {
		t.Helper()
		if _, err := db.SaveAttendance(ctx, may.ID, opd, ms); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return check(step, year)
	}
	if rows := mark("attendance", policies.AttendanceMark{SessionID: s1.ID, ParticipantID: idOf[a], Present: true},
		policies.AttendanceMark{SessionID: s2.ID, ParticipantID: idOf[a], Present: true},
		policies.AttendanceMark{SessionID: s1.ID, ParticipantID: idOf[x], Present: true}); rows[a].JP != 12 || rows[x].JP != 5 {
		t.Fatalf("attended 5+7 and 5: a %+v, x %+v", rows[a], rows[x])
	}
	if rows := mark("attendance changed", policies.AttendanceMark{SessionID: s2.ID, ParticipantID: idOf[a], Present: false}); rows[a].JP != 5 {
		t.Fatalf("attended 5: a %+v", rows[a])
	}
	// No store method changes or deletes a session today; the totals
	// follow any write all the same.
	db.SQL().MustExecContext(ctx, `UPDATE program_sessions SET jp = 6 WHERE id = $1`, s1.ID)
	if rows := check("session's JP changed", year); rows[a].JP != 6 {
		t.Fatalf("session of 6 JP: a %+v", rows[a])
	}
	db.SQL().MustExecContext(ctx, `DELETE FROM session_attendance WHERE session_id = $1`, s2.ID)
	db.SQL().MustExecContext(ctx, `DELETE FROM program_sessions WHERE id = $1`, s2.ID)
	check("session deleted", year)

	// August: its JP edited, then replanned before June; October, ahead,
	// cancelled.
	change := func(step string, prog policies.Program, c policies.ProgramChange) map[string]evaluation.LedgerRow {
		t.Helper()
		c.ProgramID, c.ActorID = prog.ID, opd
		if _, err := db.ChangeProgram(ctx, c); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return check(step, year)
	}
	if rows := change("program edited", aug, policies.ProgramChange{Action: policies.ProgramEditAct,
		Edit: &policies.ProgramEdit{Kind: policies.KindPelatihan, Title: "Pelatihan Agustus", JP: 30}}); rows[c].Planned != 30 {
		t.Fatalf("edited to 30 JP: c %+v", rows[c])
	}
	if rows := change("program rescheduled", aug, policies.ProgramChange{Action: policies.ProgramRescheduleAct,
		Reschedule: &policies.ProgramReschedule{StartsAt: day(year, 4, 6), EndsAt: day(year, 4, 9), Reason: "dimajukan"}}); rows[c].Planned != 0 {
		t.Fatalf("a program over before today is planned: c %+v", rows[c])
	}
	oct := f.dinkesTrainingOn(t, "Pelatihan Oktober", day(year, 10, 5), day(year, 10, 9))
	save("October", oct, policies.Participant{NIP: c, Name: "C", UnitID: dinkes})
	if rows := check("October planned", year); rows[c].Planned != 24 {
		t.Fatalf("October planned: c %+v", rows[c])
	}
	if rows := change("program cancelled", oct, policies.ProgramChange{Action: policies.ProgramCancelAct, Reason: "anggaran"}); rows[c].Planned != 0 {
		t.Fatalf("cancelled: c %+v", rows[c])
	}

	// Non-classical learning: 90 minutes of e-learning are 2 JP by default.
	act, err := db.AddLearningActivity(ctx, f.regionID, penyusun, policies.LearningInput{NIP: c, Kind: policies.LearningELearning,
		Title: "Kelas daring", HeldOn: "2026-03-02", Minutes: 90, Proof: "sertifikat 12"})
	if err != nil {
		t.Fatal(err)
	}
	if rows := check("learning added", year); rows[c].JP != 2 {
		t.Fatalf("90 minutes of e-learning: c %+v", rows[c])
	}
	if _, err := db.RemoveLearningActivity(ctx, f.regionID, penyusun, act.ID, "bukti tidak sah"); err != nil {
		t.Fatal(err)
	}
	check("learning removed", year)

	// The re-import: A moved to another unit, B gone from the roster (a
	// participant not on it, named by the participation).
	importRoster(rosterFile(6, units, func(i int, cols []string) []string {
		switch i {
		case 0:
			cols[3] = units[1]
		case 1:
			return nil
		}
		return cols
	}))
	rows = check("roster re-imported", year)
	if rows[a].UnitCode != units[1] || rows[b].OnRoster || rows[b].Name != "B" {
		t.Fatalf("after the re-import: a %+v, b %+v", rows[a], rows[b])
	}

	// The year's edge in WIT: an end at 00:30 on 1 January WIT is 31
	// December in UTC, and counts in the new year; one at 23:30 on 31
	// December WIT, in the old.
	wit := policies.ZoneWIT.Location()
	newYear := f.dinkesTraining(t, "Pelatihan Tahun Baru")
	oldYear := f.dinkesTraining(t, "Pelatihan Akhir Tahun")
	save("new year", newYear, policies.Participant{NIP: c, Name: "C", UnitID: dinkes, Attended: true, Completed: true})
	save("old year", oldYear, policies.Participant{NIP: a, Name: "A", UnitID: dinkes, Attended: true, Completed: true})
	for _, m := range []struct {
		prog        policies.Program
		start, ends time.Time
	}{
		{newYear, time.Date(year, 12, 31, 8, 0, 0, 0, wit), time.Date(year+1, 1, 1, 0, 30, 0, 0, wit)},
		{oldYear, time.Date(year, 12, 31, 8, 0, 0, 0, wit), time.Date(year, 12, 31, 23, 30, 0, 0, wit)},
	} {
		if _, err := db.ChangeProgram(ctx, policies.ProgramChange{ProgramID: m.prog.ID, ActorID: opd, Action: policies.ProgramRescheduleAct,
			Reschedule: &policies.ProgramReschedule{StartsAt: m.start, EndsAt: m.ends, Reason: "akhir tahun"}}); err != nil {
			t.Fatal(err)
		}
	}
	before, after := check("the year's edge in WIT", year), check("the year's edge in WIT", year+1)
	if before[c].JP != 0 || after[c].JP != 24 || before[a].JP != 6+24 || after[a].JP != 0 {
		t.Fatalf("the year's edge in WIT: %d: c %+v, a %+v; %d: c %+v, a %+v", year, before[c], before[a], year+1, after[c], after[a])
	}
}
