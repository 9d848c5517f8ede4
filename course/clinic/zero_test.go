package clinic

import (
	"errors"
	"testing"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/daytest"
)

// The zero value of every exported type either works or is refused with an
// error; none panics.
func TestZeroValues(t *testing.T) {
	var cal Calendar
	d := daytest.Date(t, "2027-01-11")
	if cal.Location() != nil || cal.Closure(d) != Open || !cal.Open(d) || cal.Holidays() != nil || cal.Unavailable() != nil || cal.Closed() != 0 {
		t.Errorf("Calendar{} accessors")
	}
	var z ZoneHint
	if !cal.Start(d, &z).IsZero() || !cal.Start(d, nil).IsZero() {
		t.Errorf("Calendar{}.Start gave an instant without a location")
	}
	if cal, _ := NewCalendar(time.UTC, 10, 0, 0); !cal.Start(meso.Date{}, nil).IsZero() || !cal.Start(d, nil).Equal(d.At(10, 0, time.UTC)) {
		t.Errorf("Start of the zero Date, or with a nil ZoneHint")
	}
	if _, in := cal.UnavailableOn(d); in {
		t.Errorf("Calendar{} has the patient away")
	}
	if more, err := cal.WithHolidays(d); err != nil || more.Closure(d) != Holiday {
		t.Errorf("Calendar{}.WithHolidays = %v", err)
	}
	if more, err := cal.WithUnavailable(meso.DateRange{From: d, To: d}); err != nil || more.Closure(d) != Unavailable {
		t.Errorf("Calendar{}.WithUnavailable = %v", err)
	}
	for _, s := range []string{(&meso.FieldError{}).Error(), Closure(0).String()} {
		if s == "" {
			t.Errorf("a zero value's text is empty")
		}
	}
	var w Weekdays
	if err := w.UnmarshalText(nil); err != nil || w != 0 {
		t.Errorf("Weekdays.UnmarshalText(empty) = %v, %v", w, err)
	}
	// The zero FreeDay has no free time, a zero FreeTime is no interval, and
	// a nil FreeTimes is refused.
	var day FreeDay
	if day.Intervals() != nil {
		t.Errorf("FreeDay{}.Intervals() = %v, want none", day.Intervals())
	}
	if _, err := NewFreeDay(FreeTime{}); !errors.Is(err, meso.ErrMissing) {
		t.Errorf("NewFreeDay(FreeTime{}) = %v, want ErrMissing", err)
	}
	var free FreeTimes
	open, _ := NewCalendar(time.UTC, 10, 0, 0)
	if _, err := open.WithFreeTimes(free, 0); !errors.Is(err, meso.ErrMissing) {
		t.Errorf("WithFreeTimes(nil) = %v, want ErrMissing", err)
	}
}
