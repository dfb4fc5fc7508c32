package i18n

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// A notice is worded in its recipient's language, its moment in that
// language's words, and travels through a workflow's history (JSON)
// unchanged.
func TestNoticeInTheRecipientsLanguage(t *testing.T) {
	due := time.Date(2026, 3, 9, 1, 0, 0, 0, time.UTC)
	m := policies.Msg("nm_approval_request", policies.MsgText("Perwali Kompetensi ASN"), policies.MsgNumber(2),
		policies.MsgText("Kepala Bagian Hukum"), policies.MsgMoment(due, policies.ZoneWIT))
	raw, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back policies.Message
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lang, subject, body string
	}{
		{EN, "Awaiting your approval: Perwali Kompetensi ASN", "Version 2 awaits the decision of stage Kepala Bagian Hukum before 9 March 2026 10:00 WIT."},
		{ID, "Menunggu persetujuan Anda: Perwali Kompetensi ASN", "Versi 2 menunggu keputusan tahap Kepala Bagian Hukum sebelum 9 Maret 2026 10.00 WIT."},
		{"", "Menunggu persetujuan Anda: Perwali Kompetensi ASN", "Versi 2 menunggu keputusan tahap Kepala Bagian Hukum sebelum 9 Maret 2026 10.00 WIT."},
	} {
		subject, body, ok := Notice(c.lang, back)
		if !ok || subject != c.subject || body != c.body {
			t.Errorf("%q: got %q / %q (%v), want %q / %q", c.lang, subject, body, ok, c.subject, c.body)
		}
	}
	// A moment with no zone is said in its offset's, as the workflows did.
	wita := time.Date(2026, 3, 9, 10, 0, 0, 0, time.FixedZone("", 8*3600))
	if _, body, _ := Notice(EN, policies.Msg("nm_consultation_reminder", policies.MsgText("X"), policies.MsgMoment(wita, ""))); !strings.Contains(body, "9 March 2026 10:00 WITA") {
		t.Errorf("reminder without a zone: %q, want 9 March 2026 10:00 WITA", body)
	}
	// Words and parts: a summary's lines.
	sum := policies.Msg("nm_consultation_summary", policies.MsgText("X"), policies.MsgWord("nm_w_close_early"), policies.MsgNumber(3),
		policies.MsgParts(policies.MsgText("\n- "), policies.MsgWord("nm_w_general_section"), policies.MsgText(": 3")))
	if _, body, _ := Notice(EN, sum); body != "Consultation closed (closed early) with 3 comments.\n- (general): 3" {
		t.Errorf("summary: %q", body)
	}
	if _, _, ok := Notice(EN, policies.Message{}); ok {
		t.Error("a message with no key was worded; want false (the notice keeps its own words)")
	}
	if _, _, ok := Notice(EN, policies.Msg("nm_unknown")); ok {
		t.Error("an unknown key was worded; want false")
	}
}

// Every notice of the catalogue has a subject and a body in both
// languages, each language using the same arguments, and words with as
// many arguments as it names come out whole (no fmt error marks).
func TestEveryNoticeInBothLanguages(t *testing.T) {
	verbs := regexp.MustCompile(`%\[(\d)\]s`)
	keys := 0
	for k, v := range catalogueNotices {
		key, ok := strings.CutSuffix(k, "_subject")
		if !ok {
			continue
		}
		keys++
		body, ok := catalogueNotices[key+"_body"]
		if !ok {
			t.Errorf("%s has a subject and no body", key)
			continue
		}
		max := 0
		for i := range 2 {
			got := map[string]bool{}
			for _, s := range []string{v[i], body[i]} {
				for _, m := range verbs.FindAllStringSubmatch(s, -1) {
					got[m[1]] = true
					if n := int(m[1][0] - '0'); n > max {
						max = n
					}
				}
				if strings.Count(s, "%") != len(verbs.FindAllString(s, -1)) {
					t.Errorf("%s: %q has a verb other than %%[n]s", key, s)
				}
			}
			if i == 0 && len(got) == 0 {
				t.Errorf("%s names no argument", key)
			}
		}
		ids := verbs.FindAllString(v[0]+body[0], -1)
		ens := verbs.FindAllString(v[1]+body[1], -1)
		if !sameSet(ids, ens) {
			t.Errorf("%s: Indonesian uses %v, English %v", key, ids, ens)
		}
		args := make([]policies.MessageArg, max)
		for i := range args {
			args[i] = policies.MsgText("a")
		}
		for _, l := range []string{ID, EN} {
			s, b, ok := Notice(l, policies.Msg(key, args...))
			if !ok || strings.Contains(s+b, "%!") {
				t.Errorf("%s in %s: %q / %q (%v)", key, l, s, b, ok)
			}
		}
	}
	if keys < 14 {
		t.Errorf("only %d notices in the catalogue", keys)
	}
}

func sameSet(a, b []string) bool {
	set := func(xs []string) map[string]bool {
		m := map[string]bool{}
		for _, x := range xs {
			m[x] = true
		}
		return m
	}
	sa, sb := set(a), set(b)
	if len(sa) != len(sb) {
		return false
	}
	for x := range sa {
		if !sb[x] {
			return false
		}
	}
	return true
}
