package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/markdown"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/policies/samples"
	"github.com/policyflow/policyflow/workflows"
)

// probe is what every payload's script does when it runs.
const probe = `window.__xss=(window.__xss||0)+1`

// xssComments are comment bodies (plain text, never Markdown) that would run
// script if the server echoed them as HTML. Each one calls the probe or
// alert(1), which the dialog listener counts.
var xssComments = []string{
	`<script>` + probe + `</script>`,
	`<img src=x onerror="` + probe + `">`,
	`<svg onload="` + probe + `">`,
	`<svg><script>alert(1)</script></svg>`,
	`[klik](javascript:` + probe + `)`,
	`[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`<iframe srcdoc="<script>parent.__xss=(parent.__xss||0)+1</script>"></iframe>`,
	`<a href="jav&#x09;ascript:alert(1)">tab di tengah skema</a>`,
	`<javascript:alert(1)>`,
	`&lt;script&gt;alert(1)&lt;/script&gt; &#60;script&#62;alert(1)&#60;/script&#62;`,
	`"><script>` + probe + `</script>`,
	`'><img src=x onerror=alert(1)>`,
	`{{.}} {{template "layout.html" .}} ${alert(1)} #{alert(1)} <%= alert(1) %>`,
	`<body onload=alert(1)>`,
	`<details open ontoggle="` + probe + `">x</details>`,
	`<input autofocus onfocus="` + probe + `">`,
	`<math><mtext><table><mglyph><style><img src=x onerror="` + probe + `">`,
	`<a href="&#106;avascript:alert(1)">entitas</a>`,
	`<object data="javascript:alert(1)"></object>`,
	`<embed src="data:text/html,<script>alert(1)</script>">`,
	`</textarea><script>` + probe + `</script>`,
	`</title><script>` + probe + `</script>`,
	`<!--<img src="--><img src=x onerror="` + probe + `"//">`,
	`<a href="vbscript:msgbox(1)">vb</a>`,
	`<form action="javascript:alert(1)"><button>kirim</button></form>`,
	`<base href="javascript:alert(1)//">`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<scr<script>ipt>` + probe + `</scr</script>ipt>`,
	`\u003cscript\u003e` + probe + `\u003c/script\u003e`,
	`<marquee onstart="` + probe + `">`,
	`<video><source onerror="` + probe + `"></video>`,
	`javascript:/*--></title></style></textarea></script><svg/onload='+/"/+/onmouseover=1/+/[*/[]/+alert(1)//'>`,
}

// xssAuthors are author names stored straight through the store, as a
// public commenter's name would be.
var xssAuthors = []string{
	`<img src=x onerror="` + probe + `">`,
	`"><svg onload=alert(1)>`,
}

// xssMarkdown is appended to the policy as version 2: raw HTML, dangerous
// link schemes, autolinks, entities and event handlers, also in headings.
// visible lists what must show as text on the policy page.
var xssMarkdown = strings.Join([]string{
	"## Bagian <img src=x onerror=\"" + probe + "\"> gambar",
	"",
	"## <script>" + probe + "</script> Judul berskrip",
	"",
	"## Tautan [klik](javascript:" + probe + ") di judul",
	"",
	"## Templat {{.}} dan ${alert(1)}",
	"",
	"## Entitas &lt;script&gt;alert(1)&lt;/script&gt;",
	"",
	"## \"><svg onload=alert(1)> kutip",
	"",
	"## Kode `<img src=x onerror=alert(1)>` di judul",
	"",
	"Paragraf dengan [tautan javascript](javascript:" + probe + ") dan [spasi]( javascript:alert(1)) dan [vb](vbscript:msgbox(1)).",
	"",
	"Tautan [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) dan [tab](jav&#x09;ascript:alert(1)) dan [entitas](&#106;avascript:alert(1)).",
	"",
	"Tautan otomatis <javascript:alert(1)> dan <https://contoh.test/\"onmouseover=\"alert(1)> dan www.contoh.test/<script>.",
	"",
	"![gambar](x\" onerror=\"alert(1)) ![js](javascript:alert(1)) ![svg](data:image/svg+xml,<svg/onload=alert(1)>)",
	"",
	"[rujukan][jsref]",
	"",
	"[jsref]: javascript:alert(1)",
	"",
	"<iframe srcdoc=\"<script>parent.__xss=(parent.__xss||0)+1</script>\"></iframe>",
	"",
	"<script>" + probe + "</script>",
	"",
	"<img src=x onerror=\"" + probe + "\">",
	"",
	"<a href=\"jav&#x09;ascript:alert(1)\">tab</a> <svg onload=\"" + probe + "\"></svg>",
	"",
	"<details open ontoggle=\"" + probe + "\"><summary>x</summary></details>",
	"",
	"Teks inline <img src=x onerror=\"" + probe + "\"> dan <b onmouseover=alert(1)>tebal</b> dan </textarea><script>alert(1)</script>.",
	"",
	"Kode `<script>alert(\"kode\")</script>` tampil sebagai teks, juga \\<script>alert(1)\\</script>.",
	"",
	"```html",
	"<script>alert(\"blok\")</script>",
	"```",
	"",
	"| Kolom | Isi |",
	"| --- | --- |",
	"| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |",
	"",
	"- [ ] tugas <svg onload=alert(1)>",
	"- ~~<script>alert(1)</script>~~",
	"",
}, "\n")

// xssVisible is text the rendered document must show literally.
var xssVisible = []string{
	"Templat {{.}} dan ${alert(1)}",
	"Entitas <script>alert(1)</script>",
	"<img src=x onerror=alert(1)>",
	`<script>alert("kode")</script>`,
	`<script>alert("blok")</script>`,
	"<script>alert(1)</script>",
}

// xssSummary is version 2's change summary, shown on the versions page.
const xssSummary = `Ringkasan <img src=x onerror="` + probe + `"> "><script>alert(1)</script> {{.}}`

// scanJS lists what could run script in the current document: event
// handler attributes, javascript:/vbscript: URLs (however spelled),
// srcdoc, and elements that load or run code.
const scanJS = `(function () {
  var bad = [], scheme = /^(javascript|vbscript|livescript):/i;
  var clean = function (v) { return v.replace(/[\u0000-\u0020\u007f-\u00a0]/g, ""); };
  var els = document.querySelectorAll("*");
  for (var i = 0; i < els.length; i++) {
    var el = els[i], tag = el.tagName.toLowerCase();
    var desc = "<" + tag + (el.id ? "#" + el.id : "") + ">";
    for (var j = 0; j < el.attributes.length; j++) {
      var a = el.attributes[j], n = a.name.toLowerCase(), v = clean(a.value).toLowerCase();
      if (n.indexOf("on") === 0) bad.push(desc + " has the event handler " + a.name + "=" + JSON.stringify(a.value));
      if (n === "srcdoc") bad.push(desc + " has srcdoc");
      if (scheme.test(v)) bad.push(desc + " " + a.name + "=" + JSON.stringify(a.value));
      if (/^(href|src|action|formaction|data|xlink:href)$/.test(n) && v.indexOf("data:text/html") === 0) bad.push(desc + " " + a.name + "=" + JSON.stringify(a.value));
    }
    if ((tag === "a" || tag === "area") && el.hasAttribute("href") && scheme.test(el.protocol)) bad.push(desc + " links to " + el.protocol);
    if (tag === "script" && !/^\/static\/(app|passage)\.js$/.test(el.getAttribute("src") || "")) bad.push("script: " + el.outerHTML.slice(0, 200));
    if (/^(iframe|frame|frameset|object|embed|applet|base)$/.test(tag) || (tag === "meta" && el.hasAttribute("http-equiv"))) bad.push(desc + ": " + el.outerHTML.slice(0, 200));
  }
  return bad;
})()`

// xssCheck loads nothing: it lets pending work (image errors, timers) run,
// then fails if any payload ran or could run on the page now shown.
func xssCheck(t *testing.T, b *tab, where string) {
	t.Helper()
	time.Sleep(400 * time.Millisecond)
	if n := eval[int](b, `window.__xss || 0`); n != 0 {
		t.Errorf("%s: payload script ran %d times (window.__xss)", where, n)
	}
	if n := b.dialogs.Load(); n != 0 {
		t.Errorf("%s: %d JavaScript dialogs opened", where, n)
	}
	if bad := eval[[]string](b, scanJS); len(bad) > 0 {
		t.Errorf("%s: %d dangerous things in the document:\n  %s", where, len(bad), strings.Join(bad, "\n  "))
	}
}

// openXSS opens a page with the page's CSP switched off, so that the test
// judges the escaping and sanitising alone (CSP is the second line).
func openXSS(t *testing.T, b *tab, path string) {
	t.Helper()
	b.open(path)
	xssCheck(t, b, path)
}

func (b *tab) bypassCSP() {
	b.t.Helper()
	if _, err := chromedp.Call(b.ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
		b.t.Fatal(err)
	}
}

// apiToken signs in through the API and returns a personal token.
func apiToken(t *testing.T, base, email string) string {
	t.Helper()
	return devtest.Token(t, base, email, samples.DevPassword)
}

// apiComment posts a comment through the JSON API with a token.
func apiComment(t *testing.T, base, token string, policyID int64, section, body string) policies.Comment {
	t.Helper()
	res, out := devtest.Call(t, "POST", fmt.Sprintf("%s/api/v1/policies/%d/comments", base, policyID), token, map[string]string{"section": section, "body": body})
	var c policies.Comment
	if res.StatusCode != http.StatusCreated || json.Unmarshal([]byte(out), &c) != nil || c.ID == 0 {
		t.Fatalf("comment %q on section %q: %d %s", body, section, res.StatusCode, out)
	}
	return c
}

// TestBrowserXSSCorpusNeverRuns stores a corpus of XSS payloads in comments
// (through the API and the store), in a new version's Markdown (headings
// too) and its change summary, and opens every page that shows them in
// Chromium: no payload may run, nothing that could run may be in the
// document, and the comments must read as the text that was typed.
func TestBrowserXSSCorpusNeverRuns(t *testing.T) {
	if len(xssComments)+len(xssAuthors) < 25 {
		t.Fatalf("the corpus has %d payloads, want at least 25", len(xssComments)+len(xssAuthors))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	s := newSite(t)
	db := s.st.DB
	pol := s.policy(t, "sawahlunto-pengelolaan-kompetensi-asn")
	polPath := fmt.Sprintf("/policies/%d", pol.ID)
	drafter, err := db.UserByEmail(ctx, drafterEmail)
	if err != nil {
		t.Fatal(err)
	}

	// Version 2 carries the Markdown payloads.
	v1, err := db.CurrentVersion(ctx, pol.ID)
	if err != nil {
		t.Fatal(err)
	}
	md2 := strings.TrimRight(v1.Markdown, "\n") + "\n\n" + xssMarkdown
	v2, err := db.CreateVersion(ctx, pol.ID, 1, md2, drafter.ID, xssSummary)
	if err != nil {
		t.Fatalf("version 2: %v", err)
	}
	doc, err := markdown.NewRenderer(2).Render(v2.SHA256, v2.Markdown)
	if err != nil {
		t.Fatal(err)
	}
	sections := []string{""} // the general section, then every level-2 heading
	for _, h := range doc.TOC {
		if h.Level == 2 {
			sections = append(sections, h.ID)
		}
	}
	t.Logf("version 2 has %d comment sections: %q", len(sections), sections)

	// Comments: through the API as the stakeholder, spread over the sections
	// (at most 5 a section, so that the policy page shows them all).
	type placed struct {
		c      policies.Comment
		author string
	}
	var comments []placed
	token := apiToken(t, s.base, stakeholderEmail)
	stakeholder, err := db.UserByEmail(ctx, stakeholderEmail)
	if err != nil {
		t.Fatal(err)
	}
	for i, body := range xssComments {
		c := apiComment(t, s.base, token, pol.ID, sections[i%len(sections)], body)
		comments = append(comments, placed{c, stakeholder.Name})
	}
	for i, name := range xssAuthors {
		c, err := db.CreateComment(ctx, policies.Comment{PolicyID: pol.ID, VersionID: v2.ID,
			SectionID: sections[(len(xssComments)+i)%len(sections)], AuthorName: name, AuthorEmail: "publik@contoh.test", Body: xssComments[i]})
		if err != nil {
			t.Fatal(err)
		}
		comments = append(comments, placed{c, name})
	}
	for _, p := range comments {
		if p.c.Body != strings.TrimSpace(p.c.Body) {
			t.Fatalf("comment %d was stored as %q", p.c.ID, p.c.Body)
		}
	}

	// The policy goes into approval on version 2, so the approval page shows it.
	lc := s.st.Lifecycle
	devtest.WaitFor(ctx, t, "the policy workflow to load", func() (bool, string) {
		st, err := lc.State(ctx, pol.ID)
		return err == nil && st.Status != "", fmt.Sprintf("%+v %v", st, err)
	})
	if _, err := lc.Do(ctx, pol.ID, policies.ActSubmit, fmt.Sprintf("xss-submit-%d", time.Now().UnixNano()),
		workflows.Request{Actor: workflows.Actor{UserID: drafter.ID, Role: policies.RoleDrafter}, VersionNumber: 2}); err != nil {
		t.Fatalf("submit: %v", err)
	}
	devtest.WaitFor(ctx, t, "approval stage 1", func() (bool, string) {
		st, err := lc.State(ctx, pol.ID)
		return err == nil && st.Approval != nil && st.Approval.Stage == 1, describeState(st)
	})

	browser := newBrowser(t, 5*time.Minute)

	// The stakeholder reads the policy, its versions, the diff and the rest.
	reader := s.person(t, browser)
	reader.bypassCSP()
	reader.signIn(stakeholderEmail, polPath)
	xssCheck(t, reader, polPath+" (after signing in)")
	openXSS(t, reader, polPath)
	if v := reader.text("#policy-version"); v != "2" {
		t.Fatalf("policy page shows version %q, want 2", v)
	}
	type shown struct {
		Text      string `json:"text"`
		Author    string `json:"author"`
		InSection bool   `json:"inSection"`
		Count     int    `json:"count"`
	}
	type want struct {
		ID      int64  `json:"id"`
		Section string `json:"section"`
	}
	var wants []want
	for _, p := range comments {
		wants = append(wants, want{p.c.ID, p.c.SectionID})
	}
	wj, _ := json.Marshal(wants)
	got := eval[[]shown](reader, `(function (ws) {
	  return ws.map(function (w) {
	    var all = document.querySelectorAll("li#c" + w.id);
	    var li = document.querySelector("section#komentar-" + w.section + " li#c" + w.id);
	    return {text: li ? li.querySelector(":scope > p.body").textContent : "",
	      author: li ? li.querySelector(":scope > p.by strong").textContent : "",
	      inSection: !!li, count: all.length};
	  });
	})(`+string(wj)+`)`)
	for i, p := range comments {
		g := got[i]
		switch {
		case !g.InSection:
			t.Errorf("comment %d (section %q) is not shown under its section#komentar-%s; it appears %d times on the page", p.c.ID, p.c.SectionID, p.c.SectionID, g.Count)
		case g.Text != p.c.Body:
			t.Errorf("comment %d reads %q, want the text typed: %q", p.c.ID, g.Text, p.c.Body)
		case g.Author != p.author:
			t.Errorf("comment %d author reads %q, want %q", p.c.ID, g.Author, p.author)
		}
		if g.InSection && g.Count != 1 {
			t.Errorf("comment %d (section %q) appears %d times on the policy page, want once (only under its own section)", p.c.ID, p.c.SectionID, g.Count)
		}
	}
	if txt := reader.text(fmt.Sprintf("li#c%d > p.body", comments[0].c.ID)); !strings.Contains(txt, "<script>") {
		t.Errorf("the first comment reads %q, want a literal <script>", txt)
	}
	docText := eval[string](reader, `document.querySelector(".document").textContent`)
	for _, v := range xssVisible {
		if !strings.Contains(docText, v) {
			t.Errorf("the document does not show %q as text", v)
		}
	}
	reader.shot("xss-policy.png")

	openXSS(t, reader, polPath+"/versions")
	if txt := reader.text("table.grid"); !strings.Contains(txt, xssSummary) {
		t.Errorf("versions page does not show the change summary %q as text:\n%s", xssSummary, txt)
	}
	openXSS(t, reader, polPath+"/diff?from=1&to=2")
	diffText := eval[string](reader, `document.getElementById("diff").textContent`)
	for _, line := range strings.Split(xssMarkdown, "\n") {
		if line != "" && !strings.Contains(diffText, line) {
			t.Errorf("the diff does not show the Markdown line %q as text", line)
		}
	}
	openXSS(t, reader, polPath+"/consultation")
	openXSS(t, reader, polPath+"/history")
	for _, sec := range sections[:3] {
		openXSS(t, reader, fmt.Sprintf("%s/comments?section=%s", polPath, sec))
	}
	openXSS(t, reader, fmt.Sprintf("/api/v1/policies/%d/comments", pol.ID))

	// The stage-1 leader reviews it.
	leader := s.person(t, browser)
	leader.bypassCSP()
	leader.signIn(leaderEmails[0], polPath+"/approval")
	openXSS(t, leader, polPath+"/approval")
	if !leader.exists("#approve") {
		t.Errorf("the approval page offers the stage-1 leader no #approve: %s", leader.textOr("main", ""))
	}
	open := eval[string](leader, `document.getElementById("open-h").parentNode.textContent`)
	for _, p := range comments {
		if !strings.Contains(open, p.c.Body) {
			t.Errorf("the approval page's open comments do not show %q as text", p.c.Body)
		}
	}
	reviewed := eval[string](leader, `document.getElementById("doc-h").parentNode.textContent`)
	for _, v := range xssVisible {
		if !strings.Contains(reviewed, v) {
			t.Errorf("the reviewed text on the approval page does not show %q as text", v)
		}
	}

	// The drafter edits: the textarea must hold the Markdown intact, and the
	// live preview (app.js) and the API preview must stay inert.
	editor := s.person(t, browser)
	editor.bypassCSP()
	editor.signIn(drafterEmail, polPath+"/edit")
	openXSS(t, editor, polPath+"/edit")
	if got := eval[string](editor, `document.getElementById("markdown").value`); got != v2.Markdown {
		t.Errorf("the editor's textarea does not hold version 2's Markdown intact (%d bytes, want %d)", len(got), len(v2.Markdown))
	}
	const marker = "PENANDA-PRATINJAU-LANGSUNG"
	eval[bool](editor, `(function () { var m = document.getElementById("markdown");
	  m.value += "\n\n`+marker+`\n"; m.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`)
	pctx, pcancel := context.WithTimeout(editor.ctx, 15*time.Second)
	if _, err := chromedp.Run(pctx, chromedp.Poll[bool](`document.getElementById("preview").textContent.includes("`+marker+`")`)); err != nil {
		t.Errorf("the live preview never updated: %v", err)
	}
	pcancel()
	xssCheck(t, editor, polPath+"/edit (live preview)")
	drafterToken := apiToken(t, s.base, drafterEmail)
	mdJSON, _ := json.Marshal(md2 + "\n\n" + strings.Join(xssComments, "\n\n"))
	res, err := chromedp.Run(editor.ctx, chromedp.Evaluate[string](`(async function () {
	  var r = await fetch("/api/v1/preview", {method: "POST",
	    headers: {"Content-Type": "application/json", "Authorization": "Bearer `+drafterToken+`"},
	    body: JSON.stringify({markdown: `+string(mdJSON)+`})});
	  if (!r.ok) return "HTTP " + r.status + ": " + await r.text();
	  var j = await r.json(), d = document.createElement("div");
	  d.id = "api-preview"; d.innerHTML = j.html; document.body.appendChild(d);
	  return "ok";
	})()`, chromedp.EvalAwaitPromise))
	if err != nil || res != "ok" {
		t.Errorf("POST /api/v1/preview from the page: %q, %v", res, err)
	}
	xssCheck(t, editor, "POST /api/v1/preview (its HTML put into the page)")

	// Controls, on the policy page itself: the detectors do see script that
	// runs and markup that could.
	openXSS(t, reader, polPath)
	eval[bool](reader, `(function () { document.body.insertAdjacentHTML("beforeend",
	  '<img id="control" src="/nonexistent.png" onerror="`+probe+`">'); setTimeout(function () { alert(1); }, 0); return true; })()`)
	time.Sleep(500 * time.Millisecond)
	if n := eval[int](reader, `window.__xss || 0`); n != 1 {
		t.Errorf("control: an injected onerror handler ran %d times, want 1 (is the probe blind?)", n)
	}
	if n := reader.dialogs.Load(); n != 1 {
		t.Errorf("control: alert(1) opened %d dialogs, want 1 (is the dialog listener blind?)", n)
	}
	if bad := eval[[]string](reader, scanJS); len(bad) != 1 {
		t.Errorf("control: the scan found %d dangerous things, want the 1 injected: %q", len(bad), bad)
	}
	t.Logf("%d comment payloads, %d Markdown lines, no script ran on any page", len(comments), strings.Count(xssMarkdown, "\n"))
}
