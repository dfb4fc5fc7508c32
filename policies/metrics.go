package policies

import "time"

// OutboxBacklog is what waits in the outbox on one delivery channel
// (email, digest, webhook): the metrics of /metrics.
type OutboxBacklog struct {
	Channel   string
	Depth     int
	OldestAge time.Duration // of the oldest undelivered notification; 0 when none
}
