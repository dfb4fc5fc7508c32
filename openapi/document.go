package openapi

import (
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Operation is one route of an API as its document lists it.
type Operation struct {
	Method, Path, Summary string
	Roles                 []string       // who may call it; nil: anyone, signed in or not (no credentials)
	Body                  any            // a value of the JSON request body's type, or nil
	Content               map[string]any // a request body in other media (a CSV, a file), by media type, when Body is nil
	Answer                *Answer        // its success answer, when known
	Also                  []Answer       // other success answers it may give (a change proposed for confirmation: 202)
	Queries               []Param        // the query parameters it reads
	Errors                []int          // the refusals it can give, each answered by the Error response
}

// Answer is an operation's success answer: its status and a value of the
// type it encodes as JSON, or the media type of the file it answers.
type Answer struct {
	Status int
	Body   any    // nil with Media: a file
	Media  string // "" for JSON
}

// Param is a query parameter an operation reads.
type Param struct {
	Name, Description string
	Schema            map[string]any
}

// API is the frame of a document: everything but its operations.
type API struct {
	Prefix          string              // before every path ("/api/v1")
	Info            map[string]any      // title, version, description, license
	Servers         []any               //
	Security        []any               // what every operation asks, unless it is open to anyone
	SecuritySchemes map[string]any      //
	Error           any                 // a value of the error answer's type: schema and response Error
	ErrorText       string              // the Error response's description
	PathValues      map[string][]string // the values a path parameter takes, by its name
	PostHeaders     []any               // header parameters of every POST
}

var pathParam = regexp.MustCompile(`\{([a-z]+)\}`)

// Document builds the OpenAPI 3 document of an API, so it can never list
// a route the API does not have: each operation with its path parameters,
// its query and header parameters, its request body, its success answer
// reflected from the Go type it encodes, its error answers and its
// security; a tag per first path element. The request bodies are
// reflected first: a request type keeps its name, and an answer type of
// the same name takes its package's as a prefix.
func (g *Generator) Document(api API, ops []Operation) map[string]any {
	g.Comps["Error"] = g.Object(reflect.TypeOf(api.Error))
	requests := map[string]map[string]any{}
	g.Request = true
	for _, op := range ops {
		if op.Body != nil {
			requests[op.Method+" "+op.Path] = g.Of(reflect.TypeOf(op.Body))
		}
	}
	g.Request = false
	errRef := map[string]any{"$ref": "#/components/responses/Error"}
	paths := map[string]any{}
	tags := map[string]bool{}
	for _, o := range ops {
		p := api.Prefix + o.Path
		byMethod, _ := paths[p].(map[string]any)
		if byMethod == nil {
			byMethod = map[string]any{}
			paths[p] = byMethod
		}
		params := []any{}
		for _, m := range pathParam.FindAllStringSubmatch(o.Path, -1) {
			schema := map[string]any{"type": "string"}
			if vs, ok := api.PathValues[m[1]]; ok {
				schema["enum"] = vs
			}
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": schema})
		}
		for _, q := range o.Queries {
			params = append(params, map[string]any{"name": q.Name, "in": "query", "required": false, "description": q.Description, "schema": q.Schema})
		}
		if o.Method == http.MethodPost {
			params = append(params, api.PostHeaders...)
		}
		responses := map[string]any{}
		answers := o.Also
		if o.Answer != nil {
			answers = append([]Answer{*o.Answer}, answers...)
		}
		for _, a := range answers {
			resp := map[string]any{"description": http.StatusText(a.Status)}
			switch {
			case a.Media != "":
				resp["content"] = map[string]any{a.Media: map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
			case a.Body != nil:
				resp["content"] = map[string]any{"application/json": map[string]any{"schema": g.Of(reflect.TypeOf(a.Body))}}
			}
			responses[strconv.Itoa(a.Status)] = resp
		}
		for _, code := range o.Errors {
			responses[strconv.Itoa(code)] = errRef
		}
		responses["default"] = errRef
		tag := strings.Split(strings.TrimPrefix(o.Path, "/"), "/")[0]
		tags[tag] = true
		op := map[string]any{
			"summary":     o.Summary,
			"operationId": strings.ToLower(o.Method) + strings.NewReplacer("/", "_", "{", "", "}", "", "-", "_", ".", "_").Replace(o.Path),
			"tags":        []string{tag},
			"parameters":  params,
			"responses":   responses,
		}
		if o.Roles != nil {
			op["x-roles"] = o.Roles
		} else {
			op["security"] = []any{map[string]any{}} // anyone, signed in or not: no credentials needed
		}
		if schema, isJSON := requests[o.Method+" "+o.Path]; isJSON {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": schema}}}
		} else if o.Content != nil {
			op["requestBody"] = map[string]any{"required": true, "content": o.Content}
		}
		byMethod[strings.ToLower(o.Method)] = op
	}
	var tagList []any
	for _, t := range slices.Sorted(maps.Keys(tags)) {
		tagList = append(tagList, map[string]any{"name": t, "description": api.Prefix + "/" + t + "…"})
	}
	return map[string]any{
		"openapi":  "3.0.3",
		"info":     api.Info,
		"servers":  api.Servers,
		"security": api.Security,
		"tags":     tagList,
		"paths":    paths,
		"components": map[string]any{
			"securitySchemes": api.SecuritySchemes,
			"responses": map[string]any{
				"Error": map[string]any{"description": api.ErrorText,
					"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}},
			},
			"schemas": g.Comps,
		},
	}
}
