package policies

import "testing"

func TestLinkToken(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	tok := SignLinkToken(key, PurposeReaction, "acak")
	if !CheckLinkToken(key, PurposeReaction, tok) {
		t.Fatal("a token signed with the key is refused")
	}
	for _, bad := range []string{"", "acak", "acak.", "lain" + tok[4:], tok + "x"} {
		if CheckLinkToken(key, PurposeReaction, bad) {
			t.Errorf("token %q accepted", bad)
		}
	}
	if CheckLinkToken([]byte("kunci-lain-kunci-lain-kunci-lain!"), PurposeReaction, tok) {
		t.Error("a token signed with another key accepted")
	}
	if CheckLinkToken(key, PurposeBehaviour, tok) {
		t.Error("a reaction token opens a behaviour survey")
	}
	d := DerivedLinkToken(key, PurposeBehaviour, 7)
	if d != DerivedLinkToken(key, PurposeBehaviour, 7) || !CheckLinkToken(key, PurposeBehaviour, d) {
		t.Error("a derived token is not stable or not signed")
	}
	if d == DerivedLinkToken(key, PurposeBehaviour, 8) || d == DerivedLinkToken(nil, PurposeBehaviour, 7) || d == DerivedLinkToken(key, PurposeReaction, 7) {
		t.Error("derived tokens of another participant, key or purpose coincide")
	}
	if len(HashLinkToken(d)) != 64 {
		t.Error("the stored hash is hex SHA-256")
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
