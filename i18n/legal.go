package i18n

import (
	"fmt"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// catalogueLegal holds the strings of the legal-drafting structure: the
// Peraturan Wali Kota template on the new-policy form, the structure check
// of the editor and its findings, and comments anchored to a Pasal or ayat
// (legal.go), Indonesian first, then English, as in catalogue.
var catalogueLegal = map[string][2]string{
	"legal_form":           {"Bentuk dokumen", "Document form"},
	"legal_form_narrative": {"Naskah kebijakan (kosong)", "Policy narrative (empty)"},
	"legal_form_perwali":   {"Peraturan Wali Kota (templat)", "Mayor's Regulation (template)"},
	"legal_form_current":   {"(dipilih)", "(selected)"},
	"legal_form_help": {"Templat berisi judul, Menimbang, Mengingat, dua BAB dengan Pasal dan ayat, serta ketentuan penutup; ubah isinya sesuai kebijakan Anda.",
		"The template holds the title, the considerations (Menimbang), the legal bases (Mengingat), two chapters (BAB) with articles (Pasal) and paragraphs (ayat), and the closing provisions; edit it to your policy."},
	"legal_check":      {"Periksa struktur", "Check structure"},
	"legal_check_help": {"Memeriksa penomoran Pasal, ayat dan BAB, Menimbang, Mengingat, serta rujukan antarpasal tanpa menyimpan. Temuan hanya peringatan: Anda tetap dapat menyimpan.", "Checks the numbering of articles, paragraphs and chapters, the considerations, the legal bases and cross-references without saving. Findings only warn: you can still save."},
	"legal_findings":   {"Temuan pemeriksaan struktur", "Structure check findings"},
	"legal_no_findings": {"Struktur tidak bermasalah (naskah tanpa Pasal tidak diperiksa).",
		"No structure problems found (a text without articles is not checked)."},
	"legal_saved":          {"Versi %d disimpan. Periksa temuan struktur di bawah ini.", "Version %d saved. Look at the structure findings below."},
	"legal_saved_view":     {"Lihat kebijakan", "View the policy"},
	"legal_line":           {"Baris %d: ", "Line %d: "},
	"legal_find_other":     {"masalah struktur", "structure problem"},
	"legal_find_pasal_gap": {"Pasal %s menyusul Pasal %s; Pasal %d tidak ada", "Article (Pasal) %s follows Article %s; Article %d is missing"},
	"legal_find_pasal_first": {"Pasal pertama bernomor %s; penomoran Pasal dimulai dari Pasal 1",
		"The first article (Pasal) is numbered %s; articles are numbered from 1"},
	"legal_find_pasal_repeat": {"Pasal %s sudah ada sebelumnya (nomor Pasal berulang)", "Article (Pasal) %s appears twice"},
	"legal_find_ayat_gap": {"Pasal %s: ayat (%d) menyusul ayat (%d); ayat (%d) tidak ada",
		"Article (Pasal) %s: paragraph (%d) follows paragraph (%d); paragraph (%d) is missing"},
	"legal_find_ayat_first": {"Pasal %s: ayat pertama harus ayat (1), bukan ayat (%d)",
		"Article (Pasal) %s: the first paragraph must be (1), not (%d)"},
	"legal_find_pasal_order":   {"Pasal %s sesudah Pasal %s: urutan Pasal terbalik", "Article (Pasal) %s comes after Article %s: the articles are out of order"},
	"legal_find_ayat_order":    {"Pasal %s: ayat (%d) sesudah ayat (%d): urutan ayat terbalik", "Article (Pasal) %s: paragraph (%d) comes after paragraph (%d): the paragraphs are out of order"},
	"legal_find_ayat_repeat":   {"Pasal %s: ayat (%d) berulang", "Article (Pasal) %s: paragraph (%d) appears twice"},
	"legal_find_bab_not_roman": {"BAB %s: nomor BAB harus angka Romawi (I, II, III, …)", "Chapter (BAB) %s: chapters are numbered in Roman numerals (I, II, III, …)"},
	"legal_find_bab_order":     {"BAB %s tidak berurutan; seharusnya BAB %s", "Chapter (BAB) %s is out of order; expected Chapter %s"},
	"legal_find_bab_repeat":    {"BAB %s berulang", "Chapter (BAB) %s appears twice"},
	"legal_find_menimbang_end": {"Menimbang huruf %s tidak diakhiri titik koma (;)", "Consideration (Menimbang) %s does not end with a semicolon (;)"},
	"legal_find_mengingat_no_cite": {"Mengingat angka %s tidak menyebut peraturan (jenis, nomor, dan tahun)",
		"Legal basis (Mengingat) %s cites no regulation (kind, number and year)"},
	"legal_find_ref_missing_pasal": {"merujuk Pasal %s, padahal Pasal itu tidak ada", "refers to Article (Pasal) %s, which does not exist"},
	"legal_find_ref_missing_ayat":  {"merujuk Pasal %s ayat (%d), padahal ayat itu tidak ada", "refers to Article (Pasal) %s paragraph (%d), which does not exist"},
	"legal_find_ref_moved": {"merujuk %s, tetapi ketentuan yang dirujuk sebelum penomoran ulang kini menjadi %s",
		"refers to %s, but the provision it referred to before the renumbering is now %s"},
	"legal_find_ref_other": {"merujuk %s, yang sesudah penomoran ulang berisi ketentuan yang semula %s; ketentuan yang dirujuk tidak ada lagi",
		"refers to %s, which after the renumbering holds the provision that was %s; the provision it referred to is gone"},
	// Comments anchored to a Pasal or ayat.
	"legal_pasal":        {"Pasal (nomor, opsional)", "Article (Pasal) number, optional"},
	"legal_ayat":         {"Ayat (nomor, opsional)", "Paragraph (ayat) number, optional"},
	"legal_pasal_help":   {"Isi nomor Pasal (dan ayat) untuk mengomentari ketentuan itu; bagian dan kutipan lalu diambil dari teksnya.", "Give an article (and paragraph) number to comment on that provision; the section and quote are then taken from its text."},
	"legal_provision":    {"Pasal %d", "Article (Pasal) %d"},
	"legal_provision_ay": {"Pasal %d ayat (%d)", "Article (Pasal) %d paragraph (%d)"},
}

// Finding says a structure finding in the reader's language, with its
// line: "Baris 12: …".
func Finding(lang string, f policies.StructureFinding) string {
	return fmt.Sprintf(Pages[lang]["legal_line"], f.Line) + findingMessage(lang, f)
}

// findingMessage says what a finding is, with its numbers.
func findingMessage(lang string, f policies.StructureFinding) string {
	m := Pages[lang]
	pasal, prev := policies.PasalNumber(f.Pasal, f.Letter), policies.PasalNumber(f.Prev, f.PrevLetter)
	switch f.Code {
	case policies.FindPasalGap:
		if f.Prev == 0 {
			return fmt.Sprintf(m["legal_find_pasal_first"], pasal)
		}
		return fmt.Sprintf(m["legal_find_pasal_gap"], pasal, prev, f.Want)
	case policies.FindPasalOrder:
		return fmt.Sprintf(m["legal_find_pasal_order"], pasal, prev)
	case policies.FindAyatOrder:
		return fmt.Sprintf(m["legal_find_ayat_order"], pasal, f.Ayat, f.Prev)
	case policies.FindPasalRepeat:
		return fmt.Sprintf(m["legal_find_pasal_repeat"], pasal)
	case policies.FindAyatGap:
		if f.Prev == 0 {
			return fmt.Sprintf(m["legal_find_ayat_first"], pasal, f.Ayat)
		}
		return fmt.Sprintf(m["legal_find_ayat_gap"], pasal, f.Ayat, f.Prev, f.Want)
	case policies.FindAyatRepeat:
		return fmt.Sprintf(m["legal_find_ayat_repeat"], pasal, f.Ayat)
	case policies.FindBabNotRoman:
		return fmt.Sprintf(m["legal_find_bab_not_roman"], f.Numeral)
	case policies.FindBabOrder:
		return fmt.Sprintf(m["legal_find_bab_order"], f.Numeral, policies.Roman(f.Want))
	case policies.FindBabRepeat:
		return fmt.Sprintf(m["legal_find_bab_repeat"], f.Numeral)
	case policies.FindMenimbangEnd:
		return fmt.Sprintf(m["legal_find_menimbang_end"], f.Label)
	case policies.FindMengingatNoCite:
		return fmt.Sprintf(m["legal_find_mengingat_no_cite"], f.Label)
	case policies.FindRefMissingPasal:
		return fmt.Sprintf(m["legal_find_ref_missing_pasal"], pasal)
	case policies.FindRefMissingAyat:
		return fmt.Sprintf(m["legal_find_ref_missing_ayat"], pasal, f.Ayat)
	case policies.FindRefMoved, policies.FindRefOther:
		cite := func(c string) string { // "Pasal 4 ayat (2)", in English "Article (Pasal) 4 paragraph (2)"
			if lang == "en" {
				c = strings.Replace(strings.Replace(c, "Pasal", "Article (Pasal)", 1), "ayat", "paragraph", 1)
			}
			return c
		}
		ref := "Pasal " + pasal
		if f.Ayat > 0 {
			ref += fmt.Sprintf(" ayat (%d)", f.Ayat)
		}
		return fmt.Sprintf(m["legal_find_"+f.Code], cite(ref), cite(f.Label))
	}
	return m["legal_find_other"]
}
