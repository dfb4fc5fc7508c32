package evaluation

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/policyflow/policyflow/policies"
)

// Limits of a participant CSV file.
const (
	MaxParticipantRows  = 5000    // data rows, the header not counted
	MaxParticipantBytes = 1 << 20 // 1 MB
	maxNameRunes        = 200
	maxUnitRunes        = 50
)

// participantColumns are the required header columns, in their usual order.
var participantColumns = []string{"nip", "nama", "unit", "hadir", "lulus"}

// ParticipantRow is one valid data row of a participant CSV file.
type ParticipantRow struct {
	Line      int    // line of the file the row starts on (the header is line 1)
	NIP       string // normalized (spaces removed) and valid
	Name      string
	Unit      string // unit (OPD) code, as written
	Attended  bool
	Completed bool
}

// LineError is a problem with one field (or, with Field "", the whole row) of
// a line of a participant CSV file.
type LineError struct {
	Line    int    `json:"line"`            // 1-based line of the file, the header being line 1
	Field   string `json:"field,omitempty"` // column name ("nip", "nama", "unit", "hadir", "lulus") or ""
	Message string `json:"message"`         // in Bahasa Indonesia
}

func (e LineError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("baris %d: %s", e.Line, e.Message)
	}
	return fmt.Sprintf("baris %d, kolom %s: %s", e.Line, e.Field, e.Message)
}

// ParseParticipants reads a participant CSV file: UTF-8 (a leading BOM is
// ignored), comma- or semicolon-separated (whichever the header uses more),
// at most MaxParticipantBytes and MaxParticipantRows data rows, with a header
// naming at least the columns nip, nama, unit, hadir and lulus in any order and
// any case (other columns are ignored). hadir and lulus take ya/tidak, 1/0 or
// true/false; empty means tidak. Rows whose fields are all empty are skipped.
//
// It returns the valid rows and, for every invalid row, one LineError per
// problem (a bad NIP, a missing name or unit, an unknown yes/no value, lulus
// without hadir, a NIP already used on an earlier line…), in line order.
// The caller must import nothing when len(errs) > 0: the file is to be fixed
// and uploaded again as a whole, and the valid rows are returned only so the
// caller can show them.
//
// The error is non-nil, and rows and errs nil, when the file as a whole cannot
// be used: unreadable (KindBadRequest), too large or with too many rows
// (KindTooLarge), empty, or with a missing or repeated header column
// (KindInvalid, field "header").
func ParseParticipants(r io.Reader) (rows []ParticipantRow, errs []LineError, err error) {
	data, err := readUpload(r, MaxParticipantBytes)
	if err != nil {
		return nil, nil, err
	}
	f, err := openCSV(data, MaxParticipantBytes, "1 MB",
		"berkas CSV kosong; baris pertama harus berisi header "+strings.Join(participantColumns, ","))
	if err != nil {
		return nil, nil, err
	}
	f.maxRows, f.tooMany = MaxParticipantRows, "berkas CSV berisi lebih dari %d baris peserta"
	col, err := f.mapHeader(func(h string) (string, bool) { return strings.ToLower(strings.TrimSpace(h)), true },
		func(_, name string) error {
			if !slices.Contains(participantColumns, name) {
				return nil
			}
			return policies.FieldError("header", "kolom %q muncul lebih dari sekali pada header", name)
		})
	if err != nil {
		return nil, nil, err
	}
	if missing := missing(col, participantColumns); len(missing) > 0 {
		return nil, nil, policies.FieldError("header",
			"header CSV tidak memiliki kolom wajib: %s (header harus berisi %s, dipisahkan koma atau titik koma)",
			strings.Join(missing, ", "), strings.Join(participantColumns, ","))
	}

	seen := firstLines{} // NIP → line it first appeared on
	err = f.lines(&errs, func(rec []string, line int) {
		row, rowErrs := parseParticipantRow(rec, len(f.header), col, line)
		if row.NIP != "" {
			rowErrs = append(rowErrs, seen.repeated(row.NIP, line, "nip", "NIP %s sudah tercantum pada baris %d", row.NIP)...)
		}
		keep(&rows, &errs, row, rowErrs)
	})
	if err != nil {
		return nil, nil, err
	}
	return rows, errs, nil
}

// parseParticipantRow validates one record. The returned row has its NIP set
// whenever the NIP is valid, even when other fields are not.
func parseParticipantRow(rec []string, width int, col map[string]int, line int) (ParticipantRow, []LineError) {
	var errs []LineError
	fail := func(field, format string, args ...any) {
		errs = append(errs, lineErrorf(line, field, format, args...))
	}
	if len(rec) < width {
		fail("", "baris berisi %d kolom, seharusnya %d sesuai header", len(rec), width)
		return ParticipantRow{}, errs
	}
	if !blank(rec[width:]) {
		fail("", "baris berisi %d kolom, lebih banyak dari %d kolom pada header", len(rec), width)
	}
	get := func(name string) (string, bool) {
		v := strings.TrimSpace(rec[col[name]])
		if !utf8.ValidString(v) {
			fail(name, "isi kolom bukan teks UTF-8 yang sah")
			return "", false
		}
		return v, true
	}

	row := ParticipantRow{Line: line}
	if v, ok := get("nip"); ok {
		nip := policies.NormalizeNIP(v)
		if err := policies.ValidateASNNumber("", nip); err != nil {
			fail("nip", "%s", messageOf(err))
		} else {
			row.NIP = nip
		}
	}
	// text reads a required column of at most max characters; what names
	// it in the messages.
	text := func(name, what string, max int) string {
		v, ok := get(name)
		switch {
		case !ok:
		case v == "":
			fail(name, "%s wajib diisi", what)
		case utf8.RuneCountInString(v) > max:
			fail(name, "%s paling panjang %d karakter", what, max)
		default:
			return v
		}
		return ""
	}
	row.Name = text("nama", "nama peserta", maxNameRunes)
	row.Unit = text("unit", "kode unit", maxUnitRunes)
	attendedOK, completedOK := false, false
	if v, ok := get("hadir"); ok {
		row.Attended, attendedOK = parseYesNo(v)
		if !attendedOK {
			fail("hadir", "nilai %q tidak dikenali; gunakan ya/tidak, 1/0 atau true/false", v)
		}
	}
	if v, ok := get("lulus"); ok {
		row.Completed, completedOK = parseYesNo(v)
		if !completedOK {
			fail("lulus", "nilai %q tidak dikenali; gunakan ya/tidak, 1/0 atau true/false", v)
		}
	}
	if attendedOK && completedOK && row.Completed && !row.Attended {
		fail("lulus", "peserta yang tidak hadir tidak dapat dinyatakan lulus")
	}
	return row, errs
}

// parseYesNo reads ya/tidak, 1/0, true/false in any case; "" is tidak.
func parseYesNo(v string) (value, ok bool) {
	switch strings.ToLower(v) {
	case "ya", "1", "true":
		return true, true
	case "", "tidak", "0", "false":
		return false, true
	}
	return false, false
}
