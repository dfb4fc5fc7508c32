package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// Unsubscribe records that an address wants no more email of category c;
// for policies.UnsubscribeAll, a person with an account at that address
// gets notify mode none (their inbox stays; the settings page turns email
// back on). Repeating it changes nothing.
func (s *DB) Unsubscribe(ctx context.Context, email string, c policies.UnsubscribeCategory) error {
	email = strings.ToLower(strings.TrimSpace(email))
	if !c.Valid() {
		return policies.FieldError("category", "kategori %q tidak dikenal", c)
	}
	if len(email) < 3 || len(email) > 320 || !strings.Contains(email, "@") {
		return policies.FieldError("email", "alamat email tidak sah")
	}
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO unsubscribes (email, category) VALUES ($1, $2)
			ON CONFLICT (email, category) DO NOTHING`, email, c); err != nil {
			return err
		}
		if c != policies.UnsubscribeAll {
			return nil
		}
		var changed []struct {
			ID  int64               `db:"id"`
			Was policies.NotifyMode `db:"was"`
		}
		if err := tx.SelectContext(ctx, &changed, `WITH old AS (
				SELECT id, notify_mode FROM users WHERE lower(email) = $1 AND notify_mode <> 'none' FOR UPDATE)
			UPDATE users u SET notify_mode = 'none' FROM old WHERE u.id = old.id RETURNING u.id, old.notify_mode AS was`, email); err != nil {
			return err
		}
		for _, u := range changed {
			if err := auditNotifyMode(ctx, tx, u.ID, u.Was, policies.NotifyNone); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("postgres: unsubscribe: %w", mapErr(err))
	}
	return nil
}

// Unsubscribed reports whether an address unsubscribed from the emails of
// kind k: from its category or from all. Transactional kinds never are.
func (s *DB) Unsubscribed(ctx context.Context, email string, k policies.NotificationKind) (bool, error) {
	c, ok := policies.UnsubscribeCategoryOf(k)
	if !ok {
		return false, nil
	}
	var yes bool
	err := sqlx.GetContext(ctx, s.reader(ctx), &yes, `SELECT EXISTS (SELECT 1 FROM unsubscribes WHERE email = $1 AND category IN ('all', $2))`,
		strings.ToLower(strings.TrimSpace(email)), c)
	if err != nil {
		return false, fmt.Errorf("postgres: unsubscribed: %w", mapErr(err))
	}
	return yes, nil
}
