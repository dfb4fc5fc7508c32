package server

import (
	"net/http"
	"slices"

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
	waiting, decided, err := s.changeRows(r, lang)
	if err != nil {
		return err
	}
	v := viewerOf(r)
	lone := false
	if v.User.Role == policies.RoleAdmin {
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

// changeRows are the changes the viewer sees, in lang: those awaiting a
// decision and those decided.
func (s *Server) changeRows(r *http.Request, lang string) (waiting, decided []changeRow, err error) {
	list, err := s.listChanges(r)
	if err != nil {
		return nil, nil, err
	}
	v := viewerOf(r)
	admin := v.User.Role == policies.RoleAdmin
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
	return waiting, decided, nil
}

// pendingOn are the changes awaiting a decision that the page of a record
// lists beside it ("Pending"): those of kinds, or with subject when one
// is given.
func (s *Server) pendingOn(r *http.Request, lang, subject string, kinds ...policies.ChangeKind) ([]changeRow, error) {
	waiting, _, err := s.changeRows(r, lang)
	var out []changeRow
	for _, c := range waiting {
		if slices.Contains(kinds, c.Kind) || (subject != "" && c.Subject == subject) {
			out = append(out, c)
		}
	}
	return out, err
}
