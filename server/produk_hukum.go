package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// The public list of produk hukum (/produk-hukum) and the feed a region's
// JDIH harvests (/produk-hukum.json, /api/v1/jdih): every enacted product,
// newest enactment first, chosen by one filter and read by one function.

// absoluteURL is a path of this server as the public reaches it, for the
// feed a region's JDIH harvests: under Deps.PublicURL (publicBase).
func (s *Server) absoluteURL(r *http.Request, path string) string {
	return s.publicBase(r) + path
}

// produkHukumFilter reads the list's filters: region (slug), year, jenis
// (perwali, kepwali), page; each refused naming itself when it is not one.
func (s *Server) produkHukumFilter(r *http.Request, size int) (policies.ProdukHukumFilter, map[string]string, error) {
	q := r.URL.Query()
	f := policies.ProdukHukumFilter{Statuses: policies.PublicStatuses, Limit: size}
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

// produkHukumPage is one page of products: the filter that chose them (and
// the choices as given), the products and how many the filter finds in all.
type produkHukumPage struct {
	Filter policies.ProdukHukumFilter
	Sel    map[string]string
	Items  []policies.JDIHMetadata
	Total  int
}

// produkHukum reads the filter of the URL and the page of products it
// chooses, size a page: the public list and the feed alike.
func (s *Server) produkHukum(r *http.Request, size int) (produkHukumPage, error) {
	f, sel, err := s.produkHukumFilter(r, size)
	if err != nil {
		return produkHukumPage{}, err
	}
	list, total, err := s.store.ProdukHukum(r.Context(), f)
	return produkHukumPage{Filter: f, Sel: sel, Items: list, Total: total}, err
}

// more reports whether another page follows this one.
func (pg produkHukumPage) more() bool { return pg.Filter.Offset+len(pg.Items) < pg.Total }

func (s *Server) handleProdukHukum(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	pg, err := s.produkHukum(r, pageSize)
	if err != nil {
		return err
	}
	regions, err := s.store.Regions(r.Context())
	if err != nil {
		return err
	}
	items := make([]produkView, len(pg.Items))
	for i, m := range pg.Items {
		items[i] = produkView{JDIHMetadata: m, About: policies.AboutOf(m.Judul), StatusKey: jdihStatusKey(m.Status), PDF: pdfPath(m)}
	}
	page := pg.Filter.Offset/pageSize + 1
	pageURL := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return "/produk-hukum?" + q.Encode()
	}
	data := map[string]any{"Title": messages[lang]["jdih_list_title"], "Items": items, "Total": pg.Total, "Page": page,
		"Regions": regions, "Forms": policies.LegalForms, "Sel": pg.Sel}
	if page > 1 {
		data["PrevURL"] = pageURL(page - 1)
	}
	if pg.more() {
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
	pg, err := s.produkHukum(r, feedPageSize)
	if err != nil {
		return err
	}
	items := make([]jdihFeedItem, len(pg.Items))
	for i, m := range pg.Items {
		items[i] = s.feedItem(r, m)
	}
	if pg.more() {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(pg.Filter.Offset/feedPageSize+2))
		next := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
		w.Header().Set("Link", "<"+s.absoluteURL(r, next.String())+`>; rel="next"`)
	}
	w.Header().Set("X-Total-Count", strconv.Itoa(pg.Total))
	writeJSON(w, http.StatusOK, items)
	return nil
}
