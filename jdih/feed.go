package jdih

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// FeedPageSize is how many products one page of the feed carries.
const FeedPageSize = 100

// Judul is a product's full title as JDIH lists it: "Peraturan Wali Kota
// Sawahlunto Nomor 3 Tahun 2026 tentang Pengembangan Kompetensi …".
func Judul(m policies.JDIHMetadata) string {
	return m.Label + " tentang " + policies.AboutOf(m.Judul)
}

// PDFPath is the enacted version's PDF.
func PDFPath(m policies.JDIHMetadata) string {
	return fmt.Sprintf("/policies/%d/versions/%d/pdf", m.PolicyID, m.VersionNumber)
}

// FeedItem is one product in the fields the JDIHN integration
// harvests, every one a string (as the JDIH integration scripts send
// them); dates are YYYY-MM-DD and URLs absolute.
type FeedItem struct {
	IDData              string `json:"idData"`
	TahunPengundangan   string `json:"tahun_pengundangan"`
	TanggalPenetapan    string `json:"tanggal_penetapan"`
	TanggalPengundangan string `json:"tanggal_pengundangan"`
	Jenis               string `json:"jenis"`
	NoPeraturan         string `json:"noPeraturan"`
	Judul               string `json:"judul"`
	NoPanggil           string `json:"noPanggil"`
	SingkatanJenis      string `json:"singkatanJenis"`
	TempatTerbit        string `json:"tempatTerbit"`
	Penerbit            string `json:"penerbit"`
	DeskripsiFisik      string `json:"deskripsiFisik"`
	Sumber              string `json:"sumber"`
	Subjek              string `json:"subjek"`
	ISBN                string `json:"isbn"`
	Status              string `json:"status"`
	Bahasa              string `json:"bahasa"`
	BidangHukum         string `json:"bidangHukum"`
	TEUBadan            string `json:"teuBadan"`
	NomorIndukBuku      string `json:"nomorIndukBuku"`
	FileDownload        string `json:"fileDownload"`
	URLDownload         string `json:"urlDownload"`
	Abstrak             string `json:"abstrak"`
	URLAbstrak          string `json:"urlabstrak"`
	URLDetailPeraturan  string `json:"urlDetailPeraturan"`
	Operasi             string `json:"operasi"`
	Display             string `json:"display"`
	// Beyond the harvested fields: where, who signed, and what the status means.
	Lokasi           string `json:"lokasi"`
	Penandatangan    string `json:"penandatangan"`
	KeteranganStatus string `json:"keteranganStatus"` // "Dicabut", "Diubah", "Berlaku"…
	// Machine-readable law, for a Peraturan (issue 27): the enacted text
	// as Akoma Ntoso 3.0 XML and Pasal by Pasal as JSON, and the same of
	// its unofficial consolidation as of the day the link is followed;
	// "-" for a Keputusan.
	URLAkomaNtoso            string `json:"urlAkomaNtoso"`
	URLPasal                 string `json:"urlPasal"`
	URLKonsolidasiAkomaNtoso string `json:"urlKonsolidasiAkomaNtoso"`
	URLKonsolidasiPasal      string `json:"urlKonsolidasiPasal"`
}

// AKNPath is the enacted version as Akoma Ntoso XML; ArticlesPath the
// same text Pasal by Pasal (JSON).
func AKNPath(m policies.JDIHMetadata) string {
	return fmt.Sprintf("/policies/%d/versions/%d/akn", m.PolicyID, m.VersionNumber)
}

// ArticlesPath is the enacted version Pasal by Pasal (JSON).
func ArticlesPath(m policies.JDIHMetadata) string {
	return fmt.Sprintf("/api/v1/policies/%d/versions/%d/articles", m.PolicyID, m.VersionNumber)
}

// Item is a product as the feed carries it; base is the server's public
// address, before every URL.
func Item(m policies.JDIHMetadata, base string) FeedItem {
	pdf := PDFPath(m)
	dash := func(v string) string {
		if v == "" {
			return "-"
		}
		return v
	}
	tahun := strconv.Itoa(m.Tahun)
	if m.TahunPengundangan > 0 {
		tahun = strconv.Itoa(m.TahunPengundangan)
	}
	it := FeedItem{
		IDData: strconv.FormatInt(m.PolicyID, 10), TahunPengundangan: tahun,
		TanggalPenetapan: m.TanggalPenetapan, TanggalPengundangan: m.TanggalPengundangan,
		Jenis: m.Jenis, NoPeraturan: strconv.Itoa(m.Nomor), Judul: Judul(m), NoPanggil: "-", SingkatanJenis: m.SingkatanJenis,
		TempatTerbit: m.TempatPenetapan, Penerbit: "Pemerintah " + m.RegionName, DeskripsiFisik: "-", Sumber: dash(m.Sumber),
		Subjek: m.Subjek, ISBN: "-", Status: m.FeedStatus(), Bahasa: m.Bahasa, BidangHukum: m.BidangHukum, TEUBadan: m.TEUBadan,
		NomorIndukBuku: "-", FileDownload: pdf[strings.LastIndex(pdf, "/")+1:], URLDownload: base + pdf,
		Abstrak: dash(m.Abstrak), URLAbstrak: base + fmt.Sprintf("/policies/%d", m.PolicyID),
		URLDetailPeraturan: base + fmt.Sprintf("/policies/%d", m.PolicyID), Operasi: "4", Display: "1",
		Lokasi: m.Lokasi, Penandatangan: m.Penandatangan, KeteranganStatus: m.Status,
		URLAkomaNtoso: "-", URLPasal: "-", URLKonsolidasiAkomaNtoso: "-", URLKonsolidasiPasal: "-",
	}
	if m.Form == policies.FormPerwali {
		it.URLAkomaNtoso, it.URLPasal = base+AKNPath(m), base+ArticlesPath(m)
		it.URLKonsolidasiAkomaNtoso = base + fmt.Sprintf("/policies/%d/konsolidasi?format=akn", m.PolicyID)
		it.URLKonsolidasiPasal = base + fmt.Sprintf("/api/v1/policies/%d/consolidated/articles", m.PolicyID)
	}
	return it
}
