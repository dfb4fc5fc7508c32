package policies

import (
	"context"
	"time"
)

// SKMRecord is one unit's recorded SKM of a round, with what its
// calculation table and sample guidance need: the answers, the population
// the unit entered, the policy's threshold and the region's minimum.
type SKMRecord struct {
	PolicyID      int64     `db:"policy_id" json:"policy_id"`
	Round         int       `db:"number" json:"round"`
	UnitID        int64     `db:"unit_id" json:"unit_id"`
	UnitName      string    `db:"unit_name" json:"unit_name"`
	DueAt         time.Time `db:"due_at" json:"due_at"`
	Data          []byte    `db:"data" json:"-"` // the answers: per element U1..U9, respondents answering 1–4
	Population    *int      `db:"population" json:"population,omitempty"`
	Profile       []byte    `db:"profile" json:"-"` // the respondents' profile, counts (nil: none)
	Score         float64   `db:"score" json:"score"`
	Threshold     float64   `db:"ikm_threshold" json:"threshold"`
	RegionMinimum int       `db:"skm_min_respondents" json:"region_minimum"`
	RecordedAt    time.Time `db:"created_at" json:"recorded_at"`
}

// SKMSampleRule is what the policy's workflow reads to judge an SKM: the
// unit's name (for the revision's reason) and its region's minimum of
// respondents.
type SKMSampleRule struct {
	UnitName      string `db:"unit_name"`
	RegionMinimum int    `db:"skm_min_respondents"`
}

// PublicIKM is one unit's published IKM for a round of a public policy:
// no person's data, only the unit, the period and the result.
type PublicIKM struct {
	RegionName  string    `db:"region_name" json:"region"`
	PolicyID    int64     `db:"policy_id" json:"policy_id"`
	PolicyTitle string    `db:"policy_title" json:"policy_title"`
	UnitName    string    `db:"unit_name" json:"unit"`
	Round       int       `db:"number" json:"round"`
	DueAt       time.Time `db:"due_at" json:"due_at"`
	Score       float64   `db:"score" json:"ikm"`
	Data        []byte    `db:"data" json:"-"`
	Zone        TimeZone  `db:"time_zone" json:"-"`
}

// PublicIKMFilter chooses the published IKMs: of one region (0: all), of
// rounds due in one year (0: all), of policies in Statuses.
type PublicIKMFilter struct {
	RegionID int64
	Year     int
	Statuses []Status
	Limit    int
}

// SKMStore reads recorded SKMs: one unit's for its calculation table, the
// rule its sample is judged by, and the published IKMs.
type SKMStore interface {
	SKMRecord(ctx context.Context, policyID int64, round int, unitID int64) (SKMRecord, error)
	SKMSampleRule(ctx context.Context, policyID, unitID int64) (SKMSampleRule, error)
	PublicIKMs(ctx context.Context, f PublicIKMFilter) ([]PublicIKM, error)
	SKMFollowUpReader
}
