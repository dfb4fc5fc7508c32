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
	"errors"
	"time"
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
