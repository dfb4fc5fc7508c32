package server

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/policyflow/policyflow/atom"
	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// The Atom feeds (issue 26, RFC 4287) of a city and of a policy: a
// consultation opened or closed, a version approved (the new public
// text), a consultation's answers published, a policy enacted and
// promulgated (when it takes effect); from the
// record (policies.FeedStore), only what the public may read
// (policies.PublicEvents), the same for every reader, every link absolute
// under PUBLIC_URL.

// feedPages are the feeds.
func feedPages() []pageRoute {
	return []pageRoute{
		{"GET", "/policies.atom", anyone, (*Server).handleCityFeed},
		{"GET", "/policies/{id}/feed.atom", anyone, (*Server).handlePolicyFeed},
		{"GET", "/produk-hukum.atom", anyone, (*Server).handleProdukHukumFeed}, // produk_hukum_atom.go
	}
}

// feedSize is how many entries a feed carries, newest first.
const feedSize = 50

// cityFeedPath is the feed of a city (every city for the zero Region).
func cityFeedPath(reg policies.Region) string {
	if reg.Slug == "" {
		return "/policies.atom"
	}
	return "/policies.atom?" + url.Values{"region": {reg.Slug}}.Encode()
}

// topicFeedPath is the feed of a topic of a city: the city feed's policies
// that carry it.
func topicFeedPath(reg policies.Region, slug string) string {
	q := url.Values{"topic": {slug}}
	if reg.Slug != "" {
		q.Set("region", reg.Slug)
	}
	return "/policies.atom?" + q.Encode()
}

// topicFeedLink is a topic's feed as a page's <link rel="alternate">.
func (s *Server) topicFeedLink(lang string, reg policies.Region, t policies.Topic) feedLink {
	return feedLink{Type: "application/atom+xml", URL: topicFeedPath(reg, t.Slug), Title: messages[lang]["feed_city"] + " · " + reg.Name + " · " + t.Name}
}

// policyFeedPath is the feed of a policy.
func policyFeedPath(id int64) string { return fmt.Sprintf("/policies/%d/feed.atom", id) }

// cityFeedLink is the city feed as a page's <link rel="alternate">.
func (s *Server) cityFeedLink(lang string, reg policies.Region) feedLink {
	title := messages[lang]["feed_city"]
	if reg.Name != "" {
		title += " · " + reg.Name
	}
	return feedLink{Type: "application/atom+xml", URL: cityFeedPath(reg), Title: title}
}

// policyFeedLink is a policy's feed as its page's <link rel="alternate">.
func (s *Server) policyFeedLink(lang string, id int64) feedLink {
	return feedLink{Type: "application/atom+xml", URL: policyFeedPath(id), Title: messages[lang]["feed_policy"]}
}

// policyFeeds are the feeds a policy's page names: its own, when the
// public may read it.
func (s *Server) policyFeeds(lang string, p policies.PolicySummary) []feedLink {
	if !(policies.Viewer{}).CanSee(p) {
		return nil
	}
	return []feedLink{s.policyFeedLink(lang, p.ID)}
}

func (s *Server) handleCityFeed(w http.ResponseWriter, r *http.Request) error {
	return s.serveFeed(w, r, feedKey{kind: "city", topic: queryTopicSlug(r)}, func(lang string) (*feedBytes, error) {
		return s.cityFeed(r, lang)
	})
}

// cityFeed makes the feed of the query's city (every city for none) or of
// a topic of it.
func (s *Server) cityFeed(r *http.Request, lang string) (*feedBytes, error) {
	reg, err := s.queryRegionRecord(r)
	if err != nil {
		return nil, err
	}
	// A topic of the city: only its policies (topics.go).
	topic, err := s.queryTopic(r, reg.ID)
	if err != nil {
		return nil, err
	}
	// The policies the public may read in the city (SearchPolicies' rule).
	f := policies.SearchFilter{RegionID: reg.ID, Topic: topic, Statuses: policies.PublicStatuses, Limit: 100}
	var all []policies.PolicySummary
	for {
		list, _, err := s.store.SearchPolicies(r.Context(), f)
		if err != nil {
			return nil, err
		}
		all = append(all, list...)
		if len(list) < f.Limit {
			break
		}
		f.Offset += f.Limit
	}
	title := messages[lang]["feed_city"]
	if reg.Name != "" {
		title += " · " + reg.Name
	}
	path := cityFeedPath(reg)
	if topic != "" {
		name := topic
		if t, err := s.store.TopicBySlug(r.Context(), reg.ID, topic); err == nil {
			name = t.Name
		}
		title += " · " + name
		path = topicFeedPath(reg, topic)
	}
	return s.feed(r, lang, title, path, all)
}

func (s *Server) handlePolicyFeed(w http.ResponseWriter, r *http.Request) error {
	return s.serveFeed(w, r, feedKey{kind: "policy", policy: routePolicyID(r)}, func(lang string) (*feedBytes, error) {
		p, err := s.loadPolicy(r)
		if err != nil {
			return nil, err
		}
		// The public's feed for everyone: a region's staff read its drafts on the pages.
		if !(policies.Viewer{}).CanSee(p) {
			return nil, errNotFound
		}
		return s.feed(r, lang, p.Title, policyFeedPath(p.ID), []policies.PolicySummary{p})
	})
}

// feedHost is the host of the entries' tag URIs: PUBLIC_URL's.
func (s *Server) feedHost() string {
	if u, err := url.Parse(s.publicURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "policyflow"
}

// feed makes the feed of the policies' public events.
func (s *Server) feed(r *http.Request, lang, title, path string, ps []policies.PolicySummary) (*feedBytes, error) {
	t := messages[lang]
	byID := make(map[int64]policies.PolicySummary, len(ps))
	ids := make([]int64, 0, len(ps))
	for _, p := range ps {
		byID[p.ID] = p
		ids = append(ids, p.ID)
	}
	var events []policies.PolicyEvent
	if len(ids) > 0 {
		// Read more than a page: events of revisions the public may not read are dropped.
		all, err := s.store.PolicyEvents(r.Context(), ids, 4*feedSize)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			events = append(events, policies.PublicEvents(p, all)...)
		}
		slices.SortStableFunc(events, func(a, b policies.PolicyEvent) int { return b.At.Compare(a.At) })
		events = events[:min(len(events), feedSize)]
	}
	host := s.feedHost()
	feed := atom.Feed{ID: s.absoluteURL(path), Title: title + " · Policyflow", Author: atom.Person{Name: "Policyflow", URI: s.absoluteURL("/")},
		Links: []atom.Link{{Rel: "self", Type: "application/atom+xml", Href: s.absoluteURL(path)}}}
	updated := time.Unix(0, 0)
	for _, e := range events {
		p := byID[e.PolicyID]
		pp := "/policies/" + strconv.FormatInt(p.ID, 10)
		link := pp
		switch e.Kind {
		case policies.EventConsultationOpened, policies.EventConsultationClosed:
			link = pp + "/consultation"
		case policies.EventAnswersPublished:
			link = fmt.Sprintf("%s/consultations/%d/report", pp, e.RefID)
		}
		summary := t["feed_version"] + " " + strconv.Itoa(e.VersionNumber) + " · " + p.RegionName
		if e.Kind == policies.EventAnswersPublished {
			summary = strconv.Itoa(e.Count) + " " + t["feed_answers"] + " · " + summary
		}
		if when := (i18n.Locale{Lang: lang}).InForceFrom(e, policies.Today(time.Now(), p.RegionZone)); when != "" {
			summary = when + " · " + summary
		}
		feed.Entries = append(feed.Entries, atom.Entry{
			ID:      fmt.Sprintf("tag:%s,2026:policy-%d/%s/%d", host, p.ID, e.Kind, e.RefID),
			Title:   t[e.WordsKey()] + ": " + p.Title,
			Updated: atom.Time(e.At), Summary: summary,
			Links: []atom.Link{{Rel: "alternate", Type: "text/html", Href: s.absoluteURL(link)}},
		})
		if e.At.After(updated) {
			updated = e.At
		}
	}
	feed.Updated = atom.Time(updated)
	b, err := feed.Bytes()
	if err != nil {
		return nil, err
	}
	return newFeedBytes(b, "application/atom+xml; charset=utf-8", "", time.Time{}), nil
}
