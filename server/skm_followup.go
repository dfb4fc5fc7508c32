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
		{"POST", "/policies/{id}/evaluations/{round}/units/{unit}/followups", officer,
			formSaysOn((*Server).followUpUnit, followUpFromForm, (*Server).createFollowUp, followUpSaid[policies.FollowUpInput]("fu_saved"))},
		{"POST", "/policies/{id}/evaluations/{round}/units/{unit}/followups/{fid}/status", officer,
			formSaysOn((*Server).followUpUnit, followUpStatusFromForm, (*Server).setFollowUpStatus, followUpSaid[followUpStatusInput]("fu_status_saved"))},
	}
}

// followUpAPIRoutes are the same writes and a unit's follow-ups, as JSON.
func followUpAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/policies/{id}/evaluations/{round}/units/{unit}/followups", "Rencana tindak lanjut unit untuk unsur SKM di bawah ambang pada satu putaran", signedIn, apiRead((*Server).followUps), nil},
		{"POST", "/policies/{id}/evaluations/{round}/units/{unit}/followups", "Catat tindak lanjut satu unsur SKM di bawah ambang (petugas unit itu); unit diingatkan sampai selesai", officer,
			apiWriteOn(http.StatusCreated, (*Server).followUpUnit, (*Server).createFollowUp), policies.FollowUpInput{}},
		{"POST", "/policies/{id}/evaluations/{round}/units/{unit}/followups/{fid}/status", "Ubah status tindak lanjut: planned, in_progress, done (petugas unit itu)", officer,
			apiWriteOn(http.StatusOK, (*Server).followUpUnit, (*Server).setFollowUpStatus), followUpStatusInput{}},
	}
}

// followUpTarget is the recorded SKM whose follow-ups a request keeps.
type followUpTarget struct {
	Policy policies.PolicySummary
	View   skmTableView
}

// followUpStatusInput is a follow-up's new status.
type followUpStatusInput struct {
	Status policies.FollowUpStatus `json:"status" doc:"planned, in_progress or done"`
}

func followUpFromForm(r *http.Request) (policies.FollowUpInput, error) {
	return policies.FollowUpInput{Element: r.PostFormValue("element"), Action: r.PostFormValue("action"),
		Owner: r.PostFormValue("owner"), DueOn: r.PostFormValue("due_on")}, nil
}

func followUpStatusFromForm(r *http.Request) (followUpStatusInput, error) {
	return followUpStatusInput{Status: policies.FollowUpStatus(r.PostFormValue("status"))}, nil
}

// followUpList is a unit's follow-ups of a round.
type followUpList struct {
	FollowUps []policies.SKMFollowUp `json:"follow_ups"`
}

// followUps reads a unit's follow-ups of a round (whoever reads its table).
func (s *Server) followUps(r *http.Request) (followUpList, error) {
	p, v, err := s.skmTableOf(r)
	if err != nil {
		return followUpList{}, err
	}
	fs, err := s.store.FollowUps(r.Context(), p.ID, v.Round, v.UnitID)
	return followUpList{fs}, err
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
// keeps its unit's follow-ups (403 for another unit's officer), before any
// body is read.
func (s *Server) followUpUnit(r *http.Request) (followUpTarget, error) {
	p, v, err := s.skmTableOf(r)
	if err != nil {
		return followUpTarget{}, err
	}
	if !keepsFollowUps(viewerOf(r), v.UnitID) {
		return followUpTarget{}, policies.Errorf(policies.KindForbidden, "hanya petugas unit ini yang mencatat tindak lanjutnya")
	}
	return followUpTarget{p, v}, nil
}

// followUpSaid is the table again, saying the message of key.
func followUpSaid[In any](key string) func(lang string, _ In, f policies.SKMFollowUp) string {
	return func(lang string, _ In, f policies.SKMFollowUp) string {
		return saying(fmt.Sprintf("/policies/%d/evaluations/%d/units/%d/skm#followups", f.PolicyID, f.Round, f.UnitID), key)
	}
}

// dueStart is the start of a due date in the region's zone.
func dueStart(due time.Time, zone policies.TimeZone) time.Time {
	return time.Date(due.Year(), due.Month(), due.Day(), 0, 0, 0, 0, zone.Location())
}

// createFollowUp records a follow-up of a weak element and starts its
// reminders (page and API).
func (s *Server) createFollowUp(r *http.Request, t followUpTarget, in policies.FollowUpInput) (policies.SKMFollowUp, error) {
	p, v := t.Policy, t.View
	due, err := in.Validate(time.Now().In(p.RegionZone.Location()))
	if err != nil {
		return policies.SKMFollowUp{}, err
	}
	if !slices.Contains(v.Table.WeakElements(), in.Element) {
		return policies.SKMFollowUp{}, policies.FieldError("element", "unsur %s tidak di bawah ambang: tidak perlu tindak lanjut", in.Element)
	}
	f, err := s.store.CreateFollowUp(r.Context(), p.ID, v.Round, v.UnitID, in, due, viewerOf(r).User.ID)
	if err != nil {
		return f, err
	}
	return f, s.lc.RemindFollowUp(r.Context(), f.ID, dueStart(f.DueOn, p.RegionZone))
}

// setFollowUpStatus changes a follow-up's status; one not done is reminded
// again (its reminders start anew if they had ended) (page and API).
func (s *Server) setFollowUpStatus(r *http.Request, t followUpTarget, in followUpStatusInput) (policies.SKMFollowUp, error) {
	p, v := t.Policy, t.View
	id, err := strconv.ParseInt(chi.URLParam(r, "fid"), 10, 64)
	if err != nil || id <= 0 {
		return policies.SKMFollowUp{}, policies.Errorf(policies.KindNotFound, "tindak lanjut tidak ditemukan")
	}
	if !in.Status.Valid() {
		return policies.SKMFollowUp{}, policies.FieldError("status", "status tindak lanjut harus planned, in_progress atau done")
	}
	f, err := s.store.FollowUpByID(r.Context(), id)
	if err != nil {
		return f, err
	}
	if f.PolicyID != p.ID || f.Round != v.Round || f.UnitID != v.UnitID {
		return policies.SKMFollowUp{}, policies.Errorf(policies.KindNotFound, "tindak lanjut tidak ditemukan")
	}
	if f, err = s.store.SetFollowUpStatus(r.Context(), p.ID, id, in.Status, viewerOf(r).User.ID); err != nil {
		return f, err
	}
	if f.Status != policies.FollowUpDone {
		return f, s.lc.RemindFollowUp(r.Context(), f.ID, dueStart(f.DueOn, p.RegionZone))
	}
	return f, nil
}
