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

// After the last approval, the policy's workflow follows its legal steps:
// Bagian Hukum's and the administrator's dashboards and the policy page
// show the step the policy waits for, in words (Indonesian, English on
// request), with its due date in the region's zone and its SLA in working
// days; the enactment, recorded, moves it to the promulgation; once
// promulgated, nothing waits.
func TestLegalStepOnDashboardAndPolicyPage(t *testing.T) {
	a := newApp(t)
	id := a.policyID("sawahlunto-pengelolaan-kompetensi-asn")
	p, api := fmt.Sprintf("/policies/%d", id), fmt.Sprintf("/api/v1/policies/%d", id)
	legal := a.people["legal"]
	c := http.DefaultClient
	a.approve(t, id)

	var out string
	waitFor(t, func() bool { _, out = a.get(legal, "/dashboard"); return strings.Contains(out, `id="legal-steps"`) })
	for _, want := range []string{`class="legal-step legal-step-enactment"`, `href="` + p + `"`, "Penetapan (nomor dan tanda tangan)", "tenggat", "(5 hari kerja)", " WIB"} {
		if !strings.Contains(out, want) {
			t.Errorf("Bagian Hukum's dashboard lacks %q:\n%s", want, gist(out))
		}
	}
	if strings.Contains(out, "terlambat") {
		t.Error("a step just begun is shown late")
	}
	if _, out := a.get(legal, "/dashboard?lang=en"); !strings.Contains(out, "Enactment (number and signature)") || !strings.Contains(out, "(5 working days)") {
		t.Errorf("the English dashboard lacks the step in English:\n%s", gist(out))
	}
	if _, out := a.get(a.people["admin"], "/dashboard"); !strings.Contains(out, "Penetapan (nomor dan tanda tangan)") {
		t.Errorf("the administrator's dashboard lacks the step:\n%s", gist(out))
	}
	if _, out := a.get(a.people["drafter"], "/dashboard"); strings.Contains(out, `id="legal-steps"`) {
		t.Error("the drafter's dashboard lists the legal steps")
	}
	if _, out := a.get(legal, p+"?lang=id"); !strings.Contains(out, `id="legal-step"`) || !strings.Contains(out, "Penetapan (nomor dan tanda tangan)") {
		t.Errorf("the policy page lacks the step:\n%s", gist(out))
	}
	if _, out := a.get(a.people["anonymous"], p); strings.Contains(out, `id="legal-step"`) {
		t.Error("the public policy page shows the region's legal step")
	}
	var shown struct {
		LegalStep *struct {
			Step policies.LegalStep `json:"step"`
		} `json:"legal_step"`
	}
	if _, body := a.api(c, a.tokens["legal"], "GET", api, nil, ""); json.Unmarshal([]byte(body), &shown) != nil || shown.LegalStep == nil || shown.LegalStep.Step != policies.StepEnactment {
		t.Errorf("the policy API to Bagian Hukum lacks the legal step: %.300s", body)
	}
	if _, body := a.api(c, "", "GET", api, nil, ""); strings.Contains(body, `"legal_step"`) {
		t.Error("the public policy API gives the region's legal step")
	}
	var d struct {
		LegalSteps []struct {
			PolicyID int64              `json:"policy_id"`
			Step     policies.LegalStep `json:"step"`
			Due      time.Time          `json:"due"`
			SLADays  int                `json:"sla_working_days"`
			Overdue  bool               `json:"overdue"`
		} `json:"legal_steps"`
	}
	res, body := a.api(c, a.tokens["legal"], "GET", "/api/v1/dashboard", nil, "")
	if err := json.Unmarshal([]byte(body), &d); err != nil || res.StatusCode != 200 || len(d.LegalSteps) != 1 {
		t.Fatalf("API dashboard: %d %s", res.StatusCode, body)
	}
	if s := d.LegalSteps[0]; s.PolicyID != id || s.Step != policies.StepEnactment || s.SLADays != 5 || !s.Due.After(time.Now().Add(5*24*time.Hour)) || s.Overdue {
		t.Errorf("API dashboard step = %+v, want the enactment due in 5 working days (a week at least), not late", s)
	}

	// The enactment, recorded, moves the policy to its promulgation.
	wali := a.st.UserID(t, "walikota.sawahlunto@policyflow.test")
	today := time.Now().In(policies.ZoneWIB.Location()).Format(time.DateOnly)
	if res, out := a.api(c, a.tokens["legal"], "POST", api+"/enactments", map[string]any{"form": "perwali", "enacted_on": today, "principal_id": wali, "signer_id": wali}, ""); res.StatusCode != 201 {
		t.Fatalf("enact: %d %s", res.StatusCode, out)
	}
	if _, out := a.get(legal, "/dashboard"); !strings.Contains(out, "legal-step-promulgation") || !strings.Contains(out, "Pengundangan dalam Berita Daerah") || !strings.Contains(out, "(3 hari kerja)") {
		t.Errorf("after the enactment the dashboard does not show the promulgation:\n%s", gist(out))
	}
	sekda := a.st.UserID(t, "sekda.sawahlunto@policyflow.test")
	if res, out := a.api(c, a.tokens["legal"], "POST", api+"/promulgation", map[string]any{"promulgated_on": today, "promulgator_id": sekda}, ""); res.StatusCode != 200 {
		t.Fatalf("promulgate: %d %s", res.StatusCode, out)
	}
	if _, out := a.get(legal, "/dashboard"); strings.Contains(out, `id="legal-steps"`) || !strings.Contains(out, "Tidak ada langkah hukum yang menunggu.") {
		t.Errorf("after the promulgation a legal step is still shown:\n%s", gist(out))
	}
	if n := a.text(t, `SELECT count(*)::text FROM notifications WHERE policy_id = $1 AND kind = 'legal_step' AND user_id = $2`, id, a.st.UserID(t, "hukum.sawahlunto@policyflow.test")); n != "2" {
		t.Errorf("Bagian Hukum was told of %s steps, want 2 (enactment, promulgation)", n)
	}
}
