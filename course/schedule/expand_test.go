package schedule

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/internal/daytest"
)

// cmpDates compares Dates, whose field is unexported, as values.
var cmpDates = cmp.Comparer(func(a, b meso.Date) bool { return a == b })

// genProtocol draws a valid protocol: a built-in one, or one of one to
// three phases with narrow and wide gaps, phases bounded by sessions or by
// months, and sometimes a minimum span.
func genProtocol() *rapid.Generator[Protocol] {
	builtin := rapid.Custom(func(t *rapid.T) Protocol {
		return rapid.SampledFrom(All()).Draw(t, "builtin")
	})
	custom := rapid.Custom(func(t *rapid.T) Protocol {
		n := rapid.IntRange(1, 3).Draw(t, "phases")
		p := Protocol{ID: "generated", Name: "Generated", Sources: []string{"test"}}
		months := 0
		for i := range n {
			lo := rapid.IntRange(1, 20).Draw(t, "gap.min")
			pref := lo + rapid.IntRange(0, 3).Draw(t, "gap.preferred-min")
			hi := pref + rapid.IntRange(0, 4).Draw(t, "gap.max-preferred")
			ph := Phase{Name: fmt.Sprintf("phase-%d", i), Gap: Gap{lo, pref, hi}}
			if i < n-1 {
				if rapid.Bool().Draw(t, "by-months") {
					months += rapid.IntRange(1, 3).Draw(t, "months")
					ph.Months = months
				} else {
					ph.Sessions = rapid.IntRange(1, 5).Draw(t, "sessions")
				}
			}
			p.Phases = append(p.Phases, ph)
		}
		lo := rapid.IntRange(1, 8).Draw(t, "sessions.min")
		def := lo + rapid.IntRange(0, 4).Draw(t, "sessions.default-min")
		p.Sessions = Count{Min: lo, Default: def, Max: def + rapid.IntRange(0, 6).Draw(t, "sessions.max-default")}
		if rapid.IntRange(0, 3).Draw(t, "span?") == 0 {
			p.MinMonths = rapid.IntRange(1, 2).Draw(t, "min_months")
			if (p.Sessions.Max-1)*p.MinGap() < 31*p.MinMonths {
				p.MinMonths = 0
			}
		}
		return p
	})
	return rapid.OneOf(builtin, custom)
}

// genStart draws a first date around 2024-2030, leaning on leap days, month
// ends and days of daylight-saving changes.
func genStart() *rapid.Generator[meso.Date] {
	return rapid.Custom(func(t *rapid.T) meso.Date {
		special := []string{"2024-02-29", "2028-02-29", "2027-01-31", "2027-03-14", "2027-03-28", "2027-04-04",
			"2027-10-03", "2027-11-07", "2027-09-04", "2027-03-27", "2011-12-29", "2027-12-31"}
		if rapid.Bool().Draw(t, "special?") {
			d, _ := meso.ParseDate(rapid.SampledFrom(special).Draw(t, "special"))
			return d.AddDays(rapid.IntRange(-10, 3).Draw(t, "shift"))
		}
		d, _ := meso.NewDate(2024, time.January, 1)
		return d.AddDays(rapid.IntRange(0, 7*366).Draw(t, "day"))
	})
}

// genCalendar draws a calendar around start: a zone, a time of day (often
// one a daylight-saving change skips or repeats), closed weekdays (up to all
// but one), holidays and the patient's unavailable ranges. It returns the
// calendar and the same thing as the caller wrote it down, for the model.
func genCalendar(start meso.Date) *rapid.Generator[struct {
	cal  clinic.Calendar
	spec calSpec
}] {
	return rapid.Custom(func(t *rapid.T) struct {
		cal  clinic.Calendar
		spec calSpec
	} {
		var spec calSpec
		zone := rapid.SampledFrom(daytest.Zones).Draw(t, "zone")
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatalf("zone %s: %v", zone, err)
		}
		spec.loc = loc
		spec.hour = rapid.OneOf(rapid.IntRange(0, 23), rapid.SampledFrom([]int{0, 2, 3, 10})).Draw(t, "hour")
		spec.minute = rapid.SampledFrom([]int{0, 15, 30, 59}).Draw(t, "minute")
		closedN := rapid.IntRange(0, 6).Draw(t, "closed-days")
		perm := rapid.Permutation([]time.Weekday{0, 1, 2, 3, 4, 5, 6}).Draw(t, "weekdays")
		spec.closed = perm[:closedN]
		base := day(start)
		for range rapid.IntRange(0, 40).Draw(t, "holidays") {
			spec.holidays = append(spec.holidays, addDays(base, rapid.IntRange(-5, 300).Draw(t, "holiday")))
		}
		for range rapid.IntRange(0, 4).Draw(t, "unavailable") {
			from := addDays(base, rapid.IntRange(-5, 300).Draw(t, "unavailable.from"))
			spec.unavailable = append(spec.unavailable, [2]time.Time{from, addDays(from, rapid.IntRange(0, 30).Draw(t, "unavailable.days"))})
		}
		cal, err := clinic.NewCalendar(loc, spec.hour, spec.minute, clinic.WeekdaysOf(spec.closed...))
		if err != nil {
			t.Fatalf("NewCalendar: %v", err)
		}
		var hs []meso.Date
		for _, h := range spec.holidays {
			hs = append(hs, dateOfDay(h))
		}
		var rs []meso.DateRange
		for _, r := range spec.unavailable {
			rs = append(rs, meso.DateRange{From: dateOfDay(r[0]), To: dateOfDay(r[1])})
		}
		// Added in two steps, to exercise merging.
		half := len(hs) / 2
		for _, add := range []func() (clinic.Calendar, error){
			func() (clinic.Calendar, error) { return cal.WithHolidays(hs[:half]...) },
			func() (clinic.Calendar, error) { return cal.WithUnavailable(rs...) },
			func() (clinic.Calendar, error) { return cal.WithHolidays(hs[half:]...) },
		} {
			if cal, err = add(); err != nil {
				t.Fatalf("calendar: %v", err)
			}
		}
		return struct {
			cal  clinic.Calendar
			spec calSpec
		}{cal, spec}
	})
}

// skipped counts the sessions the properties met on a skipped wall time.
var skipped int

// checkAgainstModel compares appointments (or an error) with the model, and
// checks the invariants the documentation promises directly.
func checkAgainstModel(t *rapid.T, p Protocol, c calSpec, got []Appointment, err error, want []modelSlot, fail *modelFail, performed []time.Time) {
	t.Helper()
	if fail != nil {
		if got != nil {
			t.Fatalf("got %d appointments with the error %v, want none", len(got), err)
		}
		if fail.short {
			var fe *meso.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, meso.ErrInvalid) || !strings.Contains(err.Error(), "span") {
				t.Fatalf("error %v; want a *FieldError naming the span: no plan covers it", err)
			}
			return
		}
		var noDay *NoOpenDayError
		if !errors.As(err, &noDay) || !errors.Is(err, ErrNoOpenDay) {
			t.Fatalf("got %d appointments, error %v; want a *NoOpenDayError for session %d", len(got), err, fail.session)
		}
		if noDay.Session != fail.session {
			t.Fatalf("error for session %d, want session %d: %v", noDay.Session, fail.session, err)
		}
		if len(noDay.Tried) == 0 || noDay.Tried[0].Date != noDay.Earliest || noDay.Tried[len(noDay.Tried)-1].Date != noDay.Latest {
			t.Fatalf("tried days do not run from %s to %s: %v", noDay.Earliest, noDay.Latest, err)
		}
		for _, tried := range noDay.Tried {
			r := c.reason(day(tried.Date))
			switch {
			case tried.Reason == clinic.TestDayClosed:
				if r != clinic.Open || c.reason(day(tried.Date.AddDays(-1))) == clinic.Open || noDay.Session != 1 {
					t.Fatalf("%s tried as %s, but it is %s and the day before %s", tried.Date, tried.Reason, r, c.reason(day(tried.Date.AddDays(-1))))
				}
			case r == clinic.Open || tried.Reason != r:
				t.Fatalf("%s tried as %s, the model says %s", tried.Date, tried.Reason, r)
			}
			if tried.Reason == clinic.Unavailable && !tried.Range.Contains(tried.Date) {
				t.Fatalf("%s unavailable, named range %s does not contain it", tried.Date, tried.Range)
			}
		}
		if noDay.Session == 1 && len(performed) == 0 && !noDay.After.IsZero() {
			t.Fatalf("error for the first session names a session before it on %s", noDay.After)
		}
		if noDay.Error() == "" {
			t.Fatalf("empty message")
		}
		return
	}
	if err != nil {
		t.Fatalf("error %v; the model places all %d sessions", err, len(want))
	}
	if len(got) != len(want) {
		t.Fatalf("%d appointments, the model has %d", len(got), len(want))
	}
	if len(performed) == 0 && len(want) > 0 {
		if r := c.reason(addDays(want[0].day, -1)); r != clinic.Open {
			t.Fatalf("the first session on %s, the test injection the day before is %s", want[0].day.Format(time.DateOnly), r)
		}
	}
	if p.MinMonths > 0 && len(want) > 0 && want[len(want)-1].day.Before(addMonths(want[0].day, p.MinMonths)) {
		t.Fatalf("the course runs %s to %s, short of its %d months", want[0].day.Format(time.DateOnly), want[len(want)-1].day.Format(time.DateOnly), p.MinMonths)
	}
	for i, a := range got {
		w := want[i]
		if a.N != i+1 {
			t.Fatalf("appointment %d: #%d on %s, the model has %s", i, a.N, meso.DateOf(a.Start), w.day.Format(time.DateOnly))
		}
		if a.Phase != w.phase || day(a.Earliest) != w.earliest || day(a.Latest) != w.latest {
			t.Fatalf("appointment %d: phase %s, %s..%s; the model has %s, %s..%s", a.N, a.Phase, a.Earliest, a.Latest,
				w.phase, w.earliest.Format(time.DateOnly), w.latest.Format(time.DateOnly))
		}
		if a.Start.Location() != c.loc {
			t.Fatalf("appointment %d in %v, want %v", a.N, a.Start.Location(), c.loc)
		}
		if i < len(performed) {
			if !a.Start.Equal(performed[i]) {
				t.Fatalf("performed appointment %d moved from %v to %v", a.N, performed[i], a.Start)
			}
			continue
		}
		// The rules, checked directly.
		d := dateOfDay(w.day)
		wantStart := daytest.WallInstant(d, c.hour, c.minute, c.loc)
		if !a.Start.Equal(wantStart) {
			t.Fatalf("appointment %d starts %v, want %v", a.N, a.Start, wantStart)
		}
		if daytest.WallTimeExists(d, c.hour, c.minute, c.loc) {
			if a.Start.Hour() != c.hour || a.Start.Minute() != c.minute || meso.DateOf(a.Start) != d {
				t.Fatalf("appointment %d at %s local, want %s %02d:%02d", a.N, a.Start.Format("2006-01-02 15:04"), d, c.hour, c.minute)
			}
		} else {
			skipped++
			if !a.Start.After(d.At(c.hour, c.minute, time.UTC).Add(-14 * time.Hour)) {
				t.Fatalf("appointment %d at %v, a skipped %02d:%02d moved backwards", a.N, a.Start, c.hour, c.minute)
			}
		}
		if r := c.reason(w.day); r != clinic.Open {
			t.Fatalf("appointment %d on %s, which is closed: %s", a.N, d, r)
		}
		if d.Before(a.Earliest) || d.After(a.Latest) {
			t.Fatalf("appointment %d on %s, outside its window %s..%s", a.N, d, a.Earliest, a.Latest)
		}
		if i > 0 {
			prev := dateOfDay(want[i-1].day)
			gap := d.Sub(prev)
			if gap <= 0 {
				t.Fatalf("appointment %d on %s, not after %s", a.N, d, prev)
			}
			ph := p.Phases[slices.IndexFunc(p.Phases, func(ph Phase) bool { return ph.Name == a.Phase })]
			resumed := i == len(performed) && a.Earliest.Sub(prev) > ph.Gap.Max
			if !resumed && (gap < ph.Gap.Min || gap > ph.Gap.Max) {
				t.Fatalf("appointment %d: gap %d days, phase %s allows %d-%d", a.N, gap, ph.Name, ph.Gap.Min, ph.Gap.Max)
			}
		}
		if i > 0 && !a.Start.After(got[i-1].Start) {
			t.Fatalf("appointment %d at %v is not after %v", a.N, a.Start, got[i-1].Start)
		}
	}
}

// collectSeq drains a sequence into a slice and its error.
func collectSeq(seq func(func(Appointment, error) bool)) ([]Appointment, error) {
	var out []Appointment
	for a, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

func TestExpandProperties(t *testing.T) {
	var placed, failed int
	rapid.Check(t, func(t *rapid.T) {
		p := genProtocol().Draw(t, "protocol")
		if err := p.Validate(); err != nil {
			t.Fatalf("generated protocol invalid: %v", err)
		}
		start := genStart().Draw(t, "start")
		c := genCalendar(start).Draw(t, "calendar")
		n := 0
		if rapid.Bool().Draw(t, "count?") {
			n = rapid.IntRange(p.Sessions.Min, p.Sessions.Max).Draw(t, "sessions")
		}
		got, err := p.Expand(start, n, c.cal)
		want, fail := model(p, c.spec, nil, day(start), n)
		checkAgainstModel(t, p, c.spec, got, err, want, fail, nil)
		if n > 0 && err == nil && len(got) != n {
			t.Fatalf("%d appointments, asked for %d", len(got), n)
		}
		if err == nil {
			placed++
			if got[0].Earliest != start {
				t.Fatalf("first session's earliest %s, want the first date %s", got[0].Earliest, start)
			}
		} else {
			failed++
		}

		// Deterministic, and the same as a sequence.
		again, err2 := p.Expand(start, n, c.cal)
		if diff := cmp.Diff(got, again, cmpDates); diff != "" || fmt.Sprint(err) != fmt.Sprint(err2) {
			t.Fatalf("a second expansion differs (-first +second):\n%s\n%v / %v", diff, err, err2)
		}
		seq, err3 := collectSeq(p.ExpandSeq(start, n, c.cal))
		if diff := cmp.Diff(got, seq, cmpDates); diff != "" || fmt.Sprint(err) != fmt.Sprint(err3) {
			t.Fatalf("ExpandSeq differs from Expand (-slice +seq):\n%s\n%v / %v", diff, err, err3)
		}
	})
	// A property that cannot fail is a defect: the calendars must both hold
	// and break courses.
	if placed == 0 || failed == 0 {
		t.Errorf("generated %d courses that fit and %d that do not; want some of each", placed, failed)
	}
	t.Logf("%d courses placed, %d without an open day", placed, failed)
}

func TestRescheduleProperties(t *testing.T) {
	var resumed, within, failed int
	rapid.Check(t, func(t *rapid.T) {
		p := genProtocol().Draw(t, "protocol")
		start := genStart().Draw(t, "start")
		c := genCalendar(start).Draw(t, "calendar")
		n := rapid.IntRange(p.Sessions.Min, p.Sessions.Max).Draw(t, "sessions")
		planned, err := p.Expand(start, n, c.cal)
		if err != nil {
			t.Skip("the course does not fit its calendar")
		}
		k := rapid.IntRange(1, n).Draw(t, "performed")
		performed := make([]time.Time, k)
		days := make([]time.Time, k)
		for i := range k {
			// Performed at the planned time or a little off it, the same day.
			performed[i] = planned[i].Start.Add(time.Duration(rapid.IntRange(-30, 30).Draw(t, "minutes off")) * time.Minute)
			if meso.DateOf(performed[i].In(c.spec.loc)) != meso.DateOf(planned[i].Start) {
				performed[i] = planned[i].Start
			}
			days[i] = day(meso.DateOf(planned[i].Start))
		}
		last := meso.DateOf(planned[k-1].Start)
		from := last.AddDays(rapid.IntRange(-3, 40).Draw(t, "from"))
		got, err := p.Reschedule(performed, from, n, c.cal)
		want, fail := model(p, c.spec, days, day(from), n)
		checkAgainstModel(t, p, c.spec, got, err, want, fail, performed)
		switch {
		case err != nil:
			failed++
		case k < n && got[k].Earliest == from && got[k].Latest == meso.DateOf(got[k].Start) && from.After(last):
			resumed++
		default:
			within++
		}
		if err == nil {
			for i := k; i < n; i++ {
				if meso.DateOf(got[i].Start).Before(from) {
					t.Fatalf("appointment %d on %s, before from %s", got[i].N, meso.DateOf(got[i].Start), from)
				}
			}
		}
		seq, err2 := collectSeq(p.RescheduleSeq(performed, from, n, c.cal))
		if diff := cmp.Diff(got, seq, cmpDates); diff != "" || fmt.Sprint(err) != fmt.Sprint(err2) {
			t.Fatalf("RescheduleSeq differs from Reschedule (-slice +seq):\n%s\n%v / %v", diff, err, err2)
		}
	})
	t.Logf("rescheduled: %d within the gap, %d resumed after a break, %d without an open day", within, resumed, failed)
	if within == 0 || resumed == 0 {
		t.Errorf("want some reschedules within the gap and some after a break")
	}
}

// Due gives the window each session of an expansion was placed in.
func TestDueMatchesExpansion(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProtocol().Draw(t, "protocol")
		start := genStart().Draw(t, "start")
		c := genCalendar(start).Draw(t, "calendar")
		got, err := p.Expand(start, p.Sessions.Max, c.cal)
		if err != nil {
			t.Skip("the course does not fit its calendar")
		}
		// The days the sessions are on: the model's, since on a day a zone
		// skips entirely (Pacific/Apia, 2011-12-30) Start moves to the next.
		days, _ := model(p, c.spec, nil, day(start), p.Sessions.Max)
		var done []meso.Date
		for i := range got[:len(got)-1] {
			done = append(done, dateOfDay(days[i].day))
			w, err := p.Next(done)
			if err != nil {
				t.Fatalf("Due(%d sessions): %v", len(done), err)
			}
			next := got[i+1]
			if w.Session != next.N || w.Phase != next.Phase || w.Earliest != next.Earliest || w.Latest != next.Latest {
				t.Fatalf("Due = %+v, the expansion placed %+v", w, next)
			}
			if w.Preferred.Sub(done[len(done)-1]) < p.MinGap() {
				t.Fatalf("Due preferred %s is closer than MinGap %d", w.Preferred, p.MinGap())
			}
		}
		done = append(done, dateOfDay(days[len(got)-1].day))
		if _, err := p.Next(done); !errors.Is(err, meso.ErrTooLarge) {
			t.Fatalf("Due after all %d sessions: %v, want ErrTooLarge", len(done), err)
		}
	})
}
