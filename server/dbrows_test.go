package server_test

import (
	"database/sql"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// ---- The database before and after ----

// dbRows is the whole database: for every table of the public schema, the
// MD5 of each row (as JSON) with how many rows have it. A token's
// last_used_at is bookkeeping of every authenticated request, not data.
type dbRows map[string]map[string]int

// dbRead is what rows last read of a test's database: the rows, as of a
// snapshot, with each table's signature. The walks (scope_test.go,
// hostile_test.go) read the whole database around thousands of requests,
// most of which change nothing; each read is exact, but reads again only
// what may have changed since the last one:
//   - nothing, when no transaction has ended since (the same
//     pg_current_snapshot(): every row visible then is visible now, and no
//     other);
//   - else only the tables whose signature moved: their row count or the
//     newest transaction that wrote one of their rows (max xmin). Every
//     row a transaction inserts or updates carries its transaction ID,
//     newer than every older row's, so a table whose count and newest xmin
//     are as they were had no row added, changed or removed.
type dbRead struct {
	snapshot string
	sigs     map[string]tableSig
	rows     dbRows
}

type tableSig struct{ N, Xmin int64 }

func (a *app) rows(t *testing.T) dbRows {
	t.Helper()
	// One read-only transaction: the snapshot, the signatures and the rows
	// are of one moment, as one statement's would be.
	tx, err := a.st.DB.SQL().BeginTxx(t.Context(), &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var snapshot string
	if err := tx.Get(&snapshot, `SELECT pg_current_snapshot()::text`); err != nil {
		t.Fatal(err)
	}
	last := a.lastRead
	if last != nil && last.snapshot == snapshot {
		return maps.Clone(last.rows) // the tables' maps are never changed once read
	}
	var tables []string
	// policy_page_revs is bookkeeping too: triggers move a policy's page
	// revision with every write to what its page shows (migration 0025).
	// So are jp_totals and jp_planned: triggers recompute them from the
	// participations and plans a statement touched, in its transaction
	// (migration 0038; postgres' TestJPTotalsFollowEveryWrite checks they
	// are that recomputation); what changed is the rows they are made of.
	// And auth_epoch, moved by triggers with every change to a token, an
	// account or a second factor (migration 0058; server/tokens.go). And
	// feed_revs, moved with every change a feed shows (migration 0067).
	if err := tx.Select(&tables, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
		AND table_name NOT IN ('policy_page_revs', 'feed_revs', 'jp_totals', 'jp_planned', 'auth_epoch') ORDER BY table_name`); err != nil {
		t.Fatal(err)
	}
	sigs := tableSigs(t, tx, tables)
	out := dbRows{}
	var changed []string
	for _, tb := range tables {
		if last != nil && last.sigs[tb] == sigs[tb] && last.rows[tb] != nil {
			out[tb] = last.rows[tb]
		} else {
			changed = append(changed, tb)
			out[tb] = map[string]int{}
		}
	}
	if len(changed) > 0 {
		parts := make([]string, len(changed))
		for i, tb := range changed {
			// A token's or session's last use is noted by time (a session at
			// most every policies.SessionSeenEvery), not by what a request did.
			parts[i] = fmt.Sprintf(`SELECT %s AS tbl, md5((to_jsonb(t) - 'last_used_at' - 'last_seen_at')::text) AS sum FROM %s t`,
				pq.QuoteLiteral(tb), pq.QuoteIdentifier(tb))
		}
		var rs []struct{ Tbl, Sum string }
		if err := tx.Select(&rs, strings.Join(parts, " UNION ALL ")); err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			out[r.Tbl][r.Sum]++
		}
	}
	a.lastRead = &dbRead{snapshot: snapshot, sigs: sigs, rows: out}
	return maps.Clone(out)
}

// tableSigs is each table's row count and newest writing transaction.
func tableSigs(t *testing.T, tx *sqlx.Tx, tables []string) map[string]tableSig {
	t.Helper()
	parts := make([]string, len(tables))
	for i, tb := range tables {
		parts[i] = fmt.Sprintf(`SELECT %s AS tbl, count(*) AS n, coalesce(max(xmin::text::bigint), 0) AS xmin FROM %s`,
			pq.QuoteLiteral(tb), pq.QuoteIdentifier(tb))
	}
	var rs []struct {
		Tbl string
		tableSig
	}
	if err := tx.Select(&rs, strings.Join(parts, " UNION ALL ")); err != nil {
		t.Fatal(err)
	}
	out := make(map[string]tableSig, len(rs))
	for _, r := range rs {
		out[r.Tbl] = r.tableSig
	}
	return out
}
