// Package fault holds the error model that course and its sub-packages
// (clinic, schedule, plancheck, ics) share until the module's root package
// carries one for every package: the sentinel errors and *FieldError. Each of
// those packages names them as its own with aliases, so errors.Is and
// errors.As work across them.
package fault

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/mesokit/meso/internal/given"
)

// Errors wrapped by the errors of course and its sub-packages, for errors.Is.
var (
	ErrUnknown   = errors.New("unknown")      // an id, field or enumeration value that does not exist
	ErrDuplicate = errors.New("given twice")  // a value listed twice
	ErrMissing   = errors.New("missing")      // a required value is absent or empty
	ErrInvalid   = errors.New("invalid")      // malformed text, an impossible range, bad JSON
	ErrTooLarge  = errors.New("over a limit") // input larger than the package's limits
)

// FieldError is an invalid value given to the package: a protocol's field, a
// calendar's argument, an expansion's session count. Field is where the value
// is, as in "phases[1].gap.min"; Protocol is the id of the protocol it
// belongs to when that is known; Value is the value as given. Err wraps one of
// the package's sentinel errors.
type FieldError struct {
	Field    string
	Protocol string
	Value    string
	Err      error
}

// Error names the field, the protocol and the value, and says what is wrong.
func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString("course: ")
	b.WriteString(e.Field)
	if e.Protocol != "" {
		fmt.Fprintf(&b, " (of protocol %q)", e.Protocol)
	}
	if e.Value != "" {
		fmt.Fprintf(&b, " = %s", given.Quote(e.Value))
	}
	b.WriteString(": ")
	if e.Err == nil {
		b.WriteString("invalid")
	} else {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the sentinel error e wraps.
func (e *FieldError) Unwrap() error { return e.Err }

// The limits on the text of a protocol, an event and a calendar export.
const (
	MaxIDLen   = 64   // bytes of an id or a phase name
	MaxNameLen = 200  // bytes of a name or a source's name
	MaxTextLen = 2000 // bytes of a quote or a note
)

// CheckID checks an id: present, short, lower-case letters and digits in
// words joined by single hyphens.
func CheckID(what, id string) error {
	switch {
	case id == "":
		return ErrMissing
	case len(id) > MaxIDLen:
		return fmt.Errorf("%w: longer than %d bytes", ErrTooLarge, MaxIDLen)
	}
	if !given.Kebab(id) {
		return fmt.Errorf("%w: %s: want lower-case letters and digits joined by single hyphens", ErrInvalid, what)
	}
	return nil
}

// CheckText checks free text: present, not longer than limit, without
// control characters.
func CheckText(s string, limit int) error {
	switch {
	case strings.TrimSpace(s) == "":
		return ErrMissing
	case len(s) > limit:
		return fmt.Errorf("%w: longer than %d bytes", ErrTooLarge, limit)
	case !utf8.ValidString(s):
		return fmt.Errorf("%w: not UTF-8", ErrInvalid)
	case strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return fmt.Errorf("%w: contains a control character", ErrInvalid)
	}
	return nil
}
