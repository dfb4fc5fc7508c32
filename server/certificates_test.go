package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// A completer's certificate: the same number and bytes on every download,
// for the drafter, the unit officer and the participant (their account's
// NIP); refused to others (403) and another region (404); a non-completer
// is refused clearly; the public verification of its hash says what it is
// with the holder's name masked.
func TestCertificateDownload(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	draft := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	var program, unit int64
	if err := db.QueryRow(`INSERT INTO programs (policy_id, unit_id, kind, title, starts_on, ends_on, jp, status)
		SELECT $1, unit_id, 'pelatihan', 'Pelatihan sertifikat uji', '2026-02-10', '2026-02-12', 8, 'done' FROM users WHERE email = $2
		RETURNING id, unit_id`, draft, roleEmails["unit_officer"]).Scan(&program, &unit); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE units SET head_user_id = (SELECT id FROM users WHERE email = $2) WHERE id = $1 AND head_user_id IS NULL`,
		unit, roleEmails["leader"]); err != nil {
		t.Fatal(err)
	}
	// The legal officer is also a civil servant who took the program.
	var nip string
	db.Get(&nip, `SELECT nip FROM users WHERE email = $1`, roleEmails["legal"])
	if nip == "" {
		nip = "197912312005011777"
		if _, err := db.Exec(`UPDATE users SET nip = $2 WHERE email = $1`, roleEmails["legal"], nip); err != nil {
			t.Fatal(err)
		}
	}
	var holder, other int64
	if err := db.QueryRow(`INSERT INTO participants (program_id, nip, name, unit_id, attended, completed)
		VALUES ($1, $2, 'Hendra Gunawan', $3, true, true) RETURNING id`, program, nip, unit).Scan(&holder); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`INSERT INTO participants (program_id, nip, name, unit_id, attended, completed)
		VALUES ($1, '198808082012011888', 'Tono', $2, true, false) RETURNING id`, program, unit).Scan(&other); err != nil {
		t.Fatal(err)
	}
	path := func(pa int64) string {
		return fmt.Sprintf("/policies/%d/programs/%d/participants/%d/certificate.pdf", draft, program, pa)
	}
	res, first := a.getBytes(a.people["drafter"], path(holder))
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(first, []byte("%PDF")) {
		t.Fatalf("drafter's download: %d %s", res.StatusCode, first)
	}
	for _, role := range []string{"unit_officer", "legal", "drafter"} {
		res, b := a.getBytes(a.people[role], path(holder))
		if res.StatusCode != 200 || !bytes.Equal(b, first) {
			t.Errorf("%s's download: %d, same bytes %v", role, res.StatusCode, bytes.Equal(b, first))
		}
	}
	var n int
	var number, sha string
	db.QueryRow(`SELECT count(*) OVER (), number, sha256 FROM certificates WHERE participant_id = $1`, holder).Scan(&n, &number, &sha)
	if n != 1 || !strings.HasSuffix(number, "/SAWAHLUNTO/2026") {
		t.Fatalf("%d certificates of the holder (number %q), want one numbered in the region's 2026 register", n, number)
	}
	// Others of the region's staff: 403; a stakeholder, who is not staff,
	// and another region: 404.
	if res, _ := a.getBytes(a.people["leader"], path(holder)); res.StatusCode != 403 {
		t.Errorf("the leader downloads another's certificate: %d, want 403", res.StatusCode)
	}
	if res, _ := a.getBytes(a.people["stakeholder"], path(holder)); res.StatusCode != 404 {
		t.Errorf("a stakeholder downloads another's certificate: %d, want 404", res.StatusCode)
	}
	if res, _ := a.getBytes(a.login("penyusun.pangkalpinang@policyflow.test"), path(holder)); res.StatusCode != 404 {
		t.Errorf("another region's drafter: %d, want 404", res.StatusCode)
	}
	// A non-completer: refused, saying why; no certificate, no number taken.
	if res, body := a.get(a.people["drafter"], path(other)); res.StatusCode != 409 || !strings.Contains(body, "belum menyelesaikan") {
		t.Errorf("a non-completer's certificate: %d, want 409 saying they did not complete", res.StatusCode)
	}
	if db.Get(&n, `SELECT count(*) FROM certificates WHERE participant_id = $1`, other); n != 0 {
		t.Errorf("a non-completer has %d certificates", n)
	}
	// The public verification: what it is, the name masked, never the NIP.
	res, page := a.get(a.people["anonymous"], "/verifikasi/"+sha)
	if res.StatusCode != 200 || !strings.Contains(page, "Pelatihan sertifikat uji") || !strings.Contains(page, "H***** G******") ||
		!strings.Contains(page, number) || strings.Contains(page, "Hendra") || strings.Contains(page, nip) {
		t.Errorf("verification page of the certificate: %d\n%s", res.StatusCode, page)
	}
	res, out := a.api(a.people["anonymous"], "", "GET", "/api/v1/verify/"+sha, nil, "")
	var vf struct {
		Status      string
		Certificate struct{ Number, Holder string }
	}
	json.Unmarshal([]byte(out), &vf)
	if res.StatusCode != 200 || vf.Status != "sertifikat" || vf.Certificate.Number != number || vf.Certificate.Holder != "H***** G******" {
		t.Errorf("API verification: %d %s", res.StatusCode, out)
	}
	var audited int
	db.Get(&audited, `SELECT count(*) FROM audit_log WHERE action = 'certificate.issued' AND subject = $1`, fmt.Sprintf("participant:%d", holder))
	if audited != 1 {
		t.Errorf("%d audit rows of the issue, want 1", audited)
	}
}
