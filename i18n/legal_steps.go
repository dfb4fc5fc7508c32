package i18n

// catalogueLegalSteps holds the words of the legal steps after approval
// (harmonisation, paraf, enactment, promulgation) as the dashboard, the
// policy page and the workflows' notices say them, Indonesian first.
var catalogueLegalSteps = map[string][2]string{
	"legal_step_harmonisation": {"Harmonisasi oleh Kanwil Kementerian Hukum", "Harmonisation by the Ministry of Law's regional office"},
	"legal_step_paraf":         {"Paraf koordinasi dan hierarki", "Coordination and hierarchy paraf"},
	"legal_step_enactment":     {"Penetapan (nomor dan tanda tangan)", "Enactment (number and signature)"},
	"legal_step_promulgation":  {"Pengundangan dalam Berita Daerah", "Promulgation in the Berita Daerah"},
	"legal_steps_title":        {"Langkah hukum yang menunggu", "Legal steps waiting"},
	"legal_steps_none":         {"Tidak ada langkah hukum yang menunggu.", "No legal step is waiting."},
	"legal_step_waiting":       {"Langkah hukum berikutnya", "Next legal step"},
	"legal_step_due":           {"tenggat", "due"},
	"legal_step_workdays":      {"hari kerja", "working days"},
	"legal_step_overdue":       {"terlambat", "overdue"},
	"legal_step_escalated":     {"sudah dieskalasi", "escalated"},

	"legal_steps_settings_title": {"Tenggat langkah hukum", "Legal step deadlines"},
	"legal_steps_settings_intro": {"Sesudah persetujuan terakhir, alur kerja kebijakan mengikuti harmonisasi, paraf, penetapan dan pengundangan. Tentukan per langkah tenggatnya dan kapan dieskalasi, dalam hari kerja kalender wilayah: Bagian Hukum diingatkan sehari kerja sebelum tenggat dan saat tenggat lewat; administrator wilayah menerima eskalasi. Langkah yang dimulai sesudah perubahan memakai tenggat baru.", "After the last approval, the policy's workflow follows harmonisation, paraf, enactment and promulgation. Set per step its deadline and when it is escalated, in working days of the region's calendar: the legal unit is reminded one working day before the deadline and when it has passed; the region's administrators receive the escalation. Steps begun after a change use the new deadline."},
	"legal_steps_step":           {"Langkah", "Step"},
	"legal_steps_sla":            {"Tenggat (hari kerja)", "Deadline (working days)"},
	"legal_steps_escalation":     {"Eskalasi sesudah (hari kerja)", "Escalation after (working days)"},
}
