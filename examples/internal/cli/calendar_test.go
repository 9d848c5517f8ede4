package cli

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/mesokit/meso/course/clinic"
)

func TestCalendarFlags(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var (
		start    DateFlag
		holidays DatesFlag
		away     RangesFlag
		closed   WeekdaysFlag
		at       ClockFlag
		zone     ZoneFlag
	)
	fs.Var(&start, "start", "")
	fs.Var(&holidays, "holiday", "")
	fs.Var(&away, "unavailable", "")
	fs.Var(&closed, "closed", "")
	fs.Var(&at, "at", "")
	fs.Var(&zone, "tz", "")
	err := fs.Parse([]string{"-start", "2027-03-01", "-holiday", "2027-03-29", "-holiday", "2027-05-13",
		"-unavailable", "2027-04-12..2027-04-16", "-unavailable", "2027-06-01", "-closed", "sat,sun", "-at", "09:30", "-tz", "Europe/Berlin"})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join([]string{start.String(), holidays.String(), away.String(), closed.String(), at.String(), zone.String()}, " ")
	want := "2027-03-01 2027-03-29,2027-05-13 2027-04-12..2027-04-16,2027-06-01..2027-06-01 sat,sun 09:30 Europe/Berlin"
	if got != want {
		t.Errorf("flags read as %q, want %q", got, want)
	}
	if closed.Days != clinic.WeekdaysOf(time.Saturday, time.Sunday) || at.Hour != 9 || at.Minute != 30 {
		t.Errorf("closed %v, at %d:%d", closed.Days, at.Hour, at.Minute)
	}
	var nilFlags = []flag.Value{(*DateFlag)(nil), (*DatesFlag)(nil), (*RangesFlag)(nil), (*WeekdaysFlag)(nil), (*ClockFlag)(nil), (*ZoneFlag)(nil)}
	for _, v := range nilFlags {
		if v.String() != "" {
			t.Errorf("%T(nil).String() = %q, want \"\" (the flag package calls it on zero values)", v, v.String())
		}
	}
}

func TestCalendarFlagsReject(t *testing.T) {
	for _, tc := range []struct {
		v flag.Value
		s string
	}{
		{new(DateFlag), "2027-02-29"}, {new(DateFlag), "01/03/2027"}, {new(DateFlag), ""},
		{new(DatesFlag), "tomorrow"},
		{new(RangesFlag), "2027-04-16..2027-04-12"}, {new(RangesFlag), "2027-04-12.."}, {new(RangesFlag), "2027-04-12...2027-04-13"},
		{new(WeekdaysFlag), "Sunday"}, {new(WeekdaysFlag), "sun,sun"}, {new(WeekdaysFlag), "sun,"},
		{new(ClockFlag), "9:30"}, {new(ClockFlag), "24:00"}, {new(ClockFlag), "10:60"}, {new(ClockFlag), "10.30"}, {new(ClockFlag), "+1:30"},
		{new(ZoneFlag), "Local"}, {new(ZoneFlag), ""}, {new(ZoneFlag), "Mars/Olympus"}, {new(ZoneFlag), "../etc/passwd"},
	} {
		if err := tc.v.Set(tc.s); err == nil {
			t.Errorf("%T.Set(%q) accepted it", tc.v, tc.s)
		}
	}
	var hs DatesFlag
	for range MaxRepeats {
		if err := hs.Set("2027-01-01"); err != nil {
			t.Fatal(err)
		}
	}
	if err := hs.Set("2027-01-01"); err == nil {
		t.Errorf("DatesFlag accepted more than %d dates", MaxRepeats)
	}
}

// The flag values of dates, ranges, weekday lists and times of day never
// panic, and what they accept reads back as itself.
func FuzzCalendarFlags(f *testing.F) {
	for _, s := range []string{"2027-03-01", "2027-04-12..2027-04-16", "sat,sun", "mon,wed,fri", "", "09:30", "23:59", "2028-02-29", "9999-12-31..9999-12-31", "sun,sun", "0000-00-00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 64<<10 {
			return
		}
		var d DateFlag
		if d.Set(s) == nil && d.String() != s {
			t.Fatalf("date %q reads back as %q", s, d.String())
		}
		var ds DatesFlag
		if ds.Set(s) == nil && ds.String() != s {
			t.Fatalf("dates %q read back as %q", s, ds.String())
		}
		var r RangesFlag
		if r.Set(s) == nil {
			again := RangesFlag{}
			if err := again.Set(r.String()); err != nil || again.String() != r.String() {
				t.Fatalf("range %q reads back as %q (%v)", s, again.String(), err)
			}
			if r.Ranges[0].Days() < 1 {
				t.Fatalf("range %q has no days", s)
			}
		}
		var w WeekdaysFlag
		if w.Set(s) == nil {
			again := WeekdaysFlag{}
			if err := again.Set(w.String()); err != nil || again.Days != w.Days {
				t.Fatalf("weekdays %q read back as %v (%v)", s, again.Days, err)
			}
		}
		var c ClockFlag
		if c.Set(s) == nil && c.String() != s {
			t.Fatalf("clock %q reads back as %q", s, c.String())
		}
	})
}
