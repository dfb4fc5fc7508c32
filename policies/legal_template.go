package policies

import "strings"

// The Peraturan Wali Kota template a drafter starts from (legal.go
// describes the convention it follows).

// PerwaliTemplate is the skeleton of a Peraturan Wali Kota for a region
// ("Kota Sawahlunto"), titled title (a placeholder when empty), with two
// BAB, a penutup and the Berita Daerah sentence: what a drafter edits.
func PerwaliTemplate(regionName, title string) string {
	city := strings.ToUpper(CityName(regionName))
	if city == "" {
		city = "…"
	}
	title = strings.TrimSpace(title)
	if title == "" {
		title = "PENGEMBANGAN KOMPETENSI APARATUR SIPIL NEGARA"
	}
	title = strings.ToUpper(title)
	var b strings.Builder
	p := func(s string) { b.WriteString(s + "\n\n") }
	p("# PERATURAN WALI KOTA " + city + " TENTANG " + title)
	p("DENGAN RAHMAT TUHAN YANG MAHA ESA")
	p("WALI KOTA " + city + ",")
	p("Menimbang:")
	p("a. bahwa pengembangan kompetensi merupakan hak setiap Pegawai Aparatur Sipil Negara untuk mewujudkan aparatur yang profesional;")
	p("b. bahwa pengembangan kompetensi perlu direncanakan, dilaksanakan, dan dievaluasi secara terukur di setiap perangkat daerah;")
	p("c. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu menetapkan Peraturan Wali Kota tentang " + titleCase(title) + ";")
	p("Mengingat:")
	p("1. Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara (Lembaran Negara Republik Indonesia Tahun 2023 Nomor 141);")
	p("2. Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil (Lembaran Negara Republik Indonesia Tahun 2017 Nomor 63);")
	p("MEMUTUSKAN:")
	p("Menetapkan: PERATURAN WALI KOTA TENTANG " + title + ".")
	p("## BAB I KETENTUAN UMUM")
	p("### Pasal 1")
	p("Dalam Peraturan Wali Kota ini yang dimaksud dengan:")
	p("1. Daerah adalah Kota " + titleCase(city) + ".")
	p("2. Wali Kota adalah Wali Kota " + titleCase(city) + ".")
	p("3. Pegawai Aparatur Sipil Negara yang selanjutnya disebut Pegawai ASN adalah pegawai negeri sipil dan pegawai pemerintah dengan perjanjian kerja yang bekerja pada instansi pemerintah.")
	p("## BAB II PENGEMBANGAN KOMPETENSI")
	p("### Pasal 2")
	p("(1) Setiap Pegawai ASN berhak mendapatkan pengembangan kompetensi.")
	p("(2) Pengembangan kompetensi sebagaimana dimaksud pada ayat (1) meliputi:")
	p("a. kompetensi teknis;")
	p("b. kompetensi manajerial; dan")
	p("c. kompetensi sosial kultural.")
	p("### Pasal 3")
	p("(1) Perangkat daerah menyusun rencana pengembangan kompetensi sebagaimana dimaksud dalam Pasal 2 ayat (2) setiap tahun.")
	p("(2) Rencana sebagaimana dimaksud pada ayat (1) dievaluasi paling sedikit 1 (satu) kali dalam 1 (satu) tahun.")
	p("## BAB III KETENTUAN PENUTUP")
	p("### Pasal 4")
	p("Peraturan Wali Kota ini mulai berlaku pada tanggal diundangkan.")
	b.WriteString("Agar setiap orang mengetahuinya, memerintahkan pengundangan Peraturan Wali Kota ini dengan penempatannya dalam Berita Daerah Kota " + titleCase(city) + ".\n")
	return b.String()
}

// titleCase writes an upper-case title in title case: "PENGEMBANGAN
// KOMPETENSI" → "Pengembangan Kompetensi".
func titleCase(s string) string {
	ws := strings.Fields(strings.ToLower(s))
	for i, w := range ws {
		if w == "dan" || w == "atau" || w == "di" || w == "ke" || w == "dari" || w == "yang" || w == "untuk" {
			continue
		}
		r := []rune(w)
		r[0] = []rune(strings.ToUpper(string(r[0])))[0]
		ws[i] = string(r)
	}
	return strings.Join(ws, " ")
}
