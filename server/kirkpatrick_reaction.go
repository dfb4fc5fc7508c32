package server

// The public reaction form (Kirkpatrick level 1): a participant opens the
// link they were given, with no account; the token's signature is checked
// before any lookup, and the stored hash of the whole token is the
// authority. One answer per link: a second is 409.

import (
	"net/http"

	"github.com/policyflow/policyflow/policies"
)

// reactionLink is the URL's link, its signature checked before any lookup.
func (s *Server) reactionLink(r *http.Request) (string, policies.ReactionLink, error) {
	return surveyLink(s, r, "rtoken", policies.PurposeReaction, s.store.ReactionLinkByHash)
}

// handleReactionPage shows the reaction form of a link (no sign-in).
func (s *Server) handleReactionPage(w http.ResponseWriter, r *http.Request) error {
	_, l, err := s.reactionLink(r)
	if err != nil {
		return err
	}
	return s.renderReaction(w, r, http.StatusOK, l, "", false)
}

func (s *Server) renderReaction(w http.ResponseWriter, r *http.Request, status int, l policies.ReactionLink, msg string, done bool) error {
	lang := language(w, r)
	s.render(w, r, lang, status, "reaction", map[string]any{"Title": messages[lang]["kp_reaction_title"], "Link": l,
		"Items": policies.ReactionItems, "Likert": []int{1, 2, 3, 4, 5}, "Error": msg, "Done": done, "Closed": l.AnsweredAt != nil || l.Expired})
	return nil
}

// handleReactionAnswer records the link's one answer: a second is 409.
func (s *Server) handleReactionAnswer(w http.ResponseWriter, r *http.Request) error {
	tok, l, err := s.reactionLink(r)
	if err != nil {
		return err
	}
	a := policies.ReactionAnswer{Scores: likertScores(r, policies.ReactionItems)}
	if err := a.Validate(); err != nil {
		return s.renderReaction(w, r, http.StatusUnprocessableEntity, l, messages[language(w, r)]["kp_reaction_incomplete"], false)
	}
	if err := s.store.AnswerReaction(r.Context(), policies.HashLinkToken(tok), a); err != nil {
		return err
	}
	return s.renderReaction(w, r, http.StatusOK, l, "", true)
}
