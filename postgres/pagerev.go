package postgres

import (
	"context"
	"fmt"
)

// PolicyPageRev returns a policy's page revision: the counter that every
// write changing what its page shows moves in the same transaction
// (triggers, migration 0025); 0 for a policy never changed since, or none.
// One indexed read: what the policy page asks on every request before it
// serves a page kept in memory.
func (s *DB) PolicyPageRev(ctx context.Context, policyID int64) (int64, error) {
	var rev int64
	if err := s.q.GetContext(ctx, &rev, `SELECT coalesce((SELECT rev FROM policy_page_revs WHERE policy_id = $1), 0)`, policyID); err != nil {
		return 0, fmt.Errorf("postgres: policy %d page revision: %w", policyID, mapErr(err))
	}
	return rev, nil
}

// PolicyPageRevs returns a policy's page revision and its facts revision:
// the part of the page revision that did not come from the comment tables
// (migration 0063), which moves with every write to what the page shows
// of the policy itself (summary, versions, consultations, approval runs
// and decisions, attachments, enactments, JDIH metadata and relations).
func (s *DB) PolicyPageRevs(ctx context.Context, policyID int64) (page, facts int64, err error) {
	var revs struct {
		Page  int64 `db:"page"`
		Facts int64 `db:"facts"`
	}
	if err := s.q.GetContext(ctx, &revs, `SELECT coalesce(max(rev), 0) AS page, coalesce(max(rev - comments_rev), 0) AS facts
		FROM policy_page_revs WHERE policy_id = $1`, policyID); err != nil {
		return 0, 0, fmt.Errorf("postgres: policy %d page revisions: %w", policyID, mapErr(err))
	}
	return revs.Page, revs.Facts, nil
}
