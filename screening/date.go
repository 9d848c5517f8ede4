package screening

import (
	"time"

	"github.com/mesokit/meso/internal/civil"
)

// Date is a calendar day without a time of day or a location, written
// YYYY-MM-DD. Screening works in calendar days: a deferral lasts until a date,
// not for a number of hours. It is the same type as course.Date, so a
// screening result and a course's appointments compare directly. The zero
// Date is no date.
type Date = civil.Date

// DateRange is an inclusive run of days, From through To, such as a
// menstruation. It is the same type as course.DateRange.
type DateRange = civil.Range

// ParseDate reads a date written YYYY-MM-DD and nothing else: no time of day,
// only days that exist.
func ParseDate(s string) (Date, error) { return civil.Parse(s) }

// NewDate returns the date year-month-day, or an error for a day that does not
// exist (2027-02-29). It never normalizes, unlike time.Date.
func NewDate(year int, month time.Month, day int) (Date, error) { return civil.New(year, month, day) }

// DateOf returns the date of the instant t in t's own location. It is how a
// caller turns "now" into a screening date; screening itself never reads a
// clock.
func DateOf(t time.Time) Date { return civil.Of(t) }

// ageOn returns the age in whole years on day d of a person born on birth: the
// number of birthdays on or before d. A person born on 29 February has the
// birthday on 1 March in a common year, so turns a year older on 1 March.
func ageOn(birth, d Date) int {
	by, bm, bd := birth.Date()
	y, m, dd := d.Date()
	age := y - by
	if m < bm || (m == bm && dd < bd) {
		age--
	}
	return age
}

// birthday returns the day a person born on birth turns years old: the same
// month and day, or 1 March for a 29 February birth in a common year. It
// returns the zero Date past the end of the calendar.
func birthday(birth Date, years int) Date {
	by, bm, bd := birth.Date()
	d, err := civil.New(by+years, bm, bd)
	if err != nil {
		d, _ = civil.New(by+years, time.March, 1)
	}
	return d
}
