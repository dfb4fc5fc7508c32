package policies

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// CommentNotice is a message to the author of a comment about that
// comment: a reply, its published answer, its moderation, an accepted
// suggestion (NoticeCommentReply, NoticeCommentAnswered,
// NoticeCommentModerated, NoticeSuggestionAccepted).
//
// Message writes the words around it: a subject and a first line per kind
// and a quote of the comment. The caller gives what is particular to this
// notice.
type CommentNotice struct {
	Kind    NotificationKind
	Dedup   string // once per key: "answer/<comment id>", "reply/<reply id>"…
	Subject string // optional: replaces the kind's Indonesian subject
	// SubjectEN is Subject in English, optional: a person who chose
	// English reads it (else the kind's English subject).
	SubjectEN string
	Body      string // optional: what happened, in Indonesian (the reply, the answer and its reason…)
	// BodyEN is Body in English, optional: a person who chose English
	// reads it, and a public commenter (no account, no language setting)
	// gets it under the Indonesian text.
	BodyEN string
	Link   string // path on this site, e.g. /policies/7#c-12 (default: the comment on its policy page)
}

// About reports whether c's author may be told of it by n: nobody is told
// of a comment that is not shown to readers (one awaiting moderation or
// rejected, or anything a moderator hid) but by its moderation notice.
func (n CommentNotice) About(c Comment) bool {
	return noticeVisible(c.Status) || n.Kind == NoticeCommentModerated
}

// noticeVisible reports whether a comment in status st is shown to
// readers: one awaiting moderation or rejected is not (nor anything a
// moderator hid).
func noticeVisible(st CommentStatus) bool {
	return st != CommentPendingModeration && st != CommentRejected && st != "hidden"
}

// Message is the outbox row of n about c, to the person userID or, with
// userID 0, to the address email (a public commenter), in Indonesian
// (MessageIn in a person's language).
func (n CommentNotice) Message(c Comment, userID int64, email string) Notification {
	return n.MessageIn(c, userID, email, "id")
}

// MessageIn is Message to a person who chose language lang ("en":
// English, else Indonesian); a public commenter gets the Indonesian text
// with the English under it.
func (n CommentNotice) MessageIn(c Comment, userID int64, email, lang string) Notification {
	msg := Notification{DedupKey: n.Dedup, UserID: userID, Email: email, PolicyID: &c.PolicyID, Kind: n.Kind, Link: n.Link}
	if msg.Link == "" {
		msg.Link = fmt.Sprintf("/policies/%d#c-%d", c.PolicyID, c.ID)
	}
	if userID != 0 && lang == "en" {
		msg.Subject, msg.Body = n.english(c)
		return msg
	}
	msg.Subject, msg.Body = n.text(c, userID == 0)
	return msg
}

// english is a notice's subject and body in English alone, for a person
// who chose it: its English words where it has them.
func (n CommentNotice) english(c Comment) (subject, body string) {
	subject = commentNoticeWords["notice_subject_"+string(n.Kind)][1]
	if n.SubjectEN != "" {
		subject = n.SubjectEN
	}
	var b strings.Builder
	if intro := commentNoticeWords["notice_intro_"+string(n.Kind)][1]; intro != "" {
		b.WriteString(intro + "\n\n")
	}
	extra := n.BodyEN
	if extra == "" {
		extra = n.Body
	}
	if extra = strings.TrimSpace(extra); extra != "" {
		b.WriteString(extra + "\n\n")
	}
	if quote := noticeExcerpt(c.Body, 300); quote != "" {
		fmt.Fprintf(&b, "%s: «%s»\n", commentNoticeWords["notice_your_comment"][1], quote)
	}
	return subject, strings.TrimSpace(b.String())
}

// text is a notice's subject and body: Indonesian, and for a public
// commenter (bilingual) with the English under it.
func (n CommentNotice) text(c Comment, bilingual bool) (subject, body string) {
	tr := func(key string) [2]string {
		if t, ok := commentNoticeWords[key+"_"+string(n.Kind)]; ok {
			return t
		}
		return [2]string{}
	}
	subj, intro := tr("notice_subject"), tr("notice_intro")
	subject = subj[0]
	if n.Subject != "" {
		subject = n.Subject
	}
	quote := noticeExcerpt(c.Body, 300)
	your := commentNoticeWords["notice_your_comment"]
	var b strings.Builder
	part := func(lang int, extra string) {
		if intro[lang] != "" {
			b.WriteString(intro[lang] + "\n\n")
		}
		if extra = strings.TrimSpace(extra); extra != "" {
			b.WriteString(extra + "\n\n")
		}
		if quote != "" {
			fmt.Fprintf(&b, "%s: «%s»\n", your[lang], quote)
		}
	}
	if bilingual && subj[1] != "" {
		subject += " / " + subj[1]
	}
	if bilingual {
		b.WriteString(commentNoticeWords["notice_english_below"][0] + "\n\n")
	}
	part(0, n.Body)
	if bilingual {
		b.WriteString("\n---\n\n")
		part(1, n.BodyEN)
	}
	return subject, strings.TrimSpace(b.String())
}

// noticeExcerpt is s on one line, cut to at most n runes with an ellipsis.
func noticeExcerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n])) + "…"
}

// commentNoticeWords are the words of the notices to a comment's author:
// the subject and first line per kind, Indonesian first, then English.
var commentNoticeWords = map[string][2]string{
	"notice_subject_comment_reply":       {"Ada balasan untuk komentar Anda", "Someone replied to your comment"},
	"notice_subject_comment_answered":    {"Komentar Anda telah ditanggapi", "Your comment has been answered"},
	"notice_subject_comment_moderated":   {"Komentar Anda telah dimoderasi", "Your comment has been moderated"},
	"notice_subject_suggestion_accepted": {"Usulan perubahan Anda diterima", "Your suggested change was accepted"},
	"notice_intro_comment_reply":         {"Seseorang membalas komentar Anda pada rancangan kebijakan.", "Someone replied to your comment on a draft policy."},
	"notice_intro_comment_answered":      {"Penyusun kebijakan telah menerbitkan tanggapan atas komentar Anda.", "The policy's drafter has published an answer to your comment."},
	"notice_intro_comment_moderated":     {"Komentar Anda telah ditinjau oleh moderator.", "Your comment has been reviewed by a moderator."},
	"notice_intro_suggestion_accepted":   {"Usulan perubahan teks Anda dimasukkan ke versi baru kebijakan.", "Your suggested wording went into a new version of the policy."},
	"notice_your_comment":                {"Komentar Anda", "Your comment"},
	"notice_english_below":               {"(English below)", "(English below)"},
}

// The four notices, as the requests that cause them word what happened.

// ReplyNotice tells the author of the comment replied to of reply.
func ReplyNotice(reply Comment) CommentNotice {
	return CommentNotice{
		Kind:      NoticeCommentReply,
		Dedup:     fmt.Sprintf("reply/%d", reply.ID),
		Subject:   "Balasan untuk komentar Anda",
		SubjectEN: "A reply to your comment",
		Body:      fmt.Sprintf("%s membalas komentar Anda: “%s”", reply.AuthorName, Excerpt(reply.Body, 200)),
		BodyEN:    fmt.Sprintf("%s replied to your comment: “%s”", reply.AuthorName, Excerpt(reply.Body, 200)),
		Link:      fmt.Sprintf("/policies/%d#c%d", reply.PolicyID, reply.ID),
	}
}

// AnswerNotice tells a commenter of the published answer to c on the
// policy titled title; report is the path of the consultation's report.
func AnswerNotice(c AnsweredComment, title, report string) CommentNotice {
	body := fmt.Sprintf("Komentar Anda pada kebijakan %q telah dijawab.\n\nTindak lanjut: %s\nAlasan: %s\n\nYour comment on %q has been answered: %s.",
		title, c.Answer.Disposition.Label(false), c.Answer.Reason, title, c.Answer.Disposition.Label(true))
	bodyEN := fmt.Sprintf("Your comment on %q has been answered.\n\nFollow-up: %s\nReason: %s", title, c.Answer.Disposition.Label(true), c.Answer.Reason)
	return CommentNotice{Kind: NoticeCommentAnswered, Dedup: fmt.Sprintf("answer/%d", c.ID),
		Subject: "Jawaban atas komentar Anda: " + title, SubjectEN: "Answer to your comment: " + title,
		Body: body, BodyEN: bodyEN, Link: fmt.Sprintf("%s#c-%d", report, c.ID)}
}

// ModerationNotice tells the author of c, moderated (c.Status is its new
// status), on the policy titled title, of an approval or a hiding; a
// comment kept as it is tells nobody (false).
func ModerationNotice(d ModerationDecision, c Comment, title string) (CommentNotice, bool) {
	const subject = "Komentar Anda"
	var n CommentNotice
	switch d {
	case DecideApprove:
		n = CommentNotice{Subject: subject + " dipublikasikan", SubjectEN: "Your comment was published",
			Body:   fmt.Sprintf("Komentar Anda pada %q telah disetujui moderator dan kini tampil.", title),
			BodyEN: fmt.Sprintf("Your comment on %q was approved by a moderator and is now shown.", title),
			Link:   fmt.Sprintf("/policies/%d#c%d", c.PolicyID, c.ID)}
	case DecideHide:
		n = CommentNotice{Subject: subject + " disembunyikan", SubjectEN: "Your comment was hidden",
			Body:   fmt.Sprintf("Komentar Anda pada %q tidak ditampilkan karena tidak sesuai dengan pedoman konsultasi.", title),
			BodyEN: fmt.Sprintf("Your comment on %q is not shown: it does not follow the consultation's guidelines.", title),
			Link:   fmt.Sprintf("/policies/%d", c.PolicyID)}
	default:
		return n, false
	}
	n.Kind, n.Dedup = NoticeCommentModerated, fmt.Sprintf("moderated/%d/%s", c.ID, c.Status)
	return n, true
}

// SuggestionNotice tells the author of c that its suggestion went into
// version n of the policy titled title.
func SuggestionNotice(c Comment, title string, n int) CommentNotice {
	return CommentNotice{
		Kind:    NoticeSuggestionAccepted,
		Dedup:   fmt.Sprintf("suggestion/%d", c.ID),
		Subject: "Usulan perubahan Anda diterima",
		Body:    fmt.Sprintf("Usulan Anda untuk “%s” pada %s dimasukkan ke versi %d.", Excerpt(c.Quote, 120), title, n),
		BodyEN:  fmt.Sprintf("Your suggestion for “%s” in %s went into version %d.", Excerpt(c.Quote, 120), title, n),
		Link:    fmt.Sprintf("/policies/%d/diff?from=%d&to=%d", c.PolicyID, n-1, n),
	}
}

// Excerpt shortens s, its spaces folded, to at most n characters.
func Excerpt(s string, n int) string {
	s = NormalizeSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
