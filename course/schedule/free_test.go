package schedule

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/internal/daytest"
)

// diary is free times as a host program might keep them: the clinic's
// hours each day, less the busy intervals.
type diary struct {
	loc        *time.Location
	open, shut int // hours
	busy       []clinic.FreeTime
}

func (d diary) FreeOn(day meso.Date) clinic.FreeDay {
	from, until := day.At(d.open, 0, d.loc), day.At(d.shut, 0, d.loc)
	var free []clinic.FreeTime
	t := from
	for _, b := range d.busy {
		if !b.Until.After(t) || !b.From.Before(until) {
			continue
		}
		if b.From.After(t) {
			free = append(free, clinic.FreeTime{From: t, Until: b.From})
		}
		t = b.Until
	}
	if until.After(t) {
		free = append(free, clinic.FreeTime{From: t, Until: until})
	}
	f, err := clinic.NewFreeDay(free...)
	if err != nil {
		panic(err)
	}
	return f
}

func TestFreeTimesBooking(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02T15:04", s, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name      string
		busy      []clinic.FreeTime
		length    time.Duration
		wantStart []string // of the first sessions
		wantTest  string
	}{
		{"the time of day is free", nil, 0, []string{"2027-03-02T10:00", "2027-03-09T10:00"}, "2027-03-01T10:00"},
		{
			name: "10:00 busy: the nearest start that fits 45 minutes is 09:15",
			busy: []clinic.FreeTime{{From: at("2027-03-02T10:00"), Until: at("2027-03-02T11:00")}},
			// 09:15 is 45 minutes from 10:00, 11:00 an hour.
			wantStart: []string{"2027-03-02T09:15", "2027-03-09T10:00"}, wantTest: "2027-03-01T10:00",
		},
		{
			name: "with 20 minutes (S4) it fits at 09:40", busy: []clinic.FreeTime{{From: at("2027-03-02T10:00"), Until: at("2027-03-02T11:00")}}, length: 20 * time.Minute,
			wantStart: []string{"2027-03-02T09:40", "2027-03-09T10:00"}, wantTest: "2027-03-01T10:00",
		},
		{
			name: "a tie goes to the earlier start",
			// 09:15 and 10:45 are both 45 minutes from 10:00.
			busy: []clinic.FreeTime{{From: at("2027-03-02T09:45"), Until: at("2027-03-02T10:45")}}, length: 30 * time.Minute,
			wantStart: []string{"2027-03-02T09:15", "2027-03-09T10:00"}, wantTest: "2027-03-01T10:00",
		},
		{
			name:      "Tuesday free from 17:00 only: the session at 17:00",
			busy:      []clinic.FreeTime{{From: at("2027-03-02T08:00"), Until: at("2027-03-02T17:00")}},
			wantStart: []string{"2027-03-02T17:00", "2027-03-09T10:00"}, wantTest: "2027-03-01T10:00",
		},
		{
			name: "no free time on Tuesday: the test injection moves to Wednesday, the course to Thursday",
			busy: []clinic.FreeTime{{From: at("2027-03-02T08:00"), Until: at("2027-03-02T17:30")}},
			// 17:30 to 18:00 holds 30 minutes, not 45.
			wantStart: []string{"2027-03-04T10:00", "2027-03-11T10:00"}, wantTest: "2027-03-03T10:00",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cal, err := clinic.NewCalendar(time.UTC, 10, 0, clinic.WeekdaysOf(time.Sunday))
			if err != nil {
				t.Fatal(err)
			}
			if cal, err = cal.WithFreeTimes(diary{loc: time.UTC, open: 8, shut: 18, busy: tc.busy}, tc.length); err != nil {
				t.Fatal(err)
			}
			p, _ := Lookup(Weekly)
			got, err := p.Expand(daytest.Date(t, "2027-03-01"), 0, cal)
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range tc.wantStart {
				if g := got[i].Start.Format("2006-01-02T15:04"); g != w {
					t.Errorf("session %d at %s, want %s", i+1, g, w)
				}
			}
			test, err := TestInjection(cal, got[0])
			if err != nil || test.Format("2006-01-02T15:04") != tc.wantTest {
				t.Errorf("test injection at %v (%v), want %s", test, err, tc.wantTest)
			}
		})
	}
}

// A day with no free time is closed, and an error says so.
func TestNoFreeTimeInErrors(t *testing.T) {
	cal, _ := clinic.NewCalendar(time.UTC, 10, 0, 0)
	var busy []clinic.FreeTime
	for d := daytest.Date(t, "2027-03-01"); d.Before(daytest.Date(t, "2028-04-01")); d = d.AddDays(1) {
		busy = append(busy, clinic.FreeTime{From: d.At(8, 0, time.UTC), Until: d.At(18, 0, time.UTC)})
	}
	cal, err := cal.WithFreeTimes(diary{loc: time.UTC, open: 8, shut: 18, busy: busy}, 30*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if r := cal.Closure(daytest.Date(t, "2027-03-03")); r != clinic.NoFreeTime {
		t.Errorf("Closure of a fully booked day = %s, want %s", r, clinic.NoFreeTime)
	}
	p, _ := Lookup(Biweekly)
	_, err = p.Expand(daytest.Date(t, "2027-03-01"), 0, cal)
	if !errors.Is(err, ErrNoOpenDay) || !strings.Contains(err.Error(), "Mon 2027-03-01 no free time") {
		t.Errorf("Expand in a fully booked diary: %v; want it to say no free time", err)
	}
}

// Every session booked in free times fits in a free interval of its day,
// and no start nearer the time of day would; a day is closed for lack of
// free time exactly when no interval holds a session.
func TestFreeTimesProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		base, _ := meso.ParseDate("2027-03-01")
		var busy []clinic.FreeTime
		for range rapid.IntRange(0, 30).Draw(t, "busy") {
			d := base.AddDays(rapid.IntRange(0, 60).Draw(t, "busy.day"))
			from := rapid.IntRange(8*60, 18*60-1).Draw(t, "busy.from")
			to := from + rapid.IntRange(1, 6*60).Draw(t, "busy.minutes")
			busy = append(busy, clinic.FreeTime{From: d.At(0, 0, time.UTC).Add(time.Duration(from) * time.Minute), Until: d.At(0, 0, time.UTC).Add(time.Duration(to) * time.Minute)})
		}
		slices.SortFunc(busy, func(a, b clinic.FreeTime) int { return a.From.Compare(b.From) })
		length := time.Duration(rapid.SampledFrom([]int{20, 30, 45}).Draw(t, "length")) * time.Minute
		y := diary{loc: time.UTC, open: 8, shut: 18, busy: busy}
		cal, _ := clinic.NewCalendar(time.UTC, rapid.IntRange(7, 19).Draw(t, "hour"), 0, clinic.WeekdaysOf(time.Sunday))
		cal, err := cal.WithFreeTimes(y, length)
		if err != nil {
			t.Fatal(err)
		}
		p := rapid.SampledFrom(All()).Draw(t, "protocol")
		as, err := p.Expand(base, 0, cal)
		if err != nil {
			return // the property is about the plans found
		}
		h, _ := cal.TimeOfDay()
		for _, a := range as {
			d := meso.DateOf(a.Start)
			pref := d.At(h, 0, time.UTC)
			fits := func(s time.Time) bool {
				for _, f := range y.FreeOn(d).Intervals() {
					if !s.Before(f.From) && !s.Add(length).After(f.Until) {
						return true
					}
				}
				return false
			}
			if !fits(a.Start) {
				t.Fatalf("session %d at %v: no free interval holds %v from there", a.N, a.Start, length)
			}
			dist := a.Start.Sub(pref).Abs()
			for m := time.Duration(0); m < dist; m += time.Minute {
				if fits(pref.Add(-m)) || fits(pref.Add(m)) {
					t.Fatalf("session %d at %v, but %v from %v fits", a.N, a.Start, m, pref)
				}
			}
		}
	})
}
