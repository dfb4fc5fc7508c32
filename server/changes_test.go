package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// One administrator cannot take the Wali Kota's power (issue 24): a leader
// invited under an address they own, or a role given to an account, is a
// proposal that grants nothing until a second administrator confirms it;
// a decline leaves nothing; the proposer never confirms their own; a
// change whose person moved in the meantime is refused at confirmation;
// the people concerned are told; every step is on the admin audit in words.
func TestNoAdministratorGrantsPowerAlone(t *testing.T) {
	a := newApp(t)
	adm, adm2 := a.tokens["admin"], a.secondAdmin(t, "sawahlunto")
	db := a.st.DB.SQL()
	count := func(q string, args ...any) int {
		var n int
		if err := db.Get(&n, q, args...); err != nil {
			t.Fatal(err)
		}
		return n
	}

	// An invitation as leader under the administrator's own address: proposed, nobody made.
	before := a.rows(t)
	invite := a.proposal(t, adm, "POST", "/api/v1/admin/people", map[string]any{"email": "walikota.palsu@contoh.go.id", "name": "Wali Kota Palsu", "role": "leader", "title": "Wali Kota"})
	expectChanges(t, before, a.rows(t), map[string]delta{"pending_changes": {1, 0}, "audit_log": {1, 0}, "notifications": {1, 0}})
	if n := count(`SELECT count(*) FROM users WHERE email = 'walikota.palsu@contoh.go.id'`); n != 0 {
		t.Fatalf("a proposed invitation made the account (%d)", n)
	}
	if res, out := a.decide(adm, invite.ID, true); res.StatusCode != http.StatusForbidden || !strings.Contains(out, "orang kedua") {
		t.Fatalf("the proposer confirms their own invitation: %d %s, want 403 asking for a second person", res.StatusCode, out)
	}
	// The second administrator declines it: nothing is made, the proposer is told.
	before = a.rows(t)
	if res, out := a.decide(adm2, invite.ID, false); res.StatusCode != http.StatusOK || !strings.Contains(out, `"status":"declined"`) {
		t.Fatalf("decline: %d %s", res.StatusCode, out)
	}
	expectChanges(t, before, a.rows(t), map[string]delta{"pending_changes": {1, 1}, "audit_log": {1, 0}, "notifications": {1, 0}})
	if n := a.notices(t, "admin.sawahlunto@policyflow.test", "Usulan ditolak: Undangan"); n != 1 {
		t.Errorf("the proposer was told of the decline %d times, want once", n)
	}
	if res, out := a.decide(adm2, invite.ID, true); res.StatusCode != http.StatusConflict {
		t.Errorf("confirming a declined change: %d %s, want 409", res.StatusCode, out)
	}

	// The drafter given the admin role: proposed, the drafter is told and is
	// not yet an administrator; the second administrator confirms.
	drafter := a.st.UserID(t, "penyusun.sawahlunto@policyflow.test")
	grant := a.proposal(t, adm, "POST", fmt.Sprintf("/api/v1/admin/people/%d", drafter), map[string]any{"role": "admin"})
	if n := count(`SELECT count(*) FROM users WHERE id = $1 AND role = 'drafter'`, drafter); n != 1 {
		t.Fatalf("the proposed role took effect before confirmation")
	}
	if _, page := a.get(a.people["admin"], fmt.Sprintf("/admin/people/%d", drafter)); !strings.Contains(page, `id="pending-changes"`) ||
		!strings.Contains(page, fmt.Sprintf(`href="/changes#change-%d"`, grant.ID)) {
		t.Errorf("the person's page does not show the role awaiting confirmation")
	}
	if n := a.notices(t, "penyusun.sawahlunto@policyflow.test", "Usulan menunggu konfirmasi: Pemberian peran"); n != 1 {
		t.Errorf("the person given the role was told %d times, want once", n)
	}
	if res, _ := a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/changes/%d/confirm", grant.ID), nil, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("the drafter confirms their own promotion: %d, want 403", res.StatusCode)
	}
	// Confirmed on the page by the second administrator, whose
	// administration page says a change awaits them.
	second := a.login("admin.kedua.sawahlunto@policyflow.test")
	if _, page := a.get(second, "/admin"); !strings.Contains(page, "1 perubahan kewenangan menunggu konfirmasi Anda") {
		t.Errorf("the second administrator's landing page does not say a change awaits them")
	}
	_, page := a.get(second, "/changes")
	if !strings.Contains(page, fmt.Sprintf(`id="confirm-%d"`, grant.ID)) || !strings.Contains(page, "Penyusun BKPSDM: Penyusun") {
		t.Fatalf("the second administrator's page offers no confirmation of #%d in words: %.2000s", grant.ID, page)
	}
	if _, mine := a.get(a.people["admin"], "/changes"); strings.Contains(mine, fmt.Sprintf(`id="confirm-%d"`, grant.ID)) {
		t.Errorf("the proposer's page offers them to confirm their own change")
	}
	res, _ := a.form(second, fmt.Sprintf("/changes/%d/confirm", grant.ID), url.Values{"csrf": {a.csrf(second, "/changes")}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "done=change_done_confirmed") {
		t.Fatalf("confirm on the page: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if n := count(`SELECT count(*) FROM users WHERE id = $1 AND role = 'admin'`, drafter); n != 1 {
		t.Fatalf("the confirmed role did not take effect")
	}

	// A change proposed against a person who moved since is refused.
	officer := a.st.UserID(t, "opd.sawahlunto@policyflow.test")
	stale := a.proposal(t, adm, "POST", fmt.Sprintf("/api/v1/admin/people/%d", officer), map[string]any{"role": "leader", "unit": ""})
	if res, out := a.api(http.DefaultClient, adm2, "POST", fmt.Sprintf("/api/v1/admin/people/%d", officer), map[string]any{"title": "Analis Kepegawaian"}, ""); res.StatusCode != http.StatusOK {
		t.Fatalf("a title change needs no second person: %d %s", res.StatusCode, out)
	}
	before = a.rows(t)
	if res, out := a.decide(adm2, stale.ID, true); res.StatusCode != http.StatusConflict || !strings.Contains(out, "sudah berubah") {
		t.Fatalf("confirming a change whose person moved: %d %s, want 409", res.StatusCode, out)
	}
	expectChanges(t, before, a.rows(t), nil)
	// Its proposer withdraws it.
	if res, out := a.decide(adm, stale.ID, false); res.StatusCode != http.StatusOK || !strings.Contains(out, `"status":"declined"`) {
		t.Fatalf("the proposer withdraws: %d %s", res.StatusCode, out)
	}

	// Settings that change who holds legal power: the same.
	harmo := a.proposal(t, adm, "POST", "/api/v1/admin/harmonisation", map[string]any{"form": "kepwali", "required": true})
	if _, page := a.get(a.people["admin"], "/admin/harmonisation"); !strings.Contains(page, `id="setting-kepwali" data-required="false"`) {
		t.Errorf("a proposed harmonisation setting took effect")
	}
	if res, out := a.decide(adm2, harmo.ID, true); res.StatusCode != http.StatusOK {
		t.Fatalf("confirm the setting: %d %s", res.StatusCode, out)
	}
	if _, page := a.get(a.people["admin"], "/admin/harmonisation"); !strings.Contains(page, `id="setting-kepwali" data-required="true"`) {
		t.Errorf("the confirmed harmonisation setting did not take effect")
	}

	// Each step is on the admin audit, in words, in both languages.
	_, audit := a.get(a.people["admin"], "/admin")
	for _, w := range []string{"Perubahan kewenangan diusulkan", "Perubahan kewenangan dikonfirmasi orang kedua", "Perubahan kewenangan ditolak atau ditarik", "Perubahan #"} {
		if !strings.Contains(audit, w) {
			t.Errorf("the admin audit does not say %q", w)
		}
	}
	if _, audit := a.get(a.people["admin"], "/admin?lang=en"); !strings.Contains(audit, "Change of power confirmed by a second person") {
		t.Errorf("the English admin audit does not word the confirmation")
	}

	// Another region's administrator sees none of it; a region with one administrator is told what to do.
	other := a.login("admin.pangkalpinang@policyflow.test")
	if res, _ := a.get(other, fmt.Sprintf("/api/v1/changes/%d", grant.ID)); res.StatusCode != http.StatusNotFound {
		t.Errorf("another region's change: %d, want 404", res.StatusCode)
	}
	if _, page := a.get(other, "/changes"); !strings.Contains(page, `id="lone-admin"`) || strings.Contains(page, "Penyusun BKPSDM") {
		t.Errorf("the lone administrator's page does not say what to do, or shows another region's changes")
	}
}
