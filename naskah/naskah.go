// Package naskah is the official document (naskah) of a policy version,
// built once from the policy, the version and its enactment (build.go):
// the title block, the body, the signature block (ditetapkan), the
// promulgation block (diundangkan), the Berita Daerah line and the
// verification footer, each worded as it prints, in Indonesian (the
// document's language, whatever the reader's).
//
// Everything that shows the document renders this model and words no block
// itself: the PDF (package pdf lays it out), the naskah DOCX (Markdown here,
// a .docx through package docx), the enactment record and the verification
// page (enactment.go). Indonesian dates and month names live here too
// (date.go).
package naskah

import "time"

// Blank stands for what a draft does not know yet (its number, the day of
// signing, the signer's name): a line to fill in by hand.
const Blank = "……………………"

// DraftMark marks every page of a document that is not enacted.
const DraftMark = "RANCANGAN"

// About joins the form and its number to the subject in the title block.
const About = "TENTANG"

// Document is one version as the official document prints it.
type Document struct {
	// Paper is "F4" (215 × 330 mm folio) or "A4"; empty means F4.
	Paper string
	// Title is what the document is about, as written ("Pengembangan
	// Kompetensi Aparatur Sipil Negara"): the PDF's title property.
	Title string
	// PolicyTitle is the policy's own title: the DOCX's title property.
	PolicyTitle string
	// Heading is the title block.
	Heading Heading
	// Body is the version's text (Markdown) in the Perwali convention or a
	// narrative document; its first "# " heading is the title the heading
	// already prints, and is not repeated.
	Body string
	// Draft marks every page RANCANGAN: the version is not enacted.
	Draft bool
	// Signature is the block under "Ditetapkan di"; nil leaves it out (a
	// narrative draft).
	Signature *Block
	// Paraf is the paraf column printed beside the signature (paraf.go):
	// the parafs given on the version; empty when none.
	Paraf []ParafLine `json:",omitempty"`
	// Promulgation is the block under "Diundangkan di"; nil before the
	// promulgation.
	Promulgation *Block
	// Gazette is the Berita Daerah line: "BERITA DAERAH KOTA SAWAHLUNTO
	// TAHUN 2026 NOMOR 12"; "" before the promulgation.
	Gazette string
	// SHA256 is the hex SHA-256 of the version's text.
	SHA256 string
	// VerifyURL is the absolute URL of the public verification page.
	VerifyURL string
	// Date is the version's: the file's creation date.
	Date time.Time
}

// Heading is the title block: "PERATURAN WALI KOTA SAWAHLUNTO", "NOMOR 12
// TAHUN 2026", "TENTANG", the subject.
type Heading struct {
	// Form is the form's name and city in capitals; "" for a narrative
	// policy, which its title alone heads.
	Form string
	// Number is "NOMOR 12 TAHUN 2026"; on a draft the number and year are
	// Blank.
	Number string
	// Title is the subject in capitals: "PENGEMBANGAN KOMPETENSI …".
	Title string
}

// Lines are the title block's lines: form, number, TENTANG and subject; the
// subject alone for a narrative policy.
func (h Heading) Lines() []string {
	if h.Form == "" {
		return []string{h.Title}
	}
	return []string{h.Form, h.Number, About, h.Title}
}

// Block is a signature or promulgation block as it prints.
type Block struct {
	// Place is "Ditetapkan di Sawahlunto" or "Diundangkan di Sawahlunto".
	Place string
	// Date is "pada tanggal 3 Maret 2026" ("pada tanggal ……" on a draft).
	Date string
	// Offices are the office lines above the signature: "Plt. WALI KOTA
	// SAWAHLUNTO,"; signed a.n., the principal's and then the signer's own:
	// "a.n. WALI KOTA SAWAHLUNTO", "SEKRETARIS DAERAH,".
	Offices []string
	// Name is the signer's name as recorded; "" on a draft.
	Name string
}

// Dated is the block's place and date lines.
func (b Block) Dated() []string { return []string{b.Place, b.Date} }

// Signed is the block from the offices down as the pages show it: an
// empty line where the signature goes, then the name as recorded.
func (b Block) Signed() []string {
	return append(append(append([]string{}, b.Offices...), ""), b.Name)
}

// Lines is the whole block as the pages show it; nil for no block.
func (b *Block) Lines() []string {
	if b == nil {
		return nil
	}
	return append(b.Dated(), b.Signed()...)
}

// PrintedName is the name as the documents print it: in capitals, Blank
// when there is none yet.
func (b Block) PrintedName() string {
	if n := upper(b.Name); n != "" {
		return n
	}
	return Blank
}

// HashLine is the footer's hash line: "SHA-256: …".
func (d Document) HashLine() string { return "SHA-256: " + d.SHA256 }

// VerifyLine is the footer's verification line: "Verifikasi keaslian: https://…".
func (d Document) VerifyLine() string { return "Verifikasi keaslian: " + d.VerifyURL }
