package server

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
)

// jpLedger is a region's JP ledger for a year: the lines of the civil
// servants whose personal data the viewer may read.
type jpLedger struct {
	Region policies.Region
	Year   int
	Rows   []evaluation.LedgerRow
}

// ledgerFor computes the viewer's region's JP ledger for the URL's year:
// the page, its CSV and the API alike.
func (s *Server) ledgerFor(r *http.Request) (jpLedger, error) {
	q := r.URL.Query()
	year := time.Now().In(policies.WIB).Year()
	if y := q.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > 2100 {
			return jpLedger{}, policies.FieldError("year", "tahun tidak sah")
		}
		year = n
	}
	// The ledger names civil servants: the region's drafters read all of
	// it, a unit officer their unit's lines, nobody else any.
	v := viewerOf(r)
	if !v.Is(policies.RoleDrafter, policies.RoleUnitOfficer) || v.RegionID() == 0 {
		return jpLedger{}, errPersonalData
	}
	rg, err := s.store.RegionByID(r.Context(), v.RegionID())
	if err != nil {
		return jpLedger{Region: rg}, err
	}
	if slug := q.Get("region"); slug != "" && slug != rg.Slug {
		if _, err := s.store.RegionBySlug(r.Context(), slug); err != nil {
			return jpLedger{Region: rg}, policies.FieldError("region", "wilayah %q tidak dikenal", slug)
		}
		return jpLedger{Region: rg}, policies.Errorf(policies.KindForbidden, "buku JP hanya dapat dilihat untuk wilayah Anda sendiri")
	}
	units, err := s.store.Units(r.Context(), rg.ID)
	if err != nil {
		return jpLedger{Region: rg}, err
	}
	unitIDs := map[string]int64{}
	for _, u := range units {
		unitIDs[u.Code] = u.ID
	}
	es, err := s.store.JPEntries(r.Context(), rg.ID, year)
	if err != nil {
		return jpLedger{Region: rg}, err
	}
	entries := make([]evaluation.JPEntry, 0, len(es))
	for _, e := range es {
		if !v.SeesPersonalData(rg.ID, unitIDs[e.UnitCode]) {
			continue
		}
		entries = append(entries, evaluation.JPEntry{NIP: e.NIP, Name: e.Name, UnitCode: e.UnitCode, Date: e.Date, JP: e.JP, Completed: e.Completed})
	}
	return jpLedger{rg, year, evaluation.Ledger(entries, year, evaluation.MinimumJP)}, nil
}

func (s *Server) handleLedger(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	l, err := s.ledgerFor(r)
	if err != nil {
		return err
	}
	regions, _ := s.store.Regions(r.Context())
	s.render(w, r, lang, http.StatusOK, "ledger", map[string]any{"Title": "JP " + l.Region.Name, "Region": l.Region, "Year": l.Year, "Rows": l.Rows,
		"Totals": evaluation.UnitTotals(l.Rows), "Regions": regions, "Minimum": evaluation.MinimumJP})
	return nil
}

func (s *Server) handleLedgerCSV(w http.ResponseWriter, r *http.Request) error {
	l, err := s.ledgerFor(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="jp-%s-%d.csv"`, l.Region.Slug, l.Year))
	if err := writeLedgerCSV(w, l.Rows); err != nil {
		s.log.Error("ledger csv", "err", err)
	}
	return nil
}

// ledgerAnswerOf is the ledger for the API, with each unit's totals.
func (s *Server) ledgerAnswerOf(r *http.Request) (map[string]any, error) {
	l, err := s.ledgerFor(r)
	if err != nil {
		return nil, err
	}
	rows := l.Rows
	if rows == nil {
		rows = []evaluation.LedgerRow{}
	}
	return map[string]any{"region": l.Region.Slug, "year": l.Year, "minimum_jp": evaluation.MinimumJP,
		"rows": rows, "units": evaluation.UnitTotals(rows)}, nil
}
