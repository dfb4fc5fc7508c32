package server

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"github.com/policyflow/policyflow/policies"
)

// The answers page at thousands of comments shows them a page at a time
// (offset paging over the filtered list, oldest first): the groups, the
// counts and the one answer for a group are computed over every comment,
// so a group's answer reaches its comments on every page; only the rows
// and their forms are cut to one page.

// answersPageSize is how many comments one page of the answers page lists:
// enough to work through without paging often, few enough that a page of
// forms renders at once.
const answersPageSize = 50

// answersAsked reads the filter and the page of the query, the page's
// and the API's alike.
func answersAsked(q url.Values) (answersFilter, int, error) {
	f, err := answersFilterOf(q)
	if err != nil {
		return f, 0, err
	}
	page, err := answersPageOf(q)
	return f, page, err
}

// answersPageOf reads the page number of the query: 1 when absent; a value
// that is no page number is refused naming page.
func answersPageOf(q url.Values) (int, error) {
	v := q.Get("page")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1_000_000 {
		return 0, policies.FieldError("page", "nomor halaman tidak sah: bilangan bulat mulai dari 1")
	}
	return n, nil
}

// Query is the filter as the page's query ("" for none), on page n of the
// list (1: no page parameter).
func (f answersFilter) Query(n int) string {
	q := url.Values{}
	for _, p := range []struct{ k, v string }{{"status", f.Status}, {"section", f.Section}, {"theme", f.Theme}, {"assignee", f.Assignee}} {
		if p.v != "" {
			q.Set(p.k, p.v)
		}
	}
	if f.Group != 0 {
		q.Set("group", strconv.FormatInt(f.Group, 10))
	}
	if n > 1 {
		q.Set("page", strconv.Itoa(n))
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// pageLink is one link of the pages' navigation; Gap stands for the pages
// left out between two links.
type pageLink struct {
	N       int
	Href    string
	Current bool
	Gap     bool
}

// answersPager is one page of the filtered comments and the links to the
// others, each keeping the filter.
type answersPager struct {
	Page, Pages int
	Total       int // comments the filter keeps, on every page
	From, To    int // the 1-based positions of the first and last shown; 0 when none
	Prev, Next  string
	Links       []pageLink
}

// pageOf cuts the page asked for (the last when asked beyond it: a list
// that shrank as comments were answered) out of total filtered comments,
// with links to the first and last pages and two on each side of it.
func pageOf(base string, f answersFilter, asked, total int) answersPager {
	p := answersPager{Total: total, Pages: max(1, (total+answersPageSize-1)/answersPageSize)}
	p.Page = min(asked, p.Pages)
	if total > 0 {
		p.From = (p.Page-1)*answersPageSize + 1
		p.To = min(total, p.Page*answersPageSize)
	}
	href := func(n int) string { return base + f.Query(n) }
	if p.Page > 1 {
		p.Prev = href(p.Page - 1)
	}
	if p.Page < p.Pages {
		p.Next = href(p.Page + 1)
	}
	if p.Pages == 1 {
		return p
	}
	last := 0
	for n := 1; n <= p.Pages; n++ {
		if n != 1 && n != p.Pages && (n < p.Page-2 || n > p.Page+2) {
			continue
		}
		if last != 0 && n > last+1 {
			p.Links = append(p.Links, pageLink{Gap: true})
		}
		p.Links = append(p.Links, pageLink{N: n, Href: href(n), Current: n == p.Page})
		last = n
	}
	return p
}

// groupLinksShown is how many of a group's answered comments its view
// links by number; the rest are counted.
const groupLinksShown = 20

// commentLink is a link to one comment of the list, on its page.
type commentLink struct {
	ID   int64
	Href string
}

// groupAnsweredLinks links the first of a group's answered comments: on
// the page shown, to its row; else to its page of the group's own list
// (the group's members in the list's order); more is how many are left
// unlinked.
func groupAnsweredLinks(base string, g *policies.CommentGroup, ga *groupAnswers, rows []answerRow) (links []commentLink, more int) {
	if g == nil || ga == nil {
		return nil, 0
	}
	shown := make(map[int64]bool, len(rows))
	for _, r := range rows {
		shown[r.ID] = true
	}
	for _, id := range ga.Answered[:min(len(ga.Answered), groupLinksShown)] {
		href := fmt.Sprintf("#c-%d", id)
		if !shown[id] {
			i, _ := slices.BinarySearch(g.Members, id)
			href = base + answersFilter{Group: g.ID}.Query(i/answersPageSize+1) + href
		}
		links = append(links, commentLink{ID: id, Href: href})
	}
	return links, len(ga.Answered) - len(links)
}

// kept are the indexes in cs of the comments the filter keeps, oldest
// first; of is policies.GroupOf(gs), me the reader.
func (f answersFilter) kept(cs []policies.AnsweredComment, gs []policies.CommentGroup, of map[int64]int, cw policies.CommentWork, me int64) []int {
	var kept []int
	for i, c := range cs {
		in, ok := of[c.ID]
		if !ok {
			in = -1
		}
		if f.keeps(c, in, gs, cw, me) {
			kept = append(kept, i)
		}
	}
	return kept
}

// answersQueries are the answers API's query parameters: the page's
// filters and its paging.
func answersQueries() map[string][]apiQuery {
	str := map[string]any{"type": "string"}
	num := map[string]any{"type": "integer", "minimum": 1}
	return map[string][]apiQuery{"GET /policies/{id}/consultations/{consultation}/answers": {
		{"status", "answered (a published answer) or unanswered", map[string]any{"type": "string", "enum": []string{"answered", "unanswered"}}},
		{"section", "a section's anchor, or - for comments on the whole text", str}, {"group", "a group's first comment: only its comments", num},
		{"theme", "only comments with this theme", str}, {"assignee", "me, none, or a drafter's ID", str},
		{"page", "from 1, 50 a page; with a filter or a page only one page is answered (total, page, pages, next), without either every comment", num}}}
}
