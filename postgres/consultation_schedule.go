package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// recordSchedule keeps the record of a consultation's schedule that its
// workflow's audit of the change carries (migration 0067): scheduled or
// moved, the row; cancelled or failed, none. The consultation opening
// removes it (a trigger on consultations).
func recordSchedule(ctx context.Context, tx *sqlx.Tx, c policies.AdminChange) error {
	switch c.Action {
	case policies.ActionConsultationScheduled:
		if c.After == nil {
			return nil // a workflow from before the record (its opening is found once open)
		}
		b, err := json.Marshal(c.After) // through Temporal, a map
		if err != nil {
			return err
		}
		var o policies.ScheduledOpening
		if err := json.Unmarshal(b, &o); err != nil || o.OpensAt.IsZero() || !o.ClosesAt.After(o.OpensAt) {
			return fmt.Errorf("postgres: schedule of policy %d: %s", c.PolicyID, b)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO consultation_schedules AS s (policy_id, opens_at, closes_at, allow_public, gen)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (policy_id) DO UPDATE SET opens_at = excluded.opens_at, closes_at = excluded.closes_at,
				allow_public = excluded.allow_public, gen = excluded.gen, updated_at = now()
			WHERE s.gen <= excluded.gen`, c.PolicyID, o.OpensAt, o.ClosesAt, o.AllowPublic, o.Gen)
		return err
	case string(policies.ActCancelConsultationSchedule), policies.ActionScheduleFailed:
		_, err := tx.ExecContext(ctx, `DELETE FROM consultation_schedules WHERE policy_id = $1`, c.PolicyID)
		return err
	}
	return nil
}

// ScheduledConsultations returns the public consultations scheduled to
// open ahead, of one region or (regionID 0) of all, opening soonest first
// (policies.ScheduleStore). One for invited stakeholders only is its
// region's draft until it opens, announced to no one else.
func (s *DB) ScheduledConsultations(ctx context.Context, regionID int64) ([]policies.ConsultationListing, error) {
	cs := []policies.ConsultationListing{}
	err := s.q.SelectContext(ctx, &cs, `SELECT 0 AS id, s.policy_id, p.title AS policy_title, p.status AS policy_status,
			coalesce(v.number, 0) AS version_number, r.name AS region_name, r.slug AS region_slug, r.time_zone AS region_zone,
			s.opens_at AS opened_at, s.closes_at, s.allow_public
		FROM consultation_schedules s
		JOIN policies p ON p.id = s.policy_id
		JOIN regions r ON r.id = p.region_id
		LEFT JOIN policy_versions v ON v.id = p.current_version_id
		WHERE s.opens_at > now() AND s.allow_public AND p.status NOT IN ($1, $2) AND ($3::bigint = 0 OR p.region_id = $3::bigint)
		ORDER BY s.opens_at, s.policy_id`, policies.StatusArchived, policies.StatusConsultation, regionID)
	if err != nil {
		return nil, fmt.Errorf("postgres: scheduled consultations: %w", mapErr(err))
	}
	return cs, nil
}

// RegionFeedRev returns a region's feed revision by its slug (migration
// 0067: it moves in the writing transaction of every change a feed or the
// calendar of the region shows), with the region's id; for "" the sum of
// every region's (id 0). KindNotFound for a slug of no region. One small
// read: what a feed asks on every request before it serves one kept in
// memory.
func (s *DB) RegionFeedRev(ctx context.Context, slug string) (regionID, rev int64, err error) {
	var row struct {
		ID  int64 `db:"id"`
		Rev int64 `db:"rev"`
	}
	if slug == "" {
		err = s.q.GetContext(ctx, &row, `SELECT 0 AS id, coalesce(sum(rev), 0)::bigint AS rev FROM feed_revs`)
	} else {
		err = s.q.GetContext(ctx, &row, `SELECT r.id, coalesce(f.rev, 0) AS rev FROM regions r LEFT JOIN feed_revs f ON f.region_id = r.id WHERE r.slug = $1`, slug)
	}
	if err != nil {
		return 0, 0, fmt.Errorf("postgres: feed revision of region %q: %w", slug, mapErr(err))
	}
	return row.ID, row.Rev, nil
}

// PolicyFeedRev returns the feed revision of a policy's region
// (KindNotFound for no policy).
func (s *DB) PolicyFeedRev(ctx context.Context, policyID int64) (int64, error) {
	var rev int64
	if err := s.q.GetContext(ctx, &rev, `SELECT coalesce(f.rev, 0) FROM policies p LEFT JOIN feed_revs f ON f.region_id = p.region_id WHERE p.id = $1`, policyID); err != nil {
		return 0, fmt.Errorf("postgres: feed revision of policy %d: %w", policyID, mapErr(err))
	}
	return rev, nil
}
