// Package pdftest reads PDFs in tests as a reader would: the text of each
// page (pdftotext) and the QR codes printed on the pages (pdftoppm, then
// a QR reader), with poppler-utils' programs. A missing program fails the
// test (make tools installs them).
package pdftest

import (
	"fmt"
	"image"
	_ "image/png" // pdftoppm's pages
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// Tool runs one of poppler-utils' programs and returns its output.
func Tool(t testing.TB, name string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Fatalf("%s not found: install poppler-utils (make tools)", name)
	}
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// File writes a PDF to a file of the test's and returns its path.
func File(t testing.TB, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Pages is the text of each page of the PDF file, as pdftotext -layout
// reads it.
func Pages(t testing.TB, file string) []string {
	t.Helper()
	ps := strings.Split(Tool(t, "pdftotext", "-layout", file, "-"), "\f")
	if len(ps) > 0 && strings.TrimSpace(ps[len(ps)-1]) == "" {
		ps = ps[:len(ps)-1]
	}
	return ps
}

// Flat is a page's text with runs of spaces made one, for phrases the
// justified layout spreads out.
func Flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// PageImages renders pages of the PDF file at 150 dpi (pdftoppm; args
// such as -f 1 -l 1 choose them) and returns the images' files in page
// order.
func PageImages(t testing.TB, file string, args ...string) []string {
	t.Helper()
	dir := t.TempDir()
	Tool(t, "pdftoppm", append(append([]string{"-r", "150", "-png"}, args...), file, filepath.Join(dir, "page"))...)
	imgs, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	return imgs
}

// QRCode is the text of the QR code in the image file.
func QRCode(t testing.TB, file string) (string, error) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		return "", err
	}
	return res.GetText(), nil
}

// NSS is an NSS database (libnss3-tools' certutil) for pdfsig -nssdir
// that trusts the CA certificate files given: a reader who imported them
// (none: a reader who trusts no test CA).
func NSS(t testing.TB, caFiles ...string) string {
	t.Helper()
	if _, err := exec.LookPath("certutil"); err != nil {
		t.Fatal("certutil not found: install libnss3-tools (make tools)")
	}
	db := "sql:" + t.TempDir()
	cmds := [][]string{{"-N", "-d", db, "--empty-password"}}
	for i, ca := range caFiles {
		cmds = append(cmds, []string{"-A", "-d", db, "-n", fmt.Sprintf("ca%d", i), "-t", "CT,C,C", "-i", ca})
	}
	for _, args := range cmds {
		if out, err := exec.Command("certutil", args...).CombinedOutput(); err != nil {
			t.Fatalf("certutil %v: %v\n%s", args, err, out)
		}
	}
	return db
}

// OneByteChanged is a copy of a PDF with one byte of its Info dictionary
// changed ("/Producer" to "/PRoducer"): a signature over it must fail.
func OneByteChanged(t testing.TB, b []byte) []byte {
	t.Helper()
	c := append([]byte(nil), b...)
	i := strings.Index(string(c), "/Producer")
	if i < 0 {
		t.Fatal("no /Producer in the PDF")
	}
	c[i+2] ^= 0x20
	return c
}

// Sig is pdfsig's report of the PDF file, checked against the NSS
// database nssdir; pdfsig exits non-zero for an invalid signature, so
// its exit status is not an error here.
func Sig(t testing.TB, nssdir, file string) string {
	t.Helper()
	if _, err := exec.LookPath("pdfsig"); err != nil {
		t.Fatal("pdfsig not found: install poppler-utils (make tools)")
	}
	out, _ := exec.Command("pdfsig", "-nssdir", nssdir, file).CombinedOutput()
	return string(out)
}
