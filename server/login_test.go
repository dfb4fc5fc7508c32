package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/policies/samples"
)

// Sign-in: the limits are per account and address, with a growing wait, so
// a stranger cannot lock a person out; next leads only to a path of this
// site; a session left idle ends.
func TestSignIn(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	// apiFrom asks for a token as if from ip; it returns the status and Retry-After in seconds.
	apiFrom := func(t *testing.T, ip, email, password string, more ...string) (int, int) {
		t.Helper()
		in := map[string]string{"email": email, "password": password}
		for i := 0; i+1 < len(more); i += 2 {
			in[more[i]] = more[i+1]
		}
		b, _ := json.Marshal(in)
		req, _ := http.NewRequest("POST", a.srv.URL+"/api/v1/tokens", bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Real-IP", ip)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		wait, _ := strconv.Atoi(res.Header.Get("Retry-After"))
		return res.StatusCode, wait
	}
	// pageFrom signs in through the form as if from ip.
	pageFrom := func(t *testing.T, c *http.Client, ip string, v url.Values) *http.Response {
		t.Helper()
		return a.postFrom(t, c, "/login", ip, v)
	}

	t.Run("a stranger cannot lock the owner out", func(t *testing.T) {
		email := "kabid.bukittinggi@policyflow.test" // a leader: password and code
		const stranger, owner = "203.0.113.66", "198.51.100.7"
		refused := 0
		for i := range 50 {
			code, wait := apiFrom(t, stranger, email, "tebakan-"+strconv.Itoa(i))
			switch {
			case i < 3 && code != 401:
				t.Fatalf("the stranger's failure %d: %d, want 401", i+1, code)
			case i >= 3 && (code != 429 || wait < 1):
				t.Fatalf("the stranger's try %d: %d (Retry-After %d), want 429", i+1, code, wait)
			}
			if code == 429 {
				refused++
			}
		}
		if code, _ := apiFrom(t, owner, email, samples.DevPassword, "totp", a.code(t, email)); code != 201 {
			t.Errorf("the owner from another address, through the API: %d, want 201", code)
		}
		c := a.client()
		if res := pageFrom(t, c, owner, url.Values{"email": {email}, "password": {samples.DevPassword}}); res.StatusCode != 303 {
			t.Errorf("the owner from another address, on the page: %d, want 303", res.StatusCode)
		}
		if res := a.passCode(t, c, owner, a.code(t, email)); res.StatusCode != 303 {
			t.Errorf("the owner's code from another address: %d, want 303", res.StatusCode)
		}
		if res, _ := a.get(c, "/dashboard"); res.StatusCode != 200 {
			t.Errorf("the owner's dashboard: %d", res.StatusCode)
		}
		// The stranger's address is still refused, even with the right password.
		if res := pageFrom(t, a.client(), stranger, url.Values{"email": {email}, "password": {samples.DevPassword}}); res.StatusCode != 429 || res.Header.Get("Retry-After") == "" {
			t.Errorf("the stranger's address with the right password: %d (Retry-After %q), want 429", res.StatusCode, res.Header.Get("Retry-After"))
		}
		var recorded int
		db.Get(&recorded, `SELECT count(*) FROM login_attempts WHERE ip = $1`, stranger)
		t.Logf("50 tries from the stranger's address: %d refused unchecked, %d recorded", refused, recorded)
		if recorded != 3 {
			t.Errorf("%d attempts recorded from the stranger's address, want the 3 checked", recorded)
		}
	})

	t.Run("the wait of an account from an address grows", func(t *testing.T) {
		email := roleEmails["stakeholder"]
		const ip = "203.0.113.9"
		// passes moves the address's attempts back by secs, in the database's clock.
		passes := func(t *testing.T, secs int) {
			t.Helper()
			if _, err := db.Exec(`UPDATE login_attempts SET created_at = created_at - make_interval(secs => $2) WHERE ip = $1`, ip, secs); err != nil {
				t.Fatal(err)
			}
		}
		for i := range 3 {
			if code, _ := apiFrom(t, ip, email, "salah"); code != 401 {
				t.Fatalf("failure %d: %d, want 401", i+1, code)
			}
		}
		var waits []int
		for _, want := range []int{8, 16, 32} {
			// The right password waits too.
			code, wait := apiFrom(t, ip, email, samples.DevPassword)
			waits = append(waits, wait)
			if code != 429 || wait > want || wait < want-2 {
				t.Errorf("while waiting: %d (Retry-After %d), want 429 after about %d s", code, wait, want)
			}
			passes(t, want)
			if code, _ := apiFrom(t, ip, email, "salah"); code != 401 {
				t.Fatalf("after the wait, a wrong password: %d, want 401", code)
			}
		}
		t.Logf("Retry-After after 3, 4, 5 failures: %v s", waits)
		// Six failures now; six more make 2^12 s, capped at 15 minutes.
		db.MustExec(`INSERT INTO login_attempts (email, ip, ok) SELECT $1, $2, false FROM generate_series(1, 6)`, email, ip)
		if code, wait := apiFrom(t, ip, email, samples.DevPassword); code != 429 || wait < 890 || wait > 900 {
			t.Errorf("after 12 failures: %d (Retry-After %d), want 429 after 15 min", code, wait)
		}
		// Once the wait is over, a success starts the pair afresh.
		passes(t, 900)
		if code, _ := apiFrom(t, ip, email, samples.DevPassword); code != 201 {
			t.Fatalf("after the wait, the right password: %d, want 201", code)
		}
		if code, _ := apiFrom(t, ip, email, "salah"); code != 401 {
			t.Errorf("the first failure after a success: %d, want 401", code)
		}
	})

	t.Run("next stays on this site", func(t *testing.T) {
		for _, tc := range []struct{ next, want string }{
			{"/policies/1?tab=versi#bagian", "/policies/1?tab=versi#bagian"},
			{"/settings", "/settings"},
			{"", "/dashboard"},
			{"//evil.example/", "/dashboard"},
			{"/\\evil.example", "/dashboard"},
			{"\\\\evil.example", "/dashboard"},
			{"/\t/evil.example", "/dashboard"},
			{"/\r\n/evil.example", "/dashboard"},
			{"https://evil.example/", "/dashboard"},
			{"javascript:alert(1)", "/dashboard"},
			{"evil.example", "/dashboard"},
		} {
			c := a.client()
			res := pageFrom(t, c, "192.0.2.44", url.Values{"email": {roleEmails["drafter"]}, "password": {samples.DevPassword}, "next": {tc.next}})
			if got := res.Header.Get("Location"); res.StatusCode != 303 || got != tc.want {
				t.Errorf("next %q: %d to %q, want 303 to %q", tc.next, res.StatusCode, got, tc.want)
			}
		}
		// Through the second factor, next is kept, and kept safe.
		for _, tc := range []struct{ next, want string }{{"/settings", "/settings"}, {"//evil.example/", "/dashboard"}} {
			c := a.client()
			res := pageFrom(t, c, "192.0.2.45", url.Values{"email": {"admin.pangkalpinang@policyflow.test"}, "password": {samples.DevPassword}, "next": {tc.next}})
			if got := res.Header.Get("Location"); res.StatusCode != 303 || got != "/login/verify" {
				t.Fatalf("admin's password: %d to %q, want 303 to the code", res.StatusCode, got)
			}
			res = a.passCode(t, c, "192.0.2.45", a.code(t, "admin.pangkalpinang@policyflow.test"))
			if got := res.Header.Get("Location"); res.StatusCode != 303 || got != tc.want {
				t.Errorf("next %q after the code: %d to %q, want 303 to %q", tc.next, res.StatusCode, got, tc.want)
			}
		}
	})

	t.Run("a session left idle ends", func(t *testing.T) {
		c := a.login(roleEmails["unit_officer"])
		if res, _ := a.get(c, "/dashboard"); res.StatusCode != 200 {
			t.Fatalf("dashboard: %d", res.StatusCode)
		}
		// Every session of the officer, last seen just over the idle lifetime ago.
		if _, err := db.Exec(`UPDATE sessions SET created_at = now() - interval '3 hours',
			last_seen_at = now() - make_interval(secs => $2) - interval '1 second'
			WHERE user_id = (SELECT id FROM users WHERE email = $1)`, roleEmails["unit_officer"], policies.SessionIdle.Seconds()); err != nil {
			t.Fatal(err)
		}
		if res, _ := a.get(c, "/dashboard"); res.StatusCode != 303 || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("dashboard after %v idle: %d to %q, want 303 to sign in", policies.SessionIdle, res.StatusCode, res.Header.Get("Location"))
		}
	})
}

// code is a code of email's second factor the server has not accepted yet.
func (a *app) code(t *testing.T, email string) string {
	t.Helper()
	return devtest.MustTOTPCode(t, a.srv.URL, email)
}

// passCode posts a second factor's code with c to the page that asks for
// it, as if from ip (X-Real-IP; "" for the test's own address).
func (a *app) passCode(t *testing.T, c *http.Client, ip, code string) *http.Response {
	t.Helper()
	return a.postFrom(t, c, "/login/verify", ip, url.Values{"code": {code}})
}

// postFrom posts the form v to path with c and its CSRF token, as if from
// ip (X-Real-IP; "" for the test's own address).
func (a *app) postFrom(t *testing.T, c *http.Client, path, ip string, v url.Values) *http.Response {
	t.Helper()
	v.Set("csrf", a.csrf(c, "/login"))
	req, _ := http.NewRequest("POST", a.srv.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if ip != "" {
		req.Header.Set("X-Real-IP", ip)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}
