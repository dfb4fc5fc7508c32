package server

import (
	"errors"
	"net/http"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/sso"
)

// The region administrator's identity provider (oidc.go signs in with
// it): issuer, client ID, the write-only client secret, the claim people
// are matched by, and whether it is on. Each change is audited (without
// the secret); an enabled provider must answer its discovery when saved,
// from an address the installation allows (package sso).

// ssoAPIRoutes are the API twins of the administrator's page (apiRoutes).
func ssoAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/admin/sso", "Penyedia identitas (OpenID Connect) wilayah saya, tanpa client secret; redirect_uri: alamat yang didaftarkan di penyedia", regionAdmins, apiRead((*Server).ssoOf), nil},
		{"POST", "/admin/sso", "Atur penyedia identitas wilayah (client_secret hanya ditulis; kosong: tetap yang tersimpan; penyedia yang diaktifkan harus menjawab discovery)", regionAdmins, apiWrite(http.StatusOK, (*Server).setSSO), policies.SSOInput{}},
	}
}

// ssoAnswers are the answers of ssoAPIRoutes (apiAnswers).
func ssoAnswers() map[string]apiAnswer {
	return map[string]apiAnswer{
		"GET /admin/sso":  ok(policies.SSOProvider{}),
		"POST /admin/sso": ok(policies.SSOProvider{}),
	}
}

// ssoOf is the administrator's region's provider; none set yet is an
// empty, disabled one (claim email), with the redirect URI to register.
func (s *Server) ssoOf(r *http.Request) (policies.SSOProvider, error) {
	reg, err := s.adminRegion(r)
	if err != nil {
		return policies.SSOProvider{}, err
	}
	p, err := s.store.SSOProvider(r.Context(), reg.ID)
	if policies.IsKind(err, policies.KindNotFound) {
		p, err = policies.SSOProvider{Claim: policies.SSOClaimEmail}, nil
	}
	p.RedirectURI = s.ssoRedirectURI(reg)
	return p, err
}

// setSSO sets the administrator's region's provider (page and API).
func (s *Server) setSSO(r *http.Request, in policies.SSOInput) (policies.SSOProvider, error) {
	reg, err := s.adminRegion(r)
	if err != nil {
		return policies.SSOProvider{}, err
	}
	if err := in.Validate(); err != nil {
		return policies.SSOProvider{}, err
	}
	if in.Enabled {
		if err := s.sso.Check(r.Context(), in.Issuer); errors.Is(err, sso.ErrAddress) {
			return policies.SSOProvider{}, &policies.Error{Kind: policies.KindInvalid, Field: "issuer", Key: "sso_err_address", Err: err,
				Message: "alamat penerbit bukan alamat internet publik; operator dapat mengizinkan host jaringan internal di OIDC_PRIVATE_ISSUERS"}
		} else if err != nil {
			return policies.SSOProvider{}, &policies.Error{Kind: policies.KindInvalid, Field: "issuer", Key: "sso_err_discovery", Err: err,
				Message: "penerbit tidak menjawab discovery OpenID Connect (/.well-known/openid-configuration) atau menyebut penerbit lain"}
		}
	}
	p, err := s.store.SetSSOProvider(r.Context(), reg.ID, viewerOf(r).User.ID, in)
	p.RedirectURI = s.ssoRedirectURI(reg)
	return p, err
}

// ssoFromForm reads the administrator's form.
func ssoFromForm(r *http.Request) (policies.SSOInput, error) {
	return policies.SSOInput{Issuer: r.PostFormValue("issuer"), ClientID: r.PostFormValue("client_id"),
		ClientSecret: r.PostFormValue("client_secret"), Claim: r.PostFormValue("claim"), Enabled: r.PostFormValue("enabled") != ""}, nil
}

func (s *Server) handleAdminSSO(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	reg, err := s.adminRegion(r)
	if err != nil {
		return err
	}
	p, err := s.ssoOf(r)
	if err != nil {
		return err
	}
	s.renderAdmin(w, r, lang, "admin_sso", messages[lang]["sso_admin_title"], reg, map[string]any{"Provider": p})
	return nil
}

func init() {
	pageNames = append(pageNames, "admin_sso")
}
