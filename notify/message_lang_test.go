package notify

import (
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// The email around a notice is in the language its recipient chose: the
// greeting, the link, the footer, the unsubscribe line, and a digest's
// subject; a public commenter (no account) keeps the Indonesian and
// English envelope.
func TestEnvelopeInTheRecipientsLanguage(t *testing.T) {
	from := mail.Address{Name: "Policyflow", Address: "noreply@policyflow.test"}
	key := []byte("kunci-berhenti-langganan-uji-0123456789")
	now := time.Date(2026, 3, 9, 3, 0, 0, 0, time.UTC)
	o := policies.Outgoing{Notification: policies.Notification{DedupKey: "k/u1", UserID: 1, Kind: policies.NoticeConsultationInvitation,
		Subject: "Invitation to a public consultation: Perwali", Body: "You are invited to comment on version 2 until 9 March 2026 10:00 WIB.", Link: "/policies/7/consultation"},
		Email: "ani@contoh.id", Name: "Ani"}
	for _, c := range []struct {
		lang      string
		want, not []string
	}{
		{"en", []string{"Dear Ani,", "Open in Policyflow: https://pf.test/policies/7/consultation", "This email was sent automatically by Policyflow; please do not reply.",
			"All your notifications are at https://pf.test/notifications", "Stop receiving emails like this / Unsubscribe: https://pf.test/unsubscribe?t="}, []string{"Yth.", "Buka di", "Semua pemberitahuan"}},
		{"id", []string{"Yth. Ani,", "Buka di Policyflow: https://pf.test/policies/7/consultation", "Email ini dikirim otomatis oleh Policyflow",
			"Berhenti menerima email seperti ini / Unsubscribe: https://pf.test/unsubscribe?t="}, []string{"Dear", "This email"}},
		{"", []string{"Yth. Ani,"}, []string{"Dear"}},
	} {
		o.Lang = c.lang
		e := notificationEmail(from, "https://pf.test", key, o, now)
		for _, w := range c.want {
			if !strings.Contains(e.Body, w) {
				t.Errorf("%q: the email lacks %q:\n%s", c.lang, w, e.Body)
			}
		}
		for _, w := range c.not {
			if strings.Contains(e.Body, w) {
				t.Errorf("%q: the email has %q:\n%s", c.lang, w, e.Body)
			}
		}
	}
	// A public commenter: the envelope in both languages, whatever Lang says.
	o.UserID, o.Name, o.Lang = 0, "", "en"
	if e := notificationEmail(from, "https://pf.test", key, o, now); !strings.Contains(e.Body, "Yth. Bapak/Ibu,") || !strings.Contains(e.Body, "Open in Policyflow") {
		t.Errorf("the public commenter's envelope:\n%s", e.Body)
	}

	d := policies.Digest{UserID: 1, Email: "ani@contoh.id", Name: "Ani", Day: now, Items: []policies.Notification{{Subject: "A", Link: "/a"}, {Subject: "B", Link: "/b"}}}
	for lang, want := range map[string][2]string{
		"en": {"Policyflow daily digest: 2 notifications", "Here are 2 Policyflow notifications for you:"},
		"id": {"Ringkasan harian Policyflow: 2 pemberitahuan", "Berikut 2 pemberitahuan Policyflow untuk Anda:"},
	} {
		d.Lang = lang
		e := digestEmail(from, "https://pf.test", key, d, now)
		if e.Subject != want[0] || !strings.Contains(e.Body, want[1]) {
			t.Errorf("%s digest: %q\n%s; want %q and %q", lang, e.Subject, e.Body, want[0], want[1])
		}
	}
}
