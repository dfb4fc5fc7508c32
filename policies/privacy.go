package policies

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
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

// RetentionRules are an installation's rules: DefaultRetention, with the
// days its operator set (RETENTION_DAYS, ParseRetention). Nil means the
// defaults.
type RetentionRules []Retention

// Of is kind's rule; false when kind has none.
func (rs RetentionRules) Of(kind RetentionKind) (Retention, bool) {
	if rs == nil {
		rs = DefaultRetention
	}
	i := slices.IndexFunc(rs, func(r Retention) bool { return r.Kind == kind })
	if i < 0 {
		return Retention{}, false
	}
	return rs[i], true
}

// All is every rule (the defaults when rs is nil).
func (rs RetentionRules) All() []Retention {
	if rs == nil {
		return DefaultRetention
	}
	return rs
}

// MaxRetentionDays is the longest retention an installation may set: a
// hundred years, the bound of the regions' rules too.
const MaxRetentionDays = 36500

// ParseRetention reads an installation's rules from "kind=days,…": each
// kind named replaces its default days (shorter or longer); the others
// keep theirs. An unknown kind or days outside 1 to MaxRetentionDays is
// an error naming it.
func ParseRetention(s string) (RetentionRules, error) {
	rs := slices.Clone(DefaultRetention)
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		i := slices.IndexFunc(rs, func(r Retention) bool { return string(r.Kind) == strings.TrimSpace(k) })
		if i < 0 {
			return nil, fmt.Errorf("%q is no kind of record (kinds: %s)", strings.TrimSpace(k), retentionKinds())
		}
		d, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || d < MinRetentionDays || d > MaxRetentionDays {
			return nil, fmt.Errorf("%s=%q: give whole days from %d to %d", rs[i].Kind, strings.TrimSpace(v), MinRetentionDays, MaxRetentionDays)
		}
		rs[i].Days = d
	}
	return rs, nil
}

// retentionKinds names every kind, for an error.
func retentionKinds() string {
	var ks []string
	for _, r := range DefaultRetention {
		ks = append(ks, string(r.Kind))
	}
	return strings.Join(ks, ", ")
}

// MinRetentionDays is the shortest retention a region may set: a day, so a
// record is never purged while the action that made it may still be retried.
const MinRetentionDays = 1

// DefaultRetentionOf is kind's default rule; false when kind has none.
func DefaultRetentionOf(kind RetentionKind) (Retention, bool) { return RetentionRules(nil).Of(kind) }

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
	// Rules are the installation's (the server's RETENTION_DAYS): a
	// region's days may not pass them. Nil: the defaults.
	Rules RetentionRules `json:"-"`
}

// Validate checks every kind is regional and its days lie between
// MinRetentionDays and the installation's days (in.Rules); the field named
// in an error is the kind.
func (in RetentionInput) Validate() error {
	kinds := make([]RetentionKind, 0, len(in.Days))
	for k := range in.Days {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		d := in.Days[k]
		def, ok := in.Rules.Of(k)
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
	// RegionRetention lists every regional kind's rule for the region,
	// under the installation's rules.
	RegionRetention(ctx context.Context, regionID int64, rules RetentionRules) ([]RegionRetention, error)
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
	// Days is the installation's retention of Kind (RETENTION_DAYS, which
	// the activity fills in); 0: the default.
	Days int `json:",omitempty"`
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
