package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// Helpers of the tests that make a change of power: it is proposed (202,
// a change), then a second person confirms it.

// secondAdmin adds a second active administrator to the region (slug) of
// the sample administrator, with the same password, and returns their
// API token: a region's changes of power need two people.
func (a *app) secondAdmin(t *testing.T, region string) string {
	t.Helper()
	email := "admin.kedua." + region + "@policyflow.test"
	a.st.DB.SQL().MustExec(`INSERT INTO users (email, name, role, region_id, title, password_hash)
		SELECT $1, 'Admin Kedua', 'admin', region_id, 'Administrator', password_hash FROM users WHERE email = $2
		ON CONFLICT DO NOTHING`, email, "admin."+region+"@policyflow.test")
	return a.token(email)
}

// change is a change of power as the API answers it.
type change struct {
	ID          int64  `json:"id"`
	Kind        string `json:"kind"`
	Status      string `json:"status"`
	Result      string `json:"result"`
	PrincipalID int64  `json:"principal_id"`
}

// proposal sends a write that proposes a change of power and returns the
// change; any answer but 202 fails the test.
func (a *app) proposal(t *testing.T, token, method, path string, body any) change {
	t.Helper()
	res, out := a.api(http.DefaultClient, token, method, path, body, "")
	if res.StatusCode != http.StatusAccepted {
		t.Fatalf("%s %s: %d %s, want 202 (proposed)", method, path, res.StatusCode, out)
	}
	var c change
	if err := json.Unmarshal([]byte(out), &c); err != nil || c.ID == 0 || c.Status != "pending" {
		t.Fatalf("%s %s: not a pending change: %s", method, path, out)
	}
	return c
}

// decide confirms (or declines) change id as token's and returns the answer.
func (a *app) decide(token string, id int64, confirm bool) (*http.Response, string) {
	a.t.Helper()
	if confirm {
		return a.api(http.DefaultClient, token, "POST", fmt.Sprintf("/api/v1/changes/%d/confirm", id), nil, "")
	}
	return a.api(http.DefaultClient, token, "POST", fmt.Sprintf("/api/v1/changes/%d/decline", id), map[string]any{"reason": "tidak sesuai"}, "")
}

// confirmed proposes a change as token's and has confirmer confirm it;
// it returns the change confirmed (its Result names the record).
func (a *app) confirmed(t *testing.T, token, method, path string, body any, confirmer string) change {
	t.Helper()
	c := a.proposal(t, token, method, path, body)
	res, out := a.decide(confirmer, c.ID, true)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("confirm change #%d (%s %s): %d %s", c.ID, method, path, res.StatusCode, out)
	}
	json.Unmarshal([]byte(out), &c)
	return c
}

// confirmLatest has confirmer confirm the region's newest pending change
// (one proposed through a page) and returns it.
func (a *app) confirmLatest(t *testing.T, confirmer string) change {
	t.Helper()
	var id int64
	if err := a.st.DB.SQL().Get(&id, `SELECT max(id) FROM pending_changes WHERE status = 'pending'`); err != nil {
		t.Fatalf("no pending change: %v", err)
	}
	res, out := a.decide(confirmer, id, true)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("confirm change #%d: %d %s", id, res.StatusCode, out)
	}
	var c change
	json.Unmarshal([]byte(out), &c)
	return c
}

// resultID is the number of the record a confirmed change made or changed.
func (c change) resultID(t *testing.T) int64 {
	t.Helper()
	_, n, _ := strings.Cut(c.Result, ":")
	id, err := strconv.ParseInt(n, 10, 64)
	if err != nil || id == 0 {
		t.Fatalf("change #%d: result %q names no record", c.ID, c.Result)
	}
	return id
}

// notices counts the power-change notices of a person (by email) whose
// subject starts with prefix.
func (a *app) notices(t *testing.T, email, prefix string) int {
	t.Helper()
	var n int
	if err := a.st.DB.SQL().Get(&n, `SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE u.email = $1 AND n.kind = 'power_change' AND n.subject LIKE $2 || '%'`, email, prefix); err != nil {
		t.Fatal(err)
	}
	return n
}
