package policies

import "context"

// EnactmentQueue is the legal unit's work list: the region's policies whose
// text in force (the last approved version) is not yet enacted.
type EnactmentQueue interface {
	AwaitingEnactment(ctx context.Context, regionID int64) ([]PolicySummary, error)
}
