package workflows_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

func TestPolicyWorkflowAnswersState(t *testing.T) {
	var ts testsuite.WorkflowTestSuite
	env := ts.NewTestWorkflowEnvironment()
	var a *activities.Activities
	env.RegisterActivity(a)
	facts := policies.PolicyFacts{ID: 7, Title: "Kebijakan Uji", Status: policies.StatusDraft, VersionNumber: 3, VersionSHA256: "abc"}
	env.OnActivity(a.LoadFacts, mockAny, int64(7)).Return(facts, nil).Once()

	var got workflows.PolicyState
	env.RegisterDelayedCallback(func() {
		v, err := env.QueryWorkflow(workflows.QueryState)
		if err != nil {
			t.Fatal(err)
		}
		if err := v.Get(&got); err != nil {
			t.Fatal(err)
		}
	}, time.Hour)
	env.ExecuteWorkflow(workflows.PolicyWorkflow, workflows.PolicyInput{PolicyID: 7})

	// The workflow lives on until the policy is archived: the test ends it
	// by timeout with the workflow still blocked, as in production.
	if !env.IsWorkflowCompleted() {
		t.Log("workflow still running, as expected")
	}
	want := workflows.PolicyState{PolicyID: 7, Title: "Kebijakan Uji", Status: policies.StatusDraft, VersionNumber: 3, VersionSHA256: "abc"}
	got.Since = time.Time{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("state = %+v, want %+v", got, want)
	}
	env.AssertExpectations(t)
}

func TestPolicyWorkflowFailsForUnknownPolicy(t *testing.T) {
	var ts testsuite.WorkflowTestSuite
	env := ts.NewTestWorkflowEnvironment()
	var a *activities.Activities
	env.RegisterActivity(a)
	notFound := temporal.NewNonRetryableApplicationError("policy 9 not found", string(policies.KindNotFound), nil)
	env.OnActivity(a.LoadFacts, mockAny, int64(9)).Return(policies.PolicyFacts{}, notFound).Once()
	env.ExecuteWorkflow(workflows.PolicyWorkflow, workflows.PolicyInput{PolicyID: 9})
	if !env.IsWorkflowCompleted() {
		t.Fatal("workflow still running, want it failed")
	}
	var appErr *temporal.ApplicationError
	if err := env.GetWorkflowError(); !errors.As(err, &appErr) || appErr.Type() != string(policies.KindNotFound) {
		t.Errorf("workflow error = %v, want a not_found application error", err)
	}
	env.AssertExpectations(t) // called once: not retried
}
