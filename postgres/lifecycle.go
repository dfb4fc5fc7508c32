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

// The writes the lifecycle workflows make through activities. Each is
// idempotent: a retried activity finds its own earlier write and returns it.

// PolicyFacts returns what a policy's workflow needs from its record.
func (s *DB) PolicyFacts(ctx context.Context, id int64) (policies.PolicyFacts, error) {
	var f policies.PolicyFacts
	err := s.db.GetContext(ctx, &f, `SELECT p.id, p.region_id, p.owner_unit_id, p.created_by, coalesce(p.chain_id, 0) AS chain_id,
		p.title, p.status, p.evaluation_months, p.ikm_threshold::float8 AS ikm_threshold,
		coalesce(p.in_force_version_id, 0) AS in_force_version_id,
		v.id AS version_id, v.number AS version_number, v.sha256 AS version_sha256
		FROM policies p JOIN policy_versions v ON v.id = p.current_version_id WHERE p.id = $1`, id)
	if err != nil {
		return f, fmt.Errorf("postgres: policy %d: %w", id, mapErr(err))
	}
	return f, nil
}

// SetStatus moves a policy from one status to another and audits it once
// per key. Retried, it finds the move done and succeeds; if the policy is
// in neither state, it is a conflict.
func (s *DB) SetStatus(ctx context.Context, in policies.StatusChange) error {
	return s.Transact(ctx, func(tx *sqlx.Tx) error {
		var row struct {
			Status  policies.Status `db:"status"`
			Current int64           `db:"current_version_id"`
		}
		if err := tx.GetContext(ctx, &row, `SELECT status, coalesce(current_version_id, 0) AS current_version_id
			FROM policies WHERE id = $1 FOR UPDATE`, in.PolicyID); err != nil {
			return fmt.Errorf("postgres: policy %d: %w", in.PolicyID, mapErr(err))
		}
		cur := row.Status
		switch cur {
		case in.To:
		case in.From:
			// A version saved since the submit read the record would sit,
			// newer, beside the one being approved: refuse the submit.
			if in.To == policies.StatusInApproval && in.VersionID > 0 && in.VersionID != row.Current {
				return policies.Errorf(policies.KindConflict, "versi baru disimpan sejak pengajuan dimulai; muat ulang dan ajukan versi terbaru")
			}
			if _, err := tx.ExecContext(ctx, `UPDATE policies SET status = $1, updated_at = now(),
				in_force_version_id = CASE WHEN $1 = 'approved' AND $3 > 0 THEN $3 ELSE in_force_version_id END,
				search = CASE WHEN $1 = 'approved' AND $3 > 0
					THEN setweight(to_tsvector('indonesian', title), 'A') ||
						setweight(to_tsvector('indonesian', (SELECT markdown FROM policy_versions WHERE id = $3)), 'B')
					ELSE search END
				WHERE id = $2`, in.To, in.PolicyID, in.VersionID); err != nil {
				return mapErr(err)
			}
		default:
			return policies.Errorf(policies.KindConflict, "status kebijakan %d adalah %q, bukan %q", in.PolicyID, cur, in.From)
		}
		var versionID *int64
		if in.VersionID > 0 {
			versionID = &in.VersionID
		}
		var actorID *int64
		if in.ActorID > 0 {
			actorID = &in.ActorID
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (policy_id, version_id, actor_id, action, detail, idempotency_key)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING`,
			in.PolicyID, versionID, actorID, string(in.Action), fmt.Sprintf("%s → %s %s", in.From, in.To, in.Detail), in.Key)
		return mapErr(err)
	})
}

// Audit appends an audit entry once per key.
func (s *DB) Audit(ctx context.Context, e policies.AuditEntry, key string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO audit_log (policy_id, version_id, actor_id, action, detail, idempotency_key)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING`,
		e.PolicyID, e.VersionID, e.ActorID, e.Action, e.Detail, key)
	return mapErr(err)
}

// OpenConsultation records a consultation (once per workflow ID) and its
// invitees: the given users, or every stakeholder of the policy's region when none are given.
func (s *DB) OpenConsultation(ctx context.Context, c policies.Consultation, invite []int64) (policies.Consultation, []int64, error) {
	var invitees []int64
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &c.ID, `INSERT INTO consultations (policy_id, version_id, workflow_id, opened_by, opened_at, closes_at, allow_public)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (workflow_id) DO NOTHING RETURNING id`,
			c.PolicyID, c.VersionID, c.WorkflowID, c.OpenedBy, c.OpenedAt, c.ClosesAt, c.AllowPublic)
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
func (s *DB) ExtendConsultation(ctx context.Context, workflowID string, closesAt time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE consultations SET closes_at = $2 WHERE workflow_id = $1 AND closed_at IS NULL`, workflowID, closesAt)
	return mapErr(err)
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
		// The comments on the version under consultation (the server takes
		// comments on a version only while its consultation is open).
		if err := tx.SelectContext(ctx, &rows, `SELECT section_anchor, count(*) AS comments FROM comments
			WHERE policy_id = $1 AND version_id = $2 AND status <> 'rejected'
			GROUP BY section_anchor ORDER BY section_anchor`, c.PolicyID, c.VersionID); err != nil {
			return err
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

// StartApprovalRun records an approval run once per workflow ID and returns
// it with the chain it follows.
func (s *DB) StartApprovalRun(ctx context.Context, r policies.ApprovalRun) (policies.ApprovalRun, policies.ApprovalChain, error) {
	var chainID int64
	err := s.db.GetContext(ctx, &chainID, `SELECT coalesce(chain_id, 0) FROM policies WHERE id = $1`, r.PolicyID)
	if err != nil {
		return r, policies.ApprovalChain{}, fmt.Errorf("postgres: policy %d: %w", r.PolicyID, mapErr(err))
	}
	if chainID == 0 {
		return r, policies.ApprovalChain{}, policies.Errorf(policies.KindInvalid, "kebijakan %d belum memiliki rantai persetujuan", r.PolicyID)
	}
	err = s.db.GetContext(ctx, &r.ID, `INSERT INTO approval_runs (policy_id, version_id, sha256, workflow_id, submitted_by, started_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (workflow_id) DO NOTHING RETURNING id`,
		r.PolicyID, r.VersionID, r.SHA256, r.WorkflowID, r.SubmittedBy, r.StartedAt)
	if errors.Is(err, sql.ErrNoRows) {
		err = s.db.GetContext(ctx, &r.ID, `SELECT id FROM approval_runs WHERE workflow_id = $1`, r.WorkflowID)
	}
	if err != nil {
		return r, policies.ApprovalChain{}, fmt.Errorf("postgres: approval run %s: %w", r.WorkflowID, mapErr(err))
	}
	chain, err := s.ApprovalChain(ctx, chainID)
	return r, chain, err
}

// EndApprovalRun records a run's outcome (the first one recorded stands).
func (s *DB) EndApprovalRun(ctx context.Context, workflowID, outcome string, endedAt time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE approval_runs SET outcome = $2, ended_at = $3 WHERE workflow_id = $1 AND outcome IS NULL`,
		workflowID, outcome, endedAt)
	return mapErr(err)
}

// RecordDelegation stores a delegation once per key.
func (s *DB) RecordDelegation(ctx context.Context, principal, delegate int64, starts, ends time.Time, key string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO delegations (principal_id, delegate_id, starts_at, ends_at, idempotency_key)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (idempotency_key) DO NOTHING`, principal, delegate, starts, ends, key)
	return mapErr(err)
}

// CreateProgramOnce stores a program once per key and returns it.
func (s *DB) CreateProgramOnce(ctx context.Context, p policies.Program, key, workflowID string) (policies.Program, error) {
	const cols = `id, policy_id, unit_id, kind, title, partner, starts_on, ends_on, jp, target_participants, created_at`
	err := s.db.GetContext(ctx, &p, `INSERT INTO programs (policy_id, unit_id, kind, title, partner, starts_on, ends_on, jp, target_participants, idempotency_key, workflow_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (idempotency_key) DO NOTHING RETURNING `+cols,
		p.PolicyID, p.UnitID, p.Kind, p.Title, p.Partner, p.StartsOn, p.EndsOn, p.JP, p.TargetParticipants, key, workflowID)
	if errors.Is(err, sql.ErrNoRows) {
		err = s.db.GetContext(ctx, &p, `SELECT `+cols+` FROM programs WHERE idempotency_key = $1`, key)
	}
	if err != nil {
		return p, fmt.Errorf("postgres: program %q: %w", p.Title, mapErr(err))
	}
	return p, nil
}

// UnitOfficers returns the unit officers of a unit.
func (s *DB) UnitOfficers(ctx context.Context, unitID int64) ([]int64, error) {
	var ids []int64
	err := s.db.SelectContext(ctx, &ids, `SELECT id FROM users WHERE unit_id = $1 AND role = 'unit_officer' ORDER BY id`, unitID)
	return ids, mapErr(err)
}

// UnitHead returns who heads a unit, 0 when nobody is recorded.
func (s *DB) UnitHead(ctx context.Context, unitID int64) (int64, error) {
	var id int64
	err := s.db.GetContext(ctx, &id, `SELECT coalesce(head_user_id, 0) FROM units WHERE id = $1`, unitID)
	return id, mapErr(err)
}

// CreateRounds creates round number n for each unit, once, and returns them.
func (s *DB) CreateRounds(ctx context.Context, policyID int64, n int, due time.Time, unitIDs []int64) ([]policies.EvaluationRound, error) {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO evaluation_rounds (policy_id, unit_id, number, due_at)
		SELECT $1, unnest($2::bigint[]), $3, $4 ON CONFLICT (policy_id, unit_id, number) DO NOTHING`,
		policyID, pq.Array(unitIDs), n, due); err != nil {
		return nil, fmt.Errorf("postgres: policy %d: rounds %d: %w", policyID, n, mapErr(err))
	}
	return s.roundsByNumber(ctx, policyID, n, "")
}

func (s *DB) roundsByNumber(ctx context.Context, policyID int64, n int, status string) ([]policies.EvaluationRound, error) {
	var rs []policies.EvaluationRound
	err := s.db.SelectContext(ctx, &rs, `SELECT id, policy_id, unit_id, number, due_at, status, created_at
		FROM evaluation_rounds WHERE policy_id = $1 AND number = $2 AND ($3 = '' OR status = $3) ORDER BY unit_id`, policyID, n, status)
	return rs, mapErr(err)
}

// PendingRounds returns round n's rounds not yet submitted.
func (s *DB) PendingRounds(ctx context.Context, policyID int64, n int) ([]policies.EvaluationRound, error) {
	var rs []policies.EvaluationRound
	err := s.db.SelectContext(ctx, &rs, `SELECT id, policy_id, unit_id, number, due_at, status, created_at
		FROM evaluation_rounds WHERE policy_id = $1 AND number = $2 AND status IN ('pending','overdue') ORDER BY unit_id`, policyID, n)
	return rs, mapErr(err)
}

// MarkOverdue marks round n's unsubmitted rounds overdue and returns them
// (all of them again on a retry).
func (s *DB) MarkOverdue(ctx context.Context, policyID int64, n int) ([]policies.EvaluationRound, error) {
	if _, err := s.db.ExecContext(ctx, `UPDATE evaluation_rounds SET status = 'overdue'
		WHERE policy_id = $1 AND number = $2 AND status = 'pending'`, policyID, n); err != nil {
		return nil, mapErr(err)
	}
	return s.roundsByNumber(ctx, policyID, n, "overdue")
}

// RecordResult stores a unit's result for round n once per key and marks the round submitted.
func (s *DB) RecordResult(ctx context.Context, policyID, unitID int64, n int, r policies.EvaluationResult, key string) (policies.EvaluationResult, error) {
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var roundID int64
		if err := tx.GetContext(ctx, &roundID, `SELECT id FROM evaluation_rounds WHERE policy_id = $1 AND unit_id = $2 AND number = $3 FOR UPDATE`,
			policyID, unitID, n); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return policies.Errorf(policies.KindNotFound, "putaran evaluasi %d untuk unit %d tidak ditemukan", n, unitID)
			}
			return err
		}
		r.RoundID = roundID
		const cols = `id, round_id, instrument, data, score::float8 AS score, submitted_by, created_at`
		err := tx.GetContext(ctx, &r, `INSERT INTO evaluation_results (round_id, instrument, data, score, submitted_by, idempotency_key)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING RETURNING `+cols,
			roundID, r.Instrument, r.Data, r.Score, r.SubmittedBy, key)
		if errors.Is(err, sql.ErrNoRows) {
			err = tx.GetContext(ctx, &r, `SELECT `+cols+` FROM evaluation_results WHERE idempotency_key = $1`, key)
		}
		if err != nil {
			return mapErr(err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE evaluation_rounds SET status = 'submitted' WHERE id = $1`, roundID)
		return mapErr(err)
	})
	if err != nil {
		return r, fmt.Errorf("postgres: policy %d: result: %w", policyID, err)
	}
	return r, nil
}
