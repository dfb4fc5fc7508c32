package server

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/consolidate"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/textdiff"
)

// Amendment points (issue 27): a draft that amends an in-force Peraturan
// Wali Kota (the legal unit records the "mengubah" relation, jdih.go)
// keeps the points of its Pasal I as data; the drafter adds and removes
// them while the draft is written, each checked against the amended text
// as it stands and shown as the diff it makes, and takes the amending
// act's text made from them (policies.AmendingText) as a new version.

func init() { pageNames = append(pageNames, "amendment") }

// amendmentAPIRoutes are the API routes of amendment points.
func amendmentAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/policies/{id}/amendment", "Butir perubahan rancangan yang mengubah Peraturan Wali Kota yang berlaku: target, butir dengan selisihnya, dan naskah perubahan (Lampiran II UU 12/2011)", drafter, apiRead((*Server).amendmentAnswer), nil},
		{"POST", "/policies/{id}/amendment/points", "Tambah butir perubahan (ubah, sisipkan, hapus) yang diperiksa terhadap teks yang diubah; 409 bila rancangan tidak lagi dapat diubah", drafter, apiWrite(http.StatusCreated, (*Server).addAmendmentPoint), pointInput{}},
		{"POST", "/policies/{id}/amendment/points/{pid}/delete", "Hapus butir perubahan; butir sesudahnya bergeser naik", drafter, apiDo((*Server).deleteAmendmentPoint), nil},
	}
}

// amendmentAnswers are the answers of amendmentAPIRoutes and
// consolidationAPIRoutes (apiAnswers).
func amendmentAnswers() map[string]apiAnswer {
	return map[string]apiAnswer{
		"GET /policies/{id}/amendment":                      ok(amendmentDoc{}),
		"POST /policies/{id}/amendment/points":              created(policies.AmendmentInstruction{}),
		"POST /policies/{id}/amendment/points/{pid}/delete": ok(policies.AmendmentInstruction{}),
		"GET /policies/{id}/consolidated":                   ok(consolidation{}),
		"GET /policies/{id}/consolidated/articles":          ok(articlesDoc{}),
		"GET /policies/{id}/versions/{n}/articles":          ok(articlesDoc{}),
	}
}

// amendmentPages lists the page of amendment points and its forms.
func amendmentPages() []pageRoute {
	return []pageRoute{
		{"GET", "/policies/{id}/amendment", drafter, (*Server).handleAmendmentPage},
		{"POST", "/policies/{id}/amendment/points", drafter, formWrite(pointFromForm, (*Server).addAmendmentPoint, pointSaved("amend_done_added"))},
		{"POST", "/policies/{id}/amendment/points/{pid}/delete", drafter, formWrite(noForm, (*Server).deleteAmendmentPoint, pointSaved("amend_done_removed"))},
	}
}

// pointInput is a new point with the number of points the drafter saw
// (count): a point added by someone else since is a conflict, since the
// new one was checked without it.
type pointInput struct {
	policies.AmendmentInput
	Count int `json:"count"`
}

func pointFromForm(r *http.Request) (pointInput, error) {
	f := r.PostFormValue
	in := pointInput{AmendmentInput: policies.AmendmentInput{Op: policies.AmendmentOp(f("op")), Pasal: f("pasal"), After: f("after"), Text: f("text")}}
	if m := ayatFieldRe.FindStringSubmatch(strings.TrimSpace(f("ayat"))); m != nil && m[2] != "" { // "1a": an inserted ayat
		in.Ayat, _ = strconv.Atoi(m[1])
		in.AyatLetter = m[2]
	} else if err := intField(f, "ayat", &in.Ayat); err != nil {
		return in, err
	}
	return in, intField(f, "count", &in.Count)
}

// ayatFieldRe is an ayat as the form takes it: "2", or "1a" for an ayat
// inserted after ayat (1).
var ayatFieldRe = regexp.MustCompile(`^(\d{1,3})([a-z]?)$`)

// intField reads the whole number of form field name into dst (absent: 0).
func intField(f func(string) string, name string, dst *int) error {
	v := f(name)
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return policies.FieldError(name, "%s harus bilangan bulat", name)
	}
	*dst = n
	return nil
}

// pointSaved is the amendment page after a write, saying key.
func pointSaved(key string) func(policies.AmendmentInstruction) string {
	return func(a policies.AmendmentInstruction) string {
		return saying(fmt.Sprintf("/policies/%d/amendment", a.PolicyID), key)
	}
}

// amendment is an amending draft with its target and points.
type amendment struct {
	Policy policies.PolicySummary
	Target *policies.PolicySummary // nil: no "mengubah" relation yet
	Act    policies.AmendedAct
	Base   string // the target's text as it stands today (amendments in force applied)
	Points []policies.AmendmentInstruction
	// Refusal is the catalogue key of why no point can be added (no
	// target, target not in force, the draft no longer editable); "" when
	// one can. refusals holds its error.
	Refusal string
}

// refusals are the errors of the refusals an amendment page names.
var refusals = map[string]error{
	"amend_no_target":    policies.Errorf(policies.KindConflict, "Bagian Hukum belum mencatat Peraturan Wali Kota yang diubah kebijakan ini (relasi \"mengubah\")"),
	"amend_many_targets": policies.Errorf(policies.KindConflict, "kebijakan ini tercatat mengubah lebih dari satu kebijakan; butir perubahan disusun untuk satu Peraturan Wali Kota"),
	"amend_not_in_force": policies.Errorf(policies.KindConflict, "kebijakan yang diubah belum berlaku: butir perubahan diperiksa terhadap teks yang berlaku"),
	"amend_not_editable": policies.Errorf(policies.KindConflict, "butir perubahan hanya dapat diubah selama rancangan disusun, tidak selama persetujuan atau sesudah disetujui"),
}

// amendmentOf reads the URL's policy (of the viewer's region), the policy
// it amends and its points.
func (s *Server) amendmentOf(r *http.Request) (amendment, error) {
	ctx := r.Context()
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return amendment{}, err
	}
	a := amendment{Policy: p}
	if a.Points, err = s.store.AmendmentInstructions(ctx, p.ID); err != nil {
		return a, err
	}
	rels, err := s.store.Relations(ctx, p.ID)
	if err != nil {
		return a, err
	}
	var targets []int64
	for _, rel := range rels {
		if rel.Kind == policies.RelAmends && rel.FromPolicyID == p.ID {
			targets = append(targets, rel.ToPolicyID)
		}
	}
	switch {
	case len(targets) == 0:
		a.Refusal = "amend_no_target"
		return a, nil
	case len(targets) > 1:
		a.Refusal = "amend_many_targets"
		return a, nil
	}
	t, err := s.store.PolicyByID(ctx, targets[0])
	if err != nil {
		return a, err
	}
	a.Target = &t
	a.Base, a.Act, err = s.amendedText(ctx, t, p.ID)
	if errors.Is(err, errNotInForce) {
		a.Refusal = "amend_not_in_force"
		return a, nil
	}
	if err != nil {
		return a, err
	}
	es, err := s.store.Enactments(ctx, p.ID) // an enacted act's points never change
	if err == nil && (!policies.AmendmentEditable(p.Status) || len(es) > 0) {
		a.Refusal = "amend_not_editable"
	}
	return a, err
}

// amendedText is target's text as it stands today in its region, with the
// amendments in force applied (but not those of the draft exclude), and
// how the amending act names it.
func (s *Server) amendedText(ctx context.Context, target policies.PolicySummary, exclude int64) (string, policies.AmendedAct, error) {
	l, err := s.inForceText(ctx, target, exclude)
	if err != nil {
		return "", policies.AmendedAct{}, err
	}
	today, _ := time.Parse(time.DateOnly, policies.Today(time.Now(), target.RegionZone))
	en := l.Text.Enactment
	act := policies.AmendedAct{RegionName: target.RegionName, Label: en.Label(target.RegionName), Title: en.Title, Gazette: policies.GazetteCite(en, target.RegionName)}
	return l.consolidated(today).Text, act, nil
}

// pointView is one point as the page and the API show it: the sentence's
// target, the diff it makes and whether it still fits.
type pointView struct {
	policies.AmendmentInstruction
	Label string        `json:"label"`
	Diff  template.HTML `json:"diff"` // the provision before → after, word by word
	Fits  bool          `json:"fits"` // false: the text it meets no longer lets it apply
}

// pointViews shows each point applied after the ones before it.
func pointViews(base string, points []policies.AmendmentInstruction) []pointView {
	out := make([]pointView, len(points))
	ins := make([]consolidate.Instruction, len(points))
	for i, pt := range points {
		ins[i] = pt.Instruction(consolidate.Act{})
	}
	before := base
	for i, pt := range points {
		r := consolidate.Consolidate(before, ins[i:i+1], time.Time{})
		n, _ := consolidate.ParseNumber(pt.Pasal)
		was, _ := consolidate.Body(before, n, 0)
		now, _ := consolidate.Body(r.Text, n, 0)
		out[i] = pointView{AmendmentInstruction: pt, Label: pt.Label(), Diff: textdiff.HTML(textdiff.Words(was, now)), Fits: len(r.Misfits) == 0}
		before = r.Text
	}
	return out
}

// amendmentDoc is an amending draft's points as the API answers them.
type amendmentDoc struct {
	PolicyID int64 `json:"policy_id"`
	Editable bool  `json:"editable"`
	// Refusal says why no point can be added now; empty when one can.
	Refusal string `json:"refusal,omitempty"`
	// Target is the act amended (nil before the legal unit records it,
	// or while it is not in force).
	Target *amendedTarget `json:"target"`
	Points []pointView    `json:"points"`
	// Markdown is the amending act made from the points (Lampiran II).
	Markdown string `json:"markdown,omitempty"`
	// TextCheck says whether the draft's current version words the points
	// as kept (nil while there is no target to make the act from).
	TextCheck *policies.TextDrift `json:"text_check,omitempty"`
}

// amendedTarget names the act amended.
type amendedTarget struct {
	PolicyID int64  `json:"policy_id"`
	Label    string `json:"label"`
	Title    string `json:"title"`
}

// amendmentAnswer is the URL's draft's target, points and amending act, for the API.
func (s *Server) amendmentAnswer(r *http.Request) (amendmentDoc, error) {
	a, err := s.amendmentOf(r)
	if err != nil {
		return amendmentDoc{}, err
	}
	out := amendmentDoc{PolicyID: a.Policy.ID, Editable: a.Refusal == "", Points: []pointView{}}
	if a.Refusal != "" {
		out.Refusal = refusals[a.Refusal].Error()
	}
	if a.Target != nil && a.Act.Label != "" {
		out.Target = &amendedTarget{PolicyID: a.Target.ID, Label: a.Act.Label, Title: a.Act.Title}
		out.Points = pointViews(a.Base, a.Points)
		out.Markdown = policies.AmendingText(a.Act, a.Base, a.Points)
		cur, err := s.store.CurrentVersion(r.Context(), a.Policy.ID)
		if err != nil {
			return out, err
		}
		d := policies.CheckAmendingText(cur.Markdown, out.Markdown)
		out.TextCheck = &d
	}
	return out, nil
}

// addAmendmentPoint checks a point and appends it to the URL's draft (page and API).
func (s *Server) addAmendmentPoint(r *http.Request, in pointInput) (policies.AmendmentInstruction, error) {
	var none policies.AmendmentInstruction
	a, err := s.amendmentOf(r) // the viewer's region's, before its body is read
	if err != nil {
		return none, err
	}
	if err := in.Validate(); err != nil {
		return none, err
	}
	if a.Refusal != "" {
		return none, refusals[a.Refusal]
	}
	if in.Count != len(a.Points) {
		return none, policies.Errorf(policies.KindConflict, "butir perubahan lain disimpan sejak Anda membuka halaman ini; muat ulang lalu periksa lagi")
	}
	expect, err := policies.CheckAmendment(a.Base, a.Points, in.AmendmentInput)
	if err != nil {
		return none, err
	}
	return s.store.AddAmendmentInstruction(r.Context(), a.Policy.RegionID, viewerOf(r).User.ID, a.Policy.ID, a.Target.ID, in.Count, in.AmendmentInput, expect)
}

// deleteAmendmentPoint removes a point of the URL's draft (page and API).
func (s *Server) deleteAmendmentPoint(r *http.Request, _ struct{}) (policies.AmendmentInstruction, error) {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return policies.AmendmentInstruction{}, err
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "pid"), 10, 64)
	if err != nil || id <= 0 {
		return policies.AmendmentInstruction{}, policies.Errorf(policies.KindNotFound, "butir perubahan tidak ditemukan")
	}
	err = s.store.DeleteAmendmentInstruction(r.Context(), p.RegionID, viewerOf(r).User.ID, p.ID, id)
	return policies.AmendmentInstruction{ID: id, PolicyID: p.ID}, err
}

// handleAmendmentPage is the drafter's page of an amending draft's points.
func (s *Server) handleAmendmentPage(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	a, err := s.amendmentOf(r)
	if err != nil {
		return err
	}
	cur, err := s.store.CurrentVersion(r.Context(), a.Policy.ID)
	if err != nil {
		return err
	}
	data := map[string]any{"Title": messages[lang]["amend_title"] + " — " + a.Policy.Title, "Policy": a.Policy, "Done": doneText(r, lang),
		"Ops": policies.AmendmentOps, "Count": len(a.Points), "Version": cur.Number, "Editable": a.Refusal == "", "Refusal": a.Refusal}
	if a.Target != nil && a.Act.Label != "" {
		data["Target"], data["Act"], data["TargetName"] = a.Target, a.Act, a.Act.Label+" tentang "+a.Act.Title
		data["Points"] = pointViews(a.Base, a.Points)
		made := policies.AmendingText(a.Act, a.Base, a.Points)
		data["Markdown"], data["Drift"] = made, policies.CheckAmendingText(cur.Markdown, made)
	}
	s.render(w, r, lang, http.StatusOK, "amendment", data)
	return nil
}
