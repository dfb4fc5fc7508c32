package policies_test

import (
	"strings"
	"testing"

	"github.com/policyflow/policyflow/policies"
)

const passageDoc = `# Kebijakan

## Pendahuluan

ASN wajib mengikuti **pelatihan**
minimal 20 JP per tahun.

### Rincian

- pelatihan teknis
- pelatihan manajerial

## Tujuan

Meningkatkan kompetensi & kinerja ASN.
`

func TestSectionTexts(t *testing.T) {
	got := policies.SectionTexts(passageDoc)
	for anchor, want := range map[string]string{
		"pendahuluan": "ASN wajib mengikuti pelatihan minimal 20 JP per tahun. Rincian pelatihan teknis pelatihan manajerial",
		"rincian":     "pelatihan teknis pelatihan manajerial",
		"tujuan":      "Meningkatkan kompetensi & kinerja ASN.",
	} {
		if got[anchor] != want {
			t.Errorf("SectionTexts[%q] = %q; want %q", anchor, got[anchor], want)
		}
	}
	if !strings.Contains(got[""], "Kebijakan") || !strings.Contains(got[""], "kinerja ASN.") {
		t.Errorf("SectionTexts[\"\"] = %q; want the whole document", got[""])
	}
}

func TestCheckQuote(t *testing.T) {
	q, err := policies.CheckQuote(passageDoc, "pendahuluan", "  mengikuti pelatihan\n minimal 20 JP ")
	if err != nil || q != "mengikuti pelatihan minimal 20 JP" {
		t.Fatalf("CheckQuote = %q, %v; want the folded quote", q, err)
	}
	for _, tc := range []struct {
		name, section, quote, field string
		kind                        policies.ErrorKind
	}{
		{"empty", "pendahuluan", " \n ", "quote", policies.KindInvalid},
		{"other section", "tujuan", "minimal 20 JP", "quote", policies.KindInvalid},
		{"not in text", "pendahuluan", "minimal 40 JP", "quote", policies.KindInvalid},
		{"unknown section", "penutup", "minimal 20 JP", "section", policies.KindInvalid},
		{"too long", "pendahuluan", strings.Repeat("a", policies.MaxQuote+1), "quote", policies.KindTooLarge},
	} {
		_, err := policies.CheckQuote(passageDoc, tc.section, tc.quote)
		var pe *policies.Error
		if err == nil || !errorAs(err, &pe) || pe.Kind != tc.kind || pe.Field != tc.field {
			t.Errorf("%s: CheckQuote error = %v; want %s naming %q", tc.name, err, tc.kind, tc.field)
		}
	}
}

func errorAs(err error, pe **policies.Error) bool {
	e, ok := err.(*policies.Error)
	*pe = e
	return ok
}

func TestReanchor(t *testing.T) {
	v2 := strings.Replace(passageDoc, "minimal 20 JP per tahun", "minimal 24 JP per tahun", 1)
	v2 = strings.Replace(v2, "## Tujuan\n\nMeningkatkan kompetensi & kinerja ASN.\n", "", 1)
	texts := policies.SectionTexts(v2)
	if st, _ := policies.Reanchor(texts, "rincian", "pelatihan teknis"); st != policies.AnchorApplies {
		t.Errorf("unchanged quote: state %q; want applies", st)
	}
	st, passage := policies.Reanchor(texts, "pendahuluan", "mengikuti pelatihan minimal 20 JP per tahun.")
	if st != policies.AnchorChanged || passage != "mengikuti pelatihan minimal 24 JP per tahun." {
		t.Errorf("changed quote: %q, passage %q; want changed with the closest passage", st, passage)
	}
	if st, p := policies.Reanchor(texts, "tujuan", "kinerja ASN"); st != policies.AnchorRemoved || p != "" {
		t.Errorf("removed section: %q %q; want removed", st, p)
	}
}

func TestApplyReplacements(t *testing.T) {
	got, err := policies.ApplyReplacements(passageDoc, []policies.Replacement{
		{CommentID: 1, Section: "pendahuluan", Quote: "minimal 20 JP per tahun.", With: "minimal 24 JP per tahun."},
		{CommentID: 2, Section: "tujuan", Quote: "kompetensi & kinerja", With: "kompetensi, integritas dan kinerja"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, "**pelatihan**\nminimal 24 JP per tahun.") || !strings.Contains(got, "kompetensi, integritas dan kinerja ASN.") {
		t.Errorf("ApplyReplacements = %q", got)
	}
	// The same words in another section are not this section's passage;
	// a quote twice in its section is ambiguous.
	for _, r := range []policies.Replacement{
		{CommentID: 3, Section: "tujuan", Quote: "pelatihan teknis", With: "x"},
		{CommentID: 4, Section: "rincian", Quote: "pelatihan", With: "x"},
		{CommentID: 5, Section: "hilang", Quote: "ASN", With: "x"},
	} {
		_, err := policies.ApplyReplacements(passageDoc, []policies.Replacement{r})
		if !policies.IsKind(err, policies.KindConflict) || !strings.Contains(err.Error(), "#") {
			t.Errorf("comment %d: error %v; want a conflict naming the comment", r.CommentID, err)
		}
	}
}
