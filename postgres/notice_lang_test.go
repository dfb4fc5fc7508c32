package postgres_test

import (
	"strings"
	"testing"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// A password-reset email is written in the language its recipient chose:
// the store gives the wording the person's language, read in the
// transaction that writes the email.
func TestPasswordResetInTheRecipientsLanguage(t *testing.T) {
	f := seeded(t)
	ctx := t.Context()
	db := f.db
	kabid := f.users["kabid"]
	if err := db.SetUserLang(ctx, kabid, i18n.EN); err != nil {
		t.Fatal(err)
	}
	worded := func(p policies.LinkPurpose, lang string) policies.Notification {
		subject, body, _ := i18n.Notice(lang, policies.ResetMessage("Admin", "Sawahlunto"))
		return policies.Notification{Kind: policies.NoticePasswordReset, Link: "/reset/x", Subject: subject, Body: body}
	}
	if p, err := db.SendPasswordLink(ctx, f.users["admin"], f.regionID, kabid, hashOf("reset-en"), worded); err != nil || p != policies.LinkReset {
		t.Fatalf("reset: %v %v", p, err)
	}
	var row struct {
		Subject string `db:"subject"`
		Body    string `db:"body"`
	}
	if err := db.SQL().Get(&row, `SELECT subject, body FROM notifications WHERE user_id = $1 AND kind = $2 ORDER BY id DESC LIMIT 1`,
		kabid, policies.NoticePasswordReset); err != nil {
		t.Fatal(err)
	}
	if row.Subject != "Reset your Policyflow password" || !strings.Contains(row.Body, "sent you a link to reset your Policyflow Sawahlunto password") {
		t.Errorf("the English-choosing person's email: %q / %q", row.Subject, row.Body)
	}
	// Someone who kept Indonesian reads it in Indonesian.
	other := f.users["admin"]
	if p, err := db.SendPasswordLink(ctx, kabid, f.regionID, other, hashOf("reset-id"), worded); err != nil || p != policies.LinkReset {
		t.Fatalf("reset: %v %v", p, err)
	}
	if err := db.SQL().Get(&row, `SELECT subject, body FROM notifications WHERE user_id = $1 AND kind = $2 ORDER BY id DESC LIMIT 1`,
		other, policies.NoticePasswordReset); err != nil {
		t.Fatal(err)
	}
	if row.Subject != "Atur ulang kata sandi Policyflow" || !strings.Contains(row.Body, "mengirimkan tautan untuk mengatur ulang") {
		t.Errorf("the Indonesian-choosing person's email: %q / %q", row.Subject, row.Body)
	}
}
