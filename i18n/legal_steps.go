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
}
