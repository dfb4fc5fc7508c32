package notify

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// MessageID is the Message-ID of a notification's email, derived from its
// de-duplication key only: every send of the same notification (a retry, or
// a resend after a crash) carries the same ID, so receivers can drop
// duplicates.
func MessageID(dedupKey string) string {
	sum := sha256.Sum256([]byte(dedupKey))
	return "<" + hex.EncodeToString(sum[:16]) + "@policyflow>"
}

// DigestMessageID is the Message-ID of a user's digest of one day.
func DigestMessageID(userID int64, day time.Time) string {
	return fmt.Sprintf("<digest-%d-%s@policyflow>", userID, day.Format("20060102"))
}

// absLink makes a notification's link absolute; an empty link points to the inbox.
func absLink(base, link string) string {
	if link == "" {
		link = "/notifications"
	}
	if strings.HasPrefix(link, "http://") || strings.HasPrefix(link, "https://") {
		return link
	}
	if !strings.HasPrefix(link, "/") {
		link = "/" + link
	}
	return strings.TrimRight(base, "/") + link
}

// email is a message to render.
type email struct {
	From, To  mail.Address
	Subject   string
	MessageID string
	Kind      string // X-Policyflow-Kind
	Date      time.Time
	Body      string // plain text, LF line ends
	// Unsubscribe is the one-click unsubscribe URL (RFC 8058) of a
	// message that is not transactional; "" for none.
	Unsubscribe string
}

// render writes the message as RFC 5322 text: UTF-8 plain text in
// quoted-printable, the subject as an encoded word when it needs one.
func (e email) render() []byte {
	var b bytes.Buffer
	h := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	h("From", e.From.String())
	h("To", e.To.String())
	h("Subject", mime.QEncoding.Encode("utf-8", safeHeader(e.Subject)))
	h("Date", e.Date.Format(time.RFC1123Z))
	h("Message-ID", e.MessageID)
	h("X-Policyflow-Kind", safeHeader(e.Kind))
	h("Auto-Submitted", "auto-generated")
	if e.Unsubscribe != "" {
		h("List-Unsubscribe", "<"+safeHeader(e.Unsubscribe)+">")
		h("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	h("MIME-Version", "1.0")
	h("Content-Type", `text/plain; charset="utf-8"`)
	h("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	qp.Write([]byte(e.Body))
	qp.Close()
	b.WriteString("\r\n")
	return b.Bytes()
}

// envelopeWords are the words around a notice to a person with an
// account, in the language they chose: Indonesian, or English ("en").
// (This package depends on policies alone, so it keeps its few words here.)
var envelopeWords = map[string][2]string{
	"dear":         {"Yth. %s,\n\n", "Dear %s,\n\n"},
	"dear_anyone":  {"Yth. Bapak/Ibu,\n\n", "Dear Sir or Madam,\n\n"},
	"open":         {"Buka di Policyflow: %s\n", "Open in Policyflow: %s\n"},
	"footer":       {"\n-- \nEmail ini dikirim otomatis oleh Policyflow; mohon tidak dibalas.\nSemua pemberitahuan Anda ada di %s\n", "\n-- \nThis email was sent automatically by Policyflow; please do not reply.\nAll your notifications are at %s\n"},
	"unsubscribe":  {"Berhenti menerima email seperti ini / Unsubscribe: %s\n", "Stop receiving emails like this / Unsubscribe: %s\n"},
	"digest_intro": {"Berikut %d pemberitahuan Policyflow untuk Anda:\n\n", "Here are %d Policyflow notifications for you:\n\n"},
	"digest_why":   {"Anda menerima ringkasan ini sekali sehari karena memilih mode ringkasan harian.\n", "You get this digest once a day because you chose the daily digest mode.\n"},
	"digest_subj":  {"Ringkasan harian Policyflow: %d pemberitahuan", "Policyflow daily digest: %d notifications"},
}

// word is an envelope word in lang: English for "en", else Indonesian.
func word(lang, key string) string {
	if lang == "en" {
		return envelopeWords[key][1]
	}
	return envelopeWords[key][0]
}

// footerPublic ends an email to someone without an account, in Indonesian
// and English: they have no inbox and no language setting.
const footerPublic = "\n-- \nEmail ini dikirim otomatis oleh Policyflow; mohon tidak dibalas.\n" +
	"This email was sent automatically by Policyflow; please do not reply.\n"

// unsubscribeLines is the unsubscribe link in a body, in Indonesian then English.
const unsubscribeLines = "Berhenti menerima email seperti ini / Unsubscribe: %s\n"

// UnsubscribeURL is the one-click unsubscribe link for an address and a
// category, on the site at base; "" without a key.
func UnsubscribeURL(base string, key []byte, addr string, c policies.UnsubscribeCategory) string {
	if len(key) < policies.MinUnsubscribeKey {
		return ""
	}
	return absLink(base, "/unsubscribe?t="+policies.UnsubscribeToken(key, addr, c))
}

// notificationEmail is the email of one notification, in the language
// its recipient chose (o.Lang; a notice to someone without an account is
// in Indonesian and carries its English text in its body). Unless its kind is transactional it carries the unsubscribe link
// of its category, in the body and in List-Unsubscribe.
func notificationEmail(from mail.Address, base string, key []byte, o policies.Outgoing, now time.Time) email {
	var body strings.Builder
	public := o.UserID == 0
	lang := o.Lang
	if public {
		lang = "id"
	}
	if o.Name != "" {
		fmt.Fprintf(&body, word(lang, "dear"), o.Name)
	} else {
		body.WriteString(word(lang, "dear_anyone"))
	}
	if s := strings.TrimSpace(o.Body); s != "" {
		body.WriteString(s + "\n\n")
	} else {
		body.WriteString(o.Subject + "\n\n")
	}
	if public {
		fmt.Fprintf(&body, "Buka di Policyflow / Open in Policyflow: %s\n", absLink(base, o.Link))
	} else {
		fmt.Fprintf(&body, word(lang, "open"), absLink(base, o.Link))
	}
	var unsub string
	if id, ok := policies.FollowOfNotice(o.Notification); ok && len(key) >= policies.MinUnsubscribeKey {
		// A follow's notice: its link ends that follow alone.
		unsub = absLink(base, "/follow/unsubscribe?t="+policies.FollowToken(key, policies.PurposeFollowUnsubscribe, id))
	} else if c, ok := policies.UnsubscribeCategoryOf(o.Kind); ok {
		unsub = UnsubscribeURL(base, key, o.Email, c)
	}
	switch {
	case public:
		body.WriteString(footerPublic)
		if unsub != "" {
			fmt.Fprintf(&body, unsubscribeLines, unsub)
		}
	default:
		fmt.Fprintf(&body, word(lang, "footer"), absLink(base, "/notifications"))
		if unsub != "" {
			fmt.Fprintf(&body, word(lang, "unsubscribe"), unsub)
		}
	}
	return email{
		From: from, To: mail.Address{Name: o.Name, Address: o.Email},
		Subject: o.Subject, MessageID: MessageID(o.DedupKey), Kind: string(o.Kind), Date: now, Body: body.String(),
		Unsubscribe: unsub,
	}
}

// digestEmail is a user's daily digest, in the language they chose:
// every waiting notification with its link.
func digestEmail(from mail.Address, base string, key []byte, d policies.Digest, now time.Time) email {
	var body strings.Builder
	fmt.Fprintf(&body, word(d.Lang, "dear"), d.Name)
	fmt.Fprintf(&body, word(d.Lang, "digest_intro"), len(d.Items))
	for i, n := range d.Items {
		fmt.Fprintf(&body, "%d. %s\n", i+1, n.Subject)
		if s := strings.TrimSpace(n.Body); s != "" {
			for _, line := range strings.Split(s, "\n") {
				body.WriteString("   " + strings.TrimRight(line, "\r") + "\n")
			}
		}
		fmt.Fprintf(&body, "   %s\n\n", absLink(base, n.Link))
	}
	body.WriteString(word(d.Lang, "digest_why"))
	fmt.Fprintf(&body, word(d.Lang, "footer"), absLink(base, "/notifications"))
	// A digest lists every kind: its link unsubscribes from all email.
	unsub := UnsubscribeURL(base, key, d.Email, policies.UnsubscribeAll)
	if unsub != "" {
		fmt.Fprintf(&body, word(d.Lang, "unsubscribe"), unsub)
	}
	return email{
		Unsubscribe: unsub,
		From:        from, To: mail.Address{Name: d.Name, Address: d.Email},
		Subject:   fmt.Sprintf(word(d.Lang, "digest_subj"), len(d.Items)),
		MessageID: DigestMessageID(d.UserID, d.Day), Kind: "digest", Date: now, Body: body.String(),
	}
}

// WebhookPayload is the JSON body POSTed to a unit's webhook.
type WebhookPayload struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"`
	Subject   string    `json:"subject"`
	Body      string    `json:"body"`
	Link      string    `json:"link"` // absolute
	PolicyID  *int64    `json:"policy_id"`
	UserID    int64     `json:"user_id"`
	CreatedAt time.Time `json:"created_at"`
}

func webhookBody(base string, n policies.Notification) []byte {
	b, _ := json.Marshal(WebhookPayload{
		ID: n.ID, Kind: string(n.Kind), Subject: n.Subject, Body: n.Body, Link: absLink(base, n.Link),
		PolicyID: n.PolicyID, UserID: n.UserID, CreatedAt: n.CreatedAt.UTC(),
	})
	return b
}

// Sign is the X-Policyflow-Signature of a webhook body: "sha256=" and the
// hex HMAC-SHA256 of the exact body bytes with the unit's secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// VerifySignature checks a webhook's signature header in constant time, as
// a receiver would.
func VerifySignature(secret string, body []byte, header string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(header))
}
