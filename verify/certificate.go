package verify

import (
	"context"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// CertificateStore finds a certificate by the SHA-256 printed on it.
type CertificateStore interface {
	CertificateByHash(ctx context.Context, sha256 string) (policies.Certificate, error)
}

// Certificate is a certificate as the public verification shows it: the
// holder's name masked (UU 27/2022), never their NIP.
type Certificate struct {
	Number   string    `json:"number"`
	Program  string    `json:"program"`
	Holder   string    `json:"holder"` // "B*** S******"
	JP       int       `json:"jp"`
	Unit     string    `json:"unit"`
	StartsOn time.Time `json:"starts_on"`
	EndsOn   time.Time `json:"ends_on"`
	IssuedAt time.Time `json:"issued_at"`
}

// certificate is the verification of a certificate's hash, or
// ErrUnknownHash.
func certificate(ctx context.Context, st CertificateStore, sha string) (Verification, error) {
	c, err := st.CertificateByHash(ctx, sha)
	if policies.IsKind(err, policies.KindNotFound) {
		return Verification{}, ErrUnknownHash
	}
	if err != nil {
		return Verification{}, err
	}
	return Verification{SHA256: sha, Public: true, Title: c.Title, Region: c.RegionName, Status: "sertifikat",
		Certificate: &Certificate{Number: c.Number, Program: c.Title, Holder: policies.MaskName(c.Name), JP: c.JP,
			Unit: c.UnitName, StartsOn: c.StartsOn, EndsOn: c.EndsOn, IssuedAt: c.IssuedAt}}, nil
}
