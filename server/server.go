// Package server is Policyflow's web server: server-rendered pages in
// Bahasa Indonesia (English on request) and the JSON API under /api/v1.
// It never edits lifecycle state in SQL: actions go to the workflows as
// Updates (through Lifecycle), comments and versions straight to the store.
// The compiler keeps it so: the store its handlers hold (WebStore) has none
// of the writes a workflow owns.
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
	"strings"
	"time"

	"github.com/policyflow/policyflow/activities"
	"github.com/policyflow/policyflow/cache"
	"github.com/policyflow/policyflow/docx"
	"github.com/policyflow/policyflow/idempotency"
	"github.com/policyflow/policyflow/markdown"
	"github.com/policyflow/policyflow/metrics"
	"github.com/policyflow/policyflow/pdf"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/proxy"
	"github.com/policyflow/policyflow/signing"
	"github.com/policyflow/policyflow/sso"
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

// Lifecycle sends people's actions to the policy workflows (workflows.Client).
type Lifecycle interface {
	Start(ctx context.Context, policyID int64) error
	State(ctx context.Context, policyID int64) (workflows.PolicyState, error)
	Do(ctx context.Context, policyID int64, act policies.Action, requestID string, req workflows.Request) (workflows.Result, error)
	// DoProgram sends a change of a program to the program's workflow.
	DoProgram(ctx context.Context, workflowID string, act policies.ProgramAction, requestID string, req workflows.Request) (workflows.Result, error)
	// RemindFollowUp starts the reminders of an SKM follow-up until it is done.
	RemindFollowUp(ctx context.Context, followUpID int64, due time.Time) error
	// LegalRecorded tells a policy's workflow of a legal record (legal_steps.go).
	LegalRecorded(ctx context.Context, policyID int64, requestID string, actor workflows.Actor) (workflows.Result, error)
	// Troubles are the activities and workflow tasks of the policy's
	// workflows in state st that keep failing (the operations console).
	Troubles(ctx context.Context, st workflows.PolicyState) ([]workflows.Trouble, error)
}

// Store is what the server is given of the record (package postgres
// implements it): what its handlers hold (WebStore), and what the notices
// to a comment's author need, the outbox write among it, which only
// activities.CommentNotices holds (Server.notices).
type Store interface {
	WebStore
	activities.CommentNoticeStore
	activities.ReactionNoticeStore // and a reaction link's notice (Server.reactions)
	activities.FollowNoticeStore   // and the notices to a policy's followers (Server.follows)
}

// WebStore is what the handlers hold of the record: the stores of the nouns
// they show and change, and the answers kept for retried POSTs. It is cut
// by capability: the writes a workflow owns (a policy's status, approval
// runs and decisions, consultations, programs, evaluation rounds;
// policies.PolicyStatusWriter and its siblings) and the outbox write are
// on no interface it embeds, so the compiler keeps a handler from making
// them behind a workflow (capability_test.go names them).
type WebStore interface {
	policies.PolicyStore
	policies.VersionStore
	policies.CommentStore
	policies.ConsultationStore
	policies.FeedStore        // policies' events: the Atom feeds (feeds.go)
	policies.AnswerStore      // answers to consultation comments, offline input (answers.go, report.go)
	policies.CommentWorkStore // themes and assignment of consultation comments (commentwork.go)
	policies.ApprovalStore
	policies.ProgramStore
	policies.EvaluationStore
	policies.NotificationStore
	policies.UserStore
	policies.PeopleStore
	policies.SessionStore
	policies.SecondFactorStore     // TOTP second factors, recovery codes, sign-ins waiting for one (secondfactor.go)
	policies.AttachmentStore       // a policy's files (attachments.go)
	policies.ModerationStore       // reports and moderation of comments (moderation.go)
	policies.EnactmentQueue        // the legal unit's work list (enactments.go)
	policies.EnactmentStore        // enactments: the documents and the verification page read them (documents.go)
	policies.ParafStore            // who initials, and the parafs given (paraf.go)
	policies.HarmonisationStore    // the Kanwil's harmonisation of approved versions (harmonisation.go)
	policies.LegalStepSettingStore // the region's times of the legal steps (legal_step_settings.go)
	policies.OperationsStore       // the operations console: live workflows, failing deliveries (operations.go)
	policies.DocumentStore         // versions by SHA-256: the verification page (documents.go)
	policies.CertificateStore      // certificates of completers, found again by SHA-256 (certificates.go)
	policies.JDIHStore             // relations between policies, JDIH metadata, produk hukum (jdih.go)
	policies.AmendmentStore        // the points of amending policies (amendment.go, consolidation.go)
	policies.RosterStore           // the region's ASN roster (roster.go)
	policies.LearningStore         // non-classical learning and its JP conversion table (learning.go)
	policies.PlanStore             // the yearly competency-development plan (plan.go)
	policies.SIASNStore            // verifications and SIASN export batches (siasn.go)
	policies.SKMFollowUpWriter     // a unit's follow-ups of its weak SKM elements (skm_followup.go)
	policies.SignedDocumentStore   // the signed official PDFs of enactments (signatures.go)
	policies.PrivacyStore          // a person's data export and erasure, the region's retention (privacy.go)
	policies.SSOStore              // the regions' identity providers, sign-ins under way (oidc.go)
	policies.FollowStore           // follows of a policy, a city or a topic, by a person or a confirmed address (follow.go)
	policies.TopicStore            // the regions' topic lists and the policies' topics (topics.go)
	idempotency.Store              // the answers kept for retried POSTs (idempotency.Keys)
	adminStore                     // units, stakeholder groups, approval chains, acting officials, region settings (admin.go)

	// Kirkpatrick levels 1 and 2 of programs (kirkpatrick_levels.go).
	policies.KirkpatrickStore
	policies.BehaviourStore
	policies.ResultStore
}

// Deps is everything the server needs, passed in one struct.
type Deps struct {
	Store Store
	// Lifecycle is nil for a server without Temporal (tests and tools that
	// only read): actions then answer 503 and pages show the record's
	// status alone.
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
	// UnsubscribeKey checks the signed one-click unsubscribe links of
	// emails (UNSUBSCRIBE_KEY, the deliverer's key); without it every
	// link is refused.
	UnsubscribeKey []byte
	// PublicURL is the server's public address (PUBLIC_URL), required:
	// every absolute link the server makes (the documents' QR code and
	// verification link, the JDIH feed, survey links) is under it, never
	// under the Host a request names.
	PublicURL string
	// Metrics are the HTTP metrics and the registry GET /metrics serves
	// (package metrics); nil: HTTP metrics on a registry of the server's own.
	Metrics *metrics.HTTP
	// Signing are the regions' signing keys (SIGNING_KEYS): the official
	// PDF of an enactment is signed with them (signatures.go). nil: no
	// key; enactments are recorded unsigned and the pages say so.
	Signing *signing.Keys
	// HeavyLimit bounds each caller's document, upload and import requests
	// (costly.go; HEAVY_PER_MINUTE); zero: 30 a minute.
	HeavyLimit HeavyLimit
	// Retention are the installation's retention rules (RETENTION_DAYS):
	// a region's may only be shorter (privacy_admin.go). nil: the defaults.
	Retention policies.RetentionRules
	// SSOPrivateIssuers are the identity providers' hosts that may be on
	// private or loopback addresses (OIDC_PRIVATE_ISSUERS): a city's
	// provider on the internal network. Any other issuer must be public.
	SSOPrivateIssuers []string
}

// Server serves Policyflow's pages and API.
type Server struct {
	store  WebStore
	lc     Lifecycle
	checks []Check
	log    *slog.Logger
	md     *markdown.Renderer
	pages  map[string]*template.Template

	keys            idempotency.Keys                   // Idempotency-Key claims and answers (idempotency.go)
	tokenPrincipals *cache.LRU[string, tokenPrincipal] // API tokens' people, per auth epoch (tokens.go)

	proxies      proxy.Trusted // whose X-Real-IP and X-Forwarded-For name the client (middleware.go)
	heavyCallers *heavyCallers // each caller's heavy requests (costly.go)
	secure       bool          // PUBLIC_URL is https: Secure __Host- cookies, HSTS (cookies.go)

	allowPrivateWebhooks bool

	unsubscribeKey []byte // checks unsubscribe links (unsubscribe.go)

	publicURL string // Deps.PublicURL without its trailing slash: every absolute link

	metrics *metrics.HTTP // GET /metrics and the HTTP metrics (requests.go)

	notices activities.CommentNotices // the one writer of the notices to a comment's author

	reactions activities.ReactionNotices // the one writer of the reaction link notices (kirkpatrick_levels.go)

	follows activities.FollowNotices // tells a policy's followers of what a request made public (follow.go)

	pageCache *cache.Pages                                       // signed-out policy pages, per change (pagecache.go)
	feeds     *feedCache                                         // the feeds and calendar, per change (feedcache.go)
	groups    *cache.Bounded[groupsKey, []policies.CommentGroup] // comment groups per consultation and texts (campaigns.go)
	threads   *cache.Bounded[threadsKey, commentsPart]           // a policy page's comment threads, per page revision (threadcache.go)
	thread    *cache.Bounded[threadKey, template.HTML]           // one thread as HTML, per its data (threadcache.go)
	pdfs      pdf.Renderer                                       // naskah PDFs, once per document, renders bounded
	docs      *docx.Documents                                    // .docx downloads, once per document (docx/made.go)

	signing *signing.Keys // the regions' signing keys and trusted roots (signatures.go)

	retention policies.RetentionRules // the installation's retention rules (privacy_admin.go)

	sso *sso.Providers // the regions' identity providers, reached at their issuer only (oidc.go)
}

// NewServer returns the HTTP handler of Policyflow.
func NewServer(d Deps) (http.Handler, error) {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Lifecycle == nil {
		d.Lifecycle = noWorkflows{}
	}
	if err := policies.CheckPublicURL(d.PublicURL); err != nil {
		return nil, err
	}
	pages, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	holder := make([]byte, 12)
	if _, err := rand.Read(holder); err != nil {
		return nil, err
	}
	s := &Server{store: d.Store, lc: d.Lifecycle, checks: d.Checks, log: d.Logger, md: markdown.NewRenderer(markdown.DefaultRenderCacheBytes), pages: pages,
		proxies: d.TrustedProxies, allowPrivateWebhooks: d.AllowPrivateWebhooks,
		unsubscribeKey: d.UnsubscribeKey, publicURL: strings.TrimRight(d.PublicURL, "/"),
		notices: activities.CommentNotices{Store: d.Store}, reactions: activities.ReactionNotices{Store: d.Store},
		follows: activities.FollowNotices{Store: d.Store}}
	s.keys = idempotency.Keys{Store: d.Store, Holder: hex.EncodeToString(holder), Log: d.Logger,
		Owner: func(r *http.Request) string { return idemOwner(viewerOf(r)) }, Refuse: s.writeError}
	s.tokenPrincipals = newTokenPrincipals()
	s.heavyCallers = newHeavyCallers(d.HeavyLimit)
	s.secure = strings.HasPrefix(s.publicURL, "https://")
	s.metrics = d.Metrics.OrNew()
	s.retention = d.Retention
	s.sso = sso.New(d.SSOPrivateIssuers)
	if s.signing = d.Signing; s.signing == nil {
		s.signing = signing.NoKeys()
	}
	s.pageCache = cache.NewPages(cache.PageBytes)
	s.feeds = newFeedCache()
	s.groups = cache.NewBounded[groupsKey, []policies.CommentGroup](groupsCacheBytes)
	s.threads = cache.NewBounded[threadsKey, commentsPart](threadsCacheBytes)
	s.thread = cache.NewBounded[threadKey, template.HTML](threadCacheBytes)
	s.docs = docx.NewDocuments(docxCacheBytes)
	s.store = &cachingStore{Store: d.Store, versions: cache.NewBounded[versionKey, policies.Version](versionCacheBytes), facts: newFactsCache()} // immutable versions kept in memory (versioncache.go)
	return s.routes(), nil
}

// noWorkflows is the Lifecycle of a server without Temporal: the workflow
// service is unavailable to every call.
type noWorkflows struct{}

var errNoWorkflows = policies.Errorf(policies.KindUnavailable, "layanan alur kerja tidak tersedia")

func (noWorkflows) Start(context.Context, int64) error { return errNoWorkflows }

func (noWorkflows) State(context.Context, int64) (workflows.PolicyState, error) {
	return workflows.PolicyState{}, errNoWorkflows
}

func (noWorkflows) Do(context.Context, int64, policies.Action, string, workflows.Request) (workflows.Result, error) {
	return workflows.Result{}, errNoWorkflows
}

func (noWorkflows) DoProgram(context.Context, string, policies.ProgramAction, string, workflows.Request) (workflows.Result, error) {
	return workflows.Result{}, errNoWorkflows
}

func (noWorkflows) RemindFollowUp(context.Context, int64, time.Time) error { return errNoWorkflows }

func (noWorkflows) LegalRecorded(context.Context, int64, string, workflows.Actor) (workflows.Result, error) {
	return workflows.Result{}, errNoWorkflows
}

func (noWorkflows) Troubles(context.Context, workflows.PolicyState) ([]workflows.Trouble, error) {
	return nil, errNoWorkflows
}
