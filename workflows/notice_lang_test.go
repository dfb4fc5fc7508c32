package workflows

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// The approval's notices in each recipient's language (issue 26), by the
// real activities on PostgreSQL with time skipping: the Kabid chose
// English and reads their request and SLA reminder in English, the
// deadline in English words and in working days; the Kepala BKPSDM kept
// Indonesian and reads the escalation in Indonesian.
func TestApprovalNoticesInTheRecipientsLanguage(t *testing.T) {
	h := newHarness(t, "sawahlunto", "sawahlunto-peningkatan-kapasitas-asn")
	if err := h.db.SetUserLang(context.Background(), h.users["kabid"], "en"); err != nil {
		t.Fatal(err)
	}
	h.startAt(monday)
	h.submitted()
	h.archiveAt(time.Hour + 8*day + time.Minute)
	h.run()

	en := regexp.MustCompile(`\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4} \d{2}:\d{2} WIB`)
	id := regexp.MustCompile(`\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4} \d{2}\.\d{2} WIB`)
	notice := func(kind string, user int64) (subject, body string) {
		t.Helper()
		if err := h.db.SQL().QueryRow(`SELECT subject, body FROM notifications WHERE policy_id = $1 AND kind = $2 AND user_id = $3`,
			h.policyID, kind, user).Scan(&subject, &body); err != nil {
			t.Fatalf("no %s to %d: %v", kind, user, err)
		}
		return subject, body
	}
	var title string
	h.db.SQL().Get(&title, `SELECT title FROM policies WHERE id = $1`, h.policyID)

	s, b := notice(string(policies.NoticeApprovalRequest), h.users["kabid"])
	if s != "Awaiting your approval: "+title || !strings.Contains(b, " awaits the decision of stage ") || !en.MatchString(b) {
		t.Errorf("the Kabid's request: %q / %q; want it in English with an English date", s, b)
	}
	s, b = notice(string(policies.NoticeApprovalSLAReminder), h.users["kabid"])
	if s != "Approval deadline passed: "+title || !strings.Contains(b, "is past its deadline of 3 working days (") || !en.MatchString(b) || id.MatchString(b) {
		t.Errorf("the Kabid's SLA reminder: %q / %q; want it in English, in working days", s, b)
	}
	s, b = notice(string(policies.NoticeApprovalEscalation), h.users["kepala"])
	if s != "Eskalasi persetujuan: "+title || !strings.Contains(b, "belum diputuskan setelah 6 hari kerja (") || !id.MatchString(b) || en.MatchString(b) {
		t.Errorf("the Kepala's escalation: %q / %q; want it in Indonesian, in working days", s, b)
	}
}
