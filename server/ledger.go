package server

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
)

// ledgerFor computes a region's JP ledger for a year.
func (s *Server) ledgerFor(r *http.Request) (policies.Region, int, []evaluation.LedgerRow, error) {
	q := r.URL.Query()
	year := time.Now().In(policies.WIB).Year()
	if y := q.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > 2100 {
			return policies.Region{}, 0, nil, policies.FieldError("year", "tahun tidak sah")
		}
		year = n
	}
	// The ledger names civil servants: the region's drafters read all of
	// it, a unit officer their unit's lines, nobody else any.
	v := viewerOf(r)
	if !v.is(policies.RoleDrafter, policies.RoleUnitOfficer) || v.regionID() == 0 {
		return policies.Region{}, 0, nil, errPersonalData
	}
	rg, err := s.store.RegionByID(r.Context(), v.regionID())
	if err != nil {
		return rg, 0, nil, err
	}
	if slug := q.Get("region"); slug != "" && slug != rg.Slug {
		if _, err := s.store.RegionBySlug(r.Context(), slug); err != nil {
			return rg, 0, nil, policies.FieldError("region", "wilayah %q tidak dikenal", slug)
		}
		return rg, 0, nil, policies.Errorf(policies.KindForbidden, "buku JP hanya dapat dilihat untuk wilayah Anda sendiri")
	}
	units, err := s.store.Units(r.Context(), rg.ID)
	if err != nil {
		return rg, 0, nil, err
	}
	unitIDs := map[string]int64{}
	for _, u := range units {
		unitIDs[u.Code] = u.ID
	}
	es, err := s.store.JPEntries(r.Context(), rg.ID, year)
	if err != nil {
		return rg, 0, nil, err
	}
	entries := make([]evaluation.JPEntry, 0, len(es))
	for _, e := range es {
		if !v.seesPersonalData(rg.ID, unitIDs[e.UnitCode]) {
			continue
		}
		entries = append(entries, evaluation.JPEntry{NIP: e.NIP, Name: e.Name, UnitCode: e.UnitCode, Date: e.Date, JP: e.JP, Completed: e.Completed})
	}
	return rg, year, evaluation.Ledger(entries, year, evaluation.MinimumJP), nil
}

func (s *Server) handleLedger(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	rg, year, rows, err := s.ledgerFor(r)
	if err != nil {
		return err
	}
	regions, _ := s.store.Regions(r.Context())
	s.render(w, r, lang, http.StatusOK, "ledger", map[string]any{"Title": "JP " + rg.Name, "Region": rg, "Year": year, "Rows": rows,
		"Totals": evaluation.UnitTotals(rows), "Regions": regions, "Minimum": evaluation.MinimumJP})
	return nil
}

func (s *Server) handleLedgerCSV(w http.ResponseWriter, r *http.Request) error {
	rg, year, rows, err := s.ledgerFor(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="jp-%s-%d.csv"`, rg.Slug, year))
	if err := writeLedgerCSV(w, rows); err != nil {
		s.log.Error("ledger csv", "err", err)
	}
	return nil
}

func (s *Server) handleAPILedger(w http.ResponseWriter, r *http.Request) error {
	rg, year, rows, err := s.ledgerFor(r)
	if err != nil {
		return err
	}
	if rows == nil {
		rows = []evaluation.LedgerRow{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"region": rg.Slug, "year": year, "minimum_jp": evaluation.MinimumJP,
		"rows": rows, "units": evaluation.UnitTotals(rows)})
	return nil
}
