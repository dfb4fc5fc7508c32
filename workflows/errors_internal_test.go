package workflows

import (
	"context"
	"fmt"
	"testing"

	"go.temporal.io/api/serviceerror"

	"github.com/policyflow/policyflow/policies"
)

// What the Temporal service answers becomes what a person is told: no
// answer (try the same request again), a step already done, or absent.
func TestDomainErrorKinds(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want policies.ErrorKind
	}{
		{"service unavailable", serviceerror.NewUnavailable("down"), policies.KindUnavailable},
		{"deadline exceeded", serviceerror.NewDeadlineExceeded("late"), policies.KindUnavailable},
		// A worker killed while the service waited for the Update's outcome.
		{"wait canceled by the service", serviceerror.NewCanceled("context canceled"), policies.KindUnavailable},
		{"caller's context canceled", fmt.Errorf("update: %w", context.Canceled), policies.KindUnavailable},
		{"run completed", serviceerror.NewNotFound("workflow execution already completed"), policies.KindConflict},
		{"no such workflow", serviceerror.NewNotFound("workflow not found"), policies.KindNotFound},
	} {
		if got := policies.KindOf(domainError(c.err)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
