package postgres_test

import (
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// A certificate is issued once to a completer of a done program, numbered
// from the region's yearly register: a second issue gives the same one
// (and audits nothing more); the hours follow the JP rule; a program not
// done, a non-completer and a unit without a recorded head are refused
// clearly; the hash finds it again.
func TestIssueCertificate(t *testing.T) {
	ctx := t.Context()
	f := seeded(t)
	db := f.db
	actor := f.users["opd"]
	mk := func(title string, jp int) policies.Program {
		return f.dinkesProgram(t, title, day(2026, 3, 2), day(2026, 3, 4), jp)
	}
	plain, sessioned := mk("Seminar pelayanan prima", 8), mk("Pelatihan bersesi", 12)
	const rina, budi, sari, dewi = "198501012010011001", "199002022015032002", "199505052020122003", "199606062021012004"
	if _, err := db.SaveParticipants(ctx, plain.ID, actor, []policies.Participant{
		{NIP: rina, Name: "Rina Marlina", UnitID: f.units["dinkes"], Attended: true, Completed: true},
		{NIP: budi, Name: "Budi", UnitID: f.units["dinkes"], Attended: true}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveParticipants(ctx, sessioned.ID, actor, []policies.Participant{{NIP: sari, Name: "Sari", UnitID: f.units["dinkes"]}, {NIP: dewi, Name: "Dewi", UnitID: f.units["dinkes"], Completed: true}}); err != nil {
		t.Fatal(err)
	}
	idOf := map[string]int64{}
	for _, pid := range []int64{plain.ID, sessioned.ID} {
		ps, _ := db.Participants(ctx, pid)
		for _, p := range ps {
			idOf[p.NIP] = p.ID
		}
	}
	issue := func(prog policies.Program, nip string) (policies.Certificate, error) {
		return db.IssueCertificate(ctx, prog.ID, idOf[nip], actor)
	}
	// Sessions, recorded while the program runs: Sari attends the first (5 of 12 JP).
	s1, err := db.AddSession(ctx, sessioned.ID, actor, policies.NewSession{HeldOn: day(2026, 3, 2), JP: 5})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddSession(ctx, sessioned.ID, actor, policies.NewSession{HeldOn: day(2026, 3, 3), JP: 7}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveAttendance(ctx, sessioned.ID, actor, []policies.AttendanceMark{{SessionID: s1.ID, ParticipantID: idOf[sari], Present: true}}); err != nil {
		t.Fatal(err)
	}
	// Not done yet: refused.
	if _, err := issue(plain, rina); policies.KindOf(err) != policies.KindConflict || !strings.Contains(err.Error(), "belum selesai") {
		t.Fatalf("a running program's certificate: %v, want refused as not done", err)
	}
	if _, err := db.SQL().ExecContext(ctx, `UPDATE programs SET status = 'done' WHERE id IN ($1, $2)`, plain.ID, sessioned.ID); err != nil {
		t.Fatal(err)
	}
	// No head recorded: refused naming the unit and what to record.
	var head *int64
	db.SQL().GetContext(ctx, &head, `SELECT head_user_id FROM units WHERE id = $1`, f.units["dinkes"])
	if _, err := db.SQL().ExecContext(ctx, `UPDATE units SET head_user_id = NULL WHERE id = $1`, f.units["dinkes"]); err != nil {
		t.Fatal(err)
	}
	if _, err := issue(plain, rina); policies.KindOf(err) != policies.KindConflict || !strings.Contains(err.Error(), "kepala unit") {
		t.Fatalf("no unit head: %v, want refused naming the unit head", err)
	}
	if head == nil {
		head = int64p(f.users["kepala"])
	}
	if _, err := db.SQL().ExecContext(ctx, `UPDATE units SET head_user_id = $2 WHERE id = $1`, f.units["dinkes"], *head); err != nil {
		t.Fatal(err)
	}
	var headName string
	db.SQL().GetContext(ctx, &headName, `SELECT name FROM users WHERE id = $1`, *head)
	audits := func() int {
		var n int
		db.SQL().GetContext(ctx, &n, `SELECT count(*) FROM audit_log WHERE action = 'certificate.issued'`)
		return n
	}
	c, err := issue(plain, rina)
	if err != nil {
		t.Fatal(err)
	}
	if c.Number != "SERT-0001/SAWAHLUNTO/2026" || c.JP != 8 || c.Name != "Rina Marlina" || c.NIP != rina || c.HeadName != headName || c.SHA256 != c.Hash() {
		t.Errorf("certificate = %+v", c)
	}
	again, err := issue(plain, rina)
	if err != nil || again.ID != c.ID || again.Number != c.Number || again.SHA256 != c.SHA256 {
		t.Errorf("second issue = %+v, %v; want the first", again, err)
	}
	if n := audits(); n != 1 {
		t.Errorf("%d audit rows of issues, want 1", n)
	}
	// Budi did not complete: refused.
	if _, err := issue(plain, budi); policies.KindOf(err) != policies.KindConflict || !strings.Contains(err.Error(), "belum menyelesaikan") {
		t.Errorf("a non-completer's certificate: %v, want refused", err)
	}
	// With sessions: Sari's hours are those of the sessions she attended; Dewi, "completed" but at none, gets none.
	if _, err := issue(sessioned, dewi); policies.KindOf(err) != policies.KindConflict {
		t.Errorf("a sessioned program's certificate without attendance: %v, want refused", err)
	}
	c2, err := issue(sessioned, sari)
	if err != nil || c2.JP != 5 || c2.Number != "SERT-0002/SAWAHLUNTO/2026" {
		t.Errorf("sessioned certificate = %+v, %v; want 5 JP, number 2", c2, err)
	}
	// The hash finds it; another is unknown.
	if got, err := db.CertificateByHash(ctx, c.SHA256); err != nil || got.ID != c.ID {
		t.Errorf("CertificateByHash = %+v, %v", got, err)
	}
	if _, err := db.CertificateByHash(ctx, hashOf("tidak ada")); policies.KindOf(err) != policies.KindNotFound {
		t.Errorf("CertificateByHash(unknown) = %v, want not found", err)
	}
	// Masked for the public.
	if got := policies.MaskName("Rina Marlina"); got != "R*** M******" {
		t.Errorf("MaskName = %q", got)
	}
	// What goes to SIASN follows the same rule and carries the issued
	// number: Rina 8 JP, Sari the 5 JP she attended (not the program's 12);
	// Budi (not completed) and Dewi (marked completed, attended no session)
	// are not candidates.
	cs, err := db.SIASNCandidates(ctx, f.regionID, f.units["dinkes"], 2026)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]policies.SIASNCandidate{}
	for _, c := range cs {
		got[c.NIP] = c
	}
	if len(got) != 2 || got[rina].JP != 8 || got[rina].CertificateNumber != c.Number || got[sari].JP != 5 || got[sari].CertificateNumber != c2.Number {
		t.Errorf("SIASN candidates = %+v; want Rina (8 JP, %s) and Sari (5 JP, %s)", cs, c.Number, c2.Number)
	}
}
