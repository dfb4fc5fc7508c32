package server

import (
	"net/http"
	"reflect"
	"time"

	"github.com/policyflow/policyflow/markdown"
	"github.com/policyflow/policyflow/openapi"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// The OpenAPI document's answers are reflected from the Go types the
// handlers encode, declared here beside the route table: an answer is the
// status a handler writes and a sample value of the type it encodes. The
// API tests validate every answer they get against the document
// (apivalidate_test.go), so a handler that encodes another type fails them.

// apiAnswer is the success answer of one route.
type apiAnswer struct {
	Status int
	Body   any    // a value of the encoded type; nil with Media: a file
	Media  string // the content type of a file answer ("" for JSON)
}

func ok(v any) apiAnswer      { return apiAnswer{Status: http.StatusOK, Body: v} }
func created(v any) apiAnswer { return apiAnswer{Status: http.StatusCreated, Body: v} }

// Answers that handlers build as maps, spelled as the types they are.
type (
	tokenCreated struct {
		ID        int64         `json:"id"`
		Token     string        `json:"token"`
		Name      string        `json:"name"`
		ExpiresAt time.Time     `json:"expires_at"`
		User      policies.User `json:"user"`
	}
	tokenList struct {
		Tokens []policies.APIToken `json:"tokens"`
	}
	policyList struct {
		Policies          []policies.PolicySummary `json:"policies"`
		Total             int                      `json:"total"`
		TotalIsLowerBound bool                     `json:"total_is_lower_bound"`
		Page              int                      `json:"page"`
		PageSize          int                      `json:"page_size"`
	}
	policyShown struct {
		Policy          policies.PolicySummary                     `json:"policy"`
		Version         policies.Version                           `json:"version"`
		InForce         bool                                       `json:"in_force"`
		LegalState      policies.LegalState                        `json:"legal_state"`
		HTML            string                                     `json:"html"`
		TOC             []markdown.TOCEntry                        `json:"toc"`
		State           *openapi.SnakeCased[workflows.PolicyState] `json:"state"`
		DraftVersion    int                                        `json:"draft_version,omitempty"`
		InForceVersion  int                                        `json:"in_force_version,omitempty"`
		RevisionVersion int                                        `json:"revision_version,omitempty"`
		// LegalStep: to the region's staff, the legal step the approved
		// version waits for (legal_steps.go).
		LegalStep *legalStepTask `json:"legal_step,omitempty"`
	}
	versionList struct {
		Versions []versionSummary `json:"versions"`
	}
	markdownAnswer struct {
		Markdown string `json:"markdown"`
	}
	diffAnswer struct {
		From          int      `json:"from"`
		To            int      `json:"to"`
		Ops           []diffOp `json:"ops"`
		InsertedWords int      `json:"inserted_words"`
		DeletedWords  int      `json:"deleted_words"`
	}
	diffOp struct {
		Op   string `json:"op"`
		Text string `json:"text"`
	}
	commentPage struct {
		Threads   []threadView   `json:"threads"`
		Counts    map[string]int `json:"counts"`
		NextAfter int64          `json:"next_after,omitempty"`
	}
	suggestionList struct {
		CurrentVersion int              `json:"current_version"`
		Suggestions    []suggestionItem `json:"suggestions"`
	}
	suggestionItem struct {
		policies.Comment
		State policies.AnchorState `json:"state_on_current,omitempty"`
	}
	suggestionsAccepted struct {
		Version policies.Version `json:"version"`
		Diff    string           `json:"diff"`
	}
	auditList struct {
		Audit []policies.AuditRecord `json:"audit"`
	}
	adminAuditList struct {
		Audit []policies.AdminAuditRecord `json:"audit"`
	}
	notificationList struct {
		Notifications []policies.Notification `json:"notifications"`
	}
	notificationRead struct {
		Read int64 `json:"read"`
	}
	previewAnswer struct {
		HTML string              `json:"html"`
		TOC  []markdown.TOCEntry `json:"toc"`
	}
	evaluationReport struct {
		Rounds        []evaluationRound   `json:"rounds"`
		Programs      []programCompletion `json:"programs"`
		ProgramTotals programTotalsView   `json:"program_totals"`
	}
	evaluationRound struct {
		policies.EvaluationRow
		Band  string `json:"band,omitempty"`
		Label string `json:"band_label,omitempty"`
	}
	programCompletion struct {
		policies.ProgramCompletion
		JPEarned int `json:"jp_earned"`
	}
	skmAnswer struct {
		IKM         float64 `json:"ikm"`
		Band        string  `json:"band"`
		BandLabel   string  `json:"band_label"`
		Respondents int     `json:"respondents"`
		Outcome     string  `json:"outcome"`
	}
	kirkpatrickAnswer struct {
		LevelMeans      [4]float64 `json:"level_means"`
		Index           float64    `json:"index"`
		LevelsEvaluated int        `json:"levels_evaluated"`
	}
	programList struct {
		Programs []policies.Program `json:"programs"`
	}
	participantList struct {
		Participants []policies.Participant `json:"participants"`
	}
	participantsImported struct {
		Saved int `json:"saved"`
	}
	webhookAnswer struct {
		UnitID int64  `json:"unit_id"`
		URL    string `json:"url"`
	}
	webhookSet struct {
		UnitID int64  `json:"unit_id"`
		URL    string `json:"url"`
		Secret string `json:"secret"`
	}
	peopleList struct {
		People []policies.User `json:"people"`
	}
	linkSent struct {
		Purpose policies.LinkPurpose `json:"purpose"`
	}
	unitList struct {
		Units []policies.UnitRecord `json:"units"`
	}
	groupList struct {
		Groups []policies.StakeholderGroup `json:"groups"`
	}
	groupDeleted struct {
		Deleted int64 `json:"deleted"`
	}
	holidayDeleted struct {
		Deleted int64 `json:"deleted"`
	}
	chainList struct {
		Chains []policies.ApprovalChain `json:"chains"`
	}
	actingList struct {
		Appointments []policies.ActingAppointment `json:"appointments"`
	}
	attachmentList struct {
		Attachments []policies.Attachment `json:"attachments"`
	}
	moderationQueue struct {
		Items []policies.ModerationItem `json:"items"`
	}
	answersPublished struct {
		Published int `json:"published"`
	}
	enactmentList struct {
		Enactments []enactmentView `json:"enactments"`
	}
	findingList struct {
		Findings []findingView `json:"findings"`
	}
	relationList struct {
		PolicyID  int64          `json:"policy_id"`
		Relations []relationView `json:"relations"`
	}
	jdihAnswer struct {
		PolicyID  int64                  `json:"policy_id"`
		Enacted   bool                   `json:"enacted"`
		Metadata  *policies.JDIHMetadata `json:"metadata"`
		Relations []relationView         `json:"relations"`
	}
)

// apiAnswers is each API route's success answer, by "METHOD /path".
// TestOpenAPIAnswers fails for a route of the table missing here.
func apiAnswers() map[string]apiAnswer {
	return withAnswers(map[string]apiAnswer{
		"POST /tokens":                                                  created(tokenCreated{}),
		"GET /tokens":                                                   ok(tokenList{}),
		"POST /tokens/{tid}/revoke":                                     ok(policies.APIToken{}),
		"GET /me":                                                       ok(policies.User{}),
		"GET /dashboard":                                                ok(dashboard{}),
		"GET /policies":                                                 ok(policyList{}),
		"POST /policies":                                                created(policies.Policy{}),
		"GET /policies/{id}":                                            ok(policyShown{}),
		"GET /policies/{id}/timeline":                                   ok(timelineData{}),
		"GET /policies/{id}/versions":                                   ok(versionList{}),
		"POST /policies/{id}/versions":                                  created(savedVersion{}),
		"GET /policies/{id}/versions/{n}":                               ok(policies.Version{}),
		"GET /policies/{id}/versions/{n}/docx":                          {Status: http.StatusOK, Media: docxType},
		"GET /verify/{hash}":                                            ok(verification{}),
		"POST /convert":                                                 ok(markdownAnswer{}),
		"GET /policies/{id}/diff":                                       ok(diffAnswer{}),
		"GET /policies/{id}/comments":                                   ok(commentPage{}),
		"POST /policies/{id}/comments":                                  created(policies.Comment{}),
		"POST /comments/{cid}/status":                                   ok(policies.Comment{}),
		"GET /policies/{id}/suggestions":                                ok(suggestionList{}),
		"POST /policies/{id}/suggestions/accept":                        created(suggestionsAccepted{}),
		"POST /comments/{cid}/suggestion/decline":                       ok(policies.Comment{}),
		"POST /policies/{id}/actions/{action}":                          ok(openapi.SnakeCased[workflows.Result]{}),
		"GET /policies/{id}/audit":                                      ok(auditList{}),
		"GET /notifications":                                            ok(notificationList{}),
		"POST /notifications/{nid}/read":                                ok(notificationRead{}),
		"POST /preview":                                                 ok(previewAnswer{}),
		"GET /policies/{id}/evaluations":                                ok(evaluationReport{}),
		"POST /policies/{id}/evaluations/{round}/skm":                   ok(skmAnswer{}),
		"POST /policies/{id}/evaluations/{round}/kirkpatrick":           ok(kirkpatrickAnswer{}),
		"GET /policies/{id}/programs":                                   ok(programList{}),
		"GET /policies/{id}/programs/{pid}/participants":                ok(participantList{}),
		"POST /policies/{id}/programs/{pid}/participants":               ok(participantsImported{}),
		"POST /policies/{id}/programs/{pid}/edit":                       ok(programAnswer{}),
		"POST /policies/{id}/programs/{pid}/reschedule":                 ok(programAnswer{}),
		"POST /policies/{id}/programs/{pid}/cancel":                     ok(programAnswer{}),
		"POST /policies/{id}/programs/{pid}/budget":                     ok(programAnswer{}),
		"GET /ledger":                                                   ok(ledgerAnswer{}),
		"GET /roster":                                                   ok(rosterAnswer{}),
		"POST /roster":                                                  created(policies.RosterPerson{}),
		"POST /roster/{rid}":                                            ok(policies.RosterPerson{}),
		"POST /roster/import":                                           ok(policies.RosterPreview{}),
		"POST /roster/import/apply":                                     ok(policies.RosterPreview{}),
		"GET /learning":                                                 ok(learningAnswer{}),
		"POST /learning":                                                created(policies.LearningActivity{}),
		"POST /learning/{lid}/remove":                                   ok(policies.LearningActivity{}),
		"POST /admin/learning-rules":                                    ok(policies.LearningRules{}),
		"GET /plan":                                                     ok(planAnswer{}),
		"POST /plan/needs":                                              created(policies.PlanNeed{}),
		"POST /plan/needs/import":                                       created(planImported{}),
		"POST /plan/items":                                              created(policies.PlanItem{}),
		"POST /plan/links":                                              ok(policies.PlanItem{}),
		"POST /plan/items/{iid}":                                        ok(policies.PlanItem{}),
		"POST /plan/items/{iid}/delete":                                 ok(policies.PlanItem{}),
		"POST /plan/items/{iid}/unlink":                                 ok(policies.PlanItem{}),
		"GET /siasn":                                                    ok(siasnAnswer{}),
		"POST /siasn/verify":                                            ok(policies.SIASNCandidate{}),
		"POST /siasn/exports":                                           created(policies.SIASNExport{}),
		"GET /siasn/exports/{sxid}":                                     ok(policies.SIASNExport{}),
		"GET /unit/webhook":                                             ok(webhookAnswer{}),
		"POST /unit/webhook":                                            ok(webhookSet{}),
		"GET /openapi.json":                                             ok(map[string]any{}),
		"GET /admin/people":                                             ok(peopleList{}),
		"POST /admin/people":                                            created(policies.User{}),
		"POST /admin/people/{person}":                                   ok(policies.User{}),
		"POST /admin/people/{person}/deactivate":                        ok(policies.User{}),
		"POST /admin/people/{person}/second-factor/reset":               ok(policies.User{}),
		"POST /admin/people/{person}/reactivate":                        ok(policies.User{}),
		"POST /admin/people/{person}/reset":                             {Status: http.StatusAccepted, Body: linkSent{}},
		"GET /admin/audit":                                              ok(adminAuditList{}),
		"GET /admin/paraf":                                              ok(parafSteps{}),
		"POST /admin/paraf":                                             {Status: http.StatusAccepted, Body: policies.PendingChange{}},
		"POST /admin/paraf/{psid}/delete":                               {Status: http.StatusAccepted, Body: policies.PendingChange{}},
		"GET /policies/{id}/paraf":                                      ok(parafView{}),
		"GET /policies/{id}/harmonisation":                              ok(harmonisationView{}),
		"POST /policies/{id}/harmonisation/request":                     created(policies.Harmonisation{}),
		"POST /policies/{id}/harmonisation/answer":                      ok(policies.Harmonisation{}),
		"GET /admin/harmonisation":                                      ok(harmonisationSettings{}),
		"POST /admin/harmonisation":                                     {Status: http.StatusAccepted, Body: policies.PendingChange{}},
		"GET /admin/legal-steps":                                        ok(legalStepSettings{}),
		"POST /admin/legal-steps":                                       ok(policies.LegalStepSetting{}),
		"GET /admin/operations":                                         ok(operations{}),
		"POST /admin/operations/deliveries/{delivery}/discard":          ok(policies.DeliveryProblem{}),
		"POST /admin/operations/deliveries/{delivery}/retry":            ok(policies.DeliveryProblem{}),
		"POST /policies/{id}/paraf":                                     created(policies.Paraf{}),
		"GET /admin/calendar":                                           ok(regionCalendar{}),
		"GET /admin/acting-rules":                                       ok(policies.RegionActingRules{}),
		"POST /admin/acting-rules":                                      {Status: http.StatusAccepted, Body: policies.PendingChange{}},
		"POST /admin/calendar":                                          created(policies.RegionHoliday{}),
		"POST /admin/calendar/{hid}/delete":                             ok(holidayDeleted{}),
		"GET /admin/settings":                                           ok(policies.Region{}),
		"POST /admin/settings":                                          ok(policies.Region{}),
		"GET /admin/units":                                              ok(unitList{}),
		"POST /admin/units":                                             created(policies.UnitRecord{}),
		"GET /admin/units/{uid}":                                        ok(policies.UnitRecord{}),
		"POST /admin/units/{uid}":                                       ok(policies.UnitRecord{}),
		"GET /admin/groups":                                             ok(groupList{}),
		"POST /admin/groups":                                            created(policies.StakeholderGroup{}),
		"GET /admin/groups/{gid}":                                       ok(policies.StakeholderGroup{}),
		"POST /admin/groups/{gid}":                                      ok(policies.StakeholderGroup{}),
		"POST /admin/groups/{gid}/delete":                               ok(groupDeleted{}),
		"GET /admin/chains":                                             ok(chainList{}),
		"POST /admin/chains":                                            {Status: http.StatusAccepted, Body: policies.PendingChange{}},
		"GET /admin/chains/{chid}":                                      ok(policies.ApprovalChain{}),
		"POST /admin/chains/{chid}":                                     {Status: http.StatusAccepted, Body: policies.PendingChange{}},
		"GET /acting":                                                   ok(actingList{}),
		"POST /acting":                                                  {Status: http.StatusAccepted, Body: policies.PendingChange{}},
		"GET /changes":                                                  ok(changeList{}),
		"GET /changes/{cid}":                                            ok(policies.PendingChange{}),
		"POST /changes/{cid}/confirm":                                   ok(policies.PendingChange{}),
		"POST /changes/{cid}/decline":                                   ok(policies.PendingChange{}),
		"POST /acting/{aid}/revoke":                                     ok(policies.ActingAppointment{}),
		"GET /policies/{id}/attachments":                                ok(attachmentList{}),
		"POST /policies/{id}/attachments":                               created(policies.Attachment{}),
		"GET /policies/{id}/attachments/{atid}":                         {Status: http.StatusOK, Media: "*/*"},
		"POST /policies/{id}/attachments/{atid}/delete":                 ok(policies.Attachment{}),
		"POST /comments/{cid}/report":                                   created(policies.CommentReport{}),
		"GET /policies/{id}/moderation":                                 ok(moderationQueue{}),
		"POST /comments/{cid}/moderate":                                 ok(policies.Comment{}),
		"GET /policies/{id}/consultations/{consultation}/answers":       ok(answersList{}),
		"POST /policies/{id}/consultations/{consultation}/answers":      ok(policies.Answer{}),
		"POST /policies/{id}/consultations/{consultation}/publish":      ok(answersPublished{}),
		"POST /policies/{id}/consultations/{consultation}/offline":      created(policies.AnsweredComment{}),
		"POST /policies/{id}/programs/{pid}/participants/{paid}/remove": ok(participantRemoved{}),
		"GET /policies/{id}/programs/{pid}/sessions":                    ok(sessionList{}),
		"POST /policies/{id}/programs/{pid}/sessions":                   created(policies.ProgramSession{}),
		"POST /policies/{id}/programs/{pid}/attendance":                 ok(attendanceSaved{}),
		// Kirkpatrick levels 1 and 2 (kirkpatrick_levels.go).
		"GET /policies/{id}/programs/{pid}/kirkpatrick":                      ok(kirkpatrickFigures{}),
		"GET /policies/{id}/kirkpatrick":                                     ok(policyKirkpatrick{}),
		"POST /policies/{id}/programs/{pid}/kirkpatrick/learning":            ok(attendanceSaved{}),
		"POST /policies/{id}/programs/{pid}/kirkpatrick/result":              ok(policies.ProgramResult{}),
		"POST /policies/{id}/consultations/{consultation}/unanswered-reason": created(policies.UnansweredReason{}),
		"GET /policies/{id}/consultations/{consultation}/report":             ok(policies.Report{}),
		"GET /policies/{id}/enactments":                                      ok(enactmentList{}),
		"POST /policies/{id}/enactments":                                     created(enactmentView{}),
		"POST /policies/{id}/promulgation":                                   ok(enactmentView{}),
		"POST /policies/{id}/enactment/sign":                                 ok(enactmentView{}),
		"GET /templates/perwali":                                             ok(markdownAnswer{}),
		"POST /structure-check":                                              ok(findingList{}),
		"GET /policies/{id}/relations":                                       ok(relationList{}),
		"POST /policies/{id}/relations":                                      created(policies.PolicyRelation{}),
		"GET /policies/{id}/jdih":                                            ok(jdihAnswer{}),
		"POST /policies/{id}/jdih":                                           ok(policies.JDIHMetadata{}),
		"GET /jdih":                                                          ok([]jdihFeedItem{}),
		"GET /policies/{id}/evaluations/{round}/units/{unit}/skm":            ok(skmTableView{}),
		"GET /ikm": ok(publicIKMList{}),
		"GET /policies/{id}/evaluations/{round}/units/{unit}/followups":               ok(followUpList{}),
		"POST /policies/{id}/evaluations/{round}/units/{unit}/followups":              created(policies.SKMFollowUp{}),
		"POST /policies/{id}/evaluations/{round}/units/{unit}/followups/{fid}/status": ok(policies.SKMFollowUp{}),
	}, privacyAnswers(), ssoAnswers(), commentWorkAnswers(), amendmentAnswers(), topicAnswers())
}

// apiQuery is a query parameter a route reads.
type apiQuery struct {
	Name, Description string
	Schema            map[string]any
}

// apiQueries are the query parameters of the routes that read any.
func apiQueries() map[string][]apiQuery {
	str := map[string]any{"type": "string"}
	num := func(min int) map[string]any { return map[string]any{"type": "integer", "minimum": min} }
	whole := map[string]any{"type": "integer"}
	status := map[string]any{"type": "string", "enum": enums()[reflect.TypeFor[policies.Status]()]}
	form := map[string]any{"type": "string", "enum": enums()[reflect.TypeFor[policies.LegalForm]()]}
	return withAnswers(map[string][]apiQuery{
		"GET /policies": {{"q", "full-text search", str}, {"status", "only policies in this state", status},
			{"region", "a region's slug", str}, {"unit", "an owning unit's code", str}, {"topic", "a topic's slug: only the policies carrying it", str}, {"page", "from 1, 20 a page", map[string]any{"type": "integer", "minimum": 1, "maximum": 10000}}},
		"GET /policies/{id}/comments": {{"section", "one section's anchor", str}, {"after", "the last thread ID of the previous page", whole},
			{"limit", "threads a page (at most 100; otherwise 20)", whole}},
		"GET /policies/{id}/diff": {{"from", "version number (default: the previous one)", num(1)}, {"to", "version number (default: the latest)", num(1)}},
		"GET /ledger": {{"region", "a region's slug: only one's own", str},
			{"year", "the year (default: this one in the region's time zone)", map[string]any{"type": "integer", "minimum": 2000, "maximum": 2100}}},
		"GET /plan":               {{"year", "the plan's year (default: this one in the region's time zone)", map[string]any{"type": "integer", "minimum": 2000, "maximum": 2100}}},
		"GET /learning":           {{"year", "the year the activities were held (default: this one in the region's time zone)", map[string]any{"type": "integer", "minimum": 2000, "maximum": 2100}}},
		"GET /siasn":              {{"year", "the year the programs ended (default: this one in the region's time zone)", map[string]any{"type": "integer", "minimum": 2000, "maximum": 2100}}},
		"POST /plan/needs/import": {{"year", "the year the needs are for", map[string]any{"type": "integer", "minimum": 2000, "maximum": 2100}}},
		"POST /roster/import":     {{"token", "the token of this file's preview: apply it at once (409 if the file or the roster differ)", str}},
		"GET /admin/audit":        {{"before", "the last ID of the previous page", whole}, {"limit", "entries a page (1 to 200; otherwise 50)", whole}},
		"GET /jdih": {{"region", "a region's slug", str}, {"year", "year of enactment", map[string]any{"type": "integer", "minimum": 1945, "maximum": 9999}},
			{"jenis", "legal form", form}, {"page", "from 1, 100 a page", map[string]any{"type": "integer", "minimum": 1, "maximum": 10000}}},
		"GET /ikm": {{"region", "a region's slug", str}, {"year", "year the round fell due, in the region's zone", map[string]any{"type": "integer", "minimum": 1945, "maximum": 9999}}},
	}, consolidationQueries(), topicQueries(), answersQueries())
}
