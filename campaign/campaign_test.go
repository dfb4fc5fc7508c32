package campaign

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// campaignA and campaignB are two campaign texts as an organiser circulates
// them; every copy below is sent with small edits.
const campaignA = `Yth. Bapak/Ibu Tim Penyusun Peraturan Daerah, kami warga Kota menolak
kenaikan tarif parkir di tepi jalan umum sebesar seratus persen karena memberatkan pedagang kecil,
pengemudi ojek dan pengunjung pasar tradisional. Kami meminta agar tarif tetap seperti sekarang,
pendapatan parkir dilaporkan secara terbuka setiap bulan, dan juru parkir resmi diberi seragam serta
karcis yang sah. Terima kasih atas perhatiannya.`

const campaignB = `Salam sejahtera. Kami orang tua murid meminta agar Rancangan Peraturan Wali Kota tentang
zonasi sekolah memberikan kuota tambahan bagi anak dari keluarga kurang mampu, memperhitungkan jarak
tempuh yang sebenarnya dan bukan jarak garis lurus, serta membuka jalur pengaduan yang dijawab paling
lambat tujuh hari kerja oleh dinas pendidikan.`

var (
	greetings = []string{"", "Assalamualaikum. ", "Selamat pagi, ", "Kepada Yth. ", "Salam hormat, ", "Dengan hormat. "}
	closings  = []string{"", " Hormat saya, Budi Santoso.", " Salam, Siti Aminah", " - Ketut Wirawan", " Wassalam, Rina.", " (Andi, RT 04)"}
	swaps     = [][2]string{{"menolak", "tidak setuju dengan"}, {"memberatkan", "menyusahkan"}, {"meminta", "mohon"}, {"terbuka", "transparan"}, {"kurang mampu", "miskin"}, {"sebenarnya", "nyata"}}
)

// variant is one copy of a campaign text as a person sends it: maybe a
// greeting and a signature added, punctuation or case changed, a word
// replaced.
func variant(r *rand.Rand, base string) string {
	s := greetings[r.IntN(len(greetings))] + base + closings[r.IntN(len(closings))]
	switch r.IntN(4) {
	case 0:
		s = strings.NewReplacer(",", "", ".", "!").Replace(s)
	case 1:
		s = strings.ToUpper(s)
	case 2:
		s = strings.Join(strings.Fields(s), "  ")
	}
	if r.IntN(2) == 0 {
		sw := swaps[r.IntN(len(swaps))]
		s = strings.Replace(s, sw[0], sw[1], 1)
	}
	return s
}

// related are distinct comments on the campaigns' topics, some quoting a
// sentence of a campaign text: none of them is a copy.
var related = []string{
	"Saya setuju tarif parkir dinaikkan asalkan uangnya dipakai memperbaiki trotoar dan lampu jalan di sekitar pasar.",
	"Kami menolak kenaikan tarif parkir di tepi jalan umum sebesar seratus persen. Lebih baik parkir berlangganan bulanan untuk warga yang tinggal di kawasan pasar.",
	"Juru parkir liar di depan sekolah anak saya sering memaksa membayar dua kali; mohon ada penertiban sebelum tarif diubah.",
	"Usul: karcis parkir elektronik dengan pembayaran nontunai supaya pendapatan daerah tidak bocor.",
	"Pedagang pasar tradisional seperti saya butuh lahan bongkar muat gratis pada pagi hari, bukan hanya tarif yang tetap.",
	"Zonasi sekolah sudah baik, tetapi peta zona harus diumumkan tiga bulan sebelum pendaftaran dibuka.",
	"Anak saya tidak diterima di sekolah terdekat karena jarak garis lurus, padahal jalan ke sana memutar sungai. Tolong hitung jarak tempuh.",
	"Kuota untuk anak guru dan tenaga kesehatan sebaiknya tidak mengurangi kuota keluarga kurang mampu.",
	"Dinas pendidikan perlu menambah sekolah negeri di kecamatan timur; zonasi tidak menyelesaikan kekurangan kursi.",
	"Jalur pengaduan sebaiknya juga bisa lewat pesan singkat karena tidak semua orang tua punya surel.",
}

var vocabulary = strings.Fields(`jalan pasar parkir sekolah guru murid angkot bus halte trotoar lampu
drainase banjir sampah taman air bersih listrik puskesmas rumah sakit bidan posyandu pajak retribusi izin
usaha warung kios pedagang nelayan petani pupuk irigasi sawah kebun hutan sungai jembatan kampung desa
kelurahan kecamatan rukun tetangga warga pemuda lansia disabilitas perempuan anak beasiswa seragam buku
perpustakaan internet sinyal menara kabel pipa sumur tanah sertifikat gedung kantor pelayanan antrean
loket formulir aplikasi daring luring rapat musyawarah anggaran belanja pendapatan laporan pengawasan
kota kabupaten provinsi daerah pusat dinas badan camat lurah bupati wali gubernur dewan perwakilan
tolong mohon usul harap sebaiknya perlu segera nanti tahun bulan minggu pagi malam siang ramai sepi
macet rusak bocor kotor bersih aman nyaman mahal murah cepat lambat jauh dekat tinggi rendah baru lama`)

// distinct is a comment of its own: random words from the vocabulary, as
// unrelated to the other distinct comments as people writing on the same
// topics in their own words.
func distinct(r *rand.Rand) string {
	n := 8 + r.IntN(40)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = vocabulary[r.IntN(len(vocabulary))]
	}
	return strings.Join(ws, " ") + "."
}

// consultation builds 500 comments: 150 copies of campaign A, 90 of
// campaign B and 260 distinct comments, shuffled, with IDs 1..500. It
// returns the IDs of each campaign's copies.
func consultation() (comments []Comment, a, b []int64) {
	r := rand.New(rand.NewPCG(26, 500))
	type kind struct {
		body string
		of   byte
	}
	var ks []kind
	for range 150 {
		ks = append(ks, kind{variant(r, campaignA), 'a'})
	}
	for range 90 {
		ks = append(ks, kind{variant(r, campaignB), 'b'})
	}
	for _, s := range related {
		ks = append(ks, kind{s, 0})
	}
	for len(ks) < 500 {
		ks = append(ks, kind{distinct(r), 0})
	}
	r.Shuffle(len(ks), func(i, j int) { ks[i], ks[j] = ks[j], ks[i] })
	for i, k := range ks {
		id := int64(i + 1)
		comments = append(comments, Comment{ID: id, Body: k.body})
		switch k.of {
		case 'a':
			a = append(a, id)
		case 'b':
			b = append(b, id)
		}
	}
	return comments, a, b
}

func TestGroupFindsBothCampaignsAndNothingElse(t *testing.T) {
	comments, a, b := consultation()
	got := Group(comments, Options{})
	if len(got) != 2+260 {
		t.Fatalf("got %d groups, want 262 (two campaigns and 260 comments of their own)", len(got))
	}
	if !slices.Equal(got[0].Members, a) {
		t.Errorf("largest group has %d members %v, want the 150 copies of campaign A %v", len(got[0].Members), got[0].Members, a)
	}
	if !slices.Equal(got[1].Members, b) {
		t.Errorf("second group has %d members %v, want the 90 copies of campaign B %v", len(got[1].Members), got[1].Members, b)
	}
	for _, c := range got[:2] {
		if c.Exact || c.Short {
			t.Errorf("campaign with edits marked exact=%v short=%v", c.Exact, c.Short)
		}
		if !slices.Contains(c.Members, c.Representative) {
			t.Errorf("representative %d is not a member", c.Representative)
		}
		if c.Similarity <= 0 || c.Similarity > 1 {
			t.Errorf("similarity %v out of (0, 1]", c.Similarity)
		}
	}
	for _, c := range got[2:] {
		if len(c.Members) != 1 {
			t.Errorf("distinct comments %v grouped together", c.Members)
		}
	}
	checkPartition(t, comments, got)
}

func TestGroupIsDeterministic(t *testing.T) {
	comments, _, _ := consultation()
	first := Group(comments, Options{})
	rev := slices.Clone(comments)
	slices.Reverse(rev)
	for range 3 {
		if again := Group(rev, Options{}); !equalClusters(first, again) {
			t.Fatal("grouping the same comments in another order gave other groups")
		}
	}
	for _, procs := range []int{1, 3} {
		was := runtime.GOMAXPROCS(procs)
		again := Group(comments, Options{})
		runtime.GOMAXPROCS(was)
		if !equalClusters(first, again) {
			t.Fatalf("grouping with %d workers gave other groups", procs)
		}
	}
}

func TestExactCopiesAreMarkedExact(t *testing.T) {
	comments := []Comment{
		{ID: 7, Body: campaignB},
		{ID: 3, Body: strings.ToUpper(campaignB)},
		{ID: 5, Body: strings.ReplaceAll(campaignB, ",", " ,")},
		{ID: 9, Body: "Kepada Yth. " + campaignB + " Hormat saya, Budi."},
		{ID: 4, Body: campaignA},
	}
	got := Group(comments, Options{})
	if len(got) != 2 {
		t.Fatalf("got %d groups, want 2: %+v", len(got), got)
	}
	c := got[0]
	if !slices.Equal(c.Members, []int64{3, 5, 7, 9}) || c.Exact || c.Representative != 3 {
		t.Errorf("near-duplicate group = %+v, want members 3 5 7 9, not exact, represented by 3", c)
	}
	exact := Group(comments[:3], Options{})
	if len(exact) != 1 || !exact[0].Exact || exact[0].Similarity != 1 || exact[0].Short {
		t.Errorf("copies differing only in case and punctuation = %+v, want one exact group", exact)
	}
}

// Short comments are grouped only when identical after normalisation, and
// such a group is marked Short: equal short answers are not a campaign.
func TestShortCommentsGroupOnlyWhenIdentical(t *testing.T) {
	comments := []Comment{
		{ID: 1, Body: "setuju"},
		{ID: 2, Body: "Setuju!"},
		{ID: 3, Body: "tidak setuju"},
		{ID: 4, Body: "Tidak setuju."},
		{ID: 5, Body: "sangat setuju"},
		{ID: 6, Body: "SETUJU"},
		{ID: 7, Body: "saya tidak setuju"},
		{ID: 8, Body: "saya tidak setuju sama sekali"},
		{ID: 9, Body: "saya sangat tidak setuju sama sekali"},
	}
	got := Group(comments, Options{})
	want := [][]int64{{1, 2, 6}, {3, 4}, {5}, {7}, {8}, {9}}
	if len(got) != len(want) {
		t.Fatalf("got %d groups %+v, want %v", len(got), got, want)
	}
	for i, c := range got {
		if !slices.Equal(c.Members, want[i]) {
			t.Errorf("group %d = %v, want %v", i, c.Members, want[i])
		}
		if multi := len(c.Members) > 1; c.Short != multi || c.Exact != multi {
			t.Errorf("group %v: short=%v exact=%v", c.Members, c.Short, c.Exact)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"  Yth. Bapak/Ibu,\n\tKAMI  menolak!! ": "yth bapak ibu kami menolak",
		"Jum'at café naïve":                     "jumat cafe naive",
		"cafe\u0301 — 100%":                     "cafe 100",
		"anak-anak":                             "anak anak",
		"...":                                   "",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOptionsThreshold(t *testing.T) {
	a := "warga kampung nelayan meminta dermaga baru dibangun sebelum musim angin barat tiba tahun depan"
	b := "warga kampung nelayan meminta dermaga baru dibangun sebelum musim hujan tiba tahun depan"
	comments := []Comment{{ID: 1, Body: a}, {ID: 2, Body: b}}
	if got := Group(comments, Options{}); len(got) != 1 {
		t.Errorf("one word changed in 14: %d groups, want 1", len(got))
	}
	if got := Group(comments, Options{Threshold: 0.95}); len(got) != 2 {
		t.Errorf("threshold 0.95: %d groups, want 2", len(got))
	}
}

func checkPartition(t *testing.T, comments []Comment, got []Cluster) {
	t.Helper()
	var ids, in []int64
	for _, c := range comments {
		ids = append(ids, c.ID)
	}
	for i, c := range got {
		if len(c.Members) == 0 {
			t.Fatalf("group %d is empty", i)
		}
		if !slices.IsSorted(c.Members) || !slices.Contains(c.Members, c.Representative) {
			t.Fatalf("group %d %+v: members not sorted or representative not a member", i, c)
		}
		if i > 0 && (len(c.Members) > len(got[i-1].Members) ||
			len(c.Members) == len(got[i-1].Members) && c.Members[0] < got[i-1].Members[0]) {
			t.Fatalf("group %d out of order", i)
		}
		in = append(in, c.Members...)
	}
	slices.Sort(ids)
	slices.Sort(in)
	if !slices.Equal(ids, in) {
		t.Fatalf("groups hold %d comments, input has %d: not a partition", len(in), len(ids))
	}
}

func equalClusters(a, b []Cluster) bool {
	return slices.EqualFunc(a, b, func(x, y Cluster) bool {
		return x.Representative == y.Representative && slices.Equal(x.Members, y.Members) &&
			x.Similarity == y.Similarity && x.Exact == y.Exact && x.Short == y.Short
	})
}

func ExampleGroup() {
	groups := Group([]Comment{
		{ID: 1, Body: "Kami menolak kenaikan tarif parkir karena memberatkan pedagang kecil di pasar."},
		{ID: 2, Body: "Setuju."},
		{ID: 3, Body: "Salam, kami menolak kenaikan tarif parkir karena memberatkan pedagang kecil di pasar!"},
	}, Options{})
	for _, g := range groups {
		fmt.Println(g.Members, g.Exact)
	}
	// Output:
	// [1 3] false
	// [2] false
}
