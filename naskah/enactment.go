package naskah

import (
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// How an enactment record prints (the blocks of the document, which the
// enactment page shows as they will print) and how the verification page
// cites it.

// Signature is the block under "Ditetapkan di" of an enactment: the place
// (the city's name when none was recorded), the day, the office the signer
// signs in ("Plt. WALI KOTA SAWAHLUNTO,"; a.n., the principal's office and
// then the signer's own) and the signer's name.
func Signature(e policies.Enactment, regionName string) Block {
	office := upper(e.PrincipalTitle)
	offices := []string{e.Capacity.Prefix() + office + ","}
	if signer := upper(e.SignerTitle); e.Capacity == policies.SignOnBehalf && signer != "" {
		offices = []string{e.Capacity.Prefix() + office, signer + ","}
	}
	return Block{Place: "Ditetapkan di " + placeOf(e, regionName), Date: "pada tanggal " + dateOrBlank(e.EnactedOn),
		Offices: offices, Name: strings.TrimSpace(e.SignerName)}
}

// Promulgation is the block under "Diundangkan di" of an enactment; nil
// before the promulgation.
func Promulgation(e policies.Enactment, regionName string) *Block {
	if e.PromulgatedOn == nil {
		return nil
	}
	return &Block{Place: "Diundangkan di " + placeOf(e, regionName), Date: "pada tanggal " + dateOrBlank(*e.PromulgatedOn),
		Offices: []string{deref(e.PromulgatorPrefix) + upper(deref(e.PromulgatorTitle)) + ","},
		Name:    strings.TrimSpace(deref(e.PromulgatorName))}
}

// Gazette is the Berita Daerah line: "BERITA DAERAH KOTA SAWAHLUNTO TAHUN
// 2026 NOMOR 12"; "" before the promulgation.
func Gazette(e policies.Enactment, regionName string) string {
	return upper(GazetteCite(e, regionName))
}

// GazetteCite is the Berita Daerah in a sentence: "Berita Daerah Kota
// Sawahlunto Tahun 2026 Nomor 12"; "" before the promulgation.
func GazetteCite(e policies.Enactment, regionName string) string {
	return policies.GazetteCite(e, regionName)
}

// SignedBy is who signed, in a sentence: "Plt. Wali Kota Sawahlunto —
// Ahmad Rifai".
func SignedBy(e policies.Enactment) string {
	return e.Capacity.Prefix() + e.PrincipalTitle + " — " + e.SignerName
}

// PromulgatedBy is who promulgated, in a sentence: "Sekretaris Daerah Kota
// Sawahlunto — Ambun Kadri"; "" before the promulgation.
func PromulgatedBy(e policies.Enactment) string {
	if e.PromulgatorName == nil || e.PromulgatorTitle == nil {
		return ""
	}
	return deref(e.PromulgatorPrefix) + *e.PromulgatorTitle + " — " + *e.PromulgatorName
}

// placeOf is where the act was done: as recorded, else the city.
func placeOf(e policies.Enactment, regionName string) string {
	if p := strings.TrimSpace(e.Place); p != "" {
		return p
	}
	return orBlank(policies.CityName(regionName))
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
