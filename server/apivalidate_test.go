package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/policyflow/policyflow/server"
)

// Every API request the tests make through app's helpers (api, get, do)
// and its answer are validated against the served OpenAPI document
// (kin-openapi's openapi3filter), so the document cannot drift from the
// code: a request the document allows must get an answer it describes,
// and a request it does not allow must be refused (4xx) with an error it
// describes.

// The document, read once: as the server serves it, the same for every
// test server.
var apiDoc = sync.OnceValues(func() ([]byte, error) { return server.OpenAPIDocument() })

func init() {
	// Files the API answers or takes besides JSON, text and CSV: checked
	// as bytes.
	for _, t := range []string{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "text/markdown",
		"application/pdf", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "image/png", "image/jpeg"} {
		openapi3filter.RegisterBodyDecoder(t, openapi3filter.FileBodyDecoder)
	}
}

// apiHost is the host the document's router knows: every test server's
// requests are checked as if sent to it.
const apiHost = "api.test"

// apiRouter is the document's router, made once.
var apiRouter = sync.OnceValues(func() (routers.Router, error) {
	b, err := apiDoc()
	if err != nil {
		return nil, err
	}
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("the OpenAPI document is not valid: %w", err)
	}
	doc.Servers = openapi3.Servers{{URL: "http://" + apiHost + "/"}}
	return gorillamux.NewRouter(doc)
})

// validating checks each /api/v1 request and its answer against the document.
type validating struct {
	t      testing.TB
	router routers.Router
	base   http.RoundTripper
}

// acceptCredentials lets every bearer token and session through: whether
// they are right is the server's to answer (401), checked as any answer.
func acceptCredentials(context.Context, *openapi3filter.AuthenticationInput) error { return nil }

// bodyCheckLimit: a request body above it (the tests of the size limits)
// is not decoded for the check, only its answer is.
const bodyCheckLimit = 2 << 20

func (v validating) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.HasPrefix(req.URL.Path, "/api/v1/") {
		return v.base.RoundTrip(req)
	}
	var reqBody []byte
	big := false
	if req.Body != nil {
		b, err := io.ReadAll(io.LimitReader(req.Body, bodyCheckLimit+1))
		if err != nil {
			return nil, err
		}
		reqBody, big = b, len(b) > bodyCheckLimit
		rest := req.Body
		req.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(b), rest), rest}
	}
	res, err := v.base.RoundTrip(req)
	if err != nil {
		return res, err
	}
	resBody, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	res.Body = io.NopCloser(bytes.NewReader(resBody))
	if msg := v.check(req, reqBody, big, res, resBody); msg != "" {
		msg, _, _ = strings.Cut(msg, "\n") // the error, without the schema it quotes
		v.t.Errorf("OpenAPI: %s %s → %d: %s\nrequest: %.300s\nanswer: %.500s", req.Method, req.URL.Path, res.StatusCode, msg, reqBody, resBody)
	}
	return res, nil
}

// check says what in the exchange the document does not describe ("" if nothing).
func (v validating) check(req *http.Request, reqBody []byte, big bool, res *http.Response, resBody []byte) string {
	return checkExchange(v.router, req, reqBody, big, res.StatusCode, res.Header, resBody)
}

func checkExchange(router routers.Router, req *http.Request, reqBody []byte, big bool, status int, header http.Header, resBody []byte) string {
	ctx := context.Background()
	// A copy of the request as sent, its body readable again.
	r := req.Clone(ctx)
	r.Body = io.NopCloser(bytes.NewReader(reqBody))
	r.URL.Scheme, r.URL.Host, r.Host = "http", apiHost, apiHost
	route, params, err := router.FindRoute(r)
	if err != nil {
		// Not a route of the document: the server must say so.
		if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
			return fmt.Sprintf("a route the document does not list (%v) answered %d", err, status)
		}
		return ""
	}
	opts := &openapi3filter.Options{AuthenticationFunc: acceptCredentials, IncludeResponseStatus: true, ExcludeRequestBody: big, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route, Options: opts}
	reqErr := openapi3filter.ValidateRequest(ctx, in)
	if reqErr != nil && status < 400 {
		return fmt.Sprintf("a request the document does not allow was accepted: %v", reqErr)
	}
	if status >= 500 {
		return "" // a server error is the test's own to judge
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header,
		Body: io.NopCloser(bytes.NewReader(resBody)), Options: opts}
	if mt, _, _ := mime.ParseMediaType(header.Get("Content-Type")); status == http.StatusNotModified || mt == "" && len(resBody) == 0 {
		return ""
	}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		return fmt.Sprintf("the answer is not as documented: %v", err)
	}
	return ""
}

// validatingClient is c, its /api/v1 exchanges checked against the document.
func (a *app) validatingClient(c *http.Client) *http.Client {
	router, err := apiRouter()
	if err != nil {
		a.t.Fatal(err)
	}
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	if _, already := base.(validating); already {
		return c
	}
	out := *c
	out.Transport = validating{t: a.t, router: router, base: base}
	return &out
}

// The check fails an answer that is not as documented: a field of the
// wrong type, a missing required field, an undocumented status, an error
// without its code; and a refused request answered as accepted. So the
// validation of the API tests cannot silently pass.
func TestOpenAPIValidatorCatchesDrift(t *testing.T) {
	router, err := apiRouter()
	if err != nil {
		t.Fatal(err)
	}
	const srv = "http://127.0.0.1:1"
	get := func(path string) *http.Request {
		r, _ := http.NewRequest("GET", srv+path, nil)
		r.Header.Set("Authorization", "Bearer x")
		return r
	}
	post := func(path, body string) *http.Request {
		r, _ := http.NewRequest("POST", srv+path, strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer x")
		r.Header.Set("Content-Type", "application/json")
		return r
	}
	js := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	cases := []struct {
		name   string
		req    *http.Request
		body   string
		status int
		answer string
		wrong  bool
	}{
		{"a wrong field type", post("/api/v1/notifications/7/read", ""), "", 200, `{"read":"7"}`, true},
		{"the read notification answered right", post("/api/v1/notifications/7/read", ""), "", 200, `{"read":7}`, false},
		{"a missing required field", post("/api/v1/notifications/7/read", ""), "", 200, `{}`, true},
		{"an undocumented status", post("/api/v1/notifications/7/read", ""), "", 201, `{"read":7}`, true},
		{"an error without its code", get("/api/v1/me"), "", 401, `{"error":{"message":"x"}}`, true},
		{"an error as documented", get("/api/v1/me"), "", 401, `{"error":{"code":"unauthorized","message":"x"}}`, false},
		{"a PascalCase action answer", post("/api/v1/policies/1/actions/submit", "{}"), "{}", 200, `{"Status":"in_approval","Outcome":"submitted","Message":"","WorkflowID":"w","ID":0,"Summary":null}`, true},
		{"an unknown action accepted", post("/api/v1/policies/1/actions/fly", "{}"), "{}", 200, `{"status":"draft","outcome":"x","message":"","workflow_id":"","id":0,"summary":null}`, true},
		{"a value out of its enum", post("/api/v1/admin/people/3/reset", ""), "", 202, `{"purpose":"fly"}`, true},
		{"a value in its enum", post("/api/v1/admin/people/3/reset", ""), "", 202, `{"purpose":"reset"}`, false},
		{"a route the document does not list", get("/api/v1/nothing"), "", 200, `{}`, true},
		{"an unknown field accepted", post("/api/v1/preview", `{"markdown":"x","evil":1}`), `{"markdown":"x","evil":1}`, 200, `{"html":"","toc":[]}`, true},
		{"an unknown field refused", post("/api/v1/preview", `{"markdown":"x","evil":1}`), `{"markdown":"x","evil":1}`, 422, `{"error":{"code":"invalid","message":"x","field":"evil"}}`, false},
	}
	for _, c := range cases {
		msg := checkExchange(router, c.req, []byte(c.body), false, c.status, js, []byte(c.answer))
		if c.wrong && msg == "" {
			t.Errorf("%s: not caught", c.name)
		}
		if !c.wrong && msg != "" {
			t.Errorf("%s: refused: %s", c.name, msg)
		}
	}
}
