package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// Kirkpatrick levels 1 and 2 of a program: reaction links (the token's
// hash kept, one answer each) and their answers, kept per program without
// the participant; pre- and post-test scores per participant.

// IssueReactionLinks stores the links of participants of the program who
// are completed, not removed and have none yet; it returns whose it stored.
func (s *DB) IssueReactionLinks(ctx context.Context, programID, actorID int64, links []policies.NewReactionLink) ([]int64, error) {
	return s.issueLinks(ctx, reactionLinks, programID, actorID, links)
}

// ReactionStatuses lists the program's completed, not removed participants
// with their link's state.
func (s *DB) ReactionStatuses(ctx context.Context, programID int64) ([]policies.ReactionStatus, error) {
	return s.linkStatuses(ctx, reactionLinks, programID)
}

// ReactionLinkByHash reads a link by its token's hash.
func (s *DB) ReactionLinkByHash(ctx context.Context, tokenHash string) (policies.ReactionLink, error) {
	l, err := s.linkByHash(ctx, reactionLinks, tokenHash)
	return l.ReactionLink, err
}

// Refusals of a survey link that cannot be answered (any more).
var (
	ErrReactionAnswered = policies.Errorf(policies.KindConflict, "formulir ini sudah diisi; setiap tautan hanya dapat diisi sekali")
	ErrReactionExpired  = policies.Errorf(policies.KindConflict, "tautan ini sudah kedaluwarsa")
)

// AnswerReaction records a link's one answer. The answer keeps the
// program, not the participant; the audit row names the program only.
func (s *DB) AnswerReaction(ctx context.Context, tokenHash string, a policies.ReactionAnswer) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return s.answerLink(ctx, reactionLinks, tokenHash, func(tx *sqlx.Tx, programID int64) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO reaction_answers (program_id, scores) VALUES ($1, $2)`, programID, pq.Array(a.Scores))
		return err
	})
}

// ReactionAnswers are the program's answers.
func (s *DB) ReactionAnswers(ctx context.Context, programID int64) ([]policies.ReactionAnswer, error) {
	var rows []pq.Int64Array
	if err := s.q.SelectContext(ctx, &rows, `SELECT scores FROM reaction_answers WHERE program_id = $1 ORDER BY id`, programID); err != nil {
		return nil, fmt.Errorf("postgres: program %d: reaction answers: %w", programID, mapErr(err))
	}
	out := make([]policies.ReactionAnswer, len(rows))
	for i, r := range rows {
		for _, v := range r {
			out[i].Scores = append(out[i].Scores, int(v))
		}
	}
	return out, nil
}

// SaveLearningScores records test scores of the program's participants
// (all or none); each change is audited with its before.
func (s *DB) SaveLearningScores(ctx context.Context, programID, actorID int64, ss []policies.LearningScore) (int, error) {
	changed := 0
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		prog, err := programForUpdate(ctx, tx, programID)
		if err != nil {
			return err
		}
		if err := policies.CheckLearningOpen(prog.Status); err != nil {
			return err
		}
		for _, x := range ss {
			if err := policies.ValidateTestScore("pre", x.Pre); err != nil {
				return err
			}
			if err := policies.ValidateTestScore("post", x.Post); err != nil {
				return err
			}
			var removed bool
			if err := tx.GetContext(ctx, &removed, `SELECT removed_at IS NOT NULL FROM participants WHERE id = $1 AND program_id = $2`,
				x.ParticipantID, programID); err != nil {
				return fmt.Errorf("postgres: test score of participant %d: %w", x.ParticipantID, notFound(err, "peserta tidak ditemukan"))
			}
			if removed {
				return policies.Errorf(policies.KindConflict, "peserta #%d sudah dikeluarkan dari program", x.ParticipantID)
			}
			var before []policies.LearningScore
			if err := tx.SelectContext(ctx, &before, `SELECT participant_id, pre_score, post_score FROM learning_scores WHERE participant_id = $1`, x.ParticipantID); err != nil {
				return mapErr(err)
			}
			if len(before) == 1 && before[0].Pre == x.Pre && before[0].Post == x.Post {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO learning_scores (participant_id, pre_score, post_score, recorded_by) VALUES ($1, $2, $3, nullif($4::bigint, 0))
				ON CONFLICT (participant_id) DO UPDATE SET pre_score = EXCLUDED.pre_score, post_score = EXCLUDED.post_score,
				recorded_by = EXCLUDED.recorded_by, recorded_at = now()`, x.ParticipantID, x.Pre, x.Post, actorID); err != nil {
				return mapErr(err)
			}
			changed++
			var b any
			if len(before) == 1 {
				b = map[string]int{"pre": before[0].Pre, "post": before[0].Post}
			}
			if err := auditProgram(ctx, tx, programAudit{ActorID: actorID, Action: "participant.learning_score", Subject: fmt.Sprintf("participant:%d", x.ParticipantID),
				Detail: "nilai tes pra/pasca dicatat", Before: b, After: map[string]int{"pre": x.Pre, "post": x.Post}, Program: prog}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("postgres: program %d: test scores: %w", programID, err)
	}
	return changed, nil
}

// LearningScores are the program's test scores with their participants.
func (s *DB) LearningScores(ctx context.Context, programID int64) ([]policies.LearningScore, error) {
	var out []policies.LearningScore
	err := s.q.SelectContext(ctx, &out, `SELECT p.id AS participant_id, p.nip, p.name, p.unit_id, l.pre_score, l.post_score
		FROM learning_scores l JOIN participants p ON p.id = l.participant_id
		WHERE p.program_id = $1 AND p.removed_at IS NULL ORDER BY p.name, p.id`, programID)
	if err != nil {
		return nil, fmt.Errorf("postgres: program %d: test scores: %w", programID, mapErr(err))
	}
	return out, nil
}

// ParticipantAccounts maps the program's participants who have an active
// account in the program's region (by NIP) to that account.
func (s *DB) ParticipantAccounts(ctx context.Context, programID int64) (map[int64]int64, error) {
	out, err := selectMap[int64, int64](ctx, s.db, `SELECT DISTINCT ON (pa.id) pa.id AS k, u.id AS v
		FROM participants pa JOIN programs pr ON pr.id = pa.program_id JOIN units pu ON pu.id = pr.unit_id
		JOIN users u ON u.nip = pa.nip AND u.region_id = pu.region_id
		WHERE pa.program_id = $1 AND pa.removed_at IS NULL AND u.deactivated_at IS NULL ORDER BY pa.id, u.id`, programID)
	if err != nil {
		return nil, fmt.Errorf("postgres: program %d: participants' accounts: %w", programID, err)
	}
	return out, nil
}

// ParticipantRosterEmails maps the program's participants who have no
// active account in the program's region but an email on its active
// roster (by NIP) to that email.
func (s *DB) ParticipantRosterEmails(ctx context.Context, programID int64) (map[int64]string, error) {
	out, err := selectMap[int64, string](ctx, s.db, `SELECT pa.id AS k, a.email AS v
		FROM participants pa JOIN programs pr ON pr.id = pa.program_id JOIN units pu ON pu.id = pr.unit_id
		JOIN asn_roster a ON a.region_id = pu.region_id AND a.nip = pa.nip AND a.active AND a.email <> ''
		WHERE pa.program_id = $1 AND pa.removed_at IS NULL AND NOT EXISTS (SELECT 1 FROM users u
			WHERE u.nip = pa.nip AND u.region_id = pu.region_id AND u.deactivated_at IS NULL)`, programID)
	if err != nil {
		return nil, fmt.Errorf("postgres: program %d: participants' roster emails: %w", programID, err)
	}
	return out, nil
}
