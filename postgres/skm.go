package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// SKMRecord returns a unit's recorded SKM of round n of a policy; not
// found when the unit has not reported it.
func (s *DB) SKMRecord(ctx context.Context, policyID int64, n int, unitID int64) (policies.SKMRecord, error) {
	var rec policies.SKMRecord
	err := s.q.GetContext(ctx, &rec, `SELECT r.policy_id, r.number, r.unit_id, u.name AS unit_name, r.due_at,
		e.data, e.population, e.profile, e.score::float8 AS score, e.created_at,
		p.ikm_threshold::float8 AS ikm_threshold, g.skm_min_respondents
		FROM evaluation_rounds r
		JOIN evaluation_results e ON e.round_id = r.id AND e.instrument = 'skm'
		JOIN units u ON u.id = r.unit_id
		JOIN policies p ON p.id = r.policy_id
		JOIN regions g ON g.id = p.region_id
		WHERE r.policy_id = $1 AND r.number = $2 AND r.unit_id = $3`, policyID, n, unitID)
	if errors.Is(err, sql.ErrNoRows) {
		return rec, policies.Errorf(policies.KindNotFound, "SKM putaran %d unit ini belum diisi", n)
	}
	if err != nil {
		return rec, fmt.Errorf("postgres: policy %d: SKM round %d unit %d: %w", policyID, n, unitID, mapErr(err))
	}
	return rec, nil
}

// SKMSampleRule returns the name of a unit of the policy's region and the
// region's minimum of SKM respondents.
func (s *DB) SKMSampleRule(ctx context.Context, policyID, unitID int64) (policies.SKMSampleRule, error) {
	var r policies.SKMSampleRule
	err := s.q.GetContext(ctx, &r, `SELECT u.name AS unit_name, g.skm_min_respondents
		FROM policies p JOIN regions g ON g.id = p.region_id JOIN units u ON u.id = $2 AND u.region_id = p.region_id
		WHERE p.id = $1`, policyID, unitID)
	if errors.Is(err, sql.ErrNoRows) {
		return r, policies.Errorf(policies.KindNotFound, "unit %d tidak ada di wilayah kebijakan %d", unitID, policyID)
	}
	if err != nil {
		return r, fmt.Errorf("postgres: policy %d: SKM rule unit %d: %w", policyID, unitID, mapErr(err))
	}
	return r, nil
}

// PublicIKMs returns the recorded SKMs of the policies in f.Statuses, by
// region, policy, round, then unit name.
func (s *DB) PublicIKMs(ctx context.Context, f policies.PublicIKMFilter) ([]policies.PublicIKM, error) {
	statuses := make([]string, len(f.Statuses))
	for i, st := range f.Statuses {
		statuses[i] = string(st)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	out := []policies.PublicIKM{}
	err := s.q.SelectContext(ctx, &out, `SELECT g.name AS region_name, g.time_zone, p.id AS policy_id, p.title AS policy_title,
		u.name AS unit_name, r.number, r.due_at, e.score::float8 AS score, e.data
		FROM evaluation_results e
		JOIN evaluation_rounds r ON r.id = e.round_id
		JOIN policies p ON p.id = r.policy_id
		JOIN regions g ON g.id = p.region_id
		JOIN units u ON u.id = r.unit_id
		WHERE e.instrument = 'skm' AND p.status = ANY($1::text[])
		  AND ($2 = 0 OR p.region_id = $2)
		  AND ($3 = 0 OR extract(year FROM r.due_at AT TIME ZONE CASE g.time_zone WHEN 'WITA' THEN 'Asia/Makassar' WHEN 'WIT' THEN 'Asia/Jayapura' ELSE 'Asia/Jakarta' END) = $3)
		ORDER BY g.name, p.title, p.id, r.number DESC, u.name
		LIMIT $4`, pq.Array(statuses), f.RegionID, f.Year, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: public IKM: %w", mapErr(err))
	}
	return out, nil
}
