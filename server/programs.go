package server

import (
	"maps"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
)

// programPlan is workflows.ProgramPlan as clients spell it in JSON (the
// workflow's type has no JSON names: its fields are Temporal's payload). It
// is converted to it whole, never copied field by field, so the compiler
// refuses the day the two differ.
type programPlan struct {
	UnitID             int64                `json:"unit_id"`
	Kind               policies.ProgramKind `json:"kind"`
	Title              string               `json:"title"`
	Partner            string               `json:"partner" required:"false"`
	StartsAt           time.Time            `json:"starts_at"`
	EndsAt             time.Time            `json:"ends_at"`
	JP                 int                  `json:"jp"`
	TargetParticipants int                  `json:"target_participants" required:"false"`
}

// programFromForm reads a planned program's fields (dates in the
// policy's region's zone, loc).
func programFromForm(r *http.Request, in *actionInput, loc *time.Location) error {
	if r.PostFormValue("program_title") == "" && r.PostFormValue("program_kind") == "" {
		return nil
	}
	unit, err := strconv.ParseInt(r.PostFormValue("program_unit_id"), 10, 64)
	if err != nil {
		return policies.FieldError("unit_id", "unit penyelenggara wajib dipilih")
	}
	day := func(name string) (time.Time, error) {
		t, err := time.ParseInLocation("2006-01-02", r.PostFormValue(name), loc)
		if err != nil {
			return t, policies.FieldError(strings.TrimPrefix(name, "program_"), "tanggal tidak sah")
		}
		return t, nil
	}
	starts, err := day("program_starts_at")
	if err != nil {
		return err
	}
	ends, err := day("program_ends_at")
	if err != nil {
		return err
	}
	jp, err := strconv.Atoi(r.PostFormValue("program_jp"))
	if err != nil {
		return policies.FieldError("jp", "JP harus angka")
	}
	target, _ := strconv.Atoi(r.PostFormValue("program_target"))
	in.Program = &programPlan{unit, policies.ProgramKind(r.PostFormValue("program_kind")), strings.TrimSpace(r.PostFormValue("program_title")),
		strings.TrimSpace(r.PostFormValue("program_partner")), starts, ends.Add(17 * time.Hour), jp, target}
	return nil
}

// programKinds are the program forms the seeds name, with their Indonesian names.
var programKinds = []struct{ Kind, Name string }{
	{"pelatihan", "Pelatihan"}, {"workshop", "Workshop (dengan perguruan tinggi)"}, {"seminar", "Seminar"},
	{"lokakarya", "Lokakarya"}, {"e_learning", "E-learning / daring"}, {"mentoring", "Mentoring senior–junior"},
	{"soft_skills", "Soft skills (komunikasi, kepemimpinan)"},
}

// programsOf is the URL's policy, of the viewer's region, and its programs.
func (s *Server) programsOf(r *http.Request) (policies.PolicySummary, []policies.Program, error) {
	return regionPolicyWith(s, r, s.store.Programs)
}

func (s *Server) handlePrograms(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	p, progs, err := s.programsOf(r)
	if err != nil {
		return err
	}
	units, err := s.store.Units(r.Context(), p.RegionID)
	if err != nil {
		return err
	}
	s.render(w, r, lang, http.StatusOK, "programs", map[string]any{"Title": p.Title, "Policy": p, "Programs": progs,
		"Units": units, "Kinds": programKinds, "Actions": s.actionsFor(viewerOf(r), p, nil), "Done": doneText(r, lang)})
	return nil
}

// programList is the URL's policy's programs, for the API.
func (s *Server) programList(r *http.Request) (map[string]any, error) {
	_, progs, err := s.programsOf(r)
	if err != nil {
		return nil, err
	}
	if progs == nil {
		progs = []policies.Program{}
	}
	return map[string]any{"programs": progs}, nil
}

// loadProgram reads a program of the policy in the URL.
func (s *Server) loadProgram(r *http.Request) (policies.PolicySummary, policies.Program, error) {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return p, policies.Program{}, err
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "pid"), 10, 64)
	if err != nil {
		return p, policies.Program{}, policies.Errorf(policies.KindNotFound, "program tidak ditemukan")
	}
	prog, err := s.store.ProgramByID(r.Context(), id)
	if err != nil || prog.PolicyID != p.ID {
		return p, prog, policies.Errorf(policies.KindNotFound, "program tidak ditemukan")
	}
	return p, prog, nil
}

// errPersonalData refuses civil servants' personal data to those who do not need it.
var errPersonalData = policies.Errorf(policies.KindForbidden,
	"data pribadi ASN (nama, NIP, kehadiran) hanya untuk penyusun BKPSDM dan petugas unit peserta")

// visibleParticipants keeps the participants whose personal data the viewer
// may read: all of them for the region's drafters, those of their own unit
// for unit officers, none for anyone else.
func visibleParticipants(v *viewer, regionID int64, ps []policies.Participant) []policies.Participant {
	var out []policies.Participant
	for _, p := range ps {
		if v.SeesPersonalData(regionID, p.UnitID) {
			out = append(out, p)
		}
	}
	return out
}

// errMayNotRecord refuses attendance to those who do not record it.
var errMayNotRecord = policies.Errorf(policies.KindForbidden, "hanya penyusun atau petugas unit penyelenggara yang mencatat kehadiran")

// mayRecord says whether the viewer records attendance of a program: the
// drafter, or an officer of the organising unit.
func mayRecord(v *viewer, prog policies.Program) bool {
	return v.Is(policies.RoleDrafter) || (v.Is(policies.RoleUnitOfficer) && v.User.UnitID != nil && *v.User.UnitID == prog.UnitID)
}

func (s *Server) handleProgram(w http.ResponseWriter, r *http.Request) error {
	s.renderProgram(w, r, http.StatusOK, nil, "")
	return nil
}

func (s *Server) renderProgram(w http.ResponseWriter, r *http.Request, status int, lineErrs []evaluation.LineError, msg string) {
	lang := language(w, r)
	p, prog, err := s.loadProgram(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ps, err := s.participantsOf(r, p, prog)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	units, _ := s.store.Units(r.Context(), p.RegionID)
	data := map[string]any{"Title": prog.Title, "Policy": p, "Program": prog, "Participants": ps,
		"Units": units, "MayRecord": mayRecord(viewerOf(r), prog), "LineErrors": lineErrs, "Error": msg,
		"Done": doneText(r, lang)}
	maps.Copy(data, programLifeData(prog))
	sd, err := s.sessionData(r.Context(), prog)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	maps.Copy(data, sd)
	s.render(w, r, lang, status, "program", data)
}

// participantsOf reads the program's participants whose personal data
// the viewer may read (the page and the API).
func (s *Server) participantsOf(r *http.Request, p policies.PolicySummary, prog policies.Program) ([]policies.Participant, error) {
	ps, err := s.store.Participants(r.Context(), prog.ID)
	if err != nil {
		return nil, err
	}
	return visibleParticipants(viewerOf(r), p.RegionID, ps), nil
}

// participantList is the program's participants, for the API: refused
// outright to a role that never reads personal data.
func (s *Server) participantList(r *http.Request) (map[string]any, error) {
	p, prog, err := s.loadProgram(r)
	if err != nil {
		return nil, err
	}
	if v := viewerOf(r); !v.Is(policies.RoleDrafter, policies.RoleUnitOfficer) {
		return nil, errPersonalData
	}
	ps, err := s.participantsOf(r, p, prog)
	if err != nil {
		return nil, err
	}
	if ps == nil {
		ps = []policies.Participant{}
	}
	return map[string]any{"participants": ps}, nil
}
