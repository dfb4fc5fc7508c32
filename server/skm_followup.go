package server

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
)

// Rencana tindak lanjut: for each element of a unit's SKM below the
// policy's threshold, the unit's officers record a follow-up (action,
// owner, due date) and keep its status; the unit is reminded until it is
// done (workflows.FollowUpWorkflow). Shown on the calculation table.

// followUpPages are the forms that record a follow-up and change its status.
func followUpPages() []pageRoute {
	return []pageRoute{
		{"POST", "/policies/{id}/evaluations/{round}/units/{unit}/followups", officer, (*Server).handleFollowUpCreate},
		{"POST", "/policies/{id}/evaluations/{round}/units/{unit}/followups/{fid}/status", officer, (*Server).handleFollowUpStatus},
	}
}

// followUpRow is a weak element with its follow-up, if recorded.
type followUpRow struct {
	Code, Label string
	Score       float64
	FollowUp    *policies.SKMFollowUp
}

// followUpRows pairs the table's weak elements with their follow-ups.
func followUpRows(t evaluation.SKMTable, fs []policies.SKMFollowUp, T map[string]string) []followUpRow {
	var out []followUpRow
	for _, r := range t.Rows {
		if !r.Weak {
			continue
		}
		row := followUpRow{Code: r.Code, Label: T["skm_el_"+r.Code], Score: r.Score}
		for i := range fs {
			if fs[i].Element == r.Code {
				row.FollowUp = &fs[i]
			}
		}
		out = append(out, row)
	}
	return out
}

// keepsFollowUps reports whether the viewer records the unit's follow-ups:
// an officer of that unit.
func keepsFollowUps(v *viewer, unitID int64) bool {
	return v.Is(policies.RoleUnitOfficer) && v.User.UnitID != nil && *v.User.UnitID == unitID
}

// followUpUnit reads the URL's recorded SKM and checks that the viewer
// keeps its unit's follow-ups (403 for another unit's officer).
func (s *Server) followUpUnit(r *http.Request) (policies.PolicySummary, skmTableView, error) {
	p, v, err := s.skmTableOf(r)
	if err != nil {
		return p, v, err
	}
	if !keepsFollowUps(viewerOf(r), v.UnitID) {
		return p, v, policies.Errorf(policies.KindForbidden, "hanya petugas unit ini yang mencatat tindak lanjutnya")
	}
	return p, v, nil
}

// followUpSaid is the table again, saying msg.
func followUpSaid(p policies.PolicySummary, v skmTableView, msg string) string {
	return fmt.Sprintf("/policies/%d/evaluations/%d/units/%d/skm?done=%s#followups", p.ID, v.Round, v.UnitID, urlQueryEscape(msg))
}

// dueStart is the start of a due date in the region's zone.
func dueStart(due time.Time, zone policies.TimeZone) time.Time {
	return time.Date(due.Year(), due.Month(), due.Day(), 0, 0, 0, 0, zone.Location())
}

// handleFollowUpCreate records a follow-up of a weak element and starts
// its reminders.
func (s *Server) handleFollowUpCreate(w http.ResponseWriter, r *http.Request) error {
	p, v, err := s.followUpUnit(r)
	if err != nil {
		return err
	}
	in := policies.FollowUpInput{Element: r.PostFormValue("element"), Action: r.PostFormValue("action"),
		Owner: r.PostFormValue("owner"), DueOn: r.PostFormValue("due_on")}
	due, err := in.Validate(time.Now().In(p.RegionZone.Location()))
	if err != nil {
		return err
	}
	if !slices.Contains(v.Table.WeakElements(), in.Element) {
		return policies.FieldError("element", "unsur %s tidak di bawah ambang: tidak perlu tindak lanjut", in.Element)
	}
	f, err := s.store.CreateFollowUp(r.Context(), p.ID, v.Round, v.UnitID, in, due, viewerOf(r).User.ID)
	if err != nil {
		return err
	}
	if err := s.lc.RemindFollowUp(r.Context(), f.ID, dueStart(f.DueOn, p.RegionZone)); err != nil {
		return err
	}
	http.Redirect(w, r, followUpSaid(p, v, messages[language(w, r)]["fu_saved"]), http.StatusSeeOther)
	return nil
}

// handleFollowUpStatus changes a follow-up's status; one not done is
// reminded again (its reminders start anew if they had ended).
func (s *Server) handleFollowUpStatus(w http.ResponseWriter, r *http.Request) error {
	p, v, err := s.followUpUnit(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "fid"), 10, 64)
	if err != nil || id <= 0 {
		return policies.Errorf(policies.KindNotFound, "tindak lanjut tidak ditemukan")
	}
	status := policies.FollowUpStatus(r.PostFormValue("status"))
	if !status.Valid() {
		return policies.FieldError("status", "status tindak lanjut harus planned, in_progress atau done")
	}
	f, err := s.store.FollowUpByID(r.Context(), id)
	if err != nil {
		return err
	}
	if f.PolicyID != p.ID || f.Round != v.Round || f.UnitID != v.UnitID {
		return policies.Errorf(policies.KindNotFound, "tindak lanjut tidak ditemukan")
	}
	if f, err = s.store.SetFollowUpStatus(r.Context(), p.ID, id, status, viewerOf(r).User.ID); err != nil {
		return err
	}
	if f.Status != policies.FollowUpDone {
		if err := s.lc.RemindFollowUp(r.Context(), f.ID, dueStart(f.DueOn, p.RegionZone)); err != nil {
			return err
		}
	}
	http.Redirect(w, r, followUpSaid(p, v, messages[language(w, r)]["fu_status_saved"]), http.StatusSeeOther)
	return nil
}
