package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// "Retry now" on the operations console: a failing delivery no deliverer
// holds becomes due at once, audited; one a deliverer holds, one the mail
// server refused and one whose retries were stopped are refused (409) with
// the reason; another region's is 404, and another role's request 403.
// A held delivery cannot be stopped either (it may go out this moment).
func TestOperationsRetryNow(t *testing.T) {
	a := newApp(t)
	failing := a.failingDelivery(t, "sawahlunto", 4, "421 4.7.0 try again later")
	held := a.failingDelivery(t, "sawahlunto", 2, "421 4.7.0 busy")
	a.st.DB.SQL().MustExec(`UPDATE notifications SET claimed_by = 'worker-1/4242', claimed_until = now() + interval '2 minutes',
		next_attempt_at = now() + interval '2 minutes' WHERE id = $1`, held)
	refused := a.refusedDelivery(t)
	other := a.failingDelivery(t, "pangkalpinang", 2, "421 4.7.0 busy")
	admin := a.tokens["admin"]
	retry := func(token string, id int64) (int, string) {
		res, out := a.api(http.DefaultClient, token, "POST", fmt.Sprintf("/api/v1/admin/operations/deliveries/%d/retry", id), map[string]any{}, "")
		return res.StatusCode, out
	}

	page := a.people["admin"]
	_, body := a.get(page, "/admin/operations?lang=en")
	for _, want := range []string{fmt.Sprintf(`id="retry-%d"`, failing), fmt.Sprintf(`id="claimed-%d"`, held), "Being sent by worker-1/4242 until"} {
		if !strings.Contains(body, want) {
			t.Errorf("the console page lacks %q", want)
		}
	}
	for _, no := range []int64{held, refused} {
		if strings.Contains(body, fmt.Sprintf(`id="retry-%d"`, no)) || strings.Contains(body, fmt.Sprintf(`id="discard-%d"`, no)) {
			t.Errorf("the page offers to retry or stop delivery %d, which is held or refused", no)
		}
	}

	if code, out := retry(a.tokens["drafter"], failing); code != 403 {
		t.Errorf("the drafter retries: %d %s, want 403", code, out)
	}
	if code, out := retry(admin, other); code != 404 {
		t.Errorf("another region's delivery: %d %s, want 404", code, out)
	}
	for _, c := range []struct {
		id   int64
		why  string
		verb string
	}{{held, "worker-1/4242", "retry"}, {refused, "menolak alamat", "retry"}, {held, "worker-1/4242", "discard"}} {
		res, out := a.api(http.DefaultClient, admin, "POST", fmt.Sprintf("/api/v1/admin/operations/deliveries/%d/%s", c.id, c.verb), map[string]any{}, "")
		if res.StatusCode != 409 || !strings.Contains(out, c.why) {
			t.Errorf("%s delivery %d: %d %s, want 409 naming %q", c.verb, c.id, res.StatusCode, out, c.why)
		}
	}
	if got := a.text(t, `SELECT (next_attempt_at > now() + interval '1 minute' AND claimed_by = 'worker-1/4242')::text FROM notifications WHERE id = $1`, held); got != "true" {
		t.Errorf("the held delivery changed: still later and held = %s", got)
	}

	res, _ := a.form(page, fmt.Sprintf("/admin/operations/deliveries/%d/retry", failing), url.Values{"csrf": {a.csrf(page, "/admin/operations")}})
	if want := fmt.Sprintf("/admin/operations?retried=%d#delivery-%d", failing, failing); res.StatusCode != 303 || !strings.HasSuffix(res.Header.Get("Location"), want) {
		t.Fatalf("retry through the page: %d %s, want 303 to %s", res.StatusCode, res.Header.Get("Location"), want)
	}
	if got := a.text(t, `SELECT (next_attempt_at <= now() AND delivered_at IS NULL AND attempts = 4)::text FROM notifications WHERE id = $1`, failing); got != "true" {
		t.Errorf("the retried delivery: due now, undelivered, attempts kept = %s", got)
	}
	if n := a.text(t, `SELECT count(*)::text FROM audit_log WHERE action = 'delivery.retried' AND subject = $1 AND actor_id IS NOT NULL`, fmt.Sprintf("notification:%d", failing)); n != "1" {
		t.Errorf("audited retries: %s, want 1", n)
	}
	if _, body := a.get(page, fmt.Sprintf("/admin/operations?retried=%d&lang=id", failing)); !strings.Contains(body, `id="retried"`) || !strings.Contains(body, "dijadwalkan ulang") {
		t.Error("the page after a retry does not say so")
	}
	// Retried again before any deliverer took it: still its turn, once more audited.
	if code, out := retry(admin, failing); code != 200 {
		t.Errorf("retrying again: %d %s, want 200", code, out)
	}
}
