package schedule

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
)

// MaxStartDelay is how many days past the first day that can hold it the
// first session of a course may move, when no plan of the whole course
// starts earlier: four weeks. The same holds for the first session after a
// break (see Reschedule).
const MaxStartDelay = 28

// planNode is a session placed on a day, with everything that decides what
// the rest of the course can be from there: the session's number, the day,
// its place among the phases and, when the protocol's phase ends or span
// depend on it, the first session's day.
type planNode struct {
	first, day     meso.Date
	k              int32
	phase, inPhase int32
}

// blockedRange is a session's range of days, all closed, after the session
// before it on after (zero for the first session).
type blockedRange struct {
	after, lo, hi meso.Date
	phase         string
}

// planner searches the days of a course: a depth-first search that tries
// each session's days in the order the greedy rule ranks them (the
// preferred day, then the nearest open one, the earlier on a tie) and
// remembers every placed session from which the rest of the course cannot
// be planned, so that it never explores one twice. The first plan it finds
// is therefore the one the greedy rule gives, session by session, among the
// plans that exist; and the work is bounded by the sessions, times the days
// each can fall on, times the width of a gap.
//
// It lives on the stack of an expansion and allocates only when a session
// must move back (the set of dead ends), or when no plan exists.
type planner struct {
	days    [MaxSessions]meso.Date
	n       int                   // sessions in the plan found
	dead    map[planNode]struct{} // placed sessions the rest of the course cannot follow
	byFirst bool                  // whether phase ends or a span depend on the first day

	err     error          // an input error found on the way (a course past 9999)
	blocked int            // the deepest session index that found every day in reach closed; -1 for none
	ranges  []blockedRange // the ranges it had, one for each way to reach it
	short   bool           // some course placed every session and fell short of its span
	starts  meso.DateRange // the first session's days tried
	first0  bool           // whether the first session was searched (not performed)
}

// plan finds the days of the course e describes, or says why none exist.
func (pl *planner) plan(e *expander) error {
	if pl.greedy(e) {
		return nil
	}
	pl.blocked = -1
	pl.byFirst = e.p.MinMonths > 0 || slices.ContainsFunc(e.p.Phases, func(ph Phase) bool { return ph.Months > 0 })
	if pl.solve(e) {
		return nil
	}
	if pl.err != nil {
		return pl.err
	}
	return pl.failure(e)
}

// greedy follows the first path solve would try, each session on its
// first-ranked day, without looking back: the plan in most calendars, found
// at the cost of one walk. It reports false when the walk does not reach a
// complete course (or meets an input error), and then solve searches.
func (pl *planner) greedy(e0 *expander) bool {
	e := *e0
	var s slot
	for !e.done() {
		i := e.k
		if !e.greedyStep(&s) {
			return false
		}
		pl.days[i] = s.date
	}
	if !e.spanEnd.IsZero() && e.prev.Before(e.spanEnd) {
		return false
	}
	pl.n = e.k
	return true
}

// greedyStep places the next session on the day the greedy rule gives it,
// and writes its place into s as step does; it reports false when the rule
// finds no day (or the course would run past 9999).
func (e *expander) greedyStep(s *slot) bool {
	i := e.k
	switch {
	case i < len(e.performed):
		if i > 0 {
			e.step(s, civilIn(e.performed[i], e.cal.Location()))
			return true
		}
		d := civilIn(e.performed[0], e.cal.Location())
		*s = slot{date: d, earliest: d, latest: d, phase: e.p.Phases[0].Name}
	case i == 0:
		d, ok := firstOpen(e.cal, e.from, true)
		if !ok {
			return false
		}
		*s = slot{date: d, earliest: e.from, latest: d, phase: e.p.Phases[0].Name}
	default:
		ph := e.advance()
		lo, pref, hi := e.prev.AddDays(ph.Gap.Min), e.prev.AddDays(ph.Gap.Preferred), e.prev.AddDays(ph.Gap.Max)
		if hi.IsZero() {
			return false
		}
		var d meso.Date
		var ok bool
		switch {
		case i == len(e.performed) && e.from.After(hi):
			d, ok = firstOpen(e.cal, e.from, false)
			lo, hi = e.from, d
		default:
			if i == len(e.performed) && e.from.After(lo) {
				lo = e.from
				if pref.Before(lo) {
					pref = lo
				}
			}
			d, ok = pick(e.cal, lo, pref, hi)
		}
		if !ok {
			return false
		}
		*s = slot{date: d, earliest: lo, latest: hi, phase: ph.Name}
	}
	e.place(s.date)
	return true
}

// firstOpen returns the first day on or after from, within MaxGapDays, that
// is open, and when test is set has the day before it open too.
func firstOpen(c *clinic.Calendar, from meso.Date, test bool) (meso.Date, bool) {
	hi := from.AddDays(MaxGapDays)
	if hi.IsZero() {
		return meso.Date{}, false
	}
	for d := from; !d.After(hi); d = d.AddDays(1) {
		if c.Open(d) && (!test || c.Open(d.AddDays(-1))) {
			return d, true
		}
	}
	return meso.Date{}, false
}

// pick returns the open day from lo to hi nearest to pref (lo <= pref <= hi),
// the earlier one on a tie, or false when every one of them is closed: the
// day the greedy rule takes, and the first that solve tries.
func pick(c *clinic.Calendar, lo, pref, hi meso.Date) (meso.Date, bool) {
	if c.Open(pref) {
		return pref, true
	}
	below, above := pref.Sub(lo), hi.Sub(pref)
	for dist := 1; dist <= below || dist <= above; dist++ {
		if dist <= below {
			if d := pref.AddDays(-dist); c.Open(d) {
				return d, true
			}
		}
		if dist <= above {
			if d := pref.AddDays(dist); c.Open(d) {
				return d, true
			}
		}
	}
	return meso.Date{}, false
}

// solve places the sessions from e.k on, e holding the course up to the one
// before; it reports whether the rest of the course can be planned, and
// then pl.days holds its days.
func (pl *planner) solve(e *expander) bool {
	if e.done() {
		if e.spanEnd.IsZero() || !e.prev.Before(e.spanEnd) {
			pl.n = e.k
			return true
		}
		pl.short = true
		return false
	}
	i := e.k
	next := *e
	if i < len(e.performed) {
		if i > 0 {
			next.advance()
		}
		d := civilIn(e.performed[i], e.cal.Location())
		next.place(d)
		pl.days[i] = d
		return pl.solve(&next)
	}
	if i == 0 {
		return pl.waitFor(&next, e.from, e.p.Phases[0].Name, true)
	}
	ph := next.advance()
	lo, pref, hi := e.prev.AddDays(ph.Gap.Min), e.prev.AddDays(ph.Gap.Preferred), e.prev.AddDays(ph.Gap.Max)
	if hi.IsZero() {
		pl.err = e.pastCalendar()
		return false
	}
	if i == len(e.performed) {
		if e.from.After(hi) {
			// A break: the whole window has passed; resume as a course starts.
			return pl.waitFor(&next, e.from, ph.Name, false)
		}
		if e.from.After(lo) {
			lo = e.from
			if pref.Before(lo) {
				pref = lo
			}
		}
	}
	below, above := pref.Sub(lo), hi.Sub(pref)
	anyOpen := false
	for j := 0; j <= 2*max(below, above); j++ {
		// The j-th day in the greedy rule's order: pref, pref-1, pref+1, ...
		dist := (j + 1) / 2
		if j%2 == 1 {
			dist = -dist
		}
		if dist < -below || dist > above {
			continue
		}
		d := pref.AddDays(dist)
		if !e.cal.Open(d) {
			continue
		}
		anyOpen = true
		if pl.try(&next, i, d) {
			return true
		}
		if pl.err != nil {
			return false
		}
	}
	if !anyOpen {
		pl.block(i, e.prev, lo, hi, ph.Name)
	}
	return false
}

// waitFor places session e.k, the first of the course or the first after a
// break, on the first day on or after from that can hold it, or when no
// plan follows from there, on a later one up to MaxStartDelay days on. The
// first session of a course also needs the day before it open, for the test
// injection (S2).
func (pl *planner) waitFor(e *expander, from meso.Date, phase string, test bool) bool {
	i := e.k
	hi := from.AddDays(MaxGapDays)
	if hi.IsZero() {
		pl.err = e.pastCalendar()
		return false
	}
	var found meso.Date
	for d := from; !d.After(hi); d = d.AddDays(1) {
		if !found.IsZero() && d.Sub(found) > MaxStartDelay {
			break
		}
		if !e.cal.Open(d) || test && !e.cal.Open(d.AddDays(-1)) {
			continue
		}
		if found.IsZero() {
			found = d
		}
		if test {
			if pl.starts.From.IsZero() {
				pl.starts.From = d
			}
			pl.starts.To, pl.first0 = d, true
		}
		if pl.try(e, i, d) {
			return true
		}
		if pl.err != nil {
			return false
		}
	}
	if found.IsZero() {
		pl.block(i, e.prev, from, hi, phase)
	}
	return false
}

// try places session i on d after e and plans the rest of the course from
// there, unless it is known not to follow.
func (pl *planner) try(e *expander, i int, d meso.Date) bool {
	n := *e
	n.place(d)
	key := planNode{day: d, k: int32(n.k), phase: int32(n.phase), inPhase: int32(n.inPhase)}
	if pl.byFirst {
		key.first = n.first
	}
	if pl.dead != nil {
		if _, ok := pl.dead[key]; ok {
			return false
		}
	}
	if pl.solve(&n) {
		pl.days[i] = d
		return true
	}
	if pl.err == nil {
		if pl.dead == nil {
			pl.dead = make(map[planNode]struct{})
		}
		pl.dead[key] = struct{}{}
	}
	return false
}

// place records the session e.k on d, its phase already advanced to.
func (e *expander) place(d meso.Date) {
	if e.k == 0 {
		e.begin(d)
	}
	e.prev = d
	e.k++
}

// block notes that session i found every day from lo to hi closed, after
// the session before it on after; only the deepest session is kept.
func (pl *planner) block(i int, after, lo, hi meso.Date, phase string) {
	switch {
	case i < pl.blocked:
		return
	case i > pl.blocked:
		pl.blocked, pl.ranges = i, pl.ranges[:0]
	}
	r := blockedRange{after: after, lo: lo, hi: hi, phase: phase}
	if !slices.Contains(pl.ranges, r) {
		pl.ranges = append(pl.ranges, r)
	}
}

// failure builds the error for a course that no choice of days can hold.
func (pl *planner) failure(e *expander) error {
	if pl.short {
		field, value := "sessions", strconv.Itoa(e.want)
		if e.want == 0 {
			field, value = "min_months", strconv.Itoa(e.p.MinMonths)
		}
		return &meso.FieldError{Field: field, Entry: e.p.ID, Value: value,
			Err: fmt.Errorf("%w: no plan of this many sessions in this calendar covers the protocol's span of %d months (min_months, from the first session to the last)", meso.ErrInvalid, e.p.MinMonths)}
	}
	err := &NoOpenDayError{Protocol: e.p.ID, Session: pl.blocked + 1}
	if pl.first0 && pl.blocked > 0 {
		err.Starts = pl.starts
	}
	slices.SortFunc(pl.ranges, func(a, b blockedRange) int { return a.after.Compare(b.after) })
	for i, r := range pl.ranges {
		if i == 0 || r.lo.Before(err.Earliest) {
			err.Earliest = r.lo
		}
		if i == 0 || r.hi.After(err.Latest) {
			err.Latest = r.hi
		}
		if !r.after.IsZero() && !slices.Contains(err.Before, r.after) {
			err.Before = append(err.Before, r.after)
		}
	}
	err.Phase = pl.ranges[0].phase
	if len(err.Before) > 0 {
		err.After = err.Before[len(err.Before)-1]
	}
	for d := err.Earliest; !d.After(err.Latest); d = d.AddDays(1) {
		if !slices.ContainsFunc(pl.ranges, func(r blockedRange) bool { return !d.Before(r.lo) && !d.After(r.hi) }) {
			continue
		}
		c := ClosedDay{Date: d, Reason: e.cal.Closure(d)}
		switch {
		case c.Reason == clinic.Unavailable:
			c.Range, _ = e.cal.UnavailableOn(d)
		case c.Reason == clinic.Open && pl.blocked == 0 && len(e.performed) == 0:
			c.Reason = clinic.TestDayClosed
		}
		err.Tried = append(err.Tried, c)
	}
	return err
}
