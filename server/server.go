// Package server is Policyflow's web server: server-rendered pages in
// Bahasa Indonesia (English on request) and the JSON API under /api/v1.
// It never edits lifecycle state in SQL: actions go to the workflows as
// Updates (through Lifecycle), comments and versions straight to the store.
package server

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
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

// Lifecycle sends people's actions to the policy workflows (package lifecycle).
type Lifecycle interface {
	Start(ctx context.Context, policyID int64) error
	State(ctx context.Context, policyID int64) (workflows.PolicyState, error)
	Do(ctx context.Context, policyID int64, act policies.Action, requestID string, req workflows.Request) (workflows.Result, error)
}

// Store is what the server needs of the record (package postgres): the
// stores of the nouns it shows and changes, and the answers it keeps for
// retried POSTs.
type Store interface {
	policies.PolicyStore
	policies.VersionStore
	policies.CommentStore
	policies.ConsultationStore
	policies.ApprovalStore
	policies.ProgramStore
	policies.EvaluationStore
	policies.NotificationStore
	policies.UserStore
	policies.SessionStore
	IdempotencyStore
}

// IdempotencyStore keeps the answers to POSTs sent with an Idempotency-Key.
type IdempotencyStore interface {
	// BeginIdempotent claims (owner, key) for holder, the calling server
	// process. claimed is true when this request owns it; otherwise prev is
	// the earlier request's stored answer (Status 0 while it still runs). An
	// unanswered claim of the same holder is taken over: the caller must not
	// call while a request of its own with that key still runs.
	BeginIdempotent(ctx context.Context, owner, key, holder, method, path string) (claimed bool, prev policies.IdempotentResponse, err error)
	FinishIdempotent(ctx context.Context, owner, key string, status int, contentType string, body []byte) error
	AbortIdempotent(ctx context.Context, owner, key string) error // forget a claim whose request failed (5xx)
}

// Deps is everything the server needs, passed in one struct.
type Deps struct {
	Store     Store
	Lifecycle Lifecycle
	Checks    []Check // readiness: PostgreSQL, Temporal
	Logger    *slog.Logger
	// TrustedProxies are the reverse proxies whose X-Real-IP and
	// X-Forwarded-For headers name the client. From anyone else these
	// headers are ignored: the login limits per address count the peer.
	TrustedProxies []netip.Prefix
	// AllowPrivateWebhooks accepts unit webhook URLs on loopback and private
	// addresses: for tests whose receivers listen on 127.0.0.1
	// (WEBHOOK_ALLOW_PRIVATE=1), never in production.
	AllowPrivateWebhooks bool
}

// Server serves Policyflow's pages and API.
type Server struct {
	store  Store
	lc     Lifecycle
	checks []Check
	log    *slog.Logger
	md     *Renderer
	pages  map[string]*template.Template

	// holder names this process in Idempotency-Key claims; running holds
	// the (owner, key) pairs of its requests still running.
	holder  string
	running sync.Map

	proxies []netip.Prefix

	allowPrivateWebhooks bool
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
	holder := make([]byte, 12)
	if _, err := rand.Read(holder); err != nil {
		return nil, err
	}
	s := &Server{store: d.Store, lc: d.Lifecycle, checks: d.Checks, log: d.Logger, md: NewRenderer(DefaultRenderCacheBytes), pages: pages,
		holder: hex.EncodeToString(holder), proxies: d.TrustedProxies, allowPrivateWebhooks: d.AllowPrivateWebhooks}
	return s.routes(), nil
}

var pageNames = []string{"index", "policy", "error", "login", "dashboard", "edit", "versions", "diff",
	"approval", "consultation", "notifications", "history", "new", "evaluations", "skm", "programs", "program", "ledger", "settings"}

func parseTemplates() (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"date": func(t time.Time) string { return t.Format("02-01-2006 15:04") },
		"iso":  func(t time.Time) string { return t.Format(time.RFC3339) },
		"short": func(s string) string {
			if len(s) > 12 {
				return s[:12]
			}
			return s
		},
		"has": func(list []int64, id int64) bool {
			for _, v := range list {
				if v == id {
					return true
				}
			}
			return false
		},
		"lower":  strings.ToLower,
		"upper":  strings.ToUpper,
		"score":  func(v *float64) string { return strconv.FormatFloat(*v, 'f', 2, 64) },
		"scores": func() []int { return []int{1, 2, 3, 4} },
		"sectionsCtx": func(p page) sectionsCtx {
			sc := sectionsCtx{T: p.T, CSRF: p.CSRF, CanComment: p.User != nil}
			sc.Drafter = p.User != nil && p.User.Role == policies.RoleDrafter
			if s, ok := p.Data["Sections"].([]sectionView); ok {
				sc.Sections = s
			}
			if pol, ok := p.Data["Policy"].(policies.PolicySummary); ok {
				sc.PolicyID = pol.ID
				sc.CanComment = sc.CanComment && pol.Status != policies.StatusArchived
				// Only the policy's own region moderates its comments.
				sc.Drafter = sc.Drafter && p.User.RegionID != nil && *p.User.RegionID == pol.RegionID
			}
			if cc, ok := p.Data["CanComment"].(bool); ok {
				sc.CanComment = cc
			}
			return sc
		},
		"dict": func(sv sectionView, sc sectionsCtx) sectionsCtx {
			sc.Threads = sv.Threads
			return sc
		},
		"add": func(a, b int) int { return a + b },
	}
	pages := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		pages[name] = t
	}
	return pages, nil
}

// sectionsCtx is what the comment templates receive.
type sectionsCtx struct {
	Sections   []sectionView
	Threads    []threadView
	T          map[string]string
	CSRF       string
	Drafter    bool
	CanComment bool
	PolicyID   int64
}
