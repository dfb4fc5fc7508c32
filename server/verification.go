package server

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/verify"
)

// The public verification page of a document: what a SHA-256 (printed at
// the foot of every page, behind its QR code) is — which policy and
// version, who approved the text, the enactment record as package naskah
// words it — as the reader may know it.

func init() { pageNames = append(pageNames, "verify") }

// verifyURL is the verification page of a hash, under Deps.PublicURL
// (never the request's Host: a forged one must not reach a document).
func (s *Server) verifyURL(sha string) string {
	return s.publicURL + "/verifikasi/" + sha
}

// verification is what a hash is (package verify); the OpenAPI document
// names it and its parts as before.
type verification = verify.Verification

// verifyHash finds what the hash is, as the viewer may know it.
func (s *Server) verifyHash(r *http.Request, sha string) (verification, error) {
	return verify.Hash(r.Context(), s.store, s.signing, viewerOf(r).Viewer, sha)
}

// handleVerifyPage is the public verification page of a hash.
func (s *Server) handleVerifyPage(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	vf, err := s.verifyHash(r, chi.URLParam(r, "hash"))
	data := map[string]any{"Title": messages[lang]["doc_verify_title"]}
	status := http.StatusOK
	switch {
	case policies.IsKind(err, policies.KindBadRequest):
		status = http.StatusBadRequest
		data["Problem"] = messages[lang]["doc_verify_bad"]
	case policies.IsKind(err, policies.KindNotFound):
		status = http.StatusNotFound
		data["Problem"] = messages[lang]["doc_verify_unknown"]
		data["Title"] = messages[lang]["doc_verify_unknown_title"]
		data["Hash"] = strings.ToLower(chi.URLParam(r, "hash"))
	case err != nil:
		return err
	default:
		data["V"] = vf
		data["Hash"] = vf.SHA256
		data["Status"] = messages[lang]["doc_status_"+vf.Status]
		data["Sig"] = vf.Signature // an enacted text's electronic signature (signatures.go)
		for i := range vf.Approvals {
			if k := "doc_decision_" + vf.Approvals[i].Decision; messages[lang][k] != "" {
				vf.Approvals[i].Decision = messages[lang][k]
			} else {
				vf.Approvals[i].Decision = messages[lang]["doc_decision_other"]
			}
		}
	}
	s.render(w, r, lang, status, "verify", data)
	return nil
}

// handleVerifyForm takes a pasted hash to its verification page.
func (s *Server) handleVerifyForm(w http.ResponseWriter, r *http.Request) error {
	sha := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("sha256")))
	if sha == "" {
		lang := language(w, r)
		s.render(w, r, lang, http.StatusOK, "verify", map[string]any{"Title": messages[lang]["doc_verify_title"]})
		return nil
	}
	target := "/verifikasi/" + url.PathEscape(sha)
	if l := r.URL.Query().Get("lang"); l == i18n.EN {
		target += "?lang=en"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// handleAPIVerify is the verification of a hash as JSON. A path that is
// no SHA-256 names no document: 404, as any API path value naming nothing.
func (s *Server) handleAPIVerify(w http.ResponseWriter, r *http.Request) error {
	vf, err := s.verifyHash(r, chi.URLParam(r, "hash"))
	if policies.IsKind(err, policies.KindBadRequest) {
		err = verify.ErrUnknownHash
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, vf)
	return nil
}
