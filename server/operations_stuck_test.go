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

// stuckWorkflow is a workflow as the console's API shows whether it is stuck.
type stuckWorkflow struct {
	Policy policies.LivePolicy
	Stage  int
	Stuck  bool
	Gone   []policies.AwaitedApprover
}

// An approval waiting on an approver who has been deactivated: the
// console says the stage cannot reach its quorum and names the approver,
// deactivated since when, with a link to propose an acting official
// (Plt.) for their office, filled in. The proposal alone changes nothing;
// once a second administrator confirms it the stage is no longer stuck and
// the Plt. decides in the approver's name, moving the policy on. Nothing
// on the console decides or ends the approval itself.
func TestOperationsStuckApprovalPointsToActing(t *testing.T) {
	a := newApp(t)
	adm := a.tokens["admin"]
	pol := a.policyID("sawahlunto-pengelolaan-kompetensi-asn")
	base, v := a.submitWith(t, a.tokens["drafter"], pol)
	kabid, opdHead := a.st.UserID(t, "kabid.sawahlunto@policyflow.test"), a.st.UserID(t, "kepala.opd.sawahlunto@policyflow.test")
	pltToken := a.token("kepala.opd.sawahlunto@policyflow.test")
	if res, out := a.api(http.DefaultClient, adm, "POST", fmt.Sprintf("/api/v1/admin/people/%d/deactivate", kabid), nil, ""); res.StatusCode != 200 {
		t.Fatalf("deactivate the Kabid: %d %s", res.StatusCode, out)
	}
	console := func(stage int) stuckWorkflow {
		t.Helper()
		var w stuckWorkflow
		waitFor(t, func() bool {
			var ops struct{ Workflows []stuckWorkflow }
			res, out := a.api(http.DefaultClient, adm, "GET", "/api/v1/admin/operations", nil, "")
			if res.StatusCode != 200 || json.Unmarshal([]byte(out), &ops) != nil {
				return false
			}
			for _, x := range ops.Workflows {
				if x.Policy.ID == pol && x.Stage == stage {
					w = x
					return true
				}
			}
			return false
		})
		return w
	}

	w := console(1)
	if !w.Stuck || len(w.Gone) != 1 || w.Gone[0].ID != kabid || w.Gone[0].DeactivatedAt == nil || w.Gone[0].Acting != "" {
		t.Fatalf("the console on a stage waiting for a deactivated Kabid: %+v", w)
	}
	link := fmt.Sprintf(`href="/acting?principal=%d#appoint"`, kabid)
	for lang, words := range map[string]string{"id": "tidak dapat mencapai kuorumnya", "en": "cannot reach its quorum"} {
		_, body := a.get(a.people["admin"], "/admin/operations?lang="+lang)
		for _, want := range []string{fmt.Sprintf(`id="stuck-%d"`, pol), words, link} {
			if !strings.Contains(body, want) {
				t.Errorf("the console page [%s] lacks %q", lang, want)
			}
		}
	}
	if _, body := a.get(a.people["admin"], fmt.Sprintf("/acting?principal=%d", kabid)); !strings.Contains(body, fmt.Sprintf(`<option value="%d" selected>`, kabid)) {
		t.Error("the acting page opened from the console does not fill in the Kabid's office")
	}

	// A Plt. for the vacant office: proposed by the administrator (the
	// principal may be deactivated), in force once a second one confirms.
	today := time.Now().In(policies.WIB)
	c := a.proposal(t, adm, "POST", "/api/v1/acting", map[string]any{"principal_id": kabid, "acting_id": opdHead, "kind": "plt",
		"letter_number": "800/201/BKPSDM/2026", "letter_date": today.Format(time.DateOnly),
		"starts_on": today.AddDate(0, 0, -1).Format(time.DateOnly), "ends_on": today.AddDate(0, 0, 30).Format(time.DateOnly)})
	if w := console(1); !w.Stuck {
		t.Errorf("a proposal not yet confirmed unsticks the stage: %+v", w)
	}
	decideFor := func() (*http.Response, string) {
		return a.api(http.DefaultClient, pltToken, "POST", base+"/actions/approve", map[string]any{"on_behalf_of": kabid, "version_sha256": v.SHA256}, "")
	}
	if res, out := decideFor(); res.StatusCode != 403 {
		t.Fatalf("the Plt. decides before the appointment is confirmed: %d %s, want 403", res.StatusCode, out)
	}
	if res, out := a.decide(a.secondAdmin(t, "sawahlunto"), c.ID, true); res.StatusCode != 200 {
		t.Fatalf("the second administrator confirms: %d %s", res.StatusCode, out)
	}
	if w := console(1); w.Stuck || len(w.Gone) != 0 {
		t.Errorf("with a Plt. in force the stage is still stuck: %+v", w)
	}
	if res, out := decideFor(); res.StatusCode != 200 {
		t.Fatalf("the Plt. decides for the Kabid: %d %s", res.StatusCode, out)
	}
	if w := console(2); w.Stuck {
		t.Errorf("the next stage is stuck: %+v", w)
	}
}

// A workflow whose activity keeps failing (here the approval run's request
// to its approvers, whose notices the database refuses): the console names
// the step in words, how often it failed, when Temporal tries it again and
// the last error, and says there is nothing to press; once the cause is
// gone the workflow goes on by itself and the console shows it no more.
func TestOperationsFailingActivityShown(t *testing.T) {
	a := newApp(t)
	adm := a.tokens["admin"]
	pol := a.policyID("sawahlunto-pengelolaan-kompetensi-asn")
	db := a.st.DB.SQL()
	db.MustExec(`CREATE FUNCTION ops_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION 'disk penuh (uji)'; END $$`)
	db.MustExec(fmt.Sprintf(`CREATE TRIGGER ops_test_refuse BEFORE INSERT ON notifications FOR EACH ROW
		WHEN (NEW.kind = 'approval_request' AND NEW.policy_id = %d) EXECUTE FUNCTION ops_test_refuse()`, pol))
	a.submitWith(t, a.tokens["drafter"], pol)

	type trouble struct {
		Activity  string `json:"activity"`
		Attempts  int    `json:"attempts"`
		LastError string `json:"last_error"`
	}
	troubles := func() []trouble {
		var ops struct {
			Workflows []struct {
				Policy   policies.LivePolicy
				Troubles []trouble
			}
		}
		res, out := a.api(http.DefaultClient, adm, "GET", "/api/v1/admin/operations", nil, "")
		if res.StatusCode != 200 || json.Unmarshal([]byte(out), &ops) != nil {
			t.Fatalf("the console: %d %s", res.StatusCode, out)
		}
		for _, w := range ops.Workflows {
			if w.Policy.ID == pol {
				return w.Troubles
			}
		}
		return nil
	}
	var seen []trouble
	waitFor(t, func() bool {
		seen = troubles()
		return len(seen) == 1 && seen[0].Activity == "Notify" && seen[0].Attempts >= 2 && strings.Contains(seen[0].LastError, "disk penuh (uji)")
	})
	for lang, words := range map[string]string{"id": "Langkah «menulis pemberitahuan» gagal", "en": "Step “writing the notices” has failed"} {
		_, body := a.get(a.people["admin"], "/admin/operations?lang="+lang)
		for _, want := range []string{fmt.Sprintf(`id="trouble-%d-0"`, pol), words, "disk penuh (uji)"} {
			if !strings.Contains(body, want) {
				t.Errorf("the console page [%s] lacks %q", lang, want)
			}
		}
	}

	db.MustExec(`DROP TRIGGER ops_test_refuse ON notifications`)
	waitFor(t, func() bool { return len(troubles()) == 0 })
	if n := a.text(t, `SELECT count(*)::text FROM notifications WHERE kind = 'approval_request' AND policy_id = $1`, pol); n == "0" {
		t.Error("the approvers were not asked once the cause was gone")
	}
}
