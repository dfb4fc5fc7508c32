package i18n

// catalogueConsolidation holds the strings of the consolidated-text page
// (issue 27), Indonesian first, then English, as in catalogue.
var catalogueConsolidation = map[string][2]string{
	"consol_title":           {"Teks terkonsolidasi", "Consolidated text"},
	"consol_link":            {"Teks terkonsolidasi (dengan perubahannya)", "Consolidated text (with its amendments)"},
	"consol_per":             {"Teks per tanggal", "Text as of"},
	"consol_show":            {"Tampilkan", "Show"},
	"consol_banner":          {"Teks terkonsolidasi per", "Consolidated text as of"},
	"consol_unofficial":      {"bukan teks resmi; teks resmi ialah peraturan sebagaimana ditetapkan dan diundangkan.", "not the official text; the official texts are the regulations as enacted and promulgated."},
	"consol_repealed":        {"Peraturan ini tidak berlaku lagi: dicabut sejak", "This regulation is no longer in force: repealed from"},
	"consol_not_yet":         {"Pada tanggal itu peraturan ini belum berlaku; berlaku sejak", "On that day this regulation was not yet in force; in force from"},
	"consol_none":            {"Peraturan ini belum berlaku: belum ada teks untuk dikonsolidasikan.", "This regulation is not in force: there is no text to consolidate."},
	"consol_changed":         {"Ketentuan yang diubah", "Provisions amended"},
	"consol_provision":       {"Ketentuan", "Provision"},
	"consol_change":          {"Perubahan", "Change"},
	"consol_by":              {"Diubah dengan", "Amended by"},
	"consol_from":            {"Berlaku sejak", "In force from"},
	"consol_op_ubah":         {"Diubah", "Replaced"},
	"consol_op_sisipkan":     {"Disisipkan", "Inserted"},
	"consol_op_hapus":        {"Dihapus", "Repealed"},
	"consol_pending":         {"Perubahan yang sudah ditetapkan tetapi belum berlaku (belum diterapkan)", "Amendments enacted but not yet in force (not applied)"},
	"consol_from_day":        {"berlaku sejak", "in force from"},
	"consol_not_promulgated": {"belum diundangkan", "not yet promulgated"},
	"consol_akn":             {"Unduh sebagai Akoma Ntoso 3.0 (XML)", "Download as Akoma Ntoso 3.0 (XML)"},
	"consol_not_applied":     {"Butir perubahan yang tidak dapat diterapkan", "Amendment points that could not be applied"},
}
