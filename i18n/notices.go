package i18n

import (
	"fmt"
	"strings"

	"github.com/policyflow/policyflow/policies"
)

// catalogueNotices holds the words of the workflows' notices (approvals,
// consultations, evaluations, answers deadlines, revisions), written in
// each recipient's language by the activity that writes them
// (activities/notification.go): a message key K has K+"_subject" and
// K+"_body", whose arguments are policies.Message's, by explicit index so
// each language puts them where it says them. The "nm_w_" entries are the
// words an argument may be.
var catalogueNotices = map[string][2]string{
	"nm_approval_request_subject":        {"Menunggu persetujuan Anda: %[1]s", "Awaiting your approval: %[1]s"},
	"nm_approval_request_body":           {"Versi %[2]s menunggu keputusan tahap %[3]s sebelum %[4]s.", "Version %[2]s awaits the decision of stage %[3]s before %[4]s."},
	"nm_approval_sla_subject":            {"Lewat tenggat persetujuan: %[1]s", "Approval deadline passed: %[1]s"},
	"nm_approval_sla_body":               {"Tahap %[2]s melewati tenggat %[3]s %[4]s (%[5]s). Mohon beri keputusan.", "Stage %[2]s is past its deadline of %[3]s %[4]s (%[5]s). Please give your decision."},
	"nm_approval_escalation_subject":     {"Eskalasi persetujuan: %[1]s", "Approval escalated: %[1]s"},
	"nm_approval_escalation_body":        {"Tahap %[2]s belum diputuskan setelah %[3]s %[4]s (%[5]s). Penyetuju yang ditunggu: %[6]s.", "Stage %[2]s is still undecided after %[3]s %[4]s (%[5]s). Approvers awaited: %[6]s."},
	"nm_approval_approved_subject":       {"Disetujui: %[1]s", "Approved: %[1]s"},
	"nm_approval_approved_body":          {"Versi %[2]s disetujui di semua %[3]s tahap.", "Version %[2]s was approved at all %[3]s stages."},
	"nm_approval_returned_subject":       {"Perlu perbaikan: %[1]s", "Changes needed: %[1]s"},
	"nm_approval_returned_body":          {"Tahap %[2]s: %[3]s. Alasan: %[4]s", "Stage %[2]s: %[3]s. Reason: %[4]s"},
	"nm_delegation_subject":              {"Anda ditunjuk sebagai Plt.: %[1]s", "You are appointed acting official (Plt.): %[1]s"},
	"nm_delegation_body":                 {"Anda dapat memberi keputusan atas nama penyetuju %[2]s sampai %[3]s.", "You may decide on behalf of approver %[2]s until %[3]s."},
	"nm_consultation_invitation_subject": {"Undangan konsultasi publik: %[1]s", "Invitation to a public consultation: %[1]s"},
	"nm_consultation_invitation_body":    {"Anda diundang memberi masukan atas versi %[2]s sampai %[3]s.", "You are invited to comment on version %[2]s until %[3]s."},
	"nm_consultation_reminder_subject":   {"Konsultasi segera ditutup: %[1]s", "Consultation closing soon: %[1]s"},
	"nm_consultation_reminder_body":      {"Konsultasi publik ditutup pada %[2]s. Sampaikan masukan Anda sebelum itu.", "The public consultation closes on %[2]s. Send your comments before then."},
	"nm_consultation_summary_subject":    {"Ringkasan konsultasi: %[1]s", "Consultation summary: %[1]s"},
	"nm_consultation_summary_body":       {"Konsultasi ditutup (%[2]s) dengan %[3]s komentar.%[4]s", "Consultation closed (%[2]s) with %[3]s comments.%[4]s"},
	"nm_evaluation_reminder_subject":     {"H-%[2]s evaluasi putaran %[3]s: %[1]s", "%[2]s days to evaluation round %[3]s: %[1]s"},
	"nm_evaluation_reminder_body":        {"Evaluasi putaran %[3]s jatuh tempo %[4]s. Mohon isi survei unit Anda.", "Evaluation round %[3]s is due %[4]s. Please fill in your unit's survey."},
	"nm_evaluation_overdue_subject":      {"Terlambat: evaluasi putaran %[2]s %[1]s", "Late: evaluation round %[2]s of %[1]s"},
	"nm_evaluation_overdue_body":         {"Evaluasi putaran %[2]s jatuh tempo %[3]s dan belum diisi unit Anda.", "Evaluation round %[2]s was due %[3]s and your unit has not filled it in."},
	"nm_answers_reminder_subject":        {"Jawaban konsultasi jatuh tempo %[2]s: %[1]s", "Consultation answers due %[2]s: %[1]s"},
	"nm_answers_reminder_body":           {"%[3]s komentar konsultasi ini belum memiliki jawaban yang diterbitkan. Jawaban dan laporan konsultasi wajib terbit paling lambat %[2]s.", "%[3]s comments of this consultation have no published answer yet. The answers and the consultation report must be published by %[2]s."},
	"nm_answers_escalation_subject":      {"Jawaban konsultasi terlambat: %[1]s", "Consultation answers late: %[1]s"},
	"nm_answers_escalation_body":         {"Batas waktu jawaban dan laporan konsultasi (%[2]s) sudah lewat; %[3]s komentar belum memiliki jawaban yang diterbitkan.", "The deadline for the answers and the consultation report (%[2]s) has passed; %[3]s comments have no published answer yet."},
	"nm_revision_opened_subject":         {"Revisi dibuka: %[1]s", "Revision opened: %[1]s"},
	"nm_revision_opened_body":            {"Revisi kebijakan dibuka. Alasan: %[2]s", "A revision of the policy was opened. Reason: %[2]s"},
	"nm_schedule_failed_subject":         {"Konsultasi terjadwal tidak dibuka: %[1]s", "Scheduled consultation not opened: %[1]s"},
	"nm_schedule_failed_body":            {"Konsultasi publik yang dijadwalkan dibuka %[2]s tidak dapat dibuka: %[3]s. Buka atau jadwalkan lagi dari halaman kebijakan.", "The public consultation scheduled to open %[2]s could not open: %[3]s. Open or schedule it again from the policy's page."},
	"nm_program_start_subject":           {"Program dimulai: %[1]s", "Program starts: %[1]s"},
	"nm_program_start_body":              {"Program %[1]s (%[2]s JP) dimulai %[3]s.", "Program %[1]s (%[2]s JP) starts %[3]s."},
	"nm_program_attendance_subject":      {"Laporan kehadiran: %[1]s", "Attendance report: %[1]s"},
	"nm_program_attendance_body":         {"Program %[1]s selesai %[2]s. Mohon kirim laporan kehadiran dan kelulusan peserta.", "Program %[1]s ends %[2]s. Please send the participants' attendance and completion report."},
	"nm_program_cancelled_subject":       {"Program dibatalkan: %[1]s", "Program cancelled: %[1]s"},
	"nm_program_cancelled_body":          {"Program %[1]s dibatalkan. Alasan: %[2]s", "Program %[1]s was cancelled. Reason: %[2]s"},
	"nm_program_rescheduled_subject":     {"Program dijadwalkan ulang: %[1]s", "Program rescheduled: %[1]s"},
	"nm_program_rescheduled_body":        {"Program %[1]s dijadwalkan ulang: %[2]s – %[3]s. Alasan: %[4]s", "Program %[1]s was rescheduled: %[2]s – %[3]s. Reason: %[4]s"},
	"nm_behaviour_survey_subject":        {"Survei perilaku dibuka: %[1]s", "Behaviour survey open: %[1]s"},
	"nm_behaviour_survey_body":           {"Survei perilaku kerja peserta program %[1]s untuk atasan mereka dibuka. Serahkan tautan survei kepada atasan setiap peserta dari unit Anda.", "The survey of the on-the-job behaviour of the participants of program %[1]s, for their supervisors, is open. Hand the survey link to the supervisor of each participant of your unit."},
	"nm_behaviour_reminder_subject":      {"Pengingat survei perilaku: %[1]s", "Behaviour survey reminder: %[1]s"},
	"nm_behaviour_reminder_body":         {"%[2]s survei perilaku peserta program %[1]s dari unit Anda belum diisi atasan.", "%[2]s behaviour surveys of participants of program %[1]s from your unit are not yet filled in by their supervisors."},
	"nm_behaviour_link_subject":          {"Survei perilaku kerja pascapelatihan: %[1]s", "Post-training behaviour survey: %[1]s"},
	"nm_behaviour_link_body":             {"%[1]s mengikuti program %[2]s. Sebagai atasan, mohon nilai penerapan hasil pelatihan dalam pekerjaannya (sekali isi, tanpa akun).", "%[1]s took part in program %[2]s. As their supervisor, please rate how they apply the training in their work (one answer, no account needed)."},
	"nm_results_due_subject":             {"Catat indikator hasil program: %[1]s", "Record the program's results indicator: %[1]s"},
	"nm_results_due_body":                {"Mohon catat nilai capaian indikator %[2]s (%[3]s; nilai awal %[4]s, target %[5]s) setelah program %[1]s, dengan tanggal pengukurannya.", "Please record the value reached for indicator %[2]s (%[3]s; baseline %[4]s, target %[5]s) after program %[1]s, with the date it was measured."},
	"nm_results_reminder_subject":        {"Pengingat indikator hasil: %[1]s", "Results indicator reminder: %[1]s"},
	"nm_results_reminder_body":           {"Mohon catat nilai capaian indikator %[2]s (%[3]s; nilai awal %[4]s, target %[5]s) setelah program %[1]s, dengan tanggal pengukurannya.", "Please record the value reached for indicator %[2]s (%[3]s; baseline %[4]s, target %[5]s) after program %[1]s, with the date it was measured."},
	"nm_results_due_unset_subject":       {"Catat indikator hasil program: %[1]s", "Record the program's results indicator: %[1]s"},
	"nm_results_due_unset_body":          {"Program %[1]s belum memiliki indikator hasil. Mohon tetapkan indikatornya (nama, satuan, nilai awal, target) dan catat nilai capaiannya.", "Program %[1]s has no results indicator yet. Please set its indicator (name, unit, baseline, target) and record the value reached."},
	"nm_results_reminder_unset_subject":  {"Pengingat indikator hasil: %[1]s", "Results indicator reminder: %[1]s"},
	"nm_results_reminder_unset_body":     {"Program %[1]s belum memiliki indikator hasil. Mohon tetapkan indikatornya (nama, satuan, nilai awal, target) dan catat nilai capaiannya.", "Program %[1]s has no results indicator yet. Please set its indicator (name, unit, baseline, target) and record the value reached."},
	"nm_skm_follow_up_subject":           {"Tindak lanjut SKM %[1]s (putaran %[2]s) tenggat %[3]s", "SKM follow-up %[1]s (round %[2]s) due %[3]s"},
	"nm_skm_follow_up_body":              {"Rencana tindak lanjut unit %[4]s: %[5]s (penanggung jawab %[6]s) belum selesai. Perbarui statusnya bila sudah selesai.", "The follow-up plan of unit %[4]s: %[5]s (owner %[6]s) is not done yet. Update its status once it is done."},
	"nm_skm_follow_up_late_subject":      {"Terlambat: tindak lanjut SKM %[1]s (putaran %[2]s), tenggat %[3]s", "Late: SKM follow-up %[1]s (round %[2]s), due %[3]s"},
	"nm_skm_follow_up_late_body":         {"Rencana tindak lanjut unit %[4]s: %[5]s (penanggung jawab %[6]s) belum selesai. Perbarui statusnya bila sudah selesai.", "The follow-up plan of unit %[4]s: %[5]s (owner %[6]s) is not done yet. Update its status once it is done."},
	"nm_comment_assigned_subject":        {"Komentar konsultasi ditugaskan kepada Anda", "Consultation comments assigned to you"},
	"nm_comment_assigned_body":           {"%[1]s menugaskan %[2]s komentar konsultasi publik \"%[3]s\" kepada Anda untuk dijawab. Buka tautan di bawah untuk melihat komentar yang ditugaskan kepada Anda.", "%[1]s assigned you %[2]s comments of the public consultation \"%[3]s\" to answer. Open the link below to see the comments assigned to you."},
	"nm_reaction_link_subject":           {"Formulir reaksi pelatihan: %[1]s", "Training reaction form: %[1]s"},
	"nm_reaction_link_body":              {"Program %[1]s sudah selesai. Mohon isi formulir reaksi singkat (sekali isi, tanpa nama) melalui tautan ini.", "Program %[1]s has ended. Please fill in the short reaction form (one answer, anonymous) at this link."},
	// The words an argument may be.
	"nm_w_working_days":    {"hari kerja", "working days"},
	"nm_w_days":            {"hari", "days"},
	"nm_w_approved":        {"disetujui", "approved"},
	"nm_w_rejected":        {"ditolak", "rejected"},
	"nm_w_changes":         {"diminta perbaikan", "changes requested"},
	"nm_w_close_deadline":  {"batas waktu", "deadline"},
	"nm_w_close_early":     {"ditutup lebih awal", "closed early"},
	"nm_w_general_section": {"(umum)", "(general)"},
	"nm_w_status_already":  {"kebijakan sudah berstatus", "the policy's status is already"},
	// The settings page's choice of the notices' language.
	"settings_lang":    {"Bahasa notifikasi / Notification language", "Notification language / Bahasa notifikasi"},
	"settings_lang_id": {"Bahasa Indonesia", "Indonesian (Bahasa Indonesia)"},
	"settings_lang_en": {"English (Bahasa Inggris)", "English"},
	"privacy_lang":     {"Bahasa notifikasi", "Notification language"},
	"settings_lang_help": {"Pemberitahuan dan email Anda ditulis dalam bahasa ini.",
		"Your notifications and emails are written in this language."},
}

// Notice words message m in language lang (Indonesian for an unknown
// one): its subject and body; false when m has no key or the catalogue
// does not know it (then the notice keeps the words it came with).
func Notice(lang string, m policies.Message) (subject, body string, ok bool) {
	if lang != EN {
		lang = ID
	}
	t := Pages[lang]
	subj, ok1 := t[m.Key+"_subject"]
	text, ok2 := t[m.Key+"_body"]
	if m.Key == "" || !ok1 || !ok2 {
		return "", "", false
	}
	l := Locale{Lang: lang}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		args[i] = l.noticeArg(a)
	}
	return say(subj, args), say(text, args), true
}

// say is format f with args; a format naming none of them is as it is.
func say(f string, args []any) string {
	if !strings.Contains(f, "%") {
		return f
	}
	return fmt.Sprintf(f, args...)
}

// noticeArg says one argument of a message in l's language.
func (l Locale) noticeArg(a policies.MessageArg) string {
	switch {
	case len(a.Parts) > 0:
		var b strings.Builder
		for _, p := range a.Parts {
			b.WriteString(l.noticeArg(p))
		}
		return b.String()
	case a.Word != "":
		if w := Pages[l.Lang][a.Word]; w != "" {
			return w
		}
		return a.Word
	case a.Dec != nil:
		s, _ := l.Dec(*a.Dec) // a float64 never fails
		return s
	case a.Status != "":
		if n := StatusNames[l.Lang][a.Status]; n != "" {
			return n
		}
		return string(a.Status)
	case a.At != nil && a.Day:
		return l.Day(*a.At)
	case a.At != nil:
		zone := a.Zone
		if !zone.Valid() {
			// As the workflows said it: the zone of the moment's offset.
			zone = policies.TimeZone(policies.InZone(*a.At).Location().String())
		}
		s, _ := Locale{Lang: l.Lang, Zone: zone}.Date(*a.At) // a time.Time never fails
		return s
	}
	return a.Text
}
