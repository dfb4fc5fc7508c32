package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// uploadProgram is a program a unit officer runs, planned under an
// implemented policy, with two participants and three sessions of 4 JP:
// what the CSV pages take files for. It returns the program page's path
// and the program's ID.
func (a *app) uploadProgram(slug string) (string, int64) {
	a.t.Helper()
	id := a.approvedPolicy(slug)
	base, officer := a.implementedForOfficer(id)
	tok := a.tokens["unit_officer"]
	start := time.Now().Add(24 * time.Hour).Truncate(24 * time.Hour)
	res, out := a.api(http.DefaultClient, tok, "POST", base+"/actions/plan_program", map[string]any{"program": map[string]any{
		"unit_id": *officer.UnitID, "kind": "pelatihan", "title": "Pelatihan arsip", "starts_at": start, "ends_at": start.Add(48 * time.Hour), "jp": 12}}, slug)
	if res.StatusCode != 200 {
		a.t.Fatalf("plan: %d %s", res.StatusCode, out)
	}
	var p struct{ ID int64 }
	json.Unmarshal([]byte(out), &p)
	api := fmt.Sprintf("%s/programs/%d", base, p.ID)
	if res, out := a.csvPost(tok, api+"/participants", "nip,nama,unit,hadir,lulus\n"+uploadRina+",Rina,disdukcapil,ya,ya\n"+uploadBudi+",Budi,disdukcapil,ya,tidak\n"); res.StatusCode != 200 {
		a.t.Fatalf("participants: %d %s", res.StatusCode, out)
	}
	for i := range 3 {
		if res, out := a.api(http.DefaultClient, tok, "POST", api+"/sessions", map[string]any{"held_on": start.Add(time.Duration(i) * 24 * time.Hour).UTC(), "jp": 4}, ""); res.StatusCode != 201 {
			a.t.Fatalf("session %d: %d %s", i+1, res.StatusCode, out)
		}
	}
	return fmt.Sprintf("/policies/%d/programs/%d", id, p.ID), p.ID
}

const uploadRina, uploadBudi = "198503122010011002", "199001012015032001"

// csvUpload is a CSV page's upload as a unit officer tries it: a file
// with one bad line, then the good file.
type csvUpload struct {
	path, bad, badLine, good string
	stored                   func() int // the rows the file saves, as stored
	want                     int        // of the good file
	saved                    string     // what the page says once saved
}

// uploadBadThenGood uploads u.bad through the page (refused with the page
// naming u.badLine, nothing stored), then u.good (saved, the browser sent
// back to the page saying so); it returns that page.
func (a *app) uploadBadThenGood(t *testing.T, u csvUpload) string {
	t.Helper()
	officer := a.people["unit_officer"]
	res, body := a.upload(officer, u.path, "berkas.csv", []byte(u.bad))
	if res.StatusCode != 422 || !strings.Contains(body, `id="line-errors"`) || !strings.Contains(body, u.badLine) || strings.Contains(body, "Baris 2") {
		t.Errorf("bad file: %d, want 422 and the page naming %s only:\n%.2000s", res.StatusCode, u.badLine, body)
	}
	if !strings.Contains(body, "tidak ada yang disimpan") {
		t.Errorf("the refusal does not say nothing was saved")
	}
	if n := u.stored(); n != 0 {
		t.Errorf("a refused file stored %d rows, want 0", n)
	}
	res, _ = a.upload(officer, u.path, "berkas.csv", []byte(u.good))
	if res.StatusCode != 303 || !strings.Contains(res.Header.Get("Location"), "done=") {
		t.Fatalf("good file: %d to %q, want 303 back to the page saying it was saved", res.StatusCode, res.Header.Get("Location"))
	}
	if n := u.stored(); n != u.want {
		t.Errorf("rows stored = %d, want %d", n, u.want)
	}
	_, body = a.get(officer, res.Header.Get("Location"))
	if !strings.Contains(body, u.saved) {
		t.Errorf("the page does not say %q", u.saved)
	}
	return body
}

// A unit officer uploads an attendance file through the program page: a
// file with a bad line comes back on the page naming that line, with
// nothing saved; the good file is saved and the page shows who was present
// per session.
func TestAttendanceUploadThroughPage(t *testing.T) {
	a := newApp(t)
	page, prog := a.uploadProgram("uji-unggah-hadir")
	present := func() int {
		var n int
		a.st.DB.SQL().Get(&n, `SELECT count(*) FROM session_attendance sa JOIN participants pa ON pa.id = sa.participant_id
			WHERE pa.program_id = $1 AND sa.present`, prog)
		return n
	}
	bad := "nip;sesi;hadir\n" + uploadRina + ";1;ya\n" + uploadBudi + ";7;ya\n"
	good := "nip;sesi;hadir\n" + uploadRina + ";1;ya\n" + uploadRina + ";2;ya\n" + uploadBudi + ";1;ya\n" + uploadBudi + ";2;tidak\n"
	body := a.uploadBadThenGood(t, csvUpload{path: page + "/attendance/import", bad: bad, badLine: "Baris 3 (sesi)", good: good,
		stored: present, want: 3, saved: "Daftar hadir tersimpan"})
	// Session 1: both present; session 2: Rina; session 3: nobody.
	rows := regexp.MustCompile(`<tr><td>(\d)</td><td>[^<]*</td><td>4</td><td>[^<]*</td><td>(\d)</td></tr>`).FindAllStringSubmatch(body, -1)
	got := map[string]string{}
	for _, r := range rows {
		got[r[1]] = r[2]
	}
	if got["1"] != "2" || got["2"] != "1" || got["3"] != "0" {
		t.Errorf("present per session shown = %v, want 1: 2, 2: 1, 3: 0", got)
	}
}

// A unit officer uploads pre- and post-test scores through the
// Kirkpatrick page: a bad line is named on the page and nothing saved; the
// good file is saved and the page shows each participant's scores.
func TestLearningScoreUploadThroughPage(t *testing.T) {
	a := newApp(t)
	page, prog := a.uploadProgram("uji-unggah-nilai")
	kp := page + "/kirkpatrick"
	scored := func() int {
		var n int
		a.st.DB.SQL().Get(&n, `SELECT count(*) FROM learning_scores ls JOIN participants pa ON pa.id = ls.participant_id WHERE pa.program_id = $1`, prog)
		return n
	}
	bad := "nip,pra,pasca\n" + uploadRina + ",60,85\n" + uploadBudi + ",70,101\n"
	good := "nip,pra,pasca\n" + uploadRina + ",60,85\n" + uploadBudi + ",70,80\n"
	body := a.uploadBadThenGood(t, csvUpload{path: kp + "/learning/import", bad: bad, badLine: "Baris 3 (pasca)", good: good,
		stored: scored, want: 2, saved: "Nilai tes disimpan"})
	for _, want := range []string{"<td>" + uploadRina + "</td><td>Rina</td><td>60</td><td>85</td><td>25</td>", "<td>" + uploadBudi + "</td><td>Budi</td><td>70</td><td>80</td><td>10</td>"} {
		if !strings.Contains(body, want) {
			t.Errorf("the scores table lacks %s", want)
		}
	}
}
