package policies

import (
	"context"
	"slices"
	"time"
)

// A policy's public news (issue 26): what the record already holds of its
// consultations, approvals, published answers, enactments and
// promulgations, as the entries of the Atom feeds of a city and of a
// policy and the notices to its followers.

// EventKind is what happened to a policy.
type EventKind string

const (
	EventConsultationOpened EventKind = "consultation_opened"
	EventConsultationClosed EventKind = "consultation_closed"
	// A new version approved (disetujui): the text the public reads, not
	// yet in force (legal_state.go).
	EventVersionApproved  EventKind = "version_approved"
	EventAnswersPublished EventKind = "answers_published"
	// Enacted (ditetapkan): a Peraturan is not in force until promulgated;
	// a Keputusan is, from its enactment or the day its text sets.
	EventEnacted EventKind = "enacted"
	// Promulgated (diundangkan) in the Berita Daerah: the Peraturan is in
	// force from that day or the later one its text sets.
	EventPromulgated EventKind = "promulgated"
)

// PolicyEvent is one thing that happened to a policy, at a time (when the
// record learnt of it), on a version; RefID names the record it comes from
// (the consultation, the approval run, the enactment), so the event is the
// same on every read.
type PolicyEvent struct {
	Kind          EventKind `db:"kind"`
	PolicyID      int64     `db:"policy_id"`
	RefID         int64     `db:"ref_id"`
	VersionNumber int       `db:"version_number"`
	At            time.Time `db:"at"`
	Count         int       `db:"count"` // answers published
	// Form is the legal form of an enactment's and a promulgation's
	// record, "" for the other events.
	Form LegalForm `db:"form"`
	// EffectiveOn is the day the enacted text takes effect, once the
	// record knows it (Enactment.EffectiveDate): on a promulgation, and on
	// a Keputusan's enactment; nil otherwise.
	EffectiveOn *time.Time `db:"effective_on"`
}

// WordsKey is the catalogue key of the event's name, "feed_<kind>"; a
// Keputusan's enactment, in force without promulgation, has its own.
func (e PolicyEvent) WordsKey() string {
	if e.Kind == EventEnacted && e.Form == FormKepwali {
		return "feed_enacted_decree"
	}
	return "feed_" + string(e.Kind)
}

// InForceFrom is the day the event's text takes effect and whether it has
// by day today (YYYY-MM-DD in the region's zone); ok false when the event
// does not say.
func (e PolicyEvent) InForceFrom(today string) (day time.Time, already, ok bool) {
	if e.EffectiveOn == nil {
		return time.Time{}, false, false
	}
	return *e.EffectiveOn, e.EffectiveOn.Format(time.DateOnly) <= today, true
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
