package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lib/pq"
)

// bigConsultation is a consultation of 5,001 comments: the world's own
// comment, 1,200 copies of campaignText and 300 of variantBase (each with
// its own greeting and signature) and 3,500 comments of their own.
type bigConsultation struct {
	answersWorld
	ids                  []int64 // every comment, oldest first
	campaignA, campaignB []int64
}

// bigConsultationOf writes the 5,000 comments in one statement.
func (a *app) bigConsultationOf(t *testing.T, policyID int64) bigConsultation {
	t.Helper()
	w := bigConsultation{answersWorld: a.answersWorldOf(t, policyID, false)}
	r := rand.New(rand.NewPCG(26, 5000))
	vocabulary := strings.Fields(`jalan pasar sekolah guru murid angkot halte trotoar lampu drainase banjir sampah taman air listrik
		puskesmas bidan posyandu pajak izin usaha warung kios nelayan petani pupuk irigasi sawah sungai jembatan kampung desa
		kelurahan kecamatan warga pemuda lansia disabilitas perempuan anak beasiswa buku perpustakaan internet sinyal pipa sumur
		tanah sertifikat gedung kantor pelayanan antrean loket formulir aplikasi rapat musyawarah anggaran laporan pengawasan
		dinas camat lurah tolong mohon usul sebaiknya perlu segera tahun bulan pagi malam macet rusak bocor kotor aman mahal murah`)
	kinds := make([]byte, 5000)
	for i := range kinds {
		switch {
		case i < 1200:
			kinds[i] = 'a'
		case i < 1500:
			kinds[i] = 'b'
		}
	}
	r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	bodies := make([]string, len(kinds))
	for i, k := range kinds {
		switch k {
		case 'a', 'b':
			base := campaignText
			if k == 'b' {
				base = variantBase
			}
			bodies[i] = []string{"", "Salam. ", "Dengan hormat, "}[r.IntN(3)] + base + fmt.Sprintf(" Hormat saya, warga nomor %d.", i)
		default:
			ws := make([]string, 20+r.IntN(40))
			for j := range ws {
				ws[j] = vocabulary[r.IntN(len(vocabulary))]
			}
			bodies[i] = strings.Join(ws, " ") + "."
		}
	}
	var ids []int64
	if err := a.st.DB.SQL().Select(&ids, `INSERT INTO comments (policy_id, version_id, section_anchor, author_name, author_email, body)
		SELECT p.id, p.current_version_id, '', 'Warga ' || n, 'warga' || n || '@contoh.test', body
		FROM policies p, unnest($2::text[]) WITH ORDINALITY AS t(body, n) WHERE p.id = $1 ORDER BY n RETURNING id`, policyID, pq.Array(bodies)); err != nil {
		t.Fatal(err)
	}
	w.ids = append([]int64{w.comment}, ids...)
	for i, k := range kinds {
		switch k {
		case 'a':
			w.campaignA = append(w.campaignA, ids[i])
		case 'b':
			w.campaignB = append(w.campaignB, ids[i])
		}
	}
	return w
}

// timePage requests path as c n+1 times, without the harness's HTML
// checks, and logs the first (groups computed) and the median of the rest
// with the page's size. Figures only, for the report: nothing is asserted
// on time.
func (a *app) timePage(t *testing.T, c *http.Client, label, path string, n int) {
	t.Helper()
	var took []time.Duration
	size := 0
	for range n + 1 {
		start := time.Now()
		res, err := c.Get(a.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		took = append(took, time.Since(start))
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", label, res.StatusCode)
		}
		size = len(b)
	}
	first, rest := took[0], slices.Clone(took[1:])
	slices.Sort(rest)
	t.Logf("TIMING %s: %d bytes, %d rows; first %v, median of %d more %v", label, size, strings.Count(a.bodyOf(t, c, path), `class="answer-row"`),
		first.Round(time.Millisecond), n, rest[len(rest)/2].Round(time.Millisecond))
}

// bodyOf is the page at path as c sees it.
func (a *app) bodyOf(t *testing.T, c *http.Client, path string) string {
	t.Helper()
	res, err := c.Get(a.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

// The answers page at 5,000 comments: measured (figures in the log: -v),
// then paged: one page of 50 rows, the whole filtered set counted, the
// filters kept in the pages' links, a page beyond the last showing the
// last; the API pages the same way when asked; and one answer for a group
// of 1,200 given from its third page reaches every comment of the group,
// on every page.
func TestAnswersPageAtFiveThousand(t *testing.T) {
	a := newApp(t)
	db := a.st.DB.SQL()
	w := a.bigConsultationOf(t, a.policyID("sawahlunto-peningkatan-kompetensi-asn"))
	dc := a.people["drafter"]
	b := w.base() + "/answers"
	group := fmt.Sprintf("group=%d", w.campaignA[0])
	a.timePage(t, dc, "answers page, 5,001 comments", b, 5)
	a.timePage(t, dc, "answers page, 5,001 comments, unanswered", b+"?status=unanswered", 5)
	a.timePage(t, dc, "answers page, 5,001 comments, one group of 1,200", b+"?"+group, 5)

	// The first page: the 50 oldest, the count of all, the way on.
	_, page := a.get(dc, b)
	if got := rowsShown(page); !slices.Equal(got, idStrings(w.ids[:50])) {
		t.Errorf("first page shows %d rows %v…, want the 50 oldest", len(got), got[:min(3, len(got))])
	}
	for _, want := range []string{`<span id="shown-range">1–50</span>`, `<strong id="count-filtered">5.001</strong>`, "Halaman 1 dari 101",
		`<nav aria-label="Halaman daftar komentar" class="pager" id="answers-pages">`, `aria-current="page" aria-label="Halaman 1">1</a>`,
		`href="` + b + `?page=2" rel="next"`, `href="` + b + `?page=101" aria-label="Halaman 101"`} {
		if !strings.Contains(page, want) {
			t.Errorf("first page lacks %s", want)
		}
	}
	// The last page, and one beyond it: the last comment.
	for _, n := range []string{"101", "999"} {
		_, page = a.get(dc, b+"?page="+n)
		if got := rowsShown(page); !slices.Equal(got, idStrings(w.ids[5000:])) || !strings.Contains(page, `<span id="shown-range">5.001–5.001</span>`) {
			t.Errorf("page %s shows %v, want the last comment %d", n, got, w.ids[5000])
		}
	}
	for _, n := range []string{"0", "-1", "dua", "1.5"} {
		if res, out := a.get(dc, b+"?page="+n); res.StatusCode != 422 || !strings.Contains(out, "halaman") {
			t.Errorf("page %q: %d, want 422 naming the page", n, res.StatusCode)
		}
	}
	// The group's third page: its own 101st to 150th comments, its links keeping the group.
	_, page = a.get(dc, b+"?"+group+"&page=3")
	if got := rowsShown(page); !slices.Equal(got, idStrings(w.campaignA[100:150])) {
		t.Errorf("the group's page 3 shows %d rows, want its comments 101–150", len(got))
	}
	for _, want := range []string{`<strong id="count-filtered">1.200</strong>`, `<span id="group-open">1.200</span>`,
		`href="` + b + "?" + group + `&amp;page=2" rel="prev"`, `href="` + b + "?" + group + `&amp;page=4" rel="next"`,
		`name="back" value="?` + group + `&amp;page=3"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the group's page 3 lacks %s", want)
		}
	}
	// An answer drafted on that page comes back to it.
	csrf := a.csrf(dc, "/login")
	res, _ := a.form(dc, w.base()+"/answers", url.Values{"csrf": {csrf}, "comment_id": {fmt.Sprint(w.campaignA[120])},
		"disposition": {"diterima_sebagian"}, "reason": {"Dijawab sendiri"}, "back": {"?" + group + "&page=3"}})
	if loc := res.Header.Get("Location"); res.StatusCode != 303 || !strings.Contains(loc, group+"&page=3&done=ans_done_drafted") || !strings.HasSuffix(loc, fmt.Sprintf("#c-%d", w.campaignA[120])) {
		t.Errorf("an answer drafted on page 3: %d to %q, want back to page 3", res.StatusCode, loc)
	}
	// The group's first page links that answered comment on its page.
	_, page = a.get(dc, b+"?"+group)
	if want := fmt.Sprintf(`href="%s?%s&amp;page=3#c-%d">#%d</a>`, b, group, w.campaignA[120], w.campaignA[120]); !strings.Contains(page, want) {
		t.Errorf("the group's first page does not link its answered comment on page 3: want %s", want)
	}
	// One answer for the group, sent from its third page: all 1,199 without one, on every page.
	const reason = "Tarif parkir diatur Perda tersendiri."
	res, _ = a.form(dc, w.base()+"/answers/group", url.Values{"csrf": {csrf}, "group": {fmt.Sprint(w.campaignA[0])}, "disposition": {"tidak_diterima"}, "reason": {reason}})
	if res.StatusCode != 303 {
		t.Fatalf("the group's answer: %d", res.StatusCode)
	}
	var drafted int
	db.Get(&drafted, `SELECT count(*) FROM comment_answers WHERE comment_id = ANY($1) AND reason = $2`, pq.Array(w.campaignA), reason)
	if drafted != 1199 {
		t.Errorf("%d comments of the group got its answer, want 1,199 (one answered on its own)", drafted)
	}
	_, page = a.get(dc, b+"?"+group+"&page=24")
	if got := rowsShown(page); !slices.Equal(got, idStrings(w.campaignA[1150:])) || strings.Count(page, `class="badge-draft"`) != 50 {
		t.Errorf("the group's last page: %d rows, %d drafts; want its last 50, each drafted", len(got), strings.Count(page, `class="badge-draft"`))
	}
	if !strings.Contains(page, `<span id="group-open">0</span>`) || !strings.Contains(page, "(1.200): ") || !strings.Contains(page, " dan 1.180 lainnya</p>") {
		t.Error("the group's view does not count its 1,200 answered comments, 20 linked and 1,180 more")
	}
	// The API: every comment without a filter or a page (as before);
	// with them the page's rows, the filtered total and the next page.
	api := func(query string) (answersAPIPage, int, string) {
		t.Helper()
		res, body := a.api(&http.Client{}, a.tokens["drafter"], "GET", "/api/v1"+b+query, nil, "")
		var out answersAPIPage
		if res.StatusCode == 200 {
			if err := json.Unmarshal([]byte(body), &out); err != nil {
				t.Fatalf("API %s: %v", query, err)
			}
		}
		return out, res.StatusCode, body
	}
	if all, _, _ := api(""); len(all.Comments) != 5001 || all.Total != 5001 || all.Page != 0 || all.Next != "" {
		t.Errorf("the API without a page: %d comments, total %d, page %d, next %q; want all 5,001 at once", len(all.Comments), all.Total, all.Page, all.Next)
	}
	if p2, _, _ := api("?page=2"); !slices.Equal(p2.ids(), w.ids[50:100]) || p2.Total != 5001 || p2.Page != 2 || p2.Pages != 101 || p2.Next != "/api/v1"+b+"?page=3" {
		t.Errorf("the API's page 2: %d comments from %v, total %d, page %d of %d, next %q; want the 51st to 100th, next page 3", len(p2.Comments), p2.ids()[:min(1, len(p2.ids()))], p2.Total, p2.Page, p2.Pages, p2.Next)
	}
	if g3, _, _ := api("?" + group + "&page=3"); !slices.Equal(g3.ids(), w.campaignA[100:150]) || g3.Total != 1200 || g3.Next != "/api/v1"+b+"?"+group+"&page=4" {
		t.Errorf("the API's group page 3: %d comments, total %d, next %q; want the group's 101st to 150th of 1,200", len(g3.Comments), g3.Total, g3.Next)
	}
	for query, field := range map[string]string{"?page=dua": "page", "?status=semua": "status"} {
		if _, code, body := api(query); code != 422 || decodeErr(t, body).Error.Field != field {
			t.Errorf("the API with %s: %d %s, want 422 naming %s", query, code, gist(body), field)
		}
	}

	// English.
	_, page = a.get(dc, b+"?page=2&lang=en")
	for _, want := range []string{`<span id="shown-range">51–100</span>`, `<strong id="count-filtered">5,001</strong>`, "Page 2 of 101",
		`<nav aria-label="Pages of the comment list" class="pager" id="answers-pages">`, `rel="prev">← Previous</a>`, `rel="next">Next →</a>`} {
		if !strings.Contains(page, want) {
			t.Errorf("page 2 in English lacks %s", want)
		}
	}
}

// answersAPIPage is the answers API's list as a client reads it.
type answersAPIPage struct {
	Comments []struct {
		ID int64 `json:"id"`
	} `json:"comments"`
	Total int    `json:"total"`
	Page  int    `json:"page"`
	Pages int    `json:"pages"`
	Next  string `json:"next"`
}

func (p answersAPIPage) ids() []int64 {
	ids := make([]int64, len(p.Comments))
	for i, c := range p.Comments {
		ids[i] = c.ID
	}
	return ids
}
