package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// jpLedgerSQL sums, per person, the JP rule of JPEntries over a region's
// year ($1 region, $2 year, $3 the region's today): done is the JP of the
// completed participations, planned that of those not completed in
// programs ending on or after today; last is the date of the latest
// participation (then the highest participation id). Removed
// participations and cancelled programs count nothing; a program with
// sessions counts the sessions attended. A person on the region's active
// roster is named as the roster names them (as the ledger does); anyone
// else by their latest participation, looked up for them alone. Every
// person of the active roster is a row, with or without participations
// (last_on NULL): the roster and the totals in one pass.
//
// Shaped for speed (docs/PERFORMANCE.md, "JP ledger"): the year's
// programs are joined as the small side of the hash; only programs with
// sessions go through the attendance join, the rest (most of them) count
// the program's JP as they stand; the latest participation is one bigint
// (days since 2000 × 10^12 + id: an id is below 10^12) so one aggregate
// gives both its date and its id; and no second pass over participants
// fetches names the roster already has.
const jpLedgerSQL = `WITH yp AS (
		SELECT pr.id, pr.jp, pr.ends_on FROM programs pr
		WHERE pr.ends_on >= make_date($2, 1, 1) AND pr.ends_on < make_date($2 + 1, 1, 1) AND pr.status <> 'cancelled'),
	sp AS (SELECT DISTINCT ps.program_id AS id FROM program_sessions ps JOIN yp ON yp.id = ps.program_id),
	att AS (SELECT sa.participant_id, sum(ps.jp) AS jp FROM sp JOIN program_sessions ps ON ps.program_id = sp.id
		JOIN session_attendance sa ON sa.session_id = ps.id AND sa.present GROUP BY sa.participant_id),
	e AS (
		SELECT pa.nip, pa.id, pr.ends_on, pr.jp, pa.completed
		FROM programs pr JOIN participants pa ON pa.program_id = pr.id AND pa.removed_at IS NULL
		JOIN units u ON u.id = pa.unit_id AND u.region_id = $1
		WHERE pr.ends_on >= make_date($2, 1, 1) AND pr.ends_on < make_date($2 + 1, 1, 1) AND pr.status <> 'cancelled'
			AND pr.id NOT IN (SELECT id FROM sp)
		UNION ALL
		SELECT pa.nip, pa.id, yp.ends_on, CASE WHEN att.jp > 0 THEN att.jp ELSE yp.jp END, coalesce(att.jp, 0) > 0
		FROM sp JOIN yp ON yp.id = sp.id JOIN participants pa ON pa.program_id = sp.id AND pa.removed_at IS NULL
		JOIN units u ON u.id = pa.unit_id AND u.region_id = $1 LEFT JOIN att ON att.participant_id = pa.id),
	t AS (
		SELECT nip, sum(jp) FILTER (WHERE completed) AS done,
			sum(jp) FILTER (WHERE NOT completed AND ends_on >= $3::date) AS planned,
			max(ends_on) FILTER (WHERE NOT completed AND ends_on >= $3::date) AS planned_on,
			max((ends_on - date '2000-01-01')::bigint * 1000000000000 + id) AS last
		FROM e GROUP BY nip)
	SELECT coalesce(ar.nip, t.nip) AS nip, ar.nip IS NOT NULL AS on_roster, coalesce(ar.kind, '') AS kind,
		coalesce(ar.name, (SELECT p.name FROM participants p WHERE p.id = t.last % 1000000000000)) AS name,
		coalesce(ar.code, (SELECT u.code FROM participants p JOIN units u ON u.id = p.unit_id WHERE p.id = t.last % 1000000000000)) AS unit_code,
		date '2000-01-01' + (t.last / 1000000000000)::int AS last_on, coalesce(t.done, 0) AS done, coalesce(t.planned, 0) AS planned, t.planned_on
	FROM t FULL JOIN (SELECT a.nip, a.kind, a.name, u.code FROM asn_roster a JOIN units u ON u.id = a.unit_id
		WHERE a.region_id = $1 AND a.active) ar ON ar.nip = t.nip`

// JPLedger reads what a region's JP ledger is computed from, in one
// query: the people of the active roster (number, name, unit, kind) and
// the JP totals per person (as JPTotals); then, in the same transaction,
// the year's non-classical learning per person and kind and the region's
// conversion table. today is the region's today.
func (s *DB) JPLedger(ctx context.Context, regionID int64, year int, today time.Time) (policies.JPLedgerSource, error) {
	var rows []struct {
		NIP       string           `db:"nip"`
		OnRoster  bool             `db:"on_roster"`
		Kind      policies.ASNKind `db:"kind"`
		Name      string           `db:"name"`
		UnitCode  string           `db:"unit_code"`
		LastOn    *time.Time       `db:"last_on"`
		Done      int              `db:"done"`
		Planned   int              `db:"planned"`
		PlannedOn *time.Time       `db:"planned_on"`
	}
	var src policies.JPLedgerSource
	// The year's participations hash in memory (a region's 200,000 take
	// about 10 MB) rather than spilling to disk at the default work_mem;
	// the per-person lookups of names push the plan's cost past
	// jit_above_cost, and compiling it would take longer than running it.
	err := s.Transact(ctx, func(tx *sqlx.Tx) (err error) {
		if _, err := tx.ExecContext(ctx, `SET LOCAL work_mem = '64MB'; SET LOCAL jit = off`); err != nil {
			return err
		}
		if err := tx.SelectContext(ctx, &rows, jpLedgerSQL, regionID, year, today.Format(time.DateOnly)); err != nil {
			return err
		}
		if src.Learning, err = learningTotals(ctx, tx, regionID, year); err != nil {
			return err
		}
		src.LearningRules, err = learningRules(ctx, tx, regionID)
		return err
	})
	if err != nil {
		return policies.JPLedgerSource{}, fmt.Errorf("postgres: region %d: JP ledger %d: %w", regionID, year, mapErr(err))
	}
	src.Roster, src.Totals = make([]policies.RosterPerson, 0, len(rows)), make([]policies.JPEntry, 0, len(rows)+len(rows)/2)
	for _, r := range rows {
		if r.OnRoster {
			src.Roster = append(src.Roster, policies.RosterPerson{RegionID: regionID, NIP: r.NIP, Name: r.Name, Kind: r.Kind, UnitCode: r.UnitCode, Active: true})
		}
		if r.LastOn == nil {
			continue // on the roster, no participation this year
		}
		if r.PlannedOn != nil && r.Planned > 0 {
			src.Totals = append(src.Totals, policies.JPEntry{NIP: r.NIP, Name: r.Name, UnitCode: r.UnitCode, Date: *r.PlannedOn, JP: r.Planned})
		}
		src.Totals = append(src.Totals, policies.JPEntry{NIP: r.NIP, Name: r.Name, UnitCode: r.UnitCode, Date: *r.LastOn, JP: r.Done, Completed: true})
	}
	return src, nil
}

// JPTotals is JPEntries summed per person in SQL, as at most two entries
// each that the ledger (evaluation.Ledger) reads exactly as it reads every
// participation: the completed JP (dated the person's latest
// participation) and the planned JP (dated the latest planned program's
// end). today is the region's today.
func (s *DB) JPTotals(ctx context.Context, regionID int64, year int, today time.Time) ([]policies.JPEntry, error) {
	src, err := s.JPLedger(ctx, regionID, year, today)
	return src.Totals, err
}
