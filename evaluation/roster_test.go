package evaluation

import (
	"fmt"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// testUnits resolves a unit by code or by name, as the server does.
func testUnits(v string) (string, bool) {
	for code, name := range map[string]string{"dinkes": "Dinas Kesehatan", "disdik": "Dinas Pendidikan"} {
		if strings.EqualFold(v, code) || strings.EqualFold(v, name) {
			return code, true
		}
	}
	return "", false
}

// A SIASN-shaped export (semicolons, its header names): PNS and PPPK rows
// accepted, every bad line named with its field.
func TestParseRosterSIASNShape(t *testing.T) {
	file := "\uFEFFNIP Baru;Namapns;Jenis ASN;Nama Unor;Nama Jabatan;Golongan;Pangkat;Kedudukan Hukum\n" +
		"198503122010011002;Budi Santoso;PNS;Dinas Kesehatan;Analis SDM;III/b;Penata Muda Tk. I;Aktif\n" +
		"199312282025212001;Sari Wulandari;PPPK;disdik;Guru Ahli Pertama;IX;;Aktif\n" +
		"19880303 202001 1 001;Eko;;dinkes;;;;pensiun\n" + // spaced NIP, kind from the number, inactive
		"199312282025212001;Sari lagi;PPPK;disdik;;;;Aktif\n" + // line 5: the same number again
		"198503122010011002;Budi PPPK;PPPK;dinkes;;;;\n" + // line 6: a PNS NIP given as a PPPK
		"123;;ASN;Dinas Rahasia;;;;cuti\n" // line 7: everything wrong
	rows, errs, err := ParseRoster([]byte(file), testUnits)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("rows %+v, want 3", rows)
	}
	if r := rows[0]; r.NIP != "198503122010011002" || r.Kind != policies.ASNPNS || r.Unit != "dinkes" || r.Golongan != "III/b — Penata Muda Tk. I" || !r.IsActive() {
		t.Errorf("row 1 = %+v", r)
	}
	if r := rows[1]; r.Kind != policies.ASNPPPK || r.Unit != "disdik" || r.Golongan != "IX" {
		t.Errorf("row 2 = %+v", r)
	}
	if r := rows[2]; r.NIP != "198803032020011001" || r.Kind != policies.ASNPNS || r.IsActive() {
		t.Errorf("row 3 = %+v", r)
	}
	got := map[string]bool{}
	for _, e := range errs {
		got[fmt.Sprintf("%d:%s", e.Line, e.Field)] = true
	}
	for _, want := range []string{"5:nip", "6:nip", "7:nip", "7:name", "7:kind", "7:unit", "7:active"} {
		if !got[want] {
			t.Errorf("no error %s in %v", want, errs)
		}
	}
	// Line 6 twice on nip: the PNS NIP is not an NI PPPK, and Budi's number is on line 2.
	if len(errs) != 8 {
		t.Errorf("%d errors, want 8: %v", len(errs), errs)
	}
}

func TestParseRosterFileRefused(t *testing.T) {
	for name, file := range map[string]string{
		"empty":           "",
		"no unit column":  "nip,nama\n198503122010011002,Budi\n",
		"repeated column": "nip,nama,unit,nip baru\n",
	} {
		if _, _, err := ParseRoster([]byte(file), testUnits); !policies.IsKind(err, policies.KindInvalid) {
			t.Errorf("%s: err %v, want a header error", name, err)
		}
	}
	big := []byte(strings.Repeat("x", MaxRosterBytes+1))
	if _, _, err := ParseRoster(big, testUnits); !policies.IsKind(err, policies.KindTooLarge) {
		t.Errorf("oversize: %v", err)
	}
}
