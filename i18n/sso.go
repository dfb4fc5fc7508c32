package i18n

// catalogueSSO holds the words of signing in through a city's identity
// provider (OpenID Connect) and of its administration, Indonesian first.
var catalogueSSO = map[string][2]string{
	"sso_heading":         {"Masuk dengan akun kota", "Sign in with your city account"},
	"sso_help":            {"Pegawai kota yang memakai penyedia identitas (SSO) dapat masuk dengan akun kotanya, tanpa kata sandi Policyflow.", "City staff whose city has an identity provider (SSO) can sign in with their city account, without a Policyflow password."},
	"sso_sign_in":         {"Masuk dengan SSO %s", "Sign in with %s SSO"},
	"sso_err_state":       {"Permintaan masuk dengan SSO %s tidak dikenali atau sudah kedaluwarsa. Mulai lagi dari tombol masuk dengan SSO.", "This %s SSO sign-in is not known here or has expired. Start again from the SSO sign-in button."},
	"sso_err_provider":    {"Penyedia identitas %s tidak menyelesaikan proses masuk (dibatalkan atau ditolak). Coba lagi, atau masuk dengan kata sandi.", "The %s identity provider did not complete the sign-in (cancelled or refused). Try again, or sign in with your password."},
	"sso_err_token":       {"Jawaban penyedia identitas %s tidak lolos pemeriksaan keamanan, jadi Anda belum masuk. Coba lagi; bila terulang, hubungi administrator wilayah.", "The %s identity provider's answer failed the security checks, so you are not signed in. Try again; if it happens again, contact your region's administrator."},
	"sso_err_unverified":  {"Penyedia identitas %s belum memverifikasi alamat email Anda, jadi email itu tidak dapat dipakai untuk masuk. Verifikasi email Anda di sana, atau masuk dengan kata sandi.", "The %s identity provider has not verified your email address, so it cannot be used to sign in. Verify your email there, or sign in with your password."},
	"sso_err_no_claim":    {"Penyedia identitas %s tidak mengirim data yang dipakai untuk mengenali Anda (email atau NIP). Hubungi administrator wilayah.", "The %s identity provider did not send what identifies you (email or NIP). Contact your region's administrator."},
	"sso_err_unknown":     {"Akun SSO Anda tidak cocok dengan pengguna aktif mana pun di Policyflow %s. Policyflow tidak membuat akun dari SSO: minta administrator wilayah mendaftarkan Anda dengan email atau NIP yang sama.", "Your SSO account matches no active Policyflow user of %s. Policyflow makes no accounts from SSO: ask your region's administrator to add you with the same email or NIP."},
	"sso_err_unreachable": {"Penyedia identitas kota tidak dapat dihubungi. Coba lagi nanti, atau masuk dengan kata sandi.", "The city's identity provider cannot be reached. Try again later, or sign in with your password."},
	"sso_err_address":     {"Alamat penerbit bukan alamat internet publik. Operator dapat mengizinkan host jaringan internal di OIDC_PRIVATE_ISSUERS.", "The issuer is not on a public internet address. The operator can allow an internal network host in OIDC_PRIVATE_ISSUERS."},
	"sso_err_discovery":   {"Penerbit tidak menjawab discovery OpenID Connect (/.well-known/openid-configuration) atau menyebut penerbit lain.", "The issuer did not answer OpenID Connect discovery (/.well-known/openid-configuration) or named another issuer."},
	"sso_admin_title":     {"Masuk dengan SSO (OpenID Connect)", "Sign-in with SSO (OpenID Connect)"},
	"sso_admin_intro":     {"Hubungkan penyedia identitas kota (misalnya Keycloak) agar pegawai masuk dengan akun kotanya. Orang dikenali dari email terverifikasi atau NIP dan harus sudah terdaftar aktif di wilayah ini; Policyflow tidak membuat akun baru. Kata sandi tetap dapat dipakai.", "Connect the city's identity provider (for example Keycloak) so staff sign in with their city account. People are matched by a verified email or their NIP and must already be active in this region; Policyflow makes no new accounts. Passwords keep working."},
	"sso_redirect_title":  {"Alamat kembali (redirect URI)", "Redirect URI"},
	"sso_redirect_help":   {"Daftarkan alamat ini sebagai redirect URI klien Policyflow di penyedia identitas kota (alur authorization code dengan PKCE):", "Register this address as the redirect URI of Policyflow's client at the city's identity provider (authorization code flow with PKCE):"},
	"sso_provider_title":  {"Penyedia identitas", "Identity provider"},
	"sso_issuer":          {"Alamat penerbit (issuer)", "Issuer URL"},
	"sso_issuer_help":     {"Persis seperti nilai issuer di /.well-known/openid-configuration penyedia, dengan https://.", "Exactly as the issuer value in the provider's /.well-known/openid-configuration, with https://."},
	"sso_client_id":       {"Client ID", "Client ID"},
	"sso_client_secret":   {"Client secret", "Client secret"},
	"sso_secret_kept":     {"Client secret tersimpan dan tidak pernah ditampilkan. Biarkan kosong untuk tetap memakainya; isi untuk menggantinya.", "A client secret is kept and never shown. Leave empty to keep it; fill in to replace it."},
	"sso_secret_none":     {"Belum ada client secret tersimpan; wajib diisi sebelum SSO diaktifkan. Setelah disimpan, tidak pernah ditampilkan lagi.", "No client secret is kept yet; it is required before SSO is enabled. Once saved, it is never shown again."},
	"sso_claim":           {"Klaim pengenal", "Matching claim"},
	"sso_claim_help":      {"email: alamat email yang diverifikasi penyedia (email_verified). Nama klaim lain (misalnya nip): dicocokkan dengan NIP pengguna.", "email: the address the provider verified (email_verified). Any other claim name (for example nip): matched against the person's NIP."},
	"sso_enabled":         {"Aktifkan masuk dengan SSO untuk wilayah ini", "Enable SSO sign-in for this region"},
	"sso_updated":         {"Terakhir diubah", "Last changed"},
	"subject_sso":         {"Penyedia identitas (SSO)", "Identity provider (SSO)"},
}

// auditSSO names the audited actions of signing in through a provider.
var auditSSO = map[string][2]string{
	"sso.provider_set":             {"Penyedia identitas (SSO) wilayah diatur", "Region's identity provider (SSO) set"},
	"sso.refused_token":            {"Masuk dengan SSO ditolak: token penyedia tidak sah (penerbit, audiens, masa berlaku atau nonce)", "SSO sign-in refused: the provider's token failed its checks (issuer, audience, expiry or nonce)"},
	"sso.refused_email_unverified": {"Masuk dengan SSO ditolak: email belum diverifikasi penyedia", "SSO sign-in refused: email not verified by the provider"},
	"sso.refused_no_claim":         {"Masuk dengan SSO ditolak: token tanpa klaim pengenal", "SSO sign-in refused: no matching claim in the token"},
	"sso.refused_unknown_person":   {"Masuk dengan SSO ditolak: tidak ada pengguna aktif wilayah yang cocok", "SSO sign-in refused: no active person of the region matches"},
	"sso.refused_provider_error":   {"Masuk dengan SSO dibatalkan atau ditolak penyedia", "SSO sign-in cancelled or refused by the provider"},
}
