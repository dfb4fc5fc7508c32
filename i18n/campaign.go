package i18n

// catalogueCampaign holds the words of working through many comments
// (issue 26): the automatic groups of campaign and near-duplicate comments,
// the filters, one answer for a whole group, themes and assignment on the
// answers page, and the groups in the report. Indonesian first, then
// English, as in catalogue.
var catalogueCampaign = map[string][2]string{
	"camp_groups_title":   {"Kelompok komentar serupa", "Groups of similar comments"},
	"camp_groups_auto":    {"Dikelompokkan otomatis menurut kemiripan teks, tanpa membaca maknanya; pengelompokan bisa keliru, jadi periksa komentarnya sebelum menjawab.", "Grouped automatically by how alike the texts are, without reading their meaning; the grouping can be wrong, so check the comments before answering."},
	"camp_groups_none":    {"Tidak ada komentar yang sama atau mirip.", "No identical or similar comments."},
	"camp_kind_kampanye":  {"Kampanye (teks sama)", "Campaign (same text)"},
	"camp_kind_mirip":     {"Mirip (hampir sama)", "Similar (near-duplicate)"},
	"camp_kind_singkat":   {"Komentar singkat yang sama", "Same short comment"},
	"camp_comments":       {"komentar", "comments"},
	"camp_show_group":     {"Tampilkan kelompok ini", "Show this group"},
	"camp_group_shown":    {"Kelompok yang ditampilkan", "Group shown"},
	"camp_group_gone":     {"Kelompok ini tidak ada lagi: komentarnya berubah sejak halaman dibuka. Pilih kelompok dari daftar.", "This group no longer exists: the comments changed since the page was opened. Choose a group from the list."},
	"camp_f_status":       {"Status jawaban", "Answer status"},
	"camp_f_any":          {"Semua", "All"},
	"camp_f_answered":     {"Sudah dijawab (terbit)", "Answered (published)"},
	"camp_f_group":        {"Kelompok", "Group"},
	"camp_f_apply":        {"Saring", "Filter"},
	"camp_f_clear":        {"Hapus saringan", "Clear filters"},
	"camp_representative": {"Teks wakil kelompok", "Representative text"},
}
