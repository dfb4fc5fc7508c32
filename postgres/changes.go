package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// Four eyes on power (policies.ChangeStore): a change of who holds legal
// power is a row of pending_changes until a second person decides it. The
// proposal is tried at once and undone (a savepoint), so one that could
// never be applied is refused to its proposer; the confirmation applies it
// with the store's own write for its kind, joined to the confirming
// transaction (Transact), after checking that what it changes is still as
// the proposer saw it (the stamp of "before").

var _ policies.ChangeStore = (*DB)(nil)

const changeColumns = `c.id, c.region_id, c.kind, c.subject, c.payload::text AS payload_text, coalesce(c.before::text, '') AS before_text,
	c.stamp, c.principal_id, coalesce(p.name, '') AS principal, c.beneficiary_id, coalesce(b.name, '') AS beneficiary,
	c.proposed_by, coalesce(u.name, '') AS proposer, c.proposed_at, c.expires_at,
	CASE WHEN c.status = 'pending' AND c.expires_at <= now() THEN 'expired' ELSE c.status END AS status, c.decided_by, coalesce(d.name, '') AS decider,
	c.decided_at, c.reason, c.result
	FROM pending_changes c LEFT JOIN users p ON p.id = c.principal_id LEFT JOIN users b ON b.id = c.beneficiary_id
	LEFT JOIN users u ON u.id = c.proposed_by LEFT JOIN users d ON d.id = c.decided_by`

// changeRow is a pending_changes row as read, its JSON as text.
type changeRow struct {
	policies.PendingChange
	PayloadText string `db:"payload_text"`
	BeforeText  string `db:"before_text"`
	Stamp       string `db:"stamp"`
}

func (r changeRow) change() policies.PendingChange {
	c := r.PendingChange
	c.Payload = json.RawMessage(r.PayloadText)
	if r.BeforeText != "" {
		c.Before = json.RawMessage(r.BeforeText)
	}
	return c
}

// PendingChanges lists the region's changes, newest first (the latest 200).
func (s *DB) PendingChanges(ctx context.Context, regionID, personID int64) ([]policies.PendingChange, error) {
	var rows []changeRow
	err := s.q.SelectContext(ctx, &rows, `SELECT `+changeColumns+` WHERE c.region_id = $1
		AND ($2 = 0 OR $2 IN (c.principal_id, c.beneficiary_id, c.proposed_by)) ORDER BY c.id DESC LIMIT 200`, regionID, personID)
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: changes: %w", regionID, mapErr(err))
	}
	out := make([]policies.PendingChange, len(rows))
	for i, r := range rows {
		out[i] = r.change()
	}
	return out, nil
}

// PendingChangeByID returns one change of the region.
func (s *DB) PendingChangeByID(ctx context.Context, regionID, id int64) (policies.PendingChange, error) {
	r, err := changeByID(ctx, s.db, regionID, id, false)
	return r.change(), err
}

func changeByID(ctx context.Context, q sqlx.QueryerContext, regionID, id int64, lock bool) (changeRow, error) {
	var r changeRow
	query := `SELECT ` + changeColumns + ` WHERE c.region_id = $1 AND c.id = $2`
	if lock {
		query += ` FOR UPDATE OF c`
	}
	if err := sqlx.GetContext(ctx, q, &r, query, regionID, id); err != nil {
		return r, fmt.Errorf("postgres: change %d: %w", id, notFound(err, "perubahan %d tidak ditemukan", id))
	}
	return r, nil
}

// ProposeChange records a change for a second person to confirm, after
// trying it (undone) so a change that cannot be applied is refused now.
func (s *DB) ProposeChange(ctx context.Context, regionID, actorID int64, p policies.ChangeProposal, words policies.ChangeWording) (policies.PendingChange, error) {
	var out policies.PendingChange
	payload, err := json.Marshal(p.Input)
	if err != nil {
		return out, err
	}
	subject := subjectOf(p.Kind, p.SubjectID, p.Input)
	err = s.Transact(ctx, func(tx *sqlx.Tx) error {
		before, err := s.changeBefore(ctx, tx, regionID, p.Kind, p.SubjectID, p.Input)
		if err != nil {
			return err
		}
		draft := policies.PendingChange{RegionID: regionID, Kind: p.Kind, Subject: subject, Payload: payload}
		if _, err := s.tryChange(ctx, tx, draft, actorID); err != nil {
			return err
		}
		principal, beneficiary, err := changePeople(ctx, tx, regionID, p)
		if err != nil {
			return err
		}
		b, stamp, err := stampOf(before)
		if err != nil {
			return err
		}
		var id int64
		if err := tx.GetContext(ctx, &id, `INSERT INTO pending_changes (region_id, kind, subject, payload, before, stamp, principal_id, beneficiary_id, proposed_by, expires_at)
			VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, nullif($7::bigint, 0), nullif($8::bigint, 0), nullif($9::bigint, 0),
			now() + make_interval(secs => $10)) RETURNING id`,
			regionID, p.Kind, subject, string(payload), b, stamp, principal, beneficiary, actorID, policies.ChangeLifetime.Seconds()); err != nil {
			return mapErr(err)
		}
		return s.afterChange(ctx, tx, regionID, actorID, id, "change.proposed", policies.ChangeProposed, words, &out)
	})
	if err != nil {
		return out, fmt.Errorf("postgres: region %d: propose %s: %w", regionID, p.Kind, err)
	}
	return out, nil
}

// ConfirmChange applies a pending change as its confirmer's, in one
// transaction with its audit and notices.
func (s *DB) ConfirmChange(ctx context.Context, regionID, actorID, id int64, link policies.InviteLink, words policies.ChangeWording) (policies.PendingChange, error) {
	var out policies.PendingChange
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		// The region's row orders its confirmations: of two changes of one
		// record confirmed at once, the second reads what the first made,
		// and is refused as stale.
		if _, err := tx.ExecContext(ctx, `SELECT 1 FROM regions WHERE id = $1 FOR UPDATE`, regionID); err != nil {
			return mapErr(err)
		}
		r, err := s.decidable(ctx, tx, regionID, actorID, id, true)
		if err != nil {
			return err
		}
		c := r.change()
		sid, _ := subjectID(c.Subject)
		in, err := decodeInput(c.Kind, c.Payload)
		if err != nil {
			return err
		}
		before, err := s.changeBefore(ctx, tx, regionID, c.Kind, sid, in)
		if err != nil {
			return staleErr(c, err)
		}
		if _, stamp, err := stampOf(before); err != nil || stamp != r.Stamp {
			return staleErr(c, err)
		}
		result, err := s.applyChange(context.WithValue(ctx, joinedTx{}, tx), tx, c, actorID, link)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE pending_changes SET status = 'confirmed', decided_by = $2, decided_at = now(), result = $3
			WHERE id = $1`, id, actorID, result); err != nil {
			return mapErr(err)
		}
		return s.afterChange(ctx, tx, regionID, actorID, id, "change.confirmed", policies.ChangeEvent(policies.ChangeConfirmed), words, &out)
	})
	if err != nil {
		return out, fmt.Errorf("postgres: region %d: confirm change %d: %w", regionID, id, err)
	}
	return out, nil
}

// DeclineChange ends a pending change with nothing applied.
func (s *DB) DeclineChange(ctx context.Context, regionID, actorID, id int64, in policies.DeclineInput, words policies.ChangeWording) (policies.PendingChange, error) {
	var out policies.PendingChange
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		r, err := s.decidable(ctx, tx, regionID, actorID, id, false)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE pending_changes SET status = 'declined', decided_by = $2, decided_at = now(), reason = $3
			WHERE id = $1`, id, actorID, in.Reason); err != nil {
			return mapErr(err)
		}
		event := policies.ChangeEvent(policies.ChangeDeclined)
		if r.ProposedBy != nil && *r.ProposedBy == actorID {
			event = policies.ChangeWithdrawn
		}
		return s.afterChange(ctx, tx, regionID, actorID, id, "change.declined", event, words, &out)
	})
	if err != nil {
		return out, fmt.Errorf("postgres: region %d: decline change %d: %w", regionID, id, err)
	}
	return out, nil
}

// decidable locks the change and refuses a decider it does not allow.
func (s *DB) decidable(ctx context.Context, tx *sqlx.Tx, regionID, actorID, id int64, confirm bool) (changeRow, error) {
	r, err := changeByID(ctx, tx, regionID, id, true)
	if err != nil {
		return r, err
	}
	var admin bool
	if err := tx.GetContext(ctx, &admin, `SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND region_id = $2 AND role = 'admin'
		AND deactivated_at IS NULL)`, actorID, regionID); err != nil {
		return r, mapErr(err)
	}
	return r, r.change().MayDecide(actorID, admin, confirm)
}

// staleErr refuses a confirmation whose change was proposed against a
// state that has moved since.
func staleErr(c policies.PendingChange, err error) error {
	return &policies.Error{Kind: policies.KindConflict, Err: err,
		Message: fmt.Sprintf("perubahan #%d diusulkan atas keadaan yang sudah berubah sejak %s: tolak usulan ini dan usulkan kembali", c.ID, c.ProposedAt.Format("2006-01-02 15:04"))}
}

// afterChange audits a step of change id as action (before: the change
// as it was, after: as it is now), tells the people concerned, and reads
// the change into out.
func (s *DB) afterChange(ctx context.Context, tx *sqlx.Tx, regionID, actorID, id int64, action string, event policies.ChangeEvent,
	words policies.ChangeWording, out *policies.PendingChange) error {
	r, err := changeByID(ctx, tx, regionID, id, false)
	if err != nil {
		return err
	}
	*out = r.change()
	var before any
	if event != policies.ChangeProposed {
		b := *out
		b.Status, b.DecidedBy, b.Decider, b.DecidedAt, b.Reason, b.Result = policies.ChangePending, nil, "", nil, "", ""
		before = b
	}
	if err := auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: action,
		Subject: fmt.Sprintf("change:%d", id), Before: before, After: *out}); err != nil {
		return err
	}
	return tellOfChange(ctx, tx, *out, actorID, event, words)
}

// tellOfChange writes the notices of a change's step: on a proposal, to
// the region's other administrators and the principal (who may confirm)
// and to the person who would gain the power (for a chain, its
// approvers); on a decision, to the proposer, the principal and those.
func tellOfChange(ctx context.Context, tx *sqlx.Tx, c policies.PendingChange, actorID int64, event policies.ChangeEvent, words policies.ChangeWording) error {
	told := map[int64]bool{actorID: true, 0: true}
	var ns []policies.Notification
	tell := func(userID int64, aud policies.ChangeAudience) {
		if told[userID] {
			return
		}
		told[userID] = true
		n := words(policies.ChangeNotice{Change: c, Event: event, Audience: aud})
		n.UserID, n.DedupKey = userID, fmt.Sprintf("change:%d:%s:%d", c.ID, event, userID)
		ns = append(ns, n)
	}
	of := func(p *int64) int64 {
		if p == nil {
			return 0
		}
		return *p
	}
	if event == policies.ChangeProposed {
		var admins []int64
		if err := tx.SelectContext(ctx, &admins, `SELECT id FROM users WHERE region_id = $1 AND role = 'admin' AND deactivated_at IS NULL ORDER BY id`, c.RegionID); err != nil {
			return mapErr(err)
		}
		for _, a := range admins {
			tell(a, policies.AudienceConfirmer)
		}
		tell(of(c.PrincipalID), policies.AudienceConfirmer)
	} else {
		tell(of(c.ProposedBy), policies.AudienceProposer)
		tell(of(c.PrincipalID), policies.AudienceAffected)
	}
	tell(of(c.BeneficiaryID), policies.AudienceAffected)
	if c.Kind == policies.ChangeChainCreate || c.Kind == policies.ChangeChainUpdate {
		// The approvers of the chain as it would be: whose decisions it asks.
		var in policies.ChainInput
		if err := json.Unmarshal(c.Payload, &in); err != nil {
			return fmt.Errorf("postgres: change %d: payload: %w", c.ID, err)
		}
		for _, st := range in.Stages {
			for _, id := range st.ApproverIDs {
				tell(id, policies.AudienceAffected)
			}
		}
	}
	for _, n := range ns {
		if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (dedup_key, user_id, kind, subject, body, link) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (dedup_key) DO NOTHING`, n.DedupKey, n.UserID, n.Kind, n.Subject, n.Body, n.Link); err != nil {
			return fmt.Errorf("postgres: change %d: notice: %w", c.ID, mapErr(err))
		}
	}
	return nil
}

// stampOf is before as the row keeps it (nil for none) and its SHA-256.
func stampOf(before any) (*string, string, error) {
	b, err := json.Marshal(before)
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(b)
	if before == nil {
		return nil, hex.EncodeToString(sum[:]), nil
	}
	text := string(b)
	return &text, hex.EncodeToString(sum[:]), nil
}

// subjectID is the record number of a subject ("chain:3" → 3).
func subjectID(subject string) (int64, bool) {
	_, n, ok := strings.Cut(subject, ":")
	id, err := strconv.ParseInt(n, 10, 64)
	return id, ok && err == nil
}

// subjectOf is the subject a change names: the record it changes.
func subjectOf(kind policies.ChangeKind, id int64, in any) string {
	switch kind {
	case policies.ChangeRole, policies.ChangeReactivate:
		return fmt.Sprintf("user:%d", id)
	case policies.ChangeChainUpdate:
		return fmt.Sprintf("chain:%d", id)
	case policies.ChangeParafDelete:
		return fmt.Sprintf("paraf_step:%d", id)
	case policies.ChangeHarmonisation:
		if h, ok := in.(policies.HarmonisationSettingInput); ok {
			return "harmonisation_setting:" + string(h.Form)
		}
	}
	return ""
}
