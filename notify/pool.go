package notify

// Emails go out over a few SMTP connections at once, each kept open for
// many messages (MAIL, RCPT, DATA, then the next; RSET after a refusal) and
// from one pass to the next, so a fan-out of a thousand reminders costs a
// handful of connections rather than a thousand. Each row is still marked
// emailed right after the server accepted it, before its connection sends
// another (the marks of several connections share a statement: marks.go),
// so a crash repeats at most the messages in flight, one per connection,
// with the same Message-ID.

import (
	"context"
	"errors"
	"sync"
	"time"
)

// DefaultMailConnections is how many SMTP connections a deliverer sends
// over at once when neither Deliverer.MailConnections nor SMTP_URL's
// connections= says. Measured (docs/PERFORMANCE.md, issue 25): with the
// marks grouped (marks.go), each statement carries about one row per
// connection, so 16 connections delivered 1,000 reminders at 0.9–1.2× the
// time of 1,000 direct sends where 4 took 1.7–4.0× and 8 0.8–2.7×. A
// server that limits a client's sessions takes a lower connections=.
const DefaultMailConnections = 16

// idleMax is how long a connection may wait in the pool unused; an older
// one is closed rather than reused (servers end idle sessions).
const idleMax = 20 * time.Second

// mailConnections is how many connections the deliverer sends over at once.
func (d *Deliverer) mailConnections() int {
	switch {
	case d.MailConnections > 0:
		return d.MailConnections
	case d.Mail != nil && d.Mail.Connections > 0:
		return d.Mail.Connections
	}
	return DefaultMailConnections
}

// mailPool keeps idle SMTP connections between the messages of a pass and
// from one pass to the next.
type mailPool struct {
	m    *SMTP
	mu   sync.Mutex
	idle []*mailConn
}

// get returns an idle connection young enough to reuse, or a new one.
func (p *mailPool) get(ctx context.Context) (*mailConn, error) {
	var stale []*mailConn
	defer func() {
		for _, mc := range stale {
			mc.quit()
		}
	}()
	p.mu.Lock()
	for len(p.idle) > 0 {
		mc := p.idle[len(p.idle)-1]
		p.idle = p.idle[:len(p.idle)-1]
		if time.Since(mc.used) < idleMax {
			p.mu.Unlock()
			return mc, nil
		}
		stale = append(stale, mc)
	}
	p.mu.Unlock()
	return p.m.dial(ctx)
}

// put keeps a usable connection for the next message.
func (p *mailPool) put(mc *mailConn) {
	mc.used = time.Now()
	p.mu.Lock()
	p.idle = append(p.idle, mc)
	p.mu.Unlock()
}

// close ends every idle connection politely.
func (p *mailPool) close() {
	p.mu.Lock()
	idle := p.idle
	p.idle = nil
	p.mu.Unlock()
	for _, mc := range idle {
		mc.quit()
	}
}

// session is one sender's SMTP connection for a pass, taken from the pool on
// first use and given back at the end. When the server cannot be reached,
// the rest of the session's rows fail at once with the same error instead
// of waiting for each.
type session struct {
	d       *Deliverer
	pool    *mailPool
	mc      *mailConn
	dialErr error
}

func (s *session) send(ctx context.Context, to string, msg []byte) error {
	if s.dialErr != nil {
		return s.dialErr
	}
	for retried := false; ; retried = true {
		if s.mc == nil {
			// A retry dials: another kept connection may be as near its
			// server's limit as the one just lost.
			get := s.pool.get
			if retried {
				get = s.pool.m.dial
			}
			mc, err := get(ctx)
			if err != nil {
				s.dialErr = err
				return err
			}
			s.mc = mc
		}
		kept := s.mc.sent > 0 || !s.mc.used.IsZero()
		err := s.mc.send(s.d.Mail.From.Address, to, msg)
		if err == nil {
			s.mc.sent++
			return nil
		}
		if !s.mc.reset() {
			s.mc.close()
			s.mc = nil
		}
		// A kept connection the server has closed fails at MAIL, before
		// anything of the message was sent: once more on a new connection.
		if lost := (*connLost)(nil); kept && !retried && errors.As(err, &lost) {
			continue
		}
		return err
	}
}

// end gives the connection back to the pool.
func (s *session) end() {
	if s.mc != nil {
		s.pool.put(s.mc)
		s.mc = nil
	}
}

// connLost is a connection that failed at MAIL without an answer from the
// server (closed, reset): no part of the message was sent on it.
type connLost struct{ err error }

func (e *connLost) Error() string { return e.err.Error() }
func (e *connLost) Unwrap() error { return e.err }
