package server

import (
	"context"

	"github.com/policyflow/policyflow/policies"
)

// commentNotice is a message to the author of a comment about that comment:
// a reply, its published answer, its moderation, an accepted suggestion.
type commentNotice struct {
	Kind    policies.NotificationKind
	Dedup   string // once per key: "answer/<comment id>", "reply/<reply id>"…
	Subject string
	Body    string
	Link    string // path on this site, e.g. /policies/7#c-12
}

// notifyCommenter tells the author of c about it: a person with an account
// through their inbox (and email by their notify mode), a public commenter
// who left an address by email. Nothing is sent for a comment that is not
// visible or has nobody to reach.
func (s *Server) notifyCommenter(ctx context.Context, c policies.Comment, n commentNotice) error {
	msg := policies.Notification{DedupKey: n.Dedup, PolicyID: &c.PolicyID, Kind: n.Kind, Subject: n.Subject, Body: n.Body, Link: n.Link}
	switch {
	case c.AuthorID != nil:
		msg.UserID = *c.AuthorID
	case c.AuthorEmail != "":
		msg.Email = c.AuthorEmail
	default:
		return nil
	}
	_, err := s.store.EnqueueNotification(ctx, msg)
	return err
}
