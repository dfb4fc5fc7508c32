package server_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies/samples"
)

// auditCase is one action walked through the server, and what a reader of
// the history then sees: a row naming the action in words, who did it,
// and the change in words.
type auditCase struct {
	name   string
	do     func(t *testing.T)
	action string // the audit code, named on the page in words
	actor  string // the role who acted; "" for no one (the system)
	page   string // where it shows: "history" (the policy's) or "admin" (the region's audit)
	words  string // the change in words the row shows too ("" for none)
}

var auditRowRe = regexp.MustCompile(`(?s)<tr><td><time.*?</tr>`)

// auditRow is the row of body that names action (in the page's language,
// Indonesian) and actor's name, "" when none does.
func auditRow(body, action, actor string) string {
	name := html.EscapeString(i18n.AuditActionNames[i18n.ID][action])
	for _, row := range auditRowRe.FindAllString(body, -1) {
		if strings.Contains(row, "<td>"+name+"</td>") && strings.Contains(row, actor) {
			return row
		}
	}
	return ""
}

// Every action a person or a workflow makes reaches the policy's history
// or the region's administrative audit, in words, with who did it and the
// change; and every action the record holds has a name in both languages.
func TestEveryActionReachesTheHistory(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	c := http.DefaultClient
	draft := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	comment := func(suggestion string) int64 {
		t.Helper()
		var id int64
		if err := db.Get(&id, `INSERT INTO comments (policy_id, version_id, section_anchor, author_name, author_email, body, quote, suggestion)
			SELECT id, current_version_id, '', 'Warga Uji', '', 'Komentar uji', $2, $3 FROM policies WHERE id = $1 RETURNING id`,
			draft, map[bool]string{true: "Pasal 1", false: ""}[suggestion != ""], suggestion); err != nil {
			t.Fatal(err)
		}
		return id
	}
	post := func(role, path string, body any, want int) func(t *testing.T) {
		return func(t *testing.T) {
			t.Helper()
			if res, out := a.api(c, a.tokens[role], "POST", path, body, ""); res.StatusCode != want {
				t.Fatalf("POST %s as %s: %d %s", path, role, res.StatusCode, out)
			}
		}
	}
	resolved, pending, suggestion := comment(""), comment(""), comment("Pasal 1 yang baru")
	db.MustExec(`UPDATE comments SET status = 'pending_moderation' WHERE id = $1`, pending)
	w := a.answersWorldOf(t, draft, false)
	k := "/api/v1" + w.base()
	tokenID := func() int64 {
		var id int64
		db.Get(&id, `SELECT max(id) FROM api_tokens WHERE user_id = $1`, a.user("leader").ID)
		return id
	}

	implemented := a.approvedPolicy("uji-audit-program")
	base, officer := a.implementedForOfficer(implemented)
	start := time.Now().Add(10 * 24 * time.Hour)
	var program int64
	programPath := func() string { return fmt.Sprintf("%s/programs/%d", base, program) }

	cases := []auditCase{
		{name: "comment resolved", action: "comment.resolved", actor: "drafter", page: "history", words: "Status: Terbuka → Selesai",
			do: post("drafter", fmt.Sprintf("/api/v1/comments/%d/status", resolved), map[string]string{"status": "resolved"}, 200)},
		{name: "comment reopened", action: "comment.reopened", actor: "drafter", page: "history", words: "Status: Selesai → Terbuka",
			do: post("drafter", fmt.Sprintf("/api/v1/comments/%d/status", resolved), map[string]string{"status": "open"}, 200)},
		{name: "comment moderated", action: "comment.moderated_approve", actor: "drafter", page: "history", words: "Status: Menunggu moderasi → Terbuka",
			do: post("drafter", fmt.Sprintf("/api/v1/comments/%d/moderate", pending), map[string]string{"decision": "approve"}, 200)},
		{name: "suggestion declined", action: "suggestion.declined", actor: "drafter", page: "history", words: "Alasan: Di luar kewenangan daerah",
			do: post("drafter", fmt.Sprintf("/api/v1/comments/%d/suggestion/decline", suggestion), map[string]string{"reason": "Di luar kewenangan daerah"}, 200)},
		{name: "answer drafted", action: "answer.drafted", actor: "drafter", page: "history", words: "Tindak lanjut: Diterima",
			do: post("drafter", k+"/answers", map[string]any{"comment_id": w.comment, "disposition": "diterima", "reason": "Dimuat di Pasal 2"}, 200)},
		{name: "answers published", action: "answers.published", actor: "drafter", page: "history", words: "Jumlah jawaban: 1",
			do: post("drafter", k+"/publish", nil, 200)},
		{name: "offline input", action: "offline_input.entered", actor: "drafter", page: "history", words: "Saluran: Surat",
			do: post("drafter", k+"/offline", map[string]any{"channel": "surat", "source_name": "Forum Guru", "received_on": time.Now().Format("2006-01-02"),
				"body": "Masukan tertulis"}, 201)},
		{name: "unanswered reason", action: "answers.unanswered_reason", actor: "drafter", page: "history", words: "Alasan: Masukan datang setelah rapat",
			do: post("drafter", k+"/unanswered-reason", map[string]string{"reason": "Masukan datang setelah rapat"}, 201)},
		{name: "program planned", action: "program.created", actor: "drafter", page: "history", words: "Judul: Pelatihan audit",
			do: func(t *testing.T) {
				program = a.planProgram("drafter", base, map[string]any{"unit_id": *officer.UnitID, "kind": "pelatihan", "title": "Pelatihan audit",
					"starts_at": start, "ends_at": start.Add(48 * time.Hour), "jp": 16}, "audit-program")
			}},
		{name: "program edited", action: "program.edit_program", actor: "unit_officer", page: "history", words: "JP: 16 → 12",
			do: func(t *testing.T) {
				post("unit_officer", programPath()+"/edit", map[string]any{"kind": "pelatihan", "title": "Pelatihan audit", "jp": 12}, 200)(t)
			}},
		{name: "program cancelled", action: "program.cancel_program", actor: "drafter", page: "history", words: "Status: Direncanakan → Dibatalkan",
			do: func(t *testing.T) {
				post("drafter", programPath()+"/cancel", map[string]string{"reason": "Anggaran dialihkan"}, 200)(t)
			}},
		{name: "token created", action: "token.created", actor: "leader", page: "admin",
			do: func(t *testing.T) {
				post("", "/api/v1/tokens", map[string]string{"email": roleEmails["leader"], "password": samples.DevPassword}, 201)(t)
			}},
		{name: "token revoked", action: "token.revoked", actor: "leader", page: "admin",
			do: func(t *testing.T) { post("leader", fmt.Sprintf("/api/v1/tokens/%d/revoke", tokenID()), nil, 200)(t) }},
		{name: "webhook set", action: "unit.webhook_set", actor: "unit_officer", page: "admin", words: "Webhook: https://93.184.215.14",
			do: post("unit_officer", "/api/v1/unit/webhook", map[string]string{"url": "https://93.184.215.14/policyflow?key=rahasia"}, 200)},
		{name: "webhook removed", action: "unit.webhook_removed", actor: "unit_officer", page: "admin", words: "Webhook: https://93.184.215.14 → –",
			do: post("unit_officer", "/api/v1/unit/webhook", map[string]string{"url": ""}, 200)},
		{name: "signed in", action: "user.signed_in", actor: "legal", page: "admin",
			do: func(t *testing.T) { a.login(roleEmails["legal"]) }},
		{name: "signed out", action: "user.signed_out", actor: "legal", page: "admin",
			do: func(t *testing.T) {
				cl := a.login(roleEmails["legal"])
				if res, out := a.form(cl, "/logout", urlValues("csrf", a.csrf(cl, "/settings"))); res.StatusCode != http.StatusSeeOther {
					t.Fatalf("logout: %d %s", res.StatusCode, out)
				}
			}},
		{name: "sign-in failed", action: "user.sign_in_failed", actor: "", page: "admin", words: "",
			do: func(t *testing.T) {
				cl := a.client()
				res, _ := a.form(cl, "/login", urlValues("csrf", a.csrf(cl, "/login"), "email", roleEmails["leader"], "password", "salah-sekali"))
				if res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest {
					t.Fatalf("wrong password: %d", res.StatusCode)
				}
			}},
	}
	for _, tc := range cases {
		tc.do(t)
		var page string
		switch tc.page {
		case "history":
			id := draft
			if strings.HasPrefix(tc.action, "program.") {
				id = implemented
			}
			_, page = a.get(a.people["drafter"], fmt.Sprintf("/policies/%d/history", id))
		case "admin":
			_, page = a.get(a.people["admin"], "/admin")
		}
		actor := html.EscapeString(i18n.Pages[i18n.ID]["admin_system"])
		if tc.page == "history" {
			actor = i18n.Pages[i18n.ID]["system"]
		}
		if tc.actor != "" {
			actor = html.EscapeString(a.user(tc.actor).Name)
		}
		row := auditRow(page, tc.action, actor)
		if row == "" {
			t.Errorf("%s: the %s page has no row %q by %q", tc.name, tc.page, i18n.AuditActionNames[i18n.ID][tc.action], actor)
			continue
		}
		if !strings.Contains(row, html.EscapeString(tc.words)) {
			t.Errorf("%s: the row says %s, want the change %q", tc.name, row, tc.words)
		}
	}

	// Whatever a page shows, a sign-in failure of an address no one has
	// leaves no row: no reader learns which addresses exist.
	cl := a.client()
	a.form(cl, "/login", urlValues("csrf", a.csrf(cl, "/login"), "email", "tidak.ada@policyflow.test", "password", "salah"))
	if _, page := a.get(a.people["admin"], "/admin"); strings.Contains(page, "tidak.ada@policyflow.test") {
		t.Errorf("the admin audit shows the address of no account")
	}
	// Every action the record now holds has its name in both languages.
	var actions []string
	if err := db.Select(&actions, `SELECT DISTINCT action FROM audit_log ORDER BY action`); err != nil {
		t.Fatal(err)
	}
	for _, act := range actions {
		for _, l := range []string{i18n.ID, i18n.EN} {
			if i18n.AuditActionNames[l][act] == "" {
				t.Errorf("audit action %q has no %s name", act, l)
			}
		}
	}
}

// urlValues is a form of name, value pairs.
func urlValues(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}
