package i18n

// catalogueProgram holds the strings of a program's life on its page:
// status, edit, reschedule, cancel, budget and realisation.
var catalogueProgram = map[string][2]string{
	"program_status":        {"Status", "Status"},
	"program_reason":        {"Alasan", "Reason"},
	"program_edit":          {"Ubah program", "Edit the program"},
	"program_title":         {"Judul", "Title"},
	"program_kind":          {"Jenis", "Kind"},
	"program_partner":       {"Mitra (opsional)", "Partner (optional)"},
	"program_jp":            {"JP (jam pelajaran)", "JP (learning hours)"},
	"program_target":        {"Target peserta", "Target participants"},
	"program_save":          {"Simpan perubahan", "Save changes"},
	"program_reschedule":    {"Jadwalkan ulang", "Reschedule"},
	"program_starts":        {"Tanggal mulai", "Start date"},
	"program_ends":          {"Tanggal selesai", "End date"},
	"program_reschedule_do": {"Jadwalkan ulang dan beri tahu peserta", "Reschedule and tell the participants"},
	"program_cancel":        {"Batalkan program", "Cancel the program"},
	"program_cancel_do":     {"Batalkan dan beri tahu peserta", "Cancel and tell the participants"},
	"program_reason_help":   {"Alasan wajib diisi; peserta menerimanya dalam pemberitahuan.", "A reason is required; the participants receive it in the notice."},
	"program_budget":        {"Anggaran", "Budget"},
	"program_pagu":          {"Pagu (Rp)", "Budget ceiling (Rp)"},
	"program_realisation":   {"Realisasi (Rp)", "Realisation (Rp)"},
	"program_budget_save":   {"Simpan anggaran", "Save the budget"},
	"program_of_budget":     {"dari pagu", "of the budget"},
	"program_over_budget":   {"Perhatian: realisasi melebihi pagu.", "Warning: the realisation exceeds the budget."},
	"program_saved":         {"Program tersimpan", "Program saved"},
	"program_closed":        {"Program ini sudah selesai atau dibatalkan: jadwal dan isinya tidak dapat diubah lagi.", "This program has ended or was cancelled: its dates and content can no longer be changed."},
}
