package meso

import (
	"fmt"
	"time"
)

// The years a Date can hold. Four digits keep the text form YYYY-MM-DD.
const (
	MinYear = 1
	MaxYear = 9999
)

// The layouts in which meso writes a day and an instant for people, in
// messages, a patient's summary, the texts of calendar events and the
// examples' output alike: the weekday, then the day as ParseDate reads it,
// and for an instant the clock and the zone's abbreviation, as in
// "Mon 2027-03-01" and "Mon 2027-03-01 10:00 CET". Use them with
// time.Time.Format, or Date.Text.
const (
	DayLayout     = "Mon 2006-01-02"
	InstantLayout = "Mon 2006-01-02 15:04 MST"
)

// epochBias makes 0001-01-01 day 1, so that the zero Date is no day at all;
// maxN is 9999-12-31 in the same count.
const (
	epochBias = 719163  // -daysFromCivil(1, 1, 1) + 1
	maxN      = 3652059 // daysFromCivil(9999, 12, 31) + epochBias
)

// Date is a day on the proleptic Gregorian calendar between 0001-01-01 and
// 9999-12-31, without a time of day or a location: the day of a session, a
// birth date, the last day of a deferral. It turns into an instant only when
// a location and a wall-clock time are given (At), so that arithmetic in
// days (AddDays, AddMonths, Sub) never meets a 23- or 25-hour day. Dates are
// small comparable values: == tells whether two dates are the same day, and
// Date can be a map key. Its text form, in JSON too, is YYYY-MM-DD.
//
// The zero Date is no date; IsZero reports it, String returns "" for it, and
// arithmetic that would leave the calendar's range returns it, as
// netip.Addr.Next does for the last address.
type Date struct {
	n int32 // days since 1970-01-01, plus epochBias; 0 is the zero Date
}

// NewDate returns the date year-month-day, or an error wrapping ErrInvalid
// that names the part out of range ("2027-02-29" is not a day). Unlike
// time.Date it never normalizes.
func NewDate(year int, month time.Month, day int) (Date, error) {
	switch {
	case year < MinYear || year > MaxYear:
		return Date{}, invalidf("year %d out of range %d-%d", year, MinYear, MaxYear)
	case month < time.January || month > time.December:
		return Date{}, invalidf("month %d out of range 1-12", int(month))
	case day < 1 || day > DaysIn(year, month):
		return Date{}, invalidf("day %d out of range 1-%d for %d-%02d", day, DaysIn(year, month), year, int(month))
	}
	return Date{n: int32(daysFromCivil(year, int(month), day) + epochBias)}, nil
}

// DateOf returns the date of the instant t in t's own location: convert t
// with t.In(loc) first to get the date in a clinic's location. It is how a
// caller turns "now" into a date; meso itself never reads a clock. It returns
// the zero Date for an instant outside years 1 to 9999.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	if y < MinYear || y > MaxYear {
		return Date{}
	}
	return Date{n: int32(daysFromCivil(y, int(m), d) + epochBias)}
}

// errDateSyntax is wrapped by the errors of ParseDate and UnmarshalText for
// text that is not a date written YYYY-MM-DD; it wraps ErrInvalid.
var errDateSyntax error = &reason{msg: "want a date written YYYY-MM-DD", rule: "YYYY-MM-DD", err: ErrInvalid}

// ParseDate reads a date written YYYY-MM-DD, as in 2027-01-11. It accepts
// nothing else: no time of day, no other separators, no missing zeros, and
// only days that exist. An error quotes the text and wraps ErrInvalid.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("%q: %w", s, errDateSyntax)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fmt.Errorf("%q: %w", s, errDateSyntax)
	}
	date, err := NewDate(y, time.Month(m), d)
	if err != nil {
		return Date{}, fmt.Errorf("%q: %w", s, err)
	}
	return date, nil
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// IsZero reports whether d is the zero Date, which is no date.
func (d Date) IsZero() bool { return d.n == 0 }

// Date returns the year, month and day of d. For the zero Date it returns
// 0, 0, 0.
func (d Date) Date() (year int, month time.Month, day int) {
	if d.n == 0 {
		return 0, 0, 0
	}
	y, m, dd := civilFromDays(int(d.n) - epochBias)
	return y, time.Month(m), dd
}

// Year returns the year of d.
func (d Date) Year() int { y, _, _ := d.Date(); return y }

// Month returns the month of d.
func (d Date) Month() time.Month { _, m, _ := d.Date(); return m }

// Day returns the day of the month of d.
func (d Date) Day() int { _, _, dd := d.Date(); return dd }

// Weekday returns the day of the week of d. 1970-01-01 was a Thursday.
func (d Date) Weekday() time.Weekday {
	days := int(d.n) - epochBias
	return time.Weekday(((days+4)%7 + 7) % 7)
}

// AddDays returns the date n calendar days after d (before it when n is
// negative), or the zero Date when d is zero or the result falls outside years
// 1 to 9999.
func (d Date) AddDays(n int) Date {
	if d.n == 0 {
		return Date{}
	}
	if n > maxN || n < -maxN {
		return Date{}
	}
	m := int(d.n) + n
	if m < 1 || m > maxN {
		return Date{}
	}
	return Date{n: int32(m)}
}

// AddMonths returns the same day of the month n months after d, or the last day
// of that month when it is shorter: 2027-01-31 plus one month is 2027-02-28,
// and 2028-01-31 plus one month is 2028-02-29. This is "one calendar month
// after" as a clinic reads it; time.AddDate would run over into March instead.
// It returns the zero Date when d is zero or the result leaves years 1 to 9999.
func (d Date) AddMonths(n int) Date {
	if d.n == 0 || n > 12*MaxYear || n < -12*MaxYear {
		return Date{}
	}
	y, m, day := d.Date()
	months := y*12 + int(m-1) + n
	y, m = months/12, time.Month(months%12+1)
	if y < MinYear || y > MaxYear {
		return Date{}
	}
	day = min(day, DaysIn(y, m))
	r, _ := NewDate(y, m, day)
	return r
}

// Sub returns the number of calendar days from e to d: positive when d is after
// e. 2027-03-01 minus 2027-02-28 is 1, whatever the clocks did in between.
func (d Date) Sub(e Date) int { return int(d.n) - int(e.n) }

// Compare returns -1 if d is before e, 0 if they are the same day, +1 if d is
// after e. The zero Date is before every date.
func (d Date) Compare(e Date) int {
	switch {
	case d.n < e.n:
		return -1
	case d.n > e.n:
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.n < e.n }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.n > e.n }

// At returns the instant at hour:minute on d in loc. Across a daylight-saving
// change this is still hour:minute on the wall clock, whatever the number of
// hours since the day before.
//
// Where a clock change makes the wall time ambiguous, At follows RFC 5545
// (3.3.5), and not time.Date, which is inconsistent from zone to zone: a wall
// time that occurs twice (the clocks went back) is its first occurrence, and
// a wall time that does not occur (the clocks went forward over it) is read
// with the UTC offset in effect before the change, so it moves forward by the
// length of the gap: 02:30 on the night New York springs forward is 03:30,
// and midnight on the day Santiago springs forward is 01:00.
//
// The zero Date is no day, and a nil loc no place: for either, At returns
// the zero time.Time (which IsZero reports), not an instant on a day that
// was not asked for, nor time.Date's panic.
func (d Date) At(hour, minute int, loc *time.Location) time.Time {
	if d.n == 0 || loc == nil {
		return time.Time{}
	}
	y, m, dd := d.Date()
	t := time.Date(y, m, dd, hour, minute, 0, 0, loc)
	if t.Minute() != minute || t.Hour() != hour || t.Day() != dd {
		return skipped(time.Date(y, m, dd, hour, minute, 0, 0, time.UTC), t, loc)
	}
	// A wall time shortly after the clocks went back also occurred before
	// they did; take that first occurrence.
	if start, _ := t.ZoneBounds(); !start.IsZero() && t.Sub(start) < maxClockShift {
		_, now := t.Zone()
		if _, was := start.Add(-1).Zone(); was > now {
			if first := t.Add(-time.Duration(was-now) * time.Second); first.Before(start) {
				return first
			}
		}
	}
	return t
}

// maxClockShift bounds how far a clock change moves the wall clock (two
// hours, at Troll station); a wall time further than this from a change is
// unambiguous.
const maxClockShift = 3 * time.Hour

// skipped returns the instant for a wall time that a clock change skipped:
// wall (the wall time written in UTC) read with the smaller of the two UTC
// offsets around the change, the one in effect before it. guess is what
// time.Date made of the wall time.
func skipped(wall, guess time.Time, loc *time.Location) time.Time {
	_, o1 := guess.Zone()
	_, o2 := wall.Add(-time.Duration(o1) * time.Second).In(loc).Zone()
	return wall.Add(-time.Duration(min(o1, o2)) * time.Second).In(loc)
}

// String returns d written YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.n == 0 {
		return ""
	}
	b, _ := d.AppendText(make([]byte, 0, 10))
	return string(b)
}

// Text returns the day for people, with its weekday, as in "Mon 2027-03-01"
// (DayLayout); "" for the zero Date.
func (d Date) Text() string {
	if d.IsZero() {
		return ""
	}
	return d.Weekday().String()[:3] + " " + d.String()
}

// AppendText appends d written YYYY-MM-DD to b (nothing for the zero Date).
func (d Date) AppendText(b []byte) ([]byte, error) {
	if d.n == 0 {
		return b, nil
	}
	y, m, dd := d.Date()
	return append(b,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(m)/10), byte('0'+int(m)%10), '-',
		byte('0'+dd/10), byte('0'+dd%10)), nil
}

// MarshalText returns d written YYYY-MM-DD, or empty text for the zero Date.
func (d Date) MarshalText() ([]byte, error) { return d.AppendText(nil) }

// UnmarshalText reads a date written YYYY-MM-DD; empty text is the zero Date.
// On error d is left unchanged.
func (d *Date) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(text))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// DaysIn returns the number of days in the month of the given year.
func DaysIn(year int, month time.Month) int {
	switch month {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// daysFromCivil returns the number of days from 1970-01-01 to y-m-d, for years
// 1 to 9999 (Howard Hinnant's algorithm, restricted to non-negative eras).
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int) (y, m, d int) {
	z += 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}
