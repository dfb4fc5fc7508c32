package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/openapi"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// formTime is how forms write a moment, in the policy's region's zone.
const formTime = "2006-01-02T15:04"

// actionInput is a lifecycle action's fields, from a form or JSON.
type actionInput struct {
	VersionNumber int       `json:"version_number,omitempty"`
	VersionSHA256 string    `json:"version_sha256,omitempty"`
	ClosesAt      time.Time `json:"closes_at,omitzero"`
	// OpensAt schedules the consultation to open then (open_consultation);
	// empty opens it now.
	OpensAt     time.Time `json:"opens_at,omitzero"`
	AllowPublic bool      `json:"allow_public,omitempty"`
	// ShowInvitedAtOnce: the invited stakeholders' comments show at once.
	ShowInvitedAtOnce bool         `json:"show_invited_at_once,omitempty"`
	InviteUserIDs     []int64      `json:"invite_user_ids,omitempty"`
	Reason            string       `json:"reason,omitempty"`
	OnBehalfOf        int64        `json:"on_behalf_of,omitempty"`
	DelegateTo        int64        `json:"delegate_to,omitempty"`
	DelegateUntil     time.Time    `json:"delegate_until,omitzero"`
	UnitIDs           []int64      `json:"unit_ids,omitempty"`
	Program           *programPlan `json:"program,omitempty"`
	// StartedOn (YYYY-MM-DD) is when implementation started, for a policy
	// implemented before it was recorded here.
	StartedOn string `json:"started_on,omitempty"`
	// GroupIDs are stakeholder groups whose members are invited too
	// (expanded here, in the policy's region: see inviteGroups).
	GroupIDs []int64 `json:"group_ids,omitempty"`
	// Acting is the actor's standing Plt./Plh. appointment for OnBehalfOf,
	// found in the record by act (never sent by a client).
	Acting *workflows.ActingAppointment `json:"-"`
}

// startedOn reads started_on as the day's start in the policy's region's
// zone (loc).
func (in actionInput) startedOn(loc *time.Location) (time.Time, error) {
	if in.StartedOn == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, in.StartedOn, loc)
	if err != nil {
		return t, policies.FieldError("started_on", "tanggal mulai pelaksanaan tidak sah (TTTT-BB-HH)")
	}
	return t, nil
}

// actionFromForm reads an action's fields from a posted form; its dates
// and times are in the policy's region's zone (loc).
func actionFromForm(r *http.Request, loc *time.Location) (actionInput, error) {
	var in actionInput
	atoi := func(name string) (int64, error) {
		v := r.PostFormValue(name)
		if v == "" {
			return 0, nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, policies.FieldError(name, "angka tidak sah")
		}
		return n, nil
	}
	when := func(name string) (time.Time, error) {
		v := r.PostFormValue(name)
		if v == "" {
			return time.Time{}, nil
		}
		t, err := time.ParseInLocation(formTime, v, loc)
		if err != nil {
			return t, policies.FieldError(name, "tanggal dan jam tidak sah")
		}
		return t, nil
	}
	var err error
	var n int64
	if n, err = atoi("version_number"); err != nil {
		return in, err
	}
	in.VersionNumber = int(n)
	in.VersionSHA256 = r.PostFormValue("version_sha256")
	if in.ClosesAt, err = when("closes_at"); err != nil {
		return in, err
	}
	if in.OpensAt, err = when("opens_at"); err != nil {
		return in, err
	}
	in.AllowPublic = r.PostFormValue("allow_public") == "on"
	in.ShowInvitedAtOnce = r.PostFormValue("show_invited_at_once") == "on"
	for _, v := range r.PostForm["invite_user_ids"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return in, policies.FieldError("invite_user_ids", "undangan tidak sah")
		}
		in.InviteUserIDs = append(in.InviteUserIDs, id)
	}
	if in.GroupIDs, err = formIDs(r, "group_ids"); err != nil {
		return in, err
	}
	in.Reason = strings.TrimSpace(r.PostFormValue("reason"))
	if in.OnBehalfOf, err = atoi("on_behalf_of"); err != nil {
		return in, err
	}
	if in.DelegateTo, err = atoi("delegate_to"); err != nil {
		return in, err
	}
	if in.DelegateUntil, err = when("delegate_until"); err != nil {
		return in, err
	}
	if err := programFromForm(r, &in, loc); err != nil {
		return in, err
	}
	in.StartedOn = strings.TrimSpace(r.PostFormValue("started_on"))
	for _, u := range r.PostForm["unit_ids"] {
		id, err := strconv.ParseInt(u, 10, 64)
		if err != nil {
			return in, policies.FieldError("unit_ids", "unit tidak sah")
		}
		in.UnitIDs = append(in.UnitIDs, id)
	}
	return in, nil
}

func (in actionInput) request(actor workflows.Actor) workflows.Request {
	req := workflows.Request{Actor: actor, VersionNumber: in.VersionNumber, VersionSHA256: in.VersionSHA256,
		ClosesAt: in.ClosesAt, OpensAt: in.OpensAt, InviteUserIDs: in.InviteUserIDs, AllowPublic: in.AllowPublic, ShowInvitedAtOnce: in.ShowInvitedAtOnce, Reason: in.Reason,
		OnBehalfOf: in.OnBehalfOf, DelegateTo: in.DelegateTo, DelegateUntil: in.DelegateUntil, UnitIDs: in.UnitIDs}
	if in.Program != nil {
		plan := workflows.ProgramPlan(*in.Program)
		req.Program = &plan
	}
	req.Acting = in.Acting
	return req
}

// act checks the viewer's role against the transition table and sends the
// action to its workflow, which checks it again against the state. The
// policy is the viewer's region's (see loadRegionPolicy); every person and
// unit the action names must be of the same region.
func (s *Server) act(ctx context.Context, v *viewer, p policies.PolicySummary, action, requestID string, in actionInput) (workflows.Result, error) {
	a := policies.Action(action)
	if !a.ByClient() {
		return workflows.Result{}, policies.Errorf(policies.KindNotFound, "aksi %q tidak dikenal", action)
	}
	if err := staffOf(v, p.RegionID); err != nil {
		return workflows.Result{}, err
	}
	if !slices.Contains(policies.Transitions[a].Roles, v.User.Role) {
		return workflows.Result{}, policies.Errorf(policies.KindForbidden, "peran %q tidak boleh melakukan %q", v.User.Role, a)
	}
	if a == policies.ActSubmit {
		// Every voice gets an answer: see checkAnswered (answers.go).
		if err := s.checkAnswered(ctx, v, p, in.Reason); err != nil {
			return workflows.Result{}, err
		}
	}
	if a == policies.ActOpenConsultation {
		if err := s.inviteGroups(ctx, p.RegionID, &in); err != nil {
			return workflows.Result{}, err
		}
		if len(in.InviteUserIDs) > 1000 {
			return workflows.Result{}, policies.FieldError("invite_user_ids", "paling banyak 1000 undangan")
		}
		for _, id := range in.InviteUserIDs {
			if err := s.checkPerson(ctx, p.RegionID, id, "invite_user_ids"); err != nil {
				return workflows.Result{}, err
			}
		}
	}
	var warning string
	if a == policies.ActOpenConsultation {
		var err error
		opens := time.Now()
		if !in.OpensAt.IsZero() {
			opens = in.OpensAt // a scheduled opening: the period counts from it
		}
		if warning, err = s.checkConsultationPeriod(ctx, p, opens, in.ClosesAt); err != nil {
			return workflows.Result{}, err
		}
	}
	if in.DelegateTo != 0 {
		if err := s.checkPerson(ctx, p.RegionID, in.DelegateTo, "delegate_to"); err != nil {
			return workflows.Result{}, err
		}
	}
	if in.OnBehalfOf != 0 {
		if err := s.checkPerson(ctx, p.RegionID, in.OnBehalfOf, "on_behalf_of"); err != nil {
			return workflows.Result{}, err
		}
		acting, err := s.actingFor(ctx, p.RegionID, in.OnBehalfOf, v.User.ID)
		if err != nil {
			return workflows.Result{}, err
		}
		in.Acting = acting
	}
	units := in.UnitIDs
	if in.Program != nil {
		units = append(units[:len(units):len(units)], in.Program.UnitID)
	}
	if len(units) > 0 {
		own, err := s.store.Units(ctx, p.RegionID)
		if err != nil {
			return workflows.Result{}, err
		}
		field := "unit_ids"
		if in.Program != nil {
			field = "program.unit_id"
		}
		for _, id := range units {
			if id != 0 && !containsUnit(own, id) {
				return workflows.Result{}, policies.FieldError(field, "unit %d tidak ditemukan di wilayah kebijakan ini", id)
			}
		}
	}
	req := in.request(actorOf(v))
	req.Warning = warning
	var err error
	if req.StartedOn, err = in.startedOn(p.RegionZone.Location()); err != nil {
		return workflows.Result{}, err
	}
	return s.doRequest(ctx, p.ID, a, requestID, req, v)
}

// checkPerson refuses a person who is not of the policy's region, as if
// they did not exist (422 naming the field).
func (s *Server) checkPerson(ctx context.Context, regionID, userID int64, field string) error {
	u, err := s.store.UserByID(ctx, userID)
	if policies.KindOf(err) == policies.KindNotFound || (err == nil && (u.RegionID == nil || *u.RegionID != regionID)) {
		return policies.FieldError(field, "pengguna %d tidak ditemukan di wilayah kebijakan ini", userID)
	}
	return err
}

func actorOf(v *viewer) workflows.Actor { return workflows.Actor{UserID: v.User.ID, Role: v.User.Role} }

// doRequest sends a prepared request to the policy's workflow.
func (s *Server) doRequest(ctx context.Context, policyID int64, a policies.Action, requestID string, req workflows.Request, v *viewer) (workflows.Result, error) {
	if !slices.Contains(policies.Transitions[a].Roles, v.User.Role) {
		return workflows.Result{}, policies.Errorf(policies.KindForbidden, "peran %q tidak boleh melakukan %q", v.User.Role, a)
	}
	if requestID == "" {
		requestID = randomToken()
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	return s.lc.Do(ctx, policyID, a, updateID(v, requestID), req)
}

// updateID is the Temporal Update ID of a person's request: the request ID
// (an Idempotency-Key, a form's request_id) scoped to the person. A workflow
// answers a repeated Update ID with the first Update's outcome, so two
// people's equal keys must not give equal IDs, or the second would get the
// first's result and their own action would never run.
func updateID(v *viewer, requestID string) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("u%d\x00%s", v.User.ID, requestID)))
	return hex.EncodeToString(sum[:])
}

// handleAction takes a lifecycle action from a page's form; the form's
// request_id makes a double submission one action.
func (s *Server) handleAction(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return err
	}
	in, err := actionFromForm(r, p.RegionZone.Location())
	if err != nil {
		return err
	}
	action := chi.URLParam(r, "action")
	res, err := s.act(r.Context(), viewerOf(r), p, action, r.PostFormValue("request_id"), in)
	if err != nil {
		return err
	}
	back := fmt.Sprintf("/policies/%d", p.ID)
	if ret := r.PostFormValue("return"); ret == "approval" || ret == "consultation" || ret == "programs" {
		back += "/" + ret
	}
	done := actionDone(action, res.Outcome)
	switch {
	case res.Outcome == "consultation_scheduled" && res.Warning != "":
		back, done = fmt.Sprintf("/policies/%d/consultation", p.ID), "crules_done_scheduled_short"
	case res.Outcome == "consultation_scheduled":
		back = fmt.Sprintf("/policies/%d/consultation", p.ID) // it says when it opens
	case res.Warning != "":
		back, done = fmt.Sprintf("/policies/%d/consultation", p.ID), "crules_done_opened_short"
	}
	http.Redirect(w, r, saying(back, done), http.StatusSeeOther)
	return nil
}

func (s *Server) handleAPIAction(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return err
	}
	if action := chi.URLParam(r, "action"); !policies.Action(action).ByClient() {
		return policies.Errorf(policies.KindNotFound, "aksi %q tidak dikenal", action)
	}
	var in actionInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	res, err := s.act(r.Context(), viewerOf(r), p, chi.URLParam(r, "action"), r.Header.Get("Idempotency-Key"), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, openapi.SnakeCased[workflows.Result]{V: res}) // status, outcome, message, workflow_id, id, summary
	return nil
}

// actionView is a button (with its fields) the policy page offers.
type actionView struct {
	Action    string
	RequestID string
}

// actionsFor lists what the viewer may do now, by the table and the state.
func (s *Server) actionsFor(v *viewer, p policies.PolicySummary, st *workflows.PolicyState) map[string]actionView {
	out := map[string]actionView{}
	if v.User == nil {
		return out
	}
	status := p.Status
	if st != nil && st.Status != "" {
		status = st.Status
	}
	if !v.Staff(p.RegionID) {
		return out // another city's policy: nothing to do here
	}
	for a, t := range policies.Transitions {
		if !a.ByClient() || !slices.Contains(t.Roles, v.User.Role) || !slices.Contains(t.From, status) {
			continue
		}
		out[string(a)] = actionView{Action: string(a), RequestID: randomToken()}
	}
	return out
}

// state asks the policy's workflow where it stands; a workflow that does
// not answer leaves the page with the record's status only.
func (s *Server) state(ctx context.Context, id int64) *workflows.PolicyState {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	st, err := s.lc.State(ctx, id)
	if err != nil {
		s.log.Warn("policy state unavailable", "policy", id, "err", err)
		return nil
	}
	return &st
}
