package server

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/openapi"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// The OpenAPI document lists exactly the API routes the server answers.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	s := &Server{}
	pages, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	s.pages = pages
	router := s.routes().(chi.Routes)
	var served []string
	err = chi.Walk(router, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if strings.HasPrefix(route, "/api/v1/") {
			served = append(served, method+" "+strings.TrimSuffix(route, "/"))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(openAPI())
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi = %q, want 3.x", doc.OpenAPI)
	}
	var documented []string
	for path, ops := range doc.Paths {
		for method := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	sort.Strings(served)
	sort.Strings(documented)
	if strings.Join(served, "\n") != strings.Join(documented, "\n") {
		t.Errorf("served routes:\n%s\n\ndocumented:\n%s", strings.Join(served, "\n"), strings.Join(documented, "\n"))
	}
	if len(served) < 15 {
		t.Errorf("only %d API routes found: the walk is broken", len(served))
	}
}

// Every route of the table has its success answer declared, and nothing
// else is declared.
func TestOpenAPIAnswers(t *testing.T) {
	answers := apiAnswers()
	routes := map[string]bool{}
	for _, rt := range apiRoutes() {
		key := rt.Method + " " + rt.Path
		routes[key] = true
		if _, ok := answers[key]; !ok {
			t.Errorf("%s: no answer in apiAnswers (openapi_answers.go)", key)
		}
	}
	for key := range answers {
		if !routes[key] {
			t.Errorf("%s: in apiAnswers but not a route", key)
		}
	}
	for key := range apiQueries() {
		if !routes[key] {
			t.Errorf("%s: in apiQueries but not a route", key)
		}
	}
}

var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// One naming style: every property of every schema is snake_case, but for
// the JDIHN feed's items, which keep the national harvester's names.
func TestOpenAPISnakeCase(t *testing.T) {
	doc := openAPI()
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	if _, ok := schemas["JdihFeedItem"]; !ok {
		t.Fatal("no JdihFeedItem schema: the exception below is stale")
	}
	var walk func(where string, s any)
	walk = func(where string, s any) {
		m, ok := s.(map[string]any)
		if !ok {
			return
		}
		if props, ok := m["properties"].(map[string]any); ok {
			for name, p := range props {
				if !snakeCase.MatchString(name) {
					t.Errorf("%s.%s is not snake_case", where, name)
				}
				walk(where+"."+name, p)
			}
		}
		for _, k := range []string{"items", "additionalProperties"} {
			walk(where, m[k])
		}
		if all, ok := m["allOf"].([]any); ok {
			for _, a := range all {
				walk(where, a)
			}
		}
	}
	for name, s := range schemas {
		if name != "JdihFeedItem" {
			walk(name, s)
		}
	}
	// The action's answer is the workflow's result in snake_case.
	b, _ := json.Marshal(openapi.SnakeCased[workflows.Result]{V: workflows.Result{Status: policies.StatusDrafting, Outcome: "x", WorkflowID: "w", ID: 7}})
	if got := string(b); got != `{"id":7,"message":"","outcome":"x","status":"drafting","summary":null,"workflow_id":"w"}` {
		t.Errorf("action answer = %s", got)
	}
}

// The {action} path parameter lists exactly the actions a client may send.
func TestOpenAPIActionEnum(t *testing.T) {
	b, _ := json.Marshal(openAPI())
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name   string `json:"name"`
				Schema struct {
					Enum []string `json:"enum"`
				} `json:"schema"`
			} `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range doc.Paths["/api/v1/policies/{id}/actions/{action}"]["post"].Parameters {
		if p.Name == "action" {
			got = p.Schema.Enum
		}
	}
	if !slices.Contains(got, string(policies.ActApprove)) || slices.Contains(got, string(policies.ActRecordEvaluation)) ||
		slices.Contains(got, string(policies.ActApprovalCompleted)) {
		t.Errorf("action enum = %v", got)
	}
	for _, a := range got {
		if !policies.Action(a).ByClient() {
			t.Errorf("action enum lists %q, which a client may not send", a)
		}
	}
}
