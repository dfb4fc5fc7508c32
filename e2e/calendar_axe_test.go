package e2e

import (
	"testing"
	"time"
)

// TestAxeCalendarPage runs axe-core, in both languages, on the region
// administrator's working-day calendar with a change of each kind: a
// regional day off and a cuti bersama kept as a working day (their undo
// buttons), beside the seeded days.
func TestAxeCalendarPage(t *testing.T) {
	s := newSite(t)
	db := s.st.DB.SQL()
	region := `(SELECT region_id FROM users WHERE email = 'admin.sawahlunto@policyflow.test')`
	db.MustExec(`INSERT INTO region_holidays (region_id, on_date, kind, name) VALUES (` + region + `, '2026-12-11', 'regional', 'Hari Jadi Kota')`)
	db.MustExec(`INSERT INTO region_holidays (region_id, on_date, kind, name, keep) VALUES (` + region + `, '2026-05-15', 'joint_leave', 'Cuti bersama Kenaikan Yesus Kristus', true)`)
	browser := newBrowser(t, 3*time.Minute)
	admin := s.signedIn(t, browser, "admin.sawahlunto@policyflow.test", "/admin")
	admin.axeOpenBoth("/admin/calendar", "main h1", "working-day calendar")
}
