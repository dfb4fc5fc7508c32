package server

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
)

// jpLedger is a region's JP ledger for a year over its roster: the lines
// of the civil servants whose personal data the viewer may read.
type jpLedger struct {
	Region policies.Region
	Year   int
	Rules  map[policies.ASNKind]evaluation.JPRule
	Rows   []evaluation.LedgerRow
	Units  []evaluation.UnitTotal
}

// ledgerRules are the region's JP minimum and maximum per ASN kind.
func ledgerRules(rg policies.Region) map[policies.ASNKind]evaluation.JPRule {
	return map[policies.ASNKind]evaluation.JPRule{
		policies.ASNPNS:  {Minimum: rg.JPMinPNS, Maximum: rg.JPMaxPNS},
		policies.ASNPPPK: {Minimum: rg.JPMinPPPK, Maximum: rg.JPMaxPPPK},
	}
}

// ledgerFor computes the viewer's region's JP ledger for the URL's year
// (this year in the region's time zone by default): the page, its CSV and
// XLSX and the API alike.
func (s *Server) ledgerFor(r *http.Request) (jpLedger, error) {
	q := r.URL.Query()
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
	now := time.Now().In(rg.TimeZone.Location())
	year := now.Year()
	if y := q.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > 2100 {
			return jpLedger{Region: rg}, policies.FieldError("year", "tahun tidak sah")
		}
		year = n
	}
	if slug := q.Get("region"); slug != "" && slug != rg.Slug {
		if _, err := s.store.RegionBySlug(r.Context(), slug); err != nil {
			return jpLedger{Region: rg}, policies.FieldError("region", "wilayah %q tidak dikenal", slug)
		}
		return jpLedger{Region: rg}, policies.Errorf(policies.KindForbidden, "buku JP hanya dapat dilihat untuk wilayah Anda sendiri")
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	src, err := s.store.JPLedger(r.Context(), rg.ID, year, today) // the roster and JP summed per person, in SQL
	if err != nil {
		return jpLedger{Region: rg}, err
	}
	in := evaluation.LedgerInputOf(year, today, ledgerRules(rg), src)
	rows := evaluation.Ledger(in)
	// A unit officer reads the lines of their unit: its rostered people,
	// and participants not on the roster recorded in it.
	if v.Is(policies.RoleUnitOfficer) {
		code, err := s.officerUnitCode(r, rg.ID)
		if err != nil {
			return jpLedger{Region: rg}, err
		}
		mine := rows[:0]
		for _, row := range rows {
			if code != "" && row.UnitCode == code {
				mine = append(mine, row)
			}
		}
		rows = mine
	}
	return jpLedger{Region: rg, Year: year, Rules: in.Rules, Rows: rows, Units: evaluation.UnitTotals(rows)}, nil
}

// officerUnitCode is the code of the unit officer's unit ("" for none).
func (s *Server) officerUnitCode(r *http.Request, regionID int64) (string, error) {
	v := viewerOf(r)
	if v.User.UnitID == nil {
		return "", nil
	}
	units, err := s.store.Units(r.Context(), regionID)
	if err != nil {
		return "", err
	}
	for _, u := range units {
		if u.ID == *v.User.UnitID && v.SeesPersonalData(regionID, u.ID) {
			return u.Code, nil
		}
	}
	return "", nil
}

func (s *Server) handleLedger(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	l, err := s.ledgerFor(r)
	if err != nil {
		return err
	}
	s.render(w, r, lang, http.StatusOK, "ledger", map[string]any{"Title": "JP " + l.Region.Name, "Region": l.Region, "Year": l.Year, "Rows": l.Rows,
		"Totals": l.Units, "PNS": l.Rules[policies.ASNPNS], "PPPK": l.Rules[policies.ASNPPPK],
		"MayEditRoster": viewerOf(r).Is(policies.RoleDrafter)})
	return nil
}

func (s *Server) handleLedgerCSV(w http.ResponseWriter, r *http.Request) error {
	return s.ledgerDownload(w, r, "csv", csvType, func(w io.Writer, l jpLedger, t map[string]string) error {
		return writeLedgerCSV(w, l.Rows, t)
	})
}

func (s *Server) handleLedgerXLSX(w http.ResponseWriter, r *http.Request) error {
	return s.ledgerDownload(w, r, "xlsx", xlsxType, func(w io.Writer, l jpLedger, t map[string]string) error {
		return writeLedgerXLSX(w, l.Rows, l.Units, t)
	})
}

// ledgerDownload sends the viewer's ledger as the file jp-<region>-<year>.<ext>,
// written by write in the viewer's language.
func (s *Server) ledgerDownload(w http.ResponseWriter, r *http.Request, ext, contentType string, write func(io.Writer, jpLedger, map[string]string) error) error {
	l, err := s.ledgerFor(r)
	if err != nil {
		return err
	}
	t := messages[language(w, r)]
	return s.sendDownload(w, contentType, fmt.Sprintf("jp-%s-%d.%s", l.Region.Slug, l.Year, ext), "ledger "+ext,
		func(w io.Writer) error { return write(w, l, t) })
}

// ledgerAnswer is the ledger for the API, with each unit's totals.
type ledgerAnswer struct {
	Region string                                 `json:"region"`
	Year   int                                    `json:"year"`
	Rules  map[policies.ASNKind]evaluation.JPRule `json:"rules"`
	Rows   []evaluation.LedgerRow                 `json:"rows"`
	Units  []evaluation.UnitTotal                 `json:"units"`
}

func (s *Server) ledgerAnswerOf(r *http.Request) (ledgerAnswer, error) {
	l, err := s.ledgerFor(r)
	if err != nil {
		return ledgerAnswer{}, err
	}
	return ledgerAnswer{Region: l.Region.Slug, Year: l.Year, Rules: l.Rules, Rows: l.Rows, Units: l.Units}, nil
}
