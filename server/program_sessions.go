package server

// A program's sessions and their attendance lists (daftar hadir): a
// session is added by those who run the program; attendance is marked per
// session on the page or imported by CSV (nip, sesi, hadir), all or nothing.

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
)

// sessionData is what the program page shows of its sessions: the
// sessions, and which of the participants shown were present at each
// ("session/participant" → present).
func (s *Server) sessionData(ctx context.Context, prog policies.Program) (map[string]any, error) {
	ss, err := s.store.ProgramSessions(ctx, prog.ID)
	if err != nil {
		return nil, err
	}
	marks, err := s.store.Attendance(ctx, prog.ID)
	if err != nil {
		return nil, err
	}
	present := map[string]bool{}
	for _, m := range marks {
		present[fmt.Sprintf("%d/%d", m.SessionID, m.ParticipantID)] = m.Present
	}
	var total int
	for _, x := range ss {
		total += x.JP
	}
	return map[string]any{"Sessions": ss, "Present": present, "SessionsOpen": policies.CheckSessionsOpen(prog.Status) == nil,
		"SessionJP": total}, nil
}

// sessionList is a program's sessions (no personal data: counts only), for the API.
type sessionList struct {
	Sessions []policies.ProgramSession `json:"sessions"`
}

func (s *Server) programSessions(r *http.Request) (sessionList, error) {
	_, prog, err := s.loadProgram(r)
	if err != nil {
		return sessionList{}, err
	}
	ss, err := s.store.ProgramSessions(r.Context(), prog.ID)
	if ss == nil {
		ss = []policies.ProgramSession{}
	}
	return sessionList{ss}, err
}

// addSession adds a session to the program: within its dates, its JP
// within the program's (422 naming the field), not to a cancelled one (409).
func (s *Server) addSession(r *http.Request, ref programRef, in policies.NewSession) (policies.ProgramSession, error) {
	if err := policies.CheckSessionsOpen(ref.Program.Status); err != nil {
		return policies.ProgramSession{}, err
	}
	held, err := s.store.ProgramSessions(r.Context(), ref.Program.ID)
	if err != nil {
		return policies.ProgramSession{}, err
	}
	if err := in.Validate(ref.Program, held); err != nil {
		return policies.ProgramSession{}, err
	}
	return s.store.AddSession(r.Context(), ref.Program.ID, viewerOf(r).User.ID, in)
}

// sessionForm is the new session form as typed (its date in the zone of
// the policy's region).
type sessionForm struct{ HeldOn, JP, Topic string }

func sessionFromForm(r *http.Request) (sessionForm, error) {
	return sessionForm{r.PostFormValue("held_on"), r.PostFormValue("jp"), r.PostFormValue("topic")}, nil
}

// sessionAdded is a session added from the page, with its policy (where
// the page goes back to).
type sessionAdded struct {
	policies.ProgramSession
	policyID int64
}

func (s *Server) addSessionFromPage(r *http.Request, ref programRef, f sessionForm) (sessionAdded, error) {
	day, err := time.ParseInLocation("2006-01-02", f.HeldOn, ref.Policy.RegionZone.Location())
	if err != nil {
		return sessionAdded{}, policies.FieldError("held_on", "tanggal tidak sah (TTTT-BB-HH)")
	}
	jp, err := strconv.Atoi(strings.TrimSpace(f.JP))
	if err != nil {
		return sessionAdded{}, policies.FieldError("jp", "JP harus angka")
	}
	// The day as a date: midnight UTC, as the store keeps it.
	ses, err := s.addSession(r, ref, policies.NewSession{HeldOn: time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC), JP: jp, Topic: f.Topic})
	return sessionAdded{ses, ref.Policy.ID}, err
}

func sessionPageSays(lang string, _ sessionForm, out sessionAdded) string {
	return programDone(out.policyID, out.ProgramID, lang, "session_added")
}

// programDone is the program page saying what was done (a message key).
func programDone(policyID, programID int64, lang, key string) string {
	return saying(fmt.Sprintf("/policies/%d/programs/%d", policyID, programID), key)
}

// attendanceForm is one session's attendance list as ticked: the IDs of
// the participants present.
type attendanceForm struct{ Present []string }

func attendanceFromForm(r *http.Request) (attendanceForm, error) {
	if err := r.ParseForm(); err != nil {
		return attendanceForm{}, err
	}
	return attendanceForm{r.PostForm["present"]}, nil
}

// attendanceSaved is how many marks an attendance save changed.
type attendanceSaved struct {
	Changed   int   `json:"changed"`
	ProgramID int64 `json:"-"`
	PolicyID  int64 `json:"-"`
}

// saveSessionAttendance records one session's list from the page: each
// participant the viewer records (their unit's, or all for a drafter),
// present when ticked and absent otherwise.
func (s *Server) saveSessionAttendance(r *http.Request, ref programRef, f attendanceForm) (attendanceSaved, error) {
	sid, err := strconv.ParseInt(chi.URLParam(r, "sid"), 10, 64)
	if err != nil {
		return attendanceSaved{}, policies.Errorf(policies.KindNotFound, "sesi tidak ditemukan")
	}
	ss, err := s.store.ProgramSessions(r.Context(), ref.Program.ID)
	if err != nil {
		return attendanceSaved{}, err
	}
	if !containsSession(ss, sid) {
		return attendanceSaved{}, policies.Errorf(policies.KindNotFound, "sesi tidak ditemukan")
	}
	ticked := map[string]bool{}
	for _, id := range f.Present {
		ticked[id] = true
	}
	ps, err := s.recorded(r, ref)
	if err != nil {
		return attendanceSaved{}, err
	}
	var marks []policies.AttendanceMark
	for _, p := range ps {
		marks = append(marks, policies.AttendanceMark{SessionID: sid, ParticipantID: p.ID, Present: ticked[strconv.FormatInt(p.ID, 10)]})
	}
	n, err := s.store.SaveAttendance(r.Context(), ref.Program.ID, viewerOf(r).User.ID, marks)
	return attendanceSaved{n, ref.Program.ID, ref.Policy.ID}, err
}

func containsSession(ss []policies.ProgramSession, id int64) bool {
	for _, x := range ss {
		if x.ID == id {
			return true
		}
	}
	return false
}

func attendanceSays(lang string, _ attendanceForm, out attendanceSaved) string {
	return programDone(out.PolicyID, out.ProgramID, lang, "attendance_saved")
}

// importAttendance reads an attendance CSV and saves it whole, or refuses
// it naming every bad line (a NIP that is no participant the viewer
// records, a session the program does not have) and saves nothing.
func (s *Server) importAttendance(r *http.Request, ref programRef, data []byte) (attendanceSaved, error) {
	rows, lineErrs, participant, err := programCSV(s, r, ref, data, policies.CheckSessionsOpen(ref.Program.Status), evaluation.ParseAttendance)
	if err != nil {
		return attendanceSaved{}, err
	}
	ss, err := s.store.ProgramSessions(r.Context(), ref.Program.ID)
	if err != nil {
		return attendanceSaved{}, err
	}
	session := map[int]int64{}
	for _, x := range ss {
		session[x.Number] = x.ID
	}
	var marks []policies.AttendanceMark
	for _, row := range rows {
		pid, okP := participant[row.NIP]
		sid, okS := session[row.Session]
		if !okP {
			lineErrs = append(lineErrs, notRecorded(row.Line, row.NIP))
		}
		if !okS {
			lineErrs = append(lineErrs, evaluation.LineError{Line: row.Line, Field: "sesi", Message: fmt.Sprintf("program ini tidak memiliki sesi %d", row.Session)})
		}
		if okP && okS {
			marks = append(marks, policies.AttendanceMark{SessionID: sid, ParticipantID: pid, Present: row.Present})
		}
	}
	if len(lineErrs) > 0 {
		return attendanceSaved{}, lineRefusal("%d baris bermasalah; tidak ada yang disimpan", lineErrs)
	}
	n, err := s.store.SaveAttendance(r.Context(), ref.Program.ID, viewerOf(r).User.ID, marks)
	return attendanceSaved{n, ref.Program.ID, ref.Policy.ID}, err
}

// programSessionPages and programSessionAPI are the routes of sessions and attendance.
func programSessionPages() []pageRoute {
	return []pageRoute{
		{"POST", "/policies/{id}/programs/{pid}/sessions", recorders, formSaysOn((*Server).programToChange, sessionFromForm, (*Server).addSessionFromPage, sessionPageSays)},
		{"POST", "/policies/{id}/programs/{pid}/sessions/{sid}/attendance", recorders, formSaysOn((*Server).programToChange, attendanceFromForm, (*Server).saveSessionAttendance, attendanceSays)},
		{"POST", "/policies/{id}/programs/{pid}/attendance/import", recorders, csvPageOn((*Server).programToChange, (*Server).importAttendance, "csv_required",
			func(s *Server, w http.ResponseWriter, r *http.Request, _ programRef, status int, lines []evaluation.LineError, msg string) error {
				s.renderProgram(w, r, status, lines, msg)
				return nil
			}, seeOther(attendanceSays))},
	}
}

func programSessionAPI() []apiRoute {
	return []apiRoute{
		{"GET", "/policies/{id}/programs/{pid}/sessions", "Sesi program (tanggal, JP, jumlah hadir)", signedIn, apiRead((*Server).programSessions), nil},
		{"POST", "/policies/{id}/programs/{pid}/sessions", "Tambah sesi program (tanggal dalam jadwal program; jumlah JP sesi tidak melebihi JP program)", recorders, apiWriteOn(http.StatusCreated, (*Server).programToChange, (*Server).addSession), policies.NewSession{}},
		{"POST", "/policies/{id}/programs/{pid}/attendance", "Impor daftar hadir per sesi dari CSV (text/csv: nip, sesi, hadir): semua atau tidak sama sekali", recorders, csvAPIOn(http.StatusOK, maxBody, (*Server).programToChange, (*Server).importAttendance), csvBody{}},
	}
}
