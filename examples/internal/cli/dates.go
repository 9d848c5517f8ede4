package cli

import (
	"cmp"
	"slices"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
)

// The layouts of text for people (see the package comment): a day with its
// weekday, and an instant as that day, the time and the zone's abbreviation.
const (
	DayLayout     = "Mon 2006-01-02"
	InstantLayout = "Mon 2006-01-02 15:04 MST"
)

// Day writes a date for people, as "Mon 2027-03-01"; the zero Date is "".
func Day(d meso.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Weekday().String()[:3] + " " + d.String()
}

// Instant writes an instant for people in its own location, as
// "Mon 2027-03-01 10:00 CET".
func Instant(t time.Time) string { return t.Format(InstantLayout) }

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
