package server

import (
	"context"

	"github.com/policyflow/policyflow/policies"
)

// commentNotice is a notice to a comment's author (policies.CommentNotice).
type commentNotice = policies.CommentNotice

// notifyCommenter tells the author of c about it, through the one writer
// of comment notices (activities.CommentNotices).
func (s *Server) notifyCommenter(ctx context.Context, c policies.Comment, n commentNotice) error {
	return s.notices.Notify(ctx, c, n)
}
