package activities

import (
	"context"
	"fmt"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// NotifyInput is one message to several people. Each person gets it once:
// the outbox row's key is Key plus the user ID.
type NotifyInput struct {
	Key      string
	PolicyID int64
	UserIDs  []int64
	Kind     policies.NotificationKind
	// Subject and Body are the message in Indonesian: what a recipient
	// reads when Message has no key (the histories written before it).
	Subject string
	Body    string
	// Message is the message as a key of the notices catalogue with its
	// arguments: each recipient reads it in the language they chose.
	Message policies.Message `json:",omitzero"`
	Link    string
}

// Notify writes the message to the outbox for each recipient, once, in the
// recipient's language, and returns how many rows this call wrote.
func (a *Activities) Notify(ctx context.Context, in NotifyInput) (int, error) {
	langs, err := a.langs(ctx, in.Message, in.UserIDs)
	if err != nil {
		return 0, nonRetryable(err)
	}
	written, err := a.Store.EnqueueNotifications(ctx, in.messages(nil, langs))
	return written, nonRetryable(err)
}

// langs are the languages the recipients of message m chose, by id: none
// to look up when m has no key (it is written as its Indonesian words).
func (a *Activities) langs(ctx context.Context, m policies.Message, ids []int64) (map[int64]string, error) {
	if m.Key == "" || len(ids) == 0 {
		return nil, nil
	}
	return a.Store.UserLangs(ctx, ids)
}

// messages appends the outbox rows of in to ns: one per recipient, keyed by
// in.Key and the recipient, so a retry writes none twice; each worded in
// the recipient's language from langs (Indonesian for one not in it).
func (in NotifyInput) messages(ns []policies.Notification, langs map[int64]string) []policies.Notification {
	seen := map[int64]bool{}
	for _, uid := range in.UserIDs {
		if uid == 0 || seen[uid] {
			continue
		}
		seen[uid] = true
		pid := in.PolicyID
		subject, body := in.Subject, in.Body
		if s, b, ok := i18n.Notice(langs[uid], in.Message); ok {
			subject, body = s, b
		}
		ns = append(ns, policies.Notification{
			DedupKey: fmt.Sprintf("%s/u%d", in.Key, uid), UserID: uid, PolicyID: &pid,
			Kind: in.Kind, Subject: subject, Body: body, Link: in.Link,
		})
	}
	return ns
}
