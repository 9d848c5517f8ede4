package screening

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/given"
)

// The limits on what the package accepts, so that no input can make it
// allocate or loop without bound.
const (
	MaxIntakeBytes = 64 << 10 // one intake's JSON document
	MaxPolicyBytes = 1 << 20  // one policy's JSON document
	MaxListLen     = 100      // entries in each list of an intake, or of a rule
	MaxRules       = 256      // rules in a policy
	MaxDates       = 10000    // dates in one call of Screener.Verdicts
	MaxDays        = 3650     // a rule's days: ten years
	MaxAge         = 150      // a rule's age bound, in years
)

func fieldErr(field, value string, sentinel error, format string, args ...any) *meso.FieldError {
	if format == "" {
		return &meso.FieldError{Field: field, Value: value, Err: sentinel}
	}
	return &meso.FieldError{Field: field, Value: value, Err: fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)}
}

// unknownErr is the error for a value at field that is not one of want (the
// names accepted, as enum.Table.Want writes them).
func unknownErr(field, value, want string) *meso.FieldError {
	if strings.Contains(want, " or ") {
		want = "one of " + want
	}
	return &meso.FieldError{Field: field, Value: value, Rule: want, Err: fmt.Errorf("%w: want %s", meso.ErrUnknown, want)}
}

func index(field string, i int) string { return field + "[" + strconv.Itoa(i) + "]" }

// checkText checks a free-text value: present when required, not longer than
// limit, UTF-8, without control characters.
func checkText(field, s string, limit int, required bool) error {
	switch {
	case required && strings.TrimSpace(s) == "":
		return fieldErr(field, s, meso.ErrMissing, "")
	case len(s) > limit:
		return fieldErr(field, s, meso.ErrTooLarge, "longer than %d bytes", limit)
	case !utf8.ValidString(s): // JSON would write it as U+FFFD and read back other text
		return fieldErr(field, s, meso.ErrInvalid, "not UTF-8")
	case strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return fieldErr(field, s, meso.ErrInvalid, "contains a control character")
	}
	return nil
}

// checkID checks an id: present, short, lower-case letters and digits joined
// by single hyphens.
func checkID(field, id string) error {
	switch {
	case id == "":
		return fieldErr(field, id, meso.ErrMissing, "")
	case len(id) > meso.MaxIDLen:
		return fieldErr(field, id, meso.ErrTooLarge, "longer than %d bytes", meso.MaxIDLen)
	case !given.Kebab(id):
		return fieldErr(field, id, meso.ErrInvalid, "an id is lower-case letters and digits joined by single hyphens")
	}
	return nil
}
