package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// legalStepSettingRoleCases are the routes of the region's legal step
// times in the route × role matrix: the administrator's only (an unknown
// step: 422).
func legalStepSettingRoleCases() (pages []pageCase, api map[string]apiCase) {
	pages = []pageCase{
		{"GET", "/admin/legal-steps", nil, only("admin", 200)},
		{"POST", "/admin/legal-steps", url.Values{"step": {"pengesahan"}}, only("admin", 422)},
	}
	api = map[string]apiCase{
		"GET /admin/legal-steps":  {nil, onlyAPI("admin", 200)},
		"POST /admin/legal-steps": {map[string]any{"step": "pengesahan"}, onlyAPI("admin", 422)},
	}
	return pages, api
}

// legalStepSettingScopeCases are the same routes in the region × unit
// matrix: each region's administrator reads and sets their own region's.
func legalStepSettingScopeCases() []scopeCase {
	var cs []scopeCase
	for _, api := range []bool{false, true} {
		pre := ""
		if api {
			pre = "/api/v1"
		}
		admin := func(ok int) func(principal) int { return roleOnly(api, "admin", ok) }
		set := scopeCase{method: "POST", pattern: pre + "/admin/legal-steps", path: pre + "/admin/legal-steps", want: admin(422)}
		if api {
			set.body = map[string]any{"step": "pengesahan"}
		} else {
			set.form = url.Values{"step": {"pengesahan"}}
		}
		cs = append(cs, scopeCase{method: "GET", pattern: pre + "/admin/legal-steps", path: pre + "/admin/legal-steps", want: admin(http.StatusOK)}, set)
	}
	return cs
}

// legalStepSettingTextCases are the hostile walk's cases of the settings' text field.
func (a *app) legalStepSettingTextCases(js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	return map[string][]textCase{
		"LegalStepSettingInput": {
			{name: "POST /admin/legal-steps step", field: "step", status: 422, send: func(t *testing.T, i int, s string) (*http.Response, string) {
				return js(t, "admin", "/api/v1/admin/legal-steps", map[string]any{"step": s, "sla_working_days": 3, "escalation_working_days": 4}, nil)
			}},
		},
	}
}

// The administrator sets a step's times in working days (page and API,
// audited; bad times refused naming the field, nothing saved); a step
// begun after the change counts with them: the approved policy's
// enactment is due in the region's 3 working days, not the default 5.
func TestLegalStepSettings(t *testing.T) {
	a := newApp(t)
	c := http.DefaultClient
	admin := a.tokens["admin"]
	res, out := a.api(c, admin, "GET", "/api/v1/admin/legal-steps", nil, "")
	var got struct{ Settings []policies.LegalStepSetting }
	if json.Unmarshal([]byte(out), &got) != nil || res.StatusCode != 200 || len(got.Settings) != 4 || got.Settings[2].Step != policies.StepEnactment ||
		got.Settings[2].SLADays != 5 || !got.Settings[2].Default {
		t.Fatalf("the defaults: %d %s", res.StatusCode, out)
	}
	for field, in := range map[string]map[string]any{
		"step":                    {"step": "pengesahan", "sla_working_days": 3, "escalation_working_days": 4},
		"sla_working_days":        {"step": "enactment", "sla_working_days": 0, "escalation_working_days": 4},
		"escalation_working_days": {"step": "enactment", "sla_working_days": 3, "escalation_working_days": 3},
	} {
		res, out := a.api(c, admin, "POST", "/api/v1/admin/legal-steps", in, "")
		wantRefusal(t, "times with a bad "+field, res, out, []int{422}, field)
	}
	if n := a.text(t, `SELECT count(*)::text FROM legal_step_settings`); n != "0" {
		t.Fatalf("%s settings saved after refusals, want 0", n)
	}
	if res, out := a.api(c, a.tokens["legal"], "POST", "/api/v1/admin/legal-steps", map[string]any{"step": "enactment", "sla_working_days": 3, "escalation_working_days": 4}, ""); res.StatusCode != 403 {
		t.Fatalf("Bagian Hukum sets the times: %d %s, want 403", res.StatusCode, out)
	}
	adminPage := a.people["admin"]
	res, _ = a.form(adminPage, "/admin/legal-steps", url.Values{"csrf": {a.csrf(adminPage, "/admin/legal-steps")}, "step": {"enactment"},
		"sla_working_days": {"3"}, "escalation_working_days": {"4"}})
	if res.StatusCode != 303 {
		t.Fatalf("save through the page: %d", res.StatusCode)
	}
	if res, body := a.get(adminPage, "/admin/legal-steps?saved=1"); !strings.Contains(body, `id="setting-enactment" data-sla="3" data-escalation="4"`) || !strings.Contains(body, `id="done"`) {
		t.Errorf("the settings page after saving: %d\n%s", res.StatusCode, body)
	}
	if n := a.text(t, `SELECT count(*)::text FROM audit_log WHERE action = 'legal_step_setting.saved'`); n != "1" {
		t.Errorf("audited settings: %s, want 1", n)
	}

	id := a.policyID("sawahlunto-pengelolaan-kompetensi-asn")
	a.approve(t, id)
	var body string
	waitFor(t, func() bool {
		_, body = a.get(a.people["legal"], "/dashboard?lang=id")
		return strings.Contains(body, `id="legal-steps"`)
	})
	if !strings.Contains(body, "Penetapan (nomor dan tanda tangan)") || !strings.Contains(body, "(3 hari kerja)") {
		t.Errorf("the enactment begun after the change is not due in 3 working days:\n%s", gist(body))
	}
	_, out = a.api(c, a.tokens["legal"], "GET", "/api/v1/dashboard", nil, "")
	var d struct {
		LegalSteps []struct {
			Due time.Time `json:"due"`
		} `json:"legal_steps"`
	}
	if json.Unmarshal([]byte(out), &d) != nil || len(d.LegalSteps) != 1 || d.LegalSteps[0].Due.After(time.Now().Add(6*24*time.Hour)) {
		t.Errorf("the dashboard's due date for 3 working days: %s", out)
	}
}
