package evaluation

import (
	"bytes"
	"encoding/csv"
	"errors"
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
	data, err := io.ReadAll(io.LimitReader(r, MaxParticipantBytes+1))
	if err != nil {
		return nil, nil, &policies.Error{Kind: policies.KindBadRequest, Message: "berkas CSV tidak dapat dibaca", Err: err}
	}
	if len(data) > MaxParticipantBytes {
		return nil, nil, policies.Errorf(policies.KindTooLarge, "berkas CSV lebih besar dari 1 MB")
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = detectSeparator(data)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, nil, policies.FieldError("header", "baris pertama harus berisi header %s", strings.Join(attendanceColumns, ","))
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, c := range attendanceColumns {
		if _, ok := col[c]; !ok {
			return nil, nil, policies.FieldError("header", "header CSV tidak memiliki kolom %s (header harus berisi %s)", c, strings.Join(attendanceColumns, ","))
		}
	}
	seen := map[string]int{}
	count := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if err != nil && !errors.As(err, &pe) {
			return nil, nil, &policies.Error{Kind: policies.KindBadRequest, Message: "berkas CSV tidak dapat dibaca", Err: err}
		}
		if count++; count > MaxParticipantRows*10 {
			return nil, nil, policies.Errorf(policies.KindTooLarge, "berkas CSV berisi lebih dari %d baris", MaxParticipantRows*10)
		}
		if pe != nil {
			errs = append(errs, LineError{Line: pe.StartLine, Message: csvMessage(err)})
			continue
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(rec) < len(header) {
			errs = append(errs, LineError{Line: line, Message: fmt.Sprintf("baris berisi %d kolom, seharusnya %d sesuai header", len(rec), len(header))})
			continue
		}
		row, bad := AttendanceRow{Line: line}, false
		fail := func(field, format string, args ...any) {
			errs, bad = append(errs, LineError{Line: line, Field: field, Message: fmt.Sprintf(format, args...)}), true
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
		if bad {
			continue
		}
		key := fmt.Sprintf("%s/%d", row.NIP, row.Session)
		if first, dup := seen[key]; dup {
			errs = append(errs, LineError{Line: line, Field: "nip", Message: fmt.Sprintf("NIP %s untuk sesi %d sudah tercantum pada baris %d", row.NIP, row.Session, first)})
			continue
		}
		seen[key] = line
		rows = append(rows, row)
	}
	return rows, errs, nil
}
