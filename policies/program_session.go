package policies

import (
	"strings"
	"time"
)

// ProgramSession is one meeting of a program: its date and the JP it
// gives those present. A participation's JP is the JP of the sessions
// attended when the program has sessions.
type ProgramSession struct {
	ID        int64     `db:"id" json:"id"`
	ProgramID int64     `db:"program_id" json:"program_id"`
	Number    int       `db:"number" json:"number"`
	HeldOn    time.Time `db:"held_on" json:"held_on"`
	JP        int       `db:"jp" json:"jp"`
	Topic     string    `db:"topic" json:"topic"`
	Present   int       `db:"present" json:"present"` // participants present
}

// NewSession is a session to add to a program.
type NewSession struct {
	HeldOn time.Time `json:"held_on"`
	JP     int       `json:"jp"`
	Topic  string    `json:"topic" required:"false"`
}

// Validate checks a new session against its program and the sessions it
// has: a day within the program's dates, and JP that keep the sessions'
// total within the program's JP.
func (s *NewSession) Validate(prog Program, held []ProgramSession) error {
	s.Topic = strings.TrimSpace(s.Topic)
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	total := s.JP
	for _, h := range held {
		total += h.JP
	}
	switch {
	case s.HeldOn.IsZero():
		return FieldError("held_on", "tanggal sesi wajib diisi")
	case day(s.HeldOn) < day(prog.StartsOn) || day(s.HeldOn) > day(prog.EndsOn):
		return FieldError("held_on", "tanggal sesi harus di antara %s dan %s", day(prog.StartsOn), day(prog.EndsOn))
	case s.JP < 1 || s.JP > 1000:
		return FieldError("jp", "JP sesi harus antara 1 dan 1000")
	case total > prog.JP:
		return FieldError("jp", "jumlah JP semua sesi (%d) melebihi JP program (%d)", total, prog.JP)
	case len([]rune(s.Topic)) > 300:
		return FieldError("topic", "topik maksimal 300 karakter")
	}
	return nil
}

// CheckSessionsOpen refuses sessions and attendance for a cancelled
// program (a conflict).
func CheckSessionsOpen(s ProgramStatus) error {
	return s.refuseIfCancelled("sesi dan daftar hadir tidak dapat diubah")
}

// AttendanceMark is one participant present or absent at one session.
type AttendanceMark struct {
	SessionID     int64 `db:"session_id" json:"session_id"`
	ParticipantID int64 `db:"participant_id" json:"participant_id"`
	Present       bool  `db:"present" json:"present"`
}

// SessionsFit refuses an edit or a reschedule that its sessions would no
// longer fit: their JP over the program's jp (field jp), or a session
// outside the days from–to (TTTT-BB-HH; field starts_at or ends_at).
func SessionsFit(ss []ProgramSession, jp int, from, to string) error {
	total := 0
	for _, s := range ss {
		total += s.JP
		day := s.HeldOn.Format(time.DateOnly)
		switch {
		case from != "" && day < from:
			return FieldError("starts_at", "sesi %d (%s) jatuh sebelum tanggal mulai yang baru", s.Number, day)
		case to != "" && day > to:
			return FieldError("ends_at", "sesi %d (%s) jatuh setelah tanggal selesai yang baru", s.Number, day)
		}
	}
	if jp > 0 && total > jp {
		return FieldError("jp", "JP program (%d) kurang dari jumlah JP sesinya (%d)", jp, total)
	}
	return nil
}
