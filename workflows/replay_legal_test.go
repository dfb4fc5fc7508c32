package workflows_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// A policy's workflow that follows the legal steps (GetVersion
// "enactment-steps"): approved, it waits for the enactment, which Bagian
// Hukum records and tells it (UpdateLegalRecorded), then for the
// promulgation, after which it follows no step. Its history replays; with
// POLICYFLOW_RECORD_HISTORIES=1 it is kept as
// testdata/policy_v7_enactment_steps.json, which TestReplayRecordedHistories
// replays on every later change.
func TestReplayLegalStepsHistory(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	st := stack.New(t)
	db, lc := st.DB, st.Lifecycle
	var pid, region int64
	if err := db.SQL().Get(&pid, `SELECT id FROM policies WHERE slug = 'sawahlunto-peningkatan-kompetensi-asn'`); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL().Get(&region, `SELECT region_id FROM policies WHERE id = $1`, pid); err != nil {
		t.Fatal(err)
	}
	user := func(who string, role policies.Role) workflows.Actor {
		return workflows.Actor{UserID: st.UserID(t, who+".sawahlunto@policyflow.test"), Role: role}
	}
	drafter, legal := user("penyusun", policies.RoleDrafter), user("hukum", policies.RoleLegal)
	// No harmonisation: the version waits for its enactment at once.
	if _, err := db.SetHarmonisation(ctx, region, user("admin", policies.RoleAdmin).UserID, policies.HarmonisationSettingInput{Form: policies.FormPerwali}); err != nil {
		t.Fatal(err)
	}
	if _, err := lc.Do(ctx, pid, policies.ActSubmit, "submit", workflows.Request{Actor: drafter}); err != nil {
		t.Fatal(err)
	}
	v, err := db.CurrentVersion(ctx, pid)
	if err != nil {
		t.Fatal(err)
	}
	for i, who := range []string{"kabid", "kepala", "sekda", "walikota"} {
		waitStage(ctx, t, lc, pid, i+1)
		if _, err := lc.Do(ctx, pid, policies.ActApprove, "approve-"+who, workflows.Request{Actor: user(who, policies.RoleLeader), VersionSHA256: v.SHA256}); err != nil {
			t.Fatalf("%s: %v", who, err)
		}
	}
	waitLegalStep(ctx, t, lc, pid, policies.StepEnactment)
	today := time.Now().In(policies.WIB).Format(time.DateOnly)
	if _, err := db.Enact(ctx, region, legal.UserID, pid, policies.EnactmentInput{Form: policies.FormPerwali, EnactedOn: today,
		PrincipalID: user("walikota", policies.RoleLeader).UserID, SignerID: user("walikota", policies.RoleLeader).UserID}); err != nil {
		t.Fatal(err)
	}
	if r, err := lc.LegalRecorded(ctx, pid, "enacted", legal); err != nil || r.Outcome != "legal_step_promulgation" {
		t.Fatalf("enactment told = %+v, %v; want the promulgation next", r, err)
	}
	if _, err := db.Promulgate(ctx, region, legal.UserID, pid, policies.PromulgationInput{PromulgatedOn: today, PromulgatorID: user("sekda", policies.RoleLeader).UserID}); err != nil {
		t.Fatal(err)
	}
	if r, err := lc.LegalRecorded(ctx, pid, "promulgated", legal); err != nil || r.Outcome != "legal_steps_done" {
		t.Fatalf("promulgation told = %+v, %v; want no step left", r, err)
	}
	if _, err := lc.LegalRecorded(ctx, pid, "drafter", drafter); policies.KindOf(err) != policies.KindForbidden {
		t.Errorf("the drafter telling a legal record = %v, want forbidden", err)
	}

	replayRecorded(t, settledHistory(ctx, t, st.Temporal, workflows.WorkflowID(pid)), "the legal steps", "policy_v7_enactment_steps")
}

func waitLegalStep(ctx context.Context, t *testing.T, lc *workflows.Client, pid int64, want policies.LegalStep) {
	t.Helper()
	devtest.WaitFor(ctx, t, fmt.Sprintf("policy %d to wait for %s", pid, want), func() (bool, string) {
		st, err := lc.State(ctx, pid)
		return err == nil && st.Legal != nil && st.Legal.Step == want, fmt.Sprintf("%+v, %v", st.Legal, err)
	})
}
