package postgres_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// An attachment is stored with the SHA-256 of its content, listed without
// it, read with it; a withdrawal keeps the row and content and is audited,
// and the attachment is then neither listed nor read.
func TestAttachmentStore(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	content := []byte("%PDF-1.4\nisi uji\n%%EOF\n")
	a, err := db.CreateAttachment(ctx, policies.Attachment{PolicyID: f.policyID, Kind: policies.AttachmentMinutes, Name: "notulen.pdf",
		ContentType: "application/pdf", Content: content, UploadedBy: f.users["penyusun"]})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(content)
	if a.SHA256 != hex.EncodeToString(sum[:]) || a.Size != int64(len(content)) || a.UploaderName == "" || a.ID == 0 {
		t.Errorf("CreateAttachment = %+v", a)
	}
	list, err := db.Attachments(ctx, f.policyID, 0)
	if err != nil || len(list) != 1 || list[0].Content != nil || list[0].SHA256 != a.SHA256 {
		t.Errorf("Attachments = %+v, %v", list, err)
	}
	got, err := db.AttachmentByID(ctx, f.policyID, a.ID, 0)
	if err != nil || got.Size != int64(len(content)) || got.Content != nil {
		t.Errorf("AttachmentByID = %+v, %v; want its size and no content", got, err)
	}
	if read, err := io.ReadAll(db.AttachmentContent(ctx, got)); err != nil || !bytes.Equal(read, content) {
		t.Errorf("AttachmentContent: %q, %v; want %q", read, err, content)
	}
	other := policyIDBySlug(t, db, "bukittinggi-peningkatan-kualitas-asn")
	_, err = db.AttachmentByID(ctx, other, a.ID, 0)
	wantKind(t, err, policies.KindNotFound)
	_, err = db.CreateAttachment(ctx, policies.Attachment{PolicyID: f.policyID, Kind: "rahasia", Name: "x.pdf", ContentType: "application/pdf", Content: content, UploadedBy: f.users["penyusun"]})
	wantKind(t, err, policies.KindInvalid)

	if _, err := db.RemoveAttachment(ctx, f.policyID, a.ID, f.users["penyusun"]); err != nil {
		t.Fatal(err)
	}
	_, err = db.RemoveAttachment(ctx, f.policyID, a.ID, f.users["penyusun"])
	wantKind(t, err, policies.KindNotFound)
	_, err = db.AttachmentByID(ctx, f.policyID, a.ID, 0)
	wantKind(t, err, policies.KindNotFound)
	var kept, audited int
	db.SQL().Get(&kept, `SELECT count(*) FROM attachments WHERE id = $1 AND removed_by IS NOT NULL AND content = $2`, a.ID, content)
	db.SQL().Get(&audited, `SELECT count(*) FROM audit_log WHERE policy_id = $1 AND action IN ('attachment_added', 'attachment_removed')`, f.policyID)
	if kept != 1 || audited != 2 {
		t.Errorf("after withdrawal: kept %d, audit lines %d; want 1 and 2", kept, audited)
	}
}

// Reports, the moderation queue and decisions; the limits on anonymous
// comments and reports hold under parallel requests.
func TestModerationStore(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	comment := func(status policies.CommentStatus, body string) policies.Comment {
		c, err := db.CreateComment(ctx, policies.Comment{PolicyID: f.policyID, VersionID: f.versionID, AuthorName: "Warga", Body: body, Status: status})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	pending := comment(policies.CommentPendingModeration, "Menunggu")
	shown := comment(policies.CommentOpen, "Tampil")
	quiet := comment(policies.CommentOpen, "Tidak dilaporkan")

	r, err := db.ReportComment(ctx, policies.CommentReport{CommentID: shown.ID, Reason: policies.ReportAbusive, Detail: "kasar", ReporterID: int64p(f.users["kabid"])}, 10)
	if err != nil || r.ReporterName == "" {
		t.Fatalf("ReportComment = %+v, %v", r, err)
	}
	_, err = db.ReportComment(ctx, policies.CommentReport{CommentID: shown.ID, Reason: policies.ReportSpam, ReporterID: int64p(f.users["kabid"])}, 10)
	wantKind(t, err, policies.KindConflict)
	if _, err := db.ReportComment(ctx, policies.CommentReport{CommentID: shown.ID, Reason: policies.ReportSpam, Address: "10.0.0.1"}, 10); err != nil {
		t.Fatal(err)
	}

	q, err := db.ModerationQueue(ctx, f.policyID)
	if err != nil {
		t.Fatal(err)
	}
	if len(q) != 2 || q[0].Comment.ID != pending.ID || q[1].Comment.ID != shown.ID || len(q[1].Reports) != 2 || len(q[0].Reports) != 0 {
		t.Fatalf("queue = %+v", q)
	}

	_, err = db.Moderate(ctx, quiet.ID, policies.DecideKeep, f.users["penyusun"])
	wantKind(t, err, policies.KindConflict) // nothing to keep it against
	_, err = db.Moderate(ctx, shown.ID, policies.DecideApprove, f.users["penyusun"])
	wantKind(t, err, policies.KindConflict) // already shown
	c, err := db.Moderate(ctx, shown.ID, policies.DecideKeep, f.users["penyusun"])
	if err != nil || c.Status != policies.CommentOpen {
		t.Fatalf("keep: %+v %v", c, err)
	}
	if c, err = db.Moderate(ctx, pending.ID, policies.DecideApprove, f.users["penyusun"]); err != nil || c.Status != policies.CommentOpen {
		t.Fatalf("approve: %+v %v", c, err)
	}
	if c, err = db.Moderate(ctx, shown.ID, policies.DecideHide, f.users["penyusun"]); err != nil || c.Status != policies.CommentRejected {
		t.Fatalf("hide: %+v %v", c, err)
	}
	_, err = db.Moderate(ctx, shown.ID, policies.DecideHide, f.users["penyusun"])
	wantKind(t, err, policies.KindConflict)
	if q, _ := db.ModerationQueue(ctx, f.policyID); len(q) != 0 {
		t.Errorf("queue after the decisions: %+v", q)
	}
	if n := countRows(t, db, "comment_moderations"); n != 3 {
		t.Errorf("%d decisions recorded, want 3", n)
	}

	// Anonymous reports: 3 an hour from one address, even sent together.
	var cs []policies.Comment
	for range 6 {
		cs = append(cs, comment(policies.CommentOpen, "Lagi"))
	}
	var wg sync.WaitGroup
	errs := make([]error, len(cs))
	for i, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = db.ReportComment(ctx, policies.CommentReport{CommentID: c.ID, Reason: policies.ReportSpam, Address: "10.0.0.9"}, 3)
		}()
	}
	wg.Wait()
	limited := 0
	for _, err := range errs {
		var le *policies.LimitError
		switch {
		case errors.As(err, &le):
			limited++
			if le.RetryAfter <= 0 || le.RetryAfter > time.Hour {
				t.Errorf("Retry-After %v", le.RetryAfter)
			}
		case err != nil:
			t.Errorf("report: %v", err)
		}
	}
	if limited != 3 {
		t.Errorf("%d of 6 parallel reports limited, want 3", limited)
	}

	// Anonymous comments: per address and consultation, and a cap on those pending.
	var k int64
	if err := db.SQL().Get(&k, `INSERT INTO consultations (policy_id, version_id, workflow_id, opened_by, opened_at, closes_at, allow_public)
		VALUES ($1, $2, 'uji-moderasi', $3, now() - interval '1 minute', now() + interval '1 day', true) RETURNING id`, f.policyID, f.versionID, f.users["penyusun"]); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if err := db.CountAnonymousComment(ctx, k, "10.0.1.1", 2, 100); err != nil {
			t.Fatalf("comment %d: %v", i, err)
		}
	}
	var le *policies.LimitError
	if err := db.CountAnonymousComment(ctx, k, "10.0.1.1", 2, 100); !errors.As(err, &le) {
		t.Errorf("third from one address: %v, want a limit", err)
	}
	if err := db.CountAnonymousComment(ctx, k, "10.0.1.2", 2, 100); err != nil {
		t.Errorf("another address: %v", err)
	}
	comment(policies.CommentPendingModeration, "Menunggu lagi") // one anonymous comment pending since the consultation opened
	if err := db.CountAnonymousComment(ctx, k, "10.0.1.3", 2, 1); !errors.As(err, &le) {
		t.Errorf("past the pending cap: %v, want a limit", err)
	}
	if n := countRows(t, db, "anonymous_comment_counts"); n != 3 {
		t.Errorf("%d anonymous comments counted, want 3", n)
	}
}

// A consultation's summary counts its visible comments only: not those a
// moderator hid, nor those still awaiting moderation.
func TestConsultationSummaryCountsVisibleComments(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	if _, err := db.SQL().Exec(`INSERT INTO consultations (policy_id, version_id, workflow_id, opened_by, opened_at, closes_at, allow_public)
		VALUES ($1, $2, 'uji-ringkasan', $3, now() - interval '1 minute', now() + interval '1 day', true)`, f.policyID, f.versionID, f.users["penyusun"]); err != nil {
		t.Fatal(err)
	}
	for _, st := range []policies.CommentStatus{policies.CommentOpen, policies.CommentResolved, policies.CommentPendingModeration, policies.CommentRejected} {
		if _, err := db.CreateComment(ctx, policies.Comment{PolicyID: f.policyID, VersionID: f.versionID, AuthorName: "Warga", Body: "Komentar " + string(st), Status: st}); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := db.CloseConsultation(ctx, "uji-ringkasan", time.Now(), "early")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Total != 2 {
		t.Errorf("summary counts %d comments, want the 2 visible ones: %+v", sum.Total, sum)
	}
}
