package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/policies"
	"github.com/policyflow/policyflow/server"
	"github.com/policyflow/policyflow/workflows"
)

// A moment as each language writes it in a notice: "9 March 2026 10:00
// WIB", "9 Maret 2026 10.00 WIB".
var (
	englishMoment    = regexp.MustCompile(`\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4} \d{2}:\d{2} WI(B|TA|T)`)
	indonesianMoment = regexp.MustCompile(`\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4} \d{2}\.\d{2} WI(B|TA|T)`)
)

// A person's notices in the language they chose (issue 26): the first
// approver of a Sawahlunto draft chooses English on their settings page
// (saved and audited, and their pages follow it); the draft is submitted
// through the workflow, and the deliverer emails them the approval request
// over SMTP in English, its deadline in English words; the second
// approver, who kept Indonesian, gets theirs in Indonesian.
func TestApprovalRequestInTheApproversLanguage(t *testing.T) {
	st := stack.New(t)
	srv := web.Serve(t, server.Deps{Store: st.DB, Lifecycle: st.Lifecycle})
	base := srv.URL
	in := deliverToInbox(t, st, base, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	const kabidEmail, kepalaEmail = "kabid.sawahlunto@policyflow.test", "kepala.sawahlunto@policyflow.test"
	kabid, kepala := mustUser(ctx, t, st.DB, kabidEmail), mustUser(ctx, t, st.DB, kepalaEmail)

	// The first approver chooses English on the settings page.
	c := signIn(t, base, kabidEmail)
	res, page := devtest.SubmitForm(t, c, base+"/settings", url.Values{"notify_mode": {"immediate"}, "lang": {"en"}})
	if res.StatusCode != 200 || !strings.Contains(page, `<h1>Settings</h1>`) || !strings.Contains(page, `name="lang" value="en" aria-describedby="notice-lang-help" checked`) {
		t.Fatalf("settings saved: %d; want the settings page in English with English chosen\n%.2000s", res.StatusCode, page)
	}
	if u := mustUser(ctx, t, st.DB, kabidEmail); u.Lang != "en" {
		t.Fatalf("lang saved = %q, want en", u.Lang)
	}
	var before, after string
	if err := st.DB.SQL().Get(&before, `SELECT before::text FROM audit_log WHERE action = 'user.lang' AND actor_id = $1`, kabid.ID); err != nil {
		t.Fatalf("no audit row of the language chosen: %v", err)
	}
	st.DB.SQL().Get(&after, `SELECT after::text FROM audit_log WHERE action = 'user.lang' AND actor_id = $1`, kabid.ID)
	if before != `{"lang": "id"}` || after != `{"lang": "en"}` {
		t.Errorf("audit of the language: %s → %s, want {\"lang\": \"id\"} → {\"lang\": \"en\"}", before, after)
	}
	// The region's administrator reads the change in words.
	adminPage := fetchWith(t, signIn(t, base, "admin.sawahlunto@policyflow.test"), base+"/admin?lang=id")
	if !strings.Contains(adminPage, "Bahasa notifikasi diubah") || !strings.Contains(adminPage, "Bahasa notifikasi: Bahasa Indonesia → Bahasa Inggris") {
		t.Errorf("the administrative audit does not say the language changed, in words:\n%s", adminPage[max(strings.Index(adminPage, "<main"), 0):])
	}
	// Asked for in a page's address, a page is still in that language.
	req, _ := http.NewRequest("GET", base+"/settings?lang=id", nil)
	if _, page := devtest.Do(t, c, req); !strings.Contains(page, "<h1>Pengaturan</h1>") {
		t.Errorf("?lang=id does not give the Indonesian settings page")
	}
	if err := st.DB.SetNotifyMode(ctx, kepala.ID, policies.NotifyImmediate); err != nil {
		t.Fatal(err)
	}

	// The draft is submitted; its first stage awaits the first approver.
	pol := policyBySlug(ctx, t, st.DB, "sawahlunto-pengelolaan-kompetensi-asn")
	lc := st.Lifecycle
	drafter := mustUser(ctx, t, st.DB, drafterEmail)
	devtest.WaitFor(ctx, t, "the policy workflow to load", func() (bool, string) {
		s, err := lc.State(ctx, pol.ID)
		return err == nil && s.Status != "", fmt.Sprintf("%+v %v", s, err)
	})
	do(ctx, t, lc, pol.ID, policies.ActSubmit, workflows.Request{Actor: workflows.Actor{UserID: drafter.ID, Role: policies.RoleDrafter}})

	en := in.waitWith(t, kabidEmail, "/approval", time.Minute)
	for _, want := range []string{"Dear " + kabid.Name, "Version ", " awaits the decision of stage ", "Open in Policyflow:",
		"This email was sent automatically by Policyflow"} {
		if !strings.Contains(en, want) {
			t.Errorf("the English approval request lacks %q:\n%s", want, en)
		}
	}
	if !englishMoment.MatchString(en) || indonesianMoment.MatchString(en) || strings.Contains(en, "Yth.") || strings.Contains(en, "Menunggu") {
		t.Errorf("the English approval request does not give its deadline in English words alone:\n%s", en)
	}
	if subject := noticeSubject(ctx, t, st, kabid.ID); subject != "Awaiting your approval: "+pol.Title {
		t.Errorf("the English notice's subject = %q, want %q", subject, "Awaiting your approval: "+pol.Title)
	}

	// The first stage approves; the second approver kept Indonesian.
	s := waitState(ctx, t, lc, pol.ID, "approval stage 1", func(s workflows.PolicyState) bool { return s.Approval != nil && s.Approval.Stage == 1 })
	do(ctx, t, lc, pol.ID, policies.ActApprove, workflows.Request{Actor: workflows.Actor{UserID: kabid.ID, Role: policies.RoleLeader}, VersionSHA256: s.Approval.SHA256})
	id := in.waitWith(t, kepalaEmail, "/approval", time.Minute)
	for _, want := range []string{"Yth. " + kepala.Name, "Versi ", " menunggu keputusan tahap ", "Buka di Policyflow:", "Email ini dikirim otomatis oleh Policyflow"} {
		if !strings.Contains(id, want) {
			t.Errorf("the Indonesian approval request lacks %q:\n%s", want, id)
		}
	}
	if !indonesianMoment.MatchString(id) || englishMoment.MatchString(id) || strings.Contains(id, "Dear") {
		t.Errorf("the Indonesian approval request does not give its deadline in Indonesian words:\n%s", id)
	}
	if subject := noticeSubject(ctx, t, st, kepala.ID); subject != "Menunggu persetujuan Anda: "+pol.Title {
		t.Errorf("the Indonesian notice's subject = %q, want %q", subject, "Menunggu persetujuan Anda: "+pol.Title)
	}
}

// noticeSubject is the subject of person userID's approval request in
// their inbox.
func noticeSubject(ctx context.Context, t *testing.T, st *stack.Stack, userID int64) string {
	t.Helper()
	var s string
	if err := st.DB.SQL().GetContext(ctx, &s, `SELECT subject FROM notifications WHERE user_id = $1 AND kind = 'approval_request' ORDER BY id LIMIT 1`, userID); err != nil {
		t.Fatalf("no approval request in the inbox of %d: %v", userID, err)
	}
	return s
}
