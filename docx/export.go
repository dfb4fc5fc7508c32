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
	return export(ctx, markdown, at, coreTitle(title))
}

// export renders Markdown as a .docx dated at, then rewrites its parts
// named in edits.
func export(ctx context.Context, markdown string, at time.Time, edits map[string]func([]byte) []byte) ([]byte, error) {
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
	return rewriteParts(out, edits)
}

// coreTitle is the rewrite of docProps/core.xml that writes title into it
// (dc:title); none for an empty title.
func coreTitle(title string) map[string]func([]byte) []byte {
	title = strings.TrimSpace(title)
	if title == "" {
		return nil
	}
	var esc bytes.Buffer
	xml.EscapeText(&esc, []byte(title)) // writes to a buffer: no error
	return map[string]func([]byte) []byte{"docProps/core.xml": func(core []byte) []byte {
		return bytes.Replace(core, []byte("<dc:title></dc:title>"), []byte("<dc:title>"+esc.String()+"</dc:title>"), 1)
	}}
}

// rewriteParts copies a .docx, passing each part named in edits through
// its function.
func rewriteParts(docx []byte, edits map[string]func([]byte) []byte) ([]byte, error) {
	if len(edits) == 0 {
		return docx, nil
	}
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		edit, ok := edits[f.Name]
		if !ok {
			if err := zw.Copy(f); err != nil {
				return nil, err
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		part, err := io.ReadAll(io.LimitReader(rc, MaxUncompressedBytes))
		rc.Close()
		if err != nil {
			return nil, err
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(edit(part)); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
