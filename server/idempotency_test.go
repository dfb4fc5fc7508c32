package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies/samples"
)

// keptAnswersHolding counts the stored Idempotency-Key answers that contain s.
func (a *app) keptAnswersHolding(s string) int {
	a.t.Helper()
	var n int
	if err := a.st.DB.SQL().Get(&n, `SELECT count(*) FROM idempotency_keys WHERE position(convert_to($1, 'UTF8') in body) > 0`, s); err != nil {
		a.t.Fatal(err)
	}
	return n
}

// One Idempotency-Key is one person's: two people sending the same key each
// get their own request run, never the other's stored answer.
func TestIdempotencyKeyIsPerPerson(t *testing.T) {
	a := newApp(t)
	path := fmt.Sprintf("/api/v1/policies/%d/comments", a.policyID("sawahlunto-peningkatan-kompetensi-asn"))
	var ids []int64
	for _, role := range []string{"unit_officer", "drafter"} {
		body := map[string]any{"section": "pendahuluan", "body": "Komentar " + role + " dengan kunci yang sama."}
		for try := range 2 {
			res, out := a.api(http.DefaultClient, a.tokens[role], "POST", path, body, "kunci-sama")
			var c struct {
				ID       int64
				AuthorID *int64 `json:"author_id"`
				Body     string
			}
			json.Unmarshal([]byte(out), &c)
			if res.StatusCode != 201 || c.Body != body["body"] {
				t.Fatalf("%s, try %d: %d %s; want 201 with their own comment", role, try+1, res.StatusCode, out)
			}
			if replayed := res.Header.Get("Idempotent-Replayed") == "true"; replayed != (try == 1) {
				t.Errorf("%s, try %d: replayed = %v, want %v", role, try+1, replayed, try == 1)
			}
			if try == 0 {
				ids = append(ids, c.ID)
			} else if c.ID != ids[len(ids)-1] {
				t.Errorf("%s's retry answered comment %d, want their own %d", role, c.ID, ids[len(ids)-1])
			}
		}
	}
	if ids[0] == ids[1] {
		t.Errorf("two people with one key got the same comment %d", ids[0])
	}
}

// A signed-out caller's Idempotency-Key finds no stored answer: two people
// signing in from one address (an office behind NAT) with the same key each
// get a token of their own, and nothing is kept for either.
func TestIdempotencyKeyOfSignedOutCallerIsNotReplayed(t *testing.T) {
	a := newApp(t)
	var tokens []string
	for _, role := range []string{"drafter", "stakeholder"} {
		res, out := a.api(http.DefaultClient, "", "POST", "/api/v1/tokens",
			map[string]string{"email": roleEmails[role], "password": samples.DevPassword}, "masuk-kantor")
		var got struct{ Token string }
		json.Unmarshal([]byte(out), &got)
		if res.StatusCode != 201 || got.Token == "" || res.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("%s signs in: %d (replayed %q) %s", role, res.StatusCode, res.Header.Get("Idempotent-Replayed"), out)
		}
		res, me := a.api(http.DefaultClient, got.Token, "GET", "/api/v1/me", nil, "")
		var u struct{ Email string }
		json.Unmarshal([]byte(me), &u)
		if res.StatusCode != 200 || u.Email != roleEmails[role] {
			t.Errorf("%s's token signs in as %q (%d), want %s", role, u.Email, res.StatusCode, roleEmails[role])
		}
		tokens = append(tokens, got.Token)
	}
	// Nor is the answer to a signed-out comment with the same key kept.
	path := fmt.Sprintf("/api/v1/policies/%d/comments", a.policyID("sawahlunto-peningkatan-kompetensi-asn"))
	a.api(http.DefaultClient, "", "POST", path, map[string]any{"section": "pendahuluan", "body": "Publik."}, "masuk-kantor")
	var anon int
	a.st.DB.SQL().Get(&anon, `SELECT count(*) FROM idempotency_keys WHERE key = 'masuk-kantor'`)
	if anon != 0 {
		t.Errorf("%d answers kept for signed-out callers, want 0", anon)
	}
	for _, tok := range tokens {
		if n := a.keptAnswersHolding(tok); n != 0 {
			t.Errorf("a new token is kept in %d stored answers", n)
		}
	}
}

// Answers that show a secret — a token made by a signed-in caller, a unit's
// webhook secret — are never stored: a retry with the same key runs again
// and shows a new secret, and no stored answer holds any of them.
func TestIdempotencyKeepsNoSecrets(t *testing.T) {
	a := newApp(t)
	var secrets []string
	for try := range 2 {
		res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", "/api/v1/tokens",
			map[string]string{"email": roleEmails["drafter"], "password": samples.DevPassword}, "token-baru")
		var got struct{ Token string }
		json.Unmarshal([]byte(out), &got)
		if res.StatusCode != 201 || got.Token == "" || res.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("token, try %d: %d (replayed %q) %s", try+1, res.StatusCode, res.Header.Get("Idempotent-Replayed"), out)
		}
		secrets = append(secrets, got.Token)
	}
	// The webhook: a public address (an IP, so no name lookup is needed).
	hook := map[string]string{"url": "https://93.184.215.14/policyflow"}
	for try := range 2 {
		res, out := a.api(http.DefaultClient, a.tokens["unit_officer"], "POST", "/api/v1/unit/webhook", hook, "webhook-baru")
		var got struct{ Secret string }
		json.Unmarshal([]byte(out), &got)
		if res.StatusCode != 200 || got.Secret == "" || res.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("webhook, try %d: %d (replayed %q) %s", try+1, res.StatusCode, res.Header.Get("Idempotent-Replayed"), out)
		}
		secrets = append(secrets, got.Secret)
	}
	if secrets[0] == secrets[1] || secrets[2] == secrets[3] {
		t.Errorf("a retry replayed a secret: %q", secrets)
	}
	for _, s := range secrets {
		if n := a.keptAnswersHolding(s); n != 0 {
			t.Errorf("secret %.8s… is kept in %d stored answers", s, n)
		}
	}
	var kept int
	a.st.DB.SQL().Get(&kept, `SELECT count(*) FROM idempotency_keys WHERE key IN ('token-baru', 'webhook-baru')`)
	if kept != 0 {
		t.Errorf("%d rows kept for routes that show secrets, want 0", kept)
	}
}

// Two people's equal Idempotency-Keys on one policy are two Updates of its
// workflow: the second person's action runs, instead of getting the first
// person's stored Update result.
func TestEqualKeysOfTwoPeopleAreTwoUpdates(t *testing.T) {
	a := newApp(t)
	id := a.approvedPolicy("uji-kunci-sama")
	base := fmt.Sprintf("/api/v1/policies/%d", id)
	officer := a.user("unit_officer")
	res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", base+"/actions/start_implementation",
		map[string]any{"unit_ids": []int64{*officer.UnitID}}, "kunci-sama")
	if res.StatusCode != 200 {
		t.Fatalf("start implementation: %d %s", res.StatusCode, out)
	}
	start := time.Now().Add(24 * time.Hour)
	plan := map[string]any{"program": map[string]any{"unit_id": *officer.UnitID, "kind": "workshop", "title": "Workshop kunci sama",
		"partner": "Universitas Andalas", "starts_at": start, "ends_at": start.Add(48 * time.Hour), "jp": 8, "target_participants": 10}}
	res, out = a.api(http.DefaultClient, a.tokens["unit_officer"], "POST", base+"/actions/plan_program", plan, "kunci-sama")
	var planned struct{ ID int64 }
	json.Unmarshal([]byte(out), &planned)
	if res.StatusCode != 200 || planned.ID == 0 {
		t.Errorf("the officer's plan_program with the drafter's key: %d %s; want the new program", res.StatusCode, out)
	}
	var n int
	a.st.DB.SQL().Get(&n, `SELECT count(*) FROM programs WHERE policy_id = $1 AND title = 'Workshop kunci sama'`, id)
	if n != 1 {
		t.Errorf("programs planned = %d, want 1", n)
	}
}
