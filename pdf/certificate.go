package pdf

import (
	"fmt"
	"io"
	"strings"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/policyflow/policyflow/naskah"
	"github.com/policyflow/policyflow/policies"
)

// A certificate (sertifikat) of a program's completer: one A4 landscape
// page — the number, the person's name and NIP, the program, its dates,
// the hours (JP) earned, the organising unit and its head's signature
// block — with the SHA-256 of its content and the QR code of its public
// verification URL at the foot, as on the official document. The same
// certificate always gives the same bytes.

// RenderCertificate writes the certificate as a PDF; verifyURL is the
// public verification page of its SHA-256.
func RenderCertificate(out io.Writer, c policies.Certificate, verifyURL string) error {
	qr, err := qrcode.New(verifyURL, qrcode.Medium)
	if err != nil {
		return fmt.Errorf("pdf: QR code: %w", err)
	}
	qr.DisableBorder = true
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "L", UnitStr: "mm", Size: papers["A4"]})
	f.SetCreationDate(c.IssuedAt.UTC())
	f.SetModificationDate(c.IssuedAt.UTC())
	f.SetCatalogSort(true)
	f.SetProducer("Policyflow", false)
	f.SetCreator("Policyflow", false)
	f.SetTitle("Sertifikat "+c.Number, true)
	f.SetCompression(true)
	addFonts(f)
	f.SetMargins(25, 20, 25)
	f.SetAutoPageBreak(false, 0)
	f.SetCellMargin(0)
	f.AddPage()
	pageW, pageH := 297.0, 210.0
	textW := pageW - 50
	f.SetDrawColor(60, 60, 60)
	f.SetLineWidth(0.8)
	f.Rect(10, 10, pageW-20, pageH-20, "D")
	line := func(style string, size, h float64, text string) {
		f.SetFont(face, style, size)
		f.SetX(25)
		f.MultiCell(textW, h, text, "", "C", false)
	}
	f.SetY(22)
	line("B", 13, 6, strings.ToUpper(c.RegionName))
	line("B", 12, 6, strings.ToUpper(c.UnitName))
	f.Ln(6)
	line("B", 30, 13, "SERTIFIKAT")
	line("", 12, 6, "Nomor: "+c.Number)
	f.Ln(5)
	line("", 13, 7, "diberikan kepada")
	line("B", 20, 10, c.Name)
	line("", 13, 7, "NIP "+c.NIP)
	f.Ln(4)
	line("", 13, 7, "yang telah menyelesaikan")
	line("B", 15, 8, c.Title)
	line("", 13, 7, fmt.Sprintf("yang diselenggarakan oleh %s pada %s dengan jumlah %d JP (jam pelajaran).",
		c.UnitName, dateSpan(c), c.JP))
	// The signature block of the unit's head, at the right.
	x := pageW - 25 - 95
	f.SetXY(x, 140)
	f.SetFont(face, "", 12)
	f.MultiCell(95, 6, fmt.Sprintf("Diberikan pada %s", naskah.Date(c.EndsOn)), "", "C", false)
	title := c.HeadTitle
	if title == "" {
		title = "Kepala " + c.UnitName
	}
	f.SetX(x)
	f.MultiCell(95, 6, title+",", "", "C", false)
	f.SetXY(x, 178)
	f.SetFont(face, "B", 12)
	f.MultiCell(95, 6, c.HeadName, "", "C", false)
	// The foot: QR code, hash and verification URL, at the left.
	(&writer{f: f, qrBits: qr.Bitmap()}).qr(25, 158)
	f.SetFont(face, "", 7)
	f.SetXY(25+qrSize+4, 166)
	f.MultiCell(x-(25+qrSize+4)-4, 3.5, "SHA-256: "+c.SHA256+"\nVerifikasi keaslian: "+verifyURL, "", "L", false)
	if err := f.Error(); err != nil {
		return fmt.Errorf("pdf: certificate: %w", err)
	}
	return writeWhole(out, f, "pdf: certificate")
}

// dateSpan is the program's dates: "3 Maret 2026" or "3 Maret 2026 s.d. 5 Maret 2026".
func dateSpan(c policies.Certificate) string {
	if c.StartsOn.Equal(c.EndsOn) {
		return naskah.Date(c.StartsOn)
	}
	return naskah.Date(c.StartsOn) + " s.d. " + naskah.Date(c.EndsOn)
}
