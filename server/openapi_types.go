package server

import (
	"encoding/json"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/markdown"
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
		Policy         policies.PolicySummary             `json:"policy"`
		Version        policies.Version                   `json:"version"`
		InForce        bool                               `json:"in_force"`
		HTML           string                             `json:"html"`
		TOC            []markdown.TOCEntry                `json:"toc"`
		State          *snakeCased[workflows.PolicyState] `json:"state"`
		DraftVersion   int                                `json:"draft_version,omitempty"`
		InForceVersion int                                `json:"in_force_version,omitempty"`
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
	ledgerAnswer struct {
		Region    string                 `json:"region"`
		Year      int                    `json:"year"`
		MinimumJP int                    `json:"minimum_jp"`
		Rows      []evaluation.LedgerRow `json:"rows"`
		Units     []evaluation.UnitTotal `json:"units"`
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
	answersList struct {
		ConsultationID   int64                      `json:"consultation_id"`
		Comments         []policies.AnsweredComment `json:"comments"`
		Counts           policies.AnswerCounts      `json:"counts"`
		UnansweredReason *policies.UnansweredReason `json:"unanswered_reason"`
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
	return map[string]apiAnswer{
		"POST /tokens":                                             created(tokenCreated{}),
		"GET /tokens":                                              ok(tokenList{}),
		"POST /tokens/{tid}/revoke":                                ok(policies.APIToken{}),
		"GET /me":                                                  ok(policies.User{}),
		"GET /dashboard":                                           ok(dashboard{}),
		"GET /policies":                                            ok(policyList{}),
		"POST /policies":                                           created(policies.Policy{}),
		"GET /policies/{id}":                                       ok(policyShown{}),
		"GET /policies/{id}/timeline":                              ok(timelineData{}),
		"GET /policies/{id}/versions":                              ok(versionList{}),
		"POST /policies/{id}/versions":                             created(savedVersion{}),
		"GET /policies/{id}/versions/{n}":                          ok(policies.Version{}),
		"GET /policies/{id}/versions/{n}/docx":                     {Status: http.StatusOK, Media: docxType},
		"GET /verify/{hash}":                                       ok(verification{}),
		"POST /convert":                                            ok(markdownAnswer{}),
		"GET /policies/{id}/diff":                                  ok(diffAnswer{}),
		"GET /policies/{id}/comments":                              ok(commentPage{}),
		"POST /policies/{id}/comments":                             created(policies.Comment{}),
		"POST /comments/{cid}/status":                              ok(policies.Comment{}),
		"GET /policies/{id}/suggestions":                           ok(suggestionList{}),
		"POST /policies/{id}/suggestions/accept":                   created(suggestionsAccepted{}),
		"POST /comments/{cid}/suggestion/decline":                  ok(policies.Comment{}),
		"POST /policies/{id}/actions/{action}":                     ok(snakeCased[workflows.Result]{}),
		"GET /policies/{id}/audit":                                 ok(auditList{}),
		"GET /notifications":                                       ok(notificationList{}),
		"POST /notifications/{nid}/read":                           ok(notificationRead{}),
		"POST /preview":                                            ok(previewAnswer{}),
		"GET /policies/{id}/evaluations":                           ok(evaluationReport{}),
		"POST /policies/{id}/evaluations/{round}/skm":              ok(skmAnswer{}),
		"POST /policies/{id}/evaluations/{round}/kirkpatrick":      ok(kirkpatrickAnswer{}),
		"GET /policies/{id}/programs":                              ok(programList{}),
		"GET /policies/{id}/programs/{pid}/participants":           ok(participantList{}),
		"POST /policies/{id}/programs/{pid}/participants":          ok(participantsImported{}),
		"GET /ledger":                                              ok(ledgerAnswer{}),
		"GET /unit/webhook":                                        ok(webhookAnswer{}),
		"POST /unit/webhook":                                       ok(webhookSet{}),
		"GET /openapi.json":                                        ok(map[string]any{}),
		"GET /admin/people":                                        ok(peopleList{}),
		"POST /admin/people":                                       created(policies.User{}),
		"POST /admin/people/{person}":                              ok(policies.User{}),
		"POST /admin/people/{person}/deactivate":                   ok(policies.User{}),
		"POST /admin/people/{person}/reactivate":                   ok(policies.User{}),
		"POST /admin/people/{person}/reset":                        {Status: http.StatusAccepted, Body: linkSent{}},
		"GET /admin/audit":                                         ok(adminAuditList{}),
		"GET /admin/settings":                                      ok(policies.Region{}),
		"POST /admin/settings":                                     ok(policies.Region{}),
		"GET /admin/units":                                         ok(unitList{}),
		"POST /admin/units":                                        created(policies.UnitRecord{}),
		"GET /admin/units/{uid}":                                   ok(policies.UnitRecord{}),
		"POST /admin/units/{uid}":                                  ok(policies.UnitRecord{}),
		"GET /admin/groups":                                        ok(groupList{}),
		"POST /admin/groups":                                       created(policies.StakeholderGroup{}),
		"GET /admin/groups/{gid}":                                  ok(policies.StakeholderGroup{}),
		"POST /admin/groups/{gid}":                                 ok(policies.StakeholderGroup{}),
		"POST /admin/groups/{gid}/delete":                          ok(groupDeleted{}),
		"GET /admin/chains":                                        ok(chainList{}),
		"POST /admin/chains":                                       created(policies.ApprovalChain{}),
		"GET /admin/chains/{chid}":                                 ok(policies.ApprovalChain{}),
		"POST /admin/chains/{chid}":                                ok(policies.ApprovalChain{}),
		"GET /acting":                                              ok(actingList{}),
		"POST /acting":                                             created(policies.ActingAppointment{}),
		"POST /acting/{aid}/revoke":                                ok(policies.ActingAppointment{}),
		"GET /policies/{id}/attachments":                           ok(attachmentList{}),
		"POST /policies/{id}/attachments":                          created(policies.Attachment{}),
		"GET /policies/{id}/attachments/{atid}":                    {Status: http.StatusOK, Media: "*/*"},
		"POST /policies/{id}/attachments/{atid}/delete":            ok(policies.Attachment{}),
		"POST /comments/{cid}/report":                              created(policies.CommentReport{}),
		"GET /policies/{id}/moderation":                            ok(moderationQueue{}),
		"POST /comments/{cid}/moderate":                            ok(policies.Comment{}),
		"GET /policies/{id}/consultations/{consultation}/answers":  ok(answersList{}),
		"POST /policies/{id}/consultations/{consultation}/answers": ok(policies.Answer{}),
		"POST /policies/{id}/consultations/{consultation}/publish": ok(answersPublished{}),
		"POST /policies/{id}/consultations/{consultation}/offline": created(policies.AnsweredComment{}),
		"POST /policies/{id}/consultations/{consultation}/unanswered-reason": created(policies.UnansweredReason{}),
		"GET /policies/{id}/consultations/{consultation}/report":             ok(policies.Report{}),
		"GET /policies/{id}/enactments":                                      ok(enactmentList{}),
		"POST /policies/{id}/enactments":                                     created(enactmentView{}),
		"POST /policies/{id}/promulgation":                                   ok(enactmentView{}),
		"GET /templates/perwali":                                             ok(markdownAnswer{}),
		"POST /structure-check":                                              ok(findingList{}),
		"GET /policies/{id}/relations":                                       ok(relationList{}),
		"POST /policies/{id}/relations":                                      created(policies.PolicyRelation{}),
		"GET /policies/{id}/jdih":                                            ok(jdihAnswer{}),
		"POST /policies/{id}/jdih":                                           ok(policies.JDIHMetadata{}),
		"GET /jdih":                                                          ok([]jdihFeedItem{}),
	}
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
	return map[string][]apiQuery{
		"GET /policies": {{"q", "full-text search", str}, {"status", "only policies in this state", status},
			{"region", "a region's slug", str}, {"unit", "an owning unit's code", str}, {"page", "from 1, 20 a page", map[string]any{"type": "integer", "minimum": 1, "maximum": 10000}}},
		"GET /policies/{id}/comments": {{"section", "one section's anchor", str}, {"after", "the last thread ID of the previous page", whole},
			{"limit", "threads a page (at most 100; otherwise 20)", whole}},
		"GET /policies/{id}/diff": {{"from", "version number (default: the previous one)", num(1)}, {"to", "version number (default: the latest)", num(1)}},
		"GET /ledger": {{"region", "a region's slug: only one's own", str},
			{"year", "the year (default: this one)", map[string]any{"type": "integer", "minimum": 2000, "maximum": 2100}}},
		"GET /admin/audit": {{"before", "the last ID of the previous page", whole}, {"limit", "entries a page (1 to 200; otherwise 50)", whole}},
		"GET /jdih": {{"region", "a region's slug", str}, {"year", "year of enactment", map[string]any{"type": "integer", "minimum": 1945, "maximum": 9999}},
			{"jenis", "legal form", form}, {"page", "from 1, 100 a page", map[string]any{"type": "integer", "minimum": 1, "maximum": 10000}}},
	}
}

// enums are the values of the API's named string types, from their Go
// constants (the lists the domain keeps where it has one).
func enums() map[reflect.Type][]string {
	str := func(vs ...any) []string {
		out := make([]string, 0, len(vs))
		for _, v := range vs {
			out = append(out, reflect.ValueOf(v).String())
		}
		return out
	}
	all := func(vs any) []string {
		v := reflect.ValueOf(vs)
		out := make([]string, v.Len())
		for i := range out {
			out[i] = v.Index(i).String()
		}
		return out
	}
	return map[reflect.Type][]string{
		reflect.TypeFor[policies.Status]():             all(policies.Statuses),
		reflect.TypeFor[policies.Role]():               append(all(policies.Roles), string(policies.RoleSystem)),
		reflect.TypeFor[policies.Action]():             slices.Sorted(maps.Keys(transitionNames())),
		reflect.TypeFor[policies.Disposition]():        all(policies.Dispositions),
		reflect.TypeFor[policies.Channel]():            all(policies.Channels),
		reflect.TypeFor[policies.AttachmentKind]():     all(policies.AttachmentKinds),
		reflect.TypeFor[policies.LegalForm]():          all(policies.LegalForms),
		reflect.TypeFor[policies.RelationKind]():       all(policies.RelationKinds),
		reflect.TypeFor[policies.ReportReason]():       all(policies.ReportReasons),
		reflect.TypeFor[policies.PaperSize]():          all(policies.PaperSizes),
		reflect.TypeFor[policies.GroupKind]():          all(policies.GroupKinds),
		reflect.TypeFor[policies.ActingKind]():         str(policies.ActingPlt, policies.ActingPlh),
		reflect.TypeFor[policies.Quorum]():             str(policies.QuorumAny, policies.QuorumAll, policies.QuorumNOfM),
		reflect.TypeFor[policies.CommentStatus]():      str(policies.CommentOpen, policies.CommentResolved, policies.CommentPendingModeration, policies.CommentRejected),
		reflect.TypeFor[policies.SignCapacity]():       str(policies.SignOwn, policies.SignPlt, policies.SignPlh, policies.SignOnBehalf),
		reflect.TypeFor[policies.ModerationDecision](): str(policies.DecideApprove, policies.DecideHide, policies.DecideKeep),
		reflect.TypeFor[policies.AnchorState]():        append([]string{""}, str(policies.AnchorApplies, policies.AnchorChanged, policies.AnchorRemoved)...), // "": on the version commented on
		reflect.TypeFor[policies.SuggestionState]():    str(policies.SuggestionPending, policies.SuggestionAccepted, policies.SuggestionDeclined),
		reflect.TypeFor[policies.LinkPurpose]():        str(policies.LinkInvite, policies.LinkReset),
		reflect.TypeFor[policies.NotifyMode]():         str(policies.NotifyImmediate, policies.NotifyDigest, policies.NotifyNone),
		reflect.TypeFor[policies.TimeZone]():           str(policies.ZoneWIB, policies.ZoneWITA, policies.ZoneWIT),
	}
}

// transitionNames is every action of the lifecycle table.
func transitionNames() map[string]bool {
	out := map[string]bool{}
	for a := range policies.Transitions {
		out[string(a)] = true
	}
	return out
}

// clientActions are the actions a person may send through the API, sorted.
func clientActions() []string {
	var out []string
	for a := range policies.Transitions {
		if clientAction(a) {
			out = append(out, string(a))
		}
	}
	slices.Sort(out)
	return out
}

// schemaGen reflects Go types into OpenAPI 3.0 schemas, the way
// encoding/json writes them: json tags name the fields, omitempty and
// omitzero make a field optional, a pointer, slice or map may be null,
// time.Time is a date-time string. A named struct becomes a component.
type schemaGen struct {
	comps   map[string]any
	names   map[reflect.Type]string
	enums   map[reflect.Type][]string
	reserve map[string]bool // names taken by request schemas
	snake   bool            // untagged fields in snake_case (snakeCased)
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

func nullable(s map[string]any) map[string]any {
	if _, ref := s["$ref"]; ref {
		return map[string]any{"type": "object", "allOf": []any{s}, "nullable": true} // a $ref is to a struct's object
	}
	s["nullable"] = true
	return s
}

func (g *schemaGen) of(t reflect.Type) map[string]any {
	if t == timeType {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	if t == rawType {
		return map[string]any{"description": "any JSON value"}
	}
	if st, ok := reflect.Zero(t).Interface().(interface{ snakeType() reflect.Type }); ok && t.Kind() == reflect.Struct {
		was := g.snake
		g.snake = true
		defer func() { g.snake = was }()
		return g.of(st.snakeType())
	}
	if vs, ok := g.enums[t]; ok {
		return map[string]any{"type": "string", "enum": vs}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return nullable(g.of(t.Elem()))
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Int64:
		return map[string]any{"type": "integer", "format": "int64"}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "format": "byte", "nullable": true}
		}
		return map[string]any{"type": "array", "items": g.of(t.Elem()), "nullable": true}
	case reflect.Array:
		return map[string]any{"type": "array", "items": g.of(t.Elem()), "minItems": t.Len(), "maxItems": t.Len()}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.of(t.Elem()), "nullable": true}
	case reflect.Struct:
		if t.Name() == "" {
			return g.object(t)
		}
		name, named := g.names[t]
		if _, made := g.comps[name]; !named || !made {
			if !named {
				name = t.Name()
				name = strings.ToUpper(name[:1]) + name[1:]
				if _, taken := g.comps[name]; taken || g.reserve[name] {
					pkg := t.PkgPath()[strings.LastIndex(t.PkgPath(), "/")+1:]
					name = strings.ToUpper(pkg[:1]) + pkg[1:] + name
				}
				g.names[t] = name
			}
			g.comps[name] = map[string]any{} // a placeholder while it is made (recursive types)
			g.comps[name] = g.object(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{} // any value (an interface)
}

// object is a struct's schema: its JSON fields, an embedded struct's
// fields promoted as encoding/json does (a shallower field wins).
func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		var embedded []reflect.Type
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			name, opts, _ := strings.Cut(tag, ",")
			if name == "-" && opts == "" {
				continue
			}
			ft := f.Type
			if f.Anonymous && name == "" {
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					embedded = append(embedded, ft)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
				if g.snake {
					name = snakeName(f.Name)
				}
			}
			if _, seen := props[name]; seen {
				continue
			}
			s := g.of(ft)
			if strings.Contains(","+opts+",", ",string,") {
				s = map[string]any{"type": "string"}
			}
			props[name] = s
			if !strings.Contains(","+opts+",", ",omitempty,") && !strings.Contains(","+opts+",", ",omitzero,") {
				required = append(required, name)
			}
		}
		for _, e := range embedded {
			walk(e)
		}
	}
	walk(t)
	s := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		slices.Sort(required)
		s["required"] = required
	}
	return s
}

// snakeCased is a value whose untagged fields are written in snake_case:
// the workflows' state, whose Go field names its stored form keeps (a
// Query's answer and a continued run's input), shown by the API in the
// API's one naming style.
type snakeCased[T any] struct{ V T }

func (s snakeCased[T]) MarshalJSON() ([]byte, error) {
	return json.Marshal(snakeValue(reflect.ValueOf(s.V)))
}

func (snakeCased[T]) snakeType() reflect.Type { return reflect.TypeFor[T]() }

// snakeValue is v with every struct as a map keyed by its JSON names,
// untagged fields in snake_case.
func snakeValue(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	if v.Type() == timeType {
		return v.Interface()
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return snakeValue(v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			return nil
		}
		fallthrough
	case reflect.Array:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = snakeValue(v.Index(i))
		}
		return out
	case reflect.Struct:
		out := map[string]any{}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = snakeName(f.Name)
			}
			if strings.Contains(opts, "omitempty") && v.Field(i).IsZero() {
				continue
			}
			out[name] = snakeValue(v.Field(i))
		}
		return out
	}
	return v.Interface()
}

// snakeName is a Go field name in snake_case: VersionSHA256 → version_sha256, WorkflowID → workflow_id.
func snakeName(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		upper := unicode.IsUpper(r)
		if upper && i > 0 && (!unicode.IsUpper(rs[i-1]) && !unicode.IsDigit(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1])) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
