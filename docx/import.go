package docx

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Reading a .docx, .txt or .md file into Markdown: the file checked first,
// then pandoc (pandoc.go) for a .docx.

// Kind says what Import makes of a file name: "docx", "text" or "".
func Kind(name string) string {
	switch strings.ToLower(path.Ext(strings.TrimSpace(name))) {
	case ".docx":
		return "docx"
	case ".txt", ".md", ".markdown":
		return "text"
	}
	return ""
}

// Import reads a .docx, .txt or .md file (its kind from name) and returns
// its text as Markdown: headings as ATX headings, lists, pipe tables.
func Import(ctx context.Context, r io.Reader, name string) (string, error) {
	kind := Kind(name)
	if kind == "" {
		return "", ErrFileType
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return "", err
	}
	if len(data) > MaxFileBytes {
		return "", ErrTooLarge
	}
	var md string
	if kind == "text" {
		md, err = importText(data)
	} else {
		md, err = importDocx(ctx, data)
	}
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(md) == "" {
		return "", ErrEmpty
	}
	if len(md) > MaxMarkdownBytes {
		return "", ErrTextTooLong
	}
	return md, nil
}

func importText(data []byte) (string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return "", ErrNotText
	}
	return normalize(string(data)), nil
}

// oleMagic starts an OLE compound file: an encrypted OOXML document, or a
// Word 97-2003 .doc.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// checkDocx verifies a .docx and returns it rebuilt from its checked,
// inflated parts, without media or properties.
func checkDocx(data []byte) ([]byte, error) {
	if bytes.HasPrefix(data, oleMagic) {
		return nil, ErrEncrypted
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, ErrNotZip
	}
	if len(zr.File) > MaxEntries {
		return nil, ErrZipBomb
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	budget := int64(MaxUncompressedBytes)
	hasDoc := false
	for _, f := range zr.File {
		name := f.Name
		switch {
		case strings.EqualFold(name, "EncryptionInfo") || strings.EqualFold(name, "EncryptedPackage"):
			return nil, ErrEncrypted
		case strings.HasSuffix(name, "/"), strings.HasPrefix(name, "word/media/"), strings.HasPrefix(name, "word/embeddings/"):
			continue // directories, pictures and embedded objects are not read
		case strings.HasPrefix(name, "docProps/"):
			// The file's properties are not its text: a title there (which
			// the export writes, and a newer pandoc may read as the
			// document's title) must not become a heading; only a Title
			// paragraph does (titled in pandoc.go).
			continue
		}
		if f.Flags&0x1 != 0 {
			return nil, ErrEncrypted // a zip-encrypted part
		}
		if f.UncompressedSize64 > uint64(budget) {
			return nil, ErrZipBomb
		}
		rc, err := f.Open()
		if err != nil {
			return nil, ErrNotZip
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			rc.Close()
			return nil, err
		}
		// Inflate within what is left of the budget, whatever the header says.
		n, err := io.Copy(w, io.LimitReader(rc, budget+1))
		rc.Close()
		if err != nil {
			return nil, ErrNotZip
		}
		if n > budget {
			return nil, ErrZipBomb
		}
		budget -= n
		if name == "word/document.xml" {
			hasDoc = true
		}
	}
	if !hasDoc {
		return nil, ErrNoDocument
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func importDocx(ctx context.Context, data []byte) (string, error) {
	clean, err := checkDocx(data)
	if err != nil {
		return "", err
	}
	ast, err := run(ctx, clean, "--sandbox", "-f", "docx", "-t", "json")
	if err != nil {
		return "", err
	}
	ast, err = cleanAST(ast, true)
	if err != nil {
		return "", err
	}
	md, err := run(ctx, ast, "--sandbox", "-f", "json", "-t", "gfm-raw_html", "--wrap=none", "--markdown-headings=atx")
	if err != nil {
		return "", err
	}
	return normalize(string(md)), nil
}

var (
	trailingSpace = regexp.MustCompile(`[ \t]+\n`)
	manyBlank     = regexp.MustCompile(`\n{3,}`)
)

// normalize makes line ends LF, drops trailing spaces and runs of blank
// lines, and ends the text with one newline.
func normalize(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = trailingSpace.ReplaceAllString(s+"\n", "\n")
	s = manyBlank.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s) + "\n"
}
