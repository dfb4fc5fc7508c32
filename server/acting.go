package server

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// Acting officials (Plt., Plh.) as Indonesian offices appoint them: by the
// official themself (a leader, for their own office) or by the region's
// administrator, for a period, with the number and date of the mandate
// letter. An appointment covers every approval in its period: when its
// acting official decides "on behalf of" the principal, the server finds it
// here and passes it to the approval workflow (Request.Acting), which
// accepts the decision only inside the period.

// actingRoles may appoint: the region's administrator for anyone of the
// region, a leader for their own office.
var actingRoles = []policies.Role{policies.RoleAdmin, policies.RoleLeader}

// actingScope is the region and, for a leader, the person whose
// appointments the viewer manages (0: the whole region).
func (s *Server) actingScope(r *http.Request) (policies.Region, int64, error) {
	v := viewerOf(r)
	if v.RegionID() == 0 {
		return policies.Region{}, 0, policies.Errorf(policies.KindForbidden, "Anda tidak termasuk wilayah mana pun")
	}
	reg, err := s.store.RegionByID(r.Context(), v.RegionID())
	if err != nil {
		return reg, 0, err
	}
	if v.User.Role == policies.RoleAdmin {
		return reg, 0, nil
	}
	return reg, v.User.ID, nil
}

// appointments are the appointments the viewer manages, listed by the
// page and by GET /api/v1/acting (which answers the list).
type appointments struct {
	actingList
	region policies.Region
	self   int64 // the leader whose appointments these are; 0: the whole region's
}

// listActing reads the appointments the viewer manages (page and API).
func (s *Server) listActing(r *http.Request) (appointments, error) {
	reg, self, err := s.actingScope(r)
	if err != nil {
		return appointments{}, err
	}
	as, err := s.store.ActingAppointments(r.Context(), reg.ID, self)
	return appointments{actingList{Appointments: as}, reg, self}, err
}

// appoint proposes an appointment (page and API): it takes effect when a
// second person confirms it, the principal or another administrator
// (changes.go); a leader proposes only for their own office, and an
// administrator then confirms it.
func (s *Server) appoint(r *http.Request, in policies.ActingInput) (policies.PendingChange, error) {
	_, self, err := s.actingScope(r)
	if err != nil {
		return policies.PendingChange{}, err
	}
	if self != 0 && in.PrincipalID == 0 {
		in.PrincipalID = self // a leader appoints for their own office
	}
	if self != 0 && in.PrincipalID != self {
		return policies.PendingChange{}, policies.Errorf(policies.KindForbidden, "pimpinan hanya dapat menunjuk Plt./Plh. untuk jabatannya sendiri")
	}
	if err := in.Validate(); err != nil {
		return policies.PendingChange{}, err
	}
	return s.propose(r, policies.ChangeActing, 0, in)
}

// revokeActing revokes the appointment of the URL (page and API).
func (s *Server) revokeActing(r *http.Request, _ struct{}) (policies.ActingAppointment, error) {
	reg, self, err := s.actingScope(r)
	if err != nil {
		return policies.ActingAppointment{}, err
	}
	id, err := pathID(r, "aid")
	if err != nil {
		return policies.ActingAppointment{}, err
	}
	return s.store.RevokeActing(r.Context(), reg.ID, viewerOf(r).User.ID, self, id, time.Now())
}

func (s *Server) handleActing(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	as, err := s.listActing(r)
	if err != nil {
		return err
	}
	people, err := s.store.RegionPeople(r.Context(), as.region.ID)
	if err != nil {
		return err
	}
	pending, err := s.pendingOn(r, lang, "", policies.ChangeActing)
	if err != nil {
		return err
	}
	today := time.Now().In(as.region.TimeZone.Location()).Format(time.DateOnly)
	// ?principal= fills in the office to fill (the operations console's
	// link for an approver who is gone); anything else chooses nothing.
	principal, _ := strconv.ParseInt(r.URL.Query().Get("principal"), 10, 64)
	s.render(w, r, lang, http.StatusOK, "admin_acting", map[string]any{"Title": messages[lang]["acting_title"], "Region": as.region,
		"Appointments": as.Appointments, "People": people, "Self": as.self, "Today": today, "Pending": pending, "Saved": r.URL.Query().Get("saved") != "",
		"Principal": principal})
	return nil
}

func actingFromForm(r *http.Request) (policies.ActingInput, error) {
	in := policies.ActingInput{Kind: policies.ActingKind(r.PostFormValue("kind")), LetterNumber: r.PostFormValue("letter_number"),
		LetterDate: r.PostFormValue("letter_date"), StartsOn: r.PostFormValue("starts_on"), EndsOn: r.PostFormValue("ends_on")}
	var err error
	if in.PrincipalID, err = formID(r, "principal_id"); err != nil {
		return in, err
	}
	in.ActingID, err = formID(r, "acting_id")
	return in, err
}

// actingFor finds the standing appointment of actor as Plt./Plh. for
// principal, for the workflow to judge against its clock: the one covering
// today in the region's zone, else the latest (the workflow refuses it,
// naming its period); nil when there is none.
func (s *Server) actingFor(ctx context.Context, regionID, principal, actor int64) (*workflows.ActingAppointment, error) {
	reg, err := s.store.RegionByID(ctx, regionID)
	if err != nil {
		return nil, err
	}
	zone := reg.TimeZone.Location()
	a, err := s.store.ActingFor(ctx, principal, actor, time.Now().In(zone))
	if policies.IsKind(err, policies.KindNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if a.RegionID != regionID {
		return nil, nil
	}
	if a, err = s.withinMandate(ctx, reg, a); err != nil {
		return nil, err
	}
	from, until := a.Period(zone)
	return &workflows.ActingAppointment{ID: a.ID, PrincipalID: a.PrincipalID, Kind: a.Kind,
		LetterNumber: a.LetterNumber, From: from, Until: until}, nil
}

// withinMandate refuses a decision the region's rules for acting
// officials do not allow the appointment (its office may not stand in, or
// approving is barred to its kind), and ends its period where the rules'
// term does, so the workflow refuses a decision past it.
func (s *Server) withinMandate(ctx context.Context, reg policies.Region, a policies.ActingAppointment) (policies.ActingAppointment, error) {
	rules, err := s.store.ActingRules(ctx, reg.ID)
	if err != nil {
		return a, err
	}
	u := policies.ActingUse{RegionName: reg.Name, PrincipalTitle: a.PrincipalJob, ActingTitle: a.ActingJob, ActingName: a.Acting,
		Kind: a.Kind, StartsOn: a.StartsOn, EndsOn: a.EndsOn, Field: "on_behalf_of"}
	if err := rules.CheckStandIn(u); err != nil {
		return a, err
	}
	if err := rules.CheckAct(policies.ActingActApprove, policies.SignCapacity(a.Kind), "on_behalf_of"); err != nil {
		return a, err
	}
	if last, ok := rules.TermEnd(a.Kind, a.StartsOn); ok && last.Before(a.EndsOn) {
		a.EndsOn = last
	}
	return a, nil
}

// firstAwaited is the first of the principals a person is Plt./Plh. for
// (actingOffices) among awaiting, 0 for none: the approval page and the
// dashboard offer them the decision on that principal's behalf.
func firstAwaited(offices, awaiting []int64) int64 {
	for _, principal := range offices {
		if slices.Contains(awaiting, principal) {
			return principal
		}
	}
	return 0
}

// actingOffices are the principals the person is Plt./Plh. for now, by
// their unrevoked appointments within the region's rules (none on a read
// error: nobody decides on another's behalf by default).
func (s *Server) actingOffices(ctx context.Context, regionID, userID int64) []int64 {
	reg, err := s.store.RegionByID(ctx, regionID)
	if err != nil {
		return nil
	}
	as, err := s.store.ActingAppointments(ctx, regionID, userID)
	if err != nil {
		return nil
	}
	now := time.Now()
	var out []int64
	for _, a := range as {
		if a.ActingID != userID || a.RevokedAt != nil {
			continue
		}
		if a, err = s.withinMandate(ctx, reg, a); err != nil {
			continue // the rules do not let them decide: not offered
		}
		if from, until := a.Period(reg.TimeZone.Location()); !now.Before(from) && now.Before(until) {
			out = append(out, a.PrincipalID)
		}
	}
	return out
}
