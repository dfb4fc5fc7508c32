package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// In a real browser: the region's administrator rebuilds the approval chain
// into three stages (the first with a quorum of 2 of 3), which a second
// administrator confirms, and proposes a Plt. for the Sekretaris Daerah
// with a mandate letter, which the Sekda confirms; a policy then goes
// through that chain, the Plt. deciding the Sekda's stage on their behalf,
// and its timeline shows "Plt. Sekretaris Daerah — Kepala OPD".
func TestBrowserAdminChainAndActingOfficial(t *testing.T) {
	s := newSite(t)
	browser := newBrowser(t, 4*time.Minute)
	ctx := context.Background()
	db := s.st.DB
	id := func(email string) string {
		u, err := db.UserByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(u.ID)
	}
	kabid, kepala, opdHead := id("kabid.sawahlunto@policyflow.test"), id("kepala.sawahlunto@policyflow.test"), id("kepala.opd.sawahlunto@policyflow.test")
	sekda, walikota := id("sekda.sawahlunto@policyflow.test"), id("walikota.sawahlunto@policyflow.test")
	pol := s.policy(t, "sawahlunto-peningkatan-kompetensi-asn")
	if pol.ChainID == nil {
		t.Fatal("the seeded policy has no chain")
	}
	chainPath := fmt.Sprintf("/admin/chains/%d", *pol.ChainID)

	// (a) The chain: stage rows filled in, ticked and unticked.
	adm := s.signedIn(t, browser, "admin.sawahlunto@policyflow.test", "/admin")
	adm.load("open the chains", chromedp.Click(chromedp.CSS(`a[href="/admin/chains"]`)))
	adm.load("open the region's chain", chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="%s"]`, chainPath))))
	tick := func(row int, user string, on bool) {
		sel := fmt.Sprintf(`input[name="approver_ids_%d"][value="%s"]`, row, user)
		if eval[bool](adm, fmt.Sprintf(`document.querySelector(%q).checked`, sel)) != on {
			adm.do("tick "+sel, chromedp.Click(chromedp.CSS(sel)))
		}
	}
	set := func(name, value string) {
		if !eval[bool](adm, fmt.Sprintf(`(function(e){if(!e)return false;e.value=%q;return e.value===%q})(document.getElementById(%q))`, value, value, name)) {
			t.Fatalf("could not set #%s to %q", name, value)
		}
	}
	set("stage_name_0", "Tim pengembangan kompetensi")
	for _, u := range []string{kabid, kepala, opdHead} {
		tick(0, u, true)
	}
	set("quorum_0", "n_of_m")
	set("quorum_n_0", "2")
	set("stage_name_1", "Sekretaris Daerah")
	tick(1, kepala, false)
	tick(1, sekda, true)
	set("stage_name_2", "Wali Kota")
	tick(2, sekda, false)
	tick(2, walikota, true)
	set("stage_name_3", "")
	tick(3, walikota, false)
	adm.shot("admin-chain.png")
	adm.load("save the chain", chromedp.Click(chromedp.ID("save-chain")))
	if !adm.exists("#done") {
		t.Fatalf("the changes page does not say the chain was proposed: %s", adm.textOr("main", ""))
	}
	adm2 := s.signedIn(t, browser, s.secondAdmin(t), "/changes")
	s.confirmLatest(t, adm2, "the second administrator confirms the chain")
	chain, err := db.ApprovalChain(ctx, *pol.ChainID)
	if err != nil {
		t.Fatal(err)
	}
	if len(chain.Stages) != 3 || chain.Stages[0].Quorum != "n_of_m" || chain.Stages[0].QuorumN != 2 || len(chain.Stages[0].ApproverIDs) != 3 {
		t.Fatalf("chain after the form = %+v, want three stages, the first 2 of 3", chain.Stages)
	}

	// (b) The Plt. for the Sekda, with the mandate letter.
	adm.open("/acting")
	adm.do("choose the Sekda", chromedp.SetValue(chromedp.ID("principal_id"), sekda))
	adm.do("choose the Plt.", chromedp.SetValue(chromedp.ID("acting_id"), opdHead))
	adm.do("letter number", chromedp.SetValue(chromedp.ID("letter_number"), "800/115/BKPSDM/2026"))
	until := time.Now().In(time.FixedZone("WIB", 7*3600)).AddDate(0, 0, 14).Format(time.DateOnly)
	adm.do("last day", chromedp.SetValue(chromedp.ID("ends_on"), until))
	adm.load("appoint", chromedp.Click(chromedp.ID("appoint-acting")))
	if !adm.exists("#done") {
		t.Fatalf("the changes page does not say the appointment was proposed: %s", adm.textOr("main", ""))
	}
	principal := s.signedIn(t, browser, "sekda.sawahlunto@policyflow.test", "/changes")
	s.confirmLatest(t, principal, "the Sekda confirms their Plt.")
	adm.open("/acting")
	if list := adm.text("#acting-list"); !strings.Contains(list, "800/115/BKPSDM/2026") || !strings.Contains(list, "Plt.") {
		t.Fatalf("the appointment is not listed: %s", list)
	}
	adm.shot("admin-acting.png")

	// (c) The policy through the chain.
	polPath := fmt.Sprintf("/policies/%d", pol.ID)
	dina := s.signedIn(t, browser, drafterEmail, polPath)
	dina.load("submit for approval", chromedp.Click(chromedp.ID("submit-approval")))
	approve := func(email string, stage int, plt bool) {
		leader := s.signedIn(t, browser, email, polPath+"/approval")
		leader.until(polPath+"/approval", fmt.Sprintf("stage %d waiting for %s", stage, email), 60*time.Second, func() (bool, string) {
			st := leader.textOr("#review-stage", "(no stage)")
			return strings.HasPrefix(st, fmt.Sprintf("%d/3", stage)) && leader.exists("#approve"), st
		})
		if got := leader.exists(`input[name="on_behalf_of"][value="` + sekda + `"]`); got != plt {
			t.Errorf("%s's form decides on behalf of the Sekda: %v, want %v", email, got, plt)
		}
		leader.load(fmt.Sprintf("stage %d: %s approves", stage, email), chromedp.Click(chromedp.ID("approve")))
	}
	approve("kabid.sawahlunto@policyflow.test", 1, false)
	approve("kepala.sawahlunto@policyflow.test", 1, false)
	approve("kepala.opd.sawahlunto@policyflow.test", 2, true)
	approve("walikota.sawahlunto@policyflow.test", 3, false)

	dina.until(polPath, "the policy page showing it approved", 30*time.Second, func() (bool, string) {
		st := dina.text("#policy-status")
		return st == "Disetujui", st
	})
	if tl := dina.text("#timeline"); !strings.Contains(tl, "Plt. Sekretaris Daerah — Kepala OPD") {
		t.Errorf("the timeline does not show the Plt.'s decision:\n%s", tl)
	}
	dina.shot("acting-decision.png")
}
