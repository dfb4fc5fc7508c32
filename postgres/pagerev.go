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
