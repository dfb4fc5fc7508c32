package policies

import "testing"

func TestReactionToken(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	tok := SignReactionToken(key, "acak")
	if !CheckReactionToken(key, tok) {
		t.Fatal("a token signed with the key is refused")
	}
	for _, bad := range []string{"", "acak", "acak.", "lain" + tok[4:], tok + "x"} {
		if CheckReactionToken(key, bad) {
			t.Errorf("token %q accepted", bad)
		}
	}
	if CheckReactionToken([]byte("kunci-lain-kunci-lain-kunci-lain!"), tok) {
		t.Error("a token signed with another key accepted")
	}
}

func TestReactionAnswerAndScores(t *testing.T) {
	if err := (ReactionAnswer{Scores: []int{5, 4, 3, 2, 1}}).Validate(); err != nil {
		t.Errorf("a full answer: %v", err)
	}
	if err := (ReactionAnswer{Scores: []int{5, 4, 3}}).Validate(); fieldOf(err) != "scores" {
		t.Errorf("a short answer: %v, want field scores", err)
	}
	if err := (ReactionAnswer{Scores: []int{5, 4, 6, 2, 1}}).Validate(); fieldOf(err) != "method" {
		t.Errorf("a 6: %v, want field method", err)
	}
	if err := ValidateTestScore("post", 101); fieldOf(err) != "post" {
		t.Errorf("101: %v, want field post", err)
	}
	if ValidateTestScore("pre", 0) != nil || ValidateTestScore("pre", 100) != nil {
		t.Error("0 and 100 are scores")
	}
	if CheckReactionLinks(ProgramRunning) == nil || CheckReactionLinks(ProgramDone) != nil {
		t.Error("reaction links: only once done")
	}
	if CheckLearningOpen(ProgramCancelled) == nil || CheckLearningOpen(ProgramDone) != nil {
		t.Error("test scores: not for a cancelled program")
	}
	if (LearningScore{Pre: 60, Post: 55}).Gain() != -5 {
		t.Error("gain is post − pre")
	}
}

func fieldOf(err error) string {
	if e, ok := err.(*Error); ok {
		return e.Field
	}
	return ""
}
