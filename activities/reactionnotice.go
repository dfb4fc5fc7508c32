package activities

import (
	"context"
	"fmt"

	"github.com/policyflow/policyflow/policies"
)

// ReactionNoticeStore is what ReactionNotices needs of the record: the
// accounts of a program's participants, and the outbox.
type ReactionNoticeStore interface {
	// ParticipantAccounts maps the program's participants who have an
	// active account in its region (by NIP) to that account.
	ParticipantAccounts(ctx context.Context, programID int64) (map[int64]int64, error)
	EnqueueNotification(ctx context.Context, n policies.Notification) (bool, error)
}

// ReactionNotices is the one writer of the notices carrying a participant's
// reaction form link (Kirkpatrick level 1). The unit officer's request
// issues the links, so the server holds a ReactionNotices and calls Send
// after the links are stored; the web layer's store keeps no outbox write.
type ReactionNotices struct {
	Store ReactionNoticeStore
}

// Send tells each participant with an account their link (inbox, and
// email by their notify mode), once per participant; it returns who was
// told. The others' links are for the unit officer to hand out.
func (rn ReactionNotices) Send(ctx context.Context, policyID int64, prog policies.Program, links map[int64]string) (map[int64]bool, error) {
	told := map[int64]bool{}
	if len(links) == 0 {
		return told, nil
	}
	accounts, err := rn.Store.ParticipantAccounts(ctx, prog.ID)
	if err != nil {
		return told, err
	}
	for pid, link := range links {
		uid, ok := accounts[pid]
		if !ok {
			continue
		}
		pol := policyID
		if _, err := rn.Store.EnqueueNotification(ctx, policies.Notification{DedupKey: fmt.Sprintf("reaction-link:%d", pid), UserID: uid,
			PolicyID: &pol, Kind: policies.NoticeReactionLink, Subject: "Formulir reaksi pelatihan: " + prog.Title,
			Body: fmt.Sprintf("Program %s sudah selesai. Mohon isi formulir reaksi singkat (sekali isi, tanpa nama) melalui tautan ini.", prog.Title),
			Link: link}); err != nil {
			return told, err
		}
		told[pid] = true
	}
	return told, nil
}
