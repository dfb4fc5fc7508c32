package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/policies"
)

func (s *Server) handleNotifications(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	ns, err := s.store.Notifications(r.Context(), viewerOf(r).User.ID)
	if err != nil {
		return err
	}
	s.render(w, r, lang, http.StatusOK, "notifications", map[string]any{"Title": messages[lang]["notifications_title"], "Items": ns})
	return nil
}

func (s *Server) handleAPINotifications(w http.ResponseWriter, r *http.Request) error {
	ns, err := s.store.Notifications(r.Context(), viewerOf(r).User.ID)
	if err != nil {
		return err
	}
	if ns == nil {
		ns = []policies.Notification{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"notifications": ns})
	return nil
}

// markRead marks the viewer's notification {nid} of the URL read; an ID
// that is no number is notFound.
func (s *Server) markRead(r *http.Request, notFound error) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "nid"), 10, 64)
	if err != nil {
		return 0, notFound
	}
	return id, s.store.MarkRead(r.Context(), viewerOf(r).User.ID, id)
}

func (s *Server) handleNotificationRead(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.markRead(r, errNotFound); err != nil {
		return err
	}
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
	return nil
}

func (s *Server) handleAPINotificationRead(w http.ResponseWriter, r *http.Request) error {
	id, err := s.markRead(r, policies.Errorf(policies.KindNotFound, "notifikasi tidak ditemukan"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"read": id})
	return nil
}

// handleNotificationOpen marks a notification read and follows its link.
func (s *Server) handleNotificationOpen(w http.ResponseWriter, r *http.Request) error {
	id, err := s.markRead(r, errNotFound)
	if err != nil {
		return err
	}
	ns, err := s.store.Notifications(r.Context(), viewerOf(r).User.ID)
	if err != nil {
		return err
	}
	for _, n := range ns {
		if n.ID == id && strings.HasPrefix(n.Link, "/") && !strings.HasPrefix(n.Link, "//") {
			http.Redirect(w, r, n.Link, http.StatusSeeOther)
			return nil
		}
	}
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
	return nil
}
