package policies

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

func zipOf(t *testing.T, parts ...string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, p := range parts {
		w, err := zw.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<x/>"))
	}
	zw.Close()
	return b.Bytes()
}

// The type comes from the bytes, whatever the name says; a name that says
// another type is refused, one that says none gets the type's extension.
func TestDetectAttachment(t *testing.T) {
	docx := zipOf(t, "[Content_Types].xml", "word/document.xml")
	xlsx := zipOf(t, "[Content_Types].xml", "xl/workbook.xml")
	for _, c := range []struct {
		name    string
		content []byte
		ct      string // "" refused
		kept    string
	}{
		{"a.pdf", []byte("%PDF-1.7 x"), "application/pdf", "a.pdf"},
		{"foto.JPEG", []byte{0xff, 0xd8, 0xff, 0xe0, 1}, "image/jpeg", "foto.JPEG"},
		{"gambar", []byte("\x89PNG\r\n\x1a\nrest"), "image/png", "gambar.png"},
		{"kajian.docx", docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "kajian.docx"},
		{"data", xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "data.xlsx"},
		{"program.pdf", []byte("MZ\x90\x00"), "", ""},
		{"halaman.png", []byte("<html><script>alert(1)</script>"), "", ""},
		{"arsip.docx", zipOf(t, "a.txt"), "", ""},
		{"kajian.xlsx", docx, "", ""},
		{"gambar.pdf", []byte("\x89PNG\r\n\x1a\n"), "", ""},
		{"kosong.pdf", nil, "", ""},
	} {
		ct, kept, err := DetectAttachment("file", c.name, c.content)
		if c.ct == "" {
			if err == nil || KindOf(err) != KindInvalid {
				t.Errorf("%s: %q %q %v, want refused", c.name, ct, kept, err)
			}
			continue
		}
		if err != nil || ct != c.ct || kept != c.kept {
			t.Errorf("%s: %q %q %v, want %q %q", c.name, ct, kept, err, c.ct, c.kept)
		}
	}
	big := append([]byte("%PDF-"), make([]byte, MaxAttachmentSize)...)
	if _, _, err := DetectAttachment("file", "besar.pdf", big); KindOf(err) != KindTooLarge {
		t.Errorf("oversize: %v, want too large", err)
	}
}

func TestSafeFileName(t *testing.T) {
	for in, want := range map[string]string{
		`C:\Users\x\Notulen "rapat".pdf`:  "Notulen rapat.pdf",
		"../../etc/passwd":                "passwd",
		"..":                              "lampiran",
		".htaccess":                       "htaccess",
		"a\x00b\r\nc\u202e.pdf":           "abc.pdf",
		"  laporan   akhir  .pdf ":        "laporan akhir .pdf",
		"surat;<b>keputusan</b>.pdf":      "b.pdf",
		strings.Repeat("x", 300) + ".pdf": strings.Repeat("x", 196) + ".pdf",
	} {
		if got := SafeFileName(in); got != want {
			t.Errorf("SafeFileName(%q) = %q, want %q", in, got, want)
		}
	}
}
