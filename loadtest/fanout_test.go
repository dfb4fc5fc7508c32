package loadtest

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/smtp"
	"strings"
	"sync"
	"time"

	gosmtp "github.com/emersion/go-smtp"
	"go.temporal.io/sdk/client"

	"github.com/policyflow/policyflow/notify"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// mailbox is an SMTP server that notes when each recipient got mail.
type mailbox struct {
	addr string
	mu   sync.Mutex
	got  map[string]time.Time // recipient → first arrival
	n    int
	srv  *gosmtp.Server
}

func startMailbox(e *env) *mailbox {
	m := &mailbox{got: map[string]time.Time{}}
	s := gosmtp.NewServer(gosmtp.BackendFunc(func(*gosmtp.Conn) (gosmtp.Session, error) { return &mailSession{m: m}, nil }))
	s.Domain = "bench.test"
	s.MaxMessageBytes = 1 << 20
	s.ReadTimeout, s.WriteTimeout = 30*time.Second, 30*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		e.b.Fatal(err)
	}
	m.addr, m.srv = l.Addr().String(), s
	go s.Serve(l)
	return m
}

func (m *mailbox) reset() {
	m.mu.Lock()
	m.got, m.n = map[string]time.Time{}, 0
	m.mu.Unlock()
}

// arrived counts the recipients matching prefix and the last arrival.
func (m *mailbox) arrived(prefix string) (int, time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n, last := 0, time.Time{}
	for to, at := range m.got {
		if strings.HasPrefix(to, prefix) {
			n++
			if at.After(last) {
				last = at
			}
		}
	}
	return n, last
}

type mailSession struct {
	m  *mailbox
	to []string
}

func (s *mailSession) Mail(string, *gosmtp.MailOptions) error { return nil }
func (s *mailSession) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}
func (s *mailSession) Data(r io.Reader) error {
	io.Copy(io.Discard, r)
	now := time.Now()
	s.m.mu.Lock()
	for _, to := range s.to {
		if _, ok := s.m.got[to]; !ok {
			s.m.got[to] = now
		}
	}
	s.m.n++
	s.m.mu.Unlock()
	s.to = nil
	return nil
}
func (s *mailSession) Reset()        { s.to = nil }
func (s *mailSession) Logout() error { return nil }

// fanOut: 1,000 units whose evaluation reminder falls due at the same
// moment; the time until the last unit officer has the email, against
// sending 1,000 emails straight to the same SMTP server.
func fanOut(e *env, r *report) {
	ctx := context.Background()
	db := e.st.DB.SQL()
	const units = 1000
	var region int64
	var hash string
	db.Get(&region, `SELECT id FROM regions WHERE slug = 'sawahlunto'`)
	db.Get(&hash, `SELECT password_hash FROM users LIMIT 1`)
	db.MustExec(`INSERT INTO units (region_id, code, name) SELECT $1, 'beban-' || g, 'Unit Beban ' || g FROM generate_series(1, $2) g`, region, units)
	db.MustExec(`INSERT INTO users (email, name, role, unit_id, password_hash)
		SELECT 'opd-beban-' || u.code || '@policyflow.test', 'Petugas ' || u.name, 'unit_officer', u.id, $1
		FROM units u WHERE u.code LIKE 'beban-%'`, hash)
	var unitIDs []int64
	db.Select(&unitIDs, `SELECT id FROM units WHERE code LIKE 'beban-%' ORDER BY id`)
	author, _ := e.st.DB.UserByEmail(ctx, "penyusun.sawahlunto@policyflow.test")
	p, _, err := e.st.DB.CreatePolicy(ctx, policies.NewPolicy{RegionID: region, OwnerUnitID: *author.UnitID,
		Slug: "uji-beban-seribu-unit", Title: "Uji seribu unit", Markdown: "# Uji\n\n## Pendahuluan\n\nSeribu unit.", AuthorID: author.ID})
	if err != nil {
		e.b.Fatal(err)
	}

	mb := startMailbox(e)
	defer mb.srv.Close()
	mail, err := notify.ParseSMTPURL("smtp://" + mb.addr)
	if err != nil {
		e.b.Fatal(err)
	}
	// Only this scenario's reminders: what earlier scenarios queued is done.
	db.MustExec(`UPDATE notifications SET delivered_at = now() WHERE delivered_at IS NULL`)
	dctx, stopDeliverer := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		(&notify.Deliverer{Store: e.st.DB, Mail: mail, BaseURL: "http://127.0.0.1:8080"}).Run(dctx)
	}()

	// Round 1 falls due in 60 s; its reminder (lead 30 s) in 30 s: time
	// enough to open the 1,000 rounds first.
	in := workflows.EvaluationInput{PolicyID: p.ID, Title: "Uji seribu unit", UnitIDs: unitIDs, CadenceMonths: 6,
		Start: time.Now().Add(60*time.Second).AddDate(0, -6, 0), Round: 1, ReminderLeads: []time.Duration{30 * time.Second}}
	moment := in.Due(1).Add(-30 * time.Second)
	run, err := e.st.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "bench-fanout", TaskQueue: workflows.TaskQueue},
		workflows.EvaluationScheduleWorkflow, in)
	if err != nil {
		e.b.Fatal(err)
	}
	defer e.st.Temporal.CancelWorkflow(ctx, run.GetID(), "")
	deadline := moment.Add(10 * time.Minute)
	var got int
	var last time.Time
	for time.Now().Before(deadline) {
		if got, last = mb.arrived("opd-beban-"); got == units {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	var queued time.Time
	db.Get(&queued, `SELECT max(created_at) FROM notifications WHERE policy_id = $1 AND kind = 'evaluation_reminder'`, p.ID)
	stopDeliverer()
	<-done
	if got != units {
		r.note("fan-out: only %d of %d officers had their reminder after 10 min", got, units)
	}

	// Baseline: 1,000 emails of the same size sent one after another.
	mb.reset()
	msg := []byte("From: policyflow@bench.test\r\nTo: x@policyflow.test\r\nSubject: H-0 evaluasi putaran 1\r\n\r\n" + strings.Repeat("Evaluasi putaran 1 jatuh tempo. ", 20) + "\r\n")
	t0 := time.Now()
	for i := range units {
		if err := smtp.SendMail(mb.addr, nil, "policyflow@bench.test", []string{fmt.Sprintf("direct-%d@policyflow.test", i)}, msg); err != nil {
			e.b.Fatal(err)
		}
	}
	direct := time.Since(t0)
	total := last.Sub(moment)
	r.add("reminder fan-out: 1,000 units due at the same moment → last officer's email accepted by the SMTP server",
		fmt.Sprintf("%s after the moment (outbox filled after %s)", total.Round(10*time.Millisecond), queued.Sub(moment).Round(10*time.Millisecond)),
		fmt.Sprintf("1,000 emails sent directly, one after another (net/smtp): %s", direct.Round(10*time.Millisecond)),
		ratio(total, direct))
}
