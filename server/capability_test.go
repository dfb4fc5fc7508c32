package server

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// workflowOwned are the writes that only workflows make, through their
// activities: a policy's status, approval runs and decisions, delegations,
// consultations, programs, evaluation rounds and their results, the
// behaviour survey links, and the outbox fan-out of workflow notices.
var workflowOwned = []string{
	"SetStatus",
	"StartApprovalRun", "EndApprovalRun", "RecordDecision", "DecideAndEnd", "RecordDelegation",
	"OpenConsultation", "ExtendConsultation", "CloseConsultation",
	"CreateProgramOnce", "ChangeProgram",
	"CreateRounds", "MarkOverdue", "RecordResult",
	"IssueBehaviourLinks", // Kirkpatrick level 3: the program's workflow issues them
	"EnqueueNotifications",
	"PurgeExpired", "RecordPurge", // the daily purge of personal data past its retention (workflows/purge.go)
}

// outboxWrites are on no store a handler holds: a comment's author is told
// through Server.notices (activities.CommentNotices), the one writer of
// comment notices.
var outboxWrites = []string{"EnqueueNotification", "EnqueueNotifications"}

// No type the web layer holds can make a workflow-owned write: neither the
// store its handlers hold nor anything else in Server or Deps (walked field
// by field, into the structs of this module), and the handlers' store has
// no outbox write.
func TestWebLayerHoldsNoWorkflowWrite(t *testing.T) {
	for _, root := range []reflect.Type{reflect.TypeFor[Server](), reflect.TypeFor[Deps]()} {
		held := map[string][]string{} // method name → where it is held
		walkHeld(root, root.Name(), map[reflect.Type]bool{}, func(where, method string) {
			held[method] = append(held[method], where)
		})
		for _, m := range workflowOwned {
			if where, ok := held[m]; ok {
				t.Errorf("the web layer holds %s, a write only workflows make, at %s", m, strings.Join(where, ", "))
			}
		}
	}
	store := reflect.TypeFor[WebStore]()
	for _, m := range outboxWrites {
		if _, ok := store.MethodByName(m); ok {
			t.Errorf("the handlers' store (WebStore) has %s: comment notices go through Server.notices", m)
		}
	}
	if n := store.NumMethod(); n == 0 {
		t.Fatal("WebStore has no methods: the walk sees nothing")
	}
}

// The list above is every method of the interfaces that only activities
// hold, so a write added to one of them is checked too.
func TestWorkflowOwnedListsTheRecorders(t *testing.T) {
	var all []string
	for _, ty := range []reflect.Type{
		reflect.TypeFor[policies.PolicyStatusWriter](),
		reflect.TypeFor[policies.ApprovalRecorder](),
		reflect.TypeFor[policies.ConsultationRecorder](),
		reflect.TypeFor[policies.ProgramRecorder](),
		reflect.TypeFor[policies.BehaviourRecorder](),
		reflect.TypeFor[policies.RoundRecorder](),
		reflect.TypeFor[policies.OutboxWriter](),
		reflect.TypeFor[policies.PurgeRecorder](),
	} {
		for i := range ty.NumMethod() {
			all = append(all, ty.Method(i).Name)
		}
	}
	for _, m := range all {
		if !slices.Contains(workflowOwned, m) && !slices.Contains(outboxWrites, m) {
			t.Errorf("%s is on an interface only activities hold but not in workflowOwned", m)
		}
	}
	for _, m := range workflowOwned {
		if !slices.Contains(all, m) {
			t.Errorf("workflowOwned names %s, which no recorder interface has", m)
		}
	}
}

// walkHeld calls found for every method of every interface and every
// pointer-to-struct of this module that a value of type t holds, following
// struct fields, pointers, slices and arrays into the types of this module.
func walkHeld(t reflect.Type, where string, seen map[reflect.Type]bool, found func(where, method string)) {
	if seen[t] {
		return
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Interface:
		for i := range t.NumMethod() {
			found(where, t.Method(i).Name)
		}
	case reflect.Pointer:
		if ours(t.Elem()) {
			for i := range t.NumMethod() {
				found(where, t.Method(i).Name)
			}
			walkHeld(t.Elem(), where, seen, found)
		}
	case reflect.Slice, reflect.Array:
		walkHeld(t.Elem(), where+"[]", seen, found)
	case reflect.Struct:
		if !ours(t) {
			return
		}
		for i := range t.NumMethod() {
			found(where, t.Method(i).Name)
		}
		for i := range t.NumField() {
			f := t.Field(i)
			walkHeld(f.Type, where+"."+f.Name, seen, found)
		}
	}
}

// ours reports whether t is declared in this module.
func ours(t reflect.Type) bool {
	return strings.HasPrefix(t.PkgPath(), "github.com/policyflow/policyflow/")
}
