package i18n

// catalogueRoster holds the words of the ASN roster pages and the JP
// ledger over it, Indonesian first, then English, as in catalogue.
var catalogueRoster = map[string][2]string{
	"roster":                 {"Daftar ASN", "Civil servant roster"},
	"roster_nav":             {"Daftar ASN", "Roster"},
	"roster_help":            {"Data pribadi: hanya BKPSDM (penyusun) wilayah ini dan petugas unit untuk unitnya sendiri.", "Personal data: only this region's BKPSDM (drafters) and each unit's officers for their own unit."},
	"roster_count":           {"ASN aktif", "Active civil servants"},
	"roster_none":            {"Belum ada ASN di daftar.", "No civil servants on the roster yet."},
	"roster_saved":           {"Daftar ASN disimpan.", "Roster saved."},
	"roster_number":          {"NIP / NI PPPK", "NIP / NI PPPK"},
	"roster_number_help":     {"18 digit (spasi boleh): NIP untuk PNS, NI PPPK untuk PPPK.", "18 digits (spaces allowed): NIP for a PNS, NI PPPK for a PPPK."},
	"roster_kind":            {"Jenis ASN", "ASN kind"},
	"roster_kind_auto":       {"Menurut bentuk nomor", "From the number's form"},
	"roster_unit":            {"Unit", "Unit"},
	"roster_jabatan":         {"Jabatan", "Position"},
	"roster_golongan":        {"Golongan / pangkat", "Grade / rank"},
	"roster_email":           {"Email", "Email"},
	"roster_email_help":      {"Opsional. Dipakai untuk mengirim tautan formulir reaksi pelatihan kepada ASN yang belum punya akun; tidak pernah tampil di halaman publik.", "Optional. Used to send the training reaction form link to civil servants without an account; never shown on public pages."},
	"roster_active":          {"Aktif", "Active"},
	"roster_inactive":        {"Tidak aktif", "Inactive"},
	"roster_edit":            {"Perbaiki", "Correct"},
	"roster_add":             {"Tambah ASN", "Add a civil servant"},
	"roster_save":            {"Simpan", "Save"},
	"roster_correct":         {"Perbaiki data ASN", "Correct a civil servant's record"},
	"roster_back":            {"Kembali ke daftar ASN", "Back to the roster"},
	"roster_import":          {"Impor dari ekspor SIASN/MyASN (CSV)", "Import from a SIASN/MyASN export (CSV)"},
	"roster_import_help":     {"Kolom wajib: NIP (atau NIP Baru), Nama (atau Namapns), Unit (kode atau nama unit; atau Nama Unor). Opsional: Jenis ASN, Jabatan, Golongan, Pangkat, Kedudukan Hukum/Aktif, Email (tanpa kolom Email, email yang tersimpan tetap). Pemisah koma atau titik koma. Anda melihat pratinjau perubahan sebelum diterapkan; bila ada baris yang salah, tidak ada yang diimpor.", "Required columns: NIP (or NIP Baru), Nama (or Namapns), Unit (unit code or name; or Nama Unor). Optional: Jenis ASN, Jabatan, Golongan, Pangkat, Kedudukan Hukum/Aktif, Email (without an Email column, stored emails stay). Comma or semicolon. You see a preview of the changes before they apply; if any line is wrong, nothing is imported."},
	"roster_file":            {"Berkas CSV", "CSV file"},
	"roster_file_required":   {"Pilih berkas CSV untuk diimpor.", "Choose a CSV file to import."},
	"roster_preview_btn":     {"Pratinjau perubahan", "Preview the changes"},
	"roster_preview":         {"Pratinjau impor daftar ASN", "Roster import preview"},
	"roster_preview_help":    {"Belum ada yang berubah. Periksa perubahan di bawah, lalu terapkan. Orang yang tidak ada di berkas menjadi tidak aktif.", "Nothing has changed yet. Check the changes below, then apply them. People missing from the file become inactive."},
	"roster_rows":            {"Baris dalam berkas", "Lines in the file"},
	"roster_unchanged":       {"Tidak berubah", "Unchanged"},
	"roster_change":          {"Perubahan", "Change"},
	"roster_fields":          {"Rincian", "Details"},
	"roster_apply":           {"Terapkan impor", "Apply the import"},
	"roster_no_changes":      {"Berkas ini tidak mengubah apa pun.", "This file changes nothing."},
	"roster_cancel":          {"Batal", "Cancel"},
	"ledger_minimum_pns":     {"Minimum PNS per tahun", "Yearly minimum, PNS"},
	"ledger_minimum_pppk":    {"Minimum PPPK per tahun", "Yearly minimum, PPPK"},
	"ledger_maximum":         {"maksimum", "maximum"},
	"ledger_export_xlsx":     {"Unduh Excel (XLSX)", "Download Excel (XLSX)"},
	"ledger_units":           {"Per unit, menurut persentase yang memenuhi minimum", "Per unit, ranked by share meeting the minimum"},
	"ledger_people":          {"Per ASN", "Per civil servant"},
	"ledger_asn":             {"ASN", "Civil servants"},
	"ledger_met_pct":         {"% memenuhi", "% met"},
	"ledger_jp":              {"JP tahun ini", "JP this year"},
	"ledger_planned":         {"JP direncanakan", "Planned JP"},
	"ledger_learning":        {"JP di antaranya nonklasikal", "of which non-classical JP"},
	"ledger_minimum":         {"Minimum", "Minimum"},
	"ledger_gap":             {"Kekurangan", "Gap"},
	"ledger_status":          {"Status", "Status"},
	"ledger_off_roster":      {"tidak ada di daftar ASN", "not on the roster"},
	"ledger_over_max":        {"di atas maksimum", "above the maximum"},
	"ledger_zone":            {"Tahun menurut zona waktu wilayah", "Year in the region's time zone"},
	"ledger_roster_link":     {"Daftar ASN", "Roster"},
	"ledger_status_met":      {"memenuhi", "met"},
	"ledger_status_on_track": {"sesuai rencana", "on track"},
	"ledger_status_at_risk":  {"berisiko", "at risk"},
	"ledger_status_zero":     {"0 JP", "0 JP"},
}

// LedgerStatusNames are how a civil servant stands against their JP minimum.
var LedgerStatusNames = ByLanguage(map[string][2]string{
	"met":      {"Memenuhi", "Met"},
	"on_track": {"Sesuai rencana", "On track"},
	"at_risk":  {"Berisiko", "At risk"},
	"zero":     {"0 JP", "0 JP"},
})

// RosterChangeNames are what a roster import does to a person.
var RosterChangeNames = ByLanguage(map[string][2]string{
	"new":     {"Baru", "New"},
	"back":    {"Kembali aktif", "Back"},
	"left":    {"Keluar (tidak aktif)", "Left (inactive)"},
	"moved":   {"Pindah unit", "Moved unit"},
	"changed": {"Data berubah", "Changed"},
})

// RosterFieldNames are the fields of a roster person a change names.
var RosterFieldNames = ByLanguage(map[string][2]string{
	"name":     {"Nama", "Name"},
	"kind":     {"Jenis ASN", "ASN kind"},
	"unit":     {"Unit", "Unit"},
	"jabatan":  {"Jabatan", "Position"},
	"golongan": {"Golongan / pangkat", "Grade / rank"},
	"active":   {"Status", "Status"},
	"email":    {"Email", "Email"},
})
