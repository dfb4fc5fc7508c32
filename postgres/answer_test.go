package postgres_test

import (
	"slices"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// The comments of a consultation are its version's visible top-level
// comments made while it ran, and the offline input entered for it; answers
// are drafts until published together, and then immutable.
func TestConsultationAnswers(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	sql := db.SQL()
	drafter, stakeholder := f.users["penyusun"], f.users["akademisi"]
	now := time.Now().UTC()

	comment := func(author *int64, name, status string, parent *int64) int64 {
		t.Helper()
		var id int64
		if err := sql.Get(&id, `INSERT INTO comments (policy_id, version_id, parent_id, section_anchor, author_id, author_name, author_email, body, status)
			VALUES ($1, $2, $3, '', $4, $5, 'warga@contoh.test', 'Masukan '||$5, $6) RETURNING id`, f.policyID, f.versionID, parent, author, name, status); err != nil {
			t.Fatal(err)
		}
		return id
	}
	before := comment(&stakeholder, "Sebelum", "open", nil) // made before the consultation opened
	sql.MustExec(`UPDATE comments SET created_at = now() - interval '3 hours' WHERE id = $1`, before)
	k, _, err := db.OpenConsultation(ctx, policies.Consultation{PolicyID: f.policyID, VersionID: f.versionID, WorkflowID: "k-jawab",
		OpenedBy: drafter, OpenedAt: now.Add(-time.Hour), ClosesAt: now.Add(24 * time.Hour), AllowPublic: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	own := comment(&stakeholder, "Akademisi", "open", nil)
	public := comment(nil, "Warga", "resolved", nil)
	comment(nil, "Reply", "open", &own)                    // a reply: not a comment to answer
	hidden := comment(nil, "Tersembunyi", "rejected", nil) // moderated away
	comment(nil, "Menunggu", "pending_moderation", nil)    // not yet shown

	off, err := db.CreateOfflineInput(ctx, k.ID, drafter, policies.OfflineInput{Channel: policies.ChannelHearing, SourceName: "DPRD Komisi I",
		ReceivedOn: "2026-01-05", Body: "Masukan rapat dengar pendapat"}, time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), "kunci-luring")
	if err != nil {
		t.Fatal(err)
	}
	again, err := db.CreateOfflineInput(ctx, k.ID, drafter, policies.OfflineInput{Channel: policies.ChannelHearing, SourceName: "DPRD Komisi I",
		ReceivedOn: "2026-01-05", Body: "Masukan rapat dengar pendapat"}, time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), "kunci-luring")
	if err != nil || again.ID != off.ID {
		t.Fatalf("offline input retried with its key: %v, id %d want %d", err, again.ID, off.ID)
	}

	ids := func(cs []policies.AnsweredComment) []int64 {
		var out []int64
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	cs, err := db.ConsultationComments(ctx, k.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(cs), []int64{own, public, off.ID}; !slices.Equal(got, want) {
		t.Fatalf("consultation comments %v, want %v (not the earlier %d, replies, hidden %d or pending ones)", got, want, before, hidden)
	}
	if cs[0].Group != policies.GroupOther || cs[1].Group != policies.GroupPublic || cs[2].Offline == nil || cs[2].Offline.Channel != policies.ChannelHearing {
		t.Errorf("groups %q %q, offline %+v: want other (a stakeholder without a group), masyarakat, and the hearing", cs[0].Group, cs[1].Group, cs[2].Offline)
	}

	// Drafting: the comment must be the consultation's (a reason is
	// required: policies.TestAnswerInputValidate).
	_, err = db.DraftAnswer(ctx, k.ID, drafter, policies.AnswerInput{CommentID: before, Disposition: policies.DispositionAccepted, Reason: "Ya"})
	if wantKind(t, err, policies.KindInvalid); fieldOf(err) != "comment_id" {
		t.Errorf("a comment of before the consultation: field %q", fieldOf(err))
	}
	for _, in := range []policies.AnswerInput{
		{CommentID: own, Disposition: policies.DispositionNotAccepted, Reason: "Pertama"},
		{CommentID: own, Disposition: policies.DispositionPartly, Reason: "Sebagian diterima di Pasal 3"},
		{CommentID: off.ID, Disposition: policies.DispositionAccommodated, Reason: "Sudah ada di Pasal 5"},
	} {
		if _, err := db.DraftAnswer(ctx, k.ID, drafter, in); err != nil {
			t.Fatal(err)
		}
	}
	pub, err := db.ConsultationComments(ctx, k.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range pub {
		if c.Answer != nil {
			t.Errorf("comment %d: a draft answer is shown to readers of published answers: %+v", c.ID, c.Answer)
		}
	}
	if n := policies.Unanswered(pub); n != 3 {
		t.Errorf("unanswered before publishing: %d, want 3", n)
	}

	n, err := db.PublishAnswers(ctx, k.ID, drafter)
	if err != nil || n != 2 {
		t.Fatalf("publish: %d, %v; want 2", n, err)
	}
	pub, _ = db.ConsultationComments(ctx, k.ID, false)
	if pub[0].Answer == nil || !pub[0].Answer.Published() || pub[0].Answer.Disposition != policies.DispositionPartly || pub[0].Answer.Reason != "Sebagian diterima di Pasal 3" {
		t.Errorf("published answer %+v", pub[0].Answer)
	}
	if n := policies.Unanswered(pub); n != 1 {
		t.Errorf("unanswered after publishing: %d, want 1 (the public comment)", n)
	}
	// A published answer does not change, by the store or in SQL.
	_, err = db.DraftAnswer(ctx, k.ID, drafter, policies.AnswerInput{CommentID: own, Disposition: policies.DispositionAccepted, Reason: "Ubah"})
	wantKind(t, err, policies.KindConflict)
	if _, err := sql.Exec(`UPDATE comment_answers SET reason = 'x' WHERE comment_id = $1`, own); err == nil {
		t.Error("the database let a published answer change")
	}
	if n, err := db.PublishAnswers(ctx, k.ID, drafter); err != nil || n != 0 {
		t.Errorf("publishing again: %d, %v; want 0", n, err)
	}

	// The unanswered reason: the latest counts.
	if r, err := db.LatestUnansweredReason(ctx, k.ID); err != nil || r != nil {
		t.Fatalf("no reason yet: %+v, %v", r, err)
	}
	for _, reason := range []string{"Pertama", "Komentar warga di luar tenggat"} {
		if err := db.RecordUnansweredReason(ctx, policies.UnansweredReason{ConsultationID: k.ID, Reason: reason, Unanswered: 1, RecordedBy: drafter}); err != nil {
			t.Fatal(err)
		}
	}
	if r, err := db.LatestUnansweredReason(ctx, k.ID); err != nil || r == nil || r.Reason != "Komentar warga di luar tenggat" || r.Unanswered != 1 {
		t.Errorf("latest reason %+v, %v", r, err)
	}
	if v, err := db.SubmittedVersion(ctx, k.ID); err != nil || v != 0 {
		t.Errorf("submitted version before any approval run: %d, %v", v, err)
	}
}
