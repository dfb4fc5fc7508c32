package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

const passageDocV2 = `# Kebijakan Peningkatan Kompetensi ASN

## Pendahuluan

Setiap ASN wajib mengikuti pelatihan minimal 20 JP per tahun.

## Tujuan

Meningkatkan kompetensi dan kinerja ASN di seluruh perangkat daerah.

## Penutup

Kebijakan ini berlaku sejak tanggal ditetapkan.
`

// passagePolicy gives the sample policy passageDocV2 as its newest version
// and returns its id and that version's number.
func (a *app) passagePolicy(t *testing.T) (int64, int) {
	t.Helper()
	id := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	n := a.latestVersion(t, id)
	res, body := a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/versions", id),
		map[string]any{"base_version": n, "markdown": passageDocV2, "change_summary": "Teks untuk komentar bagian"}, "")
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("new version: %d %s", res.StatusCode, body)
	}
	return id, n + 1
}

func (a *app) latestVersion(t *testing.T, id int64) int {
	t.Helper()
	var n int
	if err := a.st.DB.SQL().Get(&n, `SELECT max(number) FROM policy_versions WHERE policy_id = $1`, id); err != nil {
		t.Fatal(err)
	}
	return n
}

type apiComment struct {
	ID                int64  `json:"id"`
	Quote             string `json:"quote"`
	Suggestion        string `json:"suggestion"`
	SuggestionState   string `json:"suggestion_state"`
	SuggestionReason  string `json:"suggestion_reason"`
	SuggestionByName  string `json:"suggestion_by_name"`
	SuggestionVersion *int   `json:"suggestion_version"`
}

func (a *app) passageComment(t *testing.T, role string, id int64, in map[string]any) apiComment {
	t.Helper()
	res, body := a.api(http.DefaultClient, a.tokens[role], "POST", fmt.Sprintf("/api/v1/policies/%d/comments", id), in, "")
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("comment %v: %d %s", in, res.StatusCode, body)
	}
	var c apiComment
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func wantFieldError(t *testing.T, res *http.Response, body string, status int, field string) {
	t.Helper()
	var e struct {
		Error struct{ Code, Message, Field string }
	}
	json.Unmarshal([]byte(body), &e)
	if res.StatusCode != status || e.Error.Field != field || e.Error.Message == "" {
		t.Errorf("answer %d %s; want %d naming %q", res.StatusCode, body, status, field)
	}
}

func (a *app) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := a.st.DB.SQL().Get(&n, query, args...); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPassageComments walks passage comments and suggestions through the
// real server: a quote stored and checked, the states a new version gives,
// the pages showing them, suggestions accepted (one, then two into one
// version with both authors credited) or declined, a reply's notice.
func TestPassageComments(t *testing.T) {
	a := newApp(t)
	id, v2 := a.passagePolicy(t)
	comments := func() int { return a.count(t, `SELECT count(*) FROM comments WHERE policy_id = $1`, id) }

	stays := a.passageComment(t, "leader", id, map[string]any{"section": "pendahuluan", "body": "Apakah 20 JP cukup?",
		"quote": "wajib mengikuti\n  pelatihan"})
	if stays.Quote != "wajib mengikuti pelatihan" {
		t.Errorf("stored quote %q; want the passage with white space folded", stays.Quote)
	}
	var stored struct {
		Quote   string `db:"quote"`
		Version int    `db:"number"`
	}
	if err := a.st.DB.SQL().Get(&stored, `SELECT c.quote, v.number FROM comments c JOIN policy_versions v ON v.id = c.version_id WHERE c.id = $1`, stays.ID); err != nil || stored.Quote != "wajib mengikuti pelatihan" || stored.Version != v2 {
		t.Errorf("comment row = %+v, %v; want the quote on version %d", stored, err, v2)
	}

	t.Run("invalid passage refused, nothing stored", func(t *testing.T) {
		before := comments()
		for _, tc := range []struct {
			name   string
			in     map[string]any
			status int
			field  string
		}{
			{"quote not in section", map[string]any{"section": "tujuan", "body": "x", "quote": "minimal 20 JP"}, 422, "quote"},
			{"quote not in text", map[string]any{"section": "pendahuluan", "body": "x", "quote": "minimal 40 JP"}, 422, "quote"},
			{"suggestion without quote", map[string]any{"section": "pendahuluan", "body": "x", "suggestion": "baru"}, 422, "suggestion"},
			{"quote too long", map[string]any{"section": "pendahuluan", "body": "x", "quote": strings.Repeat("kata ", 500)}, 413, "quote"},
			{"suggestion too long", map[string]any{"section": "pendahuluan", "body": "x", "quote": "minimal 20 JP", "suggestion": strings.Repeat("a", 4001)}, 413, "suggestion"},
			{"quote on a reply", map[string]any{"body": "x", "parent_id": stays.ID, "quote": "minimal 20 JP"}, 422, "quote"},
		} {
			res, body := a.api(http.DefaultClient, a.tokens["unit_officer"], "POST", fmt.Sprintf("/api/v1/policies/%d/comments", id), tc.in, "")
			t.Run(tc.name, func(t *testing.T) { wantFieldError(t, res, body, tc.status, tc.field) })
		}
		if n := comments(); n != before {
			t.Errorf("comments after refusals: %d; want %d", n, before)
		}
		// The page form refuses the same way.
		c := a.people["unit_officer"]
		res, _ := a.form(c, fmt.Sprintf("/policies/%d/comments", id), url.Values{"csrf": {a.csrf(c, fmt.Sprintf("/policies/%d", id))},
			"section": {"tujuan"}, "body": {"x"}, "quote": {"tidak ada di sini"}})
		if res.StatusCode != 422 || comments() != before {
			t.Errorf("form with a wrong quote: %d, %d comments; want 422 and none stored", res.StatusCode, comments())
		}
	})

	// Suggestions of two authors, and one on a passage about to change.
	changes := a.passageComment(t, "leader", id, map[string]any{"section": "tujuan", "body": "Tambahkan integritas.",
		"quote": "kompetensi dan kinerja ASN", "suggestion": "kompetensi, integritas, dan kinerja ASN"})
	removed := a.passageComment(t, "unit_officer", id, map[string]any{"section": "penutup", "body": "Sebut tanggalnya.",
		"quote": "sejak tanggal ditetapkan", "suggestion": "sejak tanggal diundangkan"})

	t.Run("reply notifies the author", func(t *testing.T) {
		reply := a.passageComment(t, "drafter", id, map[string]any{"body": "Terima kasih, kami pertimbangkan.", "parent_id": changes.ID})
		n := a.count(t, `SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id
			WHERE u.email = $1 AND n.kind = 'comment_reply' AND n.dedup_key LIKE $2`, roleEmails["leader"], fmt.Sprintf("%%reply/%d", reply.ID))
		if n != 1 {
			t.Errorf("reply notices to the commenter: %d; want 1", n)
		}
		// A reply to one's own comment tells nobody.
		own := a.passageComment(t, "leader", id, map[string]any{"body": "Tambahan saya.", "parent_id": stays.ID})
		if n := a.count(t, `SELECT count(*) FROM notifications WHERE dedup_key LIKE $1`, fmt.Sprintf("%%reply/%d", own.ID)); n != 0 {
			t.Errorf("notices for a reply to one's own comment: %d; want 0", n)
		}
	})

	// A new version: one passage unchanged, one changed, one section gone.
	v3md := strings.Replace(passageDocV2, "kompetensi dan kinerja ASN", "kompetensi serta kinerja seluruh ASN", 1)
	v3md = strings.Replace(v3md, "## Penutup\n\nKebijakan ini berlaku sejak tanggal ditetapkan.\n", "", 1)
	res, body := a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/versions", id),
		map[string]any{"base_version": v2, "markdown": v3md, "change_summary": "Revisi"}, "")
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("version 3: %d %s", res.StatusCode, body)
	}
	v3 := v2 + 1
	states := map[int64]string{}
	rows, err := a.st.DB.SQL().Query(`SELECT a.comment_id, a.state FROM comment_anchors a JOIN policy_versions v ON v.id = a.version_id
		WHERE v.policy_id = $1 AND v.number = $2`, id, v3)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var cid int64
		var st string
		rows.Scan(&cid, &st)
		states[cid] = st
	}
	rows.Close()
	if states[stays.ID] != "applies" || states[changes.ID] != "changed" || states[removed.ID] != "removed" {
		t.Errorf("states on version %d = %v; want %d applies, %d changed, %d removed", v3, states, stays.ID, changes.ID, removed.ID)
	}

	t.Run("pages show quote, state and diff", func(t *testing.T) {
		_, page := a.get(a.people["unit_officer"], fmt.Sprintf("/policies/%d", id))
		for _, want := range []string{
			`<blockquote class="quote">kompetensi dan kinerja ASN</blockquote>`,
			"bagian teks ini berubah", "bagian teks ini sudah dihapus", "masih berlaku pada versi ini",
			"<del>dan</del>", "<ins>serta</ins>", "seluruh",
			`id="comment-quote"`, `/static/passage.js`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("policy page lacks %q", want)
			}
		}
		_, en := a.get(a.people["unit_officer"], fmt.Sprintf("/policies/%d?lang=en", id))
		for _, want := range []string{"this passage has changed", "this passage has been removed", "still applies to this version", "Quoted from version"} {
			if !strings.Contains(en, want) {
				t.Errorf("English policy page lacks %q", want)
			}
		}
	})

	t.Run("accept refused when the quote is gone, nothing saved", func(t *testing.T) {
		res, body := a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/suggestions/accept", id),
			map[string]any{"comment_ids": []int64{removed.ID}, "base_version": v3}, "")
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, fmt.Sprintf("#%d", removed.ID)) {
			t.Errorf("accepting a suggestion whose passage is gone: %d %s; want 409 naming the comment", res.StatusCode, body)
		}
		if n := a.latestVersion(t, id); n != v3 {
			t.Errorf("latest version after refusal: %d; want %d", n, v3)
		}
	})

	t.Run("decline needs a reason", func(t *testing.T) {
		path := fmt.Sprintf("/api/v1/comments/%d/suggestion/decline", removed.ID)
		res, body := a.api(http.DefaultClient, a.tokens["drafter"], "POST", path, map[string]any{"reason": "  "}, "")
		wantFieldError(t, res, body, 422, "reason")
		res, body = a.api(http.DefaultClient, a.tokens["drafter"], "POST", path, map[string]any{"reason": "Bagian penutup sudah dihapus."}, "")
		var c apiComment
		json.Unmarshal([]byte(body), &c)
		if res.StatusCode != 200 || c.SuggestionState != "declined" || c.SuggestionReason != "Bagian penutup sudah dihapus." || c.SuggestionByName == "" {
			t.Fatalf("decline: %d %s", res.StatusCode, body)
		}
		res, _ = a.api(http.DefaultClient, a.tokens["drafter"], "POST", path, map[string]any{"reason": "lagi"}, "")
		if res.StatusCode != http.StatusConflict {
			t.Errorf("declining twice: %d; want 409", res.StatusCode)
		}
	})

	// The changed passage's suggestion no longer applies; two new ones do.
	one := a.passageComment(t, "leader", id, map[string]any{"section": "pendahuluan", "body": "Naikkan.",
		"quote": "minimal 20 JP per tahun", "suggestion": "minimal 24 JP per tahun"})
	two := a.passageComment(t, "unit_officer", id, map[string]any{"section": "tujuan", "body": "Lebih luas.",
		"quote": "di seluruh perangkat daerah", "suggestion": "di seluruh perangkat daerah dan BLUD"})

	t.Run("one accepted alone", func(t *testing.T) {
		res, body := a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/suggestions/accept", id),
			map[string]any{"comment_ids": []int64{one.ID}, "base_version": v3}, "")
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("accept: %d %s", res.StatusCode, body)
		}
		var out struct {
			Version struct {
				Number        int    `json:"number"`
				Markdown      string `json:"markdown"`
				ChangeSummary string `json:"change_summary"`
			} `json:"version"`
			Diff string `json:"diff"`
		}
		json.Unmarshal([]byte(body), &out)
		if out.Version.Number != v3+1 || !strings.Contains(out.Version.Markdown, "minimal 24 JP per tahun") ||
			!strings.Contains(out.Version.ChangeSummary, "Kabid") || out.Diff != fmt.Sprintf("/policies/%d/diff?from=%d&to=%d", id, v3, v3+1) {
			t.Errorf("accepted version = %+v", out)
		}
		n := a.count(t, `SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id
			WHERE u.email = $1 AND n.kind = 'suggestion_accepted' AND n.dedup_key LIKE $2`, roleEmails["leader"], fmt.Sprintf("%%suggestion/%d", one.ID))
		if n != 1 {
			t.Errorf("suggestion-accepted notices: %d; want 1", n)
		}
		// Accepting it again is a conflict: it was decided.
		res, _ = a.api(http.DefaultClient, a.tokens["drafter"], "POST", fmt.Sprintf("/api/v1/policies/%d/suggestions/accept", id),
			map[string]any{"comment_ids": []int64{one.ID}, "base_version": v3 + 1}, "")
		if res.StatusCode != http.StatusConflict {
			t.Errorf("accepting a decided suggestion: %d; want 409", res.StatusCode)
		}
	})

	t.Run("two accepted into one version from the page", func(t *testing.T) {
		three := a.passageComment(t, "leader", id, map[string]any{"section": "pendahuluan", "body": "Semua ASN.",
			"quote": "Setiap ASN wajib", "suggestion": "Setiap ASN, termasuk PPPK, wajib"})
		c := a.people["drafter"]
		page := fmt.Sprintf("/policies/%d/suggestions", id)
		_, html := a.get(c, page)
		if !strings.Contains(html, fmt.Sprintf(`id="accept-%d"`, two.ID)) || !strings.Contains(html, fmt.Sprintf(`id="accept-%d"`, three.ID)) ||
			strings.Contains(html, fmt.Sprintf(`id="accept-%d"`, one.ID)) || !strings.Contains(html, "Bagian penutup sudah dihapus.") {
			t.Fatalf("suggestions page lacks the undecided checkboxes or shows a decided one as open")
		}
		res, _ := a.form(c, page+"/accept", url.Values{"csrf": {a.csrf(c, page)}, "base_version": {fmt.Sprint(v3 + 1)},
			"comment_id": {fmt.Sprint(two.ID), fmt.Sprint(three.ID)}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("accept two: %d", res.StatusCode)
		}
		v5 := v3 + 2
		var got struct {
			Markdown string `db:"markdown"`
			Summary  string `db:"change_summary"`
		}
		if err := a.st.DB.SQL().Get(&got, `SELECT markdown, change_summary FROM policy_versions WHERE policy_id = $1 AND number = $2`, id, v5); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got.Markdown, "perangkat daerah dan BLUD") || !strings.Contains(got.Markdown, "Setiap ASN, termasuk PPPK, wajib") ||
			!strings.Contains(got.Summary, fmt.Sprintf("#%d", two.ID)) || !strings.Contains(got.Summary, fmt.Sprintf("#%d", three.ID)) ||
			!strings.Contains(got.Summary, "Kabid") || !strings.Contains(got.Summary, "Petugas") {
			t.Errorf("version %d = %q, summary %q; want both suggestions in and both authors credited", v5, got.Markdown, got.Summary)
		}
		_, html = a.get(c, res.Header.Get("Location"))
		if !strings.Contains(html, fmt.Sprintf(`href="/policies/%d/diff?from=%d&amp;to=%d"`, id, v5-1, v5)) {
			t.Errorf("page after accepting lacks the diff link")
		}
	})
}
