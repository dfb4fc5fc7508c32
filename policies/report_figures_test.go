package policies

import (
	"testing"
	"time"
)

// The report's figures: answered of all, accepted of the answered, of the
// accepted those whose section changed (none known without a compared
// version), online against offline, and the same by group; draft answers
// count as unanswered.
func TestFigures(t *testing.T) {
	now := time.Now()
	pub := func(d Disposition) *Answer { return &Answer{Disposition: d, PublishedAt: &now} }
	draft := &Answer{Disposition: DispositionAccepted}
	cs := []AnsweredComment{
		{Comment: Comment{ID: 1, SectionID: "tujuan"}, Group: GroupAcademics, Answer: pub(DispositionAccepted)},      // accepted, section changed
		{Comment: Comment{ID: 2, SectionID: "ruang-lingkup"}, Group: GroupAcademics, Answer: pub(DispositionPartly)}, // accepted, section unchanged
		{Comment: Comment{ID: 3, SectionID: "tujuan"}, Group: GroupPublic, Answer: pub(DispositionNotAccepted)},
		{Comment: Comment{ID: 4, SectionID: "hilang"}, Group: GroupPublic, Answer: pub(DispositionAccepted)}, // unknown section: the general part, unchanged
		{Comment: Comment{ID: 5}, Group: GroupOther, Offline: &Offline{Channel: ChannelLetter}, Answer: draft},
		{Comment: Comment{ID: 6}, Group: GroupOther, Offline: &Offline{Channel: ChannelFGD}},
	}
	secs := []ReportSection{{Anchor: ""}, {Anchor: "tujuan", Inserted: 3}, {Anchor: "ruang-lingkup"}}
	f := Figures(cs, secs, true, 2)
	if f.Comments != 6 || f.Answered != (Share{4, 6, 66.6}) || f.Accepted != (Share{3, 4, 75}) || f.Changed == nil || *f.Changed != (Share{1, 3, 33.3}) {
		t.Errorf("figures %+v (changed %+v), want 4 of 6 answered, 3 of 4 accepted, 1 of 3 changed", f, f.Changed)
	}
	if f.Online != (Share{4, 6, 66.6}) || f.Offline != (Share{2, 6, 33.3}) || f.Folded != 2 {
		t.Errorf("online %+v offline %+v folded %d, want 4 and 2 of 6, 2 folded", f.Online, f.Offline, f.Folded)
	}
	want := map[string]GroupFigures{
		"akademisi":  {Key: "akademisi", Comments: 2, Answered: Share{2, 2, 100}, Accepted: Share{2, 2, 100}},
		"masyarakat": {Key: "masyarakat", Comments: 2, Answered: Share{2, 2, 100}, Accepted: Share{1, 2, 50}},
		"offline":    {Key: "offline", Comments: 2, Answered: Share{0, 2, 0}, Accepted: Share{0, 0, 0}},
		"praktisi":   {Key: "praktisi"},
	}
	for _, g := range f.Groups {
		if w, ok := want[g.Key]; ok && g != w {
			t.Errorf("group %s: %+v, want %+v", g.Key, g, w)
		}
	}
	if f := Figures(cs, secs, false, 0); f.Changed != nil {
		t.Errorf("no compared version: changed %+v, want none", f.Changed)
	}
}
