package i18n

// catalogueConsultRules holds the strings of a region's consultation rules
// (issue 26): the settings (server/templates/admin_settings.html), the
// refusal of a consultation shorter than the minimum and the warning on the
// consultation page when the region only warns.
var catalogueConsultRules = map[string][2]string{
	"crules_min_days_label":       {"Masa konsultasi publik minimum (hari)", "Minimum public consultation period (days)"},
	"crules_mode_label":           {"Konsultasi yang lebih singkat", "A shorter consultation"},
	"crules_mode_warn":            {"Dibuka dengan peringatan (dicatat di riwayat)", "Opens with a warning (kept in the history)"},
	"crules_mode_refuse":          {"Ditolak", "Refused"},
	"crules_help":                 {"Dihitung dari saat konsultasi dibuka sampai batas waktunya. Bawaan 14 hari.", "Counted from the moment the consultation opens to its deadline. 14 days by default."},
	"crules_refused":              {"Batas waktu: konsultasi di wilayah ini paling singkat %d hari; batas waktu paling cepat %s.", "Deadline: consultations in this region last at least %d days; the earliest deadline is %s."},
	"crules_done_opened_short":    {"Konsultasi publik dibuka, tetapi lebih singkat dari masa minimum wilayah. Peringatan ini dicatat di riwayat kebijakan.", "Public consultation opened, but shorter than the region's minimum period. This warning is kept in the policy's history."},
	"crules_short_title":          {"Peringatan:", "Warning:"},
	"crules_short_body":           {"konsultasi ini lebih singkat dari masa minimum wilayah", "this consultation is shorter than the region's minimum period"},
	"crules_min_days":             {"minimum", "minimum"},
	"crules_days":                 {"hari", "days"},
	"crules_earliest":             {"batas waktu paling cepat", "earliest deadline"},
	"crules_answer_days_label":    {"Batas waktu jawaban dan laporan (hari setelah konsultasi ditutup)", "Deadline for answers and the report (days after the consultation closes)"},
	"crules_answer_days_help":     {"Penyusun diingatkan 3 hari sebelumnya; bila lewat dan masih ada komentar tanpa jawaban terbit, kepala unit pemilik kebijakan diberi tahu. Bawaan 30 hari.", "Drafters are reminded 3 days before; when it passes with comments still without a published answer, the head of the policy's owner unit is told. 30 days by default."},
	"crules_answers_due":          {"Jawaban dan laporan wajib terbit paling lambat", "Answers and the report are due by"},
	"crules_done_scheduled_short": {"Pembukaan konsultasi publik dijadwalkan, tetapi lebih singkat dari masa minimum wilayah. Peringatan ini akan dicatat di riwayat saat dibuka.", "Public consultation opening scheduled, but shorter than the region's minimum period. This warning will be kept in the history when it opens."},
	"csched_opens_at":             {"Jadwalkan pembukaan (opsional)", "Schedule the opening (optional)"},
	"csched_opens_help":           {"Kosongkan untuk membuka sekarang. Bila diisi, konsultasi dibuka otomatis pada waktu itu atas versi terbaru saat itu; sampai saat itu jadwal dapat diubah atau dibatalkan di halaman konsultasi.", "Leave empty to open now. When set, the consultation opens by itself at that time, on the version current then; until then the schedule can be changed or cancelled on the consultation page."},
	"csched_scheduled":            {"Dijadwalkan dibuka", "Scheduled to open"},
	"csched_until":                {"sampai", "until"},
	"csched_cancel":               {"Batalkan jadwal pembukaan", "Cancel the scheduled opening"},
	"csched_reschedule":           {"Ubah jadwal pembukaan", "Change the opening time"},
	"crules_answers_overdue":      {"Batas waktu jawaban sudah lewat", "The answers deadline has passed"},
}
