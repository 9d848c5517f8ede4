package clinic

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/enum"
	"github.com/mesokit/meso/internal/given"
)

// Weekdays is a set of days of the week, such as the days a clinic is closed:
// bit 1<<d for each time.Weekday d. The zero Weekdays is the empty set. Its
// text form lists three-letter names from Monday to Sunday, as in "sat,sun".
type Weekdays uint8

// allWeekdays is every day of the week.
const allWeekdays Weekdays = 1<<7 - 1

// weekdayNames are the text names of the days, by time.Weekday.
var weekdayNames = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// WeekdaysOf returns the set of the given days; a value outside Sunday to
// Saturday is ignored.
func WeekdaysOf(days ...time.Weekday) Weekdays {
	var w Weekdays
	for _, d := range days {
		if d >= time.Sunday && d <= time.Saturday {
			w |= 1 << d
		}
	}
	return w
}

// Has reports whether d is in w.
func (w Weekdays) Has(d time.Weekday) bool { return d >= 0 && d <= 6 && w&(1<<d) != 0 }

// Days returns the days in w, Monday first and Sunday last.
func (w Weekdays) Days() []time.Weekday {
	var days []time.Weekday
	for i := 1; i <= 7; i++ {
		if d := time.Weekday(i % 7); w.Has(d) {
			days = append(days, d)
		}
	}
	return days
}

// String returns the days of w as three-letter names from Monday to Sunday
// joined by commas, as in "sat,sun"; "" for the empty set.
func (w Weekdays) String() string {
	var b strings.Builder
	for _, d := range w.Days() {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(weekdayNames[d])
	}
	if w&^allWeekdays != 0 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString("Weekdays(" + strconv.Itoa(int(w)) + ")")
	}
	return b.String()
}

// MarshalText returns the days of w as String writes them, or an error for
// bits that are no day.
func (w Weekdays) MarshalText() ([]byte, error) {
	if w&^allWeekdays != 0 {
		return nil, fmt.Errorf("Weekdays(%d) has bits that are no day", int(w))
	}
	return []byte(w.String()), nil
}

// UnmarshalText reads days as ParseWeekdays does. On error w is unchanged.
func (w *Weekdays) UnmarshalText(text []byte) error {
	v, err := ParseWeekdays(string(text))
	if err != nil {
		return err
	}
	*w = v
	return nil
}

// ParseWeekdays reads a list of days written as lower-case three-letter names
// joined by commas, in any order, each at most once: "sun", "sat,sun",
// "mon,wed,fri". The empty string is the empty set. Anything else is an error
// wrapping ErrInvalid or ErrDuplicate that names the item.
func ParseWeekdays(s string) (Weekdays, error) {
	if s == "" {
		return 0, nil
	}
	var w Weekdays
	for i := 0; ; i++ {
		item, rest, more := strings.Cut(s, ",")
		d := slices.Index(weekdayNames[:], item)
		switch {
		case i >= 7:
			return 0, fmt.Errorf("weekdays %s: %w: more than seven days", given.Quote(s), meso.ErrInvalid)
		case item == "":
			return 0, fmt.Errorf("weekdays %s: %w: an empty day between commas", given.Quote(s), meso.ErrInvalid)
		case d < 0:
			return 0, fmt.Errorf("weekday %s: %w: want mon, tue, wed, thu, fri, sat or sun", given.Quote(item), meso.ErrUnknown)
		case w.Has(time.Weekday(d)):
			return 0, fmt.Errorf("weekday %s: %w", given.Quote(item), meso.ErrDuplicate)
		}
		w |= 1 << d
		if !more {
			return w, nil
		}
		s = rest
	}
}

// Closure is why a day cannot hold a session. The zero Closure, Open, means
// it can.
//
// Its values: Open, ClosedWeekday, Holiday, Unavailable, NoFreeTime and
// TestDayClosed.
type Closure uint8

// The reasons a day is closed, in the order Calendar.Closure checks them.
const (
	Open          Closure = iota
	ClosedWeekday         // the clinic is closed on that day of the week
	Holiday               // one of the clinic's holidays
	Unavailable           // the patient is unavailable
	// NoFreeTime: the clinic's free times (see Calendar.WithFreeTimes) hold
	// no interval long enough for a session that day.
	NoFreeTime
	// TestDayClosed: the day is open, but the day before it, on which the
	// test injection of a course's first session goes ahead (S2), is not.
	// Calendar.Closure never returns it; a NoOpenDayError for a first
	// session names it.
	TestDayClosed
)

var closureText = &enum.Table{Type: "Closure", What: "closure", Unknown: meso.ErrUnknown, Names: []string{
	Open:          "open",
	ClosedWeekday: "closed-weekday",
	Holiday:       "holiday",
	Unavailable:   "patient-unavailable",
	NoFreeTime:    "no-free-time",
	TestDayClosed: "test-day-closed",
}}

// String returns the closure's id, as in "holiday".
func (c Closure) String() string { return enum.String(closureText, c) }

// MarshalText returns the closure's id.
func (c Closure) MarshalText() ([]byte, error) { return enum.Marshal(closureText, c) }

// UnmarshalText reads a closure id; an unknown one is an error wrapping
// ErrUnknown.
func (c *Closure) UnmarshalText(text []byte) error {
	return enum.Unmarshal(closureText, text, c)
}

// The limits on a Calendar, so that no input can make it allocate without
// bound.
const (
	MaxHolidays    = 3660 // ten years of a closure every day
	MaxUnavailable = 1000 // a patient's unavailable ranges
)

// Calendar is where and when sessions can take place: the clinic's location
// and session time of day, the weekdays it is closed and its holidays, the
// date ranges the patient is unavailable, and optionally the clinic's free
// times from its host program. Build one with NewCalendar and add days with
// WithHolidays, WithUnavailable and WithFreeTimes.
//
// A Calendar is immutable and safe for concurrent use (its free times, when
// it has them, must be too); its own lookups do not allocate. The zero Calendar has no location, and expanding a course in it
// is an error.
type Calendar struct {
	loc          *time.Location
	hour, minute int
	closed       Weekdays
	holidays     []meso.Date      // sorted
	unavailable  []meso.DateRange // sorted by From, then To
	reach        []meso.Date      // reach[i] is the latest To of unavailable[:i+1]
	free         FreeTimes        // the clinic's free times; nil for none
	length       time.Duration
}

// NewCalendar returns the calendar of a clinic in loc whose sessions start at
// hour:minute local time and that is closed on the closed weekdays. loc must
// not be nil (name time.UTC to mean UTC), hour is 0 to 23, minute 0 to 59,
// and at least one weekday must be open; otherwise the error is a *FieldError
// naming the argument.
func NewCalendar(loc *time.Location, hour, minute int, closed Weekdays) (Calendar, error) {
	switch {
	case loc == nil:
		return Calendar{}, &meso.FieldError{Field: "location", Err: fmt.Errorf("%w: name a location, such as time.UTC", meso.ErrMissing)}
	case hour < 0 || hour > 23:
		return Calendar{}, &meso.FieldError{Field: "hour", Value: strconv.Itoa(hour), Err: fmt.Errorf("%w: want 0 to 23", meso.ErrInvalid)}
	case minute < 0 || minute > 59:
		return Calendar{}, &meso.FieldError{Field: "minute", Value: strconv.Itoa(minute), Err: fmt.Errorf("%w: want 0 to 59", meso.ErrInvalid)}
	case closed&^allWeekdays != 0:
		return Calendar{}, &meso.FieldError{Field: "closed", Value: strconv.Itoa(int(closed)), Err: fmt.Errorf("%w: bits that are no day", meso.ErrInvalid)}
	case closed == allWeekdays:
		return Calendar{}, &meso.FieldError{Field: "closed", Value: closed.String(), Err: fmt.Errorf("%w: closed every day of the week", meso.ErrInvalid)}
	}
	return Calendar{loc: loc, hour: hour, minute: minute, closed: closed}, nil
}

// WithHolidays returns c with the given dates added to its holidays. A zero
// date, or more than MaxHolidays in all, is a *FieldError naming the index;
// c itself is unchanged.
func (c Calendar) WithHolidays(days ...meso.Date) (Calendar, error) {
	if len(c.holidays)+len(days) > MaxHolidays {
		return c, &meso.FieldError{Field: "holidays", Value: strconv.Itoa(len(c.holidays) + len(days)),
			Err: fmt.Errorf("%w: at most %d holidays", meso.ErrTooLarge, MaxHolidays)}
	}
	for i, d := range days {
		if d.IsZero() {
			return c, &meso.FieldError{Field: "holidays[" + strconv.Itoa(i) + "]", Err: fmt.Errorf("%w: the zero Date is no day", meso.ErrMissing)}
		}
	}
	all := make([]meso.Date, 0, len(c.holidays)+len(days))
	all = append(append(all, c.holidays...), days...)
	slices.SortFunc(all, meso.Date.Compare)
	c.holidays = all
	return c, nil
}

// WithUnavailable returns c with the given ranges added to the days the
// patient is unavailable (both ends included). A range whose ends are
// missing or reversed, or more than MaxUnavailable in all, is a *FieldError
// naming the index; c itself is unchanged.
func (c Calendar) WithUnavailable(ranges ...meso.DateRange) (Calendar, error) {
	if len(c.unavailable)+len(ranges) > MaxUnavailable {
		return c, &meso.FieldError{Field: "unavailable", Value: strconv.Itoa(len(c.unavailable) + len(ranges)),
			Err: fmt.Errorf("%w: at most %d ranges", meso.ErrTooLarge, MaxUnavailable)}
	}
	for i, r := range ranges {
		if err := r.Check(); err != nil {
			return c, &meso.FieldError{Field: "unavailable[" + strconv.Itoa(i) + "]", Value: r.String(), Err: fmt.Errorf("%w: %v", meso.ErrInvalid, err)}
		}
	}
	all := make([]meso.DateRange, 0, len(c.unavailable)+len(ranges))
	all = append(append(all, c.unavailable...), ranges...)
	slices.SortFunc(all, func(a, b meso.DateRange) int {
		if n := a.From.Compare(b.From); n != 0 {
			return n
		}
		return a.To.Compare(b.To)
	})
	reach := make([]meso.Date, len(all))
	for i, r := range all {
		reach[i] = r.To
		if i > 0 && reach[i-1].After(r.To) {
			reach[i] = reach[i-1]
		}
	}
	c.unavailable, c.reach = all, reach
	return c, nil
}

// Location returns the clinic's location; nil for the zero Calendar.
func (c Calendar) Location() *time.Location { return c.loc }

// TimeOfDay returns the local time at which sessions start.
func (c Calendar) TimeOfDay() (hour, minute int) { return c.hour, c.minute }

// Closed returns the weekdays the clinic is closed.
func (c Calendar) Closed() Weekdays { return c.closed }

// Holidays returns the clinic's holidays in date order.
func (c Calendar) Holidays() []meso.Date { return slices.Clone(c.holidays) }

// Unavailable returns the ranges the patient is unavailable, in order of
// their first day.
func (c Calendar) Unavailable() []meso.DateRange { return slices.Clone(c.unavailable) }

// Closure returns why d cannot hold a session, or Open. A closed weekday is
// reported before a holiday, a holiday before the patient's
// unavailability, and that before a day without free time.
func (c Calendar) Closure(d meso.Date) Closure {
	switch {
	case c.closed&(1<<d.Weekday()) != 0:
		return ClosedWeekday
	case c.isHoliday(d):
		return Holiday
	case c.unavailableRange(d) >= 0:
		return Unavailable
	case c.free != nil && !c.hasFree(d):
		return NoFreeTime
	}
	return Open
}

// Open reports whether d can hold a session: Closure(d) == Open, without
// copying c. It is the hot path of expansion and does not allocate.
func (c *Calendar) Open(d meso.Date) bool {
	return c.closed&(1<<d.Weekday()) == 0 && !c.isHoliday(d) && c.unavailableRange(d) < 0 &&
		(c.free == nil || c.hasFree(d))
}

// hasFree reports whether the free time on d holds a session.
func (c *Calendar) hasFree(d meso.Date) bool {
	var z ZoneHint
	_, ok := c.book(d, c.wallAt(d, &z))
	return ok
}

func (c *Calendar) isHoliday(d meso.Date) bool {
	h := c.holidays
	lo, hi := 0, len(h)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if h[m].Before(d) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(h) && h[lo] == d
}

// UnavailableOn returns the patient's unavailable range that contains d, if
// any.
func (c *Calendar) UnavailableOn(d meso.Date) (meso.DateRange, bool) {
	if i := c.unavailableRange(d); i >= 0 {
		return c.unavailable[i], true
	}
	return meso.DateRange{}, false
}

// unavailableRange returns the index of a range that contains d, or -1.
func (c *Calendar) unavailableRange(d meso.Date) int {
	u := c.unavailable
	// The first range that starts after d; those before it start on or
	// before d, and reach tells whether any of them lasts until d.
	lo, hi := 0, len(u)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if u[m].From.After(d) {
			hi = m
		} else {
			lo = m + 1
		}
	}
	if lo == 0 || c.reach[lo-1].Before(d) {
		return -1
	}
	for i := lo - 1; ; i-- { // only on a hit: find the range to name it
		if !u[i].To.Before(d) {
			return i
		}
	}
}

// unixEpoch is 1970-01-01, the day instants are counted from.
var unixEpoch, _ = meso.NewDate(1970, time.January, 1)

// ZoneHint remembers a stretch of instants in which a wall time of a
// calendar's location means one fixed offset, with no daylight-saving change
// near enough to make it skipped or repeated: the one the last Start fell
// in. Passing the same ZoneHint to Start for the days of one course turns
// most sessions into instants by subtraction, without a zone lookup. The
// zero ZoneHint is empty; a ZoneHint belongs to one calendar's location.
type ZoneHint struct {
	lo, hi, off int64
	ok          bool
}

// Start returns the instant a session on d starts: when the calendar's wall
// clock shows its time of day on d. A time of day that d does not have (the clocks skip it) is moved
// forward by the skip: 02:30 becomes 03:30. One that d has twice (the
// clocks go back) is the first of the two. This is the rule of RFC 5545
// (iCalendar); time.Date leaves the choice open, and in some zones moves a
// skipped time back into the day before.
//
// With free times (WithFreeTimes), the session is booked at the free start
// nearest to that instant. The zero Calendar, which has no location, and the
// zero Date give the zero time; a nil z is an empty ZoneHint.
func (c *Calendar) Start(d meso.Date, z *ZoneHint) time.Time {
	if c.loc == nil || d.IsZero() {
		return time.Time{}
	}
	var own ZoneHint
	if z == nil {
		z = &own
	}
	t := c.wallAt(d, z)
	if c.free != nil {
		if b, ok := c.book(d, t); ok {
			return b
		}
	}
	return t
}

// wallAt is Start without free times: the calendar's time of day on d.
func (c *Calendar) wallAt(d meso.Date, z *ZoneHint) time.Time {
	wall := int64(d.Sub(unixEpoch))*86400 + int64(c.hour)*3600 + int64(c.minute)*60
	if z.ok {
		if u := wall - z.off; u >= z.lo && u < z.hi {
			return time.Unix(u, 0).In(c.loc)
		}
	}
	return c.atSlow(wall, z)
}

// atSlow finds the instant for wall (local seconds since 1970-01-01 00:00)
// from the zone's periods around it, and remembers the span it fell in.
func (c *Calendar) atSlow(wall int64, z *ZoneHint) time.Time {
	const day = 86400
	// The zone periods that instants within 30 hours of wall fall in: every
	// offset in use is within 26 hours of UTC.
	type period struct{ lo, hi, off int64 }
	var ps [8]period
	n := 0
	for t := time.Unix(wall-30*3600, 0).In(c.loc); n < len(ps); n++ {
		_, off := t.Zone()
		start, end := t.ZoneBounds()
		p := period{lo: math.MinInt64, hi: math.MaxInt64, off: int64(off)}
		if !start.IsZero() {
			p.lo = start.Unix()
		}
		if !end.IsZero() {
			p.hi = end.Unix()
		}
		ps[n] = p
		if end.IsZero() || p.hi > wall+30*3600 {
			n++
			break
		}
		t = end.In(c.loc)
	}
	// The first period in which wall is a wall time; failing that, wall is
	// skipped, and falls between a period it overshoots and one it does not
	// reach: it is counted with the offset from before the skip.
	u, at := int64(0), -1
	for i, p := range ps[:n] {
		if v := wall - p.off; v >= p.lo && v < p.hi {
			u, at = v, i
			break
		}
	}
	if at < 0 {
		for i := 0; i+1 < n; i++ {
			if wall-ps[i].off >= ps[i].hi && wall-ps[i+1].off < ps[i+1].lo {
				u, at = wall-ps[i].off, i+1
				break
			}
		}
	}
	if at < 0 { // no zone data of this shape: keep to time.Date
		y, m, dd := unixEpoch.AddDays(int(wall / day)).Date()
		return time.Date(y, m, dd, c.hour, c.minute, 0, 0, c.loc)
	}
	// From two days into the period on, a wall time in it is neither
	// skipped nor repeated.
	p := ps[at]
	*z = ZoneHint{lo: p.lo, hi: p.hi, off: p.off, ok: true}
	if p.lo != math.MinInt64 {
		z.lo = p.lo + 2*day
	}
	return time.Unix(u, 0).In(c.loc)
}
