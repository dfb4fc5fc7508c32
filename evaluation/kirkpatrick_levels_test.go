package evaluation

import (
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

func TestParseLearning(t *testing.T) {
	const a, b = "198501012010011001", "199002022015032002"
	csv := "nip;pra;pasca\n" + a + ";40;85\n" + b + ";101;70\n123;50;x\n" + a + ";10;20\n\n"
	rows, errs, err := ParseLearning(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0] != (LearningRow{Line: 2, NIP: a, Pre: 40, Post: 85}) {
		t.Errorf("rows = %+v, want the one good line", rows)
	}
	want := []struct {
		line  int
		field string
	}{{3, "pra"}, {4, "nip"}, {4, "pasca"}, {5, "nip"}}
	if len(errs) != len(want) {
		t.Fatalf("errors = %+v, want %d", errs, len(want))
	}
	for i, w := range want {
		if errs[i].Line != w.line || errs[i].Field != w.field {
			t.Errorf("error %d = %+v, want line %d field %s", i, errs[i], w.line, w.field)
		}
	}
	if _, _, err := ParseLearning(strings.NewReader("nip,pre,post\n")); policies.KindOf(err) != policies.KindInvalid {
		t.Errorf("a header without pra/pasca: %v, want refused naming the header", err)
	}
}

func TestSummarizeLevels(t *testing.T) {
	s := SummarizeLevels([]policies.ReactionAnswer{{Scores: []int{5, 4, 4, 5, 5}}, {Scores: []int{3, 4, 2, 4, 4}}},
		[]policies.LearningScore{{Pre: 40, Post: 85}, {Pre: 60, Post: 55}, {Pre: 50, Post: 51}},
		[]policies.BehaviourAnswer{{Scores: []int{4, 3, 2, 5}}, {Scores: []int{3, 3, 3, 4}}, {Scores: []int{4, 2}}})
	if s.ReactionCount != 2 || s.ReactionMean != 4 || s.ItemMeans[0] != 4 || s.ItemMeans[2] != 3 {
		t.Errorf("reaction = %v over %d, items %v; want 4 over 2, items 4 … 3", s.ReactionMean, s.ReactionCount, s.ItemMeans)
	}
	// Gains 45, −5, 1: mean 41/3 = 13.666… → 13.67; pre 50, post 63.67.
	if s.LearningCount != 3 || s.MeanGain != 13.67 || s.MeanPre != 50 || s.MeanPost != 63.67 {
		t.Errorf("learning = %+v, want 3 people, pre 50, post 63.67, gain 13.67", s)
	}
	// Behaviour: the short answer is left out; items 3.5, 3, 2.5, 4.5; all 27/8 = 3.375 → 3.38.
	if s.BehaviourCount != 2 || s.BehaviourMean != 3.38 || len(s.BehaviourItemMeans) != 4 || s.BehaviourItemMeans[2] != 2.5 || s.BehaviourItemMeans[3] != 4.5 {
		t.Errorf("behaviour = %v over %d, items %v; want 3.38 over 2, items 3.5 3 2.5 4.5", s.BehaviourMean, s.BehaviourCount, s.BehaviourItemMeans)
	}
	if z := SummarizeLevels(nil, nil, nil); z.ReactionCount != 0 || z.LearningCount != 0 || z.ItemMeans != nil || z.BehaviourCount != 0 {
		t.Errorf("nothing = %+v, want zeros", z)
	}
}
