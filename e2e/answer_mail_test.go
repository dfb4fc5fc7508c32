package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/server"
)

// The whole loop a member of the public sees (UU 13/2022 Pasal 96): they
// comment on an open public consultation with their email, the drafter
// approves the comment, drafts an answer and publishes it; the worker's
// deliverer emails them the answer over SMTP, with the link to the report
// and a one-click unsubscribe link.
func TestPublishedAnswerIsEmailedToThePublicCommenter(t *testing.T) {
	st := stack.New(t)
	key := unsubscribeKey
	srv := web.Serve(t, server.Deps{Store: st.DB, Lifecycle: st.Lifecycle, UnsubscribeKey: key})
	base := srv.URL

	in := deliverToInbox(t, st, base, key)

	call := func(token, method, path string, body any, want int) []byte {
		t.Helper()
		res, out := devtest.Call(t, method, base+path, token, body)
		if res.StatusCode != want {
			t.Fatalf("%s %s: %d %s, want %d", method, path, res.StatusCode, out, want)
		}
		return []byte(out)
	}

	// A Sawahlunto draft goes to a public consultation.
	var policyID int64
	if err := st.DB.SQL().Get(&policyID, `SELECT p.id FROM policies p JOIN regions r ON r.id = p.region_id
		WHERE r.slug = 'sawahlunto' AND p.status = 'draft' ORDER BY p.id LIMIT 1`); err != nil {
		t.Fatalf("no Sawahlunto draft in the seed: %v", err)
	}
	drafter := apiToken(t, base, "penyusun.sawahlunto@policyflow.test")
	call(drafter, "POST", fmt.Sprintf("/api/v1/policies/%d/actions/open_consultation", policyID),
		map[string]any{"closes_at": time.Now().Add(14 * 24 * time.Hour), "allow_public": true}, http.StatusOK)

	// A resident comments with their email: held for moderation, then approved.
	const email = "warga.sawahlunto@contoh.id"
	var c struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(call("", "POST", fmt.Sprintf("/api/v1/policies/%d/comments", policyID),
		map[string]any{"section": "", "body": "Mohon pelatihan daring juga untuk ASN di kecamatan.", "name": "Warga Sawahlunto", "email": email},
		http.StatusCreated), &c); err != nil || c.ID == 0 {
		t.Fatalf("public comment: %v", err)
	}
	call(drafter, "POST", fmt.Sprintf("/api/v1/comments/%d/moderate", c.ID), map[string]any{"decision": "approve"}, http.StatusOK)

	// The drafter answers it and publishes the answers.
	var consultation int64
	if err := st.DB.SQL().Get(&consultation, `SELECT id FROM consultations WHERE policy_id = $1 ORDER BY id DESC LIMIT 1`, policyID); err != nil {
		t.Fatal(err)
	}
	k := fmt.Sprintf("/api/v1/policies/%d/consultations/%d", policyID, consultation)
	const reason = "Pelatihan daring ditambahkan pada bagian program pengembangan kompetensi."
	call(drafter, "POST", k+"/answers", map[string]any{"comment_id": c.ID, "disposition": "diterima", "reason": reason}, http.StatusOK)
	call(drafter, "POST", k+"/publish", nil, http.StatusOK)

	// The answer arrives by email: its reason, the report's address, and
	// a working one-click unsubscribe link.
	deadline := time.Now().Add(30 * time.Second)
	var msg string
	for msg == "" {
		in.mu.Lock()
		for _, m := range in.bySMT[email] {
			if strings.Contains(m, reason) {
				msg = m
			}
		}
		in.mu.Unlock()
		if msg != "" {
			break
		}
		if time.Now().After(deadline) {
			in.mu.Lock()
			got := in.bySMT[email]
			in.mu.Unlock()
			t.Fatalf("no email to %s with the published answer within 30 s; got %d messages: %q", email, len(got), got)
		}
		time.Sleep(50 * time.Millisecond)
	}
	report := fmt.Sprintf("/policies/%d/consultations/%d/report", policyID, consultation)
	if !strings.Contains(msg, report) {
		t.Errorf("the answer email does not link the report %s:\n%s", report, msg)
	}
	i := strings.Index(msg, "/unsubscribe?t=")
	if i < 0 {
		t.Fatalf("the answer email has no unsubscribe link:\n%s", msg)
	}
	link := msg[i:]
	if j := strings.IndexAny(link, " \r\n>"); j >= 0 {
		link = link[:j]
	}
	res, err := http.Post(base+link, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("one-click unsubscribe from the answer email: %d", res.StatusCode)
	}
	var n int
	if err := st.DB.SQL().Get(&n, `SELECT count(*) FROM unsubscribes WHERE email = $1`, email); err != nil || n != 1 {
		t.Errorf("unsubscribes for %s: %d %v, want 1", email, n, err)
	}
}
