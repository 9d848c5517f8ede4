package schedule

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/internal/daytest"
)

// 10:00 stays 10:00 local across daylight-saving changes, in both
// hemispheres: the gaps are calendar days, not 24-hour durations.
func TestExpandAcrossDaylightSaving(t *testing.T) {
	p, _ := Lookup(Weekly)
	for _, tc := range []struct {
		zone, first string
		offsets     []string // the UTC offsets of the first sessions
	}{
		{"America/New_York", "2027-03-01", []string{"-05:00", "-05:00", "-04:00", "-04:00", "-04:00"}}, // spring forward 03-14
		{"America/New_York", "2027-10-18", []string{"-04:00", "-04:00", "-04:00", "-05:00", "-05:00"}}, // fall back 11-07
		{"Europe/Berlin", "2027-03-15", []string{"+01:00", "+01:00", "+02:00", "+02:00"}},              // 03-28
		{"Europe/Berlin", "2027-10-18", []string{"+02:00", "+02:00", "+01:00", "+01:00"}},              // 10-31
		{"Australia/Sydney", "2027-03-22", []string{"+11:00", "+11:00", "+10:00", "+10:00"}},           // ends 04-04
		{"Australia/Sydney", "2027-09-20", []string{"+10:00", "+10:00", "+11:00", "+11:00"}},           // starts 10-03
	} {
		cal, err := clinic.NewCalendar(daytest.Zone(t, tc.zone), 10, 0, clinic.WeekdaysOf(time.Saturday)) // Sunday open for the test injection
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.Expand(daytest.Date(t, tc.first), 0, cal)
		if err != nil {
			t.Fatal(err)
		}
		var offsets []string
		for i, a := range got {
			if a.Start.Hour() != 10 || a.Start.Minute() != 0 || a.Start.Weekday() != time.Monday {
				t.Errorf("%s: session %d at %v, want Monday 10:00 local", tc.zone, a.N, a.Start)
			}
			if i > 0 && meso.DateOf(a.Start).Sub(meso.DateOf(got[i-1].Start)) != 7 {
				t.Errorf("%s: session %d not 7 calendar days after the one before", tc.zone, a.N)
			}
			if i < len(tc.offsets) {
				offsets = append(offsets, a.Start.Format("-07:00"))
			}
		}
		if diff := cmp.Diff(tc.offsets, offsets); diff != "" {
			t.Errorf("%s from %s: offsets (-want +got):\n%s", tc.zone, tc.first, diff)
		}
	}
}

// Where the change happens at midnight, a session at 00:30 on that day has
// no wall time; it starts when the clock shows 01:30, as time.Date does, and
// the next week is at 00:30 again.
func TestExpandAcrossMidnightChange(t *testing.T) {
	p, _ := Lookup(Weekly)
	for _, tc := range []struct {
		zone, first, skipped string
	}{
		{"America/Santiago", "2027-08-22", "2027-09-05"}, // clocks go from 24:00 Saturday to 01:00 Sunday
		{"Asia/Beirut", "2027-03-14", "2027-03-28"},      // 00:00 to 01:00 on the last Sunday of March
	} {
		cal, _ := clinic.NewCalendar(daytest.Zone(t, tc.zone), 0, 30, 0)
		got, err := p.Expand(daytest.Date(t, tc.first), 8, cal)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range got {
			want := "00:30"
			if meso.DateOf(a.Start) == daytest.Date(t, tc.skipped) {
				want = "01:30"
			}
			if a.Start.Format("15:04") != want {
				t.Errorf("%s: session %d on %s at %s, want %s", tc.zone, a.N, meso.DateOf(a.Start), a.Start.Format("15:04"), want)
			}
		}
		if meso.DateOf(got[2].Start) != daytest.Date(t, tc.skipped) {
			t.Errorf("%s: the third session is on %s, want the day of the change %s", tc.zone, meso.DateOf(got[2].Start), tc.skipped)
		}
	}
}

// The error says which session, which dates were tried and why each was
// closed. Five sessions performed pin the days before the sixth, so that
// only its own range is tried (TestNoPlanSaysWhy has a course whose
// earlier sessions could move).
func TestNoOpenDayError(t *testing.T) {
	p, _ := Lookup(WeeklyThenBiweekly)
	cal, _ := clinic.NewCalendar(time.UTC, 10, 0, clinic.WeekdaysOf(time.Sunday))
	cal, _ = cal.WithHolidays(daytest.Date(t, "2027-02-22"))
	cal, _ = cal.WithUnavailable(meso.DateRange{From: daytest.Date(t, "2027-02-23"), To: daytest.Date(t, "2027-03-07")})
	var performed []time.Time
	for _, d := range []string{"2027-01-11", "2027-01-18", "2027-01-25", "2027-02-01", "2027-02-08"} {
		performed = append(performed, daytest.Date(t, d).At(10, 0, time.UTC))
	}
	_, err := p.Reschedule(performed, meso.Date{}, 0, cal)
	var noDay *NoOpenDayError
	if !errors.As(err, &noDay) || !errors.Is(err, ErrNoOpenDay) {
		t.Fatalf("Expand = %v, want a *NoOpenDayError", err)
	}
	unavailable := "patient unavailable Tue 2027-02-23 to Sun 2027-03-07"
	want := "protocol weekly-then-biweekly, session 7 (biweekly): no open day from Tue 2027-03-02 to Sat 2027-03-06, " +
		"after session 6 on any of the days it can have (Fri 2027-02-19, Sat 2027-02-20): Tue 2027-03-02 " + unavailable + "; " +
		"Wed 2027-03-03 " + unavailable + "; Thu 2027-03-04 " + unavailable + "; " +
		"Fri 2027-03-05 " + unavailable + "; Sat 2027-03-06 " + unavailable
	if diff := cmp.Diff(want, err.Error()); diff != "" {
		t.Errorf("message (-want +got):\n%s", diff)
	}
	seq, err2 := collectSeq(p.RescheduleSeq(performed, meso.Date{}, 0, cal))
	if seq != nil || err2 == nil || err2.Error() != want {
		t.Errorf("RescheduleSeq = %d appointments, %v; want the same error", len(seq), err2)
	}
	// A patient away for more than a year: the first session has no day,
	// and the message lists a few of the 366 days tried.
	away, _ := cal.WithUnavailable(meso.DateRange{From: daytest.Date(t, "2027-01-01"), To: daytest.Date(t, "2028-12-31")})
	_, err = p.Expand(daytest.Date(t, "2027-01-11"), 0, away)
	if !errors.As(err, &noDay) || noDay.Session != 1 || len(noDay.Tried) != MaxGapDays+1 || !noDay.After.IsZero() {
		t.Fatalf("Expand = %v, want session 1 with %d days tried", err, MaxGapDays+1)
	}
	if !strings.HasSuffix(err.Error(), "and 356 more closed days") || len(err.Error()) > 1000 {
		t.Errorf("message %q: want ten days and a count", err)
	}
}

func TestRescheduleRejects(t *testing.T) {
	p, _ := Lookup(Weekly)
	cal, _ := clinic.NewCalendar(daytest.Zone(t, "Europe/Berlin"), 10, 0, 0)
	t0 := daytest.Date(t, "2027-01-11").At(10, 0, cal.Location())
	for _, tc := range []struct {
		name      string
		performed []time.Time
		sessions  int
		field     string
		want      error
	}{
		{"zero instant", []time.Time{t0, {}}, 0, "performed[1]", meso.ErrMissing},
		{"same day twice", []time.Time{t0, t0.Add(time.Hour)}, 0, "performed[1]", meso.ErrInvalid},
		{"out of order", []time.Time{t0, t0.AddDate(0, 0, -7)}, 0, "performed[1]", meso.ErrInvalid},
		{"fewer than performed", []time.Time{t0, t0.AddDate(0, 0, 7), t0.AddDate(0, 0, 14)}, 2, "sessions", meso.ErrInvalid},
		{"count out of range", []time.Time{t0}, 17, "sessions", meso.ErrInvalid},
		{"negative count", []time.Time{t0}, -1, "sessions", meso.ErrInvalid},
		{"more than the protocol allows", make([]time.Time, 17), 0, "performed", meso.ErrTooLarge},
	} {
		_, err := p.Reschedule(tc.performed, daytest.Date(t, "2027-02-01"), tc.sessions, cal)
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, tc.want) {
			t.Errorf("%s: Reschedule = %v; want a *FieldError at %s wrapping %v", tc.name, err, tc.field, tc.want)
		}
	}
	if _, err := p.Expand(meso.Date{}, 0, cal); !errors.Is(err, meso.ErrMissing) {
		t.Errorf("Expand(zero date) = %v, want ErrMissing", err)
	}
	last, _ := meso.NewDate(9999, time.December, 1)
	if _, err := p.Expand(last, 0, cal); !errors.Is(err, meso.ErrInvalid) || !strings.Contains(err.Error(), "9999-12-31") {
		t.Errorf("Expand at the end of the calendar = %v, want ErrInvalid naming 9999-12-31", err)
	}
}

// A missed session: the course resumes on the first open day on or after
// the new date, keeps the sessions performed, and the count.
func TestRescheduleAfterABreak(t *testing.T) {
	p, _ := Lookup(WeeklyThenBiweekly)
	cal, _ := clinic.NewCalendar(time.UTC, 10, 0, clinic.WeekdaysOf(time.Sunday))
	performed := []time.Time{
		time.Date(2027, 1, 11, 10, 5, 0, 0, time.UTC),
		time.Date(2027, 1, 18, 11, 0, 0, 0, time.UTC),
	}
	got, err := p.Reschedule(performed, daytest.Date(t, "2027-02-07"), 0, cal) // a Sunday, after a missed week
	if err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, a := range got {
		s = append(s, a.Start.Format("01-02 15:04")+" "+a.Phase+" "+a.Earliest.String()[5:]+".."+a.Latest.String()[5:])
	}
	want := []string{
		"01-11 10:05 weekly 01-11..01-11",
		"01-18 11:00 weekly 01-15..01-18",
		"02-08 10:00 weekly 02-07..02-08", // resumed: from the new date to the first open day
		"02-22 10:00 biweekly 02-19..02-22",
		"03-08 10:00 biweekly 03-05..03-08",
	}
	if len(got) != 11 {
		t.Errorf("%d appointments, want the default 11", len(got))
	}
	if diff := cmp.Diff(want, s[:5]); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Continuing inside the window: no earlier than the new date.
	got, err = p.Reschedule(performed, daytest.Date(t, "2027-01-26"), 8, cal)
	if err != nil || len(got) != 8 || got[2].Start.Format("01-02") != "01-26" || got[2].Earliest != daytest.Date(t, "2027-01-26") {
		t.Errorf("Reschedule within the window: %v, %v; want session 3 on 01-26", got, err)
	}
	// No new date: the rules from the last session alone.
	got, err = p.Reschedule(performed, meso.Date{}, 8, cal)
	if err != nil || got[2].Start.Format("01-02") != "01-25" {
		t.Errorf("Reschedule without a date: %v, %v; want session 3 on 01-25", got, err)
	}
}

func TestDueRejects(t *testing.T) {
	p, _ := Lookup(Biweekly)
	d := daytest.Date(t, "2027-01-11")
	for _, tc := range []struct {
		done  []meso.Date
		field string
		want  error
	}{
		{nil, "done", meso.ErrMissing},
		{[]meso.Date{d, d}, "done[1]", meso.ErrInvalid},
		{[]meso.Date{d, {}}, "done[1]", meso.ErrMissing},
		{[]meso.Date{d, d.AddDays(14), d.AddDays(28), d.AddDays(42), d.AddDays(56), d.AddDays(70)}, "done", meso.ErrTooLarge},
	} {
		_, err := p.Next(tc.done)
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, tc.want) {
			t.Errorf("Due(%v) = %v; want a *FieldError at %s wrapping %v", tc.done, err, tc.field, tc.want)
		}
	}
	w, err := p.Next([]meso.Date{d})
	if err != nil || w != (Due{Session: 2, Phase: "main", Earliest: d.AddDays(13), Preferred: d.AddDays(14), Latest: d.AddDays(15)}) {
		t.Errorf("Due(one session) = %+v, %v", w, err)
	}
}

func TestExpandInTheZeroCalendar(t *testing.T) {
	p, _ := Lookup(Weekly)
	if _, err := p.Expand(daytest.Date(t, "2027-01-11"), 0, clinic.Calendar{}); !errors.Is(err, meso.ErrMissing) {
		t.Errorf("Expand in the zero Calendar = %v, want ErrMissing", err)
	}
}

// Closure agrees with a linear scan of the lists the caller gave, and the
// calendar is a value: adding days makes a new one and the lists it returns
// are copies.
func TestClosureAgreesWithLists(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		start := genStart().Draw(t, "start")
		c := genCalendar(start).Draw(t, "calendar")
		for i := -10; i < 340; i++ {
			d := start.AddDays(i)
			if got, want := c.cal.Closure(d), c.spec.reason(day(d)); got != want {
				t.Fatalf("Closure(%s) = %s, want %s", d, got, want)
			}
			if c.cal.Open(d) != (c.cal.Closure(d) == clinic.Open) {
				t.Fatalf("open(%s) disagrees with Closure", d)
			}
		}
		if len(c.cal.Holidays()) != len(c.spec.holidays) || len(c.cal.Unavailable()) != len(c.spec.unavailable) {
			t.Fatalf("the calendar lost days: %d holidays, %d ranges; given %d, %d",
				len(c.cal.Holidays()), len(c.cal.Unavailable()), len(c.spec.holidays), len(c.spec.unavailable))
		}
	})
	cal, _ := clinic.NewCalendar(time.UTC, 10, 0, 0)
	day1 := daytest.Date(t, "2027-01-11")
	more, _ := cal.WithHolidays(day1)
	if cal.Closure(day1) != clinic.Open || more.Closure(day1) != clinic.Holiday {
		t.Errorf("WithHolidays changed the calendar it was called on")
	}
	hs := more.Holidays()
	hs[0] = day1.AddDays(1)
	if more.Closure(day1) != clinic.Holiday {
		t.Errorf("changing the returned holidays changed the calendar")
	}
	if h, m := more.TimeOfDay(); h != 10 || m != 0 || more.Location() != time.UTC || more.Closed() != 0 {
		t.Errorf("accessors: %d:%d %v %v", h, m, more.Location(), more.Closed())
	}
}
