package i18n

// catalogueAccountNotices holds the words of the emails about a person's
// own account (a password reset, their second factor), written in the
// language they chose by the server with Notice. An invitation goes to
// someone with no account, and so no language, yet: it stays Indonesian.
var catalogueAccountNotices = map[string][2]string{
	"nm_password_reset_subject": {"Atur ulang kata sandi Policyflow", "Reset your Policyflow password"},
	"nm_password_reset_body": {"%[1]s mengirimkan tautan untuk mengatur ulang kata sandi Policyflow %[2]s Anda.\n\nBuka tautan di bawah untuk membuat kata sandi baru. Tautan hanya berlaku sekali dan kedaluwarsa dalam %[3]s jam. Jika Anda tidak memintanya, abaikan email ini: kata sandi Anda tidak berubah.",
		"%[1]s sent you a link to reset your Policyflow %[2]s password.\n\nOpen the link below to choose a new password. The link works once and expires in %[3]s hours. If you did not ask for it, ignore this email: your password has not changed."},
	"nm_second_factor_reset_subject": {"Verifikasi dua langkah Anda diatur ulang", "Your two-step verification was reset"},
	"nm_second_factor_reset_body": {"%[1]s, administrator wilayah, mengatur ulang verifikasi dua langkah akun Policyflow Anda; sesi Anda telah berakhir. Saat masuk berikutnya, pasang lagi aplikasi autentikator Anda. Jika Anda tidak memintanya, segera hubungi administrator wilayah Anda.",
		"%[1]s, the region's administrator, reset the two-step verification of your Policyflow account; your sessions have ended. When you next sign in, set up your authenticator app again. If you did not ask for it, contact your region's administrator at once."},
	"nm_second_factor_enrolled_subject": {"Verifikasi dua langkah diaktifkan", "Two-step verification turned on"},
	"nm_second_factor_enrolled_body": {"Verifikasi dua langkah akun Policyflow Anda baru saja diaktifkan. Jika bukan Anda yang melakukannya, segera hubungi administrator wilayah Anda.",
		"Two-step verification of your Policyflow account was just turned on. If it was not you, contact your region's administrator at once."},
	"nm_recovery_code_used_subject": {"Kode pemulihan dipakai untuk masuk", "A recovery code was used to sign in"},
	"nm_recovery_code_used_body": {"Satu kode pemulihan akun Policyflow Anda baru saja dipakai untuk masuk; tersisa %[1]s. Jika bukan Anda yang memakainya, segera hubungi administrator wilayah Anda.",
		"One recovery code of your Policyflow account was just used to sign in; %[1]s are left. If it was not you, contact your region's administrator at once."},
}
