package server

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/policyflow/policyflow/policies"
)

// Languages: Bahasa Indonesia first, English second.
const (
	langID = "id"
	langEN = "en"
)

// messages holds every page string, by language then key: the main
// catalogue and the parts kept beside the pages they serve (a key in two
// parts stops the server from starting).
var messages = byLanguage(catalogue, catalogueAdmin, catalogueFirstRun, catalogueWord, catalogueAnswers, catalogueNotices, catalogueModeration, cataloguePassage, catalogueDocuments, catalogueLegal, catalogueJDIH, catalogueEnactment)

// catalogue holds every page string, by key: Indonesian first, then
// English, side by side.
var catalogue = map[string][2]string{
	"app_tagline":              {"Penyusunan, persetujuan, pelaksanaan, dan evaluasi kebijakan pengembangan kompetensi ASN", "Drafting, approving, implementing and evaluating civil-servant competency policy"},
	"nav_policies":             {"Kebijakan", "Policies"},
	"nav_switch":               {"English", "Bahasa Indonesia"},
	"index_title":              {"Daftar kebijakan", "Policies"},
	"index_empty":              {"Belum ada kebijakan.", "No policies yet."},
	"index_filter":             {"Saring", "Filter"},
	"index_all_regions":        {"Semua wilayah", "All regions"},
	"index_all_statuses":       {"Semua status", "All statuses"},
	"col_title":                {"Judul", "Title"},
	"col_status":               {"Status", "Status"},
	"col_version":              {"Versi", "Version"},
	"col_unit":                 {"Unit pemilik", "Owning unit"},
	"col_updated":              {"Diperbarui", "Updated"},
	"policy_version":           {"Versi", "Version"},
	"policy_sha":               {"SHA-256", "SHA-256"},
	"policy_text":              {"Teks", "Text"},
	"text_in_force":            {"Berlaku (disetujui)", "In force (approved)"},
	"text_draft":               {"Rancangan", "Draft"},
	"draft_revision":           {"Rancangan perubahan sedang disusun: versi", "A revision is being drafted: version"},
	"in_force_is":              {"Teks yang berlaku: versi", "The text in force: version"},
	"diff_in_force":            {"lihat perbedaan dengan teks yang berlaku", "see the differences from the text in force"},
	"policy_toc":               {"Daftar isi", "Contents"},
	"policy_region":            {"Wilayah", "Region"},
	"policy_unit":              {"Unit pemilik", "Owning unit"},
	"policy_status":            {"Status", "Status"},
	"policy_updated":           {"Diperbarui", "Updated"},
	"error_title":              {"Terjadi kesalahan", "Something went wrong"},
	"error_back":               {"Kembali ke daftar kebijakan", "Back to the policy list"},
	"error_not_found":          {"Halaman atau data yang Anda cari tidak ditemukan.", "The page or record you are looking for was not found."},
	"error_internal":           {"Terjadi kesalahan pada server. Silakan coba lagi sebentar lagi.", "The server made an error. Please try again shortly."},
	"error_unavailable":        {"Layanan sedang tidak tersedia. Silakan coba lagi sebentar lagi.", "The service is unavailable. Please try again shortly."},
	"footer":                   {"Policyflow — kebijakan publik yang terbuka dan terukur", "Policyflow — open, measurable public policy"},
	"skip":                     {"Langsung ke isi", "Skip to content"},
	"act_approve":              {"Setujui", "Approve"},
	"act_archive":              {"Arsipkan", "Archive"},
	"act_close":                {"Tutup konsultasi sekarang", "Close the consultation now"},
	"act_extend":               {"Perpanjang", "Extend"},
	"act_open_consultation":    {"Buka konsultasi publik", "Open public consultation"},
	"act_open_revision":        {"Buka revisi", "Open a revision"},
	"act_reject":               {"Tolak", "Reject"},
	"act_request_changes":      {"Minta perbaikan", "Request changes"},
	"act_start_implementation": {"Mulai pelaksanaan", "Start implementation"},
	"act_submit":               {"Ajukan untuk persetujuan", "Submit for approval"},
	"actions":                  {"Aksi", "Actions"},
	"allow_public":             {"Izinkan komentar publik (dimoderasi)", "Allow public comments (moderated)"},
	"approval":                 {"Persetujuan", "Approval"},
	"approvals_waiting":        {"Persetujuan yang menunggu saya", "Approvals waiting for me"},
	"as_plt":                   {"Anda memutuskan sebagai Plt.", "You decide as acting official (Plt.)"},
	"awaiting":                 {"Menunggu", "Awaiting"},
	"based_on":                 {"berdasarkan", "based on"},
	"change_summary":           {"Ringkasan perubahan", "Change summary"},
	"closed":                   {"Ditutup", "Closed"},
	"closes_at":                {"Batas waktu", "Closes at"},
	"comment":                  {"Komentar", "Comment"},
	"comments":                 {"komentar", "comments"},
	"moderation":               {"Menunggu moderasi", "Awaiting moderation"},
	"publish":                  {"Tayangkan", "Publish"},
	"reject_comment":           {"Tolak", "Reject"},
	"evaluations":              {"Evaluasi", "Evaluations"},
	"ikm_trend":                {"Tren IKM per unit per putaran (pita mutu A–D)", "IKM trend per unit and round (bands A–D)"},
	"due":                      {"Jatuh tempo", "Due"},
	"band":                     {"Mutu", "Band"},
	"fill_skm":                 {"Isi SKM", "Fill in SKM"},
	"export_csv":               {"Unduh CSV", "Download CSV"},
	"no_rounds":                {"Belum ada putaran evaluasi.", "No evaluation rounds yet."},
	"skm_help":                 {"Isikan jumlah responden yang memberi nilai 1 (tidak baik) sampai 4 (sangat baik) untuk tiap unsur pelayanan (PermenPANRB 14/2017).", "Enter how many respondents scored each service element 1 (poor) to 4 (very good) (PermenPANRB 14/2017)."},
	"element":                  {"Unsur pelayanan", "Service element"},
	"score":                    {"nilai", "score"},
	"save_results":             {"Simpan hasil", "Save results"},
	"programs":                 {"Program pelatihan", "Training programs"},
	"program":                  {"Program", "Program"},
	"kind":                     {"Jenis", "Kind"},
	"dates":                    {"Tanggal", "Dates"},
	"partner":                  {"Mitra", "Partner"},
	"no_programs":              {"Belum ada program.", "No programs yet."},
	"plan_program":             {"Rencanakan program", "Plan a program"},
	"organiser":                {"Unit penyelenggara", "Organising unit"},
	"starts":                   {"Mulai", "Starts"},
	"ends":                     {"Selesai", "Ends"},
	"target":                   {"Target peserta", "Target participants"},
	"line":                     {"Baris", "Line"},
	"attended":                 {"Hadir", "Attended"},
	"completed":                {"Lulus", "Completed"},
	"enrolled":                 {"Terdaftar", "Enrolled"},
	"invite_stakeholders":      {"Undang pemangku kepentingan", "Invite stakeholders"},
	"unit_webhook":             {"Webhook unit", "Unit webhook"},
	"webhook_help":             {"Pengingat evaluasi dan program untuk unit Anda juga dikirim ke alamat ini, ditandatangani HMAC-SHA256 (header X-Policyflow-Signature). Menyimpan membuat rahasia baru; kosongkan URL untuk mematikan.", "Evaluation and program reminders for your unit are also sent to this address, signed with HMAC-SHA256 (header X-Policyflow-Signature). Saving makes a new secret; empty the URL to turn it off."},
	"webhook_secret":           {"Rahasia baru (hanya ditampilkan sekali, simpan sekarang):", "New secret (shown once, keep it now):"},
	"webhook_save":             {"Simpan webhook", "Save webhook"},
	"total":                    {"Jumlah", "Total"},
	"jp_earned":                {"JP diperoleh", "JP earned"},
	"jp_completion":            {"Program dan penyelesaian JP", "Programs and JP completion"},
	"ledger_link":              {"Buku JP per ASN dan unit (minimal 20 JP per tahun)", "JP ledger per civil servant and unit (20 JP a year minimum)"},
	"add_participant":          {"Catat peserta", "Record a participant"},
	"digits":                   {"angka", "digits"},
	"import_csv":               {"Impor CSV peserta", "Import participants from CSV"},
	"csv_help":                 {"Kolom: nip, nama, unit (kode unit), hadir, lulus (ya/tidak). Pemisah koma atau titik koma. Bila ada baris yang salah, tidak ada yang disimpan.", "Columns: nip, nama, unit (unit code), hadir, lulus (ya/tidak). Comma or semicolon. If any line is wrong, nothing is saved."},
	"import":                   {"Impor", "Import"},
	"ledger":                   {"Buku JP", "JP ledger"},
	"year":                     {"Tahun", "Year"},
	"minimum_jp":               {"Minimum tahunan (PP 11/2017 ps. 203 ayat 4)", "Yearly minimum (PP 11/2017 art. 203(4))"},
	"below_minimum":            {"di bawah minimum", "below minimum"},
	"kirkpatrick_title":        {"Survei staf terlatih (Kirkpatrick)", "Trained-staff survey (Kirkpatrick)"},
	"kirkpatrick_help":         {"Nilai 1–5 dari tiap responden, dipisah koma, untuk tiap tingkat.", "Scores 1–5 from each respondent, comma separated, for each level."},
	"kp_reaction":              {"Reaksi", "Reaction"},
	"kp_learning":              {"Pembelajaran", "Learning"},
	"kp_behaviour":             {"Perilaku", "Behaviour"},
	"kp_results":               {"Hasil", "Results"},
	"settings":                 {"Pengaturan", "Settings"},
	"tokens":                   {"Token API", "API tokens"},
	"tokens_help":              {"Token API pribadi dipakai untuk memanggil /api/v1 dengan header Authorization: Bearer. Nilai token hanya ditampilkan sekali, saat dibuat; cabut token yang tidak dipakai lagi.", "Personal API tokens call /api/v1 with the header Authorization: Bearer. A token's value is shown only once, when it is made; revoke tokens no longer in use."},
	"tokens_none":              {"Belum ada token API.", "No API tokens yet."},
	"token_name":               {"Nama token", "Token name"},
	"token_created":            {"Dibuat", "Made"},
	"token_expires":            {"Berlaku sampai", "Valid until"},
	"token_last_used":          {"Terakhir dipakai", "Last used"},
	"token_never_used":         {"belum pernah", "never"},
	"token_expired":            {"kedaluwarsa", "expired"},
	"token_revoke":             {"Cabut", "Revoke"},
	"token_revoked":            {"Token API dicabut", "API token revoked"},
	"token_days":               {"Masa berlaku (hari, 1–365)", "Valid for (days, 1–365)"},
	"token_password":           {"Kata sandi Anda, untuk memastikan ini Anda", "Your password, to confirm it is you"},
	"token_create":             {"Buat token", "Make a token"},
	"token_new_title":          {"Token API baru", "New API token"},
	"token_new_help":           {"Salin token ini sekarang: token hanya ditampilkan sekali dan tidak dapat dilihat lagi.", "Copy this token now: it is shown only once and cannot be seen again."},
	"token_wrong_password":     {"kata sandi salah", "wrong password"},
	"back_to_settings":         {"Kembali ke pengaturan", "Back to settings"},
	"notify_how":               {"Cara menerima notifikasi", "How to receive notifications"},
	"notify_immediate":         {"Email segera untuk tiap notifikasi", "An email for each notification, at once"},
	"notify_digest":            {"Ringkasan harian lewat email", "A daily digest by email"},
	"notify_none":              {"Hanya di kotak masuk aplikasi", "In the app's inbox only"},
	"plan_every":               {"Evaluasi setiap", "Evaluation every"},
	"months":                   {"bulan", "months"},
	"threshold":                {"ambang IKM revisi", "IKM threshold for revision"},
	"reminders_at":             {"pengingat H-7 dan H-1, eskalasi ke kepala unit saat terlambat", "reminders 7 and 1 days before, escalation to the unit head when overdue"},
	"edit_plan":                {"Ubah rencana evaluasi", "Edit the evaluation plan"},
	"comments_title":           {"Komentar", "Comments"},
	"comments_general":         {"Umum", "General"},
	"compare":                  {"Bandingkan", "Compare"},
	"consultation":             {"Konsultasi publik", "Public consultation"},
	"consultations_invited":    {"Konsultasi yang mengundang saya", "Consultations I am invited to"},
	"create":                   {"Buat", "Create"},
	"dashboard_title":          {"Tugas saya", "My tasks"},
	"decisions":                {"Keputusan", "Decisions"},
	"detail":                   {"Rincian", "Detail"},
	"diff":                     {"Perbedaan", "Differences"},
	"edit":                     {"Sunting", "Edit"},
	"email":                    {"Email", "Email"},
	"evaluation_running":       {"Jadwal evaluasi berjalan", "Evaluation schedule running"},
	"for":                      {"atas nama", "for"},
	"from":                     {"Dari", "From"},
	"history":                  {"Riwayat audit", "Audit history"},
	"in_progress":              {"berjalan", "in progress"},
	"load_more":                {"Muat lebih banyak", "Load more"},
	"login_submit":             {"Masuk", "Sign in"},
	"login_title":              {"Masuk ke Policyflow", "Sign in to Policyflow"},
	"login_failed":             {"Email atau kata sandi salah.", "Wrong email or password."},
	"login_too_many":           {"Terlalu banyak percobaan masuk. Coba lagi dalam %s.", "Too many sign-in attempts. Try again in %s."},
	"wait_seconds":             {"%d detik", "%d seconds"},
	"wait_minutes":             {"%d menit", "%d minutes"},
	"login_to_comment":         {"Masuk untuk berkomentar", "Sign in to comment"},
	"mark_read":                {"Tandai dibaca", "Mark read"},
	"moderated":                {"Komentar publik ditampilkan setelah dimoderasi.", "Public comments appear after moderation."},
	"name":                     {"Nama", "Name"},
	"nav_dashboard":            {"Tugas saya", "My tasks"},
	"nav_inbox":                {"Notifikasi", "Notifications"},
	"nav_login":                {"Masuk", "Sign in"},
	"nav_logout":               {"Keluar", "Sign out"},
	"nav_main":                 {"Navigasi utama", "Main navigation"},
	"new_deadline":             {"Batas waktu baru", "New deadline"},
	"new_title":                {"Kebijakan baru", "New policy"},
	"next":                     {"Berikutnya", "Next"},
	"no":                       {"Tidak", "No"},
	"no_approval":              {"Tidak ada persetujuan yang berjalan", "No approval in progress"},
	"no_consultation":          {"Belum ada konsultasi.", "No consultation yet."},
	"not_your_turn":            {"Tahap ini tidak menunggu keputusan Anda.", "This stage is not waiting for your decision."},
	"nothing":                  {"Tidak ada.", "Nothing."},
	"notifications_title":      {"Notifikasi", "Notifications"},
	"open":                     {"Terbuka", "Open"},
	"open_comments":            {"Komentar yang belum selesai", "Unresolved comments"},
	"opened":                   {"Dibuka", "Opened"},
	"page":                     {"Halaman", "Page"},
	"pages":                    {"Halaman", "Pages"},
	"password":                 {"Kata sandi", "Password"},
	"prev":                     {"Sebelumnya", "Previous"},
	"preview":                  {"Pratinjau", "Preview"},
	"public_comments":          {"Komentar publik", "Public comments"},
	"reason":                   {"Alasan", "Reason"},
	"reason_required":          {"wajib untuk menolak atau meminta perbaikan", "required to reject or request changes"},
	"reopen":                   {"Buka kembali", "Reopen"},
	"reply":                    {"Balas", "Reply"},
	"resolve":                  {"Selesaikan", "Resolve"},
	"resolved":                 {"selesai", "resolved"},
	"results":                  {"hasil", "results"},
	"more_than":                {"lebih dari", "more than"},
	"reviewed_text":            {"Teks yang ditinjau", "Text under review"},
	"round":                    {"Putaran", "Round"},
	"rounds_due":               {"Evaluasi unit saya", "My unit's evaluations"},
	"save_version":             {"Simpan sebagai versi baru", "Save as a new version"},
	"search":                   {"Cari", "Search"},
	"section":                  {"Bagian", "Section"},
	"send":                     {"Kirim", "Send"},
	"stage":                    {"Tahap", "Stage"},
	"starts_with_title":        {"diawali # Judul", "starting with # Title"},
	"status":                   {"Status", "Status"},
	"summary":                  {"Ringkasan", "Summary"},
	"system":                   {"sistem", "system"},
	"timeline":                 {"Lini masa", "Timeline"},
	"to":                       {"Ke", "To"},
	"unread":                   {"belum dibaca", "unread"},
	"unread_notifications":     {"Notifikasi belum dibaca", "Unread notifications"},
	"until":                    {"sampai", "until"},
	"versions":                 {"Versi", "Versions"},
	"what":                     {"Apa", "What"},
	"when":                     {"Kapan", "When"},
	"who":                      {"Siapa", "Who"},
	"words":                    {"kata", "words"},
	"yes":                      {"Ya", "Yes"},
	"done_skm":                 {"IKM %s (mutu %s, %s) tersimpan", "IKM %s (band %s, %s) saved"},
	"done_skm_revision":        {"; di bawah ambang: revisi kebijakan dibuka", "; below the threshold: a revision of the policy is open"},
	"done_kirkpatrick":         {"Indeks Kirkpatrick %s tersimpan", "Kirkpatrick index %s saved"},
	"done_plan":                {"Rencana evaluasi tersimpan", "Evaluation plan saved"},
	"done_participants":        {"%s peserta tersimpan", "%s participants saved"},
	"done_saved":               {"Tersimpan", "Saved"},
	"done_webhook_off":         {"Webhook unit dimatikan", "Unit webhook turned off"},
	"done_webhook_on":          {"Webhook unit tersimpan dengan rahasia baru", "Unit webhook saved with a new secret"},
}

// statusNames are the lifecycle states as people say them, by language then status.
var statusNames = byLanguage(map[policies.Status][2]string{
	policies.StatusDraft:        {"Draf", "Draft"},
	policies.StatusConsultation: {"Konsultasi publik", "Public consultation"},
	policies.StatusDrafting:     {"Penyusunan", "Drafting"},
	policies.StatusInApproval:   {"Dalam persetujuan", "In approval"},
	policies.StatusApproved:     {"Disetujui", "Approved"},
	policies.StatusImplementing: {"Pelaksanaan", "Implementing"},
	policies.StatusEvaluating:   {"Evaluasi", "Evaluating"},
	policies.StatusRevision:     {"Revisi", "Revision"},
	policies.StatusArchived:     {"Diarsipkan", "Archived"},
})

// roleNames are the roles as people say them, by language then role.
var roleNames = byLanguage(map[policies.Role][2]string{
	policies.RoleDrafter:     {"Penyusun", "Drafter"},
	policies.RoleStakeholder: {"Pemangku kepentingan", "Stakeholder"},
	policies.RoleLeader:      {"Pimpinan", "Leader"},
	policies.RoleUnitOfficer: {"Petugas unit", "Unit officer"},
	policies.RoleAdmin:       {"Administrator wilayah", "Region administrator"},
	policies.RoleLegal:       {"Bagian Hukum", "Legal unit"},
	policies.RoleSystem:      {"Sistem", "System"},
})

// decisionNames are an approver's decisions, by language then decision.
var decisionNames = byLanguage(map[string][2]string{
	string(policies.ActApprove):        {"Setuju", "Approved"},
	string(policies.ActReject):         {"Tolak", "Rejected"},
	string(policies.ActRequestChanges): {"Minta perbaikan", "Changes requested"},
})

// outcomeNames are how an approval run ended.
var outcomeNames = byLanguage(map[string][2]string{
	"approved":          {"Disetujui", "Approved"},
	"rejected":          {"Ditolak", "Rejected"},
	"changes_requested": {"Diminta perbaikan", "Changes requested"},
	"cancelled":         {"Dibatalkan", "Cancelled"},
})

// auditActionNames are the actions the audit log records: the lifecycle's
// actions and events, the record's own (policy.created, version.created…)
// and the administrative changes.
var auditActionNames = byLanguage(map[string][2]string{
	"policy.created":                        {"Kebijakan dibuat", "Policy created"},
	"version.created":                       {"Versi baru disimpan", "New version saved"},
	"evaluation_plan":                       {"Rencana evaluasi diubah", "Evaluation plan changed"},
	"attachment_added":                      {"Lampiran ditambahkan", "Attachment added"},
	"attachment_removed":                    {"Lampiran ditarik", "Attachment withdrawn"},
	"undo":                                  {"Dibatalkan otomatis", "Undone automatically"},
	"enactment.recorded":                    {"Ditetapkan sebagai produk hukum", "Enacted as a legal product"},
	"relation.added":                        {"Relasi produk hukum dicatat", "Relation between legal products recorded"},
	"relation.removed":                      {"Relasi produk hukum dihapus", "Relation between legal products removed"},
	"jdih.saved":                            {"Metadata JDIH disimpan", "JDIH metadata saved"},
	"enactment.promulgated":                 {"Diundangkan dalam Berita Daerah", "Promulgated in the regional gazette"},
	string(policies.ActOpenConsultation):    {"Konsultasi publik dibuka", "Public consultation opened"},
	string(policies.ActExtendConsultation):  {"Konsultasi diperpanjang", "Consultation extended"},
	string(policies.ActCloseConsultation):   {"Konsultasi ditutup", "Consultation closed"},
	string(policies.ActSubmit):              {"Diajukan untuk persetujuan", "Submitted for approval"},
	string(policies.ActApprove):             {"Disetujui", "Approved"},
	string(policies.ActReject):              {"Ditolak", "Rejected"},
	string(policies.ActRequestChanges):      {"Diminta perbaikan", "Changes requested"},
	string(policies.ActDelegate):            {"Didelegasikan (Plt.)", "Delegated (acting official)"},
	string(policies.ActStartImplementation): {"Pelaksanaan dimulai", "Implementation started"},
	string(policies.ActPlanProgram):         {"Program direncanakan", "Program planned"},
	string(policies.ActRecordEvaluation):    {"Hasil evaluasi dicatat", "Evaluation result recorded"},
	string(policies.ActOpenRevision):        {"Revisi dibuka", "Revision opened"},
	string(policies.ActArchive):             {"Diarsipkan", "Archived"},
	string(policies.ActConsultationClosed):  {"Konsultasi berakhir", "Consultation ended"},
	string(policies.ActApprovalCompleted):   {"Persetujuan selesai", "Approval completed"},
	string(policies.ActApprovalReturned):    {"Dikembalikan ke penyusunan", "Returned for drafting"},
	string(policies.ActEvaluationDue):       {"Putaran evaluasi dibuka", "Evaluation round opened"},
	string(policies.ActLowEvaluation):       {"Hasil evaluasi di bawah ambang", "Evaluation result below the threshold"},
	"user.invited":                          {"Pengguna diundang", "Person invited"},
	"user.updated":                          {"Pengguna diubah", "Person changed"},
	"user.deactivated":                      {"Pengguna dinonaktifkan", "Person deactivated"},
	"user.reactivated":                      {"Pengguna diaktifkan kembali", "Person reactivated"},
	"user.password_reset_requested":         {"Atur ulang kata sandi diminta", "Password reset requested"},
	"user.password_set":                     {"Kata sandi diatur", "Password set"},
	"region.created":                        {"Wilayah dibuat", "Region created"},
	"region.updated":                        {"Pengaturan wilayah diubah", "Region settings changed"},
	"unit.created":                          {"Unit dibuat", "Unit created"},
	"unit.updated":                          {"Unit diubah", "Unit changed"},
	"chain.created":                         {"Rantai persetujuan dibuat", "Approval chain created"},
	"chain.versioned":                       {"Rantai persetujuan diubah (versi baru)", "Approval chain changed (new version)"},
	"chain.updated":                         {"Rantai persetujuan diubah", "Approval chain changed"},
	"group.created":                         {"Kelompok pemangku kepentingan dibuat", "Stakeholder group created"},
	"group.updated":                         {"Kelompok pemangku kepentingan diubah", "Stakeholder group changed"},
	"group.deleted":                         {"Kelompok pemangku kepentingan dihapus", "Stakeholder group deleted"},
	"acting.appointed":                      {"Plt./Plh. ditunjuk", "Acting official appointed"},
	"acting.revoked":                        {"Penunjukan Plt./Plh. dicabut", "Acting appointment revoked"},
})

// roundStatusNames are the states of a unit's evaluation round.
var roundStatusNames = byLanguage(map[string][2]string{
	"pending":   {"Menunggu", "Pending"},
	"submitted": {"Sudah diisi", "Submitted"},
	"overdue":   {"Terlambat", "Overdue"},
})

// programKindNames are the forms of a training program.
var programKindNames = byLanguage(map[policies.ProgramKind][2]string{
	policies.KindPelatihan:  {"Pelatihan", "Training course"},
	policies.KindWorkshop:   {"Workshop (dengan perguruan tinggi)", "Workshop (with a university)"},
	policies.KindSeminar:    {"Seminar", "Seminar"},
	policies.KindLokakarya:  {"Lokakarya", "Lokakarya (hands-on workshop)"},
	policies.KindELearning:  {"E-learning / daring", "E-learning / online"},
	policies.KindMentoring:  {"Mentoring senior–junior", "Senior–junior mentoring"},
	policies.KindSoftSkills: {"Soft skills (komunikasi, kepemimpinan)", "Soft skills (communication, leadership)"},
})

// noticeKindNames are the kinds of notification.
var noticeKindNames = byLanguage(map[policies.NotificationKind][2]string{
	policies.NoticeApprovalRequest:        {"Permintaan persetujuan", "Approval request"},
	policies.NoticeApprovalOutcome:        {"Hasil persetujuan", "Approval outcome"},
	policies.NoticeApprovalSLAReminder:    {"Pengingat batas waktu persetujuan", "Approval deadline reminder"},
	policies.NoticeApprovalEscalation:     {"Eskalasi persetujuan", "Approval escalation"},
	policies.NoticeDelegation:             {"Delegasi (Plt.)", "Delegation (acting official)"},
	policies.NoticeConsultationInvitation: {"Undangan konsultasi", "Consultation invitation"},
	policies.NoticeConsultationReminder:   {"Pengingat konsultasi", "Consultation reminder"},
	policies.NoticeConsultationSummary:    {"Ringkasan konsultasi", "Consultation summary"},
	policies.NoticeEvaluationReminder:     {"Pengingat evaluasi", "Evaluation reminder"},
	policies.NoticeEvaluationOverdue:      {"Evaluasi terlambat", "Evaluation overdue"},
	policies.NoticeProgramStart:           {"Program dimulai", "Program starting"},
	policies.NoticeProgramAttendance:      {"Laporan kehadiran program", "Program attendance report"},
	policies.NoticeRevisionOpened:         {"Revisi dibuka", "Revision opened"},
	policies.NoticeInvitation:             {"Undangan ke Policyflow", "Invitation to Policyflow"},
	policies.NoticePasswordReset:          {"Atur ulang kata sandi", "Password reset"},
})

// commentStatusNames are the states of a comment.
var commentStatusNames = byLanguage(map[policies.CommentStatus][2]string{
	policies.CommentOpen:              {"Terbuka", "Open"},
	policies.CommentResolved:          {"Selesai", "Resolved"},
	policies.CommentPendingModeration: {"Menunggu moderasi", "Awaiting moderation"},
	policies.CommentRejected:          {"Ditolak", "Rejected"},
})

// bandNames are the IKM quality bands (PermenPANRB 14/2017).
var bandNames = byLanguage(map[string][2]string{
	"A": {"Sangat Baik", "Very good"},
	"B": {"Baik", "Good"},
	"C": {"Kurang Baik", "Poor"},
	"D": {"Tidak Baik", "Very poor"},
})

// quorumNames are how many approvers of a stage must approve.
var quorumNames = byLanguage(map[policies.Quorum][2]string{
	policies.QuorumAny:  {"Salah satu", "Any one"},
	policies.QuorumAll:  {"Semua", "All"},
	policies.QuorumNOfM: {"N dari M", "N of M"},
})

// notifyModeNames are how a person receives notifications.
var notifyModeNames = byLanguage(map[policies.NotifyMode][2]string{
	policies.NotifyImmediate: {"Email segera", "Email at once"},
	policies.NotifyDigest:    {"Ringkasan harian", "Daily digest"},
	policies.NotifyNone:      {"Hanya kotak masuk", "Inbox only"},
})

// byLanguage turns a catalogue of pairs into one map per language.
func byLanguage[K comparable](parts ...map[K][2]string) map[string]map[K]string {
	out := map[string]map[K]string{langID: {}, langEN: {}}
	for _, c := range parts {
		for k, v := range c {
			if _, dup := out[langID][k]; dup {
				panic(fmt.Sprintf("i18n: key %v is in two catalogue parts", k))
			}
			out[langID][k], out[langEN][k] = v[0], v[1]
		}
	}
	return out
}

// language picks the page language: ?lang= (remembered in a cookie), then
// the cookie, then Indonesian.
func language(w http.ResponseWriter, r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == langID || l == langEN {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, SameSite: http.SameSiteLaxMode})
		return l
	}
	if c, err := r.Cookie("lang"); err == nil && (c.Value == langID || c.Value == langEN) {
		return c.Value
	}
	return langID
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
