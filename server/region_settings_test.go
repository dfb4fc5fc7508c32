package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// The settings API is a PATCH: a field a request omits keeps its stored
// value (an administrator who sends only the minimums does not lose the
// maximums), and a field sent is still checked, named when refused.
func TestRegionSettingsAPIKeepsOmitted(t *testing.T) {
	a := newApp(t)
	admin := a.tokens["admin"]
	post := func(body map[string]any) (int, policies.Region, string) {
		t.Helper()
		res, out := a.api(http.DefaultClient, admin, "POST", "/api/v1/admin/settings", body, "")
		var reg policies.Region
		if res.StatusCode == 200 {
			if err := json.Unmarshal([]byte(out), &reg); err != nil {
				t.Fatal(err)
			}
		}
		return res.StatusCode, reg, out
	}
	if code, _, out := post(map[string]any{"time_zone": "WIB", "jp_min_pns": 20, "jp_min_pppk": 20, "jp_max_pns": 40, "jp_max_pppk": 30,
		"ikm_threshold_default": 76.61}); code != 200 {
		t.Fatalf("full settings: %d %s", code, out)
	}
	code, reg, out := post(map[string]any{"jp_min_pns": 24})
	if code != 200 {
		t.Fatalf("only jp_min_pns: %d %s", code, out)
	}
	if reg.JPMinPNS != 24 || reg.JPMaxPNS != 40 || reg.JPMaxPPPK != 30 || reg.JPMinPPPK != 20 || reg.TimeZone != policies.ZoneWIB || reg.IKMThresholdDefault != 76.61 {
		t.Errorf("after sending only jp_min_pns: %+v, want minimum 24 and the maximums 40/30 kept", reg)
	}
	_, shown := a.api(http.DefaultClient, admin, "GET", "/api/v1/admin/settings", nil, "")
	var stored policies.Region
	if err := json.Unmarshal([]byte(shown), &stored); err != nil || stored.JPMaxPNS != 40 || stored.JPMaxPPPK != 30 {
		t.Errorf("stored settings %+v (%v), want the maximums 40/30 kept", stored, err)
	}
	// A maximum sent as 0 is none: that is a choice, kept as sent.
	if code, reg, out := post(map[string]any{"jp_max_pppk": 0}); code != 200 || reg.JPMaxPPPK != 0 || reg.JPMaxPNS != 40 {
		t.Errorf("jp_max_pppk 0: %d %+v %s, want no PPPK maximum and the PNS one kept", code, reg, out)
	}
	// A field sent that breaks a rule against a kept one is named.
	if code, _, out := post(map[string]any{"jp_max_pns": 10}); code != 422 || !strings.Contains(out, `"field":"jp_max_pns"`) {
		t.Errorf("jp_max_pns below the kept minimum: %d %s, want 422 naming jp_max_pns", code, out)
	}
}
