package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// The audit of what people do with a policy's comments: resolving and
// reopening, moderating, deciding suggestions, answering, entering
// offline input. Each row is on the comment's policy and names the
// comment, never its text or its author (personal data the history does
// not repeat).

// commentForUpdate reads a comment and locks its row in tx.
func commentForUpdate(ctx context.Context, tx *sqlx.Tx, id int64) (policies.Comment, error) {
	var c policies.Comment
	err := tx.GetContext(ctx, &c, `SELECT `+commentColumns+` FROM comments WHERE id = $1 FOR UPDATE`, id)
	return c, mapErr(err)
}

// auditComment writes a change of comment c, made by by, inside tx.
func auditComment(ctx context.Context, tx *sqlx.Tx, c policies.Comment, by int64, action string, before, after any) error {
	return auditAdmin(ctx, tx, policies.AdminChange{PolicyID: c.PolicyID, VersionID: c.VersionID, ActorID: by, Action: action,
		Subject: fmt.Sprintf("comment:%d", c.ID), Before: before, After: after})
}

// commentStatusAction is the audit action of a comment moved to status.
func commentStatusAction(status policies.CommentStatus) string {
	switch status {
	case policies.CommentResolved:
		return "comment.resolved"
	case policies.CommentOpen:
		return "comment.reopened"
	}
	return "comment.status_changed"
}

// statusOf is a comment's status as an audit row keeps it.
func statusOf(s policies.CommentStatus) map[string]string {
	return map[string]string{"status": string(s)}
}

// auditSuggestions writes the suggestions ids accepted into version v,
// one row per comment, inside tx.
func auditSuggestions(ctx context.Context, tx *sqlx.Tx, policyID int64, v policies.Version, ids []int64, by int64) error {
	for _, id := range ids {
		c := policies.Comment{ID: id, PolicyID: policyID, VersionID: v.ID}
		if err := auditComment(ctx, tx, c, by, "suggestion.accepted", nil, map[string]int{"version": v.Number}); err != nil {
			return err
		}
	}
	return nil
}

// auditAnswer writes an answer's change (drafted, published) inside tx, on
// the policy of the answered comment.
func auditAnswer(ctx context.Context, tx *sqlx.Tx, commentID, by int64, action string, before, after any) error {
	var c policies.Comment
	if err := tx.GetContext(ctx, &c, `SELECT id, policy_id, version_id FROM comments WHERE id = $1`, commentID); err != nil {
		return mapErr(err)
	}
	return auditComment(ctx, tx, c, by, action, before, after)
}

// answerOf is an answer as its audit row keeps it: the disposition and
// the reason, both published words of the region.
func answerOf(a *policies.Answer) any {
	if a == nil {
		return nil
	}
	return map[string]string{"disposition": string(a.Disposition), "reason": a.Reason}
}

// auditConsultation writes a change of consultation k's answers inside tx,
// on its policy.
func auditConsultation(ctx context.Context, tx *sqlx.Tx, k, by int64, action, detail string, after any) error {
	return auditConsultationChange(ctx, tx, k, by, action, detail, nil, after)
}

// auditConsultationChange writes a change of consultation k inside tx, on
// its policy, with the record before and after.
func auditConsultationChange(ctx context.Context, tx *sqlx.Tx, k, by int64, action, detail string, before, after any) error {
	var c struct {
		PolicyID  int64 `db:"policy_id"`
		VersionID int64 `db:"version_id"`
	}
	if err := tx.GetContext(ctx, &c, `SELECT policy_id, version_id FROM consultations WHERE id = $1`, k); err != nil {
		return mapErr(err)
	}
	return auditAdmin(ctx, tx, policies.AdminChange{PolicyID: c.PolicyID, VersionID: c.VersionID, ActorID: by, Action: action,
		Subject: fmt.Sprintf("consultation:%d", k), Detail: strings.TrimSpace(detail), Before: before, After: after})
}
