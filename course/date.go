package course

import (
	"time"

	"github.com/mesokit/meso/internal/civil"
)

// Date is a calendar day without a time of day or a location, between
// 0001-01-01 and 9999-12-31. It is the same type as screening.Date. The zero
// Date is no date.
type Date = civil.Date

// DateRange is an inclusive run of days, From through To, such as the days a
// patient is away. It is the same type as screening.DateRange.
type DateRange = civil.Range

// ParseDate reads a date written YYYY-MM-DD, and nothing else.
func ParseDate(s string) (Date, error) { return civil.Parse(s) }

// ParseDateRange reads a range written FROM..TO (both YYYY-MM-DD, TO not
// before FROM), or a single YYYY-MM-DD for a one-day range.
func ParseDateRange(s string) (DateRange, error) { return civil.ParseRange(s) }

// NewDate returns the date year-month-day, or an error naming the part out of
// range; it never normalizes ("2027-02-29" is an error, not March 1).
func NewDate(year int, month time.Month, day int) (Date, error) { return civil.New(year, month, day) }

// DateOf returns the date of the instant t in t's own location: convert t
// with t.In(loc) first to get the date in a clinic's location.
func DateOf(t time.Time) Date { return civil.Of(t) }
