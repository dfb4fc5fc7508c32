package server

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/policyflow/policyflow/jdih"
	"github.com/policyflow/policyflow/policies"
)

// The public list of produk hukum (/produk-hukum) and the feed a region's
// JDIH harvests (/produk-hukum.json, /api/v1/jdih): every enacted product,
// newest enactment first, chosen by one filter and read by one function.

// absoluteURL is a path of this server as the public reaches it, for the
// feed a region's JDIH harvests: under Deps.PublicURL, whatever Host the
// request named.
func (s *Server) absoluteURL(path string) string {
	return s.publicURL + path
}

// produkHukumFilter reads the list's filters: region (slug), year, jenis
// (perwali, kepwali); each refused naming itself when it is not one. The
// page is the list's own (produkHukum); a feed has none.
func (s *Server) produkHukumFilter(r *http.Request, size int) (policies.ProdukHukumFilter, map[string]string, error) {
	q := r.URL.Query()
	f := policies.ProdukHukumFilter{Statuses: policies.PublicStatuses, Limit: size}
	sel := map[string]string{"region": q.Get("region"), "year": q.Get("year"), "jenis": q.Get("jenis")}
	var err error
	if f.RegionID, err = s.queryRegion(r); err != nil {
		return f, sel, err
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
	return f, sel, nil
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
	if err == nil {
		f.Offset, err = queryOffset(r, size)
	}
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
		items[i] = produkView{JDIHMetadata: m, About: policies.AboutOf(m.Judul), StatusKey: jdihStatusKey(m.Status), PDF: jdih.PDFPath(m)}
	}
	page := pg.Filter.Offset/pageSize + 1
	pageURL := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return "/produk-hukum?" + q.Encode()
	}
	// The Atom feed of what the list shows (produk_hukum_atom.go): its
	// city (every city's for none), year and form.
	var reg policies.Region
	for _, rg := range regions {
		if rg.ID == pg.Filter.RegionID {
			reg = rg
		}
	}
	atomFeed := s.produkHukumFeedLink(lang, reg, pg.Filter)
	data := map[string]any{"Title": messages[lang]["jdih_list_title"], "Items": items, "Total": pg.Total, "Page": page,
		"Regions": regions, "Forms": policies.LegalForms, "Sel": pg.Sel, "AtomURL": atomFeed.URL, "Feeds": []feedLink{atomFeed}}
	if page > 1 {
		data["PrevURL"] = pageURL(page - 1)
	}
	if pg.more() {
		data["NextURL"] = pageURL(page + 1)
	}
	s.render(w, r, lang, http.StatusOK, "produk_hukum", data)
	return nil
}

// jdihFeedItem is one product as the feed carries it (package jdih); the
// OpenAPI document names it JdihFeedItem.
type jdihFeedItem = jdih.FeedItem

// handleJDIHFeed answers the feed: a JSON array of products, newest
// enactment first, jdih.FeedPageSize a page (the Link header names the next).
func (s *Server) handleJDIHFeed(w http.ResponseWriter, r *http.Request) error {
	pg, err := s.produkHukum(r, jdih.FeedPageSize)
	if err != nil {
		return err
	}
	items := make([]jdihFeedItem, len(pg.Items))
	for i, m := range pg.Items {
		items[i] = jdih.Item(m, s.publicURL)
	}
	if pg.more() {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(pg.Filter.Offset/jdih.FeedPageSize+2))
		next := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
		w.Header().Set("Link", "<"+s.absoluteURL(next.String())+`>; rel="next"`)
	}
	w.Header().Set("X-Total-Count", strconv.Itoa(pg.Total))
	writeJSON(w, http.StatusOK, items)
	return nil
}
