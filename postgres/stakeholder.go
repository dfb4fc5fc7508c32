package postgres

import (
	"context"
	"fmt"
	"slices"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

const groupQuery = `SELECT g.id, g.region_id, g.name, g.kind, g.created_at,
	coalesce(array_agg(m.user_id ORDER BY m.user_id) FILTER (WHERE m.user_id IS NOT NULL), '{}') AS members
	FROM stakeholder_groups g LEFT JOIN stakeholder_group_members m ON m.group_id = g.id`

func selectGroups(ctx context.Context, q sqlx.QueryerContext, where string, args ...any) ([]policies.StakeholderGroup, error) {
	rows, err := q.QueryxContext(ctx, groupQuery+` WHERE `+where+` GROUP BY g.id ORDER BY g.name, g.id`, args...)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	gs := []policies.StakeholderGroup{}
	for rows.Next() {
		var g policies.StakeholderGroup
		var ids pq.Int64Array
		if err := rows.Scan(&g.ID, &g.RegionID, &g.Name, &g.Kind, &g.CreatedAt, &ids); err != nil {
			return nil, err
		}
		g.MemberIDs = ids
		gs = append(gs, g)
	}
	return gs, mapErr(rows.Err())
}

// StakeholderGroups returns a region's stakeholder groups by name, with their members.
func (s *DB) StakeholderGroups(ctx context.Context, regionID int64) ([]policies.StakeholderGroup, error) {
	gs, err := selectGroups(ctx, s.db, `g.region_id = $1`, regionID)
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: stakeholder groups: %w", regionID, err)
	}
	return gs, nil
}

// StakeholderGroup returns one group of the region; another region's is not found.
func (s *DB) StakeholderGroup(ctx context.Context, regionID, groupID int64) (policies.StakeholderGroup, error) {
	return stakeholderGroup(ctx, s.db, regionID, groupID)
}

func stakeholderGroup(ctx context.Context, q sqlx.QueryerContext, regionID, groupID int64) (policies.StakeholderGroup, error) {
	gs, err := selectGroups(ctx, q, `g.region_id = $1 AND g.id = $2`, regionID, groupID)
	if err != nil {
		return policies.StakeholderGroup{}, fmt.Errorf("postgres: stakeholder group %d: %w", groupID, err)
	}
	if len(gs) == 0 {
		return policies.StakeholderGroup{}, policies.Errorf(policies.KindNotFound, "kelompok pemangku kepentingan %d tidak ditemukan", groupID)
	}
	return gs[0], nil
}

// CreateStakeholderGroup adds a group with its members, audited.
func (s *DB) CreateStakeholderGroup(ctx context.Context, regionID, actorID int64, in policies.GroupInput) (policies.StakeholderGroup, error) {
	return createAudited(ctx, s, stakeholderGroup, regionID, actorID, "group", "created", func(tx *sqlx.Tx) (int64, error) {
		var id int64
		if err := tx.GetContext(ctx, &id, `INSERT INTO stakeholder_groups (region_id, name, kind) VALUES ($1, $2, $3) RETURNING id`,
			regionID, in.Name, in.Kind); err != nil {
			return 0, groupNameErr(err)
		}
		return id, setMembers(ctx, tx, regionID, id, in.MemberIDs)
	})
}

// UpdateStakeholderGroup renames a group and sets its members, audited.
func (s *DB) UpdateStakeholderGroup(ctx context.Context, regionID, actorID, groupID int64, in policies.GroupInput) (policies.StakeholderGroup, error) {
	return changeAudited(ctx, s, stakeholderGroup, regionID, actorID, groupID, "group", "updated", func(tx *sqlx.Tx, _ policies.StakeholderGroup) error {
		if _, err := tx.ExecContext(ctx, `UPDATE stakeholder_groups SET name = $3, kind = $4 WHERE id = $2 AND region_id = $1`,
			regionID, groupID, in.Name, in.Kind); err != nil {
			return groupNameErr(err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM stakeholder_group_members WHERE group_id = $1`, groupID); err != nil {
			return mapErr(err)
		}
		return setMembers(ctx, tx, regionID, groupID, in.MemberIDs)
	})
}

// DeleteStakeholderGroup removes a group (its members stay people of the
// region), audited. Consultations already opened keep their invitees.
func (s *DB) DeleteStakeholderGroup(ctx context.Context, regionID, actorID, groupID int64) error {
	return s.Transact(ctx, func(tx *sqlx.Tx) error {
		return deleteAudited(ctx, tx, stakeholderGroup, "stakeholder_groups", "group", regionID, actorID, groupID)
	})
}

// GroupMemberIDs returns the members of the region's groups named, each
// once, in order; a group of another region (or none) is not found.
func (s *DB) GroupMemberIDs(ctx context.Context, regionID int64, groupIDs []int64) ([]int64, error) {
	var n int
	if err := s.q.GetContext(ctx, &n, `SELECT count(*) FROM stakeholder_groups WHERE region_id = $1 AND id = ANY($2)`,
		regionID, pq.Int64Array(groupIDs)); err != nil {
		return nil, mapErr(err)
	}
	uniq := slices.Compact(slices.Sorted(slices.Values(groupIDs)))
	if n != len(uniq) {
		return nil, policies.FieldError("group_ids", "kelompok pemangku kepentingan tidak ditemukan di wilayah ini")
	}
	ids := []int64{}
	err := s.q.SelectContext(ctx, &ids, `SELECT DISTINCT m.user_id FROM stakeholder_group_members m
		JOIN stakeholder_groups g ON g.id = m.group_id JOIN users u ON u.id = m.user_id
		WHERE g.region_id = $1 AND u.region_id = $1 AND u.deactivated_at IS NULL AND g.id = ANY($2) ORDER BY m.user_id`, regionID, pq.Int64Array(groupIDs))
	return ids, mapErr(err)
}

func setMembers(ctx context.Context, tx *sqlx.Tx, regionID, groupID int64, ids []int64) error {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	var n int
	if err := tx.GetContext(ctx, &n, `SELECT count(*) FROM users WHERE region_id = $1 AND id = ANY($2)`, regionID, pq.Int64Array(ids)); err != nil {
		return mapErr(err)
	}
	if n != len(ids) {
		return policies.FieldError("member_ids", "setiap anggota harus orang di wilayah ini")
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO stakeholder_group_members (group_id, user_id) SELECT $1, unnest($2::bigint[])`, groupID, pq.Int64Array(ids))
	return mapErr(err)
}

func groupNameErr(err error) error {
	err = mapErr(err)
	if policies.IsKind(err, policies.KindConflict) {
		return &policies.Error{Kind: policies.KindInvalid, Field: "name", Message: "nama kelompok sudah dipakai di wilayah ini", Err: err}
	}
	return err
}
