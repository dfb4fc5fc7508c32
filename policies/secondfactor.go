package policies

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"net/url"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// The second factor of a sign-in (issue 24): a time-based one-time code
// (RFC 6238: HMAC-SHA-1, 6 digits, a 30-second step, the form every
// authenticator app reads) after the password or the identity provider.
// Administrators, leaders and Bagian Hukum must use one; anyone else may.
// A code's step is accepted once per account (replay protection): one step
// of clock drift either way is allowed, for steps after the one last
// accepted only. Ten one-time recovery codes stand in for a lost phone.
const (
	TOTPPeriod        = 30 // seconds
	TOTPDigits        = 6
	TOTPSkew          = 1 // steps either way
	RecoveryCodeCount = 10
	// PendingSignInLifetime is how long a sign-in waits for its second
	// factor (or its enrolment) after the first.
	PendingSignInLifetime = 10 * time.Minute
	// TOTPIssuer names the account in the authenticator app.
	TOTPIssuer = "Policyflow"
)

// SecondFactorRequired says whether people of the role must use a second
// factor to sign in: those who hold the city's power and its records.
func SecondFactorRequired(r Role) bool {
	return r == RoleAdmin || r == RoleLeader || r == RoleLegal
}

// SecondFactor is a person's second factor as the pages show it: never its
// secret.
type SecondFactor struct {
	Enrolled     bool       // confirmed by a valid code
	ConfirmedAt  *time.Time // when; nil when not enrolled
	RecoveryLeft int        // unused recovery codes
}

// TOTPStep is the time step of t.
func TOTPStep(t time.Time) int64 { return t.Unix() / TOTPPeriod }

// totpOpts are the parameters every authenticator app reads.
var totpOpts = totp.ValidateOpts{Period: TOTPPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// TOTPCode is the code of secret (base32) at step.
func TOTPCode(secret string, step int64) (string, error) {
	return totp.GenerateCodeCustom(secret, time.Unix(step*TOTPPeriod, 0), totpOpts)
}

// MatchTOTP is the step, among those within TOTPSkew of now and after
// last (the step last accepted), whose code is code; ok is false when none
// is. A code of the wrong form matches nothing.
func MatchTOTP(secret, code string, now time.Time, last int64) (int64, bool) {
	code = strings.TrimSpace(code)
	if !IsTOTPCode(code) {
		return 0, false
	}
	s := TOTPStep(now)
	for step := max(s-TOTPSkew, last+1); step <= s+TOTPSkew; step++ {
		if want, err := TOTPCode(secret, step); err == nil && want == code {
			return step, true
		}
	}
	return 0, false
}

// IsTOTPCode says whether s has the form of a code: six digits.
func IsTOTPCode(s string) bool {
	if len(s) != TOTPDigits {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// NewTOTPSecret is a fresh secret: 160 random bits in base32 without
// padding (RFC 4226's recommended length).
func NewTOTPSecret() string {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the system's randomness failed: nothing safe to do
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

// TOTPURL is the otpauth:// address an authenticator app reads from the
// QR code: the account named by its email under the issuer.
func TOTPURL(secret, email string) string {
	q := url.Values{"secret": {secret}, "issuer": {TOTPIssuer}, "algorithm": {"SHA1"}, "digits": {"6"}, "period": {"30"}}
	return "otpauth://totp/" + url.PathEscape(TOTPIssuer+":"+email) + "?" + q.Encode()
}

// recoveryAlphabet has no letters read alike (0/o, 1/l/i).
const recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// NewRecoveryCodes are RecoveryCodeCount fresh codes, each ten characters
// in two groups ("k7mqd-x2hpa"), about 49 bits each.
func NewRecoveryCodes() []string {
	out := make([]string, RecoveryCodeCount)
	b := make([]byte, 10)
	for i := range out {
		if _, err := rand.Read(b); err != nil {
			panic(err)
		}
		var sb strings.Builder
		for j, c := range b {
			if j == 5 {
				sb.WriteByte('-')
			}
			sb.WriteByte(recoveryAlphabet[int(c)%len(recoveryAlphabet)])
		}
		out[i] = sb.String()
	}
	return out
}

// NormalRecoveryCode is a recovery code as typed, in the form its hash is
// kept of: lower case, without spaces or dashes.
func NormalRecoveryCode(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
}

// TOTPCheck accepts a code against a secret and the step last accepted:
// the step it matched, or false (MatchTOTP at a moment).
type TOTPCheck func(secret string, last int64) (int64, bool)

// SecondFactorStore keeps the second factors, their recovery codes and the
// sign-ins waiting for one.
type SecondFactorStore interface {
	// SecondFactorOf is the person's second factor (not enrolled when none).
	SecondFactorOf(ctx context.Context, userID int64) (SecondFactor, error)
	// BeginEnrolment is the secret of the person's enrolment under way,
	// made from secret when none is; KindConflict when enrolled already.
	BeginEnrolment(ctx context.Context, userID int64, secret string) (string, error)
	// EnrolmentSecret is the secret of the enrolment under way, for its
	// page; KindNotFound when none is (none begun, or confirmed).
	EnrolmentSecret(ctx context.Context, userID int64) (string, error)
	// ConfirmEnrolment confirms the enrolment under way when check accepts
	// its secret, keeps the recovery codes' hashes, audits it and tells the
	// person (notice, in the language they chose); false when check refuses.
	ConfirmEnrolment(ctx context.Context, userID int64, check TOTPCheck, recoveryHashes []string, notice func(lang string) Notification) (bool, error)
	// UseTOTP accepts a code of the person's enrolled factor when check
	// accepts it, remembering its step; false when refused or not enrolled.
	UseTOTP(ctx context.Context, userID int64, check TOTPCheck) (bool, error)
	// UseRecoveryCode spends the unused recovery code of the hash, audited
	// and told to the person (notice, given the codes left and the language
	// they chose); false when there is none.
	UseRecoveryCode(ctx context.Context, userID int64, hash string, notice func(left int, lang string) Notification) (bool, error)
	// ResetSecondFactor removes the second factor of a person of the region,
	// their recovery codes and sessions, audited as actorID's and told to
	// the person (notice, in the language they chose); they enrol again at
	// their next sign-in.
	ResetSecondFactor(ctx context.Context, regionID, actorID, userID int64, notice func(lang string) Notification) (User, error)

	// CreatePendingSignIn keeps a sign-in waiting for its second factor
	// under the hash of its cookie's token, until expires.
	CreatePendingSignIn(ctx context.Context, tokenHash string, userID int64, next string, expires time.Time) error
	// PendingSignIn is the waiting sign-in's person and where it goes
	// next; KindNotFound when unknown or expired.
	PendingSignIn(ctx context.Context, tokenHash string) (User, string, error)
	DeletePendingSignIn(ctx context.Context, tokenHash string) error
}
