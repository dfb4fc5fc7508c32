// Package activities holds every side effect of Policyflow's workflows:
// reads and writes of the record and the notifications outbox. It writes
// every notice but the account invitations and password links (the people
// store writes those with the link, in one transaction): besides the
// workflows' notices, CommentNotices (commentnotice.go) writes the notices
// to a comment's author, which the server's requests cause and the server
// calls directly. Each activity is safe to retry: its writes carry keys
// derived from the workflow ID and step, so a retry finds its earlier
// write instead of writing twice. Each file holds one noun's activities; a
// method's name is its activity type name, recorded in running workflows'
// histories, so it does not change.
package activities

import (
	"errors"
	"fmt"

	"go.temporal.io/sdk/temporal"

	"github.com/policyflow/policyflow/policies"
)

// Store is what the activities need of the record (package postgres
// implements it): besides the readers, the writes that workflows own and
// that only activities hold (a policy's status, approval runs and
// decisions, consultations, programs, evaluation rounds, the outbox).
type Store interface {
	policies.PolicyStore
	policies.PolicyStatusWriter
	policies.VersionStore // LoadPolicy, which only replays of old histories run
	policies.UserStore
	policies.CalendarReader         // the working days of a region
	policies.LegalProgressReader    // the legal steps of an approved version
	policies.LegalStepSettingReader // and the region's times for them
	policies.ConsultationStore
	policies.ConsultationRecorder
	policies.AnswerDeadlineReader // a closed consultation's answers deadline (consultation.go)
	policies.PolicyEventRecorder  // a consultation scheduled, its schedule cancelled
	policies.ApprovalStore
	policies.ApprovalRecorder
	policies.ProgramStore
	policies.ProgramRecorder
	policies.EvaluationStore
	policies.RoundRecorder
	policies.NotificationStore
	policies.OutboxWriter
	policies.FeedStore      // a policy's events, which its followers are told of (follownotice.go)
	policies.FollowerReader // and who follows it
	policies.PurgeRecorder  // the purge of personal data past its retention (privacy.go)
	KirkpatrickStore
}

// Activities carries the dependencies activities need.
type Activities struct {
	Store Store
	// ReactionKey signs the Kirkpatrick survey links the workflows issue:
	// the server's key (UNSUBSCRIBE_KEY), which checks them.
	ReactionKey []byte
	// Retention are the installation's retention rules (RETENTION_DAYS)
	// the purge applies; nil: policies.DefaultRetention.
	Retention policies.RetentionRules
}

// nonRetryable marks invalid-input, not-found, forbidden and conflict errors
// as final, keeping their kind as the error type; other errors (a database
// restart, a timeout) stay retryable.
func nonRetryable(err error) error {
	if err == nil {
		return nil
	}
	switch k := policies.KindOf(err); k {
	case policies.KindNotFound, policies.KindInvalid, policies.KindForbidden, policies.KindConflict, policies.KindTooLarge:
		msg := err.Error()
		var de *policies.Error
		if errors.As(err, &de) {
			msg = de.Message
		}
		return temporal.NewNonRetryableApplicationError(msg, string(k), err)
	}
	return fmt.Errorf("activities: %w", err)
}
