package evaluation

import (
	"cmp"
	"slices"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// MinimumJP is the yearly minimum of competency development, in JP (jam
// pelajaran), every civil servant is entitled to: PP 11/2017 art. 203(4).
const MinimumJP = 20

// JPEntry is one civil servant's participation in one program.
type JPEntry struct {
	NIP       string
	Name      string
	UnitCode  string
	Date      time.Time // when the program ended; its year is the ledger year
	JP        int
	Completed bool
}

// LedgerRow is one civil servant's JP total for a year.
type LedgerRow struct {
	NIP          string `json:"nip"`
	Name         string `json:"name"`
	UnitCode     string `json:"unit_code"`
	JP           int    `json:"jp"`
	BelowMinimum bool   `json:"below_minimum"`
}

// UnitTotal sums a unit's ledger rows.
type UnitTotal struct {
	UnitCode     string `json:"unit_code"`
	People       int    `json:"people"`
	TotalJP      int    `json:"total_jp"`
	BelowMinimum int    `json:"below_minimum"` // people below the minimum
}

// Ledger sums, per civil servant (NIP, spaces removed), the JP of the
// completed programs dated in year (in the Date's own location) and flags the
// totals below minimum (usually MinimumJP). Everyone with an entry in the
// year is listed, even with no completed program (JP 0): to list staff who
// took no program at all, add for each an entry with JP 0 dated in the year.
// Entries without NIP and negative JP are ignored. Name and unit come from
// the person's latest entry of the year (by Date, then by position), so a
// transfer during the year shows the new unit. Rows are sorted by unit code,
// then name, then NIP.
func Ledger(entries []JPEntry, year int, minimum int) []LedgerRow {
	type acc struct {
		row    LedgerRow
		latest time.Time
	}
	byNIP := map[string]*acc{}
	for _, e := range entries {
		nip := policies.NormalizeNIP(e.NIP)
		if nip == "" || e.Date.Year() != year {
			continue
		}
		a := byNIP[nip]
		if a == nil {
			a = &acc{row: LedgerRow{NIP: nip}, latest: e.Date}
			a.row.Name, a.row.UnitCode = e.Name, e.UnitCode
			byNIP[nip] = a
		} else if !e.Date.Before(a.latest) {
			a.latest = e.Date
			a.row.Name, a.row.UnitCode = e.Name, e.UnitCode
		}
		if e.Completed && e.JP > 0 {
			a.row.JP += e.JP
		}
	}
	rows := make([]LedgerRow, 0, len(byNIP))
	for _, a := range byNIP {
		a.row.BelowMinimum = a.row.JP < minimum
		rows = append(rows, a.row)
	}
	slices.SortFunc(rows, func(a, b LedgerRow) int {
		return cmp.Or(cmp.Compare(a.UnitCode, b.UnitCode), cmp.Compare(a.Name, b.Name), cmp.Compare(a.NIP, b.NIP))
	})
	return rows
}

// UnitTotals sums ledger rows per unit, sorted by unit code.
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
		if r.BelowMinimum {
			t.BelowMinimum++
		}
	}
	totals := make([]UnitTotal, 0, len(byUnit))
	for _, t := range byUnit {
		totals = append(totals, *t)
	}
	slices.SortFunc(totals, func(a, b UnitTotal) int { return cmp.Compare(a.UnitCode, b.UnitCode) })
	return totals
}
