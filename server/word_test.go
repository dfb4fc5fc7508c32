package server_test

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/internal/devtest"
)

// upload posts a file as the page form's "file" (multipart, with the
// client's CSRF token and the fields given as name, value pairs).
func (a *app) upload(c *http.Client, path, name string, data []byte, fields ...string) (*http.Response, string) {
	a.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("csrf", a.csrf(c, "/login"))
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequestWithContext(a.t.Context(), "POST", a.srv.URL+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return devtest.Do(a.t, c, req)
}

// convert posts a file as the body of POST /api/v1/convert.
func (a *app) convert(token, contentType string, data []byte) (*http.Response, string) {
	a.t.Helper()
	req, _ := http.NewRequestWithContext(a.t.Context(), "POST", a.srv.URL+"/api/v1/convert", bytes.NewReader(data))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+token)
	return devtest.Do(a.t, http.DefaultClient, req)
}

const docxMedia = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

var (
	atxHeading = regexp.MustCompile(`(?m)^#{1,6} .*$`)
	wordRe     = regexp.MustCompile(`[\p{L}\p{N}]+`)
	textareaRe = regexp.MustCompile(`(?s)<textarea id="markdown"[^>]*>(.*?)</textarea>`)
)

func (a *app) versionCount(id int64) int {
	a.t.Helper()
	var n int
	if err := a.st.DB.SQL().Get(&n, `SELECT count(*) FROM policy_versions WHERE policy_id = $1`, id); err != nil {
		a.t.Fatal(err)
	}
	return n
}

// A seeded version downloads as .docx under a safe name, and the importer
// reads it back with the same sections and words; another city's draft
// and a version past those readable are 404.
func TestWordExportImportsAgain(t *testing.T) {
	a := newApp(t)
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	var md string
	if err := a.st.DB.SQL().Get(&md, `SELECT v.markdown FROM policy_versions v WHERE v.policy_id = $1 AND v.number = 1`, id); err != nil {
		t.Fatal(err)
	}
	res, body := a.get(a.people["unit_officer"], fmt.Sprintf("/policies/%d/versions/1/docx", id))
	if res.StatusCode != 200 {
		t.Fatalf("download: %d %.300s", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != docxMedia {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := res.Header.Get("Content-Disposition"); cd != "attachment; filename=sawahlunto-peningkatan-kompetensi-asn-v1.docx" {
		t.Errorf("Content-Disposition %q", cd)
	}
	// The API gives the same document.
	res2, body2 := a.api(http.DefaultClient, a.tokens["leader"], "GET", fmt.Sprintf("/api/v1/policies/%d/versions/1/docx", id), nil, "")
	if res2.StatusCode != 200 || !strings.HasPrefix(body2, "PK") {
		t.Fatalf("API download: %d %.100q", res2.StatusCode, body2)
	}

	res, out := a.convert(a.tokens["drafter"], docxMedia, []byte(body))
	if res.StatusCode != 200 {
		t.Fatalf("convert: %d %s", res.StatusCode, out)
	}
	var got struct{ Markdown string }
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if h, w := atxHeading.FindAllString(got.Markdown, -1), atxHeading.FindAllString(md, -1); strings.Join(h, "\n") != strings.Join(w, "\n") || len(w) < 3 {
		t.Errorf("headings after export and import:\n%s\nwant:\n%s", strings.Join(h, "\n"), strings.Join(w, "\n"))
	}
	if g, w := strings.Join(wordRe.FindAllString(got.Markdown, -1), " "), strings.Join(wordRe.FindAllString(md, -1), " "); g != w {
		t.Errorf("words after export and import:\n%s\nwant:\n%s", g, w)
	}

	// Another city's draft is absent; so is a version not yet written.
	other := a.login("penyusun.pangkalpinang@policyflow.test")
	for _, c := range []struct {
		client *http.Client
		path   string
	}{
		{other, fmt.Sprintf("/policies/%d/versions/1/docx", id)},
		{a.people["anonymous"], fmt.Sprintf("/policies/%d/versions/1/docx", id)},
		{a.people["drafter"], fmt.Sprintf("/policies/%d/versions/99/docx", id)},
		{a.people["drafter"], fmt.Sprintf("/policies/%d/versions/0/docx", id)},
	} {
		if res, _ := a.get(c.client, c.path); res.StatusCode != 404 {
			t.Errorf("GET %s: %d, want 404", c.path, res.StatusCode)
		}
	}
}

// A Word document becomes a new version through review: the upload saves
// nothing, shows the sections, the table and the text; saving the reviewed
// text makes exactly the version a normal save makes. A new policy starts
// the same way.
func TestWordImportReviewThenSave(t *testing.T) {
	a := newApp(t)
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	doc, err := os.ReadFile("../docx/testdata/kebijakan.docx")
	if err != nil {
		t.Fatal(err)
	}
	drafter := a.people["drafter"]
	before := a.versionCount(id)
	res, page := a.upload(drafter, fmt.Sprintf("/policies/%d/import", id), "Kebijakan Baru.docx", doc)
	if res.StatusCode != 200 {
		t.Fatalf("upload: %d %s", res.StatusCode, gist(page))
	}
	if n := a.versionCount(id); n != before {
		t.Fatalf("the upload saved a version: %d → %d", before, n)
	}
	m := textareaRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no Markdown to review on the page: %s", gist(page))
	}
	md := html.UnescapeString(m[1])
	for _, want := range []string{"## Sasaran", "## Jalur Pengembangan", "| Pelatihan teknis", "-   Pelatihan klasikal", "1.  Meningkatkan kompetensi teknis"} {
		if !strings.Contains(md, want) {
			t.Errorf("reviewed Markdown lacks %q:\n%s", want, md)
		}
	}
	for _, want := range []string{"<table>", "<ol>", "<ul>", `<li>Sasaran</li>`, `value="Diimpor dari Kebijakan Baru.docx"`} {
		if !strings.Contains(page, want) {
			t.Errorf("review page lacks %s", want)
		}
	}
	// The API converts it alike.
	_, out := a.convert(a.tokens["drafter"], docxMedia, doc)
	var conv struct{ Markdown string }
	json.Unmarshal([]byte(out), &conv)
	if conv.Markdown != md {
		t.Errorf("the API's conversion differs from the page's:\n%s\n---\n%s", conv.Markdown, md)
	}

	base := regexp.MustCompile(`name="base_version" value="(\d+)"`).FindStringSubmatch(page)
	if base == nil {
		t.Fatal("no base version on the review form")
	}
	edited := md + "\nDitambahkan saat peninjauan.\n"
	res, body := a.form(drafter, fmt.Sprintf("/policies/%d/versions", id), url.Values{"csrf": {a.csrf(drafter, "/login")},
		"base_version": {base[1]}, "markdown": {edited}, "change_summary": {"Diimpor dari Kebijakan Baru.docx"}})
	if res.StatusCode != 303 {
		t.Fatalf("save: %d %s", res.StatusCode, gist(body))
	}
	var saved struct {
		Markdown      string
		ChangeSummary string `db:"change_summary"`
	}
	if err := a.st.DB.SQL().Get(&saved, `SELECT markdown, change_summary FROM policy_versions WHERE policy_id = $1 ORDER BY number DESC LIMIT 1`, id); err != nil {
		t.Fatal(err)
	}
	if n := a.versionCount(id); n != before+1 {
		t.Errorf("versions %d → %d, want one more", before, n)
	}
	if saved.Markdown != edited || saved.ChangeSummary != "Diimpor dari Kebijakan Baru.docx" {
		t.Errorf("saved %q (%q)", saved.Markdown, saved.ChangeSummary)
	}

	// A new policy from a text file.
	// (The file name as an old Windows browser sends it, with its folder.)
	res, page = a.upload(drafter, "/policies/import", "C:\\Dokumen\\draf.md", []byte("# Kebijakan Impor Teks\r\n\r\n## Dasar\r\n\r\nIsi dasar.\r\n"))
	if res.StatusCode != 200 || !strings.Contains(page, `value="kebijakan-impor-teks"`) || !strings.Contains(page, `value="Diimpor dari draf.md"`) {
		t.Fatalf("upload for a new policy: %d %s", res.StatusCode, gist(page))
	}
	md = html.UnescapeString(textareaRe.FindStringSubmatch(page)[1])
	res, body = a.form(drafter, "/policies", url.Values{"csrf": {a.csrf(drafter, "/login")}, "region": {"sawahlunto"},
		"slug": {"kebijakan-impor-teks"}, "markdown": {md}, "change_summary": {"Diimpor dari draf.md"}})
	if res.StatusCode != 303 {
		t.Fatalf("create: %d %s", res.StatusCode, gist(body))
	}
	var title string
	a.st.DB.SQL().Get(&title, `SELECT title FROM policies WHERE slug = 'kebijakan-impor-teks'`)
	if title != "Kebijakan Impor Teks" {
		t.Errorf("title %q", title)
	}
}

// Files that are not what they claim are refused, naming the field, and
// nothing changes in the database.
func TestWordImportRefusals(t *testing.T) {
	a := newApp(t)
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	random := make([]byte, 2048)
	rand.Read(random)
	zipOf := func(name string, data []byte) []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		w, _ := zw.Create(name)
		w.Write(data)
		zw.Close()
		return b.Bytes()
	}
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("word/document.xml")
	chunk := make([]byte, 1<<20)
	for range 65 {
		w.Write(chunk)
	}
	zw.Close()
	if bomb.Len() > 512<<10 {
		t.Fatalf("bomb of %d bytes", bomb.Len())
	}
	cases := []struct {
		name   string
		data   []byte
		status int
	}{
		{"acak.docx", random, 422},
		{"tanpa-dokumen.docx", zipOf("word/styles.xml", []byte("<w:styles/>")), 422},
		{"bom.docx", bomb.Bytes(), 413},
		{"terkunci.docx", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, random...), 422},
		{"laporan.pdf", []byte("%PDF-1.7\n"), 422},
		{"biner.txt", []byte("judul\xff"), 422},
	}
	before := a.rows(t)
	versions := a.versionCount(id)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, path := range []string{fmt.Sprintf("/policies/%d/import", id), "/policies/import"} {
				res, body := a.upload(a.people["drafter"], path, c.name, c.data)
				if res.StatusCode != c.status {
					t.Errorf("POST %s: %d, want %d: %s", path, res.StatusCode, c.status, gist(body))
				}
				if !strings.Contains(body, "berkas") {
					t.Errorf("POST %s: the page does not name the file: %s", path, gist(body))
				}
			}
			var mb bytes.Buffer
			mw := multipart.NewWriter(&mb)
			fw, _ := mw.CreateFormFile("file", c.name)
			fw.Write(c.data)
			mw.Close()
			res, body := a.convert(a.tokens["drafter"], mw.FormDataContentType(), mb.Bytes())
			if res.StatusCode != c.status {
				t.Errorf("API: %d, want %d: %s", res.StatusCode, c.status, body)
			} else if e := decodeErr(t, body); e.Error.Field != "file" || e.Error.Message == "" {
				t.Errorf("API error %+v does not name the file", e.Error)
			}
		})
	}
	// No file, a file over the request limit, a body of another kind.
	res, body := a.upload(a.people["drafter"], "/policies/import", "", nil)
	if res.StatusCode != 422 {
		t.Errorf("no file: %d %s", res.StatusCode, gist(body))
	}
	res, body = a.convert(a.tokens["drafter"], docxMedia, make([]byte, 1<<20+1))
	if res.StatusCode != 413 {
		t.Errorf("over the limit: %d %s", res.StatusCode, body)
	}
	res, body = a.convert(a.tokens["drafter"], "application/pdf", []byte("%PDF"))
	if e := decodeErr(t, body); res.StatusCode != 415 || !strings.Contains(e.Error.Message, docxMedia) {
		t.Errorf("a PDF body: %d %s", res.StatusCode, body)
	}
	// Without pandoc on the server: 503 saying so, for import and export.
	good, err := os.ReadFile("../docx/testdata/kebijakan.docx")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", t.TempDir())
	res, body = a.convert(a.tokens["drafter"], docxMedia, good)
	if e := decodeErr(t, body); res.StatusCode != 503 || !strings.Contains(e.Error.Message, "pandoc") {
		t.Errorf("convert without pandoc: %d %s", res.StatusCode, body)
	}
	res, body = a.api(http.DefaultClient, a.tokens["drafter"], "GET", fmt.Sprintf("/api/v1/policies/%d/versions/1/docx", id), nil, "")
	if e := decodeErr(t, body); res.StatusCode != 503 || !strings.Contains(e.Error.Message, "pandoc") {
		t.Errorf("download without pandoc: %d %s", res.StatusCode, body)
	}
	res, body = a.upload(a.people["drafter"], fmt.Sprintf("/policies/%d/import", id), "a.docx", good)
	if res.StatusCode != 503 || !strings.Contains(body, "pandoc") {
		t.Errorf("import page without pandoc: %d %s", res.StatusCode, gist(body))
	}
	if n := a.versionCount(id); n != versions {
		t.Errorf("versions %d → %d", versions, n)
	}
	expectChanges(t, before, a.rows(t), nil)
}
