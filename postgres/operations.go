package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// LivePolicies lists the region's policies whose lifecycle is under way.
func (s *DB) LivePolicies(ctx context.Context, regionID int64) ([]policies.LivePolicy, error) {
	var out []policies.LivePolicy
	err := s.q.SelectContext(ctx, &out, `SELECT id, slug, title, status FROM policies
		WHERE region_id = $1 AND status IN ('consultation', 'in_approval', 'approved', 'implementing', 'evaluating', 'revision')
		ORDER BY id`, regionID)
	if err != nil {
		return nil, fmt.Errorf("postgres: live policies: %w", mapErr(err))
	}
	return out, nil
}

// AwaitedApprovers reads the region's people among ids, each with when
// they were deactivated and the active acting official whose unrevoked
// appointment for them covers day.
func (s *DB) AwaitedApprovers(ctx context.Context, regionID int64, ids []int64, day time.Time) ([]policies.AwaitedApprover, error) {
	out := []policies.AwaitedApprover{}
	err := s.q.SelectContext(ctx, &out, `SELECT u.id, u.name, u.title, u.deactivated_at,
			coalesce((SELECT a.name FROM acting_officials ao JOIN users a ON a.id = ao.acting_id
				WHERE ao.principal_id = u.id AND ao.region_id = $1 AND ao.revoked_at IS NULL AND a.deactivated_at IS NULL
				AND $3::date BETWEEN ao.starts_on AND ao.ends_on ORDER BY ao.id DESC LIMIT 1), '') AS acting
		FROM users u WHERE u.region_id = $1 AND u.id = ANY($2) ORDER BY u.id`, regionID, pq.Array(ids), day.Format(time.DateOnly))
	if err != nil {
		return nil, fmt.Errorf("postgres: awaited approvers: %w", mapErr(err))
	}
	return out, nil
}

// deliveryProblem selects a notification as the console shows it; the
// caller adds the conditions after WHERE.
const deliveryProblem = `SELECT n.id, n.subject, u.name AS recipient, u.email, n.attempts, coalesce(n.last_error, '') AS last_error,
		n.next_attempt_at, n.email_refused_at IS NOT NULL AS refused, n.discarded_at IS NOT NULL AS discarded, n.created_at,
		coalesce(n.claimed_until > now(), false) AS claimed, coalesce(n.claimed_by, '') AS claimed_by, n.claimed_until
	FROM notifications n JOIN users u ON u.id = n.user_id
	WHERE u.region_id = $1 AND `

// DeliveryProblems lists the region's failing deliveries (undelivered after
// at least one failed attempt), and the emails refused for good and the
// deliveries an administrator stopped in the last 30 days, oldest first,
// at most 500.
func (s *DB) DeliveryProblems(ctx context.Context, regionID int64) ([]policies.DeliveryProblem, error) {
	var out []policies.DeliveryProblem
	err := s.q.SelectContext(ctx, &out, deliveryProblem+`((n.delivered_at IS NULL AND n.attempts > 0)
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
		if p.Claimed { // it may go out this moment: stopping it now would say what is not so
			return claimedConflict(p)
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

// claimedConflict refuses to touch a delivery a deliverer holds.
func claimedConflict(p policies.DeliveryProblem) error {
	return policies.Errorf(policies.KindConflict, "pengiriman ini sedang dikirim oleh %s (sampai %s); coba lagi sesudahnya",
		p.ClaimedBy, p.ClaimedUntil.UTC().Format("15:04:05 UTC"))
}

// RetryDelivery moves a failing delivery's next attempt to now and wakes
// the deliverers (the outbox's NOTIFY, at commit), in one transaction with
// its audit record. The row is locked and checked first: a deliverer's
// claim (ClaimBatch) is seen, since the claim's statement and this one lock
// the same row, so a claimed row is refused and never made due while a
// deliverer holds it — each retry is sent once.
func (s *DB) RetryDelivery(ctx context.Context, regionID, actorID, id int64) (policies.DeliveryProblem, error) {
	var p policies.DeliveryProblem
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if err := tx.GetContext(ctx, &p, deliveryProblem+`n.id = $2 FOR UPDATE OF n`, regionID, id); err != nil {
			return mapErr(err)
		}
		var delivered bool
		if err := tx.GetContext(ctx, &delivered, `SELECT delivered_at IS NOT NULL FROM notifications WHERE id = $1`, id); err != nil {
			return mapErr(err)
		}
		switch {
		case p.Refused:
			return policies.Errorf(policies.KindConflict, "server surat menolak alamat %s untuk seterusnya; perbaiki alamat orangnya, mencoba lagi tidak menolong", p.Email)
		case p.Discarded:
			return policies.Errorf(policies.KindConflict, "percobaan ulang pengiriman ini sudah dihentikan administrator")
		case delivered:
			return policies.Errorf(policies.KindConflict, "pengiriman ini sudah selesai")
		case p.Claimed:
			return claimedConflict(p)
		case p.Attempts == 0:
			return policies.Errorf(policies.KindConflict, "pengiriman ini belum pernah gagal; ia dikirim pada gilirannya")
		}
		was := p.NextAttempt
		if err := tx.GetContext(ctx, &p.NextAttempt, `UPDATE notifications SET next_attempt_at = now()
			WHERE id = $1 RETURNING next_attempt_at`, id); err != nil {
			return mapErr(err)
		}
		if _, err := tx.ExecContext(ctx, `SELECT pg_notify('policyflow_outbox', '')`); err != nil {
			return mapErr(err)
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "delivery.retried",
			Subject: fmt.Sprintf("notification:%d", id), Detail: fmt.Sprintf("sesudah %d percobaan gagal", p.Attempts),
			Before: map[string]time.Time{"next_attempt_at": was}, After: map[string]time.Time{"next_attempt_at": p.NextAttempt}})
	})
	if err != nil {
		return p, fmt.Errorf("postgres: retry delivery %d: %w", id, err)
	}
	return p, nil
}
