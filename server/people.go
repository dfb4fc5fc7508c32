package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"
	"golang.org/x/crypto/bcrypt"

	"github.com/policyflow/policyflow/policies"
)

// People of a region, managed by its administrator (role admin with the
// region): pages under /admin/people and the API under
// /api/v1/admin/people. A person is invited by email with a one-time link
// to set their own password (/invite/{token}); a reset sends a link too
// (/reset/{token}). Nobody ever types another person's password.

// The people pages' templates, parsed with the others (render.go).
func init() { pageNames = append(pageNames, "people", "person", "password") }

// peoplePages lists the people pages and the one-time links' pages
// (routes.go calls it).
func peoplePages() []pageRoute {
	return []pageRoute{
		{"GET", "/admin/people", []policies.Role{policies.RoleAdmin}, (*Server).handlePeople},
		{"POST", "/admin/people", []policies.Role{policies.RoleAdmin}, (*Server).handlePersonInvite},
		{"GET", "/admin/people/{person}", []policies.Role{policies.RoleAdmin}, (*Server).handlePerson},
		{"POST", "/admin/people/{person}", []policies.Role{policies.RoleAdmin}, (*Server).handlePersonUpdate},
		{"POST", "/admin/people/{person}/deactivate", []policies.Role{policies.RoleAdmin}, (*Server).handlePersonDeactivate},
		{"POST", "/admin/people/{person}/reactivate", []policies.Role{policies.RoleAdmin}, (*Server).handlePersonReactivate},
		{"POST", "/admin/people/{person}/reset", []policies.Role{policies.RoleAdmin}, (*Server).handlePersonReset},
		{"GET", "/invite/{token}", anyone, (*Server).handlePasswordLink},
		{"POST", "/invite/{token}", anyone, (*Server).handlePasswordSet},
		{"GET", "/reset/{token}", anyone, (*Server).handlePasswordLink},
		{"POST", "/reset/{token}", anyone, (*Server).handlePasswordSet},
	}
}

// peopleAPIRoutes are the people's API routes (apiRoutes lists them).
func peopleAPIRoutes() []apiRoute {
	admin := []policies.Role{policies.RoleAdmin}
	return []apiRoute{
		{"GET", "/admin/people", "Orang di wilayah saya: peran, unit, jabatan, NIP, status (administrator wilayah)", admin, (*Server).handleAPIPeople, nil},
		{"POST", "/admin/people", "Undang orang lewat email: tautan sekali pakai untuk membuat kata sandi (berlaku 72 jam)", admin, (*Server).handleAPIPersonInvite, invitationInput{}},
		{"POST", "/admin/people/{person}", "Ubah nama, peran, unit, jabatan, atau NIP seseorang (isian yang dikirim saja)", admin, (*Server).handleAPIPersonUpdate, personBody{}},
		{"POST", "/admin/people/{person}/deactivate", "Nonaktifkan seseorang: sesi dan token API-nya berakhir seketika", admin, (*Server).handleAPIPersonDeactivate, nil},
		{"POST", "/admin/people/{person}/reactivate", "Aktifkan kembali seseorang", admin, (*Server).handleAPIPersonReactivate, nil},
		{"POST", "/admin/people/{person}/reset", "Kirim tautan sekali pakai untuk mengatur ulang kata sandi (berlaku 2 jam)", admin, (*Server).handleAPIPersonReset, nil},
	}
}

// regionAdmin is the region the viewer administers; a system administrator
// (no region) manages regions on the command line, not people here.
func regionAdmin(v *viewer) (int64, error) {
	if v.User == nil || v.User.Role != policies.RoleAdmin || v.User.RegionID == nil {
		return 0, policies.Errorf(policies.KindForbidden, "hanya administrator wilayah yang dapat mengelola orang")
	}
	return *v.User.RegionID, nil
}

// personOf reads the {uid} of the path, a person of the viewer's region:
// anyone else's is 404, as if absent.
func (s *Server) personOf(r *http.Request) (int64, policies.User, error) {
	region, err := regionAdmin(viewerOf(r))
	if err != nil {
		return 0, policies.User{}, err
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "person"), 10, 64)
	if err != nil || id <= 0 {
		return 0, policies.User{}, errNotFound
	}
	u, err := s.store.Person(r.Context(), region, id)
	return region, u, err
}

// linkNotice is the email carrying a one-time link to set a password.
func linkNotice(kind policies.NotificationKind, region, by, link string) policies.Notification {
	if kind == policies.NoticeInvitation {
		return policies.Notification{Kind: kind, Link: link,
			Subject: "Undangan ke Policyflow " + region,
			Body: fmt.Sprintf("%s mengundang Anda ke Policyflow %s.\n\nBuka tautan di bawah untuk membuat kata sandi Anda sendiri (paling sedikit %d karakter), lalu masuk dengan email ini. Tautan hanya berlaku sekali dan kedaluwarsa dalam %d jam.",
				by, region, policies.MinPasswordLength, int(policies.InviteLifetime.Hours()))}
	}
	return policies.Notification{Kind: kind, Link: link,
		Subject: "Atur ulang kata sandi Policyflow",
		Body: fmt.Sprintf("%s mengirimkan tautan untuk mengatur ulang kata sandi Policyflow %s Anda.\n\nBuka tautan di bawah untuk membuat kata sandi baru. Tautan hanya berlaku sekali dan kedaluwarsa dalam %d jam. Jika Anda tidak memintanya, abaikan email ini: kata sandi Anda tidak berubah.",
			by, region, int(policies.ResetLifetime.Hours()))}
}

// invite adds a person of the viewer's region and sends their invitation.
func (s *Server) invite(ctx context.Context, v *viewer, in policies.PersonInput) (policies.User, error) {
	region, err := regionAdmin(v)
	if err != nil {
		return policies.User{}, err
	}
	reg, err := s.store.RegionByID(ctx, region)
	if err != nil {
		return policies.User{}, err
	}
	if err := in.Validate(true); err != nil {
		return policies.User{}, err
	}
	token := randomToken()
	return s.store.InvitePerson(ctx, v.User.ID, region, in, hashToken(token),
		linkNotice(policies.NoticeInvitation, reg.Name, v.User.Name, "/invite/"+token))
}

// sendLink sends a person of the viewer's region a new one-time link.
func (s *Server) sendLink(ctx context.Context, v *viewer, region int64, u policies.User) (policies.LinkPurpose, error) {
	reg, err := s.store.RegionByID(ctx, region)
	if err != nil {
		return "", err
	}
	token := randomToken()
	// Someone who never set a password gets an invitation again, else a reset.
	return s.store.SendPasswordLink(ctx, v.User.ID, region, u.ID, hashToken(token), func(p policies.LinkPurpose) policies.Notification {
		if p == policies.LinkInvite {
			return linkNotice(policies.NoticeInvitation, reg.Name, v.User.Name, "/invite/"+token)
		}
		return linkNotice(policies.NoticePasswordReset, reg.Name, v.User.Name, "/reset/"+token)
	})
}

// changeActive deactivates or reactivates a person; nobody deactivates
// themselves (the region would lose the administrator doing it).
func (s *Server) changeActive(ctx context.Context, v *viewer, region, id int64, active bool) (policies.User, error) {
	if active {
		return s.store.ReactivatePerson(ctx, v.User.ID, region, id)
	}
	if id == v.User.ID {
		return policies.User{}, policies.Errorf(policies.KindConflict, "Anda tidak dapat menonaktifkan akun Anda sendiri")
	}
	return s.store.DeactivatePerson(ctx, v.User.ID, region, id)
}

// update changes a person; an administrator keeps their own role.
func (s *Server) update(ctx context.Context, v *viewer, region int64, u policies.User, in policies.PersonInput) (policies.User, error) {
	if u.ID == v.User.ID && in.Role != policies.RoleAdmin {
		return policies.User{}, policies.FieldError("role", "Anda tidak dapat mengubah peran Anda sendiri")
	}
	if err := in.Validate(false); err != nil {
		return policies.User{}, err
	}
	return s.store.UpdatePerson(ctx, v.User.ID, region, u.ID, in)
}

// ---- Pages ----

// personView is a person as the people page lists them.
type personView struct {
	policies.User
	Unit   string // the unit's name
	Status string // active, invited, deactivated
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
		vs[i] = personView{User: p, Status: "active"}
		if p.UnitID != nil {
			vs[i].Unit = names[*p.UnitID]
		}
		switch {
		case p.DeactivatedAt != nil:
			vs[i].Status = "deactivated"
		case p.Invited:
			vs[i].Status = "invited"
		}
	}
	return map[string]any{"Title": messages[lang]["people_title"], "Region": reg, "People": vs, "Units": units,
		"Roles": policies.Roles, "Form": map[string]string{}, "ErrorField": ""}, nil
}

func (s *Server) handlePeople(w http.ResponseWriter, r *http.Request) error {
	s.renderPeople(w, r, http.StatusOK, nil, nil)
	return nil
}

// renderPeople shows the people page; after a refused invitation, with the
// refusal and what was typed.
func (s *Server) renderPeople(w http.ResponseWriter, r *http.Request, status int, refused error, form map[string]string) {
	lang := language(w, r)
	region, err := regionAdmin(viewerOf(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	data, err := s.peopleData(r.Context(), lang, region)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if done := r.URL.Query().Get("done"); done == "invited" {
		data["Done"] = messages[lang]["people_invited"]
	}
	if refused != nil {
		data["Error"], data["ErrorField"] = refusalText(refused), fieldOfErr(refused)
		data["Form"] = form
	}
	s.render(w, r, lang, status, "people", data)
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

func personForm(r *http.Request) policies.PersonInput {
	return policies.PersonInput{Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), Role: policies.Role(r.PostFormValue("role")),
		Unit: r.PostFormValue("unit"), Title: r.PostFormValue("title"), NIP: r.PostFormValue("nip")}
}

func formValues(in policies.PersonInput) map[string]string {
	return map[string]string{"email": in.Email, "name": in.Name, "role": string(in.Role), "unit": in.Unit, "title": in.Title, "nip": in.NIP}
}

func (s *Server) handlePersonInvite(w http.ResponseWriter, r *http.Request) error {
	in := personForm(r)
	if _, err := s.invite(r.Context(), viewerOf(r), in); err != nil {
		if pageRefusal(err) {
			s.renderPeople(w, r, statusOf(policies.KindOf(err)), err, formValues(in))
			return nil
		}
		return err
	}
	http.Redirect(w, r, "/admin/people?done=invited", http.StatusSeeOther)
	return nil
}

func (s *Server) handlePerson(w http.ResponseWriter, r *http.Request) error {
	s.renderPerson(w, r, http.StatusOK, nil, nil)
	return nil
}

func (s *Server) renderPerson(w http.ResponseWriter, r *http.Request, status int, refused error, form map[string]string) {
	lang := language(w, r)
	region, u, err := s.personOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	units, err := s.store.Units(r.Context(), region)
	if err != nil {
		s.writeError(w, r, err)
		return
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
	st := "active"
	switch {
	case u.DeactivatedAt != nil:
		st = "deactivated"
	case u.Invited:
		st = "invited"
	}
	data := map[string]any{"Title": u.Name, "Person": u, "Status": st, "Units": units, "Roles": policies.Roles, "Form": form,
		"Self": u.ID == viewerOf(r).User.ID, "ErrorField": ""}
	if d := r.URL.Query().Get("done"); d != "" {
		if msg, ok := messages[lang]["people_done_"+d]; ok {
			data["Done"] = msg
		}
	}
	if refused != nil {
		data["Error"], data["ErrorField"] = refusalText(refused), fieldOfErr(refused)
	}
	s.render(w, r, lang, status, "person", data)
}

func (s *Server) handlePersonUpdate(w http.ResponseWriter, r *http.Request) error {
	region, u, err := s.personOf(r)
	if err != nil {
		return err
	}
	in := personForm(r)
	if _, err := s.update(r.Context(), viewerOf(r), region, u, in); err != nil {
		if pageRefusal(err) {
			s.renderPerson(w, r, statusOf(policies.KindOf(err)), err, formValues(in))
			return nil
		}
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/people/%d?done=saved", u.ID), http.StatusSeeOther)
	return nil
}

// handlePersonDeactivate and handlePersonReactivate turn a person's account off and on again.
func (s *Server) handlePersonDeactivate(w http.ResponseWriter, r *http.Request) error {
	return s.personActive(w, r, false)
}

func (s *Server) handlePersonReactivate(w http.ResponseWriter, r *http.Request) error {
	return s.personActive(w, r, true)
}

func (s *Server) personActive(w http.ResponseWriter, r *http.Request, active bool) error {
	region, u, err := s.personOf(r)
	if err != nil {
		return err
	}
	if _, err := s.changeActive(r.Context(), viewerOf(r), region, u.ID, active); err != nil {
		return err
	}
	done := "deactivated"
	if active {
		done = "reactivated"
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/people/%d?done=%s", u.ID, done), http.StatusSeeOther)
	return nil
}

func (s *Server) handlePersonReset(w http.ResponseWriter, r *http.Request) error {
	region, u, err := s.personOf(r)
	if err != nil {
		return err
	}
	if _, err := s.sendLink(r.Context(), viewerOf(r), region, u); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/people/%d?done=link_sent", u.ID), http.StatusSeeOther)
	return nil
}

// ---- The one-time link: set a password ----

// linkPage reads the link of the path ({token}): the link, or the message
// saying why it cannot be used and the status to answer. /invite/ and
// /reset/ read any link (a person may be sent either); the page says what
// the link is for.
func (s *Server) linkPage(r *http.Request, lang string) (policies.PasswordLink, string, int, error) {
	t := chi.URLParam(r, "token")
	if len(t) < 20 || len(t) > 100 {
		return policies.PasswordLink{}, messages[lang]["pw_link_unknown"], http.StatusNotFound, nil
	}
	l, err := s.store.PasswordLink(r.Context(), hashToken(t))
	switch {
	case policies.IsKind(err, policies.KindNotFound):
		return l, messages[lang]["pw_link_unknown"], http.StatusNotFound, nil
	case err != nil:
		return l, "", 0, err
	case l.UsedAt != nil:
		return l, messages[lang]["pw_link_used"], http.StatusGone, nil
	case l.Deactivated:
		return l, messages[lang]["pw_link_deactivated"], http.StatusGone, nil
	case l.Expired:
		return l, messages[lang]["pw_link_expired"], http.StatusGone, nil
	}
	return l, "", http.StatusOK, nil
}

func (s *Server) handlePasswordLink(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	w.Header().Set("Cache-Control", "no-store")
	l, gone, status, err := s.linkPage(r, lang)
	if err != nil {
		return err
	}
	s.render(w, r, lang, status, "password", map[string]any{"Title": messages[lang]["pw_title_"+linkPurpose(l)],
		"Purpose": linkPurpose(l), "Link": l, "Gone": gone, "Token": chi.URLParam(r, "token"), "Min": policies.MinPasswordLength, "ErrorField": ""})
	return nil
}

// linkPurpose is what a link is for as its page's path says it: invite or
// reset (an unknown link's page says reset).
func linkPurpose(l policies.PasswordLink) string {
	if l.Purpose == policies.LinkInvite {
		return string(policies.LinkInvite)
	}
	return string(policies.LinkReset)
}

// checkNewPassword refuses, in the reader's language, a password too short,
// too long for bcrypt, or not typed the same twice.
func checkNewPassword(lang, p, again string) error {
	m := messages[lang]
	switch {
	case utf8.RuneCountInString(p) < policies.MinPasswordLength:
		return policies.FieldError("password", m["pw_err_short"], policies.MinPasswordLength)
	case len(p) > policies.MaxPasswordBytes:
		return policies.FieldError("password", m["pw_err_long"], policies.MaxPasswordBytes)
	case strings.TrimSpace(p) == "":
		return policies.FieldError("password", "%s", m["pw_err_blank"])
	case p != again:
		return policies.FieldError("password2", "%s", m["pw_err_mismatch"])
	}
	return nil
}

func (s *Server) handlePasswordSet(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	w.Header().Set("Cache-Control", "no-store")
	l, gone, status, err := s.linkPage(r, lang)
	if err != nil {
		return err
	}
	data := map[string]any{"Title": messages[lang]["pw_title_"+linkPurpose(l)], "Purpose": linkPurpose(l), "Link": l,
		"Gone": gone, "Token": chi.URLParam(r, "token"), "Min": policies.MinPasswordLength, "ErrorField": ""}
	if gone != "" {
		s.render(w, r, lang, status, "password", data)
		return nil
	}
	p := r.PostFormValue("password")
	if err := checkNewPassword(lang, p, r.PostFormValue("password2")); err != nil {
		data["Error"], data["ErrorField"] = refusalText(err), fieldOfErr(err)
		s.render(w, r, lang, http.StatusUnprocessableEntity, "password", data)
		return nil
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(p), bcrypt.DefaultCost)
	if err != nil {
		return err
	}
	if _, err := s.store.SetPassword(r.Context(), hashToken(chi.URLParam(r, "token")), string(hash)); err != nil {
		if policies.IsKind(err, policies.KindConflict) {
			// Used, expired or deactivated since the check above: say which.
			_, gone, status, _ = s.linkPage(r, lang)
			data["Gone"] = gone
			s.render(w, r, lang, max(status, http.StatusConflict), "password", data)
			return nil
		}
		return err
	}
	data["Done"] = true
	s.render(w, r, lang, http.StatusOK, "password", data)
	return nil
}

// ---- API ----

func (s *Server) handleAPIPeople(w http.ResponseWriter, r *http.Request) error {
	region, err := regionAdmin(viewerOf(r))
	if err != nil {
		return err
	}
	people, err := s.store.People(r.Context(), region)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"people": people})
	return nil
}

// personBody is the API's person: on an invitation every field; on an
// update the fields given (null or absent: unchanged).
type personBody struct {
	Email *string `json:"email"`
	Name  *string `json:"name"`
	Role  *string `json:"role"`
	Unit  *string `json:"unit"`
	Title *string `json:"title"`
	NIP   *string `json:"nip"`
}

// invitationInput is the body of POST /api/v1/admin/people: a personBody
// whose email, name and role must be given.
type invitationInput struct {
	Email *string `json:"email" required:"true"`
	Name  *string `json:"name" required:"true"`
	Role  *string `json:"role" required:"true"`
	Unit  *string `json:"unit"`
	Title *string `json:"title"`
	NIP   *string `json:"nip"`
}

func (b personBody) apply(in policies.PersonInput) policies.PersonInput {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&in.Email, b.Email)
	set(&in.Name, b.Name)
	set(&in.Unit, b.Unit)
	set(&in.Title, b.Title)
	set(&in.NIP, b.NIP)
	if b.Role != nil {
		in.Role = policies.Role(*b.Role)
	}
	return in
}

func (s *Server) handleAPIPersonInvite(w http.ResponseWriter, r *http.Request) error {
	var in invitationInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	u, err := s.invite(r.Context(), viewerOf(r), personBody(in).apply(policies.PersonInput{}))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, u)
	return nil
}

func (s *Server) handleAPIPersonUpdate(w http.ResponseWriter, r *http.Request) error {
	region, u, err := s.personOf(r)
	if err != nil {
		return err
	}
	var b personBody
	if err := decodeJSON(w, r, &b); err != nil {
		return err
	}
	if b.Email != nil && !strings.EqualFold(strings.TrimSpace(*b.Email), u.Email) {
		return policies.FieldError("email", "email tidak dapat diubah; undang alamat baru sebagai orang baru")
	}
	unit := ""
	if u.UnitID != nil {
		units, err := s.store.Units(r.Context(), region)
		if err != nil {
			return err
		}
		for _, un := range units {
			if un.ID == *u.UnitID {
				unit = un.Code
			}
		}
	}
	in := b.apply(policies.PersonInput{Name: u.Name, Role: u.Role, Unit: unit, Title: u.Title, NIP: u.NIP})
	out, err := s.update(r.Context(), viewerOf(r), region, u, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) handleAPIPersonDeactivate(w http.ResponseWriter, r *http.Request) error {
	return s.apiPersonActive(w, r, false)
}

func (s *Server) handleAPIPersonReactivate(w http.ResponseWriter, r *http.Request) error {
	return s.apiPersonActive(w, r, true)
}

func (s *Server) apiPersonActive(w http.ResponseWriter, r *http.Request, active bool) error {
	region, u, err := s.personOf(r)
	if err != nil {
		return err
	}
	out, err := s.changeActive(r.Context(), viewerOf(r), region, u.ID, active)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) handleAPIPersonReset(w http.ResponseWriter, r *http.Request) error {
	region, u, err := s.personOf(r)
	if err != nil {
		return err
	}
	p, err := s.sendLink(r.Context(), viewerOf(r), region, u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"purpose": p})
	return nil
}
