package server

// The public behaviour survey (Kirkpatrick level 3): months after a
// program, its workflow issues a link per completed participant for their
// supervisor (the head of the participant's unit, to whom the unit's
// officers hand it, or who gets it in their inbox); the supervisor answers
// once, with no account. The token's signature is checked before any
// lookup and the stored hash of the whole token is the authority.

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/policies"
)

func init() { pageNames = append(pageNames, "behaviour") }

// surveyToken is the URL's link token (URL parameter param) when it is
// signed for purpose.
func (s *Server) surveyToken(r *http.Request, param string, purpose policies.SurveyPurpose) (string, error) {
	tok := chi.URLParam(r, param)
	if !policies.CheckLinkToken(s.unsubscribeKey, purpose, tok) {
		return "", policies.Errorf(policies.KindNotFound, "tautan tidak dikenal")
	}
	return tok, nil
}

// surveyLink is the URL's survey link: its token (surveyToken) and what
// byHash finds by the token's hash.
func surveyLink[L any](s *Server, r *http.Request, param string, purpose policies.SurveyPurpose,
	byHash func(ctx context.Context, tokenHash string) (L, error)) (string, L, error) {
	var l L
	tok, err := s.surveyToken(r, param, purpose)
	if err != nil {
		return "", l, err
	}
	l, err = byHash(r.Context(), policies.HashLinkToken(tok))
	return tok, l, err
}

// likertScores are a survey form's answers to items, 1 to 5 each (0 when
// not given or not a number: Validate refuses it).
func likertScores(r *http.Request, items []string) []int {
	var scores []int
	for _, item := range items {
		n, err := strconv.Atoi(r.PostFormValue(item))
		if err != nil {
			n = 0
		}
		scores = append(scores, n)
	}
	return scores
}

// behaviourLink is the URL's behaviour link.
func (s *Server) behaviourLink(r *http.Request) (string, policies.BehaviourLink, error) {
	return surveyLink(s, r, "btoken", policies.PurposeBehaviour, s.store.BehaviourLinkByHash)
}

// handleBehaviourPage shows the behaviour survey of a link (no sign-in).
func (s *Server) handleBehaviourPage(w http.ResponseWriter, r *http.Request) error {
	_, l, err := s.behaviourLink(r)
	if err != nil {
		return err
	}
	return s.renderBehaviour(w, r, http.StatusOK, l, policies.BehaviourAnswer{}, "", false)
}

func (s *Server) renderBehaviour(w http.ResponseWriter, r *http.Request, status int, l policies.BehaviourLink, typed policies.BehaviourAnswer, msg string, done bool) error {
	lang := language(w, r)
	s.render(w, r, lang, status, "behaviour", map[string]any{"Title": messages[lang]["kp_behaviour_title"], "Link": l,
		"Items": policies.BehaviourItems, "Likert": []int{1, 2, 3, 4, 5}, "Typed": typed, "Error": msg, "Done": done,
		"Max": policies.MaxBehaviourExample})
	return nil
}

// handleBehaviourAnswer records the link's one answer: a second is 409; an
// incomplete one is shown again with what was typed.
func (s *Server) handleBehaviourAnswer(w http.ResponseWriter, r *http.Request) error {
	tok, l, err := s.behaviourLink(r)
	if err != nil {
		return err
	}
	a := policies.BehaviourAnswer{Example: strings.TrimSpace(r.PostFormValue("example")), Scores: likertScores(r, policies.BehaviourItems)}
	if err := a.Validate(); err != nil {
		key := "kp_behaviour_incomplete"
		if e, ok := err.(*policies.Error); ok && e.Field == "example" {
			key = "kp_behaviour_example_long"
		}
		return s.renderBehaviour(w, r, http.StatusUnprocessableEntity, l, a, messages[language(w, r)][key], false)
	}
	if err := s.store.AnswerBehaviour(r.Context(), policies.HashLinkToken(tok), a); err != nil {
		return err
	}
	return s.renderBehaviour(w, r, http.StatusOK, l, policies.BehaviourAnswer{}, "", true)
}

// linkRow is a participant's survey link on the Kirkpatrick page of those
// who run the program, with the link itself when the workflow issued it
// (its token derived from the key), for the unit's officers to hand out.
type linkRow struct {
	policies.ReactionStatus
	URL string
}

// linkRows are the rows of the participants the viewer may see.
func (s *Server) linkRows(r *http.Request, ref programRef, rs []policies.ReactionStatus, purpose policies.SurveyPurpose, path string) []linkRow {
	v := viewerOf(r)
	var out []linkRow
	for _, x := range rs {
		if !v.SeesPersonalData(ref.Policy.RegionID, x.UnitID) {
			continue
		}
		row := linkRow{ReactionStatus: x}
		if tok := policies.DerivedLinkToken(s.unsubscribeKey, purpose, x.ParticipantID); x.TokenHash == policies.HashLinkToken(tok) {
			row.URL = s.publicURL + path + tok
		}
		out = append(out, row)
	}
	return out
}
