package i18n

// catalogueAmendment holds the strings of the amendment-points page
// (issue 27), Indonesian first, then English, as in catalogue.
var catalogueAmendment = map[string][2]string{
	"amend_title":        {"Butir perubahan", "Amendment points"},
	"amend_link":         {"Butir perubahan (Perubahan atas Peraturan Wali Kota)", "Amendment points (amending a Mayor Regulation)"},
	"amend_intro":        {"Setiap butir Pasal I mengubah, menyisipkan atau menghapus satu ketentuan Peraturan Wali Kota yang diubah, diperiksa terhadap teksnya yang berlaku hari ini.", "Each point of Article I replaces, inserts or repeals one provision of the amended Mayor Regulation, checked against its text in force today."},
	"amend_target":       {"Peraturan yang diubah", "Regulation amended"},
	"amend_no_target":    {"Bagian Hukum belum mencatat Peraturan Wali Kota yang diubah kebijakan ini (relasi \"Mengubah\" pada halaman produk hukum).", "The legal unit has not yet recorded which Mayor Regulation this policy amends (the \"Amends\" relation on the legal product page)."},
	"amend_many_targets": {"Kebijakan ini tercatat mengubah lebih dari satu kebijakan; butir perubahan disusun untuk satu Peraturan Wali Kota.", "This policy is recorded as amending more than one policy; amendment points are written for one Mayor Regulation."},
	"amend_not_in_force": {"Peraturan yang diubah belum berlaku: butir perubahan diperiksa terhadap teks yang berlaku.", "The amended regulation is not in force yet: points are checked against the text in force."},
	"amend_not_editable": {"Rancangan ini sedang dalam persetujuan atau sudah disetujui: butirnya tidak dapat diubah lagi.", "This draft is in approval or approved: its points can no longer change."},
	"amend_points":       {"Butir Pasal I", "Points of Article I"},
	"amend_no_points":    {"Belum ada butir perubahan.", "No amendment points yet."},
	"amend_op_ubah":      {"Ubah", "Replace"},
	"amend_op_sisipkan":  {"Sisipkan Pasal", "Insert an article"},
	"amend_op_hapus":     {"Hapus", "Repeal"},
	"amend_op":           {"Jenis perubahan", "Kind of change"},
	"amend_pasal":        {"Pasal (untuk sisipan: nomor baru, mis. 4A)", "Article (for an insertion: the new number, e.g. 4A)"},
	"amend_ayat":         {"Ayat (kosongkan untuk seluruh Pasal)", "Paragraph (empty for the whole article)"},
	"amend_ayat_help":    {"Untuk ayat sisipan tulis nomornya dengan huruf kecil: 1a disisipkan di antara ayat (1) dan ayat (2).", "For an inserted paragraph write its number with a small letter: 1a goes between paragraphs (1) and (2)."},
	"amend_after":        {"Disisipkan sesudah Pasal (hanya untuk sisipan)", "Inserted after article (insertions only)"},
	"amend_text":         {"Teks baru (kosongkan untuk penghapusan)", "New text (empty for a repeal)"},
	"amend_add":          {"Tambah butir", "Add point"},
	"amend_remove":       {"Hapus butir", "Remove point"},
	"amend_misfit":       {"Butir ini tidak lagi cocok dengan teks yang diubah; hapus lalu tulis ulang.", "This point no longer fits the amended text; remove it and write it again."},
	"amend_diff":         {"Perubahan yang dibuatnya", "The change it makes"},
	"amend_generated":    {"Naskah perubahan (bentuk Lampiran II UU 12/2011)", "Amending text (form of Law 12/2011, Annex II)"},
	"amend_use_text":     {"Simpan sebagai versi baru rancangan", "Save as a new version of the draft"},
	"amend_use_summary":  {"Naskah perubahan disusun dari butir perubahan", "Amending text made from the amendment points"},
	"amend_done_added":   {"Butir perubahan ditambahkan.", "Amendment point added."},
	"amend_done_removed": {"Butir perubahan dihapus.", "Amendment point removed."},
}
