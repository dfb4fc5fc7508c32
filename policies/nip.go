package policies

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// NIPLength is the number of digits of a NIP (Nomor Induk Pegawai).
const NIPLength = 18

// NIP is a decoded Nomor Induk Pegawai: YYYYMMDD birth date, YYYYMM TMT CPNS
// (appointment), one digit for sex and a three-digit serial.
type NIP struct {
	BirthDate   time.Time // UTC midnight
	Appointment time.Time // TMT CPNS: the first day of the month, UTC
	Sex         int       // 1 laki-laki (male), 2 perempuan (female)
	Serial      int       // 1–999
}

// NormalizeNIP removes every whitespace character, as NIPs are often written
// "19850312 201001 1 002". It does not validate.
func NormalizeNIP(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// ValidateNIP reports whether s is a well-formed NIP: 18 digits, a real birth
// date in 1900–2100, an appointment (TMT CPNS) month 01–12 not before the
// person turned 18, sex 1 or 2 and a serial other than 000. The error is a
// FieldError on "nip" saying what is wrong. s is checked as given:
// call NormalizeNIP first to accept spaced NIPs.
func ValidateNIP(s string) error {
	_, err := ParseNIP(s)
	return err
}

// checkEighteenDigits checks that s, a number named what ("NIP", "NI
// PPPK"), is given and is 18 digits; the error is a FieldError on "nip".
func checkEighteenDigits(s, what string) error {
	if s == "" {
		return FieldError("nip", "%s wajib diisi", what)
	}
	pos := 0
	for _, r := range s {
		pos++
		if r < '0' || r > '9' {
			return FieldError("nip", "%s hanya boleh berisi angka, tetapi karakter ke-%d adalah %q", what, pos, r)
		}
	}
	if n := utf8.RuneCountInString(s); n != NIPLength {
		return FieldError("nip", "%s harus terdiri dari 18 digit, bukan %d digit", what, n)
	}
	return nil
}

// digits reads s[from:to], digits checked already, as a number.
func digits(s string, from, to int) int {
	v, _ := strconv.Atoi(s[from:to])
	return v
}

// birthDate reads the birth date in digits 1–8 of s, a number named what;
// the year must be 1900–2100 and the date one that exists.
func birthDate(s, what string) (time.Time, error) {
	by, bm, bd := digits(s, 0, 4), digits(s, 4, 6), digits(s, 6, 8)
	if by < 1900 || by > 2100 {
		return time.Time{}, FieldError("nip", "tahun lahir pada %s (digit 1–4) harus antara 1900 dan 2100, bukan %04d", what, by)
	}
	birth := time.Date(by, time.Month(bm), bd, 0, 0, 0, 0, time.UTC)
	if bm < 1 || bm > 12 || bd < 1 || birth.Month() != time.Month(bm) || birth.Day() != bd {
		return time.Time{}, FieldError("nip", "tanggal lahir pada %s (digit 1–8) bukan tanggal yang ada: %s-%s-%s (HH-BB-TTTT)", what, s[6:8], s[4:6], s[0:4])
	}
	return birth, nil
}

// sexAndSerial reads digit 15 (1 or 2) and the serial in digits 16–18 (not
// 000) of s, a number named what.
func sexAndSerial(s, what string) (sex, serial int, err error) {
	sex = digits(s, 14, 15)
	if sex != 1 && sex != 2 {
		return 0, 0, FieldError("nip", "kode jenis kelamin pada %s (digit 15) harus 1 (laki-laki) atau 2 (perempuan), bukan %d", what, sex)
	}
	serial = digits(s, 15, 18)
	if serial == 0 {
		return 0, 0, FieldError("nip", "nomor urut pada %s (digit 16–18) tidak boleh 000", what)
	}
	return sex, serial, nil
}

// ParseNIP validates s as ValidateNIP does and decodes it.
func ParseNIP(s string) (NIP, error) {
	if err := checkEighteenDigits(s, "NIP"); err != nil {
		return NIP{}, err
	}
	birth, err := birthDate(s, "NIP")
	if err != nil {
		return NIP{}, err
	}

	ay, am := digits(s, 8, 12), digits(s, 12, 14)
	if am < 1 || am > 12 {
		return NIP{}, FieldError("nip",
			"bulan TMT CPNS pada NIP (digit 13–14) harus 01–12, bukan %s", s[12:14])
	}
	if ay < 1900 || ay > 2100 {
		return NIP{}, FieldError("nip",
			"tahun TMT CPNS pada NIP (digit 9–12) harus antara 1900 dan 2100, bukan %04d", ay)
	}
	appointed := time.Date(ay, time.Month(am), 1, 0, 0, 0, 0, time.UTC)
	if appointed.Before(birth.AddDate(18, 0, 0)) {
		return NIP{}, FieldError("nip",
			"TMT CPNS pada NIP (%s-%s) lebih awal dari saat pegawai berusia 18 tahun (lahir %s-%s-%s)",
			s[12:14], s[8:12], s[6:8], s[4:6], s[0:4])
	}

	sex, serial, err := sexAndSerial(s, "NIP")
	if err != nil {
		return NIP{}, err
	}
	return NIP{BirthDate: birth, Appointment: appointed, Sex: sex, Serial: serial}, nil
}
