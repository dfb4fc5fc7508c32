package postgres

import (
	"context"

	"github.com/policyflow/policyflow/policies"
)

// VersionsByHash lists the versions whose text has that SHA-256.
func (s *DB) VersionsByHash(ctx context.Context, sha256 string) ([]policies.VersionRef, error) {
	var refs []policies.VersionRef
	err := s.q.SelectContext(ctx, &refs, `SELECT policy_id, number, id FROM policy_versions WHERE sha256 = $1 ORDER BY policy_id, number`, sha256)
	return refs, mapErr(err)
}
