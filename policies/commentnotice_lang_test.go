package policies

import (
	"strings"
	"testing"
)

// A person who chose English reads the notices about their comment in
// English alone; one who kept Indonesian, in Indonesian alone; a public
// commenter still gets both.
func TestCommentNoticeInTheAuthorsLanguage(t *testing.T) {
	c := Comment{ID: 12, PolicyID: 7, Status: CommentOpen, Body: "Mohon pasal pelatihan menyebut jumlah JP minimum.", Quote: "paling sedikit 20 JP"}
	reply := Comment{ID: 13, PolicyID: 7, Status: CommentOpen, AuthorName: "Budi", Body: "Setuju."}
	answered := AnswerNotice(AnsweredComment{Comment: c, Answer: &Answer{Disposition: "diterima", Reason: "Ditambahkan."}}, "Perwali", "/policies/7/consultations/1/report")
	hidden, _ := ModerationNotice(DecideHide, c, "Perwali")
	for _, tc := range []struct {
		name            string
		n               CommentNotice
		subject, inBody string
	}{
		{"reply", ReplyNotice(reply), "A reply to your comment", "Budi replied to your comment: “Setuju.”"},
		{"answered", answered, "Answer to your comment: Perwali", "Your comment on \"Perwali\" has been answered.\n\nFollow-up: "},
		{"moderated", hidden, "Your comment was hidden", "it does not follow the consultation's guidelines"},
		{"suggestion", SuggestionNotice(c, "Perwali", 2), "Your suggested change was accepted", "Your suggestion for “paling sedikit 20 JP” in Perwali went into version 2."},
	} {
		en := tc.n.MessageIn(c, 3, "", "en")
		if en.Subject != tc.subject || !strings.Contains(en.Body, tc.inBody) || !strings.Contains(en.Body, "Your comment: «") {
			t.Errorf("%s in English: %q\n%s\nwant %q and %q", tc.name, en.Subject, en.Body, tc.subject, tc.inBody)
		}
		if strings.Contains(en.Body, "Komentar Anda") || strings.Contains(en.Body, "(English below)") {
			t.Errorf("%s in English has Indonesian words:\n%s", tc.name, en.Body)
		}
		id := tc.n.MessageIn(c, 3, "", "id")
		if old := tc.n.Message(c, 3, ""); id.Subject != old.Subject || id.Body != old.Body || strings.Contains(id.Body, "(English below)") || strings.Contains(id.Subject, "/ ") {
			t.Errorf("%s in Indonesian: %q\n%s", tc.name, id.Subject, id.Body)
		}
		if pub := tc.n.MessageIn(c, 0, "warga@contoh.id", "en"); !strings.Contains(pub.Body, "(English below)") {
			t.Errorf("%s to a public commenter is not in both languages:\n%s", tc.name, pub.Body)
		}
	}
}
