package activities

import (
	"context"

	"github.com/policyflow/policyflow/policies"
)

// RegionCalendar is a region's working-day calendar in its zone: the
// national holidays and cuti bersama with the region's own changes. A
// workflow counts its "hari kerja" with it; the calendar travels whole in
// the activity's result, so a replay counts with the same days.
func (a *Activities) RegionCalendar(ctx context.Context, regionID int64) (policies.Calendar, error) {
	reg, err := a.Store.RegionByID(ctx, regionID)
	if err != nil {
		return policies.Calendar{}, nonRetryable(err)
	}
	own, err := a.Store.RegionHolidays(ctx, regionID)
	if err != nil {
		return policies.Calendar{}, nonRetryable(err)
	}
	return policies.RegionCalendar(reg.TimeZone, own), nil
}
