package i18n

// catalogueFigures holds the strings of the participation figures on a
// consultation's report (server/templates/report.html, issue 26).
var catalogueFigures = map[string][2]string{
	"fig_title":          {"Angka partisipasi", "Participation figures"},
	"fig_of":             {"dari", "of"},
	"fig_answered":       {"Komentar yang sudah dijawab (jawaban terbit)", "Comments answered (answer published)"},
	"fig_accepted":       {"Jawaban yang menerima masukan (seluruhnya atau sebagian)", "Answers that accepted the input (wholly or partly)"},
	"fig_changed":        {"Yang diterima dan bagiannya berubah di versi pembanding", "Accepted, with their section changed in the compared version"},
	"fig_changed_none":   {"belum ada versi pembanding", "no compared version yet"},
	"fig_changed_help":   {"Sistem hanya dapat memeriksa bahwa teks bagian yang dikomentari berubah, bukan bahwa perubahan itu berasal dari komentar tersebut.", "The system can only check that the text of the section commented on changed, not that the change came from that comment."},
	"fig_online":         {"Masukan daring", "Online input"},
	"fig_offline":        {"Masukan luring (surat, rapat, dan lainnya)", "Offline input (letters, meetings and others)"},
	"fig_offline_group":  {"Masukan luring", "Offline input"},
	"fig_groups":         {"Menurut kelompok pemangku kepentingan", "By stakeholder group"},
	"fig_group":          {"Kelompok", "Group"},
	"fig_comments":       {"Komentar", "Comments"},
	"fig_answered_short": {"Dijawab", "Answered"},
	"fig_accepted_short": {"Diterima (dari yang dijawab)", "Accepted (of those answered)"},
	"fig_folded":         {"komentar dikelompokkan otomatis (kampanye atau nyaris sama) ke dalam posisi yang ditampilkan bersamanya; pengelompokan ini dibuat oleh sistem, bukan oleh penyusun.", "comments were grouped automatically (campaigns or near-duplicates) into the positions shown with them; this grouping was made by the system, not by the drafters."},
}
