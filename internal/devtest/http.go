package devtest

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Call sends one request with http.DefaultClient and returns the answer
// with its body read: body, when not nil, as JSON; token, when not empty,
// as the bearer token; header as name, value pairs.
func Call(t testing.TB, method, url, token string, body any, header ...string) (*http.Response, string) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return Do(t, http.DefaultClient, req)
}

// Do sends req with c and returns the answer with its body read; a request
// that gets no answer fails the test.
func Do(t testing.TB, c *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res, string(out)
}

// Browser is a client that keeps its cookies, as a person's browser does.
func Browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// SubmitForm opens the page at addr with c and posts form to it with the
// page's CSRF token, as a person filling it in does; a page that does not
// open (not 200) or has no token fails the test.
func SubmitForm(t testing.TB, c *http.Client, addr string, form url.Values) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", addr, nil)
	res, page := Do(t, c, req)
	m := csrfField.FindStringSubmatch(page)
	if res.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("GET %s: %d, no form with a CSRF token\n%.500s", addr, res.StatusCode, page)
	}
	f := url.Values{"csrf": {m[1]}}
	maps.Copy(f, form)
	req, _ = http.NewRequest("POST", addr, strings.NewReader(f.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return Do(t, c, req)
}
