package activities

import (
	"context"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// CommentNoticeStore is what CommentNotices needs of the record: who the
// author is, whether their address unsubscribed, and the outbox.
type CommentNoticeStore interface {
	UserByID(ctx context.Context, id int64) (policies.User, error)
	UserByEmail(ctx context.Context, email string) (policies.User, error) // case-insensitively
	Unsubscribed(ctx context.Context, email string, k policies.NotificationKind) (bool, error)
	EnqueueNotification(ctx context.Context, n policies.Notification) (bool, error)
}

// CommentNotices is the one writer of the notices to a comment's author
// (reply, answered, moderated, suggestion accepted). A person's request
// causes them, not a workflow: the server holds a CommentNotices and calls
// Notify after the write the request made, so the outbox keeps one writer
// package (this one) and the web layer's store has no outbox write.
type CommentNotices struct {
	Store CommentNoticeStore
}

// Notify tells the author of c about it: a person with an account
// through their inbox (and email by their notify mode), in the language
// they chose, a public commenter
// who left an address by email. Nothing is sent for a comment that is not
// visible (except the notice of its moderation), to a deactivated person,
// to a public commenter whose address unsubscribed from comment notices, or
// with nobody to reach. A person with an account who unsubscribed from
// comment emails still finds it in their inbox: the deliverer sends no email.
func (cn CommentNotices) Notify(ctx context.Context, c policies.Comment, n policies.CommentNotice) error {
	if !n.About(c) {
		return nil
	}
	var userID int64
	var email, lang string
	switch {
	case c.AuthorID != nil:
		u, err := cn.Store.UserByID(ctx, *c.AuthorID)
		if err == nil {
			// UserByID leaves deactivation out; UserByEmail has it.
			u, err = cn.Store.UserByEmail(ctx, u.Email)
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
		userID, lang = u.ID, u.Lang
	case strings.TrimSpace(c.AuthorEmail) != "":
		addr := strings.TrimSpace(c.AuthorEmail)
		// The address may be a person's who has an account: deactivated, no email.
		u, err := cn.Store.UserByEmail(ctx, addr)
		switch {
		case err == nil && u.DeactivatedAt != nil:
			return nil
		case err != nil && policies.KindOf(err) != policies.KindNotFound:
			return err
		}
		off, err := cn.Store.Unsubscribed(ctx, addr, n.Kind)
		if err != nil {
			return err
		}
		if off {
			return nil
		}
		email = addr
	default:
		return nil
	}
	_, err := cn.Store.EnqueueNotification(ctx, n.MessageIn(c, userID, email, lang))
	return err
}
