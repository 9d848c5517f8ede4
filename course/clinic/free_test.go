package clinic

import (
	"errors"
	"testing"
	"time"

	"github.com/mesokit/meso"
)

// noFree is free times that never have any.
type noFree struct{}

func (noFree) FreeOn(meso.Date) FreeDay { return FreeDay{} }

func TestFreeTimesRejects(t *testing.T) {
	t0 := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		free  []FreeTime
		field string
		want  error
	}{
		{"zero end", []FreeTime{{From: t0}}, "free[0]", meso.ErrMissing},
		{"reversed", []FreeTime{{From: t0, Until: t0.Add(-time.Hour)}}, "free[0]", meso.ErrInvalid},
		{"empty", []FreeTime{{From: t0, Until: t0}}, "free[0]", meso.ErrInvalid},
		{"overlapping", []FreeTime{{From: t0.Add(time.Hour), Until: t0.Add(3 * time.Hour)}, {From: t0, Until: t0.Add(90 * time.Minute)}}, "free[0]", meso.ErrInvalid},
		{"too many", make([]FreeTime, MaxFreeTimes+1), "free", meso.ErrTooLarge},
	} {
		_, err := NewFreeDay(tc.free...)
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want a *FieldError at %s wrapping %v", tc.name, err, tc.field, tc.want)
		}
	}
	cal, _ := NewCalendar(time.UTC, 10, 0, 0)
	for _, tc := range []struct {
		free   FreeTimes
		length time.Duration
		field  string
	}{{nil, 0, "free"}, {noFree{}, -time.Minute, "length"}, {noFree{}, 13 * time.Hour, "length"}} {
		_, err := cal.WithFreeTimes(tc.free, tc.length)
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("WithFreeTimes(%v, %v) = %v, want a *FieldError at %s", tc.free, tc.length, err, tc.field)
		}
	}
	if f, l := cal.FreeTimes(); f != nil || l != 0 {
		t.Errorf("a calendar without free times: %v, %v", f, l)
	}
}
