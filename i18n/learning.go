package i18n

import "github.com/policyflow/policyflow/policies"

// catalogueLearning holds the words of the non-classical learning page and
// its conversion table on the region's settings, Indonesian first.
var catalogueLearning = map[string][2]string{
	"learning":              {"Pembelajaran nonklasikal", "Non-classical learning"},
	"learning_nav":          {"Nonklasikal", "Non-classical"},
	"learning_help":         {"Coaching, Mentoring, E-learning, belajar mandiri dan bentuk nonklasikal lain (PP 11/2017, Peraturan LAN 10/2018), masing-masing dengan buktinya. Buku JP menghitungnya sebagai JP menurut tabel konversi wilayah. Data pribadi: hanya BKPSDM (penyusun) wilayah ini.", "Coaching, mentoring, e-learning, self-study and the other non-classical forms (PP 11/2017, LAN Regulation 10/2018), each with its proof. The JP ledger counts them as JP by the region's conversion table. Personal data: only this region's BKPSDM (drafters)."},
	"learning_saved":        {"Kegiatan disimpan.", "Activity saved."},
	"learning_year":         {"Tahun", "Year"},
	"learning_none":         {"Belum ada kegiatan nonklasikal tahun ini.", "No non-classical learning recorded this year."},
	"learning_add":          {"Catat kegiatan", "Record an activity"},
	"learning_kind":         {"Jenis", "Kind"},
	"learning_title":        {"Judul kegiatan", "Activity"},
	"learning_held_on":      {"Tanggal", "Date"},
	"learning_minutes":      {"Durasi (menit)", "Duration (minutes)"},
	"learning_proof":        {"Bukti", "Proof"},
	"learning_proof_help":   {"Apa yang membuktikannya: nomor sertifikat, laporan, tautan atau nomor dokumen.", "What proves it: a certificate number, a report, a link or a document's number."},
	"learning_person":       {"ASN", "Civil servant"},
	"learning_removed":      {"Dihapus", "Removed"},
	"learning_remove":       {"Hapus", "Remove"},
	"learning_reason":       {"Alasan penghapusan", "Reason for removal"},
	"learning_table":        {"Tabel konversi JP", "JP conversion table"},
	"learning_table_help":   {"Menurut menit: JP untuk setiap sekian menit kegiatan sejenis dalam setahun (dijumlah, lalu dibulatkan ke bawah). Menurut kegiatan: JP untuk setiap kegiatan. Batas per tahun 0: tanpa batas. Jenis yang belum diatur: 1 JP per 45 menit.", "By minutes: JP for every so many minutes of the year's activities of the kind (summed, then rounded down). By activity: JP for each activity. Yearly cap 0: none. A kind not set: 1 JP per 45 minutes."},
	"learning_basis":        {"Dasar", "Basis"},
	"learning_per_minutes":  {"Menit", "Minutes"},
	"learning_jp":           {"JP", "JP"},
	"learning_max_jp":       {"Batas JP per tahun", "Yearly JP cap"},
	"learning_rules_save":   {"Simpan tabel konversi", "Save the conversion table"},
	"learning_rules_admins": {"Tabel ini diubah oleh administrator wilayah pada halaman pengaturan wilayah.", "The region's administrator changes this table on the region settings page."},
}

// LearningKindNames are the non-classical forms of competency development.
var LearningKindNames = ByLanguage(map[policies.LearningKind][2]string{
	policies.LearningCoaching:          {"Coaching", "Coaching"},
	policies.LearningMentoring:         {"Mentoring", "Mentoring"},
	policies.LearningELearning:         {"E-learning", "E-learning"},
	policies.LearningDistance:          {"Pelatihan jarak jauh", "Distance training"},
	policies.LearningSecondment:        {"Detasering", "Secondment"},
	policies.LearningOutdoor:           {"Pembelajaran alam terbuka", "Outdoor learning"},
	policies.LearningBenchmarking:      {"Patok banding", "Benchmarking"},
	policies.LearningExchange:          {"Pertukaran PNS dengan pegawai swasta/BUMN/BUMD", "Exchange with private or state-owned enterprise staff"},
	policies.LearningSelfStudy:         {"Belajar mandiri", "Self-study"},
	policies.LearningCommunity:         {"Komunitas belajar", "Learning community"},
	policies.LearningWorkplaceGuidance: {"Bimbingan di tempat kerja", "Workplace guidance"},
	policies.LearningInternship:        {"Magang / praktik kerja", "Internship / work placement"},
})

// LearningBasisNames are what a kind's JP are counted from.
var LearningBasisNames = ByLanguage(map[policies.LearningBasis][2]string{
	policies.BasisMinutes:  {"Menurut menit", "By minutes"},
	policies.BasisActivity: {"Menurut kegiatan", "By activity"},
})
