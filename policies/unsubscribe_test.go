package policies

import (
	"strings"
	"testing"
)

func TestUnsubscribeToken(t *testing.T) {
	key := []byte("kunci-uji-0123456789abcdef0123456789")
	tok := UnsubscribeToken(key, " Warga@Contoh.ID ", UnsubscribeComments)
	email, c, err := ParseUnsubscribeToken(key, tok)
	if err != nil || email != "warga@contoh.id" || c != UnsubscribeComments {
		t.Fatalf("round trip: %q %q %v", email, c, err)
	}
	if UnsubscribeToken(key, "warga@contoh.id", UnsubscribeAll) == tok {
		t.Error("one token for two categories")
	}
	if strings.ContainsAny(tok, "+/=?&# ") {
		t.Errorf("token %q is not URL-safe", tok)
	}
	payload, _, _ := strings.Cut(tok, ".")
	for name, bad := range map[string]string{
		"other key":  UnsubscribeToken([]byte("kunci-lain-0123456789abcdef0123456789"), "warga@contoh.id", UnsubscribeComments),
		"no mac":     payload,
		"empty":      "",
		"category":   UnsubscribeToken(key, "warga@contoh.id", "semua"),
		"no address": UnsubscribeToken(key, "", UnsubscribeAll),
		"long":       tok + strings.Repeat("A", 1000),
	} {
		if _, _, err := ParseUnsubscribeToken(key, bad); KindOf(err) != KindBadRequest {
			t.Errorf("%s: err %v, want bad request", name, err)
		}
	}
	// No key (or a short one): every token is refused.
	if _, _, err := ParseUnsubscribeToken(nil, UnsubscribeToken(nil, "warga@contoh.id", UnsubscribeAll)); err == nil {
		t.Error("a token accepted without a key")
	}
}

func TestUnsubscribeCategoryOf(t *testing.T) {
	for k, want := range map[NotificationKind]UnsubscribeCategory{
		NoticeCommentReply: UnsubscribeComments, NoticeSuggestionAccepted: UnsubscribeComments,
		NoticeConsultationInvitation: UnsubscribeConsultation, NoticeConsultationReminder: UnsubscribeConsultation,
		NoticeApprovalRequest: UnsubscribeAll, NoticeEvaluationReminder: UnsubscribeAll,
	} {
		if c, ok := UnsubscribeCategoryOf(k); !ok || c != want {
			t.Errorf("%s: %q %v, want %q", k, c, ok, want)
		}
	}
	for _, k := range []NotificationKind{NoticeInvitation, NoticePasswordReset} {
		if _, ok := UnsubscribeCategoryOf(k); ok {
			t.Errorf("%s is transactional but has a category", k)
		}
	}
}
