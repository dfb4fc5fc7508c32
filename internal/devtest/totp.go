package devtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/policies/samples"
)

// Second factors in tests. A site accepts each time step of an account's
// code once, and only within one step of its clock, later than the step it
// accepted last: three sign-ins of one account per 30 s at most. Tests
// never wait for the next step: TOTPCode hands out the steps of the window
// in order per site and account, and says when none is left (a test then
// reuses a client or token it signed in with already).

type totpKey struct{ site, email string }

var totpState = struct {
	sync.Mutex
	last    map[totpKey]int64
	secrets map[totpKey]string
}{last: map[totpKey]int64{}, secrets: map[totpKey]string{}}

// TOTPCode is a code of email's second factor on site (a server's address,
// or any name its database is known by) that the site has not accepted
// yet: under the secret a test enrolled it with (RememberTOTP), else the
// sample users' samples.DevTOTPSecret. ok is false when the window has no
// step left this account has not used.
func TOTPCode(site, email string) (string, bool) {
	totpState.Lock()
	defer totpState.Unlock()
	k := totpKey{site, strings.ToLower(email)}
	now := time.Now()
	s := policies.TOTPStep(now)
	low := s - policies.TOTPSkew
	if policies.TOTPPeriod-now.Unix()%policies.TOTPPeriod <= 3 {
		// The step before may be two behind by the time the code arrives.
		low = s
	}
	step := low
	if last, ok := totpState.last[k]; ok && last >= step {
		step = last + 1
	}
	if step > s+policies.TOTPSkew {
		return "", false
	}
	secret := totpState.secrets[k]
	if secret == "" {
		secret = samples.DevTOTPSecret
	}
	code, err := policies.TOTPCode(secret, step)
	if err != nil {
		panic(err) // a secret of the wrong form: the test's own mistake
	}
	totpState.last[k] = step
	return code, true
}

// MustTOTPCode is TOTPCode; when this window has no step left for the
// account (three sign-ins within one 30-s step, or two near its end, as a
// quick test can make), it waits for the next step to begin — the clock's
// own condition, at most one period — rather than failing the test.
func MustTOTPCode(t testing.TB, site, email string) string {
	t.Helper()
	for {
		if code, ok := TOTPCode(site, email); ok {
			return code
		}
		next := time.Unix((policies.TOTPStep(time.Now())+1)*policies.TOTPPeriod, 0)
		time.Sleep(time.Until(next))
	}
}

// RememberTOTP keeps the secret a test set email's second factor up with.
func RememberTOTP(site, email, secret string) {
	totpState.Lock()
	defer totpState.Unlock()
	k := totpKey{site, strings.ToLower(email)}
	totpState.secrets[k] = secret
	delete(totpState.last, k)
}

var enrolSecretRe = regexp.MustCompile(`id="tf-secret">([A-Z2-7 ]+)<`)

// EnrolSecret is the secret an enrolment page shows for typing in ("" when
// the page shows none).
func EnrolSecret(page string) string {
	m := enrolSecretRe.FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return strings.ReplaceAll(m[1], " ", "")
}

// SignIn signs the browser c (one that follows redirects and keeps
// cookies, Browser) in on the site at base as a person does: email and
// password, then the code the next page asks for, or the second factor's
// set-up when the account's role needs one it has not (its secret then
// remembered). It returns the last answer: the page asked for (next), or
// the recovery codes after a set-up; a refusal fails the test.
func SignIn(t testing.TB, c *http.Client, base, email, password, next string) (*http.Response, string) {
	t.Helper()
	res, page := SubmitForm(t, c, base+"/login", url.Values{"email": {email}, "password": {password}, "next": {next}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("sign in %s: %d\n%.500s", email, res.StatusCode, Tail(page, 500))
	}
	switch res.Request.URL.Path {
	case "/login/enrol":
		secret := EnrolSecret(page)
		if secret == "" {
			t.Fatalf("sign in %s: the set-up page shows no secret\n%.500s", email, page)
		}
		RememberTOTP(base, email, secret)
	case "/login/verify":
	default:
		return res, page
	}
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("sign in %s: no form on %s", email, res.Request.URL.Path)
	}
	f := url.Values{"csrf": {m[1]}, "code": {MustTOTPCode(t, base, email)}}
	req, _ := http.NewRequest("POST", base+res.Request.URL.Path, strings.NewReader(f.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, page = Do(t, c, req)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("sign in %s: the code: %d\n%.500s", email, res.StatusCode, Tail(page, 500))
	}
	return res, page
}

// Token signs in through the API on the site at base and returns a
// personal API token: with the second factor's code when the answer asks
// for one (set up first through the pages, SignIn, when the account's role
// needs one it has not). A refusal fails the test.
func Token(t testing.TB, base, email, password string) string {
	t.Helper()
	in := map[string]string{"email": email, "password": password, "name": "uji"}
	res, body := Call(t, "POST", base+"/api/v1/tokens", "", in)
	if res.StatusCode == http.StatusForbidden && strings.Contains(body, `"totp"`) {
		SignIn(t, Browser(), base, email, password, "")
		res, body = Call(t, "POST", base+"/api/v1/tokens", "", in)
	}
	if res.StatusCode == http.StatusUnauthorized && strings.Contains(body, `"totp"`) {
		in["totp"] = MustTOTPCode(t, base, email)
		res, body = Call(t, "POST", base+"/api/v1/tokens", "", in)
	}
	var out struct{ Token string }
	if res.StatusCode != http.StatusCreated || json.Unmarshal([]byte(body), &out) != nil || out.Token == "" {
		t.Fatalf("token for %s: %d %s", email, res.StatusCode, body)
	}
	return out.Token
}
