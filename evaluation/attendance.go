package evaluation

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// attendanceColumns are the columns of an attendance list (daftar hadir) CSV.
var attendanceColumns = []string{"nip", "sesi", "hadir"}

// AttendanceRow is one valid line of an attendance CSV: a participant (by
// NIP) present or absent at a session (by number).
type AttendanceRow struct {
	Line    int
	NIP     string
	Session int
	Present bool
}

// ParseAttendance reads an attendance CSV (nip, sesi, hadir; comma or
// semicolon; the limits and encoding of a participant file). It returns
// the valid rows and one LineError per problem (a bad NIP, a session that
// is not a number, an unknown yes/no, the same NIP and session twice); the
// caller saves nothing when there is any. The error is non-nil when the
// file as a whole cannot be used.
func ParseAttendance(r io.Reader) (rows []AttendanceRow, errs []LineError, err error) {
	data, err := readUpload(r, MaxParticipantBytes)
	if err != nil {
		return nil, nil, err
	}
	headerMessage := "baris pertama harus berisi header " + strings.Join(attendanceColumns, ",")
	f, err := openCSV(data, MaxParticipantBytes, "1 MB", headerMessage)
	if policies.KindOf(err) == policies.KindInvalid {
		return nil, nil, policies.FieldError("header", "%s", headerMessage)
	}
	if err != nil {
		return nil, nil, err
	}
	f.maxRows, f.tooMany = MaxParticipantRows*10, "berkas CSV berisi lebih dari %d baris"
	col, _ := f.mapHeader(func(h string) (string, bool) { return strings.ToLower(strings.TrimSpace(h)), true }, nil)
	if missing := missing(col, attendanceColumns); len(missing) > 0 {
		return nil, nil, policies.FieldError("header", "header CSV tidak memiliki kolom %s (header harus berisi %s)", missing[0], strings.Join(attendanceColumns, ","))
	}
	seen := firstLines{} // NIP and session → line they first appeared on
	err = f.lines(&errs, func(rec []string, line int) {
		row, rowErrs := parseAttendanceRow(rec, len(f.header), col, line)
		if rowErrs == nil {
			rowErrs = seen.repeated(fmt.Sprintf("%s/%d", row.NIP, row.Session), line,
				"nip", "NIP %s untuk sesi %d sudah tercantum pada baris %d", row.NIP, row.Session)
		}
		keep(&rows, &errs, row, rowErrs)
	})
	if err != nil {
		return nil, nil, err
	}
	return rows, errs, nil
}

// parseAttendanceRow reads and checks one line.
func parseAttendanceRow(rec []string, width int, col map[string]int, line int) (row AttendanceRow, errs []LineError) {
	if len(rec) < width {
		return row, []LineError{lineErrorf(line, "", "baris berisi %d kolom, seharusnya %d sesuai header", len(rec), width)}
	}
	row.Line = line
	fail := func(field, format string, args ...any) {
		errs = append(errs, lineErrorf(line, field, format, args...))
	}
	nip := policies.NormalizeNIP(strings.TrimSpace(rec[col["nip"]]))
	if err := policies.ValidateNIP(nip); err != nil {
		fail("nip", "%s", messageOf(err))
	}
	row.NIP = nip
	n, err := strconv.Atoi(strings.TrimSpace(rec[col["sesi"]]))
	if err != nil || n < 1 {
		fail("sesi", "nomor sesi %q tidak sah", rec[col["sesi"]])
	}
	row.Session = n
	v := strings.TrimSpace(rec[col["hadir"]])
	var ok bool
	if row.Present, ok = parseYesNo(v); !ok {
		fail("hadir", "nilai %q tidak dikenali; gunakan ya/tidak, 1/0 atau true/false", v)
	}
	return row, errs
}
