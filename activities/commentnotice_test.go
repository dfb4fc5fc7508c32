package activities_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
)

// CommentNotices.Notify on a real database: who is told, who is not, and
// in which words.
func TestNotifyCommenter(t *testing.T) {
	ctx := t.Context()
	db := devtest.Seeded(t)
	cn := activities.CommentNotices{Store: db}
	var policy int64
	if err := db.SQL().Get(&policy, `SELECT id FROM policies ORDER BY id LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	user := func(email string) policies.User {
		u, err := db.UserByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	author := user("akademisi.sawahlunto@policyflow.test")
	gone := user("opd.sawahlunto@policyflow.test")
	db.SQL().MustExec(`UPDATE users SET deactivated_at = now() WHERE id = $1`, gone.ID)
	rows := func(key string) []policies.Notification {
		t.Helper()
		var ns []policies.Notification
		if err := db.SQL().Select(&ns, `SELECT id, dedup_key, coalesce(user_id, 0) AS user_id, coalesce(email, '') AS email,
			kind, subject, body, link FROM notifications WHERE dedup_key = $1`, key); err != nil {
			t.Fatal(err)
		}
		return ns
	}
	comment := func(id int64, status policies.CommentStatus, by *int64, email string) policies.Comment {
		return policies.Comment{ID: id, PolicyID: policy, AuthorID: by, AuthorEmail: email, Status: status,
			Body: "Mohon pasal pelatihan   menyebut\njumlah JP minimum."}
	}
	notify := func(c policies.Comment, kind policies.NotificationKind, key string) {
		t.Helper()
		if err := cn.Notify(ctx, c, policies.CommentNotice{Kind: kind, Dedup: key, Body: "Balasan: setuju.", BodyEN: "Reply: agreed."}); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
	}

	// A reply to a registered author lands in their inbox, once, in Indonesian.
	notify(comment(1, policies.CommentOpen, &author.ID, ""), policies.NoticeCommentReply, "reply/1")
	notify(comment(1, policies.CommentOpen, &author.ID, ""), policies.NoticeCommentReply, "reply/1")
	inbox, err := db.Notifications(ctx, author.ID)
	if err != nil || len(inbox) != 1 {
		t.Fatalf("inbox = %+v, %v; want the reply once", inbox, err)
	}
	n := inbox[0]
	if n.Kind != policies.NoticeCommentReply || n.Subject != "Ada balasan untuk komentar Anda" || n.Link != fmt.Sprintf("/policies/%d#c-1", policy) {
		t.Errorf("notice = %+v", n)
	}
	for _, want := range []string{"Seseorang membalas komentar Anda", "Balasan: setuju.", "Komentar Anda: «Mohon pasal pelatihan menyebut jumlah JP minimum.»"} {
		if !strings.Contains(n.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, n.Body)
		}
	}
	if strings.Contains(n.Body, "agreed") || strings.Contains(n.Subject, "/") {
		t.Errorf("a person with an account got the English too:\n%s\n%s", n.Subject, n.Body)
	}

	// A deactivated author gets nothing, by account or by their address.
	notify(comment(2, policies.CommentOpen, &gone.ID, ""), policies.NoticeCommentAnswered, "answer/2")
	notify(comment(3, policies.CommentOpen, nil, "OPD.sawahlunto@policyflow.test"), policies.NoticeCommentAnswered, "answer/3")
	// A comment not shown is not talked about, but for its moderation.
	notify(comment(4, policies.CommentPendingModeration, &author.ID, ""), policies.NoticeCommentReply, "reply/4")
	notify(comment(5, policies.CommentRejected, nil, "warga@contoh.id"), policies.NoticeCommentAnswered, "answer/5")
	notify(comment(6, policies.CommentRejected, nil, "warga@contoh.id"), policies.NoticeCommentModerated, "moderated/6")
	// Nobody to reach.
	notify(comment(7, policies.CommentOpen, nil, ""), policies.NoticeCommentReply, "reply/7")
	for _, key := range []string{"answer/2", "answer/3", "reply/4", "answer/5", "reply/7"} {
		if ns := rows(key); len(ns) != 0 {
			t.Errorf("%s written: %+v", key, ns)
		}
	}
	if ns := rows("moderated/6"); len(ns) != 1 || ns[0].Email != "warga@contoh.id" {
		t.Errorf("moderation notice of a rejected comment: %+v", ns)
	}

	// A public commenter: by email, Indonesian with the English under it.
	notify(comment(8, policies.CommentOpen, nil, " warga@contoh.id "), policies.NoticeSuggestionAccepted, "accepted/8")
	ns := rows("accepted/8")
	if len(ns) != 1 || ns[0].UserID != 0 || ns[0].Email != "warga@contoh.id" {
		t.Fatalf("public notice = %+v", ns)
	}
	if ns[0].Subject != "Usulan perubahan Anda diterima / Your suggested change was accepted" {
		t.Errorf("subject = %q", ns[0].Subject)
	}
	b := ns[0].Body
	id, en := strings.Index(b, "Balasan: setuju."), strings.Index(b, "Reply: agreed.")
	if id < 0 || en < id || !strings.Contains(b, "Your suggested wording went into a new version") || !strings.Contains(b, "Your comment: «") {
		t.Errorf("bilingual body:\n%s", b)
	}

	// An address that unsubscribed from comment notices gets none; other
	// addresses still do.
	if err := db.Unsubscribe(ctx, "WARGA@contoh.id", policies.UnsubscribeComments); err != nil {
		t.Fatal(err)
	}
	notify(comment(9, policies.CommentOpen, nil, "warga@contoh.id"), policies.NoticeCommentAnswered, "answer/9")
	notify(comment(10, policies.CommentOpen, nil, "warga.lain@contoh.id"), policies.NoticeCommentAnswered, "answer/10")
	if ns := rows("answer/9"); len(ns) != 0 {
		t.Errorf("unsubscribed address told: %+v", ns)
	}
	if ns := rows("answer/10"); len(ns) != 1 {
		t.Errorf("other address not told: %+v", ns)
	}
}
