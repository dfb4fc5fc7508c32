package policies

import (
	"context"
	"slices"
	"time"
)

// Personal data kept only as long as needed (UU 27/2022 Pelindungan Data
// Pribadi, Pasal 16 ayat (2) huruf g and Pasal 42–44): every kind of record
// that holds personal data and has no reason to be kept for good has a
// retention in days, after which the purge workflow (workflows/purge.go,
// run daily by a Temporal Schedule) deletes the rows or clears their
// personal fields. The installation's defaults are below; a region's
// administrator may shorten a regional kind for the region's records,
// never lengthen it. docs/PRIVACY.md lists every kind with its article.

// RetentionKind names one kind of record the purge handles.
type RetentionKind string

// The kinds of record with a retention rule.
const (
	RetainSessions        RetentionKind = "sessions"          // expired or ended browser sessions (deleted)
	RetainAPITokens       RetentionKind = "api_tokens"        // expired or revoked API tokens (deleted)
	RetainPasswordLinks   RetentionKind = "password_links"    // used or expired invitation and reset links (deleted)
	RetainSignInAttempts  RetentionKind = "sign_in_attempts"  // sign-in attempts: email and IP address (deleted)
	RetainIdempotency     RetentionKind = "idempotency"       // answers kept for retried POSTs (deleted)
	RetainNotifications   RetentionKind = "notifications"     // delivered notifications and digests (deleted)
	RetainCommentAddress  RetentionKind = "comment_addresses" // IP addresses of anonymous comments and reports (deleted, cleared)
	RetainCommenterEmail  RetentionKind = "commenter_emails"  // a commenter's email on a comment (cleared; the text stays)
	RetainRosterPreviews  RetentionKind = "roster_previews"   // roster imports previewed and never applied (deleted)
	RetainErasureRequests RetentionKind = "erasure_requests"  // decided erasure requests (deleted)
)

// Retention is one kind's rule: how many days a record is kept after it
// ends (expires, is used, delivered or decided, or is made), and whether a
// region may shorten it for its own records.
type Retention struct {
	Kind     RetentionKind `json:"kind"`
	Days     int           `json:"days"`
	Regional bool          `json:"regional"`
}

// DefaultRetention is the installation's rule per kind, in the order the
// pages list them.
var DefaultRetention = []Retention{
	{RetainSessions, 30, false},
	{RetainAPITokens, 90, false},
	{RetainPasswordLinks, 30, false},
	{RetainSignInAttempts, 90, false},
	{RetainIdempotency, 7, false},
	{RetainNotifications, 365, true},
	{RetainCommentAddress, 90, true},
	{RetainCommenterEmail, 730, true},
	{RetainRosterPreviews, 2, false},
	{RetainErasureRequests, 365, true},
}

// MinRetentionDays is the shortest retention a region may set: a day, so a
// record is never purged while the action that made it may still be retried.
const MinRetentionDays = 1

// DefaultRetentionOf is kind's installation rule; false when kind has none.
func DefaultRetentionOf(kind RetentionKind) (Retention, bool) {
	i := slices.IndexFunc(DefaultRetention, func(r Retention) bool { return r.Kind == kind })
	if i < 0 {
		return Retention{}, false
	}
	return DefaultRetention[i], true
}

// RegionRetention is a region's rule for one kind as its page shows it:
// the days in force, the installation's default, and whether the region
// shortened it.
type RegionRetention struct {
	Retention
	DefaultDays int        `json:"default_days"`
	Own         bool       `json:"own"` // the region shortened it
	UpdatedAt   *time.Time `json:"updated_at,omitempty"`
}

// RetentionInput is a region administrator's change of the regional kinds:
// days per kind; a kind left out (or 0) follows the installation default.
type RetentionInput struct {
	Days map[RetentionKind]int `json:"days"`
}

// Validate checks every kind is regional and its days lie between
// MinRetentionDays and the installation default; the field named in an
// error is the kind.
func (in RetentionInput) Validate() error {
	kinds := make([]RetentionKind, 0, len(in.Days))
	for k := range in.Days {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		d := in.Days[k]
		def, ok := DefaultRetentionOf(k)
		switch {
		case !ok || !def.Regional:
			return &Error{Kind: KindInvalid, Field: string(k), Key: "privacy_err_kind",
				Message: "jenis catatan ini tidak dapat diatur per wilayah"}
		case d == 0:
		case d < MinRetentionDays || d > def.Days:
			return &Error{Kind: KindInvalid, Field: string(k), Key: "privacy_err_days", Args: []any{MinRetentionDays, def.Days},
				Message: "masa simpan harus 1 sampai masa simpan bawaan (hari)"}
		}
	}
	return nil
}

// RetentionStore keeps each region's shortened retentions, audited.
type RetentionStore interface {
	// RegionRetention lists every regional kind's rule for the region.
	RegionRetention(ctx context.Context, regionID int64) ([]RegionRetention, error)
	// SetRegionRetention replaces the region's rules (in passed Validate),
	// audited as the actor's, and gives them as they now are.
	SetRegionRetention(ctx context.Context, regionID, actorID int64, in RetentionInput) ([]RegionRetention, error)
	// LastPurge is the latest purge run's report; a zero RanAt before the first.
	LastPurge(ctx context.Context) (PurgeReport, error)
}

// PurgeBatch is one step of a purge: up to Limit rows of Kind that ended
// before Now less their retention (the region's, where shorter).
type PurgeBatch struct {
	Kind  RetentionKind
	Now   time.Time
	Limit int
}

// PurgeReport is what one purge run removed or cleared, per kind.
type PurgeReport struct {
	RanAt  time.Time             `json:"ran_at"`
	Counts map[RetentionKind]int `json:"counts"`
}

// PurgeRecorder is the purge's writes: only the purge workflow's
// activities hold it.
type PurgeRecorder interface {
	// PurgeExpired deletes or clears one batch and reports how many rows
	// it touched; fewer than the limit means the kind is done for now.
	PurgeExpired(ctx context.Context, b PurgeBatch) (int, error)
	// RecordPurge keeps a run's report (the retention page shows the last).
	RecordPurge(ctx context.Context, r PurgeReport) error
}
