package policies

// Honest participation figures of a consultation's report (issue 26): how
// many comments got a published answer, how many answers accepted them and,
// of those, how many sit in a section whose text the compared version
// actually changed (the record shows no more than that: an answer says
// "accepted", the diff shows whether its section moved); online against
// offline input; the same by stakeholder group; and how many comments the
// automatic grouping folded, said as such.

// Share is a count out of a whole, with its percentage (one decimal; 0
// when the whole is 0).
type Share struct {
	Count   int     `json:"count"`
	Of      int     `json:"of"`
	Percent float64 `json:"percent"`
}

func share(n, of int) Share {
	s := Share{Count: n, Of: of}
	if of > 0 {
		s.Percent = float64(n*1000/of) / 10
	}
	return s
}

// GroupFigures are one stakeholder group's figures ("offline" for all
// offline input); Label is the reader's name for it, filled in by the web
// layer.
type GroupFigures struct {
	Key      string `json:"group"`
	Label    string `json:"label"`
	Comments int    `json:"comments"`
	Answered Share  `json:"answered"`
	Accepted Share  `json:"accepted"`
}

// Participation are the report's figures.
type Participation struct {
	Comments int   `json:"comments"`
	Answered Share `json:"answered"` // a published answer, of the comments
	Accepted Share `json:"accepted"` // accepted or partly, of the answered
	// Changed is, of the accepted, those whose section's text differs in
	// the compared version; nil when no version is compared yet.
	Changed *Share         `json:"changed,omitempty"`
	Online  Share          `json:"online"`
	Offline Share          `json:"offline"`
	Groups  []GroupFigures `json:"groups"`
	// Folded comments were folded by the automatic grouping (campaigns,
	// near-duplicates) into the positions shown with them.
	Folded int `json:"folded_automatically"`
}

// accepted reports whether an answer accepted its comment, wholly or in part.
func accepted(a *Answer) bool {
	return a != nil && a.Published() && (a.Disposition == DispositionAccepted || a.Disposition == DispositionPartly)
}

// Figures counts the report's figures from its comments (cs), its sections
// as placed (secs: their diffs against the compared version, compared
// telling whether there is one) and the comments folded.
func Figures(cs []AnsweredComment, secs []ReportSection, compared bool, folded int) Participation {
	changed := map[string]bool{}
	known := map[string]bool{}
	for _, s := range secs {
		known[s.Anchor] = true
		changed[s.Anchor] = s.Inserted+s.Deleted > 0 || s.Removed || s.Added
	}
	var answered, acc, accChanged, offline int
	groups := map[string]*GroupFigures{}
	var order []string
	for _, g := range GroupKinds {
		order = append(order, string(g))
	}
	order = append(order, "offline")
	for _, k := range order {
		groups[k] = &GroupFigures{Key: k}
	}
	for _, c := range cs {
		key := string(c.Group)
		if c.Offline != nil {
			key = "offline"
			offline++
		}
		g := groups[key]
		if g == nil {
			g = &GroupFigures{Key: key}
			groups[key] = g
			order = append(order, key)
		}
		g.Comments++
		if c.Answer == nil || !c.Answer.Published() {
			continue
		}
		answered++
		g.Answered.Count++
		if !accepted(c.Answer) {
			continue
		}
		acc++
		g.Accepted.Count++
		anchor := c.SectionID
		if !known[anchor] {
			anchor = "" // placed with the general comments
		}
		if changed[anchor] {
			accChanged++
		}
	}
	p := Participation{Comments: len(cs), Answered: share(answered, len(cs)), Accepted: share(acc, answered),
		Online: share(len(cs)-offline, len(cs)), Offline: share(offline, len(cs)), Folded: folded}
	if compared {
		s := share(accChanged, acc)
		p.Changed = &s
	}
	for _, k := range order {
		g := groups[k]
		g.Answered = share(g.Answered.Count, g.Comments)
		g.Accepted = share(g.Accepted.Count, g.Answered.Count)
		p.Groups = append(p.Groups, *g)
	}
	return p
}
