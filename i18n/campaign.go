package i18n

// catalogueCampaign holds the words of working through many comments
// (issue 26): the automatic groups of campaign and near-duplicate comments,
// the filters, one answer for a whole group, themes and assignment on the
// answers page, and the groups in the report. Indonesian first, then
// English, as in catalogue.
var catalogueCampaign = map[string][2]string{
	"camp_groups_title":       {"Kelompok komentar serupa", "Groups of similar comments"},
	"camp_groups_auto":        {"Dikelompokkan otomatis menurut kemiripan teks, tanpa membaca maknanya; pengelompokan bisa keliru, jadi periksa komentarnya sebelum menjawab.", "Grouped automatically by how alike the texts are, without reading their meaning; the grouping can be wrong, so check the comments before answering."},
	"camp_groups_none":        {"Tidak ada komentar yang sama atau mirip.", "No identical or similar comments."},
	"camp_kind_kampanye":      {"Kampanye (teks sama)", "Campaign (same text)"},
	"camp_kind_mirip":         {"Mirip (hampir sama)", "Similar (near-duplicate)"},
	"camp_kind_singkat":       {"Komentar singkat yang sama", "Same short comment"},
	"camp_comments":           {"komentar", "comments"},
	"camp_show_group":         {"Tampilkan kelompok ini", "Show this group"},
	"camp_group_shown":        {"Kelompok yang ditampilkan", "Group shown"},
	"camp_group_gone":         {"Kelompok ini tidak ada lagi: komentarnya berubah sejak halaman dibuka. Pilih kelompok dari daftar.", "This group no longer exists: the comments changed since the page was opened. Choose a group from the list."},
	"camp_f_status":           {"Status jawaban", "Answer status"},
	"camp_f_any":              {"Semua", "All"},
	"camp_f_answered":         {"Sudah dijawab (terbit)", "Answered (published)"},
	"camp_f_group":            {"Kelompok", "Group"},
	"camp_f_apply":            {"Saring", "Filter"},
	"camp_f_clear":            {"Hapus saringan", "Clear filters"},
	"camp_representative":     {"Teks wakil kelompok", "Representative text"},
	"audit_field_group":       {"Kelompok komentar serupa (komentar wakil)", "Group of similar comments (representative comment)"},
	"camp_bulk_title":         {"Satu jawaban untuk seluruh kelompok", "One answer for the whole group"},
	"camp_bulk_help":          {"Jawaban ini disimpan sebagai draf untuk setiap komentar kelompok yang belum memiliki jawaban; tiap komentar tetap mendapat jawabannya sendiri, diterbitkan seperti biasa dan dapat diubah satu per satu sebelum terbit. Komentar yang sudah memiliki jawaban tidak diubah.", "This answer is saved as a draft for every comment of the group that has no answer yet; each comment still gets its own answer, published as usual and editable one by one before publishing. Comments that already have an answer are left as they are."},
	"camp_bulk_counts":        {"Belum memiliki jawaban", "Without an answer"},
	"camp_bulk_apply":         {"Terapkan ke komentar yang belum dijawab", "Apply to the comments without an answer"},
	"camp_bulk_left":          {"Sudah memiliki jawaban (tidak diubah)", "Already answered (left as they are)"},
	"camp_bulk_none":          {"Setiap komentar kelompok ini sudah memiliki jawaban.", "Every comment of this group has an answer."},
	"camp_f_theme":            {"Tema", "Theme"},
	"camp_f_assignee":         {"Penjawab", "Who answers"},
	"camp_mine":               {"Ditugaskan kepada saya", "Assigned to me"},
	"camp_unassigned":         {"Belum ada (belum ditugaskan)", "Nobody yet (not assigned)"},
	"camp_themes":             {"Tema", "Themes"},
	"camp_theme_new":          {"Tema baru atau yang sudah ada", "A new or existing theme"},
	"camp_theme_add":          {"Tambah tema", "Add theme"},
	"camp_theme_remove":       {"Hapus tema", "Remove theme"},
	"camp_assignee":           {"Ditugaskan kepada", "Assigned to"},
	"camp_assign_to":          {"Tugaskan kepada", "Assign to"},
	"camp_assign":             {"Tugaskan", "Assign"},
	"camp_assign_group":       {"Tugaskan seluruh kelompok", "Assign the whole group"},
	"camp_done_theme_added":   {"Tema ditambahkan.", "Theme added."},
	"camp_done_theme_removed": {"Tema dihapus.", "Theme removed."},
	"camp_done_assigned":      {"Komentar ditugaskan; penyusun yang ditugaskan diberi tahu.", "Comments assigned; the drafter assigned was notified."},
	"audit_field_theme":       {"Tema", "Theme"},
	"audit_field_assignee":    {"Ditugaskan kepada", "Assigned to"},
	"camp_report_similar":     {"komentar serupa", "similar comments"},
	"camp_report_auto":        {"dikelompokkan otomatis; satu teks mewakili semuanya dan masing-masing mendapat jawaban yang sama", "grouped automatically; one text stands for all of them and each got the same answer"},
	"camp_report_note":        {"Komentar kampanye dan komentar yang hampir sama dikelompokkan otomatis menurut kemiripan teksnya, lalu ditampilkan sekali sebagai satu posisi dengan jumlah pengirimnya. Unduhan CSV memuat setiap komentar.", "Campaign comments and near-identical comments are grouped automatically by how alike their texts are, then shown once as one position with the number of people who sent it. The CSV download lists every comment."},
	"camp_done_group":         {"Jawaban diterapkan ke komentar kelompok yang belum memiliki jawaban; komentar yang sudah dijawab tidak diubah.", "The answer was applied to the group's comments without an answer; answered comments were left as they are."},
}

// auditCampaign names the audited actions of working through many comments.
var auditCampaign = map[string][2]string{
	"answer.drafted_for_group": {"Jawaban satu kelompok komentar serupa diterapkan ke masukan ini", "A group's one answer applied to this input"},
	"comment.theme_added":      {"Tema ditambahkan pada komentar", "Theme added to a comment"},
	"comment.theme_removed":    {"Tema dihapus dari komentar", "Theme removed from a comment"},
	"comment.assigned":         {"Komentar ditugaskan kepada penyusun", "Comment assigned to a drafter"},
	"comment.unassigned":       {"Penugasan komentar dibatalkan", "Comment un-assigned"},
}
