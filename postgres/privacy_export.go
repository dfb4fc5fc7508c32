package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// PersonalData gathers everything the record keeps about the person
// userID (UU 27/2022 Pasal 7 and 13): their account, their comments (by
// account, or by their address before they had one) with the answers
// published to them, their notices (never a one-time link), their sign-in
// attempts (a failed one without its address: anyone may have typed the
// email, and another's address is not theirs to read, Pasal 33), sessions
// and tokens (never a token), the reports they filed,
// their unsubscriptions, follows and erasure requests.
func (s *DB) PersonalData(ctx context.Context, userID int64) (policies.PersonalData, error) {
	out := policies.PersonalData{ExportedAt: time.Now(), Retention: policies.DefaultRetention}
	err := s.q.GetContext(ctx, &out.Profile, `SELECT u.id, u.name, u.email, u.role, u.title, u.nip,
		coalesce(r.name, '') AS region, coalesce(un.name, '') AS unit, u.notify_mode, u.lang, u.created_at
		FROM users u LEFT JOIN regions r ON r.id = u.region_id LEFT JOIN units un ON un.id = u.unit_id
		WHERE u.id = $1 AND u.erased_at IS NULL`, userID)
	if err != nil {
		return out, fmt.Errorf("postgres: personal data of user %d: %w", userID, mapErr(err))
	}
	email := out.Profile.Email
	for _, q := range []struct {
		dest any
		sql  string
		arg  any // $1: the person's id, or their email where the record keeps only it
	}{
		{&out.Comments, `SELECT c.id, c.policy_id, p.title AS policy_title, c.section_anchor, c.body, c.suggestion, c.status, c.created_at,
			a.disposition, a.reason, a.published_at
			FROM comments c JOIN policies p ON p.id = c.policy_id
			LEFT JOIN comment_answers a ON a.comment_id = c.id AND a.published_at IS NOT NULL
			WHERE c.author_id = $1 OR (c.author_id IS NULL AND c.author_email <> '' AND lower(c.author_email) = lower($2))
			ORDER BY c.id`, nil},
		{&out.Notifications, `SELECT kind, subject, body, created_at, read_at FROM notifications
			WHERE (user_id = $1 OR lower(email) = lower($2)) ORDER BY id`, nil},
		{&out.SignIns, `SELECT created_at, ok, CASE WHEN ok THEN ip ELSE '' END AS ip FROM login_attempts WHERE lower(email) = lower($1) ORDER BY id`, email},
		{&out.Sessions, `SELECT created_at, last_seen_at, expires_at FROM sessions WHERE user_id = $1 ORDER BY created_at`, userID},
		{&out.APITokens, `SELECT id, name, created_at, expires_at, last_used_at, revoked_at, expires_at <= now() AS expired
			FROM api_tokens WHERE user_id = $1 ORDER BY id`, userID},
		{&out.Reports, `SELECT comment_id, reason, detail, created_at FROM comment_reports WHERE reporter_id = $1 ORDER BY id`, userID},
		{&out.Unsubscribed, `SELECT category FROM unsubscribes WHERE email = lower($1) ORDER BY category`, email},
		{&out.Follows, followSelect + ` WHERE f.user_id = $1 OR f.email = lower($2) ORDER BY f.id`, nil},
		{&out.Erasures, `SELECT e.id, e.user_id, u.name, e.reason, e.requested_at, e.decided_at, coalesce(e.outcome, '') AS outcome, e.note
			FROM erasure_requests e JOIN users u ON u.id = e.user_id WHERE e.user_id = $1 ORDER BY e.id`, userID},
	} {
		args := []any{q.arg}
		if q.arg == nil {
			args = []any{userID, email} // $1 the id, $2 the email
		}
		if err := s.q.SelectContext(ctx, q.dest, q.sql, args...); err != nil {
			return out, fmt.Errorf("postgres: personal data of user %d: %w", userID, mapErr(err))
		}
	}
	return out, nil
}
