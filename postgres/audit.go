package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// auditAdmin writes a change to the audit log inside tx, the transaction
// that makes the change: every audited writer comes through here. With a
// key, once: when the key's row is there already it returns errRecorded,
// so the caller's transaction (the change the row audits) rolls back
// rather than apply the change a second time.
func auditAdmin(ctx context.Context, tx *sqlx.Tx, c policies.AdminChange) error {
	before, after, err := auditJSON(c.Before, c.After)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO audit_log (region_id, policy_id, version_id, actor_id, action, subject, detail, before, after, idempotency_key)
		VALUES (nullif($1::bigint, 0), nullif($2::bigint, 0), nullif($3::bigint, 0), nullif($4::bigint, 0), $5, $6, $7, $8::jsonb, $9::jsonb, nullif($10, ''))
		ON CONFLICT (idempotency_key) DO NOTHING`,
		c.RegionID, c.PolicyID, c.VersionID, c.ActorID, c.Action, c.Subject, c.Detail, before, after, c.Key)
	if err != nil {
		return fmt.Errorf("postgres: audit %s %s: %w", c.Action, c.Subject, mapErr(err))
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 && c.Key != "" {
		return errRecorded
	}
	return err
}

// auditSaved reads again with read the record (kind:id) that a write in tx
// made or changed and audits the change as kind.verb, before (nil for a
// new record) to the record as it now is, which it returns.
func auditSaved[T any](ctx context.Context, tx *sqlx.Tx, read func(context.Context, sqlx.QueryerContext, int64, int64) (T, error),
	regionID, actorID, id int64, kind, verb string, before any) (T, error) {
	after, err := read(ctx, tx, regionID, id)
	if err != nil {
		return after, err
	}
	return after, auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: kind + "." + verb,
		Subject: fmt.Sprintf("%s:%d", kind, id), Before: before, After: after})
}

// createAudited adds a record to the region in one transaction: create
// inserts it (or refuses) and gives its id, and the record read gives is
// audited as kind.verb.
func createAudited[T any](ctx context.Context, s *DB, read func(context.Context, sqlx.QueryerContext, int64, int64) (T, error),
	regionID, actorID int64, kind, verb string, create func(tx *sqlx.Tx) (int64, error)) (T, error) {
	var after T
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		id, err := create(tx)
		if err != nil {
			return err
		}
		after, err = auditSaved(ctx, tx, read, regionID, actorID, id, kind, verb, nil)
		return err
	})
	return after, err
}

// changeAudited changes the region's record id in one transaction: read
// gives it before, change makes the change (or refuses it), and the change
// is audited as kind.verb with the record before and after.
func changeAudited[T any](ctx context.Context, s *DB, read func(context.Context, sqlx.QueryerContext, int64, int64) (T, error),
	regionID, actorID, id int64, kind, verb string, change func(tx *sqlx.Tx, before T) error) (T, error) {
	var after T
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		before, err := read(ctx, tx, regionID, id)
		if err != nil {
			return err
		}
		if err := change(tx, before); err != nil {
			return err
		}
		after, err = auditSaved(ctx, tx, read, regionID, actorID, id, kind, verb, before)
		return err
	})
	return after, err
}

// auditJSON is an audit row's before and after as JSON, each NULL (nil)
// when there is none.
func auditJSON(before, after any) (b, a *string, err error) {
	if b, err = jsonOrNull(before); err == nil {
		a, err = jsonOrNull(after)
	}
	return b, a, err
}

// deleteAudited deletes from table the region's record id, read first with
// read (another region's is not found), and audits it as kind.deleted
// with the record as it was, inside tx.
func deleteAudited[T any](ctx context.Context, tx *sqlx.Tx, read func(context.Context, sqlx.QueryerContext, int64, int64) (T, error),
	table, kind string, regionID, actorID, id int64) error {
	before, err := read(ctx, tx, regionID, id)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = $2 AND region_id = $1`, regionID, id); err != nil {
		return mapErr(err)
	}
	return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: kind + ".deleted",
		Subject: fmt.Sprintf("%s:%d", kind, id), Before: before})
}

func jsonOrNull(v any) (*string, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("postgres: audit: %w", err)
	}
	s := string(b)
	return &s, nil
}

// AdminAudit returns a region's changes, newest first: its own and its
// policies'. A policy's change comes without its record before and after
// (a participation is personal data; the policy's history words it).
func (s *DB) AdminAudit(ctx context.Context, regionID, beforeID int64, limit int) ([]policies.AdminAuditRecord, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	var rows []struct {
		policies.AdminAuditRecord
		auditTexts
	}
	err := s.q.SelectContext(ctx, &rows, `SELECT a.id, u.name AS actor, a.action, a.subject, a.policy_id, a.detail, a.created_at,
		`+auditTextColumns+`
		FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
		WHERE (a.region_id = $1 OR a.policy_id IN (SELECT id FROM policies WHERE region_id = $1)) AND ($2 = 0 OR a.id < $2)
		ORDER BY a.id DESC LIMIT $3`, regionID, beforeID, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: admin audit: %w", regionID, mapErr(err))
	}
	rs := make([]policies.AdminAuditRecord, len(rows))
	for i, r := range rows {
		rs[i] = r.AdminAuditRecord
		rs[i].Changes = policies.AuditChanges(r.before(), r.after())
		if r.PolicyID == nil {
			rs[i].Before, rs[i].After = r.before(), r.after()
		}
	}
	return rs, nil
}

// auditTexts are an audit row's record before and after, read as text
// (auditTextColumns): "" for none.
type auditTexts struct {
	BeforeText string `db:"before_text"`
	AfterText  string `db:"after_text"`
}

const auditTextColumns = `coalesce(a.before::text, '') AS before_text, coalesce(a.after::text, '') AS after_text`

func (t auditTexts) before() json.RawMessage { return rawOrNil(t.BeforeText) }
func (t auditTexts) after() json.RawMessage  { return rawOrNil(t.AfterText) }

func rawOrNil(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	return json.RawMessage(s)
}
