package postgres_test

import (
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

const passageV2 = `# Kebijakan Kompetensi

## Pendahuluan

ASN wajib mengikuti pelatihan minimal 20 JP per tahun.

## Tujuan

Meningkatkan kompetensi dan kinerja ASN.

## Penutup

Kebijakan ini berlaku sejak ditetapkan.
`

// TestPassageComments: a passage comment keeps its quote; each new version
// gives every open passage comment its state there (still applies, changed
// with the closest passage, removed), in the transaction that saves it;
// suggestions are accepted into one version or declined with a reason.
func TestPassageComments(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	drafter := f.users["penyusun"]
	v2, err := db.CreateVersion(ctx, f.policyID, 1, passageV2, drafter, "Teks untuk konsultasi")
	if err != nil {
		t.Fatal(err)
	}
	comment := func(section, quote, suggestion string, author string) policies.Comment {
		t.Helper()
		c, err := db.CreateComment(ctx, policies.Comment{PolicyID: f.policyID, VersionID: v2.ID, SectionID: section,
			AuthorID: int64p(f.users[author]), AuthorName: author, Body: "Komentar " + quote, Quote: quote, Suggestion: suggestion})
		if err != nil {
			t.Fatalf("CreateComment %q: %v", quote, err)
		}
		return c
	}
	stays := comment("pendahuluan", "wajib mengikuti pelatihan", "", "akademisi")
	changes := comment("tujuan", "kompetensi dan kinerja ASN", "kompetensi, integritas dan kinerja ASN", "akademisi")
	removed := comment("penutup", "berlaku sejak ditetapkan", "berlaku sejak diundangkan", "opd")
	got, err := db.CommentByID(ctx, changes.ID)
	if err != nil || got.Quote != "kompetensi dan kinerja ASN" || got.Suggestion != "kompetensi, integritas dan kinerja ASN" || got.VersionID != v2.ID {
		t.Fatalf("CommentByID = %+v, %v; want the quote and suggestion stored with version %d", got, err, v2.ID)
	}
	if _, err := db.CreateComment(ctx, policies.Comment{PolicyID: f.policyID, VersionID: v2.ID, SectionID: "tujuan",
		AuthorName: "Warga", Body: "x", Suggestion: "tanpa kutipan"}); !policies.IsKind(err, policies.KindInvalid) {
		t.Errorf("suggestion without a quote: %v; want refused as invalid", err)
	}

	v3md := strings.Replace(passageV2, "kompetensi dan kinerja ASN", "kompetensi serta kinerja seluruh ASN", 1)
	v3md = strings.Replace(v3md, "## Penutup\n\nKebijakan ini berlaku sejak ditetapkan.\n", "", 1)
	v3, err := db.CreateVersion(ctx, f.policyID, 2, v3md, drafter, "Revisi")
	if err != nil {
		t.Fatal(err)
	}
	anchors, err := db.PassageAnchors(ctx, v3.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a := anchors[stays.ID]; a.State != policies.AnchorApplies {
		t.Errorf("unchanged passage: %+v; want applies", a)
	}
	if a := anchors[changes.ID]; a.State != policies.AnchorChanged || a.Passage != "kompetensi serta kinerja seluruh ASN." {
		t.Errorf("changed passage: %+v; want changed with the closest passage", a)
	}
	if a := anchors[removed.ID]; a.State != policies.AnchorRemoved {
		t.Errorf("removed section: %+v; want removed", a)
	}
	if len(anchors) != 3 {
		t.Errorf("anchors on version 3: %d; want 3 (one per open passage comment)", len(anchors))
	}
	if old, err := db.PassageAnchors(ctx, v2.ID); err != nil || len(old) != 0 {
		t.Errorf("anchors on the version commented on: %v, %v; want none", old, err)
	}

	t.Run("decline needs a reason, once", func(t *testing.T) {
		// The reason is required: policies.TestDeclineReason.
		c, err := db.DeclineSuggestion(ctx, removed.ID, drafter, "Penyusun", "Bagian penutup dihapus")
		if err != nil || c.SuggestionDecision.State != policies.SuggestionDeclined || c.Reason != "Bagian penutup dihapus" || c.At == nil || c.ByName != "Penyusun" {
			t.Fatalf("DeclineSuggestion = %+v, %v", c.SuggestionDecision, err)
		}
		_, err = db.DeclineSuggestion(ctx, removed.ID, drafter, "Penyusun", "lagi")
		wantKind(t, err, policies.KindConflict)
	})

	t.Run("accept makes one version", func(t *testing.T) {
		other := comment("pendahuluan", "minimal 20 JP", "minimal 24 JP", "opd")
		before := countRows(t, db, "policy_versions")
		// A stale base refuses the whole acceptance.
		_, err := db.AcceptSuggestions(ctx, f.policyID, 2, []int64{other.ID}, v3md, drafter, "Penyusun", "x")
		wantKind(t, err, policies.KindConflict)
		// A decided suggestion among them refuses it too, saving nothing.
		_, err = db.AcceptSuggestions(ctx, f.policyID, 3, []int64{other.ID, removed.ID}, v3md+"\nx\n", drafter, "Penyusun", "x")
		wantKind(t, err, policies.KindConflict)
		if n := countRows(t, db, "policy_versions"); n != before {
			t.Fatalf("versions after refused acceptance: %d; want %d", n, before)
		}
		v4md := strings.Replace(v3md, "minimal 20 JP", "minimal 24 JP", 1)
		v4, err := db.AcceptSuggestions(ctx, f.policyID, 3, []int64{other.ID}, v4md, drafter, "Penyusun", "Usulan opd diterima")
		if err != nil || v4.Number != 4 || v4.Markdown != v4md {
			t.Fatalf("AcceptSuggestions = %+v, %v", v4, err)
		}
		c, err := db.CommentByID(ctx, other.ID)
		if err != nil || c.SuggestionDecision.State != policies.SuggestionAccepted || c.Version == nil || *c.Version != 4 || c.By == nil || *c.By != drafter {
			t.Fatalf("accepted suggestion = %+v, %v", c.SuggestionDecision, err)
		}
		// The new version re-anchors too: the accepted passage has changed.
		anchors, err := db.PassageAnchors(ctx, v4.ID)
		if err != nil || anchors[other.ID].State != policies.AnchorChanged || anchors[stays.ID].State != policies.AnchorApplies {
			t.Errorf("anchors on version 4 = %+v, %v", anchors, err)
		}
		list, err := db.Suggestions(ctx, f.policyID)
		if err != nil || len(list) != 3 || list[0].ID != changes.ID || list[0].SuggestionDecision.State != "" {
			t.Errorf("Suggestions = %d rows (first %+v), %v; want 3, the undecided one first", len(list), list, err)
		}
	})
}
