package postgres_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
)

// The ledger from JP totals summed in SQL is the ledger from every
// participation (JPEntries): the JP rule kept exactly — sessions attended,
// else the program's JP when completed; removed participations and
// cancelled programs count nothing; planned hours are those not completed
// in programs not yet ended — for any today of the year.
func TestJPTotalsKeepTheLedger(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db.SQL()
	const year = 2026
	db.MustExec(`INSERT INTO programs (policy_id, unit_id, kind, title, starts_on, ends_on, jp, status)
		SELECT $1, (SELECT id FROM units WHERE region_id = $2 ORDER BY id OFFSET i % 3 LIMIT 1), 'seminar', 'Uji ' || i,
			make_date($3, 1 + i % 12, 1), make_date($3, 1 + i % 12, 10 + i % 3), 4 + i % 9,
			CASE WHEN i % 7 = 0 THEN 'cancelled' ELSE 'planned' END
		FROM generate_series(1, 40) i`, f.policyID, f.regionID, year)
	// A person's unit and name follow their number, so "the latest entry" names them alike either way.
	db.MustExec(`INSERT INTO participants (program_id, nip, name, unit_id, attended, completed, removed_at, removed_reason)
		SELECT p.id, '19800000' || lpad(((p.id * 7 + j) % 30)::text, 10, '0'), 'ASN ' || ((p.id * 7 + j) % 30),
			(SELECT id FROM units WHERE region_id = $1 ORDER BY id OFFSET ((p.id * 7 + j) % 30) % 4 LIMIT 1), true, j % 3 <> 0,
			CASE WHEN j % 11 = 0 THEN now() END, CASE WHEN j % 11 = 0 THEN 'keluar' ELSE '' END
		FROM programs p, generate_series(1, 12) j WHERE p.title LIKE 'Uji %'`, f.regionID)
	// Sessions in every fourth program; attendance of some participants at some sessions.
	db.MustExec(`INSERT INTO program_sessions (program_id, number, held_on, jp)
		SELECT p.id, s, p.starts_on, 1 + s FROM programs p, generate_series(1, 2) s WHERE p.title LIKE 'Uji %' AND p.id % 4 = 0`)
	db.MustExec(`INSERT INTO session_attendance (session_id, participant_id, present)
		SELECT ps.id, pa.id, (pa.id + ps.number) % 3 <> 0 FROM program_sessions ps JOIN participants pa ON pa.program_id = ps.program_id
		WHERE pa.id % 2 = 0`)
	// Some of them on the roster.
	db.MustExec(`INSERT INTO asn_roster (region_id, nip, name, kind, unit_id)
		SELECT $1, '19800000' || lpad(i::text, 10, '0'), 'Roster ' || i, 'PNS', (SELECT id FROM units WHERE region_id = $1 ORDER BY id LIMIT 1)
		FROM generate_series(0, 9) i`, f.regionID)
	people, err := f.db.Roster(ctx, f.regionID, policies.RosterFilter{ActiveOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ledger := func(today time.Time, es []policies.JPEntry) []evaluation.LedgerRow {
		in := evaluation.LedgerInput{Year: year, Today: today, Rules: map[policies.ASNKind]evaluation.JPRule{policies.ASNPNS: {Minimum: 20}}}
		for _, p := range people {
			in.Roster = append(in.Roster, evaluation.LedgerPerson{NIP: p.NIP, Name: p.Name, UnitCode: p.UnitCode, Kind: p.Kind})
		}
		for _, e := range es {
			in.Entries = append(in.Entries, evaluation.JPEntry{NIP: e.NIP, Name: e.Name, UnitCode: e.UnitCode, Date: e.Date, JP: e.JP, Completed: e.Completed})
		}
		return evaluation.Ledger(in)
	}
	all, err := f.db.JPEntries(ctx, f.regionID, year)
	if err != nil || len(all) < 300 {
		t.Fatalf("JPEntries: %d, %v", len(all), err)
	}
	planned := 0
	for _, today := range []time.Time{day(year, 1, 1), day(year, 6, 11), day(year, 6, 12), day(year, 12, 31), day(year+1, 1, 1)} {
		totals, err := f.db.JPTotals(ctx, f.regionID, year, today)
		if err != nil {
			t.Fatal(err)
		}
		want, got := ledger(today, all), ledger(today, totals)
		if !reflect.DeepEqual(want, got) {
			t.Errorf("today %s: the ledger from totals differs:\nwant %+v\n got %+v", today.Format(time.DateOnly), want, got)
		}
		for _, r := range got {
			planned += r.Planned
		}
		if len(totals) > 2*len(got) {
			t.Errorf("today %s: %d total entries for %d people, want at most two each", today.Format(time.DateOnly), len(totals), len(got))
		}
	}
	if planned == 0 {
		t.Error("no planned hours on any day: the test shows nothing of them")
	}
}
