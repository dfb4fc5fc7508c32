package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// Non-classical learning (coaching, mentoring, e-learning, self-study…):
// BKPSDM (the region's drafters) records each person's activity with its
// proof, and the ledger counts it as JP through the region's conversion
// table, which the region's administrator keeps on the settings page.
// Personal data: drafters only.

func learningPages() []pageRoute {
	return []pageRoute{
		{"GET", "/learning", drafter, (*Server).handleLearning},
		{"POST", "/learning", drafter, formWrite(activityFromForm, (*Server).addLearning, func(policies.LearningActivity) string { return savedURL("/learning") })},
		{"POST", "/learning/{lid}/remove", drafter, formWrite(learningRemovalFromForm, (*Server).removeLearning, func(policies.LearningActivity) string { return savedURL("/learning") })},
		{"POST", "/admin/learning-rules", regionAdmins, formWrite(learningRulesFromForm, (*Server).saveLearningRules, savedAt[policies.LearningRules]("/admin/settings"))},
	}
}

func learningAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/learning", "Pembelajaran nonklasikal wilayah tahun ini (?year=) dan tabel konversi JP-nya", drafter, apiRead((*Server).learningList), nil},
		{"POST", "/learning", "Catat satu kegiatan pembelajaran nonklasikal seorang ASN, dengan buktinya", drafter, apiWrite(http.StatusCreated, (*Server).addLearning), policies.LearningInput{}},
		{"POST", "/learning/{lid}/remove", "Hapus satu kegiatan pembelajaran nonklasikal, dengan alasan", drafter, apiWrite(http.StatusOK, (*Server).removeLearning), learningRemoval{}},
		{"POST", "/admin/learning-rules", "Ubah tabel konversi JP pembelajaran nonklasikal wilayah (jenis yang tidak disebut tetap)", regionAdmins, apiWrite(http.StatusOK, (*Server).saveLearningRules), policies.LearningRules{}},
	}
}

// learningAnswer is a region's year of non-classical learning and the
// table that converts it.
type learningAnswer struct {
	Region     string                      `json:"region"`
	Year       int                         `json:"year"`
	Rules      []policies.LearningRule     `json:"rules"`
	Activities []policies.LearningActivity `json:"activities"`
}

// learningRegion is the drafter's region: the learning routes are theirs.
func (s *Server) learningRegion(r *http.Request) (policies.Region, error) {
	if viewerOf(r).RegionID() == 0 {
		return policies.Region{}, errPersonalData
	}
	return s.store.RegionByID(r.Context(), viewerOf(r).RegionID())
}

// learningList reads the year's activities (this year in the region's
// time zone, or ?year=) and the region's table (page and API).
func (s *Server) learningList(r *http.Request) (learningAnswer, error) {
	rg, err := s.learningRegion(r)
	if err != nil {
		return learningAnswer{}, err
	}
	year := time.Now().In(rg.TimeZone.Location()).Year()
	if y := r.URL.Query().Get("year"); y != "" {
		if year, err = strconv.Atoi(y); err != nil || year < 2000 || year > 2100 {
			return learningAnswer{}, policies.FieldError("year", "tahun tidak sah")
		}
	}
	rules, err := s.store.LearningRules(r.Context(), rg.ID)
	if err != nil {
		return learningAnswer{}, err
	}
	as, err := s.store.LearningActivities(r.Context(), rg.ID, year)
	return learningAnswer{Region: rg.Slug, Year: year, Rules: policies.LearningTable(rules), Activities: as}, err
}

func (s *Server) handleLearning(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	l, err := s.learningList(r)
	if err != nil {
		return err
	}
	s.render(w, r, lang, http.StatusOK, "learning", map[string]any{"Title": messages[lang]["learning"], "Learning": l,
		"Kinds": policies.LearningKinds, "Today": time.Now().Format(time.DateOnly), "Saved": r.URL.Query().Get("saved") != ""})
	return nil
}

// activityFromForm reads the form that records an activity.
func activityFromForm(r *http.Request) (policies.LearningInput, error) {
	minutes, err := formInt(r, "minutes")
	if err != nil {
		return policies.LearningInput{}, err
	}
	return policies.LearningInput{NIP: r.PostFormValue("nip"), Kind: policies.LearningKind(r.PostFormValue("kind")), Title: r.PostFormValue("title"),
		HeldOn: r.PostFormValue("held_on"), Minutes: minutes, Proof: r.PostFormValue("proof")}, nil
}

// addLearning records an activity of a person on the drafter's region's
// roster (page and API).
func (s *Server) addLearning(r *http.Request, in policies.LearningInput) (policies.LearningActivity, error) {
	rg, err := s.learningRegion(r)
	if err != nil {
		return policies.LearningActivity{}, err
	}
	if _, err := in.Validate(); err != nil {
		return policies.LearningActivity{}, err
	}
	return s.store.AddLearningActivity(r.Context(), rg.ID, viewerOf(r).User.ID, in)
}

// learningRemoval is why an activity is removed.
type learningRemoval struct {
	Reason string `json:"reason"`
}

func learningRemovalFromForm(r *http.Request) (learningRemoval, error) {
	return learningRemoval{Reason: r.PostFormValue("reason")}, nil
}

// removeLearning removes the URL's activity for a reason (page and API);
// another region's is 404.
func (s *Server) removeLearning(r *http.Request, in learningRemoval) (policies.LearningActivity, error) {
	rg, err := s.learningRegion(r)
	if err != nil {
		return policies.LearningActivity{}, err
	}
	id, err := pathID(r, "lid")
	if err != nil {
		return policies.LearningActivity{}, err
	}
	if _, err := s.store.LearningActivityByID(r.Context(), rg.ID, id); err != nil {
		return policies.LearningActivity{}, err // another region's: 404 before the reason is read
	}
	reason := strings.TrimSpace(in.Reason)
	if reason == "" || len([]rune(reason)) > 1000 || !isText(reason) {
		return policies.LearningActivity{}, policies.FieldError("reason", "alasan wajib diisi (paling banyak 1000 karakter)")
	}
	return s.store.RemoveLearningActivity(r.Context(), rg.ID, viewerOf(r).User.ID, id, reason)
}

// learningRulesFromForm reads the settings page's table: one row of
// inputs per kind, named <field>_<kind>.
func learningRulesFromForm(r *http.Request) (policies.LearningRules, error) {
	var in policies.LearningRules
	for _, k := range policies.LearningKinds {
		rule := policies.LearningRule{Kind: k, Basis: policies.LearningBasis(r.PostFormValue("basis_" + string(k)))}
		for _, f := range []struct {
			name string
			to   *int
		}{{"per_minutes", &rule.PerMinutes}, {"jp", &rule.JP}, {"max_jp", &rule.MaxJP}} {
			n, err := formInt(r, fmt.Sprintf("%s_%s", f.name, k))
			if err != nil {
				return in, err
			}
			*f.to = n
		}
		in.Rules = append(in.Rules, rule)
	}
	return in, nil
}

// saveLearningRules changes the administrator's region's conversion
// table (page and API) and answers the whole table.
func (s *Server) saveLearningRules(r *http.Request, in policies.LearningRules) (policies.LearningRules, error) {
	set, err := createInRegion(s, r, &in, in.Validate, s.store.SaveLearningRules)
	return policies.LearningRules{Rules: policies.LearningTable(set)}, err
}

func init() {
	pageNames = append(pageNames, "learning")
}
