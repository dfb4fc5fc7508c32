package policies

import "testing"

func TestLearningRuleJP(t *testing.T) {
	for _, c := range []struct {
		rule                      LearningRule
		minutes, activities, want int
	}{
		{DefaultLearningRule(LearningCoaching), 134, 2, 2}, // 1 JP per 45 minutes, rounded down
		{DefaultLearningRule(LearningCoaching), 135, 2, 3},
		{LearningRule{Kind: LearningMentoring, Basis: BasisActivity, PerMinutes: 45, JP: 2, MaxJP: 5}, 999, 2, 4},
		{LearningRule{Kind: LearningMentoring, Basis: BasisActivity, PerMinutes: 45, JP: 2, MaxJP: 5}, 0, 4, 5}, // capped
		{LearningRule{Kind: LearningSelfStudy, Basis: BasisMinutes, PerMinutes: 60, JP: 2, MaxJP: 0}, 150, 1, 4},
		{LearningRule{Kind: LearningSelfStudy, Basis: BasisMinutes, PerMinutes: 60, JP: 0}, 600, 1, 0},
	} {
		if got := c.rule.JPOf(c.minutes, c.activities); got != c.want {
			t.Errorf("%+v.JPOf(%d, %d) = %d, want %d", c.rule, c.minutes, c.activities, got, c.want)
		}
	}
}

func TestLearningTableAndValidation(t *testing.T) {
	set := []LearningRule{{Kind: LearningELearning, Basis: BasisActivity, PerMinutes: 45, JP: 3}}
	table := LearningTable(set)
	if len(table) != len(LearningKinds) || table[2] != set[0] || table[0] != DefaultLearningRule(LearningCoaching) {
		t.Errorf("LearningTable = %+v", table)
	}
	for _, c := range []struct {
		in    LearningRules
		field string
	}{
		{LearningRules{Rules: []LearningRule{{Kind: "rapat", Basis: BasisMinutes, PerMinutes: 45, JP: 1}}}, "rules.kind"},
		{LearningRules{Rules: []LearningRule{{Kind: LearningCoaching, Basis: "jam", PerMinutes: 45, JP: 1}}}, "rules.coaching.basis"},
		{LearningRules{Rules: []LearningRule{{Kind: LearningCoaching, Basis: BasisMinutes, PerMinutes: 0, JP: 1}}}, "rules.coaching.per_minutes"},
		{LearningRules{Rules: []LearningRule{{Kind: LearningCoaching, Basis: BasisMinutes, PerMinutes: 45, JP: 1, MaxJP: -1}}}, "rules.coaching.max_jp"},
		{LearningRules{Rules: []LearningRule{DefaultLearningRule(LearningCoaching), DefaultLearningRule(LearningCoaching)}}, "rules.coaching"},
	} {
		err := c.in.Validate()
		if e, ok := err.(*Error); !ok || e.Field != c.field {
			t.Errorf("%+v: %v, want a refusal on %s", c.in, err, c.field)
		}
	}
	in := LearningInput{NIP: "19850312 2010 01 1 002", Kind: LearningSelfStudy, Title: " Kursus ", HeldOn: "2026-02-30", Minutes: 60, Proof: "Sertifikat"}
	if _, err := in.Validate(); err == nil || err.(*Error).Field != "held_on" {
		t.Errorf("a date that is no date: %v, want a refusal on held_on", err)
	}
	in.HeldOn = "2026-02-28"
	if day, err := in.Validate(); err != nil || in.NIP != "198503122010011002" || in.Title != "Kursus" || day.Day() != 28 {
		t.Errorf("Validate = %v, %v, in %+v", day, err, in)
	}
}
