// Package docx turns Word documents (.docx) and plain text into the
// Markdown Policyflow stores, and Markdown back into .docx, through pandoc.
//
// Pandoc runs as a separate process with exact arguments (never a shell),
// under a timeout and a heap bound, at most one run per core, reading
// untrusted documents with --sandbox (no file or network access beyond its
// input). A .docx is checked before pandoc sees
// it: a zip archive with word/document.xml, not encrypted, within the size
// bounds once uncompressed (zip bombs are refused while being inflated),
// and rebuilt without its media, so pandoc reads only what was checked.
// Images and raw HTML are dropped in both directions: the renderer shows
// neither.
package docx

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Bounds of what Import accepts.
const (
	// MaxFileBytes is the largest file read.
	MaxFileBytes = 10 << 20
	// MaxUncompressedBytes bounds the inflated size of a .docx's parts
	// (media excluded): beyond it the file is taken for a zip bomb.
	MaxUncompressedBytes = 64 << 20
	// MaxEntries bounds the number of parts of a .docx.
	MaxEntries = 2000
	// MaxMarkdownBytes is the largest text Import returns, as a policy
	// version may hold (policies.MaxDocumentBytes).
	MaxMarkdownBytes = 512 << 10
	// Timeout bounds one pandoc run.
	Timeout = 20 * time.Second
	// maxHeap bounds one pandoc run's heap (Haskell runtime option -M).
	maxHeap = "512m"
)

// slots bounds the pandoc runs at once to the machine's cores; a run
// waits for a slot as long as its context allows.
var slots = make(chan struct{}, max(1, runtime.NumCPU()))

// The refusals of Import and Export; the server words them for people.
var (
	ErrNoPandoc    = errors.New("docx: pandoc is not installed")
	ErrFileType    = errors.New("docx: not a .docx, .txt or .md file")
	ErrNotZip      = errors.New("docx: not a .docx file (not a zip archive)")
	ErrNoDocument  = errors.New("docx: the archive has no word/document.xml")
	ErrEncrypted   = errors.New("docx: the document is encrypted or in the old .doc format")
	ErrTooLarge    = errors.New("docx: the file is too large")
	ErrZipBomb     = errors.New("docx: the file inflates past the size bound")
	ErrNotText     = errors.New("docx: the text file is not valid UTF-8 text")
	ErrEmpty       = errors.New("docx: the document has no text")
	ErrUnreadable  = errors.New("docx: pandoc could not read the document")
	ErrTextTooLong = errors.New("docx: the converted text is larger than a policy may be")
)

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
// inflated parts, without media.
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

// run runs pandoc with args, in on its standard input.
func run(ctx context.Context, in []byte, args ...string) ([]byte, error) {
	return runAt(ctx, in, time.Time{}, args...)
}

// runAt runs pandoc dating what it writes at (SOURCE_DATE_EPOCH), unless
// at is zero.
func runAt(ctx context.Context, in []byte, at time.Time, args ...string) ([]byte, error) {
	bin, err := exec.LookPath("pandoc")
	if err != nil {
		return nil, ErrNoPandoc
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	select {
	case slots <- struct{}{}:
		defer func() { <-slots }()
	case <-ctx.Done():
		return nil, fmt.Errorf("docx: pandoc: %w", ctx.Err())
	}
	cmd := exec.CommandContext(ctx, bin, append([]string{"+RTS", "-M" + maxHeap, "-RTS"}, args...)...)
	cmd.Env = []string{"LANG=C.UTF-8", "HOME=/nonexistent"}
	if !at.IsZero() {
		cmd.Env = append(cmd.Env, "SOURCE_DATE_EPOCH="+strconv.FormatInt(at.Unix(), 10))
	}
	cmd.Stdin = bytes.NewReader(in)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("docx: pandoc: %w", ctx.Err())
		}
		return nil, fmt.Errorf("%w: %s", ErrUnreadable, strings.TrimSpace(firstLine(stderr.String())))
	}
	return out.Bytes(), nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// cleanAST drops images (keeping their description) and raw HTML or
// other raw parts from a pandoc JSON document. With titleHeading, a
// document title (Word's Title style) becomes its level-1 heading when
// the body has none.
func cleanAST(data []byte, titleHeading bool) ([]byte, error) {
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	blocks, _ := doc["blocks"].([]any)
	blocks = cleanList(blocks)
	if titleHeading && !hasLevel1(blocks) {
		if meta, ok := doc["meta"].(map[string]any); ok {
			if t, ok := meta["title"].(map[string]any); ok {
				if inl, ok := t["c"].([]any); ok && t["t"] == "MetaInlines" && len(inl) > 0 {
					h := map[string]any{"t": "Header", "c": []any{json.Number("1"), []any{"", []any{}, []any{}}, cleanList(inl)}}
					blocks = append([]any{h}, blocks...)
				}
			}
		}
	}
	if blocks == nil {
		blocks = []any{}
	}
	doc["blocks"] = blocks
	doc["meta"] = map[string]any{}
	return json.Marshal(doc)
}

func hasLevel1(blocks []any) bool {
	for _, b := range blocks {
		if m, ok := b.(map[string]any); ok && m["t"] == "Header" {
			if c, ok := m["c"].([]any); ok && len(c) > 0 && fmt.Sprint(c[0]) == "1" {
				return true
			}
		}
	}
	return false
}

// cleanList cleans a list of AST nodes (or of anything else).
func cleanList(list []any) []any {
	out := make([]any, 0, len(list))
	for _, v := range list {
		if m, ok := v.(map[string]any); ok {
			switch m["t"] {
			case "RawInline", "RawBlock":
				continue
			case "Image":
				// Image: [attr, description, target] → Span [attr, description].
				if c, ok := m["c"].([]any); ok && len(c) == 3 {
					desc, _ := c[1].([]any)
					out = append(out, map[string]any{"t": "Span", "c": []any{[]any{"", []any{}, []any{}}, cleanList(desc)}})
				}
				continue
			}
		}
		out = append(out, clean(v))
	}
	return out
}

func clean(v any) any {
	switch x := v.(type) {
	case []any:
		return cleanList(x)
	case map[string]any:
		for k, c := range x {
			x[k] = clean(c)
		}
	}
	return v
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
