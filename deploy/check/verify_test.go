//go:build compose

package check

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// verify compares the record with what was acknowledged: every policy
// created once and implementing, one consultation, one approval run with a
// decision per stage, one enactment and promulgation each with its own
// register number; no decision, evaluation round, notification or register
// number twice; the killed containers back.
func verify(ctx context.Context, t *testing.T, s *stack, c *client, n int) {
	t.Helper()
	const ours = `(SELECT id FROM policies WHERE slug LIKE 'uji-compose-%')`
	queries := map[string]string{
		"policies":            `SELECT count(*) FROM policies WHERE slug LIKE 'uji-compose-%'`,
		"implementing":        `SELECT count(*) FROM policies WHERE slug LIKE 'uji-compose-%' AND status = 'implementing'`,
		"consultations":       `SELECT count(*) FROM consultations WHERE policy_id IN ` + ours,
		"approval runs":       `SELECT count(*) FROM approval_runs WHERE policy_id IN ` + ours,
		"approved stages":     `SELECT count(*) FROM (SELECT DISTINCT d.approval_run_id, d.stage_id FROM decisions d JOIN approval_runs r ON r.id = d.approval_run_id WHERE r.policy_id IN ` + ours + ` AND d.decision = 'approve') x`,
		"decisions twice":     `SELECT coalesce(sum(c - 1), 0) FROM (SELECT count(*) AS c FROM decisions d JOIN approval_runs r ON r.id = d.approval_run_id WHERE r.policy_id IN ` + ours + ` GROUP BY d.approval_run_id, d.stage_id, d.decider_id) x`,
		"enactments":          `SELECT count(*) FROM enactments WHERE policy_id IN ` + ours,
		"promulgated":         `SELECT count(*) FROM enactments WHERE policy_id IN ` + ours + ` AND promulgated_on IS NOT NULL`,
		"numbers twice":       `SELECT count(*) - count(DISTINCT (region_id, form, year, number)) FROM enactments`,
		"gazette twice":       `SELECT count(gazette_number) - count(DISTINCT (region_id, gazette_year, gazette_number)) FROM enactments WHERE gazette_number IS NOT NULL`,
		"rounds":              `SELECT count(DISTINCT policy_id) FROM evaluation_rounds WHERE policy_id IN ` + ours,
		"rounds twice":        `SELECT coalesce(sum(c - 1), 0) FROM (SELECT count(*) AS c FROM evaluation_rounds WHERE policy_id IN ` + ours + ` GROUP BY policy_id, unit_id, number) x`,
		"notifications twice": `SELECT coalesce(sum(c - 1), 0) FROM (SELECT count(*) AS c FROM notifications WHERE policy_id IN ` + ours + ` GROUP BY policy_id, user_id, kind, subject HAVING count(*) > 1) x`,
		"approval outcomes":   `SELECT count(*) FROM notifications WHERE kind = 'approval_outcome' AND policy_id IN ` + ours,
		"summaries":           `SELECT count(*) FROM notifications WHERE kind = 'consultation_summary' AND policy_id IN ` + ours,
	}
	want := map[string]int{"policies": n, "implementing": n, "consultations": n, "approval runs": n, "approved stages": 4 * n,
		"decisions twice": 0, "enactments": n, "promulgated": n, "numbers twice": 0, "gazette twice": 0, "rounds": n,
		"rounds twice": 0, "notifications twice": 0, "approval outcomes": n, "summaries": n}
	record := func() map[string]int {
		got := map[string]int{}
		for k, q := range queries {
			got[k] = s.count(ctx, q)
		}
		return got
	}
	// What an activity writes after an action's answer (the outcome's
	// notice, the first evaluation round) may still wait out an attempt
	// that died with the killed worker (its start-to-close timeout): read
	// the record until it holds, 3 minutes at most, then compare.
	var got map[string]int
	settle, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	for {
		got = record()
		if fmt.Sprint(got) == fmt.Sprint(want) || settle.Err() != nil {
			break
		}
		select {
		case <-settle.Done():
		case <-time.After(time.Second):
		}
	}
	var lines []string
	for k, w := range want {
		if got[k] != w {
			t.Errorf("record: %s = %d, want %d", k, got[k], w)
		}
		lines = append(lines, fmt.Sprintf("%s %d", k, got[k]))
	}
	t.Logf("record: %s", strings.Join(lines, ", "))
	// Acknowledged is a subset of done.
	c.byKind.Range(func(k, v any) bool {
		a := v.(*atomic.Int64).Load()
		limit := map[string]int{"approve": 4 * n}[k.(string)]
		if limit == 0 {
			limit = n
		}
		if int(a) > limit {
			t.Errorf("%s acknowledged %d times for %d policies", k, a, n)
		}
		return true
	})
	// The killed containers came back, and nothing else restarted.
	for _, svc := range []string{"postgres", "temporal", "server-1", "server-2", "worker-1", "worker-2", "proxy"} {
		id, _ := s.containerPID(ctx, svc)
		out, err := dockerInspect(ctx, id, "{{.State.Status}} {{.RestartCount}}")
		if err != nil {
			t.Fatal(err)
		}
		wantRestarts := map[string]string{"server-1": "1", "worker-1": "1"}[svc]
		if wantRestarts == "" {
			wantRestarts = "0"
		}
		if out != "running "+wantRestarts {
			t.Errorf("%s: %s; want running, %s restarts", svc, out, wantRestarts)
		}
	}
}
