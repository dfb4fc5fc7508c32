package notify

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// A Deliverer's settings with their defaults.

// digestBatch is how many digests one pass claims.
const digestBatch = 10

func (d *Deliverer) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Deliverer) lease() time.Duration {
	if d.Lease > 0 {
		return d.Lease
	}
	return policies.ClaimLease
}

func (d *Deliverer) name() string {
	if d.Name != "" {
		return d.Name
	}
	host, _ := os.Hostname()
	return fmt.Sprintf("%s/%d", host, os.Getpid())
}

func (d *Deliverer) log() *slog.Logger {
	if d.Log != nil {
		return d.Log
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

func (d *Deliverer) batch() int {
	if d.Batch > 0 {
		return d.Batch
	}
	return 10 * d.mailConnections()
}

func (d *Deliverer) webhookTimeout() time.Duration {
	if d.WebhookTimeout > 0 {
		return d.WebhookTimeout
	}
	return 5 * time.Second
}

func (d *Deliverer) webhookWorkers() int {
	if d.WebhookWorkers > 0 {
		return d.WebhookWorkers
	}
	return 4
}
