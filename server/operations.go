package server

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// The region administrator's operations console (issue 28): what each
// policy's workflow waits for and since when, read from the workflow
// itself, with what is past its deadline marked; and the notifications the
// outbox keeps failing to deliver or that the mail server refused, whose
// retries the administrator may stop (audited). Nothing here changes a
// policy's legal state.

// operationsPages lists the console's pages (routes.go calls it).
func operationsPages() []pageRoute {
	return []pageRoute{
		{"GET", "/admin/operations", regionAdmins, (*Server).handleOperations},
		{"POST", "/admin/operations/deliveries/{delivery}/discard", regionAdmins, formWrite(noForm, (*Server).discardDelivery, savedAt[policies.DeliveryProblem]("/admin/operations"))},
		{"POST", "/admin/operations/deliveries/{delivery}/retry", regionAdmins, formWrite(noForm, (*Server).retryDelivery, retriedPage)},
	}
}

// operationsAPIRoutes are the console's API routes (apiRoutes appends them).
func operationsAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/admin/operations", "Konsol operasi wilayah saya: yang ditunggu alur kerja tiap kebijakan, dan notifikasi yang gagal terkirim", regionAdmins, apiRead((*Server).operationsOf), nil},
		{"POST", "/admin/operations/deliveries/{delivery}/discard", "Hentikan percobaan ulang sebuah notifikasi yang terus gagal terkirim (kotak masuk orangnya tetap menyimpannya)", regionAdmins, apiDo((*Server).discardDelivery), nil},
		{"POST", "/admin/operations/deliveries/{delivery}/retry", "Coba kirim sekarang sebuah notifikasi yang gagal terkirim, tanpa menunggu jeda berikutnya; 409 bila sedang dikirim, ditolak server surat atau dihentikan", regionAdmins, apiDo((*Server).retryDelivery), nil},
	}
}

// opsWorkflow is one policy's workflow as the console shows it.
type opsWorkflow struct {
	Policy policies.LivePolicy `json:"policy"`
	// Answered: the workflow answered; when not, nothing else is known.
	Answered bool `json:"answered"`
	// Waiting is what it waits for: consultation (until Due), approval
	// (Awaiting approvers of stage Stage of Stages), legal (the step
	// LegalStep, due Due), implementation (its programs), evaluation,
	// revision.
	Waiting   string             `json:"waiting,omitempty"`
	Since     time.Time          `json:"since,omitzero"`
	Due       time.Time          `json:"due,omitzero"`
	Overdue   bool               `json:"overdue"` // past Due
	Stage     int                `json:"stage,omitempty"`
	Stages    int                `json:"stages,omitempty"`
	Awaiting  int                `json:"awaiting,omitempty"`
	LegalStep policies.LegalStep `json:"legal_step,omitempty"`
	Programs  int                `json:"programs,omitempty"`
	// Stuck: the approval stage cannot reach its quorum, for Gone, the
	// approvers it waits for who are deactivated with no acting official
	// covering them (operations_stuck.go); Gone may be listed while
	// others can still reach the quorum.
	Stuck bool                       `json:"stuck"`
	Gone  []policies.AwaitedApprover `json:"gone,omitempty"`
	// Troubles are its activities and workflow tasks that keep failing
	// (Temporal retries them by itself).
	Troubles []workflows.Trouble `json:"troubles,omitempty"`
}

// operations is the console's content.
type operations struct {
	Workflows  []opsWorkflow              `json:"workflows"`
	Deliveries []policies.DeliveryProblem `json:"deliveries"`
}

func (s *Server) operationsOf(r *http.Request) (operations, error) {
	_, ops, err := regionOwn(s, r, s.operations)
	return ops, err
}

func (s *Server) handleOperations(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	reg, ops, err := regionOwn(s, r, s.operations)
	if err != nil {
		return err
	}
	s.renderAdmin(w, r, lang, "admin_operations", messages[lang]["ops_title"], reg, map[string]any{"Ops": ops, "Now": time.Now(),
		"Retried": r.URL.Query().Get("retried")})
	return nil
}

// operations reads the region's live policies' workflows, four at a time,
// and its delivery problems.
func (s *Server) operations(ctx context.Context, regionID int64) (operations, error) {
	reg, err := s.store.RegionByID(ctx, regionID)
	if err != nil {
		return operations{}, err
	}
	live, err := s.store.LivePolicies(ctx, regionID)
	if err != nil {
		return operations{}, err
	}
	out := operations{Workflows: make([]opsWorkflow, len(live))}
	var wg sync.WaitGroup
	slots := make(chan struct{}, 4)
	now := time.Now()
	for i, p := range live {
		out.Workflows[i].Policy = p
		if s.lc == nil {
			continue
		}
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			qctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
			if st, err := s.lc.State(qctx, p.ID); err == nil {
				out.Workflows[i] = describeWorkflow(p, st, now)
				if err := s.judgeStuck(qctx, reg, &out.Workflows[i], st, now); err != nil {
					s.log.Warn("operations: awaited approvers", "policy", p.ID, "err", err)
				}
				tr, err := s.lc.Troubles(qctx, st)
				if err != nil {
					s.log.Warn("operations: describe workflows", "policy", p.ID, "err", err)
				}
				out.Workflows[i].Troubles = tr
			}
		})
	}
	wg.Wait()
	out.Deliveries, err = s.store.DeliveryProblems(ctx, regionID)
	return out, err
}

// describeWorkflow says what a workflow in state st waits for.
func describeWorkflow(p policies.LivePolicy, st workflows.PolicyState, now time.Time) opsWorkflow {
	w := opsWorkflow{Policy: p, Answered: true, Since: st.Since, Programs: len(st.Programs)}
	switch {
	case st.Consultation != nil:
		w.Waiting, w.Since, w.Due = "consultation", st.Consultation.OpenedAt, st.Consultation.ClosesAt
	case st.Approval != nil:
		a := st.Approval
		w.Waiting, w.Since, w.Due = "approval", a.StageStarted, a.SLADue
		w.Stage, w.Stages, w.Awaiting = a.Stage, a.Stages, len(a.Awaiting)
	case st.Legal != nil:
		w.Waiting, w.Since, w.Due, w.LegalStep = "legal", st.Legal.Started, st.Legal.SLADue, st.Legal.Step
	case st.Status == policies.StatusImplementing:
		w.Waiting = "implementation"
	case st.Status == policies.StatusEvaluating:
		w.Waiting = "evaluation"
	default:
		w.Waiting = "revision"
	}
	w.Overdue = !w.Due.IsZero() && w.Due.Before(now) && w.Waiting != "consultation"
	return w
}

// discardDelivery stops the retries of a failing delivery (page and API).
func (s *Server) discardDelivery(r *http.Request, _ struct{}) (policies.DeliveryProblem, error) {
	return s.onDelivery(r, s.store.DiscardDelivery)
}

// retryDelivery makes a failing delivery due at once (page and API); the
// deliverers are woken and the first to claim it sends it.
func (s *Server) retryDelivery(r *http.Request, _ struct{}) (policies.DeliveryProblem, error) {
	return s.onDelivery(r, s.store.RetryDelivery)
}

// onDelivery does act, as the region's administrator, to the delivery the
// path names.
func (s *Server) onDelivery(r *http.Request, act func(ctx context.Context, region, actor, id int64) (policies.DeliveryProblem, error)) (policies.DeliveryProblem, error) {
	reg, err := s.adminRegion(r)
	if err != nil {
		return policies.DeliveryProblem{}, err
	}
	id, err := pathID(r, "delivery")
	if err != nil {
		return policies.DeliveryProblem{}, err
	}
	return act(r.Context(), reg.ID, viewerOf(r).User.ID, id)
}

// retriedPage is the console after a retry, naming the delivery retried.
func retriedPage(p policies.DeliveryProblem) string {
	return fmt.Sprintf("/admin/operations?retried=%d#delivery-%d", p.ID, p.ID)
}

func init() {
	pageNames = append(pageNames, "admin_operations")
}
