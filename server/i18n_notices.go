package server

// catalogueNotices holds the strings of the notices to a comment's author
// (commentnotices.go) and of the unsubscribe page (unsubscribe.go),
// Indonesian first, then English, as in catalogue.
var catalogueNotices = map[string][2]string{
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

	// Notices to a comment's author: the subject and first line per kind.
	"notice_subject_comment_reply":       {"Ada balasan untuk komentar Anda", "Someone replied to your comment"},
	"notice_subject_comment_answered":    {"Komentar Anda telah ditanggapi", "Your comment has been answered"},
	"notice_subject_comment_moderated":   {"Komentar Anda telah dimoderasi", "Your comment has been moderated"},
	"notice_subject_suggestion_accepted": {"Usulan perubahan Anda diterima", "Your suggested change was accepted"},
	"notice_intro_comment_reply":         {"Seseorang membalas komentar Anda pada rancangan kebijakan.", "Someone replied to your comment on a draft policy."},
	"notice_intro_comment_answered":      {"Penyusun kebijakan telah menerbitkan tanggapan atas komentar Anda.", "The policy's drafter has published an answer to your comment."},
	"notice_intro_comment_moderated":     {"Komentar Anda telah ditinjau oleh moderator.", "Your comment has been reviewed by a moderator."},
	"notice_intro_suggestion_accepted":   {"Usulan perubahan teks Anda dimasukkan ke versi baru kebijakan.", "Your suggested wording went into a new version of the policy."},
	"notice_your_comment":                {"Komentar Anda", "Your comment"},
	"notice_english_below":               {"(English below)", "(English below)"},
}
