package evaluation

import (
	"reflect"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var ledgerEntries = []JPEntry{
	// Budi, BKPSDM: 12 + 10 = 22 JP completed in 2024; the uncompleted 8 JP and the 2023 program do not count.
	{NIP: "198503122010011002", Name: "Budi Santoso", UnitCode: "BKPSDM", Date: day(2024, 3, 10), JP: 12, Completed: true},
	{NIP: "19850312 201001 1 002", Name: "Budi Santoso", UnitCode: "BKPSDM", Date: day(2024, 8, 1), JP: 10, Completed: true},
	{NIP: "198503122010011002", Name: "Budi Santoso", UnitCode: "BKPSDM", Date: day(2024, 9, 1), JP: 8, Completed: false},
	{NIP: "198503122010011002", Name: "Budi Santoso", UnitCode: "BKPSDM", Date: day(2023, 12, 31), JP: 40, Completed: true},
	// Siti moved from DINKES to DISDIK in 2024: 6 + 4 = 10 JP, listed under her latest unit.
	{NIP: "199001012015032001", Name: "Siti Aminah", UnitCode: "DISDIK", Date: day(2024, 11, 5), JP: 4, Completed: true},
	{NIP: "199001012015032001", Name: "Siti Aminah", UnitCode: "DINKES", Date: day(2024, 2, 5), JP: 6, Completed: true},
	// Ahmad, BKPSDM: exactly 20 JP, not below the minimum.
	{NIP: "198705202012121003", Name: "Ahmad Nasution", UnitCode: "BKPSDM", Date: day(2024, 1, 1), JP: 20, Completed: true},
	// Dewi, DISDIK: enrolled but did not complete: 0 JP.
	{NIP: "199203032019022004", Name: "Dewi Lestari", UnitCode: "DISDIK", Date: day(2024, 12, 31), JP: 16, Completed: false},
	// Ignored: 2025, no NIP, negative JP (Tono still listed with 0 JP).
	{NIP: "199203032019021005", Name: "Rina", UnitCode: "DISDIK", Date: day(2025, 1, 1), JP: 30, Completed: true},
	{NIP: " ", Name: "Tanpa NIP", UnitCode: "DISDIK", Date: day(2024, 5, 1), JP: 30, Completed: true},
	{NIP: "199203032019021006", Name: "Tono", UnitCode: "=DISDIK", Date: day(2024, 5, 1), JP: -5, Completed: true},
}

func TestLedger(t *testing.T) {
	got := Ledger(ledgerEntries, 2024, MinimumJP)
	want := []LedgerRow{
		{NIP: "199203032019021006", Name: "Tono", UnitCode: "=DISDIK", JP: 0, BelowMinimum: true},
		{NIP: "198705202012121003", Name: "Ahmad Nasution", UnitCode: "BKPSDM", JP: 20, BelowMinimum: false},
		{NIP: "198503122010011002", Name: "Budi Santoso", UnitCode: "BKPSDM", JP: 22, BelowMinimum: false},
		{NIP: "199203032019022004", Name: "Dewi Lestari", UnitCode: "DISDIK", JP: 0, BelowMinimum: true},
		{NIP: "199001012015032001", Name: "Siti Aminah", UnitCode: "DISDIK", JP: 10, BelowMinimum: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Ledger =\n%+v\nwant\n%+v", got, want)
	}

	// A higher minimum flags Budi too; another year lists only Budi's 2023 program.
	if rows := Ledger(ledgerEntries, 2024, 25); !rows[2].BelowMinimum || !rows[1].BelowMinimum {
		t.Errorf("minimum 25: %+v", rows)
	}
	want2023 := []LedgerRow{{NIP: "198503122010011002", Name: "Budi Santoso", UnitCode: "BKPSDM", JP: 40}}
	if got := Ledger(ledgerEntries, 2023, MinimumJP); !reflect.DeepEqual(got, want2023) {
		t.Errorf("2023 = %+v, want %+v", got, want2023)
	}
	if got := Ledger(nil, 2024, MinimumJP); len(got) != 0 {
		t.Errorf("empty ledger = %+v", got)
	}
}

func TestUnitTotals(t *testing.T) {
	got := UnitTotals(Ledger(ledgerEntries, 2024, MinimumJP))
	want := []UnitTotal{
		{UnitCode: "=DISDIK", People: 1, TotalJP: 0, BelowMinimum: 1},
		{UnitCode: "BKPSDM", People: 2, TotalJP: 42, BelowMinimum: 0},
		{UnitCode: "DISDIK", People: 2, TotalJP: 10, BelowMinimum: 2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("UnitTotals =\n%+v\nwant\n%+v", got, want)
	}
}
