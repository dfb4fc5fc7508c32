package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/postgres"
)

// sampleLearning is the non-classical learning seeded for the first
// rostered people of each city (in roster order): kind, title, minutes,
// the day of the year it was held (today when the year is not that far
// yet) and its proof.
var sampleLearning = []struct {
	kind          policies.LearningKind
	title         string
	minutes, yday int
	proof         string
}{
	{policies.LearningELearning, "E-learning Manajemen ASN (LAN)", 180, 20, "Sertifikat e-learning LAN No. EL-0142"},
	{policies.LearningCoaching, "Coaching penyusunan SKP oleh atasan langsung", 90, 45, "Catatan coaching yang ditandatangani atasan"},
	{policies.LearningSelfStudy, "Belajar mandiri: Permenpan RB 14/2017 tentang SKM", 135, 60, "Laporan belajar mandiri, diverifikasi BKPSDM"},
	{policies.LearningMentoring, "Mentoring pelayanan publik", 240, 75, "Lembar mentoring dengan tanda tangan mentor"},
}

// SeedLearning records, in every city with a sample roster and no
// non-classical learning this year, a few activities of its first
// rostered people, as BKPSDM records them (audited, by the city's
// drafter), so the ledger shows learning converted to JP. now is the
// demo's time; the year is the city's. It returns how many cities it
// seeded.
func SeedLearning(ctx context.Context, db *postgres.DB, now time.Time) (int, error) {
	return seedCities(ctx, db, "learning",
		func(_ int, rg policies.Region) (bool, error) {
			year := now.In(rg.TimeZone.Location()).Year()
			have, err := db.LearningActivities(ctx, rg.ID, year)
			if err != nil || len(have) > 0 {
				return false, err
			}
			people, err := db.Roster(ctx, rg.ID, policies.RosterFilter{ActiveOnly: true})
			return len(people) >= len(sampleLearning), err
		},
		func(_ int, rg policies.Region, drafterID int64, _ []policies.Unit) error {
			today := now.In(rg.TimeZone.Location())
			people, err := db.Roster(ctx, rg.ID, policies.RosterFilter{ActiveOnly: true})
			if err != nil {
				return err
			}
			for i, l := range sampleLearning {
				held := time.Date(today.Year(), 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, l.yday-1)
				if held.After(today) {
					held = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
				}
				in := policies.LearningInput{NIP: people[i].NIP, Kind: l.kind, Title: l.title, HeldOn: held.Format(time.DateOnly),
					Minutes: l.minutes, Proof: l.proof}
				if _, err := in.Validate(); err != nil {
					return fmt.Errorf("sample learning %d: %w", i, err)
				}
				if _, err := db.AddLearningActivity(ctx, rg.ID, drafterID, in); err != nil {
					return err
				}
			}
			return nil
		})
}
