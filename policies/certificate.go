package policies

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Certificates (sertifikat): each completer of a done program gets one,
// numbered once from the region's yearly register. What it says is kept
// as issued; its SHA-256 is of that content (Canonical), so the verification
// page finds it again by the hash printed on it.

// Certificate is a certificate as issued.
type Certificate struct {
	ID            int64     `db:"id" json:"id"`
	RegionID      int64     `db:"region_id" json:"-"`
	ProgramID     int64     `db:"program_id" json:"program_id"`
	ParticipantID int64     `db:"participant_id" json:"participant_id"`
	Year          int       `db:"year" json:"year"`
	Seq           int       `db:"seq" json:"-"`
	Number        string    `db:"number" json:"number"`
	NIP           string    `db:"nip" json:"nip"`
	Name          string    `db:"name" json:"name"`
	JP            int       `db:"jp" json:"jp"`
	Title         string    `db:"title" json:"title"`
	StartsOn      time.Time `db:"starts_on" json:"starts_on"`
	EndsOn        time.Time `db:"ends_on" json:"ends_on"`
	UnitName      string    `db:"unit_name" json:"unit_name"`
	HeadName      string    `db:"head_name" json:"head_name"`
	HeadTitle     string    `db:"head_title" json:"head_title"`
	RegionName    string    `db:"region_name" json:"region_name"`
	SHA256        string    `db:"sha256" json:"sha256"`
	IssuedAt      time.Time `db:"issued_at" json:"issued_at"`
}

// CertificateNumber is the printed number of the seq-th certificate of a
// region's year: "SERT-0007/SAWAHLUNTO/2026".
func CertificateNumber(regionSlug string, year, seq int) string {
	return fmt.Sprintf("SERT-%04d/%s/%d", seq, strings.ToUpper(regionSlug), year)
}

// Canonical is the content a certificate's SHA-256 is of: every field it
// states, one per line, dates as ISO days.
func (c Certificate) Canonical() string {
	return strings.Join([]string{"sertifikat", c.Number, c.NIP, c.Name, fmt.Sprint(c.JP), c.Title,
		c.StartsOn.Format(time.DateOnly), c.EndsOn.Format(time.DateOnly), c.UnitName, c.HeadName, c.HeadTitle, c.RegionName}, "\n")
}

// Hash is the SHA-256 of the certificate's content, in lower-case hex.
func (c Certificate) Hash() string {
	sum := sha256.Sum256([]byte(c.Canonical()))
	return hex.EncodeToString(sum[:])
}

// MaskName shows a person's name to the public with only the first letter
// of each word: "Budi Santoso" → "B*** S******"
// (UU 27/2022: the public learns a certificate is genuine, not who holds it).
func MaskName(name string) string {
	words := strings.Fields(name)
	for i, w := range words {
		r, size := utf8.DecodeRuneInString(w)
		words[i] = string(r) + strings.Repeat("*", utf8.RuneCountInString(w[size:]))
	}
	return strings.Join(words, " ")
}

// ErrNotCompleted refuses a certificate to one who did not complete the program.
var ErrNotCompleted = Errorf(KindConflict, "peserta ini belum menyelesaikan program (tidak hadir di sesi mana pun atau belum lulus): tidak ada sertifikat")

// ErrProgramNotDone refuses a certificate before the program is done.
var ErrProgramNotDone = Errorf(KindConflict, "program belum selesai: sertifikat terbit setelah program berstatus selesai")

// ErrNoUnitHead refuses a certificate of a unit whose head is not recorded.
func ErrNoUnitHead(unit string) error {
	return Errorf(KindConflict, "kepala unit %s belum dicatat: catat kepala unit (Admin → Unit → Kepala unit) sebelum menerbitkan sertifikat", unit)
}

// CertificateStore issues and finds certificates.
type CertificateStore interface {
	// IssueCertificate answers the participation's certificate, issuing
	// it once (ErrProgramNotDone, ErrNotCompleted, ErrNoUnitHead refuse).
	IssueCertificate(ctx context.Context, programID, participantID, actorID int64) (Certificate, error)
	// CertificateByHash finds a certificate by its SHA-256 (KindNotFound for none).
	CertificateByHash(ctx context.Context, sha256 string) (Certificate, error)
}
