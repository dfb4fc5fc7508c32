package workflows

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// A scheduled consultation that could not open tells a drafter who chose
// English why in English, the policy's status by its English name.
func TestScheduleFailedReasonInTheRecipientsLanguage(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kompetensi-asn")
	if err := h.db.SetUserLang(context.Background(), h.users["penyusun"], "en"); err != nil {
		t.Fatal(err)
	}
	opens := h.start.Add(2 * day)
	h.at(time.Hour, "schedule", "", policies.ActOpenConsultation, func() Request {
		return Request{Actor: h.actor("penyusun"), OpensAt: opens, ClosesAt: opens.Add(14 * day)}
	})
	h.submitAt(2*time.Hour, "submit")
	h.archiveAt(3 * day)
	h.run()

	h.ok("schedule")
	h.ok("submit")
	var row struct {
		Subject string `db:"subject"`
		Body    string `db:"body"`
	}
	if err := h.db.SQL().Get(&row, `SELECT subject, body FROM notifications WHERE policy_id = $1 AND kind = 'consultation_schedule_failed' AND user_id = $2`,
		h.policyID, h.users["penyusun"]); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(row.Subject, "Scheduled consultation not opened: ") ||
		!strings.Contains(row.Body, `could not open: the policy's status is already "In approval".`) || strings.Contains(row.Body, "berstatus") {
		t.Errorf("the English-choosing drafter's notice: %q / %q, want the reason in English", row.Subject, row.Body)
	}
	// The audit keeps the Indonesian reason, as before.
	if n := h.count(`SELECT count(*) FROM audit_log WHERE policy_id = $1 AND action = 'consultation.schedule_failed' AND detail LIKE '%berstatus%'`, h.policyID); n != 1 {
		t.Errorf("audited failures with the reason: %d, want 1", n)
	}
}
