package server

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
)

// The public IKM list (/ikm, /api/v1/ikm): each unit's IKM per round of
// every policy the public may read (policies.PublicStatuses), with its
// band and respondents; no person's data. Filtered by region and year.

// publicIKMRow is one unit's published result.
type publicIKMRow struct {
	Region      string  `json:"region"`
	PolicyID    int64   `json:"policy_id"`
	PolicyTitle string  `json:"policy_title"`
	Unit        string  `json:"unit"`
	Round       int     `json:"round"`
	Period      string  `json:"period"` // the round's due date, YYYY-MM-DD in the region's zone
	IKM         float64 `json:"ikm"`
	Band        string  `json:"band"`
	Label       string  `json:"band_label"`
	Respondents int     `json:"respondents"`
}

// publicIKMList is the list and the filter that chose it.
type publicIKMList struct {
	Sel  map[string]string `json:"-"`
	Rows []publicIKMRow    `json:"results"`
}

// publicIKMLimit bounds one answer.
const publicIKMLimit = 1000

// publicIKM reads the filter (region slug, year; each refused naming
// itself) and the published results it chooses: page and API alike.
func (s *Server) publicIKM(r *http.Request) (publicIKMList, error) {
	q := r.URL.Query()
	out := publicIKMList{Sel: map[string]string{"region": q.Get("region"), "year": q.Get("year")}, Rows: []publicIKMRow{}}
	f := policies.PublicIKMFilter{Statuses: policies.PublicStatuses, Limit: publicIKMLimit}
	if reg := q.Get("region"); reg != "" {
		rg, err := s.store.RegionBySlug(r.Context(), reg)
		if err != nil {
			return out, policies.FieldError("region", "wilayah %q tidak dikenal", reg)
		}
		f.RegionID = rg.ID
	}
	if y := q.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1945 || n > 9999 {
			return out, policies.FieldError("year", "tahun tidak sah")
		}
		f.Year = n
	}
	list, err := s.store.PublicIKMs(r.Context(), f)
	if err != nil {
		return out, err
	}
	for _, p := range list {
		row := publicIKMRow{Region: p.RegionName, PolicyID: p.PolicyID, PolicyTitle: p.PolicyTitle, Unit: p.UnitName, Round: p.Round,
			Period: p.DueAt.In(p.Zone.Location()).Format("2006-01-02"), IKM: p.Score}
		row.Band, row.Label = evaluation.BandOf(p.Score)
		var responses evaluation.SKMResponses
		if json.Unmarshal(p.Data, &responses) == nil {
			if res, err := evaluation.IKM(responses); err == nil {
				row.Respondents = res.Respondents
			}
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

func (s *Server) publicIKMAnswer(r *http.Request) (publicIKMList, error) { return s.publicIKM(r) }

func (s *Server) handlePublicIKM(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	list, err := s.publicIKM(r)
	if err != nil {
		return err
	}
	regions, err := s.store.Regions(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, lang, http.StatusOK, "ikm_public", map[string]any{"Title": messages[lang]["ikm_public_title"],
		"Rows": list.Rows, "Sel": list.Sel, "Regions": regions})
	return nil
}
