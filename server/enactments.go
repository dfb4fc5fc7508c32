package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/policyflow/policyflow/naskah"
	"github.com/policyflow/policyflow/policies"
)

// Enactment (penetapan) and promulgation (pengundangan): after the last
// approval, the region's legal unit (Bagian Hukum, role legal) records the
// enactment of the text in force as a Peraturan or Keputusan Wali Kota —
// its number taken from the region's register for the year — and later its
// promulgation in the Berita Daerah. The record is the region's public
// legal act: anyone who may read the policy may read it (a published
// policy's to everyone, a draft's to its region only). Only the legal unit
// of the policy's region writes it.

// legalUnit may record enactments and promulgations.
var legalUnit = []policies.Role{policies.RoleLegal}

// enactmentPages lists the enactment pages (routes.go calls it).
func enactmentPages() []pageRoute {
	return []pageRoute{
		{"GET", "/policies/{id}/enactment", anyone, (*Server).handleEnactmentPage},
		{"POST", "/policies/{id}/enactment", legalUnit, formWrite(enactmentFromForm, (*Server).enact, enactmentSaved)},
		{"POST", "/policies/{id}/promulgation", legalUnit, formWrite(promulgationFromForm, (*Server).promulgate, enactmentSaved)},
		{"POST", "/policies/{id}/enactment/sign", legalUnit, formWrite(noForm, (*Server).signAgain, enactmentSaved)}, // signatures.go
	}
}

// enactmentAPIRoutes are the enactment's API routes (apiRoutes appends them).
func enactmentAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/policies/{id}/enactments", "Penetapan (nomor, penandatangan) dan pengundangan kebijakan, terbaru dahulu", anyone, apiRead((*Server).enactmentList), nil},
		{"POST", "/policies/{id}/enactments", "Catat penetapan versi yang disetujui sebagai Peraturan/Keputusan Wali Kota; nomor diambil dari register tahunan wilayah (Bagian Hukum)", legalUnit, apiWrite(http.StatusCreated, (*Server).enact), policies.EnactmentInput{}},
		{"POST", "/policies/{id}/promulgation", "Catat pengundangan penetapan terakhir dalam Berita Daerah; nomornya diambil dari register Berita Daerah (Bagian Hukum)", legalUnit, apiWrite(http.StatusOK, (*Server).promulgate), policies.PromulgationInput{}},
		{"POST", "/policies/{id}/enactment/sign", "Tandatangani secara elektronik dokumen resmi penetapan/pengundangan terakhir yang tercatat tanpa tanda tangan (kunci belum ada, penandatanganan gagal, atau server berhenti sebelum menandatangani); Bagian Hukum", legalUnit, apiDo((*Server).signAgain), nil},
	}
}

// enactmentView is an enactment as pages show it: its citation, and its
// signature and promulgation blocks as they will print (in Indonesian,
// the document's language).
type enactmentView struct {
	policies.Enactment
	Label     string   `json:"label"`
	Enacted   []string `json:"enacted_block"`   // "Ditetapkan di …", "pada tanggal …"
	Signature []string `json:"signature_block"` // "Plt. WALI KOTA SAWAHLUNTO,", "", name
	Promul    []string `json:"promulgation_block,omitempty"`
	Gazette   string   `json:"gazette,omitempty"` // "BERITA DAERAH KOTA SAWAHLUNTO TAHUN 2026 NOMOR 12"
	// GazetteCite is the same in a sentence: "Berita Daerah Kota Sawahlunto Tahun 2026 Nomor 12".
	GazetteCite string `json:"-"`
	// From is the day the text takes (or took) effect, once known: nil
	// for a Peraturan not yet promulgated.
	From *time.Time `json:"in_force_from,omitempty"`
}

// viewEnactment words the record's blocks once, as the document prints
// them (package naskah).
func viewEnactment(e policies.Enactment, regionName string) enactmentView {
	sig := naskah.Signature(e, regionName)
	v := enactmentView{GazetteCite: naskah.GazetteCite(e, regionName), Enactment: e, Label: e.Label(regionName), Enacted: sig.Dated(), Signature: sig.Signed(),
		Promul: naskah.Promulgation(e, regionName).Lines(), Gazette: naskah.Gazette(e, regionName)}
	if from, ok := e.EffectiveDate(); ok {
		v.From = &from
	}
	return v
}

func (s *Server) enactmentViews(ctx context.Context, p policies.PolicySummary) ([]enactmentView, error) {
	es, err := s.store.Enactments(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	vs := make([]enactmentView, len(es))
	for i, e := range es {
		vs[i] = viewEnactment(e, p.RegionName)
	}
	return vs, nil
}

// enactable reports whether the policy's text in force may be enacted now:
// approved (or implemented, evaluated) and not yet enacted.
func enactable(p policies.PolicySummary, es []enactmentView) bool {
	if p.InForceVersionID == nil || !slices.Contains([]policies.Status{policies.StatusApproved, policies.StatusImplementing, policies.StatusEvaluating}, p.Status) {
		return false
	}
	return !slices.ContainsFunc(es, func(e enactmentView) bool { return e.VersionID == *p.InForceVersionID })
}

// policyEnactment is what the policy page shows of the enactment: the
// latest record, and whether the viewer may record one now.
type policyEnactment struct {
	Latest    *enactmentView
	CanRecord bool
	// Superseded: the version shown was approved after the latest
	// enactment, and is not enacted itself (the page says so).
	Superseded bool
}

func (s *Server) policyEnactment(r *http.Request, p policies.PolicySummary, shown int) policyEnactment {
	var pe policyEnactment
	vs, err := s.enactmentViews(r.Context(), p)
	if err != nil {
		s.log.Error("enactments", "policy", p.ID, "err", err)
		return pe
	}
	if len(vs) > 0 {
		pe.Latest = &vs[0]
		pe.Superseded = vs[0].VersionNumber < shown
	}
	v := viewerOf(r)
	pe.CanRecord = v.Is(policies.RoleLegal) && v.Staff(p.RegionID) && enactable(p, vs)
	return pe
}

func (s *Server) handleEnactmentPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := language(w, r)
	p, err := s.loadPolicy(r)
	if err != nil {
		return err
	}
	vs, err := s.enactmentViews(ctx, p)
	if err != nil {
		return err
	}
	v := viewerOf(r)
	legal := v.Is(policies.RoleLegal) && v.Staff(p.RegionID)
	data := map[string]any{"Title": messages[lang]["enact_title"] + " — " + p.Title, "Policy": p, "Enactments": vs,
		"Saved": r.URL.Query().Get("saved") != "", "Forms": policies.LegalForms}
	if legal {
		leaders, err := s.store.UsersByRole(ctx, p.RegionID, policies.RoleLeader)
		if err != nil {
			return err
		}
		data["Leaders"] = leaders
		data["CanEnact"] = enactable(p, vs)
		data["CanPromulgate"] = len(vs) > 0 && vs[0].PromulgatedOn == nil
		if data["CanSignAgain"], err = s.unsignedLatest(ctx, p); err != nil {
			return err
		}
		data["Today"] = time.Now().In(p.RegionZone.Location()).Format(time.DateOnly)
		data["City"] = policies.CityName(p.RegionName)
	}
	s.render(w, r, lang, http.StatusOK, "enactment", data)
	return nil
}

func enactmentFromForm(r *http.Request) (policies.EnactmentInput, error) {
	in := policies.EnactmentInput{Form: policies.LegalForm(r.PostFormValue("form")), Place: r.PostFormValue("place"),
		EnactedOn: r.PostFormValue("enacted_on"), EffectiveOn: r.PostFormValue("effective_on"), OnBehalf: r.PostFormValue("on_behalf") != "",
		Strategic: r.PostFormValue("strategic") != ""}
	var err error
	if in.PrincipalID, err = formID(r, "principal_id"); err != nil {
		return in, err
	}
	in.SignerID, err = formID(r, "signer_id")
	return in, err
}

func promulgationFromForm(r *http.Request) (policies.PromulgationInput, error) {
	in := policies.PromulgationInput{PromulgatedOn: r.PostFormValue("promulgated_on")}
	var err error
	in.PromulgatorID, err = formID(r, "promulgator_id")
	return in, err
}

// enact records the enactment of the URL's policy, of the legal unit's
// region, and answers it as it prints (page and API).
func (s *Server) enact(r *http.Request, in policies.EnactmentInput) (enactmentView, error) {
	return recordEnactment(s, r, in, in.Validate, s.store.Enact, policies.ActEnacted)
}

// promulgate records the promulgation of the URL's policy's latest
// enactment and answers that enactment as it prints (page and API).
func (s *Server) promulgate(r *http.Request, in policies.PromulgationInput) (enactmentView, error) {
	return recordEnactment(s, r, in, in.Validate, s.store.Promulgate, policies.ActPromulgated)
}

// recordEnactment checks a record of the legal unit and writes it on the
// URL's policy of its region (writeOnRegionPolicy), signs the official PDF
// for the act (signatures.go), and answers the enactment as it prints.
func recordEnactment[In any](s *Server, r *http.Request, in In, validate func() error,
	write func(ctx context.Context, regionID, actorID, policyID int64, in In) (policies.Enactment, error), act policies.SignedAct) (enactmentView, error) {
	p, e, err := writeOnRegionPolicy(s, r, in, func(int64) error { return validate() }, write)
	if err != nil {
		return enactmentView{}, err
	}
	s.signAct(r, p, e, act)
	s.tellLegalStep(r, p)
	return viewEnactment(e, p.RegionName), nil
}

// enactmentSaved is where the legal unit goes after a record: the
// enactment page, saying it was saved.
func enactmentSaved(e enactmentView) string {
	return fmt.Sprintf("/policies/%d/enactment?saved=1#enactments", e.PolicyID)
}

// enactmentList is the URL's policy's enactments, newest first, for the API.
func (s *Server) enactmentList(r *http.Request) (map[string]any, error) {
	p, err := s.loadPolicy(r)
	if err != nil {
		return nil, err
	}
	vs, err := s.enactmentViews(r.Context(), p)
	return map[string]any{"enactments": vs}, err
}
