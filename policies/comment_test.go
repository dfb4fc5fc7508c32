package policies

import "testing"

func TestOnlyAnOpenCommentCanBeResolved(t *testing.T) {
	for _, from := range []CommentStatus{CommentOpen, CommentResolved, CommentPendingModeration, CommentRejected} {
		err := Comment{Status: from}.CheckStatusChange(CommentResolved)
		if (from == CommentOpen) != (err == nil) {
			t.Errorf("resolve from %q: err = %v", from, err)
		}
		if err != nil && KindOf(err) != KindConflict {
			t.Errorf("resolve from %q: kind %q, want conflict", from, KindOf(err))
		}
		if err := (Comment{Status: from}).CheckStatusChange(CommentOpen); err != nil {
			t.Errorf("reopen from %q: %v", from, err)
		}
	}
	if CommentStatus("closed").Valid() || !CommentPendingModeration.Valid() {
		t.Error("Valid does not match the four statuses")
	}
}
