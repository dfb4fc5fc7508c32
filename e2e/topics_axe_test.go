package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/policyflow/policyflow/internal/devtest"
	"github.com/policyflow/policyflow/internal/devtest/stack"
	"github.com/policyflow/policyflow/internal/devtest/web"
	"github.com/policyflow/policyflow/server"
)

// In Chromium, with axe on every page of topics: Sawahlunto's drafter adds
// "Pengembangan Kompetensi" to the city's list of topics and puts it on a
// draft from the policy's page. A resident follows the topic by email (the
// confirmation over SMTP, its link's button). Both the tagged draft and an
// untagged one go to a public consultation: the resident is told once, of
// the tagged one only. The notice's links lead to the address's follows,
// which name the topic.
func TestFollowTopicByEmail(t *testing.T) {
	st := stack.New(t)
	key := unsubscribeKey
	srv := web.Serve(t, server.Deps{Store: st.DB, Lifecycle: st.Lifecycle, UnsubscribeKey: key})
	s := &site{st: st, base: srv.URL}
	in := deliverToInbox(t, st, s.base, key)
	db := st.DB.SQL()
	const email = "warga.topik@contoh.id"
	tagged, untagged := s.policy(t, "sawahlunto-peningkatan-kompetensi-asn"), s.policy(t, "sawahlunto-peningkatan-kapasitas-asn")

	browser := newBrowser(t, 4*time.Minute)
	drafter := s.signedIn(t, browser, drafterEmail, "/topics")
	drafter.axeOpen("/topics", 200, "#topic-add", "the region's topics, empty")
	drafter.fill("topic-name", "Pengembangan Kompetensi")
	drafter.submitExpect("topic-add-submit", 200, "add a topic")
	if !drafter.exists("#topic-pengembangan-kompetensi") {
		t.Fatalf("the topic is not listed: %s", drafter.text("main"))
	}
	axeCheck(t, drafter.ctx, "a topic added")
	drafter.open(fmt.Sprintf("/policies/%d", tagged.ID))
	drafter.do("open the topics", chromedp.Click(chromedp.CSS(`#topics summary`)),
		chromedp.Click(chromedp.CSS(`#topics-form input[value="pengembangan-kompetensi"]`)))
	axeCheck(t, drafter.ctx, "the policy's topics form")
	drafter.submitExpect("topics-save", 200, "save the policy's topics")
	if got := drafter.text("#policy-topics"); got != "Pengembangan Kompetensi" {
		t.Fatalf("the policy's topics read %q", got)
	}

	resident := s.person(t, browser)
	resident.axeOpen("/topics?region=sawahlunto&lang=en", 200, "#topics-list", "a city's topics [en]")
	resident.axeOpen("/policies?region=sawahlunto&topic=pengembangan-kompetensi&lang=id", 200, "#follow-topic-link", "the policies of a topic")
	if n := resident.count("ul.policies li"); n != 0 {
		t.Errorf("the public list of a drafts' topic shows %d policies", n)
	}
	resident.axeOpen("/follow?region=sawahlunto&topic=pengembangan-kompetensi&lang=en", 200, "#follow-email", "follow a topic [en]")
	resident.axeOpen("/follow?region=sawahlunto&topic=pengembangan-kompetensi&lang=id", 200, "#follow-email", "follow a topic [id]")
	if got := resident.text("#follow-target"); got != "Pengembangan Kompetensi · Kota Sawahlunto" {
		t.Errorf("the follow page names %q", got)
	}
	resident.fill("follow-email", email)
	resident.submitExpect("follow-submit", 200, "follow a topic")
	link := confirmLink.FindString(in.waitWith(t, email, "/follow/confirm?t=", 30*time.Second))
	resident.axeOpen(link, 200, "#follow-confirm", "confirm following a topic")
	resident.submitExpect("follow-confirm", 200, "confirm")
	if !resident.exists("#follow-confirmed") {
		t.Fatalf("not confirmed: %s", resident.text("main"))
	}

	token := apiToken(t, s.base, drafterEmail)
	for _, id := range []int64{tagged.ID, untagged.ID} {
		res, out := devtest.Call(t, "POST", fmt.Sprintf("%s/api/v1/policies/%d/actions/open_consultation", s.base, id), token,
			map[string]any{"closes_at": time.Now().Add(14 * 24 * time.Hour), "allow_public": true})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("open consultation %d: %d %s", id, res.StatusCode, out)
		}
	}
	// Both openings told their followers before answering: the outbox is whole.
	opened := in.waitWith(t, email, "Konsultasi dibuka: "+tagged.Title, 30*time.Second)
	var n int
	db.Get(&n, `SELECT count(*) FROM notifications WHERE email = $1 AND kind = 'follow_event'`, email)
	if n != 1 || len(in.messagesWith(email, untagged.Title)) != 0 {
		t.Errorf("%d follow notices to the topic's follower, want 1, of the tagged policy alone", n)
	}
	if !strings.Contains(opened, "Pengembangan Kompetensi") {
		t.Errorf("the notice does not say the topic is why:\n%s", opened)
	}
	unsub := followUnsub.FindString(opened)
	resident.axeOpen(unsub, 200, "#follow-unsubscribe", "stop following a topic")
	manage := eval[string](resident, `document.querySelector("#follow-manage").getAttribute("href")`)
	resident.axeOpen(manage, 200, "#follows", "the address's follows with a topic")
	if got := resident.text("#follows tbody"); !strings.Contains(got, "Topik") || !strings.Contains(got, "Pengembangan Kompetensi") {
		t.Errorf("the address's follows read %q, want the topic", got)
	}
}
