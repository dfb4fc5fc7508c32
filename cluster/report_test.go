//go:build cluster

package cluster

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

const (
	beginMarker = "<!-- make cluster: begin -->"
	endMarker   = "<!-- make cluster: end -->"
)

// writeReport puts the run's figures between the make cluster markers of
// path, or appends them with the markers if there are none.
func writeReport(path string, f figures) error {
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", beginMarker)
	fmt.Fprintf(&b, "Last run of `cluster/cluster_test.go` TestClusterLifecycles (what `make cluster` runs): %s, %d cores; written by the test.\n\n",
		time.Now().UTC().Format("2006-01-02"), runtime.NumCPU())
	fmt.Fprintf(&b, "| what | figure |\n|---|---|\n")
	row := func(k, v string, args ...any) { fmt.Fprintf(&b, "| %s | %s |\n", k, fmt.Sprintf(v, args...)) }
	row("cluster", "real Temporal server v1.32.1 (`tools/temporal-server`), PostgreSQL persistence and visibility, %d history shards; 2 `policyflow server` + 2 `policyflow worker` processes, one Policyflow database", f.Shards)
	row("mutual TLS", "the server started with `-tls-cert -tls-key -tls-ca` (a throw-away ECDSA CA made by the test), servers and workers with `TEMPORAL_TLS_CA/CERT/KEY`; %s", strings.Join(f.MTLS, "; "))
	row("schema setup / server start", "%s / %s", f.SetupSchema.Round(time.Millisecond), f.TemporalStart.Round(time.Millisecond))
	actions := 0
	for _, v := range f.Acked {
		actions += v
	}
	row("lifecycles", "%d policies created over the API and taken through consultation, 4 approval stages and the start of implementation in %s (%.1f acknowledged actions/s)",
		f.Policies, f.Elapsed.Round(time.Second), float64(actions)/f.Elapsed.Seconds())
	row("acknowledged actions", "%d (%s); server 1 answered %d, server 2 %d", actions, ackList(f.Acked), f.ServerAcks[0], f.ServerAcks[1])
	row("latency of an acknowledged action (p50 / p99)", "%s", latencies(f.ActionLatency))
	row("kills", "worker 1 SIGKILLed after %d acknowledged actions, server 1 after %d; each restarted", f.WorkerKilledAt, f.ServerKilledAt)
	row("what clients saw", "%d attempts without an answer (sent again with the same Idempotency-Key to the other server), %d × 409 while the key's request still ran (Retry-After), %d refusals then found done or sent anew, %d steps found done on reload", f.NoAnswer, f.KeyRunning, f.Refused, f.FoundDone)
	r := f.Record
	row("record", "%d policies, %d implementing, %d consultations, %d approval runs, %d decisions over %d approved stages, %d evaluation rounds, %d audited transitions, %d notifications (%d approval requests, %d outcomes, %d summaries, %d invitations to %d invitees)",
		r["policies"], r["implementing"], r["consultations"], r["approval runs"], r["decisions"], r["approved stages"], r["rounds"], r["transitions"],
		r["notifications"], r["approval requests"], r["approval outcomes"], r["consultation summary"], r["invitations"], r["invitees"])
	row("twice", "decisions %d, rounds %d, notifications by meaning %d", r["decisions twice"], r["rounds twice"], r["notifications twice"])
	row("email", "%d outbox rows emailed, %d distinct Message-IDs received in %d messages (%d re-sent with the same Message-ID)", f.Mail.Rows, f.Mail.Distinct, f.Mail.Received, f.Mail.Resent)
	row("workflows on the cluster", "%s", wfList(f.Workflows))
	row("history events per lifecycle", "%d (all of a policy's workflows; largest policy workflow %d, largest approval run %d); %.1f KB of events per lifecycle", f.Events.PerLifecycle, f.Events.PolicyMax, f.Events.ApprovalMax, float64(f.HistoryBytesPerLifecycle)/1024)
	row("database growth per lifecycle", "Policyflow %.1f KB, Temporal persistence %.1f KB, visibility %.1f KB", kb(f.PolicyflowBytes, f.Policies), kb(f.TemporalBytes, f.Policies), kb(f.VisibilityBytes, f.Policies))
	for _, w := range f.Writes {
		row("PostgreSQL writes per lifecycle: "+w.DB, "%.0f commits, %.0f rows inserted, %.0f updated, %.0f deleted",
			per(w.Commits, f.Policies), per(w.Inserted, f.Policies), per(w.Updated, f.Policies), per(w.Deleted, f.Policies))
	}
	var ts []string
	for _, tb := range f.Tables {
		if tb.Rows > 0 {
			ts = append(ts, fmt.Sprintf("%s %d B (%d rows)", tb.Name, tb.Bytes/tb.Rows, tb.Rows))
		}
	}
	row("bytes per row, with indexes (Policyflow database after the run)", "%s", strings.Join(ts, ", "))
	fmt.Fprintf(&b, "%s\n", endMarker)

	s := string(old)
	i, j := strings.Index(s, beginMarker), strings.Index(s, endMarker)
	if i >= 0 && j > i {
		s = s[:i] + b.String() + strings.TrimPrefix(s[j+len(endMarker):], "\n")
	} else {
		s = strings.TrimRight(s, "\n") + "\n\n## On a real Temporal cluster (`make cluster`)\n\n" + b.String()
	}
	return os.WriteFile(path, []byte(s), 0o644)
}

func per(v int64, n int) float64 { return float64(v) / float64(n) }

func kb(bytes int64, n int) float64 { return float64(bytes) / 1024 / float64(n) }

func ackList(m map[string]int) string {
	var parts []string
	for _, k := range []string{"create", "open_consultation", "close_consultation", "submit", "approve", "start_implementation"} {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

func latencies(m map[string][]time.Duration) string {
	var parts []string
	for _, k := range []string{"create", "open_consultation", "close_consultation", "submit", "approve", "start_implementation"} {
		parts = append(parts, fmt.Sprintf("%s %s / %s", k, percentile(m[k], 0.5).Round(time.Millisecond), percentile(m[k], 0.99).Round(time.Millisecond)))
	}
	return strings.Join(parts, "; ")
}

func wfList(m map[string]int) string {
	var parts []string
	for _, k := range []string{"policy/Running", "consultation/Completed", "approval/Completed", "evaluation/Running"} {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	for k, v := range m {
		switch k {
		case "policy/Running", "consultation/Completed", "approval/Completed", "evaluation/Running":
		default:
			parts = append(parts, fmt.Sprintf("%s %d", k, v))
		}
	}
	return strings.Join(parts, ", ")
}
