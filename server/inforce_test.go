package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// The approved text is the policy's text, and it is not in force (UU
// 12/2011 Pasal 87: a regulation takes effect when promulgated, not when
// approved): once the last stage approves version 1, the page and the API
// show version 1 as "approved, not enacted, not in force"; a version 2
// saved afterwards is a revision being drafted, shown apart to the region
// and not at all to the public; while an approval runs, no version can be
// saved under it.
func TestApprovedTextIsShownNotInForce(t *testing.T) {
	a := newApp(t)
	id := a.policyID("sawahlunto-peningkatan-kapasitas-asn")
	c := http.DefaultClient
	base := fmt.Sprintf("/api/v1/policies/%d", id)
	drafter := a.tokens["drafter"]
	v1, err := a.st.DB.CurrentVersion(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if res, out := a.api(c, drafter, "POST", base+"/actions/submit", map[string]any{"version_number": 1}, ""); res.StatusCode != 200 {
		t.Fatalf("submit: %d %s", res.StatusCode, out)
	}

	// During the approval a new version is refused, and nothing is saved.
	changed := v1.Markdown + "\n## Tambahan\n\nKalimat rancangan perubahan yang belum disetujui.\n"
	res, out := a.api(c, drafter, "POST", base+"/versions", map[string]any{"base_version": 1, "markdown": changed, "change_summary": "ubah"}, "")
	if res.StatusCode != 409 || !strings.Contains(out, "persetujuan") {
		t.Errorf("a version saved during approval: %d %s, want 409 saying an approval runs", res.StatusCode, out)
	}
	res, body := a.form(a.people["drafter"], fmt.Sprintf("/policies/%d/versions", id), mapForm(a, "drafter",
		"base_version", "1", "markdown", changed, "change_summary", "ubah"))
	if res.StatusCode != 409 {
		t.Errorf("the editor's save during approval: %d, want 409\n%.300s", res.StatusCode, gist(body))
	}
	var n int
	a.st.DB.SQL().Get(&n, `SELECT count(*) FROM policy_versions WHERE policy_id = $1`, id)
	if n != 1 {
		t.Fatalf("versions after refused saves: %d, want 1", n)
	}

	for _, who := range []string{"kabid", "kepala", "sekda", "walikota"} {
		tok := a.token(who + ".sawahlunto@policyflow.test")
		if res, out := a.api(c, tok, "POST", base+"/actions/approve", map[string]any{"version_sha256": v1.SHA256}, ""); res.StatusCode != 200 {
			t.Fatalf("%s approves: %d %s", who, res.StatusCode, out)
		}
	}
	var approved int64
	a.st.DB.SQL().Get(&approved, `SELECT in_force_version_id FROM policies WHERE id = $1`, id)
	if approved != v1.ID {
		t.Fatalf("the approved version after the last approval: version id %d, want %d", approved, v1.ID)
	}

	// Approved: a revision may be drafted; it is saved as version 2.
	if res, out := a.api(c, drafter, "POST", base+"/versions", map[string]any{"base_version": 1, "markdown": changed, "change_summary": "ubah"}, ""); res.StatusCode != 201 {
		t.Fatalf("a revision after approval: %d %s", res.StatusCode, out)
	}

	type shown struct {
		Version struct {
			Number int
			SHA256 string
		} `json:"version"`
		InForce bool                `json:"in_force"`
		Legal   policies.LegalState `json:"legal_state"`
		Draft   int                 `json:"draft_version"`
		Policy  policies.PolicySummary
	}
	read := func(token string) shown {
		t.Helper()
		res, out := a.api(c, token, "GET", base, nil, "")
		if res.StatusCode != 200 {
			t.Fatalf("GET %s: %d %s", base, res.StatusCode, out)
		}
		var s shown
		json.Unmarshal([]byte(out), &s)
		return s
	}
	// The public and another city read version 1, approved and not in
	// force, and nothing of version 2.
	other := a.token("penyusun.pangkalpinang@policyflow.test")
	for name, tok := range map[string]string{"anonim": "", "kota lain": other} {
		s := read(tok)
		if s.Version.Number != 1 || s.Version.SHA256 != v1.SHA256 || s.InForce || s.Legal.Stage != policies.LegalApproved || s.Draft != 0 {
			t.Errorf("%s reads %+v, want version 1 approved, not in force, and no draft", name, s)
		}
		if res, _ := a.api(c, tok, "GET", base+"/versions/2", nil, ""); res.StatusCode != 404 {
			t.Errorf("%s reads the draft version 2: %d, want 404", name, res.StatusCode)
		}
		if res, _ := a.api(c, tok, "GET", base+"/diff?from=1&to=2", nil, ""); res.StatusCode != 404 {
			t.Errorf("%s reads the draft's diff: %d, want 404", name, res.StatusCode)
		}
		if _, out := a.api(c, tok, "GET", base+"/versions", nil, ""); strings.Contains(out, `"number":2`) {
			t.Errorf("%s's version list shows the draft: %s", name, out)
		}
	}
	// Search finds the approved text, not words only the draft has.
	if _, out := a.api(c, "", "GET", "/api/v1/policies?q=kalimat+rancangan+perubahan+yang+belum+disetujui", nil, ""); strings.Contains(out, fmt.Sprintf(`"id":%d,`, id)) {
		t.Errorf("searching the draft's words finds the policy: %.300s", out)
	}
	_, page := a.get(a.people["anonymous"], fmt.Sprintf("/policies/%d", id))
	if strings.Contains(page, "belum disetujui") || !strings.Contains(page, "Disetujui, belum ditetapkan — belum berlaku") || strings.Contains(page, `id="draft-revision"`) {
		t.Errorf("the public page does not show the approved text alone, labelled approved and not in force:\n%.400s", gist(page))
	}
	// The region reads the approved text with the revision beside it.
	s := read(drafter)
	if s.Version.Number != 1 || s.InForce || s.Legal.Stage != policies.LegalApproved || s.Draft != 2 {
		t.Errorf("the drafter reads %+v, want version 1 approved, not in force, and draft 2 beside it", s)
	}
	_, page = a.get(a.people["drafter"], fmt.Sprintf("/policies/%d", id))
	if !strings.Contains(page, `id="draft-revision"`) || !strings.Contains(page, fmt.Sprintf(`/policies/%d/diff?from=1&amp;to=2`, id)) {
		t.Errorf("the drafter's page lacks the revision notice with its diff:\n%.400s", gist(page))
	}
	if strings.Contains(page, "belum disetujui") {
		t.Errorf("the drafter's page shows the draft's text as the policy")
	}

	// A comment on the draft stays with the region.
	secret := "Catatan internal atas rancangan perubahan"
	if res, out := a.api(c, drafter, "POST", base+"/comments", map[string]any{"section": "tambahan", "body": secret}, ""); res.StatusCode != 201 {
		t.Fatalf("the drafter comments on the draft: %d %s", res.StatusCode, out)
	}
	for name, tok := range map[string]string{"anonim": "", "kota lain": other} {
		if _, out := a.api(c, tok, "GET", base+"/comments", nil, ""); strings.Contains(out, secret) {
			t.Errorf("%s reads a comment on the draft", name)
		}
	}
	if _, out := a.api(c, drafter, "GET", base+"/comments", nil, ""); !strings.Contains(out, secret) {
		t.Errorf("the drafter does not read their comment on the draft")
	}
	if _, page := a.get(a.people["anonymous"], fmt.Sprintf("/policies/%d", id)); strings.Contains(page, secret) {
		t.Errorf("the public page shows a comment on the draft")
	}

	// A revision opened for consultation on version 2: the public reads
	// version 2, and not a version 3 saved while the consultation runs.
	if res, out := a.api(c, drafter, "POST", base+"/actions/open_revision", map[string]any{"reason": "Penyesuaian PP"}, ""); res.StatusCode != 200 {
		t.Fatalf("open revision: %d %s", res.StatusCode, out)
	}
	open := map[string]any{"version_number": 2, "closes_at": time.Now().Add(72 * time.Hour), "allow_public": true}
	if res, out := a.api(c, drafter, "POST", base+"/actions/open_consultation", open, ""); res.StatusCode != 200 {
		t.Fatalf("open consultation: %d %s", res.StatusCode, out)
	}
	v3 := changed + "\n## Lagi\n\nTeks versi tiga yang belum dikonsultasikan.\n"
	if res, out := a.api(c, drafter, "POST", base+"/versions", map[string]any{"base_version": 2, "markdown": v3, "change_summary": "lagi"}, ""); res.StatusCode != 201 {
		t.Fatalf("version 3 during the consultation: %d %s", res.StatusCode, out)
	}
	if s := read(""); s.Version.Number != 2 {
		t.Errorf("during the consultation the public reads version %d, want the consulted 2", s.Version.Number)
	}
	if res, _ := a.api(c, "", "GET", base+"/versions/3", nil, ""); res.StatusCode != 404 {
		t.Errorf("the public reads version 3, saved during the consultation: %d, want 404", res.StatusCode)
	}
	if s := read(drafter); s.Version.Number != 3 {
		t.Errorf("the drafter reads version %d, want the working 3", s.Version.Number)
	}
}

// mapForm is a page form with the principal's CSRF token and the pairs given.
func mapForm(a *app, role string, kv ...string) map[string][]string {
	f := map[string][]string{"csrf": {a.csrf(a.people[role], "/login")}}
	for i := 0; i+1 < len(kv); i += 2 {
		f[kv[i]] = []string{kv[i+1]}
	}
	return f
}
