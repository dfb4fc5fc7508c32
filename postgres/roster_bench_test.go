package postgres_test

import (
	"testing"
	"time"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
)

// BenchmarkLedger10k reads what a region's ledger needs (the active roster
// and the year's participations) and computes it, for a region of 10,000
// ASN and 200,000 participations in 1,000 programs:
// go test -run '^$' -bench Ledger10k -benchtime 3x ./postgres/
func BenchmarkLedger10k(b *testing.B) {
	ctx := b.Context()
	pg, err := postgres.Open(ctx, devtest.PostgresURL(b), 5*time.Second)
	if err != nil {
		b.Fatal(err)
	}
	defer pg.Close()
	if _, err := pg.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := pg.Seed(ctx); err != nil {
		b.Fatal(err)
	}
	db := pg.SQL()
	var f struct{ regionID, policyID int64 }
	db.Get(&f.regionID, `SELECT id FROM regions WHERE slug = 'sawahlunto'`)
	db.Get(&f.policyID, `SELECT id FROM policies WHERE region_id = $1 ORDER BY id LIMIT 1`, f.regionID)
	year := time.Now().Year()
	db.MustExec(`INSERT INTO asn_roster (region_id, nip, name, kind, unit_id)
		SELECT $1, '19000000' || lpad(i::text, 10, '0'), 'ASN ' || i, CASE WHEN i % 4 = 0 THEN 'PPPK' ELSE 'PNS' END,
			(SELECT id FROM units WHERE region_id = $1 ORDER BY id OFFSET i % 5 LIMIT 1)
		FROM generate_series(1, 10000) i`, f.regionID)
	db.MustExec(`INSERT INTO programs (policy_id, unit_id, kind, title, starts_on, ends_on, jp)
		SELECT $1, (SELECT id FROM units WHERE region_id = $2 ORDER BY id OFFSET i % 5 LIMIT 1), 'seminar', 'Bangku ' || i,
			make_date($3, 1 + i % 12, 1), make_date($3, 1 + i % 12, 20), 4 + i % 20
		FROM generate_series(1, 1000) i`, f.policyID, f.regionID, year)
	db.MustExec(`INSERT INTO participants (program_id, nip, name, unit_id, attended, completed)
		SELECT p.id, '19000000' || lpad((1 + (p.id * 200 + j) % 10000)::text, 10, '0'), 'ASN', p.unit_id, true, j % 3 <> 0
		FROM programs p, generate_series(1, 200) j WHERE p.title LIKE 'Bangku %'`)
	db.MustExec(`ANALYZE`)
	b.ResetTimer()
	for b.Loop() {
		people, err := pg.Roster(ctx, f.regionID, policies.RosterFilter{ActiveOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		es, err := pg.JPEntries(ctx, f.regionID, year)
		if err != nil {
			b.Fatal(err)
		}
		in := evaluation.LedgerInput{Year: year, Today: time.Now(), Rules: map[policies.ASNKind]evaluation.JPRule{policies.ASNPNS: {Minimum: 20}}}
		for _, p := range people {
			in.Roster = append(in.Roster, evaluation.LedgerPerson{NIP: p.NIP, Name: p.Name, UnitCode: p.UnitCode, Kind: p.Kind})
		}
		for _, e := range es {
			in.Entries = append(in.Entries, evaluation.JPEntry{NIP: e.NIP, Name: e.Name, UnitCode: e.UnitCode, Date: e.Date, JP: e.JP, Completed: e.Completed})
		}
		if rows := evaluation.Ledger(in); len(rows) < 10000 || len(es) != 200000 {
			b.Fatalf("%d rows from %d entries", len(rows), len(es))
		}
	}
}
