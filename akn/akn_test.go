package akn_test

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/policyflow/policyflow/akn"
	"github.com/policyflow/policyflow/consolidate"
)

// amended is a Perwali as consolidated: BAB, an inserted Pasal 4A with
// ayat, a repealed Pasal 7, text to escape.
const amended = `# PERATURAN WALI KOTA SAWAHLUNTO TENTANG PENGEMBANGAN KOMPETENSI

## BAB I KETENTUAN UMUM

### Pasal 1

Dalam Peraturan Wali Kota ini yang dimaksud dengan:

1. Daerah adalah Kota Sawahlunto & sekitarnya <uji>.

## BAB II PELAKSANAAN

### Pasal 4

(1) Perangkat Daerah menyusun rencana setiap tahun.

(2) Rencana sebagaimana dimaksud pada ayat (1) disampaikan paling lambat
tanggal 31 Januari.

### Pasal 4A

Perangkat Daerah melaporkan pelaksanaan rencana setiap semester.

### Pasal 7

Dihapus.
`

func day(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }

var act = akn.Act{Region: "sawahlunto", Subtype: "perwali", Year: 2026, Number: 3, Name: "Peraturan Wali Kota Sawahlunto Nomor 3 Tahun 2026",
	EnactedOn: day("2026-01-05"), At: day("2026-07-01"), Generated: day("2026-12-07"), Consolidated: true}

// The document reads back with the structure of the text: FRBR
// identifiers in the documented pattern, BAB as chapters, every Pasal
// (4A too) as an article with its ayat as paragraphs, text escaped.
func TestXMLStructure(t *testing.T) {
	out := akn.XML(act, amended)
	var doc struct {
		XMLName xml.Name `xml:"http://docs.oasis-open.org/legaldocml/ns/akn/3.0 akomaNtoso"`
		Act     struct {
			Name string `xml:"name,attr"`
			Meta struct {
				Work struct {
					URI struct {
						Value string `xml:"value,attr"`
					} `xml:"FRBRuri"`
				} `xml:"identification>FRBRWork"`
				Expression struct {
					URI struct {
						Value string `xml:"value,attr"`
					} `xml:"FRBRuri"`
				} `xml:"identification>FRBRExpression"`
			} `xml:"meta"`
			Title    string `xml:"preface>longTitle>p"`
			Chapters []struct {
				Num      string `xml:"num"`
				Articles []struct {
					EID   string   `xml:"eId,attr"`
					Num   string   `xml:"num"`
					Paras []string `xml:"paragraph>num"`
					Text  []string `xml:"content>p"`
				} `xml:"article"`
			} `xml:"body>chapter"`
		} `xml:"act"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, out)
	}
	if doc.Act.Meta.Work.URI.Value != "/akn/id-sawahlunto/act/perwali/2026/3" || doc.Act.Meta.Expression.URI.Value != "/akn/id-sawahlunto/act/perwali/2026/3/ind@2026-07-01" {
		t.Errorf("FRBR: %+v", doc.Act.Meta)
	}
	var got []string
	for _, c := range doc.Act.Chapters {
		got = append(got, c.Num)
		for _, a := range c.Articles {
			got = append(got, a.EID+" "+a.Num+" "+strings.Join(a.Paras, ",")+" "+strings.Join(a.Text, "|"))
		}
	}
	want := []string{"BAB I",
		"art_1 Pasal 1  Dalam Peraturan Wali Kota ini yang dimaksud dengan:|1. Daerah adalah Kota Sawahlunto & sekitarnya <uji>.",
		"BAB II", "art_4 Pasal 4 (1),(2) ", "art_4A Pasal 4A  Perangkat Daerah melaporkan pelaksanaan rencana setiap semester.", "art_7 Pasal 7  Dihapus."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("structure:\n%q\nwant\n%q", got, want)
	}
	if doc.Act.Title != "PERATURAN WALI KOTA SAWAHLUNTO TENTANG PENGEMBANGAN KOMPETENSI" {
		t.Errorf("title %q", doc.Act.Title)
	}
}

// The documents validate against the Akoma Ntoso 3.0 schema (vendored
// in schema/ with its licence), by xmllint (libxml2-utils: make xmllint):
// a consolidation of the consolidate package's engine, an enacted text,
// and a narrative text without Pasal.
func TestXMLValidatesAgainstTheSchema(t *testing.T) {
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Fatal("xmllint not found: install libxml2-utils (make xmllint)")
	}
	n4a, _ := consolidate.ParseNumber("4A")
	n4b, _ := consolidate.ParseNumber("4B")
	n4, _ := consolidate.ParseNumber("4")
	r := consolidate.Consolidate(amended, []consolidate.Instruction{
		{Act: consolidate.Act{InForce: day("2026-10-01")}, Op: consolidate.Insert, Pasal: n4b, After: n4a, Text: "(1) Satu.\n\n(2) Dua."},
		{Act: consolidate.Act{InForce: day("2026-10-01")}, Op: consolidate.Insert, Pasal: n4, Ayat: 1, AyatLetter: "a", Text: "Rencana memuat kebutuhan jabatan."},
	}, day("2026-10-01"))
	if len(r.Misfits) != 0 || !strings.Contains(r.Text, "### Pasal 4B") {
		t.Fatalf("the engine's text: %v\n%s", r.Misfits, r.Text)
	}
	if doc := string(akn.XML(act, r.Text)); !strings.Contains(doc, `<paragraph eId="art_4__para_1a"><num>(1a)</num><content><p>Rencana memuat kebutuhan jabatan.</p></content></paragraph>`) {
		t.Errorf("the inserted ayat (1a):\n%s", doc)
	}
	enacted := act
	enacted.Consolidated = false
	for name, doc := range map[string][]byte{
		"consolidated": akn.XML(act, amended),
		"engine":       akn.XML(act, r.Text),
		"enacted":      akn.XML(enacted, amended),
		"narrative":    akn.XML(act, "# Kebijakan\n\n## Tujuan\n\nUji.\n"),
	} {
		validates(t, name, doc, true)
	}
	// The check is a real one: well-formed XML without the Work's
	// identification fails.
	broken := strings.ReplaceAll(string(akn.XML(act, amended)), "FRBRWork>", "FRBRWerk>")
	validates(t, "broken", []byte(broken), false)
}

// validates runs xmllint on doc and says whether the schema accepts it, as want.
func validates(t *testing.T, name string, doc []byte, want bool) {
	t.Helper()
	f := filepath.Join(t.TempDir(), name+".xml")
	if err := os.WriteFile(f, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", "schema/akomantoso30.xsd", f).CombinedOutput()
	if got := err == nil && strings.Contains(string(out), "validates"); got != want {
		t.Errorf("%s: valid %v, want %v: %v\n%s\n%s", name, got, want, err, out, doc)
	}
}
