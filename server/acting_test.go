package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The region's administrator builds a three-stage chain (quorum 2 of 3
// first) and appoints a Plt. for the Sekretaris Daerah with a mandate
// letter; a policy goes through the chain with the Plt. deciding the
// Sekda's stage on their behalf, shown "Plt. Sekretaris Daerah — <name>".
// Without an appointment, or outside its period, deciding for another is
// refused (403) and changes nothing.
func TestActingOfficialDecidesOnBehalf(t *testing.T) {
	a := newApp(t)
	c := http.DefaultClient
	adm := a.tokens["admin"]
	id := func(email string) int64 { return a.st.UserID(t, email) }
	kabid, kepala, opdHead := id("kabid.sawahlunto@policyflow.test"), id("kepala.sawahlunto@policyflow.test"), id("kepala.opd.sawahlunto@policyflow.test")
	sekda, walikota := id("sekda.sawahlunto@policyflow.test"), id("walikota.sawahlunto@policyflow.test")
	policy := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	var chain int64
	a.st.DB.SQL().Get(&chain, `SELECT chain_id FROM policies WHERE id = $1`, policy)

	// The chain the region's policies follow, rebuilt by the administrator.
	stages := []map[string]any{
		{"name": "Tim pengembangan kompetensi", "quorum": "n_of_m", "quorum_n": 2, "sla_days": 3, "escalation_days": 5, "superior_id": sekda, "approver_ids": []int64{kabid, kepala, opdHead}},
		{"name": "Sekretaris Daerah", "quorum": "any", "sla_days": 3, "escalation_days": 5, "superior_id": walikota, "approver_ids": []int64{sekda}},
		{"name": "Wali Kota", "quorum": "all", "sla_days": 5, "escalation_days": 7, "approver_ids": []int64{walikota}},
	}
	adm2 := a.secondAdmin(t, "sawahlunto")
	edited := a.confirmed(t, adm, "POST", fmt.Sprintf("/api/v1/admin/chains/%d", chain), map[string]any{"name": "Rantai persetujuan Kota Sawahlunto", "stages": stages}, adm2)
	res, out := a.api(c, adm, "GET", fmt.Sprintf("/api/v1/admin/chains/%d", edited.resultID(t)), nil, "")
	if res.StatusCode != 200 {
		t.Fatalf("the edited chain: %d %s", res.StatusCode, out)
	}
	var ch struct {
		ID     int64
		Stages []struct {
			QuorumN int `json:"quorum_n"`
		}
	}
	json.Unmarshal([]byte(out), &ch)
	if ch.ID != chain || len(ch.Stages) != 3 || ch.Stages[0].QuorumN != 2 {
		t.Fatalf("an unused chain is edited in place: %s", out)
	}

	tokens, decide := a.deciders(t, policy, "kabid", "kepala", "kepala.opd", "sekda", "walikota")
	for _, who := range []string{"kabid", "kepala"} {
		if res, out := decide(who, map[string]any{}); res.StatusCode != 200 {
			t.Fatalf("%s approves: %d %s", who, res.StatusCode, out)
		}
	}

	// Stage 2, the Sekda's: the head of Disdukcapil has no appointment yet.
	before := a.rows(t)
	res, out = decide("kepala.opd", map[string]any{"on_behalf_of": sekda})
	if res.StatusCode != 403 {
		t.Fatalf("deciding for the Sekda with no appointment: %d %s, want 403", res.StatusCode, out)
	}
	expectChanges(t, before, a.rows(t), nil)

	today := time.Now().In(time.FixedZone("WIB", 7*3600))
	before = a.rows(t)
	appointment := a.proposal(t, adm, "POST", "/api/v1/acting", map[string]any{"principal_id": sekda, "acting_id": opdHead, "kind": "plt",
		"letter_number": "800/115/BKPSDM/2026", "letter_date": today.Format(time.DateOnly),
		"starts_on": today.AddDate(0, 0, -1).Format(time.DateOnly), "ends_on": today.AddDate(0, 0, 14).Format(time.DateOnly)})
	// The administrator's proposal alone appoints nobody: the head of the
	// unit still cannot decide for the Sekda, and the administrator cannot
	// confirm their own proposal.
	expectChanges(t, before, a.rows(t), map[string]delta{"pending_changes": {1, 0}, "audit_log": {1, 0}, "notifications": {3, 0}})
	if res, out := decide("kepala.opd", map[string]any{"on_behalf_of": sekda}); res.StatusCode != 403 {
		t.Fatalf("deciding for the Sekda on a proposal not yet confirmed: %d %s, want 403", res.StatusCode, out)
	}
	if res, out := a.decide(adm, appointment.ID, true); res.StatusCode != 403 || !strings.Contains(out, "mengusulkan") {
		t.Fatalf("the proposer confirms their own appointment: %d %s, want 403 saying they proposed it", res.StatusCode, out)
	}
	for _, who := range []string{"sekda", "kepala.opd", "admin.kedua"} {
		if n := a.notices(t, who+".sawahlunto@policyflow.test", "Usulan menunggu konfirmasi: Penunjukan Plt./Plh."); n != 1 {
			t.Errorf("%s was told of the proposal %d times, want once", who, n)
		}
	}
	// The Sekda, whose office it fills, confirms: the appointment is made.
	if res, out := a.decide(tokens["sekda"], appointment.ID, true); res.StatusCode != 200 || !strings.Contains(out, `"status":"confirmed"`) {
		t.Fatalf("the principal confirms: %d %s", res.StatusCode, out)
	}
	if n := a.notices(t, "admin.sawahlunto@policyflow.test", "Perubahan dikonfirmasi: Penunjukan Plt./Plh."); n != 1 {
		t.Errorf("the proposer was told of the confirmation %d times, want once", n)
	}
	// The Plt.'s tasks list the Sekda's stage, on the Sekda's behalf.
	_, out = a.api(c, tokens["kepala.opd"], "GET", "/api/v1/dashboard", nil, "")
	if !strings.Contains(out, fmt.Sprintf(`"on_behalf_of":%d`, sekda)) {
		t.Errorf("the Plt.'s dashboard does not list the Sekda's stage: %s", out)
	}
	// The approval page offers the Plt. the decision on the Sekda's behalf.
	plt := a.login("kepala.opd.sawahlunto@policyflow.test")
	if _, page := a.get(plt, fmt.Sprintf("/policies/%d/approval", policy)); !strings.Contains(page, fmt.Sprintf(`name="on_behalf_of" value="%d"`, sekda)) {
		t.Errorf("the approval page does not offer the Plt. to decide for the Sekda")
	}
	if res, out := decide("kepala.opd", map[string]any{"on_behalf_of": sekda}); res.StatusCode != 200 {
		t.Fatalf("the Plt. decides for the Sekda: %d %s", res.StatusCode, out)
	}

	// Stage 3: the Wali Kota appointed the Sekda as Plh. last year, for a week.
	// The Wali Kota proposes it for their own office; an administrator confirms.
	a.confirmed(t, tokens["walikota"], "POST", "/api/v1/acting", map[string]any{"acting_id": sekda, "kind": "plh",
		"letter_number": "800/9/2025", "letter_date": "2025-02-01", "starts_on": "2025-02-03", "ends_on": "2025-02-07"}, adm)
	before = a.rows(t)
	res, out = decide("sekda", map[string]any{"on_behalf_of": walikota})
	if res.StatusCode != 403 || !strings.Contains(out, "03-02-2025") || !strings.Contains(out, "Plh.") {
		t.Fatalf("a Plh. outside the period: %d %s, want 403 naming the period", res.StatusCode, out)
	}
	expectChanges(t, before, a.rows(t), nil)
	if res, out := decide("walikota", map[string]any{}); res.StatusCode != 200 || !strings.Contains(out, `"approved"`) {
		t.Fatalf("the Wali Kota approves: %d %s", res.StatusCode, out)
	}

	// The decision shows the Plt.: in the API and on the policy's page.
	res, out = a.api(c, adm, "GET", fmt.Sprintf("/api/v1/policies/%d/timeline", policy), nil, "")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("timeline: %d %s", res.StatusCode, out)
	}
	var tl struct {
		Runs []struct {
			Decisions []struct {
				Decider    string  `json:"decider"`
				ActingKind *string `json:"acting_kind"`
				ActingAs   string  `json:"acting_as"`
			} `json:"decisions"`
		} `json:"approval_runs"`
	}
	json.Unmarshal([]byte(out), &tl)
	want := "Plt. Sekretaris Daerah — Kepala OPD"
	found := false
	for _, r := range tl.Runs {
		for _, d := range r.Decisions {
			if d.ActingAs == want && d.ActingKind != nil && *d.ActingKind == "plt" {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("timeline has no decision shown %q: %s", want, out)
	}
	if _, page := a.get(a.people["drafter"], fmt.Sprintf("/policies/%d", policy)); !strings.Contains(page, want) {
		t.Errorf("the policy page does not show %q", want)
	}
	// Both appointments are in the region's administrative audit log.
	_, page := a.get(a.people["admin"], "/admin")
	if strings.Count(page, "Plt./Plh. ditunjuk") != 2 {
		t.Errorf("the audit log on /admin does not list both appointments")
	}
}

// Stakeholder groups are chosen when a consultation opens: the server
// invites their members, of the policy's region only.
func TestConsultationInvitesGroups(t *testing.T) {
	a := newApp(t)
	c := http.DefaultClient
	akademisi := a.st.UserID(t, "akademisi.sawahlunto@policyflow.test")
	res, out := a.api(c, a.tokens["admin"], "POST", "/api/v1/admin/groups", map[string]any{"name": "Akademisi", "kind": "akademisi", "member_ids": []int64{akademisi}}, "")
	if res.StatusCode != 201 {
		t.Fatalf("create group: %d %s", res.StatusCode, out)
	}
	var g struct{ ID int64 }
	json.Unmarshal([]byte(out), &g)
	other := a.token("admin.pangkalpinang@policyflow.test")
	res, out = a.api(c, other, "POST", "/api/v1/admin/groups", map[string]any{"name": "Praktisi", "kind": "praktisi", "member_ids": []int64{}}, "")
	if res.StatusCode != 201 {
		t.Fatalf("create group in Pangkalpinang: %d %s", res.StatusCode, out)
	}
	var og struct{ ID int64 }
	json.Unmarshal([]byte(out), &og)
	if res, _ := a.api(c, other, "GET", fmt.Sprintf("/api/v1/admin/groups/%d", g.ID), nil, ""); res.StatusCode != 404 {
		t.Errorf("another region's administrator reads the group: %d, want 404", res.StatusCode)
	}

	policy := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	path := fmt.Sprintf("/policies/%d", policy)
	if _, page := a.get(a.people["drafter"], path); !strings.Contains(page, fmt.Sprintf(`name="group_ids" value="%d"`, g.ID)) {
		t.Errorf("the consultation form offers no group")
	}
	closes := time.Now().Add(72 * time.Hour).Format(time.RFC3339)
	before := a.rows(t)
	res, out = a.api(c, a.tokens["drafter"], "POST", "/api/v1"+path+"/actions/open_consultation", map[string]any{"closes_at": closes, "group_ids": []int64{og.ID}}, "")
	if res.StatusCode != 422 || !strings.Contains(out, `"field":"group_ids"`) {
		t.Fatalf("another region's group: %d %s, want 422 naming group_ids", res.StatusCode, out)
	}
	expectChanges(t, before, a.rows(t), nil)
	f := url.Values{"csrf": {a.csrf(a.people["drafter"], path)}, "closes_at": {time.Now().Add(72 * time.Hour).In(time.FixedZone("WIB", 7*3600)).Format("2006-01-02T15:04")},
		"version_number": {"1"}, "group_ids": {fmt.Sprint(g.ID)}}
	if res, out := a.form(a.people["drafter"], path+"/actions/open_consultation", f); res.StatusCode != 303 {
		t.Fatalf("open consultation with a group: %d %.300s", res.StatusCode, out)
	}
	var invited []int64
	a.st.DB.SQL().Select(&invited, `SELECT i.user_id FROM consultation_invitees i JOIN consultations c ON c.id = i.consultation_id WHERE c.policy_id = $1`, policy)
	if len(invited) != 1 || invited[0] != akademisi {
		t.Errorf("invitees = %v, want the group's one member %d", invited, akademisi)
	}
}
