package server

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// The region's rules for acting officials (issue 23): who may stand in for
// whom, the longest term of a Plt. and a Plh., and which acts a Plt., a
// Plh. or an "a.n." signer may not do. The region's administrator edits
// them, audited; until then the region follows the defaults the README
// cites. Appointments (acting.go), decisions on a principal's behalf and
// enactments are judged by them.

// actingRulesPages lists the rules' pages (adminPages includes them).
func actingRulesPages() []pageRoute {
	return []pageRoute{
		{"GET", "/admin/acting-rules", regionAdmins, (*Server).handleActingRules},
		{"POST", "/admin/acting-rules", regionAdmins, formWrite(actingRulesFromForm, (*Server).setActingRules, proposed)},
	}
}

// actingRulesAPIRoutes are the rules' API routes (adminAPIRoutes includes them).
func actingRulesAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/admin/acting-rules", "Aturan Plt./Plh. wilayah saya: siapa menggantikan siapa, batas masa tugas, tindakan yang dilarang (bawaan bila belum diubah)", regionAdmins, apiRead((*Server).actingRulesOf), nil},
		{"POST", "/admin/acting-rules", "Usulkan aturan Plt./Plh. wilayah (seluruhnya): berlaku setelah dikonfirmasi administrator lain", regionAdmins, apiWrite(http.StatusAccepted, (*Server).setActingRules), policies.ActingRules{}},
	}
}

// actingRulesOf reads the administrator's region's rules (page and API).
func (s *Server) actingRulesOf(r *http.Request) (policies.RegionActingRules, error) {
	_, rules, err := regionOwn(s, r, s.store.ActingRules)
	return rules, err
}

// setActingRules proposes the region's rules, for another administrator
// to confirm (page and API).
func (s *Server) setActingRules(r *http.Request, in policies.ActingRules) (policies.PendingChange, error) {
	return proposeIn(s, r, policies.ChangeActingRules, 0, &in, in.Validate)
}

// blankStandIns is how many empty rows the page offers for new stand-ins.
const blankStandIns = 2

func (s *Server) handleActingRules(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	reg, rules, err := regionOwn(s, r, s.store.ActingRules)
	if err != nil {
		return err
	}
	var rows []standInRow
	for _, st := range append(slices.Clone(rules.StandIns), make([]policies.ActingStandIn, blankStandIns)...) {
		rows = append(rows, standInRow{st, slices.Contains(st.Kinds, policies.ActingPlt), slices.Contains(st.Kinds, policies.ActingPlh)})
	}
	barred := map[string]bool{}
	for _, b := range rules.Bars {
		for _, h := range b.Holders {
			barred[string(b.Act)+"_"+string(h)] = true
		}
	}
	pending, err := s.pendingOn(r, lang, "", policies.ChangeActingRules)
	if err != nil {
		return err
	}
	s.renderAdmin(w, r, lang, "admin_acting_rules", messages[lang]["acting_rules_title"], reg, map[string]any{"Rules": rules, "Rows": rows,
		"Acts": policies.ActingActs, "Holders": []policies.SignCapacity{policies.SignPlt, policies.SignPlh, policies.SignOnBehalf}, "Barred": barred, "Pending": pending})
	return nil
}

// standInRow is a stand-in as the page's row shows it.
type standInRow struct {
	policies.ActingStandIn
	Plt, Plh bool
}

// actingRulesFromForm reads the rules' form: stand-in rows (those left
// empty dropped), the two terms, and a checkbox per act and holder.
func actingRulesFromForm(r *http.Request) (policies.ActingRules, error) {
	var in policies.ActingRules
	rows, err := formInt(r, "rows")
	if err != nil {
		return in, err
	}
	if rows < 0 || rows > 100 {
		return in, policies.FieldError("rows", "jumlah baris tidak sah")
	}
	for i := range rows {
		f := func(name string) string { return fmt.Sprintf("%s_%d", name, i) }
		st := policies.ActingStandIn{Principal: r.PostFormValue(f("principal")), Acting: r.PostFormValue(f("acting")), Basis: r.PostFormValue(f("basis"))}
		for _, k := range r.PostForm[f("kinds")] {
			st.Kinds = append(st.Kinds, policies.ActingKind(k))
		}
		if strings.TrimSpace(st.Principal+st.Acting+st.Basis) == "" && len(st.Kinds) == 0 {
			continue
		}
		in.StandIns = append(in.StandIns, st)
	}
	if in.PltMaxMonths, err = formInt(r, "plt_max_months"); err != nil {
		return in, err
	}
	if in.PlhMaxDays, err = formInt(r, "plh_max_days"); err != nil {
		return in, err
	}
	for _, act := range policies.ActingActs {
		b := policies.ActingBar{Act: act}
		for _, h := range r.PostForm["bar_"+string(act)] {
			b.Holders = append(b.Holders, policies.SignCapacity(h))
		}
		if len(b.Holders) > 0 {
			in.Bars = append(in.Bars, b)
		}
	}
	return in, nil
}

func init() {
	pageNames = append(pageNames, "admin_acting_rules")
}
