package cli

import (
	"cmp"
	"slices"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
)

// Day writes a date for people, as "Mon 2027-03-01" (meso.DayLayout, the
// library's own); the zero Date is "".
func Day(d meso.Date) string { return d.Text() }

// Instant writes an instant for people in its own location, as
// "Mon 2027-03-01 10:00 CET" (meso.InstantLayout).
func Instant(t time.Time) string { return t.Format(meso.InstantLayout) }

// SortWindows sorts restriction windows as the programs list them: by their
// end, the first to end first, and windows that end together by their
// activity's name.
func SortWindows(ws []aftercare.Window) {
	slices.SortStableFunc(ws, func(a, b aftercare.Window) int {
		if c := a.Until.Compare(b.Until); c != 0 {
			return c
		}
		return cmp.Compare(a.Activity.String(), b.Activity.String())
	})
}

// Days writes a range of dates for people: "Mon 2027-04-12 to Fri
// 2027-04-16", or one Day when the range is one day.
func Days(r meso.DateRange) string {
	if r.From == r.To {
		return Day(r.From)
	}
	return Day(r.From) + " to " + Day(r.To)
}
