package i18n

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// ChangeSummary says in lang what a change would do, from its payload and
// the names the store joined.
func ChangeSummary(lang string, c policies.PendingChange) string {
	t := Pages[lang]
	role := func(r policies.Role) string { return RoleNames[lang][r] }
	form := func(f policies.LegalForm) string { return t["enact_form_"+string(f)] }
	switch c.Kind {
	case policies.ChangeActing:
		var in policies.ActingInput
		_ = json.Unmarshal(c.Payload, &in)
		return fmt.Sprintf("%s %s: %s (%s, %s – %s)", t["acting_kind_"+string(in.Kind)], c.Principal, c.Beneficiary, in.LetterNumber, in.StartsOn, in.EndsOn)
	case policies.ChangeInvite, policies.ChangeRole:
		var in policies.PersonInput
		var before struct {
			Role policies.Role `json:"role"`
		}
		_ = json.Unmarshal(c.Payload, &in)
		if c.Kind == policies.ChangeInvite {
			return fmt.Sprintf("%s <%s>: %s", in.Name, in.Email, role(in.Role))
		}
		_ = json.Unmarshal(c.Before, &before)
		return fmt.Sprintf("%s: %s → %s", c.Beneficiary, role(before.Role), role(in.Role))
	case policies.ChangeReactivate:
		var before struct {
			Role policies.Role `json:"role"`
		}
		_ = json.Unmarshal(c.Before, &before)
		return fmt.Sprintf("%s (%s)", c.Beneficiary, role(before.Role))
	case policies.ChangeChainCreate, policies.ChangeChainUpdate:
		var in policies.ChainInput
		_ = json.Unmarshal(c.Payload, &in)
		names := make([]string, len(in.Stages))
		for i, st := range in.Stages {
			names[i] = st.Name
		}
		return fmt.Sprintf(t["change_chain_stages"], in.Name, len(in.Stages), strings.Join(names, " → "))
	case policies.ChangeActingRules:
		var in policies.ActingRules
		_ = json.Unmarshal(c.Payload, &in)
		return fmt.Sprintf(t["change_rules_terms"], in.PltMaxMonths, in.PlhMaxDays, len(in.StandIns))
	case policies.ChangeParafAdd:
		var in policies.ParafStepInput
		_ = json.Unmarshal(c.Payload, &in)
		return fmt.Sprintf("%s, %s: %s — %s", form(in.Form), t["paraf_kind_"+string(in.Kind)], c.Beneficiary, in.Office)
	case policies.ChangeParafDelete:
		var st policies.ParafStep
		_ = json.Unmarshal(c.Before, &st)
		return fmt.Sprintf("%s, %s: %s — %s", form(st.Form), t["paraf_kind_"+string(st.Kind)], st.UserName, st.Office)
	case policies.ChangeHarmonisation:
		var in policies.HarmonisationSettingInput
		var before policies.HarmonisationSetting
		_ = json.Unmarshal(c.Payload, &in)
		_ = json.Unmarshal(c.Before, &before)
		req := func(b bool) string {
			if b {
				return t["change_required_yes"]
			}
			return t["change_required_no"]
		}
		return fmt.Sprintf("%s: %s → %s", form(in.Form), req(before.Required), req(in.Required))
	}
	return ""
}

// ChangeWords words a change's notice in the region's language
// (Indonesian), from the catalogue.
func ChangeWords(n policies.ChangeNotice) policies.Notification {
	t := Pages[ID]
	c := n.Change
	kind, what := t["change_kind_"+string(c.Kind)], ChangeSummary(ID, c)
	proposer := c.Proposer
	if c.ProposedBy == nil {
		proposer = t["change_command_line"]
	}
	out := policies.Notification{Kind: policies.NoticePowerChange, Link: fmt.Sprintf("/changes#change-%d", c.ID),
		Subject: fmt.Sprintf(t["change_notice_subject_"+string(n.Event)], kind)}
	switch {
	case n.Event == policies.ChangeProposed && n.Audience == policies.AudienceConfirmer:
		out.Body = fmt.Sprintf(t["change_notice_confirmer"], proposer, c.ID, kind, what)
	case n.Event == policies.ChangeProposed:
		out.Body = fmt.Sprintf(t["change_notice_affected"], proposer, c.ID, kind, what)
	default:
		reason := ""
		if c.Reason != "" {
			reason = fmt.Sprintf(t["change_notice_reason"], c.Reason)
		}
		out.Body = fmt.Sprintf(t["change_notice_decided"], c.ID, kind, what, proposer, t["change_status_"+string(c.Status)], c.Decider, reason)
	}
	return out
}
