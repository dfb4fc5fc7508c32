package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// consultationCommentIDs is the ids of the comments of consultation $1: the
// visible top-level comments made on its version while it ran, and the
// input entered offline for it.
const consultationCommentIDs = `(
	SELECT cm.id FROM comments cm JOIN consultations k ON k.id = $1
	WHERE cm.policy_id = k.policy_id AND cm.version_id = k.version_id AND cm.parent_id IS NULL
		AND cm.status IN ('open','resolved')
		AND cm.created_at >= k.opened_at AND cm.created_at <= coalesce(k.closed_at, now())
	UNION
	SELECT o.comment_id FROM offline_inputs o JOIN comments cm ON cm.id = o.comment_id
	WHERE o.consultation_id = $1 AND cm.status IN ('open','resolved'))`

type answeredRow struct {
	policies.Comment
	Group       policies.GroupKind    `db:"grp"`
	Channel     *policies.Channel     `db:"channel"`
	ReceivedOn  *time.Time            `db:"received_on"`
	Disposition *policies.Disposition `db:"disposition"`
	Reason      *string               `db:"reason"`
	DraftedBy   *int64                `db:"drafted_by"`
	DraftedAt   *time.Time            `db:"drafted_at"`
	PublishedAt *time.Time            `db:"published_at"`
}

// ConsultationComments returns the consultation's comments, oldest first,
// each with its answer (drafts too when drafts is true).
func (s *DB) ConsultationComments(ctx context.Context, consultationID int64, drafts bool) ([]policies.AnsweredComment, error) {
	var rows []answeredRow
	err := s.q.SelectContext(ctx, &rows, `SELECT c.id, c.policy_id, c.version_id, c.parent_id, c.section_anchor, c.author_id,
			c.author_name, c.author_email, c.body, c.status, c.created_at,
			CASE WHEN o.comment_id IS NOT NULL THEN 'other'
				ELSE coalesce((SELECT g.kind FROM stakeholder_group_members m JOIN stakeholder_groups g ON g.id = m.group_id
					WHERE m.user_id = c.author_id AND g.region_id = p.region_id ORDER BY g.id LIMIT 1),
				CASE WHEN u.id IS NULL OR u.region_id IS DISTINCT FROM p.region_id THEN 'masyarakat'
					WHEN u.role = 'stakeholder' THEN 'other' ELSE 'opd' END) END AS grp,
			o.channel, o.received_on,
			a.disposition, a.reason, a.drafted_by, a.drafted_at, a.published_at
		FROM comments c
		JOIN policies p ON p.id = c.policy_id
		LEFT JOIN users u ON u.id = c.author_id
		LEFT JOIN offline_inputs o ON o.comment_id = c.id
		LEFT JOIN comment_answers a ON a.comment_id = c.id AND a.consultation_id = $1 AND ($2 OR a.published_at IS NOT NULL)
		WHERE c.id IN `+consultationCommentIDs+`
		ORDER BY c.id`, consultationID, drafts)
	if err != nil {
		return nil, fmt.Errorf("postgres: consultation %d: comments: %w", consultationID, mapErr(err))
	}
	out := make([]policies.AnsweredComment, 0, len(rows))
	for _, r := range rows {
		ac := policies.AnsweredComment{Comment: r.Comment, Group: r.Group}
		if r.Channel != nil && r.ReceivedOn != nil {
			ac.Offline = &policies.Offline{Channel: *r.Channel, ReceivedOn: *r.ReceivedOn}
		}
		if r.Disposition != nil {
			ac.Answer = &policies.Answer{CommentID: r.ID, ConsultationID: consultationID, Disposition: *r.Disposition,
				Reason: *r.Reason, DraftedBy: *r.DraftedBy, DraftedAt: *r.DraftedAt, PublishedAt: r.PublishedAt}
		}
		out = append(out, ac)
	}
	return out, nil
}

const answerColumns = `comment_id, consultation_id, disposition, reason, drafted_by, drafted_at, published_at`

// DraftAnswer records or replaces the draft answer to a comment of the
// consultation; a published answer is not changed (conflict).
func (s *DB) DraftAnswer(ctx context.Context, consultationID, by int64, in policies.AnswerInput) (policies.Answer, error) {
	var a policies.Answer
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var ok bool
		if err := tx.GetContext(ctx, &ok, `SELECT $2::bigint IN `+consultationCommentIDs, consultationID, in.CommentID); err != nil {
			return mapErr(err)
		}
		if !ok {
			return policies.FieldError("comment_id", "komentar %d bukan komentar konsultasi ini", in.CommentID)
		}
		var before *policies.Answer
		var was policies.Answer
		err := tx.GetContext(ctx, &was, `SELECT `+answerColumns+` FROM comment_answers WHERE comment_id = $1 FOR UPDATE`, in.CommentID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return mapErr(err)
		case was.PublishedAt != nil:
			return policies.Errorf(policies.KindConflict, "jawaban komentar ini sudah diterbitkan dan tidak dapat diubah")
		default:
			before = &was
		}
		if err := tx.GetContext(ctx, &a, `INSERT INTO comment_answers (comment_id, consultation_id, disposition, reason, drafted_by)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (comment_id) DO UPDATE SET disposition = excluded.disposition, reason = excluded.reason,
				drafted_by = excluded.drafted_by, drafted_at = now()
			RETURNING `+answerColumns, in.CommentID, consultationID, in.Disposition, in.Reason, by); err != nil {
			return mapErr(err)
		}
		return auditAnswer(ctx, tx, in.CommentID, by, "answer.drafted", answerOf(before), answerOf(&a))
	})
	if err != nil {
		return a, fmt.Errorf("postgres: consultation %d: answer comment %d: %w", consultationID, in.CommentID, err)
	}
	return a, nil
}

// PublishAnswers publishes every draft answer of the consultation at once.
func (s *DB) PublishAnswers(ctx context.Context, consultationID, by int64) (int, error) {
	var n int
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var ids []int64
		if err := tx.SelectContext(ctx, &ids, `UPDATE comment_answers SET published_at = now(), published_by = $2
			WHERE consultation_id = $1 AND published_at IS NULL RETURNING comment_id`, consultationID, by); err != nil {
			return mapErr(err)
		}
		if n = len(ids); n == 0 {
			return nil
		}
		return auditConsultation(ctx, tx, consultationID, by, "answers.published", "", map[string]int{"answers": n})
	})
	if err != nil {
		return 0, fmt.Errorf("postgres: consultation %d: publish answers: %w", consultationID, err)
	}
	return n, nil
}

// CreateOfflineInput stores offline input as a comment of the consultation
// with its channel, source and date, in one transaction.
func (s *DB) CreateOfflineInput(ctx context.Context, consultationID, by int64, in policies.OfflineInput, receivedOn time.Time, key string) (policies.AnsweredComment, error) {
	var ac policies.AnsweredComment
	var idem *string
	if key != "" {
		idem = &key
	}
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if idem != nil {
			err := tx.GetContext(ctx, &ac.Comment, `SELECT `+commentColumns+` FROM comments WHERE idempotency_key = $1`, key)
			if err == nil {
				return nil // stored the first time
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return mapErr(err)
			}
		}
		if err := tx.GetContext(ctx, &ac.Comment, `INSERT INTO comments (policy_id, version_id, section_anchor, author_name, author_email, body, status, idempotency_key)
			SELECT k.policy_id, k.version_id, $2, $3, '', $4, 'open', $5 FROM consultations k WHERE k.id = $1
			RETURNING `+commentColumns, consultationID, in.Section, in.SourceName, in.Body, idem); err != nil {
			return mapErr(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO offline_inputs (comment_id, consultation_id, channel, received_on, entered_by)
			VALUES ($1, $2, $3, $4, $5)`, ac.ID, consultationID, in.Channel, receivedOn, by); err != nil {
			return mapErr(err)
		}
		return auditComment(ctx, tx, ac.Comment, by, "offline_input.entered", nil,
			map[string]string{"channel": string(in.Channel), "received_on": receivedOn.Format(time.DateOnly)})
	})
	if err != nil {
		return ac, fmt.Errorf("postgres: consultation %d: offline input: %w", consultationID, err)
	}
	ac.Group = policies.GroupOther
	ac.Offline = &policies.Offline{Channel: in.Channel, ReceivedOn: receivedOn}
	return ac, nil
}

// RecordUnansweredReason keeps why comments went unanswered.
func (s *DB) RecordUnansweredReason(ctx context.Context, r policies.UnansweredReason) error {
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO unanswered_reasons (consultation_id, reason, unanswered, recorded_by) VALUES ($1, $2, $3, $4)`,
			r.ConsultationID, r.Reason, r.Unanswered, r.RecordedBy); err != nil {
			return mapErr(err)
		}
		return auditConsultation(ctx, tx, r.ConsultationID, r.RecordedBy, "answers.unanswered_reason", "",
			map[string]any{"reason": r.Reason, "unanswered": r.Unanswered})
	})
	if err != nil {
		return fmt.Errorf("postgres: consultation %d: unanswered reason: %w", r.ConsultationID, err)
	}
	return nil
}

// LatestUnansweredReason returns the consultation's latest reason, nil when none.
func (s *DB) LatestUnansweredReason(ctx context.Context, consultationID int64) (*policies.UnansweredReason, error) {
	var r policies.UnansweredReason
	err := s.q.GetContext(ctx, &r, `SELECT consultation_id, reason, unanswered, recorded_by, recorded_at
		FROM unanswered_reasons WHERE consultation_id = $1 ORDER BY id DESC LIMIT 1`, consultationID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: consultation %d: unanswered reason: %w", consultationID, mapErr(err))
	}
	return &r, nil
}

// SubmittedVersion is the number of the version first submitted for
// approval after the consultation opened; 0 when none yet.
func (s *DB) SubmittedVersion(ctx context.Context, consultationID int64) (int, error) {
	var n int
	err := s.q.GetContext(ctx, &n, `SELECT coalesce((SELECT v.number FROM approval_runs r
			JOIN consultations k ON k.id = $1 AND r.policy_id = k.policy_id AND r.started_at >= k.opened_at
			JOIN policy_versions v ON v.id = r.version_id
			ORDER BY r.id LIMIT 1), 0)`, consultationID)
	if err != nil {
		return 0, fmt.Errorf("postgres: consultation %d: submitted version: %w", consultationID, mapErr(err))
	}
	return n, nil
}
