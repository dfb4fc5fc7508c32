package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

const userColumns = `id, email, name, role, region_id, unit_id, title, password_hash, created_at, lang`

// regionColumns are a region's columns as policies.Region reads them.
const regionColumns = `id, slug, name, time_zone, jp_min_pns, jp_min_pppk, jp_max_pns, jp_max_pppk, ikm_threshold_default::float8 AS ikm_threshold_default, paper_size, skm_min_respondents, kp_behaviour_months, kp_results_months,
	consultation_min_days, consultation_min_mode, answer_deadline_days, created_at`

// Regions returns every region by name.
func (s *DB) Regions(ctx context.Context) ([]policies.Region, error) {
	var rs []policies.Region
	err := s.q.SelectContext(ctx, &rs, `SELECT `+regionColumns+` FROM regions ORDER BY name`)
	return rs, mapErr(err)
}

// RegionBySlug returns the region with that slug.
func (s *DB) RegionBySlug(ctx context.Context, slug string) (policies.Region, error) {
	return s.regionWhere(ctx, "slug", slug, fmt.Sprintf("%q", slug))
}

// RegionByID returns one region.
func (s *DB) RegionByID(ctx context.Context, id int64) (policies.Region, error) {
	return s.regionWhere(ctx, "id", id, fmt.Sprint(id))
}

// regionWhere reads the region whose column (id or slug) is v, named in
// an error as name.
func (s *DB) regionWhere(ctx context.Context, column string, v any, name string) (policies.Region, error) {
	var r policies.Region
	err := s.q.GetContext(ctx, &r, `SELECT `+regionColumns+` FROM regions WHERE `+column+` = $1`, v)
	if err != nil {
		return r, fmt.Errorf("postgres: region %s: %w", name, mapErr(err))
	}
	return r, nil
}

// Units returns a region's units by name.
func (s *DB) Units(ctx context.Context, regionID int64) ([]policies.Unit, error) {
	var us []policies.Unit
	err := s.q.SelectContext(ctx, &us,
		`SELECT id, region_id, code, name, created_at FROM units WHERE region_id = $1 ORDER BY name`, regionID)
	return us, mapErr(err)
}

// UnitOfficers returns the unit officers of a unit.
func (s *DB) UnitOfficers(ctx context.Context, unitID int64) ([]int64, error) {
	var ids []int64
	err := s.q.SelectContext(ctx, &ids, `SELECT id FROM users WHERE unit_id = $1 AND role = 'unit_officer' AND deactivated_at IS NULL ORDER BY id`, unitID)
	return ids, mapErr(err)
}

// UnitHead returns who heads a unit, 0 when nobody is recorded.
func (s *DB) UnitHead(ctx context.Context, unitID int64) (int64, error) {
	var id int64
	err := s.q.GetContext(ctx, &id, `SELECT coalesce(head_user_id, 0) FROM units WHERE id = $1`, unitID)
	return id, mapErr(err)
}

// UnitContacts returns the active officers and the head of many units in
// one query.
func (s *DB) UnitContacts(ctx context.Context, unitIDs []int64) (map[int64]policies.UnitContacts, error) {
	var rows []struct {
		ID       int64         `db:"id"`
		Head     int64         `db:"head"`
		Officers pq.Int64Array `db:"officers"`
	}
	err := s.q.SelectContext(ctx, &rows, `SELECT u.id, coalesce(u.head_user_id, 0) AS head,
		coalesce(array_agg(o.id ORDER BY o.id) FILTER (WHERE o.id IS NOT NULL), '{}') AS officers
		FROM units u LEFT JOIN users o ON o.unit_id = u.id AND o.role = 'unit_officer' AND o.deactivated_at IS NULL
		WHERE u.id = ANY($1) GROUP BY u.id`, pq.Array(unitIDs))
	if err != nil {
		return nil, fmt.Errorf("postgres: units' officers and heads: %w", mapErr(err))
	}
	out := make(map[int64]policies.UnitContacts, len(rows))
	for _, r := range rows {
		out[r.ID] = policies.UnitContacts{Officers: []int64(r.Officers), Head: r.Head}
	}
	return out, nil
}

// UserByID returns the user with that id.
func (s *DB) UserByID(ctx context.Context, id int64) (policies.User, error) {
	var u policies.User
	if err := sqlx.GetContext(ctx, s.reader(ctx), &u, `SELECT `+userColumns+` FROM users WHERE id = $1`, id); err != nil {
		return u, fmt.Errorf("postgres: user %d: %w", id, mapErr(err))
	}
	return u, nil
}

// UserByEmail returns the user with that email, case-insensitively.
func (s *DB) UserByEmail(ctx context.Context, email string) (policies.User, error) {
	var u policies.User
	err := sqlx.GetContext(ctx, s.reader(ctx), &u, `SELECT id, email, name, role, region_id, unit_id, title, password_hash, created_at, deactivated_at, lang
		FROM users WHERE lower(email) = lower($1)`, email)
	if err != nil {
		return u, fmt.Errorf("postgres: user %q: %w", email, mapErr(err))
	}
	return u, nil
}

// UsersByRole lists the people of a region with a role, by name.
func (s *DB) UsersByRole(ctx context.Context, regionID int64, role policies.Role) ([]policies.User, error) {
	var us []policies.User
	err := s.q.SelectContext(ctx, &us, `SELECT id, email, name, role, region_id, unit_id, title, '' AS password_hash, created_at
		FROM users WHERE role = $1 AND region_id = $2 AND deactivated_at IS NULL ORDER BY name, id`, string(role), regionID)
	if err != nil {
		return nil, fmt.Errorf("postgres: users with role %s: %w", role, mapErr(err))
	}
	return us, nil
}

// UserLangs returns the language each of the people chose for their
// notices, by id; a person not found is absent.
func (s *DB) UserLangs(ctx context.Context, ids []int64) (map[int64]string, error) {
	var rows []struct {
		ID   int64  `db:"id"`
		Lang string `db:"lang"`
	}
	if err := s.q.SelectContext(ctx, &rows, `SELECT id, lang FROM users WHERE id = ANY($1)`, pq.Array(ids)); err != nil {
		return nil, fmt.Errorf("postgres: languages of %d people: %w", len(ids), mapErr(err))
	}
	out := make(map[int64]string, len(rows))
	for _, r := range rows {
		out[r.ID] = r.Lang
	}
	return out, nil
}

// userLang is the language person userID chose for their notices, read
// in the transaction that writes one ("id" for a person not found).
func userLang(ctx context.Context, tx *sqlx.Tx, userID int64) (string, error) {
	var lang []string
	if err := tx.SelectContext(ctx, &lang, `SELECT lang FROM users WHERE id = $1`, userID); err != nil {
		return "", mapErr(err)
	}
	if len(lang) == 0 {
		return "id", nil
	}
	return lang[0], nil
}

// SetUserLang sets the language of a person's notices, audited as their
// own change (an unchanged language is not a change).
func (s *DB) SetUserLang(ctx context.Context, userID int64, lang string) error {
	if lang != "id" && lang != "en" {
		return policies.FieldError("lang", "bahasa %q tidak dikenal: pilih id atau en", lang)
	}
	return mapErr(s.Transact(ctx, func(tx *sqlx.Tx) error {
		var was string
		if err := tx.GetContext(ctx, &was, `SELECT lang FROM users WHERE id = $1 FOR UPDATE`, userID); err != nil {
			return err
		}
		if was == lang {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET lang = $2 WHERE id = $1`, userID, lang); err != nil {
			return err
		}
		return auditOwn(ctx, tx, userID, policies.AdminChange{ActorID: userID, Action: "user.lang", Subject: fmt.Sprintf("account:%d", userID),
			Before: map[string]string{"lang": was}, After: map[string]string{"lang": lang}})
	}))
}
