package server

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/cache"
	"github.com/policyflow/policyflow/policies"
)

// A signed-in policy page read a dozen records of its policy on every
// request (issue 25: its summary, enactments, consultations, approval runs
// and decisions, attachments, JDIH metadata and relations), each the same
// until someone changes the policy. The page pins the policy's facts
// revision (migration 0063: it moves in the writing transaction of every
// change to those records, and not for a comment) at the start of the
// request; while pinned, those reads come from memory under that revision.
// Correct on every server without invalidation: a write moves the
// revision, so the very next request reads anew. What a reader may see is
// decided per request from these records, as before; only the records are
// shared. Time-dependent parts are worked out per request (SetLegal); the
// JDIH metadata, whose store works out the day's status, and the audit
// records (not all of which move the revision) are read every time.

// factsCacheBytes bounds the records kept.
const factsCacheBytes = 16 << 20

// FactsRevStore reads a policy's page and facts revisions
// (postgres.DB.PolicyPageRevs). A store without it reads every time.
type FactsRevStore interface {
	PolicyPageRevs(ctx context.Context, policyID int64) (page, facts int64, err error)
}

// pinnedRevs is a policy's revisions as the request read them.
type pinnedRevs struct{ policy, page, facts int64 }

type pinnedKey struct{}

// pinRevs reads the revisions of the policy the URL names into the
// request's context; the request is unchanged when the store keeps none.
func (s *Server) pinRevs(r *http.Request) (*http.Request, error) {
	var st any = s.store
	if cs, wrapped := st.(*cachingStore); wrapped {
		st = cs.Store
	}
	revs, ok := st.(FactsRevStore)
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if !ok || err != nil || id <= 0 {
		return r, nil
	}
	if _, done := pinned(r.Context(), id); done {
		return r, nil // read with the session (sessionview.go)
	}
	page, facts, err := revs.PolicyPageRevs(r.Context(), id)
	if err != nil {
		return r, err
	}
	return r.WithContext(context.WithValue(r.Context(), pinnedKey{}, pinnedRevs{policy: id, page: page, facts: facts})), nil
}

// pinned is the revisions pinned for policy id, if any.
func pinned(ctx context.Context, id int64) (pinnedRevs, bool) {
	p, ok := ctx.Value(pinnedKey{}).(pinnedRevs)
	return p, ok && p.policy == id
}

// factsKey names one record read of a policy at a facts revision.
type factsKey struct {
	read        string
	policy, rev int64
	arg         int
}

// fact is read's answer for policy at the pinned facts revision: from
// memory, else from load (kept when it succeeds). Slices come back as
// copies, so a caller sorting or appending never touches what is kept.
func fact[T any](ctx context.Context, c *cachingStore, read string, policy int64, arg int, size func(T) int, load func() (T, error)) (T, error) {
	p, ok := pinned(ctx, policy)
	if !ok {
		return load()
	}
	k := factsKey{read: read, policy: policy, rev: p.facts, arg: arg}
	if v, ok := c.facts.Get(k); ok {
		return v.(T), nil
	}
	v, err := load()
	if err == nil {
		c.facts.Put(k, v, size(v))
	}
	return v, err
}

func rows[T any](n int) func([]T) int { return func(v []T) int { return 128 + n*len(v) } }

// PolicyByID is the policy's summary; its legal state is worked out for
// today on every read.
func (c *cachingStore) PolicyByID(ctx context.Context, id int64) (policies.PolicySummary, error) {
	p, err := fact(ctx, c, "policy", id, 0, func(policies.PolicySummary) int { return 1024 },
		func() (policies.PolicySummary, error) { return c.Store.PolicyByID(ctx, id) })
	if err == nil {
		p.Enactments = slices.Clone(p.Enactments)
		p.SetLegal(time.Now())
	}
	return p, err
}

func (c *cachingStore) Enactments(ctx context.Context, policyID int64) ([]policies.Enactment, error) {
	v, err := fact(ctx, c, "enactments", policyID, 0, rows[policies.Enactment](1024),
		func() ([]policies.Enactment, error) { return c.Store.Enactments(ctx, policyID) })
	return slices.Clone(v), err
}

func (c *cachingStore) Consultations(ctx context.Context, policyID int64) ([]policies.ConsultationRecord, error) {
	v, err := fact(ctx, c, "consultations", policyID, 0, rows[policies.ConsultationRecord](1024),
		func() ([]policies.ConsultationRecord, error) { return c.Store.Consultations(ctx, policyID) })
	return slices.Clone(v), err
}

func (c *cachingStore) ApprovalRuns(ctx context.Context, policyID int64) ([]policies.ApprovalRunRecord, error) {
	v, err := fact(ctx, c, "approval_runs", policyID, 0, rows[policies.ApprovalRunRecord](512),
		func() ([]policies.ApprovalRunRecord, error) { return c.Store.ApprovalRuns(ctx, policyID) })
	return slices.Clone(v), err
}

func (c *cachingStore) DecisionRecords(ctx context.Context, policyID int64) ([]policies.DecisionRecord, error) {
	v, err := fact(ctx, c, "decisions", policyID, 0, rows[policies.DecisionRecord](512),
		func() ([]policies.DecisionRecord, error) { return c.Store.DecisionRecords(ctx, policyID) })
	return slices.Clone(v), err
}

func (c *cachingStore) Attachments(ctx context.Context, policyID int64, maxVersion int) ([]policies.Attachment, error) {
	v, err := fact(ctx, c, "attachments", policyID, maxVersion, rows[policies.Attachment](512),
		func() ([]policies.Attachment, error) { return c.Store.Attachments(ctx, policyID, maxVersion) })
	return slices.Clone(v), err
}

func (c *cachingStore) Relations(ctx context.Context, policyID int64) ([]policies.PolicyRelation, error) {
	v, err := fact(ctx, c, "relations", policyID, 0, rows[policies.PolicyRelation](512),
		func() ([]policies.PolicyRelation, error) { return c.Store.Relations(ctx, policyID) })
	return slices.Clone(v), err
}

func (c *cachingStore) Versions(ctx context.Context, policyID int64) ([]policies.Version, error) {
	v, err := fact(ctx, c, "versions", policyID, 0, rows[policies.Version](512),
		func() ([]policies.Version, error) { return c.Store.Versions(ctx, policyID) })
	return slices.Clone(v), err
}

// TopicsOf reads the topics of one policy (the page's) from memory at its
// pinned facts revision: a topic put on, taken off or renamed moves it
// (migration 0065). Lists of policies are read.
func (c *cachingStore) TopicsOf(ctx context.Context, ids []int64) (map[int64][]policies.TopicTag, error) {
	if len(ids) != 1 {
		return c.Store.TopicsOf(ctx, ids)
	}
	v, err := fact(ctx, c, "topics", ids[0], 0, rows[policies.TopicTag](128), func() ([]policies.TopicTag, error) {
		m, err := c.Store.TopicsOf(ctx, ids)
		return m[ids[0]], err
	})
	if err != nil {
		return nil, err
	}
	return map[int64][]policies.TopicTag{ids[0]: slices.Clone(v)}, nil
}

// newFactsCache is the records' memory.
func newFactsCache() *cache.Bounded[factsKey, any] {
	return cache.NewBounded[factsKey, any](factsCacheBytes)
}
