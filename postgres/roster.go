package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

const rosterColumns = `a.id, a.region_id, a.nip, a.name, a.kind, a.unit_id, u.code AS unit_code, a.jabatan, a.golongan, a.email, a.active, a.updated_at`

// rosterLock serializes the writes to one region's roster (an import
// applied, a person saved by hand), so an import's check that the roster
// is still the one it was previewed against holds until it commits.
func rosterLock(ctx context.Context, tx *sqlx.Tx, regionID int64) error {
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(27, $1::int)`, regionID)
	return mapErr(err)
}

// Roster returns a region's roster (or one unit's), by unit code, name, NIP.
func (s *DB) Roster(ctx context.Context, regionID int64, f policies.RosterFilter) ([]policies.RosterPerson, error) {
	return roster(ctx, s.db, regionID, f)
}

func roster(ctx context.Context, q sqlx.QueryerContext, regionID int64, f policies.RosterFilter) ([]policies.RosterPerson, error) {
	ps := []policies.RosterPerson{}
	err := sqlx.SelectContext(ctx, q, &ps, `SELECT `+rosterColumns+` FROM asn_roster a JOIN units u ON u.id = a.unit_id
		WHERE a.region_id = $1 AND ($2 = 0 OR a.unit_id = $2) AND (a.active OR NOT $3)
		ORDER BY u.code, a.name, a.nip`, regionID, f.UnitID, f.ActiveOnly)
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: roster: %w", regionID, mapErr(err))
	}
	return ps, nil
}

// RosterPersonByID returns one person of a region's roster; another
// region's is not found.
func (s *DB) RosterPersonByID(ctx context.Context, regionID, id int64) (policies.RosterPerson, error) {
	return rosterPerson(ctx, s.db, regionID, id)
}

func rosterPerson(ctx context.Context, q sqlx.QueryerContext, regionID, id int64) (policies.RosterPerson, error) {
	return oneInRegion[policies.RosterPerson](ctx, q, `SELECT `+rosterColumns+` FROM asn_roster a JOIN units u ON u.id = a.unit_id
		WHERE a.region_id = $1 AND a.id = $2`, "roster person", regionID, id)
}

// SaveRosterPerson adds (id 0) or corrects one person by hand, audited.
func (s *DB) SaveRosterPerson(ctx context.Context, regionID, actorID, id int64, in policies.RosterInput) (policies.RosterPerson, error) {
	var out policies.RosterPerson
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if err := rosterLock(ctx, tx, regionID); err != nil {
			return err
		}
		var unitID int64
		if err := tx.GetContext(ctx, &unitID, `SELECT id FROM units WHERE region_id = $1 AND code = $2`, regionID, in.Unit); err != nil {
			if policies.IsKind(mapErr(err), policies.KindNotFound) {
				return policies.FieldError("unit", "unit %q tidak ada di wilayah ini", in.Unit)
			}
			return mapErr(err)
		}
		var before any
		verb := "created"
		if id == 0 {
			err := tx.GetContext(ctx, &id, `INSERT INTO asn_roster (region_id, nip, name, kind, unit_id, jabatan, golongan, active, email)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
				regionID, in.NIP, in.Name, in.Kind, unitID, in.Jabatan, in.Golongan, in.IsActive(), in.EmailText())
			if err != nil {
				return nipTaken(mapErr(err), in.NIP)
			}
		} else {
			b, err := rosterPerson(ctx, tx, regionID, id)
			if err != nil {
				return err
			}
			before, verb = b, "updated"
			// An input without an email keeps the one on record.
			if _, err := tx.ExecContext(ctx, `UPDATE asn_roster SET nip = $3, name = $4, kind = $5, unit_id = $6, jabatan = $7,
					golongan = $8, active = $9, email = coalesce($10, email), updated_at = now() WHERE region_id = $1 AND id = $2`,
				regionID, id, in.NIP, in.Name, in.Kind, unitID, in.Jabatan, in.Golongan, in.IsActive(), in.Email); err != nil {
				return nipTaken(mapErr(err), in.NIP)
			}
		}
		var err error
		out, err = auditSaved(ctx, tx, rosterPerson, regionID, actorID, id, "roster", verb, before)
		return err
	})
	return out, err
}

// nipTaken names the field of a number already on the region's roster.
func nipTaken(err error, nip string) error {
	if policies.IsKind(err, policies.KindConflict) {
		return &policies.Error{Kind: policies.KindConflict, Field: "nip", Message: fmt.Sprintf("NIP/NI PPPK %s sudah ada di daftar ASN wilayah ini", nip), Err: err}
	}
	return err
}

// PreviewRosterImport keeps the checked rows of a file as a pending import
// and says what applying it would change. Pending imports older than a day
// are dropped.
func (s *DB) PreviewRosterImport(ctx context.Context, regionID, actorID int64, fileHash string, rows []policies.RosterInput) (policies.RosterPreview, error) {
	var p policies.RosterPreview
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		current, err := roster(ctx, tx, regionID, policies.RosterFilter{})
		if err != nil {
			return err
		}
		digest := policies.RosterDigest(current)
		p = policies.DiffRoster(current, rows)
		p.FileHash, p.Token = fileHash, policies.RosterImportToken(fileHash, digest)
		data, err := json.Marshal(rows)
		if err != nil {
			return fmt.Errorf("postgres: roster import rows: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM roster_imports WHERE created_at < now() - interval '1 day'`); err != nil {
			return mapErr(err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO roster_imports (region_id, token, file_hash, digest, rows, created_by)
			VALUES ($1, $2, $3, $4, $5, nullif($6::bigint, 0))
			ON CONFLICT (region_id, token) DO UPDATE SET created_at = now(), created_by = EXCLUDED.created_by`,
			regionID, p.Token, fileHash, digest, string(data), actorID)
		return mapErr(err)
	})
	if err != nil {
		return p, fmt.Errorf("postgres: region %d: roster import preview: %w", regionID, err)
	}
	return p, nil
}

// ApplyRosterImport applies a previewed import in one transaction: every
// row of the file added or updated, every active person missing from it
// made inactive, one audit record with every change. It refuses (conflict)
// when the roster changed since the preview.
func (s *DB) ApplyRosterImport(ctx context.Context, regionID, actorID int64, token string) (policies.RosterPreview, error) {
	var p policies.RosterPreview
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if err := rosterLock(ctx, tx, regionID); err != nil {
			return err
		}
		var pending struct {
			FileHash string `db:"file_hash"`
			Digest   string `db:"digest"`
			Rows     []byte `db:"rows"`
		}
		if err := tx.GetContext(ctx, &pending, `SELECT file_hash, digest, rows FROM roster_imports WHERE region_id = $1 AND token = $2`, regionID, token); err != nil {
			if policies.IsKind(mapErr(err), policies.KindNotFound) {
				return &policies.Error{Kind: policies.KindNotFound, Field: "token", Message: "pratinjau impor daftar ASN ini tidak ditemukan atau sudah diterapkan; unggah berkasnya lagi", Err: err}
			}
			return mapErr(err)
		}
		var rows []policies.RosterInput
		if err := json.Unmarshal(pending.Rows, &rows); err != nil {
			return fmt.Errorf("roster import rows: %w", err)
		}
		current, err := roster(ctx, tx, regionID, policies.RosterFilter{})
		if err != nil {
			return err
		}
		if policies.RosterDigest(current) != pending.Digest {
			return policies.Errorf(policies.KindConflict, "daftar ASN berubah sejak pratinjau ini dibuat; unggah berkasnya lagi untuk melihat perubahan terbaru")
		}
		p = policies.DiffRoster(current, rows)
		p.FileHash, p.Token, p.Applied = pending.FileHash, token, true
		if err := applyRosterRows(ctx, tx, regionID, rows); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM roster_imports WHERE region_id = $1`, regionID); err != nil {
			return mapErr(err)
		}
		return auditAdmin(ctx, tx, policies.AdminChange{RegionID: regionID, ActorID: actorID, Action: "roster.imported",
			Subject: fmt.Sprintf("roster:%s", pending.FileHash[:12]),
			After:   map[string]any{"file_hash": pending.FileHash, "rows": p.Rows, "counts": p.Counts, "unchanged": p.Unchanged, "changes": p.Changes}})
	})
	if err != nil {
		return p, fmt.Errorf("postgres: region %d: roster import: %w", regionID, err)
	}
	return p, nil
}

// applyRosterRows writes a file's rows in two statements: the rows added or
// updated (only those that differ are touched; a row without an email
// keeps the one on record), then those missing from the file made
// inactive.
func applyRosterRows(ctx context.Context, tx *sqlx.Tx, regionID int64, rows []policies.RosterInput) error {
	n := len(rows)
	nips, names, kinds, units, jabatan, golongan := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	active, emails := make([]bool, n), make([]sql.NullString, n)
	for i, r := range rows {
		nips[i], names[i], kinds[i], units[i], jabatan[i], golongan[i], active[i] = r.NIP, r.Name, string(r.Kind), r.Unit, r.Jabatan, r.Golongan, r.IsActive()
		emails[i] = sql.NullString{String: r.EmailText(), Valid: r.Email != nil}
	}
	if err := unitsExist(ctx, tx, regionID, units, "unit %q tidak ada lagi di wilayah ini; unggah berkasnya lagi"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO asn_roster AS a (region_id, nip, name, kind, unit_id, jabatan, golongan, active, email)
		SELECT $1, f.nip, f.name, f.kind, u.id, f.jabatan, f.golongan, f.active, coalesce(f.email, o.email, '')
		FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bool[], $9::text[]) AS f(nip, name, kind, unit, jabatan, golongan, active, email)
		JOIN units u ON u.region_id = $1 AND u.code = f.unit
		LEFT JOIN asn_roster o ON o.region_id = $1 AND o.nip = f.nip
		ON CONFLICT (region_id, nip) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, unit_id = EXCLUDED.unit_id,
			jabatan = EXCLUDED.jabatan, golongan = EXCLUDED.golongan, active = EXCLUDED.active, email = EXCLUDED.email, updated_at = now()
		WHERE (a.name, a.kind, a.unit_id, a.jabatan, a.golongan, a.active, a.email) IS DISTINCT FROM
			(EXCLUDED.name, EXCLUDED.kind, EXCLUDED.unit_id, EXCLUDED.jabatan, EXCLUDED.golongan, EXCLUDED.active, EXCLUDED.email)`,
		regionID, pq.Array(nips), pq.Array(names), pq.Array(kinds), pq.Array(units), pq.Array(jabatan), pq.Array(golongan), pq.Array(active), pq.Array(emails)); err != nil {
		return mapErr(err)
	}
	_, err := tx.ExecContext(ctx, `UPDATE asn_roster SET active = false, updated_at = now()
		WHERE region_id = $1 AND active AND NOT (nip = ANY($2::text[]))`, regionID, pq.Array(nips))
	return mapErr(err)
}
