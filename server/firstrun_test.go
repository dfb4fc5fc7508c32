package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// A responsible unit with no officer is flagged on the policy's
// evaluations page, in the reader's language, saying where its reminders
// go; a unit with an officer is not.
func TestEvaluationsFlagUnitWithoutOfficer(t *testing.T) {
	a := newApp(t)
	id := a.approvedPolicy("uji-tanpa-petugas")
	db := a.st.DB.SQL()
	var region int64
	if err := db.Get(&region, `SELECT id FROM regions WHERE slug = 'sawahlunto'`); err != nil {
		t.Fatal(err)
	}
	head, _ := a.st.DB.UserByEmail(t.Context(), "kepala.opd.sawahlunto@policyflow.test")
	var headed, headless int64
	if err := db.Get(&headed, `INSERT INTO units (code, region_id, name, head_user_id) VALUES ('dispora', $1, 'Dinas Pemuda dan Olahraga', $2) RETURNING id`, region, head.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(&headless, `INSERT INTO units (code, region_id, name) VALUES ('dishub', $1, 'Dinas Perhubungan') RETURNING id`, region); err != nil {
		t.Fatal(err)
	}
	officer := a.user("unit_officer")
	res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/actions/start_implementation", id),
		map[string]any{"unit_ids": []int64{headed, headless, *officer.UnitID}}, "")
	if res.StatusCode != 200 {
		t.Fatalf("start implementation: %d %s", res.StatusCode, out)
	}
	page := func(lang string) string {
		_, body := a.get(a.people["drafter"], fmt.Sprintf("/policies/%d/evaluations%s", id, lang))
		return body
	}
	id1 := page("")
	for _, want := range []string{
		`id="unstaffed-` + fmt.Sprint(headed) + `"><strong>Dinas Pemuda dan Olahraga</strong>: Unit ini belum punya petugas unit; pengingat dikirim ke kepala unit`,
		`id="unstaffed-` + fmt.Sprint(headless) + `"><strong>Dinas Perhubungan</strong>: Unit ini belum punya petugas unit maupun kepala unit; pengingat dikirim ke penyusun kebijakan`,
	} {
		if !strings.Contains(id1, want) {
			t.Errorf("evaluations page lacks %q", want)
		}
	}
	if strings.Contains(id1, fmt.Sprintf(`id="unstaffed-%d"`, *officer.UnitID)) {
		t.Error("a unit with an officer is flagged")
	}
	if en := page("?lang=en"); !strings.Contains(en, "This unit has no unit officer yet; reminders go to the unit head") {
		t.Error("the English page lacks the flag in English")
	}
	// Once the unit has an officer, the flag goes.
	db.MustExec(`INSERT INTO users (email, name, role, region_id, unit_id, title, password_hash)
		VALUES ('petugas.dispora.sawahlunto@policyflow.test', 'Petugas Dispora', 'unit_officer', $1, $2, 'Pengelola Kepegawaian', 'x')`, region, headed)
	if again := page(""); strings.Contains(again, fmt.Sprintf(`id="unstaffed-%d"`, headed)) || !strings.Contains(again, fmt.Sprintf(`id="unstaffed-%d"`, headless)) {
		t.Error("after an officer was appointed, the flags are not those of the unit still without one")
	}
}

// started_on backdates implementation start; a malformed or future date is
// refused naming the field, and changes nothing.
func TestStartImplementationStartedOn(t *testing.T) {
	a := newApp(t)
	id := a.approvedPolicy("uji-mulai-lampau")
	base := fmt.Sprintf("/api/v1/policies/%d/actions/start_implementation", id)
	for _, bad := range []string{"kemarin", "2025-13-01", time.Now().AddDate(0, 0, 3).Format(time.DateOnly), time.Now().AddDate(-6, 0, 0).Format(time.DateOnly)} {
		res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", base, map[string]any{"started_on": bad}, "")
		if e := decodeErr(t, out); res.StatusCode != 422 || e.Error.Field != "started_on" {
			t.Errorf("started_on %q: %d %s, want 422 naming started_on", bad, res.StatusCode, out)
		}
	}
	if p, _ := a.st.DB.PolicyByID(t.Context(), id); p.Status != policies.StatusApproved {
		t.Fatalf("after refusals the policy is %s, want approved", p.Status)
	}
	on := time.Now().AddDate(0, -13, 0).Format(time.DateOnly)
	res, out := a.api(http.DefaultClient, a.tokens["drafter"], "POST", base, map[string]any{"started_on": on}, "")
	if res.StatusCode != 200 {
		t.Fatalf("started_on %s: %d %s", on, res.StatusCode, out)
	}
	// Six-monthly rounds from thirteen months ago: rounds 1 and 2 past, round 3 open, at once.
	var rounds []int
	if err := a.st.DB.SQL().Select(&rounds, `SELECT DISTINCT number FROM evaluation_rounds WHERE policy_id = $1 ORDER BY number`, id); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(rounds) != "[1 2 3]" {
		t.Errorf("rounds after a start 13 months back = %v, want [1 2 3]", rounds)
	}
}

// A form's date and time are read in the policy's region's zone: a WITA
// region's 10.00 is 02.00 UTC, and the form says WITA.
func TestFormTimesInTheRegionsZone(t *testing.T) {
	a := newApp(t)
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	a.st.DB.SQL().MustExec(`UPDATE regions SET time_zone = 'WITA' WHERE slug = 'sawahlunto'`)
	c := a.login("penyusun.sawahlunto@policyflow.test")
	path := fmt.Sprintf("/policies/%d", id)
	if _, page := a.get(c, path); !strings.Contains(page, "(WITA)") {
		t.Errorf("the consultation form does not name the region's zone WITA")
	}
	closes := time.Now().AddDate(0, 0, 20).Format(time.DateOnly) + "T10:00"
	res, body := a.form(c, path+"/actions/open_consultation", url.Values{"csrf": {a.csrf(c, path)}, "closes_at": {closes}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("open consultation: %d %s", res.StatusCode, body)
	}
	var got time.Time
	if err := a.st.DB.SQL().Get(&got, `SELECT closes_at FROM consultations WHERE policy_id = $1`, id); err != nil {
		t.Fatal(err)
	}
	want, _ := time.ParseInLocation("2006-01-02T15:04", closes, time.FixedZone("WITA", 8*3600))
	if !got.Equal(want) {
		t.Errorf("closes_at = %s, want %s (10.00 WITA)", got.UTC(), want.UTC())
	}
}
