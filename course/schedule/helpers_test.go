package schedule

import (
	"time"

	"github.com/mesokit/meso"
)

// The date constructors of course's date.go, for the tests written with them.

func ParseDate(s string) (meso.Date, error) { return meso.ParseDate(s) }
func NewDate(year int, month time.Month, day int) (meso.Date, error) {
	return meso.NewDate(year, month, day)
}
func DateOf(t time.Time) meso.Date { return meso.DateOf(t) }
