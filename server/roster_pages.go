package server

import (
	"errors"
	"net/http"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
)

// rosterForm is what the roster page shows again after a refusal: the
// message, the field at fault, what was typed, a refused file's lines.
type rosterForm struct {
	Error string
	Field string
	In    policies.RosterInput
	Lines []evaluation.LineError
}

// rosterView is the roster page's view model.
type rosterView struct {
	Title    string
	Region   policies.Region
	People   []policies.RosterPerson
	Active   int
	Units    []policies.Unit
	Kinds    []policies.ASNKind
	MayWrite bool
	Saved    bool
	Form     rosterForm
	Person   policies.RosterPerson // the person being corrected (roster_person)
}

func (s *Server) handleRoster(w http.ResponseWriter, r *http.Request) error {
	return s.renderRoster(w, r, http.StatusOK, rosterForm{})
}

// renderRoster shows the roster the viewer may read, with the forms a
// drafter uses, and what was refused if anything.
func (s *Server) renderRoster(w http.ResponseWriter, r *http.Request, status int, form rosterForm) error {
	lang := language(w, r)
	list, err := s.rosterList(r)
	if err != nil {
		return err
	}
	rg, _, err := s.rosterScope(r)
	if err != nil {
		return err
	}
	units, err := s.store.Units(r.Context(), rg.ID)
	if err != nil {
		return err
	}
	v := rosterView{Title: messages[lang]["roster"] + " — " + rg.Name, Region: rg, People: list.People, Units: units,
		Kinds: []policies.ASNKind{policies.ASNPNS, policies.ASNPPPK}, MayWrite: viewerOf(r).Is(policies.RoleDrafter),
		Saved: r.URL.Query().Get("saved") != "", Form: form}
	for _, p := range list.People {
		if p.Active {
			v.Active++
		}
	}
	s.render(w, r, lang, status, "roster", map[string]any{"Title": v.Title, "Roster": v})
	return nil
}

// rosterFromForm reads the add/correct form.
func rosterFromForm(r *http.Request) policies.RosterInput {
	active := r.PostFormValue("active") == "on" || r.PostFormValue("active") == "1"
	if r.PostFormValue("active_shown") == "" {
		active = true // the add form has no active box: a new person is active
	}
	email := r.PostFormValue("email") // both forms show it: empty removes it
	return policies.RosterInput{NIP: r.PostFormValue("nip"), Name: r.PostFormValue("name"), Kind: policies.ASNKind(r.PostFormValue("kind")),
		Unit: r.PostFormValue("unit"), Jabatan: r.PostFormValue("jabatan"), Golongan: r.PostFormValue("golongan"), Active: &active, Email: &email}
}

// refusedForm is a refusal of a person's form the page shows again; any
// other error goes to the error page.
func refusedForm(err error, in policies.RosterInput) (rosterForm, int, bool) {
	var e *policies.Error
	if !errors.As(err, &e) || (e.Kind != policies.KindInvalid && e.Kind != policies.KindConflict) || e.Field == "" {
		return rosterForm{}, 0, false
	}
	status := http.StatusUnprocessableEntity
	if e.Kind == policies.KindConflict {
		status = http.StatusConflict
	}
	return rosterForm{Error: e.Message, Field: e.Field, In: in}, status, true
}

func (s *Server) handleRosterCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveRosterForm(w, r, (*Server).createRosterPerson, (*Server).renderRoster)
}

// saveRosterForm saves the posted person with save and goes back to the
// roster; a refusal naming a field shows the form again through render.
func (s *Server) saveRosterForm(w http.ResponseWriter, r *http.Request,
	save func(*Server, *http.Request, policies.RosterInput) (policies.RosterPerson, error),
	render func(*Server, http.ResponseWriter, *http.Request, int, rosterForm) error) error {
	in := rosterFromForm(r)
	_, err := save(s, r, in)
	if form, status, ok := refusedForm(err, in); ok {
		return render(s, w, r, status, form)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, savedURL("/roster"), http.StatusSeeOther)
	return nil
}

func (s *Server) handleRosterPerson(w http.ResponseWriter, r *http.Request) error {
	return s.renderRosterPerson(w, r, http.StatusOK, rosterForm{})
}

// renderRosterPerson shows the form that corrects one person of the
// drafter's region (404 for anyone else's).
func (s *Server) renderRosterPerson(w http.ResponseWriter, r *http.Request, status int, form rosterForm) error {
	lang := language(w, r)
	rg, p, err := recordIn(s.rosterRegion, r, "rid", s.store.RosterPersonByID)
	if err != nil {
		return err
	}
	units, err := s.store.Units(r.Context(), rg.ID)
	if err != nil {
		return err
	}
	if form.Error == "" {
		active, email := p.Active, p.Email
		form.In = policies.RosterInput{NIP: p.NIP, Name: p.Name, Kind: p.Kind, Unit: p.UnitCode, Jabatan: p.Jabatan, Golongan: p.Golongan, Active: &active, Email: &email}
	}
	s.render(w, r, lang, status, "roster_person", map[string]any{"Title": p.Name, "Roster": rosterView{Title: p.Name, Region: rg, Person: p, Units: units,
		Kinds: []policies.ASNKind{policies.ASNPNS, policies.ASNPPPK}, MayWrite: true, Form: form}})
	return nil
}

func (s *Server) handleRosterUpdate(w http.ResponseWriter, r *http.Request) error {
	return s.saveRosterForm(w, r, (*Server).updateRosterPerson, (*Server).renderRosterPerson)
}
