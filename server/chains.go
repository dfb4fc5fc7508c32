package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/policyflow/policyflow/policies"
)

// Approval chains of the administrator's region: ordered stages with a
// name, approvers (leaders of the region), a quorum (any, all, N of M), an
// SLA and an escalation in working days and the superior to escalate to. A
// chain an approval run follows is versioned, not edited under it (see
// UpdateApprovalChain).

// stageRow is one stage of the chain form, as shown.
type stageRow struct {
	Index int
	policies.StageInput
}

// chainFromForm reads the chain form: stage_count rows of stage fields,
// suffixed with the row's index; a row with neither a name nor approvers is
// left out.
func chainFromForm(r *http.Request) (policies.ChainInput, error) {
	in := policies.ChainInput{Name: r.PostFormValue("name")}
	n, err := formInt(r, "stage_count")
	if err != nil {
		return in, err
	}
	if n < 0 || n > policies.MaxStages {
		return in, policies.FieldError("stage_count", "paling banyak %d tahap", policies.MaxStages)
	}
	for i := range n {
		f := func(name string) string { return fmt.Sprintf("%s_%d", name, i) }
		st := policies.StageInput{Name: r.PostFormValue(f("stage_name")), Quorum: policies.Quorum(r.PostFormValue(f("quorum")))}
		if st.ApproverIDs, err = formIDs(r, f("approver_ids")); err != nil {
			return in, err
		}
		if st.Name == "" && len(st.ApproverIDs) == 0 {
			continue
		}
		if st.QuorumN, err = formInt(r, f("quorum_n")); err != nil {
			return in, err
		}
		if st.SLADays, err = formInt(r, f("sla_days")); err != nil {
			return in, err
		}
		if st.EscalationDays, err = formInt(r, f("escalation_days")); err != nil {
			return in, err
		}
		if st.SuperiorID, err = formID(r, f("superior_id")); err != nil {
			return in, err
		}
		in.Stages = append(in.Stages, st)
	}
	return in, nil
}

// chainForm shows the form for a new chain (c nil) or a chain's current
// version, with at least extra empty rows to add stages.
func (s *Server) chainForm(w http.ResponseWriter, r *http.Request, reg policies.Region, c *policies.ApprovalChain) {
	lang := language(w, r)
	people, err := s.store.RegionPeople(r.Context(), reg.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	subject, kinds := "", []policies.ChangeKind{policies.ChangeChainCreate} // the proposals of this chain, or of new ones
	if c != nil {
		subject, kinds = fmt.Sprintf("chain:%d", c.ID), nil
	}
	pending, err := s.pendingOn(r, lang, subject, kinds...)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var leaders []policies.Person
	for _, p := range people {
		if p.Role == policies.RoleLeader {
			leaders = append(leaders, p)
		}
	}
	var rows []stageRow
	title := messages[lang]["chain_new"]
	if c != nil {
		title = c.Name
		for _, st := range c.Stages {
			rows = append(rows, stageRow{StageInput: policies.StageInput{Name: st.Name, Quorum: st.Quorum, QuorumN: st.QuorumN,
				SLADays: st.SLADays, EscalationDays: st.EscalationDays, SuperiorID: st.SuperiorID, ApproverIDs: st.ApproverIDs}})
		}
	}
	extra := 2
	if len(rows) == 0 {
		extra = 3
	}
	if more, _ := strconv.Atoi(r.URL.Query().Get("more")); more > 0 {
		extra += min(more, policies.MaxStages)
	}
	for range extra {
		if len(rows) >= policies.MaxStages {
			break
		}
		rows = append(rows, stageRow{StageInput: policies.StageInput{Quorum: policies.QuorumAny, QuorumN: 1, SLADays: 3, EscalationDays: 6}})
	}
	for i := range rows {
		rows[i].Index = i
	}
	s.renderAdmin(w, r, lang, "admin_chain", title, reg, map[string]any{"Chain": c, "Rows": rows, "Leaders": leaders, "People": people,
		"Quorums": []policies.Quorum{policies.QuorumAny, policies.QuorumAll, policies.QuorumNOfM}, "Pending": pending})
}

func (s *Server) handleChains(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	reg, cs, err := regionOwn(s, r, s.store.ApprovalChains)
	if err != nil {
		return err
	}
	people, err := s.store.RegionPeople(r.Context(), reg.ID)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, p := range people {
		names[p.ID] = p.Name
	}
	pending, err := s.pendingOn(r, lang, "", policies.ChangeChainCreate, policies.ChangeChainUpdate)
	if err != nil {
		return err
	}
	s.renderAdmin(w, r, lang, "admin_chains", messages[lang]["admin_chains"], reg, map[string]any{"Chains": cs, "Names": names, "Pending": pending})
	return nil
}

func (s *Server) handleChainNew(w http.ResponseWriter, r *http.Request) error {
	reg, err := s.adminRegion(r)
	if err != nil {
		return err
	}
	s.chainForm(w, r, reg, nil)
	return nil
}

// adminChain loads the chain named in the URL, of the viewer's region (404 otherwise).
func (s *Server) adminChain(r *http.Request) (policies.Region, policies.ApprovalChain, error) {
	return regionRecord(s, r, "chid", s.store.RegionApprovalChain)
}

func (s *Server) handleChain(w http.ResponseWriter, r *http.Request) error {
	reg, c, err := s.adminChain(r)
	if err != nil {
		return err
	}
	s.chainForm(w, r, reg, &c)
	return nil
}

// chainList is the region's current approval chains, for the API.
func (s *Server) chainList(r *http.Request) (map[string]any, error) {
	return regionList(s, r, "chains", s.store.ApprovalChains)
}

// chainOf is the chain of the URL (any version), for the API.
func (s *Server) chainOf(r *http.Request) (policies.ApprovalChain, error) {
	_, c, err := s.adminChain(r)
	return c, err
}

// createChain proposes a new approval chain of the region, for another
// administrator to confirm (page and API).
func (s *Server) createChain(r *http.Request, in policies.ChainInput) (policies.PendingChange, error) {
	return proposeIn(s, r, policies.ChangeChainCreate, 0, &in, in.Validate)
}

// saveChain proposes a change of the chain of the URL; confirmed, it makes
// a new version when an approval follows the chain (page and API).
func (s *Server) saveChain(r *http.Request, in policies.ChainInput) (policies.PendingChange, error) {
	_, c, err := s.adminChain(r)
	if err != nil {
		return policies.PendingChange{}, err
	}
	return proposeIn(s, r, policies.ChangeChainUpdate, c.ID, &in, in.Validate)
}
