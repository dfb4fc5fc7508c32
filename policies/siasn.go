package policies

import (
	"context"
	"time"
)

// The SIASN export of completed training (riwayat diklat/kursus): a
// completed participation is verified first by an officer of the
// trainee's unit, then by the region's BKPSDM (a drafter), and only then
// exported, once, in a batch kept as it was sent.

// SIASNCandidate is a completed participation with where it stands on its
// way to SIASN.
type SIASNCandidate struct {
	ParticipantID     int64       `db:"participant_id" json:"participant_id"`
	NIP               string      `db:"nip" json:"nip"`
	Name              string      `db:"name" json:"name"`
	UnitCode          string      `db:"unit_code" json:"unit"`
	ProgramID         int64       `db:"program_id" json:"program_id"`
	ProgramTitle      string      `db:"program_title" json:"program_title"`
	Kind              ProgramKind `db:"kind" json:"kind"`
	Partner           string      `db:"partner" json:"partner"`
	Organiser         string      `db:"organiser" json:"organiser"` // the unit that ran the program
	StartsOn          time.Time   `db:"starts_on" json:"starts_on"`
	EndsOn            time.Time   `db:"ends_on" json:"ends_on"`
	JP                int         `db:"jp" json:"jp"`                                 // earned by the JP rule: the sessions attended, else the program's when completed
	CertificateNumber string      `db:"certificate_number" json:"certificate_number"` // the issued certificate's number, "" before one is issued
	UnitVerifiedAt    *time.Time  `db:"unit_verified_at" json:"unit_verified_at,omitempty"`
	RegionVerifiedAt  *time.Time  `db:"region_verified_at" json:"region_verified_at,omitempty"`
	ExportID          *int64      `db:"export_id" json:"export_id,omitempty"`
}

// SIASNRow is one line of riwayat diklat/kursus as SIASN takes it: the
// kind (jenis diklat/kursus), the name (nama kursus), the organiser
// (institusi penyelenggara), the certificate number (nomor sertifikat),
// the start and end dates (tanggal kursus, tanggal selesai kursus, as
// dd-mm-yyyy), the year (tahun kursus) and the hours (jumlah jam).
type SIASNRow struct {
	ParticipantID     int64  `json:"participant_id"`
	NIP               string `json:"nip"`
	Name              string `json:"name"`
	Kind              string `json:"jenis_diklat"`
	Course            string `json:"nama_kursus"`
	Organiser         string `json:"institusi_penyelenggara"`
	CertificateNumber string `json:"nomor_sertifikat"`
	StartsOn          string `json:"tanggal_mulai"`
	EndsOn            string `json:"tanggal_selesai"`
	Year              int    `json:"tahun"`
	Hours             int    `json:"jumlah_jam"`
}

// SIASNExport is one batch of rows sent to SIASN.
type SIASNExport struct {
	ID        int64      `db:"id" json:"id"`
	RowCount  int        `db:"row_count" json:"row_count"`
	CreatedAt time.Time  `db:"created_at" json:"created_at"`
	Rows      []SIASNRow `db:"-" json:"rows,omitempty"`
}

// VerifyInput names the participation a verifier marks verified.
type VerifyInput struct {
	ParticipantID int64 `json:"participant_id"`
}

// Validate names a missing participation.
func (in VerifyInput) Validate() error {
	if in.ParticipantID <= 0 {
		return FieldError("participant_id", "peserta wajib dipilih")
	}
	return nil
}

// SIASNStore keeps the verifications and export batches. Every write is audited.
type SIASNStore interface {
	// SIASNCandidates are the region's (or one unit's) completed
	// participations in programs that ended in year.
	SIASNCandidates(ctx context.Context, regionID, unitID int64, year int) ([]SIASNCandidate, error)
	// VerifyParticipation marks a completed participation verified: by
	// its unit's officer (unitID its unit), or by BKPSDM (unitID 0) after
	// the unit. Another region's or unit's is not found; one not completed,
	// verified already at that level, or not yet by the unit is a conflict.
	VerifyParticipation(ctx context.Context, regionID, unitID, actorID, participantID int64) (SIASNCandidate, error)
	// ExportSIASN records a batch of the rows rows makes of the region's
	// verified participations not yet exported, all in one transaction: a
	// conflict when there are none.
	ExportSIASN(ctx context.Context, regionID, actorID int64, rows func([]SIASNCandidate) []SIASNRow) (SIASNExport, error)
	SIASNExports(ctx context.Context, regionID int64) ([]SIASNExport, error)
	// SIASNExportByID returns a batch with its rows as exported; another
	// region's is not found.
	SIASNExportByID(ctx context.Context, regionID, id int64) (SIASNExport, error)
}
