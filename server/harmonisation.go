package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// Harmonisation (issue 23; UU 13/2022 Pasal 58 and 97D, Permenkum
// 40/2025): the region's administrator says per legal form whether the
// Kanwil Kementerian Hukum harmonises it (by default a Perwali, not a
// Kepwali); Bagian Hukum records on the policy's approved version the
// request (date, letter number; the package is the version's draft PDF
// and the policy's attachments) and then the Kanwil's answer (letter,
// date, Berita Acara attachment, "selesai" or "perlu perbaikan" with
// notes). Paraf and enactment wait for "selesai" where required
// (postgres). "Perlu perbaikan" leaves the version unharmonised: the
// drafter opens a revision through the workflow (open_revision), the
// corrected version is approved and harmonised anew.

// harmonisationPages lists the harmonisation pages (routes.go calls it).
func harmonisationPages() []pageRoute {
	return []pageRoute{
		{"GET", "/policies/{id}/harmonisation", anyone, (*Server).handleHarmonisationPage},
		{"POST", "/policies/{id}/harmonisation/request", legalUnit, formWrite(harmonisationRequestFromForm, (*Server).requestHarmonisation, harmonisationSaved)},
		{"POST", "/policies/{id}/harmonisation/answer", legalUnit, formWrite(harmonisationAnswerFromForm, (*Server).answerHarmonisation, harmonisationSaved)},
		{"GET", "/admin/harmonisation", regionAdmins, (*Server).handleHarmonisationSettings},
		{"POST", "/admin/harmonisation", regionAdmins, formWrite(harmonisationSettingFromForm, (*Server).setHarmonisation, proposed)},
	}
}

// harmonisationAPIRoutes are the harmonisation's API routes (apiRoutes appends them).
func harmonisationAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/policies/{id}/harmonisation", "Harmonisasi versi yang disetujui oleh Kanwil Kementerian Hukum: wajib atau tidak, permohonan, jawaban, dan riwayatnya", anyone, apiRead((*Server).harmonisationOf), nil},
		{"POST", "/policies/{id}/harmonisation/request", "Catat permohonan harmonisasi versi yang disetujui (tanggal dan nomor surat; Bagian Hukum)", legalUnit, apiWrite(http.StatusCreated, (*Server).requestHarmonisation), policies.HarmonisationRequestInput{}},
		{"POST", "/policies/{id}/harmonisation/answer", "Catat jawaban Kanwil: nomor dan tanggal surat, Berita Acara (lampiran), hasil selesai atau perlu perbaikan (Bagian Hukum)", legalUnit, apiWrite(http.StatusOK, (*Server).answerHarmonisation), policies.HarmonisationAnswerInput{}},
		{"GET", "/admin/harmonisation", "Bentuk produk hukum yang wajib diharmonisasi di wilayah saya", regionAdmins, apiRead((*Server).harmonisationSettingsOf), nil},
		{"POST", "/admin/harmonisation", "Usulkan wajib tidaknya harmonisasi satu bentuk produk hukum: berlaku setelah dikonfirmasi administrator lain", regionAdmins, apiWrite(http.StatusAccepted, (*Server).setHarmonisation), policies.HarmonisationSettingInput{}},
	}
}

// harmonisationView is the harmonisation of a policy's approved version.
type harmonisationView struct {
	Version int                `json:"version"` // 0: nothing approved yet
	Form    policies.LegalForm `json:"form"`
	// Required: the region requires harmonisation of the form.
	Required bool `json:"required"`
	// Current is the approved version's harmonisation; nil before a request.
	Current *policies.Harmonisation `json:"current,omitempty"`
	// Done: the approved version is harmonised ("selesai").
	Done bool `json:"done"`
	// Open: the version may still be harmonised (approved, not enacted).
	Open bool `json:"open"`
	// History is every harmonisation of the policy, newest first.
	History     []policies.Harmonisation `json:"history"`
	Attachments []policies.Attachment    `json:"attachments"`
}

// harmonisationState is the harmonisation of the policy's approved version.
func (s *Server) harmonisationState(ctx context.Context, p policies.PolicySummary) (harmonisationView, error) {
	hv := harmonisationView{Form: policies.FormPerwali, History: []policies.Harmonisation{}, Attachments: []policies.Attachment{}}
	lp, err := policies.ReadLegalProgress(ctx, s.store, p)
	if err != nil {
		return hv, err
	}
	if lp.Harmonisations != nil {
		hv.History = lp.Harmonisations
	}
	if lp.Version == 0 {
		return hv, nil
	}
	pv := parafViewOf(p, lp) // whether the version is open
	hv.Version, hv.Form, hv.Open = lp.Version, lp.Form, pv.Open
	hv.Required, hv.Current = lp.HarmonisationRequired, lp.Harmonisation
	hv.Done = hv.Current.Done()
	hv.Attachments, err = s.store.Attachments(ctx, p.ID, hv.Version) // the package: those up to the approved version
	return hv, err
}

// harmonisationOf is the URL's policy's harmonisation (API).
func (s *Server) harmonisationOf(r *http.Request) (harmonisationView, error) {
	p, err := s.loadPolicy(r)
	if err != nil {
		return harmonisationView{}, err
	}
	return s.harmonisationState(r.Context(), p)
}

func (s *Server) handleHarmonisationPage(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	p, err := s.loadPolicy(r)
	if err != nil {
		return err
	}
	hv, err := s.harmonisationState(r.Context(), p)
	if err != nil {
		return err
	}
	v := viewerOf(r)
	mayWrite := hv.Open && v.Is(policies.RoleLegal) && v.InRegion(p.RegionID)
	s.render(w, r, lang, http.StatusOK, "harmonisation", map[string]any{"Title": messages[lang]["harmo_title"] + " — " + p.Title,
		"Policy": p, "Harmo": hv, "MayWrite": mayWrite, "Results": policies.HarmonisationResults, "Saved": r.URL.Query().Get("saved") != ""})
	return nil
}

func harmonisationRequestFromForm(r *http.Request) (policies.HarmonisationRequestInput, error) {
	return policies.HarmonisationRequestInput{RequestedOn: r.PostFormValue("requested_on"), RequestLetter: r.PostFormValue("request_letter")}, nil
}

func harmonisationAnswerFromForm(r *http.Request) (policies.HarmonisationAnswerInput, error) {
	in := policies.HarmonisationAnswerInput{AnswerLetter: r.PostFormValue("answer_letter"), AnsweredOn: r.PostFormValue("answered_on"),
		Result: policies.HarmonisationResult(strings.TrimSpace(r.PostFormValue("result"))), Notes: r.PostFormValue("notes")}
	var err error
	in.BeritaAcaraID, err = formID(r, "berita_acara_id")
	return in, err
}

// requestHarmonisation records the request of the URL's policy of the
// legal unit's region (page and API).
func (s *Server) requestHarmonisation(r *http.Request, in policies.HarmonisationRequestInput) (policies.Harmonisation, error) {
	return writeLegalRecord(s, r, in, in.Validate, s.store.RequestHarmonisation)
}

// answerHarmonisation records the Kanwil's answer (page and API).
// "Perlu perbaikan" reopens the draft: the workflow, told, opens a revision.
func (s *Server) answerHarmonisation(r *http.Request, in policies.HarmonisationAnswerInput) (policies.Harmonisation, error) {
	return writeLegalRecord(s, r, in, in.Validate, s.store.AnswerHarmonisation)
}

// harmonisationSaved is where Bagian Hukum goes after a write: the page.
func harmonisationSaved(h policies.Harmonisation) string {
	return fmt.Sprintf("/policies/%d/harmonisation?saved=1#harmonisation", h.PolicyID)
}

// harmonisationSettings is the administrator's region's settings.
type harmonisationSettings struct {
	Settings []policies.HarmonisationSetting `json:"settings"`
}

func (s *Server) harmonisationSettingsOf(r *http.Request) (harmonisationSettings, error) {
	_, st, err := regionOwn(s, r, s.store.HarmonisationSettings)
	return harmonisationSettings{Settings: st}, err
}

func (s *Server) handleHarmonisationSettings(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	reg, st, err := regionOwn(s, r, s.store.HarmonisationSettings)
	if err != nil {
		return err
	}
	pending, err := s.pendingOn(r, lang, "", policies.ChangeHarmonisation)
	if err != nil {
		return err
	}
	s.renderAdmin(w, r, lang, "admin_harmonisation", messages[lang]["harmo_settings_title"], reg, map[string]any{"Settings": st, "Pending": pending})
	return nil
}

func harmonisationSettingFromForm(r *http.Request) (policies.HarmonisationSettingInput, error) {
	return policies.HarmonisationSettingInput{Form: policies.LegalForm(r.PostFormValue("form")), Required: r.PostFormValue("required") == "1"}, nil
}

// setHarmonisation proposes a form's setting in the region, for another
// administrator to confirm (page and API).
func (s *Server) setHarmonisation(r *http.Request, in policies.HarmonisationSettingInput) (policies.PendingChange, error) {
	return proposeIn(s, r, policies.ChangeHarmonisation, 0, &in, in.Validate)
}

func init() {
	pageNames = append(pageNames, "harmonisation", "admin_harmonisation")
}
