package notify

// Marks in groups (group commit). A row whose email was its last channel is
// marked emailed and delivered right after the server accepted the email,
// and its sender waits for that mark before it sends its next message: a
// crash still repeats at most the message in flight on each connection.
// But the marks of the senders of a pass go to the database together: while
// one statement is under way, the rows accepted meanwhile wait and go in the
// next one. An email takes a fraction of a millisecond to a nearby server,
// a statement ~1–2 ms on a busy machine, so one statement a row bound the
// fan-out (docs/PERFORMANCE.md, "Reminder fan-out (issue 25)"); now a
// statement carries about one row per connection.

import "context"

// marker writes MarkEmailedDelivered for the rows its senders hand it, as
// few statements as their timing allows.
type marker struct {
	d    *Deliverer
	ctx  context.Context
	reqs chan markReq
	done chan struct{}
}

type markReq struct {
	id  int64
	err chan error
}

// startMarker starts a pass's marker; ctx is the pass's detached context
// (a mark is written even when the deliverer is stopping).
func (d *Deliverer) startMarker(ctx context.Context, senders int) *marker {
	m := &marker{d: d, ctx: ctx, reqs: make(chan markReq, senders), done: make(chan struct{})}
	go m.run()
	return m
}

// emailedDelivered marks the row emailed and delivered and returns once the
// mark is written (or failed).
func (m *marker) emailedDelivered(id int64) error {
	r := markReq{id: id, err: make(chan error, 1)}
	m.reqs <- r
	return <-r.err
}

// close ends the marker once no sender can hand it a row any more.
func (m *marker) close() {
	close(m.reqs)
	<-m.done
}

func (m *marker) run() {
	defer close(m.done)
	for r := range m.reqs {
		group := []markReq{r}
	more:
		for {
			select {
			case r, ok := <-m.reqs:
				if !ok {
					break more
				}
				group = append(group, r)
			default:
				break more
			}
		}
		ids := make([]int64, len(group))
		for i, r := range group {
			ids[i] = r.id
		}
		ctx, cancel := context.WithTimeout(m.ctx, opTimeout)
		err := m.d.Store.MarkEmailedDelivered(ctx, ids, m.d.now())
		cancel()
		for _, r := range group {
			r.err <- err
		}
	}
}
