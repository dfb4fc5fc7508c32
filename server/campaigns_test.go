package server_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

// campaignText is a campaign text as an organiser circulates it; the
// consultation below receives copies, variants and comments of their own.
const campaignText = `Kami warga kelurahan menolak kenaikan tarif parkir di tepi jalan umum karena memberatkan
pedagang kecil dan pengunjung pasar tradisional. Kami meminta agar tarif tetap seperti sekarang dan pendapatan
parkir dilaporkan secara terbuka setiap bulan.`

const variantBase = `Mohon jalur pengaduan zonasi sekolah dijawab paling lambat tujuh hari kerja oleh dinas
pendidikan, dan jarak dihitung menurut jarak tempuh yang sebenarnya, bukan garis lurus di peta.`

// campaignWorld is a consultation of the draft with grouped comments.
type campaignWorld struct {
	answersWorld
	copies, variants, short, own []int64
	section                      string // the anchor of the consulted version's first section
}

// campaignWorldOf opens a consultation on the policy (answersWorldOf: one
// comment of its own) and adds 6 copies of campaignText, 4 variants of
// variantBase (one on the version's first section), 3 short "Setuju." and 2 more
// comments of their own.
func (a *app) campaignWorldOf(t *testing.T, policyID int64) campaignWorld {
	t.Helper()
	w := campaignWorld{answersWorld: a.answersWorldOf(t, policyID, false)}
	w.own = append(w.own, w.comment)
	var md string
	if err := a.st.DB.SQL().Get(&md, `SELECT v.markdown FROM policy_versions v JOIN policies p ON v.id = p.current_version_id WHERE p.id = $1`, policyID); err != nil {
		t.Fatal(err)
	}
	w.section = policies.Sections(md)[0].Anchor
	add := func(dst *[]int64, section, body string) {
		t.Helper()
		var id int64
		if err := a.st.DB.SQL().Get(&id, `INSERT INTO comments (policy_id, version_id, section_anchor, author_name, author_email, body)
			SELECT id, current_version_id, $2, 'Warga', '', $3 FROM policies WHERE id = $1 RETURNING id`, policyID, section, body); err != nil {
			t.Fatal(err)
		}
		*dst = append(*dst, id)
	}
	for i := range 6 {
		body := campaignText
		if i%2 == 1 {
			body = strings.ToUpper(campaignText) + "!!" // the same text after normalisation
		}
		add(&w.copies, "", body)
	}
	for i, v := range []string{"Salam. ", "Yth. Bapak/Ibu, ", "", "Dengan hormat, "} {
		section := ""
		if i == 0 {
			section = w.section
		}
		add(&w.variants, section, v+variantBase+fmt.Sprintf(" Hormat saya, warga RT %02d.", i+1))
	}
	for range 3 {
		add(&w.short, "", "Setuju.")
	}
	add(&w.own, "", "Tambahkan lampu jalan di gang sempit dekat sungai sebelum musim hujan tiba.")
	add(&w.own, "", "Pelatihan juru parkir resmi perlu dijadwalkan bersama paguyuban pedagang.")
	return w
}

// rowsShown are the comment IDs listed on an answers page.
func rowsShown(page string) []string {
	var ids []string
	for _, m := range regexp.MustCompile(`<li id="c-(\d+)" class="answer-row">`).FindAllStringSubmatch(page, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

func idStrings(ids ...[]int64) []string {
	var out []string
	for _, l := range ids {
		for _, id := range l {
			out = append(out, fmt.Sprint(id))
		}
	}
	return out
}

func sameIDs(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	seen := map[string]int{}
	for _, g := range got {
		seen[g]++
	}
	for _, w := range want {
		if seen[w]--; seen[w] < 0 {
			return false
		}
	}
	return true
}

// The drafter sees a consultation's campaign copies and near-duplicates
// grouped on the answers page, each group with its size, its kind in words
// and its representative text, said to be automatic; and narrows the list
// to one group, a section or the unanswered ones.
func TestAnswersPageGroupsAndFilters(t *testing.T) {
	a := newApp(t)
	w := a.campaignWorldOf(t, a.policyID("sawahlunto-peningkatan-kompetensi-asn"))
	dc := a.people["drafter"]
	b := w.base() + "/answers"

	res, page := a.get(dc, b)
	if res.StatusCode != 200 {
		t.Fatalf("answers page: %d", res.StatusCode)
	}
	group := func(rep int64) string {
		m := regexp.MustCompile(`(?s)<li id="g-` + fmt.Sprint(rep) + `" class="group">(.*?)</li>`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("no group of representative %d on the page", rep)
		}
		return m[1]
	}
	for _, c := range []struct {
		rep        int64
		kind, size string
	}{
		{w.copies[0], "Kampanye (teks sama)", "6 komentar"},
		{w.variants[0], "Mirip (hampir sama)", "4 komentar"},
		{w.short[0], "Komentar singkat yang sama", "3 komentar"},
	} {
		g := group(c.rep)
		if !strings.Contains(g, c.kind) || !strings.Contains(g, `<span class="group-size">`+c.size+`</span>`) {
			t.Errorf("group %d shows %q, want %q and %q", c.rep, g, c.kind, c.size)
		}
	}
	if g := group(w.copies[0]); !strings.Contains(g, "Kami warga kelurahan menolak kenaikan tarif parkir") {
		t.Errorf("the campaign group does not show its text: %q", g)
	}
	if n := strings.Count(page, `class="group"`); n != 3 {
		t.Errorf("%d groups shown, want 3 (a comment of its own is in none)", n)
	}
	if !strings.Contains(page, "Dikelompokkan otomatis") {
		t.Error("the page does not say the grouping is automatic")
	}

	// One group: its comments only.
	_, page = a.get(dc, fmt.Sprintf("%s?group=%d", b, w.variants[0]))
	if got := rowsShown(page); !sameIDs(got, idStrings(w.variants)) || !strings.Contains(page, `id="group-shown"`) {
		t.Errorf("group filter shows %v, want the 4 variants %v", got, idStrings(w.variants))
	}
	// A section: the variant on it only; the general part: the rest.
	_, page = a.get(dc, b+"?section="+w.section)
	if got := rowsShown(page); !sameIDs(got, idStrings(w.variants[:1])) {
		t.Errorf("section filter shows %v, want %v", got, w.variants[:1])
	}
	_, page = a.get(dc, b+"?section=-&group="+fmt.Sprint(w.variants[0]))
	if got := rowsShown(page); !sameIDs(got, idStrings(w.variants[1:])) {
		t.Errorf("general part of the group shows %v, want %v", got, w.variants[1:])
	}
	// Status: nothing is answered yet.
	_, page = a.get(dc, b+"?status=answered")
	if got := rowsShown(page); len(got) != 0 {
		t.Errorf("answered filter shows %v, want none", got)
	}
	_, page = a.get(dc, b+"?status=unanswered")
	if got := rowsShown(page); len(got) != 16 {
		t.Errorf("unanswered filter shows %d comments, want 16", len(got))
	}
	// A group that is gone says so; a filter value that is no value is refused naming it.
	_, page = a.get(dc, fmt.Sprintf("%s?group=%d", b, w.own[0]))
	if !strings.Contains(page, `id="group-gone"`) || len(rowsShown(page)) != 0 {
		t.Errorf("a comment in no group, as a group: gone notice %v, rows %v", strings.Contains(page, `id="group-gone"`), rowsShown(page))
	}
	for _, q := range []url.Values{{"group": {"x"}}, {"status": {"semua"}}, {"section": {"<b>"}}} {
		if res, _ := a.get(dc, b+"?"+q.Encode()); res.StatusCode != 422 && res.StatusCode != 400 {
			t.Errorf("answers page with %v: %d, want 400 or 422", q, res.StatusCode)
		}
	}
}
