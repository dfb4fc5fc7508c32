package i18n

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/policyflow/policyflow/naskah"
	"github.com/policyflow/policyflow/policies"
)

// Strict makes a code with no name in the catalogue an error when a
// page is rendered (the page answers 500), rather than the code itself
// shown as it is. The server's tests set it (server/export_test.go), so that a
// missing translation fails them loudly; in production a page still
// renders, with the raw code.
var Strict = false

// Locale is how a page says things: in its language, with its dates and
// times in one of Indonesia's zones (named WIB, WITA or WIT).
type Locale struct {
	Lang string
	Zone policies.TimeZone
}

// Locales are every language and zone a page may be rendered in.
func Locales() []Locale {
	var out []Locale
	for _, l := range []string{ID, EN} {
		for _, z := range []policies.TimeZone{policies.ZoneWIB, policies.ZoneWITA, policies.ZoneWIT} {
			out = append(out, Locale{l, z})
		}
	}
	return out
}

// Key names the locale, for the template sets kept per locale.
func (l Locale) Key() string { return l.Lang + "/" + string(l.Zone) }

// Name looks a code up in one of the typed catalogues.
func Name[K comparable](names map[string]map[K]string, l Locale, what string, k K) (string, error) {
	if s := names[l.Lang][k]; s != "" {
		return s, nil
	}
	if Strict {
		return "", fmt.Errorf("i18n: %s %q has no %s name", what, fmt.Sprint(k), l.Lang)
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

// Day is a calendar date as the language writes it: "2 Maret 2026" (as the
// official documents do, package naskah), "2 March 2026".
func (l Locale) Day(t time.Time) string {
	if l.Lang == EN {
		return t.Format("2 January 2006")
	}
	return naskah.Date(t)
}

// Date is a moment in the page's zone, with the zone's name:
// "2 Maret 2026 14.05 WIB", "2 March 2026 14:05 WIB".
func (l Locale) Date(v any) (string, error) {
	t, ok, err := asTime(v)
	if !ok || err != nil {
		return "", err
	}
	t = t.In(l.Zone.Location())
	sep := "."
	if l.Lang == EN {
		sep = ":"
	}
	return fmt.Sprintf("%s %02d%s%02d %s", l.Day(t), t.Hour(), sep, t.Minute(), l.Zone), nil
}

// DateOnly is a calendar date (a DATE column: a day, not a moment, so it
// is not moved into the zone).
func (l Locale) DateOnly(v any) (string, error) {
	t, ok, err := asTime(v)
	if !ok || err != nil {
		return "", err
	}
	return l.Day(t), nil
}

// separators are the thousands and decimal marks: "1.000,5" in Indonesian,
// "1,000.5" in English.
func (l Locale) separators() (thousands, decimal string) {
	if l.Lang == EN {
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

// Num is a whole number with the language's thousands mark: "1.000", "1,000".
func (l Locale) Num(v any) (string, error) {
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

// Dec is a number with two decimals, in the language's marks: "76,61", "76.61".
func (l Locale) Dec(v any) (string, error) {
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

// Left says how long is left before a deadline, or how late it is.
func (l Locale) Left(d time.Duration) string {
	late := d < 0
	if late {
		d = -d
	}
	days, hours := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
	if l.Lang == EN {
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

// AuditDetail is an audit record's detail with the statuses it names in
// the reader's language.
func (l Locale) AuditDetail(s string) (string, error) {
	m := statusChange.FindStringSubmatch(s)
	if m == nil {
		return s, nil
	}
	from, err := Name(StatusNames, l, "status", policies.Status(m[1]))
	if err != nil {
		return "", err
	}
	to, err := Name(StatusNames, l, "status", policies.Status(m[2]))
	if err != nil {
		return "", err
	}
	return from + " → " + to + m[3], nil
}

// CodeFunc is a template function naming a code of one typed catalogue;
// it takes the code as its own type or as a plain string, or a pointer
// to either (nil: nothing).
func CodeFunc[K ~string](names map[string]map[K]string, l Locale, what string) func(any) (string, error) {
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
		return Name(names, l, what, K(rv.String()))
	}
}
