package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// jpTotalsSQL sums, per person, the JP rule of JPEntries over a region's
// year ($1 region, $2 year, $3 the region's today): done is the JP of the
// completed participations, planned that of those not completed in
// programs ending on or after today; last is the date of the latest
// participation, whose name and unit it takes (then the highest
// participation id). Removed participations and cancelled programs count
// nothing; a program with sessions counts the sessions attended.
const jpTotalsSQL = `WITH yp AS (
		SELECT pr.id, pr.jp, pr.ends_on FROM programs pr
		WHERE pr.ends_on >= make_date($2, 1, 1) AND pr.ends_on < make_date($2 + 1, 1, 1) AND pr.status <> 'cancelled'),
	ses AS (SELECT ps.program_id, count(*) AS n FROM program_sessions ps JOIN yp ON yp.id = ps.program_id GROUP BY ps.program_id),
	att AS (SELECT sa.participant_id, sum(ps.jp) AS jp FROM program_sessions ps JOIN yp ON yp.id = ps.program_id
		JOIN session_attendance sa ON sa.session_id = ps.id AND sa.present GROUP BY sa.participant_id),
	e AS (
		SELECT pa.nip, pa.id, pa.unit_id, yp.ends_on,
			CASE WHEN coalesce(att.jp, 0) > 0 THEN att.jp ELSE yp.jp END AS jp,
			CASE WHEN ses.n > 0 THEN coalesce(att.jp, 0) > 0 ELSE pa.completed END AS completed
		FROM yp JOIN participants pa ON pa.program_id = yp.id AND pa.removed_at IS NULL
		JOIN units u ON u.id = pa.unit_id AND u.region_id = $1
		LEFT JOIN ses ON ses.program_id = yp.id LEFT JOIN att ON att.participant_id = pa.id),
	t AS (
		SELECT nip, sum(jp) FILTER (WHERE completed) AS done,
			sum(jp) FILTER (WHERE NOT completed AND ends_on >= $3::date) AS planned,
			max(ends_on) FILTER (WHERE NOT completed AND ends_on >= $3::date) AS planned_on,
			max(ends_on) AS last_on,
			-- the latest participation: by date, then id, in one pass (a participation id is below 10^12)
			max((ends_on - date '2000-01-01')::bigint * 1000000000000 + id) % 1000000000000 AS last_id
		FROM e GROUP BY nip)
	SELECT t.nip, pa.name, u.code AS unit_code, t.last_on, coalesce(t.done, 0) AS done, coalesce(t.planned, 0) AS planned, t.planned_on
	FROM t JOIN participants pa ON pa.id = t.last_id JOIN units u ON u.id = pa.unit_id`

// JPTotals is JPEntries summed per person in SQL, as at most two entries
// each that the ledger (evaluation.Ledger) reads exactly as it reads every
// participation: the completed JP (dated the person's latest participation,
// with its name and unit) and the planned JP (dated the latest planned
// program's end). today is the region's today.
func (s *DB) JPTotals(ctx context.Context, regionID int64, year int, today time.Time) ([]policies.JPEntry, error) {
	var rows []struct {
		NIP       string     `db:"nip"`
		Name      string     `db:"name"`
		UnitCode  string     `db:"unit_code"`
		LastOn    time.Time  `db:"last_on"`
		Done      int        `db:"done"`
		Planned   int        `db:"planned"`
		PlannedOn *time.Time `db:"planned_on"`
	}
	// The year's participations hash in memory (a region's 200,000 take
	// about 10 MB) rather than spilling to disk at the default work_mem.
	err := s.Transact(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `SET LOCAL work_mem = '64MB'`); err != nil {
			return err
		}
		return tx.SelectContext(ctx, &rows, jpTotalsSQL, regionID, year, today.Format(time.DateOnly))
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: region %d: JP totals %d: %w", regionID, year, mapErr(err))
	}
	es := make([]policies.JPEntry, 0, len(rows)+len(rows)/2)
	for _, r := range rows {
		if r.PlannedOn != nil && r.Planned > 0 {
			es = append(es, policies.JPEntry{NIP: r.NIP, Name: r.Name, UnitCode: r.UnitCode, Date: *r.PlannedOn, JP: r.Planned})
		}
		es = append(es, policies.JPEntry{NIP: r.NIP, Name: r.Name, UnitCode: r.UnitCode, Date: r.LastOn, JP: r.Done, Completed: true})
	}
	return es, nil
}
