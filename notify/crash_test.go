package notify_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/notify"
)

func TestMain(m *testing.M) { devtest.Main(m) }

// The crash test: 1,000 evaluation reminders (250 officers × 4
// policies) in the outbox, the real `policyflow worker` sending them to an
// SMTP server, SIGKILLed while the 200th message is in flight (the server
// has it, the worker has not heard 250 OK), then a new worker. Every
// recipient gets each reminder: 1,000 distinct Message-IDs. Delivery is at
// least once, so the message in flight may arrive twice, with the same
// Message-ID; the test reports how many did.
func TestCrashDuringDeliveryLosesNothing(t *testing.T) {
	const (
		officers = 250
		purposes = 4
		total    = officers * purposes
		killAt   = 200
		// The workers' lease (the default is policies.ClaimLease, 2 min):
		// what the dead worker had claimed comes back after it.
		lease = 15 * time.Second
	)
	bin := buildPolicyflow(t)
	f := newFixture(t)

	// The outbox, as RemindRounds writes it: one row per officer and reminder.
	x := f.db.SQL()
	if f.peopleHaveRegion {
		x.MustExec(`INSERT INTO users (email, name, role, unit_id, region_id, password_hash)
			SELECT 'pegawai' || g || '@crash.go.id', 'Pegawai ' || g, 'unit_officer', $1, $3, 'x' FROM generate_series(1, $2) g`,
			f.plainUnit, officers, f.region)
	} else {
		x.MustExec(`INSERT INTO users (email, name, role, unit_id, password_hash)
			SELECT 'pegawai' || g || '@crash.go.id', 'Pegawai ' || g, 'unit_officer', $1, 'x' FROM generate_series(1, $2) g`,
			f.plainUnit, officers)
	}
	x.MustExec(`INSERT INTO notifications (dedup_key, user_id, kind, subject, body, link)
		SELECT format('policy-%s-evaluation-r1-h7/unit%s/u%s', p, $1::bigint, u.id), u.id, 'evaluation_reminder',
			format('Pengingat evaluasi putaran 1: Kebijakan %s', p), 'Mohon isi evaluasi sebelum tenggat.',
			format('/policies/%s/evaluations', p)
		FROM users u CROSS JOIN generate_series(1, $2) p WHERE u.email LIKE '%@crash.go.id'`, f.plainUnit, purposes)
	type dest struct{ key, to string }
	want := map[string]dest{} // Message-ID -> row
	rows, err := x.Queryx(`SELECT n.dedup_key, u.email FROM notifications n JOIN users u ON u.id = n.user_id`)
	must(t, err)
	for rows.Next() {
		var d dest
		must(t, rows.Scan(&d.key, &d.to))
		want[notify.MessageID(d.key)] = d
	}
	rows.Close()
	if len(want) != total {
		t.Fatalf("wrote %d reminders, want %d", len(want), total)
	}

	ns := freshNamespace(t)
	ms := startMailServer(t)
	logs := t.TempDir()
	start := func(name string) *proc {
		cmd := exec.Command(bin, "worker")
		cmd.Env = []string{
			"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
			"DATABASE_URL=" + f.url,
			"TEMPORAL_ADDRESS=" + devtest.TemporalAddress(t),
			"TEMPORAL_NAMESPACE=" + ns,
			"SMTP_URL=" + ms.URL(),
			"PUBLIC_URL=https://policyflow.crash.test",
			"UNSUBSCRIBE_KEY=" + string(unsubKey),
			"LOG_LEVEL=info",
			"OUTBOX_LEASE=" + lease.String(),
		}
		out, err := os.Create(filepath.Join(logs, name+".log"))
		must(t, err)
		cmd.Stdout, cmd.Stderr = out, out
		must(t, cmd.Start())
		p := &proc{cmd: cmd, exited: make(chan struct{})}
		go func() { p.err = cmd.Wait(); out.Close(); close(p.exited) }()
		t.Cleanup(func() {
			cmd.Process.Kill()
			<-p.exited
			if t.Failed() {
				b, _ := os.ReadFile(out.Name())
				t.Logf("%s log:\n%s", name, b)
			}
		})
		return p
	}

	// SIGKILL the first worker from inside the mail server while it holds
	// message killAt: received, not yet answered.
	var first *proc
	killed, started := make(chan struct{}), make(chan struct{})
	var once sync.Once
	ms.onMessage = func(n int, _ received) {
		if n != killAt {
			return
		}
		once.Do(func() {
			<-started
			first.cmd.Process.Signal(syscall.SIGKILL)
			<-first.exited
			close(killed)
		})
	}
	t0 := time.Now()
	first = start("worker-1")
	close(started)
	select {
	case <-killed:
	case <-first.exited:
		select {
		case <-killed:
		case <-time.After(5 * time.Second):
			t.Fatalf("worker 1 ended before it was killed: %v", first.err)
		}
	case <-time.After(2 * time.Minute):
		t.Fatalf("worker 1 sent %d messages in 2 min, want %d", len(ms.messages()), killAt)
	}
	atKill := len(ms.messages())
	killedAfter := time.Since(t0)
	pendingAtKill := f.undelivered(t)

	t1 := time.Now()
	second := start("worker-2")
	// Rows the dead worker had claimed come back when their lease ends
	// (OUTBOX_LEASE, short here), so allow for it.
	deadline := time.Now().Add(5 * time.Minute)
	var mostDone time.Duration // until all but the dead worker's claimed batch were delivered
	for left := f.undelivered(t); left > 0; left = f.undelivered(t) {
		if mostDone == 0 && left <= 10 {
			mostDone = time.Since(t1)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d reminders still undelivered 5 min after the restart", f.undelivered(t))
		}
		select {
		case <-second.exited:
			t.Fatalf("worker 2 ended: %v", second.err)
		case <-time.After(200 * time.Millisecond):
		}
	}
	drained := time.Since(t1)
	// A graceful stop: SIGTERM, and the worker exits 0.
	must(t, second.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case <-second.exited:
		if second.err != nil {
			t.Errorf("worker 2 did not stop cleanly on SIGTERM: %v", second.err)
		}
	case <-time.After(30 * time.Second):
		t.Error("worker 2 did not stop within 30 s of SIGTERM")
	}

	msgs := ms.messages()
	perID := map[string]int{}
	for _, m := range msgs {
		perID[m.MessageID]++
		d, ok := want[m.MessageID]
		if !ok {
			t.Errorf("unexpected Message-ID %q to %s", m.MessageID, m.To)
		} else if m.To != d.to {
			t.Errorf("Message-ID %s (%s) went to %s, want %s", m.MessageID, d.key, m.To, d.to)
		}
	}
	duplicates := len(msgs) - len(perID)
	if len(perID) != total {
		t.Errorf("%d distinct Message-IDs arrived, want %d (one per recipient and reminder)", len(perID), total)
	}
	for id, n := range perID {
		if n > 1 {
			t.Logf("duplicate: %s (%s) arrived %d times, with the same Message-ID", id, want[id].key, n)
		}
	}
	var notEmailed int
	must(t, x.Get(&notEmailed, `SELECT count(*) FROM notifications WHERE emailed_at IS NULL OR delivered_at IS NULL`))
	if notEmailed != 0 {
		t.Errorf("%d rows not marked emailed and delivered", notEmailed)
	}
	t.Logf("crash test: %d reminders; worker 1 SIGKILLed %.1fs after start with message %d in flight (%d undelivered rows at the kill); "+
		"worker 2 left <=10 (the dead worker's leased batch) after %.1fs and finished in %.1fs (lease %s); SMTP server received %d messages, %d distinct Message-IDs, %d duplicate(s)",
		total, killedAfter.Seconds(), atKill, pendingAtKill, mostDone.Seconds(), drained.Seconds(), lease, len(msgs), len(perID), duplicates)
}

// proc is a running policyflow process; err is set before exited closes.
type proc struct {
	cmd    *exec.Cmd
	exited chan struct{}
	err    error
}

// buildPolicyflow builds the policyflow binary into a temporary folder.
func buildPolicyflow(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "policyflow")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/policyflow")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/policyflow: %v\n%s", err, out)
	}
	return bin
}

var namespaces atomic.Int64

// freshNamespace registers a namespace of the test's own on the dev server
// and waits until it can be used.
func freshNamespace(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// Unique per call: `make faults` runs the test several times in one process.
	ns := fmt.Sprintf("notify-crash-%d-%d", os.Getpid(), namespaces.Add(1))
	devtest.RegisterNamespace(ctx, t, devtest.TemporalAddress(t), ns)
	return ns
}
