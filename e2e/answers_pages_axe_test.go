package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestAxeAnswersPages runs axe-core, in both languages, on a middle page
// of an answers list paged at 130 comments (both pages' navigations, the
// count of the whole list), and walks the pages with the keyboard: Enter
// on "Berikutnya" opens the next page, Tab from "Sebelumnya" reaches the
// first page's number.
func TestAxeAnswersPages(t *testing.T) {
	s := newSite(t)
	id := axePolicy(t, s)
	db := s.st.DB.SQL()
	var k int64
	if err := db.Get(&k, `SELECT id FROM consultations WHERE policy_id = $1 ORDER BY id DESC LIMIT 1`, id); err != nil {
		t.Fatalf("the consultation: %v", err)
	}
	db.MustExec(`INSERT INTO comments (policy_id, version_id, section_anchor, author_name, author_email, body)
		SELECT p.id, p.current_version_id, '', 'Warga ' || n, '', 'Masukan warga nomor ' || n || ' tentang jadwal pelatihan di kelurahan ' || md5(n::text)
		FROM policies p, generate_series(1, 130) n WHERE p.id = $1`, id)

	browser := newBrowser(t, 4*time.Minute)
	dina := s.person(t, browser)
	kp := fmt.Sprintf("/policies/%d/consultations/%d/answers", id, k)
	dina.signIn(drafterEmail, fmt.Sprintf("/policies/%d", id))
	dina.axeOpenBoth(kp+"?page=2", "#answers-pages", "answers list, page 2")

	dina.open(kp + "?lang=id") // the language chosen last stays: Indonesian again
	dina.do("focus the next page's link", chromedp.Focus(chromedp.CSS(`#answers-pages a[rel="next"]`)))
	dina.load("Enter on the next page's link", chromedp.KeyEvent(kb.Enter))
	if loc := dina.location(); !strings.HasSuffix(loc, "?page=2") {
		t.Fatalf("Enter on Berikutnya opened %s, want page 2", loc)
	}
	if got := dina.text("#shown-range"); got != "51–100" {
		t.Errorf("page 2 shows comments %q, want 51–100", got)
	}
	dina.do("focus the previous page's link", chromedp.Focus(chromedp.CSS(`#answers-pages a[rel="prev"]`)))
	dina.press(kb.Tab)
	if got := eval[string](dina, `document.activeElement.getAttribute("aria-label") || ""`); got != "Halaman 1" {
		t.Errorf("Tab from Sebelumnya reached %q, want the link Halaman 1", got)
	}
}
