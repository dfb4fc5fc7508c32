package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/policyflow/policyflow/evaluation"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// A unit's SKM of a round: its form (answers per element and score, the
// service population, the respondents' profile), read from the page or the
// API, scored on the server and sent to the policy's workflow.

// skmInput is a unit's SKM answers: per element U1..U9, how many respondents answered 1, 2, 3, 4.
type skmInput struct {
	UnitID    int64     `json:"unit_id,omitempty"`
	Responses [9][4]int `json:"responses" minimum:"0" doc:"per element U1..U9: respondents answering 1, 2, 3, 4"`
	// Population is the unit's service population in the round's period
	// (optional): the Krejcie–Morgan sample size is taken from it.
	Population int `json:"population,omitempty" minimum:"0" doc:"people served in the period (optional): the Krejcie–Morgan sample size is taken from it"`
	// Profile is the respondents' profile, counts per category (optional).
	Profile *evaluation.SKMProfile `json:"profile,omitempty" doc:"respondents per gender (male, female), age (<25, 25-39, 40-54, 55+) and education (SMP or less, SMA/SMK, D1-D3, D4/S1, S2/S3); optional"`
}

// skmRecorded is a unit's SKM as recorded: the API's answer (its fields
// in the order it has always had them) and, for the page, the policy.
type skmRecorded struct {
	PolicyID    int64   `json:"-"`
	Band        string  `json:"band"`
	BandLabel   string  `json:"band_label"`
	IKM         float64 `json:"ikm"`
	Outcome     string  `json:"outcome"`
	Respondents int     `json:"respondents"`
}

// recordSKM computes the IKM exactly and sends it to the policy's workflow,
// which stores it and, below the policy's threshold, opens a revision
// (page and API).
func (s *Server) recordSKM(r *http.Request, rd evalRound, in skmInput) (skmRecorded, error) {
	v := viewerOf(r)
	if v.User.UnitID == nil {
		return skmRecorded{}, policies.Errorf(policies.KindForbidden, "akun Anda tidak terhubung ke unit")
	}
	if in.UnitID != 0 && in.UnitID != *v.User.UnitID {
		return skmRecorded{}, policies.Errorf(policies.KindForbidden, "Anda hanya dapat mengisi evaluasi unit Anda sendiri")
	}
	report, res, err := workflows.SKMReport(*v.User.UnitID, rd.Number, in.Responses, in.Population, in.Profile)
	if err != nil {
		return skmRecorded{}, err
	}
	req := workflows.Request{Actor: actorOf(v), Evaluation: &report}
	out, err := s.doRequest(r.Context(), rd.Policy.ID, policies.ActRecordEvaluation, requestKey(r), req, v)
	if err != nil {
		return skmRecorded{}, err
	}
	return skmRecorded{PolicyID: rd.Policy.ID, Band: res.Band, BandLabel: res.Label, IKM: res.IKM, Outcome: out.Outcome, Respondents: res.Respondents}, nil
}

// handleSKMForm shows a unit officer the SKM form of a round.
func (s *Server) handleSKMForm(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	rd, err := s.policyRound(r)
	if err != nil {
		return err
	}
	s.render(w, r, lang, http.StatusOK, "skm", map[string]any{"Title": rd.Policy.Title, "Policy": rd.Policy, "Round": rd.Number,
		"Elements": evaluation.SKMElements, "Profile": evaluation.ProfileCategories, "RequestID": randomToken()})
	return nil
}

// skmFromForm reads the SKM form: per element and score, how many
// respondents gave it (u<element>_<score>, blank for none).
func skmFromForm(r *http.Request) (skmInput, error) {
	var in skmInput
	for e := 0; e < 9; e++ {
		for score := 0; score < 4; score++ {
			name := fmt.Sprintf("u%d_%d", e+1, score+1)
			v := strings.TrimSpace(r.PostFormValue(name))
			if v == "" {
				continue
			}
			c, err := strconv.Atoi(v)
			if err != nil || c < 0 || c > 1000000 {
				return in, policies.FieldError(name, "jumlah responden tidak sah")
			}
			in.Responses[e][score] = c
		}
	}
	if v := strings.TrimSpace(r.PostFormValue("population")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return in, policies.FieldError("population", "jumlah populasi penerima layanan harus angka")
		}
		in.Population = n
	}
	var p evaluation.SKMProfile
	for _, c := range evaluation.ProfileCategories {
		for k := range c.Cells {
			name := fmt.Sprintf("profile_%s_%d", c.Code, k)
			v := strings.TrimSpace(r.PostFormValue(name))
			if v == "" {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 1000000 {
				return in, policies.FieldError(name, "jumlah responden tidak sah")
			}
			switch c.Code {
			case "gender":
				p.Gender[k] = n
			case "age":
				p.Age[k] = n
			default:
				p.Education[k] = n
			}
		}
	}
	if p != (evaluation.SKMProfile{}) {
		in.Profile = &p
	}
	return in, nil
}

// skmSaid is the report again, saying the IKM recorded and its band, and
// that a revision opened when it did.
func skmSaid(lang string, _ skmInput, res skmRecorded) string {
	key := "done_skm_saved"
	switch res.Outcome {
	case "revision_opened":
		key = "done_skm_saved_revision"
	case "recorded_small_sample":
		key = "done_skm_saved_small_sample"
	}
	return evaluationsSaying(res.PolicyID, key)
}
