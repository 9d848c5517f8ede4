package clinic

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/daytest"
)

// The tests in this file pin behaviour that mutation testing (MUTATION.md)
// found unpinned; each says what it pins, and the commit that added it
// names the mutants.

// The zone period an expansion caches is used from two days into it: a
// caller of at that goes back to a repeated wall time, after the period
// that follows it was cached, still gets the first of the two instants.
// (Expansion itself only goes forward; TestWallClockInstants samples this
// at random, this case pins it.)
func TestAtGoingBackToARepeatedWallTime(t *testing.T) {
	cal, err := NewCalendar(daytest.Zone(t, "Asia/Beirut"), 23, 30, 0)
	if err != nil {
		t.Fatal(err)
	}
	var z ZoneHint
	for _, tc := range []struct{ day, want string }{
		{"2027-10-31", "2027-10-31T23:30:00+02:00"}, // after the change: the period that follows it is cached
		{"2027-10-30", "2027-10-30T23:30:00+03:00"}, // 24:00 EEST -> 23:00 EET: 23:30 twice, the first
	} {
		if got := cal.Start(daytest.Date(t, tc.day), &z).Format(time.RFC3339); got != tc.want {
			t.Errorf("at(%s) = %s, want %s", tc.day, got, tc.want)
		}
	}
}

// Each of a calendar's limits is inclusive, and the error for one over it
// says how many there would be in all.
func TestCalendarAtTheLimits(t *testing.T) {
	cal, err := NewCalendar(time.UTC, 10, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	first := daytest.Date(t, "2027-01-01")
	holidays := make([]meso.Date, MaxHolidays)
	for i := range holidays {
		holidays[i] = first.AddDays(i)
	}
	full, err := cal.WithHolidays(holidays...)
	if err != nil || len(full.Holidays()) != MaxHolidays {
		t.Errorf("WithHolidays of MaxHolidays (%d) days: %d holidays, %v; want all of them", MaxHolidays, len(full.Holidays()), err)
	}
	var fe *meso.FieldError
	if _, err := full.WithHolidays(first.AddDays(-1)); !errors.As(err, &fe) || fe.Field != "holidays" || fe.Value != "3661" || !errors.Is(err, meso.ErrTooLarge) {
		t.Errorf("one holiday more: %v, want ErrTooLarge at holidays with the value 3661", err)
	}

	ranges := make([]meso.DateRange, MaxUnavailable)
	for i := range ranges {
		d := first.AddDays(2 * i)
		ranges[i] = meso.DateRange{From: d, To: d}
	}
	full, err = cal.WithUnavailable(ranges...)
	if err != nil || len(full.Unavailable()) != MaxUnavailable {
		t.Errorf("WithUnavailable of MaxUnavailable (%d) ranges: %d ranges, %v; want all of them", MaxUnavailable, len(full.Unavailable()), err)
	}
	if _, err := full.WithUnavailable(meso.DateRange{From: first, To: first}); !errors.As(err, &fe) || fe.Field != "unavailable" || fe.Value != "1001" || !errors.Is(err, meso.ErrTooLarge) {
		t.Errorf("one range more: %v, want ErrTooLarge at unavailable with the value 1001", err)
	}
}

// A list of more than seven days is refused as such, before the eighth is
// found to repeat one.
func TestParseWeekdaysMoreThanSeven(t *testing.T) {
	_, err := ParseWeekdays("mon,tue,wed,thu,fri,sat,sun,mon")
	if !errors.Is(err, meso.ErrInvalid) || !strings.Contains(err.Error(), "more than seven days") {
		t.Errorf("ParseWeekdays of eight days = %v, want ErrInvalid: more than seven days", err)
	}
}
