package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/policyflow/policyflow/docx"
	"github.com/policyflow/policyflow/internal/pdftest"
	"github.com/policyflow/policyflow/naskah"
	"github.com/policyflow/policyflow/policies"
)

// The whole walk, as the people of Kota Sawahlunto make it: the
// drafter starts from the Perwali template and writes two BAB and five
// Pasal, the structure check finds a Pasal number skipped and the drafter
// fixes it; the chain approves with a Plt. deciding for the Sekda; the
// Bagian Hukum enacts it while another enactment races for the next
// number, signed by the Wali Kota (a Plt. enacts no Peraturan by the
// region's default rules), and promulgates it. The PDF reads as
// a Perwali with the hash on every page and a QR code that leads anyone to
// the verification page; the DOCX reads back with the same Pasal; the
// JDIH feed carries it; the public page shows the text in force and the
// relation to the policy it repeals, which shows it back.
func TestPerwaliFromTemplateToJDIH(t *testing.T) {
	a := newApp(t)
	a.withLegal()
	c := http.DefaultClient
	id := func(email string) int64 { return a.st.UserID(t, email) }
	sekda, walikota, opdHead := id("sekda.sawahlunto@policyflow.test"), id("walikota.sawahlunto@policyflow.test"), id("kepala.opd.sawahlunto@policyflow.test")
	drafter := a.tokens["drafter"]
	wib := time.FixedZone("WIB", 7*3600)
	today := time.Now().In(wib)

	// 1. From the template: two BAB, five Pasal, Pasal 5 written as 6.
	res, out := a.api(c, drafter, "GET", "/api/v1/templates/perwali", nil, "")
	var tpl struct{ Markdown string }
	if res.StatusCode != 200 || json.Unmarshal([]byte(out), &tpl) != nil || !strings.Contains(tpl.Markdown, "### Pasal 4") {
		t.Fatalf("template: %d %s", res.StatusCode, out)
	}
	md := strings.Replace(tpl.Markdown, "## BAB III KETENTUAN PENUTUP\n\n### Pasal 4\n", "### Pasal 4\n\n"+
		"(1) Pelaksanaan pengembangan kompetensi dilaporkan kepada Wali Kota melalui Badan Kepegawaian dan Pengembangan Sumber Daya Manusia.\n\n"+
		"(2) Laporan sebagaimana dimaksud pada ayat (1) disampaikan setiap 6 (enam) bulan.\n\n### Pasal 6\n", 1)
	if strings.Count(md, "## BAB ") != 2 || strings.Count(md, "### Pasal ") != 5 {
		t.Fatalf("the draft is not two BAB and five Pasal:\n%s", md)
	}
	res, out = a.api(c, drafter, "POST", "/api/v1/policies", map[string]any{"region": "sawahlunto", "slug": "perwali-pengembangan-kompetensi-asn",
		"markdown": md, "change_summary": "Rancangan dari templat"}, "")
	var pol struct{ ID int64 }
	if res.StatusCode != 201 || json.Unmarshal([]byte(out), &pol) != nil || pol.ID == 0 {
		t.Fatalf("create: %d %s", res.StatusCode, out)
	}
	base := fmt.Sprintf("/api/v1/policies/%d", pol.ID)
	type findings struct {
		Findings []struct {
			Line int
			Code string
		}
	}
	var f findings
	_, out = a.api(c, drafter, "POST", "/api/v1/structure-check", map[string]string{"markdown": md}, "")
	json.Unmarshal([]byte(out), &f)
	if len(f.Findings) != 1 || f.Findings[0].Code != "pasal_gap" || f.Findings[0].Line != strings.Count(md[:strings.Index(md, "### Pasal 6")], "\n")+1 {
		t.Fatalf("the structure check of Pasal 6 after Pasal 4: %s", out)
	}
	md = strings.Replace(md, "### Pasal 6", "### Pasal 5", 1)
	res, out = a.api(c, drafter, "POST", base+"/versions", map[string]any{"base_version": 1, "markdown": md, "change_summary": "Nomor Pasal 5 diperbaiki"}, "")
	if res.StatusCode != 201 || strings.Contains(out, "structure_findings") {
		t.Fatalf("the fixed version: %d %s", res.StatusCode, out)
	}

	// 2. The chain: the Sekda (whose Plt. decides) and the Wali Kota.
	var chain int64
	a.st.DB.SQL().Get(&chain, `SELECT chain_id FROM policies WHERE id = $1`, pol.ID)
	adm := a.tokens["admin"]
	adm2 := a.secondAdmin(t, "sawahlunto")
	a.confirmed(t, adm, "POST", fmt.Sprintf("/api/v1/admin/chains/%d", chain), map[string]any{"name": "Rantai Perwali", "stages": []map[string]any{
		{"name": "Sekretaris Daerah", "quorum": "any", "sla_days": 3, "escalation_days": 5, "superior_id": walikota, "approver_ids": []int64{sekda}},
		{"name": "Wali Kota", "quorum": "all", "sla_days": 5, "escalation_days": 7, "approver_ids": []int64{walikota}},
	}}, adm2)
	appoint := func(principal, acting int64) {
		t.Helper()
		a.confirmed(t, adm, "POST", "/api/v1/acting", map[string]any{"principal_id": principal, "acting_id": acting, "kind": "plt",
			"letter_number": fmt.Sprintf("800/%d/BKPSDM/%d", acting, today.Year()), "letter_date": today.Format(time.DateOnly),
			"starts_on": today.AddDate(0, 0, -1).Format(time.DateOnly), "ends_on": today.AddDate(0, 0, 30).Format(time.DateOnly)}, adm2)
	}
	appoint(sekda, opdHead)
	if res, out := a.api(c, drafter, "POST", base+"/actions/submit", map[string]any{}, ""); res.StatusCode != 200 {
		t.Fatalf("submit: %d %s", res.StatusCode, out)
	}
	v, err := a.st.DB.CurrentVersion(t.Context(), pol.ID)
	if err != nil {
		t.Fatal(err)
	}
	decide := func(email string, body map[string]any) {
		t.Helper()
		body["version_sha256"] = v.SHA256
		if res, out := a.api(c, a.token(email), "POST", base+"/actions/approve", body, ""); res.StatusCode != 200 {
			t.Fatalf("%s approves: %d %s", email, res.StatusCode, out)
		}
	}
	decide("kepala.opd.sawahlunto@policyflow.test", map[string]any{"on_behalf_of": sekda})
	decide("walikota.sawahlunto@policyflow.test", map[string]any{})

	// 3. Enacted while another approved policy is enacted at the same moment,
	// signed by the Wali Kota.
	other := a.approvedNotInForce("perwali-yang-berlomba")
	day := today.Format(time.DateOnly)
	numbers := make(map[int64]int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, p := range []int64{pol.ID, other} {
		wg.Go(func() {
			res, out := a.api(c, a.tokens["legal"], "POST", fmt.Sprintf("/api/v1/policies/%d/enactments", p), map[string]any{"form": "perwali",
				"place": "Sawahlunto", "enacted_on": day, "principal_id": walikota, "signer_id": walikota}, "")
			var e struct {
				Number   int
				Capacity string
			}
			if res.StatusCode != 201 || json.Unmarshal([]byte(out), &e) != nil || e.Capacity != "own" {
				t.Errorf("enact %d: %d %s", p, res.StatusCode, out)
			}
			mu.Lock()
			numbers[p] = e.Number
			mu.Unlock()
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	if n := []int{numbers[pol.ID], numbers[other]}; !(n[0] == 1 && n[1] == 2 || n[0] == 2 && n[1] == 1) {
		t.Fatalf("the racing enactments took numbers %v, want 1 and 2", n)
	}
	number := numbers[pol.ID]
	res, out = a.api(c, a.tokens["legal"], "POST", base+"/promulgation", map[string]any{"promulgated_on": day, "promulgator_id": sekda}, "")
	if res.StatusCode != 200 && res.StatusCode != 201 || !strings.Contains(out, `"gazette_number":1`) {
		t.Fatalf("promulgate: %d %s", res.StatusCode, out)
	}

	// 4. The PDF, as anyone downloads it.
	anon := a.client()
	pdfPath := fmt.Sprintf("/policies/%d/versions/%d/pdf", pol.ID, v.Number)
	res, body := a.getBytes(anon, pdfPath)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(body, []byte("%PDF-")) {
		t.Fatalf("PDF: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	pages := pdfPages(t, body)
	all := pdftest.Flat(strings.Join(pages, " "))
	for _, want := range []string{"PERATURAN WALI KOTA SAWAHLUNTO", fmt.Sprintf("NOMOR %d TAHUN %d", number, today.Year()), "Menimbang", "Mengingat",
		"MEMUTUSKAN", "BAB I", "BAB II", "Pasal 1", "Pasal 2", "Pasal 3", "Pasal 4", "Pasal 5", "WALI KOTA SAWAHLUNTO,", "SEKRETARIS DAERAH KOTA SAWAHLUNTO,",
		fmt.Sprintf("BERITA DAERAH KOTA SAWAHLUNTO TAHUN %d NOMOR 1", today.Year())} {
		if !strings.Contains(all, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if strings.Contains(all, "BAB III") || strings.Contains(all, "RANCANGAN") {
		t.Errorf("the enacted PDF shows BAB III or RANCANGAN")
	}
	for i, p := range pages {
		if !strings.Contains(pdftest.Flat(p), v.SHA256) || !strings.Contains(pdftest.Flat(p), fmt.Sprintf("Halaman %d dari %d", i+1, len(pages))) {
			t.Errorf("page %d lacks the hash or its number", i+1)
		}
	}
	// The QR code leads anyone to the verification page.
	qr := firstPageQR(t, body)
	if !strings.HasSuffix(qr, "/verifikasi/"+v.SHA256) {
		t.Fatalf("the QR code reads %q", qr)
	}
	path := qr[strings.Index(qr, "/verifikasi/"):]
	_, page := a.get(anon, path)
	for _, want := range []string{v.SHA256, "Plt. Sekretaris Daerah", fmt.Sprintf("Nomor %d Tahun %d", number, today.Year()), "Wali Kota"} {
		if !strings.Contains(page, want) {
			t.Errorf("the verification page lacks %q", want)
		}
	}

	// 5. The DOCX reads back with the same Pasal.
	res, body = a.getBytes(anon, fmt.Sprintf("/policies/%d/versions/%d/naskah.docx", pol.ID, v.Number))
	if res.StatusCode != 200 {
		t.Fatalf("DOCX: %d", res.StatusCode)
	}
	back, err := docx.Import(t.Context(), bytes.NewReader(body), "naskah.docx")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pasalNumbers(back), pasalNumbers(md); got != want {
		t.Errorf("the DOCX reads back with %s, want %s", got, want)
	}

	// 6. It repeals an older policy of the region, shown on both pages.
	old := a.policyID("sawahlunto-peningkatan-kapasitas-asn")
	a.st.DB.SQL().MustExec(`UPDATE policies SET status = 'approved', in_force_version_id = current_version_id WHERE id = $1`, old)
	if res, out := a.api(c, a.tokens["legal"], "POST", base+"/relations", map[string]any{"to_policy_id": old, "kind": "mencabut"}, ""); res.StatusCode != 201 {
		t.Fatalf("relation: %d %s", res.StatusCode, out)
	}
	_, page = a.get(anon, fmt.Sprintf("/policies/%d", pol.ID))
	for _, want := range []string{"Mencabut", fmt.Sprintf("Nomor %d Tahun %d", number, today.Year()), "Pasal 5", "Laporan sebagaimana dimaksud"} {
		if !strings.Contains(page, want) {
			t.Errorf("the public page lacks %q", want)
		}
	}
	_, page = a.get(anon, fmt.Sprintf("/policies/%d", old))
	if !strings.Contains(page, "Dicabut") {
		t.Errorf("the repealed policy's page does not say it is repealed")
	}

	// 7. The JDIH feed carries it, in the fields JDIHN harvests.
	res, out = a.api(c, "", "GET", "/produk-hukum.json", nil, "")
	var feed []map[string]any
	if res.StatusCode != 200 || json.Unmarshal([]byte(out), &feed) != nil {
		t.Fatalf("feed: %d %s", res.StatusCode, out)
	}
	var item map[string]any
	for _, it := range feed {
		if it["noPeraturan"] == fmt.Sprint(number) && strings.Contains(fmt.Sprint(it["judul"]), "PENGEMBANGAN KOMPETENSI") {
			item = it
		}
	}
	if item == nil {
		t.Fatalf("the feed lacks the Perwali: %s", out)
	}
	for k, want := range map[string]string{"singkatanJenis": "Perwali", "jenis": "Peraturan Wali Kota", "tahun_pengundangan": fmt.Sprint(today.Year()),
		"tanggal_pengundangan": day, "teuBadan": "Kota Sawahlunto", "status": "Berlaku", "bahasa": "Indonesia"} {
		if got := fmt.Sprint(item[k]); got != want {
			t.Errorf("feed %s = %q, want %q", k, got, want)
		}
	}
	if u := fmt.Sprint(item["urlDownload"]); !strings.HasSuffix(u, pdfPath) {
		t.Errorf("feed urlDownload = %q, want the PDF", u)
	}

	// 8. A revision approved after the promulgation is not in force: the
	// page still shows the promulgated text, in force, and the revision
	// apart, approved and not in force.
	rev, err := a.st.DB.CreateVersion(t.Context(), pol.ID, v.Number, md+"\nPerubahan uji.\n", id(roleEmails["drafter"]), "Revisi")
	if err != nil {
		t.Fatal(err)
	}
	a.st.DB.SQL().MustExec(`UPDATE policies SET in_force_version_id = $2 WHERE id = $1`, pol.ID, rev.ID)
	_, page = a.get(anon, fmt.Sprintf("/policies/%d", pol.ID))
	if !strings.Contains(page, fmt.Sprintf(`<dd id="policy-version">%d</dd>`, v.Number)) || !strings.Contains(page, "Berlaku sejak") ||
		!strings.Contains(page, fmt.Sprintf("Revisi disetujui, belum berlaku: versi %d", rev.Number)) || strings.Contains(page, `id="enacted-superseded"`) {
		t.Errorf("the page does not show the text in force with the approved revision apart:\n%.800s", gist(page))
	}
	_, out = a.api(c, "", "GET", fmt.Sprintf("/api/v1/policies/%d", pol.ID), nil, "")
	var shown struct {
		Version  struct{ Number int } `json:"version"`
		InForce  bool                 `json:"in_force"`
		Revision int                  `json:"revision_version"`
	}
	json.Unmarshal([]byte(out), &shown)
	if shown.Version.Number != v.Number || !shown.InForce || shown.Revision != rev.Number {
		t.Errorf("the API after an approved revision: %+v, want version %d in force and revision %d apart", shown, v.Number, rev.Number)
	}
	// The lists say the same: the text in force since the promulgation,
	// and the revision apart, not "approved, not in force" alone.
	_, list := a.get(anon, "/")
	i := strings.Index(list, fmt.Sprintf(`href="/policies/%d"`, pol.ID))
	if i < 0 {
		t.Fatalf("the index lacks the Perwali")
	}
	li := list[i:]
	li = li[:strings.Index(li, "</li>")]
	if !strings.Contains(li, fmt.Sprintf("Berlaku sejak %s (versi %d)", naskah.Date(today), v.Number)) ||
		!strings.Contains(li, fmt.Sprintf("revisi, versi %d: Disetujui, belum ditetapkan — belum berlaku", rev.Number)) {
		t.Errorf("the index item does not show the text in force and the revision apart:\n%s", li)
	}
	_, out = a.api(c, "", "GET", "/api/v1/policies?region=sawahlunto", nil, "")
	var listed struct {
		Policies []policies.PolicySummary `json:"policies"`
	}
	json.Unmarshal([]byte(out), &listed)
	found := false
	for _, p := range listed.Policies {
		if p.ID == pol.ID {
			found = true
			if p.EffectiveVersion != v.Number || p.EffectiveSince == nil || p.LegalStage != policies.LegalApproved || p.InForceVersion != rev.Number {
				t.Errorf("the API list item: effective %d since %v, stage %s, approved %d; want %d in force, %d approved",
					p.EffectiveVersion, p.EffectiveSince, p.LegalStage, p.InForceVersion, v.Number, rev.Number)
			}
		}
	}
	if !found {
		t.Errorf("the API list lacks the Perwali: %.300s", out)
	}
}

// pasalNumbers lists a text's Pasal headings, whatever their level: "1,2,…".
func pasalNumbers(md string) string {
	var ns []string
	for _, m := range regexp.MustCompile(`(?m)^#+\s+Pasal (\d+)\s*$`).FindAllStringSubmatch(md, -1) {
		ns = append(ns, m[1])
	}
	return strings.Join(ns, ",")
}
