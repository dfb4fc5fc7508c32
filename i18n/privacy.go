package i18n

import (
	"fmt"

	"github.com/policyflow/policyflow/policies"
)

// cataloguePrivacy holds the strings of a person's data page and of the
// region's privacy administration (UU 27/2022 Pelindungan Data Pribadi;
// docs/PRIVACY.md), Indonesian first, then English, as in catalogue.
var cataloguePrivacy = map[string][2]string{
	"privacy_title":            {"Data pribadi saya", "My personal data"},
	"privacy_link":             {"Data pribadi saya", "My personal data"},
	"privacy_intro":            {"Inilah semua data pribadi Anda yang disimpan Policyflow (UU 27/2022 Pasal 7). Unduh salinannya sebagai berkas JSON yang dapat dibaca sistem lain (Pasal 13), atau minta data Anda dihapus (Pasal 8).", "This is all the personal data Policyflow keeps about you (Law 27/2022 Article 7). Download a copy as a JSON file other systems can read (Article 13), or ask for your data to be erased (Article 8)."},
	"privacy_download":         {"Unduh data saya (JSON)", "Download my data (JSON)"},
	"privacy_exported":         {"Keadaan per", "As of"},
	"privacy_profile":          {"Akun", "Account"},
	"privacy_name":             {"Nama", "Name"},
	"privacy_email":            {"Email", "Email"},
	"privacy_role":             {"Peran", "Role"},
	"privacy_job":              {"Jabatan", "Position"},
	"privacy_region":           {"Wilayah", "Region"},
	"privacy_unit":             {"Unit", "Unit"},
	"privacy_notify":           {"Notifikasi email", "Email notifications"},
	"privacy_since":            {"Akun dibuat", "Account created"},
	"privacy_comments":         {"Komentar saya dan jawabannya", "My comments and their answers"},
	"privacy_policy":           {"Kebijakan", "Policy"},
	"privacy_comment":          {"Komentar", "Comment"},
	"privacy_when":             {"Waktu", "When"},
	"privacy_answer":           {"Jawaban yang diterbitkan", "Published answer"},
	"privacy_no_answer":        {"belum ada jawaban terbit", "no published answer yet"},
	"privacy_none":             {"Tidak ada.", "None."},
	"privacy_notices":          {"Notifikasi", "Notifications"},
	"privacy_kind":             {"Jenis", "Kind"},
	"privacy_subject":          {"Perihal", "Subject"},
	"privacy_sign_ins":         {"Riwayat masuk", "Sign-in history"},
	"privacy_address":          {"Alamat IP", "IP address"},
	"privacy_outcome":          {"Hasil", "Outcome"},
	"privacy_sign_in_ok":       {"berhasil", "succeeded"},
	"privacy_sign_in_failed":   {"gagal", "failed"},
	"privacy_sessions":         {"Sesi", "Sessions"},
	"privacy_tokens":           {"Token API", "API tokens"},
	"privacy_reports":          {"Laporan komentar", "Comment reports"},
	"privacy_retention":        {"Berapa lama data disimpan", "How long data is kept"},
	"privacy_days":             {"Hari", "Days"},
	"privacy_erasure":          {"Hapus data saya", "Erase my data"},
	"privacy_erasure_help":     {"Setelah administrator wilayah mengonfirmasi, akun Anda dinonaktifkan dan identitasnya dihapus; komentar Anda tetap tampil beserta jawabannya tetapi tanpa nama, email, atau alamat Anda (sebagai \"Peserta (dihapus)\"). Yang wajib disimpan menurut undang-undang tetap disimpan: log audit dan tindakan resmi (keputusan, penetapan, paraf), lihat docs/PRIVACY.md.", "Once your region's administrator confirms, your account is deactivated and its identity cleared; your comments stay with their answers but without your name, email or address (as \"Participant (erased)\"). What the law requires to be kept is kept: the audit log and official acts (decisions, enactments, paraf), see docs/PRIVACY.md."},
	"privacy_erasure_reason":   {"Alasan (tidak wajib)", "Reason (optional)"},
	"privacy_erasure_request":  {"Minta penghapusan data saya", "Request erasure of my data"},
	"privacy_erasure_open":     {"Permintaan penghapusan Anda tercatat dan menunggu keputusan administrator wilayah.", "Your erasure request is recorded and waits for your region's administrator."},
	"privacy_request_saved":    {"Permintaan penghapusan tercatat.", "Erasure request recorded."},
	"privacy_outcome_erased":   {"Permintaan dikabulkan: data dihapus.", "Request granted: data erased."},
	"privacy_outcome_declined": {"Permintaan ditolak.", "Request declined."},
	"privacy_erased_author":    {"Peserta (dihapus)", "Participant (erased)"},

	"privacy_admin_link":       {"Data pribadi", "Personal data"},
	"privacy_admin_title":      {"Data pribadi: masa simpan dan penghapusan", "Personal data: retention and erasure"},
	"privacy_admin_intro":      {"Data pribadi disimpan hanya selama diperlukan (UU 27/2022 Pasal 16 ayat (2) huruf g, Pasal 42–44). Setiap hari pukul 02.00 WIB penghapusan terjadwal menghapus catatan yang melewati masa simpannya. Wilayah dapat mempersingkat masa simpan catatannya sendiri, tidak memperpanjangnya.", "Personal data is kept only as long as needed (Law 27/2022 Article 16(2)(g), Articles 42–44). Every day at 02:00 WIB the scheduled purge removes records past their retention. A region may shorten the retention of its own records, never lengthen it."},
	"privacy_default_days":     {"Bawaan instalasi (hari)", "Installation default (days)"},
	"privacy_region_days":      {"Wilayah ini (hari)", "This region (days)"},
	"privacy_region_days_help": {"Kosongkan untuk mengikuti bawaan. Paling singkat 1 hari, paling lama sama dengan bawaan.", "Leave empty to follow the default. At least 1 day, at most the default."},
	"privacy_installation":     {"Masa simpan yang berlaku untuk seluruh instalasi", "Retention for the whole installation"},
	"privacy_purge_never":      {"Penghapusan terjadwal belum pernah berjalan.", "The scheduled purge has not run yet."},
	"privacy_purge_last":       {"Penghapusan terakhir", "Last purge"},
	"privacy_requests":         {"Permintaan penghapusan", "Erasure requests"},
	"privacy_requests_none":    {"Belum ada permintaan penghapusan.", "No erasure requests yet."},
	"privacy_decision":         {"Keputusan", "Decision"},
	"privacy_decline":          {"Tolak", "Decline"},
	"privacy_decline_note":     {"Alasan penolakan", "Reason for declining"},
	"privacy_erase_title":      {"Hapus data pribadi seseorang", "Erase a person's personal data"},
	"privacy_erase_help":       {"Komentar orang itu tetap tampil beserta jawabannya tanpa nama, email, dan alamatnya; akunnya dinonaktifkan dan identitasnya dihapus; sesi, token, tautan, notifikasi, dan riwayat masuknya dihapus. Nama tetap tercatat pada tindakan resmi yang dilakukannya (keputusan, penetapan, paraf, jawaban) dan log audit tetap utuh. Tindakan ini tidak dapat dibatalkan.", "The person's comments stay with their answers but without their name, email and address; their account is deactivated and its identity cleared; their sessions, tokens, links, notifications and sign-in history are removed. The name stays on official acts they did (decisions, enactments, paraf, answers) and the audit log stays whole. This cannot be undone."},
	"privacy_person":           {"Orang", "Person"},
	"privacy_erase_note":       {"Catatan (misalnya dasar permintaan)", "Note (e.g. the request it answers)"},
	"privacy_erase_confirm":    {"Saya mengerti bahwa penghapusan tidak dapat dibatalkan", "I understand that erasure cannot be undone"},
	"privacy_erase_button":     {"Hapus data pribadi", "Erase personal data"},

	"privacy_kind_sessions":          {"Sesi masuk yang telah berakhir", "Ended sign-in sessions"},
	"privacy_kind_api_tokens":        {"Token API kedaluwarsa atau dicabut", "Expired or revoked API tokens"},
	"privacy_kind_password_links":    {"Tautan undangan dan atur ulang kata sandi yang terpakai atau kedaluwarsa, dan permintaan mengikuti lewat email yang tidak pernah dikonfirmasi", "Used or expired invitation and password links, and follows by email never confirmed"},
	"privacy_kind_sign_in_attempts":  {"Percobaan masuk (email dan alamat IP)", "Sign-in attempts (email and IP address)"},
	"privacy_kind_idempotency":       {"Jawaban tersimpan untuk permintaan yang diulang", "Answers kept for retried requests"},
	"privacy_kind_notifications":     {"Notifikasi dan ringkasan harian", "Notifications and daily digests"},
	"privacy_kind_comment_addresses": {"Alamat IP komentar dan laporan anonim", "IP addresses of anonymous comments and reports"},
	"privacy_kind_commenter_emails":  {"Email pengomentar pada komentar", "Commenters' emails on comments"},
	"privacy_kind_roster_previews":   {"Pratinjau impor daftar ASN yang tidak diterapkan", "ASN roster import previews never applied"},
	"privacy_kind_erasure_requests":  {"Permintaan penghapusan yang sudah diputuskan", "Decided erasure requests"},

	"privacy_err_kind":                {"jenis catatan ini tidak dapat diatur per wilayah", "this kind of record cannot be set per region"},
	"privacy_err_days":                {"masa simpan harus %d sampai %d hari (bawaan instalasi)", "retention must be %d to %d days (the installation default)"},
	"privacy_err_reason":              {"alasan maksimal 2000 karakter", "the reason is at most 2000 characters"},
	"privacy_err_note_long":           {"catatan maksimal 2000 karakter", "the note is at most 2000 characters"},
	"privacy_err_note":                {"alasan penolakan wajib diisi", "a reason for declining is required"},
	"privacy_err_confirm":             {"centang konfirmasi: penghapusan tidak dapat dibatalkan", "tick the confirmation: erasure cannot be undone"},
	"privacy_err_person":              {"pilih orang yang datanya dihapus", "choose the person whose data is erased"},
	"privacy_err_open":                {"permintaan penghapusan Anda sudah tercatat dan menunggu keputusan", "your erasure request is already recorded and waits for a decision"},
	"privacy_err_erased":              {"orang ini sudah dihapus", "this person is already erased"},
	"privacy_err_self":                {"administrator tidak dapat menghapus dirinya sendiri; mintalah administrator lain", "an administrator cannot erase themselves; ask another administrator"},
	"privacy_err_no_request":          {"orang ini tidak mempunyai permintaan penghapusan yang terbuka", "this person has no open erasure request"},
	"privacy_err_email":               {"alamat email tidak sah", "not a valid email address"},
	"privacy_err_no_address":          {"tidak ada komentar tanpa akun dengan alamat ini di wilayah Anda", "no comment without an account has this address in your region"},
	"privacy_erase_address_title":     {"Hapus pengomentar tanpa akun", "Erase a commenter without an account"},
	"privacy_erase_address_help":      {"Seorang warga yang berkomentar tanpa akun dapat meminta penghapusan lewat surat atau email. Komentarnya di wilayah ini tetap tampil beserta jawabannya tanpa nama dan alamatnya, dan notifikasi yang menunggu dikirim ke alamat itu dihapus.", "A member of the public who commented without an account may ask for erasure by letter or email. Their comments in this region stay with their answers but without their name and address, and notices waiting to be sent to that address are removed."},
	"privacy_notice_erased_subject":   {"Data pribadi Anda di Policyflow %s telah dihapus", "Your personal data in Policyflow %s has been erased"},
	"privacy_notice_erased_body":      {"Administrator Policyflow %s telah menghapus data pribadi Anda (UU 27/2022 Pasal 8 dan 43). Akun Anda ditutup; nama, email, NIP, riwayat masuk, sesi, token dan notifikasi Anda dihapus. Komentar Anda tetap tampil bersama jawabannya tanpa nama Anda, karena masukan publik wajib dipertanggungjawabkan (UU 13/2022 Pasal 96). Nama Anda tetap tercatat hanya di samping tindakan resmi yang Anda lakukan, bila ada.%s Email ini adalah pesan terakhir ke alamat ini.", "The administrator of Policyflow %s has erased your personal data (UU 27/2022 Articles 8 and 43). Your account is closed; your name, email, NIP, sign-in history, sessions, tokens and notices are removed. Your comments remain with their answers but without your name, because public input must be accounted for (UU 13/2022 Article 96). Your name stays only beside official acts you performed, if any.%s This email is the last message to this address."},
	"privacy_notice_declined_subject": {"Permintaan penghapusan data Anda di Policyflow %s ditolak", "Your erasure request in Policyflow %s was declined"},
	"privacy_notice_declined_body":    {"Administrator Policyflow %s menolak permintaan penghapusan data pribadi Anda.%s Anda dapat melihat data Anda dan mengajukan permintaan baru di halaman Data pribadi saya.", "The administrator of Policyflow %s declined your request to erase your personal data.%s You can see your data and make a new request on the My personal data page."},
	"privacy_notice_note":             {" Catatan administrator: %s", " The administrator's note: %s"},
	"ans_csv_names":                   {"Unduh dengan nama pengomentar (hanya penyusun wilayah)", "Download with commenters' names (region's drafters only)"},
	"ans_csv_participant":             {"Peserta", "Participant"},
}

// ErasureDecision words the email telling a person of the decision on
// their data (erased, or their request declined with the administrator's
// note), in the region's language (Indonesian).
func ErasureDecision(region string, in policies.ErasureInput) policies.Notification {
	t := Pages[ID]
	note := ""
	if in.Note != "" {
		note = fmt.Sprintf(t["privacy_notice_note"], in.Note)
	}
	if in.Decline {
		return policies.Notification{Kind: policies.NoticeErasureDecision, Link: "/privacy",
			Subject: fmt.Sprintf(t["privacy_notice_declined_subject"], region), Body: fmt.Sprintf(t["privacy_notice_declined_body"], region, note)}
	}
	return policies.Notification{Kind: policies.NoticeErasureDecision,
		Subject: fmt.Sprintf(t["privacy_notice_erased_subject"], region), Body: fmt.Sprintf(t["privacy_notice_erased_body"], region, note)}
}
