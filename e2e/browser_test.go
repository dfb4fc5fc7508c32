package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/policies/samples"
	"github.com/policyflow/policyflow/server"
)

// The browser tests drive Debian's Chromium through chromedp against the
// real server on a whole stack (PostgreSQL, Temporal, worker).

const (
	drafterEmail = "penyusun.sawahlunto@policyflow.test"
	// stakeholderEmail is who comments on the drafts of the browser tests:
	// the region's unit officer, staff who read drafts (a stakeholder
	// account reads a draft only once invited to its consultation).
	stakeholderEmail = "opd.sawahlunto@policyflow.test"
)

// leaderEmails are the approvers of the Sawahlunto chain, stage by stage.
var leaderEmails = []string{
	"kabid.sawahlunto@policyflow.test",
	"kepala.sawahlunto@policyflow.test",
	"sekda.sawahlunto@policyflow.test",
	"walikota.sawahlunto@policyflow.test",
}

// site is the web server on a stack of its own.
type site struct {
	st   *stack.Stack
	base string
}

func newSite(t *testing.T) *site {
	t.Helper()
	st := stack.New(t)
	srv := web.Serve(t, server.Deps{Store: st.DB, Lifecycle: st.Lifecycle})
	return &site{st: st, base: srv.URL}
}

func (s *site) policy(t *testing.T, slug string) policies.PolicySummary {
	t.Helper()
	list, _, err := s.st.DB.SearchPolicies(context.Background(), policies.SearchFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list {
		if p.Slug == slug {
			return p
		}
	}
	t.Fatalf("no seeded policy %q", slug)
	return policies.PolicySummary{}
}

// newBrowser returns a context on the package's headless Chromium for
// the test, ending after timeout; people get tabs in browser contexts of
// their own (see person), so no cookie or storage passes from one test to
// the next. One browser serves every test of the package (started by the
// first, stopped by TestMain): a start costs about a second of CPU.
func newBrowser(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	browserMu.Lock()
	if sharedBrowser == nil && browserErr == nil {
		var stop func()
		if sharedBrowser, stop, browserErr = startBrowser(); browserErr == nil {
			stopBrowser = stop
		}
	}
	b, err := sharedBrowser, browserErr
	browserMu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(b, timeout)
	t.Cleanup(cancel)
	return ctx
}

var (
	browserMu     sync.Mutex
	sharedBrowser context.Context
	browserErr    error
	stopBrowser   = func() {}
)

// startBrowser starts a headless Chromium; stop ends it and removes its
// folders.
func startBrowser() (browser context.Context, stop func(), err error) {
	path, err := exec.LookPath("chromium")
	if err != nil {
		return nil, nil, fmt.Errorf("chromium is not installed: run make test (it installs chromium)")
	}
	tmp, err := os.MkdirTemp("", "policyflow-chromium-")
	if err != nil {
		return nil, nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(filepath.Join(tmp, "profile")),
		chromedp.Env("TMPDIR="+tmp),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	// The browser stops before its folders go.
	stop = func() {
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(tmp)
	}
	if err := chromedp.Do(browserCtx); err != nil {
		stop()
		return nil, nil, fmt.Errorf("starting chromium %s: %v", path, err)
	}
	return browserCtx, stop, nil
}

// tab is one person's browser tab, in a browser context (cookies) of its own.
type tab struct {
	t       *testing.T
	ctx     context.Context
	base    string
	dialogs atomic.Int64 // JavaScript dialogs (alert, confirm, prompt) opened
}

// signedIn is a new tab of browser (person) in which email has signed in,
// landing on next.
func (s *site) signedIn(t *testing.T, browser context.Context, email, next string) *tab {
	t.Helper()
	p := s.person(t, browser)
	p.signIn(email, next)
	return p
}

func (s *site) person(t *testing.T, browser context.Context) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	tb := &tab{t: t, ctx: ctx, base: s.base}
	// Count every dialog, and dismiss it so the page never blocks.
	if err := chromedp.Listen(ctx, func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			tb.dialogs.Add(1)
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}); err != nil {
		t.Fatal(err)
	}
	return tb
}

// do runs steps and fails the test on error.
func (b *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// load runs steps that cause a navigation (a click, Enter, a URL) and waits
// for the new page; it must answer 200.
func (b *tab) load(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	res, err := chromedp.RunResponse(b.ctx, steps...)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	if res == nil || res.Status != 200 {
		var status int64
		if res != nil {
			status = res.Status
		}
		body := b.textOr("body", "")
		b.t.Fatalf("%s: HTTP %d at %s\n%s", what, status, b.location(), body)
	}
}

func (b *tab) open(path string) {
	b.t.Helper()
	b.load("open "+path, chromedp.Navigate(b.base+path))
}

func (b *tab) location() string {
	loc, _ := chromedp.Run(b.ctx, chromedp.Location())
	return loc
}

// text is the rendered text of the first element matching a CSS selector.
func (b *tab) text(css string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		b.t.Fatalf("text of %s at %s: %v", css, b.location(), err)
	}
	return strings.TrimSpace(s)
}

// textOr is text, or def when the selector matches nothing now.
func (b *tab) textOr(css, def string) string {
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](fmt.Sprintf(
		`(function(){var e=document.querySelector(%q);return e?e.innerText:%q})()`, css, def)))
	if err != nil {
		return def
	}
	return strings.TrimSpace(s)
}

func eval[T any](b *tab, js string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		b.t.Fatalf("evaluate %s at %s: %v", js, b.location(), err)
	}
	return v
}

func (b *tab) exists(css string) bool {
	b.t.Helper()
	return eval[bool](b, fmt.Sprintf(`document.querySelector(%q) !== null`, css))
}

func (b *tab) count(css string) int {
	b.t.Helper()
	return eval[int](b, fmt.Sprintf(`document.querySelectorAll(%q).length`, css))
}

// press sends keys to whatever has the focus, as a keyboard would.
func (b *tab) press(keys string) {
	b.t.Helper()
	b.do("press keys", chromedp.KeyEvent(keys))
}

func (b *tab) focused() string {
	b.t.Helper()
	return eval[string](b, `document.activeElement ? (document.activeElement.id || document.activeElement.tagName) : ""`)
}

// focusAfterTap is the focused element's id once it is id, or what has the
// focus when 10 s pass: a tap's click is synthesized by the browser after
// the touch ends, so its handler may run after chromedp.Tap returns.
func (b *tab) focusAfterTap(id string) string {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := b.focused()
		if got == id || time.Now().After(deadline) {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// tabTo presses Tab until the element with id has the focus.
func (b *tab) tabTo(id string) int {
	b.t.Helper()
	for n := 1; n <= 200; n++ {
		b.press(kb.Tab)
		if b.focused() == id {
			return n
		}
	}
	b.t.Fatalf("200 presses of Tab never reached #%s at %s", id, b.location())
	return 0
}

// signIn signs in on the login form with the keyboard only, then opens next.
func (b *tab) signIn(email, next string) {
	b.t.Helper()
	b.open("/login?next=" + next)
	b.do("focus #email", chromedp.Focus(chromedp.ID("email")))
	b.press(email)
	b.press(kb.Tab)
	if f := b.focused(); f != "password" {
		b.t.Fatalf("Tab from #email went to %q, want #password", f)
	}
	b.press(samples.DevPassword)
	b.load("sign in as "+email, chromedp.KeyEvent(kb.Enter))
	b.secondFactor(email)
	if who := b.textOr("#who", ""); !strings.Contains(who, "(") {
		b.t.Fatalf("after signing in as %s at %s, no signed-in user shown: %s", email, b.location(), b.textOr("#login-error", b.textOr("main", "")))
	}
}

// secondFactor types the code of email's second factor when the page
// after the password asks for it, from its authenticator (the sample
// secret, or the one a set-up page shows, which it then keeps), and goes
// on past the recovery codes of a set-up.
func (b *tab) secondFactor(email string) {
	b.t.Helper()
	u, _ := url.Parse(b.location())
	switch u.Path {
	case "/login/enrol":
		devtest.RememberTOTP(b.base, email, strings.ReplaceAll(b.text("#tf-secret"), " ", ""))
	case "/login/verify":
	default:
		return
	}
	b.do("focus #code", chromedp.Focus(chromedp.ID("code")))
	b.press(devtest.MustTOTPCode(b.t, b.base, email))
	b.load("the code of "+email, chromedp.KeyEvent(kb.Enter))
	if u.Path == "/login/enrol" {
		if n := b.textOr("#recovery-codes", ""); len(strings.Fields(n)) != 10 {
			b.t.Fatalf("after setting up the second factor of %s, no ten recovery codes: %s", email, b.textOr("main", ""))
		}
		b.load("past the recovery codes", chromedp.Click(chromedp.ID("tf-continue")))
	}
}

var screenshotDir = func() string {
	d, _ := filepath.Abs(filepath.Join("..", "test-output", "screenshots"))
	return d
}()

// shot writes a full-page PNG screenshot to test-output/screenshots.
func (b *tab) shot(name string) {
	b.t.Helper()
	buf, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	p := filepath.Join(screenshotDir, name)
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot %s", p)
}

// until reloads path until cond holds, for what the server learns
// asynchronously (workflow state, statuses written by activities).
func (b *tab) until(path, what string, timeout time.Duration, cond func() (bool, string)) {
	b.t.Helper()
	deadline := time.Now().Add(timeout)
	var last string
	for {
		b.open(path)
		ok, detail := cond()
		if ok {
			return
		}
		last = detail
		if time.Now().After(deadline) {
			b.t.Fatalf("%s never happened on %s within %s; last seen: %s", what, path, timeout, last)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// TestBrowserCommentResolveApprove takes a policy through a real browser: a
// stakeholder comments on a section with the keyboard only, the drafter
// resolves the comment, saves version 2 and submits it, and the four leaders
// approve it in turn until the policy page shows it approved.
func TestBrowserCommentResolveApprove(t *testing.T) {
	started := time.Now()
	s := newSite(t)
	browser := newBrowser(t, 5*time.Minute)
	ctx := context.Background()
	db := s.st.DB
	pol := s.policy(t, "sawahlunto-peningkatan-kompetensi-asn")
	polPath := fmt.Sprintf("/policies/%d", pol.ID)

	// (a) The stakeholder, keyboard only.
	const section, sectionTitle = "tujuan-kebijakan", "Tujuan Kebijakan"
	body := fmt.Sprintf("Mohon tambahkan target jam pelajaran per ASN per tahun (%d).", time.Now().UnixNano()%100000)
	ana := s.person(t, browser)
	ana.open("/login?next=" + polPath)
	ana.shot("01-login.png")
	ana.signIn(stakeholderEmail, polPath)
	if got := ana.location(); !strings.HasSuffix(got, polPath) {
		t.Fatalf("after signing in the stakeholder is at %s, want %s", got, polPath)
	}
	n := ana.tabTo("comment-section")
	t.Logf("stakeholder reached the comment form's section list in %d Tab presses", n)
	ana.press("Tuj") // type-ahead picks the option by its first letters
	if v := eval[string](ana, `document.getElementById("comment-section").value`); v != section {
		t.Logf("type-ahead chose %q in #comment-section; using the arrow keys", v)
		ana.press(kb.Home)
		for i := 0; i < 10 && v != section; i++ {
			ana.press(kb.ArrowDown)
			v = eval[string](ana, `document.getElementById("comment-section").value`)
		}
		if v != section {
			t.Fatalf("the keyboard could not choose section %q in #comment-section (value %q)", section, v)
		}
	}
	ana.tabTo("comment-body")
	ana.press(body)
	ana.tabTo("comment-submit")
	ana.load("submit the comment with Enter", chromedp.KeyEvent(kb.Enter))

	cs, err := commentsOf(ctx, db, pol.ID)
	if err != nil {
		t.Fatal(err)
	}
	var comment policies.Comment
	for _, c := range cs {
		if c.Body == body {
			comment = c
		}
	}
	stakeholder, err := db.UserByEmail(ctx, stakeholderEmail)
	if err != nil {
		t.Fatal(err)
	}
	if comment.ID == 0 {
		t.Fatalf("the comment is not in the database; comments: %+v", cs)
	}
	if comment.SectionID != section || comment.Status != "open" || comment.AuthorID == nil || *comment.AuthorID != stakeholder.ID {
		t.Errorf("stored comment = section %q status %q author %v; want %q, open, the stakeholder %d", comment.SectionID, comment.Status, comment.AuthorID, section, stakeholder.ID)
	}
	cSel := fmt.Sprintf("li#c%d", comment.ID)
	if got := ana.text(fmt.Sprintf("section#komentar-%s %s p.body", section, cSel)); got != body {
		t.Errorf("comment under section %q shows %q, want %q", section, got, body)
	}
	if got := ana.text(fmt.Sprintf("section#komentar-%s h3", section)); !strings.HasPrefix(got, sectionTitle) || !strings.Contains(got, "(1)") {
		t.Errorf("section heading = %q, want %q with a count of 1", got, sectionTitle)
	}
	ana.shot("02-policy-comments.png")

	// (b) The drafter resolves the comment, edits, and submits.
	dina := s.signedIn(t, browser, drafterEmail, polPath)
	dina.load("resolve the comment", chromedp.Click(chromedp.CSS(cSel+" button.resolve")))
	if cls := eval[string](dina, fmt.Sprintf(`document.querySelector(%q).className`, cSel)); !strings.Contains(cls, "status-resolved") {
		t.Errorf("resolved comment has class %q, want status-resolved", cls)
	}
	var status string
	if err := db.SQL().GetContext(ctx, &status, `SELECT status FROM comments WHERE id = $1`, comment.ID); err != nil || status != "resolved" {
		t.Errorf("comment %d status in the database = %q, %v; want resolved", comment.ID, status, err)
	}

	dina.load("open the editor", chromedp.Click(chromedp.ID("edit-link")))
	if !strings.HasSuffix(dina.location(), polPath+"/edit") {
		t.Fatalf("#edit-link led to %s", dina.location())
	}
	added := "Setiap ASN wajib mengikuti paling sedikit 20 jam pelajaran pengembangan kompetensi per tahun."
	dina.do("append a paragraph to the Markdown",
		chromedp.Focus(chromedp.ID("markdown")),
		chromedp.KeyEvent(kb.End, chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.KeyEvent("\n\n"+added),
	)
	md := eval[string](dina, `document.getElementById("markdown").value`)
	if !strings.HasSuffix(strings.TrimSpace(md), added) {
		t.Fatalf("the editor's Markdown does not end with the new paragraph:\n%s", md)
	}
	pctx, cancel := context.WithTimeout(dina.ctx, 15*time.Second)
	if _, err := chromedp.Run(pctx, chromedp.Poll[bool](fmt.Sprintf(`document.getElementById("preview").textContent.includes(%q)`, added))); err != nil {
		t.Errorf("the live preview never showed the new paragraph: %v", err)
	}
	cancel()
	dina.do("fill the change summary", chromedp.SendKeys(chromedp.ID("change_summary"), "Menambahkan target jam pelajaran"))
	dina.shot("03-editor.png")
	dina.load("save the version", chromedp.Click(chromedp.ID("save-version")))
	if v := dina.text("#policy-version"); v != "2" {
		t.Fatalf("#policy-version = %q after saving, want 2", v)
	}
	if !strings.Contains(dina.text(".document"), added) {
		t.Error("the policy page does not show the new paragraph of version 2")
	}
	dina.load("submit for approval", chromedp.Click(chromedp.ID("submit-approval")))
	dina.until(polPath, "the policy going into approval", 30*time.Second, func() (bool, string) {
		st := dina.text("#policy-status")
		return st == "Dalam persetujuan", st
	})

	// (c) The four leaders, in order.
	for i, email := range leaderEmails {
		stage := i + 1
		leader := s.signedIn(t, browser, email, polPath+"/approval")
		leader.until(polPath+"/approval", fmt.Sprintf("stage %d waiting for %s", stage, email), 60*time.Second, func() (bool, string) {
			st := leader.textOr("#review-stage", "(no stage)")
			return strings.HasPrefix(st, fmt.Sprintf("%d/4", stage)) && leader.exists("#approve"), st + " " + leader.textOr(".notice", "")
		})
		if v := leader.text("#review-version"); v != "2" {
			t.Errorf("stage %d reviews version %q, want 2", stage, v)
		}
		if stage == 1 {
			leader.shot("04-approval.png")
		}
		leader.load(fmt.Sprintf("stage %d: %s approves", stage, email), chromedp.Click(chromedp.ID("approve")))
		ds, err := decisionsOf(ctx, db, pol.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != stage {
			t.Errorf("after stage %d the database has %d decisions, want %d", stage, len(ds), stage)
		}
	}

	// (d) Approved, with four decisions on the timeline.
	dina.until(polPath, "the policy page showing it approved", 30*time.Second, func() (bool, string) {
		st := dina.text("#policy-status")
		return st == "Disetujui", st
	})
	if n := dina.count("#timeline li.tl-decision"); n != 4 {
		t.Errorf("timeline lists %d decisions, want 4:\n%s", n, dina.text("#timeline"))
	}
	dina.shot("05-approved.png")
	t.Logf("policy %d approved through the browser in %s", pol.ID, time.Since(started).Round(time.Millisecond))
}
