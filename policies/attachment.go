package policies

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxAttachmentSize is the largest attachment a policy takes, in every
// region: larger files are refused (413) and nothing is stored.
const MaxAttachmentSize = 20 << 20

// AttachmentKind is what an attachment is to the policy.
type AttachmentKind string

// The attachment kinds. The database checks the same list.
const (
	AttachmentAcademic AttachmentKind = "naskah_akademik" // naskah akademik
	AttachmentMinutes  AttachmentKind = "notulen"         // notulen rapat
	AttachmentLetter   AttachmentKind = "surat"           // surat
	AttachmentOther    AttachmentKind = "lainnya"         // lainnya
)

// AttachmentKinds lists the kinds in the order forms show them.
var AttachmentKinds = []AttachmentKind{AttachmentAcademic, AttachmentMinutes, AttachmentLetter, AttachmentOther}

// Valid reports whether k is one of the attachment kinds.
func (k AttachmentKind) Valid() bool { return slices.Contains(AttachmentKinds, k) }

// Attachment is a file kept with a policy. Its type comes from its content,
// never from what the uploading client said.
type Attachment struct {
	ID       int64 `db:"id" json:"id"`
	PolicyID int64 `db:"policy_id" json:"policy_id"`
	// VersionNumber is the version that was the working text when the file
	// was uploaded: whoever may read that version reads the file.
	VersionNumber int            `db:"version_number" json:"version_number"`
	Kind          AttachmentKind `db:"kind" json:"kind"`
	Name          string         `db:"name" json:"name"`
	ContentType   string         `db:"content_type" json:"content_type"`
	Size          int64          `db:"size" json:"size"`
	SHA256        string         `db:"sha256" json:"sha256"`
	UploadedBy    int64          `db:"uploaded_by" json:"uploaded_by"`
	UploaderName  string         `db:"uploader_name" json:"uploader_name"`
	CreatedAt     time.Time      `db:"created_at" json:"created_at"`
	Content       []byte         `db:"content" json:"-"`
}

// fileType is one type of file an attachment may be.
type fileType struct {
	contentType string
	ext         string
	label       string // as a message names it
}

var (
	typePDF  = fileType{"application/pdf", ".pdf", "PDF"}
	typePNG  = fileType{"image/png", ".png", "PNG"}
	typeJPEG = fileType{"image/jpeg", ".jpg", "JPEG"}
	typeDOCX = fileType{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "DOCX"}
	typeXLSX = fileType{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "XLSX"}
)

// extensions are the file name endings each type may have.
var extensions = map[string]fileType{".pdf": typePDF, ".png": typePNG, ".jpg": typeJPEG, ".jpeg": typeJPEG,
	".docx": typeDOCX, ".xlsx": typeXLSX}

// DetectAttachment decides a file's type from its content: PDF, PNG and JPEG
// by their signatures, DOCX and XLSX as ZIP packages with the part that makes
// them so. It returns the content type and the file name to keep: name made
// safe, with the type's extension. Anything else, or a name whose extension
// says another type, is refused naming field.
func DetectAttachment(field, name string, content []byte) (contentType, safeName string, err error) {
	if len(content) == 0 {
		return "", "", FieldError(field, "berkas kosong")
	}
	if len(content) > MaxAttachmentSize {
		return "", "", &Error{Kind: KindTooLarge, Field: field, Message: "berkas melebihi batas 20 MB"}
	}
	var t fileType
	switch {
	case bytes.HasPrefix(content, []byte("%PDF-")):
		t = typePDF
	case bytes.HasPrefix(content, []byte("\x89PNG\r\n\x1a\n")):
		t = typePNG
	case bytes.HasPrefix(content, []byte{0xff, 0xd8, 0xff}):
		t = typeJPEG
	case bytes.HasPrefix(content, []byte("PK\x03\x04")):
		t = officeType(content)
	}
	if t.contentType == "" {
		return "", "", FieldError(field, "jenis berkas tidak diterima: hanya PDF, DOCX, XLSX, PNG, atau JPEG (dinilai dari isinya)")
	}
	safeName = SafeFileName(name)
	ext := strings.ToLower(path.Ext(safeName))
	if et, known := extensions[ext]; known {
		if et != t {
			return "", "", FieldError(field, "isi berkas adalah %s, tidak sesuai dengan nama %q", t.label, safeName)
		}
	} else {
		safeName = strings.TrimSuffix(safeName, ".") + t.ext
	}
	return t.contentType, safeName, nil
}

// officeType tells DOCX and XLSX apart by their package parts.
func officeType(content []byte) fileType {
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return fileType{}
	}
	has := map[string]bool{}
	for _, f := range zr.File {
		has[f.Name] = true
	}
	switch {
	case !has["[Content_Types].xml"]:
		return fileType{}
	case has["word/document.xml"]:
		return typeDOCX
	case has["xl/workbook.xml"]:
		return typeXLSX
	}
	return fileType{}
}

// SafeFileName is a client's file name fit to keep and to send back: its
// last path element, without control or format characters, quotes,
// slashes or leading dots, at most 200 characters; "lampiran" when nothing
// is left.
func SafeFileName(name string) string {
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "")
	}
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == '"', r == '\'', r == ';', r == '<', r == '>', r == ':', r == '*', r == '?', r == '|':
			continue
		case unicode.IsSpace(r):
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	name = strings.Trim(strings.Join(strings.Fields(b.String()), " "), ". ")
	if utf8.RuneCountInString(name) > 200 {
		ext := path.Ext(name)
		if utf8.RuneCountInString(ext) > 10 {
			ext = ""
		}
		name = string([]rune(name)[:200-utf8.RuneCountInString(ext)]) + ext
	}
	if name == "" || strings.HasPrefix(name, ".") {
		name = "lampiran" + name
	}
	return name
}

// AttachmentStore keeps policies' attachments.
type AttachmentStore interface {
	// CreateAttachment stores a file with its SHA-256 (computed here from
	// the content) in one transaction, with a line in the policy's audit log.
	CreateAttachment(ctx context.Context, a Attachment) (Attachment, error)
	// Attachments lists a policy's attachments not withdrawn, without
	// content: those of versions up to maxVersion, 0 for all of them
	// (Viewer.CommentVersions says which the viewer may read).
	Attachments(ctx context.Context, policyID int64, maxVersion int) ([]Attachment, error)
	// AttachmentByID reads one attachment not withdrawn, without its
	// content, if of a version up to maxVersion (0: any); else not found.
	AttachmentByID(ctx context.Context, policyID, id int64, maxVersion int) (Attachment, error)
	// AttachmentContent reads the content of an attachment AttachmentByID
	// gave, as it is asked for: a download streams and a range reads only
	// what it asks.
	AttachmentContent(ctx context.Context, a Attachment) io.ReadSeeker
	// RemoveAttachment withdraws an attachment from the policy: it leaves the
	// lists, its row and content stay, and the audit log says who and when.
	RemoveAttachment(ctx context.Context, policyID, id, by int64) (Attachment, error)
}
