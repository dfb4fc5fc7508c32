package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

// PlanNeeds returns a region's needs of a year (or one unit's), by unit.
func (s *DB) PlanNeeds(ctx context.Context, regionID int64, f policies.PlanFilter) ([]policies.PlanNeed, error) {
	ns := []policies.PlanNeed{}
	err := s.q.SelectContext(ctx, &ns, `SELECT n.id, n.year, n.unit_id, u.code AS unit_code, n.competency, n.competency_kind, n.path,
			n.participants, n.jp, n.note, n.source, n.created_at
		FROM plan_needs n JOIN units u ON u.id = n.unit_id
		WHERE n.region_id = $1 AND n.year = $2 AND ($3 = 0 OR n.unit_id = $3) ORDER BY u.code, n.id`, regionID, f.Year, f.UnitID)
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: plan needs %d: %w", regionID, f.Year, mapErr(err))
	}
	return ns, nil
}

// AddPlanNeeds adds needs in one transaction, audited once: every one or,
// when a unit is not the region's, none.
func (s *DB) AddPlanNeeds(ctx context.Context, regionID, actorID int64, source string, in []policies.PlanNeedInput) ([]policies.PlanNeed, error) {
	var out []policies.PlanNeed
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		n := len(in)
		years, units, comps, kinds, paths, people, jps, notes := make([]int64, n), make([]string, n), make([]string, n), make([]string, n),
			make([]string, n), make([]int64, n), make([]int64, n), make([]string, n)
		for i, v := range in {
			years[i], units[i], comps[i], kinds[i], paths[i] = int64(v.Year), v.Unit, v.Competency, string(v.CompetencyKind), string(v.Path)
			people[i], jps[i], notes[i] = int64(v.Participants), int64(v.JP), v.Note
		}
		if err := unitsExist(ctx, tx, regionID, units, "unit %q tidak ada di wilayah ini"); err != nil {
			return err
		}
		var ids []int64
		if err := tx.SelectContext(ctx, &ids, `INSERT INTO plan_needs (region_id, year, unit_id, competency, competency_kind, path, participants, jp, note, source, created_by)
			SELECT $1, f.year, u.id, f.comp, f.kind, f.path, f.people, f.jp, f.note, $10, nullif($11::bigint, 0)
			FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::text[]) WITH ORDINALITY
				AS f(year, unit, comp, kind, path, people, jp, note, n)
			JOIN units u ON u.region_id = $1 AND u.code = f.unit ORDER BY f.n RETURNING id`,
			regionID, pq.Array(years), pq.Array(units), pq.Array(comps), pq.Array(kinds), pq.Array(paths), pq.Array(people), pq.Array(jps), pq.Array(notes),
			source, actorID); err != nil {
			return mapErr(err)
		}
		if err := tx.SelectContext(ctx, &out, `SELECT n.id, n.year, n.unit_id, u.code AS unit_code, n.competency, n.competency_kind, n.path,
				n.participants, n.jp, n.note, n.source, n.created_at
			FROM plan_needs n JOIN units u ON u.id = n.unit_id WHERE n.id = ANY($1) ORDER BY n.id`, pq.Array(ids)); err != nil {
			return mapErr(err)
		}
		action, subject := "plan.need_added", "plan_need:"
		if source == "akpk" {
			action = "plan.needs_imported"
		}
		if len(out) > 0 {
			subject = fmt.Sprintf("plan_need:%d", out[0].ID)
		}
		after := any(out)
		if len(out) == 1 {
			after = out[0]
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: action, Subject: subject, After: after})
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: plan needs: %w", regionID, err)
	}
	return out, nil
}

const planItemColumns = `i.id, i.year, i.unit_id, u.code AS unit_code, i.policy_id, coalesce(p.title, '') AS policy_title, i.competency, i.kind,
	i.target_participants, i.target_jp, i.budget, i.created_at`

// PlanItems returns a region's plan items of a year (or one unit's), each
// with the programs that realise it.
func (s *DB) PlanItems(ctx context.Context, regionID int64, f policies.PlanFilter) ([]policies.PlanItem, error) {
	return planItems(ctx, s.db, regionID, f, 0)
}

func planItems(ctx context.Context, q sqlx.QueryerContext, regionID int64, f policies.PlanFilter, id int64) ([]policies.PlanItem, error) {
	items := []policies.PlanItem{}
	err := sqlx.SelectContext(ctx, q, &items, `SELECT `+planItemColumns+`
		FROM plan_items i JOIN units u ON u.id = i.unit_id LEFT JOIN policies p ON p.id = i.policy_id
		WHERE i.region_id = $1 AND ($4 <> 0 OR i.year = $2) AND ($3 = 0 OR i.unit_id = $3) AND ($4 = 0 OR i.id = $4)
		ORDER BY u.code, i.id`, regionID, f.Year, f.UnitID, id)
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: plan items: %w", regionID, mapErr(err))
	}
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ID
		items[i].Programs = []policies.PlanProgram{}
	}
	var links []policies.PlanProgram
	if err := sqlx.SelectContext(ctx, q, &links, `SELECT l.item_id, pr.id AS program_id, pr.policy_id, pr.title, pr.ends_on, pr.jp, pr.status, pr.budget, pr.realisation
		FROM plan_item_programs l JOIN programs pr ON pr.id = l.program_id WHERE l.item_id = ANY($1) ORDER BY pr.starts_on, pr.id`, pq.Array(ids)); err != nil {
		return nil, fmt.Errorf("postgres: region %d: plan programs: %w", regionID, mapErr(err))
	}
	at := map[int64]int{}
	for i, it := range items {
		at[it.ID] = i
	}
	for _, l := range links {
		items[at[l.ItemID]].Programs = append(items[at[l.ItemID]].Programs, l)
	}
	return items, nil
}

func planItem(ctx context.Context, q sqlx.QueryerContext, regionID, id int64) (policies.PlanItem, error) {
	items, err := planItems(ctx, q, regionID, policies.PlanFilter{}, id)
	if err != nil {
		return policies.PlanItem{}, err
	}
	if len(items) == 0 {
		return policies.PlanItem{}, &policies.Error{Kind: policies.KindNotFound, Field: "item_id", Message: "butir rencana tidak ditemukan"}
	}
	return items[0], nil
}

// CreatePlanItem adds an item to a region's plan, audited. Its unit must
// be the region's and its policy, if any, the region's too.
func (s *DB) CreatePlanItem(ctx context.Context, regionID, actorID int64, in policies.PlanItemInput) (policies.PlanItem, error) {
	var out policies.PlanItem
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		unitID, err := planItemUnit(ctx, tx, regionID, in)
		if err != nil {
			return err
		}
		var id int64
		if err := tx.GetContext(ctx, &id, `INSERT INTO plan_items (region_id, year, unit_id, policy_id, competency, kind, target_participants, target_jp, budget, created_by)
			VALUES ($1, $2, $3, nullif($4::bigint, 0), $5, $6, $7, $8, $9, nullif($10::bigint, 0)) RETURNING id`,
			regionID, in.Year, unitID, in.PolicyID, in.Competency, in.Kind, in.TargetParticipants, in.TargetJP, in.Budget, actorID); err != nil {
			return mapErr(err)
		}
		if out, err = planItem(ctx, tx, regionID, id); err != nil {
			return err
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "plan.item_created", Subject: fmt.Sprintf("plan_item:%d", id), After: out})
	})
	if err != nil {
		return out, fmt.Errorf("postgres: region %d: plan item: %w", regionID, err)
	}
	return out, nil
}

// planItemUnit returns the ID of an item's unit, which must be the
// region's, after checking its policy, if any, is the region's too.
func planItemUnit(ctx context.Context, tx *sqlx.Tx, regionID int64, in policies.PlanItemInput) (int64, error) {
	var unitID int64
	if err := tx.GetContext(ctx, &unitID, `SELECT id FROM units WHERE region_id = $1 AND code = $2`, regionID, in.Unit); err != nil {
		if policies.IsKind(mapErr(err), policies.KindNotFound) {
			return 0, policies.FieldError("unit", "unit %q tidak ada di wilayah ini", in.Unit)
		}
		return 0, mapErr(err)
	}
	if in.PolicyID != 0 {
		var ok bool
		if err := tx.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM policies WHERE id = $1 AND region_id = $2)`, in.PolicyID, regionID); err != nil {
			return 0, mapErr(err)
		}
		if !ok {
			return 0, policies.FieldError("policy_id", "kebijakan %d tidak ada di wilayah ini", in.PolicyID)
		}
	}
	return unitID, nil
}

// LinkPlanProgram records that a program realises a plan item, audited.
// Another region's item is not found; a program of another region, of
// another unit, or of another policy than the item's is refused naming
// program_id; a link already made is a conflict.
func (s *DB) LinkPlanProgram(ctx context.Context, regionID, actorID int64, in policies.PlanLinkInput) (policies.PlanItem, error) {
	var out policies.PlanItem
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		it, err := planItem(ctx, tx, regionID, in.ItemID)
		if err != nil {
			return err
		}
		var pr struct {
			RegionID int64 `db:"region_id"`
			UnitID   int64 `db:"unit_id"`
			PolicyID int64 `db:"policy_id"`
		}
		if err := tx.GetContext(ctx, &pr, `SELECT p.region_id, pr.unit_id, pr.policy_id FROM programs pr JOIN policies p ON p.id = pr.policy_id
			WHERE pr.id = $1`, in.ProgramID); err != nil {
			if policies.IsKind(mapErr(err), policies.KindNotFound) {
				return policies.FieldError("program_id", "program %d tidak ditemukan", in.ProgramID)
			}
			return mapErr(err)
		}
		switch {
		case pr.RegionID != regionID:
			return policies.FieldError("program_id", "program %d bukan program wilayah ini", in.ProgramID)
		case pr.UnitID != it.UnitID:
			return policies.FieldError("program_id", "program %d dijalankan unit lain, bukan unit %s butir rencana ini", in.ProgramID, it.UnitCode)
		case it.PolicyID != nil && pr.PolicyID != *it.PolicyID:
			return policies.FieldError("program_id", "program %d melaksanakan kebijakan lain, bukan kebijakan butir rencana ini", in.ProgramID)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO plan_item_programs (item_id, program_id, linked_by) VALUES ($1, $2, nullif($3::bigint, 0))
			ON CONFLICT DO NOTHING`, in.ItemID, in.ProgramID, actorID)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &policies.Error{Kind: policies.KindConflict, Field: "program_id", Message: fmt.Sprintf("program %d sudah tercatat merealisasikan butir rencana ini", in.ProgramID)}
		}
		if out, err = planItem(ctx, tx, regionID, in.ItemID); err != nil {
			return err
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "plan.program_linked",
			Subject: fmt.Sprintf("plan_item:%d", in.ItemID), Before: it, After: out})
	})
	if err != nil {
		return out, fmt.Errorf("postgres: region %d: plan link: %w", regionID, err)
	}
	return out, nil
}

// PlanCompletions returns the completed participations in the programs
// that realise a region's plan items of a year (or one unit's), by the
// ledger's rule: a program with sessions gives the JP of the sessions
// attended, one without its JP to those who completed it; a cancelled
// program and a removed participant give none.
func (s *DB) PlanCompletions(ctx context.Context, regionID int64, f policies.PlanFilter) ([]policies.PlanCompletion, error) {
	cs := []policies.PlanCompletion{}
	err := s.q.SelectContext(ctx, &cs, `SELECT l.item_id, pr.id AS program_id, pa.nip, CASE WHEN ses.n > 0 THEN att.jp ELSE pr.jp END AS jp
		FROM plan_items i JOIN plan_item_programs l ON l.item_id = i.id JOIN programs pr ON pr.id = l.program_id
		JOIN participants pa ON pa.program_id = pr.id
		CROSS JOIN LATERAL (SELECT count(*) AS n FROM program_sessions WHERE program_id = pr.id) ses
		LEFT JOIN LATERAL (SELECT sum(ps.jp) AS jp FROM session_attendance sa JOIN program_sessions ps ON ps.id = sa.session_id
			WHERE sa.participant_id = pa.id AND sa.present) att ON ses.n > 0
		WHERE i.region_id = $1 AND i.year = $2 AND ($3 = 0 OR i.unit_id = $3) AND pa.removed_at IS NULL AND pr.status <> 'cancelled'
			AND CASE WHEN ses.n > 0 THEN coalesce(att.jp, 0) > 0 ELSE pa.completed END
		ORDER BY l.item_id, pr.id, pa.nip`, regionID, f.Year, f.UnitID)
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: plan completions %d: %w", regionID, f.Year, mapErr(err))
	}
	return cs, nil
}
