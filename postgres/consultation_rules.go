package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// AnswerDeadline reads what a consultation's deadline for its answers and
// report needs: the region's days, the comments still without a published
// answer (those the answers page lists: consultationCommentIDs), its
// drafters and their supervisors.
func (s *DB) AnswerDeadline(ctx context.Context, workflowID string) (policies.AnswerDeadline, error) {
	var d policies.AnswerDeadline
	var k struct {
		ID       int64 `db:"id"`
		PolicyID int64 `db:"policy_id"`
		OpenedBy int64 `db:"opened_by"`
		Owner    int64 `db:"owner_unit_id"`
		RegionID int64 `db:"region_id"`
	}
	err := s.q.GetContext(ctx, &k, `SELECT k.id, k.policy_id, k.opened_by, p.owner_unit_id, p.region_id
		FROM consultations k JOIN policies p ON p.id = k.policy_id WHERE k.workflow_id = $1`, workflowID)
	if err != nil {
		return d, fmt.Errorf("postgres: consultation %s: %w", workflowID, mapErr(err))
	}
	var row struct {
		Title      string            `db:"title"`
		Status     policies.Status   `db:"status"`
		ClosedAt   *time.Time        `db:"closed_at"`
		Days       int               `db:"answer_deadline_days"`
		Zone       policies.TimeZone `db:"time_zone"`
		Unanswered int               `db:"unanswered"`
	}
	err = s.q.GetContext(ctx, &row, `SELECT p.title, p.status, k.closed_at, r.answer_deadline_days, r.time_zone,
			(SELECT count(*) FROM comments c WHERE c.id IN `+consultationCommentIDs+` AND NOT EXISTS (SELECT 1 FROM comment_answers a
				WHERE a.comment_id = c.id AND a.consultation_id = k.id AND a.published_at IS NOT NULL)) AS unanswered
		FROM consultations k JOIN policies p ON p.id = k.policy_id JOIN regions r ON r.id = p.region_id
		WHERE k.id = $1`, k.ID)
	if err != nil {
		return d, fmt.Errorf("postgres: consultation %s: answer deadline: %w", workflowID, mapErr(err))
	}
	d = policies.AnswerDeadline{ConsultationID: k.ID, PolicyID: k.PolicyID, PolicyTitle: row.Title, PolicyStatus: row.Status,
		ClosedAt: row.ClosedAt, Days: row.Days, Zone: row.Zone, Unanswered: row.Unanswered}
	if err := s.q.SelectContext(ctx, &d.Drafters, `SELECT id FROM users
		WHERE region_id = $1 AND role = 'drafter' AND deactivated_at IS NULL AND (id = $2 OR unit_id = $3) ORDER BY id`, k.RegionID, k.OpenedBy, k.Owner); err != nil {
		return d, fmt.Errorf("postgres: consultation %s: drafters: %w", workflowID, mapErr(err))
	}
	// The owner unit's head, else its leaders, else the region's administrators.
	for _, q := range []string{
		`SELECT u.id FROM units n JOIN users u ON u.id = n.head_user_id WHERE n.id = $2 AND u.region_id = $1 AND u.deactivated_at IS NULL`,
		`SELECT id FROM users WHERE region_id = $1 AND unit_id = $2 AND role = 'leader' AND deactivated_at IS NULL ORDER BY id`,
		`SELECT id FROM users WHERE region_id = $1 AND role = 'admin' AND deactivated_at IS NULL AND $2::bigint IS NOT NULL ORDER BY id`,
	} {
		if err := s.q.SelectContext(ctx, &d.Supervisors, q, k.RegionID, k.Owner); err != nil {
			return d, fmt.Errorf("postgres: consultation %s: supervisors: %w", workflowID, mapErr(err))
		}
		if len(d.Supervisors) > 0 {
			break
		}
	}
	return d, nil
}

// RecordPolicyEvent audits a workflow's change that is no change of status
// (a consultation scheduled to open, its schedule cancelled or failed),
// once per key.
func (s *DB) RecordPolicyEvent(ctx context.Context, c policies.AdminChange) error {
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if err := auditAdmin(ctx, tx, c); errors.Is(err, errRecorded) {
			return nil
		} else if err != nil {
			return err
		}
		return recordSchedule(ctx, tx, c) // the public's record of a schedule (consultation_schedule.go)
	})
	if err != nil {
		return fmt.Errorf("postgres: policy %d: %s: %w", c.PolicyID, c.Action, err)
	}
	return nil
}
