package server_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/internal/pdftest"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/server"
	"github.com/policyflow/policyflow/signing"
)

// A region with keys (make dev's test CA: Sawahlunto's own key and its
// Wali Kota's) signs the official PDF when the legal unit records the
// enactment: pdfsig, trusting the test CA, says the downloaded PDF's
// signature is valid and a copy with one byte changed is not; the
// verification page says valid, names the signer, the certificate's
// subject and the signing time, and that the certificate is a test one,
// in both languages. After the promulgation the PDF is the promulgation's
// signed file (the Sekda has no key of his own: the region's key signs).
// A region with no key (Pangkalpinang) enacts all the same, and its
// verification says the text is not signed electronically.
func TestEnactmentSignsThePDF(t *testing.T) {
	dir := t.TempDir()
	if err := signing.DevCA(dir, []signing.DevSigner{{Region: "sawahlunto", Name: "Pemerintah Kota Sawahlunto"},
		{Region: "sawahlunto", Email: "walikota.sawahlunto@policyflow.test", Name: "Wali Kota"}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	keys, err := signing.LoadKeys(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	a := newAppSigning(t, keys)
	c, anon := http.DefaultClient, a.people["anonymous"]
	today := time.Now().In(policies.ZoneWIB.Location()).Format(time.DateOnly)
	id := a.policyID("sawahlunto-pengelolaan-kompetensi-asn")
	a.approve(t, id)
	wali := a.st.UserID(t, "walikota.sawahlunto@policyflow.test")
	sekda := a.st.UserID(t, "sekda.sawahlunto@policyflow.test")
	api := fmt.Sprintf("/api/v1/policies/%d", id)
	if res, out := a.api(c, a.tokens["legal"], "POST", api+"/enactments", map[string]any{"form": "perwali", "enacted_on": today,
		"principal_id": wali, "signer_id": wali}, ""); res.StatusCode != 201 {
		t.Fatalf("enact: %d %s", res.StatusCode, out)
	}
	v, err := a.st.DB.CurrentVersion(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	pdfPath := fmt.Sprintf("/policies/%d/versions/%d/pdf", id, v.Number)
	signed := download(t, anon, a.srv.URL+pdfPath)

	db := pdftest.NSS(t, filepath.Join(dir, "ca.crt"))
	out := pdftest.Sig(t, db, pdftest.File(t, signed))
	for _, want := range []string{"Signature Validation: Signature is Valid.", "Certificate Validation: Certificate is Trusted.",
		"Signer Certificate Common Name: Wali Kota (" + signing.TestMark + ")", "Total document signed"} {
		if !strings.Contains(out, want) {
			t.Errorf("pdfsig of the enacted PDF lacks %q:\n%s", want, out)
		}
	}
	bad := pdftest.OneByteChanged(t, signed)
	if badOut := pdftest.Sig(t, db, pdftest.File(t, bad)); strings.Contains(badOut, "Signature is Valid") || !strings.Contains(badOut, "Digest Mismatch") {
		t.Errorf("pdfsig says a changed copy is valid:\n%s", badOut)
	}

	verifyPage := "/verifikasi/" + v.SHA256
	_, page := a.get(anon, verifyPage+"?lang=id")
	for _, want := range []string{`id="verify-signature" data-valid="true"`, "Tanda tangan elektronik sah", `id="verify-signature-test"`,
		"Sertifikat uji, tidak sah", `<dd id="verify-signature-signer">Wali Kota</dd>`, "CN=Wali Kota (SERTIFIKAT UJI", "Penetapan", "Waktu penandatanganan"} {
		if !strings.Contains(page, want) {
			t.Errorf("verification page lacks %q", want)
		}
	}
	if _, page := a.get(anon, verifyPage+"?lang=en"); !strings.Contains(page, "Valid electronic signature") || !strings.Contains(page, "Test certificate, not legally valid") {
		t.Error("English verification page lacks the signature in English")
	}

	// The same two files uploaded to the verification page: valid and
	// recorded; changed, not valid and not recorded.
	res, page := a.uploadPDF(t, anon, signed)
	for _, want := range []string{`id="verify-signature" data-valid="true"`, "Berkas ini sama persis dengan PDF bertanda tangan", `href="/verifikasi/` + v.SHA256 + `"`, "Sertifikat uji, tidak sah"} {
		if res.StatusCode != 200 || !strings.Contains(page, want) {
			t.Errorf("upload of the signed PDF: %d, page lacks %q", res.StatusCode, want)
		}
	}
	res, page = a.uploadPDF(t, anon, bad)
	for _, want := range []string{`id="verify-signature" data-valid="false"`, "Tanda tangan elektronik TIDAK sah", "tidak sama dengan PDF bertanda tangan mana pun"} {
		if res.StatusCode != 200 || !strings.Contains(page, want) {
			t.Errorf("upload of the changed PDF: %d, page lacks %q", res.StatusCode, want)
		}
	}
	if res, page := a.uploadPDF(t, anon, []byte("bukan PDF")); res.StatusCode != 422 || !strings.Contains(page, "bukan PDF") {
		t.Errorf("upload of a text file: %d %.300s", res.StatusCode, page)
	}

	// The promulgation signs the PDF with its block, by the region's key.
	if res, out := a.api(c, a.tokens["legal"], "POST", api+"/promulgation", map[string]any{"promulgated_on": today, "promulgator_id": sekda}, ""); res.StatusCode != 200 {
		t.Fatalf("promulgate: %d %s", res.StatusCode, out)
	}
	promulgated := download(t, anon, a.srv.URL+pdfPath)
	if bytes.Equal(promulgated, signed) {
		t.Fatal("the PDF after promulgation is the enactment's")
	}
	r := keys.Check(promulgated)
	if !r.Valid() || r.Name != "Sekretaris Daerah" || !strings.Contains(r.Subject, "Pemerintah Kota Sawahlunto") {
		t.Errorf("promulgated PDF: %+v", r)
	}
	if text := pdftest.Flat(strings.Join(pdftest.Pages(t, pdftest.File(t, promulgated)), " ")); !strings.Contains(text, "Diundangkan di Sawahlunto") {
		t.Error("the signed promulgated PDF lacks the promulgation block")
	}
	if _, page := a.get(anon, verifyPage+"?lang=id"); !strings.Contains(page, `data-valid="true"`) || !strings.Contains(page, "Pengundangan") ||
		!strings.Contains(page, `<dd id="verify-signature-signer">Sekretaris Daerah</dd>`) {
		t.Errorf("verification page after promulgation lacks the promulgation's signature:\n%s", page)
	}

	// Pangkalpinang has no key: enacted, not signed, and said so.
	pid := a.policyID("pangkalpinang-pengembangan-kompetensi-asn")
	a.approveIn(t, pid, "pangkalpinang")
	pw := a.st.UserID(t, "walikota.pangkalpinang@policyflow.test")
	if res, out := a.api(c, a.token("hukum.pangkalpinang@policyflow.test"), "POST", fmt.Sprintf("/api/v1/policies/%d/enactments", pid),
		map[string]any{"form": "perwali", "enacted_on": today, "principal_id": pw, "signer_id": pw}, ""); res.StatusCode != 201 {
		t.Fatalf("enact in Pangkalpinang: %d %s", res.StatusCode, out)
	}
	pv, err := a.st.DB.CurrentVersion(t.Context(), pid)
	if err != nil {
		t.Fatal(err)
	}
	reader := a.login("hukum.pangkalpinang@policyflow.test")
	_, page = a.get(reader, "/verifikasi/"+pv.SHA256+"?lang=id")
	if !strings.Contains(page, `id="verify-signature" data-valid="false"`) || !strings.Contains(page, "belum ditandatangani secara elektronik") {
		t.Errorf("verification of an unsigned enactment does not say it is not signed:\n%.4000s", page)
	}
	unsigned := download(t, reader, fmt.Sprintf("%s/policies/%d/versions/%d/pdf", a.srv.URL, pid, pv.Number))
	if r := keys.Check(unsigned); r.Signed {
		t.Errorf("Pangkalpinang's PDF is signed: %+v", r)
	}
}

func download(t *testing.T, c *http.Client, url string) []byte {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, body := devtest.Do(t, c, req)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d", url, res.StatusCode)
	}
	return []byte(body)
}

// uploadPDF sends a file to the verification page's signature check, as
// its form does.
func (a *app) uploadPDF(t *testing.T, c *http.Client, file []byte) (*http.Response, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("csrf", a.csrf(c, "/verifikasi"))
	f, _ := mw.CreateFormFile("pdf", "perwali.pdf")
	f.Write(file)
	mw.Close()
	req, _ := http.NewRequest("POST", a.srv.URL+"/verifikasi/pdf?lang=id", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return devtest.Do(t, c, req)
}

// An act recorded unsigned (here: by a server with no key, as after a
// failed signature or a crash between record and signature) is signed
// later by Bagian Hukum from a server that has the key: the page offers
// it, the PDF then carries a valid signature, and a second try, or a try
// where no key exists, is a conflict that says why.
func TestUnsignedActIsSignedLater(t *testing.T) {
	a := newApp(t) // no keys
	c := http.DefaultClient
	today := time.Now().In(policies.ZoneWIB.Location()).Format(time.DateOnly)
	id := a.policyID("sawahlunto-pengelolaan-kompetensi-asn")
	a.approve(t, id)
	wali := a.st.UserID(t, "walikota.sawahlunto@policyflow.test")
	api := fmt.Sprintf("/api/v1/policies/%d", id)
	if res, out := a.api(c, a.tokens["legal"], "POST", api+"/enactments", map[string]any{"form": "perwali", "enacted_on": today,
		"principal_id": wali, "signer_id": wali}, ""); res.StatusCode != 201 {
		t.Fatalf("enact: %d %s", res.StatusCode, out)
	}
	if res, out := a.api(c, a.tokens["legal"], "POST", api+"/enactment/sign", nil, ""); res.StatusCode != 409 || !strings.Contains(out, "tidak ada kunci tanda tangan") {
		t.Errorf("signing with no key anywhere: %d %s, want 409 saying so", res.StatusCode, out)
	}
	_, page := a.get(a.people["legal"], fmt.Sprintf("/policies/%d/enactment", id))
	if !strings.Contains(page, `id="sign-again"`) {
		t.Error("the legal unit's enactment page does not offer to sign the unsigned act")
	}

	// The operator adds the region's key; a server with it signs the act.
	dir := t.TempDir()
	if err := signing.DevCA(dir, []signing.DevSigner{{Region: "sawahlunto", Name: "Pemerintah Kota Sawahlunto"}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	keys, err := signing.LoadKeys(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	keyed := web.Serve(t, server.Deps{Store: a.st.DB, Lifecycle: a.st.Lifecycle, Signing: keys, HeavyLimit: server.HeavyLimit{PerMinute: 1000}})
	post := func() (*http.Response, string) {
		req, _ := http.NewRequest("POST", keyed.URL+api+"/enactment/sign", nil)
		req.Header.Set("Authorization", "Bearer "+a.tokens["legal"])
		return devtest.Do(t, http.DefaultClient, req)
	}
	if res, out := post(); res.StatusCode != 200 {
		t.Fatalf("signing the unsigned act: %d %s", res.StatusCode, out)
	}
	v, err := a.st.DB.CurrentVersion(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	signed := download(t, http.DefaultClient, keyed.URL+fmt.Sprintf("/policies/%d/versions/%d/pdf", id, v.Number))
	out := pdftest.Sig(t, pdftest.NSS(t, filepath.Join(dir, "ca.crt")), pdftest.File(t, signed))
	if !strings.Contains(out, "Signature Validation: Signature is Valid.") {
		t.Errorf("pdfsig of the PDF signed later:\n%s", out)
	}
	if res, out := post(); res.StatusCode != 409 || !strings.Contains(out, "sudah ditandatangani") {
		t.Errorf("signing again a signed act: %d %s, want 409", res.StatusCode, out)
	}
	if res, _ := a.api(c, a.tokens["drafter"], "POST", api+"/enactment/sign", nil, ""); res.StatusCode != 403 {
		t.Errorf("a drafter signing: %d, want 403", res.StatusCode)
	}
}
