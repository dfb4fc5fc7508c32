package i18n

// catalogueUnsubscribe holds the strings of the one-click unsubscribe page
// (server/unsubscribe.go). The words of the notices to a comment's author
// are in policies/commentnotice.go.
var catalogueUnsubscribe = map[string][2]string{
	// The unsubscribe page.
	"notice_unsub_title":        {"Berhenti berlangganan email", "Unsubscribe from emails"},
	"notice_unsub_confirm":      {"Berhenti menerima email berikut di alamat", "Stop receiving the following emails at"},
	"notice_unsub_submit":       {"Berhenti berlangganan", "Unsubscribe"},
	"notice_unsub_done":         {"Selesai. Alamat ini tidak akan lagi menerima email berikut:", "Done. This address will no longer receive the following emails:"},
	"notice_unsub_inbox":        {"Pemberitahuan di kotak masuk Policyflow tetap ada. Jika Anda memiliki akun, Anda dapat menerima email lagi melalui halaman Pengaturan.", "Notifications in the Policyflow inbox stay. If you have an account, you can receive emails again from the Settings page."},
	"notice_unsub_settings":     {"Buka Pengaturan", "Open Settings"},
	"notice_unsub_no_token":     {"Untuk berhenti menerima email Policyflow, buka tautan berhenti berlangganan di bagian bawah email yang Anda terima.", "To stop receiving Policyflow emails, open the unsubscribe link at the bottom of an email you received."},
	"notice_unsub_bad_token":    {"Tautan berhenti berlangganan ini tidak sah. Gunakan tautan lengkap dari email Anda.", "This unsubscribe link is not valid. Use the whole link from your email."},
	"notice_unsub_comments":     {"pemberitahuan tentang komentar Anda (balasan, tanggapan, moderasi, usulan yang diterima)", "notices about your comments (replies, answers, moderation, accepted suggestions)"},
	"notice_unsub_consultation": {"undangan dan pengingat konsultasi publik", "public consultation invitations and reminders"},
	"notice_unsub_all":          {"semua email Policyflow, kecuali undangan akun dan tautan kata sandi", "all Policyflow emails, except account invitations and password links"},
}
