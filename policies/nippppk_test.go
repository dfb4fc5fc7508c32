package policies

import (
	"testing"
	"time"
)

func TestValidateNIPPPK(t *testing.T) {
	checkNumberCases(t, "ValidateNIPPPK", ValidateNIPPPK, []numberCase{
		{"valid PPPK, female", "199312282025212001", ""},
		{"valid PPPK, male", "198705052023211014", ""},
		{"valid part-time PPPK (paruh waktu)", "199009132025242014", ""},
		{"empty", "", "wajib diisi"},
		{"letter", "19931228202521200X", "karakter ke-18"},
		{"17 digits", "19931228202521200", "18 digit, bukan 17"},
		{"a PNS NIP", "198503122010011002", "NIP PNS"},
		{"code 13 (neither month nor PPPK)", "199312282025132001", "kode PPPK"},
		{"code 00", "199312282025002001", "kode PPPK"},
		{"code 30", "199312282025302001", "kode PPPK"},
		{"birth date 30 February", "199302302025212001", "tanggal lahir"},
		{"birth year 1899", "189912282025212001", "tahun lahir"},
		{"appointed before 18", "199312282005212001", "berusia 18"},
		{"sex 3", "199312282025213001", "jenis kelamin"},
		{"serial 000", "199312282025212000", "nomor urut"},
	})
}

func TestParseNIPPPK(t *testing.T) {
	got, err := ParseNIPPPK("199312282025212001")
	if err != nil {
		t.Fatal(err)
	}
	want := NIPPPK{BirthDate: time.Date(1993, 12, 28, 0, 0, 0, 0, time.UTC), Appointed: 2025, Code: 21, Sex: 2, Serial: 1}
	if got != want {
		t.Errorf("ParseNIPPPK = %+v, want %+v", got, want)
	}
}

// Both forms: each number is accepted as its own kind, refused as the
// other, and either is accepted where the kind is not known.
func TestValidateASNNumberBothForms(t *testing.T) {
	const nip, ni = "198503122010011002", "199312282025212001"
	tests := []struct {
		kind   ASNKind
		number string
		ok     bool
	}{
		{ASNPNS, nip, true},
		{ASNPPPK, ni, true},
		{ASNPNS, ni, false},
		{ASNPPPK, nip, false},
		{"", nip, true},
		{"", ni, true},
		{"", "199312282025132001", false},
		{"", "123", false},
	}
	for _, tt := range tests {
		err := ValidateASNNumber(tt.kind, tt.number)
		if (err == nil) != tt.ok {
			t.Errorf("ValidateASNNumber(%q, %s) = %v, want ok %v", tt.kind, tt.number, err, tt.ok)
		}
		if err != nil {
			checkFieldError(t, err, "nip")
		}
	}
	if k := KindOfNumber(nip); k != ASNPNS {
		t.Errorf("KindOfNumber(NIP) = %q", k)
	}
	if k := KindOfNumber(ni); k != ASNPPPK {
		t.Errorf("KindOfNumber(NI PPPK) = %q", k)
	}
	if k := KindOfNumber("199312282025132001"); k != "" {
		t.Errorf("KindOfNumber(neither) = %q", k)
	}
}
