package postgres_test

import (
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// A participation's JP comes from the sessions attended when the program
// has sessions, else from the program's JP when completed; removed
// participants and cancelled programs count for nothing; every change to a
// participation is audited.
func TestSessionsAttendanceAndJP(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	actor := f.users["opd"]
	year := 2026
	mk := func(title string, jp int) policies.Program {
		return f.dinkesProgram(t, title, day(year, 5, 4), day(year, 5, 8), jp)
	}
	withSessions, plain, dropped := mk("Pelatihan bersesi", 24), mk("Seminar tanpa sesi", 8), mk("Pelatihan batal", 16)
	const rina, budi = "198501012010011001", "199002022015032002"
	people := []policies.Participant{{NIP: rina, Name: "Rina", UnitID: f.units["dinkes"], Attended: true},
		{NIP: budi, Name: "Budi", UnitID: f.units["dinkes"], Attended: true, Completed: true}}
	for _, p := range []policies.Program{withSessions, plain, dropped} {
		if _, err := db.SaveParticipants(ctx, p.ID, actor, people); err != nil {
			t.Fatal(err)
		}
	}
	// Sessions: within the program's dates, their JP within the program's.
	var sess []policies.ProgramSession
	for i, jp := range []int{8, 8, 8} {
		in := policies.NewSession{HeldOn: day(year, 5, 4+i), JP: jp}
		held, _ := db.ProgramSessions(ctx, withSessions.ID)
		if err := in.Validate(withSessions, held); err != nil {
			t.Fatalf("session %d: %v", i+1, err)
		}
		s, err := db.AddSession(ctx, withSessions.ID, actor, in)
		if err != nil || s.Number != i+1 {
			t.Fatalf("AddSession %d = %+v, %v", i+1, s, err)
		}
		sess = append(sess, s)
	}
	held, _ := db.ProgramSessions(ctx, withSessions.ID)
	over := policies.NewSession{HeldOn: day(year, 5, 8), JP: 1}
	if err := over.Validate(withSessions, held); policies.KindOf(err) != policies.KindInvalid {
		t.Errorf("a fourth session past the program's 24 JP: %v, want refused", err)
	}
	outside := policies.NewSession{HeldOn: day(year, 5, 9), JP: 1}
	if err := outside.Validate(withSessions, nil); policies.KindOf(err) != policies.KindInvalid {
		t.Errorf("a session after the program's end: %v, want refused", err)
	}
	// Sari attends no session (yet): her participation is not completed, and holds the program's JP (planned hours).
	const sari = "199505052020122003"
	if _, err := db.SaveParticipants(ctx, withSessions.ID, actor, []policies.Participant{{NIP: sari, Name: "Sari", UnitID: f.units["dinkes"]}}); err != nil {
		t.Fatal(err)
	}
	ps, _ := db.Participants(ctx, withSessions.ID)
	idOf := map[string]int64{}
	for _, p := range ps {
		idOf[p.NIP] = p.ID
	}
	// Rina attends sessions 1 and 3, Budi only session 2 (though "completed").
	marks := []policies.AttendanceMark{{SessionID: sess[0].ID, ParticipantID: idOf[rina], Present: true}, {SessionID: sess[1].ID, ParticipantID: idOf[rina], Present: false}, {SessionID: sess[2].ID, ParticipantID: idOf[rina], Present: true},
		{SessionID: sess[1].ID, ParticipantID: idOf[budi], Present: true}}
	if n, err := db.SaveAttendance(ctx, withSessions.ID, actor, marks); err != nil || n != 4 {
		t.Fatalf("SaveAttendance = %d, %v", n, err)
	}
	// Saving the same again changes (and audits) nothing.
	if n, err := db.SaveAttendance(ctx, withSessions.ID, actor, marks); err != nil || n != 0 {
		t.Errorf("SaveAttendance again = %d, %v; want 0 changes", n, err)
	}
	// A mark of another program's participant is refused, and nothing of the batch saved.
	plainPs, _ := db.Participants(ctx, plain.ID)
	if _, err := db.SaveAttendance(ctx, withSessions.ID, actor, []policies.AttendanceMark{{SessionID: sess[1].ID, ParticipantID: idOf[rina], Present: true}, {SessionID: sess[0].ID, ParticipantID: plainPs[0].ID, Present: true}}); err == nil {
		t.Error("a mark of another program's participant was saved")
	}
	// Dropped: cancelled, Budi removed from the plain program.
	db.SQL().MustExec(`UPDATE programs SET status = 'cancelled', status_reason = 'uji' WHERE id = $1`, dropped.ID)
	var budiPlain int64
	for _, p := range plainPs {
		if p.NIP == budi {
			budiPlain = p.ID
		}
	}
	if _, err := db.RemoveParticipant(ctx, plain.ID, budiPlain, actor, "Mutasi ke unit lain"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RemoveParticipant(ctx, plain.ID, budiPlain, actor, "lagi"); policies.KindOf(err) != policies.KindConflict {
		t.Errorf("removing a removed participant: %v, want a conflict", err)
	}
	if _, err := db.SaveAttendance(ctx, dropped.ID, actor, nil); policies.KindOf(err) != policies.KindConflict {
		t.Errorf("attendance of a cancelled program: %v, want a conflict", err)
	}

	es, err := db.JPEntries(ctx, f.regionID, year)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, e := range es {
		if e.Completed {
			got[e.NIP] += e.JP
		}
	}
	// Rina: sessions 1 and 3 (16) + the plain program not completed (0).
	// Budi: session 2 (8), removed from the plain program, the cancelled one not counted.
	if got[rina] != 16 || got[budi] != 8 || got[sari] != 0 || len(es) != 4 {
		t.Errorf("JP = %v from %d entries, want Rina 16, Budi 8, Sari 0 from 4 entries (%+v)", got, len(es), es)
	}
	for _, e := range es {
		if e.NIP == sari && (e.Completed || e.JP != 24) {
			t.Errorf("Sari's entry = %+v, want not completed with the program's 24 JP", e)
		}
	}
	ss, _ := db.ProgramSessions(ctx, withSessions.ID)
	if ss[0].Present != 1 || ss[1].Present != 1 || ss[2].Present != 1 {
		t.Errorf("present per session = %d %d %d, want 1 1 1", ss[0].Present, ss[1].Present, ss[2].Present)
	}

	// Re-import: a completion change is applied and audited with its before.
	people[0].Completed = true
	if _, err := db.SaveParticipants(ctx, plain.ID, actor, people[:1]); err != nil {
		t.Fatal(err)
	}
	// The policy's report: JP given by each program.
	cs, err := db.ProgramCompletions(ctx, f.policyID)
	if err != nil {
		t.Fatal(err)
	}
	earned := map[int64]int{}
	for _, c := range cs {
		earned[c.ProgramID] = c.JPEarned()
	}
	if earned[withSessions.ID] != 24 || earned[plain.ID] != 8 || earned[dropped.ID] != 0 {
		t.Errorf("JP earned = %d (sessions), %d (plain), %d (cancelled); want 24, 8, 0", earned[withSessions.ID], earned[plain.ID], earned[dropped.ID])
	}
	var n int
	count := func(action string) int {
		db.SQL().Get(&n, `SELECT count(*) FROM audit_log WHERE policy_id = $1 AND action = $2`, f.policyID, action)
		return n
	}
	for action, want := range map[string]int{"participant.added": 7, "participant.updated": 1, "participant.removed": 1,
		"participant.attendance": 4, "session.added": 3} {
		if got := count(action); got != want {
			t.Errorf("audit %s = %d, want %d", action, got, want)
		}
	}
	// The policy's history names no one.
	db.SQL().Get(&n, `SELECT count(*) FROM audit_log WHERE policy_id = $1 AND (detail LIKE '%Rina%' OR detail LIKE '%' || $2 || '%')`, f.policyID, rina)
	if n != 0 {
		t.Errorf("%d audit details name a participant", n)
	}
}
