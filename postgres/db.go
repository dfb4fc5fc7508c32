// Package postgres is Policyflow's system of record on PostgreSQL, through
// sqlx and lib/pq. SQL lives only here, next to the method that runs it, in
// the file of its noun as in package policies (policy.go, comment.go,
// approval.go…). The writes the workflows make through activities are
// idempotent: a retried activity finds its own earlier write and returns it.
//
// The stores do not validate: every write takes an input its caller has
// passed through the input's Validate in package policies (PersonInput,
// UnitInput, ChainInput, EnactmentInput…). A store checks only what needs
// the database (a unit, a leader, a policy of the region) and lets the
// schema's constraints refuse the rest.
package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// DB is the record on PostgreSQL: it implements every store interface of
// package policies.
type DB struct {
	db     *sqlx.DB
	dsn    string       // for the outbox listener's own connection (OutboxWake)
	stmts  sync.Map     // query → *sqlx.Stmt: the prepared statements (prepared)
	nstmts atomic.Int64 // how many stmts holds
	q      pooled       // reads through the pool, prepared (pooled.go)
}

var (
	_ policies.PolicyStore          = (*DB)(nil)
	_ policies.PolicyStatusWriter   = (*DB)(nil)
	_ policies.VersionStore         = (*DB)(nil)
	_ policies.CommentStore         = (*DB)(nil)
	_ policies.ConsultationStore    = (*DB)(nil)
	_ policies.FeedStore            = (*DB)(nil)
	_ policies.ConsultationRecorder = (*DB)(nil)
	_ policies.ApprovalStore        = (*DB)(nil)
	_ policies.ApprovalRecorder     = (*DB)(nil)
	_ policies.ProgramStore         = (*DB)(nil)
	_ policies.ProgramRecorder      = (*DB)(nil)
	_ policies.EvaluationStore      = (*DB)(nil)
	_ policies.RoundRecorder        = (*DB)(nil)
	_ policies.SKMFollowUpWriter    = (*DB)(nil)
	_ policies.NotificationStore    = (*DB)(nil)
	_ policies.OutboxWriter         = (*DB)(nil)
	_ policies.OutboxStore          = (*DB)(nil)
	_ policies.UserStore            = (*DB)(nil)
	_ policies.SessionStore         = (*DB)(nil)
	_ policies.AuditStore           = (*DB)(nil)
)

// Open connects to the database at dsn and checks it answers within timeout.
func Open(ctx context.Context, dsn string, timeout time.Duration) (*DB, error) {
	db, err := sqlx.Open("postgres", dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: invalid DATABASE_URL: %w", err)
	}
	// As many kept idle as may be open: under a burst every connection
	// past the idle bound was closed after its statement and opened again
	// for the next (a PostgreSQL backend started each time, and the
	// prepared statements prepared again on it). Idle ones still end
	// after five minutes.
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: cannot reach %s: %w", Redact(dsn), err)
	}
	s := &DB{db: db, dsn: dsn}
	s.q = pooled{s}
	return s, nil
}

// Close closes the connection pool.
func (s *DB) Close() error { return s.db.Close() }

// SQL exposes the pool to tests and tools of this module.
func (s *DB) SQL() *sqlx.DB { return s.db }

// Ping checks the database answers.
func (s *DB) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Transact runs fn in a transaction, committing if it returns nil. Inside
// a confirmation of a change of power (changes.go) ctx carries that
// transaction, and fn joins it: the change and its confirmation commit
// together or not at all.
func (s *DB) Transact(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	if tx, ok := ctx.Value(joinedTx{}).(*sqlx.Tx); ok {
		return fn(tx)
	}
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", mapErr(err))
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("postgres: commit: %w", mapErr(err))
	}
	return nil
}

// joinedTx is the context key of the transaction a store write joins.
type joinedTx struct{}

// reader is what a read of ctx goes through: the joined transaction, so a
// write applied inside a confirmation reads what it wrote, or the
// transaction in which the request holds its Idempotency-Key (heldTx),
// else the pool.
func (s *DB) reader(ctx context.Context) sqlx.QueryerContext {
	return s.writer(ctx)
}

// writer is what a write of ctx goes through, as reader says.
func (s *DB) writer(ctx context.Context) sqlx.ExtContext {
	if tx, ok := ctx.Value(joinedTx{}).(*sqlx.Tx); ok {
		return tx
	}
	if tx := s.heldTx(ctx); tx != nil {
		return tx
	}
	return s.db
}

// prepared is query prepared once for the pool (database/sql prepares it
// on each connection at its first use there): lib/pq sends a query with
// arguments in two round trips (parse, then bind and execute), a prepared
// one in one. Every read through the pool with arguments goes this way
// (pooled.go).
func (s *DB) prepared(ctx context.Context, query string) (*sqlx.Stmt, error) {
	if st, ok := s.stmts.Load(query); ok {
		return st.(*sqlx.Stmt), nil
	}
	st, err := s.db.PreparexContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("postgres: prepare: %w", mapErr(err))
	}
	if prev, loaded := s.stmts.LoadOrStore(query, st); loaded {
		st.Close()
		return prev.(*sqlx.Stmt), nil
	}
	s.nstmts.Add(1)
	return st, nil
}

// Redact returns dsn with its password hidden, for messages.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Host == "" {
		return "(DATABASE_URL)"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.Redacted()
}

// oneInRegion reads one record of a region with query, whose WHERE names
// the region as $1 and the record as $2; an error names it as what and id.
func oneInRegion[T any](ctx context.Context, q sqlx.QueryerContext, query, what string, regionID, id int64) (T, error) {
	var v T
	if err := sqlx.GetContext(ctx, q, &v, query, regionID, id); err != nil {
		return v, fmt.Errorf("postgres: %s %d: %w", what, id, mapErr(err))
	}
	return v, nil
}

// selectMap reads the two columns k and v of query's rows into a map from
// k to v (empty, not nil, for no rows); the error is mapErr's.
func selectMap[K comparable, V any](ctx context.Context, q sqlx.QueryerContext, query string, args ...any) (map[K]V, error) {
	var rows []struct {
		K K `db:"k"`
		V V `db:"v"`
	}
	if err := sqlx.SelectContext(ctx, q, &rows, query, args...); err != nil {
		return nil, mapErr(err)
	}
	out := make(map[K]V, len(rows))
	for _, r := range rows {
		out[r.K] = r.V
	}
	return out, nil
}

// mapErr turns database errors into domain errors: unique violations are
// conflicts, foreign-key violations name a missing row, check violations are
// invalid input; sql.ErrNoRows is not found.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &policies.Error{Kind: policies.KindNotFound, Message: "data tidak ditemukan", Err: err}
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch pqErr.Code {
		case "23505":
			return &policies.Error{Kind: policies.KindConflict, Message: "data sudah ada (" + pqErr.Constraint + ")", Err: err}
		case "23503":
			return &policies.Error{Kind: policies.KindNotFound, Message: "data rujukan tidak ditemukan (" + pqErr.Constraint + ")", Err: err}
		case "23514", "23502", "22001", "22P02":
			return &policies.Error{Kind: policies.KindInvalid, Field: pqErr.Column, Message: "data tidak valid (" + pqErr.Constraint + ")", Err: err}
		case "23001":
			return &policies.Error{Kind: policies.KindConflict, Message: "data ini tidak boleh diubah", Err: err}
		}
		switch pqErr.Code.Class() {
		case "08", "53", "57": // connection exception, insufficient resources, operator intervention (shutdown)
			return unavailable(err)
		}
	}
	if isConnError(err) {
		return unavailable(err)
	}
	return err
}

// unavailable marks a database that does not answer: the server says 503
// with Retry-After, and activities retry.
func unavailable(err error) error {
	return &policies.Error{Kind: policies.KindUnavailable, Message: "basis data sedang tidak tersedia; coba lagi sebentar lagi", Err: err}
}

// isConnError reports errors of reaching the database rather than of a query.
func isConnError(err error) bool {
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) {
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "connection refused") || strings.Contains(msg, "bad connection") || strings.Contains(msg, "the database system is shutting down") || strings.Contains(msg, "the database system is starting up")
}

// policyRows reads the rows of one policy that query selects ($1 is the
// policy's ID, more the parameters after it): an empty list, never nil,
// when there are none; what names them in an error.
func policyRows[T any](ctx context.Context, s *DB, what, query string, policyID int64, more ...any) ([]T, error) {
	rows := []T{}
	if err := s.q.SelectContext(ctx, &rows, query, append([]any{policyID}, more...)...); err != nil {
		return nil, fmt.Errorf("postgres: policy %d: %s: %w", policyID, what, mapErr(err))
	}
	return rows, nil
}
