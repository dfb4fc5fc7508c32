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

// An answer for every comment (issue 12, UU 13/2022 Pasal 96): the drafters
// of the policy's region answer each comment of a consultation with a
// disposition and a reason, privately, then publish all of them at once;
// input received offline is entered into the same record; a policy goes to
// approval only when every comment has a published answer or the drafter
// recorded why not. Published answers are immutable (the database refuses
// a change: 409).

// answersRoutes are the API routes of the answers and the report.
func answersAPIRoutes() []apiRoute {
	const k = "/policies/{id}/consultations/{consultation}"
	return append([]apiRoute{
		{"GET", k + "/answers", "Komentar konsultasi dengan jawaban (termasuk draf) untuk penyusun", drafter, (*Server).handleAPIAnswers, nil},
		{"POST", k + "/answers", "Simpan draf jawaban atas satu komentar (tindak lanjut dan alasan)", drafter, handleAPIAnswerDraft, policies.AnswerInput{}},
		{"POST", k + "/answers/group", "Satu jawaban untuk satu kelompok komentar serupa: draf jawaban bagi tiap komentarnya yang belum dijawab", drafter, handleAPIGroupAnswer, policies.GroupAnswerInput{}},
		{"POST", k + "/publish", "Terbitkan semua draf jawaban konsultasi sekaligus", drafter, (*Server).handleAPIAnswersPublish, nil},
		{"POST", k + "/offline", "Catat masukan luring (rapat dengar pendapat, surat, FGD)", drafter, handleAPIOfflineInput, policies.OfflineInput{}},
		{"POST", k + "/unanswered-reason", "Catat alasan komentar yang belum dijawab sebelum diajukan", drafter, handleAPIUnansweredReason, unansweredReasonInput{}},
		{"GET", k + "/report", "Laporan hasil konsultasi publik (publik setelah jawaban diterbitkan)", anyone, (*Server).handleAPIReport, nil},
	}, commentWorkAPIRoutes()...) // commentwork.go
}

// answersPages lists the pages of the answers and the report.
func answersPages() []pageRoute {
	const k = "/policies/{id}/consultations/{consultation}"
	return append([]pageRoute{
		{"GET", k + "/answers", drafter, (*Server).handleAnswersPage},
		{"POST", k + "/answers", drafter, (*Server).handleAnswerDraft},
		{"POST", k + "/answers/group", drafter, (*Server).handleGroupAnswer},
		{"POST", k + "/publish", drafter, (*Server).handleAnswersPublish},
		{"POST", k + "/offline", drafter, (*Server).handleOfflineInput},
		{"POST", k + "/unanswered-reason", drafter, (*Server).handleUnansweredReason},
		{"GET", k + "/report", anyone, (*Server).handleReportPage},
		{"GET", k + "/report.csv", anyone, (*Server).handleReportCSV},
	}, commentWorkPages()...) // commentwork.go
}

// errConsultationNotFound is a consultation the viewer may not see, as if absent.
var errConsultationNotFound = policies.Errorf(policies.KindNotFound, "konsultasi tidak ditemukan")

// loadConsultation reads the policy and its consultation in the URL for the
// region's drafters (404 for a policy the viewer may not see, 403 for
// another city's published one, 404 for a consultation of another policy).
func (s *Server) loadConsultation(r *http.Request) (policies.PolicySummary, policies.ConsultationRecord, error) {
	p, err := s.loadRegionPolicy(r)
	if err != nil {
		return p, policies.ConsultationRecord{}, err
	}
	k, err := s.consultationOf(r, p)
	return p, k, err
}

// consultationOf finds the URL's consultation among the policy's.
func (s *Server) consultationOf(r *http.Request, p policies.PolicySummary) (policies.ConsultationRecord, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "consultation"), 10, 64)
	if err != nil || id <= 0 {
		return policies.ConsultationRecord{}, errConsultationNotFound
	}
	ks, err := s.store.Consultations(r.Context(), p.ID)
	if err != nil {
		return policies.ConsultationRecord{}, err
	}
	for _, k := range ks {
		if k.ID == id {
			return k, nil
		}
	}
	return policies.ConsultationRecord{}, errConsultationNotFound
}

func consultationPath(policyID, consultationID int64) string {
	return fmt.Sprintf("/policies/%d/consultations/%d", policyID, consultationID)
}

// handleAPIAnswers lists the consultation's comments with their answers, drafts included.
func (s *Server) handleAPIAnswers(w http.ResponseWriter, r *http.Request) error {
	_, k, err := s.loadConsultation(r)
	if err != nil {
		return err
	}
	f, page, err := answersAsked(r.URL.Query())
	if err != nil {
		return err
	}
	cs, err := s.store.ConsultationComments(r.Context(), k.ID, true)
	if err != nil {
		return err
	}
	reason, err := s.store.LatestUnansweredReason(r.Context(), k.ID)
	if err != nil {
		return err
	}
	gs := s.commentGroups(k.ID, cs)
	if gs == nil {
		gs = []policies.CommentGroup{}
	}
	list := answersList{ConsultationID: k.ID, Comments: cs, Counts: policies.CountAnswers(cs), UnansweredReason: reason, Groups: gs, Total: len(cs)}
	if q := r.URL.Query(); q.Has("page") || f != (answersFilter{}) {
		// The page's filters and paging (answers_paging.go), for a client
		// working through thousands of comments.
		cw, err := s.store.CommentWork(r.Context(), k.ID)
		if err != nil {
			return err
		}
		kept := f.kept(cs, gs, policies.GroupOf(gs), cw, viewerOf(r).User.ID)
		pager := pageOf(r.URL.Path, f, page, len(kept))
		list.Comments = []policies.AnsweredComment{}
		if pager.Total > 0 {
			for _, i := range kept[pager.From-1 : pager.To] {
				list.Comments = append(list.Comments, cs[i])
			}
		}
		list.Total, list.Page, list.Pages, list.Next = pager.Total, pager.Page, pager.Pages, pager.Next
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

// draftAnswer checks and stores a draft answer of a region's drafter.
func (s *Server) draftAnswer(ctx context.Context, v *viewer, k policies.ConsultationRecord, in policies.AnswerInput) (policies.Answer, error) {
	if err := in.Validate(); err != nil {
		return policies.Answer{}, err
	}
	return s.store.DraftAnswer(ctx, k.ID, v.User.ID, in)
}

var handleAPIAnswerDraft = apiWriteOn(http.StatusOK, (*Server).drafterConsultation,
	func(s *Server, r *http.Request, at consultationAt, in policies.AnswerInput) (policies.Answer, error) {
		return s.draftAnswer(r.Context(), viewerOf(r), at.k, in)
	})

// consultationAt is the policy and the consultation the URL names.
type consultationAt struct {
	p policies.PolicySummary
	k policies.ConsultationRecord
}

// drafterConsultation finds the policy and consultation of the URL as
// loadConsultation does, for apiWriteOn.
func (s *Server) drafterConsultation(r *http.Request) (consultationAt, error) {
	p, k, err := s.loadConsultation(r)
	return consultationAt{p, k}, err
}

// publishAnswers publishes the consultation's draft answers together and
// tells each commenter whose answer is published. The notices are written
// for every published answer, each once by its key: a publish retried
// after a crash between the two writes tells those the first one did not.
func (s *Server) publishAnswers(ctx context.Context, v *viewer, p policies.PolicySummary, k policies.ConsultationRecord) (int, error) {
	n, err := s.store.PublishAnswers(ctx, k.ID, v.User.ID)
	if err != nil {
		return 0, err
	}
	cs, err := s.store.ConsultationComments(ctx, k.ID, false)
	if err != nil {
		return n, err
	}
	link := consultationPath(p.ID, k.ID) + "/report"
	for _, c := range cs {
		if c.Answer == nil || c.Offline != nil {
			continue
		}
		if err := s.notices.Notify(context0(ctx), c.Comment, policies.AnswerNotice(c, p.Title, link)); err != nil {
			return n, err
		}
	}
	if n == 0 {
		return 0, policies.Errorf(policies.KindConflict, "tidak ada draf jawaban untuk diterbitkan")
	}
	s.tellFollowers(ctx, p.ID)
	return n, nil
}

func (s *Server) handleAPIAnswersPublish(w http.ResponseWriter, r *http.Request) error {
	p, k, err := s.loadConsultation(r)
	if err != nil {
		return err
	}
	n, err := s.publishAnswers(r.Context(), viewerOf(r), p, k)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"published": n})
	return nil
}

// offlineInput checks offline input and stores it as a comment of the
// consultation; key (a form's request_id, an Idempotency-Key) stores it once.
func (s *Server) offlineInput(ctx context.Context, v *viewer, p policies.PolicySummary, k policies.ConsultationRecord, in policies.OfflineInput, key string) (policies.AnsweredComment, error) {
	day, err := in.Validate()
	if err != nil {
		return policies.AnsweredComment{}, err
	}
	if err := policies.ValidateSection(in.Section); err != nil {
		return policies.AnsweredComment{}, err
	}
	if in.Section != "" {
		ver, err := s.store.VersionByNumber(ctx, p.ID, k.VersionNumber)
		if err != nil {
			return policies.AnsweredComment{}, err
		}
		if !hasSection(s, ver, in.Section) {
			return policies.AnsweredComment{}, policies.FieldError("section", "bagian %q tidak ada dalam versi yang dikonsultasikan", in.Section)
		}
	}
	if key != "" {
		key = fmt.Sprintf("offline/%s/k%d/%s", idemOwner(v), k.ID, key)
	}
	return s.store.CreateOfflineInput(ctx, k.ID, v.User.ID, in, day, key)
}

var handleAPIOfflineInput = apiWriteOn(http.StatusCreated, (*Server).drafterConsultation,
	func(s *Server, r *http.Request, at consultationAt, in policies.OfflineInput) (policies.AnsweredComment, error) {
		return s.offlineInput(r.Context(), viewerOf(r), at.p, at.k, in, r.Header.Get("Idempotency-Key"))
	})

// unansweredReasonInput is why comments go to approval unanswered.
type unansweredReasonInput struct {
	Reason string `json:"reason"`
}

// recordUnansweredReason keeps the drafter's reason with how many comments
// it covers now.
func (s *Server) recordUnansweredReason(ctx context.Context, v *viewer, k policies.ConsultationRecord, reason string) error {
	ur := policies.UnansweredReason{ConsultationID: k.ID, Reason: reason, RecordedBy: v.User.ID}
	if err := ur.Validate(); err != nil {
		return err
	}
	cs, err := s.store.ConsultationComments(ctx, k.ID, false)
	if err != nil {
		return err
	}
	ur.Unanswered = policies.Unanswered(cs)
	return s.store.RecordUnansweredReason(ctx, ur)
}

var handleAPIUnansweredReason = apiWriteOn(http.StatusCreated, (*Server).drafterConsultation,
	func(s *Server, r *http.Request, at consultationAt, in unansweredReasonInput) (*policies.UnansweredReason, error) {
		if err := s.recordUnansweredReason(r.Context(), viewerOf(r), at.k, in.Reason); err != nil {
			return nil, err
		}
		return s.store.LatestUnansweredReason(r.Context(), at.k.ID)
	})

// checkAnswered is the gate of submit: a policy that had a consultation
// goes to approval only when every comment of its latest consultation has
// a published answer, or the drafter has recorded why not (now, in reason,
// or before, covering at least as many comments as are unanswered now).
func (s *Server) checkAnswered(ctx context.Context, v *viewer, p policies.PolicySummary, reason string) error {
	ks, err := s.store.Consultations(ctx, p.ID)
	if err != nil || len(ks) == 0 {
		return err
	}
	k := ks[len(ks)-1]
	cs, err := s.store.ConsultationComments(ctx, k.ID, false)
	if err != nil {
		return err
	}
	n := policies.Unanswered(cs)
	if n == 0 {
		return nil
	}
	if strings.TrimSpace(reason) != "" {
		return s.recordUnansweredReason(ctx, v, k, reason)
	}
	prev, err := s.store.LatestUnansweredReason(ctx, k.ID)
	if err != nil {
		return err
	}
	if prev != nil && prev.Unanswered >= n {
		return nil
	}
	return policies.Errorf(policies.KindConflict,
		"%d komentar konsultasi belum memiliki jawaban yang diterbitkan: terbitkan jawabannya di %s/answers, atau catat alasannya (reason) sebelum mengajukan",
		n, consultationPath(p.ID, k.ID))
}
