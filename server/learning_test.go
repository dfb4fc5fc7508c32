package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// Non-classical learning counts as JP by the region's table: the
// administrator sets coaching at 2 JP an activity capped at 3 a year and
// self-study at 1 JP per 60 minutes (a bad rule refused naming its field);
// BKPSDM records Rina's two coachings and 150 minutes of self-study with
// proof (a person off the roster or an activity without proof refused
// naming the field, nothing saved); the ledger shows 3 + 2 JP; removing a
// coaching with a reason leaves 2 + 2; every write is audited; the page
// names the kinds in words.
func TestLearningCountsAsJP(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	officer, mine, _ := a.officerUnits()
	const rina = "199001012015032001"
	db.MustExec(`INSERT INTO asn_roster (region_id, nip, name, kind, unit_id) SELECT region_id, $1, 'Rina Belajar', 'PNS', id FROM units WHERE id = $2`, rina, *officer.UnitID)
	c, drafter, admin := http.DefaultClient, a.tokens["drafter"], a.tokens["admin"]

	rule := func(kind, basis string, per, jp, maxJP int) map[string]any {
		return map[string]any{"kind": kind, "basis": basis, "per_minutes": per, "jp": jp, "max_jp": maxJP}
	}
	if res, out := a.api(c, admin, "POST", "/api/v1/admin/learning-rules", map[string]any{"rules": []any{rule("coaching", "per_jam", 45, 2, 3)}}, ""); res.StatusCode != 422 || !strings.Contains(out, `"field":"rules.coaching.basis"`) {
		t.Fatalf("a bad basis: %d %s", res.StatusCode, out)
	}
	res, out := a.api(c, admin, "POST", "/api/v1/admin/learning-rules", map[string]any{"rules": []any{rule("coaching", "activity", 45, 2, 3), rule("self_study", "minutes", 60, 1, 0)}}, "")
	if res.StatusCode != 200 || !strings.Contains(out, `"kind":"mentoring","basis":"minutes","per_minutes":45,"jp":1`) {
		t.Fatalf("save the table: %d %s (want the others at their default)", res.StatusCode, out)
	}

	today := time.Now().In(policies.WIB).Format(time.DateOnly)
	activity := func(nip, kind string, minutes int, proof string) map[string]any {
		return map[string]any{"nip": nip, "kind": kind, "title": "Kegiatan " + kind, "held_on": today, "minutes": minutes, "proof": proof}
	}
	count := func() (n int) {
		db.Get(&n, `SELECT count(*) FROM learning_activities`)
		return n
	}
	for _, bad := range []struct {
		in    map[string]any
		field string
	}{
		{activity("198503122010011002", "coaching", 60, "Laporan coaching"), "nip"}, // not on the roster
		{activity(rina, "coaching", 60, " "), "proof"},
		{activity(rina, "rapat", 60, "Notula"), "kind"},
		{activity(rina, "coaching", 0, "Laporan"), "minutes"},
	} {
		if res, out := a.api(c, drafter, "POST", "/api/v1/learning", bad.in, ""); res.StatusCode != 422 || !strings.Contains(out, `"field":"`+bad.field+`"`) {
			t.Errorf("%v: %d %s, want 422 naming %s", bad.in, res.StatusCode, out, bad.field)
		}
	}
	if n := count(); n != 0 {
		t.Fatalf("%d refused activities saved", n)
	}
	var ids []int64
	for _, in := range []map[string]any{activity(rina, "coaching", 90, "Laporan coaching 1"), activity(rina, "coaching", 90, "Laporan coaching 2"), activity(rina, "self_study", 150, "Sertifikat kursus daring")} {
		res, out := a.api(c, drafter, "POST", "/api/v1/learning", in, "")
		var got policies.LearningActivity
		json.Unmarshal([]byte(out), &got)
		if res.StatusCode != 201 || got.Name != "Rina Belajar" || got.UnitCode != mine {
			t.Fatalf("record: %d %s", res.StatusCode, out)
		}
		ids = append(ids, got.ID)
	}
	if got := a.ledgerOf(drafter)["Rina Belajar"]; got.JP != 5 || got.Learning != 5 {
		t.Errorf("Rina's JP = %d, of it %d from learning; want 3 (two coachings at 2, capped at 3) + 2 (150 minutes at 60 a JP), all from learning", got.JP, got.Learning)
	}
	// The page and the CSV show it in a column of its own.
	browser := a.login(roleEmails["drafter"])
	if _, page := a.get(browser, "/ledger"); !strings.Contains(page, "JP di antaranya nonklasikal") {
		t.Errorf("the ledger page has no column of non-classical JP")
	}
	if _, csv := a.get(browser, "/ledger.csv"); !strings.Contains(csv, ",jp,jp_nonklasikal,") || !strings.Contains(csv, rina+",Rina Belajar,PNS,"+mine+",5,5,") {
		t.Errorf("the ledger CSV has not Rina's 5 JP, all non-classical:\n%s", csv)
	}

	// Removed with a reason: it counts no more; twice is a conflict; no reason is refused.
	remove := fmt.Sprintf("/api/v1/learning/%d/remove", ids[0])
	if res, out := a.api(c, drafter, "POST", remove, map[string]string{"reason": ""}, ""); res.StatusCode != 422 || !strings.Contains(out, `"field":"reason"`) {
		t.Errorf("no reason: %d %s", res.StatusCode, out)
	}
	if res, out := a.api(c, drafter, "POST", remove, map[string]string{"reason": "Tercatat dua kali"}, ""); res.StatusCode != 200 || !strings.Contains(out, `"removed_reason":"Tercatat dua kali"`) {
		t.Fatalf("remove: %d %s", res.StatusCode, out)
	}
	if res, _ := a.api(c, drafter, "POST", remove, map[string]string{"reason": "Lagi"}, ""); res.StatusCode != 409 {
		t.Errorf("removed twice: %d, want 409", res.StatusCode)
	}
	if got := a.ledgerOf(drafter)["Rina Belajar"]; got.JP != 4 {
		t.Errorf("after the removal Rina's JP = %d, want 2 + 2", got.JP)
	}
	for action, want := range map[string]int{"learning.created": 3, "learning.removed": 1, "learning_rules.updated": 1} {
		var n int
		db.Get(&n, `SELECT count(*) FROM audit_log WHERE action = $1`, action)
		if n != want {
			t.Errorf("%d audit records %s, want %d", n, action, want)
		}
	}

	// The pages: the list names kinds in words; the table is on the settings page, saved by its form.
	if _, out := a.get(a.people["drafter"], "/learning"); !strings.Contains(out, "Belajar mandiri") || !strings.Contains(out, "Sertifikat kursus daring") || !strings.Contains(out, "Tercatat dua kali") {
		t.Error("the learning page does not show the year's activities in words")
	}
	adm := a.people["admin"]
	if _, out := a.get(adm, "/admin/settings"); !strings.Contains(out, `name="max_jp_coaching"`) || !strings.Contains(out, "Menurut kegiatan") {
		t.Error("the settings page does not show the conversion table")
	}
	form := url.Values{"csrf": {a.csrf(adm, "/admin/settings")}}
	for _, k := range policies.LearningKinds {
		form.Set("basis_"+string(k), "minutes")
		form.Set("per_minutes_"+string(k), "30")
		form.Set("jp_"+string(k), "1")
		form.Set("max_jp_"+string(k), "0")
	}
	if res, _ := a.form(adm, "/admin/learning-rules", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save the table by its form: %d", res.StatusCode)
	}
	if got := a.ledgerOf(drafter)["Rina Belajar"]; got.JP != 8 {
		t.Errorf("with 1 JP per 30 minutes Rina's JP = %d, want 3 (90 minutes of coaching) + 5 (150 of self-study)", got.JP)
	}
}
