package policies

import (
	"context"
	"slices"
	"time"
)

// A policy's public news (issue 26): what the record already holds of its
// consultations, approvals, published answers and enactments, as the
// entries of the Atom feeds of a city and of a policy.

// EventKind is what happened to a policy.
type EventKind string

const (
	EventConsultationOpened EventKind = "consultation_opened"
	EventConsultationClosed EventKind = "consultation_closed"
	EventVersionApproved    EventKind = "version_approved" // a new public version: the text in force
	EventAnswersPublished   EventKind = "answers_published"
	EventEnacted            EventKind = "enacted"
)

// PolicyEvent is one thing that happened to a policy, at a time, on a
// version; RefID names the record it comes from (the consultation, the
// approval run, the enactment), so the event is the same on every read.
type PolicyEvent struct {
	Kind          EventKind `db:"kind"`
	PolicyID      int64     `db:"policy_id"`
	RefID         int64     `db:"ref_id"`
	VersionNumber int       `db:"version_number"`
	At            time.Time `db:"at"`
	Count         int       `db:"count"` // answers published
}

// FeedStore reads policies' events, newest first.
type FeedStore interface {
	PolicyEvents(ctx context.Context, policyIDs []int64, limit int) ([]PolicyEvent, error)
}

// PublicEvents keeps of a policy's events those the public may read: none
// of a policy the public may not see, and none on a version after the
// latest the public reads (a revision's consultation or approval stays the
// region's until its text is public), as the policy's timeline has it.
func PublicEvents(p PolicySummary, events []PolicyEvent) []PolicyEvent {
	anyone := Viewer{}
	if !anyone.CanSee(p) {
		return nil
	}
	latest := anyone.LatestVisible(p)
	return slices.DeleteFunc(slices.Clone(events), func(e PolicyEvent) bool {
		return e.PolicyID != p.ID || e.VersionNumber > latest
	})
}
