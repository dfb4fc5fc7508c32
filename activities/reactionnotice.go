package activities

import (
	"context"
	"fmt"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// ReactionNoticeStore is what ReactionNotices needs of the record: the
// accounts of a program's participants, and the outbox.
type ReactionNoticeStore interface {
	// ParticipantAccounts maps the program's participants who have an
	// active account in its region (by NIP) to that account.
	ParticipantAccounts(ctx context.Context, programID int64) (map[int64]int64, error)
	// ParticipantRosterEmails maps the program's participants without an
	// account but with an email on the region's active roster to it.
	ParticipantRosterEmails(ctx context.Context, programID int64) (map[int64]string, error)
	// UserLangs is the language each account chose for its notices.
	UserLangs(ctx context.Context, ids []int64) (map[int64]string, error)
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
// email by their notify mode), and each without one who has an email on
// the roster by email alone (in Indonesian and English, as to anyone
// without an account), once per participant; it returns who was told.
// The others' links are for the unit officer to hand out.
func (rn ReactionNotices) Send(ctx context.Context, policyID int64, prog policies.Program, links map[int64]string) (map[int64]bool, error) {
	told := map[int64]bool{}
	if len(links) == 0 {
		return told, nil
	}
	accounts, err := rn.Store.ParticipantAccounts(ctx, prog.ID)
	if err != nil {
		return told, err
	}
	emails, err := rn.Store.ParticipantRosterEmails(ctx, prog.ID)
	if err != nil {
		return told, err
	}
	body := fmt.Sprintf("Program %s sudah selesai. Mohon isi formulir reaksi singkat (sekali isi, tanpa nama) melalui tautan ini.", prog.Title)
	ids := make([]int64, 0, len(accounts))
	for _, uid := range accounts {
		ids = append(ids, uid)
	}
	langs, err := rn.Store.UserLangs(ctx, ids)
	if err != nil {
		return told, err
	}
	msg := policies.Msg("nm_reaction_link", policies.MsgText(prog.Title))
	for pid, link := range links {
		pol := policyID
		n := policies.Notification{DedupKey: fmt.Sprintf("reaction-link:%d", pid), PolicyID: &pol,
			Kind: policies.NoticeReactionLink, Subject: "Formulir reaksi pelatihan: " + prog.Title, Body: body, Link: link}
		if uid, ok := accounts[pid]; ok {
			n.UserID = uid
			if s, b, ok := i18n.Notice(langs[uid], msg); ok {
				n.Subject, n.Body = s, b
			}
		} else if email, ok := emails[pid]; ok {
			n.Email = email
			n.Body += fmt.Sprintf("\n\nThe programme %s has ended. Please fill in the short reaction form (one answer, anonymous) at this link.", prog.Title)
		} else {
			continue
		}
		if _, err := rn.Store.EnqueueNotification(ctx, n); err != nil {
			return told, err
		}
		told[pid] = true
	}
	return told, nil
}
