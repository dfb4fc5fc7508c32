package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

const reportColumns = `r.id, r.comment_id, r.reason, r.detail, r.reporter_id, coalesce(u.name, '') AS reporter_name, r.address, r.created_at, r.closed_at, r.outcome`

// ReportComment stores a reader's report of a comment. An anonymous reader
// makes at most anonymousPerHour reports an hour from one address (counted
// under a lock on the address, so parallel requests cannot pass it
// together); past it, a *policies.LimitError and nothing stored.
func (s *DB) ReportComment(ctx context.Context, r policies.CommentReport, anonymousPerHour int) (policies.CommentReport, error) {
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if r.ReporterID == nil {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('report:' || $1, 0))`, r.Address); err != nil {
				return mapErr(err)
			}
			var n struct {
				Count  int        `db:"count"`
				Oldest *time.Time `db:"oldest"`
			}
			if err := tx.GetContext(ctx, &n, `SELECT count(*) AS count, min(created_at) AS oldest FROM comment_reports
				WHERE reporter_id IS NULL AND address = $1 AND created_at > now() - interval '1 hour'`, r.Address); err != nil {
				return mapErr(err)
			}
			if n.Count >= anonymousPerHour {
				return &policies.LimitError{Message: fmt.Sprintf("batas %d laporan per jam dari alamat ini tercapai; coba lagi nanti", anonymousPerHour),
					RetryAfter: retryAfter(n.Oldest)}
			}
		}
		var id int64
		if err := tx.GetContext(ctx, &id, `INSERT INTO comment_reports (comment_id, reason, detail, reporter_id, address)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, r.CommentID, r.Reason, r.Detail, r.ReporterID, r.Address); err != nil {
			err = mapErr(err)
			if policies.IsKind(err, policies.KindConflict) {
				return policies.Errorf(policies.KindConflict, "Anda sudah melaporkan komentar ini; laporan sedang ditinjau")
			}
			return err
		}
		return mapErr(tx.GetContext(ctx, &r, `SELECT `+reportColumns+` FROM comment_reports r LEFT JOIN users u ON u.id = r.reporter_id WHERE r.id = $1`, id))
	})
	if err != nil {
		return r, fmt.Errorf("postgres: comment %d: report: %w", r.CommentID, err)
	}
	return r, nil
}

// retryAfter is how long until the oldest counted event leaves the hour.
func retryAfter(oldest *time.Time) time.Duration {
	if oldest == nil {
		return time.Hour
	}
	d := time.Until(oldest.Add(time.Hour))
	if d < time.Second {
		d = time.Second
	}
	return d
}

// ModerationQueue lists a policy's comments awaiting moderation and its
// visible comments with open reports, oldest first, each with its open reports.
func (s *DB) ModerationQueue(ctx context.Context, policyID int64) ([]policies.ModerationItem, error) {
	var cs []policies.Comment
	if err := s.q.SelectContext(ctx, &cs, `SELECT `+commentColumnsC+` FROM comments c
		WHERE c.policy_id = $1 AND (c.status = 'pending_moderation' OR (c.status IN ('open','resolved')
			AND EXISTS (SELECT 1 FROM comment_reports r WHERE r.comment_id = c.id AND r.closed_at IS NULL)))
		ORDER BY c.id LIMIT 500`, policyID); err != nil {
		return nil, fmt.Errorf("postgres: policy %d: moderation queue: %w", policyID, mapErr(err))
	}
	items := make([]policies.ModerationItem, len(cs))
	ids := make([]int64, len(cs))
	at := map[int64]int{}
	for i, c := range cs {
		items[i] = policies.ModerationItem{Comment: c, Reports: []policies.CommentReport{}}
		ids[i], at[c.ID] = c.ID, i
	}
	if len(ids) == 0 {
		return items, nil
	}
	var rs []policies.CommentReport
	if err := s.q.SelectContext(ctx, &rs, `SELECT `+reportColumns+` FROM comment_reports r LEFT JOIN users u ON u.id = r.reporter_id
		WHERE r.comment_id = ANY($1) AND r.closed_at IS NULL ORDER BY r.id`, pq.Array(ids)); err != nil {
		return nil, fmt.Errorf("postgres: policy %d: reports: %w", policyID, mapErr(err))
	}
	for _, r := range rs {
		i := at[r.CommentID]
		items[i].Reports = append(items[i].Reports, r)
	}
	return items, nil
}

// Moderate applies a decision to a comment in one transaction: its status,
// its open reports closed with the outcome, and the decision recorded.
func (s *DB) Moderate(ctx context.Context, commentID int64, d policies.ModerationDecision, by int64) (policies.Comment, error) {
	var c policies.Comment
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var err error
		if c, err = commentForUpdate(ctx, tx, commentID); err != nil {
			return err
		}
		from := c.Status
		to, outcome, err := d.Outcome(c.Status)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE comment_reports SET closed_at = now(), closed_by = $2, outcome = $3
			WHERE comment_id = $1 AND closed_at IS NULL`, commentID, by, outcome)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 && d == policies.DecideKeep {
			return policies.Errorf(policies.KindConflict, "komentar ini tidak punya laporan terbuka")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO comment_moderations (comment_id, decision, from_status, to_status, decided_by)
			VALUES ($1, $2, $3, $4, $5)`, commentID, d, c.Status, to, by); err != nil {
			return mapErr(err)
		}
		if to != c.Status {
			if err := tx.GetContext(ctx, &c, `UPDATE comments SET status = $2 WHERE id = $1 RETURNING `+commentColumns, commentID, to); err != nil {
				return mapErr(err)
			}
		}
		return auditComment(ctx, tx, c, by, "comment.moderated_"+string(d), statusOf(from), statusOf(to))
	})
	if err != nil {
		return c, fmt.Errorf("postgres: comment %d: moderate: %w", commentID, err)
	}
	return c, nil
}

// CountAnonymousComment lets one anonymous comment through a consultation's
// limits and counts it, under a lock on the consultation: at most perHour
// from one address in the last hour, at most pendingCap anonymous comments
// awaiting moderation. A limit reached is a *policies.LimitError and
// nothing is counted.
func (s *DB) CountAnonymousComment(ctx context.Context, consultationID int64, address string, perHour, pendingCap int) error {
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('anon-comment:' || $1::text, 0))`, consultationID); err != nil {
			return mapErr(err)
		}
		var n struct {
			Count  int        `db:"count"`
			Oldest *time.Time `db:"oldest"`
		}
		if err := tx.GetContext(ctx, &n, `SELECT count(*) AS count, min(created_at) AS oldest FROM anonymous_comment_counts
			WHERE consultation_id = $1 AND address = $2 AND created_at > now() - interval '1 hour'`, consultationID, address); err != nil {
			return mapErr(err)
		}
		if n.Count >= perHour {
			return &policies.LimitError{Message: fmt.Sprintf("batas %d komentar tanpa akun per jam dari alamat ini untuk konsultasi ini tercapai; coba lagi nanti atau masuk dengan akun", perHour),
				RetryAfter: retryAfter(n.Oldest)}
		}
		var pending int
		if err := tx.GetContext(ctx, &pending, `SELECT count(*) FROM comments c JOIN consultations k ON k.policy_id = c.policy_id
			WHERE k.id = $1 AND c.author_id IS NULL AND c.status = 'pending_moderation' AND c.created_at >= k.opened_at`, consultationID); err != nil {
			return mapErr(err)
		}
		if pending >= pendingCap {
			return &policies.LimitError{Message: fmt.Sprintf("konsultasi ini sudah menampung %d komentar tanpa akun yang menunggu moderasi; coba lagi nanti", pendingCap),
				RetryAfter: time.Hour}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO anonymous_comment_counts (consultation_id, address) VALUES ($1, $2)`, consultationID, address)
		return mapErr(err)
	})
	if err != nil {
		return fmt.Errorf("postgres: consultation %d: anonymous comment: %w", consultationID, err)
	}
	return nil
}
