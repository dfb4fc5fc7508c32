package policies

import (
	"strconv"
	"time"
)

// ASNKind is the kind of a civil servant (ASN): a PNS (pegawai negeri
// sipil, permanent) or a PPPK (pegawai pemerintah dengan perjanjian kerja,
// on contract). Each has its own identity number and JP minimum.
type ASNKind string

// The ASN kinds. The database checks the same list.
const (
	ASNPNS  ASNKind = "PNS"
	ASNPPPK ASNKind = "PPPK"
)

// Valid reports whether k is PNS or PPPK.
func (k ASNKind) Valid() bool { return k == ASNPNS || k == ASNPPPK }

// NIPPPK is a decoded NI PPPK (nomor induk PPPK), the 18-digit number BKN
// gives a PPPK: YYYYMMDD birth date, YYYY year of appointment (TMT PPPK),
// a two-digit code that is never a month (21 for a PPPK, 24 as published
// for a part-time PPPK, paruh waktu), one digit for sex and a three-digit
// serial. The code in the place of a PNS NIP's appointment month is what
// tells the two numbers apart.
type NIPPPK struct {
	BirthDate time.Time // UTC midnight
	Appointed int       // year of TMT PPPK
	Code      int       // 21–29
	Sex       int       // 1 laki-laki (male), 2 perempuan (female)
	Serial    int       // 1–999
}

// ValidateNIPPPK reports whether s is a well-formed NI PPPK (see NIPPPK):
// 18 digits, a real birth date in 1900–2100, a year of appointment not
// before the person turned 18, a PPPK code 21–29 in digits 13–14, sex 1 or
// 2 and a serial other than 000. The error is a FieldError on "nip"; a
// well-formed PNS NIP is refused saying that it is one.
func ValidateNIPPPK(s string) error {
	_, err := ParseNIPPPK(s)
	return err
}

// ParseNIPPPK validates s as ValidateNIPPPK does and decodes it.
func ParseNIPPPK(s string) (NIPPPK, error) {
	if err := checkEighteenDigits(s, "NI PPPK"); err != nil {
		return NIPPPK{}, err
	}
	birth, err := birthDate(s, "NI PPPK")
	if err != nil {
		return NIPPPK{}, err
	}
	by := birth.Year()
	code := digits(s, 12, 14)
	if code >= 1 && code <= 12 {
		if ValidateNIP(s) == nil {
			return NIPPPK{}, FieldError("nip", "nomor ini NIP PNS (digit 13–14 adalah bulan TMT CPNS), bukan NI PPPK; pilih jenis ASN PNS")
		}
	}
	if code < 21 || code > 29 {
		return NIPPPK{}, FieldError("nip", "kode PPPK pada NI PPPK (digit 13–14) harus 21–29 (21 PPPK, 24 PPPK paruh waktu), bukan %s", s[12:14])
	}
	ay := digits(s, 8, 12)
	if ay < 1900 || ay > 2100 {
		return NIPPPK{}, FieldError("nip", "tahun TMT PPPK pada NI PPPK (digit 9–12) harus antara 1900 dan 2100, bukan %04d", ay)
	}
	if ay < by+18 {
		return NIPPPK{}, FieldError("nip", "tahun TMT PPPK pada NI PPPK (%04d) lebih awal dari tahun pegawai berusia 18 (lahir %04d)", ay, by)
	}
	sex, serial, err := sexAndSerial(s, "NI PPPK")
	if err != nil {
		return NIPPPK{}, err
	}
	return NIPPPK{BirthDate: birth, Appointed: ay, Code: code, Sex: sex, Serial: serial}, nil
}

// KindOfNumber says which kind of ASN an 18-digit number belongs to by its
// digits 13–14 (a month for a PNS NIP, a PPPK code for an NI PPPK); "" when
// it is neither a valid NIP nor a valid NI PPPK.
func KindOfNumber(s string) ASNKind {
	if ValidateNIP(s) == nil {
		return ASNPNS
	}
	if ValidateNIPPPK(s) == nil {
		return ASNPPPK
	}
	return ""
}

// ValidateASNNumber checks s (spaces already removed) as the number of an
// ASN of kind: a NIP for a PNS, an NI PPPK for a PPPK, and either when kind
// is "" (a participant whose kind is not known). The error is a FieldError
// on "nip".
func ValidateASNNumber(kind ASNKind, s string) error {
	switch kind {
	case ASNPNS:
		return ValidateNIP(s)
	case ASNPPPK:
		return ValidateNIPPPK(s)
	}
	err := ValidateNIP(s)
	if err == nil || len(s) != NIPLength {
		return err
	}
	if code, _ := strconv.Atoi(s[12:14]); code >= 21 && code <= 29 {
		return ValidateNIPPPK(s)
	}
	return err
}
