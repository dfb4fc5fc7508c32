package server

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// handleHealthz says the process is alive; it checks nothing else.
func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
	return nil
}

// handleReadyz answers 200 only when every dependency (PostgreSQL, Temporal)
// answers, else 503 naming those that do not.
func (s *Server) handleReadyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	status := map[string]string{}
	ready := true
	for _, c := range s.checks {
		if err := c.Ping(ctx); err != nil {
			status[c.Name] = "unavailable: " + err.Error()
			ready = false
			continue
		}
		status[c.Name] = "ok"
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if !ready {
		w.Header().Set("Retry-After", "5")
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	json.NewEncoder(w).Encode(map[string]any{"ready": ready, "checks": status})
	return nil
}
