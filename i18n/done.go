package i18n

// catalogueDone holds the notices a page shows after a lifecycle action
// (act_done_<action>_<outcome>), Indonesian first, then English. The
// page that shows one reads the key from ?done= and nothing else: the
// policy's own page says the version, stage or date the notice is about.
var catalogueDone = map[string][2]string{
	"act_done":                                                              {"Tindakan dicatat.", "Action recorded."},
	"act_done_submit_submitted":                                             {"Versi diajukan untuk persetujuan.", "The version was submitted for approval."},
	"act_done_approve_recorded":                                             {"Persetujuan Anda dicatat; tahap ini masih menunggu persetujuan lain.", "Your approval is recorded; this stage still awaits other approvals."},
	"act_done_approve_stage_approved":                                       {"Tahap disetujui; persetujuan berlanjut ke tahap berikutnya.", "Stage approved; the approval moves on to the next stage."},
	"act_done_approve_approved":                                             {"Versi disetujui pada tahap terakhir.", "The version was approved at the last stage."},
	"act_done_reject_rejected":                                              {"Versi ditolak; kebijakan kembali ke penyusunan.", "The version was rejected; the policy returns to drafting."},
	"act_done_request_changes_changes_requested":                            {"Perbaikan diminta; kebijakan kembali ke penyusunan.", "Changes requested; the policy returns to drafting."},
	"act_done_delegate_delegated":                                           {"Delegasi dicatat.", "Delegation recorded."},
	"act_done_open_consultation_consultation_opened":                        {"Konsultasi publik dibuka.", "Public consultation opened."},
	"act_done_extend_consultation_extended":                                 {"Konsultasi diperpanjang.", "Consultation extended."},
	"act_done_open_consultation_consultation_scheduled":                     {"Pembukaan konsultasi publik dijadwalkan.", "Public consultation opening scheduled."},
	"act_done_cancel_consultation_schedule_consultation_schedule_cancelled": {"Jadwal pembukaan konsultasi dibatalkan.", "Scheduled opening cancelled."},
	"act_done_close_consultation_consultation_closed":                       {"Konsultasi ditutup.", "Consultation closed."},
	"act_done_start_implementation_implementing":                            {"Pelaksanaan dimulai; jadwal evaluasi berjalan.", "Implementation started; the evaluation schedule runs."},
	"act_done_plan_program_program_planned":                                 {"Program direncanakan.", "Program planned."},
	"act_done_record_evaluation_recorded":                                   {"Hasil evaluasi tersimpan.", "Evaluation result saved."},
	"act_done_record_evaluation_recorded_small_sample":                      {"Hasil evaluasi tersimpan; di bawah ambang, tetapi responden kurang dari sampel minimum: revisi tidak dibuka.", "Evaluation result saved; below the threshold, but fewer respondents than the minimum sample: no revision opened."},
	"act_done_record_evaluation_revision_opened":                            {"Hasil evaluasi tersimpan; di bawah ambang: revisi kebijakan dibuka.", "Evaluation result saved; below the threshold: a revision of the policy is open."},
	"act_done_open_revision_revision_opened":                                {"Revisi dibuka.", "Revision opened."},
	"act_done_archive_archived":                                             {"Kebijakan diarsipkan.", "Policy archived."},
	"done_skm_saved":                                                        {"IKM tersimpan.", "IKM saved."},
	"done_skm_saved_revision":                                               {"IKM tersimpan; di bawah ambang: revisi kebijakan dibuka.", "IKM saved; below the threshold: a revision of the policy is open."},
	"done_skm_saved_small_sample":                                           {"IKM tersimpan; di bawah ambang, tetapi responden kurang dari sampel minimum: revisi tidak dibuka.", "IKM saved; below the threshold, but fewer respondents than the minimum sample: no revision opened."},
	"done_kirkpatrick_saved":                                                {"Indeks Kirkpatrick tersimpan.", "Kirkpatrick index saved."},
	"done_participants_saved":                                               {"Peserta tersimpan.", "Participants saved."},
}

// DoneKeys are the keys of the action notices (catalogueDone).
func DoneKeys() []string {
	out := make([]string, 0, len(catalogueDone))
	for k := range catalogueDone {
		out = append(out, k)
	}
	return out
}
