package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/workflows"
)

// TestAxeOperationsConsole runs axe-core, in both languages, on the region
// administrator's operations console with a live policy's workflow and a
// failing (with its "retry now"), a refused, a stopped and a held (being
// sent by a deliverer) delivery listed, and an approval stuck on a
// deactivated approver whose request keeps failing.
func TestAxeOperationsConsole(t *testing.T) {
	s := newSite(t)
	pol := s.policy(t, "sawahlunto-pengelolaan-kompetensi-asn")
	devtest.ApproveInSQL(t, s.st.DB, pol.ID)
	db := s.st.DB.SQL()
	for i, state := range []string{"", "email_refused_at = now(),", "delivered_at = now(), discarded_at = now(),",
		"claimed_by = 'worker-1/4242', claimed_until = now() + interval '10 minutes',"} {
		db.MustExec(`INSERT INTO notifications (dedup_key, user_id, kind, subject, attempts, last_error, next_attempt_at)
			SELECT 'axe-ops-' || $1::int, id, 'approval_request', 'Permintaan persetujuan', 2, '421 4.7.0 coba lagi nanti', now() + interval '10 minutes'
			FROM users WHERE email = 'penyusun.sawahlunto@policyflow.test'`, i)
		if state != "" {
			db.MustExec(`UPDATE notifications SET `+state+` attempts = attempts WHERE dedup_key = 'axe-ops-' || $1::int`, i)
		}
	}
	// An approval waiting at its first stage for a Kabid since deactivated:
	// the console says it is stuck and links to proposing a Plt.
	stuck := s.policy(t, "sawahlunto-peningkatan-kompetensi-asn")
	drafter := s.st.UserID(t, "penyusun.sawahlunto@policyflow.test")
	// Its request to the approvers keeps failing too (the database refuses
	// the notices): the console shows the failing step.
	db.MustExec(`CREATE FUNCTION axe_ops_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk penuh (uji)'; END $$`)
	db.MustExec(fmt.Sprintf(`CREATE TRIGGER axe_ops_refuse BEFORE INSERT ON notifications FOR EACH ROW
		WHEN (NEW.kind = 'approval_request' AND NEW.policy_id = %d) EXECUTE FUNCTION axe_ops_refuse()`, stuck.ID))
	lc := s.st.Lifecycle
	do(t.Context(), t, lc, stuck.ID, policies.ActSubmit, workflows.Request{Actor: workflows.Actor{UserID: drafter, Role: policies.RoleDrafter}})
	db.MustExec(`UPDATE users SET deactivated_at = now() WHERE email = 'kabid.sawahlunto@policyflow.test'`)
	wctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	devtest.WaitFor(wctx, t, "the failing request to show", func() (bool, string) {
		st, err := lc.State(wctx, stuck.ID)
		if err != nil {
			return false, err.Error()
		}
		tr, err := lc.Troubles(wctx, st)
		return len(tr) > 0, fmt.Sprint(tr, err)
	})
	browser := newBrowser(t, 2*time.Minute)
	admin := s.person(t, browser)
	admin.signIn("admin.sawahlunto@policyflow.test", "/admin")
	for _, lang := range []string{"id", "en"} {
		label := "operations console [" + lang + "]"
		admin.axeOpen(withLang("/admin/operations", lang), 200, fmt.Sprintf("#wf-%d", pol.ID), label)
		for _, part := range []string{"#ops-deliveries [id^=retry-]", "#ops-deliveries [id^=claimed-]", fmt.Sprintf("#stuck-%d a[id^=propose-plt-]", stuck.ID), fmt.Sprintf("#trouble-%d-0", stuck.ID)} {
			if !admin.exists(part) {
				t.Errorf("%s shows no %s", label, part)
			}
		}
	}
	kabid := s.st.UserID(t, "kabid.sawahlunto@policyflow.test")
	admin.axeOpenBoth(fmt.Sprintf("/acting?principal=%d", kabid), fmt.Sprintf(`#principal_id option[value="%d"][selected]`, kabid), "acting official for a vacant office")
}
