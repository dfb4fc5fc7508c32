package server

import (
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/policyflow/policyflow/policies"
)

// Who may call a route: nobody listed means anyone, even signed out.
var (
	anyone    []policies.Role
	signedIn  = []policies.Role{} // any role, but signed in
	drafter   = []policies.Role{policies.RoleDrafter}
	leader    = []policies.Role{policies.RoleLeader}
	officer   = []policies.Role{policies.RoleUnitOfficer}
	recorders = []policies.Role{policies.RoleDrafter, policies.RoleUnitOfficer}
)

// apiRoute is one JSON API route; the OpenAPI document is made from this table.
type apiRoute struct {
	Method, Path, Summary string
	Roles                 []policies.Role // nil: public; empty: any signed-in user
	Handler               func(*Server, http.ResponseWriter, *http.Request)
	Body                  string // name of the request schema, if any
}

// secretAnswers are the API routes whose answer shows a secret: a new API
// token, a unit's new webhook secret. Their answers are never kept for
// Idempotency-Key replays (see idempotent). Every route that answers with a
// secret belongs here.
var secretAnswers = map[string]bool{
	"POST /tokens":       true,
	"POST /unit/webhook": true,
}

// apiRoutes is the API route table (a function, since the OpenAPI handler reads it).
func apiRoutes() []apiRoute {
	routes := []apiRoute{
		{"POST", "/tokens", "Masuk dengan email dan kata sandi, lalu buat token API pribadi (berlaku expires_in_days hari: bawaan 90, paling lama 365)", anyone, (*Server).handleAPITokenCreate, "Login"},
		{"GET", "/tokens", "Token API saya (tanpa nilai tokennya)", signedIn, (*Server).handleAPITokenList, ""},
		{"POST", "/tokens/{tid}/revoke", "Cabut salah satu token API saya", signedIn, (*Server).handleAPITokenRevoke, ""},
		{"GET", "/me", "Pengguna yang sedang masuk", signedIn, (*Server).handleAPIMe, ""},
		{"GET", "/dashboard", "Tugas saya", signedIn, (*Server).handleAPIDashboard, ""},
		{"GET", "/policies", "Daftar dan cari kebijakan", anyone, (*Server).handleAPIPolicyList, ""},
		{"POST", "/policies", "Buat kebijakan baru", drafter, (*Server).handleAPIPolicyCreate, "NewPolicy"},
		{"GET", "/policies/{id}", "Kebijakan dengan versi berlaku dan statusnya", anyone, (*Server).handleAPIPolicyShow, ""},
		{"GET", "/policies/{id}/timeline", "Lini masa: konsultasi, persetujuan, audit", anyone, (*Server).handleAPITimeline, ""},
		{"GET", "/policies/{id}/versions", "Daftar versi", anyone, (*Server).handleAPIVersions, ""},
		{"POST", "/policies/{id}/versions", "Simpan versi baru", drafter, (*Server).handleAPIVersionCreate, "NewVersion"},
		{"GET", "/policies/{id}/versions/{n}", "Satu versi", anyone, (*Server).handleAPIVersionShow, ""},
		{"GET", "/policies/{id}/versions/{n}/docx", "Unduh satu versi sebagai dokumen Word (.docx)", anyone, (*Server).handleVersionDocx, ""},
		{"GET", "/verify/{hash}", "Verifikasi dokumen: versi kebijakan yang ber-SHA-256 ini, persetujuan per tahap dan penetapannya (rancangan yang tertutup hanya disebut terdaftar)", anyone, (*Server).handleAPIVerify, ""},
		{"POST", "/convert", "Ubah berkas .docx, .txt atau .md menjadi Markdown tanpa menyimpan apa pun: formulir multipart (isian file) atau berkasnya sebagai isi permintaan", drafter, (*Server).handleAPIConvert, ""},
		{"GET", "/policies/{id}/diff", "Perbedaan kata antara dua versi", anyone, (*Server).handleAPIDiff, ""},
		{"GET", "/policies/{id}/comments", "Komentar per bagian, berhalaman", anyone, (*Server).handleAPICommentList, ""},
		{"POST", "/policies/{id}/comments", "Kirim komentar", anyone, (*Server).handleAPICommentCreate, "NewComment"},
		{"POST", "/comments/{cid}/status", "Selesaikan, buka kembali, atau moderasi komentar", drafter, (*Server).handleAPICommentStatus, "CommentStatus"},
		{"GET", "/policies/{id}/suggestions", "Usulan perubahan teks beserta keadaannya pada versi terkini", drafter, (*Server).handleAPISuggestions, ""},
		{"POST", "/policies/{id}/suggestions/accept", "Terima satu atau beberapa usulan perubahan menjadi satu versi baru", drafter, (*Server).handleAPISuggestionsAccept, "AcceptSuggestions"},
		{"POST", "/comments/{cid}/suggestion/decline", "Tolak usulan perubahan dengan alasan", drafter, (*Server).handleAPISuggestionDecline, "DeclineSuggestion"},
		{"POST", "/policies/{id}/actions/{action}", "Aksi siklus hidup (lewat Update alur kerja)", signedIn, (*Server).handleAPIAction, "Action"},
		{"GET", "/policies/{id}/audit", "Riwayat audit", signedIn, (*Server).handleAPIAudit, ""},
		{"GET", "/notifications", "Kotak masuk notifikasi", signedIn, (*Server).handleAPINotifications, ""},
		{"POST", "/notifications/{nid}/read", "Tandai notifikasi dibaca", signedIn, (*Server).handleAPINotificationRead, ""},
		{"POST", "/preview", "Pratinjau Markdown", drafter, (*Server).handleAPIPreview, "Preview"},
		{"GET", "/policies/{id}/evaluations", "Laporan evaluasi: IKM per unit dan putaran", signedIn, (*Server).handleAPIEvaluations, ""},
		{"POST", "/policies/{id}/evaluations/{round}/skm", "Isi SKM unit untuk satu putaran", officer, (*Server).handleAPISKM, "SKM"},
		{"POST", "/policies/{id}/evaluations/{round}/kirkpatrick", "Isi survei Kirkpatrick (tingkat 1–4, nilai 1–5) untuk satu putaran", officer, (*Server).handleAPIKirkpatrick, "Kirkpatrick"},
		{"GET", "/policies/{id}/programs", "Program pelatihan kebijakan", signedIn, (*Server).handleAPIPrograms, ""},
		{"GET", "/policies/{id}/programs/{pid}/participants", "Peserta program", signedIn, (*Server).handleAPIParticipants, ""},
		{"POST", "/policies/{id}/programs/{pid}/participants", "Impor peserta dari CSV (text/csv): semua atau tidak sama sekali", recorders, (*Server).handleAPIParticipantsImport, "CSV"},
		{"GET", "/ledger", "Buku JP per ASN dan unit per tahun", signedIn, (*Server).handleAPILedger, ""},
		{"GET", "/unit/webhook", "Webhook unit petugas (URL)", officer, (*Server).handleAPIWebhook, ""},
		{"POST", "/unit/webhook", "Atur webhook unit; rahasia HMAC baru ditampilkan sekali (url kosong: matikan)", officer, (*Server).handleAPIWebhookSet, "Webhook"},
		{"GET", "/openapi.json", "Dokumen OpenAPI ini", anyone, (*Server).handleOpenAPI, ""},
	}
	routes = append(routes, peopleAPIRoutes()...)
	routes = append(routes, adminAPIRoutes()...)
	routes = append(routes, moderationAPIRoutes()...)
	routes = append(routes, answersAPIRoutes()...)
	routes = append(routes, enactmentAPIRoutes()...)
	routes = append(routes, legalAPIRoutes()...)
	routes = append(routes, jdihAPIRoutes()...)
	return routes
}

// routes registers every route: pages, the API (from apiRoutes), static files.
func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(s.observe) // request ID, request-scoped log, HTTP metrics (metrics.go)
	r.Use(s.realIP, withClientAddr)
	r.Use(s.recoverer)
	r.Use(securityHeaders)
	r.Use(middleware.Timeout(30 * time.Second))
	r.Use(s.limitBody)

	r.Get("/healthz", s.handleHealthz)
	r.Get("/readyz", s.handleReadyz)
	r.Get("/metrics", s.handleMetrics) // Prometheus; loopback/private peers or METRICS_TOKEN (metrics.go)
	static, _ := fs.Sub(staticFS, "static")
	r.Handle("/static/*", http.StripPrefix("/static/", cacheForever(http.FileServerFS(static))))

	r.Group(func(r chi.Router) {
		r.Use(s.authenticate, s.csrfProtect, s.formText)

		r.Get("/", s.handlePolicyIndex)
		r.Get("/policies", s.handlePolicyIndex)
		r.Get("/login", s.handleLoginPage)
		r.Post("/login", s.handleLogin)
		r.Get("/policies/{id}", s.handlePolicyPage) // signed out: from memory while unchanged (pagecache.go)
		r.Get("/policies/{id}/comments", s.handleCommentsPage)
		r.Post("/policies/{id}/comments", s.handleCommentCreate)
		r.Get("/policies/{id}/versions", s.handleVersions)
		r.Get("/policies/{id}/diff", s.handleDiff)
		r.Get("/policies/{id}/consultation", s.handleConsultationPage)
		r.Get("/unsubscribe", s.handleUnsubscribePage) // signed token, no sign-in (unsubscribe.go)
		r.Post("/unsubscribe", s.handleUnsubscribe)    // also one-click from mail clients: no CSRF token

		r.With(s.require(signedIn...)).Post("/logout", s.handleLogout)
		r.With(s.require(signedIn...)).Get("/dashboard", s.handleDashboard)
		r.With(s.require(signedIn...)).Get("/notifications", s.handleNotifications)
		r.With(s.require(signedIn...)).Post("/notifications/{nid}/read", s.handleNotificationRead)
		r.With(s.require(signedIn...)).Get("/notifications/{nid}/open", s.handleNotificationOpen)
		r.With(s.require(signedIn...)).Get("/policies/{id}/history", s.handleHistory)
		r.With(s.require(signedIn...)).Post("/policies/{id}/actions/{action}", s.handleAction)
		r.With(s.require(drafter...)).Get("/policies/new", s.handlePolicyNew)
		r.With(s.require(drafter...)).Get("/policies/import", s.handleImportNew)
		r.With(s.require(drafter...)).Post("/policies/import", s.handleImportNewUpload)
		r.With(s.require(drafter...)).Get("/policies/{id}/import", s.handleImportVersion)
		r.With(s.require(drafter...)).Post("/policies/{id}/import", s.handleImportVersionUpload)
		r.Get("/policies/{id}/versions/{n}/docx", s.handleVersionDocx)
		r.Get("/policies/{id}/versions/{n}/pdf", s.handleVersionPDF)            // documents.go
		r.Get("/policies/{id}/versions/{n}/naskah.docx", s.handleVersionNaskah) // documents.go
		r.Get("/verifikasi", s.handleVerifyForm)                                // documents.go
		r.Get("/verifikasi/{hash}", s.handleVerifyPage)
		r.With(s.require(drafter...)).Post("/policies", s.handlePolicyCreate)
		r.With(s.require(drafter...)).Get("/policies/{id}/edit", s.handleEdit)
		r.With(s.require(drafter...)).Post("/policies/{id}/versions", s.handleVersionCreate)
		r.With(s.require(drafter...)).Post("/comments/{cid}/status", s.handleCommentStatus)
		r.With(s.require(drafter...)).Get("/policies/{id}/suggestions", s.handleSuggestionsPage)
		r.With(s.require(drafter...)).Post("/policies/{id}/suggestions/accept", s.handleSuggestionsAccept)
		r.With(s.require(drafter...)).Post("/comments/{cid}/suggestion/decline", s.handleSuggestionDecline)
		r.With(s.require(drafter...)).Post("/preview", s.handlePreview)
		r.With(s.require(leader...)).Get("/policies/{id}/approval", s.handleApprovalPage)
		r.With(s.require(signedIn...)).Get("/policies/{id}/programs", s.handlePrograms)
		r.With(s.require(signedIn...)).Get("/policies/{id}/programs/{pid}", s.handleProgram)
		r.With(s.require(recorders...)).Post("/policies/{id}/programs/{pid}/participants", s.handleParticipantAdd)
		r.With(s.require(recorders...)).Post("/policies/{id}/programs/{pid}/participants/import", s.handleParticipantImport)
		r.With(s.require(signedIn...)).Get("/ledger", s.handleLedger)
		r.With(s.require(signedIn...)).Get("/ledger.csv", s.handleLedgerCSV)
		r.With(s.require(signedIn...)).Get("/policies/{id}/evaluations", s.handleEvaluations)
		r.With(s.require(drafter...)).Post("/policies/{id}/evaluation-plan", s.handleEvaluationPlan)
		r.With(s.require(signedIn...)).Get("/settings", s.handleSettings)
		r.With(s.require(signedIn...)).Post("/settings", s.handleSettingsSave)
		r.With(s.require(officer...)).Post("/settings/webhook", s.handleWebhookSave)
		r.With(s.require(signedIn...)).Post("/settings/tokens", s.handleTokenCreate)
		r.With(s.require(signedIn...)).Post("/settings/tokens/{tid}/revoke", s.handleTokenRevoke)
		r.With(s.require(signedIn...)).Get("/policies/{id}/evaluations.csv", s.handleEvaluationsCSV)
		r.With(s.require(officer...)).Get("/policies/{id}/evaluations/{round}/skm", s.handleSKMForm)
		r.With(s.require(officer...)).Post("/policies/{id}/evaluations/{round}/skm", s.handleSKMSubmit)
		r.With(s.require(officer...)).Post("/policies/{id}/evaluations/{round}/kirkpatrick", s.handleKirkpatrickSubmit)
		s.peoplePages(r)
		s.adminPages(r)
		s.moderationPages(r)
		s.answersPages(r)
		s.enactmentPages(r)
		s.legalPages(r)
		s.jdihPages(r)

		r.Route("/api/v1", func(r chi.Router) {
			for _, rt := range apiRoutes() {
				h := http.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { rt.Handler(s, w, r) }))
				if rt.Roles != nil {
					h = s.require(rt.Roles...)(h)
				}
				h = s.idempotent(secretAnswers[rt.Method+" "+rt.Path])(h)
				r.Method(rt.Method, rt.Path, h)
			}
			r.NotFound(func(w http.ResponseWriter, r *http.Request) {
				s.writeError(w, r, policies.Errorf(policies.KindNotFound, "rute API tidak ada"))
			})
			r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
				s.writeError(w, r, policies.Errorf(kindMethodNotAllowed, "metode tidak diizinkan"))
			})
		})
	})

	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, errNotFound)
	})
	return r
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }
