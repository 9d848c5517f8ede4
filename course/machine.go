package course

import (
	"cmp"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/internal/fault"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/screening"
)

// The rules Apply enforces, each an error a caller can match with errors.Is.
// Every error Apply returns is a *TransitionError wrapping one of them.
var (
	// ErrNotAccepted: the course's state does not accept the event (see
	// State.Accepts).
	ErrNotAccepted = errors.New("the course's state does not accept this event")
	// ErrTerminal: a closed or cancelled course accepts nothing.
	ErrTerminal = errors.New("the course is closed or cancelled and accepts nothing")
	// ErrNotReady: no session before the course is ready: screening passed
	// and the test injection done without reaction (S2).
	ErrNotReady = errors.New("no session before screening and the test injection (S2)")
	// ErrOnHold: no session while the course is on hold.
	ErrOnHold = errors.New("no session while the course is on hold")
	// ErrHalted: after an adverse event only a clinician's review moves the
	// course on (S1, S2).
	ErrHalted = errors.New("the course is halted until a clinician reviews the adverse event (S1, S2)")
	// ErrTooSoonAfterTest: the first session with a preparation comes on the
	// calendar day after its test injection (S2: the test one day before the
	// first procedure), or within the longer lead event.Safety.TestLeadDays allows.
	ErrTooSoonAfterTest = errors.New("the first session with a preparation comes the day after its test injection (S2)")
	// ErrTooSoon: a session comes no closer to the one before than the
	// protocol's minimum gap.
	ErrTooSoon = errors.New("a session comes no sooner than the protocol's minimum gap after the one before")
	// ErrTooManySessions: no session beyond the protocol's maximum count.
	ErrTooManySessions = errors.New("no session beyond the protocol's maximum")
	// ErrTooFewSessions: the main course completes with at least the
	// protocol's minimum count.
	ErrTooFewSessions = errors.New("the main course needs the protocol's minimum number of sessions")
	// ErrHoldNotOver: a hold with a known end resumes on or after it; a new
	// screening that clears the patient lifts it sooner.
	ErrHoldNotOver = errors.New("the hold lasts until its date; screen again to lift it sooner")
	// ErrNeedsReason: a change of preparation before the second session, and
	// a cancellation, need a reason (S2 describes changes after 2-3
	// procedures).
	ErrNeedsReason = errors.New("a reason is needed")
	// ErrOutOfOrder: events come in time order; none before the last one.
	ErrOutOfOrder = errors.New("an event cannot come before the last one")
	// ErrWrongPreparation: a session injects the course's preparation, the
	// one its test injection tried; record a change of preparation first.
	ErrWrongPreparation = errors.New("a session injects the course's preparation; record the change first")
)

// TransitionError is an event Apply refused: the state the course was in, the
// event's kind, the id of the rule it broke (Rule, one of the Rule…
// constants, as listed by Rules) and why (Err, wrapping one of the errors
// above, or a *FieldError for an event with a missing or invalid field).
type TransitionError struct {
	State State
	Event event.Kind
	Rule  string
	Err   error
}

// Error says what was refused, in which state, by which rule, and why.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("%s refused in state %s (%s): %v", e.Event, e.State, e.Rule, e.Err)
}

// Unwrap returns the rule e broke.
func (e *TransitionError) Unwrap() error { return e.Err }

// MarshalJSON refuses, with an error wrapping errors.ErrUnsupported: Err is
// an error, which JSON cannot carry and read back, and encoding/json would
// write it as {}. Write State, Event, Rule and Error() instead.
func (e TransitionError) MarshalJSON() ([]byte, error) {
	return nil, fmt.Errorf("a TransitionError does not marshal to JSON (its Err is an error); write its State, Event, Rule and Error(): %w", errors.ErrUnsupported)
}

// Course is a course of treatment: its protocol, where it is in its life, and
// what has happened to it so far. It changes only through Apply, which
// returns a new Course and leaves the old one as it was, so a Course is a
// value that can be kept, compared and shared between goroutines. Its Log
// holds every event applied to it and replays to it (Replay); its JSON form
// is that log (MarshalJSON, UnmarshalJSON), so a course saves and loads as
// itself. The zero Course is no course; NewCourse makes one.
type Course struct {
	state    State
	heldFrom State      // where a resume returns
	haltedOn State      // where a review's resume returns
	haltedBy event.Kind // what halted it: an adverse event or the test injection

	// hist holds the events applied, shared between versions of the
	// course; the first events of them are this one's. count is the
	// number of sessions performed, lastDay the last one's date in the
	// clinic's zone, main how many belong to the main course once it is
	// complete. prog is where the sessions of the protocol in force stand
	// in its phases, stepped once per session, and due the window of the
	// session after them (zero when there is none).
	hist     *history
	events   int32
	count    int32
	main     int32
	missed   int32
	screenAt int32 // 1 + the index in hist of the latest screening; 0 before one
	lastDay  meso.Date
	prog     schedule.Progress
	due      schedule.Due // the next session's window, worked out with prog
	last     time.Time
	rail     guardrail // what the safety conditions need, kept as the course goes

	// about holds what changes only on the rarer events: shared between
	// versions of the course, and copied before a change (see edit), so
	// that a session or an observation copies only the fields above.
	about *facts
}

// facts are what a course knows that few events change.
type facts struct {
	// protocol is the main course's, maintenance the maintenance protocol
	// once it has started; both immutable once set.
	protocol    *schedule.Protocol
	maintenance *schedule.Protocol
	target      int // the main course's planned number of sessions
	preparation string
	zone        *time.Location // the clinic's: every instant and day is read in it
	safety      event.Safety

	origin    string // the preparation the course was made with, as its log names it
	testAt    time.Time
	hold      event.Hold         // the hold in force, while OnHold or Halted from OnHold
	halt      event.AdverseEvent // the event that halted the course; zero Complication for a test reaction
	endReason string
}

// edit returns facts of c's own to change, copied from the shared ones.
func (c *Course) edit() *facts {
	f := *c.about
	c.about = &f
	return &f
}

// history is the events applied to the versions of a course, in order: an
// append-only list of chunks of historyChunk events that every version made
// from one NewCourse shares. A version holds the last chunk of its history
// (Course.hist), whose prev chunks are full, and how many events are its own
// (Course.events): the chunks' first ones. Apply appends in place when the
// slot after a version's events is free, taking it with an atomic
// compare-and-swap, and starts a new chunk when the last is full, so an event
// costs the same whatever the course's length and nothing is copied as it
// grows; a version that branches off an older one (its slot already taken)
// copies only its last chunk's events. A slot once written is never written
// again, and a version reads only its own slots, all written before it was
// made: versions can be shared between goroutines.
//
// Each event is kept as Apply was given it, its instant in whatever zone it
// was written with (Log reads it in the course's): an event is a value, and
// the only ones that hold slices of their own, a screening's findings and a
// maintenance protocol, are kept as copies of the course's own, once.
type history struct {
	events [historyChunk]event.Event
	used   atomic.Int32 // slots taken, from the first
	base   int32        // the index in the course of events[0]
	prev   *history     // the chunk before, full; nil for the first
}

// historyChunk is the number of events in a chunk of history.
const historyChunk = 32

// push returns the last chunk of a history holding the first n events of
// the one whose last chunk is h, then e: h itself when its slot for e is
// free (it takes it), a new chunk otherwise.
func (h *history) push(n int32, e event.Event) *history {
	if h == nil {
		h = &history{}
		h.events[0] = e
		h.used.Store(1)
		return h
	}
	i := n - h.base
	if i < historyChunk && h.used.CompareAndSwap(i, i+1) {
		h.events[i] = e
		return h
	}
	out := &history{base: h.base, prev: h.prev}
	if i == historyChunk { // h is full: a new chunk after it
		out.base, out.prev, i = n, h, 0
	} else { // a branch: its own copy of h's events that are its
		copy(out.events[:i], h.events[:i])
	}
	out.events[i] = e
	out.used.Store(i + 1)
	return out
}

// at returns the event of index i < n of the history whose last chunk is h.
func (h *history) at(i int32) event.Event {
	for i < h.base {
		h = h.prev
	}
	return h.events[i-h.base]
}

// applied returns the events applied to c, in order, in a slice of their
// own; nil for none.
func (c Course) applied() []event.Event {
	if c.events == 0 {
		return nil
	}
	out := make([]event.Event, c.events)
	for h := c.hist; h != nil; h = h.prev {
		copy(out[h.base:], h.events[:min(c.events-h.base, historyChunk)])
	}
	return out
}

// NewCourse returns a planned course of protocol p with the given preparation
// (a formulary preparation id) and planned number of sessions (0 means the
// protocol's default), run by a clinic in the time zone zone, under
// event.DefaultSafety (see WithSafety). Every event's instant is read in zone,
// whatever offset it was written with: its calendar day, the gaps between
// sessions, the day before the first. zone must be one that a log can name
// and read back: an IANA zone (time.LoadLocation) or time.UTC, not
// time.Local or a time.FixedZone. The course keeps the zone as its log will
// read it back, time.LoadLocation of its name: a *time.Location that
// carries other rules under an IANA name is read by the name. An invalid
// protocol, an empty preparation,
// a count outside the protocol's range or such a zone is a *FieldError.
func NewCourse(p schedule.Protocol, preparation string, sessions int, zone *time.Location) (Course, error) {
	if err := p.Validate(); err != nil {
		return Course{}, err
	}
	zone, err := fault.Zone(zone)
	if err != nil {
		return Course{}, err
	}
	if err := fault.ID("preparation", preparation); err != nil {
		return Course{}, err
	}
	if sessions == 0 {
		sessions = p.Sessions.Default
	}
	if sessions < p.Sessions.Min || sessions > p.Sessions.Max {
		return Course{}, &meso.FieldError{Field: "sessions", Entry: p.ID, Value: strconv.Itoa(sessions),
			Err: fmt.Errorf("%w: the protocol has %d to %d sessions", meso.ErrInvalid, p.Sessions.Min, p.Sessions.Max)}
	}
	own := p.Clone()
	return Course{state: Planned, about: &facts{protocol: &own, target: sessions, preparation: preparation, origin: preparation, zone: zone, safety: event.DefaultSafety()}}, nil
}

// WithSafety returns the course under the safety policy s (the zero
// event.Safety is event.DefaultSafety), before any event. A course that has
// events, or an invalid s, is an error: a *FieldError naming the field.
func (c Course) WithSafety(s event.Safety) (Course, error) {
	if c.state == 0 {
		return c, &meso.FieldError{Field: "course", Err: fmt.Errorf("%w: the zero Course; make one with NewCourse", meso.ErrMissing)}
	}
	if c.events > 0 {
		return c, &meso.FieldError{Field: "safety", Err: fmt.Errorf("%w: the course has %d events; set its safety policy when it is made", meso.ErrInvalid, c.events)}
	}
	if err := s.Validate(); err != nil {
		return c, err
	}
	c.edit().safety = cmp.Or(s, event.DefaultSafety())
	return c, nil
}

// Zone returns the clinic's time zone the course reads its events in.
func (c Course) Zone() *time.Location { return c.facts().zone }

// Safety returns the course's safety policy.
func (c Course) Safety() event.Safety { return c.facts().safety }

// Dates. An event's date is the calendar day of its instant in the course's
// zone, whatever offset the instant was written with: "one day after the test
// injection" and a protocol's gaps count the clinic's calendar days.

// Apply returns the course after event e, or the course unchanged and a
// *TransitionError saying which rule e breaks. Apply is pure: it reads no
// clock and changes nothing it is given.
//
// Besides the transition table (State.Accepts), Apply enforces: events in
// time order, at instants a log can write back; a screening result made on
// the day it is recorded, for the course's current preparation; a test
// injection of the course's current preparation; every session meets every
// safety condition (see sessionConditions in safety.go: screened that day for
// this preparation and not deferred, a test injection of this preparation
// the day before its first session, not on hold or halted, the protocol's
// count and gaps), checked from what the course keeps of its history,
// independently of the table; a hold resumed no sooner than its date; a
// change of preparation before the second session, and a cancellation, with
// a reason; the main course completed with at least the protocol's minimum.
// A severe adverse event, or one that stops the procedure whatever its
// grade (event.Complication.Halts), halts the course from any state that is not
// terminal; a refused screening cancels it.
//
// The event is kept with its instant in the course's zone: Sessions, Hold
// and the rest return instants in it.
func Apply(c Course, e event.Event) (Course, error) {
	if fault.Nil(e) {
		return c, &TransitionError{State: c.state, Rule: RuleInvalidEvent, Err: &meso.FieldError{Field: "event", Err: meso.ErrMissing}}
	}
	fail := func(err error) (Course, error) {
		return c, &TransitionError{State: c.state, Event: e.Kind(), Rule: ruleOf(err), Err: err}
	}
	if c.state == 0 {
		return fail(&meso.FieldError{Field: "course", Err: fmt.Errorf("%w: the zero Course; make one with NewCourse", meso.ErrMissing)})
	}
	if c.state.Terminal() {
		return fail(ErrTerminal)
	}
	at := e.When()
	if at.IsZero() {
		return fail(&meso.FieldError{Field: "at", Err: meso.ErrMissing})
	}
	at = at.In(c.about.zone)
	// The event's date in the clinic's zone, for the events whose rules
	// count days: read with the one look-up of the zone's offset that the
	// check of the instant needs.
	day, err := fault.Day(at)
	if err != nil {
		return fail(err)
	}
	if at.Before(c.last) {
		return fail(fmt.Errorf("%w: %s is before %s", ErrOutOfOrder, at.Format(time.RFC3339), c.last.Format(time.RFC3339)))
	}
	if c.events >= event.MaxEvents {
		return fail(&meso.FieldError{Field: "events", Value: strconv.Itoa(int(c.events)), Err: fmt.Errorf("%w: at most %d events", meso.ErrTooLarge, event.MaxEvents)})
	}
	on, err := c.triggerOf(e)
	if err != nil {
		return fail(err)
	}
	to := table[c.state][on]
	if to == 0 {
		return fail(c.refusal(on))
	}
	if err := c.guard(e, day); err != nil {
		return fail(err)
	}
	next := c
	next.last, next.events = at, c.events+1
	next.hist = c.hist.push(c.events, next.record(e, on, day, at))
	next.recordRail(e, on, day)
	switch {
	case to == back && c.state == OnHold:
		to = returnTo(on, c.heldFrom)
	case to == back: // Halted
		to = returnTo(on, c.haltedOn)
		if to == Ready && c.haltedBy == event.KindTestInjection {
			// A reaction to the test halted it: ready no more until a test
			// without one.
			to = Cleared
		}
	}
	// Entering a hold records where it returns to; coming back to a hold
	// from a halt (a review) keeps the hold's own origin.
	if to == OnHold && c.state != OnHold && on != onReviewResume && on != onReviewChange {
		next.heldFrom = c.state
	}
	// A review that changes the preparation changes where the hold's end
	// returns, as it changes where the halt's does: a course ready for its
	// first session awaits the new preparation's test.
	if to == OnHold && on == onReviewChange {
		next.heldFrom = returnTo(on, c.heldFrom)
	}
	if to == Halted && c.state != Halted {
		next.haltedOn = c.state
	}
	next.state = to
	return next, nil
}

// triggerOf reads which way an event goes, checking its fields (the
// event's Check) and what of the course they name.
func (c *Course) triggerOf(e event.Event) (trigger, error) {
	switch e := e.(type) {
	case event.Screened:
		if err := e.Check(); err != nil {
			return 0, err
		}
		switch e.Result.Verdict {
		case screening.Cleared, screening.Caution:
			return onScreenedClear, nil
		case screening.Deferred:
			return onScreenedDeferred, nil
		}
		return onScreenedRefused, nil // Check knows no other verdict
	case event.TestInjection:
		if e.Preparation == c.facts().preparation {
			e.Preparation = checkedID
		}
		if err := e.Check(); err != nil {
			return 0, err
		}
		if e.Reaction != "" {
			return onTestReaction, nil
		}
		return onTestPassed, nil
	case event.SessionPerformed:
		if e.Preparation == c.facts().preparation {
			e.Preparation = checkedID
		}
		return onSession, e.Check()
	case event.SessionMissed:
		return onMissed, e.Check()
	case event.Hold:
		return onHold, e.Check()
	case event.Resume:
		return onResume, e.Check()
	case event.AdverseEvent:
		if err := e.Check(); err != nil {
			return 0, err
		}
		if e.Grade == event.Severe || e.Complication.Halts() {
			return onAdverseSevere, nil
		}
		return onAdverseMinor, nil
	case event.Review:
		if err := e.Check(); err != nil {
			return 0, err
		}
		switch e.Outcome {
		case event.OutcomeChangePreparation:
			return onReviewChange, nil
		case event.OutcomeStop:
			return onReviewStop, nil
		}
		return onReviewResume, nil // Check knows no other outcome
	case event.PreparationChanged:
		return onPreparationChanged, e.Check()
	case event.MainCourseCompleted:
		return onMainCourseCompleted, e.Check()
	case event.MaintenanceStarted:
		return onMaintenanceStarted, e.Check()
	case event.Close:
		return onClosed, e.Check()
	case event.Cancel:
		if strings.TrimSpace(e.Reason) == "" {
			return 0, fmt.Errorf("%w: cancelling a course", ErrNeedsReason)
		}
		return onCancelled, e.Check()
	case event.Observation:
		return onObservation, e.Check()
	}
	return 0, &meso.FieldError{Field: "event", Value: fmt.Sprintf("%T", e), Err: fmt.Errorf("%w event type", meso.ErrUnknown)}
}

// checkedID stands in, for the event's Check, for the course's own
// preparation, which the course checked when it took it: a session or a
// test injection of it does not check it again (a session is the commonest
// event), and one of another preparation is checked in full.
const checkedID = "c"

// refusal is the rule broken by an event the state does not accept, named
// as precisely as the state allows.
func (c *Course) refusal(on trigger) error {
	switch {
	case on == onSession && (c.state == Planned || c.state == Cleared):
		return ErrNotReady
	case on == onSession && c.state == OnHold:
		until := ""
		if !c.about.hold.Until.IsZero() {
			until = " until " + c.about.hold.Until.String()
		}
		return fmt.Errorf("%w%s (%s)", ErrOnHold, until, c.about.hold.Reason)
	case c.state == Halted:
		return ErrHalted
	}
	return ErrNotAccepted
}

// guard checks the rules of time and count an accepted event must keep.
func (c *Course) guard(e event.Event, day meso.Date) error {
	switch e := e.(type) {
	case event.SessionPerformed:
		return c.checkSession(&e, day)
	case event.Screened:
		return c.guardScreened(e, day)
	case event.TestInjection:
		if e.Preparation != c.about.preparation {
			return fmt.Errorf("%w: the course's is %s, the test injection's %s; record the change of preparation first", ErrWrongPreparation, c.about.preparation, e.Preparation)
		}
	case event.Resume:
		if !c.about.hold.Until.IsZero() && day.Before(c.about.hold.Until) {
			return fmt.Errorf("%w: on hold until %s (%s)", ErrHoldNotOver, c.about.hold.Until, c.about.hold.Reason)
		}
	case event.PreparationChanged:
		if c.count < 2 && strings.TrimSpace(e.Reason) == "" {
			return fmt.Errorf("%w: changing the preparation before the second session", ErrNeedsReason)
		}
	case event.MainCourseCompleted:
		if n := int(c.count); n < c.about.protocol.Sessions.Min {
			return fmt.Errorf("%w: %d done, protocol %s has at least %d", ErrTooFewSessions, n, c.about.protocol.ID, c.about.protocol.Sessions.Min)
		}
	}
	return nil
}

// guardScreened checks that a screening result was made for this course:
// on the day it is recorded, in the clinic's zone, and for the course's
// current preparation.
func (c *Course) guardScreened(e event.Screened, day meso.Date) error {
	r := e.Result
	if r.Date.IsZero() {
		return &meso.FieldError{Field: "result.date", Err: fmt.Errorf("%w: a result that does not say the day it was made for clears no session", meso.ErrMissing)}
	}
	if r.Date != day {
		return fmt.Errorf("%w: the result is for %s, recorded on %s in %s", ErrScreeningOtherDate, r.Date, day, c.about.zone)
	}
	if r.Preparation != c.about.preparation {
		what := r.Preparation
		if what == "" {
			what = "no preparation"
		}
		return fmt.Errorf("%w: the result is for %s, the course's preparation is %s", ErrScreeningOtherPreparation, what, c.about.preparation)
	}
	return nil
}

// current returns the protocol in force and how many of its sessions are
// done.
func (c *Course) current() (*schedule.Protocol, int) {
	f := c.facts()
	if f.maintenance != nil {
		return f.maintenance, int(c.count - c.main)
	}
	return f.protocol, int(c.count)
}

// noFacts are the zero Course's facts: read, never written.
var noFacts facts

// facts returns what the course knows, or nothing for the zero Course.
func (c *Course) facts() *facts {
	if c.about == nil {
		return &noFacts
	}
	return c.about
}

// record keeps what the event tells about the course, its instant read as
// at, in the course's zone, and returns the event for the course's history.
// It runs on the new course, after the event is known to be accepted, before
// the event is added to the history; what it keeps is its own copy.
func (c *Course) record(e event.Event, on trigger, day meso.Date, at time.Time) event.Event {
	kept := e
	switch e := e.(type) {
	case event.Screened:
		if e.Result.Findings != nil { // the only part of an event a caller could change after
			e.Result = e.Result.Clone()
			kept = e
		}
		c.screenAt = c.events // the new course's count: 1 + the event's index
		if on == onScreenedDeferred {
			c.edit().hold = event.Hold{At: at, Reason: "screening deferred", Until: e.Result.Until}
		}
		if on == onScreenedRefused {
			c.edit().endReason = "screening refused"
		}
	case event.TestInjection:
		f := c.edit()
		f.testAt = at
		if on == onTestReaction {
			f.halt, c.haltedBy = event.AdverseEvent{At: at, Note: e.Reaction}, event.KindTestInjection
		}
	case event.SessionPerformed:
		p, done := c.current()
		c.lastDay = day
		c.count++
		c.prog, c.due, _ = c.prog.Step(p, done, day) // due stays zero on error; next asks again
	case event.SessionMissed:
		c.missed++
	case event.Hold:
		e.At = at
		c.edit().hold = e
	case event.AdverseEvent:
		if on == onAdverseSevere && c.state != Halted {
			e.At = at
			c.edit().halt, c.haltedBy = e, event.KindAdverseEvent
		}
	case event.Review:
		f := c.edit()
		switch e.Outcome {
		case event.OutcomeChangePreparation:
			f.preparation, f.testAt = e.Preparation, time.Time{}
		case event.OutcomeStop:
			f.endReason = "stopped on review"
			if e.Note != "" {
				f.endReason += ": " + e.Note
			}
		}
		f.halt, c.haltedBy = event.AdverseEvent{}, 0
	case event.PreparationChanged:
		f := c.edit()
		f.preparation = e.Preparation
		f.testAt = time.Time{} // a new preparation needs its own test injection
	case event.MainCourseCompleted:
		c.main = c.count
	case event.MaintenanceStarted:
		f := c.edit()
		f.maintenance = monthlyMaintenance()
		// Check let through the zero Protocol, for monthly maintenance, or
		// a valid one, which has an id.
		if e.Protocol.ID != "" {
			e.Protocol = e.Protocol.Clone()
			f.maintenance, kept = &e.Protocol, e // one copy, for both
		}
		c.prog, c.due = schedule.Progress{}, schedule.Due{}
	case event.Close:
		c.edit().endReason = e.Note
	case event.Cancel:
		c.edit().endReason = e.Reason
	}
	if (on == onResume || (on == onScreenedClear && c.state == OnHold)) && c.about.hold != (event.Hold{}) {
		c.edit().hold = event.Hold{}
	}
	return kept
}

// monthlyMaintenance is the built-in maintenance protocol that a
// MaintenanceStarted without a protocol starts, made once and shared, never
// changed, by every course in maintenance.
var monthlyMaintenance = sync.OnceValue(func() *schedule.Protocol {
	p, _ := schedule.Lookup(schedule.MonthlyMaintenance)
	return &p
})

// State returns where the course is in its life.
func (c Course) State() State { return c.state }

// Protocol returns the main course's protocol.
func (c Course) Protocol() schedule.Protocol {
	if c.facts().protocol == nil {
		return schedule.Protocol{}
	}
	return c.about.protocol.Clone()
}

// MaintenanceProtocol returns the maintenance protocol, once maintenance has
// started.
func (c Course) MaintenanceProtocol() (schedule.Protocol, bool) {
	if c.facts().maintenance == nil {
		return schedule.Protocol{}, false
	}
	return c.about.maintenance.Clone(), true
}

// Preparation returns the preparation in use.
func (c Course) Preparation() string { return c.facts().preparation }

// Screening returns the latest screening result and when it was recorded:
// a copy, which the caller may change.
func (c Course) Screening() (screening.Result, time.Time) {
	s, ok := latestScreening(c.hist, c.screenAt)
	if !ok {
		return screening.Result{}, time.Time{}
	}
	return s.Result.Clone(), s.At.In(c.about.zone)
}

// latestScreening returns the latest screening a course recorded, the event
// at screenAt-1 in its history hist, as the history keeps it: its result is
// the course's, not to be changed.
func latestScreening(hist *history, screenAt int32) (event.Screened, bool) {
	if screenAt == 0 {
		return event.Screened{}, false
	}
	s, ok := hist.at(screenAt - 1).(event.Screened)
	return s, ok
}

// TestInjection returns when the test injection for the current preparation
// was given; zero before it, or after a change of preparation.
func (c Course) TestInjection() time.Time { return c.facts().testAt }

// Sessions returns the instants of every session performed, main course and
// maintenance, in order.
func (c Course) Sessions() []time.Time {
	out := make([]time.Time, c.count)
	i := len(out) - 1
	for h := c.hist; h != nil && i >= 0; h = h.prev {
		for j := min(c.events-h.base, historyChunk) - 1; j >= 0 && i >= 0; j-- {
			if s, ok := h.events[j].(event.SessionPerformed); ok {
				out[i] = s.At.In(c.about.zone)
				i--
			}
		}
	}
	return out
}

// Done returns how many sessions of the protocol in force are done: the main
// course's, or in maintenance the maintenance sessions.
func (c Course) Done() int {
	_, done := c.current()
	return done
}

// Remaining returns how many sessions of the main course's plan are still to
// come (0 once it is complete), or in maintenance how many more the
// maintenance protocol's default count asks for.
func (c Course) Remaining() int {
	p, done := c.current()
	if p == nil {
		return 0
	}
	target := c.facts().target
	if p.Maintenance {
		target = p.Sessions.Default
	} else if c.main > 0 {
		return 0
	}
	return max(target-done, 0)
}

// Missed returns how many sessions the patient missed.
func (c Course) Missed() int { return int(c.missed) }

// Hold returns the hold in force, while the course is on hold.
func (c Course) Hold() (event.Hold, bool) { return c.facts().hold, c.state == OnHold }

// Halt returns the adverse event that halted the course, while it is
// halted; a reaction to the test injection is an AdverseEvent with zero
// Complication and the reaction as its Note.
func (c Course) Halt() (event.AdverseEvent, bool) { return c.facts().halt, c.state == Halted }

// EndReason returns why the course was closed or cancelled.
func (c Course) EndReason() string { return c.facts().endReason }

// Next returns the window of the next session of the protocol in force. The
// first session's window opens the day after the test injection and closes
// event.Safety.TestLeadDays after it (the day after, by default: S2); before the
// test it opens on the day of the course's last event and has no Latest. The
// first maintenance session's window is the maintenance protocol's gap after
// the main course's last session. A course
// that is closed, cancelled, or whose protocol has all its sessions has no
// next session: an error wrapping ErrTerminal or ErrTooManySessions.
func (c Course) Next() (schedule.Due, error) {
	p, done := c.current()
	switch {
	case p == nil:
		return schedule.Due{}, &meso.FieldError{Field: "course", Err: fmt.Errorf("%w: the zero Course; make one with NewCourse", meso.ErrMissing)}
	case c.state.Terminal():
		return schedule.Due{}, ErrTerminal
	case done >= p.Sessions.Max, c.main > 0 && c.facts().maintenance == nil:
		return schedule.Due{}, ErrTooManySessions
	}
	if done == 0 && c.count > 0 { // maintenance: its gap after the main course's last session
		g := p.Phases[0].Gap
		last := c.lastDay
		return schedule.Due{Session: 1, Phase: p.Phases[0].Name, Earliest: last.AddDays(g.Min), Preferred: last.AddDays(g.Preferred), Latest: last.AddDays(g.Max)}, nil
	}
	if done == 0 {
		first, latest := meso.DateOf(c.last), meso.Date{}
		if !c.facts().testAt.IsZero() {
			test := meso.DateOf(c.about.testAt)
			first, latest = test.AddDays(1), test.AddDays(c.about.safety.TestLeadDays)
		}
		return schedule.Due{Session: 1, Phase: p.Phases[0].Name, Earliest: first, Preferred: first, Latest: latest}, nil
	}
	return c.next(p, done)
}

// next returns the window of the session after the done ones of p: the one
// worked out when the last was recorded, or, when that failed, the protocol's
// answer again with its error.
func (c *Course) next(p *schedule.Protocol, done int) (schedule.Due, error) {
	if c.due.Session == done+1 {
		return c.due, nil
	}
	return c.prog.Next(p, done)
}

// Reschedule plans the rest of the protocol in force from the date from, in
// the calendar cal: the sessions performed keep their instants, and the
// remaining ones follow the gap rules from the last of them. After a missed
// session, this is how the schedule shifts.
func (c Course) Reschedule(from meso.Date, cal clinic.Calendar) ([]schedule.Appointment, error) {
	p, done := c.current()
	if p == nil {
		return nil, &meso.FieldError{Field: "course", Err: fmt.Errorf("%w: the zero Course; make one with NewCourse", meso.ErrMissing)}
	}
	performed := c.Sessions()[int(c.count)-done:]
	target := c.facts().target
	if p.Maintenance {
		target = p.Sessions.Default
	}
	return p.Reschedule(performed, from, max(target, done), cal)
}
