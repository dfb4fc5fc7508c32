package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// Kirkpatrick level 3 of a program: the behaviour links the program's
// workflow issues to the supervisors of its completed participants, and
// their answers (per program, without the participant).

// IssueBehaviourLinks stores the links of completed participants who have
// none; it returns whose it stored (the workflow issues them: no actor).
func (s *DB) IssueBehaviourLinks(ctx context.Context, programID int64, links []policies.NewReactionLink) ([]int64, error) {
	return s.issueLinks(ctx, behaviourLinks, programID, 0, links)
}

// BehaviourStatuses lists the program's completed participants with their
// behaviour link's state.
func (s *DB) BehaviourStatuses(ctx context.Context, programID int64) ([]policies.ReactionStatus, error) {
	return s.linkStatuses(ctx, behaviourLinks, programID)
}

// BehaviourLinkByHash reads a behaviour link by its token's hash.
func (s *DB) BehaviourLinkByHash(ctx context.Context, tokenHash string) (policies.BehaviourLink, error) {
	return s.linkByHash(ctx, behaviourLinks, tokenHash)
}

// AnswerBehaviour records a behaviour link's one answer, kept with the
// program and not the participant.
func (s *DB) AnswerBehaviour(ctx context.Context, tokenHash string, a policies.BehaviourAnswer) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return s.answerLink(ctx, behaviourLinks, tokenHash, func(tx *sqlx.Tx, programID int64) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO behaviour_answers (program_id, scores, example) VALUES ($1, $2, $3)`,
			programID, pq.Array(a.Scores), a.Example)
		return err
	})
}

// BehaviourAnswers are the program's behaviour answers.
func (s *DB) BehaviourAnswers(ctx context.Context, programID int64) ([]policies.BehaviourAnswer, error) {
	var rows []struct {
		Scores  pq.Int64Array `db:"scores"`
		Example string        `db:"example"`
	}
	if err := s.q.SelectContext(ctx, &rows, `SELECT scores, example FROM behaviour_answers WHERE program_id = $1 ORDER BY id`, programID); err != nil {
		return nil, fmt.Errorf("postgres: program %d: behaviour answers: %w", programID, mapErr(err))
	}
	out := make([]policies.BehaviourAnswer, len(rows))
	for i, r := range rows {
		out[i].Example = r.Example
		for _, v := range r.Scores {
			out[i].Scores = append(out[i].Scores, int(v))
		}
	}
	return out, nil
}

// KirkpatrickTimesOf is the program's region's months for levels 3 and 4.
func (s *DB) KirkpatrickTimesOf(ctx context.Context, programID int64) (policies.KirkpatrickTimes, error) {
	var t policies.KirkpatrickTimes
	err := s.q.GetContext(ctx, &t, `SELECT r.kp_behaviour_months, r.kp_results_months
		FROM programs pr JOIN units u ON u.id = pr.unit_id JOIN regions r ON r.id = u.region_id WHERE pr.id = $1`, programID)
	if err != nil {
		return t, fmt.Errorf("postgres: program %d: Kirkpatrick times: %w", programID, notFound(err, "program tidak ditemukan"))
	}
	return t, nil
}

// BehaviourContacts are, per unit of the program's participants who hold a
// behaviour link, the unit's head (0: none, or deactivated) and its active
// officers.
func (s *DB) BehaviourContacts(ctx context.Context, programID int64) ([]policies.BehaviourContact, error) {
	var rows []struct {
		policies.BehaviourContact
		Officers pq.Int64Array `db:"officers"`
	}
	err := s.q.SelectContext(ctx, &rows, `SELECT u.id AS unit_id, coalesce(h.id, 0) AS head_user_id,
			coalesce(array_agg(o.id ORDER BY o.id) FILTER (WHERE o.id IS NOT NULL), '{}') AS officers
		FROM units u LEFT JOIN users h ON h.id = u.head_user_id AND h.deactivated_at IS NULL
		LEFT JOIN users o ON o.unit_id = u.id AND o.role = 'unit_officer' AND o.deactivated_at IS NULL
		WHERE u.id IN (SELECT p.unit_id FROM behaviour_links l JOIN participants p ON p.id = l.participant_id WHERE l.program_id = $1)
		GROUP BY u.id, h.id ORDER BY u.id`, programID)
	if err != nil {
		return nil, fmt.Errorf("postgres: program %d: behaviour contacts: %w", programID, mapErr(err))
	}
	out := make([]policies.BehaviourContact, len(rows))
	for i, r := range rows {
		out[i] = r.BehaviourContact
		out[i].Officers = []int64(r.Officers)
	}
	return out, nil
}
