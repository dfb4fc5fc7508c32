package postgres

import (
	"context"
	"fmt"

	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// PolicyEvents returns the policies' events, newest first, at most limit:
// consultations opened and closed, versions approved, a consultation's
// answers published (together: one event, its count), enactments and
// promulgations. A promulgation happened when it was recorded (its
// audit), as an enactment did; both carry the day the text takes effect
// when the record knows it (policies.Enactment.EffectiveDate).
func (s *DB) PolicyEvents(ctx context.Context, policyIDs []int64, limit int) ([]policies.PolicyEvent, error) {
	events := []policies.PolicyEvent{}
	err := s.q.SelectContext(ctx, &events, `SELECT * FROM (
		SELECT 'consultation_opened' AS kind, c.policy_id, c.id AS ref_id, v.number AS version_number, c.opened_at AS at, 0 AS count,
			'' AS form, NULL::date AS effective_on
			FROM consultations c JOIN policy_versions v ON v.id = c.version_id WHERE c.policy_id = ANY($1)
		UNION ALL
		SELECT 'consultation_closed', c.policy_id, c.id, v.number, c.closed_at, 0, '', NULL
			FROM consultations c JOIN policy_versions v ON v.id = c.version_id WHERE c.policy_id = ANY($1) AND c.closed_at IS NOT NULL
		UNION ALL
		SELECT 'version_approved', r.policy_id, r.id, v.number, r.ended_at, 0, '', NULL
			FROM approval_runs r JOIN policy_versions v ON v.id = r.version_id
			WHERE r.policy_id = ANY($1) AND r.outcome = 'approved' AND r.ended_at IS NOT NULL
		UNION ALL
		SELECT 'answers_published', c.policy_id, c.id, v.number, max(a.published_at), count(*), '', NULL
			FROM comment_answers a JOIN consultations c ON c.id = a.consultation_id JOIN policy_versions v ON v.id = c.version_id
			WHERE c.policy_id = ANY($1) AND a.published_at IS NOT NULL GROUP BY c.policy_id, c.id, v.number
		UNION ALL
		SELECT 'enacted', e.policy_id, e.id, v.number, e.created_at, 0, e.form,
			CASE WHEN e.form = 'kepwali' THEN coalesce(e.effective_on, e.enacted_on) END
			FROM enactments e JOIN policy_versions v ON v.id = e.version_id WHERE e.policy_id = ANY($1)
		UNION ALL
		SELECT 'promulgated', e.policy_id, e.id, v.number,
			coalesce((SELECT min(a.created_at) FROM audit_log a WHERE a.policy_id = e.policy_id AND a.version_id = e.version_id
				AND a.action = 'enactment.promulgated'), greatest(e.created_at, e.promulgated_on)), 0, e.form,
			coalesce(e.effective_on, e.promulgated_on)
			FROM enactments e JOIN policy_versions v ON v.id = e.version_id WHERE e.policy_id = ANY($1) AND e.promulgated_on IS NOT NULL
		) ev ORDER BY at DESC, kind, ref_id DESC LIMIT $2`, pq.Array(policyIDs), limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: policy events: %w", mapErr(err))
	}
	return events, nil
}
