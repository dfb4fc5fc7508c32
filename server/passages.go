package server

import (
	"context"
	"html/template"
	"slices"
	"time"

	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/textdiff"
)

// Passage comments (issue 12): a comment may quote the passage it is about
// (and suggest a wording for it, suggestions.go); the pages show the quote
// as it was and its state on the version shown.

// passageView is what a page shows of a passage comment: the quote as it
// was, the version it was made on, and its state on the version shown.
type passageView struct {
	Quote         string               `json:"quote"`
	QuotedVersion int                  `json:"quoted_version"`
	State         policies.AnchorState `json:"state"` // "" on the version commented on (or when unknown)
	Diff          template.HTML        `json:"diff"`  // for a changed passage: quote → closest passage, word by word
	// DecidedAt and DecidedVersion: when a suggestion was decided, and the
	// version an accepted one went into.
	DecidedAt      time.Time `json:"decided_at"`
	DecidedVersion int       `json:"decided_version"`
}

// annotateSections gives every passage comment of the sections its quote,
// the version it quotes and its state on the version shown.
func (s *Server) annotateSections(ctx context.Context, policyID int64, sections []sectionView, shown policies.Version) error {
	var all []*threadView
	for i := range sections {
		for j := range sections[i].Threads {
			all = append(all, &sections[i].Threads[j])
		}
	}
	return s.annotate(ctx, policyID, all, shown)
}

// passageSections adds to the policy page's sections those that the version
// shown no longer has but whose comments are among first (their passage is
// removed: shown, not dropped nor moved to other text), titled as the
// version commented on titled them, and annotates every passage comment.
func (s *Server) passageSections(ctx context.Context, policyID int64, sections []sectionView, first []policies.Comment,
	counts map[string]int, shown policies.Version, lang string) ([]sectionView, error) {
	have := map[string]bool{}
	for _, sv := range sections {
		have[sv.ID] = true
	}
	gone := map[string][]policies.Comment{}
	var order []string
	for _, c := range first {
		if have[c.SectionID] {
			continue
		}
		if _, seen := gone[c.SectionID]; !seen {
			order = append(order, c.SectionID)
		}
		gone[c.SectionID] = append(gone[c.SectionID], c)
	}
	if len(order) > 0 {
		vs, err := s.store.Versions(ctx, policyID)
		if err != nil {
			return nil, err
		}
		numbers := map[int64]int{}
		for _, v := range vs {
			numbers[v.ID] = v.Number
		}
		titles := map[int]map[string]string{} // version number → anchor → title
		for _, id := range order {
			n := numbers[gone[id][0].VersionID]
			if titles[n] == nil {
				titles[n] = map[string]string{}
				if v, err := s.store.VersionByNumber(ctx, policyID, n); err == nil {
					for _, sec := range policies.Sections(v.Markdown) {
						titles[n][sec.Anchor] = sec.Title
					}
				}
			}
			title := titles[n][id]
			if title == "" {
				title = messages[lang]["passage_section_unknown"]
			}
			sections = append(sections, sectionView{ID: id, Title: title + " — " + messages[lang]["passage_section_gone"],
				Count: counts[id], Threads: threads(gone[id])})
		}
	}
	return sections, s.annotateSections(ctx, policyID, sections, shown)
}

// annotatePassages is annotateSections for one list of threads.
func (s *Server) annotatePassages(ctx context.Context, policyID int64, ts []threadView, shown policies.Version) error {
	all := make([]*threadView, len(ts))
	for i := range ts {
		all[i] = &ts[i]
	}
	return s.annotate(ctx, policyID, all, shown)
}

func (s *Server) annotate(ctx context.Context, policyID int64, ts []*threadView, shown policies.Version) error {
	if !slices.ContainsFunc(ts, func(t *threadView) bool { return t.Quote != "" }) {
		return nil
	}
	vs, err := s.store.Versions(ctx, policyID)
	if err != nil {
		return err
	}
	numbers := map[int64]int{}
	for _, v := range vs {
		numbers[v.ID] = v.Number
	}
	anchors, err := s.store.PassageAnchors(ctx, shown.ID)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.Quote == "" {
			continue
		}
		t.Passage = passageView{Quote: t.Quote, QuotedVersion: numbers[t.VersionID]}
		if t.At != nil {
			t.Passage.DecidedAt = *t.At
		}
		if t.SuggestionDecision.Version != nil {
			t.Passage.DecidedVersion = *t.SuggestionDecision.Version
		}
		if a, ok := anchors[t.ID]; ok && t.VersionID != shown.ID {
			t.Passage.State = a.State
			if a.State == policies.AnchorChanged {
				t.Passage.Diff = textdiff.HTML(textdiff.Words(t.Quote, a.Passage))
			}
		}
	}
	return nil
}
