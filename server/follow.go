package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// Following a policy, a city or a topic of a city (issue 26;
// policies/follow.go, topics.go). A person
// signed in follows with a button; anyone else by email, confirmed by a
// signed link (double opt-in) whose page asks before it writes. Every
// notice to a follower carries its follow's one-click unsubscribe link
// (RFC 8058; exempt from the CSRF check like /unsubscribe: its signed token
// is the authority and ends one follow); the page that link opens leads to
// a signed page listing the address's follows.

func init() { pageNames = append(pageNames, "follow") }

func followPages() []pageRoute {
	return []pageRoute{
		{"GET", "/follow", anyone, (*Server).handleFollowPage},
		{"POST", "/follow", anyone, (*Server).handleFollow},
		{"GET", "/follow/confirm", anyone, askFollow(policies.PurposeFollowConfirm, "follow_confirm_title", "confirm")}, // signed token; a GET writes nothing
		{"POST", "/follow/confirm", anyone, (*Server).handleFollowConfirm},
		{"GET", "/follow/unsubscribe", anyone, askFollow(policies.PurposeFollowUnsubscribe, "follow_unsub_title", "unsubscribe")},
		{"POST", "/follow/unsubscribe", anyone, (*Server).handleFollowUnsubscribe}, // also one-click from mail clients: no CSRF token
		{"GET", "/follow/manage", anyone, (*Server).handleFollowManage},
		{"POST", "/follow/erase", anyone, (*Server).handleFollowErase}, // the signed list's address: every follow and its notices
		{"POST", "/follow/language", anyone, (*Server).handleFollowLanguage},
	}
}

// followTarget is what a request asks to follow: "policy" (its number, a
// policy the viewer may see), "region" (a city's slug) or "region" with
// "topic" (a topic of the city's list, by its slug), from the query or
// the form.
func (s *Server) followTarget(r *http.Request) (in policies.NewFollow, name string, err error) {
	get := func(k string) string {
		if r.Method == http.MethodPost {
			return strings.TrimSpace(r.PostFormValue(k))
		}
		return strings.TrimSpace(r.URL.Query().Get(k))
	}
	switch pol, reg, top := get("policy"), get("region"), get("topic"); {
	case pol != "" && reg == "" && top == "":
		id, err := strconv.ParseInt(pol, 10, 64)
		if err != nil || id <= 0 {
			return in, "", policies.FieldError("policy", "nomor kebijakan tidak sah")
		}
		p, err := s.store.PolicyByID(r.Context(), id)
		if policies.KindOf(err) == policies.KindNotFound || (err == nil && !viewerOf(r).CanSee(p)) {
			return in, "", notFoundPolicy()
		}
		if err != nil {
			return in, "", err
		}
		in.PolicyID, name = p.ID, p.Title
	case reg != "" && pol == "":
		rg, err := s.store.RegionBySlug(r.Context(), reg)
		if err != nil {
			return in, "", policies.FieldError("region", "wilayah %q tidak dikenal", reg)
		}
		if top == "" {
			in.RegionID, name = rg.ID, rg.Name
			break
		}
		t, err := s.store.TopicBySlug(r.Context(), rg.ID, top)
		if policies.KindOf(err) == policies.KindNotFound {
			return in, "", policies.FieldError("topic", "topik %q tidak dikenal di %s", top, rg.Name)
		}
		if err != nil {
			return in, "", err
		}
		in.TopicID, name = t.ID, t.Name+" · "+rg.Name
	default:
		return in, "", policies.FieldError("policy", "pilih satu kebijakan atau satu kota untuk diikuti")
	}
	return in, name, nil
}

// followHow says how to follow, see one's follows and stop: a link of the
// follow pages opened without its target or token.
func (s *Server) followHow(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	s.render(w, r, lang, http.StatusOK, "follow", map[string]any{"Title": messages[lang]["follow_title"], "Mode": "how"})
	return nil
}

// handleFollowPage asks how to follow: a button for a person signed in, an
// address for anyone else.
func (s *Server) handleFollowPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if !q.Has("policy") && !q.Has("region") {
		return s.followHow(w, r)
	}
	in, name, err := s.followTarget(r)
	if err != nil {
		return err
	}
	lang := language(w, r)
	s.render(w, r, lang, http.StatusOK, "follow", map[string]any{"Title": messages[lang]["follow_title"], "Mode": "ask",
		"Target": name, "PolicyID": in.PolicyID, "Region": r.URL.Query().Get("region"), "Topic": r.URL.Query().Get("topic")})
	return nil
}

// handleFollow follows: a person signed in at once (then their list), an
// address once confirmed. The answer to an address is the same whether it
// was sent a confirmation or follows already: nobody learns who follows what.
func (s *Server) handleFollow(w http.ResponseWriter, r *http.Request) error {
	in, name, err := s.followTarget(r)
	if err != nil {
		return err
	}
	lang := language(w, r)
	v := viewerOf(r)
	in.Lang = lang
	if v.User != nil {
		in.UserID = v.User.ID
	} else {
		in.Email = r.PostFormValue("email")
	}
	if err := in.Validate(); err != nil {
		if pe, ok := err.(*policies.Error); ok && pe.Field == "email" {
			pe.Message = messages[lang]["follow_bad_email"]
		}
		return err
	}
	t := messages[lang]
	_, _, err = s.store.CreateFollow(r.Context(), in, func(f policies.Follow) policies.Notification {
		return policies.Notification{Email: f.Email, PolicyID: f.PolicyID, Kind: policies.NoticeFollowConfirm,
			Subject: t["follow_confirm_subject"] + " " + f.Target, Body: t["follow_confirm_body"] + " " + f.Target + ".\n\n" + t["follow_confirm_ignore"],
			Link: "/follow/confirm?t=" + policies.FollowToken(s.unsubscribeKey, policies.PurposeFollowConfirm, f.ID)}
	})
	if le := (*policies.LimitError)(nil); errors.As(err, &le) {
		le.Message = t["follow_too_soon"]
	}
	if err != nil {
		return limited(err)
	}
	if v.User != nil {
		http.Redirect(w, r, "/follow/manage?done=follow", http.StatusSeeOther)
		return nil
	}
	s.render(w, r, lang, http.StatusOK, "follow", map[string]any{"Title": t["follow_title"], "Mode": "sent", "Target": name})
	return nil
}

// followOfToken reads the signed token of a follow link for purpose: from
// the query (the link, a mail client's one-click POST) or the form.
func (s *Server) followOfToken(w http.ResponseWriter, r *http.Request, purpose policies.SurveyPurpose) (string, policies.Follow, error) {
	tok := r.URL.Query().Get("t")
	if tok == "" && r.Method == http.MethodPost {
		tok = r.PostFormValue("t")
	}
	id, err := policies.ParseFollowToken(s.unsubscribeKey, purpose, tok)
	if err != nil {
		return "", policies.Follow{}, &policies.Error{Kind: policies.KindBadRequest, Field: "t", Message: messages[language(w, r)]["follow_bad_token"]}
	}
	f, err := s.store.FollowByID(r.Context(), id)
	if policies.KindOf(err) == policies.KindNotFound {
		err = &policies.Error{Kind: policies.KindNotFound, Field: "t", Message: messages[language(w, r)]["follow_gone"]}
	}
	return tok, f, err
}

// askFollow is the page a follow link opens (GET /follow/confirm?t=… and
// /follow/unsubscribe?t=…): it asks, with a button that posts the token;
// a link opened, or fetched by a mail scanner, changes nothing.
func askFollow(purpose policies.SurveyPurpose, title, mode string) handler {
	return func(s *Server, w http.ResponseWriter, r *http.Request) error {
		if !r.URL.Query().Has("t") {
			return s.followHow(w, r)
		}
		tok, f, err := s.followOfToken(w, r, purpose)
		if err != nil {
			return err
		}
		lang := language(w, r)
		s.render(w, r, lang, http.StatusOK, "follow", map[string]any{"Title": messages[lang][title], "Mode": mode,
			"Token": tok, "Follow": f, "Target": f.Target, "Manage": s.manageLink(f)})
		return nil
	}
}

// handleFollowConfirm confirms an address's follow; from then on it is told.
func (s *Server) handleFollowConfirm(w http.ResponseWriter, r *http.Request) error {
	_, f, err := s.followOfToken(w, r, policies.PurposeFollowConfirm)
	if err != nil {
		return err
	}
	if f, err = s.store.ConfirmFollow(r.Context(), f.ID); err != nil {
		return err
	}
	lang := language(w, r)
	s.render(w, r, lang, http.StatusOK, "follow", map[string]any{"Title": messages[lang]["follow_confirm_title"], "Mode": "confirmed",
		"Follow": f, "Target": f.Target, "Manage": s.manageLink(f)})
	return nil
}

// handleFollowUnsubscribe ends the token's follow (POST
// /follow/unsubscribe): from its page, the list of follows, or in one
// click from a mail client (body List-Unsubscribe=One-Click).
func (s *Server) handleFollowUnsubscribe(w http.ResponseWriter, r *http.Request) error {
	_, f, err := s.followOfToken(w, r, policies.PurposeFollowUnsubscribe)
	if err != nil {
		return err
	}
	if _, err := s.store.Unfollow(r.Context(), f.ID); err != nil {
		return err
	}
	lang := language(w, r)
	s.render(w, r, lang, http.StatusOK, "follow", map[string]any{"Title": messages[lang]["follow_unsub_title"], "Mode": "unsubscribed",
		"Target": f.Target, "Manage": s.manageLink(f)})
	return nil
}

// manageLink is the page listing the follows of f's owner: signed for an
// address, the person's own list for a person.
func (s *Server) manageLink(f policies.Follow) string {
	if f.UserID != nil {
		return "/follow/manage"
	}
	return "/follow/manage?" + url.Values{"t": {policies.ManageToken(s.unsubscribeKey, f.Email)}}.Encode()
}

// followRow is a follow as its list shows it, with its unsubscribe token.
type followRow struct {
	policies.Follow
	Token string
}

// handleFollowManage lists the follows of the signed link's address, or
// of the person signed in; each with a button that ends it.
func (s *Server) handleFollowManage(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	v := viewerOf(r)
	var userID int64
	var email string
	switch {
	case r.URL.Query().Has("t"):
		addr, err := s.manageAddress(w, r)
		if err != nil {
			return err
		}
		email = addr
	case v.User != nil:
		userID = v.User.ID
	default:
		return s.followHow(w, r)
	}
	fs, err := s.store.FollowsOf(r.Context(), userID, email)
	if err != nil {
		return err
	}
	rows := make([]followRow, len(fs))
	for i, f := range fs {
		rows[i] = followRow{f, policies.FollowToken(s.unsubscribeKey, policies.PurposeFollowUnsubscribe, f.ID)}
	}
	s.render(w, r, lang, http.StatusOK, "follow", map[string]any{"Title": messages[lang]["follow_manage_title"], "Mode": "manage",
		"Rows": rows, "Email": email, "Token": r.URL.Query().Get("t"), "Done": r.URL.Query().Get("done") == "follow",
		"LanguageDone": r.URL.Query().Get("done") == "language", "NoticeLang": noticeLanguage(fs, lang)})
	return nil
}

// noticeLanguage is the language the list's notices are worded in: its
// newest follow's, or the page's with none.
func noticeLanguage(fs []policies.Follow, page string) string {
	if len(fs) > 0 {
		return fs[0].Lang
	}
	return page
}

// manageAddress reads the address of the signed list's token (the query,
// or the erase form's).
func (s *Server) manageAddress(w http.ResponseWriter, r *http.Request) (string, error) {
	tok := r.URL.Query().Get("t")
	if tok == "" && r.Method == http.MethodPost {
		tok = r.PostFormValue("t")
	}
	addr, err := policies.ParseManageToken(s.unsubscribeKey, tok)
	if err != nil {
		return "", &policies.Error{Kind: policies.KindBadRequest, Field: "t", Message: messages[language(w, r)]["follow_bad_token"]}
	}
	return addr, nil
}

// handleFollowLanguage sets the language of the notices of the signed
// list's address, or of the person signed in, then shows the list again.
func (s *Server) handleFollowLanguage(w http.ResponseWriter, r *http.Request) error {
	var addr string
	v := viewerOf(r)
	if v.User == nil || r.PostFormValue("t") != "" {
		var err error
		if addr, err = s.manageAddress(w, r); err != nil {
			return err
		}
	}
	var userID int64
	next := "/follow/manage?" + url.Values{"t": {r.PostFormValue("t")}, "done": {"language"}}.Encode()
	if addr == "" {
		userID, next = v.User.ID, "/follow/manage?done=language"
	}
	lang := r.PostFormValue("lang")
	if lang != "id" && lang != "en" {
		return &policies.Error{Kind: policies.KindInvalid, Field: "lang", Message: messages[language(w, r)]["follow_bad_language"]}
	}
	if err := s.store.SetFollowLanguage(r.Context(), userID, addr, lang); err != nil {
		return err
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// handleFollowErase removes every follow of the signed list's address and
// the follow notices written to it: its owner's erasure (UU 27/2022).
func (s *Server) handleFollowErase(w http.ResponseWriter, r *http.Request) error {
	addr, err := s.manageAddress(w, r)
	if err != nil {
		return err
	}
	if _, err := s.store.EraseFollower(r.Context(), addr); err != nil {
		return err
	}
	lang := language(w, r)
	s.render(w, r, lang, http.StatusOK, "follow", map[string]any{"Title": messages[lang]["follow_manage_title"], "Mode": "erased"})
	return nil
}

// tellFollowers tells the policy's followers of what a person's request
// made (answers published, a legal record): the request's write stands,
// so a failure is logged and the next telling catches up (FollowNotices
// tells each event once, whenever).
func (s *Server) tellFollowers(ctx context.Context, policyID int64) {
	if _, err := s.follows.Tell(context0(ctx), policyID); err != nil {
		s.log.Warn("followers not told", "policy", policyID, "err", err)
	}
}
