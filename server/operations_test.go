package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// noSuchDelivery names no notification: the routes that act on one answer
// 404 to the administrator and refuse everyone else by role first.
const noSuchDelivery = "/admin/operations/deliveries/999999999/discard"

// noSuchRetry is the same for a retry.
const noSuchRetry = "/admin/operations/deliveries/999999999/retry"

// operationsRoleCases are the console's routes in the route × role matrix:
// the administrator's only.
func operationsRoleCases() (pages []pageCase, api map[string]apiCase) {
	pages = []pageCase{
		{"GET", "/admin/operations", nil, only("admin", 200)},
		{"POST", noSuchDelivery, url.Values{}, only("admin", 404)},
		{"POST", noSuchRetry, url.Values{}, only("admin", 404)},
	}
	api = map[string]apiCase{
		"GET /admin/operations":                                {nil, onlyAPI("admin", 200)},
		"POST /admin/operations/deliveries/{delivery}/discard": {map[string]any{}, onlyAPI("admin", 404)},
		"POST /admin/operations/deliveries/{delivery}/retry":   {map[string]any{}, onlyAPI("admin", 404)},
	}
	return pages, api
}

// operationsScopeCases are the same routes in the region × unit matrix:
// each region's administrator reads their own console; refused, a
// notification to a person of Sawahlunto whose email the mail server
// refused, is another region's for theirs (404), and Sawahlunto's
// administrator is told it is not being retried (409): nothing changes.
func operationsScopeCases(refused int64) []scopeCase {
	var cs []scopeCase
	for _, api := range []bool{false, true} {
		pre := ""
		if api {
			pre = "/api/v1"
		}
		cs = append(cs, scopeCase{method: "GET", pattern: pre + "/admin/operations", path: pre + "/admin/operations", want: roleOnly(api, "admin", http.StatusOK)})
		for _, verb := range []string{"discard", "retry"} {
			c := scopeCase{method: "POST", pattern: pre + "/admin/operations/deliveries/{delivery}/" + verb,
				path: fmt.Sprintf("%s/admin/operations/deliveries/%d/%s", pre, refused, verb), want: roleOwn(api, "admin", http.StatusConflict)}
			if api {
				c.body = map[string]any{}
			} else {
				c.form = url.Values{}
			}
			cs = append(cs, c)
		}
	}
	return cs
}

// The console shows each live policy's workflow (an approval waiting at
// its first stage, with who is asked) and the failing and refused
// deliveries of the administrator's region only; stopping a failing
// delivery's retries marks it delivered and discarded, audited, once (a
// second time 409), never another region's (404), never by another role
// (403).
func TestOperationsConsole(t *testing.T) {
	a := newApp(t)
	pol := a.policyID("sawahlunto-pengelolaan-kompetensi-asn")
	a.submitWith(t, a.tokens["drafter"], pol)
	failing := a.failingDelivery(t, "sawahlunto", 3, "421 4.7.0 try again later")
	refused := a.refusedDelivery(t)
	other := a.failingDelivery(t, "pangkalpinang", 2, "421 4.7.0 busy")

	admin := a.tokens["admin"]
	var ops struct {
		Workflows []struct {
			Policy   policies.LivePolicy
			Answered bool
			Waiting  string
			Stage    int
			Stages   int
			Awaiting int
		}
		Deliveries []policies.DeliveryProblem
	}
	waitFor(t, func() bool {
		res, out := a.api(http.DefaultClient, admin, "GET", "/api/v1/admin/operations", nil, "")
		ops.Workflows = nil
		return res.StatusCode == 200 && json.Unmarshal([]byte(out), &ops) == nil && len(ops.Workflows) > 0 && ops.Workflows[0].Stage == 1
	})
	found := false
	for _, w := range ops.Workflows {
		if w.Policy.ID == pol {
			found = w.Answered && w.Waiting == "approval" && w.Stages == 4 && w.Awaiting >= 1 && w.Policy.Status == policies.StatusInApproval
		}
	}
	if !found {
		t.Errorf("the console's workflows lack policy %d waiting at approval stage 1 of 4: %+v", pol, ops.Workflows)
	}
	ids := map[int64]policies.DeliveryProblem{}
	for _, d := range ops.Deliveries {
		ids[d.ID] = d
	}
	if d := ids[failing]; d.Attempts != 3 || d.Refused || d.LastError != "421 4.7.0 try again later" || d.Email == "" {
		t.Errorf("the failing delivery: %+v", d)
	}
	if !ids[refused].Refused {
		t.Errorf("the refused delivery: %+v", ids[refused])
	}
	if _, ok := ids[other]; ok {
		t.Errorf("Sawahlunto's console lists Pangkalpinang's delivery %d", other)
	}

	// The page says the same in words.
	res, body := a.get(a.people["admin"], "/admin/operations?lang=id")
	for _, want := range []string{fmt.Sprintf(`id="wf-%d" data-waiting="approval"`, pol), "Persetujuan tahap 1 dari 4",
		fmt.Sprintf(`id="delivery-%d"`, failing), "Gagal 3 kali", fmt.Sprintf(`id="discard-%d"`, failing), "Alamat ditolak server surat"} {
		if !strings.Contains(body, want) {
			t.Errorf("the console page (%d) lacks %q", res.StatusCode, want)
		}
	}
	if strings.Contains(body, fmt.Sprintf(`id="discard-%d"`, refused)) || strings.Contains(body, fmt.Sprintf(`id="delivery-%d"`, other)) {
		t.Error("the page offers to stop a refused delivery, or shows another region's")
	}

	// Stopping the retries.
	if res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/admin/operations/deliveries/%d/discard", failing), map[string]any{}, ""); res.StatusCode != 403 {
		t.Errorf("the drafter stops a delivery: %d %s, want 403", res.StatusCode, out)
	}
	if res, out := a.api(http.DefaultClient, admin, "POST", fmt.Sprintf("/api/v1/admin/operations/deliveries/%d/discard", other), map[string]any{}, ""); res.StatusCode != 404 {
		t.Errorf("another region's delivery: %d %s, want 404", res.StatusCode, out)
	}
	if res, out := a.api(http.DefaultClient, admin, "POST", fmt.Sprintf("/api/v1/admin/operations/deliveries/%d/discard", refused), map[string]any{}, ""); res.StatusCode != 409 {
		t.Errorf("a refused delivery: %d %s, want 409", res.StatusCode, out)
	}
	page := a.people["admin"]
	res, _ = a.form(page, fmt.Sprintf("/admin/operations/deliveries/%d/discard", failing), url.Values{"csrf": {a.csrf(page, "/admin/operations")}})
	if res.StatusCode != 303 || !strings.HasSuffix(res.Header.Get("Location"), "/admin/operations?saved=1") {
		t.Fatalf("stop through the page: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if got := a.text(t, `SELECT (delivered_at IS NOT NULL AND discarded_at IS NOT NULL)::text FROM notifications WHERE id = $1`, failing); got != "true" {
		t.Errorf("the stopped delivery: delivered and discarded = %s", got)
	}
	if n := a.text(t, `SELECT count(*)::text FROM audit_log WHERE action = 'delivery.discarded' AND subject = $1`, fmt.Sprintf("notification:%d", failing)); n != "1" {
		t.Errorf("audited stops: %s, want 1", n)
	}
	if res, out := a.api(http.DefaultClient, admin, "POST", fmt.Sprintf("/api/v1/admin/operations/deliveries/%d/discard", failing), map[string]any{}, ""); res.StatusCode != 409 {
		t.Errorf("stopping it again: %d %s, want 409", res.StatusCode, out)
	}
	if _, body := a.get(page, "/admin/operations?saved=1&lang=en"); !strings.Contains(body, "Retries stopped by an administrator") || !strings.Contains(body, `id="done"`) {
		t.Error("the page after stopping does not say the retries were stopped")
	}
}

// failingDelivery puts a notification to the region's drafter in the
// outbox that has failed attempts times with lastError, and returns it.
func (a *app) failingDelivery(t *testing.T, region string, attempts int, lastError string) int64 {
	t.Helper()
	var id int64
	err := a.st.DB.SQL().Get(&id, `INSERT INTO notifications (dedup_key, user_id, kind, subject, attempts, last_error, next_attempt_at)
		SELECT 'ops-test-' || md5(random()::text), id, 'approval_request', 'Uji pengiriman', $2, $3, now() + interval '1 hour'
		FROM users WHERE email = $1 RETURNING id`, "penyusun."+region+"@policyflow.test", attempts, lastError)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// refusedDelivery is a notification to Sawahlunto's drafter whose email
// the mail server refused: the console lists it, and stopping it is
// refused (409), and so is a retry, so the walks that post to it change
// nothing.
func (a *app) refusedDelivery(t *testing.T) int64 {
	t.Helper()
	id := a.failingDelivery(t, "sawahlunto", 1, "550 5.1.1 no such user")
	a.st.DB.SQL().MustExec(`UPDATE notifications SET email_refused_at = now() WHERE id = $1`, id)
	return id
}
