package timeline

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/policyflow/policyflow/policies"
)

// Store is what a timeline reads of the record.
type Store interface {
	Consultations(ctx context.Context, policyID int64) ([]policies.ConsultationRecord, error)
	ApprovalRuns(ctx context.Context, policyID int64) ([]policies.ApprovalRunRecord, error)
	DecisionRecords(ctx context.Context, policyID int64) ([]policies.DecisionRecord, error)
	AuditRecords(ctx context.Context, policyID int64) ([]policies.AuditRecord, error)
}

// Timeline is a policy's history as people read it.
type Timeline struct {
	Consultations []Consultation         `json:"consultations"`
	Runs          []Run                  `json:"approval_runs"`
	Audit         []policies.AuditRecord `json:"audit"`
}

// Consultation is a consultation with its summary, once closed.
type Consultation struct {
	policies.ConsultationRecord
	Summary *policies.ConsultationSummary `json:"summary,omitempty"`
}

// Run is an approval run with its decisions.
type Run struct {
	policies.ApprovalRunRecord
	Decisions []policies.DecisionRecord `json:"decisions"`
}

// Read is a policy's history as the viewer may read it: consultations
// and approval decisions for anyone who may see the policy, the audit log
// (every action, by whom) for its region's people only.
func Read(ctx context.Context, st Store, v policies.Viewer, p policies.PolicySummary) (Timeline, error) {
	policyID := p.ID
	var tl Timeline
	cs, err := st.Consultations(ctx, policyID)
	if err != nil {
		return tl, err
	}
	for _, c := range cs {
		cv := Consultation{ConsultationRecord: c}
		if len(c.Summary) > 0 {
			var sum policies.ConsultationSummary
			if json.Unmarshal(c.Summary, &sum) == nil {
				cv.Summary = &sum
			}
		}
		tl.Consultations = append(tl.Consultations, cv)
	}
	runs, err := st.ApprovalRuns(ctx, policyID)
	if err != nil {
		return tl, err
	}
	ds, err := st.DecisionRecords(ctx, policyID)
	if err != nil {
		return tl, err
	}
	for _, run := range runs {
		rv := Run{ApprovalRunRecord: run}
		for _, d := range ds {
			if d.ApprovalRunID != nil && *d.ApprovalRunID == run.ID {
				rv.Decisions = append(rv.Decisions, d)
			}
		}
		tl.Runs = append(tl.Runs, rv)
	}
	if !v.Staff(p.RegionID) {
		// Others read the history of the versions they may read: nothing
		// of a revision drafted after the text in force, nor the audit log.
		latest := v.LatestVisible(p)
		tl.Consultations = slices.DeleteFunc(tl.Consultations, func(c Consultation) bool { return c.VersionNumber > latest })
		tl.Runs = slices.DeleteFunc(tl.Runs, func(r Run) bool { return r.VersionNumber > latest })
		return tl, nil
	}
	tl.Audit, err = st.AuditRecords(ctx, policyID)
	return tl, err
}
