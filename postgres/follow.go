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

// followColumns and followFrom read follows with what they follow, named
// (a topic with its city's name).
const (
	followColumns = `SELECT f.id, f.user_id, coalesce(f.email, '') AS email, f.policy_id, f.region_id, f.topic_id, f.lang, f.created_at, f.confirmed_at,
		coalesce(p.title, r.name, t.name || ' · ' || tr.name) AS target, coalesce(r.slug, tr.slug, '') AS target_slug,
		coalesce(t.slug, '') AS topic_slug, coalesce(p.region_id, f.region_id, t.region_id) AS target_region`
	followFrom = `
	FROM follows f LEFT JOIN policies p ON p.id = f.policy_id LEFT JOIN regions r ON r.id = f.region_id
		LEFT JOIN topics t ON t.id = f.topic_id LEFT JOIN regions tr ON tr.id = t.region_id`
	followSelect = followColumns + followFrom
)

// followAudit is a follow as its audit row keeps it: what is followed,
// and whether by a person or an address, never the address itself.
type followAudit struct {
	Lang      string `json:"lang"`
	PolicyID  *int64 `json:"policy_id,omitempty"`
	RegionID  *int64 `json:"region_id,omitempty"`
	TopicID   *int64 `json:"topic_id,omitempty"`
	Confirmed bool   `json:"confirmed"`
	ByEmail   bool   `json:"by_email"`
}

// followAuditOf is f as its audit row keeps it.
func followAuditOf(f policies.Follow) followAudit {
	return followAudit{Lang: f.Lang, PolicyID: f.PolicyID, RegionID: f.RegionID, TopicID: f.TopicID, Confirmed: f.ConfirmedAt != nil, ByEmail: f.UserID == nil}
}

// auditFollow writes a change of follow f (before and after: nil, or a
// followAudit), in the region of what is followed, as its person's or,
// for an address, as nobody's.
func auditFollow(ctx context.Context, tx *sqlx.Tx, f policies.Follow, action string, before, after any) error {
	var actor int64
	if f.UserID != nil {
		actor = *f.UserID
	}
	// The region's audit log, not the policy's history: whom a policy's
	// readers follow is not the drafters' to read.
	return auditAdmin(ctx, tx, policies.AdminChange{RegionID: f.TargetRegion, ActorID: actor, Action: action,
		Subject: fmt.Sprintf("follow:%d", f.ID), Before: before, After: after})
}

func followByID(ctx context.Context, q sqlx.QueryerContext, id int64, lock bool) (policies.Follow, error) {
	var f policies.Follow
	query := followSelect + ` WHERE f.id = $1`
	if lock {
		query += ` FOR UPDATE OF f`
	}
	err := sqlx.GetContext(ctx, q, &f, query, id)
	if errors.Is(err, sql.ErrNoRows) {
		return f, policies.Errorf(policies.KindNotFound, "tidak ada langganan %d", id)
	}
	return f, err
}

// CreateFollow stores a follow (policies.FollowStore).
func (s *DB) CreateFollow(ctx context.Context, in policies.NewFollow, message func(policies.Follow) policies.Notification) (policies.Follow, bool, error) {
	if err := in.Validate(); err != nil {
		return policies.Follow{}, false, err
	}
	var f policies.Follow
	var sent bool
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var user, pol, reg, top *int64
		var email *string
		if in.UserID != 0 {
			user = &in.UserID
		} else {
			email = &in.Email
			// One address at a time: its confirmations are counted.
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('follow:' || $1, 0))`, in.Email); err != nil {
				return err
			}
		}
		switch {
		case in.PolicyID > 0:
			pol = &in.PolicyID
		case in.TopicID > 0:
			top = &in.TopicID
		default:
			reg = &in.RegionID
		}
		var id int64
		err := tx.GetContext(ctx, &id, `INSERT INTO follows (user_id, email, policy_id, region_id, topic_id, lang, confirmed_at)
			VALUES ($1, $2, $3, $4, $6, $5, CASE WHEN $1::bigint IS NOT NULL THEN now() END)
			ON CONFLICT DO NOTHING RETURNING id`, user, email, pol, reg, in.Lang, top)
		created := err == nil
		if errors.Is(err, sql.ErrNoRows) {
			err = tx.GetContext(ctx, &id, `SELECT id FROM follows WHERE (user_id = $1 OR email = $2)
				AND coalesce(policy_id, 0) = coalesce($3, 0) AND coalesce(region_id, 0) = coalesce($4, 0)
				AND coalesce(topic_id, 0) = coalesce($5, 0)`, user, email, pol, reg, top)
		}
		if err != nil {
			return err
		}
		if f, err = followByID(ctx, tx, id, true); err != nil {
			return err
		}
		if created {
			if err := auditFollow(ctx, tx, f, "follow.created", nil, followAuditOf(f)); err != nil {
				return err
			}
		}
		if email == nil || f.ConfirmedAt != nil {
			return nil
		}
		var last *time.Time
		var now time.Time
		if err := tx.QueryRowxContext(ctx, `SELECT max(confirm_sent_at), now() FROM follows WHERE email = $1`, in.Email).Scan(&last, &now); err != nil {
			return err
		}
		if last != nil && now.Sub(*last) < policies.FollowConfirmEvery {
			return &policies.LimitError{Message: "email konfirmasi sudah dikirim ke alamat ini; coba lagi nanti",
				RetryAfter: policies.FollowConfirmEvery - now.Sub(*last)}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE follows SET confirm_sent_at = $2 WHERE id = $1`, id, now); err != nil {
			return err
		}
		n := message(f)
		n.DedupKey = fmt.Sprintf("follow-confirm:%d:%d", id, now.UnixMicro())
		sent = true
		_, err = enqueueNotification(ctx, tx, n)
		return err
	})
	if err != nil {
		return policies.Follow{}, false, fmt.Errorf("postgres: follow: %w", mapErr(err))
	}
	return f, sent, nil
}

// FollowByID reads a follow (policies.FollowStore).
func (s *DB) FollowByID(ctx context.Context, id int64) (policies.Follow, error) {
	f, err := followByID(ctx, s.reader(ctx), id, false)
	if err != nil {
		return f, fmt.Errorf("postgres: follow %d: %w", id, mapErr(err))
	}
	return f, nil
}

// ConfirmFollow confirms an address's follow; once is enough.
func (s *DB) ConfirmFollow(ctx context.Context, id int64) (policies.Follow, error) {
	var f policies.Follow
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var err error
		if f, err = followByID(ctx, tx, id, true); err != nil || f.ConfirmedAt != nil {
			return err
		}
		before := followAuditOf(f)
		if err := tx.GetContext(ctx, &f.ConfirmedAt, `UPDATE follows SET confirmed_at = now() WHERE id = $1 RETURNING confirmed_at`, id); err != nil {
			return err
		}
		return auditFollow(ctx, tx, f, "follow.confirmed", before, followAuditOf(f))
	})
	if err != nil {
		return f, fmt.Errorf("postgres: confirm follow %d: %w", id, mapErr(err))
	}
	return f, nil
}

// Unfollow removes a follow.
func (s *DB) Unfollow(ctx context.Context, id int64) (policies.Follow, error) {
	var f policies.Follow
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var err error
		if f, err = followByID(ctx, tx, id, true); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM follows WHERE id = $1`, id); err != nil {
			return err
		}
		return auditFollow(ctx, tx, f, "follow.removed", followAuditOf(f), nil)
	})
	if err != nil {
		return f, fmt.Errorf("postgres: unfollow %d: %w", id, mapErr(err))
	}
	return f, nil
}

// FollowsOf lists a person's follows, or an address's, newest first.
func (s *DB) FollowsOf(ctx context.Context, userID int64, email string) ([]policies.Follow, error) {
	fs := []policies.Follow{}
	err := sqlx.SelectContext(ctx, s.reader(ctx), &fs, followSelect+` WHERE ($1 <> 0 AND f.user_id = $1) OR ($1 = 0 AND f.email = lower($2))
		ORDER BY f.created_at DESC, f.id DESC`, userID, email)
	if err != nil {
		return nil, fmt.Errorf("postgres: follows: %w", mapErr(err))
	}
	return fs, nil
}

// Followers lists the confirmed followers of a policy, of its city and of
// its topics, these with when the policy was given the topic
// (policies.FollowerReader), oldest first.
func (s *DB) Followers(ctx context.Context, policyID, regionID int64) ([]policies.Follow, error) {
	fs := []policies.Follow{}
	err := sqlx.SelectContext(ctx, s.reader(ctx), &fs, followColumns+`, pt.tagged_at`+followFrom+`
		LEFT JOIN policy_topics pt ON pt.topic_id = f.topic_id AND pt.policy_id = $1
		WHERE f.confirmed_at IS NOT NULL AND (f.policy_id = $1 OR f.region_id = $2 OR pt.policy_id IS NOT NULL)
		ORDER BY f.id`, policyID, regionID)
	if err != nil {
		return nil, fmt.Errorf("postgres: followers of policy %d: %w", policyID, mapErr(err))
	}
	return fs, nil
}

// EraseFollower removes every follow of an address and the follow notices
// written to it (policies.FollowStore), each removal audited; it returns
// how many follows it removed.
func (s *DB) EraseFollower(ctx context.Context, email string) (int, error) {
	var n int
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var fs []policies.Follow
		if err := tx.SelectContext(ctx, &fs, followSelect+` WHERE f.email = lower($1) ORDER BY f.id FOR UPDATE OF f`, email); err != nil {
			return err
		}
		for _, f := range fs {
			if _, err := tx.ExecContext(ctx, `DELETE FROM follows WHERE id = $1`, f.ID); err != nil {
				return err
			}
			if err := auditFollow(ctx, tx, f, "follow.removed", followAuditOf(f), nil); err != nil {
				return err
			}
		}
		n = len(fs)
		_, err := tx.ExecContext(ctx, `DELETE FROM notifications WHERE email IS NOT NULL AND lower(email) = lower($1)
			AND kind IN ('follow_confirm', 'follow_event')`, email)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("postgres: erase follower: %w", mapErr(err))
	}
	return n, nil
}

// SetFollowLanguage sets the language of a person's follows (userID), or
// an address's; each follow it changes is audited.
func (s *DB) SetFollowLanguage(ctx context.Context, userID int64, email, lang string) error {
	if lang != "id" && lang != "en" {
		return policies.FieldError("lang", "bahasa %q tidak dikenal", lang)
	}
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var fs []policies.Follow
		if err := tx.SelectContext(ctx, &fs, followSelect+` WHERE (($1 <> 0 AND f.user_id = $1) OR ($1 = 0 AND f.email = lower($2)))
			AND f.lang <> $3 ORDER BY f.id FOR UPDATE OF f`, userID, email, lang); err != nil {
			return err
		}
		for _, f := range fs {
			before := followAuditOf(f)
			if _, err := tx.ExecContext(ctx, `UPDATE follows SET lang = $2 WHERE id = $1`, f.ID, lang); err != nil {
				return err
			}
			f.Lang = lang
			if err := auditFollow(ctx, tx, f, "follow.language", before, followAuditOf(f)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("postgres: follow language: %w", mapErr(err))
	}
	return nil
}
