package postgres

import (
	"context"
	"fmt"

	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// CreateComment stores a comment on a version's section; with an
// idempotency key, a second call returns the comment stored the first time.
func (s *DB) CreateComment(ctx context.Context, c policies.Comment) (policies.Comment, error) {
	const cols = `id, policy_id, version_id, parent_id, section_anchor, author_id, author_name, author_email, body, status, created_at`
	var key *string
	if c.IdempotencyKey != "" {
		key = &c.IdempotencyKey
	}
	err := s.db.GetContext(ctx, &c, `WITH ins AS (INSERT INTO comments
		(policy_id, version_id, parent_id, section_anchor, author_id, author_name, author_email, body, status, idempotency_key)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce(nullif($9, ''), 'open'), $10)
		ON CONFLICT (idempotency_key) DO NOTHING RETURNING `+cols+`)
		SELECT `+cols+` FROM ins UNION ALL SELECT `+cols+` FROM comments WHERE $10::text IS NOT NULL AND idempotency_key = $10 LIMIT 1`,
		c.PolicyID, c.VersionID, c.ParentID, c.SectionID, c.AuthorID, c.AuthorName, c.AuthorEmail, c.Body, c.Status, key)
	if err != nil {
		return c, fmt.Errorf("postgres: policy %d: comment: %w", c.PolicyID, mapErr(err))
	}
	return c, nil
}

// Comments returns a policy's comments, oldest first.
func (s *DB) Comments(ctx context.Context, policyID int64) ([]policies.Comment, error) {
	var cs []policies.Comment
	err := s.db.SelectContext(ctx, &cs, `SELECT id, policy_id, version_id, parent_id, section_anchor, author_id,
		author_name, author_email, body, status, created_at FROM comments WHERE policy_id = $1 ORDER BY id`, policyID)
	return cs, mapErr(err)
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

// Decisions returns a policy's decisions, oldest first.
func (s *DB) Decisions(ctx context.Context, policyID int64) ([]policies.Decision, error) {
	var ds []policies.Decision
	err := s.db.SelectContext(ctx, &ds, `SELECT id, policy_id, version_id, stage_id, approval_run_id, decider_id, acting_for_id, decision,
		reason, sha256_approved, idempotency_key, created_at FROM decisions WHERE policy_id = $1 ORDER BY id`, policyID)
	return ds, mapErr(err)
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

// CreateProgram stores a training program.
func (s *DB) CreateProgram(ctx context.Context, p policies.Program) (policies.Program, error) {
	err := s.db.GetContext(ctx, &p, `INSERT INTO programs (policy_id, unit_id, kind, title, partner, starts_on, ends_on, jp, target_participants)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		RETURNING id, policy_id, unit_id, kind, title, partner, starts_on, ends_on, jp, target_participants, created_at`,
		p.PolicyID, p.UnitID, p.Kind, p.Title, p.Partner, p.StartsOn, p.EndsOn, p.JP, p.TargetParticipants)
	if err != nil {
		return p, fmt.Errorf("postgres: policy %d: program: %w", p.PolicyID, mapErr(err))
	}
	return p, nil
}

// ProgramCompletions returns each program of a policy with its enrolled,
// attended and completed participants, in one query.
func (s *DB) ProgramCompletions(ctx context.Context, policyID int64) ([]policies.ProgramCompletion, error) {
	var cs []policies.ProgramCompletion
	err := s.db.SelectContext(ctx, &cs, `SELECT pr.id AS program_id, pr.title, pr.kind, u.name AS unit_name, pr.starts_on, pr.ends_on,
			pr.jp, pr.target_participants, count(pa.id) AS enrolled,
			count(pa.id) FILTER (WHERE pa.attended) AS attended, count(pa.id) FILTER (WHERE pa.completed) AS completed
		FROM programs pr JOIN units u ON u.id = pr.unit_id LEFT JOIN participants pa ON pa.program_id = pr.id
		WHERE pr.policy_id = $1 GROUP BY pr.id, u.name ORDER BY pr.starts_on, pr.id`, policyID)
	if err != nil {
		return nil, fmt.Errorf("postgres: policy %d: program completions: %w", policyID, mapErr(err))
	}
	return cs, nil
}

// Programs returns a policy's programs by start date.
func (s *DB) Programs(ctx context.Context, policyID int64) ([]policies.Program, error) {
	var ps []policies.Program
	err := s.db.SelectContext(ctx, &ps, `SELECT id, policy_id, unit_id, kind, title, partner, starts_on, ends_on, jp,
		target_participants, created_at FROM programs WHERE policy_id = $1 ORDER BY starts_on, id`, policyID)
	return ps, mapErr(err)
}

// AddParticipant enrols a civil servant in a program.
func (s *DB) AddParticipant(ctx context.Context, p policies.Participant) (policies.Participant, error) {
	err := s.db.GetContext(ctx, &p, `INSERT INTO participants (program_id, nip, name, unit_id, attended, completed)
		VALUES ($1, $2, $3, $4, $5, $6)
		RETURNING id, program_id, nip, name, unit_id, attended, completed, created_at`,
		p.ProgramID, p.NIP, p.Name, p.UnitID, p.Attended, p.Completed)
	if err != nil {
		return p, fmt.Errorf("postgres: program %d: participant: %w", p.ProgramID, mapErr(err))
	}
	return p, nil
}

// Participants returns a program's participants by NIP.
func (s *DB) Participants(ctx context.Context, programID int64) ([]policies.Participant, error) {
	var ps []policies.Participant
	err := s.db.SelectContext(ctx, &ps, `SELECT id, program_id, nip, name, unit_id, attended, completed, created_at
		FROM participants WHERE program_id = $1 ORDER BY nip`, programID)
	return ps, mapErr(err)
}

// CreateEvaluationRound schedules a round for a unit.
func (s *DB) CreateEvaluationRound(ctx context.Context, r policies.EvaluationRound) (policies.EvaluationRound, error) {
	err := s.db.GetContext(ctx, &r, `INSERT INTO evaluation_rounds (policy_id, unit_id, number, due_at)
		VALUES ($1, $2, $3, $4) RETURNING id, policy_id, unit_id, number, due_at, status, created_at`,
		r.PolicyID, r.UnitID, r.Number, r.DueAt)
	if err != nil {
		return r, fmt.Errorf("postgres: policy %d: evaluation round: %w", r.PolicyID, mapErr(err))
	}
	return r, nil
}

// EvaluationRounds returns a policy's rounds in order.
func (s *DB) EvaluationRounds(ctx context.Context, policyID int64) ([]policies.EvaluationRound, error) {
	var rs []policies.EvaluationRound
	err := s.db.SelectContext(ctx, &rs, `SELECT id, policy_id, unit_id, number, due_at, status, created_at
		FROM evaluation_rounds WHERE policy_id = $1 ORDER BY number, unit_id`, policyID)
	return rs, mapErr(err)
}

// SaveEvaluationResult stores a unit's answers for a round and marks it submitted.
func (s *DB) SaveEvaluationResult(ctx context.Context, r policies.EvaluationResult) (policies.EvaluationResult, error) {
	err := s.db.GetContext(ctx, &r, `WITH res AS (
		INSERT INTO evaluation_results (round_id, instrument, data, score, submitted_by)
		VALUES ($1, $2, $3, $4, $5)
		RETURNING id, round_id, instrument, data, score, submitted_by, created_at),
		upd AS (UPDATE evaluation_rounds SET status = 'submitted' WHERE id = $1)
		SELECT * FROM res`,
		r.RoundID, r.Instrument, r.Data, r.Score, r.SubmittedBy)
	if err != nil {
		return r, fmt.Errorf("postgres: round %d: result: %w", r.RoundID, mapErr(err))
	}
	return r, nil
}

// EvaluationResults returns the results of a round.
func (s *DB) EvaluationResults(ctx context.Context, roundID int64) ([]policies.EvaluationResult, error) {
	var rs []policies.EvaluationResult
	err := s.db.SelectContext(ctx, &rs, `SELECT id, round_id, instrument, data, score, submitted_by, created_at
		FROM evaluation_results WHERE round_id = $1 ORDER BY instrument`, roundID)
	return rs, mapErr(err)
}

// EnqueueNotification writes a message to the outbox once per de-duplication
// key; it reports whether this call wrote it.
func (s *DB) EnqueueNotification(ctx context.Context, n policies.Notification) (bool, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO notifications (dedup_key, user_id, policy_id, kind, subject, body, link)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dedup_key) DO NOTHING`,
		n.DedupKey, n.UserID, n.PolicyID, n.Kind, n.Subject, n.Body, n.Link)
	if err != nil {
		return false, fmt.Errorf("postgres: notification %q: %w", n.DedupKey, mapErr(err))
	}
	k, _ := res.RowsAffected()
	return k == 1, nil
}

// Notifications returns a user's notifications, newest first.
func (s *DB) Notifications(ctx context.Context, userID int64) ([]policies.Notification, error) {
	var ns []policies.Notification
	err := s.db.SelectContext(ctx, &ns, `SELECT id, dedup_key, user_id, policy_id, kind, subject, body, link,
		created_at, delivered_at, read_at FROM notifications WHERE user_id = $1 ORDER BY id DESC`, userID)
	return ns, mapErr(err)
}

// AuditLog returns a policy's audit history, oldest first.
func (s *DB) AuditLog(ctx context.Context, policyID int64) ([]policies.AuditEntry, error) {
	var es []policies.AuditEntry
	err := s.db.SelectContext(ctx, &es, `SELECT id, policy_id, version_id, actor_id, action, detail, created_at
		FROM audit_log WHERE policy_id = $1 ORDER BY id`, policyID)
	return es, mapErr(err)
}
