package schedule

import (
	"time"

	"github.com/mesokit/meso/internal/civil"
)

// The date constructors of course's date.go, for the tests written with them.

func ParseDate(s string) (Date, error)                          { return civil.Parse(s) }
func NewDate(year int, month time.Month, day int) (Date, error) { return civil.New(year, month, day) }
func DateOf(t time.Time) Date                                   { return civil.Of(t) }
