package evaluation

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

func TestParseParticipantsGood(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []ParticipantRow
	}{
		{
			name: "comma, spaced NIP, every yes/no form, blank rows skipped",
			in: "nip,nama,unit,hadir,lulus\n" +
				"19850312 201001 1 002,Budi Santoso,BKPSDM,ya,ya\n" +
				"199001012015032001, Siti Aminah ,DINKES,1,0\n" +
				"\n" +
				",,,,\n" +
				"198705202012121003,\"Nasution, Ahmad\",BKPSDM,TRUE,false\n" +
				"199203032019022004,Dewi Lestari,DISDIK,,\n",
			want: []ParticipantRow{
				{Line: 2, NIP: "198503122010011002", Name: "Budi Santoso", Unit: "BKPSDM", Attended: true, Completed: true},
				{Line: 3, NIP: "199001012015032001", Name: "Siti Aminah", Unit: "DINKES", Attended: true},
				{Line: 6, NIP: "198705202012121003", Name: "Nasution, Ahmad", Unit: "BKPSDM", Attended: true},
				{Line: 7, NIP: "199203032019022004", Name: "Dewi Lestari", Unit: "DISDIK"},
			},
		},
		{
			name: "semicolon, BOM, CRLF, upper-case header in another order, extra column",
			in: "\uFEFFNo;NAMA;Unit;NIP;Lulus;Hadir\r\n" +
				"1;Budi Santoso;BKPSDM;198503122010011002;Ya;Ya\r\n" +
				"2;Rahmat, S.Kom;DISKOMINFO;199001012015031005;tidak;ya\r\n",
			want: []ParticipantRow{
				{Line: 2, NIP: "198503122010011002", Name: "Budi Santoso", Unit: "BKPSDM", Attended: true, Completed: true},
				{Line: 3, NIP: "199001012015031005", Name: "Rahmat, S.Kom", Unit: "DISKOMINFO", Attended: true},
			},
		},
		{
			name: "header only",
			in:   "nip,nama,unit,hadir,lulus\n",
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, errs, err := ParseParticipants(strings.NewReader(tt.in))
			if err != nil || len(errs) > 0 {
				t.Fatalf("err = %v, line errors = %v", err, errs)
			}
			if !reflect.DeepEqual(rows, tt.want) {
				t.Errorf("rows =\n%+v\nwant\n%+v", rows, tt.want)
			}
		})
	}
}

func TestParseParticipantsBadRows(t *testing.T) {
	in := "nip,nama,unit,hadir,lulus\n" + // 1
		"198503122010011002,Budi Santoso,BKPSDM,ya,ya\n" + // 2 good
		"12345,Siti,DINKES,ya,tidak\n" + // 3 short NIP
		"199001012015032001,,DINKES,mungkin,ya\n" + // 4 no name, bad hadir
		"199001012015032002,Ani,,tidak,ya\n" + // 5 no unit, lulus without hadir
		"198503122010011002,Budi Lagi,BKPSDM,ya,ya\n" + // 6 duplicate of line 2
		"199203032019022004,Dewi\n" + // 7 too few columns
		"199203032019022005,De\"wi,DISDIK,ya,ya\n" + // 8 bare quote
		"199203032019022006,Rina,DISDIK,ya,ya,catatan\n" + // 9 extra non-empty column
		"199203032019022007,Tono,DISDIK,ya,ya,,\n" + // 10 good: empty trailing columns
		"19920303 2019022008,\"Multi\nLine\",DISDIK,ya,x\n" + // 11–12: error reported on line 11
		"199203032019022009,Wati,DISDIK,1,1\n" // 13 good
	rows, errs, err := ParseParticipants(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	type lf struct {
		Line  int
		Field string
	}
	var got []lf
	for _, e := range errs {
		if e.Message == "" {
			t.Errorf("line %d field %q: empty message", e.Line, e.Field)
		}
		got = append(got, lf{e.Line, e.Field})
	}
	want := []lf{
		{3, "nip"},
		{4, "nama"}, {4, "hadir"},
		{5, "unit"}, {5, "lulus"},
		{6, "nip"},
		{7, ""},
		{8, ""},
		{9, ""},
		{11, "lulus"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("line errors =\n%v\nwant\n%v\n(full: %v)", got, want, errs)
	}
	var lines []int
	for _, r := range rows {
		lines = append(lines, r.Line)
	}
	if !reflect.DeepEqual(lines, []int{2, 10, 13}) {
		t.Errorf("valid rows on lines %v, want [2 10 13]", lines)
	}
	for _, e := range errs {
		if e.Line == 6 && !strings.Contains(e.Message, "baris 2") {
			t.Errorf("duplicate message %q does not name line 2", e.Message)
		}
		if e.Line == 3 && !strings.Contains(e.Message, "18 digit") {
			t.Errorf("NIP message %q does not say 18 digits", e.Message)
		}
	}
}

func TestParseParticipantsFileErrors(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		kind  policies.ErrorKind
		field string
	}{
		{"empty file", "", policies.KindInvalid, "header"},
		{"only a BOM", "\uFEFF", policies.KindInvalid, "header"},
		{"missing lulus column", "nip,nama,unit,hadir\n198503122010011002,Budi,BKPSDM,ya\n", policies.KindInvalid, "header"},
		{"semicolon header missing unit", "nip;nama;hadir;lulus\n", policies.KindInvalid, "header"},
		{"repeated column", "nip,nama,unit,hadir,lulus,NIP\n", policies.KindInvalid, "header"},
		{"too large", "nip,nama,unit,hadir,lulus\n" + strings.Repeat("x", MaxParticipantBytes), policies.KindTooLarge, ""},
		{"too many rows", participantsCSV(MaxParticipantRows + 1), policies.KindTooLarge, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, errs, err := ParseParticipants(strings.NewReader(tt.in))
			e, ok := err.(*policies.Error)
			if !ok || e.Kind != tt.kind || e.Field != tt.field || e.Message == "" {
				t.Fatalf("err = %v, want %s error on %q", err, tt.kind, tt.field)
			}
			if rows != nil || errs != nil {
				t.Errorf("rows, errs = %v, %v; want nil, nil", rows, errs)
			}
		})
	}
	if err := func() error { _, _, err := ParseParticipants(strings.NewReader("nip,nama,unit,hadir\n")); return err }(); !strings.Contains(err.Error(), "lulus") {
		t.Errorf("missing-column error %q does not name lulus", err)
	}
}

func TestParseParticipantsMaxRows(t *testing.T) {
	rows, errs, err := ParseParticipants(strings.NewReader(participantsCSV(MaxParticipantRows)))
	if err != nil || len(errs) > 0 {
		t.Fatalf("err = %v, %d line errors (first %v)", err, len(errs), errs[:min(len(errs), 1)])
	}
	if len(rows) != MaxParticipantRows || rows[len(rows)-1].Line != MaxParticipantRows+1 {
		t.Errorf("%d rows, last on line %d", len(rows), rows[len(rows)-1].Line)
	}
}

// participantsCSV returns a valid file of n rows with distinct NIPs.
func participantsCSV(n int) string {
	var b strings.Builder
	b.WriteString("nip,nama,unit,hadir,lulus\n")
	for i := range n {
		// Serial 001–999, then the next appointment month.
		fmt.Fprintf(&b, "19850312201%1d%02d1%03d,Pegawai %d,BKPSDM,ya,ya\n", i/999/12%10, i/999%12+1, i%999+1, i)
	}
	return b.String()
}

func FuzzParseParticipants(f *testing.F) {
	for _, s := range []string{
		"nip,nama,unit,hadir,lulus\n198503122010011002,Budi,BKPSDM,ya,ya\n",
		"\uFEFFnip;nama;unit;hadir;lulus\r\n19850312 201001 1 002;Budi;BKPSDM;1;0\r\n",
		"nip,nama,unit,hadir,lulus\n1,\"a\nb\",c,d,e\n\"unterminated\n",
		"nip,nama,unit,hadir,lulus\n198503122010011002,Budi,BKPSDM,ya,ya\n198503122010011002,Budi,BKPSDM,ya,ya\n",
		"nip,nama,unit,hadir,lulus\nx,y\na\"b,c,d,e,f\n\n\n,,,,,\n",
		"\n\nnip,nama,unit,hadir,lulus\n\xff,\xfe,u,ya,tidak\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, errs, err := ParseParticipants(bytes.NewReader(data))
		if err != nil {
			if rows != nil || errs != nil {
				t.Fatalf("error %v with rows or line errors", err)
			}
			if _, ok := err.(*policies.Error); !ok {
				t.Fatalf("error %T is not a *policies.Error", err)
			}
			return
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, e := range errs {
			if e.Line < 1 || e.Line > lines {
				t.Fatalf("line error %+v outside 1..%d", e, lines)
			}
			if e.Message == "" {
				t.Fatalf("line error %+v without message", e)
			}
		}
		seen := map[string]bool{}
		for _, r := range rows {
			if r.Line < 2 || r.Line > lines {
				t.Fatalf("row %+v outside 2..%d", r, lines)
			}
			// A participant is a PNS (NIP) or a PPPK (NI PPPK: digits 13–14
			// are 21–29), as the parser reads them since issue 22.
			if err := policies.ValidateASNNumber("", r.NIP); err != nil || seen[r.NIP] {
				t.Fatalf("row %+v: invalid or duplicate NIP (%v)", r, err)
			}
			seen[r.NIP] = true
			if r.Name == "" || r.Unit == "" || r.Completed && !r.Attended {
				t.Fatalf("invalid row accepted: %+v", r)
			}
		}
	})
}

// An NI PPPK is a participant's number as much as a PNS NIP is.
func TestParseParticipantsAcceptsNIPPPK(t *testing.T) {
	rows, errs, err := ParseParticipants(strings.NewReader("nip,nama,unit,hadir,lulus\n199312282025212001,Sari,dinkes,ya,ya\n"))
	if err != nil || len(errs) != 0 || len(rows) != 1 || rows[0].NIP != "199312282025212001" {
		t.Fatalf("rows %+v, errs %v, err %v", rows, errs, err)
	}
}
