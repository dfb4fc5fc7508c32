package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// Themes and assignment of a consultation's comments (issue 26): the
// region's drafters tag comments with free themes of the consultation and
// assign a comment, or a whole group, to a colleague with drafter rights,
// who is told in their inbox (and by email, as they chose). Each page form
// calls the function its API twin calls.

// commentWorkAPIRoutes are the API routes of themes and assignment.
func commentWorkAPIRoutes() []apiRoute {
	const k = "/policies/{id}/consultations/{consultation}"
	return []apiRoute{
		{"POST", k + "/themes", "Tambahkan tema pada satu komentar konsultasi", drafter, handleAPIAddTheme, policies.ThemeInput{}},
		{"POST", k + "/themes/remove", "Hapus tema dari satu komentar konsultasi", drafter, handleAPIRemoveTheme, policies.ThemeInput{}},
		{"POST", k + "/assign", "Tugaskan satu komentar atau satu kelompok komentar kepada penyusun wilayah", drafter, handleAPIAssign, policies.AssignInput{}},
		{"POST", k + "/unassign", "Batalkan penugasan satu komentar atau satu kelompok komentar (tidak ada penjawab sampai ditugaskan lagi)", drafter, handleAPIUnassign, policies.UnassignInput{}},
	}
}

// commentWorkPages are the page forms of themes and assignment.
func commentWorkPages() []pageRoute {
	const k = "/policies/{id}/consultations/{consultation}"
	return []pageRoute{
		{"POST", k + "/themes", drafter, (*Server).handleAddTheme},
		{"POST", k + "/themes/remove", drafter, (*Server).handleRemoveTheme},
		{"POST", k + "/assign", drafter, (*Server).handleAssign},
		{"POST", k + "/unassign", drafter, (*Server).handleUnassign},
	}
}

// commentWorkAnswers are the OpenAPI answers of commentWorkAPIRoutes.
func commentWorkAnswers() map[string]apiAnswer {
	const k = "POST /policies/{id}/consultations/{consultation}"
	return map[string]apiAnswer{
		k + "/answers/group": ok(policies.GroupAnswered{}),
		k + "/themes":        ok(policies.ThemeInput{}),
		k + "/themes/remove": ok(policies.ThemeInput{}),
		k + "/assign":        ok(policies.Assigned{}),
		k + "/unassign":      ok(policies.Unassigned{}),
	}
}

// changeTheme checks a theme and adds it to (or removes it from) a comment.
func (s *Server) changeTheme(ctx context.Context, v *viewer, k policies.ConsultationRecord, in policies.ThemeInput, remove bool) (policies.ThemeInput, error) {
	if err := in.Validate(); err != nil {
		return in, err
	}
	if remove {
		return in, s.store.RemoveTheme(ctx, k.ID, v.User.ID, in)
	}
	return in, s.store.AddTheme(ctx, k.ID, v.User.ID, in)
}

var handleAPIAddTheme = apiWriteOn(http.StatusOK, (*Server).drafterConsultation,
	func(s *Server, r *http.Request, at consultationAt, in policies.ThemeInput) (policies.ThemeInput, error) {
		return s.changeTheme(r.Context(), viewerOf(r), at.k, in, false)
	})

var handleAPIRemoveTheme = apiWriteOn(http.StatusOK, (*Server).drafterConsultation,
	func(s *Server, r *http.Request, at consultationAt, in policies.ThemeInput) (policies.ThemeInput, error) {
		return s.changeTheme(r.Context(), viewerOf(r), at.k, in, true)
	})

// assign checks an assignment and assigns the comment, or every comment of
// the group, to the colleague, who is told of those newly theirs.
func (s *Server) assign(ctx context.Context, v *viewer, p policies.PolicySummary, k policies.ConsultationRecord, in policies.AssignInput) (policies.Assigned, error) {
	if err := in.Validate(); err != nil {
		return policies.Assigned{}, err
	}
	ids, err := s.commentsOrGroup(ctx, k, in.CommentID, in.Group)
	if err != nil {
		return policies.Assigned{}, err
	}
	link := consultationPath(p.ID, k.ID) + "/answers?assignee=me"
	return s.store.AssignComments(ctx, k.ID, v.User.ID, ids, in.AssigneeID, func(n int, lang string) policies.Notification {
		return wordedNotice(lang, policies.NoticeCommentAssigned, link, policies.AssignmentMessage(v.User.Name, p.Title, n))
	})
}

var handleAPIAssign = apiWriteOn(http.StatusOK, (*Server).drafterConsultation,
	func(s *Server, r *http.Request, at consultationAt, in policies.AssignInput) (policies.Assigned, error) {
		return s.assign(r.Context(), viewerOf(r), at.p, at.k, in)
	})

// commentsOrGroup is the one comment id, or (group > 0) every comment of
// the consultation's group of that representative, all its pages.
func (s *Server) commentsOrGroup(ctx context.Context, k policies.ConsultationRecord, id, group int64) ([]int64, error) {
	if group <= 0 {
		return []int64{id}, nil
	}
	cs, err := s.store.ConsultationComments(ctx, k.ID, true)
	if err != nil {
		return nil, err
	}
	g := findGroup(s.commentGroups(k.ID, cs), group)
	if g == nil {
		return nil, policies.FieldError("group", "kelompok %d tidak ada di konsultasi ini: komentarnya mungkin berubah", group)
	}
	return g.Members, nil
}

// unassign checks an un-assignment and takes the assignment off the
// comment, or off every comment of the group: nobody answers them until
// someone assigns them again (a re-assignment is an assignment).
func (s *Server) unassign(ctx context.Context, v *viewer, k policies.ConsultationRecord, in policies.UnassignInput) (policies.Unassigned, error) {
	if err := in.Validate(); err != nil {
		return policies.Unassigned{}, err
	}
	ids, err := s.commentsOrGroup(ctx, k, in.CommentID, in.Group)
	if err != nil {
		return policies.Unassigned{}, err
	}
	return s.store.UnassignComments(ctx, k.ID, v.User.ID, ids)
}

var handleAPIUnassign = apiWriteOn(http.StatusOK, (*Server).drafterConsultation,
	func(s *Server, r *http.Request, at consultationAt, in policies.UnassignInput) (policies.Unassigned, error) {
		return s.unassign(r.Context(), viewerOf(r), at.k, in)
	})

// themeForm reads a theme form and changes the theme.
func (s *Server) themeForm(w http.ResponseWriter, r *http.Request, key string, remove bool) error {
	return s.answersAction(w, r, key, func(_ policies.PolicySummary, k policies.ConsultationRecord) (string, error) {
		in := policies.ThemeInput{Theme: r.PostFormValue("theme")}
		var err error
		if in.CommentID, err = formID(r, "comment_id"); err != nil {
			return "", err
		}
		_, err = s.changeTheme(r.Context(), viewerOf(r), k, in, remove)
		return fmt.Sprintf("%s#c-%d", backFilter(r), in.CommentID), err
	})
}

func (s *Server) handleAddTheme(w http.ResponseWriter, r *http.Request) error {
	return s.themeForm(w, r, "camp_done_theme_added", false)
}

func (s *Server) handleRemoveTheme(w http.ResponseWriter, r *http.Request) error {
	return s.themeForm(w, r, "camp_done_theme_removed", true)
}

func (s *Server) handleAssign(w http.ResponseWriter, r *http.Request) error {
	return s.answersAction(w, r, "camp_done_assigned", func(p policies.PolicySummary, k policies.ConsultationRecord) (string, error) {
		var in policies.AssignInput
		var err error
		for _, f := range []struct {
			name string
			dst  *int64
		}{{"comment_id", &in.CommentID}, {"group", &in.Group}, {"assignee_id", &in.AssigneeID}} {
			if *f.dst, err = formID(r, f.name); err != nil {
				return "", err
			}
		}
		_, err = s.assign(r.Context(), viewerOf(r), p, k, in)
		if in.Group > 0 {
			return fmt.Sprintf("?group=%d#g-%d", in.Group, in.Group), err
		}
		return fmt.Sprintf("%s#c-%d", backFilter(r), in.CommentID), err
	})
}

func (s *Server) handleUnassign(w http.ResponseWriter, r *http.Request) error {
	return s.answersAction(w, r, "camp_done_unassigned", func(_ policies.PolicySummary, k policies.ConsultationRecord) (string, error) {
		var in policies.UnassignInput
		var err error
		if in.CommentID, err = formID(r, "comment_id"); err != nil {
			return "", err
		}
		if in.Group, err = formID(r, "group"); err != nil {
			return "", err
		}
		_, err = s.unassign(r.Context(), viewerOf(r), k, in)
		if in.Group > 0 {
			return fmt.Sprintf("?group=%d#g-%d", in.Group, in.Group), err
		}
		return fmt.Sprintf("%s#c-%d", backFilter(r), in.CommentID), err
	})
}

// backFilter is the answers page's filter a form was sent from (its back
// field), as a "?query" of the filter's fields only: "" for none.
func backFilter(r *http.Request) string {
	q, err := url.ParseQuery(strings.TrimPrefix(r.PostFormValue("back"), "?"))
	if err != nil {
		return ""
	}
	keep := url.Values{}
	for _, k := range []string{"status", "section", "group", "theme", "assignee", "page"} {
		if v := q.Get(k); v != "" {
			keep.Set(k, v)
		}
	}
	if len(keep) == 0 {
		return ""
	}
	return "?" + keep.Encode()
}
