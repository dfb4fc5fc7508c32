package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/policyflow/policyflow/policies"
)

// The people pages: the region's list with the invitation form, and one
// person's page. A refused invitation or change is shown on its form, with
// what was typed, rather than on an error page.

// The people pages' templates, parsed with the others (render.go).
func init() { pageNames = append(pageNames, "people", "person", "password") }

// personView is a person as the people page lists them.
type personView struct {
	policies.User
	Unit   string // the unit's name
	Status string // active, invited, deactivated
}

// personStatus is active, invited (no password yet) or deactivated.
func personStatus(u policies.User) string {
	switch {
	case u.DeactivatedAt != nil:
		return "deactivated"
	case u.Invited:
		return "invited"
	}
	return "active"
}

func (s *Server) peopleData(ctx context.Context, lang string, region int64) (map[string]any, error) {
	people, err := s.store.People(ctx, region)
	if err != nil {
		return nil, err
	}
	units, err := s.store.Units(ctx, region)
	if err != nil {
		return nil, err
	}
	reg, err := s.store.RegionByID(ctx, region)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, u := range units {
		names[u.ID] = u.Name
	}
	vs := make([]personView, len(people))
	for i, p := range people {
		vs[i] = personView{User: p, Status: personStatus(p)}
		if p.UnitID != nil {
			vs[i].Unit = names[*p.UnitID]
		}
	}
	return map[string]any{"Title": messages[lang]["people_title"], "Region": reg, "People": vs, "Units": units,
		"Roles": policies.Roles, "Form": map[string]string{}, "ErrorField": ""}, nil
}

func (s *Server) handlePeople(w http.ResponseWriter, r *http.Request) error {
	return s.renderPeople(w, r, http.StatusOK, nil, nil)
}

// renderPeople shows the people page; after a refused invitation, with the
// refusal and what was typed.
func (s *Server) renderPeople(w http.ResponseWriter, r *http.Request, status int, refused error, form map[string]string) error {
	lang := language(w, r)
	region, err := regionAdmin(viewerOf(r))
	if err != nil {
		return err
	}
	data, err := s.peopleData(r.Context(), lang, region)
	if err != nil {
		return err
	}
	data["Done"] = doneText(r, lang)
	if data["Pending"], err = s.pendingOn(r, lang, "", policies.ChangeInvite, policies.ChangeRole, policies.ChangeReactivate); err != nil {
		return err
	}
	if refused != nil {
		data["Error"], data["ErrorField"] = refusalText(refused), fieldOfErr(refused)
		data["Form"] = form
	}
	s.render(w, r, lang, status, "people", data)
	return nil
}

// refusalText is a refusal's message for a page.
func refusalText(err error) string {
	var de *policies.Error
	if errors.As(err, &de) && de.Message != "" {
		return de.Message
	}
	return err.Error()
}

func fieldOfErr(err error) string {
	var de *policies.Error
	if errors.As(err, &de) {
		return de.Field
	}
	return ""
}

// pageRefusal answers a refused form on its own page when the refusal is
// the person's to correct (invalid, conflict), else as any error.
func pageRefusal(err error) bool {
	k := policies.KindOf(err)
	return k == policies.KindInvalid || k == policies.KindConflict
}

// personForm reads the person form: every field is given, an empty one
// clears it.
func personForm(r *http.Request) personBody {
	field := func(name string) *string {
		v := r.PostFormValue(name)
		return &v
	}
	return personBody{Email: field("email"), Name: field("name"), Role: field("role"), Unit: field("unit"), Title: field("title"), NIP: field("nip")}
}

// formValues is what a refused form shows again.
func formValues(b personBody) map[string]string {
	in := b.apply(policies.PersonInput{})
	return map[string]string{"email": in.Email, "name": in.Name, "role": string(in.Role), "unit": in.Unit, "title": in.Title, "nip": in.NIP}
}

func (s *Server) handlePersonInvite(w http.ResponseWriter, r *http.Request) error {
	b := personForm(r)
	out, err := s.invitePerson(r, invitationInput(b))
	if err != nil {
		if pageRefusal(err) {
			return s.renderPeople(w, r, statusOf(policies.KindOf(err)), err, formValues(b))
		}
		return err
	}
	if out.Change != nil {
		http.Redirect(w, r, proposed(*out.Change), http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, saying("/admin/people", "people_invited"), http.StatusSeeOther)
	return nil
}

func (s *Server) handlePerson(w http.ResponseWriter, r *http.Request) error {
	return s.renderPerson(w, r, http.StatusOK, nil, nil)
}

// renderPerson shows a person's page; after a refused change, with the
// refusal and what was typed.
func (s *Server) renderPerson(w http.ResponseWriter, r *http.Request, status int, refused error, form map[string]string) error {
	lang := language(w, r)
	region, u, err := s.personOf(r)
	if err != nil {
		return err
	}
	units, err := s.store.Units(r.Context(), region)
	if err != nil {
		return err
	}
	unit := ""
	for _, un := range units {
		if u.UnitID != nil && un.ID == *u.UnitID {
			unit = un.Code
		}
	}
	if form == nil {
		form = map[string]string{"name": u.Name, "role": string(u.Role), "unit": unit, "title": u.Title, "nip": u.NIP}
	}
	data := map[string]any{"Title": u.Name, "Person": u, "Status": personStatus(u), "Units": units, "Roles": policies.Roles, "Form": form,
		"Self": u.ID == viewerOf(r).User.ID, "ErrorField": ""}
	data["Done"] = doneText(r, lang)
	if data["SecondFactor"], err = s.store.SecondFactorOf(r.Context(), u.ID); err != nil {
		return err
	}
	data["SecondFactorRequired"] = policies.SecondFactorRequired(u.Role)
	if data["Pending"], err = s.pendingOn(r, lang, fmt.Sprintf("user:%d", u.ID)); err != nil {
		return err
	}
	if refused != nil {
		data["Error"], data["ErrorField"] = refusalText(refused), fieldOfErr(refused)
	}
	s.render(w, r, lang, status, "person", data)
	return nil
}

// handlePersonUpdate saves the person form. The form has no email (an
// address never changes; one sent anyway is ignored, as it always was).
func (s *Server) handlePersonUpdate(w http.ResponseWriter, r *http.Request) error {
	b := personForm(r)
	typed := formValues(b)
	b.Email = nil
	out, err := s.savePerson(r, b)
	if err != nil {
		if pageRefusal(err) {
			return s.renderPerson(w, r, statusOf(policies.KindOf(err)), err, typed)
		}
		return err
	}
	if out.Change != nil {
		http.Redirect(w, r, proposed(*out.Change), http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, personPage(out.User.ID, "saved"), http.StatusSeeOther)
	return nil
}
