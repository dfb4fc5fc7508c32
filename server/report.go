package server

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/policies"
)

// The "what we heard" report (Laporan hasil konsultasi publik) of one
// consultation: per section of the consulted version, what was said (the
// visible comments and the offline input), each published answer, and what
// changed between the consulted version and the version submitted for
// approval; counts by stakeholder group. It is public once answers are
// published; before, the region's drafters see it as a draft preview with
// their draft answers.

// loadReport reads the policy and consultation of the URL for a report
// reader: the region's drafters always (a preview until published), anyone
// once answers are published; else 404, as if absent.
func (s *Server) loadReport(r *http.Request) (policies.PolicySummary, policies.ConsultationRecord, bool, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		return policies.PolicySummary{}, policies.ConsultationRecord{}, false, notFoundPolicy()
	}
	p, err := s.store.PolicyByID(r.Context(), id)
	if err != nil {
		return p, policies.ConsultationRecord{}, false, err
	}
	v := viewerOf(r)
	drafts := v.Staff(p.RegionID) && v.Is(policies.RoleDrafter)
	k, err := s.consultationOf(r, p)
	if err != nil {
		if !v.CanSee(p) {
			err = notFoundPolicy()
		}
		return p, k, false, err
	}
	if !drafts {
		cs, err := s.store.ConsultationComments(r.Context(), k.ID, false)
		if err != nil {
			return p, k, false, err
		}
		if policies.CountAnswers(cs).Published == 0 {
			return p, k, false, policies.Errorf(policies.KindNotFound, "laporan konsultasi belum diterbitkan")
		}
	}
	return p, k, drafts, nil
}

// buildReport assembles the report of a consultation.
func (s *Server) buildReport(ctx context.Context, lang string, p policies.PolicySummary, k policies.ConsultationRecord, drafts bool) (policies.Report, error) {
	rep := policies.Report{PolicyID: p.ID, ConsultationID: k.ID, ConsultedVersion: k.VersionNumber, Draft: drafts,
		Link: consultationPath(p.ID, k.ID) + "/report"}
	cs, err := s.store.ConsultationComments(ctx, k.ID, drafts)
	if err != nil {
		return rep, err
	}
	rep.Counts = policies.CountAnswers(cs)
	if drafts {
		// The preview shows draft answers; the counts are what is published.
		pub, err := s.store.ConsultationComments(ctx, k.ID, false)
		if err != nil {
			return rep, err
		}
		rep.Counts = policies.CountAnswers(cs)
		rep.Counts.Published, rep.Counts.Unanswered = policies.CountAnswers(pub).Published, policies.Unanswered(pub)
	}
	if rep.UnansweredReason, err = s.store.LatestUnansweredReason(ctx, k.ID); err != nil {
		return rep, err
	}
	consulted, err := s.store.VersionByNumber(ctx, p.ID, k.VersionNumber)
	if err != nil {
		return rep, err
	}
	n, err := s.store.SubmittedVersion(ctx, k.ID)
	if err != nil {
		return rep, err
	}
	rep.Submitted = n > 0
	if n == 0 && drafts && p.CurrentVersion > k.VersionNumber {
		n = p.CurrentVersion // the drafter's preview compares with the working text
	}
	var compared *policies.Version
	if n > 0 {
		v, err := s.store.VersionByNumber(ctx, p.ID, n)
		if err != nil {
			return rep, err
		}
		compared, rep.ComparedVersion = &v, n
	}
	rep.Sections = policies.ReportSections(consulted.Markdown, compared, messages[lang]["comments_general"])
	if !drafts {
		// The published report is a public record of what was said, not of
		// who said it: online commenters are "Peserta" with their group,
		// as in its CSV (csvAuthor); offline input names its source.
		for i := range cs {
			cs[i].AuthorName, cs[i].AuthorID = csvAuthor(cs[i], false, lang), nil
		}
	}
	rep.Folded = policies.PlaceComments(rep.Sections, cs, s.commentGroups(k.ID, cs))
	rep.Groups = groupCounts(cs, lang)
	rep.Figures = policies.Figures(cs, rep.Sections, rep.ComparedVersion > 0, rep.Folded)
	for i, g := range rep.Figures.Groups {
		key := "group_kind_" + g.Key
		if g.Key == "offline" {
			key = "fig_offline_group"
		}
		rep.Figures.Groups[i].Label = messages[lang][key]
	}
	return rep, nil
}

// groupCounts counts comments by stakeholder group, offline input by
// channel, each named in the reader's language.
func groupCounts(cs []policies.AnsweredComment, lang string) []policies.GroupCount {
	out := policies.CountGroups(cs)
	for i, g := range out {
		key := "group_kind_" + g.Key
		if ch, ok := strings.CutPrefix(g.Key, "offline_"); ok {
			key = "ans_channel_" + ch
		}
		out[i].Label = messages[lang][key]
	}
	return out
}

// reportOf reads the request's consultation and builds its report for the
// viewer (with the drafts for the region's drafters).
func (s *Server) reportOf(r *http.Request, lang string) (policies.PolicySummary, policies.ConsultationRecord, policies.Report, error) {
	p, k, drafts, err := s.loadReport(r)
	if err != nil {
		return p, k, policies.Report{}, err
	}
	rep, err := s.buildReport(r.Context(), lang, p, k, drafts)
	return p, k, rep, err
}

func (s *Server) handleAPIReport(w http.ResponseWriter, r *http.Request) error {
	_, _, rep, err := s.reportOf(r, language(w, r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *Server) handleReportPage(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	p, k, rep, err := s.reportOf(r, lang)
	if err != nil {
		return err
	}
	titles := map[string]string{}
	for _, sec := range rep.Sections {
		titles[sec.Anchor] = sec.Title
	}
	s.render(w, r, lang, http.StatusOK, "report", map[string]any{"Title": messages[lang]["ans_report_title"] + ": " + p.Title,
		"Policy": p, "Consultation": k, "Report": rep, "SectionTitles": titles, "Base": consultationPath(p.ID, k.ID)})
	return nil
}

func (s *Server) handleReportCSV(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	p, k, rep, err := s.reportOf(r, lang)
	if err != nil {
		return err
	}
	T := messages[lang]
	names := rep.Draft && r.URL.Query().Get("names") == "1" // anonymised unless the region's drafter asks (privacy.go)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="laporan-konsultasi-%d-%d.csv"`, p.ID, k.ID))
	e, err := newCSVExport(w, []string{T["ans_csv_id"], T["ans_csv_section"], T["ans_csv_group"], T["ans_csv_channel"], T["ans_csv_author"],
		T["ans_csv_date"], T["ans_csv_comment"], T["ans_csv_disposition"], T["ans_csv_reason"], T["ans_csv_published"]}, T["ans_csv_id"])
	if err != nil {
		return nil
	}
	for _, sec := range rep.Sections {
		for _, c := range reportRows(sec) {
			group, channel, date := T["group_kind_"+string(c.Group)], "", c.CreatedAt.In(p.RegionZone.Location()).Format("2006-01-02")
			if c.Offline != nil {
				group, channel, date = T["ans_offline"], T["ans_channel_"+string(c.Offline.Channel)], c.Offline.ReceivedOn.Format("2006-01-02")
			}
			disp, reason, published := "", "", T["no"]
			if c.Answer != nil {
				disp, reason = T["ans_disp_"+string(c.Answer.Disposition)], c.Answer.Reason
				if c.Answer.Published() {
					published = T["yes"]
				}
			}
			e.write(strconv.FormatInt(c.ID, 10), sec.Title, group, channel, csvAuthor(c, names, lang), date, c.Body, disp, reason, published)
		}
	}
	if err := e.flush(); err != nil {
		s.log.Error("report csv", "err", err)
	}
	return nil
}

// reportSummary is what the approval page says of the consultation behind
// the version under review: its report, the counts, the recorded reason.
type reportSummary struct {
	Link             string
	Published        bool
	Counts           policies.AnswerCounts
	Groups           []policies.GroupCount
	UnansweredReason *policies.UnansweredReason
}

// approvalReport summarizes the latest consultation's report for the
// approval page; nil for a policy that had none.
func (s *Server) approvalReport(ctx context.Context, lang string, p policies.PolicySummary) (*reportSummary, error) {
	ks, err := s.store.Consultations(ctx, p.ID)
	if err != nil || len(ks) == 0 {
		return nil, err
	}
	k := ks[len(ks)-1]
	cs, err := s.store.ConsultationComments(ctx, k.ID, false)
	if err != nil {
		return nil, err
	}
	sum := &reportSummary{Link: consultationPath(p.ID, k.ID) + "/report", Counts: policies.CountAnswers(cs), Groups: groupCounts(cs, lang)}
	sum.Published = sum.Counts.Published > 0
	if sum.UnansweredReason, err = s.store.LatestUnansweredReason(ctx, k.ID); err != nil {
		return nil, err
	}
	if sum.Counts.Total == 0 && sum.UnansweredReason == nil {
		return nil, nil // a consultation nobody commented on: nothing to report
	}
	return sum, nil
}

// answerLinks are the consultation page's links to a consultation's
// answers (its region's drafters) and report (those drafters, and anyone
// once an answer is published).
type answerLinks struct {
	Answers, Report string
	Counts          policies.AnswerCounts
}

// answerLinksFor says which links the viewer gets for the consultation
// shown (nil: none).
func (s *Server) answerLinksFor(ctx context.Context, v *viewer, p policies.PolicySummary, k *consultationView) *answerLinks {
	if k == nil {
		return nil
	}
	cs, err := s.store.ConsultationComments(ctx, k.ID, false)
	if err != nil {
		s.log.Warn("consultation answers unavailable", "consultation", k.ID, "err", err)
		return nil
	}
	l := &answerLinks{Counts: policies.CountAnswers(cs)}
	base := consultationPath(p.ID, k.ID)
	if v.Staff(p.RegionID) && v.Is(policies.RoleDrafter) {
		l.Answers, l.Report = base+"/answers", base+"/report"
	} else if l.Counts.Published > 0 {
		l.Report = base + "/report"
	}
	if l.Answers == "" && l.Report == "" {
		return nil
	}
	return l
}

// reportRows are a report section's comments with those folded into others,
// each on its own: the CSV lists every comment.
func reportRows(sec policies.ReportSection) []policies.AnsweredComment {
	var out []policies.AnsweredComment
	for _, c := range sec.Comments {
		out = append(out, c.AnsweredComment)
		out = append(out, c.Folded...)
	}
	return out
}
