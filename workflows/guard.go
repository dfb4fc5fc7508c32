package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/policyflow/policyflow/policies"
)

// Every Update that changes a workflow's state is guarded the same way. Its
// validator refuses it early, before anything is recorded in the history;
// its handler waits until the workflow can judge it, takes the workflow's
// lock, checks it again (an earlier Update may have changed the state since
// the validator let this one in), runs, and releases the lock.

// updateCheck validates an Update against the workflow's state at now. It
// changes nothing, so a refused Update leaves no trace.
type updateCheck func(req Request, now time.Time) error

// updateBody is what an Update does once the guard lets it run.
type updateBody func(ctx workflow.Context, req Request) (Result, error)

// updateGuard serialises the Update handlers of one workflow that change
// its state: a handler waits for the one before it to finish, then checks
// the transition again.
type updateGuard struct {
	held bool
	// ready waits until the workflow can judge an Update (its record
	// loaded, its children's reports applied, its stage entered…).
	ready func(ctx workflow.Context) error
}

// run runs an Update's body under the guard: wait until ready, lock, check
// again, run, unlock.
func (g *updateGuard) run(ctx workflow.Context, req Request, check updateCheck, body updateBody) (Result, error) {
	if err := g.ready(ctx); err != nil {
		return Result{}, err
	}
	if err := workflow.Await(ctx, func() bool { return !g.held }); err != nil {
		return Result{}, err
	}
	g.held = true
	defer func() { g.held = false }()
	if err := check(req, workflow.Now(ctx)); err != nil {
		return Result{}, err
	}
	return body(ctx, req)
}

// update registers the Update named after act: check is its validator, and
// its handler runs body under the guard.
func (g *updateGuard) update(ctx workflow.Context, act policies.Action, check updateCheck, body updateBody) error {
	return setUpdate(ctx, act, check, func(ctx workflow.Context, req Request) (Result, error) {
		return g.run(ctx, req, check, body)
	})
}

// setUpdate registers the Update named after act with check as its
// validator and handler as its handler.
func setUpdate(ctx workflow.Context, act policies.Action, check updateCheck, handler updateBody) error {
	return workflow.SetUpdateHandlerWithOptions(ctx, string(act), handler,
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, req Request) error {
			return check(req, workflow.Now(ctx))
		}})
}

// checkRole refuses an actor whose role may not take the action in state s.
func checkRole(s policies.Status, act policies.Action, actor Actor) error {
	_, err := policies.CheckTransition(s, act, actor.Role)
	return refusal(err)
}
