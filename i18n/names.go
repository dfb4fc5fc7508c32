package i18n

import "github.com/policyflow/policyflow/policies"

// The names of the domain's codes as pages show them, per language: no
// page shows a raw code.

// StatusNames are the lifecycle states as people say them, by language then status.
var StatusNames = ByLanguage(map[policies.Status][2]string{
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

// RoleNames are the roles as people say them, by language then role.
var RoleNames = ByLanguage(map[policies.Role][2]string{
	policies.RoleDrafter:     {"Penyusun", "Drafter"},
	policies.RoleStakeholder: {"Pemangku kepentingan", "Stakeholder"},
	policies.RoleLeader:      {"Pimpinan", "Leader"},
	policies.RoleUnitOfficer: {"Petugas unit", "Unit officer"},
	policies.RoleAdmin:       {"Administrator wilayah", "Region administrator"},
	policies.RoleLegal:       {"Bagian Hukum", "Legal unit"},
	policies.RoleSystem:      {"Sistem", "System"},
})

// DecisionNames are an approver's decisions, by language then decision.
var DecisionNames = ByLanguage(map[string][2]string{
	string(policies.ActApprove):        {"Setuju", "Approved"},
	string(policies.ActReject):         {"Tolak", "Rejected"},
	string(policies.ActRequestChanges): {"Minta perbaikan", "Changes requested"},
})

// OutcomeNames are how an approval run ended.
var OutcomeNames = ByLanguage(map[string][2]string{
	"approved":          {"Disetujui", "Approved"},
	"rejected":          {"Ditolak", "Rejected"},
	"changes_requested": {"Diminta perbaikan", "Changes requested"},
	"cancelled":         {"Dibatalkan", "Cancelled"},
})

// AuditActionNames are the actions the audit log records: the lifecycle's
// actions and events, the record's own (policy.created, version.created…)
// and the administrative changes.
var AuditActionNames = ByLanguage(map[string][2]string{
	"policy.created":                               {"Kebijakan dibuat", "Policy created"},
	"program.edit_program":                         {"Program diubah", "Program edited"},
	"program.reschedule_program":                   {"Program dijadwalkan ulang", "Program rescheduled"},
	"program.cancel_program":                       {"Program dibatalkan", "Program cancelled"},
	"program.program_started":                      {"Program dimulai", "Program started"},
	"program.program_finished":                     {"Program selesai", "Program finished"},
	"program.budget":                               {"Pagu dan realisasi program diubah", "Program budget and realisation changed"},
	"participant.added":                            {"Peserta program dicatat", "Program participant recorded"},
	"participant.readded":                          {"Peserta program dicatat kembali", "Program participant recorded again"},
	"participant.updated":                          {"Data peserta program diubah", "Program participant changed"},
	"participant.removed":                          {"Peserta dikeluarkan dari program", "Participant removed from the program"},
	"participant.attendance":                       {"Kehadiran peserta pada sesi dicatat", "Participant's attendance at a session recorded"},
	"participant.learning_score":                   {"Nilai tes pra/pasca peserta dicatat", "Participant's pre/post-test score recorded"},
	"kirkpatrick.reaction_links":                   {"Tautan formulir reaksi diberikan kepada peserta", "Reaction form links issued to participants"},
	"kirkpatrick.reaction_answered":                {"Formulir reaksi diisi", "Reaction form answered"},
	"session.added":                                {"Sesi program ditambahkan", "Program session added"},
	"version.created":                              {"Versi baru disimpan", "New version saved"},
	"evaluation_plan":                              {"Rencana evaluasi diubah", "Evaluation plan changed"},
	"skm_followup":                                 {"Tindak lanjut SKM dicatat", "SKM follow-up recorded"},
	"skm_followup_status":                          {"Status tindak lanjut SKM diubah", "SKM follow-up status changed"},
	"attachment_added":                             {"Lampiran ditambahkan", "Attachment added"},
	"attachment_removed":                           {"Lampiran ditarik", "Attachment withdrawn"},
	"undo":                                         {"Dibatalkan otomatis", "Undone automatically"},
	"enactment.recorded":                           {"Ditetapkan sebagai produk hukum", "Enacted as a legal product"},
	"relation.added":                               {"Relasi produk hukum dicatat", "Relation between legal products recorded"},
	"relation.removed":                             {"Relasi produk hukum dihapus", "Relation between legal products removed"},
	"amendment.point_added":                        {"Butir perubahan ditambahkan", "Amendment point added"},
	"amendment.point_removed":                      {"Butir perubahan dihapus", "Amendment point removed"},
	"jdih.saved":                                   {"Metadata JDIH disimpan", "JDIH metadata saved"},
	"enactment.promulgated":                        {"Diundangkan dalam Berita Daerah", "Promulgated in the regional gazette"},
	string(policies.ActOpenConsultation):           {"Konsultasi publik dibuka", "Public consultation opened"},
	string(policies.ActExtendConsultation):         {"Konsultasi diperpanjang", "Consultation extended"},
	string(policies.ActCloseConsultation):          {"Konsultasi ditutup", "Consultation closed"},
	string(policies.ActCancelConsultationSchedule): {"Jadwal pembukaan konsultasi dibatalkan", "Scheduled consultation opening cancelled"},
	"consultation.scheduled":                       {"Pembukaan konsultasi publik dijadwalkan", "Public consultation opening scheduled"},
	"consultation.schedule_failed":                 {"Konsultasi terjadwal tidak dapat dibuka", "Scheduled consultation could not open"},
	string(policies.ActSubmit):                     {"Diajukan untuk persetujuan", "Submitted for approval"},
	string(policies.ActApprove):                    {"Disetujui", "Approved"},
	string(policies.ActReject):                     {"Ditolak", "Rejected"},
	string(policies.ActRequestChanges):             {"Diminta perbaikan", "Changes requested"},
	string(policies.ActDelegate):                   {"Didelegasikan (Plt.)", "Delegated (acting official)"},
	string(policies.ActStartImplementation):        {"Pelaksanaan dimulai", "Implementation started"},
	string(policies.ActPlanProgram):                {"Program direncanakan", "Program planned"},
	string(policies.ActRecordEvaluation):           {"Hasil evaluasi dicatat", "Evaluation result recorded"},
	string(policies.ActOpenRevision):               {"Revisi dibuka", "Revision opened"},
	string(policies.ActArchive):                    {"Diarsipkan", "Archived"},
	string(policies.ActConsultationClosed):         {"Konsultasi berakhir", "Consultation ended"},
	string(policies.ActApprovalCompleted):          {"Persetujuan selesai", "Approval completed"},
	string(policies.ActApprovalReturned):           {"Dikembalikan ke penyusunan", "Returned for drafting"},
	string(policies.ActEvaluationDue):              {"Putaran evaluasi dibuka", "Evaluation round opened"},
	string(policies.ActLowEvaluation):              {"Hasil evaluasi di bawah ambang", "Evaluation result below the threshold"},
	string(policies.ActHarmonisationCorrection):    {"Harmonisasi perlu perbaikan: revisi dibuka", "Harmonisation needs corrections: revision opened"},
	"user.invited":                                 {"Pengguna diundang", "Person invited"},
	"user.updated":                                 {"Pengguna diubah", "Person changed"},
	"user.deactivated":                             {"Pengguna dinonaktifkan", "Person deactivated"},
	"user.reactivated":                             {"Pengguna diaktifkan kembali", "Person reactivated"},
	"user.password_reset_requested":                {"Atur ulang kata sandi diminta", "Password reset requested"},
	"user.password_set":                            {"Kata sandi diatur", "Password set"},
	"region.created":                               {"Wilayah dibuat", "Region created"},
	"region.updated":                               {"Pengaturan wilayah diubah", "Region settings changed"},
	"roster.created":                               {"ASN ditambahkan ke daftar ASN", "Civil servant added to the roster"},
	"roster.updated":                               {"Data ASN diperbaiki", "Civil servant's record corrected"},
	"roster.imported":                              {"Daftar ASN diimpor", "Roster imported"},
	"learning.created":                             {"Pembelajaran nonklasikal dicatat", "Non-classical learning recorded"},
	"learning.removed":                             {"Pembelajaran nonklasikal dihapus", "Non-classical learning removed"},
	"learning_rules.updated":                       {"Tabel konversi JP nonklasikal diubah", "Non-classical JP conversion table changed"},
	"plan.need_added":                              {"Kebutuhan pengembangan kompetensi dicatat", "Competency need recorded"},
	"plan.needs_imported":                          {"Kebutuhan pengembangan kompetensi diimpor dari AKPK", "Competency needs imported from AKPK"},
	"plan.item_created":                            {"Butir rencana pengembangan kompetensi ditambahkan", "Development plan item added"},
	"siasn.unit_verified":                          {"Pelatihan selesai diverifikasi unit", "Completed training verified by the unit"},
	"siasn.region_verified":                        {"Pelatihan selesai diverifikasi BKPSDM", "Completed training verified by BKPSDM"},
	"siasn.exported":                               {"Riwayat diklat diekspor ke SIASN", "Training history exported to SIASN"},
	"plan.program_linked":                          {"Program realisasi dicatat pada butir rencana", "Realising program recorded on a plan item"},
	"plan.item_updated":                            {"Butir rencana pengembangan kompetensi diubah", "Development plan item changed"},
	"plan.item_deleted":                            {"Butir rencana pengembangan kompetensi dihapus", "Development plan item deleted"},
	"plan.program_unlinked":                        {"Program realisasi dilepas dari butir rencana", "Realising program unlinked from a plan item"},
	"unit.created":                                 {"Unit dibuat", "Unit created"},
	"unit.updated":                                 {"Unit diubah", "Unit changed"},
	"chain.created":                                {"Rantai persetujuan dibuat", "Approval chain created"},
	"chain.versioned":                              {"Rantai persetujuan diubah (versi baru)", "Approval chain changed (new version)"},
	"chain.updated":                                {"Rantai persetujuan diubah", "Approval chain changed"},
	"group.created":                                {"Kelompok pemangku kepentingan dibuat", "Stakeholder group created"},
	"group.updated":                                {"Kelompok pemangku kepentingan diubah", "Stakeholder group changed"},
	"group.deleted":                                {"Kelompok pemangku kepentingan dihapus", "Stakeholder group deleted"},
	"acting.appointed":                             {"Plt./Plh. ditunjuk", "Acting official appointed"},
	"acting.revoked":                               {"Penunjukan Plt./Plh. dicabut", "Acting appointment revoked"},
	"change.proposed":                              {"Perubahan kewenangan diusulkan", "Change of power proposed"},
	"change.confirmed":                             {"Perubahan kewenangan dikonfirmasi orang kedua", "Change of power confirmed by a second person"},
	"change.declined":                              {"Perubahan kewenangan ditolak atau ditarik", "Change of power declined or withdrawn"},
	"region.first_admin":                           {"Administrator pertama wilayah dibuat dari baris perintah (satu-satunya perubahan tanpa konfirmasi orang kedua)", "Region's first administrator made on the command line (the one change no second person confirms)"},
	"paraf.given":                                  {"Paraf diberikan", "Paraf (initials) given"},
	"paraf_step.created":                           {"Pejabat pemaraf ditambahkan", "Official who initials added"},
	"paraf_step.deleted":                           {"Pejabat pemaraf dihapus", "Official who initials removed"},
	"acting_rules.updated":                         {"Aturan Plt./Plh. wilayah diubah", "Region's rules for acting officials changed"},
	"retention.updated":                            {"Masa simpan data pribadi wilayah diubah", "Region's personal data retention changed"},
	"user.erased":                                  {"Data pribadi seseorang dihapus", "A person's personal data erased"},
	"user.erasure_requested":                       {"Seseorang meminta data pribadinya dihapus", "A person asked for their personal data to be erased"},
	"privacy.purged":                               {"Data pribadi yang melewati masa simpannya dihapus (terjadwal)", "Personal data past its retention purged (scheduled)"},
	"address.erased":                               {"Alamat email pengomentar tanpa akun dihapus", "A commenter's address (no account) erased"},
	"erasure.declined":                             {"Permintaan penghapusan data ditolak", "Erasure request declined"},
	"harmonisation.requested":                      {"Harmonisasi dimohonkan ke Kanwil Kementerian Hukum", "Harmonisation requested from the Ministry of Law's regional office"},
	"harmonisation.answered":                       {"Jawaban harmonisasi Kanwil dicatat", "The regional office's harmonisation answer recorded"},
	"harmonisation_setting.saved":                  {"Kewajiban harmonisasi diubah", "Harmonisation requirement changed"},
	"legal_step_setting.saved":                     {"Tenggat langkah hukum diubah", "Legal step deadline changed"},
	"holiday.created":                              {"Kalender hari kerja wilayah diubah", "Region's working-day calendar changed"},
	"holiday.deleted":                              {"Perubahan kalender hari kerja dibatalkan", "Working-day calendar change undone"},
}, auditEveryAction, auditSSO, auditCampaign, auditSecondFactor, auditFollow, auditTopics, auditOperations)

// RoundStatusNames are the states of a unit's evaluation round.
var RoundStatusNames = ByLanguage(map[string][2]string{
	"pending":   {"Menunggu", "Pending"},
	"submitted": {"Sudah diisi", "Submitted"},
	"overdue":   {"Terlambat", "Overdue"},
})

// ProgramStatusNames are the states of a training program.
var ProgramStatusNames = ByLanguage(map[policies.ProgramStatus][2]string{
	policies.ProgramPlanned:   {"Direncanakan", "Planned"},
	policies.ProgramRunning:   {"Berjalan", "Running"},
	policies.ProgramDone:      {"Selesai", "Done"},
	policies.ProgramCancelled: {"Dibatalkan", "Cancelled"},
})

// ProgramKindNames are the forms of a training program.
var ProgramKindNames = ByLanguage(map[policies.ProgramKind][2]string{
	policies.KindPelatihan:  {"Pelatihan", "Training course"},
	policies.KindWorkshop:   {"Workshop (dengan perguruan tinggi)", "Workshop (with a university)"},
	policies.KindSeminar:    {"Seminar", "Seminar"},
	policies.KindLokakarya:  {"Lokakarya", "Lokakarya (hands-on workshop)"},
	policies.KindELearning:  {"E-learning / daring", "E-learning / online"},
	policies.KindMentoring:  {"Mentoring senior–junior", "Senior–junior mentoring"},
	policies.KindSoftSkills: {"Soft skills (komunikasi, kepemimpinan)", "Soft skills (communication, leadership)"},
})

// NoticeKindNames are the kinds of notification.
var NoticeKindNames = ByLanguage(map[policies.NotificationKind][2]string{
	policies.NoticeApprovalRequest:        {"Permintaan persetujuan", "Approval request"},
	policies.NoticeApprovalOutcome:        {"Hasil persetujuan", "Approval outcome"},
	policies.NoticeApprovalSLAReminder:    {"Pengingat batas waktu persetujuan", "Approval deadline reminder"},
	policies.NoticeApprovalEscalation:     {"Eskalasi persetujuan", "Approval escalation"},
	policies.NoticeDelegation:             {"Delegasi (Plt.)", "Delegation (acting official)"},
	policies.NoticeConsultationInvitation: {"Undangan konsultasi", "Consultation invitation"},
	policies.NoticeConsultationReminder:   {"Pengingat konsultasi", "Consultation reminder"},
	policies.NoticeConsultationSummary:    {"Ringkasan konsultasi", "Consultation summary"},
	policies.NoticeAnswersReminder:        {"Pengingat batas waktu jawaban konsultasi", "Consultation answers deadline reminder"},
	policies.NoticeAnswersEscalation:      {"Eskalasi: jawaban konsultasi terlambat", "Escalation: consultation answers overdue"},
	policies.NoticeScheduleFailed:         {"Konsultasi terjadwal tidak dibuka", "Scheduled consultation not opened"},
	policies.NoticeEvaluationReminder:     {"Pengingat evaluasi", "Evaluation reminder"},
	policies.NoticeEvaluationOverdue:      {"Evaluasi terlambat", "Evaluation overdue"},
	policies.NoticeProgramStart:           {"Program dimulai", "Program starting"},
	policies.NoticeProgramAttendance:      {"Laporan kehadiran program", "Program attendance report"},
	policies.NoticeProgramRescheduled:     {"Program dijadwalkan ulang", "Program rescheduled"},
	policies.NoticeProgramCancelled:       {"Program dibatalkan", "Program cancelled"},
	policies.NoticeReactionLink:           {"Formulir reaksi pelatihan", "Training reaction form"},
	policies.NoticeBehaviourLink:          {"Survei perilaku kerja pascapelatihan", "Post-training behaviour survey"},
	policies.NoticeBehaviourSurvey:        {"Survei perilaku dibuka", "Behaviour survey open"},
	policies.NoticeBehaviourReminder:      {"Pengingat survei perilaku", "Behaviour survey reminder"},
	policies.NoticeResultsDue:             {"Indikator hasil program diminta", "Program results indicator due"},
	policies.NoticeResultsReminder:        {"Pengingat indikator hasil", "Results indicator reminder"},
	policies.NoticeRevisionOpened:         {"Revisi dibuka", "Revision opened"},
	policies.NoticeLegalStep:              {"Langkah hukum menunggu", "Legal step waiting"},
	policies.NoticeLegalStepReminder:      {"Pengingat tenggat langkah hukum", "Legal step deadline reminder"},
	policies.NoticeLegalStepEscalation:    {"Eskalasi langkah hukum", "Legal step escalation"},
	policies.NoticeInvitation:             {"Undangan ke Policyflow", "Invitation to Policyflow"},
	policies.NoticePasswordReset:          {"Atur ulang kata sandi", "Password reset"},
	policies.NoticePowerChange:            {"Perubahan kewenangan", "Change of power"},
	policies.NoticeErasureDecision:        {"Keputusan atas data pribadi Anda", "Decision on your personal data"},
	policies.NoticeCommentAssigned:        {"Komentar ditugaskan kepada Anda", "Comments assigned to you"},
	policies.NoticeSecondFactor:           {"Verifikasi dua langkah", "Two-step verification"},
	policies.NoticeFollowConfirm:          {"Konfirmasi mengikuti", "Confirm following"},
	policies.NoticeFollowed:               {"Kabar yang Anda ikuti", "News you follow"},
})

// CommentStatusNames are the states of a comment.
var CommentStatusNames = ByLanguage(map[policies.CommentStatus][2]string{
	policies.CommentOpen:              {"Terbuka", "Open"},
	policies.CommentResolved:          {"Selesai", "Resolved"},
	policies.CommentPendingModeration: {"Menunggu moderasi", "Awaiting moderation"},
	policies.CommentRejected:          {"Ditolak", "Rejected"},
})

// BandNames are the IKM quality bands (PermenPANRB 14/2017).
var BandNames = ByLanguage(map[string][2]string{
	"A": {"Sangat Baik", "Very good"},
	"B": {"Baik", "Good"},
	"C": {"Kurang Baik", "Poor"},
	"D": {"Tidak Baik", "Very poor"},
})

// QuorumNames are how many approvers of a stage must approve.
var QuorumNames = ByLanguage(map[policies.Quorum][2]string{
	policies.QuorumAny:  {"Salah satu", "Any one"},
	policies.QuorumAll:  {"Semua", "All"},
	policies.QuorumNOfM: {"N dari M", "N of M"},
})

// NotifyModeNames are how a person receives notifications.
var NotifyModeNames = ByLanguage(map[policies.NotifyMode][2]string{
	policies.NotifyImmediate: {"Email segera", "Email at once"},
	policies.NotifyDigest:    {"Ringkasan harian", "Daily digest"},
	policies.NotifyNone:      {"Hanya kotak masuk", "Inbox only"},
})
