package policies

import (
	"strconv"
	"time"
)

// Message is a notice's words as a key of the notices catalogue
// (i18n/notices.go: Key+"_subject" and Key+"_body") with its arguments, so
// that the activity writing the notice words it in each recipient's
// language. A workflow builds it from what it knows, deterministically; the
// words are chosen when the notice is written (activities are not
// replayed). The Indonesian subject and body that travel beside it stay
// for the histories written before it: a notice with no Key is written as
// they say.
type Message struct {
	Key  string       `json:"key,omitempty"`
	Args []MessageArg `json:"args,omitempty"`
}

// MessageArg is one argument of a message, said in the recipient's
// language: text as it is (a title, a name, a number), a catalogue word
// (a decision, "working days"), a moment in a zone or a calendar day, or
// parts put one after the other (a summary's lines).
type MessageArg struct {
	Text string     `json:"text,omitempty"`
	Word string     `json:"word,omitempty"` // a key of the page catalogue
	At   *time.Time `json:"at,omitempty"`   // a moment, said in Zone (with its name)
	Zone TimeZone   `json:"zone,omitempty"` // "" or unknown: the zone of At's offset
	Day  bool       `json:"day,omitempty"`  // At is a calendar day, said without a time
	Dec  *float64   `json:"dec,omitempty"`  // a number with two decimals, in the language's marks
	// Status is a policy status, said by its name in the language.
	Status Status       `json:"status,omitempty"`
	Parts  []MessageArg `json:"parts,omitempty"`
}

// Msg is the message key with its arguments.
func Msg(key string, args ...MessageArg) Message { return Message{Key: key, Args: args} }

// MsgText is text said as it is.
func MsgText(s string) MessageArg { return MessageArg{Text: s} }

// MsgNumber is a whole number.
func MsgNumber[N int | int64](n N) MessageArg {
	return MessageArg{Text: strconv.FormatInt(int64(n), 10)}
}

// MsgWord is a word of the page catalogue, in the recipient's language.
func MsgWord(key string) MessageArg { return MessageArg{Word: key} }

// MsgMoment is a moment said with its time in a zone: "9 Maret 2026 10.00
// WIT", "9 March 2026 10:00 WIT".
func MsgMoment(t time.Time, zone TimeZone) MessageArg { return MessageArg{At: &t, Zone: zone} }

// MsgDay is a calendar day: "9 Maret 2026", "9 March 2026".
func MsgDay(t time.Time) MessageArg { return MessageArg{At: &t, Day: true} }

// MsgParts is parts said one after the other.
func MsgParts(parts ...MessageArg) MessageArg { return MessageArg{Parts: parts} }

// MsgDecimal is a number with two decimals in the recipient's marks:
// "1,50", "1.50".
func MsgDecimal(f float64) MessageArg { return MessageArg{Dec: &f} }

// MsgStatus is a policy status, by its name in the recipient's language.
func MsgStatus(s Status) MessageArg { return MessageArg{Status: s} }
