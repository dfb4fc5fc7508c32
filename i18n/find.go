package i18n

import (
	"fmt"
	"time"

	"github.com/policyflow/policyflow/policies"
)

// catalogueFind holds the words of the public "Konsultasi dibuka" page and
// its calendar and feeds, Indonesian first, then English, as in catalogue.
var catalogueFind = map[string][2]string{
	"find_nav":                 {"Konsultasi dibuka", "Open consultations"},
	"find_title":               {"Konsultasi dibuka", "Open consultations"},
	"find_intro":               {"Rancangan kebijakan yang sedang dikonsultasikan kepada publik di semua kota, yang paling cepat ditutup lebih dulu. Baca rancangannya dan sampaikan pendapat Anda sebelum konsultasi ditutup.", "Draft policies now open for consultation in every city, closing soonest first. Read the draft and give your view before the consultation closes."},
	"find_empty":               {"Saat ini tidak ada konsultasi yang dibuka.", "No consultation is open at the moment."},
	"find_empty_region":        {"Saat ini tidak ada konsultasi yang dibuka di kota ini.", "No consultation is open in this city at the moment."},
	"find_city":                {"Kota", "City"},
	"find_closes":              {"Ditutup", "Closes"},
	"find_who":                 {"Siapa yang dapat ikut", "Who may take part"},
	"find_who_public":          {"Terbuka untuk umum: siapa pun dapat berkomentar", "Open to the public: anyone may comment"},
	"find_who_invited":         {"Hanya pemangku kepentingan yang diundang dapat berkomentar; siapa pun dapat membaca", "Invited stakeholders only may comment; anyone may read"},
	"find_take_part":           {"Baca dan beri pendapat", "Read and comment"},
	"find_read":                {"Baca rancangan", "Read the draft"},
	"find_calendar":            {"Kalender batas waktu (iCal)", "Deadline calendar (iCal)"},
	"find_calendar_name":       {"Batas waktu konsultasi", "Consultation deadlines"},
	"find_event":               {"Batas akhir konsultasi", "Consultation closes"},
	"find_version":             {"versi", "version"},
	"find_filter":              {"Tampilkan", "Show"},
	"find_soon":                {"Segera dibuka", "Opening soon"},
	"find_soon_intro":          {"Konsultasi publik yang sudah dijadwalkan: rancangannya dapat dibaca dan dikomentari sejak dibuka.", "Public consultations already scheduled: the draft can be read and commented on once it opens."},
	"find_opens":               {"Dibuka", "Opens"},
	"find_scheduled":           {"Dijadwalkan dibuka", "Scheduled to open"},
	"find_event_opens":         {"Konsultasi dibuka", "Consultation opens"},
	"find_follow_city":         {"Ikuti kota ini untuk diberi tahu saat dibuka", "Follow this city to be told when it opens"},
	"feed_city":                {"Kabar kebijakan", "Policy news"},
	"feed_policy":              {"Kabar kebijakan ini (Atom)", "News of this policy (Atom)"},
	"feed_subscribe":           {"Ikuti lewat umpan Atom", "Follow by Atom feed"},
	"feed_version":             {"Versi", "Version"},
	"feed_answers":             {"jawaban", "answers"},
	"feed_consultation_opened": {"Konsultasi dibuka", "Consultation opened"},
	"feed_consultation_closed": {"Konsultasi ditutup", "Consultation closed"},
	"feed_version_approved":    {"Versi baru disetujui", "New version approved"},
	"feed_answers_published":   {"Jawaban atas komentar diterbitkan", "Answers to comments published"},
	"feed_enacted":             {"Ditetapkan (belum berlaku sampai diundangkan)", "Enacted (not in force until promulgated)"},
	"feed_enacted_decree":      {"Ditetapkan", "Enacted"},
	"feed_promulgated":         {"Diundangkan", "Promulgated"},
	"feed_in_force_since":      {"Berlaku sejak %s", "In force since %s"},
	"feed_in_force_from":       {"Berlaku mulai %s", "In force from %s"},
}

// InForceFrom says when the text of event e takes effect, by day today
// (YYYY-MM-DD in the policy's region's zone): "Berlaku sejak 7 Desember
// 2026" once it has, "Berlaku mulai 1 Januari 2027" before; "" when the
// event does not say (policies.PolicyEvent.InForceFrom).
func (l Locale) InForceFrom(e policies.PolicyEvent, today string) string {
	day, already, ok := e.InForceFrom(today)
	if !ok {
		return ""
	}
	key := "feed_in_force_from"
	if already {
		key = "feed_in_force_since"
	}
	t := Pages[l.Lang]
	if t == nil {
		t = Pages[ID]
	}
	return fmt.Sprintf(t[key], l.Day(day))
}

// TimeLeft is how long is left until a deadline, in words: days counted
// as calendar days in the locale's zone ("3 hari lagi"), hours on the last
// day ("5 jam lagi"), "kurang dari 1 jam lagi" in the last hour.
func (l Locale) TimeLeft(now, until time.Time) string {
	d := until.Sub(now)
	en := l.Lang == EN
	switch {
	case d <= 0:
		if en {
			return "closed"
		}
		return "sudah ditutup"
	case d < time.Hour:
		if en {
			return "less than an hour left"
		}
		return "kurang dari 1 jam lagi"
	case d < 24*time.Hour:
		h := int(d / time.Hour)
		if en {
			return plural(h, "hour") + " left"
		}
		return fmt.Sprintf("%d jam lagi", h)
	}
	loc := l.Zone.Location()
	a, b := now.In(loc), until.In(loc)
	from := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	to := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	days := int(to.Sub(from) / (24 * time.Hour))
	if en {
		return plural(days, "day") + " left"
	}
	return fmt.Sprintf("%d hari lagi", days)
}

// plural is n English things: "1 day", "3 days".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
