package server

// A program's changes: edit, reschedule and cancel go to the program's
// workflow as Updates (it owns the program's status and dates); the budget
// and realisation are the unit's own figures, written straight to the
// store. Each page form and its API twin share one function.

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// programRef is a program the viewer may change, with its policy.
type programRef struct {
	Policy  policies.PolicySummary
	Program policies.Program
}

// errMayNotChange refuses a program's change to those who do not run it.
var errMayNotChange = policies.Errorf(policies.KindForbidden, "hanya penyusun atau petugas unit penyelenggara yang mengubah program")

// programToChange is the URL's program, of the viewer's region (404
// otherwise), that the viewer runs: the region's drafters or the
// organising unit's officers (403 otherwise).
func (s *Server) programToChange(r *http.Request) (programRef, error) {
	p, prog, err := s.loadProgram(r)
	if err != nil {
		return programRef{}, err
	}
	if !mayRecord(viewerOf(r), prog) {
		return programRef{}, errMayNotChange
	}
	return programRef{p, prog}, nil
}

// programAnswer is a changed program, for the API, with the over-budget
// warning when its realisation exceeds its budget.
type programAnswer struct {
	Program policies.Program `json:"program"`
	Warning string           `json:"warning,omitempty"`
}

// sendProgramChange checks the change against the program's status (409)
// and sends it to the program's workflow.
func (s *Server) sendProgramChange(ctx context.Context, r *http.Request, ref programRef, act policies.ProgramAction, req workflows.Request) (programAnswer, error) {
	if _, err := policies.CheckProgramAction(ref.Program.Status, act); err != nil {
		return programAnswer{}, err
	}
	v := viewerOf(r)
	req.Actor = actorOf(v)
	id := requestKey(r)
	if id == "" {
		id = randomToken()
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	res, err := s.lc.DoProgram(ctx, ref.Program.WorkflowID, act, updateID(v, id), req)
	if err != nil {
		return programAnswer{}, err
	}
	if res.Program == nil {
		return programAnswer{}, fmt.Errorf("server: program %d: %s answered no program", ref.Program.ID, act)
	}
	return programAnswer{Program: *res.Program}, nil
}

func (s *Server) editProgram(r *http.Request, ref programRef, in policies.ProgramEdit) (programAnswer, error) {
	if err := in.Validate(); err != nil {
		return programAnswer{}, err
	}
	if err := s.sessionsFit(r.Context(), ref.Program, in.JP, time.Time{}, time.Time{}, nil); err != nil {
		return programAnswer{}, err
	}
	return s.sendProgramChange(r.Context(), r, ref, policies.ProgramEditAct, workflows.Request{ProgramEdit: &in})
}

func (s *Server) rescheduleProgram(r *http.Request, ref programRef, in policies.ProgramReschedule) (programAnswer, error) {
	if err := in.Validate(time.Now()); err != nil {
		return programAnswer{}, err
	}
	if err := s.sessionsFit(r.Context(), ref.Program, 0, in.StartsAt, in.EndsAt, ref.Policy.RegionZone.Location()); err != nil {
		return programAnswer{}, err
	}
	return s.sendProgramChange(r.Context(), r, ref, policies.ProgramRescheduleAct, workflows.Request{Reschedule: &in, Reason: in.Reason})
}

// sessionsFit refuses a change its sessions would no longer fit (their JP
// over jp; a session outside the days from–to in the region's zone).
func (s *Server) sessionsFit(ctx context.Context, prog policies.Program, jp int, from, to time.Time, loc *time.Location) error {
	ss, err := s.store.ProgramSessions(ctx, prog.ID)
	if err != nil || len(ss) == 0 {
		return err
	}
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format(time.DateOnly)
	}
	return policies.SessionsFit(ss, jp, day(from), day(to))
}

func (s *Server) cancelProgram(r *http.Request, ref programRef, in policies.ProgramCancel) (programAnswer, error) {
	if err := in.Validate(); err != nil {
		return programAnswer{}, err
	}
	return s.sendProgramChange(r.Context(), r, ref, policies.ProgramCancelAct, workflows.Request{Reason: in.Reason})
}

// saveProgramBudget records the budget and realisation, warning (not
// refusing) when the realisation exceeds the budget.
func (s *Server) saveProgramBudget(r *http.Request, ref programRef, in policies.ProgramBudget) (programAnswer, error) {
	if err := in.Validate(); err != nil {
		return programAnswer{}, err
	}
	prog, err := s.store.SetProgramBudget(r.Context(), ref.Program.ID, viewerOf(r).User.ID, in)
	if err != nil {
		return programAnswer{}, err
	}
	out := programAnswer{Program: prog}
	if in.OverBudget() {
		out.Warning = messages[readerLanguage(r)]["program_over_budget"]
	}
	return out, nil
}

// readerLanguage is the reader's language, as language reads it, for an
// answer that sets no cookie.
func readerLanguage(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == i18n.ID || l == i18n.EN {
		return l
	}
	if c, err := r.Cookie("lang"); err == nil && c.Value == i18n.EN {
		return i18n.EN
	}
	return i18n.ID
}

// The forms: dates in the policy's region's zone, rupiah as digits (dots
// and spaces as thousands marks are allowed).

func programEditFromForm(r *http.Request) (policies.ProgramEdit, error) {
	jp, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("jp")))
	if err != nil {
		return policies.ProgramEdit{}, policies.FieldError("jp", "JP harus angka")
	}
	target := 0
	if t := strings.TrimSpace(r.PostFormValue("target_participants")); t != "" {
		if target, err = strconv.Atoi(t); err != nil {
			return policies.ProgramEdit{}, policies.FieldError("target_participants", "target peserta harus angka")
		}
	}
	return policies.ProgramEdit{Kind: policies.ProgramKind(r.PostFormValue("kind")), Title: r.PostFormValue("title"),
		Partner: r.PostFormValue("partner"), JP: jp, TargetParticipants: target}, nil
}

// rescheduleForm is the reschedule form as typed: dates (TTTT-BB-HH) in
// the zone of the policy's region, read by rescheduleFromPage.
type rescheduleForm struct{ StartsOn, EndsOn, Reason string }

func rescheduleFromForm(r *http.Request) (rescheduleForm, error) {
	return rescheduleForm{r.PostFormValue("starts_at"), r.PostFormValue("ends_at"), r.PostFormValue("reason")}, nil
}

// rescheduleFromPage reads the form's dates in the zone of the policy's
// region (the end at 17:00 of its day, as a planned program's) and
// reschedules.
func (s *Server) rescheduleFromPage(r *http.Request, ref programRef, f rescheduleForm) (programAnswer, error) {
	loc := ref.Policy.RegionZone.Location()
	in := policies.ProgramReschedule{Reason: f.Reason}
	for _, d := range []struct {
		name, value string
		to          *time.Time
	}{{"starts_at", f.StartsOn, &in.StartsAt}, {"ends_at", f.EndsOn, &in.EndsAt}} {
		t, err := time.ParseInLocation("2006-01-02", d.value, loc)
		if err != nil {
			return programAnswer{}, policies.FieldError(d.name, "tanggal tidak sah (TTTT-BB-HH)")
		}
		*d.to = t
	}
	in.EndsAt = in.EndsAt.Add(17 * time.Hour)
	return s.rescheduleProgram(r, ref, in)
}

func programCancelFromForm(r *http.Request) (policies.ProgramCancel, error) {
	return policies.ProgramCancel{Reason: r.PostFormValue("reason")}, nil
}

func programBudgetFromForm(r *http.Request) (policies.ProgramBudget, error) {
	var b policies.ProgramBudget
	for _, f := range []struct {
		name string
		to   *int64
	}{{"budget", &b.Budget}, {"realisation", &b.Realisation}} {
		v := strings.NewReplacer(".", "", " ", "", "Rp", "", "rp", "").Replace(strings.TrimSpace(r.PostFormValue(f.name)))
		if v == "" {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return b, policies.FieldError(f.name, "harus rupiah bulat tanpa desimal")
		}
		*f.to = n
	}
	return b, nil
}

// programPageSays goes back to the program page saying what was done (and
// warning of a realisation over budget).
func programPageSays[In any](lang string, _ In, out programAnswer) string {
	key := doneKey("program_saved")
	if out.Warning != "" {
		key = doneKey("program_over_budget")
	}
	return saying(fmt.Sprintf("/policies/%d/programs/%d", out.Program.PolicyID, out.Program.ID), key)
}

// programLifeData is what the program page shows of its life: whether it
// may still change, its dates for the reschedule form, its budget.
func programLifeData(prog policies.Program) map[string]any {
	_, err := policies.CheckProgramAction(prog.Status, policies.ProgramEditAct)
	b := prog.BudgetOf()
	return map[string]any{"Changeable": err == nil, "RequestID": randomToken(), "Kinds": programKinds,
		"StartsOn": prog.StartsOn.Format("2006-01-02"), "EndsOn": prog.EndsOn.Format("2006-01-02"),
		"OverBudget": b.OverBudget(), "RealisationPercent": b.RealisationPercent()}
}

// programChangePages and programChangeAPI are the routes of a program's changes.
func programChangePages() []pageRoute {
	return []pageRoute{
		{"POST", "/policies/{id}/programs/{pid}/edit", recorders, formSaysOn((*Server).programToChange, programEditFromForm, (*Server).editProgram, programPageSays)},
		{"POST", "/policies/{id}/programs/{pid}/reschedule", recorders, formSaysOn((*Server).programToChange, rescheduleFromForm, (*Server).rescheduleFromPage, programPageSays)},
		{"POST", "/policies/{id}/programs/{pid}/cancel", recorders, formSaysOn((*Server).programToChange, programCancelFromForm, (*Server).cancelProgram, programPageSays)},
		{"POST", "/policies/{id}/programs/{pid}/budget", recorders, formSaysOn((*Server).programToChange, programBudgetFromForm, (*Server).saveProgramBudget, programPageSays)},
		{"POST", "/policies/{id}/programs/{pid}/participants/{paid}/remove", recorders, formSaysOn((*Server).programToChange, participantRemovalFromForm, (*Server).removeParticipant, participantRemovedSays)},
	}
}

func programChangeAPI() []apiRoute {
	return []apiRoute{
		{"POST", "/policies/{id}/programs/{pid}/edit", "Ubah program (judul, jenis, mitra, JP, target peserta)", recorders, apiWriteOn(http.StatusOK, (*Server).programToChange, (*Server).editProgram), policies.ProgramEdit{}},
		{"POST", "/policies/{id}/programs/{pid}/reschedule", "Jadwalkan ulang program (alasan wajib); pemberitahuan diatur ulang dan peserta diberi tahu", recorders, apiWriteOn(http.StatusOK, (*Server).programToChange, (*Server).rescheduleProgram), policies.ProgramReschedule{}},
		{"POST", "/policies/{id}/programs/{pid}/cancel", "Batalkan program (alasan wajib); peserta diberi tahu", recorders, apiWriteOn(http.StatusOK, (*Server).programToChange, (*Server).cancelProgram), policies.ProgramCancel{}},
		{"POST", "/policies/{id}/programs/{pid}/participants/{paid}/remove", "Keluarkan peserta dari program (alasan wajib); tercatat di riwayat audit", recorders, apiWriteOn(http.StatusOK, (*Server).programToChange, (*Server).removeParticipant), policies.ParticipantRemoval{}},
		{"POST", "/policies/{id}/programs/{pid}/budget", "Catat pagu dan realisasi program (rupiah); realisasi di atas pagu diberi peringatan", recorders, apiWriteOn(http.StatusOK, (*Server).programToChange, (*Server).saveProgramBudget), policies.ProgramBudget{}},
	}
}
