package server_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/server"
)

// Each caller may make only so many heavy requests (documents, uploads,
// imports) a minute: past that, 429 with Retry-After in the reader's
// language, and nothing done; other people, other addresses and light pages
// are not held back.
func TestHeavyRoutesAreLimitedPerCaller(t *testing.T) {
	routes, err := server.Routes()
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range server.HeavyRoutes() {
		if !routes[h] {
			t.Errorf("heavy route %q is no route of the server", h)
		}
	}

	a := newAppWith(t, func(d *server.Deps) { d.HeavyLimit = server.HeavyLimit{PerMinute: 2} })
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	docx := fmt.Sprintf("/policies/%d/versions/1/docx", id)
	drafter := a.people["drafter"]
	for i := 1; i <= 2; i++ {
		if res, body := a.get(drafter, docx); res.StatusCode != 200 {
			t.Fatalf("Word download %d: %d %.200s", i, res.StatusCode, body)
		}
	}
	res, body := a.get(drafter, docx)
	wait, _ := strconv.Atoi(res.Header.Get("Retry-After"))
	if res.StatusCode != http.StatusTooManyRequests || wait < 1 || wait > 30 ||
		!strings.Contains(body, "Terlalu banyak permintaan dokumen, unggahan atau impor dari Anda") {
		t.Errorf("third Word download in a minute: %d, Retry-After %q: %.300s", res.StatusCode, res.Header.Get("Retry-After"), gist(body))
	}
	// The same person through the API, in English: the same count.
	res, body = a.api(http.DefaultClient, a.tokens["drafter"], "GET", "/api/v1"+docx+"?lang=en", nil, "")
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "Too many document, upload or import requests") {
		t.Errorf("the API, same person, in English: %d %.300s", res.StatusCode, body)
	}
	// An upload over the limit is refused before its body is read: nothing stored.
	var before, after int
	a.st.DB.SQL().Get(&before, `SELECT count(*) FROM attachments`)
	res, _ = a.uploadAttachment(drafter, id, "naskah_akademik", "naskah.pdf", pdfFile("batas"))
	a.st.DB.SQL().Get(&after, `SELECT count(*) FROM attachments`)
	if res.StatusCode != http.StatusTooManyRequests || after != before {
		t.Errorf("an upload past the limit: %d, attachments %d → %d", res.StatusCode, before, after)
	}
	// A light page is not held back; another person has their own count.
	if res, _ := a.get(drafter, fmt.Sprintf("/policies/%d", id)); res.StatusCode != 200 {
		t.Errorf("the policy page past the heavy limit: %d, want 200", res.StatusCode)
	}
	if res, body := a.get(a.people["leader"], docx); res.StatusCode != 200 {
		t.Errorf("another person's Word download: %d %.200s", res.StatusCode, body)
	}
	// Signed out, each address counts for itself (the test client is a
	// trusted proxy: X-Real-IP names the client); the count comes before
	// the policy is looked at, so a draft's 404 counts too.
	pdf := docx[:len(docx)-len("docx")] + "pdf"
	from := func(addr string) int {
		req, _ := http.NewRequest("GET", a.srv.URL+pdf, nil)
		req.Header.Set("X-Real-IP", addr)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	got := []int{from("203.0.113.5"), from("203.0.113.5"), from("203.0.113.5"), from("203.0.113.9")}
	if got[0] != 404 || got[1] != 404 || got[2] != http.StatusTooManyRequests || got[3] != 404 {
		t.Errorf("a draft's PDF signed out, from one address three times, then from another: %v, want [404 404 429 404]", got)
	}
}
