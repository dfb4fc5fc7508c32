package server

// A program's participants: recorded one by one or by CSV, all or nothing,
// never changing a completion (and so JP) silently; removed with a reason.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
)

// yesNoWord is a completion or an attendance as the CSV spells it.
func yesNoWord(b bool) string {
	if b {
		return "ya"
	}
	return "tidak"
}

// resolveParticipants turns parsed rows into participants, naming unknown unit codes by line.
func (s *Server) resolveParticipants(ctx context.Context, regionID int64, rows []evaluation.ParticipantRow) ([]policies.Participant, []evaluation.LineError, error) {
	units, err := s.store.Units(ctx, regionID)
	if err != nil {
		return nil, nil, err
	}
	byCode := map[string]int64{}
	for _, u := range units {
		byCode[u.Code] = u.ID
	}
	var out []policies.Participant
	var errs []evaluation.LineError
	for _, row := range rows {
		id, ok := byCode[strings.ToLower(row.Unit)]
		if !ok {
			errs = append(errs, evaluation.LineError{Line: row.Line, Field: "unit", Message: fmt.Sprintf("unit %q tidak dikenal di wilayah ini", row.Unit)})
			continue
		}
		out = append(out, policies.Participant{NIP: row.NIP, Name: row.Name, UnitID: id, Attended: row.Attended, Completed: row.Completed})
	}
	return out, errs, nil
}

// importParticipants parses a CSV and saves it whole, or refuses it
// naming every bad line (a refusal with its lines) and saves nothing: the
// page's form and file and the API's CSV body alike.
//
// A line that would change a held participant's completion (and so their
// JP) refuses the whole file (409, naming the lines) unless the request
// confirms it: the form's confirm_completion box, the API's
// ?confirm_completion=1.
func (s *Server) importParticipants(r *http.Request, p policies.PolicySummary, prog policies.Program, data []byte) (int, error) {
	confirm := r.FormValue("confirm_completion") == "on" || r.FormValue("confirm_completion") == "1"
	n, lineErrs, err := s.saveParticipants(r.Context(), viewerOf(r), p, prog, data, confirm)
	if len(lineErrs) > 0 {
		return 0, &refusal{err: &policies.Error{Kind: policies.KindOf(err), Field: "file", Message: err.Error()}, lines: lineErrs}
	}
	return n, err
}

// saveParticipants checks every line of a CSV and saves it whole, or
// returns the bad lines and saves nothing.
func (s *Server) saveParticipants(ctx context.Context, v *viewer, p policies.PolicySummary, prog policies.Program, data []byte, confirm bool) (int, []evaluation.LineError, error) {
	if !mayRecord(v, prog) {
		return 0, nil, errMayNotRecord
	}
	if err := csvText(data); err != nil {
		return 0, nil, err
	}
	rows, lineErrs, err := evaluation.ParseParticipants(bytes.NewReader(data))
	if err != nil {
		return 0, nil, err
	}
	ps, unitErrs, err := s.resolveParticipants(ctx, p.RegionID, rows)
	if err != nil {
		return 0, nil, err
	}
	lineErrs = append(lineErrs, unitErrs...)
	held, err := s.store.Participants(ctx, prog.ID)
	if err != nil {
		return 0, nil, err
	}
	lines := map[string]int{}
	for _, row := range rows {
		lines[row.NIP] = row.Line
	}
	// A unit officer records their own unit's people only: neither a
	// trainee of another unit nor, by NIP, a record another unit holds.
	if v.Is(policies.RoleUnitOfficer) {
		unitOf := map[string]int64{}
		for _, h := range held {
			unitOf[h.NIP] = h.UnitID
		}
		for _, pp := range ps {
			if !v.InUnit(pp.UnitID) {
				lineErrs = append(lineErrs, evaluation.LineError{Line: lines[pp.NIP], Field: "unit", Message: "petugas unit hanya mencatat peserta dari unitnya sendiri"})
			} else if u, ok := unitOf[pp.NIP]; ok && u != pp.UnitID {
				lineErrs = append(lineErrs, evaluation.LineError{Line: lines[pp.NIP], Field: "nip", Message: "NIP ini tercatat sebagai peserta unit lain"})
			}
		}
	}
	if len(lineErrs) > 0 {
		return 0, lineErrs, policies.Errorf(policies.KindInvalid, "%d baris bermasalah; tidak ada yang disimpan", len(lineErrs))
	}
	// A change of completion changes JP: never silently.
	if !confirm {
		for _, d := range policies.DiffParticipants(held, ps) {
			if d.CompletionChanged() {
				lineErrs = append(lineErrs, evaluation.LineError{Line: lines[d.After.NIP], Field: "lulus",
					Message: fmt.Sprintf("kelulusan NIP %s berubah (%s → %s), sehingga JP-nya berubah", d.After.NIP, yesNoWord(d.Before.Completed), yesNoWord(d.After.Completed))})
			}
		}
		if len(lineErrs) > 0 {
			return 0, lineErrs, policies.Errorf(policies.KindConflict,
				"%d baris mengubah kelulusan peserta yang sudah tercatat; tidak ada yang disimpan. Kirim lagi dengan konfirmasi perubahan kelulusan untuk menyimpannya", len(lineErrs))
		}
	}
	n, err := s.store.SaveParticipants(ctx, prog.ID, v.User.ID, ps)
	return n, nil, err
}

// handleParticipantAdd records one participant from the form (as a one-line CSV, so the same checks apply).
func (s *Server) handleParticipantAdd(w http.ResponseWriter, r *http.Request) error {
	p, prog, err := s.loadProgram(r)
	if err != nil {
		return err
	}
	yes := func(name string) string {
		if r.PostFormValue(name) == "on" {
			return "ya"
		}
		return "tidak"
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "nip;nama;unit;hadir;lulus\n%s;%s;%s;%s;%s\n", csvField(r.PostFormValue("nip")), csvField(r.PostFormValue("name")),
		csvField(r.PostFormValue("unit")), yes("attended"), yes("completed"))
	s.finishImport(w, r, p, prog, b.Bytes())
	return nil
}

func (s *Server) handleParticipantImport(w http.ResponseWriter, r *http.Request) error {
	p, prog, err := s.loadProgram(r)
	if err != nil {
		return err
	}
	if !mayRecord(viewerOf(r), prog) {
		return errMayNotRecord
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		s.renderProgram(w, r, http.StatusUnprocessableEntity, nil, "berkas CSV wajib dipilih")
		return nil
	}
	defer f.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(f); err != nil {
		return err
	}
	s.finishImport(w, r, p, prog, b.Bytes())
	return nil
}

// finishImport imports the page's CSV and goes back to the program saying
// they were saved, or shows the program again with every bad line.
func (s *Server) finishImport(w http.ResponseWriter, r *http.Request, p policies.PolicySummary, prog policies.Program, data []byte) {
	_, err := s.importParticipants(r, p, prog, data)
	if rf := (*refusal)(nil); errors.As(err, &rf) && len(rf.lines) > 0 {
		s.renderProgram(w, r, statusOf(rf.err.Kind), rf.lines, rf.err.Message)
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, saying(fmt.Sprintf("/policies/%d/programs/%d", p.ID, prog.ID), "done_participants_saved"), http.StatusSeeOther)
}

// handleAPIParticipantsImport takes a CSV body (text/csv) and saves it whole,
// or answers 422 with every bad line and saves nothing.
func (s *Server) handleAPIParticipantsImport(w http.ResponseWriter, r *http.Request) error {
	p, prog, err := s.loadProgram(r)
	if err != nil {
		return err
	}
	data, err := readCSV(w, r, maxBody)
	if err != nil {
		return err
	}
	n, err := s.importParticipants(r, p, prog, data)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"saved": n})
	return nil
}

// participantRemoved answers a removal: the participation as it now is.
type participantRemoved struct {
	Participant policies.Participant `json:"participant"`
	policyID    int64
}

// removeParticipant removes one of the program's participants for a
// reason: a unit officer only their own unit's (403), a participant of
// another program is absent (404).
func (s *Server) removeParticipant(r *http.Request, ref programRef, in policies.ParticipantRemoval) (participantRemoved, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "paid"), 10, 64)
	if err != nil {
		return participantRemoved{}, policies.Errorf(policies.KindNotFound, "peserta tidak ditemukan")
	}
	ps, err := s.store.Participants(r.Context(), ref.Program.ID)
	if err != nil {
		return participantRemoved{}, err
	}
	i := slices.IndexFunc(ps, func(p policies.Participant) bool { return p.ID == id })
	if i < 0 {
		return participantRemoved{}, policies.Errorf(policies.KindNotFound, "peserta tidak ditemukan")
	}
	v := viewerOf(r)
	if !v.SeesPersonalData(ref.Policy.RegionID, ps[i].UnitID) {
		return participantRemoved{}, policies.Errorf(policies.KindForbidden, "petugas unit hanya mengeluarkan peserta dari unitnya sendiri")
	}
	if err := in.Validate(); err != nil {
		return participantRemoved{}, err
	}
	p, err := s.store.RemoveParticipant(r.Context(), ref.Program.ID, id, v.User.ID, in.Reason)
	return participantRemoved{p, ref.Policy.ID}, err
}

func participantRemovalFromForm(r *http.Request) (policies.ParticipantRemoval, error) {
	return policies.ParticipantRemoval{Reason: r.PostFormValue("reason")}, nil
}

// participantRemovedSays goes back to the program page saying so.
func participantRemovedSays(lang string, _ policies.ParticipantRemoval, out participantRemoved) string {
	return saying(fmt.Sprintf("/policies/%d/programs/%d", out.policyID, out.Participant.ProgramID), doneKey("participant_removed"))
}
