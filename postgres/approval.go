package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// StartApprovalRun records an approval run once per workflow ID and returns
// it with the chain it follows.
func (s *DB) StartApprovalRun(ctx context.Context, r policies.ApprovalRun) (policies.ApprovalRun, policies.ApprovalChain, error) {
	var chainID int64
	err := s.q.GetContext(ctx, &chainID, `SELECT coalesce(chain_id, 0) FROM policies WHERE id = $1`, r.PolicyID)
	if err != nil {
		return r, policies.ApprovalChain{}, fmt.Errorf("postgres: policy %d: %w", r.PolicyID, mapErr(err))
	}
	if chainID == 0 {
		return r, policies.ApprovalChain{}, policies.Errorf(policies.KindInvalid, "kebijakan %d belum memiliki rantai persetujuan", r.PolicyID)
	}
	err = s.q.GetContext(ctx, &r.ID, `INSERT INTO approval_runs (policy_id, version_id, sha256, workflow_id, submitted_by, started_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (workflow_id) DO NOTHING RETURNING id`,
		r.PolicyID, r.VersionID, r.SHA256, r.WorkflowID, r.SubmittedBy, r.StartedAt)
	if errors.Is(err, sql.ErrNoRows) {
		err = s.q.GetContext(ctx, &r.ID, `SELECT id FROM approval_runs WHERE workflow_id = $1`, r.WorkflowID)
	}
	if err != nil {
		return r, policies.ApprovalChain{}, fmt.Errorf("postgres: approval run %s: %w", r.WorkflowID, mapErr(err))
	}
	chain, err := s.ApprovalChain(ctx, chainID)
	return r, chain, err
}

// EndApprovalRun records a run's outcome (the first one recorded stands)
// and returns the run's policy, 0 for no such run. It joins the
// transaction ctx carries (DecideAndEnd).
func (s *DB) EndApprovalRun(ctx context.Context, workflowID, outcome string, endedAt time.Time) (int64, error) {
	var policyID int64
	err := sqlx.GetContext(ctx, s.writer(ctx), &policyID, `WITH ended AS (
		UPDATE approval_runs SET outcome = $2, ended_at = $3 WHERE workflow_id = $1 AND outcome IS NULL RETURNING id)
		SELECT policy_id FROM approval_runs WHERE workflow_id = $1`, workflowID, outcome, endedAt)
	if err = mapErr(err); policies.IsKind(err, policies.KindNotFound) {
		return 0, nil
	}
	return policyID, err
}

// DecideAndEnd records the decision that ends run workflowID, the policy's
// move to the run's outcome (move) and the outcome, in one transaction: the
// last decision's three writes commit together, in the order of their
// single writes (RecordDecision, SetStatus, EndApprovalRun). A retry finds
// each done and returns the decision stored.
func (s *DB) DecideAndEnd(ctx context.Context, d policies.Decision, move policies.StatusChange, workflowID, outcome string, endedAt time.Time) (policies.Decision, error) {
	var out policies.Decision
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		jctx := context.WithValue(ctx, joinedTx{}, tx)
		var err error
		if out, err = s.RecordDecision(jctx, d); err != nil {
			return err
		}
		if err := s.SetStatus(jctx, move); err != nil {
			return err
		}
		_, err = s.EndApprovalRun(jctx, workflowID, outcome, endedAt)
		return err
	})
	return out, err
}

// RecordDecision stores a decision once per idempotency key: a retry with
// the same key returns the row already stored instead of writing another.
func (s *DB) RecordDecision(ctx context.Context, d policies.Decision) (policies.Decision, error) {
	const cols = `id, policy_id, version_id, stage_id, approval_run_id, decider_id, acting_for_id, coalesce(acting_kind, '') AS acting_kind, decision, reason, sha256_approved, idempotency_key, created_at`
	var out policies.Decision
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &out, `INSERT INTO decisions (policy_id, version_id, stage_id, decider_id, acting_for_id, decision, reason,
				sha256_approved, idempotency_key, approval_run_id, acting_kind)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, nullif($11, ''))
			ON CONFLICT (idempotency_key) DO NOTHING RETURNING `+cols,
			d.PolicyID, d.VersionID, d.StageID, d.DeciderID, d.ActingForID, d.Decision, d.Reason, d.SHA256Approved, d.IdempotencyKey, d.ApprovalRunID, string(d.ActingKind))
		if errors.Is(err, sql.ErrNoRows) { // recorded and audited the first time
			return mapErr(tx.GetContext(ctx, &out, `SELECT `+cols+` FROM decisions WHERE idempotency_key = $1`, d.IdempotencyKey))
		}
		if err != nil {
			return mapErr(err)
		}
		after := map[string]string{"reason": out.Reason}
		if out.ActingKind != "" {
			after["acting"] = string(out.ActingKind)
		}
		return auditAdmin(ctx, tx, policies.AdminChange{PolicyID: out.PolicyID, VersionID: out.VersionID, ActorID: out.DeciderID,
			Action: "decision." + out.Decision, Subject: fmt.Sprintf("stage:%d", out.StageID), After: after})
	})
	if err != nil {
		return out, fmt.Errorf("postgres: policy %d: decision: %w", d.PolicyID, err)
	}
	return out, nil
}

// RecordDelegation stores a delegation once per key, audited on the
// policy whose approval it is made in, as the principal's.
func (s *DB) RecordDelegation(ctx context.Context, policyID, principal, delegate int64, starts, ends time.Time, key string) error {
	return s.Transact(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO delegations (principal_id, delegate_id, starts_at, ends_at, idempotency_key)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (idempotency_key) DO NOTHING`, principal, delegate, starts, ends, key)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // recorded and audited the first time
		}
		return auditAdmin(ctx, tx, policies.AdminChange{PolicyID: policyID, ActorID: principal, Action: string(policies.ActDelegate),
			Subject: fmt.Sprintf("user:%d", delegate), After: map[string]time.Time{"ends_at": ends}})
	})
}

// ApprovalChain returns a chain with its stages in order and their approvers.
func (s *DB) ApprovalChain(ctx context.Context, id int64) (policies.ApprovalChain, error) {
	var c policies.ApprovalChain
	q := s.reader(ctx)
	if err := sqlx.GetContext(ctx, q, &c, `SELECT `+chainColumns+` FROM approval_chains WHERE id = $1`, id); err != nil {
		return c, fmt.Errorf("postgres: approval chain %d: %w", id, mapErr(err))
	}
	rows, err := q.QueryxContext(ctx, `SELECT s.id, s.chain_id, s.position, s.name, s.quorum, s.quorum_n, s.sla_days,
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

// LatestApprovalRun returns a policy's status and its latest approval run
// (by the index on policy_id, id): the lifecycle client's way to the run a
// decision goes to.
func (s *DB) LatestApprovalRun(ctx context.Context, policyID int64) (policies.LatestApprovalRun, error) {
	var r policies.LatestApprovalRun
	err := s.q.GetContext(ctx, &r, `SELECT p.status, coalesce(a.workflow_id, '') AS workflow_id, coalesce(a.outcome, '') AS outcome
		FROM policies p
		LEFT JOIN LATERAL (SELECT workflow_id, outcome FROM approval_runs WHERE policy_id = p.id ORDER BY id DESC LIMIT 1) a ON true
		WHERE p.id = $1`, policyID)
	if err != nil {
		return r, fmt.Errorf("postgres: policy %d: latest approval run: %w", policyID, mapErr(err))
	}
	return r, nil
}

// ApprovalRuns returns a policy's approval runs, oldest first.
func (s *DB) ApprovalRuns(ctx context.Context, policyID int64) ([]policies.ApprovalRunRecord, error) {
	return policyRows[policies.ApprovalRunRecord](ctx, s, "approval runs", `SELECT a.id, a.workflow_id, v.number AS version_number, a.sha256,
		u.name AS submitted_by, a.started_at, a.ended_at, a.outcome
		FROM approval_runs a
		JOIN policy_versions v ON v.id = a.version_id
		JOIN users u ON u.id = a.submitted_by
		WHERE a.policy_id = $1 ORDER BY a.id`, policyID)
}

// DecisionRecords returns a policy's decisions with stage and people's names, oldest first.
func (s *DB) DecisionRecords(ctx context.Context, policyID int64) ([]policies.DecisionRecord, error) {
	ds := []policies.DecisionRecord{}
	err := s.q.SelectContext(ctx, &ds, `SELECT d.id, d.approval_run_id, st.position AS stage_position, st.name AS stage_name,
		u.name AS decider, af.name AS acting_for, d.acting_kind, af.title AS acting_for_title, d.decision, d.reason, d.sha256_approved, d.created_at
		FROM decisions d
		JOIN approval_stages st ON st.id = d.stage_id
		JOIN users u ON u.id = d.decider_id
		LEFT JOIN users af ON af.id = d.acting_for_id
		WHERE d.policy_id = $1 ORDER BY d.id`, policyID)
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: decisions: %w", policyID, mapErr(err))
	}
	for i := range ds {
		ds[i].SetActingAs()
	}
	return ds, nil
}

const chainColumns = `id, region_id, name, created_at, lineage_id, version, superseded_by`

// ApprovalChains lists a region's current chains (no superseded version)
// by name, with their stages.
func (s *DB) ApprovalChains(ctx context.Context, regionID int64) ([]policies.ApprovalChain, error) {
	var ids []int64
	if err := s.q.SelectContext(ctx, &ids, `SELECT id FROM approval_chains WHERE region_id = $1 AND superseded_by IS NULL ORDER BY name, id`, regionID); err != nil {
		return nil, fmt.Errorf("postgres: region %d: approval chains: %w", regionID, mapErr(err))
	}
	cs := make([]policies.ApprovalChain, 0, len(ids))
	for _, id := range ids {
		c, err := s.ApprovalChain(ctx, id)
		if err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	return cs, nil
}

// RegionApprovalChain returns one chain of the region, any version; another
// region's chain is not found.
func (s *DB) RegionApprovalChain(ctx context.Context, regionID, chainID int64) (policies.ApprovalChain, error) {
	c, err := s.ApprovalChain(ctx, chainID)
	if err == nil && c.RegionID != regionID {
		err = policies.Errorf(policies.KindNotFound, "rantai persetujuan %d tidak ditemukan", chainID)
	}
	return c, err
}

// CreateApprovalChain writes a new chain, audited.
func (s *DB) CreateApprovalChain(ctx context.Context, regionID, actorID int64, in policies.ChainInput) (policies.ApprovalChain, error) {
	var id int64
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if err := checkChainPeople(ctx, tx, regionID, in); err != nil {
			return err
		}
		if err := tx.GetContext(ctx, &id, `INSERT INTO approval_chains (region_id, name) VALUES ($1, $2) RETURNING id`, regionID, in.Name); err != nil {
			return chainNameErr(err)
		}
		if err := insertStages(ctx, tx, id, in); err != nil {
			return err
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "chain.created",
			Subject: fmt.Sprintf("chain:%d", id), After: in})
	})
	if err != nil {
		return policies.ApprovalChain{}, err
	}
	return s.ApprovalChain(ctx, id)
}

// UpdateApprovalChain edits a chain. One no approval run has followed is
// edited in place; one that a run follows or followed is versioned: a new
// row (version+1, same lineage, same name) takes the stages, the policies
// that followed the old version follow the new one from their next
// submission, and the old version's stages stay for the runs that loaded
// them (a run reads its chain once, when it starts: StartApprovalRun).
func (s *DB) UpdateApprovalChain(ctx context.Context, regionID, actorID, chainID int64, in policies.ChainInput) (policies.ApprovalChain, error) {
	before, err := s.RegionApprovalChain(ctx, regionID, chainID)
	if err != nil {
		return before, err
	}
	id := chainID
	err = s.Transact(ctx, func(tx *sqlx.Tx) error {
		var cur policies.ApprovalChain
		// The lock orders concurrent edits of one chain.
		if err := tx.GetContext(ctx, &cur, `SELECT `+chainColumns+` FROM approval_chains WHERE id = $1 AND region_id = $2 FOR UPDATE`, chainID, regionID); err != nil {
			return mapErr(err)
		}
		if cur.SupersededBy != nil {
			return policies.Errorf(policies.KindConflict, "rantai ini sudah diganti versi yang lebih baru (%d); ubah versi terbaru", *cur.SupersededBy)
		}
		if err := checkChainPeople(ctx, tx, regionID, in); err != nil {
			return err
		}
		var used bool
		// Used: a run of a policy that follows the chain, or a decision on one of its stages.
		if err := tx.GetContext(ctx, &used, `SELECT EXISTS (SELECT 1 FROM approval_runs r JOIN policies p ON p.id = r.policy_id WHERE p.chain_id = $1)
			OR EXISTS (SELECT 1 FROM decisions d JOIN approval_stages st ON st.id = d.stage_id WHERE st.chain_id = $1)`, chainID); err != nil {
			return mapErr(err)
		}
		action := "chain.updated"
		if used {
			action = "chain.versioned"
			// The old version gives up its name first (only current versions hold one).
			if _, err := tx.ExecContext(ctx, `UPDATE approval_chains SET superseded_by = id WHERE id = $1`, chainID); err != nil {
				return mapErr(err)
			}
			if err := tx.GetContext(ctx, &id, `INSERT INTO approval_chains (region_id, name, lineage_id, version) VALUES ($1, $2, $3, $4) RETURNING id`,
				regionID, in.Name, cur.LineageID, cur.Version+1); err != nil {
				return chainNameErr(err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE approval_chains SET superseded_by = $2 WHERE id = $1`, chainID, id); err != nil {
				return mapErr(err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE policies SET chain_id = $2 WHERE chain_id = $1`, chainID, id); err != nil {
				return mapErr(err)
			}
		} else {
			if _, err := tx.ExecContext(ctx, `UPDATE approval_chains SET name = $2 WHERE id = $1`, chainID, in.Name); err != nil {
				return chainNameErr(err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM approval_stages WHERE chain_id = $1`, chainID); err != nil {
				return mapErr(err)
			}
		}
		if err := insertStages(ctx, tx, id, in); err != nil {
			return err
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: action,
			Subject: fmt.Sprintf("chain:%d", id), Before: before, After: in})
	})
	if err != nil {
		return policies.ApprovalChain{}, err
	}
	return s.ApprovalChain(ctx, id)
}

func chainNameErr(err error) error {
	err = mapErr(err)
	if policies.IsKind(err, policies.KindConflict) {
		return &policies.Error{Kind: policies.KindInvalid, Field: "name", Message: "nama rantai sudah dipakai rantai lain di wilayah ini", Err: err}
	}
	return err
}

// checkChainPeople refuses approvers who are not leaders of the region (only
// leaders may approve) and superiors who are not of the region, naming the field.
func checkChainPeople(ctx context.Context, tx *sqlx.Tx, regionID int64, in policies.ChainInput) error {
	for i, st := range in.Stages {
		var n int
		if err := tx.GetContext(ctx, &n, `SELECT count(*) FROM users WHERE id = ANY($1) AND region_id = $2 AND role = 'leader'`,
			pq.Int64Array(st.ApproverIDs), regionID); err != nil {
			return mapErr(err)
		}
		if n != len(st.ApproverIDs) {
			return policies.FieldError(fmt.Sprintf("stages[%d].approver_ids", i), "tahap %d: setiap penyetuju harus pimpinan di wilayah ini", i+1)
		}
		if st.SuperiorID != 0 {
			if err := tx.GetContext(ctx, &n, `SELECT count(*) FROM users WHERE id = $1 AND region_id = $2`, st.SuperiorID, regionID); err != nil {
				return mapErr(err)
			}
			if n != 1 {
				return policies.FieldError(fmt.Sprintf("stages[%d].superior_id", i), "tahap %d: atasan harus orang di wilayah ini", i+1)
			}
		}
	}
	return nil
}

func insertStages(ctx context.Context, tx *sqlx.Tx, chainID int64, in policies.ChainInput) error {
	for i, st := range in.Stages {
		var stageID int64
		var superior *int64
		if st.SuperiorID != 0 {
			superior = &st.SuperiorID
		}
		if err := tx.GetContext(ctx, &stageID, `INSERT INTO approval_stages (chain_id, position, name, quorum, quorum_n, sla_days, escalation_days, superior_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			chainID, i+1, st.Name, st.Quorum, st.QuorumN, st.SLADays, st.EscalationDays, superior); err != nil {
			return mapErr(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO stage_approvers (stage_id, user_id) SELECT $1, unnest($2::bigint[])`,
			stageID, pq.Int64Array(st.ApproverIDs)); err != nil {
			return mapErr(err)
		}
	}
	return nil
}
