package course

import (
	"time"
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

func day(d Date) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
}

func dateOfDay(t time.Time) Date {
	d, err := NewDate(t.Year(), t.Month(), t.Day())
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

func (c calSpec) reason(t time.Time) Closure {
	for _, w := range c.closed {
		if t.Weekday() == w {
			return ClosedWeekday
		}
	}
	for _, h := range c.holidays {
		if h.Equal(t) {
			return Holiday
		}
	}
	for _, r := range c.unavailable {
		if !t.Before(r[0]) && !t.After(r[1]) {
			return Unavailable
		}
	}
	return Open
}

type modelSlot struct {
	day, earliest, latest time.Time
	phase                 string
}

type modelFail struct {
	session  int
	lo, hi   time.Time
	previous time.Time // zero for the first session
}

// model expands p in c after the performed days, from the day from (zero for
// none), with n sessions (0 for the default).
func model(p Protocol, c calSpec, performed []time.Time, from time.Time, n int) ([]modelSlot, *modelFail) {
	var out []modelSlot
	phase, inPhase := 0, 0
	var first time.Time
	stop := func() bool {
		k := len(out)
		if n > 0 {
			return k == n
		}
		if k == p.Sessions.Max {
			return true
		}
		if k < p.Sessions.Default || k < len(performed) {
			return false
		}
		return p.MinMonths == 0 || !out[k-1].day.Before(addMonths(first, p.MinMonths))
	}
	// search is the first open day on or after from, within a year.
	search := func(from time.Time) (time.Time, bool) {
		for i := 0; i <= MaxGapDays; i++ {
			if d := addDays(from, i); c.reason(d) == Open {
				return d, true
			}
		}
		return time.Time{}, false
	}
	for !stop() {
		i := len(out) // 0-based index of the session to place
		if i == 0 {
			ph := p.Phases[0].Name
			if len(performed) > 0 {
				out = append(out, modelSlot{performed[0], performed[0], performed[0], ph})
			} else {
				d, ok := search(from)
				if !ok {
					return out, &modelFail{1, from, addDays(from, MaxGapDays), time.Time{}}
				}
				out = append(out, modelSlot{d, from, d, ph})
			}
			first, inPhase = out[0].day, 1
			continue
		}
		prev := out[i-1].day
		for phase < len(p.Phases)-1 {
			ph := p.Phases[phase]
			if ph.Sessions > 0 && inPhase >= ph.Sessions ||
				ph.Months > 0 && !addDays(prev, ph.Gap.Preferred).Before(addMonths(first, ph.Months)) {
				phase, inPhase = phase+1, 0
				continue
			}
			break
		}
		inPhase++
		ph := p.Phases[phase]
		lo, pref, hi := addDays(prev, ph.Gap.Min), addDays(prev, ph.Gap.Preferred), addDays(prev, ph.Gap.Max)
		resuming := i == len(performed) && len(performed) > 0 && !from.IsZero()
		switch {
		case i < len(performed):
			out = append(out, modelSlot{performed[i], lo, hi, ph.Name})
			continue
		case resuming && from.After(hi):
			d, ok := search(from)
			if !ok {
				return out, &modelFail{i + 1, from, addDays(from, MaxGapDays), prev}
			}
			out = append(out, modelSlot{d, from, d, ph.Name})
			continue
		case resuming && from.After(lo):
			lo = from
			if pref.Before(from) {
				pref = from
			}
		}
		var best time.Time
		bestDist := -1
		for d := lo; !d.After(hi); d = addDays(d, 1) {
			if c.reason(d) != Open {
				continue
			}
			dist := int(d.Sub(pref).Hours() / 24)
			if dist < 0 {
				dist = -dist
			}
			if bestDist < 0 || dist < bestDist { // strictly nearer: the earlier day wins a tie
				best, bestDist = d, dist
			}
		}
		if bestDist < 0 {
			return out, &modelFail{i + 1, lo, hi, prev}
		}
		out = append(out, modelSlot{best, lo, hi, ph.Name})
	}
	return out, nil
}

// wallInstant is the instant the wall clock in loc shows hour:minute on d,
// found by walking the instants around it a quarter of an hour at a time
// (every offset in use is a whole number of quarter hours): the first
// instant whose wall clock shows it, or, when none does (the clocks skip
// it), the wall time counted with the offset from before the skip, which
// moves it forward by the skip.
func wallInstant(d Date, hour, minute int, loc *time.Location) time.Time {
	y, m, dd := d.Date()
	wall := time.Date(y, m, dd, hour, minute, 0, 0, time.UTC).Unix()
	offset := func(u int64) int64 { _, off := time.Unix(u, 0).In(loc).Zone(); return int64(off) }
	const step = 15 * 60
	for u := wall - 26*3600; u <= wall+26*3600; u += step {
		if u+offset(u) == wall {
			return time.Unix(u, 0).In(loc)
		}
	}
	for u := wall - 26*3600; u <= wall+26*3600; u += step {
		if u+offset(u) > wall {
			return time.Unix(wall-offset(u-step), 0).In(loc)
		}
	}
	panic("no instant for a wall time")
}
