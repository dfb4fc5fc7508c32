package postgres_test

import (
	"flag"
	"fmt"
	"testing"
	"time"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
)

var writeTo = flag.String("write", "", "write BenchmarkLedger10k's figures into this Markdown file, between its markers (make bench: docs/PERFORMANCE.md)")

// BenchmarkLedger10k reads what a region's ledger needs (the active roster
// and the year's JP totals per person, which the database keeps) and
// computes it, for a region of 10,000 ASN and 200,000 participations in
// 1,000 programs, beside the baseline issue 22 set (within 1.5×): the bare
// index lookups of the roster and of the year's participations, in the
// same run (make bench runs it):
// go test -run '^$' -bench Ledger10k -benchtime 5x ./postgres/ -args -write ../docs/PERFORMANCE.md
func BenchmarkLedger10k(b *testing.B) {
	ctx := b.Context()
	pg, regionID, year := ledger10k(b)
	db := pg.SQL()
	today := time.Now()
	ledger := func() int {
		src, err := pg.JPLedger(ctx, regionID, year, today)
		if err != nil {
			b.Fatal(err)
		}
		in := evaluation.LedgerInputOf(year, today, map[policies.ASNKind]evaluation.JPRule{policies.ASNPNS: {Minimum: 20}}, src)
		return len(evaluation.Ledger(in))
	}
	// The baseline: the index lookups the ledger needs and nothing more —
	// the active roster's index scan and the year's participations per
	// person from the indexes alone (an index-only count, no JP rule, no
	// names, nothing sent but a count per person).
	baseline := func() int {
		var n int
		if err := db.GetContext(ctx, &n, `SELECT count(*) FROM (SELECT a.nip FROM asn_roster a WHERE a.region_id = $1 AND a.active) r`, regionID); err != nil {
			b.Fatal(err)
		}
		var per []int
		if err := db.SelectContext(ctx, &per, `SELECT count(*) FROM programs pr JOIN participants pa ON pa.program_id = pr.id AND pa.removed_at IS NULL
			JOIN units u ON u.id = pa.unit_id AND u.region_id = $1
			WHERE pr.ends_on >= make_date($2, 1, 1) AND pr.ends_on < make_date($2 + 1, 1, 1) GROUP BY pa.nip`, regionID, year); err != nil {
			b.Fatal(err)
		}
		return n + len(per)
	}
	// Not the goal's baseline, shown beside it: what the ledger reads now,
	// bare — the active roster's and the kept totals' rows counted, nothing
	// sent, named or computed (docs/PERFORMANCE.md, "JP ledger").
	totals := func() int {
		var n int
		if err := db.GetContext(ctx, &n, `SELECT (SELECT count(*) FROM asn_roster WHERE region_id = $1 AND active)
			+ (SELECT count(*) FROM jp_totals WHERE region_id = $1 AND year = $2)
			+ (SELECT count(*) FROM jp_planned WHERE region_id = $1 AND ends_on >= $3::date AND ends_on < make_date($2 + 1, 1, 1))`,
			regionID, year, today.Format(time.DateOnly)); err != nil {
			b.Fatal(err)
		}
		return n
	}
	if n := ledger(); n < 10000 {
		b.Fatalf("%d ledger rows, want every one of the 10,000", n)
	}
	// Both timed in the same run, alternately, so a busy machine slows both.
	var tLedger, tBase, tTotals time.Duration
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		baseline()
		t1 := time.Now()
		ledger()
		t2 := time.Now()
		totals()
		tTotals += time.Since(t2)
		tLedger += t2.Sub(t1)
		tBase += t1.Sub(t0)
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) }
	ratio := float64(tLedger) / float64(tBase)
	b.ReportMetric(ms(tLedger), "ledger-ms/op")
	b.ReportMetric(ms(tBase), "baseline-ms/op")
	b.ReportMetric(ratio, "ledger/baseline")
	b.ReportMetric(ms(tTotals), "totals-read-ms/op")
	if *writeTo != "" {
		body := fmt.Sprintf("Last `make bench`: %s, on %s; mean of %d runs, each timed beside its baseline.\n\n"+
			"| what | figure | baseline (the index lookups it needs), same run | ratio | goal |\n|---|---|---|---|---|\n"+
			"| JP ledger, 10,000 ASN and 200,000 participations (`BenchmarkLedger10k`) | %.1f ms | %.1f ms | %.2f× | ≤ 1.5× |\n\n"+
			"Beside it, not a goal: the rows the ledger reads now (the active roster and the kept totals), counted bare in SQL, %.1f ms.\n",
			time.Now().UTC().Format("2006-01-02 15:04 MST"), devtest.Machine(), b.N, ms(tLedger), ms(tBase), ratio, ms(tTotals))
		if err := devtest.WriteBenchSection(*writeTo, "make bench: JP ledger", "JP ledger: figures of the last `make bench`", body); err != nil {
			b.Fatal(err)
		}
	}
}

// ledger10k is a migrated, seeded database with a region (sawahlunto) of
// 10,000 active ASN and 200,000 participations in 1,000 programs this year.
func ledger10k(b testing.TB) (pg *postgres.DB, regionID int64, year int) {
	pg = devtest.SeededDB(b, devtest.PostgresURL(b))
	db := pg.SQL()
	var policyID int64
	db.Get(&regionID, `SELECT id FROM regions WHERE slug = 'sawahlunto'`)
	db.Get(&policyID, `SELECT id FROM policies WHERE region_id = $1 ORDER BY id LIMIT 1`, regionID)
	year = time.Now().Year()
	db.MustExec(`INSERT INTO asn_roster (region_id, nip, name, kind, unit_id)
		SELECT $1, '19000000' || lpad(i::text, 10, '0'), 'ASN ' || i, CASE WHEN i % 4 = 0 THEN 'PPPK' ELSE 'PNS' END,
			(SELECT id FROM units WHERE region_id = $1 ORDER BY id OFFSET i % 5 LIMIT 1)
		FROM generate_series(1, 10000) i`, regionID)
	db.MustExec(`INSERT INTO programs (policy_id, unit_id, kind, title, starts_on, ends_on, jp)
		SELECT $1, (SELECT id FROM units WHERE region_id = $2 ORDER BY id OFFSET i % 5 LIMIT 1), 'seminar', 'Bangku ' || i,
			make_date($3, 1 + i % 12, 1), make_date($3, 1 + i % 12, 20), 4 + i % 20
		FROM generate_series(1, 1000) i`, policyID, regionID, year)
	db.MustExec(`INSERT INTO participants (program_id, nip, name, unit_id, attended, completed)
		SELECT p.id, '19000000' || lpad((1 + (p.id * 200 + j) % 10000)::text, 10, '0'), 'ASN', p.unit_id, true, j % 3 <> 0
		FROM programs p, generate_series(1, 200) j WHERE p.title LIKE 'Bangku %'`)
	db.MustExec(`VACUUM ANALYZE`) // as autovacuum leaves a settled table: the visibility map lets index-only scans skip the heap
	return pg, regionID, year
}
