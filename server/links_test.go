package server_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/docx"
	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/pdftest"
)

// forgedHost is the address a hostile request names in Host and
// X-Forwarded-Host; no link the server makes may lead there.
const forgedHost = "verifikasi-palsu.example"

// getForged fetches a path of the server under the forged Host.
func (a *app) getForged(path string) (*http.Response, []byte) {
	a.t.Helper()
	req, _ := http.NewRequest("GET", a.srv.URL+path, nil)
	req.Host = forgedHost
	req.Header.Set("X-Forwarded-Host", forgedHost)
	req.Header.Set("X-Forwarded-Proto", "https")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

// An enacted Perwali fetched under a forged Host: its PDF (QR code and
// printed verification line), its DOCX, the JDIH feed and the verification
// API all lead to PUBLIC_URL, never to the Host the request named, and the
// PDF is the one already made, not a new render per Host.
func TestForgedHostGetsNoLink(t *testing.T) {
	a := newApp(t)
	id := a.policyID("sawahlunto-peningkatan-kapasitas-asn")
	a.approve(t, id)
	devtest.EnactInSQL(t, a.st.DB, id, 7, "2026-03-02", 3)
	v, err := a.st.DB.CurrentVersion(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	verify := a.srv.URL + "/verifikasi/" + v.SHA256
	pdfPath := fmt.Sprintf("/policies/%d/versions/%d/pdf", id, v.Number)

	_, honest := a.getBytes(a.people["anonymous"], pdfPath)
	res, forged := a.getForged(pdfPath)
	if res.StatusCode != 200 {
		t.Fatalf("PDF under a forged Host: %d", res.StatusCode)
	}
	if qr := firstPageQR(t, forged); qr != verify {
		t.Errorf("QR code under a forged Host: %q, want %q", qr, verify)
	}
	text := pdftest.Flat(strings.Join(pdfPages(t, forged), "\n"))
	if strings.Contains(text, forgedHost) || !strings.Contains(text, "Verifikasi keaslian: "+verify) {
		t.Errorf("the PDF under a forged Host names it, or lacks the line \"Verifikasi keaslian: %s\"", verify)
	}
	if !bytes.Equal(honest, forged) {
		t.Error("the PDF under a forged Host differs from the one already made: a new render per Host")
	}

	res, doc := a.getForged(fmt.Sprintf("/policies/%d/versions/%d/naskah.docx", id, v.Number))
	md, err := docx.Import(t.Context(), bytes.NewReader(doc), "naskah.docx")
	if res.StatusCode != 200 || err != nil {
		t.Fatalf("DOCX under a forged Host: %d %v", res.StatusCode, err)
	}
	if strings.Contains(string(doc), forgedHost) || strings.Contains(md, forgedHost) || !strings.Contains(md, verify) {
		t.Errorf("the DOCX under a forged Host does not lead to %s only", verify)
	}

	for _, path := range []string{"/produk-hukum.json", "/api/v1/jdih", "/api/v1/verify/" + v.SHA256, "/verifikasi/" + v.SHA256} {
		res, b := a.getForged(path)
		if res.StatusCode != 200 || bytes.Contains(b, []byte(forgedHost)) || strings.Contains(res.Header.Get("Link"), forgedHost) {
			t.Errorf("%s under a forged Host: %d, names the forged host: %s", path, res.StatusCode, b)
		}
	}
	res, feed := a.getForged("/api/v1/jdih")
	if !bytes.Contains(feed, []byte(a.srv.URL+"/")) {
		t.Errorf("the JDIH feed's URLs are not under PUBLIC_URL: %d %.400s", res.StatusCode, feed)
	}
}
