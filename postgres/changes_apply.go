package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// What each kind of change reads, changes and whom it concerns. A change
// is applied by the store's own write for its kind (AppointActing,
// UpdatePerson…) with ctx joined to the confirming transaction; those
// writes are on no interface the web layer holds (policies.PowerWriter),
// and the power roles of InvitePerson and UpdatePerson are refused outside
// a confirmation.

// joined reports whether ctx carries a confirmation's transaction.
func joined(ctx context.Context) bool {
	_, ok := ctx.Value(joinedTx{}).(*sqlx.Tx)
	return ok
}

// powerRecord is a person as a change of power depends on them: a
// password set or a sign-in in the meantime does not move it.
type powerRecord struct {
	Name   string        `json:"name"`
	Role   policies.Role `json:"role"`
	UnitID *int64        `json:"unit_id,omitempty"`
	Title  string        `json:"title"`
	Active bool          `json:"active"`
}

func powerRecordOf(ctx context.Context, q sqlx.QueryerContext, regionID, userID int64, field string) (powerRecord, error) {
	var r powerRecord
	var u policies.User
	err := sqlx.GetContext(ctx, q, &u, `SELECT `+personColumns+` FROM users WHERE id = $1 AND region_id = $2`, userID, regionID)
	if err != nil {
		if err := mapErr(err); policies.IsKind(err, policies.KindNotFound) {
			return r, policies.FieldError(field, "orang %d tidak ada di wilayah ini", userID)
		}
		return r, mapErr(err)
	}
	return powerRecord{Name: u.Name, Role: u.Role, UnitID: u.UnitID, Title: u.Title, Active: u.DeactivatedAt == nil}, nil
}

// changeBefore is what the change depends on, as it is now: the records it
// changes or judges by (nil for a record it makes).
func (s *DB) changeBefore(ctx context.Context, tx *sqlx.Tx, regionID int64, kind policies.ChangeKind, id int64, in any) (any, error) {
	switch kind {
	case policies.ChangeActing:
		a := in.(policies.ActingInput)
		p, err := powerRecordOf(ctx, tx, regionID, a.PrincipalID, "principal_id")
		if err != nil {
			return nil, err
		}
		o, err := powerRecordOf(ctx, tx, regionID, a.ActingID, "acting_id")
		return map[string]powerRecord{"principal": p, "acting": o}, err
	case policies.ChangeRole, policies.ChangeReactivate:
		return powerRecordOf(ctx, tx, regionID, id, "person")
	case policies.ChangeChainUpdate:
		c, err := s.ApprovalChain(context.WithValue(ctx, joinedTx{}, tx), id)
		if err != nil || c.RegionID != regionID {
			return nil, policies.Errorf(policies.KindNotFound, "rantai persetujuan %d tidak ditemukan", id)
		}
		c.CreatedAt = c.CreatedAt.UTC()
		return c, nil
	case policies.ChangeActingRules:
		r, err := actingRules(ctx, tx, regionID)
		return r.ActingRules, err
	case policies.ChangeParafAdd:
		var ids []int64
		err := tx.SelectContext(ctx, &ids, `SELECT id FROM paraf_steps WHERE region_id = $1 AND form = $2 ORDER BY id`, regionID, in.(policies.ParafStepInput).Form)
		return map[string][]int64{"steps": ids}, mapErr(err)
	case policies.ChangeParafDelete:
		st, err := parafStep(ctx, tx, regionID, id)
		if policies.IsKind(err, policies.KindNotFound) {
			return nil, policies.Errorf(policies.KindNotFound, "pejabat pemaraf %d tidak ditemukan", id)
		}
		return st, err
	case policies.ChangeHarmonisation:
		return harmonisationSetting(ctx, tx, regionID, in.(policies.HarmonisationSettingInput).Form)
	}
	return nil, nil // a new record: nothing to move under it
}

// changePeople are the principal (who may confirm an acting appointment)
// and the person who would gain or lose the power (0 for none).
func changePeople(ctx context.Context, tx *sqlx.Tx, regionID int64, p policies.ChangeProposal) (principal, beneficiary int64, err error) {
	switch in := p.Input.(type) {
	case policies.ActingInput:
		return in.PrincipalID, in.ActingID, nil
	case policies.ParafStepInput:
		return 0, in.UserID, nil
	}
	switch p.Kind {
	case policies.ChangeRole, policies.ChangeReactivate:
		return 0, p.SubjectID, nil
	case policies.ChangeParafDelete:
		st, err := parafStep(ctx, tx, regionID, p.SubjectID)
		return 0, st.UserID, err
	}
	return 0, 0, nil
}

// decodeInput reads a change's payload as its kind's input, validated
// again (an acting appointment's dates are parsed by Validate).
func decodeInput(kind policies.ChangeKind, payload json.RawMessage) (any, error) {
	decode := func(v interface{ Validate() error }) error {
		if err := json.Unmarshal(payload, v); err != nil {
			return fmt.Errorf("postgres: change %s: payload: %w", kind, err)
		}
		return v.Validate()
	}
	switch kind {
	case policies.ChangeActing:
		var in policies.ActingInput
		return in, decode(&in)
	case policies.ChangeInvite, policies.ChangeRole:
		var in policies.PersonInput
		err := json.Unmarshal(payload, &in)
		return in, err
	case policies.ChangeChainCreate, policies.ChangeChainUpdate:
		var in policies.ChainInput
		return in, decode(&in)
	case policies.ChangeActingRules:
		var in policies.ActingRules
		return in, decode(&in)
	case policies.ChangeParafAdd:
		var in policies.ParafStepInput
		return in, decode(&in)
	case policies.ChangeHarmonisation:
		var in policies.HarmonisationSettingInput
		return in, decode(&in)
	}
	return nil, nil
}

// tryChange applies a proposed change inside a savepoint and undoes it:
// the proposal is refused now for whatever its confirmation would refuse.
func (s *DB) tryChange(ctx context.Context, tx *sqlx.Tx, c policies.PendingChange, actorID int64) (string, error) {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT try_change`); err != nil {
		return "", mapErr(err)
	}
	trial := policies.InviteLink{TokenHash: strings.Repeat("0", 64), Notice: func(string, string) policies.Notification {
		return policies.Notification{Kind: policies.NoticeInvitation}
	}}
	result, err := s.applyChange(context.WithValue(ctx, joinedTx{}, tx), tx, c, actorID, trial)
	if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT try_change`); rerr != nil && err == nil {
		err = mapErr(rerr)
	}
	return result, err
}

// applyChange makes the change with its kind's write, as actorID's, and
// names the record made or changed. ctx joins tx.
func (s *DB) applyChange(ctx context.Context, tx *sqlx.Tx, c policies.PendingChange, actorID int64, link policies.InviteLink) (string, error) {
	in, err := decodeInput(c.Kind, c.Payload)
	if err != nil {
		return "", err
	}
	id, _ := subjectID(c.Subject)
	region := c.RegionID
	switch c.Kind {
	case policies.ChangeActing:
		a, err := s.AppointActing(ctx, region, actorID, in.(policies.ActingInput))
		return fmt.Sprintf("acting:%d", a.ID), err
	case policies.ChangeInvite:
		var names struct {
			Region string `db:"region"`
			By     string `db:"by"`
		}
		if err := tx.GetContext(ctx, &names, `SELECT r.name AS region, coalesce((SELECT name FROM users WHERE id = $2), '') AS by
			FROM regions r WHERE r.id = $1`, region, actorID); err != nil {
			return "", mapErr(err)
		}
		u, err := s.InvitePerson(ctx, actorID, region, in.(policies.PersonInput), link.TokenHash, link.Notice(names.Region, names.By))
		return fmt.Sprintf("user:%d", u.ID), err
	case policies.ChangeRole:
		u, err := s.UpdatePerson(ctx, actorID, region, id, in.(policies.PersonInput))
		return fmt.Sprintf("user:%d", u.ID), err
	case policies.ChangeReactivate:
		u, err := s.ReactivatePerson(ctx, actorID, region, id)
		return fmt.Sprintf("user:%d", u.ID), err
	case policies.ChangeChainCreate:
		ch, err := s.CreateApprovalChain(ctx, region, actorID, in.(policies.ChainInput))
		return fmt.Sprintf("chain:%d", ch.ID), err
	case policies.ChangeChainUpdate:
		ch, err := s.UpdateApprovalChain(ctx, region, actorID, id, in.(policies.ChainInput))
		return fmt.Sprintf("chain:%d", ch.ID), err
	case policies.ChangeActingRules:
		_, err := s.SetActingRules(ctx, region, actorID, in.(policies.ActingRules))
		return fmt.Sprintf("region:%d", region), err
	case policies.ChangeParafAdd:
		st, err := s.AddParafStep(ctx, region, actorID, in.(policies.ParafStepInput))
		return fmt.Sprintf("paraf_step:%d", st.ID), err
	case policies.ChangeParafDelete:
		return c.Subject, s.DeleteParafStep(ctx, region, actorID, id)
	case policies.ChangeHarmonisation:
		h, err := s.SetHarmonisation(ctx, region, actorID, in.(policies.HarmonisationSettingInput))
		return "harmonisation_setting:" + string(h.Form), err
	}
	return "", fmt.Errorf("postgres: change %d: unknown kind %q", c.ID, c.Kind)
}
