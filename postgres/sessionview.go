package postgres

import (
	"context"
	"fmt"

	"github.com/policyflow/policyflow/policies"
)

// SessionView is SessionUser with what a signed-in page reads on every
// request besides (issue 25: those were five statements, five round
// trips): whether the person has a confirmed second factor, their unread
// notices, and, for policyID > 0, the policy's page and facts revisions
// (PolicyPageRevs). One statement, so one snapshot. The
// session is noted as SessionUser notes it; an unknown, expired or idle
// session, or a deactivated person, is not found.
func (s *DB) SessionView(ctx context.Context, tokenHash string, policyID int64) (policies.SessionView, error) {
	var row struct {
		policies.User
		CSRF     string `db:"csrf_token"`
		Stale    bool   `db:"stale"`
		Enrolled bool   `db:"enrolled"`
		Unread   int    `db:"unread"`
		Page     int64  `db:"page_rev"`
		Facts    int64  `db:"facts_rev"`
	}
	err := s.q.GetContext(ctx, &row, `SELECT u.id, u.email, u.name, u.role, u.region_id, u.unit_id, u.title, u.password_hash, u.created_at, u.lang,
		s.csrf_token, s.last_seen_at < now() - make_interval(secs => $3) AS stale,
		EXISTS (SELECT FROM second_factors f WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL) AS enrolled,
		(SELECT count(*) FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL) AS unread,
		coalesce(r.rev, 0) AS page_rev, coalesce(r.rev - r.comments_rev, 0) AS facts_rev
		FROM sessions s JOIN users u ON u.id = s.user_id
		LEFT JOIN policy_page_revs r ON r.policy_id = $4
		WHERE s.id = $1 AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(secs => $2) AND u.deactivated_at IS NULL`,
		tokenHash, policies.SessionIdle.Seconds(), policies.SessionSeenEvery.Seconds(), policyID)
	if err != nil {
		return policies.SessionView{}, fmt.Errorf("postgres: session: %w", mapErr(err))
	}
	if row.Stale {
		if _, err := s.db.ExecContext(ctx, `UPDATE sessions SET last_seen_at = now() WHERE id = $1`, tokenHash); err != nil {
			return policies.SessionView{}, fmt.Errorf("postgres: session: last seen: %w", mapErr(err))
		}
	}
	return policies.SessionView{User: row.User, CSRF: row.CSRF, SecondFactor: row.Enrolled, Unread: row.Unread,
		PageRev: row.Page, FactsRev: row.Facts}, nil
}
