package postgres_test

import (
	"sync"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// A program change is recorded once per key: a retried activity, even
// one retried while its first attempt still runs, writes one audit row
// and does not apply its change again over a later one.
func TestChangeProgramOncePerKey(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	p := f.dinkesTraining(t, "Pelatihan awal")
	edit := func(key, title string) (policies.Program, error) {
		return db.ChangeProgram(ctx, policies.ProgramChange{ProgramID: p.ID, ActorID: f.users["opd"], Action: policies.ProgramEditAct, Key: key,
			Edit: &policies.ProgramEdit{Kind: policies.KindPelatihan, Title: title, JP: 24}})
	}
	rows := func(key string) int {
		var n int
		if err := db.SQL().GetContext(ctx, &n, `SELECT count(*) FROM audit_log WHERE idempotency_key = $1`, key); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if got, err := edit("wf/upd-1", "Pelatihan A"); err != nil || got.Title != "Pelatihan A" {
		t.Fatalf("first edit = %q, %v", got.Title, err)
	}
	if _, err := edit("wf/upd-2", "Pelatihan B"); err != nil {
		t.Fatal(err)
	}
	// The first edit's activity retried after the second: nothing changes.
	got, err := edit("wf/upd-1", "Pelatihan A")
	if err != nil || got.Title != "Pelatihan B" {
		t.Errorf("retried first edit = %q, %v; want the program as it stands (Pelatihan B)", got.Title, err)
	}
	if n := rows("wf/upd-1"); n != 1 {
		t.Errorf("audit rows of the retried edit = %d, want 1", n)
	}

	// Attempts of one change at once: one applies, all answer, one row.
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = db.ChangeProgram(ctx, policies.ProgramChange{ProgramID: p.ID, ActorID: f.users["opd"], Action: policies.ProgramRescheduleAct,
				Key: "wf/upd-3", Reason: "narasumber berhalangan",
				Reschedule: &policies.ProgramReschedule{StartsAt: day(2026, 6, 1), EndsAt: day(2026, 6, 5), Reason: "narasumber berhalangan"}})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("attempt %d: %v", i+1, err)
		}
	}
	if n := rows("wf/upd-3"); n != 1 {
		t.Errorf("audit rows of the reschedule tried 4 times at once = %d, want 1", n)
	}
	var all int
	if err := db.SQL().GetContext(ctx, &all, `SELECT count(*) FROM audit_log WHERE subject = $1 AND action = 'program.reschedule_program'`,
		policies.ProgramChange{ProgramID: p.ID}.Subject()); err != nil {
		t.Fatal(err)
	}
	now, _ := db.ProgramByID(ctx, p.ID)
	if all != 1 || !now.StartsOn.Equal(day(2026, 6, 1)) {
		t.Errorf("reschedules audited %d, program starts %s; want 1 and %s", all, now.StartsOn.Format(time.DateOnly), "2026-06-01")
	}
}

// A moment its workflow reached before the program's date for it (a
// reschedule moved it meanwhile) is refused: the program is not started
// early; reached on the date, it starts.
func TestProgramStartsNotBeforeItsDate(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	p := f.dinkesTrainingOn(t, "Pelatihan dipindah", day(2026, 6, 1), day(2026, 6, 5))
	start := func(at time.Time, key string) (policies.Program, error) {
		return f.db.ChangeProgram(ctx, policies.ProgramChange{ProgramID: p.ID, Action: policies.ProgramStartAct, At: at, Key: key})
	}
	if _, err := start(day(2026, 5, 4), "wf/program_started"); policies.KindOf(err) != policies.KindConflict {
		t.Errorf("a start reached a month early: %v, want a conflict", err)
	}
	if got, err := start(day(2026, 6, 1).Add(time.Hour), "wf/program_started-1"); err != nil || got.Status != policies.ProgramRunning {
		t.Errorf("a start reached on the date = %s, %v; want running", got.Status, err)
	}
}
