package postgres

import (
	"context"
	"fmt"
	"net/url"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// The audit of a person's own sign-in and access: sessions begun and
// ended, failed sign-ins on their account, their API tokens, and their
// unit's webhook. Each row is in the person's region, for its
// administrators; it keeps no address, password or token.

// auditAccount writes an event of person userID's account (a sign-in, a
// sign-out, a failed sign-in), by actorID (0: no one signed in), inside
// tx, in the person's region. Its subject is the account, apart from the
// person's record (user:ID), whose changes people administer.
func auditAccount(ctx context.Context, tx *sqlx.Tx, userID, actorID int64, action string) error {
	return auditOwn(ctx, tx, userID, policies.AdminChange{ActorID: actorID, Action: action, Subject: fmt.Sprintf("account:%d", userID)})
}

// auditToken writes a change of person userID's API token, made by them,
// inside tx: its name and dates, never its secret.
func auditToken(ctx context.Context, tx *sqlx.Tx, userID int64, action string, before any, after policies.APIToken) error {
	return auditOwn(ctx, tx, userID, policies.AdminChange{ActorID: userID, Action: action,
		Subject: fmt.Sprintf("token:%d", after.ID), Before: before, After: after})
}

// auditOwn writes c, a change concerning person userID, in their region.
func auditOwn(ctx context.Context, tx *sqlx.Tx, userID int64, c policies.AdminChange) error {
	if err := tx.GetContext(ctx, &c.RegionID, `SELECT coalesce(region_id, 0) FROM users WHERE id = $1`, userID); err != nil {
		return mapErr(err)
	}
	return auditAdmin(ctx, tx, c)
}

// webhookOf is a webhook as its audit row keeps it: the scheme and host it
// calls, not the path or query, which may carry the receiver's own secret.
func webhookOf(raw *string) any {
	if raw == nil || *raw == "" {
		return nil
	}
	u, err := url.Parse(*raw)
	if err != nil {
		return map[string]string{"webhook": "?"}
	}
	return map[string]string{"webhook": u.Scheme + "://" + u.Host}
}

// auditNotifyMode writes person userID's own change of how they are
// notified (from the settings page, or an email's unsubscribe link),
// inside tx; an unchanged mode is not a change.
func auditNotifyMode(ctx context.Context, tx *sqlx.Tx, userID int64, was, is policies.NotifyMode) error {
	if was == is {
		return nil
	}
	return auditOwn(ctx, tx, userID, policies.AdminChange{ActorID: userID, Action: "user.notify_mode", Subject: fmt.Sprintf("account:%d", userID),
		Before: map[string]string{"notify_mode": string(was)}, After: map[string]string{"notify_mode": string(is)}})
}
