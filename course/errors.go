package course

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mesokit/meso/internal/given"
)

// Errors wrapped by the errors of this package, for errors.Is.
var (
	ErrUnknown   = errors.New("unknown")      // an id, field or enumeration value that does not exist
	ErrDuplicate = errors.New("given twice")  // a value listed twice
	ErrMissing   = errors.New("missing")      // a required value is absent or empty
	ErrInvalid   = errors.New("invalid")      // malformed text, an impossible range, bad JSON
	ErrTooLarge  = errors.New("over a limit") // input larger than the package's limits
	// ErrNoOpenDay is wrapped by *NoOpenDayError: the calendar has no open day
	// where the protocol needs a session.
	ErrNoOpenDay = errors.New("no open day")
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

// ClosedDay is a date that was tried for a session and why it could not hold
// one. Range is the patient's unavailable range when Reason is Unavailable.
type ClosedDay struct {
	Date   Date
	Reason Closure
	Range  DateRange
}

// String writes the day and its reason, as in "2027-02-14 (Sun) closed on
// Sundays".
func (c ClosedDay) String() string {
	s := c.Date.String() + " (" + c.Date.Weekday().String()[:3] + ") "
	switch c.Reason {
	case ClosedWeekday:
		return s + "closed on " + c.Date.Weekday().String() + "s"
	case Holiday:
		return s + "holiday"
	case Unavailable:
		return s + "patient unavailable " + c.Range.String()
	}
	return s + c.Reason.String()
}

// NoOpenDayError says that a session of a course has no open day: every date
// its gap allows is closed. Session is the number of the session that could
// not be placed (1 for the first), Phase its phase, After the date of the
// session before it (zero for the first session), Earliest to Latest the
// dates it could have had, and Tried every one of those dates with the reason
// it is closed. Expansion never stretches a gap past its maximum instead.
type NoOpenDayError struct {
	Protocol         string
	Session          int
	Phase            string
	After            Date
	Earliest, Latest Date
	Tried            []ClosedDay
}

// Error says which session, which days were tried and why each is closed
// (the first ten of them, and how many more).
func (e *NoOpenDayError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "course: protocol %s, session %d (%s): no open day from %s to %s", e.Protocol, e.Session, e.Phase, e.Earliest, e.Latest)
	if !e.After.IsZero() {
		fmt.Fprintf(&b, ", %d to %d days after session %d on %s", e.Earliest.Sub(e.After), e.Latest.Sub(e.After), e.Session-1, e.After)
	}
	b.WriteString(": ")
	for i, c := range e.Tried {
		if i == maxTriedShown && len(e.Tried) > maxTriedShown+1 {
			fmt.Fprintf(&b, "; and %d more closed days", len(e.Tried)-i)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(c.String())
	}
	return b.String()
}

// maxTriedShown is how many tried days an error message lists; Tried holds
// them all.
const maxTriedShown = 10

// Unwrap returns ErrNoOpenDay.
func (e *NoOpenDayError) Unwrap() error { return ErrNoOpenDay }
