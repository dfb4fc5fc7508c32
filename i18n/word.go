package i18n

// catalogueWord holds the strings of Word import and export (word.go),
// Indonesian first, then English, as in catalogue.
var catalogueWord = map[string][2]string{
	"word_import_title":         {"Kebijakan baru dari berkas Word atau teks", "New policy from a Word or text file"},
	"word_import_version_title": {"Versi baru dari berkas Word atau teks", "New version from a Word or text file"},
	"word_intro": {"Unggah dokumen Word (.docx) atau teks (.txt, .md). Judul bagian menjadi bagian kebijakan; daftar dan tabel dipertahankan. Anda meninjau hasilnya sebelum menyimpan.",
		"Upload a Word document (.docx) or a text file (.txt, .md). Headings become the policy's sections; lists and tables are kept. You review the result before saving."},
	"word_file":      {"Berkas (.docx, .txt, .md)", "File (.docx, .txt, .md)"},
	"word_file_hint": {"Paling besar 1 MB. Gambar tidak diimpor. Dokumen yang dikunci kata sandi tidak dapat dibaca.", "At most 1 MB. Pictures are not imported. Password-protected documents cannot be read."},
	"word_upload":    {"Unggah dan tinjau", "Upload and review"},
	"word_review":    {"Tinjau hasil impor", "Review the import"},
	"word_review_hint": {"Belum ada yang disimpan. Periksa pratinjau, perbaiki Markdown bila perlu, lalu simpan.",
		"Nothing is saved yet. Check the preview, correct the Markdown if needed, then save."},
	"word_sections":    {"Bagian yang ditemukan", "Sections found"},
	"word_slug":        {"Slug (huruf kecil a-z, angka 0-9, tanda hubung)", "Slug (lower-case a-z, digits 0-9, hyphens)"},
	"word_save_policy": {"Simpan sebagai kebijakan baru", "Save as a new policy"},
	"word_summary":     {"Diimpor dari %s", "Imported from %s"},
	"word_download":    {"Unduh .docx", "Download .docx"},
	"word_import_link": {"Impor dari Word", "Import from Word"},
	"word_or_import":   {"Sudah punya dokumen Word? Impor dari berkas", "Already have a Word document? Import it from a file"},
}
