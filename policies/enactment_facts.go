package policies

import (
	"encoding/json"
	"fmt"
	"time"
)

// EnactmentFacts are a policy's enactments as lists need them (version,
// form and the three dates), newest first. A database reads them as one
// JSON array of objects with dates as YYYY-MM-DD (Scan).
type EnactmentFacts []Enactment

// Scan reads the JSON array; NULL is none.
func (f *EnactmentFacts) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case nil:
		*f = nil
		return nil
	case []byte:
		b = v
	case string:
		b = []byte(v)
	default:
		return fmt.Errorf("policies: enactment facts from %T", src)
	}
	var rows []struct {
		Version     int       `json:"version_number"`
		Form        LegalForm `json:"form"`
		EnactedOn   string    `json:"enacted_on"`
		Promulgated *string   `json:"promulgated_on"`
		Effective   *string   `json:"effective_on"`
	}
	if err := json.Unmarshal(b, &rows); err != nil {
		return fmt.Errorf("policies: enactment facts: %w", err)
	}
	out := make(EnactmentFacts, len(rows))
	for i, r := range rows {
		on, err := time.Parse(time.DateOnly, r.EnactedOn)
		if err != nil {
			return fmt.Errorf("policies: enactment facts: %w", err)
		}
		out[i] = Enactment{VersionNumber: r.Version, Form: r.Form, EnactedOn: on}
		if out[i].PromulgatedOn, err = optionalDay(r.Promulgated); err != nil {
			return err
		}
		if out[i].EffectiveOn, err = optionalDay(r.Effective); err != nil {
			return err
		}
	}
	*f = out
	return nil
}

// optionalDay is a YYYY-MM-DD date, or nil.
func optionalDay(s *string) (*time.Time, error) {
	if s == nil {
		return nil, nil
	}
	d, err := time.Parse(time.DateOnly, *s)
	if err != nil {
		return nil, fmt.Errorf("policies: enactment facts: %w", err)
	}
	return &d, nil
}
