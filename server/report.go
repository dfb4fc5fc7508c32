package server

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/textdiff"
)

// The "what we heard" report (Laporan hasil konsultasi publik) of one
// consultation: per section of the consulted version, what was said (the
// visible comments and the offline input), each published answer, and what
// changed between the consulted version and the version submitted for
// approval; counts by stakeholder group. It is public once answers are
// published; before, the region's drafters see it as a draft preview with
// their draft answers.

// reportSection is one section of the report.
type reportSection struct {
	Anchor   string                     `json:"anchor"`
	Title    string                     `json:"title"`
	Comments []policies.AnsweredComment `json:"comments"`
	Diff     template.HTML              `json:"-"`
	Inserted int                        `json:"words_inserted"`
	Deleted  int                        `json:"words_deleted"`
	Removed  bool                       `json:"removed,omitempty"` // not in the submitted version
	Added    bool                       `json:"added,omitempty"`   // new in the submitted version
}

// groupCount is how many comments came from one stakeholder group, or
// offline through one channel.
type groupCount struct {
	Key   string `json:"group"` // a group kind, or "offline_" + a channel
	Label string `json:"label"`
	Count int    `json:"count"`
}

// report is the whole report.
type report struct {
	PolicyID         int64                      `json:"policy_id"`
	ConsultationID   int64                      `json:"consultation_id"`
	ConsultedVersion int                        `json:"consulted_version"`
	ComparedVersion  int                        `json:"compared_version,omitempty"` // submitted for approval (or, in a preview, the current one)
	Submitted        bool                       `json:"submitted"`
	Draft            bool                       `json:"draft"` // a drafter's preview, with draft answers
	Counts           answerCounts               `json:"counts"`
	Groups           []groupCount               `json:"groups"`
	Sections         []reportSection            `json:"sections"`
	UnansweredReason *policies.UnansweredReason `json:"unanswered_reason,omitempty"`
	Link             string                     `json:"link"`
}

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
	drafts := v.inRegion(p.RegionID) && v.is(policies.RoleDrafter)
	k, err := s.consultationOf(r, p)
	if err != nil {
		if !v.canSee(p) {
			err = notFoundPolicy()
		}
		return p, k, false, err
	}
	if !drafts {
		cs, err := s.store.ConsultationComments(r.Context(), k.ID, false)
		if err != nil {
			return p, k, false, err
		}
		if countAnswers(cs).Published == 0 {
			return p, k, false, policies.Errorf(policies.KindNotFound, "laporan konsultasi belum diterbitkan")
		}
	}
	return p, k, drafts, nil
}

// buildReport assembles the report of a consultation.
func (s *Server) buildReport(ctx context.Context, lang string, p policies.PolicySummary, k policies.ConsultationRecord, drafts bool) (report, error) {
	rep := report{PolicyID: p.ID, ConsultationID: k.ID, ConsultedVersion: k.VersionNumber, Draft: drafts,
		Link: consultationPath(p.ID, k.ID) + "/report"}
	cs, err := s.store.ConsultationComments(ctx, k.ID, drafts)
	if err != nil {
		return rep, err
	}
	rep.Counts = countAnswers(cs)
	if drafts {
		// The preview shows draft answers; the counts are what is published.
		pub, err := s.store.ConsultationComments(ctx, k.ID, false)
		if err != nil {
			return rep, err
		}
		rep.Counts = countAnswers(cs)
		rep.Counts.Published, rep.Counts.Unanswered = countAnswers(pub).Published, policies.Unanswered(pub)
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
	rep.Sections = reportSections(consulted.Markdown, compared, messages[lang]["comments_general"])
	idx := map[string]int{}
	for i, sec := range rep.Sections {
		idx[sec.Anchor] = i
	}
	for _, c := range cs {
		i, ok := idx[c.SectionID]
		if !ok {
			i = idx[""]
		}
		rep.Sections[i].Comments = append(rep.Sections[i].Comments, c)
	}
	rep.Groups = groupCounts(cs, lang)
	return rep, nil
}

// groupCounts counts comments by stakeholder group, offline input by channel.
func groupCounts(cs []policies.AnsweredComment, lang string) []groupCount {
	counts := map[string]int{}
	for _, c := range cs {
		if c.Offline != nil {
			counts["offline_"+string(c.Offline.Channel)]++
		} else {
			counts[string(c.Group)]++
		}
	}
	var out []groupCount
	for _, g := range policies.GroupKinds {
		out = append(out, groupCount{Key: string(g), Label: messages[lang]["group_kind_"+string(g)], Count: counts[string(g)]})
	}
	for _, ch := range policies.Channels {
		key := "offline_" + string(ch)
		out = append(out, groupCount{Key: key, Label: messages[lang]["ans_channel_"+string(ch)], Count: counts[key]})
	}
	return out
}

// reportSections lists the consulted text's sections (the general comments
// first), each with the word diff of its text to the compared version's
// section of the same anchor; sections new in the compared version follow.
func reportSections(consulted string, compared *policies.Version, general string) []reportSection {
	out := []reportSection{{Anchor: "", Title: general}}
	before, beforeOrder := splitSections(consulted)
	var after map[string]string
	var afterOrder []policies.Section
	if compared != nil {
		after, afterOrder = splitSections(compared.Markdown)
	}
	diff := func(sec *reportSection, a, b string) {
		ops := textdiff.Words(a, b)
		sec.Inserted, sec.Deleted = textdiff.Stats(ops)
		if sec.Inserted+sec.Deleted > 0 {
			sec.Diff = textdiff.HTML(ops)
		}
	}
	if compared != nil {
		diff(&out[0], before[""], after[""])
	}
	seen := map[string]bool{}
	for _, sec := range beforeOrder {
		rs := reportSection{Anchor: sec.Anchor, Title: sec.Title}
		seen[sec.Anchor] = true
		if compared != nil {
			b, ok := after[sec.Anchor]
			rs.Removed = !ok
			diff(&rs, before[sec.Anchor], b)
		}
		out = append(out, rs)
	}
	for _, sec := range afterOrder {
		if !seen[sec.Anchor] {
			rs := reportSection{Anchor: sec.Anchor, Title: sec.Title, Added: true}
			diff(&rs, "", after[sec.Anchor])
			out = append(out, rs)
		}
	}
	return out
}

// splitSections cuts a Markdown text at its ATX headings into the text of
// each section by anchor ("" what precedes the first heading). When the
// headings it finds are not those policies.Sections finds (setext
// headings), the whole text is one section "".
func splitSections(markdown string) (map[string]string, []policies.Section) {
	secs := policies.Sections(markdown)
	parts := map[string]string{}
	var cur bytes.Buffer
	anchor, i, fence := "", 0, false
	lines := strings.SplitAfter(markdown, "\n")
	for _, line := range lines {
		t := strings.TrimLeft(line, " ")
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
		}
		if !fence && len(line)-len(t) < 4 && strings.HasPrefix(t, "#") && i < len(secs) {
			h := strings.TrimLeft(t, "#")
			if level := len(t) - len(h); level <= 6 && level == secs[i].Level && (h == "" || h[0] == ' ' || h[0] == '\t' || h[0] == '\n') {
				parts[anchor] = cur.String()
				cur.Reset()
				anchor = secs[i].Anchor
				i++
			}
		}
		cur.WriteString(line)
	}
	parts[anchor] = cur.String()
	if i != len(secs) {
		return map[string]string{"": markdown}, nil
	}
	return parts, secs
}

// reportOf reads the request's consultation and builds its report for the
// viewer (with the drafts for the region's drafters).
func (s *Server) reportOf(r *http.Request, lang string) (policies.PolicySummary, policies.ConsultationRecord, report, error) {
	p, k, drafts, err := s.loadReport(r)
	if err != nil {
		return p, k, report{}, err
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
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="laporan-konsultasi-%d-%d.csv"`, p.ID, k.ID))
	e, err := newCSVExport(w, []string{T["ans_csv_id"], T["ans_csv_section"], T["ans_csv_group"], T["ans_csv_channel"], T["ans_csv_author"],
		T["ans_csv_date"], T["ans_csv_comment"], T["ans_csv_disposition"], T["ans_csv_reason"], T["ans_csv_published"]}, T["ans_csv_id"])
	if err != nil {
		return nil
	}
	for _, sec := range rep.Sections {
		for _, c := range sec.Comments {
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
			e.write(strconv.FormatInt(c.ID, 10), sec.Title, group, channel, c.AuthorName, date, c.Body, disp, reason, published)
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
	Counts           answerCounts
	Groups           []groupCount
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
	sum := &reportSummary{Link: consultationPath(p.ID, k.ID) + "/report", Counts: countAnswers(cs), Groups: groupCounts(cs, lang)}
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
	Counts          answerCounts
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
	l := &answerLinks{Counts: countAnswers(cs)}
	base := consultationPath(p.ID, k.ID)
	if v.inRegion(p.RegionID) && v.is(policies.RoleDrafter) {
		l.Answers, l.Report = base+"/answers", base+"/report"
	} else if l.Counts.Published > 0 {
		l.Report = base + "/report"
	}
	if l.Answers == "" && l.Report == "" {
		return nil
	}
	return l
}
