package server

// A program's Kirkpatrick page (issue 22). Level 1: once the program is
// done, those who run it issue each completed participant a signed
// one-answer link (the token's hash kept; the link shown once, to hand
// out) to a public reaction form answered without an account; the
// program's workflow issues the rest days later, and those links are shown
// again. Level 2: pre- and post-test scores per participant, by CSV (all
// or nothing). Level 3 (kirkpatrick_behaviour.go): the supervisors' links
// the workflow issued, to hand out, and their means. Level 4
// (kirkpatrick_results.go): the indicator and its form. The figures (no
// person in them) are on the API to anyone signed in; the names, NIPs,
// links and scores only to the region's drafters and the unit's officers.

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/policyflow/policyflow/evaluation"
	"github.com/policyflow/policyflow/policies"
)

func init() { pageNames = append(pageNames, "kirkpatrick", "reaction") }

// learningRow is a participant on the score form, with their scores if any.
type learningRow struct {
	policies.Participant
	Score  policies.LearningScore
	Scored bool
}

// issuedLink is a link just issued, shown once to be handed out.
type issuedLink struct {
	NIP, Name, URL string
	Told           bool // sent to the participant's account (inbox, email)
}

// kirkpatrickSummary is a program's level 1 to 4 figures, for the API.
func (s *Server) kirkpatrickSummary(r *http.Request) (evaluation.LevelSummary, error) {
	_, prog, err := s.loadProgram(r)
	if err != nil {
		return evaluation.LevelSummary{}, err
	}
	return s.levelsOf(r, prog)
}

func (s *Server) levelsOf(r *http.Request, prog policies.Program) (evaluation.LevelSummary, error) {
	var k programAnswers
	if err := k.add(r, s.store, prog.ID); err != nil {
		return evaluation.LevelSummary{}, err
	}
	res, err := s.resultOf(r, prog.ID)
	return k.summary().WithResult(res), err
}

// programAnswers are the answers and scores of one or more programs.
type programAnswers struct {
	reaction  []policies.ReactionAnswer
	learning  []policies.LearningScore
	behaviour []policies.BehaviourAnswer
}

// add appends a program's answers and scores.
func (k *programAnswers) add(r *http.Request, st WebStore, programID int64) error {
	as, err := st.ReactionAnswers(r.Context(), programID)
	if err != nil {
		return err
	}
	ls, err := st.LearningScores(r.Context(), programID)
	if err != nil {
		return err
	}
	bs, err := st.BehaviourAnswers(r.Context(), programID)
	if err != nil {
		return err
	}
	k.reaction, k.learning, k.behaviour = append(k.reaction, as...), append(k.learning, ls...), append(k.behaviour, bs...)
	return nil
}

func (k programAnswers) summary() evaluation.LevelSummary {
	return evaluation.SummarizeLevels(k.reaction, k.learning, k.behaviour)
}

// programFigures is one program's figures in a policy's report.
type programFigures struct {
	ProgramID int64                  `json:"program_id"`
	Title     string                 `json:"title"`
	Status    policies.ProgramStatus `json:"status"`
	Figures   kirkpatrickFigures     `json:"figures"`
}

// policyKirkpatrick is a policy's Kirkpatrick report: per program (levels
// 1 to 4), and over all its programs (every answer and every
// participant's score pooled; level 4 is per program only).
type policyKirkpatrick struct {
	Programs []programFigures   `json:"programs"`
	Overall  kirkpatrickFigures `json:"overall"`
}

// policyKirkpatrickReport is the URL's policy's report (no person in it).
func (s *Server) policyKirkpatrickReport(r *http.Request) (policyKirkpatrick, error) {
	_, progs, err := s.programsOf(r)
	if err != nil {
		return policyKirkpatrick{}, err
	}
	out := policyKirkpatrick{Programs: []programFigures{}}
	var all programAnswers
	for _, prog := range progs {
		var one programAnswers
		if err := one.add(r, s.store, prog.ID); err != nil {
			return out, err
		}
		all.reaction, all.learning, all.behaviour = append(all.reaction, one.reaction...), append(all.learning, one.learning...), append(all.behaviour, one.behaviour...)
		res, err := s.resultOf(r, prog.ID)
		if err != nil {
			return out, err
		}
		out.Programs = append(out.Programs, programFigures{prog.ID, prog.Title, prog.Status, one.summary().WithResult(res)})
	}
	out.Overall = all.summary()
	return out, nil
}

// handleKirkpatrickPage shows a program's levels 1 and 2 to those who run it.
func (s *Server) handleKirkpatrickPage(w http.ResponseWriter, r *http.Request) error {
	ref, err := s.programToChange(r)
	if err != nil {
		return err
	}
	return s.renderKirkpatrick(w, r, ref, http.StatusOK, nil, nil, "")
}

func (s *Server) renderKirkpatrick(w http.ResponseWriter, r *http.Request, ref programRef, status int, issued []issuedLink, lines []evaluation.LineError, msg string) error {
	lang := language(w, r)
	sum, err := s.levelsOf(r, ref.Program)
	if err != nil {
		return err
	}
	v := viewerOf(r)
	rs, err := s.store.ReactionStatuses(r.Context(), ref.Program.ID)
	if err != nil {
		return err
	}
	links := s.linkRows(r, ref, rs, policies.PurposeReaction, "/kirkpatrick/reaksi/")
	bs, err := s.store.BehaviourStatuses(r.Context(), ref.Program.ID)
	if err != nil {
		return err
	}
	behaviour := s.linkRows(r, ref, bs, policies.PurposeBehaviour, "/kirkpatrick/perilaku/")
	ls, err := s.store.LearningScores(r.Context(), ref.Program.ID)
	if err != nil {
		return err
	}
	var scores []policies.LearningScore
	for _, x := range ls {
		if v.SeesPersonalData(ref.Policy.RegionID, x.UnitID) {
			scores = append(scores, x)
		}
	}
	ps, err := s.recorded(r, ref)
	if err != nil {
		return err
	}
	typed := map[int64]policies.LearningScore{}
	for _, x := range scores {
		typed[x.ParticipantID] = x
	}
	var rows []learningRow
	for _, p := range ps {
		x, ok := typed[p.ID]
		rows = append(rows, learningRow{p, x, ok})
	}
	result, err := s.resultOf(r, ref.Program.ID)
	if err != nil {
		return err
	}
	s.render(w, r, lang, status, "kirkpatrick", map[string]any{"Result": result, "ResultOpen": policies.CheckResultOpen(ref.Program.Status, false) == nil,
		"Measurable": ref.Program.Status == policies.ProgramDone, "Rows": rows, "Title": messages[lang]["kp_title"] + ": " + ref.Program.Title,
		"Policy": ref.Policy, "Program": ref.Program, "Summary": sum, "Links": links, "Behaviour": behaviour, "BehaviourItems": policies.BehaviourItems, "Scores": scores, "Issued": issued,
		"LinksOpen": policies.CheckReactionLinks(ref.Program.Status) == nil, "LearningOpen": policies.CheckLearningOpen(ref.Program.Status) == nil,
		"Items": policies.ReactionItems, "LineErrors": lines, "Error": msg, "Done": doneText(r, lang)})
	return nil
}

// handleReactionLinksIssue issues a link to each completed participant the
// viewer sees who has none, and shows the new links once.
func (s *Server) handleReactionLinksIssue(w http.ResponseWriter, r *http.Request) error {
	ref, err := s.programToChange(r)
	if err != nil {
		return err
	}
	if err := policies.CheckReactionLinks(ref.Program.Status); err != nil {
		return err
	}
	rs, err := s.store.ReactionStatuses(r.Context(), ref.Program.ID)
	if err != nil {
		return err
	}
	v := viewerOf(r)
	tokens := map[int64]string{}
	var news []policies.NewReactionLink
	for _, x := range rs {
		if x.IssuedAt != nil || !v.SeesPersonalData(ref.Policy.RegionID, x.UnitID) {
			continue
		}
		tok := policies.SignLinkToken(s.unsubscribeKey, policies.PurposeReaction, randomToken())
		tokens[x.ParticipantID] = tok
		news = append(news, policies.NewReactionLink{ParticipantID: x.ParticipantID, TokenHash: policies.HashLinkToken(tok)})
	}
	ids, err := s.store.IssueReactionLinks(r.Context(), ref.Program.ID, v.User.ID, news)
	if err != nil {
		return err
	}
	done := map[int64]bool{}
	for _, id := range ids {
		done[id] = true
	}
	// Those with an account are told their link (inbox and email); every
	// new link is also shown once, to hand out to those without.
	paths := map[int64]string{}
	for _, id := range ids {
		paths[id] = "/kirkpatrick/reaksi/" + tokens[id]
	}
	told, err := s.reactions.Send(r.Context(), ref.Policy.ID, ref.Program, paths)
	if err != nil {
		return err
	}
	var issued []issuedLink
	for _, x := range rs {
		if done[x.ParticipantID] {
			issued = append(issued, issuedLink{x.NIP, x.Name, s.publicURL + paths[x.ParticipantID], told[x.ParticipantID]})
		}
	}
	return s.renderKirkpatrick(w, r, ref, http.StatusOK, issued, nil, "")
}

// importLearning reads a test score CSV and saves it whole, or refuses it
// naming every bad line (a NIP that is no participant the viewer records)
// and saves nothing.
func (s *Server) importLearning(r *http.Request, ref programRef, data []byte) (attendanceSaved, error) {
	rows, lineErrs, participant, err := programCSV(s, r, ref, data, policies.CheckLearningOpen(ref.Program.Status), evaluation.ParseLearning)
	if err != nil {
		return attendanceSaved{}, err
	}
	var scores []policies.LearningScore
	for _, row := range rows {
		pid, ok := participant[row.NIP]
		if !ok {
			lineErrs = append(lineErrs, notRecorded(row.Line, row.NIP))
			continue
		}
		scores = append(scores, policies.LearningScore{ParticipantID: pid, Pre: row.Pre, Post: row.Post})
	}
	if len(lineErrs) > 0 {
		return attendanceSaved{}, lineRefusal("%d baris bermasalah; tidak ada yang disimpan", lineErrs)
	}
	n, err := s.store.SaveLearningScores(r.Context(), ref.Program.ID, viewerOf(r).User.ID, scores)
	return attendanceSaved{n, ref.Program.ID, ref.Policy.ID}, err
}

// learningForm is the page's score table as typed: "pre_ID" and "post_ID"
// per participant; a participant with both blank is left as is.
type learningForm struct{ Values map[string]string }

func learningFromForm(r *http.Request) (learningForm, error) {
	if err := r.ParseForm(); err != nil {
		return learningForm{}, err
	}
	f := learningForm{Values: map[string]string{}}
	for k, v := range r.PostForm {
		if strings.HasPrefix(k, "pre_") || strings.HasPrefix(k, "post_") {
			f.Values[k] = strings.TrimSpace(v[0])
		}
	}
	return f, nil
}

// saveLearningForm saves the typed scores of the participants the viewer
// records, all or none: a half-filled pair or a score outside 0–100 is
// refused naming its field.
func (s *Server) saveLearningForm(r *http.Request, ref programRef, f learningForm) (attendanceSaved, error) {
	if err := policies.CheckLearningOpen(ref.Program.Status); err != nil {
		return attendanceSaved{}, err
	}
	ps, err := s.recorded(r, ref)
	if err != nil {
		return attendanceSaved{}, err
	}
	var scores []policies.LearningScore
	for _, p := range ps {
		pre, post := fmt.Sprintf("pre_%d", p.ID), fmt.Sprintf("post_%d", p.ID)
		if f.Values[pre] == "" && f.Values[post] == "" {
			continue
		}
		x := policies.LearningScore{ParticipantID: p.ID}
		for _, fld := range []struct {
			name string
			to   *int
		}{{pre, &x.Pre}, {post, &x.Post}} {
			n, err := strconv.Atoi(f.Values[fld.name])
			if err == nil {
				err = policies.ValidateTestScore(fld.name, n)
			}
			if err != nil {
				return attendanceSaved{}, policies.FieldError(fld.name, "nilai %s (%s) harus bilangan bulat 0–100", p.NIP, strings.SplitN(fld.name, "_", 2)[0])
			}
			*fld.to = n
		}
		scores = append(scores, x)
	}
	n, err := s.store.SaveLearningScores(r.Context(), ref.Program.ID, viewerOf(r).User.ID, scores)
	return attendanceSaved{n, ref.Program.ID, ref.Policy.ID}, err
}

func learningSays(lang string, _ learningForm, out attendanceSaved) string {
	return saying(fmt.Sprintf("/policies/%d/programs/%d/kirkpatrick", out.PolicyID, out.ProgramID), doneKey("kp_scores_saved"))
}

func kirkpatrickPages() []pageRoute {
	return []pageRoute{
		{"GET", "/policies/{id}/programs/{pid}/kirkpatrick", recorders, (*Server).handleKirkpatrickPage},
		{"POST", "/policies/{id}/programs/{pid}/kirkpatrick/reaction-links", recorders, (*Server).handleReactionLinksIssue},
		{"POST", "/policies/{id}/programs/{pid}/kirkpatrick/learning", recorders, formSaysOn((*Server).programToChange, learningFromForm, (*Server).saveLearningForm, learningSays)},
		{"POST", "/policies/{id}/programs/{pid}/kirkpatrick/learning/import", recorders, csvPageOn((*Server).programToChange, (*Server).importLearning, "csv_required",
			func(s *Server, w http.ResponseWriter, r *http.Request, ref programRef, status int, lines []evaluation.LineError, msg string) error {
				return s.renderKirkpatrick(w, r, ref, status, nil, lines, msg)
			}, seeOther(learningSays))},
		{"POST", "/policies/{id}/programs/{pid}/kirkpatrick/result", recorders, formSaysOn((*Server).programToChange, resultFromForm, (*Server).saveResultForm, resultSays)},
		{"GET", "/policies/{id}/kirkpatrick", signedIn, (*Server).handleKirkpatrickReport},
		{"GET", "/kirkpatrick/reaksi/{rtoken}", anyone, (*Server).handleReactionPage},
		{"POST", "/kirkpatrick/reaksi/{rtoken}", anyone, (*Server).handleReactionAnswer},
		{"GET", "/kirkpatrick/perilaku/{btoken}", anyone, (*Server).handleBehaviourPage},
		{"POST", "/kirkpatrick/perilaku/{btoken}", anyone, (*Server).handleBehaviourAnswer},
	}
}

func kirkpatrickAPI() []apiRoute {
	return []apiRoute{
		{"GET", "/policies/{id}/programs/{pid}/kirkpatrick", "Kirkpatrick program tingkat 1–4: rerata reaksi per butir, rerata nilai pra/pasca dan kenaikannya, rerata perilaku per butir menurut atasan, indikator hasil terhadap nilai awal dan target (tanpa data pribadi)", signedIn, apiRead((*Server).kirkpatrickSummary), nil},
		{"GET", "/policies/{id}/kirkpatrick", "Laporan Kirkpatrick kebijakan: tingkat 1–4 per program, tingkat 1–3 seluruh program (tanpa data pribadi)", signedIn, apiRead((*Server).policyKirkpatrickReport), nil},
		{"POST", "/policies/{id}/programs/{pid}/kirkpatrick/result", "Tetapkan atau ubah indikator hasil program (Kirkpatrick tingkat 4): nama, satuan, nilai awal, target, dan nilai capaian dengan tanggal pengukurannya setelah program selesai", recorders, apiWriteOn(http.StatusOK, (*Server).programToChange, (*Server).saveResult), policies.ResultInput{}},
		{"POST", "/policies/{id}/programs/{pid}/kirkpatrick/learning", "Impor nilai tes pra dan pasca (0–100) per peserta dari CSV (text/csv: nip, pra, pasca): semua atau tidak sama sekali", recorders, csvAPIOn(http.StatusOK, maxBody, (*Server).programToChange, (*Server).importLearning), csvBody{}},
	}
}

// kirkpatrickFigures is the summary's type, as the OpenAPI document names it.
type kirkpatrickFigures = evaluation.LevelSummary
