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

	"github.com/policyflow/policyflow/openapi"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/timeline"
	"github.com/policyflow/policyflow/verify"
	"github.com/policyflow/policyflow/workflows"
)

var pathParam = regexp.MustCompile(`\{([a-z]+)\}`)

// openAPI builds the OpenAPI 3 document from the route table, so it can
// never list a route the server does not have: each operation with its
// path parameters (the action's values from the transition table), its
// request body, its success answer reflected from the Go type the handler
// encodes (apiAnswers), its error answers and its security.
func openAPI() map[string]any {
	g := &openapi.Generator{Comps: map[string]any{}, Names: map[reflect.Type]string{
		reflect.TypeFor[errorBody]():        "Error",
		reflect.TypeFor[workflows.Result](): "ActionResult",
		reflect.TypeFor[jdihFeedItem]():     "JdihFeedItem",
		// Answers whose types left server/ keep their names.
		reflect.TypeFor[verify.Approval]():       "VerifyApproval",
		reflect.TypeFor[verify.Enactment]():      "VerifyEnactment",
		reflect.TypeFor[timeline.Timeline]():     "TimelineData",
		reflect.TypeFor[timeline.Consultation](): "ConsultationView",
		reflect.TypeFor[timeline.Run]():          "RunView",
	}, Enums: enums(), Fields: requestEnums()}
	g.Comps["Error"] = g.Object(reflect.TypeFor[errorBody]())
	// The request bodies first: a request type keeps its name, and an
	// answer type of the same name takes its package's as a prefix.
	requests := map[string]map[string]any{}
	g.Request = true
	for _, rt := range apiRoutes() {
		if _, csv := rt.Body.(csvBody); rt.Body != nil && !csv {
			requests[rt.Method+" "+rt.Path] = g.Of(reflect.TypeOf(rt.Body))
		}
	}
	g.Request = false
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
				resp["content"] = map[string]any{"application/json": map[string]any{"schema": g.Of(reflect.TypeOf(a.Body))}}
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
		switch schema, isJSON := requests[rt.Method+" "+rt.Path]; {
		case isJSON:
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": schema}}}
		case rt.Body != nil:
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"text/csv": map[string]any{
				"schema": map[string]any{"type": "string", "description": "header nip,nama,unit,hadir,lulus (comma or semicolon)"}}}}
		case rt.Method == http.MethodPost && rt.Path == "/convert":
			file := map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"multipart/form-data": map[string]any{"schema": map[string]any{"type": "object", "required": []string{"file"},
					"properties": map[string]any{"file": map[string]any{"type": "string", "format": "binary", "description": "a .docx, .txt or .md file"}}}},
				docxType: file, "text/plain": file, "text/markdown": file}}
		}
		ops[strings.ToLower(rt.Method)] = op
	}
	if item, ok := g.Comps["JdihFeedItem"].(map[string]any); ok {
		item["description"] = "One product of the JDIHN feed (GET /api/v1/jdih, /produk-hukum.json), every field a string. " +
			"Its names are the JDIHN integration's, camelCase where the national harvester's are: the one exception to the API's snake_case, by design."
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
			"schemas": g.Comps,
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

// csvBody is the Body of a route that reads a CSV file (text/csv) rather
// than JSON.
type csvBody struct{}

// requestEnums are the values of request fields that are plain strings in
// Go but take a list's values (by the field's JSON name): the domain's
// lists, never copies.
func requestEnums() map[reflect.Type]map[string][]string {
	e := enums()
	return map[reflect.Type]map[string][]string{
		reflect.TypeFor[policies.JDIHInput](): {"status": policies.JDIHStatuses, "bahasa": policies.JDIHLanguages},
		reflect.TypeFor[invitationInput]():    {"role": e[reflect.TypeFor[policies.Role]()][:len(policies.Roles)]}, // not "system"
		reflect.TypeFor[moderationInput]():    {"decision": e[reflect.TypeFor[policies.ModerationDecision]()]},
		reflect.TypeFor[attachmentInput]():    {"kind": e[reflect.TypeFor[policies.AttachmentKind]()]},
		reflect.TypeFor[reportInput]():        {"reason": e[reflect.TypeFor[policies.ReportReason]()]},
	}
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
