package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/device"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/server"
	"github.com/policyflow/policyflow/workflows"
)

// The accessibility tests run axe-core (from npm, installed into tools/axe
// by make test) on the pages in Chromium, and fail on every serious or
// critical violation of WCAG 2.0/2.1 level A and AA.

// axePath is where make test's npm ci puts axe-core.
var axePath = func() string {
	p, _ := filepath.Abs(filepath.Join("..", "tools", "axe", "node_modules", "axe-core", "axe.min.js"))
	return p
}()

var (
	axeOnce   sync.Once
	axeSource string
	axeErr    error
)

// axeScript is axe.min.js, read once; a missing file fails the test.
func axeScript(t *testing.T) string {
	t.Helper()
	axeOnce.Do(func() {
		b, err := os.ReadFile(axePath)
		axeSource, axeErr = string(b), err
	})
	if axeErr != nil {
		t.Fatalf("axe-core is not installed (%v): run make test, or make axe (npm ci in tools/axe)", axeErr)
	}
	return axeSource
}

// axeTags are the rule sets the pages must pass: WCAG 2.0 and 2.1, A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

type axeNode struct {
	Target         []any  `json:"target"`
	HTML           string `json:"html"`
	FailureSummary string `json:"failureSummary"`
}

type axeResult struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
}

type axeReport struct {
	Violations []axeResult `json:"violations"`
	Passes     int         `json:"passes"`
	URL        string      `json:"url"`
}

// axeRun injects axe-core into the current page (if it is not there yet)
// and runs it with the WCAG 2.0/2.1 A and AA rules.
func axeRun(t *testing.T, ctx context.Context) axeReport {
	t.Helper()
	src := axeScript(t)
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function(){ if (!window.axe) {`+src+`
}; return !!window.axe; })()`)); err != nil {
		t.Fatalf("injecting axe-core: %v", err)
	}
	tags, _ := json.Marshal(axeTags)
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {
	  runOnly: {type: "tag", values: `+string(tags)+`},
	  resultTypes: ["violations"]
	}).then(function (r) {
	  return JSON.stringify({url: r.url, passes: r.passes.length, violations: r.violations.map(function (v) {
	    return {id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map(function (n) {
	      return {target: n.target, html: n.html, failureSummary: n.failureSummary};
	    })};
	  })});
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running axe-core: %v", err)
	}
	var rep axeReport
	if err := json.Unmarshal([]byte(raw), &rep); err != nil {
		t.Fatalf("axe-core's report: %v", err)
	}
	if rep.Passes == 0 {
		t.Fatalf("axe-core passed no rule at all on %s: did it run?", rep.URL)
	}
	return rep
}

// axeCheck runs axe-core on the page now shown in ctx: every serious or
// critical violation fails the test (rule, help, and each offending node),
// moderate and minor ones are logged.
func axeCheck(t *testing.T, ctx context.Context, label string) {
	t.Helper()
	rep := axeRun(t, ctx)
	var serious, minor []string
	for _, v := range rep.Violations {
		var b strings.Builder
		fmt.Fprintf(&b, "[%s] %s: %s (%s)", v.Impact, v.ID, v.Help, v.HelpURL)
		for i, n := range v.Nodes {
			if i == 8 {
				fmt.Fprintf(&b, "\n      … and %d more", len(v.Nodes)-i)
				break
			}
			html := n.HTML
			if len(html) > 200 {
				html = html[:200] + "…"
			}
			fmt.Fprintf(&b, "\n      %v %s", n.Target, html)
			if s := strings.ReplaceAll(strings.TrimSpace(n.FailureSummary), "\n", " "); s != "" {
				if len(s) > 300 {
					s = s[:300] + "…"
				}
				fmt.Fprintf(&b, "\n        %s", s)
			}
		}
		if v.Impact == "serious" || v.Impact == "critical" {
			serious = append(serious, b.String())
		} else {
			minor = append(minor, b.String())
		}
	}
	if len(minor) > 0 {
		t.Logf("axe %s (%s): %d moderate/minor violations:\n  %s", label, rep.URL, len(minor), strings.Join(minor, "\n  "))
	}
	if len(serious) > 0 {
		t.Errorf("axe %s (%s): %d serious/critical WCAG 2.1 AA violations:\n  %s", label, rep.URL, len(serious), strings.Join(serious, "\n  "))
	} else {
		t.Logf("axe %s: no serious or critical violation (%d rules passed)", label, rep.Passes)
	}
}

// axeOpen navigates to path, checks the answer's status (the 404 and error
// pages are checked too) and that the page shows the element want (so that
// axe judges the page meant), then runs axeCheck on it.
func (b *tab) axeOpen(path string, status int64, want, label string) {
	b.t.Helper()
	res, err := chromedp.RunResponse(b.ctx, chromedp.Navigate(b.base+path))
	if err != nil {
		b.t.Fatalf("open %s: %v", path, err)
	}
	if res == nil || res.Status != status {
		var got int64
		if res != nil {
			got = res.Status
		}
		b.t.Fatalf("%s: %s answered %d, want %d: %.300s", label, path, got, status, b.textOr("main", ""))
	}
	if !b.exists(want) {
		b.t.Fatalf("%s: %s shows no %s: %.300s", label, path, want, b.textOr("main", ""))
	}
	axeCheck(b.t, b.ctx, label)
}

// axeOpenBoth is axeOpen of path with status 200 in Indonesian, then in
// English, the label naming the language ("label [en]").
func (b *tab) axeOpenBoth(path, want, label string) {
	b.t.Helper()
	for _, lang := range []string{"id", "en"} {
		b.axeOpen(withLang(path, lang), 200, want, label+" ["+lang+"]")
	}
}

// axeRefusedFile chooses the file bad in the file input with id input and
// sends it with send: the page must answer 422 and list the refused lines
// (#line-errors); then axe checks it.
func (b *tab) axeRefusedFile(input, bad string, send chromedp.Action[chromedp.Void], label string) {
	b.t.Helper()
	b.do("choose a file with a bad line", chromedp.SetUploadFiles(chromedp.ID(input), []string{bad}))
	res, err := chromedp.RunResponse(b.ctx, send)
	if err != nil || res == nil || res.Status != 422 || !b.exists("#line-errors") {
		b.t.Fatalf("%s shows no lines: %.300s", label, b.textOr("main", ""))
	}
	axeCheck(b.t, b.ctx, label)
}

// drafterAndOfficer signs the drafter and the unit officer in, each in a
// tab of their own on a new browser, landing on path.
func (s *site) drafterAndOfficer(t *testing.T, timeout time.Duration, path string) (drafter, officer *tab) {
	t.Helper()
	browser := newBrowser(t, timeout)
	return s.signedIn(t, browser, drafterEmail, path), s.signedIn(t, browser, officerEmail, path)
}

// withLang adds ?lang=en (or &lang=en) to path for English; "id" leaves it.
func withLang(path, lang string) string {
	if lang == "id" {
		return path
	}
	if strings.Contains(path, "?") {
		return path + "&lang=" + lang
	}
	return path + "?lang=" + lang
}

// axePolicy makes the seeded policy a consultation open to the public on
// version 2 with comments on it, so that every public page has content.
func axePolicy(t *testing.T, s *site) (policyID int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db, lc := s.st.DB, s.st.Lifecycle
	pol := s.policy(t, "sawahlunto-peningkatan-kompetensi-asn")
	drafter := mustUser(ctx, t, db, drafterEmail)
	stakeholder := mustUser(ctx, t, db, stakeholderEmail)
	v1, err := db.CurrentVersion(ctx, pol.ID)
	if err != nil {
		t.Fatal(err)
	}
	md2 := strings.TrimRight(v1.Markdown, "\n") + "\n\n## Ketentuan Peralihan\n\nKebijakan ini berlaku bagi **seluruh** ASN sejak ditetapkan.\n"
	v2, err := db.CreateVersion(ctx, pol.ID, 1, md2, drafter.ID, "Menambahkan ketentuan peralihan")
	if err != nil {
		t.Fatalf("version 2: %v", err)
	}
	devtest.WaitFor(ctx, t, "the policy workflow to load", func() (bool, string) {
		st, err := lc.State(ctx, pol.ID)
		return err == nil && st.Status != "", fmt.Sprintf("%+v %v", st, err)
	})
	do(ctx, t, lc, pol.ID, policies.ActOpenConsultation, workflows.Request{
		Actor:    workflows.Actor{UserID: drafter.ID, Role: policies.RoleDrafter},
		ClosesAt: time.Now().Add(72 * time.Hour), AllowPublic: true, VersionNumber: 2})
	for i, c := range []policies.Comment{
		{SectionID: "tujuan-kebijakan", AuthorID: &stakeholder.ID, AuthorName: stakeholder.Name, Body: "Mohon tambahkan target jam pelajaran per ASN per tahun."},
		{SectionID: "", AuthorID: &stakeholder.ID, AuthorName: stakeholder.Name, Body: "Secara umum kebijakan ini sudah baik."},
	} {
		c.PolicyID, c.VersionID = pol.ID, v2.ID
		if _, err := db.CreateComment(ctx, c); err != nil {
			t.Fatalf("comment %d: %v", i, err)
		}
	}
	return pol.ID
}

// TestAxePublicPages runs axe-core on every public page, in Indonesian and
// in English, as a visitor who is not signed in: the policy list, a policy
// with comments in consultation, its consultation, comments, versions and
// diff pages, the verification page of its version's hash (and of an
// unknown hash), the login page and the 404 page.
func TestAxePublicPages(t *testing.T) {
	s := newSite(t)
	id := axePolicy(t, s)
	browser := newBrowser(t, 6*time.Minute)
	visitor := s.person(t, browser)
	p := fmt.Sprintf("/policies/%d", id)
	v2, err := s.st.DB.VersionByNumber(t.Context(), id, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"id", "en"} {
		for _, page := range []struct {
			path   string
			status int64
			want   string
			label  string
		}{
			{"/", 200, "main a[href='" + p + "']", "index"},
			{"/policies?q=kompetensi", 200, "main a[href='" + p + "']", "policy list (search)"},
			{p, 200, "section#komentar-tujuan-kebijakan li.comment", "policy page with comments"},
			{p + "/consultation", 200, "main h1", "consultation page"},
			{p + "/comments?section=tujuan-kebijakan", 200, "li.comment", "comments page"},
			{p + "/versions", 200, "table", "versions page"},
			{p + "/diff?from=1&to=2", 200, "#diff ins", "diff page"},
			{"/login", 200, "#email", "login page"},
			{"/ikm", 200, "main h1", "public IKM list"},
			{"/tidak-ada", 404, "main h1", "404 page"},
			{"/policies/999999999", 404, "main h1", "404 page (no such policy)"},
			{"/verifikasi/" + v2.SHA256, 200, "main h1", "verification page"},
			{"/verifikasi/" + strings.Repeat("0", 64), 404, "main h1", "verification page, unknown document"},
		} {
			visitor.axeOpen(withLang(page.path, lang), page.status, page.want, page.label+" ["+lang+"]")
		}
	}
	// The signature check of an uploaded PDF: the version's own file (not
	// signed: this site has no signing key), sent through the page's form.
	res, err := http.Get(s.base + p + "/versions/2/pdf")
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	pdfFile := filepath.Join(t.TempDir(), "versi-2.pdf")
	if err != nil || os.WriteFile(pdfFile, b, 0o600) != nil {
		t.Fatalf("version PDF: %v", err)
	}
	for _, lang := range []string{"id", "en"} {
		visitor.axeOpen(withLang("/verifikasi", lang), 200, "#verify-pdf", "verification page with the PDF form ["+lang+"]")
		visitor.do("choose a PDF", chromedp.SetUploadFiles(chromedp.ID("verify-pdf"), []string{pdfFile}))
		r, err := chromedp.RunResponse(visitor.ctx, chromedp.Click(chromedp.CSS("#verify-pdf-form button")))
		if err != nil || r == nil || r.Status != 200 || !visitor.exists("#verify-upload-record") {
			t.Fatalf("PDF signature check [%s]: %v %.300s", lang, err, visitor.textOr("main", ""))
		}
		axeCheck(t, visitor.ctx, "PDF signature check result ["+lang+"]")
	}
}

// TestAxeCheckSeesViolations is the helper's control: on a real page with
// an image without text, a field without a label and grey-on-white text
// put in, axe-core reports each as a serious or critical violation with
// the offending node, so a clean report elsewhere means something.
func TestAxeCheckSeesViolations(t *testing.T) {
	s := newSite(t)
	browser := newBrowser(t, 2*time.Minute)
	visitor := s.person(t, browser)
	visitor.axeOpen("/login", 200, "#email", "login page (before the control)")
	eval[bool](visitor, `(function () { document.getElementById("main").insertAdjacentHTML("beforeend",
	  '<img id="ctl-img" src="/static/none.png"><input id="ctl-input" type="text">' +
	  '<p id="ctl-grey">teks pucat</p><a id="ctl-link" href="/"></a>');
	  var g = document.getElementById("ctl-grey"); g.style.color = "#bbb"; g.style.background = "#fff"; // CSP refuses style attributes
	  return true; })()`)
	rep := axeRun(t, visitor.ctx)
	want := map[string]string{"image-alt": "#ctl-img", "label": "#ctl-input", "color-contrast": "#ctl-grey", "link-name": "#ctl-link"}
	for _, v := range rep.Violations {
		target, ok := want[v.ID]
		if !ok {
			continue
		}
		if v.Impact != "serious" && v.Impact != "critical" {
			t.Errorf("axe rates %s %q, want serious or critical", v.ID, v.Impact)
		}
		for _, n := range v.Nodes {
			if fmt.Sprint(n.Target...) == target {
				delete(want, v.ID)
			}
		}
	}
	for rule, target := range want {
		t.Errorf("axe-core did not report %s on %s: the check is blind to it; report: %+v", rule, target, rep.Violations)
	}
}

// fill sets a form field's value as typed (the form's own checks see it).
func (b *tab) fill(id, value string) {
	b.t.Helper()
	b.do("fill #"+id, chromedp.SetValue(chromedp.ID(id), value))
}

// submitExpect clicks a submit button and wants the page that answers to
// have the status given.
func (b *tab) submitExpect(button string, status int64, what string) {
	b.t.Helper()
	res, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.ID(button)))
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	if res == nil || res.Status != status {
		var got int64
		if res != nil {
			got = res.Status
		}
		b.t.Fatalf("%s: HTTP %d at %s, want %d: %.300s", what, got, b.location(), status, b.textOr("main", ""))
	}
}

// TestAxeCommentFlow runs axe-core through the comment flow, in Indonesian
// and in English: a member of the public (consultation open to the public)
// and a signed-in stakeholder open the comment form, send it empty and are
// shown the error, then send a comment and are shown the page after it.
func TestAxeCommentFlow(t *testing.T) {
	s := newSite(t)
	id := axePolicy(t, s)
	browser := newBrowser(t, 6*time.Minute)
	p := fmt.Sprintf("/policies/%d", id)
	stakeholder := s.signedIn(t, browser, stakeholderEmail, p)
	for _, lang := range []string{"id", "en"} {
		visitor := s.person(t, browser)
		visitor.axeOpen(withLang(p, lang), 200, "#comment-form #comment-name", "public comment form ["+lang+"]")
		visitor.fill("comment-name", "Warga Sawahlunto")
		visitor.fill("comment-email", "warga@contoh.test")
		visitor.fill("comment-body", "   ") // passes the browser's required check, refused by the server
		visitor.submitExpect("comment-submit", 422, "send a blank public comment")
		axeCheck(t, visitor.ctx, "public comment refused (blank) ["+lang+"]")
		visitor.axeOpen(withLang(p, lang), 200, "#comment-form", "public comment form again ["+lang+"]")
		visitor.fill("comment-name", "Warga Sawahlunto")
		visitor.fill("comment-email", "warga@contoh.test")
		visitor.fill("comment-body", "Usul dari warga: pelatihan daring juga dihitung ("+lang+").")
		visitor.submitExpect("comment-submit", 200, "send a public comment")
		axeCheck(t, visitor.ctx, "after a public comment ["+lang+"]")

		stakeholder.axeOpen(withLang(p, lang), 200, "#comment-form #comment-body", "stakeholder's comment form ["+lang+"]")
		stakeholder.fill("comment-body", "   ")
		stakeholder.submitExpect("comment-submit", 422, "send a blank comment")
		axeCheck(t, stakeholder.ctx, "comment refused (blank) ["+lang+"]")
		stakeholder.axeOpen(withLang(p, lang), 200, "#comment-form", "stakeholder's comment form again ["+lang+"]")
		body := "Mohon jelaskan sumber anggaran pelatihan (" + lang + ")."
		stakeholder.fill("comment-body", body)
		stakeholder.submitExpect("comment-submit", 200, "send a comment")
		if !strings.Contains(stakeholder.textOr("#komentar", ""), body) {
			t.Errorf("after posting [%s] the page does not show the comment %q", lang, body)
		}
		axeCheck(t, stakeholder.ctx, "after a stakeholder's comment ["+lang+"]")
	}
}

// TestAxeSignedInPages runs axe-core on the pages people use daily once
// signed in: the drafter's dashboard, policy page, editor, new policy,
// history, notifications and settings, and the approver's approval page.
func TestAxeSignedInPages(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s := newSite(t)
	db, lc := s.st.DB, s.st.Lifecycle
	pol := s.policy(t, "sawahlunto-pengelolaan-kompetensi-asn")
	drafter := mustUser(ctx, t, db, drafterEmail)
	devtest.WaitFor(ctx, t, "the policy workflow to load", func() (bool, string) {
		st, err := lc.State(ctx, pol.ID)
		return err == nil && st.Status != "", fmt.Sprintf("%+v %v", st, err)
	})
	do(ctx, t, lc, pol.ID, policies.ActSubmit, workflows.Request{Actor: workflows.Actor{UserID: drafter.ID, Role: policies.RoleDrafter}})
	devtest.WaitFor(ctx, t, "approval stage 1", func() (bool, string) {
		st, err := lc.State(ctx, pol.ID)
		return err == nil && st.Approval != nil && st.Approval.Stage == 1, describeState(st)
	})
	other := s.policy(t, "sawahlunto-peningkatan-kompetensi-asn")
	browser := newBrowser(t, 6*time.Minute)
	dina := s.signedIn(t, browser, drafterEmail, "/dashboard")
	leader := s.signedIn(t, browser, leaderEmails[0], "/dashboard")
	op := fmt.Sprintf("/policies/%d", other.ID)
	ap := fmt.Sprintf("/policies/%d", pol.ID)
	for _, lang := range []string{"id", "en"} {
		dina.axeOpen(withLang("/dashboard", lang), 200, "main h1", "drafter's dashboard ["+lang+"]")
		dina.axeOpen(withLang(op, lang), 200, "#edit-link", "policy page, signed in as its drafter ["+lang+"]")
		dina.axeOpen(withLang(op+"/edit", lang), 200, "#markdown", "editor ["+lang+"]")
		dina.axeOpen(withLang("/policies/new", lang), 200, "main form", "new policy ["+lang+"]")
		dina.axeOpen(withLang("/policies/new?template=perwali", lang), 200, "#markdown", "new policy from the Perwali template ["+lang+"]")
		dina.axeOpen(withLang(op+"/history", lang), 200, "main h1", "history ["+lang+"]")
		dina.axeOpen(withLang("/notifications", lang), 200, "main h1", "notifications ["+lang+"]")
		dina.axeOpen(withLang("/settings", lang), 200, "main h1", "settings ["+lang+"]")
		leader.axeOpen(withLang("/dashboard", lang), 200, "main h1", "approver's dashboard ["+lang+"]")
		leader.axeOpen(withLang(ap+"/approval", lang), 200, "#approve", "approval page ["+lang+"]")
	}
}

// overflowJS lists what sticks out to the right of the viewport: the
// document's scroll width, and the elements whose box ends past the
// viewport's width (outside a container that scrolls by itself).
const overflowJS = `(function () {
  var w = document.documentElement.clientWidth, out = [];
  var scrolls = function (el) {
    for (var p = el.parentElement; p; p = p.parentElement) {
      var o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll" || o === "hidden") return true;
    }
    return false;
  };
  document.querySelectorAll("body *").forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > w + 1 && !scrolls(el)) {
      out.push("<" + el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : "") + "> right edge " + Math.round(r.right) + "px");
    }
  });
  return {viewport: w, scroll: document.documentElement.scrollWidth, over: out.slice(0, 15)};
})()`

type overflow struct {
	Viewport int      `json:"viewport"`
	Scroll   int      `json:"scroll"`
	Over     []string `json:"over"`
}

// targetsJS measures the visible controls: how many there are and those
// smaller than 24×24 CSS px (WCAG 2.2's 2.5.8, reported, not asserted).
const targetsJS = `(function () {
  var small = [], n = 0;
  document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary").forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= 0) return; // hidden, or off to the left (the skip link until focused)
    n++;
    if (r.width < 24 || r.height < 24) {
      small.push("<" + el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + "> " + Math.round(r.width) + "×" + Math.round(r.height) + " " + JSON.stringify((el.innerText || el.value || el.name || "").trim().slice(0, 30)));
    }
  });
  return {count: n, small: small};
})()`

// checkPhoneLayout fails when the page scrolls sideways or something sticks
// out of the viewport (WCAG 2.1 1.4.10 Reflow) and logs the controls
// smaller than 24×24 px.
func (b *tab) checkPhoneLayout(label string) {
	b.t.Helper()
	o := eval[overflow](b, overflowJS)
	if o.Scroll > o.Viewport || len(o.Over) > 0 {
		b.t.Errorf("%s: the page is %d px wide in a %d px viewport; sticking out:\n  %s", label, o.Scroll, o.Viewport, strings.Join(o.Over, "\n  "))
	}
	tg := eval[struct {
		Count int      `json:"count"`
		Small []string `json:"small"`
	}](b, targetsJS)
	if len(tg.Small) > 0 {
		b.t.Logf("%s: %d of %d controls are smaller than 24×24 CSS px (WCAG 2.2 2.5.8, not a 2.1 AA criterion):\n  %s", label, len(tg.Small), tg.Count, strings.Join(tg.Small, "\n  "))
	} else {
		b.t.Logf("%s: all %d controls are at least 24×24 CSS px", label, tg.Count)
	}
}

// TestPhoneTouchPolicyAndCommentForm opens the policy page on a phone
// (Pixel 5: 393×851, touch) and at 320 CSS px: nothing scrolls sideways,
// axe-core finds no serious violation, and a member of the public writes a
// comment with taps and the on-screen keyboard's keys alone.
func TestPhoneTouchPolicyAndCommentForm(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	s := newSite(t)
	id := axePolicy(t, s)
	browser := newBrowser(t, 5*time.Minute)
	p := fmt.Sprintf("/policies/%d", id)

	phone := s.person(t, browser)
	phone.do("emulate a Pixel 5", chromedp.Emulate(device.Pixel5))
	phone.open(p)
	if !eval[bool](phone, `navigator.maxTouchPoints > 0 && window.innerWidth <= 400`) {
		t.Fatalf("no touch phone emulated: %d touch points, %d px wide", eval[int](phone, `navigator.maxTouchPoints`), eval[int](phone, `window.innerWidth`))
	}
	for _, path := range []string{p, p + "/consultation", p + "/versions", p + "/diff?from=1&to=2", "/"} {
		phone.axeOpen(path, 200, "main h1", "phone "+path)
		phone.checkPhoneLayout("phone " + path)
	}

	// The comment, by touch: tap each field, type, tap the button.
	phone.open(p)
	body := fmt.Sprintf("Dikirim dari ponsel: mohon sediakan pelatihan daring (%d).", time.Now().UnixNano()%100000)
	for _, f := range []struct{ id, text string }{
		{"comment-name", "Warga Ponsel"},
		{"comment-email", "ponsel@contoh.test"},
		{"comment-body", body},
	} {
		phone.do("tap #"+f.id, chromedp.Tap(chromedp.ID(f.id)))
		if got := phone.focusAfterTap(f.id); got != f.id {
			t.Fatalf("a tap on #%s put the focus on %q", f.id, got)
		}
		phone.press(f.text)
	}
	axeCheck(t, phone.ctx, "phone comment form filled in")
	phone.load("tap send", chromedp.Tap(chromedp.ID("comment-submit")))
	phone.checkPhoneLayout("phone after the comment")
	axeCheck(t, phone.ctx, "phone after the comment")
	var n int
	if err := s.st.DB.SQL().GetContext(ctx, &n, `SELECT count(*) FROM comments WHERE policy_id = $1 AND body = $2 AND author_name = 'Warga Ponsel'`, id, body); err != nil || n != 1 {
		t.Errorf("the comment tapped in on the phone is stored %d times (%v), want once", n, err)
	}

	// Reflow: at 320 CSS px wide nothing may need sideways scrolling.
	narrow := s.person(t, browser)
	narrow.do("a 320 px touch screen", chromedp.EmulateViewport(320, 640, chromedp.EmulateMobile, chromedp.EmulateTouch))
	for _, path := range []string{p, p + "/consultation", p + "/versions", p + "/diff?from=1&to=2", "/login"} {
		narrow.axeOpen(path, 200, "main h1", "320 px "+path)
		narrow.checkPhoneLayout("320 px " + path)
	}
	// The drafter on the same screen: their view of the policy, its
	// history (a table with no link in it) and the dashboard.
	narrow.signIn(drafterEmail, p)
	for _, path := range []string{p, p + "/history", "/dashboard"} {
		narrow.axeOpen(path, 200, "main h1", "320 px, signed in "+path)
		narrow.checkPhoneLayout("320 px, signed in " + path)
	}
}

// TestAxeAdministrationAndOfficerPages runs axe-core, in both languages, on
// the region administrator's pages (landing, settings, units, groups,
// chains, people, acting officials; the first unit, chain and person) and on a
// unit officer's (settings, ledger, a policy's programs and evaluations).
func TestAxeAdministrationAndOfficerPages(t *testing.T) {
	s := newSite(t)
	pol := s.policy(t, "sawahlunto-peningkatan-kompetensi-asn")
	browser := newBrowser(t, 6*time.Minute)
	admin := s.signedIn(t, browser, "admin.sawahlunto@policyflow.test", "/admin")
	officer := s.signedIn(t, browser, officerEmail, "/settings")
	p := fmt.Sprintf("/policies/%d", pol.ID)
	// A program the officer's unit runs, over its budget (its change forms
	// and the warning), and a cancelled one (its reason, no forms).
	var running, cancelled int64
	for _, row := range []struct {
		to             *int64
		status, reason string
	}{{&running, "planned", ""}, {&cancelled, "cancelled", "Anggaran dialihkan"}} {
		if err := s.st.DB.SQL().Get(row.to, `INSERT INTO programs (policy_id, unit_id, kind, title, starts_on, ends_on, jp, status, status_reason, budget, realisation)
			SELECT $1, unit_id, 'pelatihan', 'Pelatihan uji aksesibilitas', '2030-01-10', '2030-01-11', 8, $3, $4, 1000000, 1500000
			FROM users WHERE email = $2 RETURNING id`, pol.ID, officerEmail, row.status, row.reason); err != nil {
			t.Fatal(err)
		}
	}
	// With a session, a participant present at it and one removed: the attendance form and the removal.
	s.st.DB.SQL().MustExec(`INSERT INTO program_sessions (program_id, number, held_on, jp, topic) VALUES ($1, 1, '2030-01-10', 4, 'Pembukaan')`, running)
	s.st.DB.SQL().MustExec(`INSERT INTO participants (program_id, nip, name, unit_id, attended) SELECT $1, '198503122010011002', 'Rina Wati', unit_id, true FROM programs WHERE id = $1`, running)
	s.st.DB.SQL().MustExec(`INSERT INTO participants (program_id, nip, name, unit_id, removed_at, removed_reason) SELECT $1, '199001012015032001', 'Budi Santoso', unit_id, now(), 'Mutasi' FROM programs WHERE id = $1`, running)
	s.st.DB.SQL().MustExec(`INSERT INTO session_attendance (session_id, participant_id, present) SELECT s.id, pa.id, true FROM program_sessions s JOIN participants pa ON pa.program_id = s.program_id WHERE s.program_id = $1 AND pa.removed_at IS NULL`, running)
	// A recorded SKM of the officer's unit (straight in the record: a
	// draft has no evaluation), for its calculation table page.
	var skmUnit int64
	if err := s.st.DB.SQL().Get(&skmUnit, `WITH r AS (
			INSERT INTO evaluation_rounds (policy_id, unit_id, number, due_at, status)
			SELECT $1, unit_id, 1, now(), 'submitted' FROM users WHERE email = $2 RETURNING id, unit_id)
		INSERT INTO evaluation_results (round_id, instrument, data, score, submitted_by, idempotency_key, profile)
		SELECT r.id, 'skm', '[[0,1,2,0],[0,0,3,0],[0,0,2,1],[0,0,0,0],[1,1,1,0],[0,0,3,0],[0,0,0,3],[0,3,0,0],[0,0,3,0]]', 70.83,
			(SELECT id FROM users WHERE email = $2), 'axe-skm', '{"gender":[1,2],"age":[0,3,0,0],"education":[0,0,0,3,0]}'
		FROM r RETURNING (SELECT unit_id FROM r)`, pol.ID, officerEmail); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"id", "en"} {
		for _, id := range []int64{running, cancelled} {
			officer.axeOpen(withLang(fmt.Sprintf("%s/programs/%d", p, id), lang), 200, "main h1", fmt.Sprintf("unit officer program %d [%s]", id, lang))
		}
		for _, list := range []struct{ path, item string }{
			{"/admin", ""},
			{"/admin/settings", ""},
			{"/admin/units", "/admin/units/"},
			{"/admin/groups", ""}, // no group is seeded
			{"/admin/chains", "/admin/chains/"},
			{"/admin/chains/new", ""},
			{"/admin/people", "/admin/people/"},
			{"/acting", ""},
		} {
			admin.axeOpen(withLang(list.path, lang), 200, "main h1", "administration "+list.path+" ["+lang+"]")
			if list.item == "" {
				continue
			}
			href := eval[string](admin, fmt.Sprintf(`(function () {
			  var as = document.querySelectorAll("main a[href^='%s']");
			  for (var i = 0; i < as.length; i++) if (/\/\d+(\?|$)/.test(as[i].getAttribute("href"))) return as[i].getAttribute("href");
			  return ""; })()`, list.item))
			if href == "" {
				t.Errorf("%s [%s] links to no item %s…", list.path, lang, list.item)
				continue
			}
			admin.axeOpen(withLang(strings.SplitN(href, "?", 2)[0], lang), 200, "main h1", "administration "+href+" ["+lang+"]")
		}
		for _, path := range []string{"/dashboard", "/settings", "/ledger", p + "/programs", p + "/evaluations", p + "/evaluations/1/skm", fmt.Sprintf("%s/evaluations/1/units/%d/skm", p, skmUnit)} {
			officer.axeOpen(withLang(path, lang), 200, "main h1", "unit officer "+path+" ["+lang+"]")
		}
	}
}

// TestAxeConsultationWorkPages runs axe-core, in both languages, on the
// pages that came with the consultation features: the drafter's policy page
// with its passage tools opened and every reply and report form unfolded,
// the consultation page with its warning of a period under the minimum and
// one scheduled to open, the suggestions, moderation, answers and report pages, the Word import
// pages, and the public unsubscribe page (a good link and a bad one).
func TestAxeConsultationWorkPages(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s := newSite(t)
	id := axePolicy(t, s)
	var cid int64
	if err := s.st.DB.SQL().GetContext(ctx, &cid, `SELECT id FROM consultations WHERE policy_id = $1 ORDER BY id DESC LIMIT 1`, id); err != nil {
		t.Fatalf("the consultation: %v", err)
	}
	// A draft with a consultation scheduled to open in three days: its
	// consultation page says when and offers the cancel (issue 26).
	sched := s.policy(t, "sawahlunto-peningkatan-kapasitas-asn")
	devtest.WaitFor(ctx, t, "the scheduled policy's workflow to load", func() (bool, string) {
		st, err := s.st.Lifecycle.State(ctx, sched.ID)
		return err == nil && st.Status != "", fmt.Sprintf("%+v %v", st, err)
	})
	do(ctx, t, s.st.Lifecycle, sched.ID, policies.ActOpenConsultation, workflows.Request{
		Actor:   workflows.Actor{UserID: mustUser(ctx, t, s.st.DB, drafterEmail).ID, Role: policies.RoleDrafter},
		OpensAt: time.Now().Add(72 * time.Hour), ClosesAt: time.Now().Add(20 * 24 * time.Hour)})
	key := []byte("axe-test-unsubscribe-key-0123456789")
	srv := web.Serve(t, server.Deps{Store: s.st.DB, Lifecycle: s.st.Lifecycle, UnsubscribeKey: key})
	browser := newBrowser(t, 6*time.Minute)
	p := fmt.Sprintf("/policies/%d", id)
	k := fmt.Sprintf("%s/consultations/%d", p, cid)
	dina := s.signedIn(t, browser, drafterEmail, p)
	public := s.person(t, browser)
	public.base = srv.URL
	for _, lang := range []string{"id", "en"} {
		dina.axeOpen(withLang(p, lang), 200, "#comment-form", "drafter's policy page ["+lang+"]")
		picks := eval[int](dina, `(function () {
		  document.querySelectorAll("main details").forEach(function (d) { d.open = true; });
		  var b = document.querySelector("button.passage-pick-open"); if (b) b.click();
		  return document.querySelectorAll("button.passage-pick-open").length; })()`)
		axeCheck(t, dina.ctx, fmt.Sprintf("drafter's policy page, forms unfolded, passage picker opened (%d pickers) [%s]", picks, lang))
		for _, page := range []struct{ path, want string }{
			{p + "/consultation", "#short-warning"},                                  // 3 days: under the region's 14-day minimum, warned (issue 26)
			{fmt.Sprintf("/policies/%d/consultation", sched.ID), "#cancel-schedule"}, // scheduled to open
			{p + "/suggestions", "main h1"},
			{p + "/moderation", "main h1"},
			{k + "/answers", "main h1"},
			{k + "/report", "main h1"},
			{"/policies/import", "main form"},
			{p + "/import", "main form"},
		} {
			dina.axeOpen(withLang(page.path, lang), 200, page.want, page.path+" ["+lang+"]")
		}
		tok := policies.UnsubscribeToken(key, "warga@contoh.test", policies.UnsubscribeComments)
		public.axeOpen(withLang("/unsubscribe?t="+tok, lang), 200, "main form", "unsubscribe page ["+lang+"]")
		public.axeOpen(withLang("/unsubscribe?t=rusak", lang), 400, "main h1", "unsubscribe page, bad link ["+lang+"]")
	}
}
