package server_test

import (
	"bytes"
	"encoding/base64"
	"html"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/oidcop"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/policies/samples"
	"github.com/policyflow/policyflow/server"
)

// newLeader adds an active leader of Kota Sawahlunto with the sample
// password and no second factor yet, and returns their email.
func (a *app) newLeader(t *testing.T, name string) string {
	t.Helper()
	email := name + ".sawahlunto@policyflow.test"
	a.st.DB.SQL().MustExec(`INSERT INTO users (email, name, role, region_id, title, password_hash)
		SELECT $1, 'Pimpinan Baru', 'leader', region_id, 'Kepala Bidang', password_hash FROM users WHERE email = $2`,
		email, roleEmails["leader"])
	return email
}

// password posts the sign-in form with c as email; the answer must send
// to the second factor's page want.
func (a *app) password(t *testing.T, c *http.Client, email, want string) {
	t.Helper()
	res, body := a.form(c, "/login", url.Values{"csrf": {a.csrf(c, "/login")}, "email": {email}, "password": {samples.DevPassword}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
		t.Fatalf("password of %s: %d to %q, want 303 to %s\n%s", email, res.StatusCode, res.Header.Get("Location"), want, gist(body))
	}
}

// codeForm posts code to the second factor's page path with c.
func (a *app) codeForm(c *http.Client, path, code string) (*http.Response, string) {
	return a.form(c, path, url.Values{"csrf": {a.csrf(c, "/login")}, "code": {code}})
}

// failures counts the failed sign-ins recorded on email.
func (a *app) failures(t *testing.T, email string) int {
	t.Helper()
	var n int
	a.st.DB.SQL().Get(&n, `SELECT count(*) FROM login_attempts WHERE NOT ok AND lower(email) = lower($1)`, email)
	return n
}

var qrRe = regexp.MustCompile(`<img src="data:image/png;base64,([A-Za-z0-9+/=&#;]+)"[^>]*alt="([^"]+)"[^>]*id="tf-qr"`)
var recoveryRe = regexp.MustCompile(`<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>`)

// A leader with no second factor signs in: after the password, the set-up
// page (a pre-session, no signed-in page yet) shows the QR code and the
// secret; a wrong code is refused and counted; the right one signs them in
// and shows ten recovery codes once, kept hashed. Then no page or answer
// shows the secret; the code is asked at every sign-in, each code once;
// a recovery code works once; wrong codes meet the sign-in limits.
func TestSecondFactorEnrolAndSignIn(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	email := a.newLeader(t, "kabid.baru")
	c := a.client()
	a.password(t, c, email, "/login/enrol")

	// Before the second factor: no signed-in page, the pre-session is no session.
	if res, _ := a.get(c, "/dashboard"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the dashboard before the second factor: %d, want the sign-in redirect", res.StatusCode)
	}
	res, page := a.get(c, "/login/enrol")
	m := qrRe.FindStringSubmatch(page)
	if res.StatusCode != 200 || m == nil || !strings.Contains(page, "Pasang verifikasi dua langkah") {
		t.Fatalf("the set-up page: %d, no QR code image\n%s", res.StatusCode, gist(page))
	}
	secret := devtest.EnrolSecret(page)
	raw, _ := base64.StdEncoding.DecodeString(html.UnescapeString(m[1]))
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("the QR code is no PNG: %v", err)
	}
	bmp, _ := gozxing.NewBinaryBitmapFromImage(img)
	// A generated, unturned code: read as a pure barcode (gozxing's
	// finder-pattern search fails on some random secrets' images).
	read, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_PURE_BARCODE: true})
	if err != nil {
		read, err = qrcode.NewQRCodeReader().Decode(bmp, nil)
	}
	if err != nil || read.GetText() != policies.TOTPURL(secret, email) || !strings.HasPrefix(read.GetText(), "otpauth://totp/Policyflow:") {
		t.Errorf("the QR code reads %v %v, want %s", read, err, policies.TOTPURL(secret, email))
	}
	var stored string
	db.Get(&stored, `SELECT secret FROM second_factors f JOIN users u ON u.id = f.user_id WHERE u.email = $1 AND f.confirmed_at IS NULL`, email)
	if len(secret) != 32 || secret != stored {
		t.Fatalf("the page's secret %q is not the enrolment's %q", secret, stored)
	}
	if h := res.Header.Get("Cache-Control"); !strings.Contains(h, "no-store") {
		t.Errorf("the set-up page may be kept: Cache-Control %q", h)
	}
	devtest.RememberTOTP(a.srv.URL, email, secret)

	// A wrong code: 422, the page again, counted against the account.
	before := a.failures(t, email)
	if res, body := a.codeForm(c, "/login/enrol", "000000"); res.StatusCode != 422 || !strings.Contains(body, `id="tf-error"`) || !strings.Contains(body, "tf-qr") {
		t.Errorf("a wrong code: %d\n%s", res.StatusCode, gist(body))
	}
	if n := a.failures(t, email); n != before+1 {
		t.Errorf("failed sign-ins after a wrong code: %d, want %d", n, before+1)
	}
	res, body := a.codeForm(c, "/login/enrol", a.code(t, email))
	codes := recoveryRe.FindAllStringSubmatch(body, -1)
	if res.StatusCode != 200 || len(codes) != policies.RecoveryCodeCount {
		t.Fatalf("the right code: %d, %d recovery codes\n%s", res.StatusCode, len(codes), gist(body))
	}
	if res, _ := a.get(c, "/dashboard"); res.StatusCode != 200 {
		t.Errorf("the dashboard after the set-up: %d", res.StatusCode)
	}
	var hashes []string
	db.Select(&hashes, `SELECT code_hash FROM recovery_codes r JOIN users u ON u.id = r.user_id WHERE u.email = $1`, email)
	if len(hashes) != policies.RecoveryCodeCount || strings.Contains(strings.Join(hashes, " "), strings.ReplaceAll(codes[0][1], "-", "")) {
		t.Errorf("recovery codes kept: %d, want %d hashes", len(hashes), policies.RecoveryCodeCount)
	}
	var audited int
	db.Get(&audited, `SELECT count(*) FROM audit_log WHERE action = 'user.second_factor_enrolled' AND actor_id = (SELECT id FROM users WHERE email = $1)`, email)
	if audited != 1 {
		t.Errorf("set-ups audited: %d, want 1", audited)
	}

	// The secret is shown nowhere now.
	tok := a.token(email)
	for _, path := range []string{"/settings", "/settings/second-factor", "/privacy", "/notifications"} {
		if _, page := a.get(c, path); strings.Contains(page, secret) || strings.Contains(page, "tf-qr") {
			t.Errorf("%s shows the secret", path)
		}
	}
	for _, path := range []string{"/api/v1/me", "/api/v1/notifications", "/api/v1/tokens"} {
		if _, out := a.api(http.DefaultClient, tok, "GET", path, nil, ""); strings.Contains(out, secret) {
			t.Errorf("%s answers the secret", path)
		}
	}
	if _, page := a.get(c, "/settings"); !strings.Contains(page, "Aktif sejak") {
		t.Errorf("the settings do not say two-step verification is on\n%s", gist(page))
	}

	// The next sign-in asks for the code; the one used is refused (replay).
	d := a.client()
	a.password(t, d, email, "/login/verify")
	var last int64
	db.Get(&last, `SELECT last_step FROM second_factors f JOIN users u ON u.id = f.user_id WHERE u.email = $1`, email)
	used, _ := policies.TOTPCode(secret, last)
	if res, body := a.codeForm(d, "/login/verify", used); res.StatusCode != 422 || !strings.Contains(body, "sudah dipakai") {
		t.Errorf("a code used already: %d\n%s", res.StatusCode, gist(body))
	}
	// A recovery code instead: once.
	if res, _ := a.codeForm(d, "/login/verify", strings.ToUpper(codes[0][1])); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a recovery code: %d, want 303", res.StatusCode)
	}
	if res, _ := a.get(d, "/dashboard"); res.StatusCode != 200 {
		t.Errorf("the dashboard after a recovery code: %d", res.StatusCode)
	}
	db.Get(&audited, `SELECT count(*) FROM audit_log WHERE action = 'user.recovery_code_used' AND actor_id = (SELECT id FROM users WHERE email = $1)`, email)
	if audited != 1 {
		t.Errorf("recovery codes used, audited: %d, want 1", audited)
	}
	e := a.client()
	a.password(t, e, email, "/login/verify")
	if res, _ := a.codeForm(e, "/login/verify", codes[0][1]); res.StatusCode != 422 {
		t.Errorf("a recovery code a second time: %d, want 422", res.StatusCode)
	}
	// The guessing limit: after three failures from this address since
	// the last sign-in (the recovery code used again is one), a fourth try
	// waits, even with the right code.
	for _, wrong := range []string{"111111", "222222"} {
		if res, _ := a.codeForm(e, "/login/verify", wrong); res.StatusCode != 422 {
			t.Errorf("a wrong code: %d, want 422", res.StatusCode)
		}
	}
	now, _ := policies.TOTPCode(secret, policies.TOTPStep(time.Now()))
	res, body = a.codeForm(e, "/login/verify", now)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || !strings.Contains(body, "detik") {
		t.Errorf("the right code after the limit: %d (Retry-After %q), want 429", res.StatusCode, res.Header.Get("Retry-After"))
	}
	// The history says it in words.
	_, page = a.get(a.people["admin"], "/admin")
	for _, words := range []string{"Verifikasi dua langkah dipasang", "Kode pemulihan dipakai untuk masuk"} {
		if !strings.Contains(page, words) {
			t.Errorf("the admin audit does not say %q", words)
		}
	}
}

// Those whose role needs a second factor reach no signed-in page before
// it: not with the password alone (the code's or the set-up's pre-session),
// not with a session whose factor an administrator reset since.
func TestSecondFactorBeforeAnyPage(t *testing.T) {
	a := newApp(t)
	verifying, enrolling := a.client(), a.client()
	a.password(t, verifying, "kabid.pangkalpinang@policyflow.test", "/login/verify")
	a.password(t, enrolling, a.newLeader(t, "kabid.lain"), "/login/enrol")
	fill := strings.NewReplacer("{id}", "1", "{n}", "1", "{pid}", "1", "{round}", "1", "{person}", "1", "{cid}", "1", "{hash}", strings.Repeat("a", 64))
	pages := server.SignedInPages()
	for _, pattern := range pages {
		path := regexp.MustCompile(`\{[a-z]+\}`).ReplaceAllString(fill.Replace(pattern), "1")
		for name, c := range map[string]*http.Client{"code": verifying, "set-up": enrolling} {
			if res, _ := a.get(c, path); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
				t.Errorf("GET %s waiting for the %s: %d to %q, want the sign-in", path, name, res.StatusCode, res.Header.Get("Location"))
			}
		}
	}
	t.Logf("%d signed-in pages refused before the second factor", len(pages))

	// An administrator resets the leader's second factor: their session
	// and token end at once, they are told, and the next sign-in sets up again.
	leader := a.user("leader")
	admin := a.people["admin"]
	p := "/admin/people/" + itoa(leader.ID)
	if _, page := a.get(admin, p); !strings.Contains(page, `id="tf-reset"`) {
		t.Fatalf("the person's page offers no reset of the second factor")
	}
	res, _ := a.form(admin, p+"/second-factor/reset", url.Values{"csrf": {a.csrf(admin, p)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d", res.StatusCode)
	}
	if _, page := a.get(admin, res.Header.Get("Location")); !strings.Contains(page, "diatur ulang") {
		t.Errorf("the person's page does not say the reset was done")
	}
	if res, _ := a.get(a.people["leader"], "/dashboard"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the leader's session after the reset: %d, want the sign-in", res.StatusCode)
	}
	if res, _ := a.api(http.DefaultClient, a.tokens["leader"], "GET", "/api/v1/me", nil, ""); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("the leader's token after the reset: %d, want 401", res.StatusCode)
	}
	var told, audited int
	a.st.DB.SQL().Get(&told, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'second_factor'`, leader.ID)
	a.st.DB.SQL().Get(&audited, `SELECT count(*) FROM audit_log WHERE action = 'user.second_factor_reset' AND subject = $1`, "user:"+itoa(leader.ID))
	if told != 1 || audited != 1 {
		t.Errorf("the reset: %d notices, %d audit rows; want 1 and 1", told, audited)
	}
	a.password(t, a.client(), leader.Email, "/login/enrol")
	// Nobody resets their own; another region's administrator cannot.
	self := "/api/v1/admin/people/" + itoa(a.user("admin").ID) + "/second-factor/reset"
	if res, _ := a.api(http.DefaultClient, a.tokens["admin"], "POST", self, nil, ""); res.StatusCode != http.StatusConflict {
		t.Errorf("resetting one's own: %d, want 409", res.StatusCode)
	}
	other := "/api/v1/admin/people/" + itoa(a.user("legal").ID) + "/second-factor/reset"
	if res, _ := a.api(http.DefaultClient, a.storeToken("admin.pangkalpinang@policyflow.test"), "POST", other, nil, ""); res.StatusCode != http.StatusNotFound {
		t.Errorf("another region's administrator: %d, want 404", res.StatusCode)
	}
}

// A token through the API: an account with a second factor sends its
// code in totp (or a recovery code); without it 401 naming the field, not
// counted; a wrong one 401, counted; one whose role needs a second factor
// it has not set up is sent to the web (403 naming totp).
func TestSecondFactorAPIToken(t *testing.T) {
	a := newApp(t)
	email := "hukum.pangkalpinang@policyflow.test"
	post := func(more ...string) (*http.Response, string) {
		in := map[string]string{"email": email, "password": samples.DevPassword}
		for i := 0; i+1 < len(more); i += 2 {
			in[more[i]] = more[i+1]
		}
		return a.api(http.DefaultClient, "", "POST", "/api/v1/tokens", in, "")
	}
	before := a.failures(t, email)
	res, out := post()
	wantRefusal(t, "no code", res, out, []int{401}, "totp")
	if n := a.failures(t, email); n != before {
		t.Errorf("a missing code counted as a failure")
	}
	res, out = post("totp", "000000")
	wantRefusal(t, "a wrong code", res, out, []int{401}, "totp")
	if n := a.failures(t, email); n != before+1 {
		t.Errorf("failures after a wrong code: %d, want %d", n, before+1)
	}
	code := a.code(t, email)
	if res, out := post("totp", code); res.StatusCode != 201 {
		t.Fatalf("the right code: %d %s", res.StatusCode, out)
	}
	res, out = post("totp", code)
	wantRefusal(t, "the same code again", res, out, []int{401}, "totp")
	res, out = post("recovery_code", "abcde-fghjk")
	wantRefusal(t, "a wrong recovery code", res, out, []int{401}, "recovery_code")
	// A drafter has none and needs none: the password alone.
	if res, out := a.api(http.DefaultClient, "", "POST", "/api/v1/tokens", map[string]string{"email": "penyusun.pangkalpinang@policyflow.test", "password": samples.DevPassword}, ""); res.StatusCode != 201 {
		t.Errorf("a drafter's token: %d %s", res.StatusCode, out)
	}
	fresh := a.newLeader(t, "kabid.api")
	res, out = a.api(http.DefaultClient, "", "POST", "/api/v1/tokens", map[string]string{"email": fresh, "password": samples.DevPassword}, "")
	wantRefusal(t, "a leader with no second factor", res, out, []int{403}, "totp")
}

// A leader signing in through the city's identity provider gets the
// second factor too: the callback sends them to the code's page (no
// session yet), and the code to the page they asked for.
func TestSecondFactorAfterSSO(t *testing.T) {
	w := newSSOWorld(t)
	const leader = "kabid.sawahlunto@policyflow.test"
	w.op.AddUser(oidcop.User{Subject: "kabid", Email: leader, EmailVerified: true})
	c, res, body := w.signIn(t, "sawahlunto", leader)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login/verify" {
		t.Fatalf("a leader back from the provider: %d to %q, want the code's page\n%s", res.StatusCode, res.Header.Get("Location"), gist(body))
	}
	if res, _ := w.a.get(c, "/dashboard"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the dashboard before the code: %d, want the sign-in", res.StatusCode)
	}
	if res := w.a.passCode(t, c, "", w.a.code(t, leader)); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/notifications" {
		t.Fatalf("the code: %d to %q, want the page asked for", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := w.a.get(c, "/dashboard"); res.StatusCode != http.StatusOK {
		t.Errorf("the dashboard after the code: %d", res.StatusCode)
	}
}
