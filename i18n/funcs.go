package i18n

import (
	"fmt"
	"html/template"

	"github.com/policyflow/policyflow/policies"
)

// sectionTitle says a section's title, from the anchor a comment names: titles
// maps anchors to the headings of the policy's versions; no anchor is the
// general discussion.
func sectionTitle(l Locale) func(map[string]string, string) (string, error) {
	return func(titles map[string]string, anchor string) (string, error) {
		return titleOf(l, titles, anchor)
	}
}

func titleOf(l Locale, titles map[string]string, anchor string) (string, error) {
	if anchor == "" {
		return Pages[l.Lang]["comments_general"], nil
	}
	if t := titles[anchor]; t != "" {
		return t, nil
	}
	if Strict {
		return "", fmt.Errorf("i18n: section %q has no title", anchor)
	}
	return anchor, nil
}

// Author is a comment author's name as the page says it: an erased
// person's comments carry policies.ErasedAuthor, said in the page's
// language ("Participant (erased)").
func (l Locale) Author(name string) string {
	if policies.IsErasedAuthor(name) {
		return Pages[l.Lang]["privacy_erased_author"]
	}
	return name
}

// Funcs are the template functions that say codes, dates and numbers in
// the page's language and zone. Every template set is parsed with the
// functions of its locale (the server's parseTemplates).
func (l Locale) Funcs() template.FuncMap {
	return template.FuncMap{
		"date":           l.Date,
		"day":            l.DateOnly,
		"num":            l.Num,
		"dec":            l.Dec,
		"score":          l.Dec,
		"left":           l.Left,
		"zone":           func() string { return string(l.Zone) },
		"lang":           func() string { return l.Lang },
		"section":        sectionTitle(l),
		"author":         l.Author,
		"auditDetail":    l.AuditDetail,
		"auditSubject":   l.AuditSubject,
		"auditChanges":   l.AuditChanges,
		"status":         CodeFunc(StatusNames, l, "status"),
		"role":           CodeFunc(RoleNames, l, "role"),
		"decision":       CodeFunc(DecisionNames, l, "decision"),
		"outcome":        CodeFunc(OutcomeNames, l, "outcome"),
		"auditAction":    CodeFunc(AuditActionNames, l, "audit action"),
		"roundStatus":    CodeFunc(RoundStatusNames, l, "round status"),
		"programKind":    CodeFunc(ProgramKindNames, l, "program kind"),
		"programStatus":  CodeFunc(ProgramStatusNames, l, "program status"),
		"noticeKind":     CodeFunc(NoticeKindNames, l, "notification kind"),
		"commentStatus":  CodeFunc(CommentStatusNames, l, "comment status"),
		"band":           CodeFunc(BandNames, l, "band"),
		"quorum":         CodeFunc(QuorumNames, l, "quorum"),
		"notifyMode":     CodeFunc(NotifyModeNames, l, "notification mode"),
		"ledgerStatus":   CodeFunc(LedgerStatusNames, l, "ledger status"),
		"rosterChange":   CodeFunc(RosterChangeNames, l, "roster change"),
		"rosterField":    CodeFunc(RosterFieldNames, l, "roster field"),
		"competencyKind": CodeFunc(CompetencyKindNames, l, "competency kind"),
		"devPath":        CodeFunc(DevelopmentPathNames, l, "development path"),
		"needSource":     CodeFunc(NeedSourceNames, l, "need source"),
		"learningKind":   CodeFunc(LearningKindNames, l, "learning kind"),
		"learningBasis":  CodeFunc(LearningBasisNames, l, "learning basis"),
	}
}
