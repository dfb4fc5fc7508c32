package evaluation

import (
	"cmp"
	"slices"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// JPEntry is one civil servant's participation in one program.
type JPEntry struct {
	NIP       string
	Name      string
	UnitCode  string
	Date      time.Time // when the program ends (a date); its year is the ledger year
	JP        int
	Completed bool
	Learning  bool // non-classical learning converted to JP (always completed)
}

// LedgerPerson is one civil servant of the region's roster.
type LedgerPerson struct {
	NIP      string
	Name     string
	UnitCode string
	Kind     policies.ASNKind
}

// JPRule is the region's yearly JP rule for one ASN kind: a minimum and an
// optional maximum (0: none).
type JPRule struct {
	Minimum int `json:"minimum"`
	Maximum int `json:"maximum,omitempty"`
}

// LedgerStatus says how a civil servant stands against their minimum.
type LedgerStatus string

// The statuses, from best to worst.
const (
	StatusMet     LedgerStatus = "met"      // JP ≥ minimum
	StatusOnTrack LedgerStatus = "on_track" // JP + planned hours ≥ minimum
	StatusAtRisk  LedgerStatus = "at_risk"  // some JP, not enough even with what is planned
	StatusZero    LedgerStatus = "zero"     // no JP at all and not enough planned
)

// LedgerStatuses lists every status, best first.
var LedgerStatuses = []LedgerStatus{StatusMet, StatusOnTrack, StatusAtRisk, StatusZero}

// LedgerInput is what a region's ledger is computed from.
type LedgerInput struct {
	Year    int
	Today   time.Time // the region's today, as a date: a program not completed that ends on or after it is planned
	Roster  []LedgerPerson
	Entries []JPEntry
	Rules   map[policies.ASNKind]JPRule // a kind without a rule follows the PNS rule
}

// LedgerInputOf is the input of a region's ledger for year from what the
// store read (policies.JPLedgerSource): its active roster, JP totals, and
// non-classical learning converted to completed JP by the region's table
// (one entry per person and kind, dated its latest activity).
func LedgerInputOf(year int, today time.Time, rules map[policies.ASNKind]JPRule, src policies.JPLedgerSource) LedgerInput {
	in := LedgerInput{Year: year, Today: today, Rules: rules,
		Roster: make([]LedgerPerson, len(src.Roster)), Entries: make([]JPEntry, len(src.Totals), len(src.Totals)+len(src.Learning))}
	for i, p := range src.Roster {
		in.Roster[i] = LedgerPerson{NIP: p.NIP, Name: p.Name, UnitCode: p.UnitCode, Kind: p.Kind}
	}
	for i, e := range src.Totals {
		in.Entries[i] = JPEntry{NIP: e.NIP, Name: e.Name, UnitCode: e.UnitCode, Date: e.Date, JP: e.JP, Completed: e.Completed}
	}
	table := map[policies.LearningKind]policies.LearningRule{}
	for _, r := range policies.LearningTable(src.LearningRules) {
		table[r.Kind] = r
	}
	for _, l := range src.Learning {
		if jp := table[l.Kind].JPOf(l.Minutes, l.Activities); jp > 0 {
			in.Entries = append(in.Entries, JPEntry{NIP: l.NIP, Name: l.Name, UnitCode: l.UnitCode, Date: l.LastOn, JP: jp, Completed: true, Learning: true})
		}
	}
	return in
}

// LedgerRow is one civil servant's JP for a year.
type LedgerRow struct {
	NIP          string           `json:"nip"`
	Name         string           `json:"name"`
	UnitCode     string           `json:"unit_code"`
	Kind         policies.ASNKind `json:"kind"`        // "" when neither the roster nor the number says
	OnRoster     bool             `json:"on_roster"`   // false: a participant not (or no longer) on the active roster
	JP           int              `json:"jp"`          // completed in the year
	Learning     int              `json:"learning_jp"` // of JP, from non-classical learning
	Planned      int              `json:"planned"`     // enrolled, not yet completed, program not yet over
	Minimum      int              `json:"minimum"`
	Maximum      int              `json:"maximum,omitempty"`
	Gap          int              `json:"gap"` // hours still missing to the minimum, 0 when met
	Status       LedgerStatus     `json:"status"`
	BelowMinimum bool             `json:"below_minimum"`
	OverMaximum  bool             `json:"over_maximum,omitempty"`
}

// Ledger lists every person of the roster, and every participant of the
// year not on it, with the JP of the programs they completed that end in
// in.Year, the hours planned (enrolled in programs not completed that end
// in the year on or after in.Today), the gap to the minimum of their kind
// and their status. People are keyed by their number with spaces removed;
// entries without a number and negative JP are ignored. A rostered
// person's name and unit are the roster's; a participant not on it takes
// the name and unit of their latest entry (by date, then position) and the
// kind their number's form says. Rows are sorted by unit code, name, NIP.
func Ledger(in LedgerInput) []LedgerRow {
	type acc struct {
		row    LedgerRow
		latest time.Time
		seen   bool // an entry set the name and unit (off-roster people)
	}
	byNIP := make(map[string]*acc, len(in.Roster))
	for _, p := range in.Roster {
		nip := policies.NormalizeNIP(p.NIP)
		if nip == "" {
			continue
		}
		byNIP[nip] = &acc{row: LedgerRow{NIP: nip, Name: p.Name, UnitCode: p.UnitCode, Kind: p.Kind, OnRoster: true}}
	}
	today := dateOf(in.Today)
	for _, e := range in.Entries {
		nip := policies.NormalizeNIP(e.NIP)
		if nip == "" || e.Date.Year() != in.Year || e.JP < 0 {
			continue
		}
		a := byNIP[nip]
		if a == nil {
			a = &acc{row: LedgerRow{NIP: nip, Kind: policies.KindOfNumber(nip)}}
			byNIP[nip] = a
		}
		if !a.row.OnRoster && (!a.seen || !e.Date.Before(a.latest)) {
			a.latest, a.seen = e.Date, true
			a.row.Name, a.row.UnitCode = e.Name, e.UnitCode
		}
		switch {
		case e.Completed:
			a.row.JP += e.JP
			if e.Learning {
				a.row.Learning += e.JP
			}
		case !dateOf(e.Date).Before(today):
			a.row.Planned += e.JP
		}
	}
	rows := make([]LedgerRow, 0, len(byNIP))
	for _, a := range byNIP {
		r := a.row
		rule, ok := in.Rules[r.Kind]
		if !ok {
			rule = in.Rules[policies.ASNPNS]
		}
		r.Minimum, r.Maximum = rule.Minimum, rule.Maximum
		r.Gap = max(0, r.Minimum-r.JP)
		r.Status = statusOf(r.JP, r.Planned, r.Minimum)
		r.BelowMinimum = r.JP < r.Minimum
		r.OverMaximum = r.Maximum > 0 && r.JP > r.Maximum
		rows = append(rows, r)
	}
	slices.SortFunc(rows, func(a, b LedgerRow) int {
		return cmp.Or(cmp.Compare(a.UnitCode, b.UnitCode), cmp.Compare(a.Name, b.Name), cmp.Compare(a.NIP, b.NIP))
	})
	return rows
}

// statusOf is where jp completed and planned hours leave a person against
// minimum.
func statusOf(jp, planned, minimum int) LedgerStatus {
	switch {
	case jp >= minimum:
		return StatusMet
	case jp+planned >= minimum:
		return StatusOnTrack
	case jp == 0:
		return StatusZero
	}
	return StatusAtRisk
}

func dateOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// UnitTotal sums a unit's ledger rows.
type UnitTotal struct {
	UnitCode     string `json:"unit_code"`
	People       int    `json:"people"`
	TotalJP      int    `json:"total_jp"`
	Met          int    `json:"met"`           // people at or above their minimum
	PercentMet   int    `json:"percent_met"`   // Met of People, 0–100, rounded down
	OnTrack      int    `json:"on_track"`      // not met, but planned hours would meet it
	BelowMinimum int    `json:"below_minimum"` // people below the minimum
	Zero         int    `json:"zero"`          // people with 0 JP and not on track
}

// UnitTotals sums ledger rows per unit, ranked by the share of people who
// met their minimum (highest first), then by unit code.
func UnitTotals(rows []LedgerRow) []UnitTotal {
	byUnit := map[string]*UnitTotal{}
	for _, r := range rows {
		t := byUnit[r.UnitCode]
		if t == nil {
			t = &UnitTotal{UnitCode: r.UnitCode}
			byUnit[r.UnitCode] = t
		}
		t.People++
		t.TotalJP += r.JP
		switch r.Status {
		case StatusMet:
			t.Met++
		case StatusOnTrack:
			t.OnTrack++
		case StatusZero:
			t.Zero++
		}
		if r.BelowMinimum {
			t.BelowMinimum++
		}
	}
	totals := make([]UnitTotal, 0, len(byUnit))
	for _, t := range byUnit {
		t.PercentMet = t.Met * 100 / t.People
		totals = append(totals, *t)
	}
	slices.SortFunc(totals, func(a, b UnitTotal) int {
		return cmp.Or(cmp.Compare(b.PercentMet, a.PercentMet), cmp.Compare(a.UnitCode, b.UnitCode))
	})
	return totals
}
