// Package i18n holds the words Policyflow shows, Bahasa Indonesia first and
// English second: the page catalogue (one part per area, kept beside each
// other here) and the names of the domain's codes. The web layer picks the
// reader's language; any package that writes to people (pages, notices,
// documents) can take its words from here without importing the web layer.
package i18n

import "fmt"

// The languages: Bahasa Indonesia first, English second.
const (
	ID = "id"
	EN = "en"
)

// pageParts are the parts of the page catalogue; a key in two parts stops
// the program from starting.
var pageParts = []map[string][2]string{catalogue, catalogueAdmin, catalogueFirstRun, catalogueWord, catalogueAnswers, catalogueCampaign, catalogueModeration, cataloguePassage, catalogueDocuments, catalogueLegal, catalogueJDIH, catalogueAmendment, catalogueConsolidation, catalogueEnactment, catalogueParaf, catalogueHarmonisation, catalogueLegalSteps, catalogueRoster, catalogueLearning, catalogueUnsubscribe, catalogueProgram, cataloguePlan, catalogueSIASN, catalogueKirkpatrick, catalogueSKM, catalogueSignature, catalogueDone, catalogueChanges, cataloguePrivacy, catalogueAudit, catalogueSSO, catalogueFind, catalogueSecondFactor, catalogueFollow, catalogueTopics, catalogueOperations, catalogueConsultRules, catalogueFigures, catalogueNotices, catalogueAccountNotices}

// Messages returns every page string by language then key: the page
// catalogue and any extra parts kept elsewhere.
func Messages(extra ...map[string][2]string) map[string]map[string]string {
	return ByLanguage(append(append([]map[string][2]string{}, pageParts...), extra...)...)
}

// Pages is every page string by language then key (Messages of the
// whole catalogue), kept once.
var Pages = Messages()

// ByLanguage turns a catalogue of pairs into one map per language.
func ByLanguage[K comparable](parts ...map[K][2]string) map[string]map[K]string {
	out := map[string]map[K]string{ID: {}, EN: {}}
	for _, c := range parts {
		for k, v := range c {
			if _, dup := out[ID][k]; dup {
				panic(fmt.Sprintf("i18n: key %v is in two catalogue parts", k))
			}
			out[ID][k], out[EN][k] = v[0], v[1]
		}
	}
	return out
}
