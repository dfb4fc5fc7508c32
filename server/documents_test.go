package server_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/docx"
	"github.com/policyflow/policyflow/internal/pdftest"
	"github.com/policyflow/policyflow/policies"
)

// perwaliText is a regulation in the Perwali convention: two BAB, five Pasal.
const perwaliText = `# PERATURAN WALI KOTA SAWAHLUNTO TENTANG PENINGKATAN KAPASITAS APARATUR SIPIL NEGARA

DENGAN RAHMAT TUHAN YANG MAHA ESA

WALI KOTA SAWAHLUNTO,

Menimbang:

a. bahwa peningkatan kapasitas Pegawai Aparatur Sipil Negara diperlukan untuk pelayanan publik yang baik;

b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan Peraturan Wali Kota tentang Peningkatan Kapasitas Aparatur Sipil Negara;

Mengingat:

1. Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara;

MEMUTUSKAN:

Menetapkan: PERATURAN WALI KOTA TENTANG PENINGKATAN KAPASITAS APARATUR SIPIL NEGARA.

## BAB I KETENTUAN UMUM

### Pasal 1

Dalam Peraturan Wali Kota ini yang dimaksud dengan:

1. Daerah adalah Kota Sawahlunto.

### Pasal 2

Peningkatan kapasitas dilaksanakan setiap tahun.

## BAB II PELAKSANAAN

### Pasal 3

(1) Setiap Pegawai ASN mengikuti pelatihan paling sedikit 20 (dua puluh) jam pelajaran setahun.

(2) Pelatihan sebagaimana dimaksud pada ayat (1) meliputi:

a. pelatihan teknis; dan

b. pelatihan manajerial.

### Pasal 4

Badan Kepegawaian dan Pengembangan Sumber Daya Manusia mengoordinasikan pelaksanaan Peraturan Wali Kota ini.

### Pasal 5

Peraturan Wali Kota ini mulai berlaku pada tanggal diundangkan.
`

// pdfPages is the text of each page of a PDF, as pdftotext -layout reads it.
func pdfPages(t *testing.T, b []byte) []string {
	t.Helper()
	return pdftest.Pages(t, pdftest.File(t, b))
}

// firstPageQR decodes the QR code of a PDF's first page, rendered at 150 dpi.
func firstPageQR(t *testing.T, b []byte) string {
	t.Helper()
	imgs := pdftest.PageImages(t, pdftest.File(t, b), "-f", "1", "-l", "1")
	if len(imgs) != 1 {
		t.Fatalf("pdftoppm made %d images", len(imgs))
	}
	text, err := pdftest.QRCode(t, imgs[0])
	if err != nil {
		t.Fatalf("no QR code on page 1: %v", err)
	}
	return text
}

// getBytes fetches a path and its body.
func (a *app) getBytes(c *http.Client, path string) (*http.Response, []byte) {
	a.t.Helper()
	res, err := c.Get(a.srv.URL + path)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

func pasalHeadings(md string) []string {
	return regexp.MustCompile(`(?m)^#+\s+(Pasal \d+)\s*$`).FindAllString(md, -1)
}

// A Perwali approved, enacted and promulgated downloads for anyone as a
// PDF in the official layout (number, Pasal, signature and promulgation
// blocks, page numbers and the hash on every page, a QR code that leads to
// the verification page) and as a DOCX the importer reads back with the
// same Pasal; the revision drafted after it is the region's alone, marked
// RANCANGAN. The verification page tells anyone what an enacted hash is and
// who approved it, tells only the region what a draft hash is, and says
// "Dokumen tidak dikenal" for an unknown one.
func TestVersionDocumentsAndVerification(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	db.MustExec(`UPDATE users SET name = 'Deri Asta' WHERE email = 'walikota.sawahlunto@policyflow.test'`)
	db.MustExec(`UPDATE users SET name = 'Ambun Kadri' WHERE email = 'sekda.sawahlunto@policyflow.test'`)
	id := a.policyID("sawahlunto-peningkatan-kapasitas-asn")
	c := http.DefaultClient
	base := fmt.Sprintf("/api/v1/policies/%d", id)
	drafter := a.tokens["drafter"]
	if res, out := a.api(c, drafter, "POST", base+"/versions", map[string]any{"base_version": 1, "markdown": perwaliText, "change_summary": "Naskah Perwali"}, ""); res.StatusCode != 201 {
		t.Fatalf("version 2: %d %s", res.StatusCode, out)
	}
	v2, err := a.st.DB.VersionByNumber(t.Context(), id, 2)
	if err != nil {
		t.Fatal(err)
	}
	if res, out := a.api(c, drafter, "POST", base+"/actions/submit", map[string]any{"version_number": 2}, ""); res.StatusCode != 200 {
		t.Fatalf("submit: %d %s", res.StatusCode, out)
	}
	for _, who := range []string{"kabid", "kepala", "sekda", "walikota"} {
		tok := a.token(who + ".sawahlunto@policyflow.test")
		if res, out := a.api(c, tok, "POST", base+"/actions/approve", map[string]any{"version_sha256": v2.SHA256}, ""); res.StatusCode != 200 {
			t.Fatalf("%s approves: %d %s", who, res.StatusCode, out)
		}
	}
	p, err := a.st.DB.PolicyByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().In(p.RegionZone.Location()).Format(time.DateOnly)
	walikota := a.st.UserID(t, "walikota.sawahlunto@policyflow.test")
	e, err := a.st.DB.Enact(t.Context(), p.RegionID, a.st.UserID(t, "hukum.sawahlunto@policyflow.test"), id, policies.EnactmentInput{
		Form: policies.FormPerwali, EnactedOn: today, PrincipalID: walikota, SignerID: walikota})
	if err != nil {
		t.Fatalf("enact: %v", err)
	}
	e, err = a.st.DB.Promulgate(t.Context(), p.RegionID, a.st.UserID(t, "hukum.sawahlunto@policyflow.test"), id, policies.PromulgationInput{
		PromulgatedOn: today, PromulgatorID: a.st.UserID(t, "sekda.sawahlunto@policyflow.test")})
	if err != nil {
		t.Fatalf("promulgate: %v", err)
	}
	// A revision drafted after the enactment: version 3.
	revised := strings.Replace(perwaliText, "setiap tahun.", "setiap tahun berdasarkan analisis kebutuhan.", 1)
	if res, out := a.api(c, drafter, "POST", base+"/versions", map[string]any{"base_version": 2, "markdown": revised, "change_summary": "Revisi"}, ""); res.StatusCode != 201 {
		t.Fatalf("version 3: %d %s", res.StatusCode, out)
	}
	v3, err := a.st.DB.VersionByNumber(t.Context(), id, 3)
	if err != nil {
		t.Fatal(err)
	}
	anon := a.people["anonymous"]
	pg := fmt.Sprintf("/policies/%d/versions", id)

	// The enacted version, signed out.
	res, body := a.getBytes(anon, pg+"/2/pdf")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("enacted PDF signed out: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if cd := res.Header.Get("Content-Disposition"); cd != `inline; filename=sawahlunto-peningkatan-kapasitas-asn-v2.pdf` {
		t.Errorf("Content-Disposition %q", cd)
	}
	ps := pdfPages(t, body)
	all := pdftest.Flat(strings.Join(ps, "\n"))
	for _, want := range []string{"PERATURAN WALI KOTA SAWAHLUNTO", fmt.Sprintf("NOMOR %d TAHUN %d", e.Number, e.Year),
		"PENINGKATAN KAPASITAS APARATUR SIPIL NEGARA", "MEMUTUSKAN:", "BAB I", "KETENTUAN UMUM", "BAB II", "PELAKSANAAN",
		"Pasal 1", "Pasal 2", "Pasal 3", "Pasal 4", "Pasal 5", "(1) Setiap Pegawai ASN",
		"Ditetapkan di Sawahlunto", "WALI KOTA SAWAHLUNTO,", "DERI ASTA", "Diundangkan di Sawahlunto",
		strings.ToUpper(*e.PromulgatorTitle) + ",", "AMBUN KADRI", fmt.Sprintf("BERITA DAERAH KOTA SAWAHLUNTO TAHUN %d NOMOR %d", *e.GazetteYear, *e.GazetteNumber)} {
		if !strings.Contains(all, want) {
			t.Errorf("enacted PDF lacks %q", want)
		}
	}
	for i, pt := range ps {
		if !strings.Contains(pdftest.Flat(pt), fmt.Sprintf("Halaman %d dari %d", i+1, len(ps))) || !strings.Contains(pt, "SHA-256: "+v2.SHA256) {
			t.Errorf("enacted PDF page %d lacks its number or the SHA-256", i+1)
		}
		if strings.Contains(pt, "RANCANGAN") {
			t.Errorf("enacted PDF page %d says RANCANGAN", i+1)
		}
	}
	// The QR code leads to the verification page, which anyone may open.
	qr := firstPageQR(t, body)
	if want := a.srv.URL + "/verifikasi/" + v2.SHA256; qr != want {
		t.Fatalf("QR code %q, want %q", qr, want)
	}
	vres, err := anon.Get(qr)
	if err != nil {
		t.Fatal(err)
	}
	vb, _ := io.ReadAll(vres.Body)
	vres.Body.Close()
	page := html.UnescapeString(string(vb))
	if vres.StatusCode != 200 {
		t.Fatalf("verification from the QR code: %d", vres.StatusCode)
	}
	for _, want := range []string{p.Title, "Kota Sawahlunto", v2.SHA256, "Ditetapkan", e.Label("Kota Sawahlunto"), "Wali Kota Sawahlunto — Deri Asta",
		"Kabid Pengembangan Kompetensi", "Kepala BKPSDM", "Ambun Kadri", "Deri Asta", fmt.Sprintf("Nomor %d", *e.GazetteNumber)} {
		if !strings.Contains(page, want) {
			t.Errorf("verification page lacks %q", want)
		}
	}

	// The naskah DOCX opens in the importer with the same Pasal.
	res, body = a.getBytes(anon, pg+"/2/naskah.docx")
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "naskah-v2.docx") {
		t.Fatalf("naskah DOCX signed out: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
	}
	md, err := docx.Import(t.Context(), bytes.NewReader(body), "naskah.docx")
	if err != nil {
		t.Fatalf("the naskah DOCX does not import: %v", err)
	}
	if got, want := pasalHeadings(md), pasalHeadings(perwaliText); strings.Join(got, "|") != strings.Join(want, "|") || len(want) != 5 {
		t.Errorf("the DOCX's Pasal headings %q, want %q", got, want)
	}
	for _, want := range []string{fmt.Sprintf("NOMOR %d TAHUN %d", e.Number, e.Year), "Ditetapkan di Sawahlunto", "DERI ASTA", "AMBUN KADRI", "BERITA DAERAH KOTA SAWAHLUNTO"} {
		if !strings.Contains(md, want) {
			t.Errorf("the DOCX lacks %q", want)
		}
	}
	if strings.Contains(md, "RANCANGAN") {
		t.Error("the enacted DOCX says RANCANGAN")
	}
	if styles := zipPart(t, body, "word/styles.xml"); !strings.Contains(styles, `w:ascii="Bookman Old Style"`) || strings.Contains(styles, "asciiTheme") {
		t.Error("the naskah DOCX is not set in Bookman Old Style (Lampiran II C.284)")
	}

	// The revision is the region's: 404 signed out, to another city and
	// to a stakeholder, RANCANGAN on every page for the region's staff.
	for path := range map[string]bool{pg + "/3/pdf": true, pg + "/3/naskah.docx": true} {
		if res, _ := a.getBytes(anon, path); res.StatusCode != 404 {
			t.Errorf("%s signed out: %d, want 404", path, res.StatusCode)
		}
	}
	other := a.login("penyusun.pangkalpinang@policyflow.test")
	if res, _ := a.getBytes(other, pg+"/3/pdf"); res.StatusCode != 404 {
		t.Errorf("the draft PDF for another city: %d, want 404", res.StatusCode)
	}
	// A stakeholder is not staff: the region's draft is not theirs either.
	if res, _ := a.getBytes(a.people["stakeholder"], pg+"/3/pdf"); res.StatusCode != 404 {
		t.Errorf("the draft PDF for the region's stakeholder: %d, want 404", res.StatusCode)
	}
	for _, role := range []string{"drafter", "leader"} {
		res, body := a.getBytes(a.people[role], pg+"/3/pdf")
		if res.StatusCode != 200 {
			t.Fatalf("draft PDF for the region's %s: %d", role, res.StatusCode)
		}
		ps := pdfPages(t, body)
		for i, pt := range ps {
			if !strings.Contains(pt, "RANCANGAN") || !strings.Contains(pt, "SHA-256: "+v3.SHA256) {
				t.Errorf("draft PDF page %d lacks RANCANGAN or its SHA-256", i+1)
			}
		}
		if all := pdftest.Flat(strings.Join(ps, "\n")); !strings.Contains(all, "NOMOR ………… TAHUN …………") || strings.Contains(all, "DERI ASTA") {
			t.Errorf("the draft's number and signer are not left blank")
		}
	}
	res, body = a.getBytes(a.people["drafter"], pg+"/3/naskah.docx")
	if md, err := docx.Import(t.Context(), bytes.NewReader(body), "naskah.docx"); res.StatusCode != 200 || err != nil || !strings.Contains(md, "RANCANGAN") {
		t.Errorf("draft DOCX: %d %v, RANCANGAN shown: %v", res.StatusCode, err, strings.Contains(md, "RANCANGAN"))
	}

	// A draft's hash: only the region sees what it is.
	for who, cl := range map[string]*http.Client{"anonymous": anon, "another city": other} {
		_, b := a.getBytes(cl, "/verifikasi/"+v3.SHA256)
		s := html.UnescapeString(string(b))
		if !strings.Contains(s, "terdaftar sebagai rancangan") || strings.Contains(s, p.Title) || strings.Contains(s, "Deri Asta") {
			t.Errorf("draft hash verified by %s: says more than that it is a registered draft", who)
		}
	}
	if _, b := a.getBytes(a.people["drafter"], "/verifikasi/"+v3.SHA256); !strings.Contains(html.UnescapeString(string(b)), p.Title) || !strings.Contains(string(b), "Rancangan") {
		t.Error("the region's drafter does not see which draft the hash is")
	}
	// Unknown: 404 in the reader's language; malformed: 400.
	if res, b := a.get(anon, "/verifikasi/"+unknownHash); res.StatusCode != 404 || !strings.Contains(b, "Dokumen tidak dikenal") {
		t.Errorf("unknown hash: %d", res.StatusCode)
	}
	if res, b := a.get(anon, "/verifikasi/"+unknownHash+"?lang=en"); res.StatusCode != 404 || !strings.Contains(b, "Unknown document") {
		t.Errorf("unknown hash in English: %d", res.StatusCode)
	}
	if res, _ := a.get(anon, "/verifikasi/12345"); res.StatusCode != 400 {
		t.Errorf("malformed hash: %d, want 400", res.StatusCode)
	}
	if res, _ := a.get(anon, "/verifikasi?sha256="+strings.ToUpper(v2.SHA256)); res.StatusCode != 303 || res.Header.Get("Location") != "/verifikasi/"+v2.SHA256 {
		t.Errorf("the pasted hash form: %d %q", res.StatusCode, res.Header.Get("Location"))
	}

	// The API says the same.
	var vf struct {
		Public    bool
		Title     string
		Status    string
		Version   int
		Approvals []struct {
			Stage    int
			Decider  string
			Decision string
		}
		Enactment *struct{ Number, Year int }
	}
	res2, out := a.api(c, "", "GET", "/api/v1/verify/"+v2.SHA256, nil, "")
	if err := json.Unmarshal([]byte(out), &vf); res2.StatusCode != 200 || err != nil {
		t.Fatalf("API verify: %d %s", res2.StatusCode, out)
	}
	// Enacted and promulgated today: in force (UU 12/2011 Pasal 87).
	if !vf.Public || vf.Status != "berlaku" || vf.Version != 2 || vf.Enactment == nil || vf.Enactment.Number != e.Number || len(vf.Approvals) != 4 {
		t.Errorf("API verification of the enacted hash: %s", out)
	}
	for i, d := range vf.Approvals {
		if d.Stage != i+1 || d.Decision != "approve" {
			t.Errorf("approval %d: %+v", i, d)
		}
	}
	res2, out = a.api(c, "", "GET", "/api/v1/verify/"+v3.SHA256, nil, "")
	if res2.StatusCode != 200 || strings.Contains(out, "title") || !strings.Contains(out, `"public":false`) {
		t.Errorf("API verification of a draft hash signed out: %d %s", res2.StatusCode, out)
	}
	if res2, _ := a.api(c, "", "GET", "/api/v1/verify/"+unknownHash, nil, ""); res2.StatusCode != 404 {
		t.Errorf("API unknown hash: %d", res2.StatusCode)
	}
	if res2, _ := a.api(c, "", "GET", "/api/v1/verify/zz", nil, ""); res2.StatusCode != 404 {
		t.Errorf("API malformed hash: %d, want 404 (names no document)", res2.StatusCode)
	}
}

// zipPart is the named part of a zip file (a .docx).
func zipPart(t *testing.T, b []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
