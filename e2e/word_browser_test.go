package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// In a real browser: the drafter imports a Word document as a new version
// of a policy. The upload shows the converted text for review (a preview
// with the table and lists, the Markdown editable) and saves nothing; the
// drafter adds a line, sees it in the live preview, saves, and the policy
// page shows the new version with the document's sections and a .docx
// download of it.
func TestBrowserWordImportReviewSave(t *testing.T) {
	s := newSite(t)
	browser := newBrowser(t, 3*time.Minute)
	ctx := context.Background()
	db := s.st.DB.SQL()
	pol := s.policy(t, "sawahlunto-peningkatan-kompetensi-asn")
	versions := func() int {
		var n int
		if err := db.GetContext(ctx, &n, `SELECT count(*) FROM policy_versions WHERE policy_id = $1`, pol.ID); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := versions()
	doc, err := filepath.Abs(filepath.Join("..", "docx", "testdata", "kebijakan.docx"))
	if err != nil {
		t.Fatal(err)
	}

	dina := s.signedIn(t, browser, drafterEmail, fmt.Sprintf("/policies/%d", pol.ID))
	dina.load("open the import page", chromedp.Click(chromedp.ID("import-link")))
	if !strings.HasSuffix(dina.location(), fmt.Sprintf("/policies/%d/import", pol.ID)) {
		t.Fatalf("the import link went to %s", dina.location())
	}
	dina.do("choose the file", chromedp.SetUploadFiles(chromedp.ID("file"), []string{doc}))
	dina.load("upload it", chromedp.Click(chromedp.ID("import-convert")))

	// Review: nothing saved yet; the preview shows the table and both lists.
	if n := versions(); n != before {
		t.Fatalf("the upload saved a version (%d → %d)", before, n)
	}
	if got := dina.count("#preview table tr"); got != 3 {
		t.Errorf("the preview's table has %d rows, want 3", got)
	}
	if dina.count("#preview ol li") != 3 || dina.count("#preview ul li") != 2 {
		t.Errorf("the preview's lists: %d numbered and %d bulleted items", dina.count("#preview ol li"), dina.count("#preview ul li"))
	}
	if h := dina.text("#preview h2"); h != "Pendahuluan" {
		t.Errorf("the preview's first section is %q", h)
	}
	if got := dina.text("#import-sections"); !strings.Contains(got, "Jalur Pengembangan") {
		t.Errorf("the sections found: %q", got)
	}
	dina.shot("word-import-review.png")

	// An edit shows in the live preview (wait on it, no sleep).
	dina.do("add a line", chromedp.Focus(chromedp.ID("markdown")),
		chromedp.Evaluate[chromedp.Void](`(function(){var t=document.getElementById("markdown");t.value+="\n## Tambahan Peninjau\n\nDitambahkan saat peninjauan.\n";t.dispatchEvent(new Event("input",{bubbles:true}))})()`))
	if _, err := chromedp.Run(dina.ctx, chromedp.Poll[bool](`document.getElementById("preview").innerText.includes("Tambahan Peninjau")`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the live preview never showed the added section: %v", err)
	}
	dina.load("save the version", chromedp.Click(chromedp.ID("import-save")))

	if n := versions(); n != before+1 {
		t.Fatalf("versions %d → %d, want one more", before, n)
	}
	var md, summary string
	db.QueryRowContext(ctx, `SELECT markdown, change_summary FROM policy_versions WHERE policy_id = $1 ORDER BY number DESC LIMIT 1`, pol.ID).Scan(&md, &summary)
	for _, want := range []string{"## Sasaran", "## Jalur Pengembangan", "| Pelatihan teknis", "## Tambahan Peninjau"} {
		if !strings.Contains(md, want) {
			t.Errorf("the saved version lacks %q", want)
		}
	}
	if summary != "Diimpor dari kebijakan.docx" {
		t.Errorf("change summary %q", summary)
	}
	if !strings.Contains(dina.textOr("main", ""), "Jalur Pengembangan") {
		t.Error("the policy page does not show the imported sections")
	}
	href := eval[string](dina, `document.getElementById("docx-link").getAttribute("href")`)
	if want := fmt.Sprintf("/policies/%d/versions/%d/docx", pol.ID, before+1); href != want {
		t.Errorf("the .docx link is %q, want %q", href, want)
	}
}
