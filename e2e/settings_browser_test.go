package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/server"
)

// In a real browser: a unit officer gives the unit a webhook on the
// settings page with the keyboard and is shown its secret once; a drafter
// opens a consultation inviting only the stakeholders left ticked.
func TestBrowserWebhookSettingsAndInvitees(t *testing.T) {
	s := newSite(t).allowingPrivateWebhooks(t) // the receiver below listens on 127.0.0.1
	browser := newBrowser(t, 3*time.Minute)
	ctx := context.Background()
	db := s.st.DB
	hook := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer hook.Close()

	// The officer: Tab to the URL field, type it, Tab to the button, Enter.
	opd := s.signedIn(t, browser, officerEmail, "/settings")
	opd.tabTo("webhook_url")
	opd.press(hook.URL + "/policyflow")
	opd.press(kb.Tab)
	if f := opd.focused(); f != "save-webhook" {
		t.Fatalf("Tab from the URL went to %q, want #save-webhook", f)
	}
	opd.load("save the webhook", chromedp.KeyEvent(kb.Enter))
	shown := opd.text("#webhook-secret")
	officer, _ := db.UserByEmail(ctx, officerEmail)
	var url, secret string
	db.SQL().QueryRowContext(ctx, `SELECT coalesce(webhook_url, ''), coalesce(webhook_secret, '') FROM units WHERE id = $1`, *officer.UnitID).Scan(&url, &secret)
	if url != hook.URL+"/policyflow" || secret == "" || shown != secret {
		t.Errorf("unit webhook %q with secret %q; the page showed %q", url, secret, shown)
	}
	opd.shot("settings-webhook.png")
	opd.open("/settings")
	if opd.exists("#webhook-secret") {
		t.Error("the secret is shown again on a later visit")
	}

	// The drafter: untick every stakeholder but the first, open.
	pol := s.policy(t, "sawahlunto-peningkatan-kompetensi-asn")
	dina := s.signedIn(t, browser, drafterEmail, fmt.Sprintf("/policies/%d", pol.ID))
	ids := eval[[]string](dina, `Array.from(document.querySelectorAll('#invitees input[name=invite_user_ids]:checked')).map(e => e.value)`)
	if len(ids) < 2 {
		t.Fatalf("the consultation form ticks %d stakeholders, want all of them (at least 2)", len(ids))
	}
	for _, id := range ids[1:] {
		dina.do("untick "+id, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#invitees input[value="%s"]`, id))))
	}
	closes := time.Now().In(time.FixedZone("WIB", 7*3600)).Add(72 * time.Hour).Format("2006-01-02T15:04")
	dina.do("set the closing time", chromedp.SetValue(chromedp.ID("closes_at"), closes))
	if buf, err := chromedp.Run(dina.ctx, chromedp.Screenshot(chromedp.CSS("section.actions"))); err == nil {
		os.WriteFile(filepath.Join(screenshotDir, "consultation-invitees.png"), buf, 0o644)
	}
	dina.load("open the consultation", chromedp.Click(chromedp.ID("open-consultation")))
	var invited []string
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		invited = nil
		db.SQL().SelectContext(ctx, &invited, `SELECT i.user_id::text FROM consultation_invitees i JOIN consultations c ON c.id = i.consultation_id
			WHERE c.policy_id = $1`, pol.ID)
		if len(invited) > 0 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if !slices.Equal(invited, ids[:1]) {
		t.Errorf("invited %v, want only %v (the one left ticked)", invited, ids[:1])
	}
	if body := dina.textOr("main", ""); !strings.Contains(body, "Konsultasi") {
		t.Errorf("after opening, the page does not mention the consultation: %.300s", body)
	}
}

// allowingPrivateWebhooks is a second web server on s's stack that accepts
// unit webhooks on loopback addresses, as WEBHOOK_ALLOW_PRIVATE=1 does.
func (s *site) allowingPrivateWebhooks(t *testing.T) *site {
	t.Helper()
	srv := web.Serve(t, server.Deps{Store: s.st.DB, Lifecycle: s.st.Lifecycle, AllowPrivateWebhooks: true})
	c := *s
	c.base = srv.URL
	return &c
}
