package server_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/server"
)

// ---- Files ----

// pdfFile is a small PDF, distinct per tag.
func pdfFile(tag string) []byte {
	return []byte("%PDF-1.4\n% " + tag + "\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

// pngFile is the signature and header of a PNG, distinct per tag.
func pngFile(tag string) []byte {
	return append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"), tag...)
}

// officeFile is a ZIP package with the given parts.
func officeFile(t *testing.T, parts ...string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, p := range parts {
		f, err := zw.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(f, "<?xml version=\"1.0\"?><x/>")
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// ---- The matrices' world ----

// moderationWorld is what the attachment and moderation routes of the
// matrices act on, in Kota Sawahlunto: per policy (the draft and the
// published one) an attachment to download, one to withdraw by the page
// and one by the API.
type moderationWorld struct {
	draft, pub                          int64
	draftAtt, draftAttPage, draftAttAPI int64
	pubAtt, pubAttPage, pubAttAPI       int64
}

func (a *app) moderationWorld(t *testing.T) moderationWorld {
	t.Helper()
	w := moderationWorld{draft: a.policyID("sawahlunto-peningkatan-kompetensi-asn"), pub: a.policyID("sawahlunto-pengelolaan-kompetensi-asn")}
	for _, x := range []struct {
		policy int64
		dst    []*int64
	}{{w.draft, []*int64{&w.draftAtt, &w.draftAttPage, &w.draftAttAPI}}, {w.pub, []*int64{&w.pubAtt, &w.pubAttPage, &w.pubAttAPI}}} {
		for i, dst := range x.dst {
			*dst = a.attachmentRow(t, x.policy, fmt.Sprintf("matriks-%d-%d", x.policy, i))
		}
	}
	return w
}

// attachmentRow stores a PDF attachment straight in the database.
func (a *app) attachmentRow(t *testing.T, policy int64, tag string) int64 {
	t.Helper()
	content := pdfFile(tag)
	var id int64
	if err := a.st.DB.SQL().Get(&id, `INSERT INTO attachments (policy_id, kind, name, content_type, size, sha256, content, uploaded_by)
		SELECT $1, 'notulen', $2, 'application/pdf', $3, $4, $5, id FROM users WHERE email = 'penyusun.sawahlunto@policyflow.test' RETURNING id`,
		policy, tag+".pdf", len(content), sha256Hex(content), content); err != nil {
		t.Fatal(err)
	}
	return id
}

// replace fills {atid} in a route of the draft: the withdrawal's own attachment, else the one to download.
func (w moderationWorld) replace(p string, api bool) string {
	del := w.draftAttPage
	if api {
		del = w.draftAttAPI
	}
	return strings.NewReplacer("{atid}/delete", fmt.Sprint(del)+"/delete", "{atid}", fmt.Sprint(w.draftAtt)).Replace(p)
}

// moderationRoleCases are the attachment and moderation routes of the route × role matrix (on the draft).
func moderationRoleCases(w moderationWorld, comment int64) (pages []pageCase, api map[string]apiCase) {
	p := fmt.Sprintf("/policies/%d", w.draft)
	pages = []pageCase{
		{"GET", fmt.Sprintf("%s/attachments/%d", p, w.draftAtt), nil, onDraft(want{"anonymous": 404, "*": 200})},
		// No file: refused naming it, for the one who may upload.
		{"POST", p + "/attachments", url.Values{"kind": {"notulen"}}, only("drafter", 422)},
		{"POST", fmt.Sprintf("%s/attachments/%d/delete", p, w.draftAttPage), url.Values{}, only("drafter", 303)},
		{"GET", p + "/moderation", nil, only("drafter", 200)},
		{"POST", fmt.Sprintf("/comments/%d/moderate", comment), url.Values{"decision": {"bogus"}}, only("drafter", 422)},
		// Anyone who can read the comment may report it (the draft's: not the public).
		{"POST", fmt.Sprintf("/comments/%d/report", comment), url.Values{"reason": {"bogus"}}, onDraft(want{"anonymous": 404, "*": 422})},
	}
	api = map[string]apiCase{
		"GET /policies/{id}/attachments":                {nil, onDraft(want{"anonymous": 404, "*": 200})},
		"POST /policies/{id}/attachments":               {map[string]string{"name": "x.pdf", "kind": "bogus", "content_base64": ""}, onlyAPI("drafter", 422)},
		"GET /policies/{id}/attachments/{atid}":         {nil, onDraft(want{"anonymous": 404, "*": 200})},
		"POST /policies/{id}/attachments/{atid}/delete": {nil, onlyAPI("drafter", 200)},
		"GET /policies/{id}/moderation":                 {nil, onlyAPI("drafter", 200)},
		"POST /comments/{cid}/moderate":                 {map[string]string{"decision": "bogus"}, onlyAPI("drafter", 422)},
		"POST /comments/{cid}/report":                   {map[string]string{"reason": "bogus"}, onDraft(want{"anonymous": 404, "*": 422})},
	}
	return pages, api
}

// moderationScopeCases are the attachment and moderation routes of the
// region × unit matrix, on the draft and on the published policy.
func moderationScopeCases(w moderationWorld, draftComment, pubComment int64) []scopeCase {
	drafterOf := func(api bool, id int64, ok int) func(principal) int {
		return ofRegion(api, id == w.draft, "drafter", ok)
	}
	var cs []scopeCase
	for _, x := range []struct {
		id, att, attPage, attAPI, comment int64
	}{{w.draft, w.draftAtt, w.draftAttPage, w.draftAttAPI, draftComment}, {w.pub, w.pubAtt, w.pubAttPage, w.pubAttAPI, pubComment}} {
		p, api := fmt.Sprintf("/policies/%d", x.id), fmt.Sprintf("/api/v1/policies/%d", x.id)
		cs = append(cs,
			scopeCase{method: "GET", pattern: "/policies/{id}/attachments/{atid}", path: fmt.Sprintf("%s/attachments/%d", p, x.att), want: readable(x.id == w.draft)},
			scopeCase{method: "POST", pattern: "/policies/{id}/attachments", path: p + "/attachments", multipart: true, want: drafterOf(false, x.id, 422)},
			scopeCase{method: "POST", pattern: "/policies/{id}/attachments/{atid}/delete", path: fmt.Sprintf("%s/attachments/%d/delete", p, x.attPage), form: url.Values{}, want: drafterOf(false, x.id, 303)},
			scopeCase{method: "GET", pattern: "/policies/{id}/moderation", path: p + "/moderation", want: drafterOf(false, x.id, 200)},
			scopeCase{method: "POST", pattern: "/comments/{cid}/moderate", path: fmt.Sprintf("/comments/%d/moderate", x.comment), form: url.Values{"decision": {"bogus"}}, want: drafterOf(false, x.id, 422)},
			scopeCase{method: "POST", pattern: "/comments/{cid}/report", path: fmt.Sprintf("/comments/%d/report", x.comment), form: url.Values{"reason": {"bogus"}}, want: func(p principal) int {
				return map[bool]int{true: 422, false: 404}[readable(x.id == w.draft)(p) == 200]
			}},
			scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/attachments", path: api + "/attachments", want: readable(x.id == w.draft)},
			scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/attachments/{atid}", path: fmt.Sprintf("%s/attachments/%d", api, x.att), want: readable(x.id == w.draft)},
			scopeCase{method: "POST", pattern: "/api/v1/policies/{id}/attachments", path: api + "/attachments",
				body: map[string]string{"name": "x.pdf", "kind": "bogus", "content_base64": ""}, want: drafterOf(true, x.id, 422)},
			scopeCase{method: "POST", pattern: "/api/v1/policies/{id}/attachments/{atid}/delete", path: fmt.Sprintf("%s/attachments/%d/delete", api, x.attAPI), body: map[string]any{}, want: drafterOf(true, x.id, 200)},
			scopeCase{method: "GET", pattern: "/api/v1/policies/{id}/moderation", path: api + "/moderation", want: drafterOf(true, x.id, 200)},
			scopeCase{method: "POST", pattern: "/api/v1/comments/{cid}/moderate", path: fmt.Sprintf("/api/v1/comments/%d/moderate", x.comment), body: map[string]string{"decision": "bogus"}, want: drafterOf(true, x.id, 422)},
			scopeCase{method: "POST", pattern: "/api/v1/comments/{cid}/report", path: fmt.Sprintf("/api/v1/comments/%d/report", x.comment), body: map[string]string{"reason": "bogus"}, want: func(p principal) int {
				return map[bool]int{true: 422, false: 404}[readable(x.id == w.draft)(p) == 200]
			}},
		)
	}
	return cs
}

// moderationPaths gives the hostile tests a real attachment of the draft.
func (a *app) moderationPaths(t *testing.T, path map[string]string) {
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	path["atid"] = fmt.Sprint(a.attachmentRow(t, id, "serangan"))
}

// moderationTextCases are the hostile-input cases of the attachment and moderation schemas.
func (a *app) moderationTextCases(w world, js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	t := a.t
	db := a.st.DB.SQL()
	upload := fmt.Sprintf("/api/v1/policies/%d/attachments", w.draft)
	attach := func(field string) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			in := map[string]string{"name": "notulen.pdf", "kind": "notulen", "content_base64": base64.StdEncoding.EncodeToString(pdfFile(fmt.Sprint(field, i)))}
			in[field] = s
			return js(t, "drafter", upload, in, nil)
		}
	}
	// A visible comment of the public consultation, reported by readers
	// without an account, each from an address of their own.
	var public int64
	if err := db.Get(&public, `INSERT INTO comments (policy_id, version_id, section_anchor, author_name, body)
		SELECT id, current_version_id, '', 'Warga', 'Komentar untuk dilaporkan' FROM policies WHERE id = $1 RETURNING id`, w.public); err != nil {
		t.Fatal(err)
	}
	report := func(field string) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			in := map[string]string{"reason": "other", "detail": "Uji"}
			in[field] = s
			return js(t, "anonymous", fmt.Sprintf("/api/v1/comments/%d/report", public), in, map[string]string{"X-Real-IP": fmt.Sprintf("198.18.7.%d", i+1)})
		}
	}
	return map[string][]textCase{
		"AttachmentInput": {
			// A file name is kept made safe: its last path element, without
			// control characters, quotes or separators, with the type's extension.
			{name: "POST /policies/{id}/attachments name", field: "name", status: 201,
				send: attach("name"),
				stored: func(t *testing.T, s, body string) {
					want := policies.SafeFileName(s)
					if path.Ext(want) != ".pdf" {
						want = strings.TrimSuffix(want, ".") + ".pdf"
					}
					if got := a.text(t, `SELECT name FROM attachments ORDER BY id DESC LIMIT 1`); got != want {
						t.Errorf("name %q kept as %q, want %q", s, got, want)
					}
				},
				changes: map[string]delta{"attachments": {1, 0}, "audit_log": {1, 0}}},
			{name: "POST /policies/{id}/attachments kind", field: "kind", status: 422, send: attach("kind")},
			{name: "POST /policies/{id}/attachments content_base64", field: "content_base64", status: 422, send: attach("content_base64")},
		},
		"ReportInput": {
			{name: "POST /comments/{cid}/report reason", field: "reason", status: 422, send: report("reason")},
			{name: "POST /comments/{cid}/report detail", field: "detail", status: 201, send: report("detail"),
				stored:  a.storedAs("detail", `SELECT detail FROM comment_reports ORDER BY id DESC LIMIT 1`),
				changes: map[string]delta{"comment_reports": {1, 0}}},
		},
		"ModerationInput": {
			{name: "POST /comments/{cid}/moderate decision", field: "decision", status: 422,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return js(t, "drafter", fmt.Sprintf("/api/v1/comments/%d/moderate", w.comment), map[string]string{"decision": s}, nil)
				}},
		},
	}
}

// ---- Attachments ----

// upload posts a file through the policy page's form.
func (a *app) uploadAttachment(c *http.Client, policy int64, kind, name string, content []byte) (*http.Response, string) {
	a.t.Helper()
	return a.upload(c, fmt.Sprintf("/policies/%d/attachments", policy), name, content, "kind", kind)
}

// An attachment is stored with the SHA-256 of its bytes, its type decided
// from its content, listed on the policy page and downloaded as an
// attachment with its stored type; too large, or not one of the types, it
// is refused and nothing is stored; another city's draft's attachment is
// 404; a withdrawal keeps the content and is audited.
func TestAttachments(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	draft := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	drafter := a.people["drafter"]
	count := func() (n int) {
		db.Get(&n, `SELECT count(*) FROM attachments`)
		return n
	}

	// A PDF through the page's form.
	pdf := pdfFile("naskah")
	res, out := a.uploadAttachment(drafter, draft, "naskah_akademik", "Naskah Akademik.pdf", pdf)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", res.StatusCode, gist(out))
	}
	var row struct {
		ID          int64
		Name        string
		ContentType string `db:"content_type"`
		Size        int64
		SHA256      string
		Content     []byte
	}
	if err := db.Get(&row, `SELECT id, name, content_type, size, sha256, content FROM attachments ORDER BY id DESC LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	if row.SHA256 != sha256Hex(pdf) || row.Size != int64(len(pdf)) || !bytes.Equal(row.Content, pdf) || row.ContentType != "application/pdf" || row.Name != "Naskah Akademik.pdf" {
		t.Errorf("stored %s %q %s %d bytes, want SHA-256 %s, %d bytes", row.SHA256, row.Name, row.ContentType, row.Size, sha256Hex(pdf), len(pdf))
	}
	// Listed on the policy page with its SHA-256 and size, and answered at once.
	_, page := a.get(drafter, fmt.Sprintf("/policies/%d", draft))
	if !strings.Contains(page, sha256Hex(pdf)) || !strings.Contains(page, fmt.Sprintf(`href="/policies/%d/attachments/%d"`, draft, row.ID)) ||
		!strings.Contains(page, "Naskah akademik") {
		t.Errorf("the policy page does not list the attachment with its SHA-256: %s", gist(page[strings.Index(page, "lampiran"):]))
	}
	// Downloaded as an attachment, with its stored type, never sniffed.
	res, body := a.get(a.people["unit_officer"], fmt.Sprintf("/policies/%d/attachments/%d", draft, row.ID))
	if res.StatusCode != 200 || body != string(pdf) {
		t.Fatalf("download: %d, %d bytes", res.StatusCode, len(body))
	}
	for h, want := range map[string]string{"Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="Naskah Akademik.pdf"`, "X-Content-Type-Options": "nosniff"} {
		if got := res.Header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}

	// A PNG with a name in more than ASCII through the API: the name is
	// sent back in its UTF-8 form too, the SHA-256 is the bytes'.
	png := pngFile("notulen")
	res, out = a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/attachments", draft),
		map[string]string{"name": `..\rapat/Notulen "rapat" – 1`, "kind": "notulen", "content_base64": base64.StdEncoding.EncodeToString(png)}, "")
	var att policies.Attachment
	json.Unmarshal([]byte(out), &att)
	if res.StatusCode != 201 || att.SHA256 != sha256Hex(png) || att.ContentType != "image/png" || att.Name != "Notulen rapat – 1.png" {
		t.Fatalf("API upload: %d %s", res.StatusCode, out)
	}
	res, body = a.api(http.DefaultClient, "", "GET", fmt.Sprintf("/api/v1/policies/%d/attachments/%d", draft, att.ID), nil, "")
	if res.StatusCode != 404 {
		t.Errorf("a draft's attachment to someone signed out: %d, want 404", res.StatusCode)
	}
	res, body = a.api(http.DefaultClient, a.tokens["leader"], "GET", fmt.Sprintf("/api/v1/policies/%d/attachments/%d", draft, att.ID), nil, "")
	if cd := res.Header.Get("Content-Disposition"); res.StatusCode != 200 || body != string(png) ||
		cd != `attachment; filename="Notulen rapat _ 1.png"; filename*=UTF-8''Notulen%20rapat%20%E2%80%93%201.png` {
		t.Errorf("API download: %d, Content-Disposition %q", res.StatusCode, cd)
	}
	// A DOCX and an XLSX are told from their parts.
	for name, f := range map[string][]byte{
		"kajian.docx": officeFile(t, "[Content_Types].xml", "word/document.xml"),
		"data.xlsx":   officeFile(t, "[Content_Types].xml", "xl/workbook.xml"),
	} {
		if res, out := a.uploadAttachment(drafter, draft, "lainnya", name, f); res.StatusCode != 303 {
			t.Errorf("upload %s: %d %s", name, res.StatusCode, gist(out))
		}
	}

	// Refused, and nothing stored: too large (413), a program renamed .pdf,
	// a page renamed .png, a ZIP that is no office file, a PNG named .pdf.
	before, n := a.rows(t), count()
	big := append(pdfFile("besar"), bytes.Repeat([]byte{'x'}, policies.MaxAttachmentSize)...)
	res, out = a.uploadAttachment(drafter, draft, "lainnya", "besar.pdf", big)
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversize upload: %d %s, want 413", res.StatusCode, gist(out))
	}
	res, out = a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/attachments", draft),
		map[string]string{"name": "besar.pdf", "kind": "lainnya", "content_base64": base64.StdEncoding.EncodeToString(big[:policies.MaxAttachmentSize+1])}, "")
	if res.StatusCode != http.StatusRequestEntityTooLarge || decodeErr(t, out).Error.Code != "too_large" {
		t.Errorf("oversize API upload: %d %.300s, want 413", res.StatusCode, out)
	}
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"), bytes.Repeat([]byte{0}, 64)...)
	for name, f := range map[string][]byte{
		"laporan.pdf":   exe,
		"gambar.png":    []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"),
		"arsip.docx":    officeFile(t, "readme.txt"),
		"gambar.pdf":    pngFile("salah"),
		"tanpa-isi.pdf": {},
	} {
		res, out := a.uploadAttachment(drafter, draft, "lainnya", name, f)
		if res.StatusCode != 422 || !strings.Contains(out, `role="alert"`) {
			t.Errorf("upload %s: %d %s, want 422 saying why", name, res.StatusCode, gist(out))
		}
		res, out = a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/attachments", draft),
			map[string]string{"name": name, "kind": "lainnya", "content_base64": base64.StdEncoding.EncodeToString(f)}, "")
		if res.StatusCode != 422 || decodeErr(t, out).Error.Field != "content_base64" {
			t.Errorf("API upload %s: %d %.300s, want 422 naming content_base64", name, res.StatusCode, out)
		}
	}
	expectChanges(t, before, a.rows(t), nil)
	if count() != n {
		t.Errorf("refused uploads stored %d attachments", count()-n)
	}

	// Another city's drafter neither reads the draft's attachments nor uploads to it.
	other := a.login("penyusun.pangkalpinang@policyflow.test")
	if res, _ := a.get(other, fmt.Sprintf("/policies/%d/attachments/%d", draft, row.ID)); res.StatusCode != 404 {
		t.Errorf("another city's draft's attachment: %d, want 404", res.StatusCode)
	}
	if res, out := a.api(http.DefaultClient, a.token("penyusun.pangkalpinang@policyflow.test"), "GET", fmt.Sprintf("/api/v1/policies/%d/attachments", draft), nil, ""); res.StatusCode != 404 {
		t.Errorf("another city's draft's attachment list: %d %s, want 404", res.StatusCode, out)
	}
	if res, _ := a.uploadAttachment(other, draft, "lainnya", "x.pdf", pdfFile("lain")); res.StatusCode != 404 {
		t.Errorf("upload to another city's draft: %d, want 404", res.StatusCode)
	}

	// Withdrawn: off the list and the downloads, its content kept, the audit log says who.
	res, out = a.form(drafter, fmt.Sprintf("/policies/%d/attachments/%d/delete", draft, row.ID), url.Values{"csrf": {a.csrf(drafter, "/login")}})
	if res.StatusCode != 303 {
		t.Fatalf("withdraw: %d %s", res.StatusCode, gist(out))
	}
	if res, _ := a.get(drafter, fmt.Sprintf("/policies/%d/attachments/%d", draft, row.ID)); res.StatusCode != 404 {
		t.Errorf("a withdrawn attachment downloads: %d", res.StatusCode)
	}
	_, list := a.api(http.DefaultClient, a.tokens["drafter"], "GET", fmt.Sprintf("/api/v1/policies/%d/attachments", draft), nil, "")
	if strings.Contains(list, sha256Hex(pdf)) || !strings.Contains(list, sha256Hex(png)) {
		t.Errorf("list after the withdrawal: %s", list)
	}
	var kept, audited int
	db.Get(&kept, `SELECT count(*) FROM attachments WHERE id = $1 AND removed_at IS NOT NULL AND content = $2`, row.ID, pdf)
	db.Get(&audited, `SELECT count(*) FROM audit_log WHERE policy_id = $1 AND action = 'attachment_removed' AND actor_id = $2`, draft, a.st.UserID(t, roleEmails["drafter"]))
	if kept != 1 || audited != 1 {
		t.Errorf("withdrawal: content kept %d, audited %d; want 1 and 1", kept, audited)
	}
	if res, _ := a.form(drafter, fmt.Sprintf("/policies/%d/attachments/%d/delete", draft, row.ID), url.Values{"csrf": {a.csrf(drafter, "/login")}}); res.StatusCode != 404 {
		t.Errorf("withdrawing twice: %d, want 404", res.StatusCode)
	}
	_, hist := a.get(drafter, fmt.Sprintf("/policies/%d/history", draft))
	if !strings.Contains(hist, "Lampiran ditarik") {
		t.Errorf("the history page does not name the withdrawal")
	}
}

// ---- Moderation ----

// openPublicConsultation opens a consultation on the Sawahlunto draft that takes the public's comments.
func (a *app) openPublicConsultation(t *testing.T) int64 {
	t.Helper()
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	open := map[string]any{"closes_at": time.Now().Add(72 * time.Hour).Format(time.RFC3339), "allow_public": true}
	if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/actions/open_consultation", id), open, ""); res.StatusCode != 200 {
		t.Fatalf("open consultation: %d %s", res.StatusCode, out)
	}
	// The invitations are written by the consultation's workflow after the
	// action answers: wait for them, so a test that compares the database
	// before and after a refused request sees only what that request did.
	db := a.st.DB.SQL()
	waitFor(t, func() bool {
		var invited, told int
		db.Get(&invited, `SELECT count(*) FROM consultation_invitees i JOIN consultations c ON c.id = i.consultation_id WHERE c.policy_id = $1`, id)
		db.Get(&told, `SELECT count(*) FROM notifications WHERE policy_id = $1 AND kind = 'consultation_invitation'`, id)
		return told == invited
	})
	return id
}

// anonComment posts a comment without an account from an address.
func (a *app) anonComment(t *testing.T, policy int64, addr, body string) (*http.Response, string) {
	t.Helper()
	return devtest.Call(t, "POST", fmt.Sprintf("%s/api/v1/policies/%d/comments", a.srv.URL, policy), "",
		map[string]string{"section": "", "body": body, "name": "Warga", "email": "warga@example.org"}, "X-Real-IP", addr)
}

// A reader reports a comment; the drafter's moderation page shows who
// reported what, why and when; "reviewed, keep" closes the reports and the
// comment stays; hiding takes it out of the pages, the API and the
// notifications, and its author is told of the approval or the hiding.
func TestModeration(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	id := a.openPublicConsultation(t)
	drafter := a.people["drafter"]
	modPage := fmt.Sprintf("/policies/%d/moderation", id)

	// A public comment waits for moderation, then is approved; its author hears of it.
	res, out := a.anonComment(t, id, "10.20.0.1", "Mohon jadwal pelatihan diumumkan lebih awal.")
	var pending policies.Comment
	json.Unmarshal([]byte(out), &pending)
	if res.StatusCode != 201 || pending.Status != policies.CommentPendingModeration {
		t.Fatalf("public comment: %d %s", res.StatusCode, out)
	}
	_, page := a.get(drafter, modPage)
	if !strings.Contains(page, "Mohon jadwal pelatihan") || !strings.Contains(page, fmt.Sprintf(`id="approve-%d"`, pending.ID)) {
		t.Errorf("the moderation page does not list the pending comment: %s", gist(page))
	}
	res, out = a.form(drafter, fmt.Sprintf("/comments/%d/moderate", pending.ID), url.Values{"csrf": {a.csrf(drafter, "/login")}, "decision": {"approve"}})
	if res.StatusCode != 303 {
		t.Fatalf("approve: %d %s", res.StatusCode, gist(out))
	}
	var n int
	db.Get(&n, `SELECT count(*) FROM notifications WHERE dedup_key = $1 AND kind = 'comment_moderated' AND email = 'warga@example.org'`, fmt.Sprintf("moderated/%d/open", pending.ID))
	if n != 1 {
		t.Errorf("the author's notice of the approval: %d rows, want 1", n)
	}
	_, list := a.api(http.DefaultClient, "", "GET", fmt.Sprintf("/api/v1/policies/%d/comments", id), nil, "")
	if !strings.Contains(list, "Mohon jadwal pelatihan") {
		t.Errorf("the approved comment is not shown at once: %.300s", list)
	}

	// A unit officer's comment is reported by a reader without an account
	// and by the Kabid; the page says who, why and when.
	body := "Komentar dengan kata-kata kasar yang dilaporkan."
	res, out = a.api(http.DefaultClient, a.tokens["unit_officer"], "POST", fmt.Sprintf("/api/v1/policies/%d/comments", id), map[string]any{"section": "", "body": body}, "")
	var c policies.Comment
	json.Unmarshal([]byte(out), &c)
	if res.StatusCode != 201 {
		t.Fatalf("comment: %d %s", res.StatusCode, out)
	}
	res, out = a.api(http.DefaultClient, "", "POST", fmt.Sprintf("/api/v1/comments/%d/report", c.ID), map[string]string{"reason": "abusive", "detail": "Menghina peserta"}, "")
	if res.StatusCode != 201 || strings.Contains(out, "127.0.0.1") {
		t.Fatalf("anonymous report: %d %s", res.StatusCode, out)
	}
	kabid := a.people["leader"]
	res, out = a.form(kabid, fmt.Sprintf("/comments/%d/report", c.ID), url.Values{"csrf": {a.csrf(kabid, "/login")}, "reason": {"personal_data"}, "detail": {"Menyebut NIP orang lain"}})
	if res.StatusCode != 303 {
		t.Fatalf("report by page: %d %s", res.StatusCode, gist(out))
	}
	res, out = a.form(kabid, fmt.Sprintf("/comments/%d/report", c.ID), url.Values{"csrf": {a.csrf(kabid, "/login")}, "reason": {"spam"}})
	if res.StatusCode != 409 {
		t.Errorf("a second open report by the same person: %d, want 409", res.StatusCode)
	}
	var kabidName string
	db.Get(&kabidName, `SELECT name FROM users WHERE email = $1`, roleEmails["leader"])
	_, page = a.get(drafter, modPage)
	item := page[max(0, strings.Index(page, fmt.Sprintf(`id="m%d"`, c.ID))):]
	for _, want := range []string{body, "Pembaca tanpa akun", "Kasar, menghina, atau SARA", "Menghina peserta", kabidName, "Memuat data pribadi", "Menyebut NIP orang lain", "<time", fmt.Sprintf(`id="keep-%d"`, c.ID)} {
		if !strings.Contains(item, want) {
			t.Errorf("the moderation page lacks %q", want)
		}
	}
	_, en := a.get(drafter, modPage+"?lang=en")
	if !strings.Contains(en, "Reader without an account") || !strings.Contains(en, "Reviewed, keep") {
		t.Errorf("the moderation page in English lacks its words")
	}

	// Reviewed, keep: the reports close, the comment stays, no notice.
	res, out = a.form(drafter, fmt.Sprintf("/comments/%d/moderate", c.ID), url.Values{"csrf": {a.csrf(drafter, "/login")}, "decision": {"keep"}})
	if res.StatusCode != 303 {
		t.Fatalf("keep: %d %s", res.StatusCode, gist(out))
	}
	var open int
	db.Get(&open, `SELECT count(*) FROM comment_reports WHERE comment_id = $1 AND closed_at IS NULL`, c.ID)
	_, page = a.get(drafter, modPage)
	_, list = a.api(http.DefaultClient, "", "GET", fmt.Sprintf("/api/v1/policies/%d/comments", id), nil, "")
	if open != 0 || strings.Contains(page, body) || !strings.Contains(list, body) {
		t.Errorf("after keep: %d open reports, on the moderation page %v, shown %v", open, strings.Contains(page, body), strings.Contains(list, body))
	}
	if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/comments/%d/moderate", c.ID), map[string]string{"decision": "keep"}, ""); res.StatusCode != 409 {
		t.Errorf("keep without open reports: %d %s, want 409", res.StatusCode, out)
	}

	// Reported again, then hidden: out of the pages, the API, the
	// moderation list, and every notification; the author is told, without the text.
	if res, out := a.api(http.DefaultClient, a.tokens["unit_officer"], "POST", fmt.Sprintf("/api/v1/comments/%d/report", c.ID), map[string]string{"reason": "spam"}, ""); res.StatusCode != 201 {
		t.Fatalf("report: %d %s", res.StatusCode, out)
	}
	res, out = a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/comments/%d/moderate", c.ID), map[string]string{"decision": "hide"}, "")
	if res.StatusCode != 200 || !strings.Contains(out, `"status":"rejected"`) {
		t.Fatalf("hide: %d %s", res.StatusCode, out)
	}
	for _, tok := range []string{"", a.tokens["drafter"], a.tokens["stakeholder"]} {
		_, list := a.api(http.DefaultClient, tok, "GET", fmt.Sprintf("/api/v1/policies/%d/comments", id), nil, "")
		if strings.Contains(list, body) {
			t.Errorf("a hidden comment is listed by the API")
		}
	}
	for _, c := range []*http.Client{a.client(), drafter} {
		for _, p := range []string{fmt.Sprintf("/policies/%d", id), fmt.Sprintf("/policies/%d/consultation", id), modPage} {
			if _, page := a.get(c, p); strings.Contains(page, body) {
				t.Errorf("%s shows a hidden comment", p)
			}
		}
	}
	db.Get(&n, `SELECT count(*) FROM notifications WHERE dedup_key = $1 AND kind = 'comment_moderated' AND user_id = $2`,
		fmt.Sprintf("moderated/%d/rejected", c.ID), a.st.UserID(t, roleEmails["unit_officer"]))
	if n != 1 {
		t.Errorf("the author's notice of the hiding: %d rows, want 1", n)
	}
	// Nobody but its author (in the notice of its moderation) reads its text in a notification.
	var carrying []string
	db.Select(&carrying, `SELECT kind || ' ' || dedup_key || ': ' || subject || ' / ' || body FROM notifications
		WHERE (subject LIKE '%' || $1 || '%' OR body LIKE '%' || $1 || '%') AND NOT (kind = 'comment_moderated' AND user_id IS NOT DISTINCT FROM $2)`,
		"kata-kata kasar", a.st.UserID(t, roleEmails["unit_officer"]))
	if len(carrying) != 0 {
		t.Errorf("notifications carry the hidden comment's text: %q", carrying)
	}
	var closed []string
	db.Select(&closed, `SELECT outcome FROM comment_reports WHERE comment_id = $1 ORDER BY id`, c.ID)
	if !slices.Equal(closed, []string{"kept", "kept", "hidden"}) {
		t.Errorf("report outcomes %v, want kept, kept, hidden", closed)
	}
	// A hidden comment can be reported no more.
	if res, _ := a.api(http.DefaultClient, a.tokens["admin"], "POST", fmt.Sprintf("/api/v1/comments/%d/report", c.ID), map[string]string{"reason": "spam"}, ""); res.StatusCode != 404 {
		t.Errorf("report of a hidden comment: %d, want 404", res.StatusCode)
	}
}

// Anonymous comments are limited per address and consultation, and
// anonymous reports per address: past the limit, 429 with Retry-After and
// a message, and nothing stored.
func TestAnonymousLimits(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	id := a.openPublicConsultation(t)
	count := func(q string) (n int) {
		db.Get(&n, q)
		return n
	}
	for i := range 5 {
		if res, out := a.anonComment(t, id, "10.30.0.1", fmt.Sprintf("Komentar %d", i)); res.StatusCode != 201 {
			t.Fatalf("comment %d: %d %s", i, res.StatusCode, out)
		}
	}
	before := a.rows(t)
	res, out := a.anonComment(t, id, "10.30.0.1", "Komentar keenam")
	ra, _ := time.ParseDuration(res.Header.Get("Retry-After") + "s")
	if res.StatusCode != 429 || ra <= 0 || ra > time.Hour || decodeErr(t, out).Error.Code != "rate_limited" || !strings.Contains(out, "per jam") {
		t.Errorf("sixth comment from one address: %d Retry-After %q %s", res.StatusCode, res.Header.Get("Retry-After"), out)
	}
	expectChanges(t, before, a.rows(t), nil)
	// Another address is not limited by the first; a signed-in person is not limited at all.
	if res, out := a.anonComment(t, id, "10.30.0.2", "Komentar dari alamat lain"); res.StatusCode != 201 {
		t.Errorf("another address: %d %s", res.StatusCode, out)
	}
	if got := count(`SELECT count(*) FROM comments WHERE body LIKE 'Komentar %' AND author_id IS NULL`); got != 6 {
		t.Errorf("%d anonymous comments stored, want 6", got)
	}

	// Reports without an account: ten an hour from one address.
	var ids []int64
	for i := range 11 {
		var c int64
		db.Get(&c, `INSERT INTO comments (policy_id, version_id, section_anchor, author_name, body)
			SELECT id, current_version_id, '', 'Uji', $2 FROM policies WHERE id = $1 RETURNING id`, id, fmt.Sprintf("Komentar terlihat %d", i))
		ids = append(ids, c)
	}
	report := func(c int64) (*http.Response, string) {
		b, _ := json.Marshal(map[string]string{"reason": "spam"})
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/comments/%d/report", a.srv.URL, c), bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Real-IP", "10.30.0.9")
		return devtest.Do(t, http.DefaultClient, req)
	}
	for _, c := range ids[:10] {
		if res, out := report(c); res.StatusCode != 201 {
			t.Fatalf("report: %d %s", res.StatusCode, out)
		}
	}
	before = a.rows(t)
	if res, out := report(ids[10]); res.StatusCode != 429 || res.Header.Get("Retry-After") == "" {
		t.Errorf("eleventh report from one address: %d %s", res.StatusCode, out)
	}
	expectChanges(t, before, a.rows(t), nil)
}

// The upload routes take a body as large as an attachment; every other route keeps the common limit.
func TestAttachmentBodyLimit(t *testing.T) {
	if got := server.BodyLimit("POST", "/api/v1/policies/1/attachments"); got <= policies.MaxAttachmentSize*4/3 {
		t.Errorf("API upload limit %d is below a 20 MB file in base64", got)
	}
	if got := server.BodyLimit("POST", "/policies/1/comments"); got != 1<<20 {
		t.Errorf("comment limit %d", got)
	}
}

// attachmentSamples gives the words test an attachment of every sample
// policy and of another region's, as "policy/attachment" pairs.
func (a *app) attachmentSamples(t *testing.T, samples map[string]int64, other int64) []string {
	var out []string
	for _, id := range append(slices.Sorted(maps.Values(samples)), other) {
		out = append(out, fmt.Sprintf("%d/%d", id, a.attachmentRow(t, id, fmt.Sprintf("kata-%d", id))))
	}
	return out
}
