package server

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// approvalTask is an approval waiting for the viewer, with the time left.
type approvalTask struct {
	PolicyID int64         `json:"policy_id"`
	Title    string        `json:"title"`
	Stage    string        `json:"stage"`
	SLADue   time.Time     `json:"sla_due"`
	Left     time.Duration `json:"-"`
	LeftText string        `json:"sla_left"`
	OnBehalf int64         `json:"on_behalf_of,omitempty"`
	Overdue  bool          `json:"overdue"`
}

// dashboard is "Tugas saya": what waits for the viewer.
type dashboard struct {
	Approvals     []approvalTask                 `json:"approvals"`
	Consultations []policies.InvitedConsultation `json:"consultations"`
	Rounds        []policies.RoundDue            `json:"evaluation_rounds"`
	Notifications []policies.Notification        `json:"unread_notifications"`
	// AwaitingEnactment: for the legal unit, the region's approved policies not yet enacted (enactments.go).
	AwaitingEnactment []policies.PolicySummary `json:"awaiting_enactment,omitempty"`
	// AwaitingParaf: the approved policies whose paraf waits for the viewer now (paraf.go).
	AwaitingParaf []policies.PolicySummary `json:"awaiting_paraf,omitempty"`
	// LegalSteps: for Bagian Hukum and the administrator, the region's
	// approved policies waiting on a legal step (legal_steps.go).
	LegalSteps []legalStepTask `json:"legal_steps,omitempty"`
}

func (s *Server) dashboardFor(ctx context.Context, u *policies.User) (dashboard, error) {
	var d dashboard
	var err error
	if u.Role == policies.RoleLeader && u.RegionID != nil {
		list, _, err := s.store.SearchPolicies(ctx, policies.SearchFilter{Status: policies.StatusInApproval, RegionID: *u.RegionID, Limit: 100})
		if err != nil {
			return d, err
		}
		now := time.Now()
		offices := s.actingOffices(ctx, *u.RegionID, u.ID) // once, not per policy
		for _, p := range list {
			st := s.state(ctx, p.ID)
			if st == nil || st.Approval == nil {
				continue
			}
			ap := st.Approval
			task := approvalTask{PolicyID: p.ID, Title: p.Title, Stage: ap.StageName, SLADue: ap.SLADue}
			if !slices.Contains(ap.Awaiting, u.ID) {
				if task.OnBehalf = ap.Delegator(u.ID, now); task.OnBehalf == 0 {
					// A standing Plt./Plh. appointment for an awaited approver (acting.go).
					task.OnBehalf = firstAwaited(offices, ap.Awaiting)
				}
				if task.OnBehalf == 0 {
					continue
				}
			}
			task.Left = ap.SLADue.Sub(now)
			task.Overdue = task.Left < 0
			task.LeftText = i18n.Locale{Lang: i18n.ID}.Left(task.Left) // the API speaks Indonesian, as its messages do
			d.Approvals = append(d.Approvals, task)
		}
	}
	if d.Consultations, err = s.store.InvitedConsultations(ctx, u.ID); err != nil {
		return d, err
	}
	if u.Role == policies.RoleLegal && u.RegionID != nil {
		if d.AwaitingEnactment, err = s.store.AwaitingEnactment(ctx, *u.RegionID); err != nil {
			return d, err
		}
	}
	if d.AwaitingParaf, err = s.parafTasks(ctx, u); err != nil {
		return d, err
	}
	if d.LegalSteps, err = s.legalStepTasks(ctx, u); err != nil {
		return d, err
	}
	if u.Role == policies.RoleUnitOfficer && u.UnitID != nil {
		if d.Rounds, err = s.store.RoundsDue(ctx, *u.UnitID); err != nil {
			return d, err
		}
	}
	all, err := s.store.Notifications(ctx, u.ID)
	if err != nil {
		return d, err
	}
	for _, n := range all {
		if n.ReadAt == nil && len(d.Notifications) < 20 {
			d.Notifications = append(d.Notifications, n)
		}
	}
	return d, nil
}

func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	d, err := s.dashboardFor(r.Context(), viewerOf(r).User)
	if err != nil {
		return err
	}
	s.render(w, r, lang, http.StatusOK, "dashboard", map[string]any{"Title": messages[lang]["dashboard_title"], "D": d})
	return nil
}

func (s *Server) handleAPIDashboard(w http.ResponseWriter, r *http.Request) error {
	d, err := s.dashboardFor(r.Context(), viewerOf(r).User)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}
