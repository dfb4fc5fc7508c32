package server

import (
	"errors"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/evaluation"
)

func TestWriteLedgerCSV(t *testing.T) {
	var b strings.Builder
	rows := []evaluation.LedgerRow{
		{NIP: "199203032019021006", Name: "Tono", UnitCode: "=DISDIK", Kind: "PNS", JP: 0, Minimum: 20, Gap: 20, Status: "zero", BelowMinimum: true},
		{NIP: "198503122010011002", Name: "@SUM(1)", UnitCode: "BKPSDM", Kind: "PNS", OnRoster: true, JP: 22, Learning: 6, Minimum: 20, Status: "met"},
		{NIP: "199203032019022010", Name: "Nasution, Ahmad \"Buyung\"", UnitCode: "BKPSDM", Kind: "PNS", OnRoster: true, JP: 4, Planned: 16, Minimum: 20, Gap: 16, Status: "on_track", BelowMinimum: true},
		{NIP: "199312282025212001", Name: "\tX", UnitCode: "BKPSDM", Kind: "PPPK", OnRoster: true, JP: 30, Minimum: 20, Maximum: 24, Status: "met", OverMaximum: true},
	}
	if err := writeLedgerCSV(&b, rows, messages["id"]); err != nil {
		t.Fatal(err)
	}
	want := "nip,nama,jenis_asn,unit,jp,jp_nonklasikal,jp_direncanakan,minimum,maksimum,kekurangan,status,di_bawah_minimum,di_daftar_asn\n" +
		"199203032019021006,Tono,PNS,'=DISDIK,0,0,0,20,0,20,0 JP,ya,tidak\n" +
		"198503122010011002,'@SUM(1),PNS,BKPSDM,22,6,0,20,0,0,memenuhi,tidak,ya\n" +
		"199203032019022010,\"Nasution, Ahmad \"\"Buyung\"\"\",PNS,BKPSDM,4,0,16,20,0,16,sesuai rencana,ya,ya\n" +
		"199312282025212001,'\tX,PPPK,BKPSDM,30,0,0,20,24,0,memenuhi,tidak,ya\n"
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
	if err := writeLedgerCSV(failingWriter{}, []evaluation.LedgerRow{{NIP: "1"}}, messages["id"]); err == nil {
		t.Error("want the writer's error")
	}
}
