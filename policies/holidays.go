package policies

import "time"

// The national holidays and cuti bersama of the seeded years, as the Joint
// Decree (SKB) of the Minister of Religious Affairs, the Minister of
// Manpower and the Minister of State Apparatus Empowerment and
// Bureaucratic Reform sets them each year:
//   - 2026: Keputusan Bersama Menteri Agama Nomor 1497 Tahun 2025, Menteri
//     Ketenagakerjaan Nomor 2 Tahun 2025 dan Menteri PANRB Nomor 5 Tahun
//     2025 tentang Hari Libur Nasional dan Cuti Bersama Tahun 2026
//     (19 September 2025): 17 hari libur nasional, 8 cuti bersama. The cuti
//     bersama of civil servants are set by Keppres 42/2025 on the same dates.
//   - 2027: Keputusan Bersama Menteri Agama Nomor 1205 Tahun 2026, Menteri
//     Ketenagakerjaan Nomor 3 Tahun 2026 dan Menteri PANRB Nomor 2 Tahun
//     2026 tentang Hari Libur Nasional dan Cuti Bersama Tahun 2027
//     (15 September 2026): 18 hari libur nasional (Isra Mikraj falls twice,
//     1448 H and 1449 H), 8 cuti bersama.
//
// The dates of 1 Ramadan, Idulfitri and Iduladha are confirmed by a later
// Keputusan Menteri Agama; when they move, a region's admin corrects its
// calendar (RegionHoliday) until the next release carries the change.

// SeededHolidayYears are the years NationalHolidays covers in full.
var SeededHolidayYears = []int{2026, 2027}

// NationalHolidays is the list above, in date order (a new slice each
// call: callers may change it).
func NationalHolidays() []Holiday {
	out := make([]Holiday, len(nationalHolidays))
	for i, h := range nationalHolidays {
		out[i] = Holiday{On: time.Date(h.y, h.m, h.d, 0, 0, 0, 0, time.UTC), Kind: h.kind, Name: h.name}
	}
	return out
}

type seededHoliday struct {
	y    int
	m    time.Month
	d    int
	kind HolidayKind
	name string
}

const (
	natDay   = HolidayNational
	jointDay = HolidayJointLeave
)

var nationalHolidays = []seededHoliday{
	// 2026 (SKB 1497/2/5 Tahun 2025).
	{2026, time.January, 1, natDay, "Tahun Baru 2026 Masehi"},
	{2026, time.January, 16, natDay, "Isra Mikraj Nabi Muhammad SAW"},
	{2026, time.February, 16, jointDay, "Cuti bersama Tahun Baru Imlek 2577 Kongzili"},
	{2026, time.February, 17, natDay, "Tahun Baru Imlek 2577 Kongzili"},
	{2026, time.March, 18, jointDay, "Cuti bersama Hari Suci Nyepi"},
	{2026, time.March, 19, natDay, "Hari Suci Nyepi (Tahun Baru Saka 1948)"},
	{2026, time.March, 20, jointDay, "Cuti bersama Idulfitri 1447 Hijriah"},
	{2026, time.March, 21, natDay, "Idulfitri 1447 Hijriah"},
	{2026, time.March, 22, natDay, "Idulfitri 1447 Hijriah"},
	{2026, time.March, 23, jointDay, "Cuti bersama Idulfitri 1447 Hijriah"},
	{2026, time.March, 24, jointDay, "Cuti bersama Idulfitri 1447 Hijriah"},
	{2026, time.April, 3, natDay, "Wafat Yesus Kristus"},
	{2026, time.April, 5, natDay, "Kebangkitan Yesus Kristus (Paskah)"},
	{2026, time.May, 1, natDay, "Hari Buruh Internasional"},
	{2026, time.May, 14, natDay, "Kenaikan Yesus Kristus"},
	{2026, time.May, 15, jointDay, "Cuti bersama Kenaikan Yesus Kristus"},
	{2026, time.May, 27, natDay, "Iduladha 1447 Hijriah"},
	{2026, time.May, 28, jointDay, "Cuti bersama Iduladha 1447 Hijriah"},
	{2026, time.May, 31, natDay, "Hari Raya Waisak 2570 BE"},
	{2026, time.June, 1, natDay, "Hari Lahir Pancasila"},
	{2026, time.June, 16, natDay, "1 Muharam Tahun Baru Islam 1448 Hijriah"},
	{2026, time.August, 17, natDay, "Proklamasi Kemerdekaan"},
	{2026, time.August, 25, natDay, "Maulid Nabi Muhammad SAW"},
	{2026, time.December, 24, jointDay, "Cuti bersama Kelahiran Yesus Kristus"},
	{2026, time.December, 25, natDay, "Kelahiran Yesus Kristus (Natal)"},
	// 2027 (SKB 1205/3/2 Tahun 2026).
	{2027, time.January, 1, natDay, "Tahun Baru 2027 Masehi"},
	{2027, time.January, 5, natDay, "Isra Mikraj Nabi Muhammad SAW"},
	{2027, time.February, 5, jointDay, "Cuti bersama Tahun Baru Imlek 2578 Kongzili"},
	{2027, time.February, 6, natDay, "Tahun Baru Imlek 2578 Kongzili"},
	{2027, time.March, 8, natDay, "Hari Suci Nyepi (Tahun Baru Saka 1949)"},
	{2027, time.March, 9, jointDay, "Cuti bersama Idulfitri 1448 Hijriah"},
	{2027, time.March, 10, natDay, "Idulfitri 1448 Hijriah"},
	{2027, time.March, 11, natDay, "Idulfitri 1448 Hijriah"},
	{2027, time.March, 12, jointDay, "Cuti bersama Idulfitri 1448 Hijriah"},
	{2027, time.March, 15, jointDay, "Cuti bersama Idulfitri 1448 Hijriah"},
	{2027, time.March, 25, jointDay, "Cuti bersama Wafat Yesus Kristus"},
	{2027, time.March, 26, natDay, "Wafat Yesus Kristus"},
	{2027, time.March, 28, natDay, "Kebangkitan Yesus Kristus (Paskah)"},
	{2027, time.May, 1, natDay, "Hari Buruh Internasional"},
	{2027, time.May, 6, natDay, "Kenaikan Yesus Kristus"},
	{2027, time.May, 17, natDay, "Iduladha 1448 Hijriah"},
	{2027, time.May, 18, jointDay, "Cuti bersama Iduladha 1448 Hijriah"},
	{2027, time.May, 19, jointDay, "Cuti bersama Hari Raya Waisak 2571 BE"},
	{2027, time.May, 20, natDay, "Hari Raya Waisak 2571 BE"},
	{2027, time.June, 1, natDay, "Hari Lahir Pancasila"},
	{2027, time.June, 6, natDay, "1 Muharam Tahun Baru Islam 1449 Hijriah"},
	{2027, time.August, 15, natDay, "Maulid Nabi Muhammad SAW"},
	{2027, time.August, 17, natDay, "Proklamasi Kemerdekaan"},
	{2027, time.December, 24, jointDay, "Cuti bersama Kelahiran Yesus Kristus"},
	{2027, time.December, 25, natDay, "Kelahiran Yesus Kristus (Natal)"},
	{2027, time.December, 26, natDay, "Isra Mikraj Nabi Muhammad SAW"},
}
