package policies

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// UnsubscribeCategory is what an address may stop receiving by email with
// one click (RFC 8058). The in-app inbox is never affected.
type UnsubscribeCategory string

// The unsubscribe categories.
const (
	UnsubscribeComments     UnsubscribeCategory = "comments"     // notices about one's own comment
	UnsubscribeConsultation UnsubscribeCategory = "consultation" // consultation invitations and reminders
	UnsubscribeAll          UnsubscribeCategory = "all"          // every email that is not transactional
)

// Valid reports whether c is one of the categories.
func (c UnsubscribeCategory) Valid() bool {
	return c == UnsubscribeComments || c == UnsubscribeConsultation || c == UnsubscribeAll
}

// UnsubscribeCategoryOf is the category an email of kind k may be
// unsubscribed from. Transactional kinds (an invitation, a password link:
// the person asked for them, or needs them to get in) have none: ok false,
// and their emails carry no unsubscribe link.
func UnsubscribeCategoryOf(k NotificationKind) (c UnsubscribeCategory, ok bool) {
	switch k {
	case NoticeInvitation, NoticePasswordReset, NoticeErasureDecision:
		return "", false
	case NoticeCommentReply, NoticeCommentAnswered, NoticeCommentModerated, NoticeSuggestionAccepted:
		return UnsubscribeComments, true
	case NoticeConsultationInvitation, NoticeConsultationReminder:
		return UnsubscribeConsultation, true
	}
	return UnsubscribeAll, true
}

// MinUnsubscribeKey is the shortest signing key accepted (UNSUBSCRIBE_KEY).
const MinUnsubscribeKey = 32

// UnsubscribeToken is the signed token of an unsubscribe link for an
// address and a category: the address and category, then an HMAC-SHA256 of
// both with key, all base64url. Nobody without the key can make one for
// another address; the token itself is the authority to unsubscribe.
func UnsubscribeToken(key []byte, email string, c UnsubscribeCategory) string {
	payload := string(c) + ":" + strings.ToLower(strings.TrimSpace(email))
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." +
		base64.RawURLEncoding.EncodeToString(unsubscribeMAC(key, payload))
}

// ParseUnsubscribeToken checks a token made by UnsubscribeToken with the
// same key (in constant time) and returns its address and category. A
// missing key, or a token that is malformed or not signed with the key, is
// a KindBadRequest error on field "t".
func ParseUnsubscribeToken(key []byte, token string) (email string, c UnsubscribeCategory, err error) {
	bad := &Error{Kind: KindBadRequest, Field: "t", Message: "tautan berhenti berlangganan tidak sah"}
	if len(key) < MinUnsubscribeKey || len(token) > 1000 {
		return "", "", bad
	}
	p, m, ok := strings.Cut(token, ".")
	if !ok {
		return "", "", bad
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(p)
	mac, err2 := base64.RawURLEncoding.DecodeString(m)
	if err1 != nil || err2 != nil || !hmac.Equal(mac, unsubscribeMAC(key, string(payload))) {
		return "", "", bad
	}
	cat, addr, ok := strings.Cut(string(payload), ":")
	if !ok || !UnsubscribeCategory(cat).Valid() || !strings.Contains(addr, "@") {
		return "", "", bad
	}
	return addr, UnsubscribeCategory(cat), nil
}

func unsubscribeMAC(key []byte, payload string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("policyflow-unsubscribe\x00" + payload))
	return h.Sum(nil)
}
