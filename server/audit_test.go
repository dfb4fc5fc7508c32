package server_test

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/i18n"
	"github.com/policyflow/policyflow/policies"
)

// auditCase is one action walked through the server, and what a reader of
// the history then sees: a row naming the action in words, who did it,
// and the change in words.
type auditCase struct {
	name   string
	do     func(t *testing.T)
	action string // the audit code, named on the page in words
	actor  string // the role who acted; "" for no one (the system)
	policy *int64 // whose history shows it; nil: the region's administrative audit
	words  string // the change in words the row shows too ("" for none)
}

var auditRowRe = regexp.MustCompile(`(?s)<tr><td><time.*?</tr>`)

// auditRows are the rows of body that name action (in the page's
// language, Indonesian) and actor's name.
func auditRows(body, action, actor string) []string {
	name := html.EscapeString(i18n.AuditActionNames[i18n.ID][action])
	var out []string
	for _, row := range auditRowRe.FindAllString(body, -1) {
		if strings.Contains(row, "<td>"+name+"</td>") && strings.Contains(row, "<td>"+actor+"</td>") {
			out = append(out, row)
		}
	}
	return out
}

// Every action a person or a workflow makes reaches the policy's history
// or the region's administrative audit, in words, with who did it and the
// change; and every action the record holds has a name in both languages.
func TestEveryActionReachesTheHistory(t *testing.T) {
	a := newApp(t)
	w := a.auditWorld(t)
	cases := append(a.commentAuditCases(t, w), a.programAuditCases(t, w)...)
	cases = append(cases, a.personAuditCases(t, w)...)
	for _, tc := range cases {
		tc.do(t)
		path, reader, system := "/admin", "admin", html.EscapeString(i18n.Pages[i18n.ID]["admin_system"])
		if tc.policy != nil {
			path, reader, system = fmt.Sprintf("/policies/%d/history", *tc.policy), "drafter", i18n.Pages[i18n.ID]["system"]
		}
		actor := system
		if tc.actor != "" {
			actor = html.EscapeString(a.user(tc.actor).Name)
		}
		res, page := a.get(a.people[reader], path+"?lang=id")
		if res.StatusCode != 200 {
			t.Fatalf("%s: %s: %d", tc.name, path, res.StatusCode)
		}
		rows := auditRows(page, tc.action, actor)
		if len(rows) == 0 {
			t.Errorf("%s: %s has no row %q by %q", tc.name, path, i18n.AuditActionNames[i18n.ID][tc.action], actor)
			continue
		}
		if !slices.ContainsFunc(rows, func(row string) bool { return strings.Contains(row, html.EscapeString(tc.words)) }) {
			t.Errorf("%s: the rows say %s, want the change %q", tc.name, rows, tc.words)
		}
		// The English page words it too.
		if res, page := a.get(a.people[reader], path+"?lang=en"); res.StatusCode != 200 ||
			!strings.Contains(page, html.EscapeString(i18n.AuditActionNames[i18n.EN][tc.action])) {
			t.Errorf("%s: the English %s does not name %q", tc.name, path, i18n.AuditActionNames[i18n.EN][tc.action])
		}
	}

	// The API answers say the same, as the OpenAPI document describes
	// them; a policy's change comes to the administrator without its
	// record (a participation is personal data), with its changed fields.
	res, out := a.api(http.DefaultClient, a.tokens["drafter"], "GET", fmt.Sprintf("/api/v1/policies/%d/audit", w.draft), nil, "")
	if res.StatusCode != 200 || !strings.Contains(out, `"action":"comment.resolved","detail":"","subject":"comment:`) ||
		!strings.Contains(out, `"changes":[{"field":"status","before":"open","after":"resolved"}]`) {
		t.Errorf("the policy's audit API: %d %.300s", res.StatusCode, out)
	}
	res, out = a.api(http.DefaultClient, a.tokens["admin"], "GET", "/api/v1/admin/audit?limit=200", nil, "")
	if res.StatusCode != 200 || !strings.Contains(out, `"action":"participant.updated"`) || strings.Contains(out, "198503122010011002") {
		t.Errorf("the admin audit API lists a participant's change with their NIP, or not at all: %d", res.StatusCode)
	}

	// A sign-in failure of an address no one has leaves no row: no reader
	// learns which addresses exist, and the address is not kept forever.
	cl := a.client()
	a.form(cl, "/login", urlValues("csrf", a.csrf(cl, "/login"), "email", "tidak.ada@policyflow.test", "password", "salah"))
	var n int
	a.st.DB.SQL().Get(&n, `SELECT count(*) FROM audit_log WHERE detail LIKE '%tidak.ada%' OR after::text LIKE '%tidak.ada%'`)
	if _, page := a.get(a.people["admin"], "/admin"); n != 0 || strings.Contains(page, "tidak.ada@policyflow.test") {
		t.Errorf("the audit keeps the address of no account")
	}
	// No row keeps a token, a webhook's secret or a password.
	a.st.DB.SQL().Get(&n, `SELECT count(*) FROM audit_log WHERE coalesce(after::text, '') ~ '(token_hash|secret|password|rahasia)'`)
	if n != 0 {
		t.Errorf("%d audit rows keep a secret", n)
	}
	// Every action the record now holds has its name in both languages.
	var actions []string
	if err := a.st.DB.SQL().Select(&actions, `SELECT DISTINCT action FROM audit_log ORDER BY action`); err != nil {
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

// auditWorld is what the walk acts on: a draft with a consultation, a
// policy in force implemented by the unit officer's unit (its first
// evaluation round open), and the API path of each.
type auditWorld struct {
	draft, implemented int64
	k, base            string // the draft's consultation, the implemented policy (API paths)
	program, evaluated int64  // planned by the walk: one cancelled, one evaluated
	unit               string // the unit officer's unit code
	reaction           string // the evaluated program's reaction form (its link)
}

func (a *app) auditWorld(t *testing.T) *auditWorld {
	w := &auditWorld{draft: a.policyID("sawahlunto-peningkatan-kompetensi-asn")}
	w.k = "/api/v1" + a.answersWorldOf(t, w.draft, false).base()
	w.implemented = a.approvedPolicy("uji-audit-program")
	w.base, _ = a.implementedForOfficer(w.implemented)
	waitFor(t, func() bool { rows, _ := a.st.DB.EvaluationRows(t.Context(), w.implemented); return len(rows) == 1 })
	_, w.unit, _ = a.officerUnits()
	return w
}

// post is a case's action: role POSTs body to path and gets want.
func (a *app) post(role, path string, body any, want int) func(t *testing.T) {
	return func(t *testing.T) {
		t.Helper()
		if res, out := a.api(http.DefaultClient, a.tokens[role], "POST", path, body, ""); res.StatusCode != want {
			t.Fatalf("POST %s as %s: %d %s", path, role, res.StatusCode, out)
		}
	}
}

// csv is a case's action: role POSTs a CSV file to path and gets 200.
func (a *app) csv(role, path, file string) func(t *testing.T) {
	return func(t *testing.T) {
		t.Helper()
		if res, out := a.csvPost(a.tokens[role], path, file); res.StatusCode != 200 {
			t.Fatalf("POST %s as %s: %d %s", path, role, res.StatusCode, out)
		}
	}
}

// comment adds a comment to the draft (through the record: adding is not
// what the walk audits); with a suggestion, on a passage.
func (a *app) comment(t *testing.T, draft int64, status, suggestion string) int64 {
	t.Helper()
	var id int64
	if err := a.st.DB.SQL().Get(&id, `INSERT INTO comments (policy_id, version_id, section_anchor, author_name, author_email, body, quote, suggestion, status)
		SELECT id, current_version_id, '', 'Warga Uji', '', 'Komentar uji', CASE WHEN $3 = '' THEN '' ELSE 'Pasal 1' END, $3, $2
		FROM policies WHERE id = $1 RETURNING id`, draft, status, suggestion); err != nil {
		t.Fatal(err)
	}
	return id
}

func (a *app) commentAuditCases(t *testing.T, w *auditWorld) []auditCase {
	cpath := func(id int64, what string) string { return fmt.Sprintf("/api/v1/comments/%d/%s", id, what) }
	resolved, pending, hidden := a.comment(t, w.draft, "open", ""), a.comment(t, w.draft, "pending_moderation", ""), a.comment(t, w.draft, "pending_moderation", "")
	suggestion := a.comment(t, w.draft, "open", "Pasal 1 yang baru")
	var comment int64
	a.st.DB.SQL().Get(&comment, `SELECT min(id) FROM comments WHERE policy_id = $1 AND author_name = 'Warga Uji' AND body = 'Komentar konsultasi uji'`, w.draft)
	d := &w.draft
	return []auditCase{
		{name: "comment resolved", action: "comment.resolved", actor: "drafter", policy: d, words: "Status: Terbuka → Selesai",
			do: a.post("drafter", cpath(resolved, "status"), map[string]string{"status": "resolved"}, 200)},
		{name: "comment reopened", action: "comment.reopened", actor: "drafter", policy: d, words: "Status: Selesai → Terbuka",
			do: a.post("drafter", cpath(resolved, "status"), map[string]string{"status": "open"}, 200)},
		{name: "comment approved", action: "comment.moderated_approve", actor: "drafter", policy: d, words: "Status: Menunggu moderasi → Terbuka",
			do: a.post("drafter", cpath(pending, "moderate"), map[string]string{"decision": "approve"}, 200)},
		{name: "comment hidden", action: "comment.moderated_hide", actor: "drafter", policy: d, words: "Status: Menunggu moderasi → Ditolak",
			do: a.post("drafter", cpath(hidden, "moderate"), map[string]string{"decision": "hide"}, 200)},
		{name: "suggestion declined", action: "suggestion.declined", actor: "drafter", policy: d, words: "Alasan: Di luar kewenangan daerah",
			do: a.post("drafter", cpath(suggestion, "suggestion/decline"), map[string]string{"reason": "Di luar kewenangan daerah"}, 200)},
		{name: "answer drafted", action: "answer.drafted", actor: "drafter", policy: d, words: "Tindak lanjut: Diterima",
			do: a.post("drafter", w.k+"/answers", map[string]any{"comment_id": comment, "disposition": "diterima", "reason": "Dimuat di Pasal 2"}, 200)},
		{name: "answer redrafted", action: "answer.drafted", actor: "drafter", policy: d, words: "Tindak lanjut: Diterima → Diterima sebagian",
			do: a.post("drafter", w.k+"/answers", map[string]any{"comment_id": comment, "disposition": "diterima_sebagian", "reason": "Sebagian di Pasal 2"}, 200)},
		{name: "answers published", action: "answers.published", actor: "drafter", policy: d, words: "Jumlah jawaban: 1",
			do: a.post("drafter", w.k+"/publish", nil, 200)},
		{name: "offline input", action: "offline_input.entered", actor: "drafter", policy: d, words: "Saluran: Surat",
			do: a.post("drafter", w.k+"/offline", map[string]any{"channel": "surat", "source_name": "Forum Guru",
				"received_on": time.Now().Format("2006-01-02"), "body": "Masukan tertulis"}, 201)},
		{name: "unanswered reason", action: "answers.unanswered_reason", actor: "drafter", policy: d, words: "Alasan: Masukan datang setelah rapat",
			do: a.post("drafter", w.k+"/unanswered-reason", map[string]string{"reason": "Masukan datang setelah rapat"}, 201)},
	}
}

func (a *app) programAuditCases(t *testing.T, w *auditWorld) []auditCase {
	start := time.Now().Add(10 * 24 * time.Hour).Truncate(24 * time.Hour)
	later := start.Add(7 * 24 * time.Hour)
	prog := func(what string) string { return fmt.Sprintf("%s/programs/%d/%s", w.base, w.program, what) }
	then := func(f func(string) func(*testing.T), what string) func(*testing.T) {
		return func(t *testing.T) { f(prog(what))(t) }
	}
	const nip = "198503122010011002"
	all := func(v int) [9][4]int {
		var r [9][4]int
		for i := range r {
			r[i][3] = v
		}
		return r
	}
	p := &w.implemented
	return []auditCase{
		{name: "program planned", action: "program.created", actor: "drafter", policy: p, words: "Judul: Pelatihan audit",
			do: func(t *testing.T) {
				w.program = a.planProgram("drafter", w.base, map[string]any{"unit_id": *a.user("unit_officer").UnitID, "kind": "pelatihan",
					"title": "Pelatihan audit", "starts_at": start, "ends_at": start.Add(48 * time.Hour), "jp": 16}, "audit-program")
			}},
		{name: "program edited", action: "program.edit_program", actor: "unit_officer", policy: p, words: "JP: 16 → 12",
			do: then(func(path string) func(*testing.T) {
				return a.post("unit_officer", path, map[string]any{"kind": "pelatihan", "title": "Pelatihan audit", "jp": 12}, 200)
			}, "edit")},
		{name: "program rescheduled", action: "program.reschedule_program", actor: "drafter", policy: p, words: "Alasan: Narasumber berhalangan",
			do: then(func(path string) func(*testing.T) {
				return a.post("drafter", path, map[string]any{"starts_at": later, "ends_at": later.Add(48 * time.Hour), "reason": "Narasumber berhalangan"}, 200)
			}, "reschedule")},
		{name: "session added", action: "session.added", actor: "unit_officer", policy: p,
			do: then(func(path string) func(*testing.T) {
				return a.post("unit_officer", path, map[string]any{"held_on": later.UTC(), "jp": 4}, 201)
			}, "sessions")},
		{name: "participants imported", action: "participant.added", actor: "unit_officer", policy: p,
			do: then(func(path string) func(*testing.T) {
				return a.csv("unit_officer", path, "nip,nama,unit,hadir,lulus\n"+nip+",Rina,"+w.unit+",ya,ya\n")
			}, "participants")},
		{name: "participant overwritten", action: "participant.updated", actor: "unit_officer", policy: p,
			do: then(func(path string) func(*testing.T) {
				return a.csv("unit_officer", path, "nip,nama,unit,hadir,lulus\n"+nip+",Rina Wati,"+w.unit+",ya,ya\n")
			}, "participants")},
		{name: "attendance", action: "participant.attendance", actor: "unit_officer", policy: p,
			do: then(func(path string) func(*testing.T) {
				return a.csv("unit_officer", path, "nip,sesi,hadir\n"+nip+",1,ya\n")
			}, "attendance")},
		{name: "program cancelled", action: "program.cancel_program", actor: "drafter", policy: p, words: "Status: Direncanakan → Dibatalkan",
			do: then(func(path string) func(*testing.T) {
				return a.post("drafter", path, map[string]string{"reason": "Anggaran dialihkan"}, 200)
			}, "cancel")},
		{name: "learning scores (Kirkpatrick level 2)", action: "participant.learning_score", actor: "unit_officer", policy: p,
			do: func(t *testing.T) {
				w.evaluated = a.planProgram("unit_officer", w.base, map[string]any{"unit_id": *a.user("unit_officer").UnitID, "kind": "pelatihan",
					"title": "Pelatihan dievaluasi", "starts_at": start, "ends_at": start.Add(48 * time.Hour), "jp": 12}, "audit-evaluated")
				path := fmt.Sprintf("%s/programs/%d/", w.base, w.evaluated)
				a.csv("unit_officer", path+"participants", "nip,nama,unit,hadir,lulus\n"+nip+",Rina,"+w.unit+",ya,ya\n")(t)
				a.csv("unit_officer", path+"kirkpatrick/learning", "nip,pra,pasca\n"+nip+",40,85\n")(t)
			}},
		{name: "reaction links (Kirkpatrick level 1)", action: "kirkpatrick.reaction_links", actor: "unit_officer", policy: p,
			do: func(t *testing.T) {
				a.st.DB.SQL().MustExec(`UPDATE programs SET status = 'done' WHERE id = $1`, w.evaluated) // its end came (the workflow's timer)
				off, page := a.people["unit_officer"], fmt.Sprintf("/policies/%d/programs/%d/kirkpatrick", w.implemented, w.evaluated)
				res, out := a.form(off, page+"/reaction-links", urlValues("csrf", a.csrf(off, page)))
				if w.reaction = reactionLinkRe.FindString(out); res.StatusCode != 200 || w.reaction == "" {
					t.Fatalf("reaction links: %d", res.StatusCode)
				}
			}},
		{name: "reaction form answered", action: "kirkpatrick.reaction_answered", policy: p,
			do: func(t *testing.T) {
				anon := a.client()
				answer := urlValues("csrf", a.csrf(anon, w.reaction))
				for _, item := range policies.ReactionItems {
					answer.Set(item, "5")
				}
				if res, _ := a.form(anon, w.reaction, answer); res.StatusCode != 200 {
					t.Fatalf("reaction answer: %d", res.StatusCode)
				}
			}},
		{name: "evaluation round opened", action: "evaluation.rounds_opened", policy: p, words: "Putaran: 1; Jumlah unit: 1",
			do: func(*testing.T) {}}, // by the workflow, when implementation started (auditWorld)
		{name: "SKM result", action: "evaluation.result_recorded", actor: "unit_officer", policy: p, words: "Instrumen: SKM",
			do: a.post("unit_officer", w.base+"/evaluations/1/skm", map[string]any{"responses": all(60)}, 200)},
	}
}

func (a *app) personAuditCases(t *testing.T, w *auditWorld) []auditCase {
	approved, consulted := a.policyID("sawahlunto-peningkatan-kapasitas-asn"), a.policyID("sawahlunto-pengelolaan-kompetensi-asn")
	open := fmt.Sprintf("/api/v1/policies/%d/actions/", consulted)
	closes := time.Now().Add(48 * time.Hour)
	var leader int64
	a.st.DB.SQL().Get(&leader, `SELECT max(id) FROM api_tokens WHERE user_id = $1`, a.user("leader").ID)
	file := "NIP;Nama;Unit\n198803032020011001;Eko;" + w.unit + "\n"
	return []auditCase{
		{name: "approval decision", action: "decision.approve", actor: "leader", policy: &approved,
			do: func(t *testing.T) { a.approve(t, approved) }},
		{name: "consultation extended", action: "extend_consultation", actor: "drafter", policy: &consulted, words: "Batas waktu: ",
			do: func(t *testing.T) {
				a.post("drafter", open+"open_consultation", map[string]any{"closes_at": closes}, 200)(t)
				a.post("drafter", open+"extend_consultation", map[string]any{"closes_at": closes.Add(24 * time.Hour)}, 200)(t)
			}},
		{name: "roster imported", action: "roster.imported", actor: "drafter",
			do: func(t *testing.T) {
				res, out := a.csvPost(a.tokens["drafter"], "/api/v1/roster/import", file)
				var preview struct{ Token string }
				json.Unmarshal([]byte(out), &preview)
				if res.StatusCode != 200 || preview.Token == "" {
					t.Fatalf("roster preview: %d %s", res.StatusCode, out)
				}
				a.csv("drafter", "/api/v1/roster/import?token="+preview.Token, file)(t)
			}},
		{name: "token created", action: "token.created", actor: "leader",
			do: func(t *testing.T) { a.token(roleEmails["leader"]) }},
		{name: "token revoked", action: "token.revoked", actor: "leader",
			do: func(t *testing.T) { a.post("leader", fmt.Sprintf("/api/v1/tokens/%d/revoke", leader), nil, 200)(t) }},
		{name: "webhook set", action: "unit.webhook_set", actor: "unit_officer", words: "Webhook: https://93.184.215.14",
			do: a.post("unit_officer", "/api/v1/unit/webhook", map[string]string{"url": "https://93.184.215.14/policyflow?key=rahasia"}, 200)},
		{name: "webhook removed", action: "unit.webhook_removed", actor: "unit_officer", words: "Webhook: https://93.184.215.14 → –",
			do: a.post("unit_officer", "/api/v1/unit/webhook", map[string]string{"url": ""}, 200)},
		{name: "notification mode", action: "user.notify_mode", actor: "leader", words: "Pemberitahuan email: Setiap pemberitahuan → Ringkasan harian",
			do: func(t *testing.T) {
				cl := a.people["leader"]
				if res, out := a.form(cl, "/settings", urlValues("csrf", a.csrf(cl, "/settings"), "notify_mode", "digest")); res.StatusCode != http.StatusSeeOther {
					t.Fatalf("settings: %d %s", res.StatusCode, out)
				}
			}},
		{name: "password reset", action: "user.password_reset_requested", actor: "admin",
			do: a.post("admin", fmt.Sprintf("/api/v1/admin/people/%d/reset", a.user("stakeholder").ID), nil, 202)},
		{name: "signed in", action: "user.signed_in", actor: "legal",
			do: func(t *testing.T) { a.login(roleEmails["legal"]) }},
		{name: "signed out", action: "user.signed_out", actor: "unit_officer",
			do: func(t *testing.T) {
				cl := a.login(roleEmails["unit_officer"])
				if res, out := a.form(cl, "/logout", urlValues("csrf", a.csrf(cl, "/settings"))); res.StatusCode != http.StatusSeeOther {
					t.Fatalf("logout: %d %s", res.StatusCode, out)
				}
			}},
		{name: "sign-in failed", action: "user.sign_in_failed",
			do: func(t *testing.T) {
				cl := a.client()
				res, _ := a.form(cl, "/login", urlValues("csrf", a.csrf(cl, "/login"), "email", roleEmails["leader"], "password", "salah-sekali"))
				if res.StatusCode < 400 || res.StatusCode >= 500 {
					t.Fatalf("wrong password: %d", res.StatusCode)
				}
			}},
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
