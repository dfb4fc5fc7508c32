package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// The survey links of Kirkpatrick levels 1 (reaction) and 3 (behaviour)
// share one shape: a link per completed participant (the token's hash
// kept), an expiry, one answer; the answers are kept per program without
// the participant. surveyLinks names one level's table and words.
type surveyLinks struct {
	table    string        // reaction_links, behaviour_links
	lifetime time.Duration // how long a new link can be answered
	issued   string        // the audit action of issued links
	answered string        // the audit action of an answer
	detail   string        // the audit's words of an answer
}

var (
	reactionLinks = surveyLinks{"reaction_links", policies.ReactionLinkLifetime,
		"kirkpatrick.reaction_links", "kirkpatrick.reaction_answered", "formulir reaksi diisi"}
	behaviourLinks = surveyLinks{"behaviour_links", policies.BehaviourLinkLifetime,
		"kirkpatrick.behaviour_links", "kirkpatrick.behaviour_answered", "survei perilaku diisi atasan"}
)

// issueLinks stores the links of participants of the program who are
// completed, not removed and have none yet, once the program is done; it
// returns whose it stored, audited (how many, no person).
func (s *DB) issueLinks(ctx context.Context, sl surveyLinks, programID, actorID int64, links []policies.NewReactionLink) ([]int64, error) {
	var issued []int64
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		prog, err := programForUpdate(ctx, tx, programID)
		if err != nil {
			return err
		}
		if err := policies.CheckReactionLinks(prog.Status); err != nil {
			return err
		}
		for _, l := range links {
			if len(l.TokenHash) != 64 {
				return fmt.Errorf("postgres: survey link: want the token's hex SHA-256")
			}
			var id int64
			err := tx.GetContext(ctx, &id, `INSERT INTO `+sl.table+` (program_id, participant_id, token_hash, created_by, expires_at)
				SELECT $1, p.id, $3, nullif($4::bigint, 0), now() + make_interval(secs => $5)
				FROM participants p WHERE p.id = $2 AND p.program_id = $1 AND p.completed AND p.removed_at IS NULL
				ON CONFLICT (participant_id) DO NOTHING RETURNING participant_id`,
				programID, l.ParticipantID, l.TokenHash, actorID, sl.lifetime.Seconds())
			if err == nil {
				issued = append(issued, id)
			} else if err = notFound(err, ""); policies.KindOf(err) != policies.KindNotFound {
				return fmt.Errorf("postgres: survey link of participant %d: %w", l.ParticipantID, mapErr(err))
			}
		}
		if len(issued) == 0 {
			return nil
		}
		return auditProgram(ctx, tx, programAudit{ActorID: actorID, Action: sl.issued, Subject: fmt.Sprintf("program:%d", programID),
			Detail: fmt.Sprintf("%d tautan diberikan", len(issued)), After: map[string]any{"issued": len(issued)}, Program: prog})
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: program %d: %s: %w", programID, sl.table, err)
	}
	return issued, nil
}

// linkStatuses lists the program's completed, not removed participants
// with their link's state.
func (s *DB) linkStatuses(ctx context.Context, sl surveyLinks, programID int64) ([]policies.ReactionStatus, error) {
	var out []policies.ReactionStatus
	err := s.q.SelectContext(ctx, &out, `SELECT p.id AS participant_id, p.nip, p.name, p.unit_id, l.created_at, l.answered_at,
			coalesce(l.token_hash, '') AS token_hash
		FROM participants p LEFT JOIN `+sl.table+` l ON l.participant_id = p.id
		WHERE p.program_id = $1 AND p.completed AND p.removed_at IS NULL ORDER BY p.name, p.id`, programID)
	if err != nil {
		return nil, fmt.Errorf("postgres: program %d: %s: %w", programID, sl.table, mapErr(err))
	}
	return out, nil
}

const surveyLinkCols = `l.id, l.program_id, pr.title, l.expires_at, l.answered_at, l.expires_at <= now() AS expired, p.name AS participant_name`

// linkByHash reads a link by its token's hash.
func (s *DB) linkByHash(ctx context.Context, sl surveyLinks, tokenHash string) (policies.BehaviourLink, error) {
	var l policies.BehaviourLink
	err := s.q.GetContext(ctx, &l, `SELECT `+surveyLinkCols+` FROM `+sl.table+` l JOIN programs pr ON pr.id = l.program_id
		JOIN participants p ON p.id = l.participant_id WHERE l.token_hash = $1`, tokenHash)
	if err != nil {
		return l, fmt.Errorf("postgres: survey link: %w", notFound(err, "tautan tidak dikenal"))
	}
	return l, nil
}

// answerLink records a link's one answer by save, under a row lock so two
// tabs racing get one success (409 when answered or expired); the audit
// row names the program only.
func (s *DB) answerLink(ctx context.Context, sl surveyLinks, tokenHash string, save func(tx *sqlx.Tx, programID int64) error) error {
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var l policies.BehaviourLink
		if err := tx.GetContext(ctx, &l, `SELECT `+surveyLinkCols+` FROM `+sl.table+` l JOIN programs pr ON pr.id = l.program_id
			JOIN participants p ON p.id = l.participant_id WHERE l.token_hash = $1 FOR UPDATE OF l`, tokenHash); err != nil {
			return notFound(err, "tautan tidak dikenal")
		}
		switch {
		case l.AnsweredAt != nil:
			return ErrReactionAnswered
		case l.Expired:
			return ErrReactionExpired
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+sl.table+` SET answered_at = now() WHERE id = $1`, l.ID); err != nil {
			return mapErr(err)
		}
		if err := save(tx, l.ProgramID); err != nil {
			return mapErr(err)
		}
		prog, err := programForUpdate(ctx, tx, l.ProgramID)
		if err != nil {
			return err
		}
		return auditProgram(ctx, tx, programAudit{Action: sl.answered, Subject: fmt.Sprintf("program:%d", l.ProgramID),
			Detail: sl.detail, Program: prog})
	})
	if err != nil {
		return fmt.Errorf("postgres: %s answer: %w", sl.table, err)
	}
	return nil
}
