package schedule

import (
	"time"

	"github.com/mesokit/meso"
)

// The date constructors of course's date.go, for the tests written with them.

func ParseDate(s string) (Date, error) { return meso.ParseDate(s) }
func NewDate(year int, month time.Month, day int) (Date, error) {
	return meso.NewDate(year, month, day)
}
func DateOf(t time.Time) Date { return meso.DateOf(t) }
