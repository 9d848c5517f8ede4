package schedule

import (
	"slices"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
)

// This file is an independent model of expansion, written from the rules in
// the documentation rather than from the code: days are time.Time values at
// midnight UTC moved with AddDate, closures are linear scans over the
// caller's own lists, and the day nearest the preferred one is found by
// listing every candidate. The property tests compare Expand and Reschedule
// with it.

// calSpec is a calendar as the caller wrote it down.
type calSpec struct {
	loc          *time.Location
	hour, minute int
	closed       []time.Weekday
	holidays     []time.Time // midnight UTC
	unavailable  [][2]time.Time
}

func day(d meso.Date) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
}

func dateOfDay(t time.Time) meso.Date {
	d, err := meso.NewDate(t.Year(), t.Month(), t.Day())
	if err != nil {
		panic(err)
	}
	return d
}

func addDays(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }

// addMonths is "the same day n months later, or the month's last day".
func addMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(t.Day(), last), 0, 0, 0, 0, time.UTC)
}

func (c calSpec) reason(t time.Time) clinic.Closure {
	for _, w := range c.closed {
		if t.Weekday() == w {
			return clinic.ClosedWeekday
		}
	}
	for _, h := range c.holidays {
		if h.Equal(t) {
			return clinic.Holiday
		}
	}
	for _, r := range c.unavailable {
		if !t.Before(r[0]) && !t.After(r[1]) {
			return clinic.Unavailable
		}
	}
	return clinic.Open
}

type modelSlot struct {
	day, earliest, latest time.Time
	phase                 string
}

// modelFail is why the model found no plan: session (1 for the first) is
// the deepest that some choice of days before it reaches and that then has
// no open day at all; short says that instead every session could be
// placed but no plan covers the span.
type modelFail struct {
	session int
	short   bool
}

// modelState is a course after some sessions, as the model keeps it.
type modelState struct {
	k              int
	first, prev    time.Time
	phase, inPhase int
}

// model plans p in c after the performed days, from the day from (zero for
// none), with n sessions (0 for the default), from the documentation's
// rules: every choice of days a course can have is a path through states;
// a state can be completed when it is a finished course covering the span,
// or when one of its next days leads to a state that can. The plan is then
// built forwards, each session on the first of its candidate days, in the
// order the documentation ranks them, whose state can be completed.
func model(p Protocol, c calSpec, performed []time.Time, from time.Time, n int) ([]modelSlot, *modelFail) {
	open := func(d time.Time) bool { return c.reason(d) == clinic.Open }
	finished := func(s modelState) (done, covered bool) {
		covered = p.MinMonths == 0 || !s.prev.Before(addMonths(s.first, p.MinMonths))
		switch {
		case n > 0:
			return s.k == n, covered
		case s.k == p.Sessions.Max:
			return true, covered
		case s.k < p.Sessions.Default || s.k < len(performed):
			return false, covered
		}
		return covered, covered
	}
	// waiting lists the days a first session (or the first after a break)
	// may take from d: the first that can hold it within a year, and every
	// one that can up to four weeks after it.
	waiting := func(d time.Time, test bool) []time.Time {
		var out []time.Time
		for i := 0; i <= MaxGapDays; i++ {
			t := addDays(d, i)
			if len(out) > 0 && t.Sub(out[0]).Hours()/24 > MaxStartDelay {
				break
			}
			if open(t) && (!test || open(addDays(t, -1))) {
				out = append(out, t)
			}
		}
		return out
	}
	// next returns the session after s: its phase, the days it may take in
	// order of rank, and the window its appointment names.
	type option struct {
		days           []time.Time
		phase          int
		inPhase        int
		earliest, last time.Time // the window; last zero for "the day taken"
		forced         bool
		resume         bool
	}
	next := func(s modelState) option {
		i := s.k
		if i == 0 {
			if len(performed) > 0 {
				return option{days: performed[:1], phase: 0, inPhase: 1, earliest: performed[0], last: performed[0], forced: true}
			}
			return option{days: waiting(from, true), phase: 0, inPhase: 1, earliest: from, resume: true}
		}
		phase, inPhase := s.phase, s.inPhase
		for phase < len(p.Phases)-1 {
			ph := p.Phases[phase]
			if ph.Sessions > 0 && inPhase >= ph.Sessions ||
				ph.Months > 0 && !addDays(s.prev, ph.Gap.Preferred).Before(addMonths(s.first, ph.Months)) {
				phase, inPhase = phase+1, 0
				continue
			}
			break
		}
		inPhase++
		ph := p.Phases[phase]
		lo, pref, hi := addDays(s.prev, ph.Gap.Min), addDays(s.prev, ph.Gap.Preferred), addDays(s.prev, ph.Gap.Max)
		o := option{phase: phase, inPhase: inPhase, earliest: lo, last: hi}
		resuming := i == len(performed) && !from.IsZero()
		switch {
		case i < len(performed):
			o.days, o.forced = performed[i:i+1], true
			return o
		case resuming && from.After(hi):
			o.days, o.earliest, o.last, o.resume = waiting(from, false), from, time.Time{}, true
			return o
		case resuming && from.After(lo):
			lo, o.earliest = from, from
			if pref.Before(from) {
				pref = from
			}
		}
		// Every open day of the range, nearest the preferred first, the
		// earlier of two as near.
		var ds []time.Time
		for d := lo; !d.After(hi); d = addDays(d, 1) {
			if open(d) {
				ds = append(ds, d)
			}
		}
		dist := func(d time.Time) int {
			x := int(d.Sub(pref).Hours() / 24)
			if x < 0 {
				return -2 * x
			}
			return 2*x + 1 // after pref: behind the day as far before it
		}
		slices.SortFunc(ds, func(a, b time.Time) int { return dist(a) - dist(b) })
		o.days = ds
		return o
	}
	after := func(s modelState, o option, d time.Time) modelState {
		t := modelState{k: s.k + 1, first: s.first, prev: d, phase: o.phase, inPhase: o.inPhase}
		if s.k == 0 {
			t.first = d
		}
		return t
	}
	memo := map[modelState]bool{}
	deepest, short := -1, false
	var can func(s modelState) bool
	can = func(s modelState) bool {
		if v, ok := memo[s]; ok {
			return v
		}
		ok := false
		if done, covered := finished(s); done {
			ok = covered
			short = short || !covered
		} else {
			o := next(s)
			if len(o.days) == 0 && s.k > deepest {
				deepest = s.k
			}
			for _, d := range o.days {
				if can(after(s, o, d)) {
					ok = true
				}
			}
		}
		memo[s] = ok
		return ok
	}
	s := modelState{}
	if !can(s) {
		if short {
			return nil, &modelFail{short: true}
		}
		return nil, &modelFail{session: deepest + 1}
	}
	var out []modelSlot
	for {
		if done, _ := finished(s); done {
			return out, nil
		}
		o := next(s)
		for _, d := range o.days {
			if t := after(s, o, d); can(t) {
				last := o.last
				if last.IsZero() {
					last = d
				}
				out = append(out, modelSlot{d, o.earliest, last, p.Phases[o.phase].Name})
				s = t
				break
			}
		}
	}
}
