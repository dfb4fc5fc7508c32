package policies

import (
	"strings"
	"testing"
	"time"
)

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

func TestResultIndicator(t *testing.T) {
	now := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	nine, later := 9.0, now.Add(48*time.Hour)
	for _, c := range []struct {
		name  string
		in    ResultInput
		field string
	}{
		{"good, lower is better", ResultInput{Indicator: "Waktu layanan", UnitOfMeasure: "hari", Baseline: 14, Target: 7, LowerIsBetter: true}, ""},
		{"no name", ResultInput{Indicator: "  ", UnitOfMeasure: "hari", Baseline: 1, Target: 2}, "indicator"},
		{"no unit", ResultInput{Indicator: "X", Baseline: 1, Target: 2}, "unit_of_measure"},
		{"target below a higher-is-better baseline", ResultInput{Indicator: "X", UnitOfMeasure: "%", Baseline: 50, Target: 40}, "target"},
		{"target equal to the baseline", ResultInput{Indicator: "X", UnitOfMeasure: "%", Baseline: 50, Target: 50}, "target"},
		{"a value without its day", ResultInput{Indicator: "X", UnitOfMeasure: "%", Baseline: 50, Target: 60, Actual: &nine}, "measured_on"},
		{"measured in the future", ResultInput{Indicator: "X", UnitOfMeasure: "%", Baseline: 50, Target: 60, Actual: &nine, MeasuredOn: &later}, "measured_on"},
	} {
		if err := c.in.Validate(now); fieldOf(err) != c.field {
			t.Errorf("%s: %v, want field %q", c.name, err, c.field)
		}
	}
	lower := ResultInput{Baseline: 14, Target: 7, LowerIsBetter: true, Actual: &nine}
	if lower.Reached() {
		t.Error("9 days against a target of 7 (lower is better) reached")
	}
	higher := ResultInput{Baseline: 5, Target: 8, Actual: &nine}
	if !higher.Reached() || (ResultInput{Target: 8}).Reached() {
		t.Error("9 against 8 (higher is better) not reached, or no value reached")
	}
	if CheckResultOpen(ProgramPlanned, false) != nil || CheckResultOpen(ProgramPlanned, true) == nil || CheckResultOpen(ProgramCancelled, false) == nil {
		t.Error("an indicator is set from planned, its value only once done, nothing once cancelled")
	}
	if err := (BehaviourAnswer{Scores: []int{5, 4, 3, 2}, Example: strings.Repeat("a", MaxBehaviourExample+1)}).Validate(); fieldOf(err) != "example" {
		t.Errorf("a long example: %v, want field example", err)
	}
}
