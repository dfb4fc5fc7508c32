package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// legalStageIs checks, at step, that the policy's API says its legal
// stage is stage and its page says words, to anyone.
func (a *app) legalStageIs(t *testing.T, id int64, step, stage, words string) {
	t.Helper()
	_, out := a.api(http.DefaultClient, "", "GET", fmt.Sprintf("/api/v1/policies/%d", id), nil, "")
	var s struct {
		Legal policies.LegalState `json:"legal_state"`
	}
	json.Unmarshal([]byte(out), &s)
	if string(s.Legal.Stage) != stage {
		t.Errorf("%s: API legal stage %q, want %q", step, s.Legal.Stage, stage)
	}
	if _, body := a.get(a.people["anonymous"], fmt.Sprintf("/policies/%d", id)); !strings.Contains(body, words) {
		t.Errorf("%s: the page does not say %q:\n%s", step, words, gist(body))
	}
}
