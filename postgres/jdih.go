package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

var _ policies.JDIHStore = (*DB)(nil)

// relationRow is a relation with the latest enactment of each side, if any.
type relationRow struct {
	policies.PolicyRelation
	RegionName string         `db:"region_name"`
	FromForm   sql.NullString `db:"from_form"`
	FromNumber sql.NullInt64  `db:"from_number"`
	FromYear   sql.NullInt64  `db:"from_year"`
	ToForm     sql.NullString `db:"to_form"`
	ToNumber   sql.NullInt64  `db:"to_number"`
	ToYear     sql.NullInt64  `db:"to_year"`
}

const relationSelect = `SELECT x.id, x.region_id, x.from_policy_id, x.to_policy_id, x.kind, x.created_by, x.created_at,
	r.name AS region_name,
	fp.title AS from_title, fp.status AS from_status, (fp.in_force_version_id IS NOT NULL) AS from_in_force,
	tp.title AS to_title, tp.status AS to_status, (tp.in_force_version_id IS NOT NULL) AS to_in_force,
	fe.form AS from_form, fe.number AS from_number, fe.year AS from_year,
	te.form AS to_form, te.number AS to_number, te.year AS to_year
FROM policy_relations x
JOIN regions r ON r.id = x.region_id
JOIN policies fp ON fp.id = x.from_policy_id
JOIN policies tp ON tp.id = x.to_policy_id
LEFT JOIN LATERAL (SELECT form, number, year FROM enactments WHERE policy_id = x.from_policy_id ORDER BY id DESC LIMIT 1) fe ON true
LEFT JOIN LATERAL (SELECT form, number, year FROM enactments WHERE policy_id = x.to_policy_id ORDER BY id DESC LIMIT 1) te ON true`

func (row relationRow) relation() policies.PolicyRelation {
	rel := row.PolicyRelation
	label := func(form sql.NullString, number, year sql.NullInt64) string {
		if !form.Valid {
			return ""
		}
		return policies.Enactment{Form: policies.LegalForm(form.String), Number: int(number.Int64), Year: int(year.Int64)}.Label(row.RegionName)
	}
	rel.FromLabel, rel.FromEnacted = label(row.FromForm, row.FromNumber, row.FromYear), row.FromForm.Valid
	rel.ToLabel, rel.ToEnacted = label(row.ToForm, row.ToNumber, row.ToYear), row.ToForm.Valid
	return rel
}

// AddRelation implements policies.JDIHStore.
func (s *DB) AddRelation(ctx context.Context, regionID, actorID, fromPolicyID int64, in policies.RelationInput) (policies.PolicyRelation, error) {
	var id int64
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var regions []int64
		if err := tx.SelectContext(ctx, &regions, `SELECT region_id FROM policies WHERE id = $1 FOR SHARE`, fromPolicyID); err != nil {
			return mapErr(err)
		}
		if len(regions) == 0 || regions[0] != regionID {
			return policies.Errorf(policies.KindNotFound, "kebijakan tidak ditemukan")
		}
		// The other policy must be of the same region; another city's is
		// named as absent, so its existence does not leak.
		var other []int64
		if err := tx.SelectContext(ctx, &other, `SELECT region_id FROM policies WHERE id = $1 FOR SHARE`, in.ToPolicyID); err != nil {
			return mapErr(err)
		}
		if len(other) == 0 || other[0] != regionID {
			return policies.FieldError("to_policy_id", "kebijakan tujuan tidak ditemukan di wilayah ini")
		}
		err := tx.GetContext(ctx, &id, `INSERT INTO policy_relations (region_id, from_policy_id, to_policy_id, kind, created_by)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, regionID, fromPolicyID, in.ToPolicyID, in.Kind, actorID)
		if pe, ok := err.(*pq.Error); ok && pe.Code == "23505" {
			return policies.Errorf(policies.KindConflict, "relasi ini sudah dicatat")
		}
		if err != nil {
			return mapErr(err)
		}
		return auditCurrent(ctx, tx, actorID, "relation.added", fmt.Sprintf("%s #%d", in.Kind, in.ToPolicyID), fromPolicyID, in.ToPolicyID)
	})
	if err != nil {
		return policies.PolicyRelation{}, err
	}
	var row relationRow
	if err := s.q.GetContext(ctx, &row, relationSelect+` WHERE x.id = $1`, id); err != nil {
		return policies.PolicyRelation{}, mapErr(err)
	}
	return row.relation(), nil
}

// DeleteRelation implements policies.JDIHStore.
func (s *DB) DeleteRelation(ctx context.Context, regionID, actorID, policyID, relationID int64) error {
	return s.Transact(ctx, func(tx *sqlx.Tx) error {
		var gone []struct {
			From int64                 `db:"from_policy_id"`
			To   int64                 `db:"to_policy_id"`
			Kind policies.RelationKind `db:"kind"`
		}
		if err := tx.SelectContext(ctx, &gone, `DELETE FROM policy_relations
			WHERE id = $1 AND region_id = $2 AND (from_policy_id = $3 OR to_policy_id = $3)
			RETURNING from_policy_id, to_policy_id, kind`, relationID, regionID, policyID); err != nil {
			return mapErr(err)
		}
		if len(gone) == 0 {
			return policies.Errorf(policies.KindNotFound, "relasi tidak ditemukan")
		}
		g := gone[0]
		return auditCurrent(ctx, tx, actorID, "relation.removed", fmt.Sprintf("%s #%d", g.Kind, g.To), g.From, g.To)
	})
}

// auditCurrent writes one audit entry per policy, on its current version:
// a relation is recorded on both policies it joins.
func auditCurrent(ctx context.Context, tx *sqlx.Tx, actorID int64, action, detail string, policyIDs ...int64) error {
	for _, id := range policyIDs {
		var version int64
		if err := tx.GetContext(ctx, &version, `SELECT coalesce(current_version_id, 0) FROM policies WHERE id = $1`, id); err != nil {
			return mapErr(err)
		}
		if err := audit(ctx, tx, id, version, actorID, action, detail); err != nil {
			return err
		}
	}
	return nil
}

// Relations implements policies.JDIHStore.
func (s *DB) Relations(ctx context.Context, policyID int64) ([]policies.PolicyRelation, error) {
	var rows []relationRow
	if err := s.q.SelectContext(ctx, &rows, relationSelect+` WHERE x.from_policy_id = $1 OR x.to_policy_id = $1 ORDER BY x.id`, policyID); err != nil {
		return nil, mapErr(err)
	}
	out := make([]policies.PolicyRelation, len(rows))
	for i, r := range rows {
		out[i] = r.relation()
	}
	return out, nil
}

// metadataRow is a policy's latest enactment with its region and saved metadata.
type metadataRow struct {
	PolicyID       int64              `db:"policy_id"`
	RegionID       int64              `db:"region_id"`
	RegionName     string             `db:"region_name"`
	PolicyStatus   policies.Status    `db:"policy_status"`
	VersionNumber  int                `db:"version_number"`
	Form           policies.LegalForm `db:"form"`
	Number         int                `db:"number"`
	Year           int                `db:"year"`
	Title          string             `db:"title"`
	Place          string             `db:"place"`
	EnactedOn      time.Time          `db:"enacted_on"`
	EffectiveOn    *time.Time         `db:"effective_on"`
	Zone           policies.TimeZone  `db:"region_zone"`
	PromulgatedOn  *time.Time         `db:"promulgated_on"`
	GazetteNumber  *int               `db:"gazette_number"`
	GazetteYear    *int               `db:"gazette_year"`
	SignerName     string             `db:"signer_name"`
	Capacity       string             `db:"capacity"`
	PrincipalTitle string             `db:"principal_title"`
	SignerTitle    string             `db:"signer_title"`
	TEUBadan       sql.NullString     `db:"teu_badan"`
	Subjek         sql.NullString     `db:"subjek"`
	BidangHukum    sql.NullString     `db:"bidang_hukum"`
	Bahasa         sql.NullString     `db:"bahasa"`
	Lokasi         sql.NullString     `db:"lokasi"`
	Sumber         sql.NullString     `db:"sumber"`
	Status         sql.NullString     `db:"status"`
	Abstrak        sql.NullString     `db:"abstrak"`
	UpdatedAt      *time.Time         `db:"updated_at"`
	RepealedFrom   *time.Time         `db:"repealed_from"`
	AmendedFrom    *time.Time         `db:"amended_from"`
	Total          int                `db:"total"`
}

// actingFrom is the day an enactment y of a repealing or amending product
// takes effect, as policies.Enactment.EffectiveDate says (NULL while it
// cannot: a Peraturan not yet promulgated). A product repeals or amends
// another only from then (UU 12/2011 Pasal 87), not from its enactment.
const actingFrom = `CASE WHEN y.form = 'kepwali' THEN coalesce(y.effective_on, y.enacted_on)
		WHEN y.promulgated_on IS NOT NULL THEN coalesce(y.effective_on, y.promulgated_on) END`

const metadataSelect = `WITH latest AS (SELECT DISTINCT ON (policy_id) * FROM enactments ORDER BY policy_id, id DESC)
SELECT p.id AS policy_id, p.region_id, r.name AS region_name, r.time_zone AS region_zone, p.status AS policy_status,
	e.version_number, e.form, e.number, e.year, e.title, e.place, e.enacted_on, e.effective_on, e.promulgated_on,
	e.gazette_number, e.gazette_year, e.signer_name, e.capacity, e.principal_title, e.signer_title,
	m.teu_badan, m.subjek, m.bidang_hukum, m.bahasa, m.lokasi, m.sumber, m.status, m.abstrak, m.updated_at,
	(SELECT min(` + actingFrom + `) FROM policy_relations x JOIN enactments y ON y.policy_id = x.from_policy_id
		WHERE x.to_policy_id = p.id AND x.kind = 'mencabut') AS repealed_from,
	(SELECT min(` + actingFrom + `) FROM policy_relations x JOIN enactments y ON y.policy_id = x.from_policy_id
		WHERE x.to_policy_id = p.id AND x.kind = 'mengubah') AS amended_from,
	count(*) OVER () AS total
FROM latest e
JOIN policies p ON p.id = e.policy_id
JOIN regions r ON r.id = p.region_id
LEFT JOIN jdih_metadata m ON m.policy_id = p.id`

func (row metadataRow) metadata() policies.JDIHMetadata {
	m := policies.JDIHMetadata{PolicyID: row.PolicyID, RegionID: row.RegionID, RegionName: row.RegionName, PolicyStatus: row.PolicyStatus,
		Form: row.Form, Jenis: row.Form.Name(), SingkatanJenis: row.Form.Abbrev(), Nomor: row.Number, Tahun: row.Year,
		Judul: row.Title, TempatPenetapan: row.Place, TanggalPenetapan: row.EnactedOn.Format(time.DateOnly),
		Penandatangan: row.SignerName, VersionNumber: row.VersionNumber, EnactedOn: row.EnactedOn}
	today := policies.Today(time.Now(), row.Zone)
	m.Repealed = row.RepealedFrom != nil && row.RepealedFrom.Format(time.DateOnly) <= today
	m.Amended = row.AmendedFrom != nil && row.AmendedFrom.Format(time.DateOnly) <= today
	en := policies.Enactment{Form: row.Form, Number: row.Number, Year: row.Year, EnactedOn: row.EnactedOn,
		PromulgatedOn: row.PromulgatedOn, EffectiveOn: row.EffectiveOn}
	m.Label = en.Label(row.RegionName)
	m.LegalStage, _ = en.Stage(today)
	if from, ok := en.EffectiveDate(); ok {
		m.TanggalBerlaku = from.Format(time.DateOnly)
	}
	m.JabatanPenandatangan = policies.SignCapacity(row.Capacity).Prefix() + row.PrincipalTitle
	if row.PromulgatedOn != nil {
		m.PromulgatedOn = row.PromulgatedOn
		m.TanggalPengundangan = row.PromulgatedOn.Format(time.DateOnly)
		m.TahunPengundangan = row.PromulgatedOn.Year()
	}
	if row.TEUBadan.Valid {
		m.Edited, m.UpdatedAt = true, row.UpdatedAt
		m.JDIHInput = policies.JDIHInput{TEUBadan: row.TEUBadan.String, Subjek: row.Subjek.String, BidangHukum: row.BidangHukum.String,
			Bahasa: row.Bahasa.String, Lokasi: row.Lokasi.String, Sumber: row.Sumber.String, Status: row.Status.String, Abstrak: row.Abstrak.String}
		if m.Sumber == "" {
			m.Sumber = policies.JDIHDefaults(row.RegionName, row.Title, row.GazetteYear, row.GazetteNumber).Sumber
		}
	} else {
		m.JDIHInput = policies.JDIHDefaults(row.RegionName, row.Title, row.GazetteYear, row.GazetteNumber)
	}
	m.Status = m.EffectiveStatus()
	return m
}

// JDIHMetadata implements policies.JDIHStore.
func (s *DB) JDIHMetadata(ctx context.Context, policyID int64) (policies.JDIHMetadata, error) {
	var row metadataRow
	if err := s.q.GetContext(ctx, &row, metadataSelect+` WHERE p.id = $1`, policyID); err != nil {
		if err == sql.ErrNoRows {
			return policies.JDIHMetadata{}, policies.Errorf(policies.KindNotFound, "kebijakan ini belum ditetapkan")
		}
		return policies.JDIHMetadata{}, mapErr(err)
	}
	return row.metadata(), nil
}

// SaveJDIHMetadata implements policies.JDIHStore.
func (s *DB) SaveJDIHMetadata(ctx context.Context, regionID, actorID, policyID int64, in policies.JDIHInput) (policies.JDIHMetadata, error) {
	var enacted []int64
	if err := s.q.SelectContext(ctx, &enacted, `SELECT e.id FROM enactments e JOIN policies p ON p.id = e.policy_id
		WHERE e.policy_id = $1 AND p.region_id = $2 LIMIT 1`, policyID, regionID); err != nil {
		return policies.JDIHMetadata{}, mapErr(err)
	}
	if len(enacted) == 0 {
		return policies.JDIHMetadata{}, policies.Errorf(policies.KindConflict, "metadata JDIH dicatat setelah kebijakan ditetapkan")
	}
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO jdih_metadata (policy_id, teu_badan, subjek, bidang_hukum, bahasa, lokasi, sumber, status, abstrak, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			ON CONFLICT (policy_id) DO UPDATE SET teu_badan = EXCLUDED.teu_badan, subjek = EXCLUDED.subjek, bidang_hukum = EXCLUDED.bidang_hukum,
				bahasa = EXCLUDED.bahasa, lokasi = EXCLUDED.lokasi, sumber = EXCLUDED.sumber, status = EXCLUDED.status,
				abstrak = EXCLUDED.abstrak, updated_by = EXCLUDED.updated_by, updated_at = now()`,
			policyID, in.TEUBadan, in.Subjek, in.BidangHukum, in.Bahasa, in.Lokasi, in.Sumber, in.Status, in.Abstrak, actorID); err != nil {
			return mapErr(err)
		}
		return auditCurrent(ctx, tx, actorID, "jdih.saved", in.Status, policyID)
	})
	if err != nil {
		return policies.JDIHMetadata{}, err
	}
	return s.JDIHMetadata(ctx, policyID)
}

// ProdukHukum implements policies.JDIHStore.
func (s *DB) ProdukHukum(ctx context.Context, f policies.ProdukHukumFilter) ([]policies.JDIHMetadata, int, error) {
	if f.Limit <= 0 {
		f.Limit = 20
	}
	statuses := make([]string, len(f.Statuses))
	for i, st := range f.Statuses {
		statuses[i] = string(st)
	}
	const where = `
		WHERE ($1 = 0 OR p.region_id = $1) AND ($2 = 0 OR e.year = $2) AND ($3 = '' OR e.form = $3)
			AND p.status <> 'archived' AND (p.status = ANY($4) OR p.in_force_version_id IS NOT NULL)`
	args := []any{f.RegionID, f.Year, string(f.Form), pq.Array(statuses)}
	var rows []metadataRow
	if err := s.q.SelectContext(ctx, &rows, metadataSelect+where+` ORDER BY e.enacted_on DESC, e.id DESC LIMIT $5 OFFSET $6`,
		append(args, f.Limit, f.Offset)...); err != nil {
		return nil, 0, mapErr(err)
	}
	out := make([]policies.JDIHMetadata, len(rows))
	total := 0
	for i, r := range rows {
		out[i] = r.metadata()
		total = r.Total
	}
	if len(rows) == 0 && f.Offset > 0 {
		// Past the last page: the total without the page.
		if err := s.q.GetContext(ctx, &total, `SELECT count(*) FROM (`+metadataSelect+where+`) t`, args...); err != nil {
			return nil, 0, mapErr(err)
		}
	}
	return out, total, nil
}
