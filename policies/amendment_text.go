package policies

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/policyflow/policyflow/consolidate"
)

// The amending act's text, made from its points in the form of UU 12/2011
// Lampiran II, Bab II (Hal-Hal Khusus), part D "Perubahan Peraturan
// Perundang-undangan": the batang tubuh is two Pasal numbered in Roman
// numerals; Pasal I names the act amended with its gazette and lists the
// changes as Arabic-numbered points ("Beberapa ketentuan dalam … diubah
// sebagai berikut:"), each in the standard sentence; Pasal II holds the
// entry into force. The sentences, as the examples of the Lampiran give
// them:
//
//	Ketentuan Pasal 6 diubah sehingga berbunyi sebagai berikut:
//	Ketentuan ayat (2) dan ayat (3) Pasal 8 diubah, sehingga berbunyi sebagai berikut:
//	Di antara Pasal 128 dan Pasal 129 disisipkan 1 (satu) pasal, yakni Pasal 128A sehingga berbunyi sebagai berikut:
//	Pasal 16 dihapus.
//	Pasal 18 ayat (2) dihapus sehingga Pasal 18 berbunyi sebagai berikut:
//	Di antara ayat (1) dan ayat (2) Pasal 18 disisipkan 1 (satu) ayat, yakni ayat (1a) sehingga Pasal 18 berbunyi sebagai berikut:
//
// Checked against the Lampiran's examples as reproduced in DPR RI, "Proses
// & Teknik Penyusunan Undang-Undang", pp. 276–279 (Bab "Perubahan
// Undang-Undang", https://online.flipbuilder.com/Buku/cmtv/files/basic-html/page292.html
// to page294.html); the angka numbers of the Lampiran itself were not
// checked here. A Perwali follows the same technique with "Peraturan Wali
// Kota" and its Berita Daerah.

// AmendedAct names the act a draft amends, as its enactment records it.
type AmendedAct struct {
	RegionName string // "Kota Sawahlunto"
	Label      string // "Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026"
	Title      string // what it is "tentang", as enacted
	Gazette    string // "Berita Daerah Kota Sawahlunto Tahun 2026 Nomor 12"; "" when unknown
}

// AmendingText is the text of the Peraturan Wali Kota that makes the
// points (in order) to act, whose text as it stands is base.
func AmendingText(act AmendedAct, base string, points []AmendmentInstruction) string {
	city := CityName(act.RegionName)
	title := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(act.Title), "tentang "))
	amended := act.Label + " tentang " + title
	if act.Gazette != "" {
		amended += " (" + act.Gazette + ")"
	}
	heading := "PERUBAHAN ATAS " + strings.ToUpper(act.Label+" TENTANG "+title)
	var b strings.Builder
	p := func(s string) { b.WriteString(s + "\n\n") }
	p("# PERATURAN WALI KOTA " + strings.ToUpper(city) + " TENTANG " + heading)
	p("DENGAN RAHMAT TUHAN YANG MAHA ESA")
	p("WALI KOTA " + strings.ToUpper(city) + ",")
	p("Menimbang:")
	p("a. bahwa beberapa ketentuan dalam " + act.Label + " tentang " + title + " perlu disesuaikan dengan kebutuhan pelaksanaannya;")
	p("b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan Peraturan Wali Kota tentang Perubahan atas " + act.Label + " tentang " + title + ";")
	p("Mengingat:")
	p("1. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah (Lembaran Negara Republik Indonesia Tahun 2014 Nomor 244, Tambahan Lembaran Negara Republik Indonesia Nomor 5587);")
	p("MEMUTUSKAN:")
	p("Menetapkan: PERATURAN WALI KOTA TENTANG " + heading + ".")
	p("## Pasal I")
	if len(points) == 1 {
		p("Ketentuan dalam " + amended + " diubah sebagai berikut:")
	} else {
		p("Beberapa ketentuan dalam " + amended + " diubah sebagai berikut:")
	}
	ins := draftInstructions(points)
	for i, pt := range points {
		after := consolidate.Consolidate(base, ins[:i+1], time.Time{})
		p(strconv.Itoa(i+1) + ". " + pointSentence(pt, after))
		if pt.Op == AmendRepeal && pt.Ayat == 0 {
			continue
		}
		n, _ := consolidate.ParseNumber(pt.Pasal)
		body, _ := consolidate.Body(after.Text, n, 0)
		quote := "**Pasal " + pt.Pasal + "**\n\n" + body
		p("> " + strings.ReplaceAll(quote, "\n", "\n> "))
	}
	p("## Pasal II")
	p("Peraturan Wali Kota ini mulai berlaku pada tanggal diundangkan.")
	b.WriteString("Agar setiap orang mengetahuinya, memerintahkan pengundangan Peraturan Wali Kota ini dengan penempatannya dalam Berita Daerah Kota " + city + ".\n")
	return strings.ReplaceAll(b.String(), "> \n", ">\n")
}

// pointSentence is the standard sentence of one point; after is the text
// with the point applied (for the Pasal after an inserted one).
func pointSentence(pt AmendmentInstruction, after consolidate.Result) string {
	switch {
	case pt.Op == AmendReplace && pt.Ayat == 0:
		return "Ketentuan Pasal " + pt.Pasal + " diubah sehingga berbunyi sebagai berikut:"
	case pt.Op == AmendReplace:
		return fmt.Sprintf("Ketentuan ayat (%d%s) Pasal %s diubah sehingga berbunyi sebagai berikut:", pt.Ayat, pt.AyatLetter, pt.Pasal)
	case pt.Op == AmendRepeal && pt.Ayat == 0:
		return "Pasal " + pt.Pasal + " dihapus."
	case pt.Op == AmendRepeal:
		return fmt.Sprintf("Pasal %s ayat (%d%s) dihapus sehingga Pasal %s berbunyi sebagai berikut:", pt.Pasal, pt.Ayat, pt.AyatLetter, pt.Pasal)
	case pt.Ayat > 0:
		return ayatInsertSentence(pt, after.Text)
	}
	next := ""
	for i, pr := range after.Provisions {
		if pr.Ayat == 0 && pr.Pasal.String() == pt.Pasal {
			for _, q := range after.Provisions[i+1:] {
				if q.Ayat == 0 {
					next = q.Pasal.String()
					break
				}
			}
			break
		}
	}
	if next == "" {
		return "Sesudah Pasal " + pt.After + " ditambahkan 1 (satu) pasal, yakni Pasal " + pt.Pasal + " sehingga berbunyi sebagai berikut:"
	}
	return "Di antara Pasal " + pt.After + " dan Pasal " + next + " disisipkan 1 (satu) pasal, yakni Pasal " + pt.Pasal + " sehingga berbunyi sebagai berikut:"
}

// ayatInsertSentence is the sentence of an inserted ayat: between the ayat
// before it and the one after it, or after the last ayat of its Pasal;
// text is the amended text with the ayat in place.
func ayatInsertSentence(pt AmendmentInstruction, text string) string {
	before := strconv.Itoa(pt.Ayat)
	if pt.AyatLetter > "a" {
		before += string(rune(pt.AyatLetter[0] - 1))
	}
	num := strconv.Itoa(pt.Ayat) + pt.AyatLetter
	next := ""
	n, _ := consolidate.ParseNumber(pt.Pasal)
	body, _ := consolidate.Body(text, n, 0)
	seen := false
	for _, a := range ParseLegal("### Pasal " + pt.Pasal + "\n\n" + body + "\n").Pasals[0].Ayat {
		if seen {
			next = a.Label()
			break
		}
		seen = a.Label() == num
	}
	if next == "" {
		return fmt.Sprintf("Sesudah ayat (%s) Pasal %s ditambahkan 1 (satu) ayat, yakni ayat (%s) sehingga Pasal %s berbunyi sebagai berikut:", before, pt.Pasal, num, pt.Pasal)
	}
	return fmt.Sprintf("Di antara ayat (%s) dan ayat (%s) Pasal %s disisipkan 1 (satu) ayat, yakni ayat (%s) sehingga Pasal %s berbunyi sebagai berikut:", before, next, pt.Pasal, num, pt.Pasal)
}
