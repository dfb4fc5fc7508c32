package i18n

// catalogueOperations holds the words of the region administrator's
// operations console (server/operations.go), Indonesian first.
var catalogueOperations = map[string][2]string{
	"ops_title": {"Konsol operasi", "Operations console"},
	"ops_intro": {"Yang sedang ditunggu alur kerja setiap kebijakan di wilayah ini, dibaca langsung dari alur kerjanya, dan notifikasi yang gagal terkirim. Baris yang lewat tenggat ditandai. Konsol ini tidak mengubah status hukum kebijakan apa pun.",
		"What each policy's workflow in this region is waiting for, read from the workflow itself, and the notifications that failed to go out. Rows past their deadline are marked. This console changes no policy's legal status."},
	"ops_workflows":           {"Alur kerja yang berjalan", "Running workflows"},
	"ops_no_workflows":        {"Tidak ada kebijakan dengan alur kerja yang berjalan.", "No policy has a running workflow."},
	"ops_policy":              {"Kebijakan", "Policy"},
	"ops_status":              {"Status", "Status"},
	"ops_waiting":             {"Menunggu", "Waiting for"},
	"ops_since":               {"Sejak", "Since"},
	"ops_due":                 {"Tenggat", "Due"},
	"ops_wait_consultation":   {"Konsultasi publik berjalan sampai batas waktunya", "The public consultation, until its deadline"},
	"ops_wait_approval":       {"Persetujuan tahap %d dari %d: %d orang belum memutuskan", "Approval stage %d of %d: %d people have not decided"},
	"ops_wait_implementation": {"Pelaksanaan: %d program", "Implementation: %d programs"},
	"ops_wait_evaluation":     {"Evaluasi terjadwal", "Scheduled evaluation"},
	"ops_wait_revision":       {"Revisi oleh penyusun", "Revision by the drafter"},
	"ops_no_answer":           {"Alur kerja tidak menjawab: periksa worker dan Temporal (docs/OPERATIONS.md).", "The workflow does not answer: check the workers and Temporal (docs/OPERATIONS.md)."},
	"ops_deliveries":          {"Notifikasi yang gagal terkirim", "Notifications that failed to go out"},
	"ops_deliveries_intro": {"Notifikasi yang gagal dikirim dicoba ulang sendiri dengan jeda yang makin panjang; alamat yang ditolak server surat tidak dicoba lagi. Menghentikan percobaan ulang tidak menghapus apa pun: kotak masuk orangnya tetap menyimpan pemberitahuan itu.",
		"A notification that failed to go out is retried by itself at growing intervals; an address the mail server refused is not tried again. Stopping the retries deletes nothing: the person's inbox keeps the notice."},
	"ops_no_deliveries":    {"Semua notifikasi terkirim.", "Every notification went out."},
	"ops_notice":           {"Pemberitahuan", "Notice"},
	"ops_recipient":        {"Penerima", "Recipient"},
	"ops_state":            {"Keadaan", "State"},
	"ops_last_error":       {"Galat terakhir", "Last error"},
	"ops_refused":          {"Alamat ditolak server surat; tidak dicoba lagi", "Address refused by the mail server; not tried again"},
	"ops_stopped":          {"Percobaan ulang dihentikan administrator", "Retries stopped by an administrator"},
	"ops_retrying":         {"Gagal %d kali; dicoba lagi", "Failed %d times; next try"},
	"ops_discard":          {"Hentikan percobaan ulang", "Stop retrying"},
	"ops_discarded":        {"Percobaan ulang dihentikan.", "Retries stopped."},
	"subject_notification": {"Notifikasi", "Notification"},
	"ops_retry":            {"Coba kirim sekarang", "Retry now"},
	"ops_stuck_approval": {"Tahap ini tidak dapat mencapai kuorumnya: penyetuju yang ditunggu sudah nonaktif dan tidak ada Plt./Plh. yang menggantikannya.",
		"This stage cannot reach its quorum: approvers it waits for have been deactivated and no acting official (Plt./Plh.) stands in for them."},
	"ops_gone":        {"Menunggu %s (%s), nonaktif sejak", "Waiting for %s (%s), deactivated since"},
	"ops_propose_plt": {"Usulkan Plt. untuk jabatan %s", "Propose an acting official (Plt.) for %s's office"},
	"ops_stuck_way": {"Plt. yang ditunjuk dengan surat perintah memberi keputusan atas nama penyetuju itu; penunjukan berlaku setelah orang kedua (administrator lain) mengonfirmasinya. Konsol ini tidak memutuskan dan tidak menghentikan persetujuan.",
		"An acting official appointed by letter decides in that approver's name; the appointment takes effect once a second person (another administrator) confirms it. This console neither decides nor ends the approval."},
	"ops_retried": {"Notifikasi dijadwalkan ulang untuk dikirim sekarang; pengirim mengambilnya seketika.", "The notification is due again now; a deliverer takes it at once."},
	"ops_claimed": {"Sedang dikirim oleh %s sampai", "Being sent by %s until"},
}

// auditOperations names the console's audited action.
var auditOperations = map[string][2]string{
	"delivery.discarded": {"Percobaan ulang notifikasi dihentikan administrator", "Notification retries stopped by an administrator"},
	"delivery.retried":   {"Notifikasi yang gagal dicoba kirim sekarang oleh administrator", "A failed notification retried now by an administrator"},
}
