package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/lib/pq"
)

// OutboxChannel is the channel a statement writing notifications NOTIFYs
// (migration 0026's trigger).
const OutboxChannel = "policyflow_outbox"

// OutboxWake listens for new outbox rows on a connection of its own: the
// channel receives (at most one waiting signal) after each committed
// statement that wrote notifications, and after the listener reconnected
// (rows may have come meanwhile). It stops when ctx ends.
func (s *DB) OutboxWake(ctx context.Context) (<-chan struct{}, error) {
	if s.dsn == "" {
		return nil, errors.New("postgres: no connection string to listen with")
	}
	l := pq.NewListener(s.dsn, 100*time.Millisecond, 10*time.Second, nil)
	if err := l.Listen(OutboxChannel); err != nil {
		l.Close()
		return nil, err
	}
	out := make(chan struct{}, 1)
	go func() {
		defer l.Close()
		// A ping now and then finds a connection that died quietly; the
		// listener then reconnects and says so on Notify.
		ping := time.NewTicker(time.Minute)
		defer ping.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ping.C:
				go l.Ping()
			case _, ok := <-l.Notify:
				if !ok {
					return
				}
				select {
				case out <- struct{}{}:
				default:
				}
			}
		}
	}()
	return out, nil
}
