package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// A password-reset email to someone who chose English is in English,
// through the administrator's route and the real store; one to someone
// who kept Indonesian stays Indonesian.
func TestPasswordResetInTheRecipientsLanguage(t *testing.T) {
	a := newApp(t)
	admin := a.tokens["admin"]
	db := a.st.DB.SQL()
	for _, c := range []struct {
		role, lang, subject, says string
	}{
		{"drafter", "en", "Reset your Policyflow password", "sent you a link to reset your Policyflow"},
		{"stakeholder", "id", "Atur ulang kata sandi Policyflow", "mengirimkan tautan untuk mengatur ulang kata sandi Policyflow"},
	} {
		u := a.user(c.role)
		db.MustExec(`UPDATE users SET lang = $2 WHERE id = $1`, u.ID, c.lang)
		person := fmt.Sprintf("/api/v1/admin/people/%d", u.ID)
		if res, body := a.api(http.DefaultClient, admin, "POST", person+"/reset", nil, ""); res.StatusCode != 202 {
			t.Fatalf("reset for the %s: %d %s", c.role, res.StatusCode, body)
		}
		var row struct {
			Subject string `db:"subject"`
			Body    string `db:"body"`
		}
		if err := db.Get(&row, `SELECT subject, body FROM notifications WHERE user_id = $1 AND kind = 'password_reset'
			ORDER BY id DESC LIMIT 1`, u.ID); err != nil {
			t.Fatal(err)
		}
		if row.Subject != c.subject || !strings.Contains(row.Body, c.says) || strings.Contains(row.Body, "%!") {
			t.Errorf("the %s's (%s) reset email: %q / %q, want %q and %q", c.role, c.lang, row.Subject, row.Body, c.subject, c.says)
		}
	}
}
