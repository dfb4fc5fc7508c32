package evaluation

import (
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

func TestSIASNRows(t *testing.T) {
	day := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	cs := []policies.SIASNCandidate{
		{ParticipantID: 31, NIP: "198503122010011002", Name: "Budi", ProgramID: 7, ProgramTitle: "Pelatihan pelayanan prima", Kind: policies.KindPelatihan,
			Partner: "Universitas Andalas", Organiser: "BKPSDM", StartsOn: day(3, 2), EndsOn: day(3, 4), JP: 24},
		{ParticipantID: 32, NIP: "199312282025212001", Name: "Sari", ProgramID: 8, ProgramTitle: "Seminar etika", Kind: policies.KindSeminar,
			Organiser: "Dinas Kesehatan", StartsOn: day(12, 30), EndsOn: day(12, 30), JP: 4, CertificateNumber: "SERT-0007/SAWAHLUNTO/2026"},
	}
	got := SIASNRows("sawahlunto", cs)
	want := []policies.SIASNRow{
		{ParticipantID: 31, NIP: "198503122010011002", Name: "Budi", Kind: "Diklat Teknis", Course: "Pelatihan pelayanan prima", Organiser: "Universitas Andalas",
			CertificateNumber: "PF/sawahlunto/7/31/2026", StartsOn: "02-03-2026", EndsOn: "04-03-2026", Year: 2026, Hours: 24},
		{ParticipantID: 32, NIP: "199312282025212001", Name: "Sari", Kind: "Seminar", Course: "Seminar etika", Organiser: "Dinas Kesehatan",
			CertificateNumber: "SERT-0007/SAWAHLUNTO/2026", StartsOn: "30-12-2026", EndsOn: "30-12-2026", Year: 2026, Hours: 4},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	if rec := SIASNRecord(want[0]); len(rec) != len(SIASNColumns) || rec[5] != "PF/sawahlunto/7/31/2026" || rec[9] != "24" {
		t.Errorf("record %v against columns %v", rec, SIASNColumns)
	}
	for _, k := range policies.ProgramKinds {
		if siasnKinds[k] == "" {
			t.Errorf("program kind %s has no SIASN kind", k)
		}
	}
}
