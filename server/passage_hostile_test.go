package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// passageTextCases are the hostile-input cases of the passage fields
// (TestHostileInput): a quote that is not in its section is refused naming
// "quote"; a suggestion, a change summary of accepted suggestions and a
// reason for declining are kept verbatim. The suggestions to accept and
// decline are made beforehand, one per value, on the policy being implemented
// (of the drafter's region), resolved so that no new version gives them a state.
func (a *app) passageTextCases(w world, js func(t *testing.T, role, path string, body any, header map[string]string) (*http.Response, string)) map[string][]textCase {
	t := a.t
	db := a.st.DB.SQL()
	// sectionWords is the first level-2 section of a policy's current
	// text with words to quote (up to four) ("" the whole text when it has no
	// section), and those words.
	sectionWords := func(policy int64) (string, string) {
		var md string
		if err := db.Get(&md, `SELECT v.markdown FROM policies p JOIN policy_versions v ON v.id = p.current_version_id WHERE p.id = $1`, policy); err != nil {
			t.Fatal(err)
		}
		texts := policies.SectionTexts(md)
		for _, sec := range policies.Sections(md) {
			if words := strings.Fields(texts[sec.Anchor]); sec.Level == 2 && len(words) > 0 {
				return sec.Anchor, strings.Join(words[:min(4, len(words))], " ")
			}
		}
		// No section: four words of the whole text that its Markdown has
		// once, as they are (no markup between them).
		words := strings.Fields(texts[""])
		for i := len(words) - 4; i >= 0; i-- {
			q := strings.Join(words[i:i+4], " ")
			if _, err := policies.ApplyReplacements(md, []policies.Replacement{{Quote: q, With: q}}); err == nil {
				return "", q
			}
		}
		t.Fatalf("policy %d: no text to quote", policy)
		return "", ""
	}
	draftSection, draftQuote := sectionWords(w.draft)
	implSection, implQuote := sectionWords(w.implement)
	n := len(hostile) + 2
	toAccept, toDecline := make([]int64, n), make([]int64, n)
	for i := range n {
		for _, x := range []struct {
			dst  *int64
			sugg string
		}{{&toAccept[i], fmt.Sprintf("%s (usulan %d)", implQuote, i)}, {&toDecline[i], "usulan untuk ditolak"}} {
			if err := db.Get(x.dst, `INSERT INTO comments (policy_id, version_id, section_anchor, author_name, body, status, quote, suggestion)
				SELECT id, current_version_id, $4, 'Warga', 'Usulan uji', 'resolved', $2, $3 FROM policies WHERE id = $1 RETURNING id`,
				w.implement, implQuote, x.sugg, implSection); err != nil {
				t.Fatal(err)
			}
		}
	}
	comment := func(field string) func(t *testing.T, i int, s string) (*http.Response, string) {
		return func(t *testing.T, i int, s string) (*http.Response, string) {
			in := map[string]any{"section": draftSection, "body": "Komentar bagian.", "quote": draftQuote, "suggestion": "Teks pengganti."}
			in[field] = s
			return js(t, "unit_officer", fmt.Sprintf("/api/v1/policies/%d/comments", w.draft), in, nil)
		}
	}
	return map[string][]textCase{
		"CommentInput": {
			{name: "POST /policies/{id}/comments quote", field: "quote", status: 422, send: comment("quote")},
			{name: "POST /policies/{id}/comments suggestion", field: "suggestion", status: 201, send: comment("suggestion"),
				stored: func(t *testing.T, s, body string) {
					if got := a.text(t, `SELECT suggestion FROM comments ORDER BY id DESC LIMIT 1`); got != s {
						t.Errorf("suggestion %q kept as %q", s, got)
					}
					// Resolved, it gets no state on the draft's later versions
					// (other cases save some): their rows stay theirs.
					db.MustExec(`UPDATE comments SET status = 'resolved' WHERE id = (SELECT max(id) FROM comments)`)
				},
				changes: map[string]delta{"comments": {1, 0}}},
		},
		"AcceptInput": {
			{name: "POST /policies/{id}/suggestions/accept change_summary", field: "change_summary", status: 201,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					base := a.text(t, `SELECT max(number)::text FROM policy_versions WHERE policy_id = $1`, w.implement)
					return js(t, "drafter", fmt.Sprintf("/api/v1/policies/%d/suggestions/accept", w.implement),
						map[string]any{"comment_ids": []int64{toAccept[i]}, "base_version": atoi(base), "change_summary": s}, nil)
				},
				stored: func(t *testing.T, s, body string) {
					got := a.text(t, `SELECT change_summary FROM policy_versions WHERE policy_id = $1 ORDER BY number DESC LIMIT 1`, w.implement)
					if !strings.HasPrefix(got, s+". Usulan perubahan diterima: #") {
						t.Errorf("change summary %q kept as %q", s, got)
					}
				},
				changes: map[string]delta{"comments": {1, 1}, "policy_versions": {1, 0}, "policies": {1, 1}, "audit_log": {2, 0}}},
		},
		"DeclineInput": {
			{name: "POST /comments/{cid}/suggestion/decline reason", field: "reason", status: 200,
				send: func(t *testing.T, i int, s string) (*http.Response, string) {
					return js(t, "drafter", fmt.Sprintf("/api/v1/comments/%d/suggestion/decline", toDecline[i]), map[string]any{"reason": s}, nil)
				},
				stored:  a.storedAs("reason", `SELECT suggestion_reason FROM comments WHERE suggestion_state = 'declined' ORDER BY suggestion_at DESC, id DESC LIMIT 1`),
				changes: map[string]delta{"comments": {1, 1}, "audit_log": {1, 0}}},
		},
	}
}

func atoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}
