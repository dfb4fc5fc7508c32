package i18n

import "github.com/policyflow/policyflow/policies"

// cataloguePlan holds the words of the yearly competency-development plan
// page, Indonesian first, then English, as in catalogue.
var cataloguePlan = map[string][2]string{
	"plan":                     {"Rencana pengembangan kompetensi", "Competency development plan"},
	"plan_nav":                 {"Rencana bangkom", "Development plan"},
	"plan_basis":               {"PP 11/2017 Ps. 205–207: kebutuhan dan rencana pengembangan kompetensi instansi disusun untuk satu tahun dari analisis kesenjangan kompetensi dan kinerja, oleh pejabat yang berwenang (BKPSDM) dan ditetapkan PPK; rencana memuat jenis kompetensi, target PNS, jenis dan jalur pengembangan, jadwal dan anggaran, yang pembiayaannya tertuang dalam rencana kerja anggaran tahunan.", "PP 11/2017 arts. 205–207: an agency's competency development needs and plan are drawn up for one year from analyses of competency and performance gaps, by the authorised official (BKPSDM) and set by the staffing officer (PPK); the plan names the kinds of competency, the target civil servants, the kind and path of development, the schedule and the budget, funded in the yearly work plan and budget."},
	"plan_year":                {"Tahun", "Year"},
	"plan_show":                {"Tampilkan", "Show"},
	"plan_saved":               {"Rencana disimpan.", "Plan saved."},
	"plan_report":              {"Rencana lawan realisasi", "Plan against realisation"},
	"plan_report_help":         {"Realisasi dihitung dari peserta yang lulus program yang merealisasikan tiap butir: JP program per peserta lulus, dan ASN yang berbeda.", "Realisation counts the participants who completed the programs realising each item: the program's JP per completer, and distinct civil servants."},
	"plan_per_unit":            {"Per unit", "Per unit"},
	"plan_per_policy":          {"Per kebijakan", "Per policy"},
	"plan_policy":              {"Kebijakan", "Policy"},
	"plan_no_policy":           {"Tanpa kebijakan", "No policy"},
	"plan_items":               {"Butir rencana", "Plan items"},
	"plan_item":                {"Butir rencana", "Plan item"},
	"plan_programs":            {"Program realisasi", "Realising programs"},
	"plan_target_participants": {"Target peserta", "Target participants"},
	"plan_participants_done":   {"Peserta lulus", "Participants completed"},
	"plan_target_jp":           {"Target JP per peserta", "Target JP per participant"},
	"plan_target_jp_total":     {"Target JP total", "Target JP in total"},
	"plan_jp_done":             {"JP terealisasi", "JP realised"},
	"plan_budget":              {"Anggaran (Rp)", "Budget (IDR)"},
	"plan_budget_note":         {"Realisasi anggaran adalah jumlah realisasi program-program realisasi (tiap program sekali); JP dihitung seperti buku JP: sesi yang dihadiri bila program bersesi, program yang dibatalkan dan peserta yang dikeluarkan tidak dihitung.", "Budget realisation is the sum of the realising programs' realisation (each program once); JP is counted as in the JP ledger: the sessions attended when a program has sessions; a cancelled program and a removed participant count for nothing."},
	"plan_realised":            {"Realisasi anggaran (Rp)", "Budget realised (IDR)"},
	"plan_no_items":            {"Belum ada butir rencana tahun ini.", "No plan items for this year yet."},
	"plan_needs":               {"Kebutuhan pengembangan kompetensi", "Competency development needs"},
	"plan_no_needs":            {"Belum ada kebutuhan tercatat tahun ini.", "No needs recorded for this year yet."},
	"plan_competency":          {"Kompetensi yang dikembangkan", "Competency to develop"},
	"plan_competency_kind":     {"Jenis kompetensi", "Kind of competency"},
	"plan_path":                {"Jalur", "Path"},
	"plan_participants":        {"Jumlah ASN", "Civil servants"},
	"plan_note":                {"Keterangan", "Note"},
	"plan_source":              {"Sumber", "Source"},
	"plan_kind":                {"Jenis pengembangan", "Kind of development"},
	"plan_need_add":            {"Usulkan kebutuhan", "Propose a need"},
	"plan_import":              {"Impor hasil AKPK (CSV)", "Import AKPK results (CSV)"},
	"plan_import_help":         {"Kolom wajib: Unit (kode atau nama; atau Unit Kerja/Unor), Kompetensi, Jenis Kompetensi (teknis, manajerial, sosial kultural), Jalur (klasikal, nonklasikal), JP. Opsional: Jumlah ASN (tanpa kolom ini tiap baris satu ASN, mis. AKPK per pegawai dengan kolom NIP), Bentuk Pengembangan/Keterangan. Bila ada baris yang salah, tidak ada yang diimpor.", "Required columns: Unit (code or name; or Unit Kerja/Unor), Kompetensi, Jenis Kompetensi (teknis, manajerial, sosial kultural), Jalur (klasikal, nonklasikal), JP. Optional: Jumlah ASN (without it each line is one civil servant, as in a per-person AKPK with a NIP column), Bentuk Pengembangan/Keterangan. If any line is wrong, nothing is imported."},
	"plan_import_btn":          {"Impor kebutuhan", "Import the needs"},
	"plan_item_add":            {"Tambah butir rencana", "Add a plan item"},
	"plan_policy_number":       {"Nomor kebijakan yang dilaksanakan (opsional)", "Number of the policy it implements (optional)"},
	"plan_link":                {"Catat program realisasi", "Record a realising program"},
	"plan_program_number":      {"Nomor program (unit dan wilayah yang sama)", "Program number (same unit and region)"},
	"plan_link_btn":            {"Catat", "Record"},
	"plan_item_actions":        {"Ubah atau hapus", "Edit or delete"},
	"plan_item_edit":           {"Ubah butir", "Edit the item"},
	"plan_item_delete":         {"Hapus butir", "Delete the item"},
	"plan_item_linked":         {"Butir yang direalisasikan program dapat dihapus setelah programnya dilepas.", "An item that programs realise can be deleted once they are unlinked."},
	"plan_unlink":              {"Lepas", "Unlink"},
}

// CompetencyKindNames are the kinds of competency (PermenPANRB 38/2017).
var CompetencyKindNames = ByLanguage(map[policies.CompetencyKind][2]string{
	policies.CompetencyTechnical:     {"Teknis", "Technical"},
	policies.CompetencyManagerial:    {"Manajerial", "Managerial"},
	policies.CompetencySocioCultural: {"Sosial kultural", "Socio-cultural"},
})

// DevelopmentPathNames are the paths of development (PP 11/2017 Ps. 210).
var DevelopmentPathNames = ByLanguage(map[policies.DevelopmentPath][2]string{
	policies.PathClassical:    {"Klasikal", "Classical"},
	policies.PathNonClassical: {"Nonklasikal", "Non-classical"},
})

// NeedSourceNames say where a need came from.
var NeedSourceNames = ByLanguage(map[string][2]string{
	"manual": {"Diisi", "Entered"},
	"akpk":   {"Impor AKPK", "AKPK import"},
})

// catalogueSIASN holds the words of the SIASN export page.
var catalogueSIASN = map[string][2]string{
	"siasn":                 {"Ekspor riwayat diklat ke SIASN", "Training history export to SIASN"},
	"siasn_nav":             {"Ekspor SIASN", "SIASN export"},
	"siasn_help":            {"Pelatihan yang selesai diverifikasi dulu oleh petugas unit peserta, lalu oleh BKPSDM; sesudah itu diekspor sekali sebagai baris riwayat diklat/kursus SIASN (jenis, nama, institusi penyelenggara, nomor sertifikat, tanggal mulai dan selesai, tahun, jumlah jam).", "Completed training is verified first by an officer of the trainee's unit, then by BKPSDM; it is then exported once as SIASN training-history rows (kind, name, organiser, certificate number, start and end dates, year, hours)."},
	"siasn_saved":           {"Tersimpan.", "Saved."},
	"siasn_course":          {"Diklat/kursus", "Training"},
	"siasn_ended":           {"Selesai", "Ended"},
	"siasn_verify":          {"Verifikasi", "Verify"},
	"siasn_unverified":      {"Belum diverifikasi", "Not verified"},
	"siasn_unit_verified":   {"Diverifikasi unit", "Verified by the unit"},
	"siasn_region_verified": {"Diverifikasi BKPSDM, siap diekspor", "Verified by BKPSDM, ready to export"},
	"siasn_exported":        {"Diekspor dalam batch", "Exported in batch"},
	"siasn_none":            {"Belum ada pelatihan selesai tahun ini.", "No completed training this year yet."},
	"siasn_export":          {"Ekspor", "Export"},
	"siasn_pending":         {"Siap diekspor", "Ready to export"},
	"siasn_export_btn":      {"Buat batch ekspor baru", "Make a new export batch"},
	"siasn_batches":         {"Batch ekspor", "Export batches"},
	"siasn_batch":           {"Batch", "Batch"},
	"siasn_rows":            {"Baris", "Rows"},
	"siasn_when":            {"Dibuat", "Made"},
	"siasn_download":        {"Unduh", "Download"},
	"siasn_no_batches":      {"Belum ada batch ekspor.", "No export batches yet."},
}
