package postgres_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

func TestComments(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	top, err := db.CreateComment(ctx, policies.Comment{
		PolicyID: f.policyID, VersionID: f.versionID, SectionID: "pendahuluan",
		AuthorID: int64p(f.users["akademisi"]), AuthorName: "Akademisi Universitas",
		AuthorEmail: "akademisi.sawahlunto@policyflow.test", Body: "Mohon tambahkan data kebutuhan pelatihan.",
	})
	if err != nil {
		t.Fatalf("CreateComment: %v", err)
	}
	if top.ID == 0 || top.Status != "open" || top.CreatedAt.IsZero() {
		t.Errorf("CreateComment = id %d status %q created %v; want an id, status open, a time", top.ID, top.Status, top.CreatedAt)
	}
	reply, err := db.CreateComment(ctx, policies.Comment{
		PolicyID: f.policyID, VersionID: f.versionID, ParentID: &top.ID, SectionID: "pendahuluan",
		AuthorID: int64p(f.users["penyusun"]), AuthorName: "Penyusun BKPSDM", Body: "Sudah ditambahkan di versi berikut.",
		Status: "resolved",
	})
	if err != nil {
		t.Fatalf("CreateComment reply: %v", err)
	}

	other := policyIDBySlug(t, db, "bukittinggi-peningkatan-kualitas-asn")
	refuses(t, "refused", policies.Comment{PolicyID: f.policyID, VersionID: f.versionID, SectionID: "tujuan", AuthorName: "Warga", Body: "Komentar."},
		func(_ string, c policies.Comment) error { _, err := db.CreateComment(ctx, c); return err },
		[]refusal[policies.Comment]{
			{"section anchor with markup", func(c *policies.Comment) { c.SectionID = "a b<script>" }, policies.KindInvalid},
			{"empty body", func(c *policies.Comment) { c.Body = "" }, policies.KindInvalid},
			{"no author name", func(c *policies.Comment) { c.AuthorName = "" }, policies.KindInvalid},
			{"unknown status", func(c *policies.Comment) { c.Status = "deleted" }, policies.KindInvalid},
			{"version of another policy", func(c *policies.Comment) { c.PolicyID = other }, policies.KindNotFound},
			{"unknown parent", func(c *policies.Comment) { c.ParentID = int64p(987654) }, policies.KindNotFound},
		},
	)

	cs, err := commentsOf(ctx, db, f.policyID)
	wantList(t, "commentsOf", "comments", 2, cs, err)
	if cs[0].ID != top.ID || cs[0].ParentID != nil || cs[0].Body != top.Body || cs[0].SectionID != "pendahuluan" {
		t.Errorf("first comment = %+v, want the top-level one %+v", cs[0], top)
	}
	if cs[1].ID != reply.ID || cs[1].ParentID == nil || *cs[1].ParentID != top.ID || cs[1].Status != "resolved" {
		t.Errorf("second comment = %+v, want a resolved reply to %d", cs[1], top.ID)
	}
	if cs[0].AuthorID == nil || *cs[0].AuthorID != f.users["akademisi"] || cs[0].AuthorEmail != "akademisi.sawahlunto@policyflow.test" {
		t.Errorf("first comment author = %v %q, want %d and its email", cs[0].AuthorID, cs[0].AuthorEmail, f.users["akademisi"])
	}
}

func TestCommentThreads(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	comment := func(versionID int64, parent *int64, section string, status policies.CommentStatus, body string) policies.Comment {
		t.Helper()
		c, err := db.CreateComment(ctx, policies.Comment{
			PolicyID: f.policyID, VersionID: versionID, ParentID: parent, SectionID: section,
			AuthorID: int64p(f.users["akademisi"]), AuthorName: "Akademisi Universitas", Body: body, Status: status,
		})
		if err != nil {
			t.Fatalf("CreateComment %q: %v", body, err)
		}
		return c
	}
	v1 := f.versionID
	t1 := comment(v1, nil, "pendahuluan", "", "t1")
	t2 := comment(v1, nil, "pendahuluan", "", "t2")
	t3 := comment(v1, nil, "tujuan", "", "t3")
	t4 := comment(v1, nil, "pendahuluan", "pending_moderation", "t4")
	comment(v1, nil, "pendahuluan", "rejected", "t5")
	r1 := comment(v1, &t1.ID, "pendahuluan", "", "r1")
	r2 := comment(v1, &t1.ID, "pendahuluan", "resolved", "r2")
	comment(v1, &t1.ID, "pendahuluan", "pending_moderation", "r3")
	r4 := comment(v1, &t2.ID, "pendahuluan", "", "r4")
	v2, err := db.CreateVersion(ctx, f.policyID, 1, "# Judul\n\n## Pendahuluan\n\nVersi dua.\n", f.users["penyusun"], "v2")
	if err != nil {
		t.Fatal(err)
	}
	t6 := comment(v2.ID, nil, "pendahuluan", "", "t6")
	// Another policy's comments count nowhere here.
	other := policyIDBySlug(t, db, "bukittinggi-peningkatan-kualitas-asn")
	ov, err := db.CurrentVersion(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateComment(ctx, policies.Comment{PolicyID: other, VersionID: ov.ID, SectionID: "pendahuluan", AuthorName: "Warga", Body: "lain"}); err != nil {
		t.Fatal(err)
	}

	bodies := func(cs []policies.Comment) []string {
		out := []string{}
		for _, c := range cs {
			out = append(out, c.Body)
		}
		return out
	}
	threads := func(t *testing.T, section string, after int64, limit int) []string {
		t.Helper()
		cs, err := db.Threads(ctx, f.policyID, 0, section, after, limit)
		if err != nil {
			t.Fatalf("Threads: %v", err)
		}
		if cs == nil {
			t.Errorf("Threads returned nil, want an empty slice at least")
		}
		return bodies(cs)
	}
	counts := func(t *testing.T) map[string]int {
		t.Helper()
		m, err := db.CommentCounts(ctx, f.policyID, 0)
		if err != nil {
			t.Fatalf("CommentCounts: %v", err)
		}
		return m
	}

	t.Run("counts", func(t *testing.T) {
		if got, want := counts(t), map[string]int{"pendahuluan": 6, "tujuan": 1}; !reflect.DeepEqual(got, want) {
			t.Errorf("CommentCounts = %v, want %v", got, want)
		}
		empty, err := db.CommentCounts(ctx, policyIDBySlug(t, db, "pangkalpinang-pengembangan-kompetensi-asn"), 0)
		if err != nil || empty == nil || len(empty) != 0 {
			t.Errorf("CommentCounts of a policy without comments = %v, %v; want an empty map", empty, err)
		}
	})

	t.Run("threads", func(t *testing.T) {
		for _, tc := range []struct {
			name    string
			section string
			after   int64
			limit   int
			want    []string
		}{
			{"section", "pendahuluan", 0, 20, []string{"t1", "r1", "r2", "t2", "r4", "t6"}},
			{"default limit", "pendahuluan", 0, 0, []string{"t1", "r1", "r2", "t2", "r4", "t6"}},
			{"first page", "pendahuluan", 0, 2, []string{"t1", "r1", "r2", "t2", "r4"}},
			{"second page", "pendahuluan", t2.ID, 2, []string{"t6"}},
			{"past the end", "pendahuluan", t6.ID, 2, []string{}},
			{"other section", "tujuan", 0, 20, []string{"t3"}},
			{"unknown section", "penutup", 0, 20, []string{}},
			{"all sections", policies.AllSections, 0, 100, []string{"t1", "r1", "r2", "t2", "r4", "t3", "t6"}},
			{"all sections, page", policies.AllSections, t1.ID, 2, []string{"t2", "r4", "t3"}},
			{"the general section only", "", 0, 100, []string{}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if got := threads(t, tc.section, tc.after, tc.limit); !reflect.DeepEqual(got, tc.want) {
					t.Errorf("Threads(%q, after %d, limit %d) = %v, want %v", tc.section, tc.after, tc.limit, got, tc.want)
				}
			})
		}
		cs, err := db.Threads(ctx, f.policyID, 0, "pendahuluan", 0, 20)
		if err != nil {
			t.Fatal(err)
		}
		if cs[1].ParentID == nil || *cs[1].ParentID != t1.ID || cs[0].ParentID != nil || cs[1].ID != r1.ID || cs[2].ID != r2.ID || cs[4].ID != r4.ID {
			t.Errorf("thread structure wrong: %+v", cs)
		}
		if cs[5].VersionID != v2.ID || cs[0].VersionID != v1 || cs[0].AuthorName != "Akademisi Universitas" {
			t.Errorf("comments carry wrong versions or authors: %+v", cs)
		}
	})

	t.Run("comment by id", func(t *testing.T) {
		c, err := db.CommentByID(ctx, r2.ID)
		if err != nil {
			t.Fatalf("CommentByID: %v", err)
		}
		if c.Body != "r2" || c.Status != "resolved" || c.ParentID == nil || *c.ParentID != t1.ID || c.PolicyID != f.policyID {
			t.Errorf("CommentByID = %+v, want r2, a resolved reply to %d", c, t1.ID)
		}
		_, err = db.CommentByID(ctx, 987654)
		wantKind(t, err, policies.KindNotFound)
	})

	t.Run("status changes", func(t *testing.T) {
		resolver := f.users["penyusun"]
		resolution := func() (*int64, *time.Time) {
			t.Helper()
			var row struct {
				By *int64     `db:"resolved_by"`
				At *time.Time `db:"resolved_at"`
			}
			if err := db.SQL().GetContext(ctx, &row, `SELECT resolved_by, resolved_at FROM comments WHERE id = $1`, t1.ID); err != nil {
				t.Fatal(err)
			}
			return row.By, row.At
		}
		c, err := db.SetCommentStatus(ctx, t1.ID, "resolved", resolver)
		if err != nil {
			t.Fatalf("SetCommentStatus resolved: %v", err)
		}
		if c.ID != t1.ID || c.Status != "resolved" || c.Body != "t1" {
			t.Errorf("SetCommentStatus = %+v, want t1 resolved", c)
		}
		if by, at := resolution(); by == nil || *by != resolver || at == nil {
			t.Errorf("resolved by %v at %v, want %d and a time", by, at, resolver)
		}
		if c, err := db.SetCommentStatus(ctx, t1.ID, "open", resolver); err != nil || c.Status != "open" {
			t.Fatalf("SetCommentStatus open = %+v, %v", c, err)
		}
		if by, at := resolution(); by != nil || at != nil {
			t.Errorf("reopened comment resolved by %v at %v, want neither", by, at)
		}

		// Approving a held comment shows it; rejecting one hides it.
		if _, err := db.SetCommentStatus(ctx, t4.ID, "open", resolver); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetCommentStatus(ctx, r1.ID, "rejected", resolver); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetCommentStatus(ctx, t3.ID, "pending_moderation", resolver); err != nil {
			t.Fatal(err)
		}
		if got, want := threads(t, policies.AllSections, 0, 100), []string{"t1", "r2", "t2", "r4", "t4", "t6"}; !reflect.DeepEqual(got, want) {
			t.Errorf("Threads after moderation = %v, want %v", got, want)
		}
		if got, want := counts(t), map[string]int{"pendahuluan": 6}; !reflect.DeepEqual(got, want) {
			t.Errorf("CommentCounts after moderation = %v, want %v", got, want)
		}

		// An unknown status: policies.TestCommentStatusValidateManualStatus.
		_, err = db.SetCommentStatus(ctx, 987654, "resolved", resolver)
		wantKind(t, err, policies.KindNotFound)
	})
}

// FirstThreads gives every section's first threads with their replies in
// one query, in the order the page shows them.
func TestFirstThreads(t *testing.T) {
	f := seeded(t)
	ctx := t.Context()
	add := func(section, body string, parent *int64) policies.Comment {
		t.Helper()
		c, err := f.db.CreateComment(ctx, policies.Comment{PolicyID: f.policyID, VersionID: f.versionID, SectionID: section,
			ParentID: parent, AuthorName: "Uji", Body: body})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	var firstA policies.Comment
	for i := 0; i < 7; i++ {
		c := add("pendahuluan", fmt.Sprintf("a%d", i), nil)
		if i == 0 {
			firstA = c
		}
	}
	add("pendahuluan", "balasan a0", &firstA.ID)
	add("tujuan-kebijakan", "b0", nil)
	add("tujuan-kebijakan", "b1", nil)
	cs, err := f.db.FirstThreads(ctx, f.policyID, 0, 5)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cs {
		got = append(got, c.Body)
	}
	want := "[a0 balasan a0 a1 a2 a3 a4 b0 b1]"
	if fmt.Sprint(got) != want {
		t.Errorf("FirstThreads = %v, want %s", got, want)
	}
}
