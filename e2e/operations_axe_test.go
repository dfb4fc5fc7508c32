package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
)

// TestAxeOperationsConsole runs axe-core, in both languages, on the region
// administrator's operations console with a live policy's workflow and a
// failing (with its "retry now"), a refused, a stopped and a held (being
// sent by a deliverer) delivery listed.
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
	browser := newBrowser(t, 2*time.Minute)
	admin := s.person(t, browser)
	admin.signIn("admin.sawahlunto@policyflow.test", "/admin")
	for _, lang := range []string{"id", "en"} {
		admin.axeOpen(withLang("/admin/operations", lang), 200, fmt.Sprintf("#ops-deliveries [id^=retry-], #ops-deliveries [id^=claimed-], #wf-%d", pol.ID), "operations console ["+lang+"]")
	}
}
