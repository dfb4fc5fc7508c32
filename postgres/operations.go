package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// LivePolicies lists the region's policies whose lifecycle is under way.
func (s *DB) LivePolicies(ctx context.Context, regionID int64) ([]policies.LivePolicy, error) {
	var out []policies.LivePolicy
	err := s.db.SelectContext(ctx, &out, `SELECT id, slug, title, status FROM policies
		WHERE region_id = $1 AND status IN ('consultation', 'in_approval', 'approved', 'implementing', 'evaluating', 'revision')
		ORDER BY id`, regionID)
	if err != nil {
		return nil, fmt.Errorf("postgres: live policies: %w", mapErr(err))
	}
	return out, nil
}

// deliveryProblem selects a notification as the console shows it; the
// caller adds the conditions after WHERE.
const deliveryProblem = `SELECT n.id, n.subject, u.name AS recipient, u.email, n.attempts, coalesce(n.last_error, '') AS last_error,
		n.next_attempt_at, n.email_refused_at IS NOT NULL AS refused, n.discarded_at IS NOT NULL AS discarded, n.created_at
	FROM notifications n JOIN users u ON u.id = n.user_id
	WHERE u.region_id = $1 AND `

// DeliveryProblems lists the region's failing deliveries (undelivered after
// at least one failed attempt), and the emails refused for good and the
// deliveries an administrator stopped in the last 30 days, oldest first,
// at most 500.
func (s *DB) DeliveryProblems(ctx context.Context, regionID int64) ([]policies.DeliveryProblem, error) {
	var out []policies.DeliveryProblem
	err := s.db.SelectContext(ctx, &out, deliveryProblem+`((n.delivered_at IS NULL AND n.attempts > 0)
		OR n.email_refused_at > now() - interval '30 days' OR n.discarded_at > now() - interval '30 days') ORDER BY n.created_at, n.id LIMIT 500`, regionID)
	if err != nil {
		return nil, fmt.Errorf("postgres: delivery problems: %w", mapErr(err))
	}
	return out, nil
}

// DiscardDelivery marks a failing delivery done, so the outbox stops
// retrying it; the person's inbox keeps the notice. In one transaction
// with its audit record.
func (s *DB) DiscardDelivery(ctx context.Context, regionID, actorID, id int64) (policies.DeliveryProblem, error) {
	var p policies.DeliveryProblem
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if err := tx.GetContext(ctx, &p, deliveryProblem+`n.id = $2 FOR UPDATE OF n`, regionID, id); err != nil {
			return mapErr(err)
		}
		if p.Refused || p.Discarded || p.Attempts == 0 {
			return policies.Errorf(policies.KindConflict, "pengiriman ini tidak sedang dicoba ulang")
		}
		res, err := tx.ExecContext(ctx, `UPDATE notifications SET delivered_at = now(), discarded_at = now()
			WHERE id = $1 AND delivered_at IS NULL`, id)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return policies.Errorf(policies.KindConflict, "pengiriman ini sudah selesai")
		}
		p.Discarded = true
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "delivery.discarded",
			Subject: fmt.Sprintf("notification:%d", id), Detail: fmt.Sprintf("%d percobaan gagal", p.Attempts)})
	})
	if err != nil {
		return p, fmt.Errorf("postgres: discard delivery %d: %w", id, err)
	}
	return p, nil
}
