package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Reactivating someone who holds a role of power gives the power back, so
// one administrator does not do it alone (issue 24): it is proposed, the
// person stays unable to sign in until a second administrator confirms,
// and the person's page and the changes page say so in words. Anyone
// else is reactivated at once, as before.
func TestReactivatingPowerNeedsASecondPerson(t *testing.T) {
	a := newApp(t)
	adm, adm2 := a.tokens["admin"], a.secondAdmin(t, "sawahlunto")
	leader := a.user("leader").ID
	active := func(id int64) bool {
		return a.text(t, `SELECT (deactivated_at IS NULL)::text FROM users WHERE id = $1`, id) == "true"
	}
	if res, out := a.api(http.DefaultClient, adm, "POST", fmt.Sprintf("/api/v1/admin/people/%d/deactivate", leader), nil, ""); res.StatusCode != http.StatusOK {
		t.Fatalf("deactivate the leader: %d %s", res.StatusCode, out)
	}

	before := a.rows(t)
	c := a.proposal(t, adm, "POST", fmt.Sprintf("/api/v1/admin/people/%d/reactivate", leader), nil)
	expectChanges(t, before, a.rows(t), map[string]delta{"pending_changes": {1, 0}, "audit_log": {1, 0}, "notifications": {2, 0}})
	if c.Kind != "person.reactivate" || active(leader) {
		t.Fatalf("a proposed reactivation (%s) let the leader sign in already (active=%t)", c.Kind, active(leader))
	}
	if res, _ := a.form(a.client(), "/login", url.Values{"csrf": {a.csrf(a.client(), "/login")}, "email": {roleEmails["leader"]}, "password": {"x"}}); res.StatusCode == http.StatusSeeOther {
		t.Fatalf("the leader signs in before the reactivation is confirmed")
	}
	if _, page := a.get(a.people["admin"], fmt.Sprintf("/admin/people/%d", leader)); !strings.Contains(page, fmt.Sprintf(`href="/changes#change-%d"`, c.ID)) {
		t.Errorf("the leader's page does not show the reactivation awaiting confirmation")
	}
	second := a.login("admin.kedua.sawahlunto@policyflow.test")
	if _, page := a.get(second, "/changes"); !strings.Contains(page, "Pengaktifan kembali pemegang peran berkewenangan") ||
		!strings.Contains(page, "(Pimpinan)") || !strings.Contains(page, "menunggu keputusan sampai") {
		t.Errorf("the changes page does not word the reactivation, the role and until when it waits: %.3000s", page)
	}
	if res, out := a.decide(adm, c.ID, true); res.StatusCode != http.StatusForbidden {
		t.Fatalf("the proposer confirms their own reactivation: %d %s, want 403", res.StatusCode, out)
	}
	if res, out := a.decide(adm2, c.ID, true); res.StatusCode != http.StatusOK || !strings.Contains(out, `"status":"confirmed"`) {
		t.Fatalf("the second administrator confirms: %d %s", res.StatusCode, out)
	}
	if !active(leader) {
		t.Fatalf("the confirmed reactivation did not take effect")
	}
	if n := a.text(t, `SELECT count(*)::text FROM audit_log WHERE action = 'user.reactivated' AND subject = $1`, fmt.Sprintf("user:%d", leader)); n != "1" {
		t.Errorf("the reactivation is audited %s times, want once", n)
	}

	// A drafter holds no power: deactivated and reactivated by one administrator.
	drafter := a.user("drafter").ID
	for _, step := range []string{"deactivate", "reactivate"} {
		if res, out := a.api(http.DefaultClient, adm, "POST", fmt.Sprintf("/api/v1/admin/people/%d/%s", drafter, step), nil, ""); res.StatusCode != http.StatusOK {
			t.Fatalf("%s the drafter: %d %s, want 200", step, res.StatusCode, out)
		}
	}
	if !active(drafter) {
		t.Errorf("the drafter is not active again")
	}
}

// A proposal waits 14 days for its decision; past that it reads as
// expired everywhere, cannot be confirmed or declined (409 saying so), and
// the changes page lists it among the decided as expired.
func TestProposalsExpire(t *testing.T) {
	a := newApp(t)
	adm, adm2 := a.tokens["admin"], a.secondAdmin(t, "sawahlunto")
	officer := a.user("unit_officer").ID
	c := a.proposal(t, adm, "POST", fmt.Sprintf("/api/v1/admin/people/%d", officer), map[string]any{"role": "leader", "unit": ""})
	days := a.text(t, `SELECT extract(day FROM expires_at - proposed_at)::text FROM pending_changes WHERE id = $1`, c.ID)
	if days != "14" {
		t.Fatalf("a proposal waits %s days, want 14", days)
	}
	a.st.DB.SQL().MustExec(`UPDATE pending_changes SET proposed_at = now() - interval '15 days', expires_at = now() - interval '1 day' WHERE id = $1`, c.ID)

	if _, out := a.get(a.people["admin"], fmt.Sprintf("/api/v1/changes/%d", c.ID)); !strings.Contains(out, `"status":"expired"`) {
		t.Errorf("an expired proposal does not read as expired: %s", out)
	}
	before := a.rows(t)
	for _, confirm := range []bool{true, false} {
		if res, out := a.decide(adm2, c.ID, confirm); res.StatusCode != http.StatusConflict || !strings.Contains(out, "kedaluwarsa") {
			t.Errorf("deciding an expired proposal (confirm=%t): %d %s, want 409 saying it expired", confirm, res.StatusCode, out)
		}
	}
	expectChanges(t, before, a.rows(t), nil)
	if role := a.text(t, `SELECT role FROM users WHERE id = $1`, officer); role != "unit_officer" {
		t.Errorf("the expired grant took effect: role %s", role)
	}
	second := a.login("admin.kedua.sawahlunto@policyflow.test")
	_, page := a.get(second, "/changes")
	if strings.Contains(page, fmt.Sprintf(`id="confirm-%d"`, c.ID)) {
		t.Errorf("the changes page still offers to confirm an expired proposal")
	}
	if !strings.Contains(page, fmt.Sprintf(`<tr id="change-%d" data-status="expired">`, c.ID)) || !strings.Contains(page, "Kedaluwarsa tanpa keputusan") {
		t.Errorf("the changes page does not list the proposal as expired: %.3000s", page)
	}
	// Proposed again, it waits afresh.
	again := a.proposal(t, adm, "POST", fmt.Sprintf("/api/v1/admin/people/%d", officer), map[string]any{"role": "leader", "unit": ""})
	if res, out := a.decide(adm2, again.ID, true); res.StatusCode != http.StatusOK {
		t.Errorf("confirming the proposal made again: %d %s", res.StatusCode, out)
	}
}
