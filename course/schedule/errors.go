package schedule

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
)

// ErrNoOpenDay is wrapped by *NoOpenDayError: the calendar has no open day
// where the protocol needs a session.
var ErrNoOpenDay = errors.New("no open day")

// ClosedDay is a date that was tried for a session and why it could not hold
// one. Range is the patient's unavailable range when Reason is Unavailable.
type ClosedDay struct {
	Date   meso.Date      `json:"date"`
	Reason clinic.Closure `json:"reason"`
	Range  meso.DateRange `json:"range,omitzero"`
}

// String writes the day and its reason, as in "Sun 2027-02-14 closed on
// Sundays".
func (c ClosedDay) String() string {
	s := c.Date.Text() + " "
	switch c.Reason {
	case clinic.ClosedWeekday:
		return s + "closed on " + c.Date.Weekday().String() + "s"
	case clinic.Holiday:
		return s + "holiday"
	case clinic.Unavailable:
		return s + "patient unavailable " + c.Range.From.Text() + " to " + c.Range.To.Text()
	case clinic.NoFreeTime:
		return s + "no free time"
	case clinic.TestDayClosed:
		return s + "the day before, for the test injection, closed"
	}
	return s + c.Reason.String()
}

// NoOpenDayError says that no plan of a course exists: whatever days the
// sessions before it take, one session has no open day, every date its gap
// allows being closed. Expansion returns it only after trying every choice
// of days (see Protocol.Expand); it never stretches a gap instead.
//
// Session is the number of the session that cannot be placed (1 for the
// first), Phase its phase. Before lists every day the session before it can
// have in a plan of the sessions before (none for the first session), and
// After is the latest of them. Earliest to Latest are the dates the session
// could have had after any of them, and Tried every one of those dates with
// the reason it is closed (a date between two sessions' ranges that neither
// reaches is not listed). Starts, when not zero, are the days the first
// session was tried on: the course was planned from each of them in turn.
type NoOpenDayError struct {
	Protocol         string
	Session          int
	Phase            string
	After            meso.Date
	Before           []meso.Date
	Earliest, Latest meso.Date
	Tried            []ClosedDay
	Starts           meso.DateRange
}

// Error says which session, which days were tried and why each is closed
// (the first ten of them, and how many more).
func (e *NoOpenDayError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "protocol %s, session %d (%s): no open day from %s to %s", e.Protocol, e.Session, e.Phase, e.Earliest.Text(), e.Latest.Text())
	switch {
	case len(e.Before) > 1:
		fmt.Fprintf(&b, ", after session %d on any of the days it can have (", e.Session-1)
		for i, d := range e.Before {
			if i == maxTriedShown && len(e.Before) > maxTriedShown+1 {
				fmt.Fprintf(&b, " and %d more", len(e.Before)-i)
				break
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(d.Text())
		}
		b.WriteString(")")
	case !e.After.IsZero():
		fmt.Fprintf(&b, ", %d to %d days after session %d on %s", e.Earliest.Sub(e.After), e.Latest.Sub(e.After), e.Session-1, e.After.Text())
	}
	if !e.Starts.From.IsZero() {
		if e.Starts.From == e.Starts.To {
			fmt.Fprintf(&b, ", the first session on %s", e.Starts.From.Text())
		} else {
			fmt.Fprintf(&b, ", the first session tried on every day from %s to %s that can hold it", e.Starts.From.Text(), e.Starts.To.Text())
		}
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

// MarshalJSON refuses, with an error wrapping errors.ErrUnsupported: a
// NoOpenDayError is an error, whose meaning (it wraps ErrNoOpenDay) JSON
// cannot carry and read back. Write meso.ReportError(err), or its fields
// one by one.
func (e NoOpenDayError) MarshalJSON() ([]byte, error) {
	return nil, fmt.Errorf("a NoOpenDayError does not marshal to JSON (it is an error); write meso.ReportError(err) or its fields: %w", errors.ErrUnsupported)
}
