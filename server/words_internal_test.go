package server

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// Every string of the catalogue, in every part and every typed catalogue,
// has both its Indonesian and its English side.
func TestCatalogueHasBothSides(t *testing.T) {
	check := func(what string, byLang map[string]map[string]string) {
		for _, l := range []string{i18n.ID, i18n.EN} {
			for k, v := range byLang[l] {
				if strings.TrimSpace(v) == "" {
					t.Errorf("%s %q has no %s text", what, k, l)
				}
			}
		}
		if len(byLang[i18n.ID]) != len(byLang[i18n.EN]) {
			t.Errorf("%s: %d Indonesian, %d English", what, len(byLang[i18n.ID]), len(byLang[i18n.EN]))
		}
	}
	check("catalogue key", messages)
	check("status", stringKeys(i18n.StatusNames))
	check("role", stringKeys(i18n.RoleNames))
	check("decision", i18n.DecisionNames)
	check("outcome", i18n.OutcomeNames)
	check("audit action", i18n.AuditActionNames)
	check("round status", i18n.RoundStatusNames)
	check("program kind", stringKeys(i18n.ProgramKindNames))
	check("notification kind", stringKeys(i18n.NoticeKindNames))
	check("comment status", stringKeys(i18n.CommentStatusNames))
	check("band", i18n.BandNames)
	check("quorum", stringKeys(i18n.QuorumNames))
	check("notify mode", stringKeys(i18n.NotifyModeNames))
	check("ledger status", i18n.LedgerStatusNames)
	check("roster change", i18n.RosterChangeNames)
	check("roster field", i18n.RosterFieldNames)
	// Every ledger status and roster change has a name, and a word in the downloads.
	for _, st := range evaluation.LedgerStatuses {
		for _, l := range []string{i18n.ID, i18n.EN} {
			if i18n.LedgerStatusNames[l][string(st)] == "" || messages[l]["ledger_status_"+string(st)] == "" {
				t.Errorf("ledger status %q has no %s name or download word", st, l)
			}
		}
	}
	for _, k := range policies.RosterChangeKinds {
		for _, l := range []string{i18n.ID, i18n.EN} {
			if i18n.RosterChangeNames[l][string(k)] == "" {
				t.Errorf("roster change %q has no %s name", k, l)
			}
		}
	}
}

func stringKeys[K ~string](m map[string]map[K]string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for l, names := range m {
		out[l] = map[string]string{}
		for k, v := range names {
			out[l][string(k)] = v
		}
	}
	return out
}

// Every catalogue key a template names exists: a missing key would show
// nothing at all.
func TestTemplatesNameOnlyCatalogueKeys(t *testing.T) {
	key := regexp.MustCompile(`\.T\.([A-Za-z0-9_]+)|index \$?\.T "([^"]+)"`)
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("templates: %v", err)
	}
	used := 0
	for _, f := range files {
		b, err := fs.ReadFile(templateFS, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllStringSubmatch(string(b), -1) {
			k := m[1] + m[2]
			used++
			for _, l := range []string{i18n.ID, i18n.EN} {
				if _, ok := messages[l][k]; !ok {
					t.Errorf("%s names catalogue key %q, which has no %s text", f, k, l)
				}
			}
		}
	}
	if used < 100 {
		t.Errorf("only %d catalogue keys found in the templates: the pattern no longer matches them", used)
	}
}

// Every code the record keeps has a name in both languages.
func TestEveryCodeHasAName(t *testing.T) {
	maps := map[string]map[string]map[string]string{
		"status": stringKeys(i18n.StatusNames), "role": stringKeys(i18n.RoleNames), "action": i18n.AuditActionNames,
		"audit action": i18n.AuditActionNames, "decision": i18n.DecisionNames, "outcome": i18n.OutcomeNames,
		"round status": i18n.RoundStatusNames, "program kind": stringKeys(i18n.ProgramKindNames),
		"program status":    stringKeys(i18n.ProgramStatusNames),
		"notification kind": stringKeys(i18n.NoticeKindNames), "comment status": stringKeys(i18n.CommentStatusNames),
		"quorum": stringKeys(i18n.QuorumNames), "notify mode": stringKeys(i18n.NotifyModeNames),
	}
	for what, codes := range Codes() {
		names, ok := maps[what]
		if !ok {
			continue // named by the pages that show them (stakeholder groups: the admin pages)
		}
		for _, c := range codes {
			for _, l := range []string{i18n.ID, i18n.EN} {
				if names[l][c] == "" {
					t.Errorf("%s %q has no %s name", what, c, l)
				}
			}
		}
	}
}
