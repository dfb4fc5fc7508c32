package postgres

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// pooled is how the store reads through the pool: a query with arguments
// is prepared once for the pool and then executed in one round trip.
// lib/pq sends an unprepared query with arguments in two (parse and
// describe, then bind and execute), so a page of fourteen reads made
// twenty-eight round trips (issue 25: the signed-in policy page). This is
// what pgx does by default (its statement cache). Queries without
// arguments go through the simple protocol, already one round trip, and
// are left as they are; so is everything once maxPrepared distinct
// queries are kept (a query built with a varying number of placeholders
// cannot fill the server's memory with statements).
type pooled struct{ s *DB }

// maxPrepared bounds the statements kept per pool (each connection
// prepares a statement at its first use there).
const maxPrepared = 512

func (p pooled) GetContext(ctx context.Context, dest any, query string, args ...any) error {
	if st := p.s.statement(ctx, query, args); st != nil {
		return st.GetContext(ctx, dest, args...)
	}
	return p.s.db.GetContext(ctx, dest, query, args...)
}

func (p pooled) SelectContext(ctx context.Context, dest any, query string, args ...any) error {
	if st := p.s.statement(ctx, query, args); st != nil {
		return st.SelectContext(ctx, dest, args...)
	}
	return p.s.db.SelectContext(ctx, dest, query, args...)
}

// statement is query prepared for the pool, or nil when it is better
// sent as it is (no arguments, the bound reached, or a query PostgreSQL
// refuses to prepare: sent as it is, it fails with its own error).
func (s *DB) statement(ctx context.Context, query string, args []any) *sqlx.Stmt {
	if len(args) == 0 {
		return nil
	}
	if st, ok := s.stmts.Load(query); ok {
		return st.(*sqlx.Stmt)
	}
	if s.nstmts.Load() >= maxPrepared {
		return nil
	}
	st, err := s.prepared(ctx, query)
	if err != nil {
		return nil
	}
	return st
}
