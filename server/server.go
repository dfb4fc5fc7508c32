// Package server is Policyflow's web server: server-rendered pages in
// Bahasa Indonesia (English on request) and, later, the JSON API.
package server

import (
	"context"
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/policyflow/policyflow/policies"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Check is a readiness probe of one dependency.
type Check struct {
	Name string
	Ping func(ctx context.Context) error
}

// Deps is everything the server needs, passed in one struct.
type Deps struct {
	Store  policies.Store
	Checks []Check // readiness: PostgreSQL, Temporal
	Logger *slog.Logger
}

// Server serves Policyflow's pages.
type Server struct {
	store   policies.Store
	checks  []Check
	log     *slog.Logger
	md      *Renderer
	pages   map[string]*template.Template
	started time.Time
}

// NewServer returns the HTTP handler of Policyflow.
func NewServer(d Deps) (http.Handler, error) {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	pages, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	s := &Server{store: d.Store, checks: d.Checks, log: d.Logger, md: NewRenderer(512), pages: pages, started: time.Now()}
	return s.routes(), nil
}

func parseTemplates() (map[string]*template.Template, error) {
	funcs := template.FuncMap{}
	pages := map[string]*template.Template{}
	for _, name := range []string{"index", "policy", "error"} {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		pages[name] = t
	}
	return pages, nil
}
