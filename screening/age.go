package screening

import (
	"time"

	"github.com/mesokit/meso"
)

// ageOn returns the age in whole years on day d of a person born on birth: the
// number of birthdays on or before d. A person born on 29 February has the
// birthday on 1 March in a common year, so turns a year older on 1 March.
func ageOn(birth, d meso.Date) int {
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
func birthday(birth meso.Date, years int) meso.Date {
	by, bm, bd := birth.Date()
	d, err := meso.NewDate(by+years, bm, bd)
	if err != nil {
		d, _ = meso.NewDate(by+years, time.March, 1)
	}
	return d
}
