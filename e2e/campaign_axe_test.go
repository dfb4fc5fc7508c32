package e2e

import (
	"fmt"
	"testing"
	"time"
)

// TestAxeCommentGroupPages runs axe-core, in both languages, on the pages
// of working through many comments: the answers page with groups of
// campaign and near-duplicate comments, themes and an assignment; one
// group's view with its one-answer and assignment forms; and the report
// with a campaign shown once as "N komentar serupa".
func TestAxeCommentGroupPages(t *testing.T) {
	s := newSite(t)
	id := axePolicy(t, s)
	db := s.st.DB.SQL()
	var k, rep int64
	if err := db.Get(&k, `SELECT id FROM consultations WHERE policy_id = $1 ORDER BY id DESC LIMIT 1`, id); err != nil {
		t.Fatalf("the consultation: %v", err)
	}
	const campaign = `Kami ASN di lingkungan pemerintah kota meminta agar target pelatihan dua puluh jam pelajaran setiap tahun
		dihitung juga dari pelatihan daring mandiri yang diakui oleh unit kerja masing-masing.`
	for i := range 5 {
		var c int64
		if err := db.Get(&c, `INSERT INTO comments (policy_id, version_id, section_anchor, author_name, author_email, body)
			SELECT id, current_version_id, '', 'Warga', '', $2 FROM policies WHERE id = $1 RETURNING id`, id, fmt.Sprintf("%s Salam, pegawai %d.", campaign, i)); err != nil {
			t.Fatal(err)
		}
		if rep == 0 {
			rep = c
		}
	}
	drafter := `(SELECT id FROM users WHERE email = '` + drafterEmail + `')`
	db.MustExec(`INSERT INTO comment_themes (consultation_id, comment_id, theme, added_by) VALUES ($1, $2, 'Jam pelajaran', `+drafter+`)`, k, rep)
	db.MustExec(`INSERT INTO comment_assignments (consultation_id, comment_id, assignee_id, assigned_by) VALUES ($1, $2, `+drafter+`, `+drafter+`)`, k, rep)
	db.MustExec(`INSERT INTO comment_answers (comment_id, consultation_id, disposition, reason, drafted_by)
		SELECT c.id, $1, 'diterima', 'Pelatihan daring diakui (Pasal 4).', `+drafter+` FROM comments c WHERE c.body LIKE 'Kami ASN%' AND c.id <> $2`, k, rep)

	browser := newBrowser(t, 4*time.Minute)
	dina := s.person(t, browser)
	kp := fmt.Sprintf("/policies/%d/consultations/%d", id, k)
	dina.signIn(drafterEmail, fmt.Sprintf("/policies/%d", id))
	for _, lang := range []string{"id", "en"} {
		dina.axeOpen(withLang(kp+"/answers", lang), 200, "#groups", "answers page with groups ["+lang+"]")
		dina.axeOpen(withLang(fmt.Sprintf("%s/answers?group=%d", kp, rep), lang), 200, "#group-answer", "one group's view ["+lang+"]")
		dina.axeOpen(withLang(kp+"/answers?assignee=me&theme=Jam+pelajaran", lang), 200, "#answers-filter", "answers filtered ["+lang+"]")
		dina.axeOpen(withLang(kp+"/report", lang), 200, ".similar", "report with a campaign shown once ["+lang+"]")
	}
}
