package evaluation

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// What the participant, attendance and roster CSV readers share: the
// upload read under a size limit, the BOM and separator, the header mapped
// to fields, and the data lines read one by one with a line that encoding/csv
// cannot read reported as a LineError.

// errUnreadable is the error of a file that cannot be read at all.
func errUnreadable(err error) error {
	return &policies.Error{Kind: policies.KindBadRequest, Message: "berkas CSV tidak dapat dibaca", Err: err}
}

// readUpload reads at most max bytes of r (one more, so that openCSV can
// tell a file that is too large).
func readUpload(r io.Reader, max int) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, errUnreadable(err)
	}
	return data, nil
}

// csvFile is a CSV file whose header has been read; next reads its lines.
type csvFile struct {
	cr      *csv.Reader
	header  []string
	maxRows int    // data lines allowed, blank lines not counted
	tooMany string // the message when there are more, with %d for maxRows
	count   int
}

// openCSV checks data against maxBytes (sizeWord names the limit: "1 MB"),
// drops a leading BOM, picks the separator and reads the header; empty is
// the message of a file without one.
func openCSV(data []byte, maxBytes int, sizeWord, empty string) (*csvFile, error) {
	if len(data) > maxBytes {
		return nil, policies.Errorf(policies.KindTooLarge, "berkas CSV lebih besar dari %s", sizeWord)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = detectSeparator(data)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, policies.FieldError("header", "%s", empty)
	}
	if err != nil {
		return nil, policies.FieldError("header", "header CSV tidak dapat dibaca: %s", csvMessage(err))
	}
	return &csvFile{cr: cr, header: header}, nil
}

// mapHeader maps the header's columns to fields: key names the field of a
// column (false: the column is ignored). A field named by two columns is
// refused with dup's error; with dup nil, the last column wins.
func (f *csvFile) mapHeader(key func(h string) (string, bool), dup func(h, field string) error) (map[string]int, error) {
	col := map[string]int{}
	for i, h := range f.header {
		field, ok := key(h)
		if !ok {
			continue
		}
		if _, seen := col[field]; seen && dup != nil {
			if err := dup(h, field); err != nil {
				return nil, err
			}
		}
		col[field] = i
	}
	return col, nil
}

// mapNamedHeader maps the header's columns to fields by names (a column's
// name in lower case, without spaces, underscores, dots, hyphens and
// slashes → its field; other columns are ignored), refusing a field named
// by two columns.
func (f *csvFile) mapNamedHeader(names map[string]string) (map[string]int, error) {
	return f.mapHeader(func(h string) (string, bool) {
		field, ok := names[headerKeyReplacer.Replace(strings.ToLower(strings.TrimSpace(h)))]
		return field, ok
	}, func(h, field string) error {
		return policies.FieldError("header", "kolom %q: kolom untuk %s muncul lebih dari sekali pada header", strings.TrimSpace(h), field)
	})
}

// headerKeyReplacer drops what mapNamedHeader ignores in a column's name.
var headerKeyReplacer = strings.NewReplacer(" ", "", "_", "", ".", "", "-", "", "/", "")

// missing returns the required fields col has no column for, in order.
func missing(col map[string]int, required []string) []string {
	var out []string
	for _, c := range required {
		if _, ok := col[c]; !ok {
			out = append(out, c)
		}
	}
	return out
}

// lines calls each with every data line that is not blank and the line of
// the file it starts on. A line encoding/csv cannot read is added to errs
// and skipped. The error is for a file that cannot be used: unreadable, or
// with more than maxRows data lines.
func (f *csvFile) lines(errs *[]LineError, each func(rec []string, line int)) error {
	for {
		rec, err := f.cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		var pe *csv.ParseError
		if err != nil && !errors.As(err, &pe) {
			return errUnreadable(err)
		}
		if f.count++; f.count > f.maxRows {
			return policies.Errorf(policies.KindTooLarge, f.tooMany, f.maxRows)
		}
		if pe != nil {
			*errs = append(*errs, LineError{Line: pe.StartLine, Message: csvMessage(err)})
			continue
		}
		if blank(rec) {
			f.count--
			continue
		}
		line, _ := f.cr.FieldPos(0)
		each(rec, line)
	}
}

// firstLines remembers the line a key (a NIP, a NIP and session) first
// appeared on.
type firstLines map[string]int

// repeated returns, when key appeared on an earlier line, the LineError of
// field saying so: format's last verb takes that earlier line. Otherwise it
// remembers line as key's first and returns nil.
func (s firstLines) repeated(key string, line int, field, format string, args ...any) []LineError {
	if first, dup := s[key]; dup {
		return []LineError{lineErrorf(line, field, format, append(args, first)...)}
	}
	s[key] = line
	return nil
}

// keep adds a line's problems to errs, or its row to rows when it has none.
func keep[R any](rows *[]R, errs *[]LineError, row R, rowErrs []LineError) {
	if len(rowErrs) > 0 {
		*errs = append(*errs, rowErrs...)
		return
	}
	*rows = append(*rows, row)
}

// lineErrorf is a LineError with a formatted message.
func lineErrorf(line int, field, format string, args ...any) LineError {
	return LineError{Line: line, Field: field, Message: fmt.Sprintf(format, args...)}
}

// detectSeparator returns ';' when the first non-blank line has more
// semicolons than commas outside double quotes, ',' otherwise.
func detectSeparator(data []byte) rune {
	for line := range bytes.SplitSeq(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		commas, semis, quoted := 0, 0, false
		for _, b := range line {
			switch {
			case b == '"':
				quoted = !quoted
			case quoted:
			case b == ',':
				commas++
			case b == ';':
				semis++
			}
		}
		if semis > commas {
			return ';'
		}
		return ','
	}
	return ','
}

func blank(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// csvMessage words an encoding/csv error in Indonesian.
func csvMessage(err error) string {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return "format CSV rusak: tanda kutip (\") di tengah kolom yang tidak diapit tanda kutip"
	case errors.Is(err, csv.ErrQuote):
		return "format CSV rusak: tanda kutip (\") tidak ditutup atau diikuti karakter lain"
	default:
		return "format CSV rusak"
	}
}

// messageOf returns the user-facing message of a domain error.
func messageOf(err error) string {
	var e *policies.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
