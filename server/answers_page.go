package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// The drafter's answers page: every comment of a consultation with its
// answer form, publishing, offline input and the reason for what is left
// unanswered. Each form calls the function its API twin calls (answers.go).

// answerRow is one comment of the drafters' page with its form and its
// group (nil when it is in none).
type answerRow struct {
	policies.AnsweredComment
	Similar  *policies.CommentGroup
	Themes   []string
	Assignee *policies.Colleague
}

func (s *Server) handleAnswersPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := language(w, r)
	p, k, err := s.loadConsultation(r)
	if err != nil {
		return err
	}
	f, page, err := answersAsked(r.URL.Query())
	if err != nil {
		return err
	}
	cs, err := s.store.ConsultationComments(ctx, k.ID, true)
	if err != nil {
		return err
	}
	reason, err := s.store.LatestUnansweredReason(ctx, k.ID)
	if err != nil {
		return err
	}
	ver, err := s.store.VersionByNumber(ctx, p.ID, k.VersionNumber)
	if err != nil {
		return err
	}
	secs := policies.Sections(ver.Markdown)
	titles := map[string]string{}
	for _, sec := range secs {
		titles[sec.Anchor] = sec.Title
	}
	cw, err := s.store.CommentWork(ctx, k.ID)
	if err != nil {
		return err
	}
	colleagues, err := s.store.ConsultationDrafters(ctx, k.ID)
	if err != nil {
		return err
	}
	me := viewerOf(r).User.ID
	gs := s.commentGroups(k.ID, cs)
	of := policies.GroupOf(gs)
	kept := f.kept(cs, gs, of, cw, me)
	pager := pageOf(consultationPath(p.ID, k.ID)+"/answers", f, page, len(kept))
	var rows []answerRow
	if pager.Total > 0 {
		for _, i := range kept[pager.From-1 : pager.To] {
			c := cs[i]
			row := answerRow{AnsweredComment: c, Themes: cw.Themes[c.ID]}
			if who, ok := cw.Assignees[c.ID]; ok {
				row.Assignee = &who
			}
			if in, ok := of[c.ID]; ok {
				row.Similar = &gs[in]
			}
			rows = append(rows, row)
		}
	}
	g := findGroup(gs, f.Group)
	ga := groupAnswersOf(g, cs)
	links, more := groupAnsweredLinks(consultationPath(p.ID, k.ID)+"/answers", g, ga, rows)
	s.render(w, r, lang, http.StatusOK, "answers", map[string]any{"Title": p.Title, "Policy": p, "Consultation": k,
		"Rows": rows, "Counts": policies.CountAnswers(cs), "Filter": f, "Reason": reason, "SectionTitles": titles,
		"Groups": groupViews(gs, cs), "Group": g, "GroupAnswers": ga, "GroupLinks": links, "GroupMore": more, "General": generalSection,
		"Themes": cw.AllThemes, "Colleagues": colleagues, "Me": me, "Back": f.Query(pager.Page), "Pager": pager,
		"Sections": secs, "Dispositions": policies.Dispositions, "Channels": policies.Channels, "RequestID": randomToken(),
		"Base": consultationPath(p.ID, k.ID), "Done": doneText(r, lang)})
	return nil
}

// backToAnswers redirects to the drafters' page with a notice; at is
// what follows the page's path: "", a "?query", a "#fragment" or both.
func (s *Server) backToAnswers(w http.ResponseWriter, r *http.Request, p policies.PolicySummary, k policies.ConsultationRecord, key, at string) {
	query, frag, _ := strings.Cut(at, "#")
	u := saying(consultationPath(p.ID, k.ID)+"/answers"+query, key)
	if language(w, r) == i18n.EN {
		u += "&lang=en"
	}
	if frag != "" {
		u += "#" + frag
	}
	http.Redirect(w, r, u, http.StatusSeeOther)
}

// answersAction loads the consultation of the URL, runs do and goes back
// to the drafters' page with the notice key, at what do returns (see
// backToAnswers).
func (s *Server) answersAction(w http.ResponseWriter, r *http.Request, key string,
	do func(p policies.PolicySummary, k policies.ConsultationRecord) (anchor string, err error)) error {
	p, k, err := s.loadConsultation(r)
	if err != nil {
		return err
	}
	anchor, err := do(p, k)
	if err != nil {
		return err
	}
	s.backToAnswers(w, r, p, k, key, anchor)
	return nil
}

func (s *Server) handleAnswerDraft(w http.ResponseWriter, r *http.Request) error {
	return s.answersAction(w, r, "ans_done_drafted", func(_ policies.PolicySummary, k policies.ConsultationRecord) (string, error) {
		in := policies.AnswerInput{Disposition: policies.Disposition(r.PostFormValue("disposition")), Reason: r.PostFormValue("reason")}
		var err error
		if in.CommentID, err = strconv.ParseInt(r.PostFormValue("comment_id"), 10, 64); err != nil {
			return "", policies.FieldError("comment_id", "komentar yang dijawab wajib dipilih")
		}
		_, err = s.draftAnswer(r.Context(), viewerOf(r), k, in)
		return fmt.Sprintf("%s#c-%d", backFilter(r), in.CommentID), err
	})
}

func (s *Server) handleAnswersPublish(w http.ResponseWriter, r *http.Request) error {
	return s.answersAction(w, r, "ans_done_published", func(p policies.PolicySummary, k policies.ConsultationRecord) (string, error) {
		_, err := s.publishAnswers(r.Context(), viewerOf(r), p, k)
		return "", err
	})
}

func (s *Server) handleOfflineInput(w http.ResponseWriter, r *http.Request) error {
	return s.answersAction(w, r, "ans_done_offline", func(p policies.PolicySummary, k policies.ConsultationRecord) (string, error) {
		in := policies.OfflineInput{Channel: policies.Channel(r.PostFormValue("channel")), SourceName: r.PostFormValue("source_name"),
			ReceivedOn: r.PostFormValue("received_on"), Section: r.PostFormValue("section"), Body: r.PostFormValue("body")}
		c, err := s.offlineInput(r.Context(), viewerOf(r), p, k, in, r.PostFormValue("request_id"))
		return fmt.Sprintf("#c-%d", c.ID), err
	})
}

func (s *Server) handleUnansweredReason(w http.ResponseWriter, r *http.Request) error {
	return s.answersAction(w, r, "ans_done_reason", func(_ policies.PolicySummary, k policies.ConsultationRecord) (string, error) {
		return "", s.recordUnansweredReason(r.Context(), viewerOf(r), k, r.PostFormValue("reason"))
	})
}

func (s *Server) handleGroupAnswer(w http.ResponseWriter, r *http.Request) error {
	return s.answersAction(w, r, "camp_done_group", func(_ policies.PolicySummary, k policies.ConsultationRecord) (string, error) {
		in := policies.GroupAnswerInput{Disposition: policies.Disposition(r.PostFormValue("disposition")), Reason: r.PostFormValue("reason")}
		var err error
		if in.Group, err = strconv.ParseInt(r.PostFormValue("group"), 10, 64); err != nil {
			return "", policies.FieldError("group", "kelompok yang dijawab wajib dipilih")
		}
		_, err = s.answerGroup(r.Context(), viewerOf(r), k, in)
		return fmt.Sprintf("?group=%d#group-answer", in.Group), err
	})
}
