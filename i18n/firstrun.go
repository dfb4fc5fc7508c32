package i18n

// catalogueFirstRun holds the strings of the unit-officer warnings and the
// first-run pages, Indonesian first, then English, as in catalogue.
var catalogueFirstRun = map[string][2]string{
	"started_on":         {"Mulai dilaksanakan pada (opsional)", "Implementation started on (optional)"},
	"started_on_help":    {"Kosongkan bila pelaksanaan mulai hari ini. Isi tanggal lampau bila kebijakan sudah dilaksanakan sebelum dicatat di Policyflow: putaran evaluasi sejak tanggal itu dibuka sekaligus.", "Leave empty when implementation starts today. Give a past date when the policy was implemented before it was recorded in Policyflow: the evaluation rounds since that date open at once."},
	"no_officer_heading": {"Unit tanpa petugas unit", "Units without a unit officer"},
	"no_officer_head": {"Unit ini belum punya petugas unit; pengingat dikirim ke kepala unit",
		"This unit has no unit officer yet; reminders go to the unit head"},
	"no_officer_drafters": {"Unit ini belum punya petugas unit maupun kepala unit; pengingat dikirim ke penyusun kebijakan",
		"This unit has neither a unit officer nor a unit head; reminders go to the policy's drafters"},
}
