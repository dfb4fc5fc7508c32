package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/policies"
)

func (s *Server) handleNotifications(w http.ResponseWriter, r *http.Request) {
	lang := language(w, r)
	ns, err := s.store.Notifications(r.Context(), viewerOf(r).User.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.render(w, r, lang, http.StatusOK, "notifications", map[string]any{"Title": messages[lang]["notifications_title"], "Items": ns})
}

func (s *Server) handleAPINotifications(w http.ResponseWriter, r *http.Request) {
	ns, err := s.store.Notifications(r.Context(), viewerOf(r).User.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if ns == nil {
		ns = []policies.Notification{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"notifications": ns})
}

func (s *Server) handleNotificationRead(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "nid"), 10, 64)
	if err != nil {
		s.writeError(w, r, errNotFound)
		return
	}
	if err := s.store.MarkRead(r.Context(), viewerOf(r).User.ID, id); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
}

func (s *Server) handleAPINotificationRead(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "nid"), 10, 64)
	if err != nil {
		s.writeError(w, r, policies.Errorf(policies.KindNotFound, "notifikasi tidak ditemukan"))
		return
	}
	if err := s.store.MarkRead(r.Context(), viewerOf(r).User.ID, id); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"read": id})
}

// handleNotificationOpen marks a notification read and follows its link.
func (s *Server) handleNotificationOpen(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "nid"), 10, 64)
	if err != nil {
		s.writeError(w, r, errNotFound)
		return
	}
	u := viewerOf(r).User
	if err := s.store.MarkRead(r.Context(), u.ID, id); err != nil {
		s.writeError(w, r, err)
		return
	}
	ns, err := s.store.Notifications(r.Context(), u.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	for _, n := range ns {
		if n.ID == id && strings.HasPrefix(n.Link, "/") && !strings.HasPrefix(n.Link, "//") {
			http.Redirect(w, r, n.Link, http.StatusSeeOther)
			return
		}
	}
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
}
