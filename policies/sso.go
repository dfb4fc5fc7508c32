package policies

import (
	"context"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
)

// Single sign-on through a city's own identity provider (OpenID Connect,
// issue 24). Several cities share one installation: each region has at
// most one provider, which its administrator sets. A sign-in through it
// reaches an existing, active person of that region only, matched by a
// verified email or by the claim that carries their NIP; no account is
// ever made from a sign-in. Passwords keep working beside it.

// SSOClaimEmail matches people by the ID token's email, which the provider
// must say it verified (email_verified: true).
const SSOClaimEmail = "email"

// SSOLoginLifetime is how long a sign-in begun here waits for the
// provider's answer.
const SSOLoginLifetime = 10 * time.Minute

// SSOProvider is a region's identity provider as pages and answers show it:
// never its client secret, only whether one is kept.
type SSOProvider struct {
	Issuer    string     `db:"issuer" json:"issuer"`
	ClientID  string     `db:"client_id" json:"client_id"`
	SecretSet bool       `db:"secret_set" json:"client_secret_set"`
	Claim     string     `db:"claim" json:"claim"`
	Enabled   bool       `db:"enabled" json:"enabled"`
	UpdatedAt *time.Time `db:"updated_at" json:"updated_at,omitempty"`
	// RedirectURI is where the provider sends people back: the address the
	// city registers for Policyflow's client (from PUBLIC_URL).
	RedirectURI string `db:"-" json:"redirect_uri"`
}

// SSOInput sets a region's identity provider. The client secret is
// write-only: empty keeps the one kept.
type SSOInput struct {
	Issuer       string `json:"issuer" doc:"issuer persis seperti di /.well-known/openid-configuration penyedia (https)"`
	ClientID     string `json:"client_id" doc:"client ID Policyflow di penyedia identitas"`
	ClientSecret string `json:"client_secret" required:"false" doc:"hanya ditulis, tidak pernah ditampilkan; kosong: tetap yang tersimpan"`
	Claim        string `json:"claim" required:"false" doc:"email (email terverifikasi; bawaan) atau nama klaim yang memuat NIP, misalnya nip"`
	Enabled      bool   `json:"enabled" required:"false" doc:"aktifkan masuk dengan SSO; penyedia harus menjawab discovery"`
}

var ssoClaimName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.:-]{0,63}$`)

// Validate checks the input, trimming it: an issuer that is an https URL
// (http only on this machine's loopback, for development) with no query or
// fragment, a client ID, a claim name.
func (in *SSOInput) Validate() error {
	in.Issuer, in.ClientID, in.Claim = strings.TrimSpace(in.Issuer), strings.TrimSpace(in.ClientID), strings.TrimSpace(in.Claim)
	if in.Claim == "" {
		in.Claim = SSOClaimEmail
	}
	if err := CheckIssuer(in.Issuer); err != nil {
		return err
	}
	if err := checkLength(in.ClientID, "client_id", "isi client ID yang diberikan penyedia identitas", "Client ID", 255); err != nil {
		return err
	}
	if strings.IndexFunc(in.ClientID, unicode.IsControl) >= 0 {
		return FieldError("client_id", "client ID tidak boleh memuat karakter kendali")
	}
	if strings.IndexFunc(in.ClientSecret, unicode.IsControl) >= 0 {
		return FieldError("client_secret", "client secret tidak boleh memuat karakter kendali")
	}
	if len([]rune(in.ClientSecret)) > 500 {
		return &Error{Kind: KindTooLarge, Field: "client_secret", Message: "client secret maksimal 500 karakter"}
	}
	if !ssoClaimName.MatchString(in.Claim) {
		return FieldError("claim", "nama klaim diawali huruf, lalu huruf, angka, _ . : - (paling banyak 64 karakter), misalnya email atau nip")
	}
	return nil
}

// CheckIssuer refuses an issuer that is not an absolute https URL with a
// host (http only for loopback), or that has a query, fragment or user.
func CheckIssuer(raw string) error {
	if raw == "" {
		return FieldError("issuer", "isi alamat penerbit (issuer) penyedia identitas kota")
	}
	if len(raw) > 500 {
		return &Error{Kind: KindTooLarge, Field: "issuer", Message: "alamat penerbit maksimal 500 karakter"}
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(raw, " \t\r\n?#") {
		return FieldError("issuer", "alamat penerbit harus URL lengkap tanpa ? atau #, misalnya https://sso.kota.go.id/realms/asn")
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && loopbackHost(u.Hostname()):
	default:
		return FieldError("issuer", "alamat penerbit harus memakai https://")
	}
	return nil
}

// loopbackHost is this machine by name or address.
func loopbackHost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// SSOClient is a region's provider as a sign-in uses it: with its secret.
// It is read only to sign in, never shown.
type SSOClient struct {
	RegionID     int64  `db:"region_id"`
	Issuer       string `db:"issuer"`
	ClientID     string `db:"client_id"`
	ClientSecret string `db:"client_secret"`
	Claim        string `db:"claim"`
	Enabled      bool   `db:"enabled"`
}

// The reasons a sign-in through a provider is refused, as its audit row
// names them (no personal data).
const (
	SSORefusedToken      = "token"            // the code exchange or the ID token failed its checks (issuer, audience, expiry, signature, nonce)
	SSORefusedUnverified = "email_unverified" // the provider did not verify the email
	SSORefusedNoClaim    = "no_claim"         // the ID token lacks the claim people are matched by
	SSORefusedUnknown    = "unknown_person"   // no active person of the region has it
	SSORefusedProvider   = "provider_error"   // the provider answered with an error (e.g. the person cancelled)
)

// SSOStore keeps the regions' identity providers.
type SSOStore interface {
	// SSOProvider is the region's provider; not found when none is set.
	SSOProvider(ctx context.Context, regionID int64) (SSOProvider, error)
	// SetSSOProvider sets the region's provider (an empty secret keeps
	// the kept one), audited without the secret.
	SetSSOProvider(ctx context.Context, regionID, actorID int64, in SSOInput) (SSOProvider, error)
	// SSOClient is the region's enabled provider with its secret; not
	// found when none is set or it is off.
	SSOClient(ctx context.Context, regionID int64) (SSOClient, error)
	// SSORegions are the regions with an enabled provider, by name.
	SSORegions(ctx context.Context) ([]Region, error)
	// SSOPerson is the active person of the region whose email (claim
	// "email") or NIP (any other claim) is value; not found otherwise.
	SSOPerson(ctx context.Context, regionID int64, claim, value string) (User, error)
	// RefuseSSO audits a refused sign-in through the region's provider.
	RefuseSSO(ctx context.Context, regionID int64, reason string) error
}

// SSOClaimValue is the value of the claim people are matched by in an ID
// token's claims, or why there is none (SSORefusedUnverified: an email
// the provider did not say it verified; SSORefusedNoClaim: no such claim,
// or not a string).
func SSOClaimValue(claims map[string]any, claim string) (string, string) {
	// Only a string: an 18-digit NIP sent as a JSON number has lost its
	// last digits on the way (a float64 keeps 15 or 16).
	c, _ := claims[claim].(string)
	v := strings.TrimSpace(c)
	if v == "" {
		return "", SSORefusedNoClaim
	}
	if claim == SSOClaimEmail {
		if verified, _ := claims["email_verified"].(bool); !verified {
			return "", SSORefusedUnverified
		}
	}
	return v, ""
}
