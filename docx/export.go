package docx

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"strings"
	"time"
)

// Writing Markdown as a .docx through pandoc (pandoc.go), titled.

// Export renders Markdown as a .docx: headings in Word's heading styles,
// lists, tables. title becomes the document's title property; the
// document is dated now.
func Export(ctx context.Context, markdown, title string) ([]byte, error) {
	return ExportAt(ctx, markdown, title, time.Now())
}

// ExportAt is Export dated at: the same text, title and date give the
// same bytes.
func ExportAt(ctx context.Context, markdown, title string, at time.Time) ([]byte, error) {
	ast, err := run(ctx, []byte(markdown), "--sandbox", "-f", "gfm-raw_html", "-t", "json")
	if err != nil {
		return nil, err
	}
	if ast, err = cleanAST(ast, false); err != nil {
		return nil, err
	}
	// Pandoc 2.17's docx writer cannot find its reference document under
	// --sandbox; the input here is our own AST with no image, link to a
	// file or raw part left, so there is nothing for it to fetch.
	out, err := runAt(ctx, ast, at, "-f", "json", "-t", "docx", "-o", "-")
	if err != nil {
		return nil, err
	}
	return setTitle(out, title)
}

// setTitle writes title into a .docx's core properties (dc:title),
// copying its other parts as they are.
func setTitle(docx []byte, title string) ([]byte, error) {
	title = strings.TrimSpace(title)
	if title == "" {
		return docx, nil
	}
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		return nil, err
	}
	var esc bytes.Buffer
	if err := xml.EscapeText(&esc, []byte(title)); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name != "docProps/core.xml" {
			if err := zw.Copy(f); err != nil {
				return nil, err
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		core, err := io.ReadAll(io.LimitReader(rc, 1<<20))
		rc.Close()
		if err != nil {
			return nil, err
		}
		core = bytes.Replace(core, []byte("<dc:title></dc:title>"), []byte("<dc:title>"+esc.String()+"</dc:title>"), 1)
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(core); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
