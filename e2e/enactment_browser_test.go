package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// approveThroughChain takes a seeded draft through its four approval
// stages by the workflow, as its approvers do.
func approveThroughChain(t *testing.T, s *site, policyID int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db, lc := s.st.DB, s.st.Lifecycle
	drafter := mustUser(ctx, t, db, drafterEmail)
	devtest.WaitFor(ctx, t, "the policy workflow to load", func() (bool, string) {
		st, err := lc.State(ctx, policyID)
		return err == nil && st.Status != "", fmt.Sprintf("%+v %v", st, err)
	})
	do(ctx, t, lc, policyID, policies.ActSubmit, workflows.Request{Actor: workflows.Actor{UserID: drafter.ID, Role: policies.RoleDrafter}})
	for i, who := range []string{"kabid", "kepala", "sekda", "walikota"} {
		ap := mustUser(ctx, t, db, who+".sawahlunto@policyflow.test")
		st := waitState(ctx, t, lc, policyID, fmt.Sprintf("approval stage %d", i+1), func(s workflows.PolicyState) bool {
			return s.Approval != nil && s.Approval.Stage == i+1
		})
		do(ctx, t, lc, policyID, policies.ActApprove, workflows.Request{Actor: workflows.Actor{UserID: ap.ID, Role: policies.RoleLeader},
			VersionSHA256: st.Approval.SHA256})
	}
	waitState(ctx, t, lc, policyID, "approved", func(s workflows.PolicyState) bool { return s.Status == policies.StatusApproved })
	// The workflow follows the version's legal steps from then on.
	waitState(ctx, t, lc, policyID, "a legal step followed", func(s workflows.PolicyState) bool { return s.Legal != nil })
}

// The Bagian Hukum finds the approved policy on their dashboard, enacts it
// on the enactment page with the keyboard (the Sekda signing a.n. the Wali
// Kota), and promulgates it; axe-core finds no serious violation on the
// pages before and after, in Indonesian and English, on a desktop and at
// 320 CSS px; the public reads the record at once, and the policy page
// cites it.
func TestEnactmentBrowser(t *testing.T) {
	s := newSite(t)
	pol := s.policy(t, "sawahlunto-pengelolaan-kompetensi-asn")
	approveThroughChain(t, s, pol.ID)
	ctx := context.Background()
	wali := mustUser(ctx, t, s.st.DB, "walikota.sawahlunto@policyflow.test")
	sekda := mustUser(ctx, t, s.st.DB, "sekda.sawahlunto@policyflow.test")
	browser := newBrowser(t, 6*time.Minute)
	p := fmt.Sprintf("/policies/%d", pol.ID)

	hukum := s.signedIn(t, browser, "hukum.sawahlunto@policyflow.test", "/dashboard")
	link := "#awaiting-enactment a[href='" + p + "/enactment']"
	if !hukum.exists(link) {
		t.Fatalf("the legal unit's dashboard does not list the approved policy: %.500s", hukum.textOr("main", ""))
	}
	// The step it waits for, with its due date in working days.
	if got := hukum.textOr("#legal-steps", ""); !strings.Contains(got, "Penetapan") || !strings.Contains(got, "hari kerja") {
		t.Fatalf("the legal unit's dashboard does not show the legal step waiting: %q", got)
	}
	axeCheck(t, hukum.ctx, "legal unit's dashboard")
	hukum.axeOpen(withLang("/dashboard", "en"), 200, "#legal-steps", "legal unit's dashboard [en]")
	hukum.axeOpen(withLang(p, "id"), 200, "#legal-step", "policy page with its legal step [id]")
	hukum.open(withLang("/dashboard", "id"))
	for _, lang := range []string{"en", "id"} {
		hukum.axeOpen(withLang(p+"/enactment", lang), 200, "#enact-form #signer_id", "enactment form ["+lang+"]")
	}
	// Keyboard: every control of the form is reached with Tab.
	hukum.do("focus the form", chromedp.Focus(chromedp.ID("form")))
	for _, id := range []string{"place", "enacted_on", "principal_id", "signer_id", "on_behalf", "strategic", "enact-submit"} {
		hukum.tabTo(id)
	}
	hukum.fill("principal_id", fmt.Sprint(wali.ID))
	hukum.fill("signer_id", fmt.Sprint(sekda.ID))
	// Without a.n. (and no Plt. appointment) the Sekda may not sign: refused, nothing taken.
	hukum.submitExpect("enact-submit", 422, "enact with a signer who is not the Wali Kota nor a.n.")
	axeCheck(t, hukum.ctx, "enactment refused (signer)")
	// A Peraturan is never signed a.n.: refused, naming the rule.
	hukum.open(p + "/enactment")
	hukum.fill("principal_id", fmt.Sprint(wali.ID))
	hukum.fill("signer_id", fmt.Sprint(sekda.ID))
	hukum.do("tick a.n.", chromedp.Click(chromedp.ID("on_behalf")))
	hukum.submitExpect("enact-submit", 422, "enact a Peraturan a.n.")
	if got := hukum.textOr("main", ""); !strings.Contains(got, "a.n.") || !strings.Contains(got, "UU 12/2011 Pasal 1 angka 2") {
		t.Fatalf("the refusal of a.n. on a Peraturan does not name the rule: %q", got)
	}
	axeCheck(t, hukum.ctx, "enactment refused (a.n. on a Peraturan)")
	// A Keputusan a.n. the Wali Kota.
	hukum.open(p + "/enactment")
	hukum.fill("form", "kepwali")
	hukum.fill("principal_id", fmt.Sprint(wali.ID))
	hukum.fill("signer_id", fmt.Sprint(sekda.ID))
	hukum.do("tick a.n.", chromedp.Click(chromedp.ID("on_behalf")))
	hukum.submitExpect("enact-submit", 200, "enact a Keputusan a.n.")
	year := time.Now().In(policies.ZoneWIB.Location()).Year()
	label := fmt.Sprintf("Keputusan Wali Kota Sawahlunto Nomor 1 Tahun %d", year)
	if got := hukum.textOr("#enactments", ""); !strings.Contains(got, label) || !strings.Contains(got, "a.n. WALI KOTA SAWAHLUNTO") ||
		!strings.Contains(got, "SEKRETARIS DAERAH,") {
		t.Fatalf("after enacting, the record shows %q", got)
	}
	if !hukum.exists("#done") || !hukum.exists("#promulgate-form") || hukum.exists("#enact-form") {
		t.Fatal("after enacting: no confirmation, or the promulgation form missing, or the enactment form still offered")
	}
	axeCheck(t, hukum.ctx, "after enacting")
	hukum.fill("promulgator_id", fmt.Sprint(sekda.ID))
	hukum.submitExpect("promulgate-submit", 200, "promulgate")
	gazette := fmt.Sprintf("BERITA DAERAH KOTA SAWAHLUNTO TAHUN %d NOMOR 1", year)
	if got := hukum.textOr("#enactments", ""); !strings.Contains(got, gazette) {
		t.Fatalf("after promulgating, the record shows %q", got)
	}
	axeCheck(t, hukum.ctx, "after promulgating")

	visitor := s.person(t, browser)
	for _, lang := range []string{"id", "en"} {
		visitor.axeOpen(withLang(p+"/enactment", lang), 200, ".enactment .gazette", "public enactment record ["+lang+"]")
		visitor.axeOpen(withLang(p, lang), 200, "#enacted-line a[href='"+p+"/enactment']", "policy page citing the enactment ["+lang+"]")
	}
	if got := visitor.textOr("#enacted-line", ""); !strings.Contains(got, label) || !strings.Contains(got, "Enacted as") {
		t.Errorf("English policy page's enactment line: %q", got)
	}
	narrow := s.person(t, browser)
	narrow.do("a 320 px touch screen", chromedp.EmulateViewport(320, 640, chromedp.EmulateMobile, chromedp.EmulateTouch))
	narrow.axeOpen(p+"/enactment", 200, ".enactment", "enactment record at 320 px")
	narrow.checkPhoneLayout("enactment record at 320 px")
}
