package server

import (
	"fmt"
	"html/template"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/naskah"
	"github.com/policyflow/policyflow/policies"
)

// strictWords makes a code with no name in the catalogue an error when a
// page is rendered (the page answers 500), rather than the code itself
// shown as it is. The server's tests set it (export_test.go), so that a
// missing translation fails them loudly; in production a page still
// renders, with the raw code.
var strictWords = false

// locale is how a page says things: in its language, with its dates and
// times in one of Indonesia's zones (named WIB, WITA or WIT).
type locale struct {
	lang string
	zone policies.TimeZone
}

// locales are every language and zone a page may be rendered in.
func locales() []locale {
	var out []locale
	for _, l := range []string{i18n.ID, i18n.EN} {
		for _, z := range []policies.TimeZone{policies.ZoneWIB, policies.ZoneWITA, policies.ZoneWIT} {
			out = append(out, locale{l, z})
		}
	}
	return out
}

func (l locale) key() string { return l.lang + "/" + string(l.zone) }

// name looks a code up in one of the typed catalogues.
func name[K comparable](names map[string]map[K]string, l locale, what string, k K) (string, error) {
	if s := names[l.lang][k]; s != "" {
		return s, nil
	}
	if strictWords {
		return "", fmt.Errorf("i18n: %s %q has no %s name", what, fmt.Sprint(k), l.lang)
	}
	return fmt.Sprint(k), nil
}

// asTime takes a time.Time or a *time.Time (nil: no time).
func asTime(v any) (time.Time, bool, error) {
	switch t := v.(type) {
	case time.Time:
		return t, !t.IsZero(), nil
	case *time.Time:
		if t == nil {
			return time.Time{}, false, nil
		}
		return *t, !t.IsZero(), nil
	}
	return time.Time{}, false, fmt.Errorf("date: %T is not a time", v)
}

// day is a calendar date as the language writes it: "2 Maret 2026" (as the
// official documents do, package naskah), "2 March 2026".
func (l locale) day(t time.Time) string {
	if l.lang == i18n.EN {
		return t.Format("2 January 2006")
	}
	return naskah.Date(t)
}

// date is a moment in the page's zone, with the zone's name:
// "2 Maret 2026 14.05 WIB", "2 March 2026 14:05 WIB".
func (l locale) date(v any) (string, error) {
	t, ok, err := asTime(v)
	if !ok || err != nil {
		return "", err
	}
	t = t.In(l.zone.Location())
	sep := "."
	if l.lang == i18n.EN {
		sep = ":"
	}
	return fmt.Sprintf("%s %02d%s%02d %s", l.day(t), t.Hour(), sep, t.Minute(), l.zone), nil
}

// dateOnly is a calendar date (a DATE column: a day, not a moment, so it
// is not moved into the zone).
func (l locale) dateOnly(v any) (string, error) {
	t, ok, err := asTime(v)
	if !ok || err != nil {
		return "", err
	}
	return l.day(t), nil
}

// separators are the thousands and decimal marks: "1.000,5" in Indonesian,
// "1,000.5" in English.
func (l locale) separators() (thousands, decimal string) {
	if l.lang == i18n.EN {
		return ",", "."
	}
	return ".", ","
}

func groupThousands(digits, sep string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	head := len(digits) % 3
	if head > 0 {
		b.WriteString(digits[:head])
	}
	for i := head; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// num is a whole number with the language's thousands mark: "1.000", "1,000".
func (l locale) num(v any) (string, error) {
	var n int64
	switch x := v.(type) {
	case int:
		n = int64(x)
	case int64:
		n = x
	case int32:
		n = int64(x)
	case *int:
		if x == nil {
			return "", nil
		}
		n = int64(*x)
	default:
		return "", fmt.Errorf("num: %T is not a whole number", v)
	}
	th, _ := l.separators()
	neg := n < 0
	if neg {
		n = -n
	}
	s := groupThousands(strconv.FormatInt(n, 10), th)
	if neg {
		s = "−" + s
	}
	return s, nil
}

// dec is a number with two decimals, in the language's marks: "76,61", "76.61".
func (l locale) dec(v any) (string, error) {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case *float64:
		if x == nil {
			return "", nil
		}
		f = *x
	case int:
		f = float64(x)
	default:
		return "", fmt.Errorf("dec: %T is not a number", v)
	}
	th, dm := l.separators()
	s := strconv.FormatFloat(f, 'f', 2, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	s = groupThousands(whole, th) + dm + frac
	if neg {
		s = "−" + s
	}
	return s, nil
}

// left says how long is left before a deadline, or how late it is.
func (l locale) left(d time.Duration) string {
	late := d < 0
	if late {
		d = -d
	}
	days, hours := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
	if l.lang == i18n.EN {
		t := fmt.Sprintf("%d days %d hours", days, hours)
		if late {
			return t + " late"
		}
		return t + " left"
	}
	t := fmt.Sprintf("%d hari %d jam", days, hours)
	if late {
		return "terlambat " + t
	}
	return "sisa " + t
}

// statusChange matches an audit detail that records a change of status,
// "drafting → in_approval versi 2": the statuses are codes, the rest is
// the workflow's own words.
var statusChange = regexp.MustCompile(`^([a-z_]+) → ([a-z_]+)(.*)$`)

// auditDetail is an audit record's detail with the statuses it names in
// the reader's language.
func (l locale) auditDetail(s string) (string, error) {
	m := statusChange.FindStringSubmatch(s)
	if m == nil {
		return s, nil
	}
	from, err := name(i18n.StatusNames, l, "status", policies.Status(m[1]))
	if err != nil {
		return "", err
	}
	to, err := name(i18n.StatusNames, l, "status", policies.Status(m[2]))
	if err != nil {
		return "", err
	}
	return from + " → " + to + m[3], nil
}

// section is a section's title, from the anchor a comment names: titles
// maps anchors to the headings of the policy's versions; no anchor is the
// general discussion.
func (l locale) section(titles map[string]string, anchor string) (string, error) {
	if anchor == "" {
		return messages[l.lang]["comments_general"], nil
	}
	if t := titles[anchor]; t != "" {
		return t, nil
	}
	if strictWords {
		return "", fmt.Errorf("i18n: section %q has no title", anchor)
	}
	return anchor, nil
}

// codeFunc is a template function naming a code of one typed catalogue;
// it takes the code as its own type or as a plain string, or a pointer
// to either (nil: nothing).
func codeFunc[K ~string](names map[string]map[K]string, l locale, what string) func(any) (string, error) {
	return func(v any) (string, error) {
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Pointer {
			if rv.IsNil() {
				return "", nil
			}
			rv = rv.Elem()
		}
		if !rv.IsValid() || rv.Kind() != reflect.String {
			return "", fmt.Errorf("i18n: %s %v is not a code", what, v)
		}
		return name(names, l, what, K(rv.String()))
	}
}

// wordFuncs are the template functions that say codes, dates and numbers
// in the page's language and zone. Every template set is parsed with the
// functions of its locale (see parseTemplates).
func (l locale) wordFuncs() template.FuncMap {
	return template.FuncMap{
		"date":          l.date,
		"day":           l.dateOnly,
		"num":           l.num,
		"dec":           l.dec,
		"score":         l.dec,
		"left":          l.left,
		"zone":          func() string { return string(l.zone) },
		"lang":          func() string { return l.lang },
		"section":       l.section,
		"auditDetail":   l.auditDetail,
		"status":        codeFunc(i18n.StatusNames, l, "status"),
		"role":          codeFunc(i18n.RoleNames, l, "role"),
		"decision":      codeFunc(i18n.DecisionNames, l, "decision"),
		"outcome":       codeFunc(i18n.OutcomeNames, l, "outcome"),
		"auditAction":   codeFunc(i18n.AuditActionNames, l, "audit action"),
		"roundStatus":   codeFunc(i18n.RoundStatusNames, l, "round status"),
		"programKind":   codeFunc(i18n.ProgramKindNames, l, "program kind"),
		"noticeKind":    codeFunc(i18n.NoticeKindNames, l, "notification kind"),
		"commentStatus": codeFunc(i18n.CommentStatusNames, l, "comment status"),
		"band":          codeFunc(i18n.BandNames, l, "band"),
		"quorum":        codeFunc(i18n.QuorumNames, l, "quorum"),
		"notifyMode":    codeFunc(i18n.NotifyModeNames, l, "notification mode"),
	}
}

// pageZone is the zone a page shows its dates in: the policy's region's
// for a policy's pages, the region's for a region's page (the JP ledger),
// else the viewer's region's, and WIB for the signed-out public.
func (s *Server) pageZone(r *http.Request, v *viewer, data map[string]any) policies.TimeZone {
	var regionID int64
	switch {
	case data["Policy"] != nil:
		if p, ok := data["Policy"].(policies.PolicySummary); ok {
			if p.RegionZone.Valid() { // read with the policy: no second query
				return p.RegionZone
			}
			regionID = p.RegionID
		}
	case data["Region"] != nil:
		if reg, ok := data["Region"].(policies.Region); ok && reg.TimeZone.Valid() {
			return reg.TimeZone
		}
	}
	if regionID == 0 && v != nil && v.User != nil && v.User.RegionID != nil {
		regionID = *v.User.RegionID
	}
	if regionID == 0 || s.store == nil {
		return policies.ZoneWIB
	}
	reg, err := s.store.RegionByID(r.Context(), regionID)
	if err != nil || !reg.TimeZone.Valid() {
		return policies.ZoneWIB
	}
	return reg.TimeZone
}

// sectionPages are the pages that name comments' sections outside the
// document (the approval page's open comments, the consultation summary,
// the moderation queue).
var sectionPages = map[string]bool{"policy": true, "approval": true, "consultation": true}

// addSectionTitles gives a page that names sections their titles, as
// Data["SectionTitles"]: anchor → heading text, from every version of the
// policy (a comment may name a section of an earlier version), the latest
// version's title first.
func (s *Server) addSectionTitles(r *http.Request, name string, data map[string]any) {
	if !sectionPages[name] || s.store == nil || s.md == nil {
		return
	}
	if _, ok := data["SectionTitles"]; ok {
		return
	}
	p, ok := data["Policy"].(policies.PolicySummary)
	if !ok {
		return
	}
	titles := map[string]string{}
	vs, err := s.store.Versions(r.Context(), p.ID)
	if err != nil {
		return
	}
	slices.SortFunc(vs, func(a, b policies.Version) int { return b.Number - a.Number })
	for _, v := range vs {
		// Versions are immutable: a text rendered once is named from the
		// cache, read again only when it has left it.
		doc, ok := s.md.Cached(v.SHA256)
		if !ok {
			if v.Markdown == "" {
				full, err := s.store.VersionByNumber(r.Context(), p.ID, v.Number)
				if err != nil {
					continue
				}
				v = full
			}
			if doc, err = s.md.Render(v.SHA256, v.Markdown); err != nil {
				continue
			}
		}
		for _, e := range doc.TOC {
			if _, seen := titles[e.ID]; !seen {
				titles[e.ID] = e.Text
			}
		}
	}
	data["SectionTitles"] = titles
}

// participantsSaved says how many participants a form or file saved.
func participantsSaved(lang string, n int) string {
	count, _ := locale{lang: lang}.num(n)
	return fmt.Sprintf(messages[lang]["done_participants"], count)
}
