package activities

import (
	"context"
	"fmt"

	"github.com/policyflow/policyflow/policies"
)

// NotifyInput is one message to several people. Each person gets it once:
// the outbox row's key is Key plus the user ID.
type NotifyInput struct {
	Key      string
	PolicyID int64
	UserIDs  []int64
	Kind     policies.NotificationKind
	Subject  string
	Body     string
	Link     string
}

// Notify writes the message to the outbox for each recipient, once, and
// returns how many rows this call wrote.
func (a *Activities) Notify(ctx context.Context, in NotifyInput) (int, error) {
	written, err := a.Store.EnqueueNotifications(ctx, in.messages(nil))
	return written, nonRetryable(err)
}

// messages appends the outbox rows of in to ns: one per recipient, keyed by
// in.Key and the recipient, so a retry writes none twice.
func (in NotifyInput) messages(ns []policies.Notification) []policies.Notification {
	seen := map[int64]bool{}
	for _, uid := range in.UserIDs {
		if uid == 0 || seen[uid] {
			continue
		}
		seen[uid] = true
		pid := in.PolicyID
		ns = append(ns, policies.Notification{
			DedupKey: fmt.Sprintf("%s/u%d", in.Key, uid), UserID: uid, PolicyID: &pid,
			Kind: in.Kind, Subject: in.Subject, Body: in.Body, Link: in.Link,
		})
	}
	return ns
}
