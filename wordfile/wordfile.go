package wordfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/policyflow/policyflow/docx"
	"github.com/policyflow/policyflow/policies"
)

// refusals say in the drafter's terms why the converter refused a file,
// the first that matches.
var refusals = []struct {
	err     error
	kind    policies.ErrorKind
	message string
}{
	{docx.ErrFileType, policies.KindInvalid, "berkas harus berupa dokumen Word (.docx) atau teks (.txt, .md)"},
	{docx.ErrNotZip, policies.KindInvalid, "berkas bukan dokumen Word .docx yang sah (rusak atau bukan arsip .docx)"},
	{docx.ErrNoDocument, policies.KindInvalid, "berkas .docx tidak berisi dokumen (word/document.xml tidak ada)"},
	{docx.ErrEncrypted, policies.KindInvalid, "berkas terkunci kata sandi atau berformat .doc lama: buka di Word, hapus kata sandinya dan simpan sebagai .docx"},
	{docx.ErrTooLarge, policies.KindTooLarge, fmt.Sprintf("berkas melebihi batas %d MB", docx.MaxFileBytes>>20)},
	{docx.ErrZipBomb, policies.KindTooLarge, fmt.Sprintf("isi berkas .docx melebihi batas %d MB setelah diekstrak", docx.MaxUncompressedBytes>>20)},
	{docx.ErrTextTooLong, policies.KindTooLarge, "teks hasil konversi berkas melebihi batas 512 KB sebuah kebijakan"},
	{docx.ErrNotText, policies.KindInvalid, "berkas teks harus berkode UTF-8 dan tanpa karakter biner"},
	{docx.ErrEmpty, policies.KindInvalid, "berkas tidak berisi teks"},
	{docx.ErrUnreadable, policies.KindInvalid, "berkas tidak dapat dibaca sebagai .docx; simpan ulang dari Word lalu coba lagi"},
	{context.DeadlineExceeded, policies.KindInvalid, "konversi berkas melebihi batas waktu; perkecil dokumen lalu coba lagi"},
}

// Convert turns an uploaded file into Markdown, saying in the drafter's
// terms why a file is refused (field "file").
func Convert(ctx context.Context, r io.Reader, name string) (string, error) {
	md, err := docx.Import(ctx, r, name)
	if err == nil {
		return md, nil
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return "", tooLarge(mbe)
	case errors.Is(err, docx.ErrNoPandoc):
		return "", policies.Errorf(policies.KindUnavailable, "konversi dokumen Word belum tersedia: pandoc tidak terpasang di server (hubungi pengelola)")
	}
	for _, f := range refusals {
		if errors.Is(err, f.err) {
			return "", &policies.Error{Kind: f.kind, Field: "file", Message: f.message}
		}
	}
	return "", err
}

// tooLarge refuses an upload past the request's limit.
func tooLarge(mbe *http.MaxBytesError) error {
	return &policies.Error{Kind: policies.KindTooLarge, Field: "file", Message: fmt.Sprintf("berkas melebihi batas unggahan %d KB", mbe.Limit>>10)}
}

// FromForm reads the form's "file" and converts it; the file's name too
// (Name), for the change summary.
func FromForm(r *http.Request) (string, string, error) {
	f, h, err := r.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", "", tooLarge(mbe)
		}
		return "", "", policies.FieldError("file", "pilih berkas .docx, .txt atau .md untuk diimpor")
	}
	defer f.Close()
	name := Name(h.Filename)
	md, err := Convert(r.Context(), f, name)
	return md, name, err
}

// Name is an uploaded file's name as the change summary may quote it: its
// last path element, valid UTF-8 without control characters, at most 200
// bytes.
func Name(raw string) string {
	name := path.Base(strings.ReplaceAll(raw, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, ""))
	for len(name) > 200 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return name
}
