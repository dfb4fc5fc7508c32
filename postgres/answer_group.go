package postgres

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// DraftGroupAnswers records one answer as the draft answer of each comment
// of ids that has none, in one transaction, each audited on the policy.
func (s *DB) DraftGroupAnswers(ctx context.Context, consultationID, by int64, ids []int64, in policies.GroupAnswerInput) (policies.GroupAnswered, error) {
	out := policies.GroupAnswered{Group: in.Group, Answered: []int64{}, Left: []int64{}}
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var outside []int64
		if err := tx.SelectContext(ctx, &outside, `SELECT id FROM unnest($2::bigint[]) id WHERE id NOT IN `+consultationCommentIDs+` ORDER BY id`,
			consultationID, pq.Array(ids)); err != nil {
			return mapErr(err)
		}
		if len(outside) > 0 {
			return policies.FieldError("group", "komentar %d bukan komentar konsultasi ini", outside[0])
		}
		var as []policies.Answer
		if err := tx.SelectContext(ctx, &as, `INSERT INTO comment_answers (comment_id, consultation_id, disposition, reason, drafted_by)
			SELECT id, $1, $3, $4, $5 FROM unnest($2::bigint[]) id ORDER BY id
			ON CONFLICT (comment_id) DO NOTHING
			RETURNING `+answerColumns, consultationID, pq.Array(ids), in.Disposition, in.Reason, by); err != nil {
			return mapErr(err)
		}
		if len(as) == 0 {
			return policies.Errorf(policies.KindConflict, "setiap komentar kelompok ini sudah memiliki jawaban")
		}
		group := strconv.FormatInt(in.Group, 10)
		for _, a := range as {
			out.Answered = append(out.Answered, a.CommentID)
			after := map[string]string{"disposition": string(a.Disposition), "reason": a.Reason, "group": group}
			if err := auditAnswer(ctx, tx, a.CommentID, by, "answer.drafted_for_group", nil, after); err != nil {
				return err
			}
		}
		slices.Sort(out.Answered)
		for _, id := range ids {
			if _, found := slices.BinarySearch(out.Answered, id); !found {
				out.Left = append(out.Left, id)
			}
		}
		return nil
	})
	if err != nil {
		return policies.GroupAnswered{}, fmt.Errorf("postgres: consultation %d: answer group %d: %w", consultationID, in.Group, err)
	}
	return out, nil
}
