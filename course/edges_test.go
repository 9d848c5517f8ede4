package course

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// The tests in this file pin behaviour that mutation testing (MUTATION.md)
// found unpinned; each says what it pins, and the commit that added it
// names the mutants.

// On the day of a daylight-saving change, a session at a wall time the day
// has twice starts at the first of the two, one the day skips starts when
// the clock shows it an hour later, and the hour after a change exists once
// (RFC 5545). A course that starts weeks before the change meets it with the
// zone's period cached from the sessions before; one that starts on the day
// of the change meets it without (the cases "first" on the change itself).
func TestWallTimesOnTheDayOfAChange(t *testing.T) {
	p, _ := LookupProtocol(Weekly)
	for _, tc := range []struct {
		zone, first  string
		hour, minute int
		want         string // the session on the day of the change
	}{
		{"Europe/Berlin", "2027-10-17", 2, 30, "2027-10-31T02:30:00+02:00"}, // 03:00 CEST -> 02:00 CET: 02:30 twice
		{"Europe/Berlin", "2027-10-17", 2, 0, "2027-10-31T02:00:00+02:00"},
		{"Europe/Berlin", "2027-10-17", 3, 0, "2027-10-31T03:00:00+01:00"}, // the end of summer time, once
		{"Europe/Berlin", "2027-10-31", 2, 30, "2027-10-31T02:30:00+02:00"},
		{"Europe/Berlin", "2027-03-14", 2, 30, "2027-03-28T03:30:00+02:00"}, // 02:00 CET -> 03:00 CEST: 02:30 skipped
		{"Europe/Berlin", "2027-03-14", 3, 0, "2027-03-28T03:00:00+02:00"},
		{"America/New_York", "2027-10-24", 1, 30, "2027-11-07T01:30:00-04:00"},
		{"America/New_York", "2027-10-24", 2, 0, "2027-11-07T02:00:00-05:00"},
		{"Australia/Sydney", "2027-03-21", 2, 30, "2027-04-04T02:30:00+11:00"},
		{"Australia/Sydney", "2027-03-21", 3, 0, "2027-04-04T03:00:00+10:00"},
		{"America/Santiago", "2027-03-20", 23, 30, "2027-04-03T23:30:00-03:00"}, // 24:00 -> 23:00 on Saturday
		{"Asia/Beirut", "2027-10-16", 23, 30, "2027-10-30T23:30:00+03:00"},      // 24:00 -> 23:00 on Saturday
		{"Asia/Beirut", "2027-10-30", 23, 30, "2027-10-30T23:30:00+03:00"},
	} {
		cal, err := NewCalendar(loadZone(t, tc.zone), tc.hour, tc.minute, 0)
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.Expand(mustDate(t, tc.first), 8, cal)
		if err != nil {
			t.Fatal(err)
		}
		on := mustDate(t, tc.want[:10])
		met := false
		for _, a := range got {
			if DateOf(a.Start) == on {
				met = true
				if s := a.Start.Format(time.RFC3339); s != tc.want {
					t.Errorf("%s %02d:%02d from %s: the session on the day of the change starts %s, want %s", tc.zone, tc.hour, tc.minute, tc.first, s, tc.want)
				}
			} else if a.Start.Hour() != tc.hour || a.Start.Minute() != tc.minute {
				t.Errorf("%s: session %d at %s, want %02d:%02d local", tc.zone, a.N, a.Start.Format(time.RFC3339), tc.hour, tc.minute)
			}
		}
		if !met {
			t.Errorf("%s from %s: no session on %s", tc.zone, tc.first, on)
		}
	}
}

// The zone period an expansion caches is used from two days into it: a
// caller of at that goes back to a repeated wall time, after the period
// that follows it was cached, still gets the first of the two instants.
// (Expansion itself only goes forward; TestWallClockInstants samples this
// at random, this case pins it.)
func TestAtGoingBackToARepeatedWallTime(t *testing.T) {
	cal, err := NewCalendar(loadZone(t, "Asia/Beirut"), 23, 30, 0)
	if err != nil {
		t.Fatal(err)
	}
	var z zoneSpan
	for _, tc := range []struct{ day, want string }{
		{"2027-10-31", "2027-10-31T23:30:00+02:00"}, // after the change: the period that follows it is cached
		{"2027-10-30", "2027-10-30T23:30:00+03:00"}, // 24:00 EEST -> 23:00 EET: 23:30 twice, the first
	} {
		if got := cal.at(mustDate(t, tc.day), &z).Format(time.RFC3339); got != tc.want {
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
	first := mustDate(t, "2027-01-01")
	holidays := make([]Date, MaxHolidays)
	for i := range holidays {
		holidays[i] = first.AddDays(i)
	}
	full, err := cal.WithHolidays(holidays...)
	if err != nil || len(full.Holidays()) != MaxHolidays {
		t.Errorf("WithHolidays of MaxHolidays (%d) days: %d holidays, %v; want all of them", MaxHolidays, len(full.Holidays()), err)
	}
	var fe *FieldError
	if _, err := full.WithHolidays(first.AddDays(-1)); !errors.As(err, &fe) || fe.Field != "holidays" || fe.Value != "3661" || !errors.Is(err, ErrTooLarge) {
		t.Errorf("one holiday more: %v, want ErrTooLarge at holidays with the value 3661", err)
	}

	ranges := make([]DateRange, MaxUnavailable)
	for i := range ranges {
		d := first.AddDays(2 * i)
		ranges[i] = DateRange{From: d, To: d}
	}
	full, err = cal.WithUnavailable(ranges...)
	if err != nil || len(full.Unavailable()) != MaxUnavailable {
		t.Errorf("WithUnavailable of MaxUnavailable (%d) ranges: %d ranges, %v; want all of them", MaxUnavailable, len(full.Unavailable()), err)
	}
	if _, err := full.WithUnavailable(DateRange{From: first, To: first}); !errors.As(err, &fe) || fe.Field != "unavailable" || fe.Value != "1001" || !errors.Is(err, ErrTooLarge) {
		t.Errorf("one range more: %v, want ErrTooLarge at unavailable with the value 1001", err)
	}
}

// A list of more than seven days is refused as such, before the eighth is
// found to repeat one.
func TestParseWeekdaysMoreThanSeven(t *testing.T) {
	_, err := ParseWeekdays("mon,tue,wed,thu,fri,sat,sun,mon")
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "more than seven days") {
		t.Errorf("ParseWeekdays of eight days = %v, want ErrInvalid: more than seven days", err)
	}
}
