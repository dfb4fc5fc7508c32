package policies

import (
	"fmt"
	"strings"
	"time"
)

// How an enactment prints, in the document's language (Indonesian),
// whatever the reader's: the pages show it as it will print, the PDF and
// the DOCX lay it out.

var legalMonths = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// LegalDate is a date as legal documents write it: "3 Maret 2026".
func LegalDate(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), legalMonths[t.Month()-1], t.Year())
}

// CityUpper is a region's name in a document's capitals: "KOTA SAWAHLUNTO".
func CityUpper(regionName string) string {
	return strings.ToUpper("Kota " + CityName(regionName))
}

// EnactedBlock is the enactment's place and date as they print above the
// signature: "Ditetapkan di Sawahlunto", "pada tanggal 3 Maret 2026".
func (e Enactment) EnactedBlock() []string {
	return []string{"Ditetapkan di " + e.Place, "pada tanggal " + LegalDate(e.EnactedOn)}
}

// SignatureBlock is the signature block as it prints, line by line, with
// an empty line where the signature goes: "Plt. WALI KOTA SAWAHLUNTO,",
// "", "Nama". Signed a.n., the signer's own office follows the principal's.
func (e Enactment) SignatureBlock() []string {
	office := strings.ToUpper(strings.TrimSpace(e.PrincipalTitle))
	if e.Capacity == SignOnBehalf {
		return []string{"a.n. " + office, strings.ToUpper(strings.TrimSpace(e.SignerTitle)) + ",", "", e.SignerName}
	}
	return []string{e.Capacity.Prefix() + office + ",", "", e.SignerName}
}

// PromulgationBlock is the promulgation as it prints: "Diundangkan di
// Sawahlunto", "pada tanggal …", "SEKRETARIS DAERAH KOTA SAWAHLUNTO,", "",
// name; nil before the promulgation.
func (e Enactment) PromulgationBlock() []string {
	if e.PromulgatedOn == nil {
		return nil
	}
	deref := func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	}
	return []string{"Diundangkan di " + e.Place, "pada tanggal " + LegalDate(*e.PromulgatedOn),
		deref(e.PromulgatorPrefix) + strings.ToUpper(strings.TrimSpace(deref(e.PromulgatorTitle))) + ",", "", deref(e.PromulgatorName)}
}

// Gazette is how the promulgation is cited: "BERITA DAERAH KOTA
// SAWAHLUNTO TAHUN 2026 NOMOR 12"; "" before it.
func (e Enactment) Gazette(regionName string) string {
	if e.GazetteNumber == nil || e.GazetteYear == nil {
		return ""
	}
	return fmt.Sprintf("BERITA DAERAH %s TAHUN %d NOMOR %d", CityUpper(regionName), *e.GazetteYear, *e.GazetteNumber)
}
