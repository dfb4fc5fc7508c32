package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/policyflow/policyflow/notify"
	"github.com/policyflow/policyflow/policies"
)

// A unit officer gives the unit a webhook (page and API); the secret shown
// once is the one the deliverer signs the unit's reminders with; an empty
// URL turns it off.
func TestUnitOfficerSetsWebhook(t *testing.T) {
	a := newApp(t)
	ctx := t.Context()
	var mu sync.Mutex
	var got []string // signatures as the receiver checked them: "ok" or "bad"
	secret := ""
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if notify.VerifySignature(secret, body, r.Header.Get("X-Policyflow-Signature")) {
			got = append(got, "ok")
		} else {
			got = append(got, "bad")
		}
	}))
	defer hook.Close()

	// The page: the form shows the secret once, and not again.
	c := a.people["unit_officer"]
	res, page := a.form(c, "/settings/webhook", url.Values{"csrf": {a.csrf(c, "/settings")}, "webhook_url": {hook.URL + "/page"}})
	if res.StatusCode != 200 || !strings.Contains(page, `id="webhook-secret"`) || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("saving the webhook on the page: %d, secret shown %v, Cache-Control %q", res.StatusCode, strings.Contains(page, "webhook-secret"), res.Header.Get("Cache-Control"))
	}
	if _, again := a.get(c, "/settings"); strings.Contains(again, `id="webhook-secret"`) || !strings.Contains(again, hook.URL+"/page") {
		t.Errorf("settings page later: secret shown again, or the URL missing")
	}

	// The API: a new secret, returned once.
	res, out := a.api(http.DefaultClient, a.tokens["unit_officer"], "POST", "/api/v1/unit/webhook", map[string]string{"url": hook.URL}, "")
	var set struct {
		UnitID int64 `json:"unit_id"`
		URL    string
		Secret string
	}
	json.Unmarshal([]byte(out), &set)
	if res.StatusCode != 200 || set.URL != hook.URL || len(set.Secret) < 32 {
		t.Fatalf("API set webhook: %d %s", res.StatusCode, out)
	}
	mu.Lock()
	secret = set.Secret
	mu.Unlock()
	if _, out := a.api(http.DefaultClient, a.tokens["unit_officer"], "GET", "/api/v1/unit/webhook", nil, ""); !strings.Contains(out, hook.URL) || strings.Contains(out, set.Secret) {
		t.Errorf("API get webhook shows %s; want the URL and never the secret", out)
	}

	// A reminder to the unit's officer goes to the webhook, signed with it.
	officer, _ := a.st.DB.UserByEmail(ctx, roleEmails["unit_officer"])
	if _, err := a.st.DB.EnqueueNotification(ctx, policies.Notification{DedupKey: "webhook-uji-1", UserID: officer.ID,
		Kind: "evaluation_reminder", Subject: "H-7 evaluasi", Link: "/policies/1/evaluations"}); err != nil {
		t.Fatal(err)
	}
	d := &notify.Deliverer{Store: a.st.DB, BaseURL: "http://policyflow.test"}
	deadline := time.Now().Add(10 * time.Second)
	for {
		d.DeliverOnce(context.Background())
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	mu.Lock()
	if strings.Join(got, ",") != "ok" {
		t.Errorf("webhook calls = %v, want one with a valid signature", got)
	}
	mu.Unlock()

	// An empty URL turns it off.
	if res, out := a.api(http.DefaultClient, a.tokens["unit_officer"], "POST", "/api/v1/unit/webhook", map[string]string{"url": ""}, ""); res.StatusCode != 200 || !strings.Contains(out, `"secret":""`) {
		t.Errorf("turning off: %d %s", res.StatusCode, out)
	}
	if u, _ := a.st.DB.UnitWebhook(ctx, set.UnitID); u != "" {
		t.Errorf("webhook after turning it off = %q", u)
	}
}
