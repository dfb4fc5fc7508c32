package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/naskah"
	"github.com/policyflow/policyflow/policies"
)

// The public verification page of a document: what a SHA-256 (printed at
// the foot of every page, behind its QR code) is — which policy and
// version, who approved the text, the enactment record as package naskah
// words it — as the reader may know it.

func init() { pageNames = append(pageNames, "verify") }

// publicBase is the server's public address: Deps.PublicURL, or the
// address the request reached.
func (s *Server) publicBase(r *http.Request) string {
	if s.publicURL != "" {
		return s.publicURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// verifyURL is the verification page of a hash.
func (s *Server) verifyURL(r *http.Request, sha string) string {
	return s.publicBase(r) + "/verifikasi/" + sha
}

// verifyApproval is one decision on the verified text.
type verifyApproval struct {
	Stage     int       `json:"stage"`
	StageName string    `json:"stage_name"`
	Decider   string    `json:"decider"`
	ActingAs  string    `json:"acting_as,omitempty"` // "Plt. Sekretaris Daerah — Budi"
	Decision  string    `json:"decision"`
	At        time.Time `json:"decided_at"`
}

// verifyEnactment is the enactment record as the verification shows it.
type verifyEnactment struct {
	Label         string     `json:"label"` // "Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026"
	Form          string     `json:"form"`
	Number        int        `json:"number"`
	Year          int        `json:"year"`
	Place         string     `json:"place"`
	EnactedOn     time.Time  `json:"enacted_on"`
	Signer        string     `json:"signer"` // "Plt. Wali Kota Sawahlunto — Nama"
	PromulgatedOn *time.Time `json:"promulgated_on,omitempty"`
	Gazette       string     `json:"gazette,omitempty"` // "Berita Daerah Kota Sawahlunto Tahun 2026 Nomor 12"
	Promulgator   string     `json:"promulgator,omitempty"`
}

// verification is what a hash is. A hash of a version the reader may not
// read says only that it is registered and not open to the public.
type verification struct {
	SHA256    string           `json:"sha256"`
	Public    bool             `json:"public"` // false: a registered draft, not open to the public
	PolicyID  int64            `json:"policy_id,omitempty"`
	Title     string           `json:"title,omitempty"`
	Region    string           `json:"region,omitempty"`
	Version   int              `json:"version,omitempty"`
	Status    string           `json:"status,omitempty"` // rancangan, disetujui, ditetapkan
	Approvals []verifyApproval `json:"approvals,omitempty"`
	Enactment *verifyEnactment `json:"enactment,omitempty"`
	PDF       string           `json:"pdf,omitempty"`
}

// errBadHash is a path that is no SHA-256.
var errBadHash = &policies.Error{Kind: policies.KindBadRequest, Field: "sha256", Message: "SHA-256 harus 64 karakter heksadesimal (0-9, a-f)"}

// errUnknownHash is a hash of no version.
var errUnknownHash = policies.Errorf(policies.KindNotFound, "dokumen tidak dikenal: tidak ada versi kebijakan dengan SHA-256 ini")

// verify finds what the hash is, as the viewer may know it.
func (s *Server) verify(r *http.Request, sha string) (verification, error) {
	ctx := r.Context()
	sha = strings.ToLower(strings.TrimSpace(sha))
	if !policies.ValidSHA256(sha) {
		return verification{}, errBadHash
	}
	refs, err := s.store.VersionsByHash(ctx, sha)
	if err != nil {
		return verification{}, err
	}
	if len(refs) == 0 {
		return verification{}, errUnknownHash
	}
	vw := viewerOf(r)
	for _, ref := range refs {
		p, err := s.store.PolicyByID(ctx, ref.PolicyID)
		if err != nil {
			return verification{}, err
		}
		if !vw.CanSee(p) || ref.Number > vw.LatestVisible(p) {
			continue
		}
		out := verification{SHA256: sha, Public: true, PolicyID: p.ID, Title: p.Title, Region: p.RegionName,
			Version: ref.Number, Status: "rancangan",
			PDF: fmt.Sprintf("/policies/%d/versions/%d/pdf", p.ID, ref.Number)}
		if ref.Number == p.InForceVersion {
			out.Status = "disetujui"
		}
		ds, err := s.store.DecisionRecords(ctx, p.ID)
		if err != nil {
			return verification{}, err
		}
		for _, d := range ds {
			if d.SHA256 != sha {
				continue
			}
			d.SetActingAs()
			out.Approvals = append(out.Approvals, verifyApproval{Stage: d.StagePosition, StageName: d.StageName,
				Decider: d.Decider, ActingAs: d.ActingAs, Decision: d.Decision, At: d.CreatedAt})
		}
		e, err := s.enactmentOf(ctx, ref.VersionID)
		if err != nil {
			return verification{}, err
		}
		if e != nil {
			out.Status = "ditetapkan"
			ve := &verifyEnactment{Label: e.Label(p.RegionName), Form: e.Form.Name(), Number: e.Number, Year: e.Year,
				Place: e.Place, EnactedOn: e.EnactedOn, PromulgatedOn: e.PromulgatedOn,
				Signer: naskah.SignedBy(*e), Gazette: naskah.GazetteCite(*e, p.RegionName), Promulgator: naskah.PromulgatedBy(*e)}
			out.Enactment = ve
		}
		return out, nil
	}
	// Registered, but not a text this reader may read.
	return verification{SHA256: sha}, nil
}

// handleVerifyPage is the public verification page of a hash.
func (s *Server) handleVerifyPage(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	vf, err := s.verify(r, chi.URLParam(r, "hash"))
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
	vf, err := s.verify(r, chi.URLParam(r, "hash"))
	if policies.IsKind(err, policies.KindBadRequest) {
		err = errUnknownHash
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, vf)
	return nil
}
