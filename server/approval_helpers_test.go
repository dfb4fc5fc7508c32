package server_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// submitWith submits the policy by the API with the drafter's token and
// returns its API path and the version submitted.
func (a *app) submitWith(t *testing.T, drafter string, policy int64) (string, policies.Version) {
	t.Helper()
	base := fmt.Sprintf("/api/v1/policies/%d", policy)
	if res, out := a.api(http.DefaultClient, drafter, "POST", base+"/actions/submit", map[string]any{}, ""); res.StatusCode != 200 {
		t.Fatalf("submit %d: %d %s", policy, res.StatusCode, out)
	}
	v, err := a.st.DB.CurrentVersion(t.Context(), policy)
	if err != nil {
		t.Fatal(err)
	}
	return base, v
}

// approve takes a policy of Sawahlunto through its chain by the API, as its people do.
func (a *app) approve(t *testing.T, policy int64) { t.Helper(); a.approveIn(t, policy, "sawahlunto") }

// approveIn takes a policy of the region (slug) through its chain by the API.
func (a *app) approveIn(t *testing.T, policy int64, region string) {
	t.Helper()
	base, v := a.submitWith(t, a.token("penyusun."+region+"@policyflow.test"), policy)
	for _, who := range []string{"kabid", "kepala", "sekda", "walikota"} {
		body := map[string]any{"version_sha256": v.SHA256}
		if res, out := a.api(http.DefaultClient, a.token(who+"."+region+"@policyflow.test"), "POST", base+"/actions/approve", body, ""); res.StatusCode != 200 {
			t.Fatalf("%s approves %d: %d %s", who, policy, res.StatusCode, out)
		}
	}
}

// deciders submits a policy of Kota Sawahlunto with the drafter's token
// and signs who in (each the part of their address before
// ".sawahlunto@policyflow.test"): tokens are theirs by that name, and
// decide has one of them decide on the submitted version with body.
func (a *app) deciders(t *testing.T, policy int64, who ...string) (tokens map[string]string, decide func(who string, body map[string]any) (*http.Response, string)) {
	t.Helper()
	base, v := a.submitWith(t, a.tokens["drafter"], policy)
	tokens = map[string]string{}
	for _, w := range who {
		tokens[w] = a.token(w + ".sawahlunto@policyflow.test")
	}
	return tokens, func(who string, body map[string]any) (*http.Response, string) {
		body["version_sha256"] = v.SHA256
		return a.api(http.DefaultClient, tokens[who], "POST", base+"/actions/approve", body, "")
	}
}
