package evaluation

import (
	"fmt"
	"strconv"

	"github.com/policyflow/policyflow/policies"
)

// siasnKinds are the SIASN kinds of diklat/kursus (the jenis diklat
// reference of riwayat kursus) a program kind is recorded as.
var siasnKinds = map[policies.ProgramKind]string{
	policies.KindPelatihan:  "Diklat Teknis",
	policies.KindWorkshop:   "Workshop",
	policies.KindSeminar:    "Seminar",
	policies.KindLokakarya:  "Workshop",
	policies.KindELearning:  "Kursus",
	policies.KindMentoring:  "Magang",
	policies.KindSoftSkills: "Kursus",
}

// SIASNColumns are the header of a SIASN riwayat diklat/kursus file.
var SIASNColumns = []string{"NIP", "Nama", "Jenis Diklat/Kursus", "Nama Diklat/Kursus", "Institusi Penyelenggara", "Nomor Sertifikat",
	"Tanggal Mulai", "Tanggal Selesai", "Tahun", "Jumlah Jam"}

// SIASNRows makes the SIASN rows of completed participations: the
// organiser is the partner institution when the program names one, else
// the unit that ran it; the certificate number is that of the certificate
// issued to the participant, else Policyflow's register number of the
// participation (region, program, participant, year); dates are dd-mm-yyyy
// as SIASN writes them; the hours are those earned by the JP rule.
func SIASNRows(regionSlug string, cs []policies.SIASNCandidate) []policies.SIASNRow {
	rows := make([]policies.SIASNRow, len(cs))
	for i, c := range cs {
		organiser := c.Partner
		if organiser == "" {
			organiser = c.Organiser
		}
		number := c.CertificateNumber
		if number == "" {
			number = fmt.Sprintf("PF/%s/%d/%d/%d", regionSlug, c.ProgramID, c.ParticipantID, c.EndsOn.Year())
		}
		rows[i] = policies.SIASNRow{ParticipantID: c.ParticipantID, NIP: c.NIP, Name: c.Name, Kind: siasnKinds[c.Kind], Course: c.ProgramTitle,
			Organiser: organiser, CertificateNumber: number,
			StartsOn: c.StartsOn.Format("02-01-2006"), EndsOn: c.EndsOn.Format("02-01-2006"), Year: c.EndsOn.Year(), Hours: c.JP}
	}
	return rows
}

// SIASNRecord is a row as the file's cells, in SIASNColumns order.
func SIASNRecord(r policies.SIASNRow) []string {
	return []string{r.NIP, r.Name, r.Kind, r.Course, r.Organiser, r.CertificateNumber, r.StartsOn, r.EndsOn, strconv.Itoa(r.Year), strconv.Itoa(r.Hours)}
}
