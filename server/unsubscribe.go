package server

import (
	"net/http"

	"github.com/policyflow/policyflow/policies"
)

// One-click unsubscribe (RFC 8058). Every email Policyflow sends that is
// not transactional (account invitations and password links are: they
// carry none) links to /unsubscribe?t=… and names the same URL in
// List-Unsubscribe, with List-Unsubscribe-Post. The token is signed with
// the unsubscribe key (Deps.UnsubscribeKey, HMAC-SHA256): it names one
// address and one category and is the whole authority, so no sign-in is
// asked and the POST is exempt from the CSRF check (csrfProtect) — a forged
// POST could at most unsubscribe the address the token's holder was sent.

func init() { pageNames = append(pageNames, "unsubscribe") }

// unsubscribeToken reads and checks the token of a request: from the query
// (the link, and the one-click POST of mail clients) or the confirm form.
func (s *Server) unsubscribeToken(w http.ResponseWriter, r *http.Request) (tok, email string, c policies.UnsubscribeCategory, err error) {
	tok = r.URL.Query().Get("t")
	if tok == "" && r.Method == http.MethodPost {
		tok = r.PostFormValue("t")
	}
	email, c, err = policies.ParseUnsubscribeToken(s.unsubscribeKey, tok)
	if err != nil {
		lang := language(w, r)
		return "", "", "", &policies.Error{Kind: policies.KindBadRequest, Field: "t", Message: messages[lang]["notice_unsub_bad_token"]}
	}
	return tok, email, c, nil
}

// handleUnsubscribePage asks to confirm (GET /unsubscribe?t=…): a link
// opened, or fetched by a mail scanner, changes nothing.
// Without a token it says where to find the link.
func (s *Server) handleUnsubscribePage(w http.ResponseWriter, r *http.Request) error {
	if !r.URL.Query().Has("t") {
		lang := language(w, r)
		s.render(w, r, lang, http.StatusOK, "unsubscribe", map[string]any{"Title": messages[lang]["notice_unsub_title"], "NoToken": true})
		return nil
	}
	tok, email, c, err := s.unsubscribeToken(w, r)
	if err != nil {
		return err
	}
	lang := language(w, r)
	s.render(w, r, lang, http.StatusOK, "unsubscribe", map[string]any{"Title": messages[lang]["notice_unsub_title"],
		"Token": tok, "Email": email, "Category": messages[lang]["notice_unsub_"+string(c)]})
	return nil
}

// handleUnsubscribe unsubscribes the token's address from its category
// (POST /unsubscribe): from the confirm page, or in one click from a mail
// client (body List-Unsubscribe=One-Click). For everything, a person with
// an account there gets notify mode none; their inbox stays, and the
// settings page turns email on again.
func (s *Server) handleUnsubscribe(w http.ResponseWriter, r *http.Request) error {
	_, email, c, err := s.unsubscribeToken(w, r)
	if err != nil {
		return err
	}
	if err := s.store.Unsubscribe(r.Context(), email, c); err != nil {
		return err
	}
	lang := language(w, r)
	s.render(w, r, lang, http.StatusOK, "unsubscribe", map[string]any{"Title": messages[lang]["notice_unsub_title"],
		"Done": true, "Category": messages[lang]["notice_unsub_"+string(c)]})
	return nil
}
