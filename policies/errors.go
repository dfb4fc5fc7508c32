package policies

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// ErrorKind classifies an error so the HTTP layer can map it to a status in one place.
type ErrorKind string

// The error kinds every layer uses.
const (
	KindInvalid     ErrorKind = "invalid"     // 400/422: a field is wrong
	KindBadRequest  ErrorKind = "bad_request" // 400: the request itself is malformed
	KindNotFound    ErrorKind = "not_found"   // 404
	KindConflict    ErrorKind = "conflict"    // 409: duplicate, stale version, illegal transition
	KindForbidden   ErrorKind = "forbidden"   // 403: not your role
	KindTooLarge    ErrorKind = "too_large"   // 413
	KindUnavailable ErrorKind = "unavailable" // 503: a dependency is down
	KindInternal    ErrorKind = "internal"    // 500
)

// Error is a domain error with a message a user can act on and, for invalid input, the field.
type Error struct {
	Kind    ErrorKind
	Message string
	Field   string
	Err     error // underlying cause, never shown to users
	// Key, when set, is the catalogue key that words Message in the
	// reader's language, with Args (names, dates, citations) filled in.
	Key  string
	Args []any
}

func (e *Error) Error() string {
	msg := string(e.Kind) + ": " + e.Message
	if e.Field != "" {
		msg += " (field " + e.Field + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of the given kind.
func Errorf(kind ErrorKind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// checkLength refuses a text s of field that is empty (with the message
// empty) or longer than max characters (KindTooLarge, "<noun> maksimal
// <max> karakter").
func checkLength(s, field, empty, noun string, max int) error {
	switch {
	case s == "":
		return FieldError(field, "%s", empty)
	case utf8.RuneCountInString(s) > max:
		return &Error{Kind: KindTooLarge, Field: field, Message: fmt.Sprintf("%s maksimal %d karakter", noun, max)}
	}
	return nil
}

// FieldError returns an invalid-input error naming the field at fault.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// KindOf returns the kind of err, or KindInternal when it is not a domain error.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// IsKind reports whether err is a domain error of kind k.
func IsKind(err error, k ErrorKind) bool { return err != nil && KindOf(err) == k }
