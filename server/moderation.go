package server

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/policyflow/policyflow/policies"
)

// Moderation: anyone who can read a comment may report it (a reason and
// words); the region's drafters see, per policy, the public comments
// awaiting moderation and the reported ones with who reported what, why and
// when, and approve (publish), hide (rejected) or keep them (reviewed: the
// reports close, the comment stays). The author hears of an approval or a
// hiding. Anonymous comments and reports are limited per client address.

func init() {
	pageNames = append(pageNames, "moderation")
	sectionPages["moderation"] = true
}

// The limits on what comes without an account.
const (
	anonCommentsPerHour = 5   // per address and consultation
	anonPendingCap      = 200 // anonymous comments awaiting moderation, per consultation
	anonReportsPerHour  = 10  // per address
)

type clientAddrKey struct{}

// withClientAddr keeps the client's address (as realIP found it) in the
// request's context, for the limits on anonymous comments and reports.
func withClientAddr(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientAddrKey{}, clientIP(r))))
	})
}

// clientAddr is the request's client address ("" outside a request).
func clientAddr(ctx context.Context) string {
	a, _ := ctx.Value(clientAddrKey{}).(string)
	return a
}

// limited turns a limit reached into a 429 with Retry-After.
func limited(err error) error {
	var le *policies.LimitError
	if errors.As(err, &le) {
		return &refusal{err: policies.Errorf(kindTooMany, "%s", le.Message), retryAfter: strconv.Itoa(int(math.Ceil(le.RetryAfter.Seconds())))}
	}
	return err
}

// limitAnonymousComment lets an anonymous comment on a policy in
// consultation through the limits, counting it: anonCommentsPerHour per
// address and consultation, anonPendingCap awaiting moderation. Called by
// addComment for the public without an account, before the comment is stored.
func (s *Server) limitAnonymousComment(ctx context.Context, p policies.PolicySummary) error {
	cs, err := s.store.Consultations(ctx, p.ID)
	if err != nil {
		return err
	}
	if len(cs) == 0 || cs[len(cs)-1].ClosedAt != nil {
		return policies.Errorf(policies.KindConflict, "konsultasi sudah ditutup")
	}
	addr := clientAddr(ctx)
	if addr == "" {
		addr = "unknown"
	}
	return limited(s.store.CountAnonymousComment(ctx, cs[len(cs)-1].ID, addr, anonCommentsPerHour, anonPendingCap))
}

// reportInput is a report from the form or the API.
type reportInput struct {
	Reason string `json:"reason"`
	Detail string `json:"detail" required:"false"`
}

// commentFor reads a comment the viewer may read: of a policy they see,
// visible (open or resolved), on a version they may read.
func (s *Server) commentFor(ctx context.Context, v *viewer, cid string) (policies.Comment, policies.PolicySummary, error) {
	notFound := policies.Errorf(policies.KindNotFound, "komentar tidak ditemukan")
	id, err := strconv.ParseInt(cid, 10, 64)
	if err != nil || id <= 0 {
		return policies.Comment{}, policies.PolicySummary{}, notFound
	}
	c, err := s.store.CommentByID(ctx, id)
	if err != nil {
		if policies.IsKind(err, policies.KindNotFound) {
			err = notFound
		}
		return c, policies.PolicySummary{}, err
	}
	p, err := s.store.PolicyByID(ctx, c.PolicyID)
	if err != nil {
		return c, p, err
	}
	if !v.CanSee(p) {
		return c, p, notFound
	}
	return c, p, nil
}

// reportComment stores a reader's report of the URL's comment, if visible
// to them (page and API).
func (s *Server) reportComment(r *http.Request, in reportInput) (policies.CommentReport, error) {
	ctx, v := r.Context(), viewerOf(r)
	c, p, err := s.commentFor(ctx, v, chi.URLParam(r, "cid"))
	if err != nil {
		return policies.CommentReport{}, err
	}
	visible := c.Status == policies.CommentOpen || c.Status == policies.CommentResolved
	if visible && !v.Staff(p.RegionID) {
		// Versions are numbered in order, and so are their IDs: a comment
		// on a version newer than the viewer may read is not theirs to see.
		ver, err := s.store.VersionByNumber(ctx, p.ID, v.LatestVisible(p))
		if err != nil {
			return policies.CommentReport{}, err
		}
		visible = c.VersionID <= ver.ID
	}
	if !visible {
		return policies.CommentReport{}, policies.Errorf(policies.KindNotFound, "komentar tidak ditemukan")
	}
	rep := policies.CommentReport{CommentID: c.ID, Reason: policies.ReportReason(in.Reason), Detail: in.Detail}
	if err := rep.Validate(); err != nil {
		return policies.CommentReport{}, err
	}
	if v.User != nil {
		rep.ReporterID = &v.User.ID
	} else {
		rep.Address = clientAddr(ctx)
		if rep.Address == "" {
			rep.Address = "unknown"
		}
	}
	rep, err = s.store.ReportComment(ctx, rep, anonReportsPerHour)
	return rep, limited(err)
}

func (s *Server) handleCommentReport(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.reportComment(r, reportInput{Reason: r.PostFormValue("reason"), Detail: r.PostFormValue("detail")})
	if err != nil {
		return err
	}
	c, _ := s.store.CommentByID(r.Context(), rep.CommentID)
	http.Redirect(w, r, saying(fmt.Sprintf("/policies/%d#c%d", c.PolicyID, c.ID), doneKey("mod_reported")), http.StatusSeeOther)
	return nil
}

// moderationQueue is a policy's moderation list, for its region's drafters.
func (s *Server) moderationQueue(r *http.Request) (policies.PolicySummary, []policies.ModerationItem, error) {
	return regionPolicyWith(s, r, s.store.ModerationQueue)
}

func (s *Server) handleModerationPage(w http.ResponseWriter, r *http.Request) error {
	lang := language(w, r)
	p, items, err := s.moderationQueue(r)
	if err != nil {
		return err
	}
	s.render(w, r, lang, http.StatusOK, "moderation", map[string]any{"Title": messages[lang]["mod_title"] + " — " + p.Title,
		"Policy": p, "Items": items, "Done": doneText(r, lang)})
	return nil
}

// moderationList is the URL's policy's moderation list, for the API.
func (s *Server) moderationList(r *http.Request) (map[string]any, error) {
	_, items, err := s.moderationQueue(r)
	return map[string]any{"items": items}, err
}

// moderationInput is a moderator's decision on a comment, from the form or the API.
type moderationInput struct {
	Decision string `json:"decision"`
}

func moderationFromForm(r *http.Request) (moderationInput, error) {
	return moderationInput{Decision: r.PostFormValue("decision")}, nil
}

// moderate applies the drafter's decision to the URL's comment, of their
// region, and tells its author of an approval or a hiding (page and API).
func (s *Server) moderate(r *http.Request, in moderationInput) (policies.Comment, error) {
	ctx, v := r.Context(), viewerOf(r)
	c, p, err := s.commentFor(ctx, v, chi.URLParam(r, "cid"))
	if err != nil {
		return c, err
	}
	if !v.Staff(p.RegionID) {
		if c.Status == policies.CommentPendingModeration || c.Status == policies.CommentRejected {
			return policies.Comment{}, policies.Errorf(policies.KindNotFound, "komentar tidak ditemukan")
		}
		return policies.Comment{}, staffOf(v, p.RegionID)
	}
	d := policies.ModerationDecision(in.Decision)
	if err := d.Validate(); err != nil {
		return policies.Comment{}, err
	}
	c, err = s.store.Moderate(ctx, c.ID, d, v.User.ID)
	if err != nil {
		return c, err
	}
	n, tell := policies.ModerationNotice(d, c, p.Title)
	if !tell {
		return c, nil
	}
	if err := s.notices.Notify(ctx, c, n); err != nil {
		// The decision stands; the notice is logged as lost rather than undoing it.
		s.log.Error("moderation notice", "comment", c.ID, "err", err)
	}
	return c, nil
}

// moderated is the moderation page again, saying what was decided.
func moderated(lang string, in moderationInput, c policies.Comment) string {
	return saying(fmt.Sprintf("/policies/%d/moderation", c.PolicyID), "mod_done_"+in.Decision)
}

// moderationPages lists the attachment and moderation pages.
func moderationPages() []pageRoute {
	return []pageRoute{
		{"GET", "/policies/{id}/attachments/{atid}", anyone, (*Server).handleAttachmentDownload},
		{"POST", "/comments/{cid}/report", anyone, (*Server).handleCommentReport},
		{"POST", "/policies/{id}/attachments", drafter, formSaysOn((*Server).loadRegionPolicy, uploadFromForm, (*Server).addAttachment, attachmentSaid[upload]("mod_attachment_saved"))},
		{"POST", "/policies/{id}/attachments/{atid}/delete", drafter, formSays(noForm, (*Server).removeAttachment, attachmentSaid[struct{}]("mod_attachment_removed"))},
		{"GET", "/policies/{id}/moderation", drafter, (*Server).handleModerationPage},
		{"POST", "/comments/{cid}/moderate", drafter, formSays(moderationFromForm, (*Server).moderate, moderated)},
	}
}

// moderationAPIRoutes are the attachment and moderation API routes (apiRoutes lists them).
func moderationAPIRoutes() []apiRoute {
	return []apiRoute{
		{"GET", "/policies/{id}/attachments", "Lampiran kebijakan (nama, jenis, ukuran, SHA-256)", anyone, apiRead((*Server).attachmentList), nil},
		{"POST", "/policies/{id}/attachments", "Unggah lampiran (PDF, DOCX, XLSX, PNG, JPEG; maks. 20 MB; isi dalam base64; jenis dinilai dari isinya)", drafter, (*Server).handleAPIAttachmentUpload, attachmentInput{}},
		{"GET", "/policies/{id}/attachments/{atid}", "Unduh lampiran (Content-Disposition: attachment)", anyone, (*Server).handleAttachmentDownload, nil},
		{"POST", "/policies/{id}/attachments/{atid}/delete", "Tarik lampiran dari kebijakan (tercatat di log audit; isinya tetap disimpan)", drafter, apiDo((*Server).removeAttachment), nil},
		{"POST", "/comments/{cid}/report", "Laporkan komentar (alasan dan keterangan); tanpa akun dibatasi per alamat", anyone, apiWrite(http.StatusCreated, (*Server).reportComment), reportInput{}},
		{"GET", "/policies/{id}/moderation", "Antrean moderasi: komentar publik yang menunggu dan komentar yang dilaporkan, dengan laporannya", drafter, apiRead((*Server).moderationList), nil},
		{"POST", "/comments/{cid}/moderate", "Putusan moderasi: approve (tampilkan), hide (sembunyikan), keep (ditinjau, tetap tampil)", drafter, apiWrite(http.StatusOK, (*Server).moderate), moderationInput{}},
	}
}
