package policies

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// numberCase is a case of an ASN number's validation: wantMsg is a
// substring of the refusal's message, "" for a valid number.
type numberCase struct{ name, number, wantMsg string }

// checkNumberCases runs validate on every case: a valid number passes, a
// bad one is refused naming the field nip with a message containing wantMsg.
func checkNumberCases(t *testing.T, what string, validate func(string) error, cases []numberCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			err := validate(tt.number)
			if tt.wantMsg == "" {
				if err != nil {
					t.Fatalf("%s(%q) = %v, want nil", what, tt.number, err)
				}
				return
			}
			checkFieldError(t, err, "nip")
			if msg := err.(*Error).Message; !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("message %q does not contain %q", msg, tt.wantMsg)
			}
		})
	}
}

func TestValidateNIP(t *testing.T) {
	checkNumberCases(t, "ValidateNIP", ValidateNIP, []numberCase{
		{"valid male", "198503122010011002", ""},
		{"valid female", "199001012015032001", ""},
		{"valid leap-day birth", "200002292020031001", ""},
		{"valid appointed the month of the 18th birthday, born on the 1st", "198503012003031001", ""},
		{"valid serial 999", "198503122010011999", ""},
		{"empty", "", "wajib diisi"},
		{"spaces not normalized", "19850312 201001 1 002", "hanya boleh berisi angka"},
		{"letter", "19850312201001100A", "karakter ke-18"},
		{"17 digits", "19850312201001100", "18 digit, bukan 17"},
		{"19 digits", "1985031220100110021", "18 digit, bukan 19"},
		{"birth year 1899", "189903122010011002", "tahun lahir"},
		{"birth year 2101", "210103122130011002", "tahun lahir"},
		{"birth month 13", "198513122010011002", "tanggal lahir"},
		{"birth month 00", "198500122010011002", "tanggal lahir"},
		{"birth day 00", "198503002010011002", "tanggal lahir"},
		{"30 February", "198502302010011002", "tanggal lahir"},
		{"29 February of a non-leap year", "190002291930011002", "tanggal lahir"},
		{"appointment month 00", "198503122010001002", "bulan TMT CPNS"},
		{"appointment month 13", "198503122010131002", "bulan TMT CPNS"},
		{"appointment year 2101", "198503122101011002", "tahun TMT CPNS"},
		{"appointed before 18, same month", "198503122003031002", "18 tahun"},
		{"appointed at 10", "198503121995011002", "18 tahun"},
		{"appointed before birth", "198503121980011002", "18 tahun"},
		{"sex 0", "198503122010010002", "jenis kelamin"},
		{"sex 3", "198503122010013002", "jenis kelamin"},
		{"serial 000", "198503122010011000", "nomor urut"},
	})
}

func TestParseNIP(t *testing.T) {
	got, err := ParseNIP("199001012015032007")
	if err != nil {
		t.Fatal(err)
	}
	want := NIP{
		BirthDate:   time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC),
		Appointment: time.Date(2015, 3, 1, 0, 0, 0, 0, time.UTC),
		Sex:         2,
		Serial:      7,
	}
	if got != want {
		t.Errorf("ParseNIP = %+v, want %+v", got, want)
	}
}

func TestNormalizeNIP(t *testing.T) {
	tests := []struct{ in, want string }{
		{"19850312 201001 1 002", "198503122010011002"},
		{" 198503122010011002\t", "198503122010011002"},
		{"19850312\u00a0201001\u00a01\u00a0002", "198503122010011002"}, // no-break spaces from word processors
		{"", ""},
		{"1985-03-12", "1985-03-12"}, // only whitespace is removed
	}
	for _, tt := range tests {
		if got := NormalizeNIP(tt.in); got != tt.want {
			t.Errorf("NormalizeNIP(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if err := ValidateNIP(NormalizeNIP("19850312 201001 1 002")); err != nil {
		t.Errorf("normalized spaced NIP: %v", err)
	}
}

func FuzzValidateNIP(f *testing.F) {
	for _, s := range []string{
		"198503122010011002", "19850312 201001 1 002", "", "200002292020031001",
		"190002291930011002", "198503122003031002", "99999999999999999999", "\xff\xfe", "１９８５",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNIP(s)
		if (err == nil) != (ValidateNIP(s) == nil) {
			t.Fatalf("ParseNIP and ValidateNIP disagree on %q", s)
		}
		if err != nil {
			e, ok := err.(*Error)
			if !ok || e.Kind != KindInvalid || e.Field != "nip" || e.Message == "" {
				t.Fatalf("ValidateNIP(%q) = %#v, want a nip field error", s, err)
			}
			if !utf8.ValidString(e.Message) {
				t.Fatalf("message is not UTF-8: %q", e.Message)
			}
			return
		}
		if len(s) != NIPLength || strings.Trim(s, "0123456789") != "" {
			t.Fatalf("accepted %q", s)
		}
		if n.Sex != 1 && n.Sex != 2 || n.Serial < 1 || n.Serial > 999 {
			t.Fatalf("accepted %q decoded as %+v", s, n)
		}
		if n.Appointment.Before(n.BirthDate.AddDate(18, 0, 0)) {
			t.Fatalf("accepted %q appointed before 18", s)
		}
		if got := n.BirthDate.Format("20060102") + n.Appointment.Format("200601"); got != s[:14] {
			t.Fatalf("decoded %q as %s", s, got)
		}
		if NormalizeNIP(s) != s {
			t.Fatalf("valid NIP %q changes when normalized", s)
		}
	})
}
