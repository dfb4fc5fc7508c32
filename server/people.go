package server

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// People of a region, managed by its administrator (role admin with the
// region): pages under /admin/people (people_pages.go) and the API under
// /api/v1/admin/people, both through the functions here. A person is
// invited by email with a one-time link to set their own password
// (/invite/{token}); a reset sends a link too (/reset/{token},
// passwords.go). Nobody ever types another person's password.

// peoplePages lists the people pages and the one-time links' pages
// (routes.go calls it).
func peoplePages() []pageRoute {
	return []pageRoute{
		{"GET", "/admin/people", regionAdmins, (*Server).handlePeople},
		{"POST", "/admin/people", regionAdmins, (*Server).handlePersonInvite},
		{"GET", "/admin/people/{person}", regionAdmins, (*Server).handlePerson},
		{"POST", "/admin/people/{person}", regionAdmins, (*Server).handlePersonUpdate},
		{"POST", "/admin/people/{person}/deactivate", regionAdmins, formWrite(noForm, (*Server).deactivatePerson, personDone("deactivated"))},
		{"POST", "/admin/people/{person}/reactivate", regionAdmins, formWrite(noForm, (*Server).reactivatePerson, reactivatedPage)},
		{"POST", "/admin/people/{person}/reset", regionAdmins, formWrite(noForm, (*Server).sendPersonLink, linkSentPage)},
		{"GET", "/invite/{token}", anyone, (*Server).handlePasswordLink},
		{"POST", "/invite/{token}", anyone, (*Server).handlePasswordSet},
		{"GET", "/reset/{token}", anyone, (*Server).handlePasswordLink},
		{"POST", "/reset/{token}", anyone, (*Server).handlePasswordSet},
	}
}

// peopleAPIRoutes are the people's API routes (apiRoutes lists them).
func peopleAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/admin/people", "Orang di wilayah saya: peran, unit, jabatan, NIP, status (administrator wilayah)", regionAdmins, apiRead((*Server).listPeople), nil},
		{"POST", "/admin/people", "Undang orang lewat email: tautan sekali pakai untuk membuat kata sandi (berlaku 72 jam); peran pimpinan, Bagian Hukum atau administrator diusulkan dulu (202) dan undangan terkirim setelah administrator lain mengonfirmasinya", regionAdmins, apiPerson(http.StatusCreated, (*Server).invitePerson), invitationInput{}},
		{"POST", "/admin/people/{person}", "Ubah nama, peran, unit, jabatan, atau NIP seseorang (isian yang dikirim saja); pemberian peran pimpinan, Bagian Hukum atau administrator diusulkan (202) dan berlaku setelah administrator lain mengonfirmasinya", regionAdmins, apiPerson(http.StatusOK, (*Server).savePerson), personBody{}},
		{"POST", "/admin/people/{person}/deactivate", "Nonaktifkan seseorang: sesi dan token API-nya berakhir seketika", regionAdmins, apiDo((*Server).deactivatePerson), nil},
		{"POST", "/admin/people/{person}/reactivate", "Aktifkan kembali seseorang; pimpinan, Bagian Hukum atau administrator diusulkan dulu (202) dan aktif setelah administrator lain mengonfirmasinya", regionAdmins, apiPersonDo((*Server).reactivatePerson), nil},
		{"POST", "/admin/people/{person}/reset", "Kirim tautan sekali pakai untuk mengatur ulang kata sandi (berlaku 2 jam)", regionAdmins, apiDoStatus(http.StatusAccepted, (*Server).sendPersonLink), nil},
	}
}

// personPage is a person's page after a change, saying what was done
// (the notice people_done_<done>).
func personPage(id int64, done string) string {
	return saying(fmt.Sprintf("/admin/people/%d", id), "people_done_"+done)
}

// personDone is the changed person's page.
func personDone(done string) func(policies.User) string {
	return func(u policies.User) string { return personPage(u.ID, done) }
}

// regionAdmin is the region the viewer administers; a system administrator
// (no region) manages regions on the command line, not people here.
func regionAdmin(v *viewer) (int64, error) {
	if v.User == nil || v.User.Role != policies.RoleAdmin || v.User.RegionID == nil {
		return 0, policies.Errorf(policies.KindForbidden, "hanya administrator wilayah yang dapat mengelola orang")
	}
	return *v.User.RegionID, nil
}

// personOf reads the {person} of the path, a person of the viewer's
// region: anyone else's is 404, as if absent.
func (s *Server) personOf(r *http.Request) (int64, policies.User, error) {
	region, err := regionAdmin(viewerOf(r))
	if err != nil {
		return 0, policies.User{}, err
	}
	id, err := pathID(r, "person")
	if err != nil {
		return 0, policies.User{}, err
	}
	u, err := s.store.Person(r.Context(), region, id)
	return region, u, err
}

// linkNotice is the email carrying a one-time link to set a password: an
// invitation, in Indonesian (the invited person has chosen no language
// yet), or a reset in the language the person chose.
func linkNotice(kind policies.NotificationKind, region, by, link, lang string) policies.Notification {
	if kind == policies.NoticeInvitation {
		return policies.Notification{Kind: kind, Link: link,
			Subject: "Undangan ke Policyflow " + region,
			Body: fmt.Sprintf("%s mengundang Anda ke Policyflow %s.\n\nBuka tautan di bawah untuk membuat kata sandi Anda sendiri (paling sedikit %d karakter), lalu masuk dengan email ini. Tautan hanya berlaku sekali dan kedaluwarsa dalam %d jam.",
				by, region, policies.MinPasswordLength, int(policies.InviteLifetime.Hours()))}
	}
	return wordedNotice(lang, kind, link, policies.ResetMessage(by, region))
}

// wordedNotice is a notice of kind to link whose words are message m in
// language lang.
func wordedNotice(lang string, kind policies.NotificationKind, link string, m policies.Message) policies.Notification {
	subject, body, _ := i18n.Notice(lang, m) // every message here is in the catalogue (its tests)
	return policies.Notification{Kind: kind, Link: link, Subject: subject, Body: body}
}

// personBody is a person as the API and the forms send it: on an
// invitation every field; on an update the fields given (null or absent:
// unchanged).
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

// apply sets the given fields of b on in.
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

// listPeople are the people of the viewer's region, for the API.
func (s *Server) listPeople(r *http.Request) (peopleList, error) {
	region, err := regionAdmin(viewerOf(r))
	if err != nil {
		return peopleList{}, err
	}
	people, err := s.store.People(r.Context(), region)
	return peopleList{People: people}, err
}

// personSaved is a person as saved, or the change proposed instead when
// the request gives a role of power (a second administrator confirms it).
type personSaved struct {
	User   policies.User
	Change *policies.PendingChange
}

// proposedPeople are the people's API routes that answer 202 with the
// change when the request gives a role of power (openapi.go).
var proposedPeople = map[string]bool{"POST /admin/people": true, "POST /admin/people/{person}": true,
	"POST /admin/people/{person}/reactivate": true}

// apiPerson answers a person's write: status with the person, or 202 with
// the change proposed.
func apiPerson[In any](status int, do func(*Server, *http.Request, In) (personSaved, error)) handler {
	return func(s *Server, w http.ResponseWriter, r *http.Request) error {
		var in In
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
		out, err := do(s, r, in)
		return answerPerson(w, status, out, err)
	}
}

// apiPersonDo is apiPerson for a write that takes no body.
func apiPersonDo(do func(*Server, *http.Request, struct{}) (personSaved, error)) handler {
	return func(s *Server, w http.ResponseWriter, r *http.Request) error {
		out, err := do(s, r, struct{}{})
		return answerPerson(w, http.StatusOK, out, err)
	}
}

// answerPerson writes the person saved with status, or 202 with the
// change proposed instead.
func answerPerson(w http.ResponseWriter, status int, out personSaved, err error) error {
	switch {
	case err != nil:
		return err
	case out.Change != nil:
		writeJSON(w, http.StatusAccepted, out.Change)
	default:
		writeJSON(w, status, out.User)
	}
	return nil
}

// reactivatedPage is the person's page after a reactivation, or the
// changes page when it was proposed.
func reactivatedPage(out personSaved) string {
	if out.Change != nil {
		return proposed(*out.Change)
	}
	return personPage(out.User.ID, "reactivated")
}

// invitePerson adds a person to the viewer's region and sends their
// invitation (page and API); one given a role of power is proposed.
func (s *Server) invitePerson(r *http.Request, b invitationInput) (personSaved, error) {
	v := viewerOf(r)
	region, err := regionAdmin(v)
	if err != nil {
		return personSaved{}, err
	}
	reg, err := s.store.RegionByID(r.Context(), region)
	if err != nil {
		return personSaved{}, err
	}
	in := personBody(b).apply(policies.PersonInput{})
	if err := in.Validate(true); err != nil {
		return personSaved{}, err
	}
	if in.Role.Power() {
		c, err := s.propose(r, policies.ChangeInvite, 0, in)
		return personSaved{Change: &c}, err
	}
	token := randomToken()
	u, err := s.store.InvitePerson(r.Context(), v.User.ID, region, in, hashToken(token),
		linkNotice(policies.NoticeInvitation, reg.Name, v.User.Name, "/invite/"+token, i18n.ID))
	return personSaved{User: u}, err
}

// savePerson changes the given fields of the person of the URL (page and
// API). The email never changes (a new address is a new person), and an
// administrator keeps their own role.
func (s *Server) savePerson(r *http.Request, b personBody) (personSaved, error) {
	region, u, err := s.personOf(r)
	if err != nil {
		return personSaved{}, err
	}
	if b.Email != nil && !strings.EqualFold(strings.TrimSpace(*b.Email), u.Email) {
		return personSaved{}, policies.FieldError("email", "email tidak dapat diubah; undang alamat baru sebagai orang baru")
	}
	unit, err := s.unitCode(r, region, u)
	if err != nil {
		return personSaved{}, err
	}
	in := b.apply(policies.PersonInput{Name: u.Name, Role: u.Role, Unit: unit, Title: u.Title, NIP: u.NIP})
	v := viewerOf(r)
	if u.ID == v.User.ID && in.Role != policies.RoleAdmin {
		return personSaved{}, policies.FieldError("role", "Anda tidak dapat mengubah peran Anda sendiri")
	}
	if err := in.Validate(false); err != nil {
		return personSaved{}, err
	}
	if policies.GrantsPower(u.Role, in.Role) {
		c, err := s.propose(r, policies.ChangeRole, u.ID, in)
		return personSaved{Change: &c}, err
	}
	out, err := s.store.UpdatePerson(r.Context(), v.User.ID, region, u.ID, in)
	return personSaved{User: out}, err
}

// unitCode is the code of the person's unit ("" for none).
func (s *Server) unitCode(r *http.Request, region int64, u policies.User) (string, error) {
	if u.UnitID == nil {
		return "", nil
	}
	units, err := s.store.Units(r.Context(), region)
	if err != nil {
		return "", err
	}
	for _, un := range units {
		if un.ID == *u.UnitID {
			return un.Code, nil
		}
	}
	return "", nil
}

// deactivatePerson stops the person of the URL signing in (page and API);
// nobody deactivates themselves (the region would lose the administrator
// doing it).
func (s *Server) deactivatePerson(r *http.Request, _ struct{}) (policies.User, error) {
	region, u, err := s.personOf(r)
	if err != nil {
		return u, err
	}
	v := viewerOf(r)
	if u.ID == v.User.ID {
		return policies.User{}, policies.Errorf(policies.KindConflict, "Anda tidak dapat menonaktifkan akun Anda sendiri")
	}
	return s.store.DeactivatePerson(r.Context(), v.User.ID, region, u.ID)
}

// reactivatePerson lets the person of the URL sign in again (page and
// API); one holding a role of power is proposed, for a second
// administrator to confirm.
func (s *Server) reactivatePerson(r *http.Request, _ struct{}) (personSaved, error) {
	region, u, err := s.personOf(r)
	if err != nil {
		return personSaved{}, err
	}
	if u.DeactivatedAt != nil && u.Role.Power() {
		c, err := s.propose(r, policies.ChangeReactivate, u.ID, struct{}{})
		return personSaved{Change: &c}, err
	}
	out, err := s.store.ReactivatePerson(r.Context(), viewerOf(r).User.ID, region, u.ID)
	return personSaved{User: out}, err
}

// linkSentTo is the link sent to a person: the API answers its purpose,
// the page goes back to the person.
type linkSentTo struct {
	linkSent
	person int64
}

// linkSentPage is the person's page after a link was sent.
func linkSentPage(l linkSentTo) string { return personPage(l.person, "link_sent") }

// sendPersonLink sends the person of the URL a new one-time link (page and
// API): someone who never set a password gets an invitation again, anyone
// else a reset.
func (s *Server) sendPersonLink(r *http.Request, _ struct{}) (linkSentTo, error) {
	region, u, err := s.personOf(r)
	if err != nil {
		return linkSentTo{}, err
	}
	reg, err := s.store.RegionByID(r.Context(), region)
	if err != nil {
		return linkSentTo{}, err
	}
	v, token := viewerOf(r), randomToken()
	p, err := s.store.SendPasswordLink(r.Context(), v.User.ID, region, u.ID, hashToken(token), func(p policies.LinkPurpose, lang string) policies.Notification {
		if p == policies.LinkInvite {
			return linkNotice(policies.NoticeInvitation, reg.Name, v.User.Name, "/invite/"+token, lang)
		}
		return linkNotice(policies.NoticePasswordReset, reg.Name, v.User.Name, "/reset/"+token, lang)
	})
	return linkSentTo{linkSent{Purpose: p}, u.ID}, err
}
