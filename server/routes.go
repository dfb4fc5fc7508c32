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

// handler serves one request or returns why it could not; serve writes
// the refusal (errors.go), as JSON under /api/ and as the error page
// elsewhere. Page and API handlers alike are methods of *Server of this type.
type handler = func(*Server, http.ResponseWriter, *http.Request) error

// pageRoute is one HTML route (a page or a form's POST).
type pageRoute struct {
	Method, Path string
	Roles        []policies.Role // nil: anyone, even signed out; empty: any signed-in user
	Handler      handler
}

// apiRoute is one JSON API route; the OpenAPI document is made from this table.
type apiRoute struct {
	Method, Path, Summary string
	Roles                 []policies.Role // nil: public; empty: any signed-in user
	Handler               handler
	Body                  any // a value of the request body's type (decoded JSON; csvBody: a CSV file), or nil
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
		{"POST", "/tokens", "Masuk dengan email dan kata sandi, lalu buat token API pribadi (berlaku expires_in_days hari: bawaan 90, paling lama 365)", anyone, apiWrite(http.StatusCreated, (*Server).signInToken), loginInput{}},
		{"GET", "/tokens", "Token API saya (tanpa nilai tokennya)", signedIn, apiRead((*Server).listTokens), nil},
		{"POST", "/tokens/{tid}/revoke", "Cabut salah satu token API saya", signedIn, apiDo((*Server).revokeToken), nil},
		{"GET", "/me", "Pengguna yang sedang masuk", signedIn, (*Server).handleAPIMe, nil},
		{"GET", "/dashboard", "Tugas saya", signedIn, (*Server).handleAPIDashboard, nil},
		{"GET", "/policies", "Daftar dan cari kebijakan", anyone, (*Server).handleAPIPolicyList, nil},
		{"POST", "/policies", "Buat kebijakan baru", drafter, (*Server).handleAPIPolicyCreate, newPolicyInput{}},
		{"GET", "/policies/{id}", "Kebijakan dengan versi berlaku dan statusnya", anyone, (*Server).handleAPIPolicyShow, nil},
		{"GET", "/policies/{id}/timeline", "Lini masa: konsultasi, persetujuan, audit", anyone, apiRead((*Server).timelineOf), nil},
		{"GET", "/policies/{id}/versions", "Daftar versi", anyone, apiRead((*Server).versionList), nil},
		{"POST", "/policies/{id}/versions", "Simpan versi baru", drafter, (*Server).handleAPIVersionCreate, versionInput{}},
		{"GET", "/policies/{id}/versions/{n}", "Satu versi", anyone, apiRead((*Server).versionShown), nil},
		{"GET", "/policies/{id}/versions/{n}/docx", "Unduh satu versi sebagai dokumen Word (.docx)", anyone, (*Server).handleVersionDocx, nil},
		{"GET", "/verify/{hash}", "Verifikasi dokumen: versi kebijakan yang ber-SHA-256 ini, persetujuan per tahap dan penetapannya (rancangan yang tertutup hanya disebut terdaftar)", anyone, (*Server).handleAPIVerify, nil},
		{"POST", "/convert", "Ubah berkas .docx, .txt atau .md menjadi Markdown tanpa menyimpan apa pun: formulir multipart (isian file) atau berkasnya sebagai isi permintaan", drafter, (*Server).handleAPIConvert, nil},
		{"GET", "/policies/{id}/diff", "Perbedaan kata antara dua versi", anyone, (*Server).handleAPIDiff, nil},
		{"GET", "/policies/{id}/comments", "Komentar per bagian, berhalaman", anyone, (*Server).handleAPICommentList, nil},
		{"POST", "/policies/{id}/comments", "Kirim komentar", anyone, handleAPICommentCreate, commentInput{}},
		{"POST", "/comments/{cid}/status", "Selesaikan, buka kembali, atau moderasi komentar", drafter, handleAPICommentStatus, commentStatusInput{}},
		{"GET", "/policies/{id}/suggestions", "Usulan perubahan teks beserta keadaannya pada versi terkini", drafter, (*Server).handleAPISuggestions, nil},
		{"POST", "/policies/{id}/suggestions/accept", "Terima satu atau beberapa usulan perubahan menjadi satu versi baru", drafter, handleAPISuggestionsAccept, acceptInput{}},
		{"POST", "/comments/{cid}/suggestion/decline", "Tolak usulan perubahan dengan alasan", drafter, handleAPISuggestionDecline, declineInput{}},
		{"POST", "/policies/{id}/actions/{action}", "Aksi siklus hidup (lewat Update alur kerja)", signedIn, (*Server).handleAPIAction, actionInput{}},
		{"GET", "/policies/{id}/audit", "Riwayat audit", signedIn, apiRead((*Server).auditOf), nil},
		{"GET", "/notifications", "Kotak masuk notifikasi", signedIn, (*Server).handleAPINotifications, nil},
		{"POST", "/notifications/{nid}/read", "Tandai notifikasi dibaca", signedIn, (*Server).handleAPINotificationRead, nil},
		{"POST", "/preview", "Pratinjau Markdown", drafter, (*Server).handleAPIPreview, previewInput{}},
		{"GET", "/policies/{id}/evaluations", "Laporan evaluasi: IKM per unit dan putaran", signedIn, apiRead((*Server).evaluationAnswer), nil},
		{"POST", "/policies/{id}/evaluations/{round}/skm", "Isi SKM unit untuk satu putaran", officer, apiWriteOn(http.StatusOK, (*Server).policyRound, (*Server).recordSKM), skmInput{}},
		{"POST", "/policies/{id}/evaluations/{round}/kirkpatrick", "Isi survei Kirkpatrick (tingkat 1–4, nilai 1–5) untuk satu putaran", officer, apiWriteOn(http.StatusOK, (*Server).policyRound, (*Server).recordKirkpatrick), kirkpatrickInput{}},
		{"GET", "/policies/{id}/programs", "Program pelatihan kebijakan", signedIn, apiRead((*Server).programList), nil},
		{"GET", "/policies/{id}/programs/{pid}/participants", "Peserta program", signedIn, apiRead((*Server).participantList), nil},
		{"POST", "/policies/{id}/programs/{pid}/participants", "Impor peserta dari CSV (text/csv): semua atau tidak sama sekali", recorders, (*Server).handleAPIParticipantsImport, csvBody{}},
		{"GET", "/ledger", "Buku JP per ASN dan unit per tahun", signedIn, apiRead((*Server).ledgerAnswerOf), nil},
		{"GET", "/unit/webhook", "Webhook unit petugas (URL)", officer, apiRead((*Server).unitWebhook), nil},
		{"POST", "/unit/webhook", "Atur webhook unit; rahasia HMAC baru ditampilkan sekali (url kosong: matikan)", officer, (*Server).handleAPIWebhookSet, webhookInput{}},
		{"GET", "/openapi.json", "Dokumen OpenAPI ini", anyone, (*Server).handleOpenAPI, nil},
	}
	routes = append(routes, peopleAPIRoutes()...)
	routes = append(routes, adminAPIRoutes()...)
	routes = append(routes, programChangeAPI()...)
	routes = append(routes, programSessionAPI()...)
	routes = append(routes, kirkpatrickAPI()...)
	routes = append(routes, moderationAPIRoutes()...)
	routes = append(routes, answersAPIRoutes()...)
	routes = append(routes, enactmentAPIRoutes()...)
	routes = append(routes, parafAPIRoutes()...)
	routes = append(routes, harmonisationAPIRoutes()...)
	routes = append(routes, changesAPIRoutes()...)
	routes = append(routes, legalStepSettingAPIRoutes()...)
	routes = append(routes, operationsAPIRoutes()...)
	routes = append(routes, legalAPIRoutes()...)
	routes = append(routes, jdihAPIRoutes()...)
	routes = append(routes, amendmentAPIRoutes()...)
	routes = append(routes, consolidationAPIRoutes()...)
	routes = append(routes, articleAPIRoutes()...)
	routes = append(routes, rosterAPIRoutes()...)
	routes = append(routes, learningAPIRoutes()...)
	routes = append(routes, planAPIRoutes()...)
	routes = append(routes, siasnAPIRoutes()...)
	routes = append(routes, skmAPIRoutes()...)
	routes = append(routes, followUpAPIRoutes()...)
	routes = append(routes, privacyAPIRoutes()...)
	routes = append(routes, ssoAPIRoutes()...)
	routes = append(routes, secondFactorAPIRoutes()...)
	routes = append(routes, topicAPIRoutes()...)
	return routes
}

// pageRoutes is the page route table: every HTML page and form, the
// sibling of apiRoutes (a function, like it).
func pageRoutes() []pageRoute {
	routes := []pageRoute{
		{"GET", "/", anyone, (*Server).handlePolicyIndex},
		{"GET", "/policies", anyone, (*Server).handlePolicyIndex},
		{"GET", "/login", anyone, (*Server).handleLoginPage},
		{"POST", "/login", anyone, (*Server).handleLogin},
		{"GET", "/policies/{id}", anyone, (*Server).handlePolicyPage}, // signed out: from memory while unchanged (pagecache.go)
		{"GET", "/policies/{id}/comments", anyone, (*Server).handleCommentsPage},
		{"POST", "/policies/{id}/comments", anyone, (*Server).handleCommentCreate},
		{"GET", "/policies/{id}/versions", anyone, (*Server).handleVersions},
		{"GET", "/policies/{id}/diff", anyone, (*Server).handleDiff},
		{"GET", "/policies/{id}/consultation", anyone, (*Server).handleConsultationPage},
		{"GET", "/unsubscribe", anyone, (*Server).handleUnsubscribePage}, // signed token, no sign-in (unsubscribe.go)
		{"POST", "/unsubscribe", anyone, (*Server).handleUnsubscribe},    // also one-click from mail clients: no CSRF token

		{"POST", "/logout", signedIn, (*Server).handleLogout},
		{"GET", "/dashboard", signedIn, (*Server).handleDashboard},
		{"GET", "/notifications", signedIn, (*Server).handleNotifications},
		{"POST", "/notifications/{nid}/read", signedIn, (*Server).handleNotificationRead},
		{"GET", "/notifications/{nid}/open", signedIn, (*Server).handleNotificationOpen},
		{"GET", "/policies/{id}/history", signedIn, (*Server).handleHistory},
		{"POST", "/policies/{id}/actions/{action}", signedIn, (*Server).handleAction},
		{"GET", "/policies/new", drafter, (*Server).handlePolicyNew},
		{"GET", "/policies/import", drafter, (*Server).handleImportNew},
		{"POST", "/policies/import", drafter, (*Server).handleImportNewUpload},
		{"GET", "/policies/{id}/import", drafter, (*Server).handleImportVersion},
		{"POST", "/policies/{id}/import", drafter, (*Server).handleImportVersionUpload},
		{"GET", "/policies/{id}/versions/{n}/docx", anyone, (*Server).handleVersionDocx},
		{"GET", "/policies/{id}/versions/{n}/pdf", anyone, (*Server).handleVersionPDF},            // documents.go
		{"GET", "/policies/{id}/versions/{n}/naskah.docx", anyone, (*Server).handleVersionNaskah}, // documents.go
		{"GET", "/verifikasi", anyone, (*Server).handleVerifyForm},                                // documents.go
		{"GET", "/verifikasi/{hash}", anyone, (*Server).handleVerifyPage},
		{"POST", verifyPDFPath, anyone, (*Server).handleVerifyPDF},
		{"GET", "/policies/{id}/programs/{pid}/participants/{paid}/certificate.pdf", signedIn, (*Server).handleCertificatePDF}, // certificates.go
		{"POST", "/policies", drafter, (*Server).handlePolicyCreate},
		{"GET", "/policies/{id}/edit", drafter, (*Server).handleEdit},
		{"POST", "/policies/{id}/versions", drafter, (*Server).handleVersionCreate},
		{"POST", "/comments/{cid}/status", drafter, (*Server).handleCommentStatus},
		{"GET", "/policies/{id}/suggestions", drafter, (*Server).handleSuggestionsPage},
		{"POST", "/policies/{id}/suggestions/accept", drafter, (*Server).handleSuggestionsAccept},
		{"POST", "/comments/{cid}/suggestion/decline", drafter, (*Server).handleSuggestionDecline},
		{"POST", "/preview", drafter, (*Server).handlePreview},
		{"GET", "/policies/{id}/approval", leader, (*Server).handleApprovalPage},
		{"GET", "/policies/{id}/programs", signedIn, (*Server).handlePrograms},
		{"GET", "/policies/{id}/programs/{pid}", signedIn, (*Server).handleProgram},
		{"POST", "/policies/{id}/programs/{pid}/participants", recorders, (*Server).handleParticipantAdd},
		{"POST", "/policies/{id}/programs/{pid}/participants/import", recorders, (*Server).handleParticipantImport},
		{"GET", "/ledger", signedIn, (*Server).handleLedger},
		{"GET", "/ledger.csv", signedIn, (*Server).handleLedgerCSV},
		{"GET", "/ledger.xlsx", signedIn, (*Server).handleLedgerXLSX},
		{"GET", "/policies/{id}/evaluations", signedIn, (*Server).handleEvaluations},
		{"POST", "/policies/{id}/evaluation-plan", drafter, (*Server).handleEvaluationPlan},
		{"GET", "/settings", signedIn, (*Server).handleSettings},
		{"POST", "/settings", signedIn, (*Server).handleSettingsSave},
		{"POST", "/settings/webhook", officer, (*Server).handleWebhookSave},
		{"POST", "/settings/tokens", signedIn, (*Server).handleTokenCreate},
		{"POST", "/settings/tokens/{tid}/revoke", signedIn, (*Server).handleTokenRevoke},
		{"GET", "/policies/{id}/evaluations.csv", signedIn, (*Server).handleEvaluationsCSV},
		{"GET", "/policies/{id}/evaluations/{round}/skm", officer, (*Server).handleSKMForm},
		{"POST", "/policies/{id}/evaluations/{round}/skm", officer, formSaysOn((*Server).policyRound, skmFromForm, (*Server).recordSKM, skmSaid)},
		{"POST", "/policies/{id}/evaluations/{round}/kirkpatrick", officer, formSaysOn((*Server).policyRound, kirkpatrickFromForm, (*Server).recordKirkpatrick, kirkpatrickSaid)},
	}
	for _, part := range [][]pageRoute{peoplePages(), adminPages(), moderationPages(), answersPages(), enactmentPages(), parafPages(), harmonisationPages(), changesPages(), legalStepSettingPages(), operationsPages(), legalPages(), jdihPages(), amendmentPages(), consolidationPages(), articlePages(), rosterPages(), learningPages(), programChangePages(), programSessionPages(), planPages(), siasnPages(), kirkpatrickPages(), skmPages(), followUpPages(), privacyPages(), ssoPages(), findPages(), feedPages(), secondFactorPages(), followPages(), topicPages()} {
		routes = append(routes, part...)
	}
	return routes
}

// routes registers every route: pages, the API (from apiRoutes), static files.
func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.Use(s.observe) // request ID, request-scoped log, HTTP metrics (metrics.go)
	r.Use(s.realIP, withClientAddr)
	r.Use(s.recoverer)
	r.Use(s.securityHeaders)
	r.Use(middleware.Timeout(30 * time.Second))
	r.Use(s.limitBody)

	r.Get("/healthz", s.serve((*Server).handleHealthz))
	r.Get("/readyz", s.serve((*Server).handleReadyz))
	r.Get("/metrics", s.serve((*Server).handleMetrics)) // Prometheus; loopback/private peers or METRICS_TOKEN (metrics.go)
	static, _ := fs.Sub(staticFS, "static")
	r.Handle("/static/*", http.StripPrefix("/static/", cacheForever(http.FileServerFS(static))))

	r.Group(func(r chi.Router) {
		r.Use(s.authenticate, s.csrfProtect, s.formText)

		for _, rt := range pageRoutes() {
			r.With(s.allow(rt.Roles), s.heavy(rt.Method+" "+rt.Path)).Method(rt.Method, rt.Path, s.serve(rt.Handler))
		}

		r.Route("/api/v1", func(r chi.Router) {
			for _, rt := range apiRoutes() {
				r.With(s.allow(rt.Roles), s.heavy(rt.Method+" "+rt.Path), s.idempotent(rt.Method+" "+rt.Path)).Method(rt.Method, rt.Path, s.serve(rt.Handler))
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
