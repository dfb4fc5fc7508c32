package workflows

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

var stages = []string{"kabid", "kepala", "sekda", "walikota"}

func (h *harness) decide(d time.Duration, name, run string, act policies.Action, who string, sha func() string, reason string) {
	h.at(d, name, run, act, func() Request {
		return Request{Actor: h.actor(who), VersionSHA256: sha(), Reason: reason}
	})
}

func (h *harness) submitAt(d time.Duration, name string) {
	h.at(d, name, "", policies.ActSubmit, func() Request { return Request{Actor: h.actor("penyusun")} })
}

// monday is Monday 2 November 2026, 09.00 WIB: a week with no holiday.
var monday = time.Date(2026, time.November, 2, 9, 0, 0, 0, policies.WIB)

func TestFullApprovalThroughFourStages(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	h.startAt(monday)
	sha, run := h.submitted()
	for i, who := range stages {
		h.decide(time.Duration(2+i)*time.Hour, who, run, policies.ActApprove, who, func() string { return sha }, "")
	}
	var mid PolicyState
	h.do(150*time.Minute, func() { mid = h.state() })
	var after PolicyState
	var afterStatus policies.Status
	h.do(7*time.Hour, func() { after, afterStatus = h.state(), h.status() })
	h.archiveAt(8 * time.Hour)
	h.run()

	if r := h.ok("submit"); r.Status != policies.StatusInApproval || r.WorkflowID != run {
		t.Errorf("submit = %+v, want in_approval with run %s", r, run)
	}
	for i, who := range stages {
		r := h.ok(who)
		want := "stage_approved"
		if i == len(stages)-1 {
			want = "approved"
		}
		if r.Outcome != want {
			t.Errorf("%s's approval outcome = %q, want %q", who, r.Outcome, want)
		}
	}
	if mid.Approval == nil || mid.Approval.Stage != 2 || mid.Approval.StageName != "Kepala BKPSDM" || len(mid.Approval.Awaiting) != 1 || mid.Approval.Awaiting[0] != h.users["kepala"] {
		t.Errorf("state after stage 1 = %+v, want stage 2 awaiting Kepala BKPSDM", mid.Approval)
	}
	if mid.Approval != nil && !mid.Approval.SLADue.Equal(mid.Approval.StageStarted.Add(3*day)) {
		t.Errorf("stage 2 SLA due %s, want 3 working days (Monday to Thursday) after %s", mid.Approval.SLADue, mid.Approval.StageStarted)
	}
	if after.Status != policies.StatusApproved || afterStatus != policies.StatusApproved || after.Approval != nil || after.LastOutcome != "approved" {
		t.Errorf("after the last stage: workflow %q, record %q, approval %+v, outcome %q; want approved", after.Status, afterStatus, after.Approval, after.LastOutcome)
	}
	if n := h.count(`SELECT count(*) FROM decisions WHERE policy_id = $1 AND decision = 'approve' AND sha256_approved = $2`, h.policyID, sha); n != 4 {
		t.Errorf("approve decisions with the version's SHA-256 = %d, want 4", n)
	}
	if n := h.count(`SELECT count(*) FROM policies WHERE id = $1 AND in_force_version_id = current_version_id`, h.policyID); n != 1 {
		t.Error("the approved version is not in force")
	}
	for _, who := range stages {
		if n := h.notified("approval_request", h.users[who]); n != 1 {
			t.Errorf("approval requests to %s = %d, want 1", who, n)
		}
	}
	if n := h.notified("approval_outcome", h.users["penyusun"]); n != 1 {
		t.Errorf("outcome notices to the drafter = %d, want 1", n)
	}
	if n := h.count(`SELECT count(*) FROM approval_runs WHERE policy_id = $1 AND outcome = 'approved'`, h.policyID); n != 1 {
		t.Errorf("approved runs = %d, want 1", n)
	}
}

func TestRejectAtStage3ThenApproveNewVersion(t *testing.T) {
	h := newHarness(t, "pangkalpinang", "pangkalpinang-pengembangan-kompetensi-asn")
	sha1 := h.sha()
	var sha2 string
	h.submitAt(time.Hour, "submit-1")
	run1 := h.child("approval", 1)
	h.decide(2*time.Hour, "kabid-1", run1, policies.ActApprove, "kabid", func() string { return sha1 }, "")
	h.decide(3*time.Hour, "kepala-1", run1, policies.ActApprove, "kepala", func() string { return sha1 }, "")
	h.decide(4*time.Hour, "sekda-1", run1, policies.ActReject, "sekda", func() string { return sha1 }, "Target JP belum jelas")
	var afterReject PolicyState
	var statusAfterReject policies.Status
	h.do(5*time.Hour, func() {
		afterReject, statusAfterReject = h.state(), h.status()
		v, err := h.db.CreateVersion(context.Background(), h.policyID, 1, "# Kebijakan\n\n## Target\n\nMinimal 20 JP per tahun.\n", h.users["penyusun"], "tambah target JP")
		if err != nil {
			t.Error(err)
		}
		sha2 = v.SHA256
	})
	h.submitAt(6*time.Hour, "submit-2")
	run2 := h.child("approval", 2)
	// An approval of the old version never counts.
	h.decide(7*time.Hour, "stale", run2, policies.ActApprove, "kabid", func() string { return sha1 }, "")
	for i, who := range stages {
		h.decide(time.Duration(8+i)*time.Hour, who+"-2", run2, policies.ActApprove, who, func() string { return sha2 }, "")
	}
	h.archiveAt(13 * time.Hour)
	h.run()

	if r := h.ok("sekda-1"); r.Outcome != "rejected" || r.Status != policies.StatusDrafting {
		t.Errorf("rejection = %+v, want rejected, back to drafting", r)
	}
	if afterReject.Status != policies.StatusDrafting || statusAfterReject != policies.StatusDrafting || afterReject.Approval != nil {
		t.Errorf("after rejection: workflow %q, record %q, approval %+v; want drafting and no run", afterReject.Status, statusAfterReject, afterReject.Approval)
	}
	h.refused("stale", policies.KindConflict)
	if r := h.ok("walikota-2"); r.Outcome != "approved" {
		t.Errorf("last approval of version 2 = %+v, want approved", r)
	}
	if n := h.count(`SELECT count(*) FROM decisions d JOIN approval_runs r ON r.id = d.approval_run_id WHERE r.workflow_id = $1`, run1); n != 3 {
		t.Errorf("decisions in run 1 = %d, want 3", n)
	}
	if n := h.count(`SELECT count(*) FROM decisions d JOIN approval_runs r ON r.id = d.approval_run_id WHERE r.workflow_id = $1 AND d.sha256_approved = $2`, run2, sha2); n != 4 {
		t.Errorf("decisions on version 2 in run 2 = %d, want 4", n)
	}
	if n := h.count(`SELECT count(*) FROM policies p JOIN policy_versions v ON v.id = p.in_force_version_id WHERE p.id = $1 AND v.number = 2`, h.policyID); n != 1 {
		t.Error("version 2 is not in force after its approval")
	}
	if n := h.count(`SELECT count(*) FROM approval_runs WHERE policy_id = $1 AND outcome = 'rejected'`, h.policyID); n != 1 {
		t.Errorf("rejected runs = %d, want 1", n)
	}
}

func TestRequestChanges(t *testing.T) {
	h := newHarness(t, "bukittinggi", "bukittinggi-peningkatan-kualitas-asn")
	sha, run := h.submitted()
	h.decide(2*time.Hour, "no-reason", run, policies.ActRequestChanges, "kabid", func() string { return sha }, "")
	h.decide(3*time.Hour, "changes", run, policies.ActRequestChanges, "kabid", func() string { return sha }, "Tambahkan indikator Kirkpatrick")
	h.decide(4*time.Hour, "late", run, policies.ActApprove, "kepala", func() string { return sha }, "")
	var st policies.Status
	h.do(5*time.Hour, func() { st = h.status() })
	h.archiveAt(6 * time.Hour)
	h.run()

	h.refused("no-reason", policies.KindInvalid)
	if r := h.ok("changes"); r.Outcome != "changes_requested" || r.Status != policies.StatusDrafting {
		t.Errorf("request changes = %+v, want changes_requested and drafting", r)
	}
	if st != policies.StatusDrafting {
		t.Errorf("record status = %q, want drafting", st)
	}
	if o := h.results["late"]; o.accepted && o.err == nil {
		t.Error("a decision after the run ended was accepted")
	}
	var body string
	if err := h.db.SQL().Get(&body, `SELECT body FROM notifications WHERE policy_id = $1 AND kind = 'approval_outcome'`, h.policyID); err != nil {
		t.Fatal(err)
	}
	if want := "Tambahkan indikator Kirkpatrick"; !strings.Contains(body, want) {
		t.Errorf("outcome notice %q does not give the reason %q", body, want)
	}
	if n := h.count(`SELECT count(*) FROM decisions WHERE policy_id = $1`, h.policyID); n != 1 {
		t.Errorf("decisions = %d, want 1 (the refused ones change nothing)", n)
	}
}

func TestQuorumTwoOfThree(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-pengelolaan-kompetensi-asn")
	// Stage 1 needs any two of Kabid, Kepala OPD and the Wali Kota.
	h.db.SQL().MustExec(`UPDATE approval_stages s SET quorum = 'n_of_m', quorum_n = 2 FROM policies p
		WHERE p.id = $1 AND s.chain_id = p.chain_id AND s.position = 1`, h.policyID)
	h.db.SQL().MustExec(`INSERT INTO stage_approvers (stage_id, user_id)
		SELECT s.id, u FROM approval_stages s JOIN policies p ON p.chain_id = s.chain_id, unnest($2::bigint[]) u
		WHERE p.id = $1 AND s.position = 1`, h.policyID, "{"+itoa(h.users["kepala.opd"])+","+itoa(h.users["walikota"])+"}")
	sha, run := h.submitted()
	h.decide(2*time.Hour, "kabid", run, policies.ActApprove, "kabid", func() string { return sha }, "")
	h.decide(3*time.Hour, "kabid-again", run, policies.ActApprove, "kabid", func() string { return sha }, "")
	var mid PolicyState
	h.do(3*time.Hour+time.Minute, func() { mid = h.state() })
	h.decide(4*time.Hour, "kepala-opd", run, policies.ActApprove, "kepala.opd", func() string { return sha }, "")
	var after PolicyState
	h.do(5*time.Hour, func() { after = h.state() })
	h.archiveAt(6 * time.Hour)
	h.run()

	if r := h.ok("kabid"); r.Outcome != "recorded" {
		t.Errorf("first of two approvals = %q, want recorded (stage still waiting)", r.Outcome)
	}
	h.refused("kabid-again", policies.KindConflict)
	if mid.Approval == nil || mid.Approval.Stage != 1 || mid.Approval.Needed != 2 || mid.Approval.Approvals != 1 || len(mid.Approval.Awaiting) != 2 {
		t.Errorf("after one approval: %+v, want stage 1 with 1 of 2 and 2 awaited", mid.Approval)
	}
	if r := h.ok("kepala-opd"); r.Outcome != "stage_approved" {
		t.Errorf("second approval = %q, want stage_approved", r.Outcome)
	}
	if after.Approval == nil || after.Approval.Stage != 2 {
		t.Errorf("after two of three: %+v, want stage 2", after.Approval)
	}
}

func TestSLAReminderThenEscalation(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kapasitas-asn")
	h.startAt(monday)
	sha, run := h.submitted()
	counts := map[string][2]int{}
	look := func(label string) func() {
		return func() {
			counts[label] = [2]int{h.notified("approval_sla_reminder", h.users["kabid"]), h.notified("approval_escalation", h.users["kepala"])}
		}
	}
	// Stage 1 (Kabid), submitted Monday 10.00, has a 3-working-day SLA
	// (Thursday 10.00) and a 6-working-day escalation: Tuesday of the next
	// week, 8 days on.
	h.do(time.Hour+3*day-time.Minute, look("before SLA"))
	h.do(time.Hour+3*day+time.Minute, look("after SLA"))
	h.do(time.Hour+8*day-time.Minute, look("before escalation"))
	h.do(time.Hour+8*day+time.Minute, look("after escalation"))
	var st PolicyState
	h.do(time.Hour+8*day+2*time.Minute, func() { st = h.state() })
	h.decide(9*day, "kabid", run, policies.ActApprove, "kabid", func() string { return sha }, "")
	h.do(30*day, look("end"))
	h.archiveAt(31 * day)
	h.run()

	want := map[string][2]int{"before SLA": {0, 0}, "after SLA": {1, 0}, "before escalation": {1, 0}, "after escalation": {1, 1}, "end": {1, 1}}
	for label, w := range want {
		if counts[label] != w {
			t.Errorf("%s: [SLA reminders to Kabid, escalations to Kepala BKPSDM] = %v, want %v", label, counts[label], w)
		}
	}
	if st.Approval == nil || !st.Approval.Reminded || !st.Approval.Escalated {
		t.Errorf("state after escalation = %+v, want reminded and escalated", st.Approval)
	}
	if r := h.ok("kabid"); r.Outcome != "stage_approved" {
		t.Errorf("late approval = %q, want stage_approved", r.Outcome)
	}
	// Stage 2 started at day 9: its own SLA reminder went to Kepala BKPSDM by day 30.
	if n := h.notified("approval_sla_reminder", h.users["kepala"]); n != 1 {
		t.Errorf("stage 2 SLA reminders = %d, want 1", n)
	}
}

func TestDelegatedDecision(t *testing.T) {
	h := newHarness(t, "bukittinggi", "bukittinggi-peningkatan-kualitas-asn")
	sha, run := h.submitted()
	h.at(2*time.Hour, "delegate", run, policies.ActDelegate, func() Request {
		return Request{Actor: h.actor("kabid"), DelegateTo: h.users["kepala.opd"], DelegateUntil: h.start.Add(5 * day)}
	})
	h.at(3*time.Hour, "plt", run, policies.ActApprove, func() Request {
		return Request{Actor: h.actor("kepala.opd"), VersionSHA256: sha, OnBehalfOf: h.users["kabid"]}
	})
	// Sekda is nobody's Plt.: deciding for Kepala BKPSDM is forbidden.
	h.at(4*time.Hour, "not-plt", run, policies.ActApprove, func() Request {
		return Request{Actor: h.actor("sekda"), VersionSHA256: sha, OnBehalfOf: h.users["kepala"]}
	})
	// A stakeholder may never decide.
	h.at(5*time.Hour, "stakeholder", run, policies.ActApprove, func() Request {
		return Request{Actor: h.actor("akademisi"), VersionSHA256: sha}
	})
	h.archiveAt(6 * time.Hour)
	h.run()

	h.ok("delegate")
	if r := h.ok("plt"); r.Outcome != "stage_approved" {
		t.Errorf("Plt. approval = %+v, want stage_approved", r)
	}
	h.refused("not-plt", policies.KindForbidden)
	h.refused("stakeholder", policies.KindForbidden)
	var d policies.Decision
	if err := h.db.SQL().Get(&d, `SELECT decider_id, acting_for_id FROM decisions WHERE policy_id = $1`, h.policyID); err != nil {
		t.Fatal(err)
	}
	if d.DeciderID != h.users["kepala.opd"] || d.ActingForID == nil || *d.ActingForID != h.users["kabid"] {
		t.Errorf("decision by %d acting for %v, want by Kepala OPD %d for Kabid %d", d.DeciderID, d.ActingForID, h.users["kepala.opd"], h.users["kabid"])
	}
	if n := h.count(`SELECT count(*) FROM delegations WHERE principal_id = $1 AND delegate_id = $2`, h.users["kabid"], h.users["kepala.opd"]); n != 1 {
		t.Errorf("delegation rows = %d, want 1", n)
	}
	if n := h.notified("delegation", h.users["kepala.opd"]); n != 1 {
		t.Errorf("delegation notices to the Plt. = %d, want 1", n)
	}
	// The archive cancelled the run.
	if n := h.count(`SELECT count(*) FROM approval_runs WHERE policy_id = $1 AND outcome = 'cancelled'`, h.policyID); n != 1 {
		t.Errorf("cancelled runs after archiving = %d, want 1", n)
	}
}
