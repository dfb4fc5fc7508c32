package postgres_test

import (
	"fmt"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

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
