package policies

import (
	"strings"
	"testing"
)

// The words of a notice to a comment's author: Indonesian for a person
// with an account, Indonesian with the English under it for an address.
func TestCommentNoticeMessage(t *testing.T) {
	c := Comment{ID: 12, PolicyID: 7, Status: CommentOpen, Body: "Mohon pasal pelatihan   menyebut\njumlah JP minimum."}
	n := CommentNotice{Kind: NoticeCommentReply, Dedup: "reply/12", Body: "Balasan: setuju.", BodyEN: "Reply: agreed."}

	got := n.Message(c, 3, "")
	want := "Seseorang membalas komentar Anda pada rancangan kebijakan.\n\nBalasan: setuju.\n\nKomentar Anda: «Mohon pasal pelatihan menyebut jumlah JP minimum.»"
	if got.Subject != "Ada balasan untuk komentar Anda" || got.Body != want {
		t.Errorf("to a person: subject %q, body\n%s\nwant\n%s", got.Subject, got.Body, want)
	}
	if got.UserID != 3 || got.Email != "" || got.DedupKey != "reply/12" || got.Kind != NoticeCommentReply ||
		got.Link != "/policies/7#c-12" || got.PolicyID == nil || *got.PolicyID != 7 {
		t.Errorf("to a person: %+v", got)
	}

	n.Kind, n.Link = NoticeSuggestionAccepted, "/policies/7/diff?from=1&to=2"
	got = n.Message(c, 0, "warga@contoh.id")
	if got.Subject != "Usulan perubahan Anda diterima / Your suggested change was accepted" || got.Email != "warga@contoh.id" || got.Link != n.Link {
		t.Errorf("to an address: %+v", got)
	}
	want = "(English below)\n\nUsulan perubahan teks Anda dimasukkan ke versi baru kebijakan.\n\nBalasan: setuju.\n\n" +
		"Komentar Anda: «Mohon pasal pelatihan menyebut jumlah JP minimum.»\n\n---\n\n" +
		"Your suggested wording went into a new version of the policy.\n\nReply: agreed.\n\nYour comment: «Mohon pasal pelatihan menyebut jumlah JP minimum.»"
	if got.Body != want {
		t.Errorf("bilingual body:\n%s\nwant\n%s", got.Body, want)
	}

	n.Subject = "Jawaban atas komentar Anda: Perwali"
	if got := n.Message(c, 0, "warga@contoh.id"); got.Subject != "Jawaban atas komentar Anda: Perwali / Your suggested change was accepted" {
		t.Errorf("given subject: %q", got.Subject)
	}
	c.Body = strings.Repeat("kata ", 100)
	if q := n.Message(c, 3, "").Body; !strings.Contains(q, "«"+strings.TrimSpace(strings.Repeat("kata ", 60))+"…»") {
		t.Errorf("a long comment is not cut at 300 characters:\n%s", q)
	}
}

// Nobody is told of a comment readers do not see, but of its moderation.
func TestCommentNoticeAbout(t *testing.T) {
	for _, tt := range []struct {
		st   CommentStatus
		kind NotificationKind
		want bool
	}{
		{CommentOpen, NoticeCommentReply, true},
		{CommentResolved, NoticeCommentAnswered, true},
		{CommentPendingModeration, NoticeCommentReply, false},
		{CommentRejected, NoticeCommentAnswered, false},
		{"hidden", NoticeSuggestionAccepted, false},
		{CommentRejected, NoticeCommentModerated, true},
		{CommentPendingModeration, NoticeCommentModerated, true},
	} {
		if got := (CommentNotice{Kind: tt.kind}).About(Comment{Status: tt.st}); got != tt.want {
			t.Errorf("%s about a %s comment = %v, want %v", tt.kind, tt.st, got, tt.want)
		}
	}
}
