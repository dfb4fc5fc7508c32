package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// OpenConsultation records a consultation (once per workflow ID) and its
// invitees: the given users, or every stakeholder of the policy's region when none are given.
func (s *DB) OpenConsultation(ctx context.Context, c policies.Consultation, invite []int64) (policies.Consultation, []int64, error) {
	var invitees []int64
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &c.ID, `INSERT INTO consultations (policy_id, version_id, workflow_id, opened_by, opened_at, closes_at, allow_public, show_invited_at_once)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (workflow_id) DO NOTHING RETURNING id`,
			c.PolicyID, c.VersionID, c.WorkflowID, c.OpenedBy, c.OpenedAt, c.ClosesAt, c.AllowPublic, c.ShowInvitedAtOnce)
		if errors.Is(err, sql.ErrNoRows) {
			err = tx.GetContext(ctx, &c.ID, `SELECT id FROM consultations WHERE workflow_id = $1`, c.WorkflowID)
		}
		if err != nil {
			return mapErr(err)
		}
		if len(invite) == 0 {
			if err := tx.SelectContext(ctx, &invite, `SELECT id FROM users
				WHERE role = 'stakeholder' AND region_id = (SELECT region_id FROM policies WHERE id = $1) ORDER BY id`, c.PolicyID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO consultation_invitees (consultation_id, user_id)
			SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, c.ID, pq.Array(invite)); err != nil {
			return mapErr(err)
		}
		return tx.SelectContext(ctx, &invitees, `SELECT user_id FROM consultation_invitees WHERE consultation_id = $1 ORDER BY user_id`, c.ID)
	})
	if err != nil {
		return c, nil, fmt.Errorf("postgres: open consultation %s: %w", c.WorkflowID, err)
	}
	return c, invitees, nil
}

// ExtendConsultation moves an open consultation's deadline.
// It is audited as by's change of the deadline, once: a retry that finds
// the deadline already moved changes and audits nothing.
func (s *DB) ExtendConsultation(ctx context.Context, workflowID string, by int64, closesAt time.Time) error {
	return s.Transact(ctx, func(tx *sqlx.Tx) error {
		var k struct {
			ID       int64     `db:"id"`
			ClosesAt time.Time `db:"closes_at"`
		}
		err := tx.GetContext(ctx, &k, `SELECT id, closes_at FROM consultations WHERE workflow_id = $1 AND closed_at IS NULL FOR UPDATE`, workflowID)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && k.ClosesAt.Equal(closesAt)) {
			return nil
		}
		if err != nil {
			return mapErr(err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE consultations SET closes_at = $2 WHERE id = $1`, k.ID, closesAt); err != nil {
			return mapErr(err)
		}
		return auditConsultationChange(ctx, tx, k.ID, by, string(policies.ActExtendConsultation), "",
			map[string]time.Time{"closes_at": k.ClosesAt}, map[string]time.Time{"closes_at": closesAt})
	})
}

// CloseConsultation closes a consultation once and returns the comment
// counts per section made during it (the same summary on a retry).
func (s *DB) CloseConsultation(ctx context.Context, workflowID string, closedAt time.Time, reason string) (policies.ConsultationSummary, error) {
	var sum policies.ConsultationSummary
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var c struct {
			ID        int64  `db:"id"`
			PolicyID  int64  `db:"policy_id"`
			VersionID int64  `db:"version_id"`
			Summary   []byte `db:"summary"`
		}
		if err := tx.GetContext(ctx, &c, `SELECT id, policy_id, version_id, summary FROM consultations WHERE workflow_id = $1 FOR UPDATE`, workflowID); err != nil {
			return mapErr(err)
		}
		if c.Summary != nil {
			return json.Unmarshal(c.Summary, &sum)
		}
		rows := []policies.SectionCount{}
		// The visible comments on the version under consultation (the server
		// takes comments on a version only while its consultation is open):
		// neither those hidden by a moderator nor those still awaiting one.
		if err := tx.SelectContext(ctx, &rows, `SELECT section_anchor, count(*) AS comments FROM comments
			WHERE policy_id = $1 AND version_id = $2 AND status IN ('open','resolved')
			GROUP BY section_anchor ORDER BY section_anchor`, c.PolicyID, c.VersionID); err != nil {
			return err
		}
		var markdown string
		if err := tx.GetContext(ctx, &markdown, `SELECT markdown FROM policy_versions WHERE id = $1`, c.VersionID); err != nil {
			return mapErr(err)
		}
		titles := map[string]string{}
		for _, sec := range policies.Sections(markdown) {
			titles[sec.Anchor] = sec.Title
		}
		for i := range rows {
			rows[i].Title = titles[rows[i].Section]
		}
		sum = policies.ConsultationSummary{ConsultationID: c.ID, Sections: rows, Reason: reason, ClosedAt: closedAt}
		for _, r := range rows {
			sum.Total += r.Comments
		}
		b, _ := json.Marshal(sum)
		_, err := tx.ExecContext(ctx, `UPDATE consultations SET closed_at = $2, closed_reason = $3, summary = $4 WHERE id = $1`,
			c.ID, closedAt, reason, b)
		return mapErr(err)
	})
	if err != nil {
		return sum, fmt.Errorf("postgres: close consultation %s: %w", workflowID, err)
	}
	return sum, nil
}

const consultationColumns = `c.id, c.policy_id, c.version_id, c.workflow_id, c.opened_by, c.opened_at, c.closes_at, c.allow_public,
	c.show_invited_at_once, v.number AS version_number, c.closed_at, c.closed_reason, c.summary`

// Consultations returns a policy's consultations, oldest first.
func (s *DB) Consultations(ctx context.Context, policyID int64) ([]policies.ConsultationRecord, error) {
	return policyRows[policies.ConsultationRecord](ctx, s, "consultations", `SELECT `+consultationColumns+`
		FROM consultations c JOIN policy_versions v ON v.id = c.version_id
		WHERE c.policy_id = $1 ORDER BY c.id`, policyID)
}

// InvitedConsultations returns the open consultations a user is invited
// to, closing soonest first.
func (s *DB) InvitedConsultations(ctx context.Context, userID int64) ([]policies.InvitedConsultation, error) {
	cs := []policies.InvitedConsultation{}
	err := s.q.SelectContext(ctx, &cs, `SELECT `+consultationColumns+`, p.title AS policy_title
		FROM consultations c
		JOIN consultation_invitees i ON i.consultation_id = c.id
		JOIN policy_versions v ON v.id = c.version_id
		JOIN policies p ON p.id = c.policy_id
		WHERE i.user_id = $1 AND c.closed_at IS NULL
		ORDER BY c.closes_at, c.id`, userID)
	if err != nil {
		return nil, fmt.Errorf("postgres: user %d: invited consultations: %w", userID, mapErr(err))
	}
	return cs, nil
}

// OpenConsultations returns the consultations open now (not closed, the
// deadline ahead) on policies in consultation, of one region or (regionID
// 0) of all, closing soonest first. policies.PublicConsultations is the
// rule; the query asks the same of the database so an index serves it.
func (s *DB) OpenConsultations(ctx context.Context, regionID int64) ([]policies.ConsultationListing, error) {
	cs := []policies.ConsultationListing{}
	err := s.q.SelectContext(ctx, &cs, `SELECT c.id, c.policy_id, p.title AS policy_title, p.status AS policy_status,
			v.number AS version_number, r.name AS region_name, r.slug AS region_slug, r.time_zone AS region_zone,
			c.opened_at, c.closes_at, c.allow_public
		FROM consultations c
		JOIN policies p ON p.id = c.policy_id
		JOIN regions r ON r.id = p.region_id
		JOIN policy_versions v ON v.id = c.version_id
		WHERE c.closed_at IS NULL AND c.closes_at > now() AND p.status = $1 AND ($2::bigint = 0 OR p.region_id = $2::bigint)
		ORDER BY c.closes_at, c.id`, policies.StatusConsultation, regionID)
	if err != nil {
		return nil, fmt.Errorf("postgres: open consultations: %w", mapErr(err))
	}
	return policies.PublicConsultations(cs), nil
}
