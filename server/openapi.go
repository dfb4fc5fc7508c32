package server

import (
	"encoding/json"
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

var pathParam = regexp.MustCompile(`\{([a-z]+)\}`)

// openAPI builds the OpenAPI 3 document from the route table, so it can
// never list a route the server does not have: each operation with its
// path parameters (the action's values from the transition table), its
// request body, its success answer reflected from the Go type the handler
// encodes (apiAnswers), its error answers and its security.
func openAPI() map[string]any {
	requests := requestSchemas()
	reserve := map[string]bool{}
	for name := range requests {
		reserve[name] = true
	}
	g := &schemaGen{comps: map[string]any{}, names: map[reflect.Type]string{
		reflect.TypeFor[errorBody]():        "Error",
		reflect.TypeFor[workflows.Result](): "ActionResult",
	}, enums: enums(), reserve: reserve}
	g.comps["Error"] = g.object(reflect.TypeFor[errorBody]())
	answers, queries := apiAnswers(), apiQueries()
	paths := map[string]any{}
	tags := map[string]bool{}
	for _, rt := range apiRoutes() {
		p := "/api/v1" + rt.Path
		ops, _ := paths[p].(map[string]any)
		if ops == nil {
			ops = map[string]any{}
			paths[p] = ops
		}
		params := []any{}
		for _, m := range pathParam.FindAllStringSubmatch(rt.Path, -1) {
			schema := map[string]any{"type": "string"}
			if m[1] == "action" {
				schema["enum"] = clientActions()
			}
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": schema})
		}
		for _, q := range queries[rt.Method+" "+rt.Path] {
			params = append(params, map[string]any{"name": q.Name, "in": "query", "required": false, "description": q.Description, "schema": q.Schema})
		}
		if rt.Method == http.MethodPost {
			params = append(params, map[string]any{"name": "Idempotency-Key", "in": "header", "required": false,
				"description": "the same key twice gives the first answer again", "schema": map[string]any{"type": "string", "maxLength": 200}})
		}
		responses := map[string]any{}
		if a, ok := answers[rt.Method+" "+rt.Path]; ok {
			resp := map[string]any{"description": http.StatusText(a.Status)}
			switch {
			case a.Media != "":
				resp["content"] = map[string]any{a.Media: map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
			case a.Body != nil:
				resp["content"] = map[string]any{"application/json": map[string]any{"schema": g.of(reflect.TypeOf(a.Body))}}
			}
			responses[strconv.Itoa(a.Status)] = resp
		}
		for _, code := range errorStatuses(rt) {
			responses[strconv.Itoa(code)] = map[string]any{"$ref": "#/components/responses/Error"}
		}
		responses["default"] = map[string]any{"$ref": "#/components/responses/Error"}
		tag := strings.Split(strings.TrimPrefix(rt.Path, "/"), "/")[0]
		tags[tag] = true
		op := map[string]any{
			"summary":     rt.Summary,
			"operationId": strings.ToLower(rt.Method) + strings.NewReplacer("/", "_", "{", "", "}", "", "-", "_", ".", "_").Replace(rt.Path),
			"tags":        []string{tag},
			"parameters":  params,
			"responses":   responses,
		}
		if rt.Roles != nil {
			roles := []string{}
			for _, r := range rt.Roles {
				roles = append(roles, string(r))
			}
			op["x-roles"] = roles
		} else {
			// Anyone, signed in or not: no credentials needed.
			op["security"] = []any{map[string]any{}}
		}
		switch {
		case rt.Body == "CSV":
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"text/csv": map[string]any{
				"schema": map[string]any{"type": "string", "description": "header nip,nama,unit,hadir,lulus (comma or semicolon)"}}}}
		case rt.Body != "":
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{
				"schema": map[string]any{"$ref": "#/components/schemas/" + rt.Body}}}}
		case rt.Method == http.MethodPost && rt.Path == "/convert":
			file := map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"multipart/form-data": map[string]any{"schema": map[string]any{"type": "object", "required": []string{"file"},
					"properties": map[string]any{"file": map[string]any{"type": "string", "format": "binary", "description": "a .docx, .txt or .md file"}}}},
				docxType: file, "text/plain": file, "text/markdown": file}}
		}
		ops[strings.ToLower(rt.Method)] = op
	}
	if item, ok := g.comps["JdihFeedItem"].(map[string]any); ok {
		item["description"] = "One product of the JDIHN feed (GET /api/v1/jdih, /produk-hukum.json), every field a string. " +
			"Its names are the JDIHN integration's, camelCase where the national harvester's are: the one exception to the API's snake_case, by design."
	}
	for name, schema := range requests {
		g.comps[name] = schema
	}
	var tagList []any
	for _, t := range slices.Sorted(maps.Keys(tags)) {
		tagList = append(tagList, map[string]any{"name": t, "description": "/api/v1/" + t + "…"})
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "Policyflow API", "version": "1",
			"description": "Siklus hidup kebijakan pengembangan kompetensi ASN. Every JSON name is snake_case, except the JDIHN feed " +
				"(GET /api/v1/jdih, /produk-hukum.json), which keeps the national harvester's camelCase field names by design.",
			"license": map[string]any{"name": "Proprietary", "url": "https://github.com/policyflow/policyflow"}},
		"servers":  []any{map[string]any{"url": "/", "description": "this Policyflow server (the paths carry /api/v1)"}},
		"security": []any{map[string]any{"bearer": []any{}}, map[string]any{"session": []any{}}},
		"tags":     tagList,
		"paths":    paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{
				"bearer":  map[string]any{"type": "http", "scheme": "bearer", "description": "a personal API token (POST /api/v1/tokens)"},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": sessionCookie, "description": "a browser session"},
			},
			"responses": map[string]any{
				"Error": map[string]any{"description": "refused: the error's code, message and, for a bad field, its name",
					"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}},
			},
			"schemas": g.comps,
		},
	}
}

// errorStatuses are the refusals a route can give: a missing or wrong
// sign-in, another region's or an absent record, a bad body, a conflict
// (an Idempotency-Key still running, an illegal transition), the limits.
func errorStatuses(rt apiRoute) []int {
	out := []int{http.StatusBadRequest}
	if rt.Roles != nil || rt.Method == http.MethodPost {
		out = append(out, http.StatusUnauthorized)
	}
	out = append(out, http.StatusForbidden, http.StatusNotFound)
	if rt.Method == http.MethodPost {
		out = append(out, http.StatusConflict, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity, http.StatusTooManyRequests)
	} else {
		out = append(out, http.StatusUnprocessableEntity)
	}
	return out
}

// requestSchemas are the request bodies, by the name the route table gives.
func requestSchemas() map[string]any {
	obj := func(props map[string]string, required ...string) map[string]any {
		ps := map[string]any{}
		for k, t := range props {
			switch t {
			case "array":
				ps[k] = map[string]any{"type": "array", "items": map[string]any{"type": "integer"}}
			default:
				ps[k] = map[string]any{"type": t}
			}
		}
		s := map[string]any{"type": "object", "properties": ps, "additionalProperties": false}
		if len(required) > 0 {
			s["required"] = required
		}
		return s
	}
	schemas := map[string]any{
		"Login":              obj(map[string]string{"email": "string", "password": "string", "name": "string", "expires_in_days": "integer"}, "email", "password"),
		"NewPolicy":          obj(map[string]string{"region": "string", "slug": "string", "markdown": "string", "change_summary": "string"}, "region", "slug", "markdown"),
		"NewVersion":         obj(map[string]string{"base_version": "integer", "markdown": "string", "change_summary": "string"}, "base_version", "markdown", "change_summary"),
		"NewComment":         obj(map[string]string{"section": "string", "body": "string", "parent_id": "integer", "name": "string", "email": "string", "quote": "string", "suggestion": "string", "pasal": "integer", "ayat": "integer"}, "body"),
		"StructureCheck":     obj(map[string]string{"markdown": "string"}, "markdown"),
		"CommentStatus":      obj(map[string]string{"status": "string"}, "status"),
		"AcceptSuggestions":  obj(map[string]string{"comment_ids": "array", "base_version": "integer", "change_summary": "string"}, "comment_ids", "base_version"),
		"DeclineSuggestion":  obj(map[string]string{"reason": "string"}, "reason"),
		"Preview":            obj(map[string]string{"markdown": "string"}, "markdown"),
		"Webhook":            obj(map[string]string{"url": "string"}),
		"NewAttachment":      obj(map[string]string{"name": "string", "kind": "string", "content_base64": "string"}, "name", "kind", "content_base64"),
		"CommentReport":      obj(map[string]string{"reason": "string", "detail": "string"}, "reason"),
		"ModerationDecision": obj(map[string]string{"decision": "string"}, "decision"),
		"AnswerDraft":        obj(map[string]string{"comment_id": "integer", "disposition": "string", "reason": "string"}, "comment_id", "disposition", "reason"),
		"OfflineInput":       obj(map[string]string{"channel": "string", "source_name": "string", "received_on": "string", "section": "string", "body": "string"}, "channel", "source_name", "received_on", "body"),
		"UnansweredReason":   obj(map[string]string{"reason": "string"}, "reason"),
		"Relation":           obj(map[string]string{"to_policy_id": "integer", "kind": "string"}, "to_policy_id", "kind"),
		"JDIHMetadata": obj(map[string]string{"teu_badan": "string", "subjek": "string", "bidang_hukum": "string", "bahasa": "string",
			"lokasi": "string", "sumber": "string", "status": "string", "abstrak": "string"}, "teu_badan", "subjek", "bidang_hukum", "bahasa", "lokasi", "status"),
		"Enactment": obj(map[string]string{"form": "string", "place": "string", "enacted_on": "string", "principal_id": "integer", "signer_id": "integer", "on_behalf": "boolean"},
			"form", "enacted_on", "principal_id", "signer_id"),
		"Promulgation": obj(map[string]string{"promulgated_on": "string", "promulgator_id": "integer"}, "promulgated_on", "promulgator_id"),
		"RegionSettings": obj(map[string]string{"time_zone": "string", "jp_min_pns": "integer", "jp_min_pppk": "integer", "ikm_threshold_default": "number", "paper_size": "string"},
			"time_zone", "jp_min_pns", "jp_min_pppk", "ikm_threshold_default"),
		"Unit":             obj(map[string]string{"code": "string", "name": "string", "short_name": "string", "head_user_id": "integer"}, "name"),
		"StakeholderGroup": obj(map[string]string{"name": "string", "kind": "string", "member_ids": "array"}, "name", "kind"),
		"Chain": map[string]any{"type": "object", "required": []string{"name", "stages"}, "additionalProperties": false, "properties": map[string]any{
			"name": map[string]any{"type": "string"},
			"stages": map[string]any{"type": "array", "minItems": 1, "items": obj(map[string]string{"name": "string", "quorum": "string",
				"quorum_n": "integer", "sla_days": "integer", "escalation_days": "integer", "superior_id": "integer", "approver_ids": "array"},
				"name", "quorum", "sla_days", "escalation_days", "approver_ids")}}},
		"Acting": obj(map[string]string{"principal_id": "integer", "acting_id": "integer", "kind": "string", "letter_number": "string",
			"letter_date": "string", "starts_on": "string", "ends_on": "string"}, "acting_id", "kind", "letter_number", "letter_date", "starts_on", "ends_on"),
		"Invitation":   obj(map[string]string{"email": "string", "name": "string", "role": "string", "unit": "string", "title": "string", "nip": "string"}, "email", "name", "role"),
		"PersonUpdate": obj(map[string]string{"email": "string", "name": "string", "role": "string", "unit": "string", "title": "string", "nip": "string"}),
		"Kirkpatrick": map[string]any{"type": "object", "required": []string{"levels"}, "additionalProperties": false, "properties": map[string]any{
			"unit_id": map[string]any{"type": "integer"},
			"levels": map[string]any{"type": "array", "minItems": 4, "maxItems": 4, "description": "reaction, learning, behaviour, results: scores 1–5",
				"items": map[string]any{"type": "array", "items": map[string]any{"type": "integer", "minimum": 1, "maximum": 5}}}}},
		"SKM": map[string]any{"type": "object", "required": []string{"responses"}, "additionalProperties": false, "properties": map[string]any{
			"unit_id": map[string]any{"type": "integer"},
			"responses": map[string]any{"type": "array", "minItems": 9, "maxItems": 9, "description": "per element U1..U9: respondents answering 1, 2, 3, 4",
				"items": map[string]any{"type": "array", "minItems": 4, "maxItems": 4, "items": map[string]any{"type": "integer", "minimum": 0}}}}},
		"Action": obj(map[string]string{"version_number": "integer", "version_sha256": "string", "closes_at": "string",
			"allow_public": "boolean", "invite_user_ids": "array", "group_ids": "array", "reason": "string", "on_behalf_of": "integer",
			"delegate_to": "integer", "delegate_until": "string", "unit_ids": "array", "program": "object", "evaluation": "object", "started_on": "string"}),
	}
	// The values a field takes, from the Go constants.
	e := enums()
	enum := func(t reflect.Type) []string { return e[t] }
	for field, values := range map[string][]string{
		"ModerationDecision.decision": enum(reflect.TypeFor[policies.ModerationDecision]()),
		"AnswerDraft.disposition":     enum(reflect.TypeFor[policies.Disposition]()),
		"OfflineInput.channel":        enum(reflect.TypeFor[policies.Channel]()),
		"Relation.kind":               enum(reflect.TypeFor[policies.RelationKind]()),
		"Enactment.form":              enum(reflect.TypeFor[policies.LegalForm]()),
		"RegionSettings.paper_size":   enum(reflect.TypeFor[policies.PaperSize]()),
		"RegionSettings.time_zone":    enum(reflect.TypeFor[policies.TimeZone]()),
		"StakeholderGroup.kind":       enum(reflect.TypeFor[policies.GroupKind]()),
		"Acting.kind":                 enum(reflect.TypeFor[policies.ActingKind]()),
		"Invitation.role":             enum(reflect.TypeFor[policies.Role]())[:len(policies.Roles)],
		"NewAttachment.kind":          enum(reflect.TypeFor[policies.AttachmentKind]()),
		"CommentReport.reason":        enum(reflect.TypeFor[policies.ReportReason]()),
		"JDIHMetadata.status":         policies.JDIHStatuses,
		"JDIHMetadata.bahasa":         policies.JDIHLanguages,
	} {
		name, prop, _ := strings.Cut(field, ".")
		schemas[name].(map[string]any)["properties"].(map[string]any)[prop].(map[string]any)["enum"] = values
	}
	chain := schemas["Chain"].(map[string]any)["properties"].(map[string]any)["stages"].(map[string]any)["items"].(map[string]any)
	chain["properties"].(map[string]any)["quorum"].(map[string]any)["enum"] = enum(reflect.TypeFor[policies.Quorum]())
	return schemas
}

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, openAPI())
	return nil
}

// APIRoutes lists the API's method and path pairs (under /api/v1), for tests.
func APIRoutes() [][2]string {
	out := make([][2]string, len(apiRoutes()))
	for i, rt := range apiRoutes() {
		out[i] = [2]string{rt.Method, rt.Path}
	}
	return out
}

// OpenAPIDocument is the served OpenAPI document, indented (for
// `policyflow openapi` and the lint of make test).
func OpenAPIDocument() ([]byte, error) {
	return json.MarshalIndent(openAPI(), "", "  ")
}
