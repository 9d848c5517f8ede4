package aftercare

import (
	"cmp"
	"slices"
	"time"

	"github.com/mesokit/meso"
)

// Window is a span of time in which an activity is restricted: from From
// (inclusive) until Until (exclusive). A window after a session starts at the
// session's start instant and lasts, in real time, its policy's session
// length and then the restriction's duration: the sources count from after
// the procedure. A 72-hour window after a 45-minute session ends 72 hours 45
// minutes after the start, even across a daylight-saving change, and its
// instants are in the session's location so that they print in local time.
// Windows are comparable values.
type Window struct {
	Activity Activity  `json:"activity"`
	From     time.Time `json:"from"`
	Until    time.Time `json:"until"`
}

// Contains reports whether t is inside the window.
func (w Window) Contains(t time.Time) bool { return !t.Before(w.From) && t.Before(w.Until) }

// Overlaps reports whether the two windows share an instant.
func (w Window) Overlaps(v Window) bool { return w.From.Before(v.Until) && v.From.Before(w.Until) }

// Windows returns the restriction windows after a session that starts at
// session, one per restricted activity, in activity order.
func (p *Policy) Windows(session time.Time) []Window {
	return p.AppendWindows(make([]Window, 0, numActivities-1), session)
}

// AppendWindows appends the restriction windows after a session to dst and
// returns the extended slice; with room in dst it does not allocate.
func (p *Policy) AppendWindows(dst []Window, session time.Time) []Window {
	for a := Activity(1); a < numActivities; a++ {
		if d := p.rules[a].Duration; d > 0 {
			dst = append(dst, Window{Activity: a, From: session, Until: session.Add(p.session.Duration + d)})
		}
	}
	return dst
}

// Timeline is the windows of a whole course, merged: the windows of one
// activity that overlap or touch join into one, so that "when may I wash my
// hair again?" has one answer. The zero Timeline restricts nothing. Its
// JSON form is its windows (see MarshalJSON).
type Timeline struct {
	loc   *time.Location // where the windows' instants print
	spans []span         // by activity, then from; spans of one activity neither overlap nor touch
}

// span is a window without pointers, so that a course's windows cost the
// garbage collector nothing to scan.
type span struct {
	from, until instant
	activity    Activity
}

// instant is a time.Time without its location: Unix seconds and nanoseconds,
// which hold every instant a time.Time can.
type instant struct {
	sec  int64
	nsec int32
}

func instantOf(t time.Time) instant { return instant{t.Unix(), int32(t.Nanosecond())} }

func (i instant) before(j instant) bool { return i.sec < j.sec || (i.sec == j.sec && i.nsec < j.nsec) }

func (i instant) compare(j instant) int {
	if c := cmp.Compare(i.sec, j.sec); c != 0 {
		return c
	}
	return cmp.Compare(i.nsec, j.nsec)
}

// add returns i plus a duration d >= 0.
func (i instant) add(d time.Duration) instant {
	i.sec += int64(d / time.Second)
	i.nsec += int32(d % time.Second)
	if i.nsec >= 1e9 {
		i.sec++
		i.nsec -= 1e9
	}
	return i
}

func (i instant) in(loc *time.Location) time.Time { return time.Unix(i.sec, int64(i.nsec)).In(loc) }

func spanOf(w Window) span {
	return span{from: instantOf(w.From), until: instantOf(w.Until), activity: w.Activity}
}

func (r Timeline) window(s span) Window {
	return Window{Activity: s.activity, From: s.from.in(r.loc), Until: s.until.in(r.loc)}
}

// join adds s to spans, sorted by activity and then from: it extends the last
// span when s is of the same activity and overlaps or touches it.
func join(spans []span, s span) []span {
	if n := len(spans); n > 0 && spans[n-1].activity == s.activity && !spans[n-1].until.before(s.from) {
		if spans[n-1].until.before(s.until) {
			spans[n-1].until = s.until
		}
		return spans
	}
	return append(spans, s)
}

// Course returns the merged restriction windows of the sessions that start at
// the given instants, in any order. The windows' instants are in the location
// of the earliest session.
func (p *Policy) Course(sessions ...time.Time) Timeline {
	if len(sessions) == 0 {
		return Timeline{}
	}
	if !slices.IsSortedFunc(sessions, time.Time.Compare) {
		sessions = slices.SortedFunc(slices.Values(sessions), time.Time.Compare)
	}
	restricted := 0
	for a := Activity(1); a < numActivities; a++ {
		if p.rules[a].Duration > 0 {
			restricted++
		}
	}
	var buf [32]instant
	starts := buf[:0]
	for _, s := range sessions {
		starts = append(starts, instantOf(s))
	}
	// With the sessions in order and one duration per activity, each
	// activity's windows come in order and merge in one pass.
	r := Timeline{loc: sessions[0].Location(), spans: make([]span, 0, restricted*len(sessions))}
	for a := Activity(1); a < numActivities; a++ {
		d := p.rules[a].Duration
		if d <= 0 {
			continue
		}
		d += p.session.Duration
		cur := span{from: starts[0], until: starts[0].add(d), activity: a}
		for _, from := range starts[1:] {
			until := from.add(d)
			if !cur.until.before(from) { // overlaps or touches: one window
				cur.until = until
				continue
			}
			r.spans = append(r.spans, cur)
			cur = span{from: from, until: until, activity: a}
		}
		r.spans = append(r.spans, cur)
	}
	return r
}

// Merge returns the union of windows: windows of one activity that overlap or
// touch join into one window running from the earliest From to the latest
// Until; empty windows are dropped. The merged windows' instants are in the
// location of the first window. Merge does not change ws.
func Merge(ws []Window) Timeline {
	if len(ws) == 0 {
		return Timeline{}
	}
	sorted := make([]span, 0, len(ws))
	for _, w := range ws {
		if w.From.Before(w.Until) {
			sorted = append(sorted, spanOf(w))
		}
	}
	slices.SortFunc(sorted, func(a, b span) int {
		if c := cmp.Compare(a.activity, b.activity); c != 0 {
			return c
		}
		return a.from.compare(b.from)
	})
	r := Timeline{loc: ws[0].From.Location(), spans: sorted[:0]}
	for _, s := range sorted {
		r.spans = join(r.spans, s)
	}
	return r
}

// Windows returns the merged windows, by activity, then time.
func (r Timeline) Windows() []Window {
	out := make([]Window, len(r.spans))
	for i, s := range r.spans {
		out[i] = r.window(s)
	}
	return out
}

// Of returns the merged windows of one activity, in time order.
func (r Timeline) Of(a Activity) []Window {
	lo, hi := r.bounds(a)
	out := make([]Window, 0, hi-lo)
	for _, s := range r.spans[lo:hi] {
		out = append(out, r.window(s))
	}
	return out
}

// bounds returns the range of activity a's spans in r.spans.
func (r Timeline) bounds(a Activity) (lo, hi int) {
	lo, _ = slices.BinarySearchFunc(r.spans, a, func(s span, a Activity) int { return cmp.Compare(s.activity, a) })
	hi = lo
	for hi < len(r.spans) && r.spans[hi].activity == a {
		hi++
	}
	return lo, hi
}

// Allowed reports whether activity a is allowed at instant t: false exactly
// when t is inside one of a's windows.
func (r Timeline) Allowed(a Activity, t time.Time) bool {
	_, ok := r.holding(a, t)
	return !ok
}

// NextAllowed returns the first instant at or after t at which activity a is
// allowed: t itself when it is allowed, otherwise the end of the window that
// holds t, in the windows' location.
func (r Timeline) NextAllowed(a Activity, t time.Time) time.Time {
	if s, ok := r.holding(a, t); ok {
		return r.window(s).Until
	}
	return t
}

// holding returns a's span that holds t, if any.
func (r Timeline) holding(a Activity, t time.Time) (span, bool) {
	lo, hi := r.bounds(a)
	spans := r.spans[lo:hi]
	at := instantOf(t)
	// The first span that ends after t is the only one that can hold it.
	i, _ := slices.BinarySearchFunc(spans, at, func(s span, at instant) int {
		if at.before(s.until) {
			return 1
		}
		return -1
	})
	if i < len(spans) && !at.before(spans[i].from) {
		return spans[i], true
	}
	return span{}, false
}

// Step is a timed instruction placed before one session: what to do or avoid,
// from when until when. Steps are comparable values.
type Step struct {
	Instruction string    `json:"instruction"` // the instruction's id
	Ask         Ask       `json:"ask"`
	Activity    Activity  `json:"activity,omitzero"` // zero, and left out of JSON, for an instruction about no activity
	From        time.Time `json:"from"`
	Until       time.Time `json:"until"`
}

// Steps returns the timed instructions before a session that starts at
// session, in table order; first says whether it is the first session of its
// course (the allergy test and stopping anticoagulants come only before the
// first). Spans run on the calendar of the session's location: "the day before"
// is the local calendar day, whatever its length. The zero Policy has no steps.
// A step whose first day would fall before 0001-01-01 has the zero From.
func (p *Policy) Steps(session time.Time, first bool) []Step {
	if len(p.leads) != len(instructions) {
		return nil
	}
	var out []Step
	for i, in := range instructions {
		if in.Ask == Tell || (in.FirstOnly && !first) {
			continue
		}
		out = append(out, p.step(i, session))
	}
	return out
}

// Step returns the step of the instruction with the given id before a
// session that starts at session, as Steps gives it. An instruction the
// policy has no lead for (a tell instruction, an unknown id, any id under
// the zero Policy) is a *meso.FieldError wrapping meso.ErrUnknown that lists
// the timed instructions. It does not ask whether the instruction is for the
// first session only.
func (p *Policy) Step(id string, session time.Time) (Step, error) {
	i, ok := instruction(id)
	if !ok || len(p.leads) != len(instructions) || instructions[i].Ask == Tell {
		return Step{}, unknownTimed("instruction", id)
	}
	return p.step(i, session), nil
}

// step is the step of instructions[i] before a session at session.
func (p *Policy) step(i int, session time.Time) Step {
	in := instructions[i]
	loc := session.Location()
	from := dayStart(meso.DateOf(session).AddDays(-p.leads[i].Days), loc, -1)
	until := session
	if in.WholeDay {
		until = dayStart(meso.DateOf(from).AddDays(1), loc, +1)
	}
	return Step{Instruction: in.ID, Ask: in.Ask, Activity: in.Activity, From: from, Until: until}
}

// dayStart is the first instant of day d in loc. A day the zone skips
// whole (Pacific/Apia had no 30 December 2011) has none: dayStart takes the
// nearest day that exists, the one before (step -1) or after (+1), so that
// "the day before" a session is a day the patient lives through.
func dayStart(d meso.Date, loc *time.Location, step int) time.Time {
	for range 3 { // no zone skips more than one day
		if t := d.At(0, 0, loc); meso.DateOf(t) == d {
			return t
		}
		d = d.AddDays(step)
	}
	return d.At(0, 0, loc)
}
