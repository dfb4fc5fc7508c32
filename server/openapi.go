package server

import (
	"encoding/json"
	"net/http"
	"reflect"

	"github.com/policyflow/policyflow/openapi"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/timeline"
	"github.com/policyflow/policyflow/verify"
	"github.com/policyflow/policyflow/workflows"
)

// openAPI builds the OpenAPI 3 document from the route table
// (openapi.Generator.Document), so it can never list a route the server
// does not have: each operation with its path parameters (the action's
// values from the transition table), its request body, its success answer
// reflected from the Go type the handler encodes (apiAnswers), its error
// answers and its security.
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
	answers, queries := apiAnswers(), apiQueries()
	var ops []openapi.Operation
	for _, rt := range apiRoutes() {
		key := rt.Method + " " + rt.Path
		op := openapi.Operation{Method: rt.Method, Path: rt.Path, Summary: rt.Summary, Body: rt.Body, Errors: errorStatuses(rt)}
		if rt.Roles != nil {
			op.Roles = []string{}
			for _, r := range rt.Roles {
				op.Roles = append(op.Roles, string(r))
			}
		}
		if a, ok := answers[key]; ok {
			oa := openapi.Answer(a)
			op.Answer = &oa
		}
		if proposedPeople[key] {
			op.Also = []openapi.Answer{{Status: http.StatusAccepted, Body: policies.PendingChange{}}}
		}
		for _, q := range queries[key] {
			op.Queries = append(op.Queries, openapi.Param(q))
		}
		switch file := map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}; {
		case rt.Body == csvBody{}:
			op.Body, op.Content = nil, map[string]any{"text/csv": map[string]any{
				"schema": map[string]any{"type": "string", "description": "header nip,nama,unit,hadir,lulus (comma or semicolon)"}}}
		case key == "POST /convert":
			op.Content = map[string]any{
				"multipart/form-data": map[string]any{"schema": map[string]any{"type": "object", "required": []string{"file"},
					"properties": map[string]any{"file": map[string]any{"type": "string", "format": "binary", "description": "a .docx, .txt or .md file"}}}},
				docxType: file, "text/plain": file, "text/markdown": file}
		}
		ops = append(ops, op)
	}
	doc := g.Document(openapi.API{Prefix: "/api/v1",
		Info: map[string]any{"title": "Policyflow API", "version": "1",
			"description": "Siklus hidup kebijakan pengembangan kompetensi ASN. Every JSON name is snake_case, except the JDIHN feed " +
				"(GET /api/v1/jdih, /produk-hukum.json), which keeps the national harvester's camelCase field names by design.",
			"license": map[string]any{"name": "Proprietary", "url": "https://github.com/policyflow/policyflow"}},
		Servers:  []any{map[string]any{"url": "/", "description": "this Policyflow server (the paths carry /api/v1)"}},
		Security: []any{map[string]any{"bearer": []any{}}, map[string]any{"session": []any{}}},
		SecuritySchemes: map[string]any{
			"bearer":  map[string]any{"type": "http", "scheme": "bearer", "description": "a personal API token (POST /api/v1/tokens)"},
			"session": map[string]any{"type": "apiKey", "in": "cookie", "name": sessionCookie, "description": "a browser session (named __Host-pf_session when PUBLIC_URL is https)"},
		},
		Error: errorBody{}, ErrorText: "refused: the error's code, message and, for a bad field, its name",
		PathValues: map[string][]string{"action": policies.ClientActions()},
		PostHeaders: []any{map[string]any{"name": "Idempotency-Key", "in": "header", "required": false,
			"description": "the same key twice gives the first answer again", "schema": map[string]any{"type": "string", "maxLength": 200}}},
	}, ops)
	if item, ok := g.Comps["JdihFeedItem"].(map[string]any); ok {
		item["description"] = "One product of the JDIHN feed (GET /api/v1/jdih, /produk-hukum.json), every field a string. " +
			"Its names are the JDIHN integration's, camelCase where the national harvester's are: the one exception to the API's snake_case, by design."
	}
	return doc
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
