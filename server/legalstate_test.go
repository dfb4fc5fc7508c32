package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// Legal states that are true (UU 12/2011 Pasal 87): a Perwali is approved,
// then enacted, then promulgated, and only then in force. At each step the
// policy page, the API, the JDIH metadata and feed and the verification
// page say which state it is in and since when; the start of its
// implementation is refused (409, naming the state) until it is in force,
// and nothing starts. A Keputusan is in force from its enactment.
func TestLegalStatesApprovedEnactedPromulgated(t *testing.T) {
	a := newApp(t)
	a.withLegal()
	c := http.DefaultClient
	id := a.policyID("sawahlunto-pengelolaan-kompetensi-asn")
	base := fmt.Sprintf("/api/v1/policies/%d", id)
	page := fmt.Sprintf("/policies/%d", id)
	anon := a.people["anonymous"]
	a.approve(t, id)
	v, err := a.st.DB.CurrentVersion(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().In(policies.ZoneWIB.Location())
	day := today.Format(time.DateOnly)
	wali := a.st.UserID(t, "walikota.sawahlunto@policyflow.test")
	sekda := a.st.UserID(t, "sekda.sawahlunto@policyflow.test")
	officer := a.user("unit_officer")

	type apiState struct {
		InForce bool                `json:"in_force"`
		Legal   policies.LegalState `json:"legal_state"`
	}
	feedItem := func() map[string]any {
		t.Helper()
		_, out := a.api(c, "", "GET", "/api/v1/jdih?region=sawahlunto", nil, "")
		var items []map[string]any
		if err := json.Unmarshal([]byte(out), &items); err != nil {
			t.Fatalf("the feed: %v %.300s", err, out)
		}
		for _, it := range items {
			if it["idData"] == fmt.Sprint(id) {
				return it
			}
		}
		return nil
	}
	check := func(step, stage, words string, since *string, inForce bool, verifyStatus, jdihStatus, feedStatus string) {
		t.Helper()
		// The API.
		res, out := a.api(c, "", "GET", base, nil, "")
		var s apiState
		json.Unmarshal([]byte(out), &s)
		if res.StatusCode != 200 || string(s.Legal.Stage) != stage || s.InForce != inForce || s.Legal.Version != v.Number {
			t.Errorf("%s: API says %d %+v, want stage %s, in force %v", step, res.StatusCode, s, stage, inForce)
		}
		if since != nil && (s.Legal.Since == nil || s.Legal.Since.Format(time.DateOnly) != *since) {
			t.Errorf("%s: API since %v, want %s", step, s.Legal.Since, *since)
		}
		// The page.
		_, body := a.get(anon, page)
		if !strings.Contains(body, words) || strings.Contains(body, "Berlaku (disetujui)") {
			t.Errorf("%s: the page does not say %q:\n%.600s", step, words, gist(body))
		}
		// The policy list.
		if _, list := a.get(anon, "/policies?region=sawahlunto"); !strings.Contains(list, `legal-state legal-`+stage+`">`+strings.SplitN(words, " sejak", 2)[0]) {
			t.Errorf("%s: the policy list does not say %q:\n%.600s", step, words, gist(list))
		}
		// The verification page of the text.
		_, vp := a.get(anon, "/verifikasi/"+v.SHA256)
		if !strings.Contains(vp, `data-status="`+verifyStatus+`"`) {
			t.Errorf("%s: the verification page does not say %s:\n%.600s", step, verifyStatus, gist(vp))
		}
		// The JDIH metadata and feed.
		_, out = a.api(c, "", "GET", base+"/jdih", nil, "")
		var j struct {
			Enacted  bool           `json:"enacted"`
			Metadata map[string]any `json:"metadata"`
		}
		json.Unmarshal([]byte(out), &j)
		item := feedItem()
		switch {
		case jdihStatus == "":
			if j.Enacted || item != nil {
				t.Errorf("%s: JDIH lists a product not enacted: %s / %v", step, out, item)
			}
		case j.Metadata["status"] != jdihStatus || item == nil || item["status"] != feedStatus || item["keteranganStatus"] != jdihStatus:
			t.Errorf("%s: JDIH says %v, feed %v; want %s / %s", step, j.Metadata["status"], item, jdihStatus, feedStatus)
		}
	}
	start := func(step string, want int, says string) {
		t.Helper()
		res, out := a.api(c, a.tokens["drafter"], "POST", base+"/actions/start_implementation", map[string]any{"unit_ids": []int64{*officer.UnitID}}, "")
		if res.StatusCode != want || !strings.Contains(out, says) {
			t.Errorf("%s: start of implementation %d %s, want %d saying %q", step, res.StatusCode, out, want, says)
		}
		var st policies.Status
		a.st.DB.SQL().Get(&st, `SELECT status FROM policies WHERE id = $1`, id)
		if want == 409 && st != policies.StatusApproved {
			t.Errorf("%s: a refused start left the policy %s", step, st)
		}
	}

	// Approved: not enacted, not in force.
	check("approved", "approved", "Disetujui, belum ditetapkan — belum berlaku", nil, false, "disetujui", "", "")
	start("approved", 409, "belum ditetapkan")

	// Enacted: its number and date, not yet in force.
	if res, out := a.api(c, a.tokens["legal"], "POST", base+"/enactments", map[string]any{"form": "perwali", "enacted_on": day,
		"principal_id": wali, "signer_id": wali}, ""); res.StatusCode != 201 {
		t.Fatalf("enact: %d %s", res.StatusCode, out)
	}
	check("enacted", "enacted", "Ditetapkan, belum diundangkan — belum berlaku", &day, false, "ditetapkan", "Belum Berlaku", "Tidak Berlaku")
	if _, body := a.get(anon, page); !strings.Contains(body, "belum diundangkan, belum berlaku") {
		t.Errorf("enacted: the enactment line does not say it is not in force:\n%.600s", gist(body))
	}
	start("enacted", 409, "belum diundangkan")

	// Promulgated: in force from the day of promulgation, as the text says.
	if res, out := a.api(c, a.tokens["legal"], "POST", base+"/promulgation", map[string]any{"promulgated_on": day, "promulgator_id": sekda}, ""); res.StatusCode != 200 {
		t.Fatalf("promulgate: %d %s", res.StatusCode, out)
	}
	check("promulgated", "in_force", "Berlaku sejak", &day, true, "berlaku", "Berlaku", "Berlaku")
	if _, body := a.get(anon, page+"?lang=en"); !strings.Contains(body, "In force since") || !strings.Contains(body, "in force from") {
		t.Errorf("promulgated: the English page does not say in force since:\n%.600s", gist(body))
	}
	start("in force", 200, "")

	// A Keputusan is in force from the day it is enacted.
	kep := a.policyID("sawahlunto-peningkatan-kapasitas-asn")
	a.approve(t, kep)
	kbase := fmt.Sprintf("/api/v1/policies/%d", kep)
	if res, out := a.api(c, a.tokens["legal"], "POST", kbase+"/enactments", map[string]any{"form": "kepwali", "enacted_on": day,
		"principal_id": wali, "signer_id": wali}, ""); res.StatusCode != 201 {
		t.Fatalf("enact a Keputusan: %d %s", res.StatusCode, out)
	}
	_, out := a.api(c, "", "GET", kbase, nil, "")
	var s apiState
	json.Unmarshal([]byte(out), &s)
	if !s.InForce || s.Legal.Stage != policies.LegalInForce || s.Legal.Since == nil || s.Legal.Since.Format(time.DateOnly) != day {
		t.Errorf("a Keputusan enacted today: %+v, want in force since %s", s, day)
	}
	// An effective date before the enactment is refused naming the field.
	third := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	a.approve(t, third)
	res, out := a.api(c, a.tokens["legal"], "POST", fmt.Sprintf("/api/v1/policies/%d/enactments", third), map[string]any{"form": "perwali",
		"enacted_on": day, "effective_on": today.AddDate(0, 0, -1).Format(time.DateOnly), "principal_id": wali, "signer_id": wali}, "")
	wantRefusal(t, "an effective date before the enactment", res, out, []int{422}, "effective_on")
}
