package course

import (
	"time"

	"github.com/mesokit/meso"
)

// Date is meso.Date, the calendar day every package of meso uses. The name
// is kept inside course only until the package is split (issue 14); callers
// outside course write meso.Date.
type Date = meso.Date

// DateRange is meso.DateRange, kept inside course as Date is.
type DateRange = meso.DateRange

// ParseDate is meso.ParseDate, kept inside course as Date is.
func ParseDate(s string) (Date, error) { return meso.ParseDate(s) }

// ParseDateRange is meso.ParseDateRange, kept inside course as Date is.
func ParseDateRange(s string) (DateRange, error) { return meso.ParseDateRange(s) }

// NewDate is meso.NewDate, kept inside course as Date is.
func NewDate(year int, month time.Month, day int) (Date, error) {
	return meso.NewDate(year, month, day)
}

// DateOf is meso.DateOf, kept inside course as Date is.
func DateOf(t time.Time) Date { return meso.DateOf(t) }
