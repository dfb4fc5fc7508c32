package i18n

// catalogueFollow holds the strings of following a policy or a city
// (server/follow.go) and of the notices to followers
// (activities/follownotice.go, with the feed's names of events).
var catalogueFollow = map[string][2]string{
	"follow_title":           {"Ikuti kabar kebijakan", "Follow policy news"},
	"follow_how":             {"Untuk mengikuti sebuah kebijakan atau kota, buka halamannya dan pilih \"Ikuti lewat email\".", "To follow a policy or a city, open its page and choose \"Follow by email\"."},
	"follow_link":            {"Ikuti lewat email", "Follow by email"},
	"follow_intro":           {"Terima kabar tentang", "Get news about"},
	"follow_events":          {"Anda diberi tahu ketika konsultasi publik dibuka atau ditutup, versi baru disetujui, jawaban atas komentar diterbitkan, atau kebijakan ditetapkan.", "You are told when a public consultation opens or closes, a new version is approved, answers to comments are published, or the policy is enacted."},
	"follow_email_help":      {"Kami mengirim satu email berisi tautan konfirmasi. Tanpa konfirmasi, alamat ini tidak menerima apa pun lagi.", "We send one email with a confirmation link. Without confirmation, this address receives nothing more."},
	"follow_submit":          {"Ikuti", "Follow"},
	"follow_stop_how":        {"Setiap email kabar memuat tautan untuk berhenti mengikuti dengan satu klik.", "Every news email carries a link to stop following in one click."},
	"follow_sent":            {"Jika alamat ini belum mengikuti, kami telah mengirim tautan konfirmasi untuk mengikuti", "If this address was not following yet, we sent it a confirmation link to follow"},
	"follow_sent_more":       {"Buka email tersebut dan ikuti tautannya. Tanpa konfirmasi, tidak ada kabar yang dikirim.", "Open that email and follow its link. Without confirmation, no news is sent."},
	"follow_bad_email":       {"Isian email: masukkan satu alamat email yang sah.", "Email field: enter one valid email address."},
	"follow_too_soon":        {"Email konfirmasi sudah dikirim ke alamat ini kurang dari 10 menit yang lalu. Konfirmasi dulu, atau coba lagi nanti.", "A confirmation email was sent to this address less than 10 minutes ago. Confirm it first, or try again later."},
	"follow_confirm_title":   {"Konfirmasi mengikuti", "Confirm following"},
	"follow_confirm_ask":     {"Ikuti kabar tentang", "Follow news about"},
	"follow_confirm_submit":  {"Ya, ikuti", "Yes, follow"},
	"follow_confirmed":       {"Selesai. Anda sekarang mengikuti", "Done. You now follow"},
	"follow_confirm_subject": {"Konfirmasi: ikuti kabar", "Confirm: follow news of"},
	"follow_confirm_body":    {"Seseorang (semoga Anda) meminta alamat ini mengikuti kabar Policyflow tentang", "Someone (we hope you) asked for this address to follow Policyflow news about"},
	"follow_confirm_ignore":  {"Untuk mengikuti, buka tautan di bawah dan tekan tombol konfirmasi. Jika bukan Anda, abaikan email ini: tanpa konfirmasi tidak ada yang dikirim lagi.", "To follow, open the link below and press the confirm button. If it was not you, ignore this email: without confirmation nothing more is sent."},
	"follow_bad_token":       {"Tautan ini tidak sah. Gunakan tautan lengkap dari email Anda.", "This link is not valid. Use the whole link from your email."},
	"follow_gone":            {"Langganan ini sudah tidak ada.", "This subscription no longer exists."},
	"follow_unsub_title":     {"Berhenti mengikuti", "Stop following"},
	"follow_unsub_ask":       {"Berhenti menerima kabar tentang", "Stop receiving news about"},
	"follow_unsub_submit":    {"Berhenti mengikuti", "Stop following"},
	"follow_unsub_done":      {"Selesai. Anda tidak lagi menerima kabar tentang", "Done. You no longer receive news about"},
	"follow_manage_title":    {"Kabar yang Anda ikuti", "News you follow"},
	"follow_manage_for":      {"Untuk alamat", "For the address"},
	"follow_manage_how":      {"Untuk melihat apa yang diikuti sebuah alamat, buka tautan dari email kabar atau konfirmasi; atau masuk ke akun Anda.", "To see what an address follows, open the link from a news or confirmation email; or sign in to your account."},
	"follow_done":            {"Anda sekarang mengikutinya.", "You now follow it."},
	"follow_none":            {"Tidak ada yang diikuti.", "Nothing followed."},
	"follow_col_what":        {"Yang diikuti", "Followed"},
	"follow_col_kind":        {"Jenis", "Kind"},
	"follow_col_state":       {"Keadaan", "State"},
	"follow_kind_policy":     {"Kebijakan", "Policy"},
	"follow_kind_city":       {"Kota/kabupaten", "City or regency"},
	"follow_state_on":        {"Aktif", "Active"},
	"follow_state_waiting":   {"Menunggu konfirmasi", "Awaiting confirmation"},
	"follow_data":            {"Langganan adalah data pribadi Anda: dapat dihentikan kapan saja, ikut dalam ekspor data pribadi, dan dihapus atas permintaan.", "Subscriptions are your personal data: you can end them at any time, they are in your personal-data export, and they are erased on request."},
	"follow_erase":           {"Hapus semua langganan alamat ini beserta emailnya", "Erase every subscription of this address and its emails"},
	"follow_erased":          {"Selesai. Semua langganan alamat ini dan email kabarnya telah dihapus.", "Done. Every subscription of this address and its news emails have been erased."},
	"follow_notice_why":      {"Anda menerima ini karena mengikuti %s.", "You receive this because you follow %s."},
	"subject_follow":         {"Langganan kabar", "News subscription"},
}

// auditFollow names the audited actions of following.
var auditFollow = map[string][2]string{
	"follow.created":   {"Mulai mengikuti", "Started following"},
	"follow.confirmed": {"Mengikuti dikonfirmasi", "Following confirmed"},
	"follow.removed":   {"Berhenti mengikuti", "Stopped following"},
}
