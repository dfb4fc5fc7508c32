package server

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/policyflow/policyflow/policies"
)

// commentNotice is a message to the author of a comment about that comment:
// a reply, its published answer, its moderation, an accepted suggestion.
//
// notifyCommenter writes the words around it: a subject and a first line
// per kind (catalogue notice_subject_* and notice_intro_*) and a quote of
// the comment. The caller gives what is particular to this notice.
type commentNotice struct {
	Kind    policies.NotificationKind
	Dedup   string // once per key: "answer/<comment id>", "reply/<reply id>"…
	Subject string // optional: replaces the kind's Indonesian subject
	Body    string // optional: what happened, in Indonesian (the reply, the answer and its reason…)
	// BodyEN is Body in English, optional: a public commenter (no account,
	// no language setting) gets it under the Indonesian text.
	BodyEN string
	Link   string // path on this site, e.g. /policies/7#c-12 (default: the comment on its policy page)
}

// noticeVisible reports whether a comment in status st is shown to
// readers: one awaiting moderation or rejected is not (nor anything a
// moderator hid), and nobody is told of it but by its moderation notice.
func noticeVisible(st policies.CommentStatus) bool {
	return st != policies.CommentPendingModeration && st != policies.CommentRejected && st != "hidden"
}

// notifyCommenter tells the author of c about it: a person with an account
// through their inbox (and email by their notify mode), a public commenter
// who left an address by email. Nothing is sent for a comment that is not
// visible (except the notice of its moderation), to a deactivated person,
// to a public commenter whose address unsubscribed from comment notices, or
// with nobody to reach. A person with an account who unsubscribed from
// comment emails still finds it in their inbox: the deliverer sends no email.
//
// People with accounts read it in Indonesian, like every notice (there is
// no per-person language); a public commenter gets the Indonesian text with
// the English under it.
func (s *Server) notifyCommenter(ctx context.Context, c policies.Comment, n commentNotice) error {
	if !noticeVisible(c.Status) && n.Kind != policies.NoticeCommentModerated {
		return nil
	}
	msg := policies.Notification{DedupKey: n.Dedup, PolicyID: &c.PolicyID, Kind: n.Kind, Link: n.Link}
	if msg.Link == "" {
		msg.Link = fmt.Sprintf("/policies/%d#c-%d", c.PolicyID, c.ID)
	}
	switch {
	case c.AuthorID != nil:
		u, err := s.store.UserByID(ctx, *c.AuthorID)
		if err == nil {
			// UserByID leaves deactivation out; UserByEmail has it.
			u, err = s.store.UserByEmail(ctx, u.Email)
		}
		if policies.KindOf(err) == policies.KindNotFound {
			return nil
		}
		if err != nil {
			return err
		}
		if u.DeactivatedAt != nil || u.ID != *c.AuthorID {
			return nil
		}
		msg.UserID = u.ID
	case strings.TrimSpace(c.AuthorEmail) != "":
		addr := strings.TrimSpace(c.AuthorEmail)
		// The address may be a person's who has an account: deactivated, no email.
		u, err := s.store.UserByEmail(ctx, addr)
		switch {
		case err == nil && u.DeactivatedAt != nil:
			return nil
		case err != nil && policies.KindOf(err) != policies.KindNotFound:
			return err
		}
		off, err := s.store.Unsubscribed(ctx, addr, n.Kind)
		if err != nil {
			return err
		}
		if off {
			return nil
		}
		msg.Email = addr
	default:
		return nil
	}
	msg.Subject, msg.Body = commentNoticeText(c, n, msg.UserID == 0)
	_, err := s.store.EnqueueNotification(ctx, msg)
	return err
}

// commentNoticeText is a notice's subject and body: Indonesian, and for a
// public commenter (bilingual) with the English under it.
func commentNoticeText(c policies.Comment, n commentNotice, bilingual bool) (subject, body string) {
	tr := func(key string) [2]string {
		if t, ok := catalogueNotices[key+"_"+string(n.Kind)]; ok {
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
	your := catalogueNotices["notice_your_comment"]
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
		b.WriteString(catalogueNotices["notice_english_below"][0] + "\n\n")
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
