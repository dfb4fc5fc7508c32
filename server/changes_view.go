package server

import (
	"net/http"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// The changes page: what each change would do, in words (changeSummary),
// who proposed it and when, and, to those who may, confirm and decline.

// changeRow is a change as the page shows it.
type changeRow struct {
	policies.PendingChange
	What     string // the change in words
	Proposer string // "" when proposed on the command line
	// MayConfirm, MayDecline: the viewer may decide it; Yours: they
	// proposed it; AboutYou: it would give them the power.
	MayConfirm, MayDecline, Yours, AboutYou bool
}

func (s *Server) handleChanges(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	list, err := s.listChanges(r)
	if err != nil {
		return err
	}
	v := viewerOf(r)
	admin := v.User.Role == policies.RoleAdmin
	var waiting, decided []changeRow
	for _, c := range list.Changes {
		row := changeRow{PendingChange: c, What: i18n.ChangeSummary(lang, c), Proposer: c.Proposer}
		if c.ProposedBy == nil {
			row.Proposer = messages[lang]["change_command_line"]
		}
		row.Yours = c.ProposedBy != nil && *c.ProposedBy == v.User.ID
		row.AboutYou = c.BeneficiaryID != nil && *c.BeneficiaryID == v.User.ID
		row.MayConfirm = c.MayDecide(v.User.ID, admin, true) == nil
		row.MayDecline = c.MayDecide(v.User.ID, admin, false) == nil
		if c.Status == policies.ChangePending {
			waiting = append(waiting, row)
		} else {
			decided = append(decided, row)
		}
	}
	lone := false
	if admin {
		admins, err := s.store.UsersByRole(r.Context(), v.RegionID(), policies.RoleAdmin)
		if err != nil {
			return err
		}
		lone = len(admins) < 2
	}
	s.render(w, r, lang, http.StatusOK, "changes", map[string]any{"Title": messages[lang]["changes_title"],
		"Waiting": waiting, "Decided": decided, "LoneAdmin": lone, "Done": doneText(r, lang)})
	return nil
}
