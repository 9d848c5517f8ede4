package clinic

import (
	"errors"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/daytest"
)

func TestWeekdaysText(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := Weekdays(rapid.IntRange(0, 127).Draw(t, "w"))
		text, err := w.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Weekdays
		if err := back.UnmarshalText(text); err != nil || back != w {
			t.Fatalf("%q read back as %v, %v; want %d", text, back, err, w)
		}
		if got := WeekdaysOf(w.Days()...); got != w {
			t.Fatalf("WeekdaysOf(%v) = %d, want %d", w.Days(), got, w)
		}
		for d := time.Sunday; d <= time.Saturday; d++ {
			if w.Has(d) != strings.Contains(string(text), weekdayNames[d]) {
				t.Fatalf("%q: Has(%s) = %v", text, d, w.Has(d))
			}
		}
	})
	if got := WeekdaysOf(time.Sunday, time.Saturday, time.Monday).String(); got != "mon,sat,sun" {
		t.Errorf("String() = %q, want Monday first and Sunday last", got)
	}
	for _, s := range []string{"Sun", "sunday", "sun,", ",sun", "sun,sun", "sun mon", "mon;tue", "mon,,tue", "x"} {
		if w, err := ParseWeekdays(s); err == nil {
			t.Errorf("ParseWeekdays(%q) = %v, want an error", s, w)
		} else if !errors.Is(err, meso.ErrInvalid) && !errors.Is(err, meso.ErrDuplicate) && !errors.Is(err, meso.ErrUnknown) {
			t.Errorf("ParseWeekdays(%q) = %v, want ErrInvalid, ErrDuplicate or ErrUnknown", s, err)
		}
	}
	if _, err := Weekdays(200).MarshalText(); err == nil {
		t.Errorf("MarshalText of bits that are no day: want an error")
	}
	if WeekdaysOf(7, -1) != 0 || Weekdays(127).Has(7) {
		t.Errorf("values outside Sunday to Saturday must be ignored")
	}
}

func TestClosureText(t *testing.T) {
	for c := Open; c <= Unavailable; c++ {
		text, err := c.MarshalText()
		var back Closure
		if err != nil || back.UnmarshalText(text) != nil || back != c {
			t.Errorf("%v: %q, %v; read back %v", c, text, err, back)
		}
	}
	var c Closure
	if err := c.UnmarshalText([]byte("shut")); !errors.Is(err, meso.ErrUnknown) {
		t.Errorf("UnmarshalText(shut) = %v, want ErrUnknown", err)
	}
}

func TestNewCalendarRejects(t *testing.T) {
	for _, tc := range []struct {
		loc          *time.Location
		hour, minute int
		closed       Weekdays
		field        string
		want         error
	}{
		{nil, 10, 0, 0, "location", meso.ErrMissing},
		{time.UTC, 24, 0, 0, "hour", meso.ErrInvalid},
		{time.UTC, -1, 0, 0, "hour", meso.ErrInvalid},
		{time.UTC, 10, 60, 0, "minute", meso.ErrInvalid},
		{time.UTC, 10, 0, allWeekdays, "closed", meso.ErrInvalid},
		{time.UTC, 10, 0, 128, "closed", meso.ErrInvalid},
	} {
		_, err := NewCalendar(tc.loc, tc.hour, tc.minute, tc.closed)
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, tc.want) {
			t.Errorf("NewCalendar(%v, %d, %d, %d) = %v; want a *FieldError at %s wrapping %v", tc.loc, tc.hour, tc.minute, tc.closed, err, tc.field, tc.want)
		}
	}
	cal, _ := NewCalendar(time.UTC, 10, 0, 0)
	if _, err := cal.WithHolidays(daytest.Date(t, "2027-01-01"), meso.Date{}); !errors.Is(err, meso.ErrMissing) || !strings.Contains(err.Error(), "holidays[1]") {
		t.Errorf("WithHolidays(zero date) = %v, want ErrMissing at holidays[1]", err)
	}
	if _, err := cal.WithUnavailable(meso.DateRange{From: daytest.Date(t, "2027-01-09"), To: daytest.Date(t, "2027-01-08")}); !errors.Is(err, meso.ErrInvalid) || !strings.Contains(err.Error(), "unavailable[0]") {
		t.Errorf("WithUnavailable(reversed) = %v, want ErrInvalid at unavailable[0]", err)
	}
	if _, err := cal.WithHolidays(make([]meso.Date, MaxHolidays+1)...); !errors.Is(err, meso.ErrTooLarge) {
		t.Errorf("WithHolidays(too many) = %v, want ErrTooLarge", err)
	}
	if _, err := cal.WithUnavailable(make([]meso.DateRange, MaxUnavailable+1)...); !errors.Is(err, meso.ErrTooLarge) {
		t.Errorf("WithUnavailable(too many) = %v, want ErrTooLarge", err)
	}
}

// transitions returns the days of year on which loc changes its offset.
func transitions(loc *time.Location, year int) []meso.Date {
	var out []meso.Date
	d, _ := meso.NewDate(year, time.January, 1)
	for ; d.Year() == year; d = d.AddDays(1) {
		_, a := d.At(0, 0, loc).Zone()
		_, b := d.AddDays(1).At(0, 0, loc).Zone()
		if a != b {
			out = append(out, d, d.AddDays(1))
		}
	}
	return out
}

// The instant of each session follows RFC 5545 in every zone, on the days
// of daylight-saving changes above all, including the span an expansion
// keeps between sessions.
func TestWallClockInstants(t *testing.T) {
	var skips, repeats int
	rapid.Check(t, func(t *rapid.T) {
		zone := rapid.SampledFrom(daytest.Zones).Draw(t, "zone")
		loc, _ := time.LoadLocation(zone)
		year := rapid.SampledFrom([]int{2011, 2024, 2027, 2028}).Draw(t, "year")
		days := transitions(loc, year)
		start, _ := meso.NewDate(year, time.January, 1)
		// 0: on the day of a change, 1: weeks before one, 2: any day.
		mode := rapid.IntRange(0, 2).Draw(t, "mode")
		if len(days) > 0 && mode < 2 {
			start = rapid.SampledFrom(days).Draw(t, "change")
			if mode == 1 {
				start = start.AddDays(-rapid.IntRange(1, 40).Draw(t, "before"))
			}
		} else {
			start = start.AddDays(rapid.IntRange(0, 364).Draw(t, "day"))
		}
		hour := rapid.OneOf(rapid.IntRange(0, 23), rapid.SampledFrom([]int{0, 1, 2, 3, 23})).Draw(t, "hour")
		minute := rapid.SampledFrom([]int{0, 15, 30, 45, 59}).Draw(t, "minute")
		// On the day of a change, often a wall time it skips or repeats.
		var odd [][2]int
		for h := range 24 {
			for _, m := range []int{0, 30, 59} {
				if w := daytest.WallInstant(start, h, m, loc); !daytest.WallTimeExists(start, h, m, loc) || w.Add(time.Hour).Format("15:04") == w.Format("15:04") {
					odd = append(odd, [2]int{h, m})
				}
			}
		}
		if len(odd) > 0 && (mode == 0 || rapid.Bool().Draw(t, "odd wall time?")) {
			hm := rapid.SampledFrom(odd).Draw(t, "odd")
			hour, minute = hm[0], hm[1]
		}
		cal, _ := NewCalendar(loc, hour, minute, 0)
		var span ZoneHint
		d := start
		for range rapid.IntRange(1, 12).Draw(t, "sessions") {
			got, want := cal.Start(d, &span), daytest.WallInstant(d, hour, minute, loc)
			if !got.Equal(want) || got.Location() != loc {
				t.Fatalf("%s %s %02d:%02d: at = %v, want %v", zone, d, hour, minute, got, want)
			}
			// meso.Date.At, which aftercare's steps use, keeps the same rule
			// without the expansion's cached zone span.
			if simple := d.At(hour, minute, loc); !simple.Equal(want) {
				t.Fatalf("%s %s %02d:%02d: civil At = %v, want %v", zone, d, hour, minute, simple, want)
			}
			if !daytest.WallTimeExists(d, hour, minute, loc) {
				skips++
			} else if again := want.Add(time.Hour); again.Format("2006-01-02 15:04") == want.Format("2006-01-02 15:04") {
				repeats++
			}
			// Mostly forward, as an expansion goes, sometimes back: the span
			// kept must not give a repeated wall time its second instant.
			d = d.AddDays(rapid.OneOf(rapid.IntRange(1, 40), rapid.IntRange(-3, -1)).Draw(t, "gap"))
		}
	})
	t.Logf("%d skipped and %d repeated wall times", skips, repeats)
	if skips == 0 || repeats == 0 {
		t.Errorf("met %d skipped and %d repeated wall times; want some of each", skips, repeats)
	}
}

// Go's Time.ZoneBounds can be wrong on the last UTC day of a leap year in a
// zone past its last explicit transition (golang/go#81583); the expansion's
// instants and meso.Date.At both use it. On those days, in zones with and
// without daylight saving, both agree with the brute-force oracle.
func TestWallClockAtLeapYearEnds(t *testing.T) {
	for _, z := range []string{"Europe/Berlin", "America/New_York", "Australia/Sydney", "America/Santiago", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Tokyo"} {
		loc, err := time.LoadLocation(z)
		if err != nil {
			t.Fatal(err)
		}
		for _, y := range []int{2040, 2044, 2096, 2400} {
			for _, d := range []int{30, 31} {
				day, _ := meso.NewDate(y, time.December, d)
				for _, hm := range [][2]int{{0, 0}, {1, 30}, {10, 0}, {23, 30}} {
					want := daytest.WallInstant(day, hm[0], hm[1], loc)
					cal, _ := NewCalendar(loc, hm[0], hm[1], 0)
					var span ZoneHint
					if got := cal.Start(day, &span); !got.Equal(want) {
						t.Errorf("%s %s %02d:%02d: expansion %v, want %v", z, day, hm[0], hm[1], got, want)
					}
					if got := day.At(hm[0], hm[1], loc); !got.Equal(want) {
						t.Errorf("%s %s %02d:%02d: civil.At %v, want %v", z, day, hm[0], hm[1], got, want)
					}
				}
			}
		}
	}
}
