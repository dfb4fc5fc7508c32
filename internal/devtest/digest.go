package devtest

import (
	"testing"

	"github.com/jmoiron/sqlx"
)

// DatabaseDigest is what a database holds, for comparing two: each table
// of the public schema as its row count and an MD5 of its rows in a fixed
// order, and each sequence's position ("sequence <name>"), so that two
// databases with the same digest hold the same record and hand out the
// same next ids and numbers. With tables given, only those (and no
// sequences).
func DatabaseDigest(t testing.TB, url string, tables ...string) map[string]string {
	t.Helper()
	db, err := sqlx.Connect("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var seqs []string
	if len(tables) == 0 {
		if err := db.Select(&tables, `SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`); err != nil {
			t.Fatal(err)
		}
		if err := db.Select(&seqs, `SELECT quote_ident(sequencename) FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`); err != nil {
			t.Fatal(err)
		}
	}
	out := map[string]string{}
	for _, tb := range tables {
		var d string
		if err := db.Get(&d, `SELECT count(*) || ':' || coalesce(md5(string_agg(r::text, '|' ORDER BY r::text)), '') FROM `+tb+` r`); err != nil {
			t.Fatal(err)
		}
		out[tb] = d
	}
	for _, s := range seqs {
		var d string
		if err := db.Get(&d, `SELECT coalesce(last_value, 0) || ',' || is_called FROM `+s); err != nil {
			t.Fatal(err)
		}
		out["sequence "+s] = d
	}
	return out
}

// SameDigest reports every difference between two DatabaseDigests as a
// test error naming what, and whether there was none.
func SameDigest(t testing.TB, what string, want, got map[string]string) bool {
	t.Helper()
	same := len(want) == len(got)
	if !same {
		t.Errorf("%s: %d tables and sequences, want %d", what, len(got), len(want))
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %s is %q, want %q", what, k, got[k], w)
			same = false
		}
	}
	return same
}
