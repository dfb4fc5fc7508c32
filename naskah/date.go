package naskah

import (
	"fmt"
	"time"
)

// months are the month names in Indonesian, January first.
var months = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// Date writes a date as Indonesian documents (and pages in Indonesian) do:
// "3 Maret 2026".
func Date(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// dateOrBlank is Date, or Blank for no date yet.
func dateOrBlank(t time.Time) string {
	if t.IsZero() {
		return Blank
	}
	return Date(t)
}
