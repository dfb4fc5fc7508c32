package activities

import (
	"context"
	"fmt"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// The activities of Kirkpatrick levels 1, 3 and 4 that a program's
// workflow runs after the program is done: issuing the reaction and
// behaviour links (their tokens derived from the reaction key, so a retry
// issues the same links and the unit's officers can be shown them again),
// reminding the unit while answers are missing, asking for the results
// indicator.

// KirkpatrickInput names a program a Kirkpatrick step is about; Key is the
// step's key (workflow ID and step), Link the program's Kirkpatrick page.
type KirkpatrickInput struct {
	PolicyID, ProgramID int64
	Title               string
	Key                 string
	Link                string
}

// KirkpatrickStore is what these activities need of the record.
type KirkpatrickStore interface {
	ReactionNoticeStore
	KirkpatrickResultStore
	policies.BehaviourRecorder
	policies.BehaviourPlanReader
	IssueReactionLinks(ctx context.Context, programID, actorID int64, links []policies.NewReactionLink) ([]int64, error)
	ReactionStatuses(ctx context.Context, programID int64) ([]policies.ReactionStatus, error)
	BehaviourStatuses(ctx context.Context, programID int64) ([]policies.ReactionStatus, error)
}

// KirkpatrickTimes is the program's region's months for levels 3 and 4.
func (a *Activities) KirkpatrickTimes(ctx context.Context, programID int64) (policies.KirkpatrickTimes, error) {
	t, err := a.Store.KirkpatrickTimesOf(ctx, programID)
	return t, nonRetryable(err)
}

// IssueReactionLinksAfter issues the reaction link of each completed
// participant who has none (a link the officer issued by hand is kept) and
// tells those with an account; it returns how many it issued.
func (a *Activities) IssueReactionLinksAfter(ctx context.Context, in KirkpatrickInput) (int, error) {
	rs, err := a.Store.ReactionStatuses(ctx, in.ProgramID)
	if err != nil {
		return 0, nonRetryable(err)
	}
	paths := map[int64]string{}
	var news []policies.NewReactionLink
	for _, x := range rs {
		tok := policies.DerivedLinkToken(a.ReactionKey, policies.PurposeReaction, x.ParticipantID)
		if x.IssuedAt == nil || x.TokenHash == policies.HashLinkToken(tok) {
			paths[x.ParticipantID] = "/kirkpatrick/reaksi/" + tok
		}
		if x.IssuedAt == nil {
			news = append(news, policies.NewReactionLink{ParticipantID: x.ParticipantID, TokenHash: policies.HashLinkToken(tok)})
		}
	}
	ids, err := a.Store.IssueReactionLinks(ctx, in.ProgramID, 0, news)
	if err != nil {
		return 0, nonRetryable(err)
	}
	// A retry tells again those it issued to before (the outbox keeps one
	// notice per participant).
	_, err = ReactionNotices{Store: a.Store}.Send(ctx, in.PolicyID, policies.Program{ID: in.ProgramID, Title: in.Title}, paths)
	return len(ids), nonRetryable(err)
}

// IssueBehaviourLinks issues the behaviour link of each completed
// participant, tells the head of each participant's unit (the supervisor)
// their links one by one when the head has an account, and tells the
// unit's officers that the survey is open, to hand the links out on the
// program's Kirkpatrick page. It returns how many links are open.
func (a *Activities) IssueBehaviourLinks(ctx context.Context, in KirkpatrickInput) (int, error) {
	rs, err := a.Store.BehaviourStatuses(ctx, in.ProgramID)
	if err != nil {
		return 0, nonRetryable(err)
	}
	var news []policies.NewReactionLink
	for _, x := range rs {
		if x.IssuedAt == nil {
			tok := policies.DerivedLinkToken(a.ReactionKey, policies.PurposeBehaviour, x.ParticipantID)
			news = append(news, policies.NewReactionLink{ParticipantID: x.ParticipantID, TokenHash: policies.HashLinkToken(tok)})
		}
	}
	if _, err := a.Store.IssueBehaviourLinks(ctx, in.ProgramID, news); err != nil {
		return 0, nonRetryable(err)
	}
	if rs, err = a.Store.BehaviourStatuses(ctx, in.ProgramID); err != nil {
		return 0, nonRetryable(err)
	}
	contacts, err := a.Store.BehaviourContacts(ctx, in.ProgramID)
	if err != nil {
		return 0, nonRetryable(err)
	}
	open := 0
	for _, c := range contacts {
		for _, x := range rs {
			tok := policies.DerivedLinkToken(a.ReactionKey, policies.PurposeBehaviour, x.ParticipantID)
			if x.UnitID != c.UnitID || x.TokenHash != policies.HashLinkToken(tok) {
				continue
			}
			open++
			if c.HeadID == 0 {
				continue
			}
			pol := in.PolicyID
			n := policies.Notification{DedupKey: fmt.Sprintf("behaviour-link:%d", x.ParticipantID),
				UserID: c.HeadID, PolicyID: &pol, Kind: policies.NoticeBehaviourLink, Subject: "Survei perilaku kerja pascapelatihan: " + x.Name,
				Body: fmt.Sprintf("%s mengikuti program %s. Sebagai atasan, mohon nilai penerapan hasil pelatihan dalam pekerjaannya (sekali isi, tanpa akun).",
					x.Name, in.Title),
				Link: "/kirkpatrick/perilaku/" + tok}
			msg := policies.Msg("nm_behaviour_link", policies.MsgText(x.Name), policies.MsgText(in.Title))
			langs, err := a.langs(ctx, msg, []int64{c.HeadID})
			if err != nil {
				return open, nonRetryable(err)
			}
			if s, b, ok := i18n.Notice(langs[c.HeadID], msg); ok {
				n.Subject, n.Body = s, b
			}
			if _, err := a.Store.EnqueueNotification(ctx, n); err != nil {
				return open, nonRetryable(err)
			}
		}
		if _, err := a.Notify(ctx, NotifyInput{Key: fmt.Sprintf("%s-unit%d", in.Key, c.UnitID), PolicyID: in.PolicyID, UserIDs: c.Officers,
			Kind: policies.NoticeBehaviourSurvey, Subject: "Survei perilaku dibuka: " + in.Title,
			Body:    fmt.Sprintf("Survei perilaku kerja peserta program %s untuk atasan mereka dibuka. Serahkan tautan survei kepada atasan setiap peserta dari unit Anda.", in.Title),
			Message: policies.Msg("nm_behaviour_survey", policies.MsgText(in.Title)),
			Link:    in.Link}); err != nil {
			return open, err
		}
	}
	return open, nil
}

// RemindBehaviour reminds, per unit with behaviour links not yet answered
// and not expired, the unit's head and officers; it returns how many
// answers are missing (0: no reminder).
func (a *Activities) RemindBehaviour(ctx context.Context, in KirkpatrickInput) (int, error) {
	rs, err := a.Store.BehaviourStatuses(ctx, in.ProgramID)
	if err != nil {
		return 0, nonRetryable(err)
	}
	missing := map[int64]int{}
	total := 0
	for _, x := range rs {
		if x.IssuedAt != nil && x.AnsweredAt == nil {
			missing[x.UnitID]++
			total++
		}
	}
	if total == 0 {
		return 0, nil
	}
	contacts, err := a.Store.BehaviourContacts(ctx, in.ProgramID)
	if err != nil {
		return total, nonRetryable(err)
	}
	for _, c := range contacts {
		if missing[c.UnitID] == 0 {
			continue
		}
		if _, err := a.Notify(ctx, NotifyInput{Key: fmt.Sprintf("%s-unit%d", in.Key, c.UnitID), PolicyID: in.PolicyID,
			UserIDs: append([]int64{c.HeadID}, c.Officers...), Kind: policies.NoticeBehaviourReminder, Subject: "Pengingat survei perilaku: " + in.Title,
			Body:    fmt.Sprintf("%d survei perilaku peserta program %s dari unit Anda belum diisi atasan.", missing[c.UnitID], in.Title),
			Message: policies.Msg("nm_behaviour_reminder", policies.MsgText(in.Title), policies.MsgNumber(missing[c.UnitID])),
			Link:    in.Link}); err != nil {
			return total, err
		}
	}
	return total, nil
}
