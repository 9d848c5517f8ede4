package schedule

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/internal/daytest"
)

// bruteForce plans n sessions of p (one phase, or phases bounded by
// sessions) in c from the day from by listing every vector of gaps the
// phases allow and every first day, keeping the plans whose days are all
// open (and the day before the first open too, for the test injection),
// and returning the least of them in the documented order: the earliest
// first day, then, session by session, the day that ranks first (the
// preferred gap, then nearer days before farther ones, the earlier of two
// as near). ok is false when no plan exists.
func bruteForce(p Protocol, c calSpec, from time.Time, n int) (plan []time.Time, ok bool) {
	open := func(d time.Time) bool { return c.reason(d) == clinic.Open }
	// The first days: the first that can hold the session within a year,
	// and every day up to MaxStartDelay days after it.
	var firsts []time.Time
	for i := 0; i <= MaxGapDays; i++ {
		d := addDays(from, i)
		if open(d) && open(addDays(d, -1)) {
			firsts = append(firsts, d)
			break
		}
	}
	if len(firsts) == 0 {
		return nil, false
	}
	for i := 1; i <= MaxStartDelay; i++ {
		firsts = append(firsts, addDays(firsts[0], i))
	}
	// The gap before each session, by the phases' session counts.
	gaps := make([]Gap, n)
	phase, inPhase := 0, 1
	for i := 1; i < n; i++ {
		if phase < len(p.Phases)-1 && inPhase >= p.Phases[phase].Sessions {
			phase, inPhase = phase+1, 0
		}
		inPhase++
		gaps[i] = p.Phases[phase].Gap
	}
	rank := func(d, pref time.Time) int {
		x := int(d.Sub(pref).Hours() / 24)
		switch {
		case x < 0:
			return -2*x - 1
		case x > 0:
			return 2 * x
		}
		return 0
	}
	var best []int
	choice := make([]int, n) // choice[i] is the gap before session i, choice[0] the first day's index
	var walk func(i int)
	walk = func(i int) {
		if i < n {
			lo, hi := 0, len(firsts)-1
			if i > 0 {
				lo, hi = gaps[i].Min, gaps[i].Max
			}
			for v := lo; v <= hi; v++ {
				choice[i] = v
				walk(i + 1)
			}
			return
		}
		days := make([]time.Time, n)
		key := make([]int, n)
		days[0], key[0] = firsts[choice[0]], choice[0]
		if !open(days[0]) || !open(addDays(days[0], -1)) {
			return
		}
		for k := 1; k < n; k++ {
			days[k] = addDays(days[k-1], choice[k])
			if !open(days[k]) {
				return
			}
			key[k] = rank(days[k], addDays(days[k-1], gaps[k].Preferred))
		}
		if best == nil || lessInts(key, best) {
			best, plan = key, days
		}
	}
	walk(0)
	return plan, best != nil
}

func lessInts(a, b []int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// genSmallProtocol draws a protocol small enough for bruteForce: one or two
// phases bounded by sessions, narrow gaps, two to five sessions.
func genSmallProtocol(t *rapid.T) Protocol {
	p := Protocol{ID: "small", Name: "Small", Sources: []string{"test"}}
	phases := rapid.IntRange(1, 2).Draw(t, "phases")
	for i := range phases {
		lo := rapid.IntRange(1, 4).Draw(t, "gap.min")
		pref := lo + rapid.IntRange(0, 2).Draw(t, "gap.preferred-min")
		hi := pref + rapid.IntRange(0, 2).Draw(t, "gap.max-preferred")
		ph := Phase{Name: fmt.Sprintf("phase-%d", i), Gap: Gap{lo, pref, hi}}
		if i < phases-1 {
			ph.Sessions = rapid.IntRange(1, 3).Draw(t, "phase.sessions")
		}
		p.Phases = append(p.Phases, ph)
	}
	n := rapid.IntRange(2, 5).Draw(t, "sessions")
	p.Sessions = Count{Min: 1, Default: n, Max: n}
	return p
}

// genSmallCalendar draws a calendar in UTC closed on many days: closed
// weekdays, holidays and unavailable ranges over the first few weeks.
func genSmallCalendar(t *rapid.T, start meso.Date) (clinic.Calendar, calSpec) {
	spec := calSpec{loc: time.UTC, hour: 10}
	perm := rapid.Permutation([]time.Weekday{0, 1, 2, 3, 4, 5, 6}).Draw(t, "weekdays")
	spec.closed = perm[:rapid.IntRange(0, 5).Draw(t, "closed-days")]
	base := day(start)
	for range rapid.IntRange(0, 25).Draw(t, "holidays") {
		spec.holidays = append(spec.holidays, addDays(base, rapid.IntRange(-2, 50).Draw(t, "holiday")))
	}
	for range rapid.IntRange(0, 2).Draw(t, "unavailable") {
		from := addDays(base, rapid.IntRange(-2, 50).Draw(t, "unavailable.from"))
		spec.unavailable = append(spec.unavailable, [2]time.Time{from, addDays(from, rapid.IntRange(0, 6).Draw(t, "unavailable.days"))})
	}
	cal, err := clinic.NewCalendar(time.UTC, 10, 0, clinic.WeekdaysOf(spec.closed...))
	if err != nil {
		t.Fatal(err)
	}
	var hs []meso.Date
	for _, h := range spec.holidays {
		hs = append(hs, dateOfDay(h))
	}
	var rs []meso.DateRange
	for _, r := range spec.unavailable {
		rs = append(rs, meso.DateRange{From: dateOfDay(r[0]), To: dateOfDay(r[1])})
	}
	if cal, err = cal.WithHolidays(hs...); err != nil {
		t.Fatal(err)
	}
	if cal, err = cal.WithUnavailable(rs...); err != nil {
		t.Fatal(err)
	}
	return cal, spec
}

// Expansion succeeds exactly when some choice of days holds the course,
// every plan it returns holds it, and it is the documented choice among
// all of them.
func TestExpandAgainstBruteForce(t *testing.T) {
	var planned, none, moved int
	rapid.Check(t, func(t *rapid.T) {
		p := genSmallProtocol(t)
		if err := p.Validate(); err != nil {
			t.Fatalf("generated protocol invalid: %v", err)
		}
		base, _ := meso.ParseDate("2027-03-01")
		start := base.AddDays(rapid.IntRange(0, 13).Draw(t, "start"))
		cal, spec := genSmallCalendar(t, start)
		n := p.Sessions.Max
		got, err := p.Expand(start, n, cal)
		want, ok := bruteForce(p, spec, day(start), n)
		if !ok {
			none++
			if !errors.Is(err, ErrNoOpenDay) || got != nil {
				t.Fatalf("no plan exists; Expand gave %d appointments, error %v", len(got), err)
			}
			return
		}
		if err != nil {
			t.Fatalf("a plan exists (%v); Expand: %v", want, err)
		}
		planned++
		var gotDays []time.Time
		for _, a := range got {
			gotDays = append(gotDays, day(meso.DateOf(a.Start)))
		}
		if diff := cmp.Diff(want, gotDays); diff != "" {
			t.Fatalf("Expand is not the documented choice (-want +got):\n%s", diff)
		}
		// Valid in itself: open days, gaps in range, the test day open.
		if spec.reason(addDays(gotDays[0], -1)) != clinic.Open {
			t.Fatalf("the test injection's day %s is closed", addDays(gotDays[0], -1).Format(time.DateOnly))
		}
		for i, a := range got {
			if spec.reason(gotDays[i]) != clinic.Open {
				t.Fatalf("session %d on a closed day", a.N)
			}
			if i > 0 {
				gap := int(gotDays[i].Sub(gotDays[i-1]).Hours() / 24)
				if d := meso.DateOf(a.Start); d.Before(a.Earliest) || d.After(a.Latest) || gap < 1 {
					t.Fatalf("session %d on %s outside %s..%s", a.N, d, a.Earliest, a.Latest)
				}
			}
		}
		if greedy, fail := greedyPlan(p, spec, day(start), n); fail || !greedy.Equal(gotDays[len(gotDays)-1]) {
			moved++
		}
	})
	t.Logf("%d planned (%d unlike the greedy walk), %d with no plan", planned, moved, none)
	if planned == 0 || none == 0 || moved == 0 {
		t.Errorf("want instances with a plan, without one, and where the greedy walk fails")
	}
}

// greedyPlan is the walk expansion used to be, for counting the instances
// where it fails: the last day it reaches, and whether it gave up.
func greedyPlan(p Protocol, c calSpec, from time.Time, n int) (last time.Time, fail bool) {
	open := func(d time.Time) bool { return c.reason(d) == clinic.Open }
	d := from
	for !open(d) || !open(addDays(d, -1)) {
		d = addDays(d, 1)
	}
	phase, inPhase := 0, 1
	for i := 1; i < n; i++ {
		if phase < len(p.Phases)-1 && inPhase >= p.Phases[phase].Sessions {
			phase, inPhase = phase+1, 0
		}
		inPhase++
		g := p.Phases[phase].Gap
		pref, found := addDays(d, g.Preferred), false
		for dist := 0; dist <= g.Max-g.Min && !found; dist++ {
			for _, x := range []int{-dist, dist} {
				if t := addDays(pref, x); !found && !t.Before(addDays(d, g.Min)) && !t.After(addDays(d, g.Max)) && open(t) {
					d, found = t, true
				}
			}
		}
		if !found {
			return d, true
		}
	}
	return d, false
}

// The cases of issue 15 and the rules they broke, as the old greedy walk
// got them wrong.
func TestPlannerReproductions(t *testing.T) {
	london := daytest.Zone(t, "Europe/London")
	tests := []struct {
		name      string
		protocol  string
		start     string
		closed    clinic.Weekdays
		holidays  []string
		sessions  int
		wantDays  []string // a prefix of the plan's days
		wantCount int
	}{
		{
			name: "twice-weekly, closed at weekends, a Monday bank holiday: session 4 moves to Friday",
			// The greedy walk put session 4 on Thu 29 April and then found
			// Sun 2 and Mon 3 May closed.
			protocol: TwiceWeekly, start: "2027-04-19", closed: clinic.WeekdaysOf(time.Saturday, time.Sunday), holidays: []string{"2027-05-03"},
			wantDays:  []string{"2027-04-20", "2027-04-23", "2027-04-26", "2027-04-30", "2027-05-04"},
			wantCount: 12,
		},
		{
			name:     "twice-weekly, closed on Sundays, a Monday holiday",
			protocol: TwiceWeekly, start: "2027-03-01", closed: clinic.WeekdaysOf(time.Sunday), holidays: []string{"2027-03-15"},
			wantDays:  []string{"2027-03-02", "2027-03-05", "2027-03-08", "2027-03-12", "2027-03-16"},
			wantCount: 12,
		},
		{
			name: "the test injection's day is a closed Sunday: the first session moves to Tuesday",
			// S2: the test injection one day before the first procedure.
			protocol: Weekly, start: "2027-03-01", closed: clinic.WeekdaysOf(time.Sunday),
			wantDays: []string{"2027-03-02", "2027-03-09"}, wantCount: 12,
		},
		{
			name: "every-2-3-days with 11 sessions covers S1's month",
			// The greedy walk ended on 2027-02-21, 20 days in.
			protocol: Every2to3Days, start: "2027-02-01", sessions: 11,
			wantDays:  []string{"2027-02-01", "2027-02-03", "2027-02-05", "2027-02-08", "2027-02-11", "2027-02-14", "2027-02-17", "2027-02-20", "2027-02-23", "2027-02-26", "2027-03-01"},
			wantCount: 11,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := Lookup(tc.protocol)
			cal, err := clinic.NewCalendar(london, 10, 0, tc.closed)
			if err != nil {
				t.Fatal(err)
			}
			var hs []meso.Date
			for _, h := range tc.holidays {
				hs = append(hs, daytest.Date(t, h))
			}
			if cal, err = cal.WithHolidays(hs...); err != nil {
				t.Fatal(err)
			}
			got, err := p.Expand(daytest.Date(t, tc.start), tc.sessions, cal)
			if err != nil {
				t.Fatalf("Expand: %v", err)
			}
			var days []string
			for _, a := range got[:min(len(got), len(tc.wantDays))] {
				days = append(days, meso.DateOf(a.Start).String())
			}
			if diff := cmp.Diff(tc.wantDays, days); diff != "" {
				t.Errorf("days (-want +got):\n%s", diff)
			}
			if len(got) != tc.wantCount {
				t.Errorf("%d sessions, want %d", len(got), tc.wantCount)
			}
			if p.MinMonths > 0 {
				first, last := meso.DateOf(got[0].Start), meso.DateOf(got[len(got)-1].Start)
				if last.Before(first.AddMonths(p.MinMonths)) {
					t.Errorf("the course runs %s to %s, short of %d months", first, last, p.MinMonths)
				}
			}
			ti, err := TestInjection(cal, got[0])
			if err != nil || meso.DateOf(ti) != meso.DateOf(got[0].Start).AddDays(-1) || ti.Hour() != 10 {
				t.Errorf("TestInjection = %v, %v; want 10:00 the day before %s", ti, err, meso.DateOf(got[0].Start))
			}
		})
	}
}

// A count that cannot reach a protocol's span is an error naming the span.
func TestSpanTooShortForTheCount(t *testing.T) {
	cal, err := clinic.NewCalendar(time.UTC, 10, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := Lookup(Every2to3Weeks)
	// S3: "every 2-3 weeks for at least three months": four gaps of at most
	// 21 days are 84 days, short of three months.
	_, err = p.Expand(daytest.Date(t, "2027-03-01"), 5, cal)
	var fe *meso.FieldError
	if !errors.As(err, &fe) || fe.Field != "sessions" || fe.Value != "5" || !errors.Is(err, meso.ErrInvalid) || !strings.Contains(err.Error(), "span of 3 months") {
		t.Fatalf("every-2-3-weeks with 5 sessions: %v; want a *FieldError on sessions naming the span", err)
	}
	// Six sessions can: five gaps of up to 21 days reach 105 days.
	got, err := p.Expand(daytest.Date(t, "2027-03-01"), 6, cal)
	if err != nil {
		t.Fatalf("every-2-3-weeks with 6 sessions: %v", err)
	}
	if last := meso.DateOf(got[5].Start); last.Before(daytest.Date(t, "2027-06-01")) {
		t.Errorf("6 sessions end on %s, before 2027-06-01", last)
	}
}

// When no plan exists, the error names the session that cannot be placed
// whatever days the ones before take, every day the one before could have
// had, and the first days tried.
func TestNoPlanSaysWhy(t *testing.T) {
	// Open on Fridays to Sundays only: a gap of 3 or 4 days from any of them
	// lands on Monday to Thursday, whatever day the course starts on; and a
	// first session on a Friday has a closed Thursday before it.
	cal, err := clinic.NewCalendar(time.UTC, 10, 0, clinic.WeekdaysOf(time.Monday, time.Tuesday, time.Wednesday, time.Thursday))
	if err != nil {
		t.Fatal(err)
	}
	p, _ := Lookup(TwiceWeekly)
	_, err = p.Expand(daytest.Date(t, "2027-03-01"), 0, cal)
	var noDay *NoOpenDayError
	if !errors.As(err, &noDay) {
		t.Fatalf("Expand: %v, want a *NoOpenDayError", err)
	}
	if noDay.Session != 2 || noDay.Starts.From != daytest.Date(t, "2027-03-06") || noDay.Starts.To != daytest.Date(t, "2027-04-03") {
		t.Errorf("session %d, Starts = %v; want session 2, from 2027-03-06 to 2027-04-03", noDay.Session, noDay.Starts)
	}
	if len(noDay.Before) == 0 || noDay.After != noDay.Before[len(noDay.Before)-1] {
		t.Errorf("Before = %v, After = %s; want the days of the session before, After the last", noDay.Before, noDay.After)
	}
	for _, c := range noDay.Tried {
		if cal.Closure(c.Date) == clinic.Open {
			t.Errorf("tried %s, which is open", c.Date)
		}
	}
	for _, want := range []string{"session " + fmt.Sprint(noDay.Session), "any of the days it can have", "the first session tried on every day from Sat 2027-03-06 to Sat 2027-04-03"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not say %q", err, want)
		}
	}
}

// On a calendar where the greedy rule finds the plan, the planner
// allocates nothing besides the returned slice.
func TestPlannerAllocatesOnlyToMoveBack(t *testing.T) {
	cal, err := clinic.NewCalendar(time.UTC, 10, 0, clinic.WeekdaysOf(time.Saturday, time.Sunday))
	if err != nil {
		t.Fatal(err)
	}
	if cal, err = cal.WithHolidays(daytest.Date(t, "2027-05-03")); err != nil {
		t.Fatal(err)
	}
	p, _ := Lookup(TwiceWeekly)
	greedy := testing.AllocsPerRun(20, func() { _, _ = p.Expand(daytest.Date(t, "2027-03-01"), 0, cal) })
	if greedy != 1 {
		t.Errorf("Expand where the greedy rule holds: %v allocations, want 1", greedy)
	}
	back := testing.AllocsPerRun(20, func() { _, _ = p.Expand(daytest.Date(t, "2027-04-19"), 0, cal) })
	if back < 2 || back > 10 {
		t.Errorf("Expand moving a session back: %v allocations, want a few", back)
	}
}
