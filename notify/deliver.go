package notify

// One claimed row's delivery: its email (marked right after the server
// accepted it), its webhook (handed to the lane), then the row finished,
// left for the digest, or its failed attempt recorded with its next try.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// deliver sends what one claimed row still needs, marking each channel right
// after it succeeded, and returns the number of sends. A webhook still to
// call goes to the lane, which finishes the row.
func (d *Deliverer) deliver(ctx context.Context, s *session, marks *marker, o policies.Outgoing, lane *webhookLane, job hookJob) (sent int, err error) {
	log := d.log().With("notification", o.ID, "kind", o.Kind, "user", o.UserID)
	mark := func(f func(context.Context, int64, time.Time) error) error {
		mctx, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		return f(mctx, o.ID, d.now())
	}

	if d.Mail != nil && o.NotifyMode == policies.NotifyImmediate && o.EmailedAt == nil && o.EmailRefusedAt == nil {
		msg := notificationEmail(d.Mail.From, d.BaseURL, d.UnsubscribeKey, o, d.now()).render()
		var refused *RecipientRefused
		switch err := s.send(ctx, o.Email, msg); {
		case errors.As(err, &refused):
			// The address will not work: no retries; the inbox still has it.
			countFailure(ChannelEmail)
			log.Warn("email recipient refused for good; not retried", "email", o.Email, "err", err)
			reason := err.Error()
			if err := mark(func(ctx context.Context, id int64, at time.Time) error {
				return d.Store.MarkEmailRefused(ctx, id, reason, at)
			}); err != nil {
				return sent, err
			}
		case err != nil:
			countFailure(ChannelEmail)
			return sent, d.failed(ctx, o, err)
		default:
			sent++
			// Marked at once: from here on a crash does not resend the email.
			if o.WebhookURL == "" || o.WebhookAt != nil {
				// The email was the row's last channel: emailed and
				// delivered in one write, shared with the rows other
				// connections finished meanwhile (marks.go). This sender
				// waits for it before its next message.
				log.Debug("emailed", "message_id", MessageID(o.DedupKey))
				return sent, marks.emailedDelivered(o.ID)
			}
			if err := mark(d.Store.MarkEmailed); err != nil {
				return sent, err
			}
			log.Debug("emailed", "message_id", MessageID(o.DedupKey))
		}
	}
	if o.WebhookURL != "" && o.WebhookAt == nil {
		if !lane.add(job) {
			countFailure(ChannelWebhook)
			return sent, d.failed(ctx, o, errLaneFull)
		}
		return sent, nil
	}
	return sent, d.finish(ctx, o)
}

// finish records that every channel of the row is done, or, for a reader
// of the daily digest, leaves it for the digest.
func (d *Deliverer) finish(ctx context.Context, o policies.Outgoing) error {
	mctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	if d.Mail != nil && o.NotifyMode == policies.NotifyDigest && o.EmailedAt == nil {
		// The digest sends it and marks it delivered; look again at the next
		// digest time in case the user's mode changes meanwhile.
		_, start := policies.DigestDay(d.now(), d.DigestHour, o.Zone)
		return d.Store.WaitForDigest(mctx, o.ID, start.AddDate(0, 0, 1))
	}
	return d.Store.MarkDelivered(mctx, o.ID, d.now())
}

// errMarkedFailed marks the errors of failed attempts that were recorded
// (and logged) with their next attempt.
var errMarkedFailed = errors.New("will retry")

// failed records a failed attempt at the row, to be tried again with
// backoff, and returns the error to report.
func (d *Deliverer) failed(ctx context.Context, o policies.Outgoing, err error) error {
	mctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	next, merr := d.Store.MarkFailed(mctx, o.ID, err.Error(), d.now())
	if merr != nil {
		return errors.Join(err, merr)
	}
	d.log().Warn("notification not delivered, will retry", "notification", o.ID, "kind", o.Kind, "user", o.UserID,
		"attempt", o.Attempts+1, "next_attempt", next, "err", err)
	return fmt.Errorf("notification %d: %w (%w)", o.ID, err, errMarkedFailed)
}
