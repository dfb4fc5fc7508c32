package workflows

import (
	"fmt"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// Every action of the PolicyWorkflow that the transition table forbids, for
// every status and every role, is refused by its validator with the table's
// reason (403 for the role, 409 for the state), and changes nothing.
func TestIllegalTransitionsRefused(t *testing.T) {
	roles := []policies.Role{policies.RoleDrafter, policies.RoleStakeholder, policies.RoleLeader,
		policies.RoleUnitOfficer, policies.RoleAdmin, policies.RoleSystem}
	for _, status := range policies.Statuses {
		if status == policies.StatusArchived {
			continue // its workflow ends at once: see TestArchivedPolicyWorkflowEnds
		}
		t.Run(string(status), func(t *testing.T) {
			h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
			h.db.SQL().MustExec(`UPDATE policies SET status = $2, in_force_version_id = current_version_id WHERE id = $1`, h.policyID, status)
			audits := h.count(`SELECT count(*) FROM audit_log WHERE policy_id = $1`, h.policyID)
			unit := h.unit("disdukcapil")
			type probe struct {
				name string
				want policies.ErrorKind
			}
			var probes []probe
			i := 0
			for _, act := range policyActions {
				for _, role := range roles {
					_, err := policies.CheckTransition(status, act, role)
					if err == nil {
						continue // legal: not this test's business
					}
					i++
					name := fmt.Sprintf("%s/%s", act, role)
					probes = append(probes, probe{name, policies.KindOf(err)})
					h.at(time.Duration(i)*time.Minute, name, "", act, func() Request {
						return Request{Actor: Actor{UserID: h.users["penyusun"], Role: role}, Reason: "uji",
							ClosesAt: h.start.Add(10 * day),
							Program: &ProgramPlan{UnitID: unit, Kind: policies.KindSeminar, Title: "Seminar",
								StartsAt: h.start.Add(day), EndsAt: h.start.Add(2 * day), JP: 4},
							Evaluation: &EvaluationReport{UnitID: unit, Round: 1, Instrument: "skm", Score: 90}}
					})
				}
			}
			var statusAfter policies.Status
			var auditsAfter int
			h.do(time.Duration(i+1)*time.Minute, func() {
				statusAfter = h.status()
				auditsAfter = h.count(`SELECT count(*) FROM audit_log WHERE policy_id = $1`, h.policyID)
			})
			h.archiveAt(time.Duration(i+2) * time.Minute)
			h.run()

			if len(probes) == 0 {
				t.Fatal("no illegal transition probed")
			}
			for _, p := range probes {
				h.refused(p.name, p.want)
			}
			if statusAfter != status || auditsAfter != audits {
				t.Errorf("after %d refused actions: status %q, audit rows %d; want %q and %d (nothing changed)", len(probes), statusAfter, auditsAfter, status, audits)
			}
			t.Logf("%s: %d illegal actions refused", status, len(probes))
		})
	}
}

func TestArchivedPolicyWorkflowEnds(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	h.db.SQL().MustExec(`UPDATE policies SET status = 'archived' WHERE id = $1`, h.policyID)
	h.run()
}

func TestValidatorsCheckFields(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	drafter := h.actor("penyusun")
	cases := []struct {
		name string
		act  policies.Action
		req  func() Request
		want policies.ErrorKind
	}{
		{"deadline too soon", policies.ActOpenConsultation, func() Request { return Request{Actor: drafter, ClosesAt: h.env.Now().Add(10 * time.Minute)} }, policies.KindInvalid},
		{"deadline too far", policies.ActOpenConsultation, func() Request { return Request{Actor: drafter, ClosesAt: h.env.Now().Add(400 * day)} }, policies.KindInvalid},
		{"stale version", policies.ActSubmit, func() Request { return Request{Actor: drafter, VersionNumber: 7} }, policies.KindConflict},
		{"archive without reason", policies.ActArchive, func() Request { return Request{Actor: h.actor("admin")} }, policies.KindInvalid},
	}
	for i, c := range cases {
		h.at(time.Duration(i+1)*time.Minute, c.name, "", c.act, c.req)
	}
	var status policies.Status
	h.do(time.Hour, func() { status = h.status() })
	h.archiveAt(2 * time.Hour)
	h.run()
	for _, c := range cases {
		h.refused(c.name, c.want)
	}
	if status != policies.StatusDraft {
		t.Errorf("status after refused actions = %q, want draft", status)
	}
}

// A policy with no approval chain (made outside the app: the server always
// gives one) cannot be submitted: the submit is refused and the policy
// stays where it was, instead of waiting in approval for no one.
func TestSubmitWithoutChainRefused(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	h.db.SQL().MustExec(`UPDATE policies SET chain_id = NULL WHERE id = $1`, h.policyID)
	h.at(time.Minute, "submit", "", policies.ActSubmit, func() Request { return Request{Actor: h.actor("penyusun")} })
	var status policies.Status
	var runs int
	h.do(time.Hour, func() {
		status = h.status()
		runs = h.count(`SELECT count(*) FROM approval_runs WHERE policy_id = $1`, h.policyID)
	})
	h.archiveAt(2 * time.Hour)
	h.run()
	h.refused("submit", policies.KindConflict)
	if status != policies.StatusDraft || runs != 0 {
		t.Errorf("after the refused submit: status %q, %d approval runs; want draft and none", status, runs)
	}
}
