package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// Erasure of a person (UU 27/2022 Pasal 8 and 43): their comments keep
// their text and the answers they received but lose who wrote them; their
// account is deactivated and its identifying fields cleared; their
// sessions, tokens, links, notices, sign-in attempts, kept answers,
// unsubscriptions and memberships go. What the law keeps stays (Pasal 15
// ayat (1), Pasal 43 ayat (2)): the audit log and the official acts
// (decisions, enactments, paraf, harmonisation, answers, appointments),
// which keep the person's name on their account when they did any.

// RequestErasure records the person's request to be erased.
func (s *DB) RequestErasure(ctx context.Context, userID int64, in policies.ErasureRequestInput) (policies.ErasureRequest, error) {
	var out policies.ErasureRequest
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if err := tx.GetContext(ctx, &out, `WITH e AS (INSERT INTO erasure_requests (user_id, region_id, reason)
				SELECT id, region_id, $2 FROM users WHERE id = $1 AND erased_at IS NULL RETURNING *)
			SELECT e.id, e.user_id, u.name, e.reason, e.requested_at, e.decided_at, coalesce(e.outcome, '') AS outcome, e.note FROM e JOIN users u ON u.id = e.user_id`,
			userID, in.Reason); err != nil {
			return mapErr(err)
		}
		// The request on the person's account, without its reason (their words).
		var region int64
		if err := tx.GetContext(ctx, &region, `SELECT coalesce(region_id, 0) FROM users WHERE id = $1`, userID); err != nil {
			return mapErr(err)
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: region, ActorID: userID, Action: "user.erasure_requested",
			Subject: fmt.Sprintf("account:%d", userID)})
	})
	if policies.IsKind(err, policies.KindConflict) {
		return out, &policies.Error{Kind: policies.KindConflict, Key: "privacy_err_open", Message: "permintaan penghapusan Anda sudah tercatat dan menunggu keputusan"}
	}
	if err != nil {
		return out, fmt.Errorf("postgres: erasure request of user %d: %w", userID, mapErr(err))
	}
	return out, nil
}

// ErasureRequests lists the region's erasure requests, open ones first.
func (s *DB) ErasureRequests(ctx context.Context, regionID int64) ([]policies.ErasureRequest, error) {
	var out []policies.ErasureRequest
	err := s.q.SelectContext(ctx, &out, `SELECT e.id, e.user_id, u.name, e.reason, e.requested_at, e.decided_at, coalesce(e.outcome, '') AS outcome, e.note
		FROM erasure_requests e JOIN users u ON u.id = e.user_id WHERE e.region_id = $1
		ORDER BY e.decided_at IS NOT NULL, e.id DESC LIMIT 200`, regionID)
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: erasure requests: %w", regionID, mapErr(err))
	}
	return out, nil
}

// officialActs counts what the person did as an official: the record the
// law keeps under their name.
const officialActs = `SELECT (SELECT count(*) FROM decisions WHERE decider_id = $1 OR acting_for_id = $1)
	+ (SELECT count(*) FROM enactments WHERE principal_id = $1 OR signer_id = $1 OR promulgator_id = $1 OR recorded_by = $1)
	+ (SELECT count(*) FROM parafs WHERE user_id = $1)
	+ (SELECT count(*) FROM comment_answers WHERE drafted_by = $1 OR published_by = $1)
	+ (SELECT count(*) FROM acting_officials WHERE principal_id = $1 OR acting_id = $1 OR appointed_by = $1)
	+ (SELECT count(*) FROM harmonisations WHERE requested_by = $1 OR answered_by = $1)
	+ (SELECT count(*) FROM policy_versions WHERE author_id = $1)`

// erasureSteps delete or clear the person's data; each takes $1 the
// person's id and $2 their email (as it was).
var erasureSteps = []string{
	`DELETE FROM sessions WHERE user_id = $1 AND $2 <> ''`,
	`DELETE FROM pending_signins WHERE user_id = $1 AND $2 <> ''`,
	`DELETE FROM second_factors WHERE user_id = $1 AND $2 <> ''`,
	`DELETE FROM recovery_codes WHERE user_id = $1 AND $2 <> ''`,
	`DELETE FROM api_tokens WHERE user_id = $1 AND $2 <> ''`,
	`DELETE FROM password_tokens WHERE user_id = $1 AND $2 <> ''`,
	`DELETE FROM notifications WHERE user_id = $1 OR lower(email) = lower($2)`,
	`DELETE FROM comment_assignments WHERE assignee_id = $1 AND $2 <> ''`,
	`DELETE FROM digests WHERE user_id = $1 AND $2 <> ''`,
	`DELETE FROM login_attempts WHERE lower(email) = lower($2) AND $1 > 0`,
	`DELETE FROM idempotency_keys WHERE owner = 'u' || $1::text AND $2 <> ''`,
	`DELETE FROM unsubscribes WHERE email = lower($2) AND $1 > 0`,
	`DELETE FROM follows WHERE user_id = $1 OR email = lower($2)`,
	`DELETE FROM stakeholder_group_members WHERE user_id = $1 AND $2 <> ''`,
	`UPDATE comment_reports SET reporter_id = NULL, address = 'dihapus:' || id WHERE reporter_id = $1 AND $2 <> ''`,
}

// ErasePerson erases the region's person personID (or declines their open
// request), audited as actorID's without the data it erased.
func (s *DB) ErasePerson(ctx context.Context, regionID, actorID, personID int64, in policies.ErasureInput, notice policies.Notification) (policies.ErasureResult, error) {
	res := policies.ErasureResult{UserID: personID}
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var p struct {
			Email  string `db:"email"`
			Erased bool   `db:"erased"`
		}
		err := tx.GetContext(ctx, &p, `SELECT email, erased_at IS NOT NULL AS erased FROM users WHERE id = $1 AND region_id = $2 FOR UPDATE`, personID, regionID)
		if err != nil {
			return fmt.Errorf("postgres: erase user %d: %w", personID, mapErr(err))
		}
		switch {
		case p.Erased:
			return &policies.Error{Kind: policies.KindConflict, Key: "privacy_err_erased", Message: "orang ini sudah dihapus"}
		case personID == actorID:
			return &policies.Error{Kind: policies.KindConflict, Key: "privacy_err_self", Message: "administrator tidak dapat menghapus dirinya sendiri; mintalah administrator lain"}
		}
		if err := tx.GetContext(ctx, &res.RequestID, `SELECT coalesce((SELECT id FROM erasure_requests WHERE user_id = $1 AND decided_at IS NULL), 0)`, personID); err != nil {
			return mapErr(err)
		}
		if in.Decline {
			if err := declineErasure(ctx, tx, regionID, actorID, personID, in.Note, &res); err != nil {
				return err
			}
			return tellOfErasure(ctx, tx, fmt.Sprintf("erasure:%d:declined", res.RequestID), personID, "", notice)
		}
		var acts int
		if err := tx.GetContext(ctx, &acts, officialActs, personID); err != nil {
			return fmt.Errorf("postgres: erase user %d: official acts: %w", personID, mapErr(err))
		}
		res.NameKept = acts > 0
		r, err := tx.ExecContext(ctx, `UPDATE comments SET author_id = NULL, author_name = $3, author_email = ''
			WHERE author_id = $1 OR (author_email <> '' AND lower(author_email) = lower($2))`, personID, p.Email, policies.ErasedAuthor)
		if err != nil {
			return fmt.Errorf("postgres: erase user %d: comments: %w", personID, mapErr(err))
		}
		n, _ := r.RowsAffected()
		res.Comments = int(n)
		for _, q := range erasureSteps {
			if _, err := tx.ExecContext(ctx, q, personID, p.Email); err != nil {
				return fmt.Errorf("postgres: erase user %d: %w", personID, mapErr(err))
			}
		}
		// The address becomes one that names no one and can receive nothing
		// (RFC 2606 .invalid); the name stays only beside official acts.
		if _, err := tx.ExecContext(ctx, `UPDATE users SET email = 'dihapus-' || id || $4,
			name = CASE WHEN $2 THEN name ELSE $3 END, nip = '', title = CASE WHEN $2 THEN title ELSE '' END,
			password_hash = '', notify_mode = 'none', deactivated_at = coalesce(deactivated_at, now()), erased_at = now()
			WHERE id = $1`, personID, res.NameKept, policies.ErasedAuthor, policies.ErasedEmailDomain); err != nil {
			return fmt.Errorf("postgres: erase user %d: account: %w", personID, mapErr(err))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE erasure_requests SET decided_at = now(), decided_by = $2, outcome = 'erased', note = $3
			WHERE user_id = $1 AND decided_at IS NULL`, personID, actorID, in.Note); err != nil {
			return mapErr(err)
		}
		// Told at the address they had: the one row that keeps it until the
		// outbox sends it (and the retention of notices removes it).
		if err := tellOfErasure(ctx, tx, fmt.Sprintf("erasure:user:%d", personID), 0, p.Email, notice); err != nil {
			return err
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "user.erased",
			Subject: fmt.Sprintf("user:%d", personID), Before: map[string]any{"erased": false},
			After: map[string]any{"erased": true, "comments_anonymised": res.Comments, "name_kept": res.NameKept, "request_id": res.RequestID}})
	})
	return res, err
}

// tellOfErasure writes the decision's notice, to the person's account
// (userID) or, for an erasure, to the address alone.
func tellOfErasure(ctx context.Context, tx *sqlx.Tx, key string, userID int64, email string, n policies.Notification) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO notifications (dedup_key, user_id, email, kind, subject, body, link)
		VALUES ($1, nullif($2::bigint, 0), nullif($3, ''), $4, $5, $6, $7) ON CONFLICT (dedup_key) DO NOTHING`,
		key, userID, email, policies.NoticeErasureDecision, n.Subject, n.Body, n.Link)
	if err != nil {
		return fmt.Errorf("postgres: erasure notice: %w", mapErr(err))
	}
	return nil
}

// declineErasure closes the person's open request with the administrator's note.
func declineErasure(ctx context.Context, tx *sqlx.Tx, regionID, actorID, personID int64, note string, res *policies.ErasureResult) error {
	if res.RequestID == 0 {
		return &policies.Error{Kind: policies.KindConflict, Key: "privacy_err_no_request", Message: "orang ini tidak mempunyai permintaan penghapusan yang terbuka"}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE erasure_requests SET decided_at = now(), decided_by = $2, outcome = 'declined', note = $3 WHERE id = $1`,
		res.RequestID, actorID, note); err != nil {
		return mapErr(err)
	}
	res.Declined = true
	return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "erasure.declined",
		Subject: fmt.Sprintf("user:%d", personID), Before: map[string]any{"request_id": res.RequestID, "open": true},
		After: map[string]any{"request_id": res.RequestID, "outcome": "declined", "note": note}})
}

// EraseAddress erases a commenter who had no account, by the address they
// commented with: the region's comments under it keep their text and
// answers and lose their author; the region's outbox rows to it go, and
// its follows of the region's city, policies and topics. An
// address no comment of the region has is not found. Audited without the
// address.
func (s *DB) EraseAddress(ctx context.Context, regionID, actorID int64, in policies.AddressErasureInput) (policies.ErasureResult, error) {
	var res policies.ErasureResult
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		r, err := tx.ExecContext(ctx, `UPDATE comments c SET author_name = $3, author_email = ''
			FROM policies p WHERE p.id = c.policy_id AND p.region_id = $1 AND c.author_id IS NULL
			AND c.author_email <> '' AND lower(c.author_email) = lower($2)`, regionID, in.Email, policies.ErasedAuthor)
		if err != nil {
			return fmt.Errorf("postgres: erase an address: %w", mapErr(err))
		}
		n, _ := r.RowsAffected()
		if res.Comments = int(n); n == 0 {
			return &policies.Error{Kind: policies.KindNotFound, Key: "privacy_err_no_address", Message: "tidak ada komentar tanpa akun dengan alamat ini di wilayah Anda"}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM notifications n USING policies p WHERE p.id = n.policy_id AND p.region_id = $1
			AND n.email IS NOT NULL AND lower(n.email) = lower($2)`, regionID, in.Email); err != nil {
			return fmt.Errorf("postgres: erase an address: notices: %w", mapErr(err))
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM follows f WHERE f.email = lower($2)
			AND (f.region_id = $1 OR f.policy_id IN (SELECT id FROM policies WHERE region_id = $1)
				OR f.topic_id IN (SELECT id FROM topics WHERE region_id = $1))`, regionID, in.Email); err != nil {
			return fmt.Errorf("postgres: erase an address: follows: %w", mapErr(err))
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "address.erased",
			Subject: fmt.Sprintf("region:%d", regionID), Before: map[string]any{"erased": false},
			After: map[string]any{"erased": true, "comments_anonymised": res.Comments}})
	})
	return res, err
}
