package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
)

// The CSV imports (attendance, learning scores, the roster, AKPK needs)
// share one shape: find what the URL names, read the file (a page's
// uploaded "file" field or the API's text/csv body), check every line and
// apply all or nothing, then answer. do is that check-and-apply; a refusal
// naming bad lines (lineRefusal) goes back to the page with every line:
//
//	{"POST", "/policies/{id}/programs/{pid}/attendance/import", ..., csvPageOn((*Server).programToChange, (*Server).importAttendance, "csv_required", again, done)}
//	{"POST", "/policies/{id}/programs/{pid}/attendance", ..., csvAPIOn(http.StatusOK, maxBody, (*Server).programToChange, (*Server).importAttendance), csvBody{}}

// csvAPIOn reads a text/csv body of at most limit bytes after find and
// answers do's result as JSON with status.
func csvAPIOn[T, Out any](status int, limit int64, find func(*Server, *http.Request) (T, error),
	do func(*Server, *http.Request, T, []byte) (Out, error)) handler {
	return func(s *Server, w http.ResponseWriter, r *http.Request) error {
		t, err := find(s, r)
		if err != nil {
			return err
		}
		data, err := readCSV(w, r, limit)
		if err != nil {
			return err
		}
		out, err := do(s, r, t, data)
		if err != nil {
			return err
		}
		writeJSON(w, status, out)
		return nil
	}
}

// csvPageOn reads a page's uploaded file after find. With no file, again
// shows the page with the message missing (a catalogue key), 422; with bad
// lines, the page with every line; otherwise done answers.
func csvPageOn[T, Out any](find func(*Server, *http.Request) (T, error),
	do func(*Server, *http.Request, T, []byte) (Out, error), missing string,
	again func(s *Server, w http.ResponseWriter, r *http.Request, t T, status int, lines []evaluation.LineError, msg string) error,
	done func(s *Server, w http.ResponseWriter, r *http.Request, out Out) error) handler {
	return func(s *Server, w http.ResponseWriter, r *http.Request) error {
		t, err := find(s, r)
		if err != nil {
			return err
		}
		f, _, err := r.FormFile("file")
		if err != nil {
			return again(s, w, r, t, http.StatusUnprocessableEntity, nil, messages[language(w, r)][missing])
		}
		defer f.Close()
		var b bytes.Buffer
		if _, err := b.ReadFrom(f); err != nil {
			return err
		}
		out, err := do(s, r, t, b.Bytes())
		if rf := (*refusal)(nil); errors.As(err, &rf) && len(rf.lines) > 0 {
			return again(s, w, r, t, statusOf(rf.err.Kind), rf.lines, rf.err.Message)
		}
		if err != nil {
			return err
		}
		return done(s, w, r, out)
	}
}

// lineRefusal refuses a whole file for its bad lines, saying how many and
// that nothing was saved (msg holds the count's %d).
func lineRefusal(msg string, lines []evaluation.LineError) error {
	return &refusal{err: &policies.Error{Kind: policies.KindInvalid, Field: "file",
		Message: fmt.Sprintf(msg, len(lines))}, lines: lines}
}

// unitMatcher finds a region's unit by its code or name, as an import's
// unit column may give either.
func unitMatcher(units []policies.Unit) func(string) (string, bool) {
	return func(v string) (string, bool) {
		for _, u := range units {
			if strings.EqualFold(v, u.Code) || strings.EqualFold(v, u.Name) {
				return u.Code, true
			}
		}
		return "", false
	}
}

// seeOther is a CSV page's done that sends the browser where next says,
// as formSaysOn does for a form (next is given no form input).
func seeOther[In, Out any](next func(lang string, in In, out Out) string) func(*Server, http.ResponseWriter, *http.Request, Out) error {
	return func(_ *Server, w http.ResponseWriter, r *http.Request, out Out) error {
		var in In
		http.Redirect(w, r, next(language(w, r), in, out), http.StatusSeeOther)
		return nil
	}
}

// csvText refuses a file with a NUL byte: no CSV file holds one.
func csvText(data []byte) error {
	if bytes.IndexByte(data, 0) >= 0 {
		return policies.FieldError("file", "berkas CSV berisi karakter NUL")
	}
	return nil
}

// programCSV reads a program's import: data checked as text and the
// program as open to it (open is CheckSessionsOpen's or
// CheckLearningOpen's answer), its rows and bad lines as parse finds them,
// and the participants its rows may name (recordedNIPs).
func programCSV[Row any](s *Server, r *http.Request, ref programRef, data []byte, open error,
	parse func(io.Reader) ([]Row, []evaluation.LineError, error)) ([]Row, []evaluation.LineError, map[string]int64, error) {
	if err := csvText(data); err != nil {
		return nil, nil, nil, err
	}
	if open != nil {
		return nil, nil, nil, open
	}
	rows, lineErrs, err := parse(bytes.NewReader(data))
	if err != nil {
		return nil, nil, nil, err
	}
	participant, err := s.recordedNIPs(r, ref)
	return rows, lineErrs, participant, err
}

// recordedNIPs are the IDs of the program's participants the viewer
// records (recorded), by NIP: whom a program's import may name.
func (s *Server) recordedNIPs(r *http.Request, ref programRef) (map[string]int64, error) {
	ps, err := s.recorded(r, ref)
	ids := map[string]int64{}
	for _, p := range ps {
		ids[p.NIP] = p.ID
	}
	return ids, err
}

// recorded are the program's participants whose attendance and scores
// the viewer records (participantsOf), those removed left out.
func (s *Server) recorded(r *http.Request, ref programRef) ([]policies.Participant, error) {
	ps, err := s.participantsOf(r, ref.Policy, ref.Program)
	return slices.DeleteFunc(ps, policies.Participant.Removed), err
}

// notRecorded is the bad line of a NIP that recordedNIPs does not hold.
func notRecorded(line int, nip string) evaluation.LineError {
	return evaluation.LineError{Line: line, Field: "nip", Message: fmt.Sprintf("NIP %s bukan peserta program ini yang Anda catat", nip)}
}
