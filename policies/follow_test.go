package policies_test

import (
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// A follow's links are single-purpose: a confirmation token does not
// unsubscribe, an unsubscribe token does not confirm, and neither opens
// the address's list; a token altered or signed with another key is
// refused naming "t".
func TestFollowTokensAreSinglePurpose(t *testing.T) {
	key := []byte(strings.Repeat("k", policies.MinUnsubscribeKey))
	other := []byte(strings.Repeat("o", policies.MinUnsubscribeKey))
	confirm := policies.FollowToken(key, policies.PurposeFollowConfirm, 42)
	if id, err := policies.ParseFollowToken(key, policies.PurposeFollowConfirm, confirm); err != nil || id != 42 {
		t.Fatalf("confirm token: %d %v, want 42", id, err)
	}
	for _, tc := range []struct {
		name    string
		key     []byte
		purpose policies.SurveyPurpose
		token   string
	}{
		{"confirm token to unsubscribe", key, policies.PurposeFollowUnsubscribe, confirm},
		{"unsubscribe token to confirm", key, policies.PurposeFollowConfirm, policies.FollowToken(key, policies.PurposeFollowUnsubscribe, 42)},
		{"another key", key, policies.PurposeFollowConfirm, policies.FollowToken(other, policies.PurposeFollowConfirm, 42)},
		{"another follow's number", key, policies.PurposeFollowConfirm, "43" + confirm[2:]},
		{"no key", nil, policies.PurposeFollowConfirm, policies.FollowToken(nil, policies.PurposeFollowConfirm, 42)},
		{"empty", key, policies.PurposeFollowConfirm, ""},
		{"the list's token", key, policies.PurposeFollowConfirm, policies.ManageToken(key, "warga@contoh.id")},
	} {
		if _, err := policies.ParseFollowToken(tc.key, tc.purpose, tc.token); err == nil || !strings.Contains(err.Error(), "t") {
			t.Errorf("%s: %v, want refused on t", tc.name, err)
		}
	}
	addr, err := policies.ParseManageToken(key, policies.ManageToken(key, "Warga@Contoh.id"))
	if err != nil || addr != "warga@contoh.id" {
		t.Errorf("list token: %q %v", addr, err)
	}
	if _, err := policies.ParseManageToken(key, policies.FollowToken(key, policies.PurposeFollowUnsubscribe, 42)); err == nil {
		t.Error("an unsubscribe token opened the address's list")
	}
}

// A follow notice names its follow by its key, so its email's link ends
// that follow; other notices name none.
func TestFollowOfNotice(t *testing.T) {
	e := policies.PolicyEvent{Kind: policies.EventAnswersPublished, PolicyID: 3, RefID: 9}
	n := policies.Notification{DedupKey: policies.FollowNoticeKey(17, e), Kind: policies.NoticeFollowed}
	if id, ok := policies.FollowOfNotice(n); !ok || id != 17 {
		t.Errorf("FollowOfNotice = %d %v, want 17", id, ok)
	}
	n.Kind = policies.NoticeCommentAnswered
	if _, ok := policies.FollowOfNotice(n); ok {
		t.Error("a comment notice named a follow")
	}
	if got, want := policies.EventPath(e), "/policies/3/consultations/9/report"; got != want {
		t.Errorf("EventPath = %q, want %q", got, want)
	}
}

// An address is checked and kept in lower case; one target exactly.
func TestNewFollowValidate(t *testing.T) {
	for _, tc := range []struct {
		in    policies.NewFollow
		field string
	}{
		{policies.NewFollow{Email: "a@b.id"}, "target"},
		{policies.NewFollow{Email: "a@b.id", PolicyID: 1, RegionID: 1}, "target"},
		{policies.NewFollow{Email: "bukan email", PolicyID: 1}, "email"},
		{policies.NewFollow{Email: strings.Repeat("w", 250) + "@contoh.id", RegionID: 1}, "email"},
	} {
		err := tc.in.Validate()
		if e, ok := err.(*policies.Error); !ok || e.Field != tc.field {
			t.Errorf("%+v: %v, want refused on %s", tc.in, err, tc.field)
		}
	}
	in := policies.NewFollow{Email: " Warga@Contoh.ID ", RegionID: 1, Lang: "fr"}
	if err := in.Validate(); err != nil || in.Email != "warga@contoh.id" || in.Lang != "id" {
		t.Errorf("valid follow: %+v %v", in, err)
	}
}
