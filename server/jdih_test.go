package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/policyflow/policyflow/internal/devtest"
)

// legalEmail is the seeded legal unit (Bagian Hukum) of Kota Sawahlunto.
const legalEmail = "hukum.sawahlunto@policyflow.test"

// withLegal gives the app a session and a token of the legal unit under
// the role "legal", if the role list did not already.
func (a *app) withLegal() {
	if a.people["legal"] == nil {
		a.people["legal"] = a.login(legalEmail)
	}
	if a.tokens["legal"] == "" {
		a.tokens["legal"] = a.token(legalEmail)
	}
}

// jdihFeedFields are the fields of one product in the JDIHN feed, every one a string.
var jdihFeedFields = []string{"idData", "tahun_pengundangan", "tanggal_penetapan", "tanggal_pengundangan", "jenis", "noPeraturan",
	"judul", "noPanggil", "singkatanJenis", "tempatTerbit", "penerbit", "deskripsiFisik", "sumber", "subjek", "isbn", "status",
	"bahasa", "bidangHukum", "teuBadan", "nomorIndukBuku", "fileDownload", "urlDownload", "abstrak", "urlabstrak",
	"urlDetailPeraturan", "operasi", "display", "lokasi", "penandatangan", "keteranganStatus",
	"urlAkomaNtoso", "urlPasal", "urlKonsolidasiAkomaNtoso", "urlKonsolidasiPasal"}

var isoDay = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// The legal unit records that one enacted Perwali repeals another and that
// it amends a draft, and edits the metadata: bad metadata is refused naming
// the field and changes nothing; other roles get 403, another city's legal
// unit 403 on a published policy and 404 on a draft. Both policies show the
// relation (a draft only to its region); the repealed one reads "Dicabut"
// on its page, the public list and the feed, whose items carry every JDIHN
// field as a string, dates as YYYY-MM-DD and absolute URLs.
func TestJDIH(t *testing.T) {
	a := newApp(t)
	a.withLegal()
	db := a.st.DB.SQL()
	c := http.DefaultClient
	legal := a.tokens["legal"]
	older, newer := a.policyID("sawahlunto-pengelolaan-kompetensi-asn"), a.policyID("sawahlunto-peningkatan-kapasitas-asn")
	draft := a.policyID("sawahlunto-peningkatan-kompetensi-asn")
	foreign := a.policyID("pangkalpinang-pengembangan-kompetensi-asn")
	a.approve(t, older)
	a.approve(t, newer)
	devtest.EnactInSQL(t, a.st.DB, older, 3, "2026-02-10", 12)
	devtest.EnactInSQL(t, a.st.DB, newer, 4, "2026-03-02", 0)
	api := func(id int64) string { return fmt.Sprintf("/api/v1/policies/%d", id) }
	count := func(table string) int {
		var n int
		db.Get(&n, `SELECT count(*) FROM `+table)
		return n
	}

	// Metadata: the defaults first.
	res, out := a.api(c, "", "GET", api(older)+"/jdih", nil, "")
	var got struct {
		Enacted  bool           `json:"enacted"`
		Metadata map[string]any `json:"metadata"`
	}
	json.Unmarshal([]byte(out), &got)
	if res.StatusCode != 200 || !got.Enacted || got.Metadata["label"] != "Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026" ||
		got.Metadata["teu_badan"] != "Kota Sawahlunto" || got.Metadata["sumber"] != "BD Kota Sawahlunto Tahun 2026 No. 12" ||
		got.Metadata["status"] != "Berlaku" || got.Metadata["tanggal_pengundangan"] != "2026-02-11" {
		t.Fatalf("default metadata: %d %s", res.StatusCode, out)
	}
	if res, out := a.api(c, "", "GET", api(draft)+"/jdih", nil, ""); res.StatusCode != 404 {
		t.Errorf("a draft's metadata to the public: %d %s", res.StatusCode, out)
	}
	if res, out := a.api(c, a.tokens["drafter"], "GET", api(draft)+"/jdih", nil, ""); res.StatusCode != 200 || !strings.Contains(out, `"enacted":false`) {
		t.Errorf("a draft's metadata to its region: %d %s", res.StatusCode, out)
	}

	// Bad metadata: 422 naming the field, nothing stored.
	good := map[string]string{"teu_badan": "Kota Sawahlunto", "subjek": "KEPEGAWAIAN - PENGEMBANGAN KOMPETENSI", "bidang_hukum": "Hukum Administrasi Negara",
		"bahasa": "Indonesia", "lokasi": "Kota Sawahlunto", "sumber": "", "status": "Berlaku", "abstrak": "Mengatur pengelolaan kompetensi ASN."}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for x, y := range good {
			m[x] = y
		}
		m[k] = v
		return m
	}
	for field, bad := range map[string]string{"teu_badan": " ", "subjek": "", "status": "Hilang", "bahasa": "Klingon",
		"lokasi": strings.Repeat("x", 201), "abstrak": strings.Repeat("y", 4001)} {
		res, out := a.api(c, legal, "POST", api(older)+"/jdih", with(field, bad), "")
		wantRefusal(t, "metadata with a bad "+field, res, out, []int{422}, field)
	}
	if n := count("jdih_metadata"); n != 0 {
		t.Fatalf("refused metadata stored %d rows", n)
	}
	// Other roles, other cities.
	for role, tok := range map[string]string{"drafter": a.tokens["drafter"], "leader": a.tokens["leader"], "admin": a.tokens["admin"]} {
		if res, _ := a.api(c, tok, "POST", api(older)+"/jdih", good, ""); res.StatusCode != 403 {
			t.Errorf("%s saves metadata: %d, want 403", role, res.StatusCode)
		}
	}
	other := a.token("hukum.pangkalpinang@policyflow.test")
	if res, _ := a.api(c, other, "POST", api(older)+"/jdih", good, ""); res.StatusCode != 403 {
		t.Errorf("another city's legal unit on a published policy: %d, want 403", res.StatusCode)
	}
	if res, _ := a.api(c, other, "POST", api(draft)+"/jdih", good, ""); res.StatusCode != 404 {
		t.Errorf("another city's legal unit on a draft: %d, want 404", res.StatusCode)
	}
	if res, _ := a.api(c, other, "POST", api(draft)+"/relations", map[string]any{"to_policy_id": older, "kind": "mencabut"}, ""); res.StatusCode != 404 {
		t.Errorf("another city's legal unit relates a draft: %d, want 404", res.StatusCode)
	}
	if res, out := a.api(c, legal, "POST", api(draft)+"/jdih", good, ""); res.StatusCode != 409 {
		t.Errorf("metadata of a policy not enacted: %d %s, want 409", res.StatusCode, out)
	}
	if n := count("jdih_metadata"); n != 0 {
		t.Fatalf("refused metadata stored %d rows", n)
	}
	// Saved, through the page's form, and shown at once.
	legalPage := a.people["legal"]
	csrf := a.csrf(legalPage, fmt.Sprintf("/policies/%d/jdih", older))
	form := url.Values{"csrf": {csrf}}
	for k, v := range good {
		form.Set(k, v)
	}
	if res, out := a.form(legalPage, fmt.Sprintf("/policies/%d/jdih", older), form); res.StatusCode != 303 {
		t.Fatalf("metadata form: %d %s", res.StatusCode, gist(out))
	}
	if _, out := a.get(legalPage, fmt.Sprintf("/policies/%d/jdih?done=jdih_done_saved", older)); !strings.Contains(out, "Mengatur pengelolaan kompetensi ASN.") ||
		!strings.Contains(out, `value="KEPEGAWAIAN - PENGEMBANGAN KOMPETENSI"`) {
		t.Errorf("the metadata page does not show the saved metadata: %s", gist(out))
	}

	// Relations: a relation to another city's policy, or to itself, is
	// refused naming to_policy_id; a repeal is recorded once.
	for name, to := range map[string]int64{"another city's": foreign, "itself": newer, "none": 0} {
		res, out := a.api(c, legal, "POST", api(newer)+"/relations", map[string]any{"to_policy_id": to, "kind": "mencabut"}, "")
		wantRefusal(t, "a relation to "+name, res, out, []int{422}, "to_policy_id")
	}
	res, out = a.api(c, legal, "POST", api(newer)+"/relations", map[string]any{"to_policy_id": older, "kind": "mencabut"}, "")
	if res.StatusCode != 201 {
		t.Fatalf("repeal: %d %s", res.StatusCode, out)
	}
	var rel struct{ ID int64 }
	json.Unmarshal([]byte(out), &rel)
	if res, _ := a.api(c, legal, "POST", api(newer)+"/relations", map[string]any{"to_policy_id": older, "kind": "mencabut"}, ""); res.StatusCode != 409 {
		t.Errorf("the same repeal again: %d, want 409", res.StatusCode)
	}
	// The amendment of the draft, through the page's form.
	relForm := url.Values{"csrf": {csrf}, "kind": {"mengubah"}, "to_policy_id": {fmt.Sprint(draft)}}
	if res, out := a.form(legalPage, fmt.Sprintf("/policies/%d/relations", newer), relForm); res.StatusCode != 303 {
		t.Fatalf("relation form: %d %s", res.StatusCode, gist(out))
	}

	// The repealing Perwali is enacted but not promulgated: not in force,
	// it repeals nothing yet (UU 12/2011 Pasal 87). Promulgated, it does.
	anon := a.client()
	if _, page := a.get(anon, fmt.Sprintf("/policies/%d", older)); strings.Contains(page, `id="jdih-repealed"`) {
		t.Error("the older policy reads as repealed by a Perwali not yet promulgated")
	}
	devtest.PromulgateInSQL(t, a.st.DB, newer, 13)

	// Both pages, to the public and to the region.
	_, olderPage := a.get(anon, fmt.Sprintf("/policies/%d", older))
	for _, want := range []string{"Dicabut dengan", fmt.Sprintf(`href="/policies/%d"`, newer), "Peraturan Wali Kota Sawahlunto Nomor 4 Tahun 2026",
		`id="jdih-repealed"`, "Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026"} {
		if !strings.Contains(olderPage, want) {
			t.Errorf("the repealed policy's page lacks %q", want)
		}
	}
	_, newerPage := a.get(anon, fmt.Sprintf("/policies/%d", newer))
	if !strings.Contains(newerPage, "Mencabut") || !strings.Contains(newerPage, fmt.Sprintf(`href="/policies/%d"`, older)) {
		t.Errorf("the repealing policy's page does not name the repealed one")
	}
	if strings.Contains(newerPage, fmt.Sprintf(`href="/policies/%d"`, draft)) || strings.Contains(newerPage, "Mengubah:") {
		t.Errorf("the public sees the relation to a draft")
	}
	_, ownPage := a.get(a.people["drafter"], fmt.Sprintf("/policies/%d", newer))
	if !strings.Contains(ownPage, "Mengubah") || !strings.Contains(ownPage, fmt.Sprintf(`href="/policies/%d"`, draft)) {
		t.Errorf("the region does not see the relation to its draft")
	}
	_, draftPage := a.get(a.people["drafter"], fmt.Sprintf("/policies/%d", draft))
	if !strings.Contains(draftPage, "Diubah dengan") {
		t.Errorf("the amended draft's page does not say it is amended")
	}
	if _, enPage := a.get(anon, fmt.Sprintf("/policies/%d?lang=en", older)); !strings.Contains(enPage, "Repealed by") || strings.Contains(enPage, "Dicabut dengan") {
		t.Errorf("the English page does not say Repealed by")
	}
	res, out = a.api(c, "", "GET", api(older)+"/relations", nil, "")
	if res.StatusCode != 200 || !strings.Contains(out, `"wording":"Dicabut dengan"`) || !strings.Contains(out, fmt.Sprintf(`"policy_id":%d`, newer)) {
		t.Errorf("relations of the repealed policy: %d %s", res.StatusCode, out)
	}
	if _, out := a.api(c, "", "GET", api(newer)+"/relations", nil, ""); strings.Contains(out, fmt.Sprintf(`"policy_id":%d`, draft)) {
		t.Errorf("the API shows the public a relation to a draft: %s", out)
	}

	// The public list: newest first, the repealed one "Dicabut" (to a
	// reader in Indonesian: anon chose English above).
	anon = a.client()
	res, list := a.get(anon, "/produk-hukum")
	iNewer, iOlder := strings.Index(list, "Nomor 4 Tahun 2026"), strings.Index(list, "Nomor 3 Tahun 2026")
	if res.StatusCode != 200 || iNewer < 0 || iOlder < iNewer || !strings.Contains(list, "Dicabut") ||
		!strings.Contains(list, fmt.Sprintf(`href="/policies/%d/versions/1/pdf"`, older)) {
		t.Errorf("produk hukum: %d newer at %d, older at %d: %s", res.StatusCode, iNewer, iOlder, gist(list))
	}
	for q, n := range map[string]int{"?year=2025": 0, "?jenis=kepwali": 0, "?region=pangkalpinang": 0, "?region=sawahlunto&year=2026&jenis=perwali": 2} {
		_, body := a.get(anon, "/produk-hukum"+q)
		if got := strings.Count(body, `class="produk"`); got != n {
			t.Errorf("produk hukum%s: %d products, want %d", q, got, n)
		}
	}
	for q, field := range map[string]string{"?year=abc": "year", "?jenis=perda": "jenis", "?region=atlantis": "region", "?page=0": "page"} {
		res, out := a.api(c, "", "GET", "/api/v1/jdih"+q, nil, "")
		wantRefusal(t, "feed"+q, res, out, []int{422}, field)
	}

	// The feed, on both addresses: every field a string, dates as days, URLs absolute.
	for _, path := range []string{"/produk-hukum.json", "/api/v1/jdih"} {
		res, out := a.api(c, "", "GET", path, nil, "")
		var items []map[string]any
		if err := json.Unmarshal([]byte(out), &items); err != nil || res.StatusCode != 200 || len(items) != 2 {
			t.Fatalf("%s: %d %v %.300s", path, res.StatusCode, err, out)
		}
		for i, it := range items {
			for _, f := range jdihFeedFields {
				v, ok := it[f]
				if _, isString := v.(string); !ok || !isString {
					t.Errorf("%s item %d: %s is %T, want a string", path, i, f, v)
				}
			}
			if len(it) != len(jdihFeedFields) {
				t.Errorf("%s item %d: %d fields, want %d", path, i, len(it), len(jdihFeedFields))
			}
			for _, f := range []string{"tanggal_penetapan", "tanggal_pengundangan"} {
				if s, _ := it[f].(string); s != "" && !isoDay.MatchString(s) {
					t.Errorf("%s item %d: %s %q is not YYYY-MM-DD", path, i, f, s)
				}
			}
			for _, f := range []string{"urlDownload", "urlabstrak", "urlDetailPeraturan"} {
				s, _ := it[f].(string)
				if u, err := url.Parse(s); err != nil || !u.IsAbs() || u.Host == "" || !strings.HasPrefix(s, a.srv.URL+"/policies/") {
					t.Errorf("%s item %d: %s %q is not an absolute URL of this server", path, i, f, s)
				}
			}
		}
		first, second := items[0], items[1]
		// The machine-readable law it links, read by the public: the
		// enacted texts as Akoma Ntoso and Pasal by Pasal; the newer's
		// consolidation today, none for the repealed one.
		for _, tc := range []struct {
			item map[string]any
			key  string
			want int
			has  string
		}{
			{first, "urlAkomaNtoso", 200, `<FRBRuri value="/akn/id-sawahlunto/act/perwali/2026/4"/>`},
			{first, "urlPasal", 200, `"work":"/akn/id-sawahlunto/act/perwali/2026/4"`},
			{first, "urlKonsolidasiAkomaNtoso", 200, `name="consolidation"`},
			{first, "urlKonsolidasiPasal", 200, `"consolidated":true`},
			{second, "urlAkomaNtoso", 200, `<FRBRuri value="/akn/id-sawahlunto/act/perwali/2026/3"/>`},
			{second, "urlPasal", 200, `"official":true`},
			{second, "urlKonsolidasiPasal", 409, ""},
		} {
			link, _ := tc.item[tc.key].(string)
			if !strings.HasPrefix(link, a.srv.URL+"/") {
				t.Errorf("%s: %s %q is not a URL of this server", path, tc.key, link)
				continue
			}
			res, body := a.api(c, "", "GET", strings.TrimPrefix(link, a.srv.URL), nil, "")
			if res.StatusCode != tc.want || !strings.Contains(body, tc.has) {
				t.Errorf("%s: %s %s: %d, want %d with %q: %.400s", path, tc.key, link, res.StatusCode, tc.want, tc.has, body)
			}
		}
		// Promulgated the day after its enactment: in force.
		if first["idData"] != fmt.Sprint(newer) || first["status"] != "Berlaku" || first["keteranganStatus"] != "Berlaku" ||
			first["tanggal_pengundangan"] != "2026-03-03" || first["tahun_pengundangan"] != "2026" {
			t.Errorf("%s: the newer product %v", path, first)
		}
		if second["idData"] != fmt.Sprint(older) || second["status"] != "Tidak Berlaku" || second["keteranganStatus"] != "Dicabut" ||
			second["noPeraturan"] != "3" || second["singkatanJenis"] != "Perwali" || second["jenis"] != "Peraturan Wali Kota" ||
			second["tanggal_penetapan"] != "2026-02-10" || second["tanggal_pengundangan"] != "2026-02-11" ||
			second["teuBadan"] != "Kota Sawahlunto" || second["subjek"] != "KEPEGAWAIAN - PENGEMBANGAN KOMPETENSI" ||
			second["sumber"] != "BD Kota Sawahlunto Tahun 2026 No. 12" || second["urlDownload"] != fmt.Sprintf("%s/policies/%d/versions/1/pdf", a.srv.URL, older) ||
			!strings.HasPrefix(fmt.Sprint(second["judul"]), "Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026 tentang ") {
			t.Errorf("%s: the repealed product %v", path, second)
		}
	}

	// Removing the repeal: the older one is in force again at once.
	csrf = a.csrf(legalPage, fmt.Sprintf("/policies/%d/jdih", older))
	if res, out := a.form(legalPage, fmt.Sprintf("/policies/%d/relations/%d/delete", older, rel.ID), url.Values{"csrf": {csrf}}); res.StatusCode != 303 {
		t.Fatalf("remove relation: %d %s", res.StatusCode, gist(out))
	}
	if _, page := a.get(anon, fmt.Sprintf("/policies/%d", older)); strings.Contains(page, `id="jdih-repealed"`) || strings.Contains(page, "Dicabut dengan") {
		t.Errorf("the policy still reads repealed after the relation was removed")
	}
}
