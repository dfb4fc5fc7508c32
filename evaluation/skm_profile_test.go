package evaluation

import (
	"fmt"
	"testing"
)

func TestSKMProfileShownNeverBelowFive(t *testing.T) {
	p := SKMProfile{Gender: [2]int{38, 42}, Age: [4]int{3, 40, 30, 7}, Education: [5]int{0, 2, 3, 45, 30}}
	got := fmt.Sprint(p.Shown())
	// Gender as is; age: 3 hidden, and 7 (the smallest other) too, so 3
	// cannot be worked out from 80; education: 2 and 3 hidden, 0 shown.
	want := "[{gender [{male 38 false} {female 42 false}]} {age [{under25 0 true} {25to39 40 false} {40to54 30 false} {55plus 0 true}]} " +
		"{education [{smp 0 false} {sma 0 true} {diploma 0 true} {s1 45 false} {s2 30 false}]}]"
	if got != want {
		t.Errorf("shown =\n%s\nwant\n%s", got, want)
	}
	for _, row := range p.Shown() {
		for _, c := range row.Cells {
			if !c.Suppressed && c.Count > 0 && c.Count < MinProfileCell {
				t.Errorf("%s %s shows %d people", row.Code, c.Code, c.Count)
			}
		}
	}
	if rows := (SKMProfile{}).Shown(); len(rows) != 0 {
		t.Errorf("an empty profile shows %v", rows)
	}
	if err := p.Validate(80); err != nil {
		t.Errorf("valid profile: %v", err)
	}
	if err := (SKMProfile{Gender: [2]int{50, 31}}).Validate(80); err == nil {
		t.Error("81 people of 80 respondents: no error")
	}
	if err := (SKMProfile{Age: [4]int{-1}}).Validate(80); err == nil {
		t.Error("a negative cell: no error")
	}
}
