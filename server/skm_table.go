package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// The SKM calculation table of one unit's round (PermenPANRB 14/2017): per
// element the answers, the sum, the NRR and the weighted NRR, then the IKM
// and its band, the respondents against the sample size, so anyone can
// recompute the IKM from the page or its CSV. Read by whoever reads the
// policy's evaluation report (its region); counts only, no person's data.

func init() { pageNames = append(pageNames, "skm_table", "ikm_public") }

// skmPages are the calculation table's page and CSV and the public IKM list.
func skmPages() []pageRoute {
	return []pageRoute{
		{"GET", "/policies/{id}/evaluations/{round}/units/{unit}/skm", signedIn, (*Server).handleSKMTable},
		{"GET", "/policies/{id}/evaluations/{round}/units/{unit}/skm.csv", signedIn, (*Server).handleSKMTableCSV},
		{"GET", "/ikm", anyone, (*Server).handlePublicIKM},
	}
}

// skmAPIRoutes are the calculation table and the public IKM list as JSON.
func skmAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/policies/{id}/evaluations/{round}/units/{unit}/skm", "Tabel perhitungan SKM satu unit pada satu putaran: per unsur jawaban, jumlah nilai, NRR, NRR tertimbang; IKM, mutu, kecukupan sampel", signedIn, apiRead((*Server).skmTableAnswer), nil},
		{"GET", "/ikm", "IKM tiap unit per putaran dari kebijakan yang terbuka untuk publik (saring: region, year)", anyone, apiRead((*Server).publicIKMAnswer), nil},
	}
}

// skmTableView is a recorded SKM's calculation table and its sample.
type skmTableView struct {
	PolicyID int64                `json:"policy_id"`
	Round    int                  `json:"round"`
	UnitID   int64                `json:"unit_id"`
	UnitName string               `json:"unit_name"`
	Table    evaluation.SKMTable  `json:"table"`
	Sample   evaluation.SKMSample `json:"sample"`
	// Profile is the respondents' profile with every cell below
	// evaluation.MinProfileCell suppressed (none: not counted).
	Profile    []evaluation.ProfileRow `json:"profile,omitempty"`
	RecordedAt string                  `json:"recorded_at"`
}

// skmTableOf reads the URL's policy (of the viewer's region), round and
// unit, and computes the table of its recorded SKM from the answers.
func (s *Server) skmTableOf(r *http.Request) (policies.PolicySummary, skmTableView, error) {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return p, skmTableView{}, err
	}
	n, err := roundParam(r)
	if err != nil {
		return p, skmTableView{}, err
	}
	unit, err := strconv.ParseInt(chi.URLParam(r, "unit"), 10, 64)
	if err != nil || unit <= 0 {
		return p, skmTableView{}, policies.Errorf(policies.KindNotFound, "unit tidak ditemukan")
	}
	rec, err := s.store.SKMRecord(r.Context(), p.ID, n, unit)
	if err != nil {
		return p, skmTableView{}, err
	}
	var responses evaluation.SKMResponses
	if err := json.Unmarshal(rec.Data, &responses); err != nil {
		return p, skmTableView{}, fmt.Errorf("server: SKM of policy %d round %d unit %d: %w", p.ID, n, unit, err)
	}
	t, err := evaluation.NewSKMTable(responses, rec.Threshold)
	if err != nil {
		return p, skmTableView{}, err
	}
	pop := 0
	if rec.Population != nil {
		pop = *rec.Population
	}
	var profile []evaluation.ProfileRow
	if len(rec.Profile) > 0 {
		var pr evaluation.SKMProfile
		if err := json.Unmarshal(rec.Profile, &pr); err != nil {
			return p, skmTableView{}, fmt.Errorf("server: SKM profile of policy %d round %d unit %d: %w", p.ID, n, unit, err)
		}
		profile = pr.Shown()
	}
	return p, skmTableView{PolicyID: p.ID, Round: n, UnitID: unit, UnitName: rec.UnitName, Table: t, Profile: profile,
		Sample:     evaluation.SampleOf(t.Respondents, pop, rec.RegionMinimum),
		RecordedAt: rec.RecordedAt.In(p.RegionZone.Location()).Format("2006-01-02 15:04")}, nil
}

func (s *Server) skmTableAnswer(r *http.Request) (skmTableView, error) {
	_, v, err := s.skmTableOf(r)
	return v, err
}

// dec4 writes a value with 4 decimals in the reader's language (3,5313).
func dec4(lang string, f float64) string {
	s := strconv.FormatFloat(f, 'f', 4, 64)
	if lang != i18n.EN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// skmRowView is a table row with its 4-decimal values written out.
type skmRowView struct {
	evaluation.SKMTableRow
	Label, NRR4, Weighted4 string
}

func (s *Server) handleSKMTable(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	p, v, err := s.skmTableOf(r)
	if err != nil {
		return err
	}
	T := messages[lang]
	rows := make([]skmRowView, len(v.Table.Rows))
	for i, row := range v.Table.Rows {
		rows[i] = skmRowView{SKMTableRow: row, Label: T["skm_el_"+row.Code], NRR4: dec4(lang, row.NRR), Weighted4: dec4(lang, row.Weighted)}
	}
	fs, err := s.store.FollowUps(r.Context(), p.ID, v.Round, v.UnitID)
	if err != nil {
		return err
	}
	s.render(w, r, lang, http.StatusOK, "skm_table", map[string]any{"Title": T["skm_table_title"] + ": " + v.UnitName, "Policy": p,
		"View": v, "Rows": rows, "Weight4": dec4(lang, v.Table.Weight), "Total4": dec4(lang, v.Table.TotalWeighted),
		"Base":      fmt.Sprintf("/policies/%d/evaluations/%d/units/%d", p.ID, v.Round, v.UnitID),
		"FollowUps": followUpRows(v.Table, fs, T), "KeepsFollowUps": keepsFollowUps(viewerOf(r), v.UnitID),
		"Statuses": policies.FollowUpStatuses, "Done": doneText(r, lang),
		"Today": time.Now().In(p.RegionZone.Location()).Format("2006-01-02")})
	return nil
}

// handleSKMTableCSV exports the table: a line per element, then the total
// and the IKM, then the sample, numbers with a decimal point.
func (s *Server) handleSKMTableCSV(w http.ResponseWriter, r *http.Request) error {
	p, v, err := s.skmTableOf(r)
	if err != nil {
		return err
	}
	return s.sendDownload(w, csvType, fmt.Sprintf("skm-kebijakan-%d-putaran-%d-unit-%d.csv", p.ID, v.Round, v.UnitID), "skm table csv",
		func(w io.Writer) error { return writeSKMTableCSV(w, v) })
}
