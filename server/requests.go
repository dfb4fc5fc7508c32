package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/metrics"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/requestid"
)

// handleMetrics is the server's GET /metrics.
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) error {
	m := s.metrics.OrShared()
	if code := metrics.Allowed(r, m.Token(), false); code != 0 {
		kind := policies.KindForbidden
		if code == http.StatusUnauthorized {
			kind = kindUnauthorized
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
		}
		return &refusal{err: policies.Errorf(kind, "%s", metrics.Refusal(code)), json: true}
	}
	m.Serve(w, r)
	return nil
}

// ---- Request IDs, request-scoped logs, HTTP metrics ----

// logger is s.log with the request's ID: every line logged for a request
// carries request_id.
func (s *Server) logger(r *http.Request) *slog.Logger {
	return s.loggerCtx(r.Context())
}

func (s *Server) loggerCtx(ctx context.Context) *slog.Logger {
	log := s.log
	if log == nil { // a Server made without NewServer, as some tests do
		log = slog.Default()
	}
	if id := requestid.Of(ctx); id != "" {
		return log.With("request_id", id)
	}
	return log
}

// observe gives every request an ID (a trusted proxy's X-Request-ID, else
// a new one), answered in X-Request-ID and carried by its log lines; counts
// the request by route pattern (never the raw path: the series stay few),
// method and status, and times it. At LOG_LEVEL=debug it logs one line per
// request.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-ID")
		if !requestid.Valid(id) || len(s.proxies) == 0 || !s.proxies.Trusts(clientIP(r)) {
			id = requestid.New()
		}
		w.Header().Set("X-Request-ID", id)
		r = r.WithContext(requestid.With(r.Context(), id))
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		took := time.Since(start)
		route := "unmatched"
		if rc := chi.RouteContext(r.Context()); rc != nil {
			if p := rc.RoutePattern(); p != "" {
				route = p
			}
		}
		code := sw.code
		if code == 0 {
			code = http.StatusOK
		}
		s.metrics.OrShared().Observe(route, r.Method, code, took)
		if s.log != nil && s.log.Enabled(r.Context(), slog.LevelDebug) {
			s.log.LogAttrs(r.Context(), slog.LevelDebug, "request", slog.String("request_id", id),
				slog.String("method", r.Method), slog.String("path", logPath(r)), slog.String("route", route),
				slog.Int("status", code), slog.Int64("bytes", sw.bytes), slog.Duration("took", took))
		}
	})
}

// statusWriter remembers the status and size of an answer.
type statusWriter struct {
	http.ResponseWriter
	code  int
	bytes int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Flush keeps streaming answers streaming.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
