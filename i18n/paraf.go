package i18n

// catalogueParaf holds the strings of the paraf pages (who initials an
// approved text before signature, and the parafs given), Indonesian
// first, then English, as in catalogue.
var catalogueParaf = map[string][2]string{
	"paraf_title":             {"Paraf", "Paraf (initials)"},
	"paraf_intro":             {"Sebelum Wali Kota menandatangani, pejabat terkait memaraf versi yang disetujui: paraf koordinasi oleh kepala unit terkait dalam urutan bebas, paraf hierarki oleh pejabat di atas penandatangan secara berurutan. Versi baru mengosongkan paraf.", "Before the Mayor signs, the officials concerned initial the approved version: coordination paraf by the heads of the units concerned in any order, hierarchy paraf by the officials above the signer, one after the other. A new version starts with none."},
	"paraf_link":              {"Paraf", "Paraf (initials)"},
	"paraf_saved":             {"Paraf Anda tercatat.", "Your paraf has been recorded."},
	"paraf_none_approved":     {"Belum ada versi yang disetujui untuk diparaf.", "There is no approved version to initial yet."},
	"paraf_version":           {"Versi yang diparaf", "Version initialled"},
	"paraf_form":              {"Bentuk produk hukum", "Legal form"},
	"paraf_no_steps":          {"Wilayah ini tidak menetapkan paraf untuk bentuk ini.", "This region sets no paraf for this form."},
	"paraf_complete":          {"Paraf lengkap", "Paraf complete"},
	"paraf_incomplete":        {"Paraf belum lengkap: penetapan ditolak sampai semua paraf diberikan.", "Paraf incomplete: enactment is refused until every paraf is given."},
	"paraf_closed":            {"Versi ini sudah ditetapkan atau belum disetujui pada tahap terakhir: paraf tidak dapat diberikan lagi.", "This version is enacted or not finally approved: no paraf can be given now."},
	"paraf_kind":              {"Jenis", "Kind"},
	"paraf_kind_coordination": {"Paraf koordinasi", "Coordination paraf"},
	"paraf_kind_hierarchy":    {"Paraf hierarki", "Hierarchy paraf"},
	"paraf_position":          {"Urutan", "Order"},
	"paraf_office":            {"Jabatan", "Office"},
	"paraf_person":            {"Pejabat", "Official"},
	"paraf_given":             {"Paraf", "Paraf"},
	"paraf_given_at":          {"diparaf", "initialled"},
	"paraf_waiting":           {"menunggu paraf sebelumnya", "waiting for the previous paraf"},
	"paraf_pending":           {"belum diparaf", "not yet initialled"},
	"paraf_waiting_mine":      {"Menunggu paraf Anda", "Waiting for your paraf"},
	"paraf_give":              {"Beri paraf saya", "Give my paraf"},
	"paraf_give_help":         {"Dengan memaraf, Anda menyatakan telah membaca teks dengan SHA-256 di atas.", "By initialling you state you have read the text with the SHA-256 above."},
	"legal_state_initialled":  {"Disetujui dan diparaf lengkap, belum ditetapkan — belum berlaku", "Approved and fully initialled, not yet enacted — not in force"},

	"admin_paraf":         {"Paraf sebelum penandatanganan", "Paraf before signature"},
	"paraf_steps_title":   {"Paraf sebelum penandatanganan", "Paraf before signature"},
	"paraf_steps_intro":   {"Tentukan per bentuk produk hukum siapa yang memaraf sebelum Wali Kota menandatangani. Paraf hierarki diberikan menurut urutannya (1 lebih dahulu).", "Say per legal form who initials before the Mayor signs. Hierarchy paraf is given in its order (1 first)."},
	"paraf_steps_add":     {"Tambah pejabat pemaraf", "Add an official who initials"},
	"paraf_steps_none":    {"Belum ada pejabat pemaraf: penetapan tidak menunggu paraf.", "No one initials yet: enactment does not wait for paraf."},
	"paraf_position_help": {"Hanya untuk paraf hierarki: 1 memaraf pertama. Kosongkan untuk paraf koordinasi.", "Hierarchy paraf only: 1 initials first. Leave empty for coordination paraf."},
	"paraf_remove":        {"Hapus", "Remove"},
}
