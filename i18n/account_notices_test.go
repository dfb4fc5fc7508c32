package i18n

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// The notices a person's request causes (a comment assignment, a password
// reset, their second factor) are worded in the recipient's language,
// Indonesian by default.
func TestAccountNoticesInTheRecipientsLanguage(t *testing.T) {
	for _, c := range []struct {
		name       string
		m          policies.Message
		lang       string
		subject    string
		bodyHas    []string
		bodyHasNot []string
	}{
		{"assigned id", policies.AssignmentMessage("Rina", "Perwali Kompetensi ASN", 3), ID, "Komentar konsultasi ditugaskan kepada Anda",
			[]string{`Rina menugaskan 3 komentar konsultasi publik "Perwali Kompetensi ASN" kepada Anda untuk dijawab.`}, nil},
		{"assigned en", policies.AssignmentMessage("Rina", "Perwali Kompetensi ASN", 3), EN, "Consultation comments assigned to you",
			[]string{`Rina assigned you 3 comments of the public consultation "Perwali Kompetensi ASN" to answer.`}, []string{"menugaskan"}},
		{"reset id", policies.ResetMessage("Admin Kota", "Sawahlunto"), ID, "Atur ulang kata sandi Policyflow",
			[]string{"Admin Kota mengirimkan tautan untuk mengatur ulang kata sandi Policyflow Sawahlunto Anda.", "kedaluwarsa dalam 2 jam"}, nil},
		{"reset en", policies.ResetMessage("Admin Kota", "Sawahlunto"), EN, "Reset your Policyflow password",
			[]string{"Admin Kota sent you a link to reset your Policyflow Sawahlunto password.", "expires in 2 hours"}, []string{"kata sandi"}},
		{"factor reset id", policies.SecondFactorResetMessage("Admin Kota"), ID, "Verifikasi dua langkah Anda diatur ulang",
			[]string{"Admin Kota, administrator wilayah, mengatur ulang verifikasi dua langkah"}, nil},
		{"factor reset en", policies.SecondFactorResetMessage("Admin Kota"), EN, "Your two-step verification was reset",
			[]string{"Admin Kota, the region's administrator, reset the two-step verification"}, []string{"verifikasi"}},
		{"enrolled id", policies.SecondFactorEnrolledMessage(), ID, "Verifikasi dua langkah diaktifkan",
			[]string{"baru saja diaktifkan"}, nil},
		{"enrolled en", policies.SecondFactorEnrolledMessage(), EN, "Two-step verification turned on",
			[]string{"was just turned on"}, []string{"diaktifkan"}},
		{"recovery id", policies.RecoveryCodeUsedMessage(7), ID, "Kode pemulihan dipakai untuk masuk",
			[]string{"dipakai untuk masuk; tersisa 7."}, nil},
		{"recovery en", policies.RecoveryCodeUsedMessage(7), EN, "A recovery code was used to sign in",
			[]string{"used to sign in; 7 are left."}, []string{"tersisa"}},
	} {
		subject, body, ok := Notice(c.lang, c.m)
		if !ok || subject != c.subject {
			t.Errorf("%s: subject %q (%v), want %q", c.name, subject, ok, c.subject)
		}
		for _, w := range c.bodyHas {
			if !strings.Contains(body, w) {
				t.Errorf("%s: body %q does not say %q", c.name, body, w)
			}
		}
		for _, w := range c.bodyHasNot {
			if strings.Contains(body, w) {
				t.Errorf("%s: body %q says %q", c.name, body, w)
			}
		}
		if strings.Contains(subject+body, "%!") {
			t.Errorf("%s: a missing argument in %q / %q", c.name, subject, body)
		}
	}
}

// A results notice says its decimals in the recipient's marks, and a
// schedule's refusal names the policy's status in the recipient's words;
// both travel through a workflow's history (JSON) unchanged.
func TestNoticeDecimalsAndStatusInTheRecipientsLanguage(t *testing.T) {
	roundTrip := func(m policies.Message) policies.Message {
		raw, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var back policies.Message
		if err := json.Unmarshal(raw, &back); err != nil {
			t.Fatal(err)
		}
		return back
	}
	results := roundTrip(policies.Msg("nm_results_due", policies.MsgText("Diklat PBJ"), policies.MsgText("Nilai audit"),
		policies.MsgText("skor"), policies.MsgDecimal(1.5), policies.MsgDecimal(1250.25)))
	for _, c := range []struct{ lang, want, not string }{
		{ID, "(skor; nilai awal 1,50, target 1.250,25)", "1.50"},
		{EN, "(skor; baseline 1.50, target 1,250.25)", "1,50"},
	} {
		_, body, ok := Notice(c.lang, results)
		if !ok || !strings.Contains(body, c.want) || strings.Contains(body, c.not) {
			t.Errorf("results in %s: %q (%v), want %q and not %q", c.lang, body, ok, c.want, c.not)
		}
	}
	why := policies.MsgParts(policies.MsgWord("nm_w_status_already"), policies.MsgText(` "`),
		policies.MsgStatus(policies.StatusDraft), policies.MsgText(`"`))
	failed := roundTrip(policies.Msg("nm_schedule_failed", policies.MsgText("Perwali X"), policies.MsgText("9 Maret 2026"), why))
	for _, c := range []struct{ lang, want string }{
		{ID, `tidak dapat dibuka: kebijakan sudah berstatus "Draf".`},
		{EN, `could not open: the policy's status is already "Draft".`},
	} {
		_, body, ok := Notice(c.lang, failed)
		if !ok || !strings.Contains(body, c.want) {
			t.Errorf("schedule failed in %s: %q (%v), want %q", c.lang, body, ok, c.want)
		}
	}
}
