package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// The purge of personal data past its retention (UU 27/2022 Pasal 42–44):
// one statement per kind deletes a batch of rows, or clears their personal
// fields, that ended before now less the retention. For a regional kind the
// region's shorter rule (retention_rules) counts; the region is the
// record's policy's, or its person's. Every statement is safe to run again:
// a retried batch finds nothing more of what it did.

// cutoff is the SQL moment before which a row of the region reg (an SQL
// expression; NULL: no region) has outlived the kind's retention: $1 is
// now, $2 the default days, $4 the kind.
func cutoff(reg string) string {
	return `$1::timestamptz - make_interval(days => least(coalesce((SELECT r.days FROM retention_rules r
		WHERE r.region_id = ` + reg + ` AND r.kind = $4), $2::int), $2::int))`
}

// purgeStatements are the statements per kind; each takes $1 now, $2 the
// default days, $3 the batch size and $4 the kind, and returns the
// touched rows.
var purgeStatements = map[policies.RetentionKind][]string{
	policies.RetainSessions: {`DELETE FROM sessions WHERE id IN (SELECT id FROM sessions
		WHERE expires_at < ` + cutoff("NULL") + ` LIMIT $3)`},
	policies.RetainAPITokens: {`DELETE FROM api_tokens WHERE id IN (SELECT id FROM api_tokens
		WHERE least(revoked_at, expires_at) < ` + cutoff("NULL") + ` LIMIT $3)`},
	policies.RetainPasswordLinks: {`DELETE FROM password_tokens WHERE id IN (SELECT id FROM password_tokens
		WHERE least(used_at, expires_at) < ` + cutoff("NULL") + ` LIMIT $3)`,
		// A follow by email whose confirmation link was never followed (follow.go).
		`DELETE FROM follows WHERE id IN (SELECT id FROM follows
		WHERE confirmed_at IS NULL AND created_at < ` + cutoff("NULL") + ` LIMIT $3)`},
	policies.RetainSignInAttempts: {`DELETE FROM login_attempts WHERE id IN (SELECT id FROM login_attempts
		WHERE created_at < ` + cutoff("NULL") + ` LIMIT $3)`},
	policies.RetainIdempotency: {`DELETE FROM idempotency_keys WHERE (owner, key) IN (SELECT owner, key FROM idempotency_keys
		WHERE created_at < ` + cutoff("NULL") + ` LIMIT $3)`},
	policies.RetainNotifications: {
		`DELETE FROM notifications WHERE id IN (SELECT n.id FROM notifications n
			LEFT JOIN users u ON u.id = n.user_id LEFT JOIN policies p ON p.id = n.policy_id
			WHERE n.created_at < ` + cutoff("coalesce(u.region_id, p.region_id)") + ` LIMIT $3)`,
		`DELETE FROM digests WHERE id IN (SELECT d.id FROM digests d JOIN users u ON u.id = d.user_id
			WHERE d.created_at < ` + cutoff("u.region_id") + `
			AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.digest_id = d.id) LIMIT $3)`,
	},
	policies.RetainCommentAddress: {
		`DELETE FROM anonymous_comment_counts WHERE id IN (SELECT a.id FROM anonymous_comment_counts a
			JOIN consultations k ON k.id = a.consultation_id JOIN policies p ON p.id = k.policy_id
			WHERE a.created_at < ` + cutoff("p.region_id") + ` LIMIT $3)`,
		// An open anonymous report keeps its address: it is how one address
		// reports a comment once.
		`UPDATE comment_reports SET address = '' WHERE id IN (SELECT cr.id FROM comment_reports cr
			JOIN comments c ON c.id = cr.comment_id JOIN policies p ON p.id = c.policy_id
			WHERE cr.address <> '' AND (cr.closed_at IS NOT NULL OR cr.reporter_id IS NOT NULL)
			AND cr.created_at < ` + cutoff("p.region_id") + ` LIMIT $3)`,
	},
	policies.RetainCommenterEmail: {`UPDATE comments SET author_email = '' WHERE id IN (SELECT c.id FROM comments c
		JOIN policies p ON p.id = c.policy_id
		WHERE c.author_email <> '' AND c.created_at < ` + cutoff("p.region_id") + ` LIMIT $3)`},
	policies.RetainRosterPreviews: {`DELETE FROM roster_imports WHERE (region_id, token) IN (SELECT region_id, token FROM roster_imports
		WHERE created_at < ` + cutoff("region_id") + ` LIMIT $3)`},
	policies.RetainErasureRequests: {`DELETE FROM erasure_requests WHERE id IN (SELECT id FROM erasure_requests
		WHERE decided_at < ` + cutoff("region_id") + ` LIMIT $3)`},
}

// PurgeExpired deletes or clears up to b.Limit rows of each statement of
// b.Kind past their retention as of b.Now, and reports how many it touched.
func (s *DB) PurgeExpired(ctx context.Context, b policies.PurgeBatch) (int, error) {
	def, ok := policies.DefaultRetentionOf(b.Kind)
	stmts := purgeStatements[b.Kind]
	if !ok || len(stmts) == 0 || b.Limit < 1 || b.Now.IsZero() {
		return 0, policies.Errorf(policies.KindInvalid, "postgres: purge of %q: no such kind, or no limit or moment", b.Kind)
	}
	days := def.Days
	if b.Days > 0 { // the installation's own (RETENTION_DAYS)
		days = b.Days
	}
	total := 0
	for _, q := range stmts {
		res, err := s.db.ExecContext(ctx, q, b.Now, days, b.Limit, string(b.Kind))
		if err != nil {
			return total, fmt.Errorf("postgres: purge %s: %w", b.Kind, mapErr(err))
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, err
		}
		total += int(n)
	}
	return total, nil
}

// RecordPurge keeps a purge run's report.
func (s *DB) RecordPurge(ctx context.Context, r policies.PurgeReport) error {
	b, err := json.Marshal(r.Counts)
	if err != nil {
		return err
	}
	err = s.Transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO purge_runs (ran_at, counts) VALUES ($1, $2::jsonb)`, r.RanAt, string(b)); err != nil {
			return mapErr(err)
		}
		// The installation's purge, by the system: how many rows of each kind.
		return auditAdmin(ctx, tx, policies.AdminChange{Action: "privacy.purged", Subject: "purge:" + r.RanAt.UTC().Format(time.RFC3339), After: r.Counts})
	})
	if err != nil {
		return fmt.Errorf("postgres: record purge: %w", err)
	}
	return nil
}

// LastPurge is the latest purge run's report; a zero RanAt before the first.
func (s *DB) LastPurge(ctx context.Context) (policies.PurgeReport, error) {
	var r policies.PurgeReport
	var counts []byte
	err := s.db.QueryRowxContext(ctx, `SELECT ran_at, counts FROM purge_runs ORDER BY id DESC LIMIT 1`).Scan(&r.RanAt, &counts)
	if policies.IsKind(mapErr(err), policies.KindNotFound) {
		return policies.PurgeReport{}, nil
	}
	if err != nil {
		return r, fmt.Errorf("postgres: last purge: %w", mapErr(err))
	}
	return r, json.Unmarshal(counts, &r.Counts)
}
