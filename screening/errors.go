package screening

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mesokit/meso/internal/given"
)

// Errors wrapped by every error the package returns, for errors.Is.
var (
	ErrUnknown   = errors.New("unknown")      // a code, id or field that does not exist
	ErrInvalid   = errors.New("invalid")      // malformed text, an impossible date or range, bad JSON
	ErrMissing   = errors.New("missing")      // a required value is absent or empty
	ErrTooLarge  = errors.New("over a limit") // input larger than the limits below
	ErrDuplicate = errors.New("given twice")  // a code, id or key listed twice
)

// The limits on what the package accepts, so that no input can make it
// allocate or loop without bound.
const (
	MaxIntakeBytes = 64 << 10 // one intake's JSON document
	MaxPolicyBytes = 1 << 20  // one policy's JSON document
	MaxListLen     = 100      // entries in each list of an intake, or of a rule
	MaxRules       = 256      // rules in a policy
	MaxDates       = 10000    // dates in one call of Screener.Verdicts
	MaxIDLen       = 64       // an allergy, rule, policy or preparation id
	MaxNameLen     = 200      // a rule's name, a source's name
	MaxTextLen     = 2000     // a rule's note
	MaxDays        = 3650     // a rule's days: ten years
	MaxAge         = 150      // a rule's age bound, in years
)

// FieldError is an invalid value in an intake, a policy or a call: where it is
// (a path such as "medications[1].last_dose"), the value as given, and what is
// wrong. Err wraps one of the package's sentinel errors.
type FieldError struct {
	Field string // the path of the value, as in "menstruation[0].to"
	Value string // the value as given; empty when there is none
	Err   error
}

// Error returns "screening: FIELD = "VALUE": reason".
func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString("screening: ")
	b.WriteString(e.Field)
	if e.Value != "" {
		b.WriteString(" = ")
		b.WriteString(given.Quote(e.Value))
	}
	b.WriteString(": ")
	if e.Err == nil {
		b.WriteString("invalid") // a FieldError made by hand, without its reason
	} else {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the reason, which wraps a sentinel error.
func (e *FieldError) Unwrap() error { return e.Err }

func fieldErr(field, value string, sentinel error, format string, args ...any) *FieldError {
	if format == "" {
		return &FieldError{Field: field, Value: value, Err: sentinel}
	}
	return &FieldError{Field: field, Value: value, Err: fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)}
}

func index(field string, i int) string { return field + "[" + strconv.Itoa(i) + "]" }

// checkText checks a free-text value: present when required, not longer than
// limit, UTF-8, without control characters.
func checkText(field, s string, limit int, required bool) error {
	switch {
	case required && strings.TrimSpace(s) == "":
		return fieldErr(field, s, ErrMissing, "")
	case len(s) > limit:
		return fieldErr(field, s, ErrTooLarge, "longer than %d bytes", limit)
	case !utf8.ValidString(s): // JSON would write it as U+FFFD and read back other text
		return fieldErr(field, s, ErrInvalid, "not UTF-8")
	case strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return fieldErr(field, s, ErrInvalid, "contains a control character")
	}
	return nil
}

// checkID checks an id: present, short, lower-case letters and digits joined
// by single hyphens.
func checkID(field, id string) error {
	switch {
	case id == "":
		return fieldErr(field, id, ErrMissing, "")
	case len(id) > MaxIDLen:
		return fieldErr(field, id, ErrTooLarge, "longer than %d bytes", MaxIDLen)
	case !given.Kebab(id):
		return fieldErr(field, id, ErrInvalid, "an id is lower-case letters and digits joined by single hyphens")
	}
	return nil
}
