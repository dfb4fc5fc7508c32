package server

import (
	"fmt"
	"net/http"
	"net/url"
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
// (/produk-hukum.json, /api/v1/jdih).

func init() { pageNames = append(pageNames, "produk_hukum", "jdih") }

// jdihEditors record relations and edit metadata: the legal unit.
var jdihEditors = []policies.Role{policies.RoleLegal}

// jdihAPIRoutes are the API routes of relations, metadata and the feed.
func jdihAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/policies/{id}/relations", "Relasi kebijakan: mengubah / diubah dengan, mencabut / dicabut dengan (hanya kebijakan yang boleh Anda baca)", anyone, (*Server).handleAPIRelations, nil},
		{"POST", "/policies/{id}/relations", "Catat bahwa kebijakan ini mengubah atau mencabut kebijakan lain di wilayah yang sama (Bagian Hukum)", jdihEditors, (*Server).handleAPIRelationCreate, policies.RelationInput{}},
		{"GET", "/policies/{id}/jdih", "Metadata JDIH produk hukum (Permenkumham 8/2019); metadata null sebelum ditetapkan", anyone, (*Server).handleAPIJDIH, nil},
		{"POST", "/policies/{id}/jdih", "Simpan metadata JDIH produk hukum yang sudah ditetapkan (Bagian Hukum)", jdihEditors, (*Server).handleAPIJDIHSave, policies.JDIHInput{}},
		{"GET", "/jdih", "Umpan produk hukum dalam kolom integrasi JDIHN (saring: region, year, jenis, page)", anyone, (*Server).handleJDIHFeed, nil},
	}
}

// jdihPages lists the pages of relations, metadata and the public list.
func jdihPages() []pageRoute {
	return []pageRoute{
		{"GET", "/produk-hukum", anyone, (*Server).handleProdukHukum},
		{"GET", "/produk-hukum.json", anyone, (*Server).handleJDIHFeed},
		{"GET", "/policies/{id}/jdih", jdihEditors, (*Server).handleJDIHPage},
		{"POST", "/policies/{id}/jdih", jdihEditors, (*Server).handleJDIHSave},
		{"POST", "/policies/{id}/relations", jdihEditors, (*Server).handleRelationCreate},
		{"POST", "/policies/{id}/relations/{rid}/delete", jdihEditors, (*Server).handleRelationDelete},
	}
}

// absoluteURL is a path of this server as the public reaches it, for the
// feed a region's JDIH harvests: under Deps.PublicURL (publicBase).
func (s *Server) absoluteURL(r *http.Request, path string) string {
	return s.publicBase(r) + path
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
		if !v.canSee(other) {
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
	out := &jdihView{CanEdit: v.is(policies.RoleLegal) && v.inRegion(p.RegionID)}
	var err error
	if out.Relations, err = s.relationsOf(r, p); err != nil {
		s.log.Warn("policy page: relations", "policy", p.ID, "err", err)
	}
	m, err := s.metadataOf(r, p)
	if err != nil {
		s.log.Warn("policy page: JDIH metadata", "policy", p.ID, "err", err)
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

// ---- Relations ----

func (s *Server) handleAPIRelations(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadPolicy(r)
	if err != nil {
		return err
	}
	rs, err := s.relationsOf(r, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"policy_id": p.ID, "relations": rs})
	return nil
}

// addRelation records a relation from the URL's policy, of the legal unit's region.
func (s *Server) addRelation(r *http.Request, in policies.RelationInput) (policies.PolicySummary, policies.PolicyRelation, error) {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return p, policies.PolicyRelation{}, err
	}
	if err := in.Validate(p.ID); err != nil {
		return p, policies.PolicyRelation{}, err
	}
	v := viewerOf(r)
	rel, err := s.store.AddRelation(r.Context(), p.RegionID, v.User.ID, p.ID, in)
	return p, rel, err
}

func (s *Server) handleAPIRelationCreate(w http.ResponseWriter, r *http.Request) error {
	var in policies.RelationInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	_, rel, err := s.addRelation(r, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, rel)
	return nil
}

func (s *Server) handleRelationCreate(w http.ResponseWriter, r *http.Request) error {
	in := policies.RelationInput{Kind: policies.RelationKind(r.PostFormValue("kind"))}
	if to := r.PostFormValue("to_policy_id"); to != "" {
		id, err := strconv.ParseInt(to, 10, 64)
		if err != nil || id <= 0 {
			return policies.FieldError("to_policy_id", "kebijakan tujuan tidak sah")
		}
		in.ToPolicyID = id
	}
	p, _, err := s.addRelation(r, in)
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/policies/%d/jdih?done=relation", p.ID), http.StatusSeeOther)
	return nil
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
	http.Redirect(w, r, fmt.Sprintf("/policies/%d/jdih?done=relation_removed", p.ID), http.StatusSeeOther)
	return nil
}

// ---- Metadata ----

func (s *Server) handleAPIJDIH(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadPolicy(r)
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
	writeJSON(w, http.StatusOK, map[string]any{"policy_id": p.ID, "enacted": m != nil, "metadata": m, "relations": rs})
	return nil
}

// saveJDIH stores the metadata of the URL's policy, of the legal unit's region.
func (s *Server) saveJDIH(r *http.Request, in policies.JDIHInput) (policies.PolicySummary, policies.JDIHMetadata, error) {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return p, policies.JDIHMetadata{}, err
	}
	if err := in.Validate(); err != nil {
		return p, policies.JDIHMetadata{}, err
	}
	m, err := s.store.SaveJDIHMetadata(r.Context(), p.RegionID, viewerOf(r).User.ID, p.ID, in)
	return p, m, err
}

func (s *Server) handleAPIJDIHSave(w http.ResponseWriter, r *http.Request) error {
	var in policies.JDIHInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	_, m, err := s.saveJDIH(r, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) handleJDIHSave(w http.ResponseWriter, r *http.Request) error {
	f := r.PostFormValue
	in := policies.JDIHInput{TEUBadan: f("teu_badan"), Subjek: f("subjek"), BidangHukum: f("bidang_hukum"), Bahasa: f("bahasa"),
		Lokasi: f("lokasi"), Sumber: f("sumber"), Status: f("status"), Abstrak: f("abstrak")}
	p, _, err := s.saveJDIH(r, in)
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/policies/%d/jdih?done=saved", p.ID), http.StatusSeeOther)
	return nil
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
	done := ""
	switch r.URL.Query().Get("done") {
	case "saved", "relation", "relation_removed":
		done = messages[lang]["jdih_done_"+r.URL.Query().Get("done")]
	}
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

// ---- The public list and the feed ----

// produkHukumFilter reads the list's filters: region (slug), year, jenis
// (perwali, kepwali), page; each refused naming itself when it is not one.
func (s *Server) produkHukumFilter(r *http.Request, size int) (policies.ProdukHukumFilter, map[string]string, error) {
	q := r.URL.Query()
	f := policies.ProdukHukumFilter{Statuses: publicStatuses, Limit: size}
	sel := map[string]string{"region": q.Get("region"), "year": q.Get("year"), "jenis": q.Get("jenis")}
	if reg := q.Get("region"); reg != "" {
		rg, err := s.store.RegionBySlug(r.Context(), reg)
		if err != nil {
			return f, sel, policies.FieldError("region", "wilayah %q tidak dikenal", reg)
		}
		f.RegionID = rg.ID
	}
	if y := q.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1945 || n > 9999 {
			return f, sel, policies.FieldError("year", "tahun tidak sah")
		}
		f.Year = n
	}
	if j := q.Get("jenis"); j != "" {
		if !policies.LegalForm(j).Valid() {
			return f, sel, policies.FieldError("jenis", "jenis produk hukum tidak dikenal: perwali atau kepwali")
		}
		f.Form = policies.LegalForm(j)
	}
	if pg := q.Get("page"); pg != "" {
		n, err := strconv.Atoi(pg)
		if err != nil || n < 1 || n > 10000 {
			return f, sel, policies.FieldError("page", "halaman tidak sah")
		}
		f.Offset = (n - 1) * size
	}
	return f, sel, nil
}

// judulOf is a product's full title as JDIH lists it: "Peraturan Wali Kota
// Sawahlunto Nomor 3 Tahun 2026 tentang Pengembangan Kompetensi …".
func judulOf(m policies.JDIHMetadata) string {
	return m.Label + " tentang " + policies.AboutOf(m.Judul)
}

// pdfPath is the enacted version's PDF.
func pdfPath(m policies.JDIHMetadata) string {
	return fmt.Sprintf("/policies/%d/versions/%d/pdf", m.PolicyID, m.VersionNumber)
}

// produkView is one product of the public list.
type produkView struct {
	policies.JDIHMetadata
	About     string
	StatusKey string
	PDF       string
}

func (s *Server) handleProdukHukum(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	f, sel, err := s.produkHukumFilter(r, pageSize)
	if err != nil {
		return err
	}
	list, total, err := s.store.ProdukHukum(r.Context(), f)
	if err != nil {
		return err
	}
	regions, err := s.store.Regions(r.Context())
	if err != nil {
		return err
	}
	items := make([]produkView, len(list))
	for i, m := range list {
		items[i] = produkView{JDIHMetadata: m, About: policies.AboutOf(m.Judul), StatusKey: jdihStatusKey(m.Status), PDF: pdfPath(m)}
	}
	page := f.Offset/pageSize + 1
	pageURL := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return "/produk-hukum?" + q.Encode()
	}
	data := map[string]any{"Title": messages[lang]["jdih_list_title"], "Items": items, "Total": total, "Page": page,
		"Regions": regions, "Forms": policies.LegalForms, "Sel": sel}
	if page > 1 {
		data["PrevURL"] = pageURL(page - 1)
	}
	if f.Offset+len(list) < total {
		data["NextURL"] = pageURL(page + 1)
	}
	s.render(w, r, lang, http.StatusOK, "produk_hukum", data)
	return nil
}

// feedPageSize is how many products one page of the feed carries.
const feedPageSize = 100

// jdihFeedItem is one product in the fields the JDIHN integration
// harvests, every one a string (as the JDIH integration scripts send
// them); dates are YYYY-MM-DD and URLs absolute.
type jdihFeedItem struct {
	IDData              string `json:"idData"`
	TahunPengundangan   string `json:"tahun_pengundangan"`
	TanggalPenetapan    string `json:"tanggal_penetapan"`
	TanggalPengundangan string `json:"tanggal_pengundangan"`
	Jenis               string `json:"jenis"`
	NoPeraturan         string `json:"noPeraturan"`
	Judul               string `json:"judul"`
	NoPanggil           string `json:"noPanggil"`
	SingkatanJenis      string `json:"singkatanJenis"`
	TempatTerbit        string `json:"tempatTerbit"`
	Penerbit            string `json:"penerbit"`
	DeskripsiFisik      string `json:"deskripsiFisik"`
	Sumber              string `json:"sumber"`
	Subjek              string `json:"subjek"`
	ISBN                string `json:"isbn"`
	Status              string `json:"status"`
	Bahasa              string `json:"bahasa"`
	BidangHukum         string `json:"bidangHukum"`
	TEUBadan            string `json:"teuBadan"`
	NomorIndukBuku      string `json:"nomorIndukBuku"`
	FileDownload        string `json:"fileDownload"`
	URLDownload         string `json:"urlDownload"`
	Abstrak             string `json:"abstrak"`
	URLAbstrak          string `json:"urlabstrak"`
	URLDetailPeraturan  string `json:"urlDetailPeraturan"`
	Operasi             string `json:"operasi"`
	Display             string `json:"display"`
	// Beyond the harvested fields: where, who signed, and what the status means.
	Lokasi           string `json:"lokasi"`
	Penandatangan    string `json:"penandatangan"`
	KeteranganStatus string `json:"keteranganStatus"` // "Dicabut", "Diubah", "Berlaku"…
}

// feedItem is a product as the feed carries it.
func (s *Server) feedItem(r *http.Request, m policies.JDIHMetadata) jdihFeedItem {
	pdf := pdfPath(m)
	dash := func(v string) string {
		if v == "" {
			return "-"
		}
		return v
	}
	tahun := strconv.Itoa(m.Tahun)
	if m.TahunPengundangan > 0 {
		tahun = strconv.Itoa(m.TahunPengundangan)
	}
	return jdihFeedItem{
		IDData: strconv.FormatInt(m.PolicyID, 10), TahunPengundangan: tahun,
		TanggalPenetapan: m.TanggalPenetapan, TanggalPengundangan: m.TanggalPengundangan,
		Jenis: m.Jenis, NoPeraturan: strconv.Itoa(m.Nomor), Judul: judulOf(m), NoPanggil: "-", SingkatanJenis: m.SingkatanJenis,
		TempatTerbit: m.TempatPenetapan, Penerbit: "Pemerintah " + m.RegionName, DeskripsiFisik: "-", Sumber: dash(m.Sumber),
		Subjek: m.Subjek, ISBN: "-", Status: m.FeedStatus(), Bahasa: m.Bahasa, BidangHukum: m.BidangHukum, TEUBadan: m.TEUBadan,
		NomorIndukBuku: "-", FileDownload: pdf[strings.LastIndex(pdf, "/")+1:], URLDownload: s.absoluteURL(r, pdf),
		Abstrak: dash(m.Abstrak), URLAbstrak: s.absoluteURL(r, fmt.Sprintf("/policies/%d", m.PolicyID)),
		URLDetailPeraturan: s.absoluteURL(r, fmt.Sprintf("/policies/%d", m.PolicyID)), Operasi: "4", Display: "1",
		Lokasi: m.Lokasi, Penandatangan: m.Penandatangan, KeteranganStatus: m.Status,
	}
}

// handleJDIHFeed answers the feed: a JSON array of products, newest
// enactment first, feedPageSize a page (the Link header names the next).
func (s *Server) handleJDIHFeed(w http.ResponseWriter, r *http.Request) error {
	f, _, err := s.produkHukumFilter(r, feedPageSize)
	if err != nil {
		return err
	}
	list, total, err := s.store.ProdukHukum(r.Context(), f)
	if err != nil {
		return err
	}
	items := make([]jdihFeedItem, len(list))
	for i, m := range list {
		items[i] = s.feedItem(r, m)
	}
	if f.Offset+len(list) < total {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(f.Offset/feedPageSize+2))
		next := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
		w.Header().Set("Link", "<"+s.absoluteURL(r, next.String())+`>; rel="next"`)
	}
	w.Header().Set("X-Total-Count", strconv.Itoa(total))
	writeJSON(w, http.StatusOK, items)
	return nil
}
