package schedule

import (
	"errors"
	"fmt"
	"iter"
	"strconv"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
)

// Appointment is one session of a planned course.
type Appointment struct {
	// N is the session's number in the course, 1 for the first.
	N int `json:"n"`
	// Start is when the session starts, in the calendar's location: at the
	// calendar's time of day (with free times, the free start nearest to
	// it; see Calendar.WithFreeTimes), or the instant it was performed for a
	// session already performed (see Reschedule). When a daylight-saving change skips
	// the time of day on the session's date, Start is moved forward by the
	// skip (02:30 becomes 03:30); when the clocks go back over it, Start is
	// the first of the two. This is the rule of RFC 5545 (iCalendar). Only on
	// a date a zone skips entirely (Pacific/Apia skipped 2011-12-30) does
	// Start fall on another date than the session's.
	Start time.Time `json:"start"`
	// Phase is the name of the protocol phase the session belongs to.
	Phase string `json:"phase"`
	// Earliest and Latest are the dates the session could have had: the days
	// its gap from the session before allows (Gap.Min to Gap.Max). For the
	// first session, and for one after a break (see Reschedule), they run
	// from the date asked for to the day it is on.
	Earliest meso.Date `json:"earliest"`
	Latest   meso.Date `json:"latest"`
}

// Due is when the next session of a course is due: its number, its phase,
// and the days its gap from the last session allows, with the preferred one.
// (An aftercare.Window, by contrast, is a span in which an activity is
// restricted.)
type Due struct {
	Session   int       `json:"session"`
	Phase     string    `json:"phase"`
	Earliest  meso.Date `json:"earliest"`
	Preferred meso.Date `json:"preferred"`
	Latest    meso.Date `json:"latest"`
}

// Expand plans a course of p in cal: sessions appointments (the protocol's
// default when sessions is 0), each on an open day within its gap's range
// (Gap.Min to Gap.Max days after the one before), the first on or after
// first, with the day before the first session open too for the test
// injection (S2; see TestInjection). A day is open when it is not a
// closed weekday, not a holiday and not in a range the patient is
// unavailable.
//
// Expansion is complete: it fails only when no choice of days satisfies
// every gap. Among the plans that exist it returns one by a fixed rule,
// session by session: the first session on the earliest day that starts a
// plan (and that day at most MaxStartDelay days after the first day that can
// hold it); each next session on the day that ranks first, among those from
// which the rest of the course can still be planned, in this order: the
// preferred gap, then the open days nearer to it, the earlier of two days as
// near. When every session can take its first-ranked day, this is the plan
// of the greedy rule "the preferred gap when that day is open, otherwise the
// nearest open day" (which is what earlier versions of Expand returned, and
// still do return where they found a plan); a session moves from it only
// when a later one would otherwise have no open day.
//
// A protocol's MinMonths span holds for any count: the last session falls
// on or after the same day MinMonths months after the first. With sessions
// 0 a course of Sessions.Default sessions is planned, and sessions are added
// (up to Sessions.Max) until the last one covers the span. A count outside
// Sessions.Min to Sessions.Max is an error, and so is a count that no plan
// in cal stretches over the span: a *FieldError naming sessions and the
// span.
//
// When no plan exists, the error is a *NoOpenDayError saying which session
// cannot be placed whatever days the sessions before it take: the days the
// one before could have had, the dates the session could have had after
// them, and why each is closed. A gap is never stretched. An invalid
// protocol, a calendar without a location or a bad count is a *FieldError.
//
// The search costs at most the sessions, times the days each can fall on,
// times the width of a gap (and, for a protocol whose phases or span are
// counted in months from the first session, times the MaxStartDelay first
// days). When the greedy rule finds the plan, Expand allocates the returned
// slice and nothing else; when a session has to move back, it also keeps a
// set of the placements found to lead nowhere. It is deterministic.
func (p Protocol) Expand(first meso.Date, sessions int, cal clinic.Calendar) ([]Appointment, error) {
	return collect(&p, &cal, nil, first, sessions)
}

// ExpandSeq is Expand as an iterator, for callers that stream: it yields the
// appointments in order, each with a nil error, or, when expansion fails,
// yields only the error (with a zero Appointment). The plan is found before
// the first appointment is yielded, since a later session may move an
// earlier one. It allocates only as Expand does besides its slice.
func (p Protocol) ExpandSeq(first meso.Date, sessions int, cal clinic.Calendar) iter.Seq2[Appointment, error] {
	return func(yield func(Appointment, error) bool) {
		each(&p, &cal, nil, first, sessions, yield)
	}
}

// Reschedule re-plans a course of p after the sessions already performed, at
// the instants given (in order), continuing no earlier than from. The result
// has the performed sessions first, at their own instants (in the calendar's
// location), then the rest of the course, sessions in all (the protocol's
// default when 0, and never fewer than those performed).
//
// The session after the last performed one keeps the gap rules from it: a
// day within the gap's range and not before from, ranked as Expand ranks
// them. When from is past the whole range (a session was missed), the course
// resumes on the first open day on or after from (or, when no plan follows
// from there, a later one up to MaxStartDelay days on), and the gaps after
// it follow the rules again. The search is complete, as Expand's is. With no
// sessions performed, Reschedule is Expand from from (the test injection
// included); with a zero from, nothing holds the course back.
//
// Performed instants that are zero, or whose dates (in the calendar's
// location) do not increase, are a *FieldError naming the index.
func (p Protocol) Reschedule(performed []time.Time, from meso.Date, sessions int, cal clinic.Calendar) ([]Appointment, error) {
	return collect(&p, &cal, performed, from, sessions)
}

// RescheduleSeq is Reschedule as an iterator, as ExpandSeq is Expand.
func (p Protocol) RescheduleSeq(performed []time.Time, from meso.Date, sessions int, cal clinic.Calendar) iter.Seq2[Appointment, error] {
	return func(yield func(Appointment, error) bool) {
		each(&p, &cal, performed, from, sessions, yield)
	}
}

// Next returns when the next session is due in a course of p whose sessions
// so far were on the given dates, in order: for a course that has had no
// session the first date comes from the calendar (Expand), so done must not be
// empty. A course with Sessions.Max sessions done has no next one; that and
// dates that do not increase are a *FieldError.
func (p Protocol) Next(done []meso.Date) (Due, error) {
	if err := p.checkSchedule(); err != nil {
		return Due{}, err
	}
	switch {
	case len(done) == 0:
		return Due{}, &meso.FieldError{Field: "done", Entry: p.ID, Err: fmt.Errorf("%w: the first session's date comes from the calendar (Expand)", meso.ErrMissing)}
	case len(done) >= p.Sessions.Max:
		return Due{}, &meso.FieldError{Field: "done", Entry: p.ID, Value: strconv.Itoa(len(done)),
			Err: fmt.Errorf("%w: the protocol has at most %d sessions", meso.ErrTooLarge, p.Sessions.Max)}
	}
	for i, d := range done {
		if err := checkOrder("done", i, d, done[:i]); err != nil {
			err.Entry = p.ID
			return Due{}, err
		}
	}
	var pr Progress
	for i, d := range done {
		pr = p.step(pr, i, d)
	}
	return pr.Next(&p, len(done))
}

// Progress is where a course stands in its protocol's phases after the
// sessions so far: what Protocol.Next works out from all their dates, kept
// by a course so that each new session costs one Step. The zero Progress is
// a course with no session; a Progress belongs to the protocol it was
// stepped with. It is a small value and its methods do not allocate.
type Progress struct {
	first, prev    meso.Date
	phase, inPhase int32
}

// MarshalJSON refuses, with an error wrapping errors.ErrUnsupported: a
// Progress is worked out from the dates of the sessions done and belongs to
// the protocol it was stepped with, neither of which it holds. Save the
// dates (a course saves its log) and step a Progress again from them.
func (pr Progress) MarshalJSON() ([]byte, error) {
	return nil, fmt.Errorf("a Progress does not marshal to JSON (it is worked out from the sessions' dates); save the dates and step again: %w", errors.ErrUnsupported)
}

// resume returns an expander at pr, with its phases' ends worked out again
// from the first date (cheaper to redo than to carry in every Course).
func (p *Protocol) resume(pr Progress) expander {
	e := expander{p: p, first: pr.first, prev: pr.prev, phase: int(pr.phase), inPhase: int(pr.inPhase)}
	if pr.first.IsZero() {
		return e
	}
	e.phaseEnds()
	return e
}

// step returns pr after the session with index i (0 for the first) on day d.
func (p *Protocol) step(pr Progress, i int, d meso.Date) Progress {
	e := p.stepped(pr, i, d)
	return e.progress()
}

// Step returns pr after the session with index done (0 for the first) of a
// course of p on day d, and when the session after it is due, in one pass.
// It does not check d against the gap (the course's guards do); the error is
// Next's when the next session would fall past the last Date.
func (pr Progress) Step(p *Protocol, done int, d meso.Date) (Progress, Due, error) {
	if err := pr.check(p); err != nil {
		return pr, Due{}, err
	}
	e := p.stepped(pr, done, d)
	next := e.progress()
	w, err := e.window(done + 1)
	return next, w, err
}

// check refuses what Step and Next cannot step through without validating
// the whole protocol on every session: no protocol, one without phases or
// with more than MaxPhases, or a Progress past its phases (one stepped with
// another protocol).
func (pr Progress) check(p *Protocol) error {
	switch {
	case p == nil:
		return &meso.FieldError{Field: "protocol", Err: fmt.Errorf("%w: no protocol", meso.ErrMissing)}
	case len(p.Phases) == 0 || len(p.Phases) > MaxPhases:
		return &meso.FieldError{Field: "phases", Entry: p.ID, Value: strconv.Itoa(len(p.Phases)), Err: fmt.Errorf("%w: want 1 to %d phases", meso.ErrInvalid, MaxPhases)}
	case pr.phase < 0 || int(pr.phase) >= len(p.Phases):
		return &meso.FieldError{Field: "progress", Entry: p.ID, Value: strconv.Itoa(int(pr.phase)), Err: fmt.Errorf("%w: a phase the protocol does not have", meso.ErrInvalid)}
	}
	return nil
}

// stepped returns the expander at pr moved on by the session with index i on
// day d.
func (p *Protocol) stepped(pr Progress, i int, d meso.Date) expander {
	if i == 0 {
		e := expander{p: p}
		e.begin(d)
		return e
	}
	e := p.resume(pr)
	e.advance()
	e.prev = d
	return e
}

// progress returns where e stands, as a Course keeps it.
func (e *expander) progress() Progress {
	return Progress{first: e.first, prev: e.prev, phase: int32(e.phase), inPhase: int32(e.inPhase)}
}

// Next returns when the session after the done ones that pr has stepped
// through is due in a course of p.
func (pr Progress) Next(p *Protocol, done int) (Due, error) {
	if err := pr.check(p); err != nil {
		return Due{}, err
	}
	e := p.resume(pr)
	return e.window(done)
}

// window returns the window of the session after the done ones, from e's
// place among the phases; it moves e on.
func (e *expander) window(done int) (Due, error) {
	p := e.p
	ph := e.advance()
	w := Due{
		Session:   done + 1,
		Phase:     ph.Name,
		Earliest:  e.prev.AddDays(ph.Gap.Min),
		Preferred: e.prev.AddDays(ph.Gap.Preferred),
		Latest:    e.prev.AddDays(ph.Gap.Max),
	}
	if w.Latest.IsZero() {
		return Due{}, &meso.FieldError{Field: "done", Entry: p.ID, Value: e.prev.String(), Err: fmt.Errorf("%w: the next session would fall past 9999-12-31", meso.ErrInvalid)}
	}
	return w, nil
}

// checkOrder checks that d, the i-th of a list of dates, is a date after the
// one before it.
func checkOrder(list string, i int, d meso.Date, before []meso.Date) *meso.FieldError {
	switch {
	case d.IsZero():
		return &meso.FieldError{Field: list + "[" + strconv.Itoa(i) + "]", Err: fmt.Errorf("%w: no date", meso.ErrMissing)}
	case i > 0 && !d.After(before[i-1]):
		return &meso.FieldError{Field: list + "[" + strconv.Itoa(i) + "]", Value: d.String(), Err: fmt.Errorf("%w: not after %s[%d] on %s", meso.ErrInvalid, list, i-1, before[i-1])}
	}
	return nil
}

// collect runs an expansion into a slice of exactly the right size.
func collect(p *Protocol, cal *clinic.Calendar, performed []time.Time, from meso.Date, want int) ([]Appointment, error) {
	// Built here rather than in a method, so that the pointers stay on the
	// caller's stack: stored through a pointer, they would escape.
	e := expander{p: p, cal: cal, performed: performed, from: from, want: want}
	if err := e.check(); err != nil {
		return nil, err
	}
	// Where the count is known before the plan, the greedy walk fills the
	// slice as it goes; only when it fails does the planner search.
	var out []Appointment
	if n := e.knownCount(); n > 0 {
		out = make([]Appointment, n)
		g := e
		if g.walk(out) {
			return out, nil
		}
	}
	var pl planner
	if err := pl.plan(&e); err != nil {
		return nil, err
	}
	if len(out) != pl.n {
		out = make([]Appointment, pl.n)
	}
	var s slot
	for i := range out {
		e.step(&s, pl.days[i])
		e.fill(&out[i], &s)
	}
	return out, nil
}

// knownCount returns how many sessions the course has when that does not
// depend on the plan (a count asked for, or no span to cover), else 0.
func (e *expander) knownCount() int {
	switch {
	case e.want > 0:
		return e.want
	case e.p.MinMonths == 0:
		return max(e.p.Sessions.Default, len(e.performed))
	}
	return 0
}

// walk fills out by the greedy walk, reporting whether it placed every
// session and covered the span.
func (e *expander) walk(out []Appointment) bool {
	var s slot
	for i := range out {
		if !e.greedyStep(&s) {
			return false
		}
		e.fill(&out[i], &s)
	}
	return e.spanEnd.IsZero() || !e.prev.Before(e.spanEnd)
}

// each runs an expansion into yield.
// seqBuffer is how many sessions ExpandSeq holds on its stack to yield them
// from the greedy walk: more than any protocol's default count.
const seqBuffer = 24

func each(p *Protocol, cal *clinic.Calendar, performed []time.Time, from meso.Date, want int, yield func(Appointment, error) bool) {
	e := expander{p: p, cal: cal, performed: performed, from: from, want: want}
	if err := e.check(); err != nil {
		yield(Appointment{}, err)
		return
	}
	// As collect does: where the count is known, the greedy walk places the
	// sessions, here on the stack for a course of up to len(buf); only when
	// it fails does the planner search.
	var buf [seqBuffer]Appointment
	if n := e.knownCount(); n > 0 && n <= len(buf) {
		g := e
		if g.walk(buf[:n]) {
			for _, a := range buf[:n] {
				if !yield(a, nil) {
					return
				}
			}
			return
		}
	}
	var pl planner
	if err := pl.plan(&e); err != nil {
		yield(Appointment{}, err)
		return
	}
	var s slot
	var a Appointment
	for i := range pl.n {
		e.step(&s, pl.days[i])
		e.fill(&a, &s)
		if !yield(a, nil) {
			return
		}
	}
}

// expander places the sessions of one course, one at a time. It lives on
// the stack of the expansion and does not allocate.
type expander struct {
	p         *Protocol
	cal       *clinic.Calendar
	performed []time.Time
	from      meso.Date // the first date asked for, or the date to continue from
	want      int       // the sessions asked for; 0 for the protocol's default

	k       int       // sessions placed so far
	first   meso.Date // the date of the first session
	prev    meso.Date // the date of the last session placed
	spanEnd meso.Date // the day the course's MinMonths span ends; zero for none
	ends    [MaxPhases]meso.Date
	phase   int             // the index of the phase of the last session placed
	inPhase int             // sessions placed in that phase
	zone    clinic.ZoneHint // the zone period of the last session's instant
}

// slot is a session's place before it becomes an Appointment.
type slot struct {
	date, earliest, latest meso.Date
	phase                  string
}

// check checks the inputs of an expansion.
func (e *expander) check() error {
	p, cal, performed, from, want := e.p, e.cal, e.performed, e.from, e.want
	if err := p.checkSchedule(); err != nil {
		return err
	}
	s := p.Sessions
	switch {
	case cal.Location() == nil:
		return &meso.FieldError{Field: "calendar", Err: fmt.Errorf("%w: no location; build the calendar with NewCalendar", meso.ErrMissing)}
	case want < 0 || want > 0 && (want < s.Min || want > s.Max):
		return &meso.FieldError{Field: "sessions", Entry: p.ID, Value: strconv.Itoa(want),
			Err: fmt.Errorf("%w: the protocol has %d to %d sessions (0 for its default, %d)", meso.ErrInvalid, s.Min, s.Max, s.Default)}
	case len(performed) > s.Max:
		return &meso.FieldError{Field: "performed", Entry: p.ID, Value: strconv.Itoa(len(performed)),
			Err: fmt.Errorf("%w: the protocol has at most %d sessions", meso.ErrTooLarge, s.Max)}
	case want > 0 && want < len(performed):
		return &meso.FieldError{Field: "sessions", Entry: p.ID, Value: strconv.Itoa(want),
			Err: fmt.Errorf("%w: fewer than the %d sessions performed", meso.ErrInvalid, len(performed))}
	case len(performed) == 0 && from.IsZero():
		return &meso.FieldError{Field: "first", Entry: p.ID, Err: fmt.Errorf("%w: no date", meso.ErrMissing)}
	}
	var prev meso.Date
	for i, t := range performed {
		d := civilIn(t, cal.Location())
		field := "performed[" + strconv.Itoa(i) + "]"
		switch {
		case t.IsZero():
			return &meso.FieldError{Field: field, Entry: p.ID, Err: fmt.Errorf("%w: the zero time", meso.ErrMissing)}
		case d.IsZero():
			return &meso.FieldError{Field: field, Entry: p.ID, Value: t.String(), Err: fmt.Errorf("%w: outside years 1 to 9999", meso.ErrInvalid)}
		case i > 0 && !d.After(prev):
			return &meso.FieldError{Field: field, Entry: p.ID, Value: t.In(cal.Location()).Format(time.RFC3339),
				Err: fmt.Errorf("%w: not on a day after performed[%d] on %s", meso.ErrInvalid, i-1, prev)}
		}
		prev = d
	}
	return nil
}

func civilIn(t time.Time, loc *time.Location) meso.Date { return meso.DateOf(t.In(loc)) }

// begin starts a course whose first session is on first.
func (e *expander) begin(first meso.Date) {
	e.first, e.prev, e.phase, e.inPhase = first, first, 0, 1
	e.phaseEnds()
	if e.p.MinMonths > 0 {
		e.spanEnd = first.AddMonths(e.p.MinMonths)
	}
}

// phaseEnds works out, from the first session's date, the day each phase
// bounded by months ends.
func (e *expander) phaseEnds() {
	for i, ph := range e.p.Phases {
		if ph.Months > 0 {
			e.ends[i] = e.first.AddMonths(ph.Months)
		}
	}
}

// advance moves to the phase of the session after the one on e.prev and
// counts that session in it.
func (e *expander) advance() *Phase {
	phases := e.p.Phases
	for e.phase < len(phases)-1 {
		ph := &phases[e.phase]
		if ph.Sessions > 0 && e.inPhase >= ph.Sessions ||
			ph.Months > 0 && !e.prev.AddDays(ph.Gap.Preferred).Before(e.ends[e.phase]) {
			e.phase, e.inPhase = e.phase+1, 0
			continue
		}
		break
	}
	e.inPhase++
	return &phases[e.phase]
}

// done reports whether the course is complete with the sessions placed.
func (e *expander) done() bool {
	switch {
	case e.want > 0:
		return e.k >= e.want
	case e.k >= e.p.Sessions.Max:
		return true
	case e.k < e.p.Sessions.Default || e.k < len(e.performed):
		return false
	}
	return e.spanEnd.IsZero() || !e.prev.Before(e.spanEnd)
}

// step moves e on by the next session, on day d (the planner's), and
// writes its place into s: its phase and the days it could have had.
func (e *expander) step(s *slot, d meso.Date) {
	i := e.k
	switch {
	case i == 0 && len(e.performed) > 0:
		*s = slot{date: d, earliest: d, latest: d, phase: e.p.Phases[0].Name}
	case i == 0:
		*s = slot{date: d, earliest: e.from, latest: d, phase: e.p.Phases[0].Name}
	default:
		ph := e.advance()
		lo, hi := e.prev.AddDays(ph.Gap.Min), e.prev.AddDays(ph.Gap.Max)
		switch {
		case i == len(e.performed) && e.from.After(hi):
			// A break: the whole window had passed.
			lo, hi = e.from, d
		case i == len(e.performed) && e.from.After(lo):
			lo = e.from
		}
		*s = slot{date: d, earliest: lo, latest: hi, phase: ph.Name}
	}
	e.place(d)
}

func (e *expander) pastCalendar() error {
	field := "first"
	if len(e.performed) > 0 {
		field = "from"
	}
	return &meso.FieldError{Field: field, Entry: e.p.ID, Value: e.from.String(), Err: fmt.Errorf("%w: the course would run past 9999-12-31", meso.ErrInvalid)}
}

// fill writes the session just placed, in s, into a.
func (e *expander) fill(a *Appointment, s *slot) {
	a.N, a.Phase, a.Earliest, a.Latest = e.k, s.phase, s.earliest, s.latest
	if e.k <= len(e.performed) {
		a.Start = e.performed[e.k-1].In(e.cal.Location())
	} else {
		a.Start = e.cal.Start(s.date, &e.zone)
	}
}

// TestInjection returns when the test injection before a course's first
// session goes ahead in the calendar c: on the day before the session (S2: "one day
// before the first procedure"), at the calendar's time of day, moved as
// Appointment.Start is when the clocks skip it, or in the clinic's free time
// as a session is (WithFreeTimes). Expand and Reschedule put a
// first session only after a day open for it. An appointment that is not
// session 1, or whose day before is closed, is a *FieldError naming it.
func TestInjection(c clinic.Calendar, first Appointment) (time.Time, error) {
	loc := c.Location()
	if loc == nil {
		return time.Time{}, &meso.FieldError{Field: "calendar", Err: fmt.Errorf("%w: no location; build the calendar with NewCalendar", meso.ErrMissing)}
	}
	if first.N != 1 || first.Start.IsZero() {
		return time.Time{}, &meso.FieldError{Field: "first", Value: strconv.Itoa(first.N), Err: fmt.Errorf("%w: the test injection comes before session 1", meso.ErrInvalid)}
	}
	d := civilIn(first.Start, loc).AddDays(-1)
	if r := c.Closure(d); r != clinic.Open {
		return time.Time{}, &meso.FieldError{Field: "first", Value: first.Start.In(loc).Format(time.RFC3339),
			Err: fmt.Errorf("%w: the day before, %s, is closed (%s)", meso.ErrInvalid, d, r)}
	}
	var z clinic.ZoneHint
	return c.Start(d, &z), nil
}
