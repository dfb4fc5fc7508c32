package evaluation

import (
	"reflect"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

const (
	budi  = "198503122010011002" // PNS, BKPSDM
	siti  = "199001012015032001" // PNS, moved DINKES → DISDIK
	ahmad = "198705202012121003" // PNS, BKPSDM
	dewi  = "199203032019022004" // PNS, DISDIK
	sari  = "199312282025212001" // PPPK, DINKES
	eko   = "198803032020011001" // PNS, DINKES: nothing at all
	tono  = "199203032019021006" // a participant not on the roster
)

var ledgerRoster = []LedgerPerson{
	{NIP: budi, Name: "Budi Santoso", UnitCode: "BKPSDM", Kind: policies.ASNPNS},
	{NIP: siti, Name: "Siti Aminah", UnitCode: "DISDIK", Kind: policies.ASNPNS},
	{NIP: ahmad, Name: "Ahmad Nasution", UnitCode: "BKPSDM", Kind: policies.ASNPNS},
	{NIP: "19920303 201902 2 004", Name: "Dewi Lestari", UnitCode: "DISDIK", Kind: policies.ASNPNS},
	{NIP: sari, Name: "Sari Wulandari", UnitCode: "DINKES", Kind: policies.ASNPPPK},
	{NIP: eko, Name: "Eko Prasetyo", UnitCode: "DINKES", Kind: policies.ASNPNS},
}

// Today is 1 July 2024: programs ending from then on are still ahead.
var ledgerEntries = []JPEntry{
	// Budi: 12 + 10 = 22 JP completed in 2024 (met); the 2023 program does not count.
	{NIP: budi, Name: "Budi", UnitCode: "X", Date: day(2024, 3, 10), JP: 12, Completed: true},
	{NIP: "19850312 201001 1 002", Date: day(2024, 8, 1), JP: 10, Completed: true},
	{NIP: budi, Date: day(2023, 12, 31), JP: 40, Completed: true},
	// Siti: 10 JP completed, 8 planned in September: at risk (18 < 20).
	{NIP: siti, Date: day(2024, 2, 5), JP: 6, Completed: true},
	{NIP: siti, Date: day(2024, 11, 5), JP: 4, Completed: true},
	{NIP: siti, Date: day(2024, 9, 1), JP: 8},
	// Ahmad: 4 JP done, 16 planned on today's date: on track.
	{NIP: ahmad, Date: day(2024, 1, 10), JP: 4, Completed: true},
	{NIP: ahmad, Date: day(2024, 7, 1), JP: 16},
	// Dewi: enrolled in a program that ended in May and was not completed: 0 JP, nothing ahead.
	{NIP: dewi, Date: day(2024, 5, 31), JP: 16},
	// Sari (PPPK, minimum 10 here, maximum 24): 30 JP, met and over the maximum.
	{NIP: sari, Date: day(2024, 4, 1), JP: 30, Completed: true},
	// Tono is not on the roster: listed from his latest entry, 6 JP, at risk.
	{NIP: tono, Name: "Tono", UnitCode: "DISDIK", Date: day(2024, 2, 1), JP: 6, Completed: true},
	{NIP: tono, Name: "Tono Sugiarto", UnitCode: "DINKES", Date: day(2024, 3, 1), JP: 0, Completed: true},
	// Ignored: another year, no NIP, negative JP.
	{NIP: eko, Date: day(2025, 1, 1), JP: 30, Completed: true},
	{NIP: " ", Name: "Tanpa NIP", UnitCode: "DISDIK", Date: day(2024, 5, 1), JP: 30, Completed: true},
	{NIP: eko, Date: day(2024, 5, 1), JP: -5, Completed: true},
}

var ledgerRules = map[policies.ASNKind]JPRule{policies.ASNPNS: {Minimum: 20}, policies.ASNPPPK: {Minimum: 10, Maximum: 24}}

func TestLedgerStatuses(t *testing.T) {
	got := Ledger(LedgerInput{Year: 2024, Today: time.Date(2024, 7, 1, 9, 30, 0, 0, policies.WIB), Roster: ledgerRoster, Entries: ledgerEntries, Rules: ledgerRules})
	pns := func(r LedgerRow) LedgerRow { r.Kind, r.Minimum = policies.ASNPNS, 20; return r }
	want := []LedgerRow{
		pns(LedgerRow{NIP: ahmad, Name: "Ahmad Nasution", UnitCode: "BKPSDM", OnRoster: true, JP: 4, Planned: 16, Gap: 16, Status: StatusOnTrack, BelowMinimum: true}),
		pns(LedgerRow{NIP: budi, Name: "Budi Santoso", UnitCode: "BKPSDM", OnRoster: true, JP: 22, Status: StatusMet}),
		pns(LedgerRow{NIP: eko, Name: "Eko Prasetyo", UnitCode: "DINKES", OnRoster: true, Gap: 20, Status: StatusZero, BelowMinimum: true}),
		{NIP: sari, Name: "Sari Wulandari", UnitCode: "DINKES", Kind: policies.ASNPPPK, OnRoster: true, JP: 30, Minimum: 10, Maximum: 24, Status: StatusMet, OverMaximum: true},
		pns(LedgerRow{NIP: tono, Name: "Tono Sugiarto", UnitCode: "DINKES", JP: 6, Gap: 14, Status: StatusAtRisk, BelowMinimum: true}),
		pns(LedgerRow{NIP: dewi, Name: "Dewi Lestari", UnitCode: "DISDIK", OnRoster: true, Gap: 20, Status: StatusZero, BelowMinimum: true}),
		pns(LedgerRow{NIP: siti, Name: "Siti Aminah", UnitCode: "DISDIK", OnRoster: true, JP: 10, Planned: 8, Gap: 10, Status: StatusAtRisk, BelowMinimum: true}),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Ledger =\n%+v\nwant\n%+v", got, want)
	}
	if got := Ledger(LedgerInput{Year: 2024, Rules: ledgerRules}); len(got) != 0 {
		t.Errorf("empty ledger = %+v", got)
	}
}

// The region's rules decide: the same hours meet a lower minimum, and a
// kind without its own rule follows the PNS rule.
func TestLedgerFollowsTheRegionsRules(t *testing.T) {
	in := LedgerInput{Year: 2024, Today: day(2024, 7, 1), Roster: ledgerRoster, Entries: ledgerEntries,
		Rules: map[policies.ASNKind]JPRule{policies.ASNPNS: {Minimum: 10}}}
	status := map[string]LedgerStatus{}
	for _, r := range Ledger(in) {
		status[r.NIP] = r.Status
	}
	for nip, want := range map[string]LedgerStatus{siti: StatusMet, ahmad: StatusOnTrack, sari: StatusMet, dewi: StatusZero} {
		if status[nip] != want {
			t.Errorf("%s: status %q, want %q", nip, status[nip], want)
		}
	}
	in.Rules = map[policies.ASNKind]JPRule{policies.ASNPNS: {Minimum: 0}}
	for _, r := range Ledger(in) {
		if r.Status != StatusMet {
			t.Errorf("minimum 0: %s is %q, want met", r.NIP, r.Status)
		}
	}
}

func TestStatusOf(t *testing.T) {
	for _, tt := range []struct {
		jp, planned, min int
		want             LedgerStatus
	}{
		{20, 0, 20, StatusMet}, {25, 0, 20, StatusMet}, {0, 0, 0, StatusMet},
		{19, 1, 20, StatusOnTrack}, {0, 20, 20, StatusOnTrack},
		{19, 0, 20, StatusAtRisk}, {1, 18, 20, StatusAtRisk},
		{0, 0, 20, StatusZero}, {0, 19, 20, StatusZero},
	} {
		if got := statusOf(tt.jp, tt.planned, tt.min); got != tt.want {
			t.Errorf("statusOf(%d, %d, %d) = %q, want %q", tt.jp, tt.planned, tt.min, got, tt.want)
		}
	}
}

func TestUnitTotalsRanked(t *testing.T) {
	rows := Ledger(LedgerInput{Year: 2024, Today: day(2024, 7, 1), Roster: ledgerRoster, Entries: ledgerEntries, Rules: ledgerRules})
	got := UnitTotals(rows)
	want := []UnitTotal{
		{UnitCode: "BKPSDM", People: 2, TotalJP: 26, Met: 1, PercentMet: 50, OnTrack: 1, BelowMinimum: 1},
		{UnitCode: "DINKES", People: 3, TotalJP: 36, Met: 1, PercentMet: 33, BelowMinimum: 2, Zero: 1},
		{UnitCode: "DISDIK", People: 2, TotalJP: 10, Met: 0, PercentMet: 0, BelowMinimum: 2, Zero: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("UnitTotals =\n%+v\nwant\n%+v", got, want)
	}
}
