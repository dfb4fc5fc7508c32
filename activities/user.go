package activities

import (
	"context"
)

// RegionUnits returns the IDs of every unit of a region.
func (a *Activities) RegionUnits(ctx context.Context, regionID int64) ([]int64, error) {
	us, err := a.Store.Units(ctx, regionID)
	if err != nil {
		return nil, nonRetryable(err)
	}
	ids := make([]int64, len(us))
	for i, u := range us {
		ids[i] = u.ID
	}
	return ids, nil
}

// UnitContacts are who hears about a unit's work: its officers and its head.
type UnitContacts struct {
	Officers []int64
	Head     int64
}

// LoadUnitContacts returns a unit's officers and head.
func (a *Activities) LoadUnitContacts(ctx context.Context, unitID int64) (UnitContacts, error) {
	officers, err := a.Store.UnitOfficers(ctx, unitID)
	if err != nil {
		return UnitContacts{}, nonRetryable(err)
	}
	head, err := a.Store.UnitHead(ctx, unitID)
	if err != nil {
		return UnitContacts{}, nonRetryable(err)
	}
	return UnitContacts{Officers: officers, Head: head}, nil
}
