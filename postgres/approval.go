package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

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

// RecordDecision stores a decision once per idempotency key: a retry with
// the same key returns the row already stored instead of writing another.
func (s *DB) RecordDecision(ctx context.Context, d policies.Decision) (policies.Decision, error) {
	const cols = `id, policy_id, version_id, stage_id, approval_run_id, decider_id, acting_for_id, decision, reason, sha256_approved, idempotency_key, created_at`
	var out policies.Decision
	err := s.db.GetContext(ctx, &out, `WITH ins AS (
		INSERT INTO decisions (policy_id, version_id, stage_id, decider_id, acting_for_id, decision, reason, sha256_approved, idempotency_key, approval_run_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (idempotency_key) DO NOTHING RETURNING `+cols+`)
		SELECT `+cols+` FROM ins UNION ALL SELECT `+cols+` FROM decisions WHERE idempotency_key = $9 LIMIT 1`,
		d.PolicyID, d.VersionID, d.StageID, d.DeciderID, d.ActingForID, d.Decision, d.Reason, d.SHA256Approved, d.IdempotencyKey, d.ApprovalRunID)
	if err != nil {
		return out, fmt.Errorf("postgres: policy %d: decision: %w", d.PolicyID, mapErr(err))
	}
	return out, nil
}

// RecordDelegation stores a delegation once per key.
func (s *DB) RecordDelegation(ctx context.Context, principal, delegate int64, starts, ends time.Time, key string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO delegations (principal_id, delegate_id, starts_at, ends_at, idempotency_key)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (idempotency_key) DO NOTHING`, principal, delegate, starts, ends, key)
	return mapErr(err)
}

// ApprovalChain returns a chain with its stages in order and their approvers.
func (s *DB) ApprovalChain(ctx context.Context, id int64) (policies.ApprovalChain, error) {
	var c policies.ApprovalChain
	if err := s.db.GetContext(ctx, &c, `SELECT id, region_id, name, created_at FROM approval_chains WHERE id = $1`, id); err != nil {
		return c, fmt.Errorf("postgres: approval chain %d: %w", id, mapErr(err))
	}
	rows, err := s.db.QueryxContext(ctx, `SELECT s.id, s.chain_id, s.position, s.name, s.quorum, s.quorum_n, s.sla_days,
		s.escalation_days, coalesce(s.superior_id, 0), coalesce(array_agg(a.user_id ORDER BY a.user_id) FILTER (WHERE a.user_id IS NOT NULL), '{}')
		FROM approval_stages s LEFT JOIN stage_approvers a ON a.stage_id = s.id
		WHERE s.chain_id = $1 GROUP BY s.id ORDER BY s.position`, id)
	if err != nil {
		return c, fmt.Errorf("postgres: approval chain %d: %w", id, mapErr(err))
	}
	defer rows.Close()
	for rows.Next() {
		var st policies.ApprovalStage
		var ids pq.Int64Array
		if err := rows.Scan(&st.ID, &st.ChainID, &st.Position, &st.Name, &st.Quorum, &st.QuorumN, &st.SLADays, &st.EscalationDays, &st.SuperiorID, &ids); err != nil {
			return c, fmt.Errorf("postgres: approval chain %d: %w", id, err)
		}
		st.ApproverIDs = ids
		c.Stages = append(c.Stages, st)
	}
	return c, rows.Err()
}

// ApprovalRuns returns a policy's approval runs, oldest first.
func (s *DB) ApprovalRuns(ctx context.Context, policyID int64) ([]policies.ApprovalRunRecord, error) {
	rs := []policies.ApprovalRunRecord{}
	err := s.db.SelectContext(ctx, &rs, `SELECT a.id, a.workflow_id, v.number AS version_number, a.sha256,
		u.name AS submitted_by, a.started_at, a.ended_at, a.outcome
		FROM approval_runs a
		JOIN policy_versions v ON v.id = a.version_id
		JOIN users u ON u.id = a.submitted_by
		WHERE a.policy_id = $1 ORDER BY a.id`, policyID)
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: approval runs: %w", policyID, mapErr(err))
	}
	return rs, nil
}

// DecisionRecords returns a policy's decisions with stage and people's names, oldest first.
func (s *DB) DecisionRecords(ctx context.Context, policyID int64) ([]policies.DecisionRecord, error) {
	ds := []policies.DecisionRecord{}
	err := s.db.SelectContext(ctx, &ds, `SELECT d.id, d.approval_run_id, st.position AS stage_position, st.name AS stage_name,
		u.name AS decider, af.name AS acting_for, d.decision, d.reason, d.sha256_approved, d.created_at
		FROM decisions d
		JOIN approval_stages st ON st.id = d.stage_id
		JOIN users u ON u.id = d.decider_id
		LEFT JOIN users af ON af.id = d.acting_for_id
		WHERE d.policy_id = $1 ORDER BY d.id`, policyID)
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: decisions: %w", policyID, mapErr(err))
	}
	return ds, nil
}
