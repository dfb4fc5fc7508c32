package policies

import "time"

// OutboxBacklog is what waits in the outbox on one delivery channel
// (email, digest, webhook): the metrics of /metrics.
type OutboxBacklog struct {
	Channel   string
	Depth     int
	OldestAge time.Duration // of the oldest undelivered notification; 0 when none
}

// ApprovalBacklog is what waits for approvers: the approval runs not yet
// ended, and how long the one that has waited longest has waited since its
// last decision (or since it began, when none was made yet).
type ApprovalBacklog struct {
	Open       int
	OldestWait time.Duration // 0 when none is open
}
