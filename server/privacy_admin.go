package server

import (
	"context"
	"maps"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// The region administrator's side of personal data (docs/PRIVACY.md): the
// region's retention per regional kind (shorter than the installation's
// default, never longer), the last purge's counts, the people's erasure
// requests, and the erasure itself, each audited.

// privacyAdminPages are the administrator's pages (privacyPages includes them).
func privacyAdminPages() []pageRoute {
	return []pageRoute{
		{"GET", "/admin/privacy", regionAdmins, (*Server).handleAdminPrivacy},
		{"POST", "/admin/privacy/retention", regionAdmins, formWrite(retentionFromForm, (*Server).setRetention, savedAt[retentionList]("/admin/privacy"))},
		{"POST", "/admin/erasures", regionAdmins, formWrite(erasureFromForm, (*Server).erasePerson, savedAt[policies.ErasureResult]("/admin/privacy"))},
		{"POST", "/admin/erasures/address", regionAdmins, formWrite(addressErasureFromForm, (*Server).eraseAddress, savedAt[policies.ErasureResult]("/admin/privacy"))},
	}
}

// privacyAdminAPIRoutes are their API twins (privacyAPIRoutes includes them).
func privacyAdminAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/admin/retention", "Masa simpan data pribadi wilayah saya per jenis catatan (bawaan instalasi bila tidak dipersingkat)", regionAdmins, apiRead((*Server).retentionOf), nil},
		{"POST", "/admin/retention", "Persingkat masa simpan jenis catatan wilayah (hari; 0: bawaan)", regionAdmins, apiWrite(http.StatusOK, (*Server).setRetention), policies.RetentionInput{}},
		{"GET", "/admin/erasures", "Permintaan penghapusan data pribadi di wilayah saya", regionAdmins, apiRead((*Server).erasureRequestsOf), nil},
		{"POST", "/admin/erasures/address", "Hapus alamat email seorang pengomentar tanpa akun dari komentar dan kotak keluar wilayah (confirm wajib)", regionAdmins, apiWrite(http.StatusOK, (*Server).eraseAddress), policies.AddressErasureInput{}},
		{"POST", "/admin/erasures/{person}", "Hapus data pribadi seseorang di wilayah (confirm wajib), atau tolak permintaannya (decline, note)", regionAdmins, apiWrite(http.StatusOK, (*Server).erasePerson), policies.ErasureInput{}},
	}
}

// privacyAnswers are the answers of privacyAPIRoutes (apiAnswers).
func privacyAnswers() map[string]apiAnswer {
	return map[string]apiAnswer{
		"GET /me/data":                  ok(policies.PersonalData{}),
		"POST /me/erasure":              created(policies.ErasureRequest{}),
		"GET /admin/retention":          ok(retentionList{}),
		"POST /admin/retention":         ok(retentionList{}),
		"GET /admin/erasures":           ok(erasureList{}),
		"POST /admin/erasures/{person}": ok(policies.ErasureResult{}),
		"POST /admin/erasures/address":  ok(policies.ErasureResult{}),
	}
}

// withAnswers adds the entries of more to answers: route answers, or query
// parameters (apiQueries).
func withAnswers[V any](answers map[string]V, more ...map[string]V) map[string]V {
	for _, m := range more {
		maps.Copy(answers, m)
	}
	return answers
}

// retentionList is the region's retention as the API gives it.
type retentionList struct {
	Rules []policies.RegionRetention `json:"rules"`
}

// erasureList is the region's erasure requests as the API gives them.
type erasureList struct {
	Requests []policies.ErasureRequest `json:"requests"`
}

// retentionOf is the administrator's region's retention.
func (s *Server) retentionOf(r *http.Request) (retentionList, error) {
	_, rules, err := regionOwn(s, r, s.regionRetention)
	return retentionList{rules}, err
}

// setRetention replaces the region's shortened retention.
func (s *Server) setRetention(r *http.Request, in policies.RetentionInput) (retentionList, error) {
	in.Rules = s.retention
	rules, err := createInRegion(s, r, &in, in.Validate, s.store.SetRegionRetention)
	return retentionList{rules}, err
}

// regionRetention is the region's retention: the installation's periods
// with the region's shortened ones.
func (s *Server) regionRetention(ctx context.Context, regionID int64) ([]policies.RegionRetention, error) {
	return s.store.RegionRetention(ctx, regionID, s.retention)
}

// erasureRequestsOf lists the region's erasure requests.
func (s *Server) erasureRequestsOf(r *http.Request) (erasureList, error) {
	_, reqs, err := regionOwn(s, r, s.store.ErasureRequests)
	return erasureList{reqs}, err
}

// erasePerson erases the region's person of the URL, or declines their request.
func (s *Server) erasePerson(r *http.Request, in policies.ErasureInput) (policies.ErasureResult, error) {
	reg, err := s.adminRegion(r)
	if err != nil {
		return policies.ErasureResult{}, err
	}
	if chi.URLParam(r, "person") != "" { // the API names the person in its URL
		if in.Person, err = pathID(r, "person"); err != nil {
			return policies.ErasureResult{}, err
		}
	}
	if in.Person <= 0 {
		return policies.ErasureResult{}, &policies.Error{Kind: policies.KindInvalid, Field: "person", Key: "privacy_err_person", Message: "pilih orang yang datanya dihapus"}
	}
	// Another region's person is not there (404), whatever the input.
	if _, err := s.store.Person(r.Context(), reg.ID, in.Person); err != nil {
		return policies.ErasureResult{}, err
	}
	if err := in.Validate(); err != nil {
		return policies.ErasureResult{}, err
	}
	return s.store.ErasePerson(r.Context(), reg.ID, viewerOf(r).User.ID, in.Person, in, i18n.ErasureDecision(reg.Name, in))
}

// eraseAddress erases a commenter without an account, by address.
func (s *Server) eraseAddress(r *http.Request, in policies.AddressErasureInput) (policies.ErasureResult, error) {
	return createInRegion(s, r, &in, in.Validate, s.store.EraseAddress)
}

func addressErasureFromForm(r *http.Request) (policies.AddressErasureInput, error) {
	return policies.AddressErasureInput{Email: r.PostFormValue("email"), Confirm: r.PostFormValue("confirm") != ""}, nil
}

func (s *Server) handleAdminPrivacy(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	reg, rules, err := regionOwn(s, r, s.regionRetention)
	if err != nil {
		return err
	}
	ctx := r.Context()
	last, err := s.store.LastPurge(ctx)
	if err != nil {
		return err
	}
	reqs, err := s.store.ErasureRequests(ctx, reg.ID)
	if err != nil {
		return err
	}
	people, err := s.store.People(ctx, reg.ID)
	if err != nil {
		return err
	}
	var erasable []policies.User
	for _, p := range people {
		if p.ID != viewerOf(r).User.ID && !policies.IsErasedAccount(p.Email) {
			erasable = append(erasable, p)
		}
	}
	var installation []policies.Retention
	for _, d := range s.retention.All() {
		if !d.Regional {
			installation = append(installation, d)
		}
	}
	s.renderAdmin(w, r, lang, "admin_privacy", messages[lang]["privacy_admin_title"], reg, map[string]any{"Rules": rules, "Installation": installation,
		"Last": last, "Requests": reqs, "People": erasable})
	return nil
}
