package meso

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// genDate draws a date anywhere in the supported range, leaning on the edges
// (leap days, month ends, the first and last representable days).
func genDate() *rapid.Generator[Date] {
	return rapid.Custom(func(t *rapid.T) Date {
		y := rapid.OneOf(rapid.IntRange(MinYear, MaxYear), rapid.SampledFrom([]int{1, 1900, 2000, 2024, 2027, 2028, 2100, 9999})).Draw(t, "year")
		m := time.Month(rapid.IntRange(1, 12).Draw(t, "month"))
		d := rapid.OneOf(rapid.IntRange(1, DaysIn(y, m)), rapid.Just(DaysIn(y, m))).Draw(t, "day")
		date, err := NewDate(y, m, d)
		if err != nil {
			t.Fatalf("NewDate(%d, %d, %d): %v", y, m, d, err)
		}
		return date
	})
}

func utc(d Date) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
}

// The time package is the independent oracle for the calendar: every property
// below compares Date's own arithmetic with what time.Date computes.
func TestDateAgreesWithTimePackage(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := genDate().Draw(t, "d")
		n := rapid.IntRange(-40000, 40000).Draw(t, "n")
		want := utc(d).AddDate(0, 0, n)
		got := d.AddDays(n)
		if want.Year() < MinYear || want.Year() > MaxYear {
			if !got.IsZero() {
				t.Fatalf("%s.AddDays(%d) = %s, want the zero Date (year %d out of range)", d, n, got, want.Year())
			}
			return
		}
		if !utc(got).Equal(want) {
			t.Fatalf("%s.AddDays(%d) = %s, want %s", d, n, got, want.Format(time.DateOnly))
		}
		if got.Weekday() != want.Weekday() {
			t.Fatalf("%s.Weekday() = %s, want %s", got, got.Weekday(), want.Weekday())
		}
		if got.Sub(d) != n {
			t.Fatalf("%s.Sub(%s) = %d, want %d", got, d, got.Sub(d), n)
		}
		if DateOf(want) != got {
			t.Fatalf("DateOf(%v) = %s, want %s", want, DateOf(want), got)
		}
		if got.String() != want.Format(time.DateOnly) {
			t.Fatalf("String() = %q, want %q", got.String(), want.Format(time.DateOnly))
		}
	})
}

func TestParseStringRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := genDate().Draw(t, "d")
		got, err := ParseDate(d.String())
		if err != nil {
			t.Fatalf("ParseDate(%q): %v", d.String(), err)
		}
		if got != d {
			t.Fatalf("ParseDate(%q) = %s, want %s", d.String(), got, d)
		}
		text, _ := d.MarshalText()
		var back Date
		if err := back.UnmarshalText(text); err != nil || back != d {
			t.Fatalf("UnmarshalText(%q) = %s, %v; want %s", text, back, err, d)
		}
	})
}

func TestParseAgreesWithTimeParse(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.StringMatching(`[0-9]{4}-[0-9]{2}-[0-9]{2}`).Draw(t, "s")
		want, werr := time.Parse(time.DateOnly, s)
		got, gerr := ParseDate(s)
		if werr != nil || want.Year() < MinYear {
			if gerr == nil {
				t.Fatalf("ParseDate(%q) = %s, want an error (time.Parse: %v)", s, got, werr)
			}
			return
		}
		if gerr != nil {
			t.Fatalf("ParseDate(%q): %v, want %s", s, gerr, want.Format(time.DateOnly))
		}
		if !utc(got).Equal(want) {
			t.Fatalf("ParseDate(%q) = %s, want %s", s, got, want.Format(time.DateOnly))
		}
	})
}

func TestParseRejects(t *testing.T) {
	for _, s := range []string{"", "2027-1-11", "2027/01/11", "2027-01-11T10:00", " 2027-01-11", "2027-02-29", "2027-13-01", "2027-00-10", "2027-04-31", "0000-01-01", "+027-01-01", "２０２７-01-11"} {
		if d, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) = %s, want an error", s, d)
		} else if len(s) != 10 && !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseDate(%q) error %v, want it to wrap ErrInvalid", s, err)
		}
	}
}

func TestLeapDays(t *testing.T) {
	for _, tc := range []struct {
		year int
		leap bool
	}{{2024, true}, {2027, false}, {2028, true}, {1900, false}, {2000, true}, {2100, false}, {2400, true}} {
		_, err := NewDate(tc.year, time.February, 29)
		if got := err == nil; got != tc.leap {
			t.Errorf("NewDate(%d, February, 29) ok = %v, want %v", tc.year, got, tc.leap)
		}
	}
}

func TestAddMonths(t *testing.T) {
	for _, tc := range []struct {
		d, want string
		n       int
	}{
		{"2027-01-31", "2027-02-28", 1},
		{"2028-01-31", "2028-02-29", 1},
		{"2028-02-29", "2029-02-28", 12},
		{"2027-01-15", "2027-02-15", 1},
		{"2027-03-31", "2027-04-30", 1},
		{"2027-12-31", "2028-01-31", 1},
		{"2027-03-31", "2027-02-28", -1},
		{"2027-01-10", "2027-04-10", 3},
		{"9999-12-01", "", 1},
		{"0001-01-31", "", -1},
	} {
		got := mustParse(t, tc.d).AddMonths(tc.n)
		if got.String() != tc.want {
			t.Errorf("%s.AddMonths(%d) = %q, want %q", tc.d, tc.n, got, tc.want)
		}
	}
}

func TestAddMonthsProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := genDate().Draw(t, "d")
		n := rapid.IntRange(-1200, 1200).Draw(t, "n")
		got := d.AddMonths(n)
		first := utc(d).AddDate(0, 0, 1-d.Day()).AddDate(0, n, 0) // the first of the target month
		if first.Year() < MinYear || first.Year() > MaxYear {
			if !got.IsZero() {
				t.Fatalf("%s.AddMonths(%d) = %s, want the zero Date", d, n, got)
			}
			return
		}
		if got.Year() != first.Year() || got.Month() != first.Month() {
			t.Fatalf("%s.AddMonths(%d) = %s, want a day of %s", d, n, got, first.Format("2006-01"))
		}
		if want := min(d.Day(), DaysIn(first.Year(), first.Month())); got.Day() != want {
			t.Fatalf("%s.AddMonths(%d) = %s, want day %d", d, n, got, want)
		}
	})
}

func TestZeroDate(t *testing.T) {
	var z Date
	if !z.IsZero() || z.String() != "" {
		t.Errorf("zero Date: IsZero = %v, String = %q; want true, \"\"", z.IsZero(), z.String())
	}
	if !z.AddDays(1).IsZero() || !z.AddMonths(1).IsZero() {
		t.Errorf("arithmetic on the zero Date must stay zero")
	}
	if y, m, d := z.Date(); y != 0 || m != 0 || d != 0 {
		t.Errorf("zero Date.Date() = %d, %d, %d; want 0, 0, 0", y, m, d)
	}
	var back Date = mustParse(t, "2027-01-11")
	if err := back.UnmarshalText(nil); err != nil || !back.IsZero() {
		t.Errorf("UnmarshalText(empty) = %s, %v; want the zero Date", back, err)
	}
	if !DateOf(time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero() {
		t.Errorf("DateOf(year 0) must be the zero Date")
	}
}

func TestEdgesOfRange(t *testing.T) {
	first, last := mustParse(t, "0001-01-01"), mustParse(t, "9999-12-31")
	if first.n != 1 || last.n != maxN {
		t.Fatalf("first, last = %d, %d; want 1, %d", first.n, last.n, maxN)
	}
	if !first.AddDays(-1).IsZero() || !last.AddDays(1).IsZero() {
		t.Errorf("stepping off the calendar must give the zero Date")
	}
	if got := last.AddDays(-last.Sub(first)); got != first {
		t.Errorf("last - (last-first) = %s, want %s", got, first)
	}
}

// At keeps the wall-clock time across daylight-saving changes: the next day at
// 10:00 is 23 or 25 hours later, never a shifted hour.
func TestAtAcrossDaylightSaving(t *testing.T) {
	for _, tc := range []struct {
		zone, day string
		hours     time.Duration
	}{
		{"America/New_York", "2027-03-13", 23}, // spring forward 2027-03-14
		{"America/New_York", "2027-11-06", 25}, // fall back 2027-11-07
		{"Europe/Berlin", "2027-03-27", 23},
		{"Europe/Berlin", "2027-10-30", 25},
		{"Australia/Sydney", "2027-04-03", 25}, // DST ends 2027-04-04
		{"Australia/Sydney", "2027-10-02", 23}, // DST starts 2027-10-03
	} {
		loc, err := time.LoadLocation(tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		d := mustParse(t, tc.day)
		a, b := d.At(10, 0, loc), d.AddDays(1).At(10, 0, loc)
		if got := b.Sub(a); got != tc.hours*time.Hour {
			t.Errorf("%s %s 10:00 to next day 10:00 = %v, want %v", tc.zone, tc.day, got, tc.hours*time.Hour)
		}
		if b.Hour() != 10 || b.Minute() != 0 || DateOf(b) != d.AddDays(1) {
			t.Errorf("%s: next day At(10, 0) = %v, want 10:00 on %s", tc.zone, b, d.AddDays(1))
		}
	}
}

func TestRange(t *testing.T) {
	r, err := ParseDateRange("2027-01-08..2027-01-12")
	if err != nil {
		t.Fatal(err)
	}
	want := DateRange{From: mustParse(t, "2027-01-08"), To: mustParse(t, "2027-01-12")}
	if diff := cmp.Diff(want, r, cmp.Comparer(func(a, b Date) bool { return a == b })); diff != "" {
		t.Errorf("ParseRange mismatch (-want +got):\n%s", diff)
	}
	if r.Days() != 5 || !r.Contains(r.From) || !r.Contains(r.To) || r.Contains(r.To.AddDays(1)) || r.Contains(r.From.AddDays(-1)) {
		t.Errorf("%s: Days = %d, want 5 and both ends contained, neighbours not", r, r.Days())
	}
	if one, err := ParseDateRange("2027-01-08"); err != nil || one.Days() != 1 {
		t.Errorf("ParseDateRange(single day) = %s, %v; want one day", one, err)
	}
	for _, s := range []string{"2027-01-12..2027-01-08", "2027-01-08..", "..2027-01-08", "2027-01-08...2027-01-09", "x..y"} {
		if got, err := ParseDateRange(s); err == nil {
			t.Errorf("ParseDateRange(%q) = %s, want an error", s, got)
		}
	}
	if (DateRange{}).Check() == nil || (DateRange{}).Days() != 0 || (DateRange{}).Contains(Date{}) {
		t.Errorf("zero Range must not check, count days, or contain the zero Date")
	}
}

func mustParse(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatalf("ParseDate(%q): %v", s, err)
	}
	return d
}

// At resolves wall times that a clock change skips or repeats the same way in
// every zone (RFC 5545): skipped ones move forward by the gap, repeated ones
// are the first occurrence. time.Date does not (it moves 02:30 in New York
// back to 01:30 EST, and repeats Berlin's 02:30 in CET).
func TestAtAroundClockChanges(t *testing.T) {
	for _, tc := range []struct {
		zone, day    string
		hour, minute int
		want         string // RFC 3339
	}{
		// skipped: forward by the gap
		{"America/New_York", "2027-03-14", 2, 30, "2027-03-14T03:30:00-04:00"},
		{"Europe/Berlin", "2027-03-28", 2, 30, "2027-03-28T03:30:00+02:00"},
		{"Australia/Sydney", "2027-10-03", 2, 30, "2027-10-03T03:30:00+11:00"},
		{"America/Santiago", "2027-09-05", 0, 0, "2027-09-05T01:00:00-03:00"},
		{"America/Santiago", "2027-09-05", 0, 30, "2027-09-05T01:30:00-03:00"},
		{"Asia/Beirut", "2027-03-28", 0, 0, "2027-03-28T01:00:00+03:00"},
		// repeated: the first occurrence
		{"America/New_York", "2027-11-07", 1, 30, "2027-11-07T01:30:00-04:00"},
		{"Europe/Berlin", "2027-10-31", 2, 30, "2027-10-31T02:30:00+02:00"},
		{"Europe/Berlin", "2027-10-31", 2, 0, "2027-10-31T02:00:00+02:00"},
		{"Australia/Sydney", "2027-04-04", 2, 30, "2027-04-04T02:30:00+11:00"},
		{"America/Santiago", "2027-04-03", 23, 30, "2027-04-03T23:30:00-03:00"},
		// unambiguous, either side
		{"Europe/Berlin", "2027-10-31", 3, 0, "2027-10-31T03:00:00+01:00"},
		{"Europe/Berlin", "2027-10-31", 1, 59, "2027-10-31T01:59:00+02:00"},
		{"America/New_York", "2027-03-14", 10, 0, "2027-03-14T10:00:00-04:00"},
	} {
		loc, err := time.LoadLocation(tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		got := mustParse(t, tc.day).At(tc.hour, tc.minute, loc)
		if got.Format(time.RFC3339) != tc.want {
			t.Errorf("%s %s At(%02d:%02d) = %s, want %s", tc.zone, tc.day, tc.hour, tc.minute, got.Format(time.RFC3339), tc.want)
		}
	}
}

// Whatever the zone and day, At lands on its day at the asked wall time, or
// just after a gap that skipped it; and no earlier instant shows that wall
// time on that day.
func TestAtProperties(t *testing.T) {
	type change struct {
		loc  *time.Location
		day  Date
		hour int // the local hour just before the change
	}
	var zones []*time.Location
	var changes [2][]change // [0] the clocks go forward, [1] back
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, z := range []string{"America/New_York", "Europe/Berlin", "Australia/Sydney", "America/Santiago", "Asia/Beirut", "Australia/Lord_Howe", "Antarctica/Troll", "America/Havana", "Europe/Dublin"} {
		loc, err := time.LoadLocation(z)
		if err != nil {
			t.Fatal(err)
		}
		zones = append(zones, loc)
		for at := from.In(loc); at.Year() < 2029; {
			_, end := at.ZoneBounds()
			if end.IsZero() {
				break
			}
			before := end.Add(-1)
			_, was := before.Zone()
			_, now := end.Zone()
			back := 0
			if now < was {
				back = 1
			}
			changes[back] = append(changes[back], change{loc, DateOf(before), before.Hour()})
			at = end
		}
	}
	var skippedSeen, repeatedSeen int
	rapid.Check(t, func(t *rapid.T) {
		var loc *time.Location
		var d Date
		var h int
		if rapid.Bool().Draw(t, "near a clock change") {
			// Forward and back are drawn alike, so that skipped and
			// repeated wall times both come up in every run.
			back := rapid.IntRange(0, 1).Draw(t, "back")
			c := rapid.SampledFrom(changes[back]).Draw(t, "change")
			loc, d = c.loc, c.day
			// Half the time the hour the change skips (the one after it)
			// or repeats (its own), else any hour around it.
			after := 1 - back
			if !rapid.Bool().Draw(t, "the hour it skips or repeats") {
				after = rapid.IntRange(-1, 2).Draw(t, "hours after")
			}
			h = (c.hour + after + 24) % 24
			if h < c.hour-1 {
				d = d.AddDays(1)
			}
		} else {
			loc = rapid.SampledFrom(zones).Draw(t, "zone")
			start, _ := ParseDate("2026-01-01")
			d = start.AddDays(rapid.IntRange(0, 3*366).Draw(t, "day"))
			h = rapid.IntRange(0, 23).Draw(t, "hour")
		}
		m := rapid.SampledFrom([]int{0, 15, 30, 45, 59}).Draw(t, "minute")
		got := d.At(h, m, loc)
		if got.Location() != loc {
			t.Fatalf("At in %v returned a time in %v", loc, got.Location())
		}
		if got.Hour() == h && got.Minute() == m {
			if DateOf(got) != d {
				t.Fatalf("%s At(%02d:%02d) = %v, on another day", d, h, m, got)
			}
			// The first occurrence: up to two hours earlier does not show
			// the same wall time on the same day.
			for back := 15 * time.Minute; back <= 2*time.Hour; back += 15 * time.Minute {
				if e := got.Add(-back); e.Hour() == h && e.Minute() == m && DateOf(e) == d {
					t.Fatalf("%s At(%02d:%02d) = %v, but %v shows it too and is earlier", d, h, m, got, e)
				}
			}
			if later := got.Add(time.Hour); later.Hour() == h && later.Minute() == m || got.Add(30*time.Minute).Hour() == h && got.Add(30*time.Minute).Minute() == m {
				repeatedSeen++
			}
			return
		}
		skippedSeen++
		// Skipped: the result is the wall time read with the offset before
		// the change.
		wall := time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, time.UTC)
		_, off := got.Add(-3 * time.Hour).Zone()
		if want := wall.Add(-time.Duration(off) * time.Second); !got.Equal(want) {
			t.Fatalf("%s At(%02d:%02d) = %v, want %v (the wall time with the offset before the change)", d, h, m, got, want.In(loc))
		}
	})
	if skippedSeen == 0 || repeatedSeen == 0 {
		t.Errorf("generated %d skipped and %d repeated wall times; want both edges reached", skippedSeen, repeatedSeen)
	}
}

// Parse and ParseRange take any text: a date (or range) that writes back as
// the text it came from, or an error.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2027-01-11", "2028-02-29", "0001-01-01", "9999-12-31", "2027-01-08..2027-01-12", "2027-13-01", "x..y", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := ParseDate(s); err == nil && d.String() != s {
			t.Fatalf("ParseDate(%q) = %s, which writes differently", s, d)
		}
		// UnmarshalText reads what ParseDate reads, and empty text as the
		// zero Date; on error the date is left as it was, and the error
		// wraps a sentinel.
		was := DateOf(time.Date(2027, 1, 11, 0, 0, 0, 0, time.UTC))
		d := was
		if err := d.UnmarshalText([]byte(s)); err != nil {
			if d != was || !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrMissing) && !errors.Is(err, ErrUnknown) {
				t.Fatalf("UnmarshalText(%q) = %v, leaving %s", s, err, d)
			}
		} else if text, err := d.MarshalText(); err != nil || string(text) != s {
			t.Fatalf("UnmarshalText(%q) = %s, which writes as %q (%v)", s, d, text, err)
		}
		if r, err := ParseDateRange(s); err == nil {
			if r.Check() != nil {
				t.Fatalf("ParseDateRange(%q) = %s, which does not check", s, r)
			}
			if r.String() != s && r.From.String() != s {
				t.Fatalf("ParseDateRange(%q) = %s, which writes differently", s, r)
			}
		}
	})
}
