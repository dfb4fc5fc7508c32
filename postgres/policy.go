package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/policyflow/policyflow/policies"
)

const policyColumns = `id, region_id, owner_unit_id, chain_id, slug, title, status, current_version_id, created_by, created_at, updated_at`

const summaryQuery = `SELECT p.id, p.region_id, p.owner_unit_id, p.chain_id, p.slug, p.title, p.status,
	p.current_version_id, p.in_force_version_id, p.created_by, p.created_at, p.updated_at,
	r.name AS region_name, r.time_zone AS region_zone, u.name AS unit_name, coalesce(v.number, 0) AS current_version,
	coalesce(fv.number, 0) AS in_force_version,
	coalesce((SELECT cv.number FROM consultations c JOIN policy_versions cv ON cv.id = c.version_id
		WHERE c.policy_id = p.id AND c.closed_at IS NULL ORDER BY c.id DESC LIMIT 1), 0) AS consulted_version,
	(SELECT json_agg(json_build_object('version_number', e.version_number, 'form', e.form, 'enacted_on', e.enacted_on,
		'promulgated_on', e.promulgated_on, 'effective_on', e.effective_on) ORDER BY e.id DESC)
		FROM enactments e WHERE e.policy_id = p.id) AS enactments
	FROM policies p
	JOIN regions r ON r.id = p.region_id
	JOIN units u ON u.id = p.owner_unit_id
	LEFT JOIN policy_versions v ON v.id = p.current_version_id
	LEFT JOIN policy_versions fv ON fv.id = p.in_force_version_id`

// CreatePolicy creates a policy in draft with its first version, and audits it.
func (s *DB) CreatePolicy(ctx context.Context, np policies.NewPolicy) (policies.Policy, policies.Version, error) {
	var p policies.Policy
	var v policies.Version
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		var err error
		p, v, err = createPolicyTx(ctx, tx, np)
		return err
	})
	if err != nil {
		return p, v, fmt.Errorf("postgres: create policy %q: %w", np.Slug, err)
	}
	return p, v, nil
}

func createPolicyTx(ctx context.Context, tx *sqlx.Tx, np policies.NewPolicy) (policies.Policy, policies.Version, error) {
	var p policies.Policy
	var v policies.Version
	// A new policy starts with its region's default IKM threshold.
	err := tx.GetContext(ctx, &p, `INSERT INTO policies (region_id, owner_unit_id, chain_id, slug, title, created_by, ikm_threshold)
		VALUES ($1, $2, $3, $4, $5, $6, coalesce((SELECT ikm_threshold_default FROM regions WHERE id = $1), 76.61)) RETURNING `+policyColumns,
		np.RegionID, np.OwnerUnitID, np.ChainID, np.Slug, np.Title, np.AuthorID)
	if err != nil {
		return p, v, mapErr(err)
	}
	v, err = insertVersion(ctx, tx, p.ID, 1, np.Markdown, np.AuthorID, np.ChangeSummary)
	if err != nil {
		return p, v, err
	}
	p.CurrentVersionID = &v.ID
	return p, v, audit(ctx, tx, p.ID, v.ID, np.AuthorID, "policy.created", np.Title)
}

// audit writes a change of a policy's version to its history, inside tx.
func audit(ctx context.Context, tx *sqlx.Tx, policyID, versionID, actorID int64, action, detail string) error {
	return auditAdmin(ctx, tx, policies.AdminChange{PolicyID: policyID, VersionID: versionID, ActorID: actorID, Action: action, Detail: detail})
}

// PolicyByID returns one policy with its region, unit and version number.
func (s *DB) PolicyByID(ctx context.Context, id int64) (policies.PolicySummary, error) {
	var p policies.PolicySummary
	st, err := s.prepared(ctx, summaryQuery+` WHERE p.id = $1`) // every request about a policy reads it
	if err == nil {
		err = st.GetContext(ctx, &p, id)
	}
	if err != nil {
		return p, fmt.Errorf("postgres: policy %d: %w", id, mapErr(err))
	}
	p.SetLegal(time.Now())
	return p, nil
}

// PolicyIDs returns every policy's ID, for reconciling workflows with the record.
func (s *DB) PolicyIDs(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := s.q.SelectContext(ctx, &ids, `SELECT id FROM policies ORDER BY id`)
	return ids, mapErr(err)
}

// SearchPolicies lists policies filtered, and with a query, matched by
// full text (Indonesian stemming) over title and current text, best match
// first; it returns one page and the total number of matches.
func (s *DB) SearchPolicies(ctx context.Context, f policies.SearchFilter) ([]policies.PolicySummary, int, error) {
	statuses := make([]string, 0, len(f.Statuses))
	for _, st := range f.Statuses {
		statuses = append(statuses, string(st))
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	if f.Limit > 100 {
		f.Limit = 100
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.RegionID != 0 {
		where = append(where, "p.region_id = "+arg(f.RegionID))
	}
	if f.UnitID != 0 {
		where = append(where, "p.owner_unit_id = "+arg(f.UnitID))
	}
	if f.Topic != "" {
		where = append(where, "EXISTS (SELECT 1 FROM policy_topics pt JOIN topics t ON t.id = pt.topic_id WHERE pt.policy_id = p.id AND t.slug = "+arg(f.Topic)+")")
	}
	if f.Status != "" {
		where = append(where, "p.status = "+arg(string(f.Status)))
	}
	if len(f.Statuses) > 0 {
		// A policy with a text in force stays listed while it is revised.
		cond := "(p.status = ANY(" + arg(pq.Array(statuses)) + "::text[]) OR (p.in_force_version_id IS NOT NULL AND p.status <> 'archived'))"
		if f.OwnRegionID != 0 {
			cond = "(" + cond + " OR p.region_id = " + arg(f.OwnRegionID) + ")"
		}
		where = append(where, cond)
	}
	// Within one region the regions' order is moot: ordering by title alone
	// lets the (region_id, status, title, id) indexes give the page at once.
	order := "r.name, p.title, p.id"
	if f.RegionID != 0 {
		order = "p.title, p.id"
	}
	// PostgreSQL text holds neither NUL nor invalid UTF-8: a query with them
	// searches for the rest rather than failing.
	q := strings.TrimSpace(strings.ReplaceAll(strings.ToValidUTF8(f.Query, " "), "\x00", " "))
	if q != "" {
		tsq := "websearch_to_tsquery('indonesian', " + arg(q) + "::text)"
		where = append(where, "p.search @@ "+tsq)
		// A search finds the open consultations first (issue 26): the
		// drafts a resident may still comment on, then the best match.
		order = "(p.status = 'consultation') DESC, ts_rank(p.search, " + tsq + ") DESC, " + order
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	filterArgs := len(args)
	// The page's ids first, from policies alone (and the region's name),
	// then the joins for those rows only: the cost follows the index
	// lookups, not the number of matches.
	query := `WITH page AS (SELECT p.id FROM policies p JOIN regions r ON r.id = p.region_id` + cond +
		" ORDER BY " + order + " LIMIT " + arg(f.Limit) + " OFFSET " + arg(f.Offset) + ")\n" +
		summaryQuery + " JOIN page ON page.id = p.id ORDER BY " + order
	var ps []policies.PolicySummary
	if err := s.q.SelectContext(ctx, &ps, query, args...); err != nil {
		return nil, 0, fmt.Errorf("postgres: search policies: %w", mapErr(err))
	}
	if ps == nil {
		ps = []policies.PolicySummary{}
	}
	for i := range ps {
		ps[i].SetLegal(time.Now())
	}
	// The total: known from the page when it is the first and not full;
	// otherwise counted on policies alone, up to CountCap past the page.
	total := len(ps)
	if f.Offset > 0 || len(ps) == f.Limit {
		args = append(args[:filterArgs], f.Offset+policies.CountCap+1)
		countQuery := `SELECT count(*) FROM (SELECT 1 FROM policies p` + cond + ` LIMIT $` + strconv.Itoa(len(args)) + `) m`
		if err := s.q.GetContext(ctx, &total, countQuery, args...); err != nil {
			return nil, 0, fmt.Errorf("postgres: search policies: %w", mapErr(err))
		}
	}
	return ps, total, nil
}

// PolicyFacts returns what a policy's workflow needs from its record.
func (s *DB) PolicyFacts(ctx context.Context, id int64) (policies.PolicyFacts, error) {
	var row struct {
		policies.PolicyFacts
		Approved   int    `db:"approved_version"`
		RegionName string `db:"region_name"`
	}
	err := s.q.GetContext(ctx, &row, `SELECT p.id, p.region_id, p.owner_unit_id, p.created_by, coalesce(p.chain_id, 0) AS chain_id,
		p.title, p.status, p.evaluation_months, p.ikm_threshold::float8 AS ikm_threshold,
		coalesce(p.in_force_version_id, 0) AS in_force_version_id,
		v.id AS version_id, v.number AS version_number, v.sha256 AS version_sha256,
		coalesce(fv.number, 0) AS approved_version, r.name AS region_name, r.time_zone AS region_zone
		FROM policies p JOIN policy_versions v ON v.id = p.current_version_id JOIN regions r ON r.id = p.region_id
		LEFT JOIN policy_versions fv ON fv.id = p.in_force_version_id WHERE p.id = $1`, id)
	if err != nil {
		return row.PolicyFacts, fmt.Errorf("postgres: policy %d: %w", id, mapErr(err))
	}
	es, err := s.Enactments(ctx, id)
	if err != nil {
		return row.PolicyFacts, err
	}
	f := row.PolicyFacts
	f.Legal = policies.LegalStateOf(row.Approved, es, row.RegionName, policies.Today(time.Now(), row.Zone))
	return f, nil
}

// SetStatus moves a policy from one status to another and audits it once
// per key. Retried, it finds the move done and succeeds; if the policy is
// in neither state, it is a conflict.
func (s *DB) SetStatus(ctx context.Context, in policies.StatusChange) error {
	return s.Transact(ctx, func(tx *sqlx.Tx) error {
		var row struct {
			Status  policies.Status `db:"status"`
			Current int64           `db:"current_version_id"`
		}
		if err := tx.GetContext(ctx, &row, `SELECT status, coalesce(current_version_id, 0) AS current_version_id
			FROM policies WHERE id = $1 FOR UPDATE`, in.PolicyID); err != nil {
			return fmt.Errorf("postgres: policy %d: %w", in.PolicyID, mapErr(err))
		}
		cur := row.Status
		switch cur {
		case in.To:
		case in.From:
			// A version saved since the submit read the record would sit,
			// newer, beside the one being approved: refuse the submit.
			if in.To == policies.StatusInApproval && in.VersionID > 0 && in.VersionID != row.Current {
				return policies.Errorf(policies.KindConflict, "versi baru disimpan sejak pengajuan dimulai; muat ulang dan ajukan versi terbaru")
			}
			// An approved version's text becomes what search finds. A first
			// approval of the current version finds it there already (the
			// vector follows the current text until one is in force,
			// insertVersion), so the 30 KB are not stemmed again on the
			// last approver's answer.
			if _, err := tx.ExecContext(ctx, `UPDATE policies SET status = $1, updated_at = now(),
				in_force_version_id = CASE WHEN $1 = 'approved' AND $3 > 0 THEN $3 ELSE in_force_version_id END,
				search = CASE WHEN $1 = 'approved' AND $3 > 0 AND NOT (in_force_version_id IS NULL AND current_version_id = $3)
					THEN setweight(to_tsvector('indonesian', title), 'A') ||
						setweight(to_tsvector('indonesian', (SELECT markdown FROM policy_versions WHERE id = $3)), 'B')
					ELSE search END
				WHERE id = $2`, in.To, in.PolicyID, in.VersionID); err != nil {
				return mapErr(err)
			}
		default:
			return policies.Errorf(policies.KindConflict, "status kebijakan %d adalah %q, bukan %q", in.PolicyID, cur, in.From)
		}
		err := auditAdmin(ctx, tx, policies.AdminChange{PolicyID: in.PolicyID, VersionID: in.VersionID, ActorID: in.ActorID,
			Action: string(in.Action), Detail: fmt.Sprintf("%s → %s %s", in.From, in.To, in.Detail), Key: in.Key})
		if errors.Is(err, errRecorded) {
			return nil
		}
		return err
	})
}

// AuditRecords returns a policy's audit history with actors' names and
// version numbers, oldest first.
// Each says which of the fields the history shows it changed.
func (s *DB) AuditRecords(ctx context.Context, policyID int64) ([]policies.AuditRecord, error) {
	rows, err := policyRows[struct {
		policies.AuditRecord
		auditTexts
	}](ctx, s, "audit", `SELECT a.id, u.name AS actor, a.action, a.detail, a.subject, v.number AS version_number, a.created_at,
			`+auditTextColumns+`
		FROM audit_log a
		LEFT JOIN users u ON u.id = a.actor_id
		LEFT JOIN policy_versions v ON v.id = a.version_id
		WHERE a.policy_id = $1 ORDER BY a.id`, policyID)
	out := make([]policies.AuditRecord, len(rows))
	for i, r := range rows {
		out[i] = r.AuditRecord
		out[i].Changes = policies.AuditChanges(r.before(), r.after())
	}
	return out, err
}
