package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/policyflow/policyflow/atom"
	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/jdih"
	"github.com/policyflow/policyflow/policies"
)

// The Atom feed of the legal products (issue 26): /produk-hukum.atom lists
// the enacted products of every city, ?region= of one, newest enactment
// first, as the public list does (produk_hukum.go). An entry is a product:
// its citation and what it is about, updated at its enactment or
// promulgation (or the legal unit's last edit of its metadata), linked to
// its policy's page and its PDF, with its status and dates in the
// reader's language. It is kept in memory like the other feeds
// (feedcache.go): an enactment, a promulgation, a relation or an edit of
// the metadata moves the region's feed revision (migrations 0063, 0067).

// produkHukumFeedPath is the feed of a city's products (every city's for
// the zero Region), of one year and form where the filter names them.
func produkHukumFeedPath(reg policies.Region, f policies.ProdukHukumFilter) string {
	q := url.Values{}
	if reg.Slug != "" {
		q.Set("region", reg.Slug)
	}
	if f.Year != 0 {
		q.Set("year", strconv.Itoa(f.Year))
	}
	if f.Form != "" {
		q.Set("jenis", string(f.Form))
	}
	if len(q) == 0 {
		return "/produk-hukum.atom"
	}
	return "/produk-hukum.atom?" + q.Encode()
}

// produkHukumFeedLink is the feed as the list's <link rel="alternate">:
// the list's own choice of city, year and form.
func (s *Server) produkHukumFeedLink(lang string, reg policies.Region, f policies.ProdukHukumFilter) feedLink {
	return feedLink{Type: "application/atom+xml", URL: produkHukumFeedPath(reg, f), Title: produkHukumFeedTitle(lang, reg, f)}
}

// produkHukumFeedTitle is the feed's name: "Produk hukum · Kota Sawahlunto",
// then the form and the year where the feed has one.
func produkHukumFeedTitle(lang string, reg policies.Region, f policies.ProdukHukumFilter) string {
	title := messages[lang]["jdih_list_title"]
	if reg.Name != "" {
		title += " · " + reg.Name
	}
	if f.Form != "" {
		title += " · " + messages[lang]["jdih_form_"+string(f.Form)]
	}
	if f.Year != 0 {
		title += " · " + strconv.Itoa(f.Year)
	}
	return title
}

// handleProdukHukumFeed answers /produk-hukum.atom with the list's
// filters (region, year, jenis), each refused naming itself as the list
// refuses it.
func (s *Server) handleProdukHukumFeed(w http.ResponseWriter, r *http.Request) error {
	f, _, err := s.produkHukumFilter(r, feedSize)
	if err != nil {
		return err
	}
	k := feedKey{kind: "produk-hukum", filter: fmt.Sprintf("%d/%s", f.Year, f.Form)}
	return s.serveFeed(w, r, k, func(lang string) (*feedBytes, error) {
		return s.produkHukumFeed(r, lang, f)
	})
}

// produkHukumFeed makes the feed of the filter's products (every city's
// for no region): the newest feedSize the public may read.
func (s *Server) produkHukumFeed(r *http.Request, lang string, f policies.ProdukHukumFilter) (*feedBytes, error) {
	reg, err := s.queryRegionRecord(r)
	if err != nil {
		return nil, err
	}
	list, _, err := s.store.ProdukHukum(r.Context(), f)
	if err != nil {
		return nil, err
	}
	t := messages[lang]
	loc := i18n.Locale{Lang: lang}
	path := produkHukumFeedPath(reg, f)
	feed := atom.Feed{ID: s.absoluteURL(path), Title: produkHukumFeedTitle(lang, reg, f) + " · Policyflow",
		Author: atom.Person{Name: "Policyflow", URI: s.absoluteURL("/")},
		Links:  []atom.Link{{Rel: "self", Type: "application/atom+xml", Href: s.absoluteURL(path)}}}
	updated := time.Unix(0, 0)
	host := s.feedHost()
	for _, m := range list {
		at := produkUpdated(m)
		if at.After(updated) {
			updated = at
		}
		enacted, err := loc.DateOnly(m.EnactedOn)
		if err != nil {
			return nil, err
		}
		promulgated := t["jdih_not_promulgated"]
		if m.PromulgatedOn != nil {
			if promulgated, err = loc.DateOnly(*m.PromulgatedOn); err != nil {
				return nil, err
			}
		}
		status := t[jdihStatusKey(m.Status)]
		if status == "" {
			status = m.Status
		}
		summary := t["jdih_status"] + ": " + status + " · " + t["jdih_form_"+string(m.Form)] + " · " +
			t["jdih_tanggal_penetapan"] + ": " + enacted + " · " + t["jdih_tanggal_pengundangan"] + ": " + promulgated + " · " + m.RegionName
		feed.Entries = append(feed.Entries, atom.Entry{
			ID:      fmt.Sprintf("tag:%s,2026:produk-hukum/%d", host, m.PolicyID),
			Title:   m.Label + " " + t["jdih_about"] + " " + policies.AboutOf(m.Judul),
			Updated: atom.Time(at), Summary: summary,
			Links: []atom.Link{{Rel: "alternate", Type: "text/html", Href: s.absoluteURL(fmt.Sprintf("/policies/%d", m.PolicyID))},
				{Rel: "related", Type: "application/pdf", Href: s.absoluteURL(jdih.PDFPath(m))}},
		})
	}
	feed.Updated = atom.Time(updated)
	b, err := feed.Bytes()
	if err != nil {
		return nil, err
	}
	return newFeedBytes(b, "application/atom+xml; charset=utf-8", "", time.Time{}), nil
}

// produkUpdated is when a product last changed as the feed shows it: its
// enactment, its promulgation, or the last edit of its metadata.
func produkUpdated(m policies.JDIHMetadata) time.Time {
	at := m.EnactedOn
	for _, t := range []*time.Time{m.PromulgatedOn, m.UpdatedAt} {
		if t != nil && t.After(at) {
			at = *t
		}
	}
	return at
}
