package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Un-assignment and re-assignment: a comment assigned to a colleague is
// un-assigned from the page (back to the filter it was sent from) and by
// the API, one comment or a whole group, each audited with whom it was
// assigned to, and it is then under "nobody yet"; un-assigning what nobody
// answers is a conflict; a re-assignment moves a comment from one drafter
// to another, audited before and after; only the region's drafters may.
func TestUnassignAndReassign(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	w := a.campaignWorldOf(t, a.policyID("sawahlunto-peningkatan-kompetensi-asn"))
	dc := a.people["drafter"]
	drafter := a.tokens["drafter"]
	b := w.base()
	api := "/api/v1" + b
	csrf := a.csrf(dc, "/login")
	var colleague int64
	if err := db.Get(&colleague, `INSERT INTO users (email, name, role, region_id, unit_id, title, password_hash)
		SELECT 'penyusun2.sawahlunto@policyflow.test', 'Rina Penyusun', 'drafter', region_id, unit_id, 'Analis Kebijakan', password_hash
		FROM users WHERE email = $1 RETURNING id`, roleEmails["drafter"]); err != nil {
		t.Fatal(err)
	}
	if res, out := a.api(http.DefaultClient, drafter, "POST", api+"/assign", map[string]any{"group": w.copies[0], "assignee_id": colleague}, ""); res.StatusCode != 200 {
		t.Fatalf("assigning the campaign group: %d %s", res.StatusCode, out)
	}
	assignee := func(id int64) string {
		var name string
		db.Get(&name, `SELECT u.name FROM comment_assignments a JOIN users u ON u.id = a.assignee_id WHERE a.comment_id = $1`, id)
		return name
	}

	// The page offers the un-assignment on assigned comments only.
	back := fmt.Sprintf("?assignee=%d", colleague)
	_, page := a.get(dc, b+"/answers"+back)
	if n := strings.Count(page, `class="inline unassign-form"`); n != 6 {
		t.Errorf("%d un-assign forms on the colleague's comments, want 6", n)
	}
	if !strings.Contains(page, "Batalkan penugasan") || !strings.Contains(page, "Tugaskan ulang") {
		t.Error("the page does not offer to un-assign and re-assign")
	}

	// One copy, by the page's form: back to the filter; nobody answers it now.
	res, _ := a.form(dc, b+"/unassign", url.Values{"csrf": {csrf}, "comment_id": {fmt.Sprint(w.copies[1])}, "back": {back}})
	if loc := res.Header.Get("Location"); res.StatusCode != 303 || !strings.HasSuffix(loc, fmt.Sprintf("%s&done=camp_done_unassigned#c-%d", back, w.copies[1])) {
		t.Fatalf("un-assign form: %d to %q", res.StatusCode, loc)
	}
	if got := assignee(w.copies[1]); got != "" {
		t.Errorf("the copy is still assigned to %q", got)
	}
	_, page = a.get(dc, res.Header.Get("Location"))
	if !strings.Contains(page, "Penugasan dibatalkan") || len(rowsShown(page)) != 5 {
		t.Errorf("after un-assigning: notice %v, %d of the colleague's rows, want 5", strings.Contains(page, "Penugasan dibatalkan"), len(rowsShown(page)))
	}
	_, page = a.get(dc, b+"/answers?assignee=none")
	if got := rowsShown(page); !strings.Contains(strings.Join(got, ","), fmt.Sprint(w.copies[1])) || len(got) != 16-5 {
		t.Errorf("nobody yet: %d comments, want 11 with the un-assigned copy", len(got))
	}
	if !strings.Contains(page, `<option value="none" selected>Belum ada (belum ditugaskan)</option>`) {
		t.Error(`the filter "who answers" does not offer "nobody yet"`)
	}
	var audited int
	db.Get(&audited, `SELECT count(*) FROM audit_log WHERE action = 'comment.unassigned' AND before->>'assignee' = 'Rina Penyusun' AND after IS NULL`)
	if audited != 1 {
		t.Errorf("%d audit rows of the un-assignment, want 1 naming Rina Penyusun", audited)
	}
	if _, hist := a.get(dc, fmt.Sprintf("/policies/%d/history?lang=id", w.policy)); !strings.Contains(hist, "Penugasan komentar dibatalkan") {
		t.Error("the policy's history does not show the un-assignment")
	}

	// Again: nobody answers it, a conflict, by the form and by the API.
	if res, _ := a.form(dc, b+"/unassign", url.Values{"csrf": {csrf}, "comment_id": {fmt.Sprint(w.copies[1])}}); res.StatusCode != 409 {
		t.Errorf("un-assigning an un-assigned comment by the form: %d, want 409", res.StatusCode)
	}
	if res, out := a.api(http.DefaultClient, drafter, "POST", api+"/unassign", map[string]any{"comment_id": w.copies[1]}, ""); res.StatusCode != 409 {
		t.Errorf("un-assigning an un-assigned comment: %d %s, want 409", res.StatusCode, out)
	}
	// Refusals name their field and change nothing.
	for _, c := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{}, "comment_id"},
		{map[string]any{"comment_id": w.copies[0], "group": w.copies[0]}, "comment_id"},
		{map[string]any{"comment_id": 999999}, "comment_id"},
		{map[string]any{"group": w.own[0]}, "group"},
	} {
		if res, out := a.api(http.DefaultClient, drafter, "POST", api+"/unassign", c.body, ""); res.StatusCode != 422 || decodeErr(t, out).Error.Field != c.field {
			t.Errorf("un-assign %v: %d %s, want 422 naming %s", c.body, res.StatusCode, out, c.field)
		}
	}
	// Not the stakeholder's nor the leader's to do.
	for _, role := range []string{"stakeholder", "leader"} {
		if res, _ := a.api(http.DefaultClient, a.tokens[role], "POST", api+"/unassign", map[string]any{"group": w.copies[0]}, ""); res.StatusCode != 403 {
			t.Errorf("un-assign as %s: %d, want 403", role, res.StatusCode)
		}
	}
	db.Get(&audited, `SELECT count(*) FROM comment_assignments`)
	if audited != 5 {
		t.Fatalf("%d assignments after the refusals, want 5", audited)
	}

	// Re-assigned: one copy from Rina to the drafter, audited before and after.
	me := a.user("drafter")
	res, _ = a.form(dc, b+"/assign", url.Values{"csrf": {csrf}, "comment_id": {fmt.Sprint(w.copies[2])}, "assignee_id": {fmt.Sprint(me.ID)}})
	if res.StatusCode != 303 || assignee(w.copies[2]) != me.Name {
		t.Fatalf("re-assigning: %d, assigned to %q", res.StatusCode, assignee(w.copies[2]))
	}
	db.Get(&audited, `SELECT count(*) FROM audit_log WHERE action = 'comment.assigned' AND before->>'assignee' = 'Rina Penyusun' AND after->>'assignee' = $1`, me.Name)
	if audited != 1 {
		var rows []string
		db.Select(&rows, `SELECT coalesce(before::text, '-') || ' → ' || coalesce(after::text, '-') FROM audit_log WHERE action = 'comment.assigned' ORDER BY id`)
		t.Errorf("%d audit rows of the re-assignment, want 1 (%s): %q", audited, me.Name, rows)
	}
	_, page = a.get(dc, b+"/answers?assignee=me")
	if got := rowsShown(page); len(got) != 1 || got[0] != fmt.Sprint(w.copies[2]) {
		t.Errorf("the drafter's own comments after the re-assignment: %v", got)
	}

	// The whole group by the API: the 4 still Rina's and the drafter's one; the un-assigned one was so already.
	res, out := a.api(http.DefaultClient, drafter, "POST", api+"/unassign", map[string]any{"group": w.copies[0]}, "")
	var got struct {
		Unassigned, Already []int64
	}
	json.Unmarshal([]byte(out), &got)
	if res.StatusCode != 200 || len(got.Unassigned) != 5 || len(got.Already) != 1 || got.Already[0] != w.copies[1] {
		t.Errorf("un-assigning the group: %d %s", res.StatusCode, out)
	}
	db.Get(&audited, `SELECT count(*) FROM comment_assignments`)
	if audited != 0 {
		t.Errorf("%d assignments left, want none", audited)
	}
	// The group's own form, on its page.
	if _, out := a.api(http.DefaultClient, drafter, "POST", api+"/assign", map[string]any{"group": w.copies[0], "assignee_id": colleague}, ""); !strings.Contains(out, "assigned") {
		t.Fatalf("assigning the group again: %s", out)
	}
	_, page = a.get(dc, fmt.Sprintf("%s/answers?group=%d", b, w.copies[0]))
	if !strings.Contains(page, `id="group-unassign-form"`) {
		t.Error("the group's page has no un-assign form")
	}
	res, _ = a.form(dc, b+"/unassign", url.Values{"csrf": {csrf}, "group": {fmt.Sprint(w.copies[0])}})
	if loc := res.Header.Get("Location"); res.StatusCode != 303 || !strings.Contains(loc, fmt.Sprintf("group=%d", w.copies[0])) {
		t.Errorf("the group's un-assign form: %d to %q", res.StatusCode, loc)
	}
	db.Get(&audited, `SELECT count(*) FROM audit_log WHERE action = 'comment.unassigned'`)
	if audited != 1+5+6 {
		t.Errorf("%d un-assignment audit rows, want 12", audited)
	}
}
