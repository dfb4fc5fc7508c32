package i18n

// catalogueTopics holds the strings of the topics of policies
// (server/topics.go): a region's list, a policy's topics, the filter.
var catalogueTopics = map[string][2]string{
	"topics_title":        {"Topik kebijakan", "Policy topics"},
	"topics_label":        {"Topik", "Topics"},
	"topics_intro":        {"Setiap kota menyusun daftar topik kebijakannya. Pilih topik untuk melihat kebijakannya, mengikutinya lewat email, atau membaca umpannya.", "Each city keeps a list of the topics of its policies. Choose a topic to see its policies, follow it by email, or read its feed."},
	"topics_policies":     {"Kebijakan", "Policies"},
	"topics_follow":       {"Ikuti topik", "Follow topic"},
	"topics_feed":         {"Umpan", "Feed"},
	"topics_none":         {"Kota ini belum punya daftar topik.", "This city has no list of topics yet."},
	"topics_none_region":  {"Wilayah Anda belum punya topik. Tambahkan di daftar topik.", "Your region has no topics yet. Add them on the list of topics."},
	"topics_add":          {"Tambah topik", "Add a topic"},
	"topics_name":         {"Nama topik", "Topic name"},
	"topics_slug":         {"Slug (boleh kosong)", "Slug (may be left empty)"},
	"topics_slug_help":    {"Huruf kecil, angka dan tanda hubung, untuk tautan; kosong: dibuat dari nama.", "Lower-case letters, digits and hyphens, for links; empty: made from the name."},
	"topics_set":          {"Atur topik kebijakan ini", "Set this policy's topics"},
	"topics_save":         {"Simpan topik", "Save topics"},
	"topics_manage":       {"Daftar topik wilayah", "The region's list of topics"},
	"topics_all":          {"Semua topik", "All topics"},
	"topics_done_added":   {"Topik ditambahkan.", "Topic added."},
	"topics_done_set":     {"Topik kebijakan disimpan.", "The policy's topics were saved."},
	"subject_topic":       {"Topik", "Topic"},
	"topics_manage_col":   {"Ubah", "Change"},
	"topics_rename":       {"Ganti nama", "Rename"},
	"topics_new_name":     {"Nama baru", "New name"},
	"topics_remove":       {"Hapus topik", "Remove topic"},
	"topics_remove_note":  {"Menghapus topik melepasnya dari semua kebijakan dan menghapus langganannya tanpa pemberitahuan. Ganti nama mempertahankan slug, tautan, umpan dan langganan.", "Removing a topic takes it off every policy and removes its follows without telling their followers. Renaming keeps the slug, links, feed and follows."},
	"topics_done_renamed": {"Nama topik diganti.", "Topic renamed."},
	"topics_done_removed": {"Topik dihapus.", "Topic removed."},
}

// auditTopics names the audited actions on topics.
var auditTopics = map[string][2]string{
	"topic.created": {"Topik ditambahkan", "Topic added"},
	"policy.topics": {"Topik kebijakan diubah", "Policy topics changed"},
	"topic.renamed": {"Nama topik diganti", "Topic renamed"},
	"topic.removed": {"Topik dihapus", "Topic removed"},
}
