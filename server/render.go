package server

import (
	"bytes"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// page is what every template receives.
type page struct {
	Lang     string
	OtherURL string // the same page in the other language
	T        map[string]string
	Status   map[policies.Status]string
	Data     map[string]any
	User     *policies.User
	CSRF     string
	Unread   int
}

// render executes a page template into a buffer first, so a template error
// becomes a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, lang string, status int, name string, data map[string]any) {
	other := i18n.EN
	if lang == i18n.EN {
		other = i18n.ID
	}
	v := viewerOf(r)
	loc := i18n.Locale{Lang: lang, Zone: s.pageZone(r, v, data)}
	s.addSectionTitles(r, name, data)
	p := page{Lang: lang, OtherURL: otherLanguageURL(r, other), T: messages[lang], Status: i18n.StatusNames[lang], Data: data,
		User: v.User, CSRF: v.CSRF}
	if v.unreadKnown {
		p.Unread = v.unread
	} else if v.User != nil {
		p.Unread, _ = s.store.UnreadCount(r.Context(), v.User.ID)
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	if err := s.pages[loc.Key()+"/"+name].Execute(buf, p); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, messages[lang]["error_internal"], http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", lang)
	w.WriteHeader(status)
	out := buf.Bytes()
	if sps, ok := data[splicesKey].([]splice); ok {
		for _, sp := range sps {
			if i := bytes.Index(out, []byte(sp.marker)); i >= 0 {
				w.Write(out[:i])
				sp.write(w)
				out = out[i+len(sp.marker):]
			}
		}
	}
	w.Write(out)
}

// A page is rendered into a buffer reused from page to page: a policy
// page is some 140 KB, and a new buffer grew to it by doubling each time
// (issue 25: a fifth of the CPU went to the collector).
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putRenderBuffer hands buf back, unless it grew past what is worth keeping.
func putRenderBuffer(buf *bytes.Buffer) {
	if buf.Cap() > 1<<20 {
		return
	}
	buf.Reset()
	renderBuffers.Put(buf)
}

// otherLanguageURL is the page asked for, in another language: built from
// the request's path and query alone (never Referer or Host), with one
// leading slash and the path escaped, so that an error page for a path
// such as "//evil.example" or "/\evil.example" never links off-site.
func otherLanguageURL(r *http.Request, lang string) string {
	q := r.URL.Query()
	q.Set("lang", lang)
	return "/" + strings.TrimLeft(r.URL.EscapedPath(), "/") + "?" + q.Encode()
}

var pageNames = []string{"index", "policy", "error", "login", "dashboard", "edit", "versions", "diff",
	"approval", "consultation", "answers", "report", "notifications", "history", "new", "evaluations", "skm", "programs", "program", "ledger", "settings", "suggestions", "enactment", "roster", "roster_person", "roster_preview", "plan", "siasn"}

// parseTemplates parses every page once per locale (language and time
// zone), each with the word functions of its locale (i18n.Locale.Funcs), keyed
// "lang/zone/page". The templates are the same for every server of a
// process (they are embedded and read no server's state), so they are parsed
// once per process and shared: executing a parsed template is safe from
// many goroutines, and nothing adds to the set afterwards.
var parseTemplates = sync.OnceValues(parseAllTemplates)

func parseAllTemplates() (map[string]*template.Template, error) {
	pages := map[string]*template.Template{}
	for _, l := range i18n.Locales() {
		if err := parseLocale(pages, l); err != nil {
			return nil, err
		}
	}
	return pages, nil
}

func parseLocale(pages map[string]*template.Template, l i18n.Locale) error {
	funcs := template.FuncMap{
		"iso": func(t time.Time) string { return t.Format(time.RFC3339) },
		"short": func(s string) string {
			if len(s) > 12 {
				return s[:12]
			}
			return s
		},
		"has":         slices.Contains[[]int64],
		"upper":       strings.ToUpper,
		"scores":      func() []int { return []int{1, 2, 3, 4} },
		"sectionsCtx": newSectionsCtx,
		"dict": func(sv sectionView, sc sectionsCtx) sectionsCtx {
			sc.Threads = sv.Threads
			return sc
		},
		"add": func(a, b int) int { return a + b },
	}
	for k, f := range l.Funcs() {
		funcs[k] = f
	}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", "templates/"+name+".html")
		if err != nil {
			return err
		}
		pages[l.Key()+"/"+name] = t
	}
	return nil
}

// newSectionsCtx is what the comment templates of page p receive.
func newSectionsCtx(p page) sectionsCtx {
	sc := sectionsCtx{T: p.T, CSRF: p.CSRF, CanComment: p.User != nil}
	sc.Drafter = p.User != nil && p.User.Role == policies.RoleDrafter
	if s, ok := p.Data["Sections"].([]sectionView); ok {
		sc.Sections = s
	}
	if pol, ok := p.Data["Policy"].(policies.PolicySummary); ok {
		sc.PolicyID = pol.ID
		sc.CanComment = sc.CanComment && pol.Status != policies.StatusArchived
		// Only the policy's own region moderates its comments.
		sc.Drafter = sc.Drafter && p.User.RegionID != nil && *p.User.RegionID == pol.RegionID
	}
	if cc, ok := p.Data["CanComment"].(bool); ok {
		sc.CanComment = cc
	}
	return sc
}

// sectionsCtx is what the comment templates receive.
type sectionsCtx struct {
	Sections   []sectionView
	Threads    []threadView
	T          map[string]string
	CSRF       string
	Drafter    bool
	CanComment bool
	PolicyID   int64
}
