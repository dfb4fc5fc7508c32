package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/policies"
)

// JDIH (issue 13): an enacted policy is a regional legal product. The
// region's legal unit (Bagian Hukum, role legal) records which policies it
// amends or repeals ("mengubah", "mencabut"; shown on both policies) and
// edits its JDIH metadata (Permenkumham 8/2019); the public reads every
// enacted product on /produk-hukum, and the region's JDIH harvests the
// same list as JSON in the fields of the JDIHN integration
// (/produk-hukum.json, /api/v1/jdih: produk_hukum.go).

func init() { pageNames = append(pageNames, "produk_hukum", "jdih") }

// jdihEditors record relations and edit metadata: the legal unit.
var jdihEditors = []policies.Role{policies.RoleLegal}

// jdihAPIRoutes are the API routes of relations, metadata and the feed.
func jdihAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/policies/{id}/relations", "Relasi kebijakan: mengubah / diubah dengan, mencabut / dicabut dengan (hanya kebijakan yang boleh Anda baca)", anyone, apiRead((*Server).relationList), nil},
		{"POST", "/policies/{id}/relations", "Catat bahwa kebijakan ini mengubah atau mencabut kebijakan lain di wilayah yang sama (Bagian Hukum)", jdihEditors, apiWrite(http.StatusCreated, (*Server).addRelation), policies.RelationInput{}},
		{"GET", "/policies/{id}/jdih", "Metadata JDIH produk hukum (Permenkumham 8/2019); metadata null sebelum ditetapkan", anyone, apiRead((*Server).jdihRecord), nil},
		{"POST", "/policies/{id}/jdih", "Simpan metadata JDIH produk hukum yang sudah ditetapkan (Bagian Hukum)", jdihEditors, apiWrite(http.StatusOK, (*Server).saveJDIH), policies.JDIHInput{}},
		{"GET", "/jdih", "Umpan produk hukum dalam kolom integrasi JDIHN (saring: region, year, jenis, page)", anyone, (*Server).handleJDIHFeed, nil},
	}
}

// jdihPages lists the pages of relations, metadata and the public list.
func jdihPages() []pageRoute {
	return []pageRoute{
		{"GET", "/produk-hukum", anyone, (*Server).handleProdukHukum},
		{"GET", "/produk-hukum.json", anyone, (*Server).handleJDIHFeed},
		{"GET", "/policies/{id}/jdih", jdihEditors, (*Server).handleJDIHPage},
		{"POST", "/policies/{id}/jdih", jdihEditors, formWrite(jdihFromForm, (*Server).saveJDIH, jdihSaved)},
		{"POST", "/policies/{id}/relations", jdihEditors, formWrite(relationFromForm, (*Server).addRelation, relationAdded)},
		{"POST", "/policies/{id}/relations/{rid}/delete", jdihEditors, (*Server).handleRelationDelete},
	}
}

// relationView is one relation as a reader of one of its policies sees it.
type relationView struct {
	ID       int64                 `json:"id"`
	Kind     policies.RelationKind `json:"kind"`
	Acts     bool                  `json:"acts"`    // this policy amends or repeals the other
	Wording  string                `json:"wording"` // "Mengubah", "Diubah dengan"…, in Indonesian
	WordKey  string                `json:"-"`       // its catalogue key
	PolicyID int64                 `json:"policy_id"`
	Title    string                `json:"title"`
	Label    string                `json:"label,omitempty"` // the other's citation, once enacted
	Enacted  bool                  `json:"enacted"`         // the other is enacted
	URL      string                `json:"url"`
}

// Name is how a page names the other policy: its citation, else its title.
func (v relationView) Name() string {
	if v.Label != "" {
		return v.Label
	}
	return v.Title
}

// relationsOf lists the policy's relations the viewer may read: a relation
// to a policy the viewer may not see is left out, so its existence does
// not leak.
func (s *Server) relationsOf(r *http.Request, p policies.PolicySummary) ([]relationView, error) {
	rs, err := s.store.Relations(r.Context(), p.ID)
	if err != nil {
		return nil, err
	}
	v := viewerOf(r)
	out := []relationView{}
	for _, rel := range rs {
		rv := relationView{ID: rel.ID, Kind: rel.Kind}
		other := policies.PolicySummary{Policy: policies.Policy{RegionID: rel.RegionID}}
		if rel.FromPolicyID == p.ID {
			rv.Acts, rv.Wording, rv.WordKey = true, rel.Kind.Wording(), "jdih_rel_"+string(rel.Kind)
			rv.PolicyID, rv.Title, rv.Label, rv.Enacted = rel.ToPolicyID, rel.ToTitle, rel.ToLabel, rel.ToEnacted
			other.ID, other.Status = rel.ToPolicyID, rel.ToStatus
			if rel.ToInForce {
				other.InForceVersion = 1
			}
		} else {
			rv.Wording, rv.WordKey = rel.Kind.Inverse(), "jdih_rel_inv_"+string(rel.Kind)
			rv.PolicyID, rv.Title, rv.Label, rv.Enacted = rel.FromPolicyID, rel.FromTitle, rel.FromLabel, rel.FromEnacted
			other.ID, other.Status = rel.FromPolicyID, rel.FromStatus
			if rel.FromInForce {
				other.InForceVersion = 1
			}
		}
		if !v.CanSee(other) {
			continue
		}
		rv.URL = fmt.Sprintf("/policies/%d", rv.PolicyID)
		out = append(out, rv)
	}
	return out, nil
}

// metadataOf is the policy's JDIH metadata, nil before its enactment.
func (s *Server) metadataOf(r *http.Request, p policies.PolicySummary) (*policies.JDIHMetadata, error) {
	m, err := s.store.JDIHMetadata(r.Context(), p.ID)
	if policies.IsKind(err, policies.KindNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// jdihView is what the policy page shows of the JDIH record.
type jdihView struct {
	Label     string // the citation once enacted
	Status    string // the JDIH status once enacted: Berlaku, Dicabut…
	StatusKey string // its catalogue key
	Repealed  bool
	Relations []relationView
	CanEdit   bool // the region's legal unit
}

// policyJDIH is the policy page's JDIH part (the page shows nothing of it
// when it has nothing to say); an error leaves it out of the page.
func (s *Server) policyJDIH(r *http.Request, p policies.PolicySummary) *jdihView {
	v := viewerOf(r)
	out := &jdihView{CanEdit: v.Is(policies.RoleLegal) && v.Staff(p.RegionID)}
	var err error
	if out.Relations, err = s.relationsOf(r, p); err != nil {
		s.log.Warn("policy page: relations", "policy", p.ID, "err", err)
	}
	// Before its first enactment a policy has no JDIH record (metadataOf
	// finds none): the summary's enactments, read at the pinned facts
	// revision like it, say so without a read.
	var m *policies.JDIHMetadata
	if len(p.Enactments) > 0 {
		if m, err = s.metadataOf(r, p); err != nil {
			s.log.Warn("policy page: JDIH metadata", "policy", p.ID, "err", err)
		}
	}
	if m != nil {
		out.Label, out.Status, out.StatusKey, out.Repealed = m.Label, m.Status, jdihStatusKey(m.Status), m.Repealed
	}
	if out.Label == "" && len(out.Relations) == 0 && !out.CanEdit {
		return nil
	}
	return out
}

// jdihStatusKey is the catalogue key of a JDIH status.
func jdihStatusKey(status string) string {
	return "jdih_status_" + strings.ReplaceAll(strings.ToLower(status), " ", "_")
}

// jdihPageOf is the legal unit's JDIH page of a policy.
func jdihPageOf(policyID int64) string { return fmt.Sprintf("/policies/%d/jdih", policyID) }

// After a write the legal unit is back on the policy's JDIH page, which
// says what was done.
func jdihSaved(m policies.JDIHMetadata) string {
	return saying(jdihPageOf(m.PolicyID), "jdih_done_saved")
}
func relationAdded(rel policies.PolicyRelation) string {
	return saying(jdihPageOf(rel.FromPolicyID), "jdih_done_relation")
}

// ---- Relations ----

// relationList is the URL's policy's relations the viewer may read, for the API.
func (s *Server) relationList(r *http.Request) (map[string]any, error) {
	p, err := s.loadPolicy(r)
	if err != nil {
		return nil, err
	}
	rs, err := s.relationsOf(r, p)
	return map[string]any{"policy_id": p.ID, "relations": rs}, err
}

func relationFromForm(r *http.Request) (policies.RelationInput, error) {
	in := policies.RelationInput{Kind: policies.RelationKind(r.PostFormValue("kind"))}
	if to := r.PostFormValue("to_policy_id"); to != "" {
		id, err := strconv.ParseInt(to, 10, 64)
		if err != nil || id <= 0 {
			return in, policies.FieldError("to_policy_id", "kebijakan tujuan tidak sah")
		}
		in.ToPolicyID = id
	}
	return in, nil
}

// addRelation records a relation from the URL's policy, of the legal
// unit's region (page and API).
func (s *Server) addRelation(r *http.Request, in policies.RelationInput) (policies.PolicyRelation, error) {
	_, rel, err := writeOnRegionPolicy(s, r, in, in.Validate, s.store.AddRelation)
	return rel, err
}

func (s *Server) handleRelationDelete(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return err
	}
	rid, err := strconv.ParseInt(chi.URLParam(r, "rid"), 10, 64)
	if err != nil || rid <= 0 {
		return policies.Errorf(policies.KindNotFound, "relasi tidak ditemukan")
	}
	if err := s.store.DeleteRelation(r.Context(), p.RegionID, viewerOf(r).User.ID, p.ID, rid); err != nil {
		return err
	}
	http.Redirect(w, r, saying(jdihPageOf(p.ID), "jdih_done_relation_removed"), http.StatusSeeOther)
	return nil
}

// ---- Metadata ----

// jdihRecord is the URL's policy's JDIH metadata (null before its
// enactment) and relations, for the API.
func (s *Server) jdihRecord(r *http.Request) (map[string]any, error) {
	p, err := s.loadPolicy(r)
	if err != nil {
		return nil, err
	}
	m, err := s.metadataOf(r, p)
	if err != nil {
		return nil, err
	}
	rs, err := s.relationsOf(r, p)
	if err != nil {
		return nil, err
	}
	return map[string]any{"policy_id": p.ID, "enacted": m != nil, "metadata": m, "relations": rs}, nil
}

func jdihFromForm(r *http.Request) (policies.JDIHInput, error) {
	f := r.PostFormValue
	return policies.JDIHInput{TEUBadan: f("teu_badan"), Subjek: f("subjek"), BidangHukum: f("bidang_hukum"), Bahasa: f("bahasa"),
		Lokasi: f("lokasi"), Sumber: f("sumber"), Status: f("status"), Abstrak: f("abstrak")}, nil
}

// saveJDIH stores the metadata of the URL's policy, of the legal unit's
// region (page and API).
func (s *Server) saveJDIH(r *http.Request, in policies.JDIHInput) (policies.JDIHMetadata, error) {
	_, m, err := writeOnRegionPolicy(s, r, in, func(int64) error { return in.Validate() }, s.store.SaveJDIHMetadata)
	return m, err
}

// handleJDIHPage is the legal unit's page of one policy: its relations
// (add, remove) and, once enacted, its JDIH metadata.
func (s *Server) handleJDIHPage(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return err
	}
	m, err := s.metadataOf(r, p)
	if err != nil {
		return err
	}
	rs, err := s.relationsOf(r, p)
	if err != nil {
		return err
	}
	// The policies it may amend or repeal: the region's others.
	list, _, err := s.store.SearchPolicies(r.Context(), policies.SearchFilter{RegionID: p.RegionID, OwnRegionID: p.RegionID, Limit: 200})
	if err != nil {
		return err
	}
	others := make([]policies.PolicySummary, 0, len(list))
	for _, o := range list {
		if o.ID != p.ID {
			others = append(others, o)
		}
	}
	statusKey := ""
	if m != nil {
		statusKey = jdihStatusKey(m.Status)
	}
	done := doneText(r, lang)
	s.render(w, r, lang, http.StatusOK, "jdih", map[string]any{
		"Title": messages[lang]["jdih_title"] + " — " + p.Title, "Policy": p, "Meta": m, "Relations": rs, "Others": others,
		"Kinds": policies.RelationKinds, "Statuses": jdihOptions(policies.JDIHStatuses, "jdih_status_"),
		"Languages": jdihOptions(policies.JDIHLanguages, "jdih_lang_"), "Done": done, "StatusKey": statusKey,
	})
	return nil
}

// jdihOption is a choice of a list with its catalogue key.
type jdihOption struct{ Value, Key string }

func jdihOptions(values []string, prefix string) []jdihOption {
	out := make([]jdihOption, len(values))
	for i, v := range values {
		out[i] = jdihOption{Value: v, Key: prefix + strings.ReplaceAll(strings.ToLower(v), " ", "_")}
	}
	return out
}
