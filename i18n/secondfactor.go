package i18n

// catalogueSecondFactor holds the words of the second factor's pages: the
// code asked after the password, the enrolment with its QR code and
// recovery codes, the settings section and the administrator's reset,
// Indonesian first, then English.
var catalogueSecondFactor = map[string][2]string{
	"tf_verify_title":                 {"Kode verifikasi", "Verification code"},
	"tf_verify_intro":                 {"Buka aplikasi autentikator di ponsel Anda dan ketik kode enam angka untuk Policyflow.", "Open the authenticator app on your phone and type the six-digit code for Policyflow."},
	"tf_code":                         {"Kode verifikasi", "Verification code"},
	"tf_code_help":                    {"Enam angka dari aplikasi autentikator, atau salah satu kode pemulihan Anda.", "Six digits from the authenticator app, or one of your recovery codes."},
	"tf_verify_submit":                {"Verifikasi", "Verify"},
	"tf_wrong":                        {"Kode verifikasi salah, sudah dipakai, atau kedaluwarsa. Ketik kode yang sedang tampil di aplikasi.", "The verification code is wrong, used already or expired. Type the code the app shows now."},
	"tf_missing":                      {"Ketik kode verifikasi.", "Type the verification code."},
	"tf_expired":                      {"Proses masuk ini sudah kedaluwarsa. Masuk lagi dengan email dan kata sandi.", "This sign-in has expired. Sign in again with your email and password."},
	"tf_enrol_title":                  {"Pasang verifikasi dua langkah", "Set up two-step verification"},
	"tf_enrol_required":               {"Peran Anda (administrator, pimpinan, atau Bagian Hukum) wajib memakai verifikasi dua langkah. Pasang sekarang untuk melanjutkan.", "Your role (administrator, leader or Bagian Hukum) must use two-step verification. Set it up now to continue."},
	"tf_enrol_step1":                  {"Pindai kode QR ini dengan aplikasi autentikator (misalnya Google Authenticator, Microsoft Authenticator, FreeOTP, atau Aegis).", "Scan this QR code with an authenticator app (for example Google Authenticator, Microsoft Authenticator, FreeOTP or Aegis)."},
	"tf_qr_alt":                       {"Kode QR untuk aplikasi autentikator", "QR code for the authenticator app"},
	"tf_enrol_manual":                 {"Tidak dapat memindai? Ketik kunci ini di aplikasi (berbasis waktu, 6 angka, 30 detik):", "Cannot scan? Type this key into the app (time-based, 6 digits, 30 seconds):"},
	"tf_enrol_step2":                  {"Lalu ketik kode enam angka yang ditampilkan aplikasi untuk mengonfirmasi.", "Then type the six-digit code the app shows to confirm."},
	"tf_enrol_submit":                 {"Konfirmasi dan aktifkan", "Confirm and turn on"},
	"tf_enrol_wrong":                  {"Kode tidak cocok. Pastikan jam ponsel tepat dan ketik kode yang sedang tampil.", "The code does not match. Make sure the phone's clock is right and type the code shown now."},
	"tf_codes_title":                  {"Kode pemulihan Anda", "Your recovery codes"},
	"tf_codes_intro":                  {"Verifikasi dua langkah aktif. Simpan sepuluh kode pemulihan ini di tempat aman (dicetak atau di pengelola kata sandi): masing-masing dapat dipakai sekali sebagai pengganti kode aplikasi bila ponsel Anda hilang. Kode ini hanya ditampilkan sekarang.", "Two-step verification is on. Keep these ten recovery codes somewhere safe (printed or in a password manager): each works once instead of the app's code if you lose your phone. They are shown only now."},
	"tf_codes_continue":               {"Saya sudah menyimpannya, lanjutkan", "I have kept them, continue"},
	"tf_settings_title":               {"Verifikasi dua langkah", "Two-step verification"},
	"tf_settings_on":                  {"Aktif sejak", "On since"},
	"tf_settings_left":                {"Kode pemulihan tersisa", "Recovery codes left"},
	"tf_settings_off":                 {"Belum aktif. Setelah kata sandi, Policyflow akan meminta kode dari aplikasi autentikator di ponsel Anda.", "Not on. After the password, Policyflow will ask for a code from the authenticator app on your phone."},
	"tf_settings_start":               {"Pasang verifikasi dua langkah", "Set up two-step verification"},
	"tf_settings_lost":                {"Ponsel dan kode pemulihan hilang? Minta administrator wilayah mengatur ulang verifikasi dua langkah Anda.", "Lost your phone and recovery codes? Ask your region's administrator to reset your two-step verification."},
	"tf_person_title":                 {"Verifikasi dua langkah", "Two-step verification"},
	"tf_person_on":                    {"Aktif", "On"},
	"tf_person_off":                   {"Belum dipasang", "Not set up"},
	"tf_person_required":              {"wajib untuk peran ini", "required for this role"},
	"tf_person_reset":                 {"Atur ulang verifikasi dua langkah", "Reset two-step verification"},
	"tf_person_reset_help":            {"Untuk orang yang kehilangan ponsel dan kode pemulihannya. Sesi orang ini berakhir; ia memasang ulang saat masuk berikutnya dan diberi tahu. Tindakan ini dicatat di audit.", "For someone who lost their phone and recovery codes. Their sessions end; they set it up again at their next sign-in and are told. This is recorded in the audit."},
	"people_done_tf_reset":            {"Verifikasi dua langkah diatur ulang; orang ini memasangnya lagi saat masuk berikutnya.", "Two-step verification reset; this person sets it up again at their next sign-in."},
	"audit_field_recovery_codes_left": {"Kode pemulihan tersisa", "Recovery codes left"},
}

// auditSecondFactor names the audited events of a second factor.
var auditSecondFactor = map[string][2]string{
	"user.second_factor_enrolled": {"Verifikasi dua langkah dipasang", "Two-step verification set up"},
	"user.second_factor_reset":    {"Verifikasi dua langkah diatur ulang oleh administrator", "Two-step verification reset by an administrator"},
	"user.recovery_code_used":     {"Kode pemulihan dipakai untuk masuk", "Recovery code used to sign in"},
}
