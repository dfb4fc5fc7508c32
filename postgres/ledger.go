package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/policyflow/policyflow/policies"
)

// jpLedgerSQL reads a region's year ($1 region, $2 year, $3 the region's
// today) from the JP totals the database keeps (migration 0038: the rule
// of JPEntries, recomputed per person by every write that changes it):
// done is the JP of the completed participations, planned that of those
// not completed in programs ending on or after today (planned_on the
// latest of those ends); last_on is the date of the person's latest
// participation. A person on the region's active roster is named as the
// roster names them (as the ledger does); anyone else by their latest
// participation, looked up by its id for them alone. Every person of the
// active roster is a row, with or without participations (last_on NULL).
const jpLedgerSQL = `SELECT coalesce(ar.nip, t.nip) AS nip, ar.nip IS NOT NULL AS on_roster, coalesce(ar.kind, '') AS kind,
		coalesce(ar.name, (SELECT p.name FROM participants p WHERE p.id = t.last_id)) AS name,
		coalesce(ar.code, (SELECT u.code FROM participants p JOIN units u ON u.id = p.unit_id WHERE p.id = t.last_id)) AS unit_code,
		t.last_on, coalesce(t.done, 0) AS done, coalesce(pl.planned, 0) AS planned, pl.planned_on
	FROM (SELECT nip, done, last_on, last_id FROM jp_totals WHERE region_id = $1 AND year = $2) t
	FULL JOIN (SELECT a.nip, a.kind, a.name, u.code FROM asn_roster a JOIN units u ON u.id = a.unit_id
		WHERE a.region_id = $1 AND a.active) ar ON ar.nip = t.nip
	LEFT JOIN (SELECT nip, sum(jp) AS planned, max(ends_on) AS planned_on FROM jp_planned
		WHERE region_id = $1 AND ends_on >= $3::date AND ends_on < make_date($2 + 1, 1, 1) GROUP BY nip) pl ON pl.nip = t.nip`

// JPLedger reads what a region's JP ledger is computed from, in one
// query: the people of the active roster (number, name, unit, kind) and
// the JP totals per person (as JPTotals) that the database keeps; then,
// in the same transaction, the year's non-classical learning per person
// and kind and the region's conversion table. today is the region's today.
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
	// The lookups of names by participation id are priced as if every
	// row needed one, which pushes the plan's cost past jit_above_cost;
	// compiling it would take longer than running it.
	err := s.Transact(ctx, func(tx *sqlx.Tx) (err error) {
		if _, err := tx.ExecContext(ctx, `SET LOCAL jit = off`); err != nil {
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
