package naskah_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/naskah"
	"github.com/policyflow/policyflow/policies"
)

const perwali = "# PERATURAN WALI KOTA SAWAHLUNTO TENTANG PENGEMBANGAN KOMPETENSI\n\n## BAB I KETENTUAN UMUM\n\n### Pasal 1\n\nIsi.\n"

func ptr[T any](v T) *T { return &v }

func TestDate(t *testing.T) {
	for _, c := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC), "3 Maret 2026"},
		{time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), "31 Desember 2026"},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), "1 Januari 2027"},
	} {
		if got := naskah.Date(c.t); got != c.want {
			t.Errorf("Date(%v) = %q, want %q", c.t, got, c.want)
		}
	}
}

// The blocks of an enactment as they print: the page shows them line by
// line, the PDF and the DOCX lay out the same lines.
func TestEnactmentBlocks(t *testing.T) {
	e := policies.Enactment{Form: policies.FormPerwali, Number: 3, Year: 2026, Place: "Sawahlunto",
		EnactedOn: time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC), Capacity: policies.SignPlt,
		PrincipalTitle: "Wali Kota Sawahlunto", SignerName: "Ahmad Rifai", SignerTitle: "Sekretaris Daerah"}
	sig := naskah.Signature(e, "Kota Sawahlunto")
	if got, want := sig.Dated(), []string{"Ditetapkan di Sawahlunto", "pada tanggal 3 Maret 2026"}; !reflect.DeepEqual(got, want) {
		t.Errorf("dated %q, want %q", got, want)
	}
	if got, want := sig.Signed(), []string{"Plt. WALI KOTA SAWAHLUNTO,", "", "Ahmad Rifai"}; !reflect.DeepEqual(got, want) {
		t.Errorf("signed %q, want %q", got, want)
	}
	if got := sig.PrintedName(); got != "AHMAD RIFAI" {
		t.Errorf("printed name %q", got)
	}
	if got := naskah.SignedBy(e); got != "Plt. Wali Kota Sawahlunto — Ahmad Rifai" {
		t.Errorf("signed by %q", got)
	}
	// Before the promulgation: no block, no gazette.
	if p := naskah.Promulgation(e, "Kota Sawahlunto"); p != nil || p.Lines() != nil || naskah.Gazette(e, "Kota Sawahlunto") != "" || naskah.PromulgatedBy(e) != "" {
		t.Errorf("before the promulgation: %+v", p)
	}

	// a.n.: the principal's office, then the signer's own.
	an := e
	an.Capacity = policies.SignOnBehalf
	if got, want := naskah.Signature(an, "Kota Sawahlunto").Signed(), []string{"a.n. WALI KOTA SAWAHLUNTO", "SEKRETARIS DAERAH,", "", "Ahmad Rifai"}; !reflect.DeepEqual(got, want) {
		t.Errorf("a.n. signed %q, want %q", got, want)
	}

	e.PromulgatedOn = ptr(time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC))
	e.PromulgatorPrefix, e.PromulgatorTitle, e.PromulgatorName = ptr("Plt. "), ptr("Sekretaris Daerah Kota Sawahlunto"), ptr("Ambun Kadri")
	e.GazetteYear, e.GazetteNumber = ptr(2026), ptr(12)
	want := []string{"Diundangkan di Sawahlunto", "pada tanggal 5 Maret 2026", "Plt. SEKRETARIS DAERAH KOTA SAWAHLUNTO,", "", "Ambun Kadri"}
	if got := naskah.Promulgation(e, "Kota Sawahlunto").Lines(); !reflect.DeepEqual(got, want) {
		t.Errorf("promulgation %q, want %q", got, want)
	}
	if got := naskah.Gazette(e, "Kota Sawahlunto"); got != "BERITA DAERAH KOTA SAWAHLUNTO TAHUN 2026 NOMOR 12" {
		t.Errorf("gazette %q", got)
	}
	if got := naskah.GazetteCite(e, "Kota Sawahlunto"); got != "Berita Daerah Kota Sawahlunto Tahun 2026 Nomor 12" {
		t.Errorf("gazette cite %q", got)
	}
	if got := naskah.PromulgatedBy(e); got != "Plt. Sekretaris Daerah Kota Sawahlunto — Ambun Kadri" {
		t.Errorf("promulgated by %q", got)
	}
}

func TestNew(t *testing.T) {
	region := policies.Region{Name: "Kota Sawahlunto", PaperSize: policies.PaperA4}
	enacted := &policies.Enactment{Form: policies.FormPerwali, Number: 3, Year: 2026, Place: "Sawahlunto",
		EnactedOn: time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC), PrincipalTitle: "Wali Kota Sawahlunto", SignerName: "Ahmad Rifai",
		PromulgatedOn: ptr(time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)), PromulgatorTitle: ptr("Sekretaris Daerah Kota Sawahlunto"),
		PromulgatorName: ptr("Ambun Kadri"), GazetteYear: ptr(2026), GazetteNumber: ptr(12)}
	cases := []struct {
		name      string
		md        string
		e         *policies.Enactment
		heading   []string
		signature []string
		promul    bool
		gazette   string
	}{
		{"enacted", perwali, enacted, []string{"PERATURAN WALI KOTA SAWAHLUNTO", "NOMOR 3 TAHUN 2026", "TENTANG", "PENGEMBANGAN KOMPETENSI"},
			[]string{"Ditetapkan di Sawahlunto", "pada tanggal 3 Maret 2026", "WALI KOTA SAWAHLUNTO,", "", "Ahmad Rifai"}, true, "BERITA DAERAH KOTA SAWAHLUNTO TAHUN 2026 NOMOR 12"},
		{"draft regulation", perwali, nil, []string{"PERATURAN WALI KOTA SAWAHLUNTO", "NOMOR ………… TAHUN …………", "TENTANG", "PENGEMBANGAN KOMPETENSI"},
			[]string{"Ditetapkan di Sawahlunto", "pada tanggal " + naskah.Blank, "WALI KOTA SAWAHLUNTO,", "", ""}, false, ""},
		{"narrative draft", "Teks tanpa judul.\n", nil, []string{"KEBIJAKAN KOMPETENSI"}, nil, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			created := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
			d := naskah.New(naskah.Source{Policy: policies.Policy{Title: "Kebijakan Kompetensi"},
				Version: policies.Version{Markdown: c.md, SHA256: "abc", CreatedAt: created}, Enactment: c.e, Region: region, VerifyURL: "http://x/verifikasi/abc"})
			if got := d.Heading.Lines(); !reflect.DeepEqual(got, c.heading) {
				t.Errorf("heading %q, want %q", got, c.heading)
			}
			if got := d.Signature.Lines(); !reflect.DeepEqual(got, c.signature) {
				t.Errorf("signature %q, want %q", got, c.signature)
			}
			if (d.Promulgation != nil) != c.promul || d.Gazette != c.gazette {
				t.Errorf("promulgation %+v, gazette %q", d.Promulgation, d.Gazette)
			}
			if d.Draft != (c.e == nil) || d.Paper != "A4" || d.Body != c.md || !d.Date.Equal(created) || d.PolicyTitle != "Kebijakan Kompetensi" {
				t.Errorf("document %+v", d)
			}
			if d.HashLine() != "SHA-256: abc" || d.VerifyLine() != "Verifikasi keaslian: http://x/verifikasi/abc" {
				t.Errorf("footer %q %q", d.HashLine(), d.VerifyLine())
			}
		})
	}
}

// The paraf column: coordination first, the hierarchy in its order, times
// in the region's zone with its name; the DOCX's Markdown has it as a
// table between the signature and the promulgation, escaped.
func TestParafColumn(t *testing.T) {
	at := time.Date(2026, 12, 7, 1, 15, 0, 0, time.UTC)
	ps := []policies.Paraf{
		{Kind: policies.ParafHierarchy, Position: 2, Office: "Sekretaris Daerah", Name: "Ambun Kadri", InitialledAt: at.Add(2 * time.Hour)},
		{Kind: policies.ParafHierarchy, Position: 1, Office: "Kepala Bagian Hukum", Name: "Rina", InitialledAt: at.Add(time.Hour)},
		{Kind: policies.ParafCoordination, Office: "Kepala BKPSDM | Plt.", Name: "Budi", InitialledAt: at},
	}
	got := naskah.ParafColumn(ps, policies.ZoneWIT)
	want := []naskah.ParafLine{
		{Kind: "Paraf koordinasi", Office: "Kepala BKPSDM | Plt.", Name: "Budi", When: "7 Desember 2026 10.15 WIT"},
		{Kind: "Paraf hierarki 1", Office: "Kepala Bagian Hukum", Name: "Rina", When: "7 Desember 2026 11.15 WIT"},
		{Kind: "Paraf hierarki 2", Office: "Sekretaris Daerah", Name: "Ambun Kadri", When: "7 Desember 2026 12.15 WIT"},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("column %+v,\nwant %+v", got, want)
	}
	d := naskah.New(naskah.Source{Version: policies.Version{Markdown: perwali}, Region: policies.Region{Name: "Kota Sawahlunto", TimeZone: policies.ZoneWIT}, Parafs: ps})
	md := d.Markdown()
	sig, table := strings.Index(md, "WALI KOTA SAWAHLUNTO"), strings.Index(md, "| Jenis paraf |")
	if sig < 0 || table < sig || !strings.Contains(md, `| Kepala BKPSDM \| Plt\. |`) {
		t.Errorf("the Markdown has no escaped paraf table below the signature:\n%s", md)
	}
}
