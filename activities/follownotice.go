package activities

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// FollowNoticeStore is what FollowNotices needs of the record: the policy,
// its events (the Atom feeds' source, policies.FeedStore), who follows it,
// its city or its topics, and the outbox.
type FollowNoticeStore interface {
	PolicyByID(ctx context.Context, id int64) (policies.PolicySummary, error)
	policies.FeedStore
	policies.FollowerReader
	// One at a time: the server holds a FollowNotices too, and no type it
	// holds has the workflows' fan-out (EnqueueNotifications).
	EnqueueNotification(ctx context.Context, n policies.Notification) (bool, error)
}

// FollowNotices is the one writer of the notices to the followers of a
// policy, a city or a topic. Tell reads the policy's public events from the record
// (what its feed shows) and tells each confirmed follower of each event
// since they followed, once per follow and event by the outbox key, so it
// is called after anything that may make an event, as often as wanted:
// the activities that open and close a consultation and end an approval
// run, and the server after answers are published or an enactment or a
// promulgation is recorded.
type FollowNotices struct {
	Store FollowNoticeStore
}

// followEvents is how many of a policy's latest events Tell looks at.
const followEvents = 50

// Tell tells the followers of policy policyID of its public events they
// were not told of; it returns how many notices it wrote. A person who
// follows several of the policy, its city and its topics is told once,
// for the closest that covered the policy then (teller).
func (fn FollowNotices) Tell(ctx context.Context, policyID int64) (int, error) {
	p, err := fn.Store.PolicyByID(ctx, policyID)
	if err != nil {
		return 0, err
	}
	events, err := fn.Store.PolicyEvents(ctx, []int64{p.ID}, followEvents)
	if err != nil {
		return 0, err
	}
	events = policies.FollowEvents(p, events)
	if len(events) == 0 {
		return 0, nil
	}
	followers, err := fn.Store.Followers(ctx, p.ID, p.RegionID)
	if err != nil {
		return 0, err
	}
	// Each recipient's follows, in the record's order.
	mine := map[string][]policies.Follow{}
	var order []string
	for _, f := range followers {
		who := "e:" + f.Email
		if f.UserID != nil {
			who = "u:" + strconv.FormatInt(*f.UserID, 10)
		}
		if _, ok := mine[who]; !ok {
			order = append(order, who)
		}
		mine[who] = append(mine[who], f)
	}
	written := 0
	for _, who := range order {
		for _, e := range events {
			f, ok := teller(mine[who], e)
			if !ok {
				continue
			}
			ok, err := fn.Store.EnqueueNotification(ctx, followNotice(f, p, e))
			if err != nil {
				return written, err
			}
			if ok {
				written++
			}
		}
	}
	return written, nil
}

// teller is the follow of one recipient's fs that tells them of event e:
// the closest (policies.Follow.Closer) of those that covered the policy
// when e happened, the first of equals. Always the same one for an event,
// whenever Tell runs: a follow begun later covers only later events, so a
// person who follows the city and then the policy is told once of what
// happened in between, by the city's follow.
func teller(fs []policies.Follow, e policies.PolicyEvent) (policies.Follow, bool) {
	var best policies.Follow
	found := false
	for _, f := range fs {
		if since := f.Since(); since == nil || e.At.Before(*since) {
			continue
		}
		if !found || f.Closer(best) {
			best, found = f, true
		}
	}
	return best, found
}

// followNotice is the notice of event e of policy p to follow f, in the
// follower's language.
func followNotice(f policies.Follow, p policies.PolicySummary, e policies.PolicyEvent) policies.Notification {
	t := i18n.Pages[f.Lang]
	if t == nil {
		t = i18n.Pages[i18n.ID]
	}
	what := t[e.WordsKey()]
	body := fmt.Sprintf("%s: %s (%s %d · %s).", what, p.Title, t["feed_version"], e.VersionNumber, p.RegionName)
	if e.Kind == policies.EventAnswersPublished {
		body += fmt.Sprintf(" %d %s.", e.Count, t["feed_answers"])
	}
	// When the text takes effect, as the day of telling has it.
	if when := (i18n.Locale{Lang: f.Lang}).InForceFrom(e, policies.Today(time.Now(), p.RegionZone)); when != "" {
		body += " " + when + "."
	}
	body += "\n\n" + fmt.Sprintf(t["follow_notice_why"], f.Target)
	n := policies.Notification{DedupKey: policies.FollowNoticeKey(f.ID, e), PolicyID: &p.ID, Kind: policies.NoticeFollowed,
		Subject: what + ": " + p.Title, Body: body, Link: policies.EventPath(e)}
	if f.UserID != nil {
		n.UserID = *f.UserID
	} else {
		n.Email = f.Email
	}
	return n
}

// tellFollowers tells policyID's followers of its events after a workflow's
// write (a status, a consultation opened). A failure is retried with the
// activity, whose write is done once per key.
func (a *Activities) tellFollowers(ctx context.Context, policyID int64) error {
	_, err := FollowNotices{Store: a.Store}.Tell(ctx, policyID)
	return err
}
