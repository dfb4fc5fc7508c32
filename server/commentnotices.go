package server

import (
	"context"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// notifyReply tells the author of the comment replied to, unless the
// reply is theirs or not yet visible, through the one writer of comment
// notices (Server.notices, activities.CommentNotices).
func (s *Server) notifyReply(ctx context.Context, reply policies.Comment) error {
	if reply.ParentID == nil || reply.Status != policies.CommentOpen {
		return nil
	}
	parent, err := s.store.CommentByID(ctx, *reply.ParentID)
	if err != nil {
		return err
	}
	if parent.Status != policies.CommentOpen && parent.Status != policies.CommentResolved {
		return nil
	}
	if parent.AuthorID != nil && reply.AuthorID != nil && *parent.AuthorID == *reply.AuthorID ||
		parent.AuthorID == nil && parent.AuthorEmail != "" && strings.EqualFold(parent.AuthorEmail, reply.AuthorEmail) {
		return nil
	}
	return s.notices.Notify(ctx, parent, policies.ReplyNotice(reply))
}
