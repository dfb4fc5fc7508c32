package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/device"
	"github.com/chromedp/chromedp/kb"
	"github.com/policyflow/policyflow/policies"
)

// Passage comments in a real browser (issue 12): a passage selected with
// the mouse, picked with the keyboard alone, and selected on a touch phone
// is commented on or given a suggestion; the comment keeps the quote.

const passageSlug = "sawahlunto-peningkatan-kompetensi-asn"

// storedQuote is the quote, section and suggestion of the newest comment with body.
func storedQuote(t *testing.T, s *site, policyID int64, body string) (quote, section, suggestion string) {
	t.Helper()
	var row struct {
		Quote      string `db:"quote"`
		Section    string `db:"section_anchor"`
		Suggestion string `db:"suggestion"`
	}
	if err := s.st.DB.SQL().Get(&row, `SELECT quote, section_anchor, suggestion FROM comments WHERE policy_id = $1 AND body = $2 ORDER BY id DESC LIMIT 1`, policyID, body); err != nil {
		t.Fatalf("comment %q not stored: %v", body, err)
	}
	return row.Quote, row.Section, row.Suggestion
}

// stakeholderOnPassagePolicy opens the policy's page in a browser,
// signed in as the stakeholder.
func stakeholderOnPassagePolicy(t *testing.T) (*site, policies.PolicySummary, *tab) {
	t.Helper()
	s := newSite(t)
	p := s.policy(t, passageSlug)
	browser := newBrowser(t, 4*time.Minute)
	b := s.person(t, browser)
	path := fmt.Sprintf("/policies/%d", p.ID)
	b.signIn(stakeholderEmail, path)
	b.open(path)
	return s, p, b
}

// TestBrowserPassageCommentMouse: the stakeholder drags the mouse over the
// first words of the Pendahuluan, is offered "Komentari bagian ini", and the
// comment posted carries that passage, shown quoted on the page.
func TestBrowserPassageCommentMouse(t *testing.T) {
	s, p, b := stakeholderOnPassagePolicy(t)

	// Where the first six words of the section's first paragraph are.
	type span struct {
		X0, Y0, X1, Y1 float64
		Text           string
	}
	sp := eval[span](b, `(function(){
		var para = document.getElementById('pendahuluan');
		while (para && para.tagName !== 'P' || para.classList.contains('cc')) para = para.nextElementSibling;
		para.scrollIntoView({block: 'center'});
		var node = para.firstChild, text = node.textContent;
		var end = 0; for (var w = 0; w < 6; w++) { end = text.indexOf(' ', end + 1); }
		var r = document.createRange();
		r.setStart(node, 0); r.setEnd(node, 1); var a = r.getBoundingClientRect();
		r.setStart(node, end - 1); r.setEnd(node, end); var z = r.getBoundingClientRect();
		return {X0: a.left + 0.5, Y0: (a.top + a.bottom) / 2, X1: z.right - 0.5, Y1: (z.top + z.bottom) / 2, Text: text.slice(0, end)};
	})()`)
	held := func(p *input.DispatchMouseEventParams) { p.Button, p.Buttons = input.MouseButtonLeft, 1 }
	b.do("drag over the passage",
		chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, sp.X0, sp.Y0, chromedp.ButtonLeft, chromedp.ClickCount(1)),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, (sp.X0+sp.X1)/2, sp.Y1, held),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, sp.X1, sp.Y1, held),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, sp.X1, sp.Y1, chromedp.ButtonLeft, chromedp.ClickCount(1)),
		chromedp.WaitVisible(chromedp.CSS("#passage-bar .passage-comment")))
	selected := eval[string](b, `window.getSelection().toString().replace(/\s+/g, ' ').trim()`)
	if selected != sp.Text {
		t.Fatalf("the drag selected %q, want %q", selected, sp.Text)
	}
	axeCheck(t, b.ctx, "policy page offering a comment on the selection")
	b.do("click Komentari bagian ini", chromedp.Click(chromedp.CSS("#passage-bar .passage-comment")))
	if got := eval[string](b, `document.getElementById('comment-quote').value`); got != sp.Text {
		t.Fatalf("quote field = %q, want the selection %q", got, sp.Text)
	}
	if got := eval[string](b, `document.getElementById('comment-section').value`); got != "pendahuluan" {
		t.Errorf("section = %q, want pendahuluan", got)
	}
	if f := b.focused(); f != "comment-body" {
		t.Errorf("after choosing to comment the focus is on %q, want #comment-body", f)
	}
	body := fmt.Sprintf("Komentar bagian dengan tetikus (%d).", time.Now().UnixNano()%100000)
	b.press(body)
	b.load("send the comment", chromedp.Click(chromedp.ID("comment-submit")))
	quote, section, _ := storedQuote(t, s, p.ID, body)
	if quote != sp.Text || section != "pendahuluan" {
		t.Errorf("stored quote %q in %q, want %q in pendahuluan", quote, section, sp.Text)
	}
	if !strings.Contains(b.textOr("#komentar", ""), sp.Text) {
		t.Errorf("the comments do not show the quote %q", sp.Text)
	}
	axeCheck(t, b.ctx, "policy page after a passage comment")
}

// TestBrowserPassageCommentKeyboard: with the keyboard alone, the
// stakeholder opens "Kutip bagian" under a heading, picks the second
// sentence with an arrow key, chooses "Komentari bagian ini", writes and
// sends the comment.
func TestBrowserPassageCommentKeyboard(t *testing.T) {
	s, p, b := stakeholderOnPassagePolicy(t)

	b.tabTo("passage-pick-1")
	b.press(kb.Enter)
	if f := b.focused(); f != "passage-select-1" {
		t.Fatalf("Enter on Kutip bagian put the focus on %q, want the sentence list", f)
	}
	axeCheck(t, b.ctx, "policy page with the sentence picker open")
	b.press(kb.ArrowDown)
	want := eval[string](b, `document.getElementById('passage-select-1').value`)
	first := eval[string](b, `document.getElementById('passage-select-1').options[0].value`)
	if want == "" || want == first {
		t.Fatalf("ArrowDown chose %q (first %q): want the second sentence", want, first)
	}
	section := eval[string](b, `document.getElementById('passage-pick-1').closest('.document').querySelector('h2[id]').id`)
	b.press(kb.Tab) // the list, then its buttons
	if got := eval[string](b, `document.activeElement.textContent`); got != "Komentari bagian ini" {
		t.Fatalf("Tab from the list went to %q, want Komentari bagian ini", got)
	}
	b.press(kb.Enter)
	if f := b.focused(); f != "comment-body" {
		t.Fatalf("after choosing to comment the focus is on %q, want #comment-body", f)
	}
	body := fmt.Sprintf("Komentar bagian dengan papan ketik (%d).", time.Now().UnixNano()%100000)
	b.press(body)
	b.tabTo("comment-submit")
	b.load("send with Enter", chromedp.KeyEvent(kb.Enter))
	quote, sec, _ := storedQuote(t, s, p.ID, body)
	if quote != want || sec != section {
		t.Errorf("stored quote %q in %q, want %q in %q", quote, sec, want, section)
	}
}

// TestBrowserPassageSuggestionTouch: on a touch phone, a passage selected
// (the selection a long press makes, set by script: a long press cannot be
// emulated to select text) offers "Usulkan perubahan"; taps alone send the
// suggestion, and the drafter accepts it into a new version on the
// suggestions page, which links the diff.
func TestBrowserPassageSuggestionTouch(t *testing.T) {
	s := newSite(t)
	p := s.policy(t, passageSlug)
	browser := newBrowser(t, 5*time.Minute)
	phone := s.person(t, browser)
	phone.do("emulate a Pixel 5", chromedp.Emulate(device.Pixel5))
	path := fmt.Sprintf("/policies/%d", p.ID)
	phone.signIn(stakeholderEmail, path)
	phone.open(path)
	if !eval[bool](phone, `navigator.maxTouchPoints > 0 && window.innerWidth <= 400`) {
		t.Fatalf("no touch phone emulated")
	}
	passage := eval[string](phone, `(function(){
		var h = document.getElementById('tujuan-kebijakan'), el = h.nextElementSibling;
		while (el.tagName !== 'P' || el.classList.contains('cc')) el = el.nextElementSibling;
		var node = el.firstChild, text = node.textContent, end = text.indexOf(',');
		el.scrollIntoView({block: 'center'});
		window.getSelection().setBaseAndExtent(node, 0, node, end);
		return text.slice(0, end);
	})()`)
	phone.do("the bar is offered", chromedp.WaitVisible(chromedp.CSS("#passage-bar .passage-suggest")))
	phone.do("tap Usulkan perubahan", chromedp.Tap(chromedp.CSS("#passage-bar .passage-suggest")))
	if f := phone.focusAfterTap("comment-suggestion"); f != "comment-suggestion" {
		t.Fatalf("after the tap the focus is on %q, want #comment-suggestion", f)
	}
	if q := eval[string](phone, `document.getElementById('comment-quote').value`); q != passage {
		t.Fatalf("quote = %q, want %q", q, passage)
	}
	phone.press(kb.End)
	phone.press(" dan berintegritas")
	phone.do("tap the comment", chromedp.Tap(chromedp.ID("comment-body")))
	body := fmt.Sprintf("Usulan dari ponsel (%d).", time.Now().UnixNano()%100000)
	phone.press(body)
	phone.checkPhoneLayout("phone with a suggestion written")
	axeCheck(t, phone.ctx, "phone suggestion form")
	phone.load("tap send", chromedp.Tap(chromedp.ID("comment-submit")))
	quote, section, suggestion := storedQuote(t, s, p.ID, body)
	if quote != passage || section != "tujuan-kebijakan" || suggestion != passage+" dan berintegritas" {
		t.Fatalf("stored %q in %q suggesting %q", quote, section, suggestion)
	}

	// The drafter accepts it: one new version, the diff linked.
	drafter := s.signedIn(t, browser, drafterEmail, path+"/suggestions")
	drafter.open(path + "/suggestions")
	axeCheck(t, drafter.ctx, "suggestions page")
	drafter.do("tick the suggestion", chromedp.Click(chromedp.CSS(`#accept-form ~ ol input[type=checkbox]`)))
	drafter.load("accept", chromedp.Click(chromedp.ID("accept-selected")))
	if !drafter.exists("#accepted-diff") {
		t.Fatalf("no diff link after accepting: %s", drafter.textOr("main", ""))
	}
	drafter.load("open the diff", chromedp.Click(chromedp.ID("accepted-diff")))
	if !strings.Contains(drafter.textOr("main", ""), "berintegritas") {
		t.Errorf("the diff does not show the accepted wording")
	}
}
