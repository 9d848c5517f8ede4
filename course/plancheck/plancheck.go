package plancheck

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/internal/fault"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/enum"
	"github.com/mesokit/meso/screening"
)

// Limits on what Plan.Check accepts besides the appointments, whose number
// MaxSessions bounds.
const (
	MaxPlannedEvents = 100 // planned events in one plan
	MaxEventDays     = 366 // the longest planned event, in days of 24 hours
)

// ConflictKind is what a Conflict is about. Its text form is its id, as in
// "requirement-in-window"; the ids are part of the API.
//
// Its values: RequirementInWindow, AppointmentDeferred, AppointmentRefused,
// EventInWindow, EventBeforeSession, AppointmentCaution, SessionInWindow and
// SessionTooClose.
type ConflictKind uint8

// The kinds of conflict. The zero ConflictKind is none.
const (
	// RequirementInWindow: something the patient must do before a session
	// (an aftercare step of kind Do, such as washing the hair the day
	// before, S0 and S4) falls, in whole or in part, inside a window in
	// which an earlier session restricts the same activity (no washing for
	// 72 hours, S2).
	RequirementInWindow ConflictKind = iota + 1
	// AppointmentDeferred: screening defers the patient on an appointment's
	// date (a last dose of anticoagulants within 10 days, S2).
	AppointmentDeferred
	// AppointmentRefused: screening refuses the patient on an appointment's
	// date (the patient turns 66 during the course, S2).
	AppointmentRefused
	// EventInWindow: a planned event falls inside a window in which a
	// session restricts its activity (an X-ray within 3 days, S1).
	EventInWindow
	// EventBeforeSession: a planned event falls inside an aftercare step of
	// kind Avoid before a session (sunbathing the day before, S2).
	EventBeforeSession
	// AppointmentCaution: screening gives a caution verdict on an
	// appointment's date: the session may go ahead at the clinician's
	// judgement only (a possible allergy not ruled out, S1 and S2).
	AppointmentCaution
	// SessionInWindow: a session starts inside a window in which an earlier
	// session forbids touching the scalp or putting medicine on it (S3): two
	// sessions the same day.
	SessionInWindow
	// SessionTooClose: a session is fewer calendar days after the one
	// before than Plan.MinGap, the protocol's shortest gap.
	SessionTooClose

	numConflictKinds = iota + 1
)

var conflictKindText = &enum.Table{Type: "ConflictKind", What: "conflict kind", Unknown: meso.ErrUnknown, Names: []string{
	RequirementInWindow: "requirement-in-window",
	AppointmentDeferred: "appointment-deferred",
	AppointmentRefused:  "appointment-refused",
	EventInWindow:       "event-in-window",
	EventBeforeSession:  "event-before-session",
	AppointmentCaution:  "appointment-caution",
	SessionInWindow:     "session-in-window",
	SessionTooClose:     "session-too-close",
}}

// String returns the kind's id, as in "event-in-window".
func (k ConflictKind) String() string { return enum.String(conflictKindText, k) }

// MarshalText returns the kind's id; the zero kind has none and is an error.
func (k ConflictKind) MarshalText() ([]byte, error) { return enum.Marshal(conflictKindText, k) }

// UnmarshalText reads a kind's id; an unknown one is an error wrapping
// ErrUnknown.
func (k *ConflictKind) UnmarshalText(text []byte) error {
	return enum.Unmarshal(conflictKindText, text, k)
}

// SideKind is what one side of a Conflict is. Its text form is its id, as in
// "window".
//
// Its values: StepSide, WindowSide, AppointmentSide, ScreeningSide,
// EventSide, TestInjectionSide and GapSide.
type SideKind uint8

// The kinds of side. The zero SideKind is none.
const (
	StepSide          SideKind = iota + 1 // an aftercare step before a session
	WindowSide                            // a restriction window after sessions
	AppointmentSide                       // an appointment, at its start
	ScreeningSide                         // a screening verdict over days
	EventSide                             // a planned event of the patient's
	TestInjectionSide                     // the test injection before session 1, at its start
	GapSide                               // the shortest gap a protocol allows after a session
)

var sideKindText = &enum.Table{Type: "SideKind", What: "side kind", Unknown: meso.ErrUnknown, Names: []string{
	StepSide:          "step",
	WindowSide:        "window",
	AppointmentSide:   "appointment",
	ScreeningSide:     "screening",
	EventSide:         "event",
	TestInjectionSide: "test-injection",
	GapSide:           "gap",
}}

// String returns the side kind's id: "step", "window", "appointment",
// "screening" or "event".
func (k SideKind) String() string { return enum.String(sideKindText, k) }

// MarshalText returns the side kind's id; the zero kind has none and is an
// error.
func (k SideKind) MarshalText() ([]byte, error) { return enum.Marshal(sideKindText, k) }

// UnmarshalText reads a side kind's id; an unknown one is an error wrapping
// ErrUnknown.
func (k *SideKind) UnmarshalText(text []byte) error { return enum.Unmarshal(sideKindText, text, k) }

// PlannedEvent is something the patient plans to do that a session may
// restrict or forbid: an X-ray at an instant, a week in the sun at the sea.
// An event is an instant when Until is zero or equal to From, and otherwise
// the span from From (inclusive) until Until (exclusive).
type PlannedEvent struct {
	Name     string             `json:"name,omitempty"` // what the patient calls it; "" names it by its activity
	Activity aftercare.Activity `json:"activity"`       // what it involves, as aftercare restricts it
	From     time.Time          `json:"from"`
	Until    time.Time          `json:"until,omitzero"` // left out of JSON for an event at one instant
}

// Plan is a planned course and what Check checks it against: the aftercare
// policy, optionally the patient's screening intake, and the patient's own
// planned events.
type Plan struct {
	// Appointments are the sessions in order, as schedule.Protocol.Expand or Reschedule give
	// them: numbers and start instants strictly increasing. The session
	// numbered 1 is the first of its course (the allergy test comes before
	// it, and no other).
	Appointments []schedule.Appointment `json:"appointments"`
	// Aftercare decides the restriction windows after each session and the
	// steps before it; it is required (aftercare.DefaultPolicy() for the
	// strictest stated durations).
	Aftercare *aftercare.Policy `json:"aftercare"`
	// Intake, when not nil, is screened on each appointment's date under
	// Screening; nil skips screening, and then Screening must be zero.
	Intake    *screening.Intake `json:"intake,omitempty"`
	Screening screening.Options `json:"screening,omitzero"`
	// Events are the patient's planned events, in any order.
	Events []PlannedEvent `json:"events,omitempty"`
	// TestInjection, when not zero, is when the test injection goes ahead
	// (schedule.TestInjection): it is screened as an appointment is, and
	// must come before the first appointment.
	TestInjection time.Time `json:"test_injection,omitzero"`
	// MinGap, when not 0, is the shortest gap in calendar days the course's
	// protocol allows between two sessions (Protocol.MinGap): a session
	// closer to the one before is a SessionTooClose conflict.
	MinGap int `json:"min_gap,omitempty"`
}

// ConflictSide is one side of a Conflict: what the plan asks of the patient
// or what the patient plans (Conflict.Planned), or what forbids it
// (Conflict.Restriction). Which fields a side fills depends on its Kind.
type ConflictSide struct {
	Kind SideKind
	// Sessions are the numbers (Appointment.N) of the sessions the side
	// belongs to: the session a step comes before; the appointment; for a
	// window, the sessions whose own windows reach into the other side. A
	// planned event and a screening verdict belong to no session.
	Sessions []int
	// Instruction is the aftercare instruction's id, for a step.
	Instruction string
	// Activity is the activity of a step, window or event; zero otherwise
	// (and for a step about something else, such as alcohol).
	Activity aftercare.Activity
	// Event is the planned event's name, for an event.
	Event string
	// Verdict and Rules are, for a screening verdict, the verdict on the
	// appointment's date and the ids of the rules that give it.
	Verdict screening.Verdict
	Rules   []string
	// From and Until are when the side holds: Until is exclusive, and equal
	// to From for an instant (an appointment's start, an event at one time).
	// A window's span is the whole merged window of its activity (see
	// aftercare.Policy.Course). A screening verdict holds from the start of
	// the appointment's date until the start of the first date a session may
	// go ahead; Until is zero when that date is not known (a refusal, a
	// deferral until recovered).
	From, Until time.Time
	// Sources are the documents that state the side, as seed file names:
	// the instruction's, the policy rule's, or the screening rules'. A
	// planned event and an appointment have none.
	Sources []string
	// PolicyDefault says that the side's length is the policy's choice, not
	// a source's: no source states how long before a session to avoid
	// sunbathing, or how long a restriction lasts.
	PolicyDefault bool
}

// Conflict is a place where a plan contradicts itself: something the plan
// asks of the patient, or the patient plans, falls where a rule forbids it.
type Conflict struct {
	Kind ConflictKind
	// From and Until are where the two sides meet: the part of a
	// requirement or an event that is blocked, and for an appointment or an
	// event at one instant, that instant (Until equal to From).
	From, Until time.Time
	Planned     ConflictSide // the step, appointment or event that is blocked
	Restriction ConflictSide // the window, screening verdict or step that blocks it
	Message     string       // the conflict in plain words, for clinic staff
}

// Check lists every conflict of the plan, in order of Conflict.From, then
// of kind, then of session and planned event:
//
//   - RequirementInWindow: a step of kind Do before a session, with an
//     activity, meets a restriction window of that activity. A step partly
//     covered is a conflict too: the windows intersect, and the patient
//     cannot do all of what is asked. Conflict.From and Until say which part
//     is blocked, and the message how much of it.
//   - AppointmentDeferred and AppointmentRefused: screening the intake on an
//     appointment's date (in the appointment's location) defers or refuses.
//   - EventInWindow: a planned event meets a restriction window of its
//     activity.
//   - EventBeforeSession: a planned event meets a step of kind Avoid of its
//     activity before a session.
//   - AppointmentCaution: screening gives caution on an appointment's
//     date; reported on its own, since the session may go ahead only at the
//     clinician's judgement.
//   - SessionInWindow: a session starts inside an earlier session's window
//     of touch-scalp or scalp-medication (two sessions the same day).
//   - SessionTooClose: with MinGap set, a session fewer calendar days (in
//     its location) after the one before than MinGap.
//
// With TestInjection set, its date is screened as an appointment's is: a
// deferral, refusal or caution then has a Planned side of kind
// TestInjectionSide.
//
// The washing conflict (washing the hair the day before a session, S0 and
// S4, inside the 72 hours without washing after the one before, S2) comes
// with every protocol whose gap is 3 days or less: before every session but
// the first of every-2-3-days, and of twice-weekly (fully after a gap of 3
// days, partly after one of 4). The sources disagree there; the clinician
// says which rule holds.
//
// Spans meet when they share an instant; an event at one instant meets a
// span that contains it. A window is a merged window of the course
// (aftercare.Policy.Course): one conflict per requirement or event and merged
// window it meets, naming the sessions whose own windows reach into it. The
// steps are those aftercare.Policy.Steps gives; steps without an activity
// (no alcohol, the allergy test) conflict with nothing.
//
// Bad input is a *FieldError naming the field and value: a nil Aftercare
// policy ("aftercare"); more than MaxSessions appointments, or numbers or
// starts that do not increase ("appointments[3].start"); screening options
// without an intake; an intake or options screening rejects
// ("screening.medications[0].last_dose"); an appointment before the
// patient's birth date; more than MaxPlannedEvents events, an event with no start,
// an end before its start, a span over MaxEventDays days, an unknown
// activity or a bad name ("events[1].until"). Check reads no clock: the same
// plan gives the same conflicts. Its cost grows with the number of sessions
// times the number of events, and with the conflicts it finds.
func (p Plan) Check() ([]Conflict, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	as := p.Appointments
	if len(as) == 0 {
		return nil, nil
	}
	var buf [32]time.Time
	starts := buf[:0]
	for _, a := range as {
		starts = append(starts, a.Start)
	}
	c := checker{policy: p.Aftercare, as: as, r: p.Aftercare.Course(starts...)}
	events := sortedEvents(p.Events)

	// The steps before each session are placed here rather than by
	// aftercare.Policy.Steps, which gives every step of a session: only the
	// steps with an activity can conflict, and Avoid steps only with an
	// event of their activity. The tests check these steps against
	// Policy.Steps.
	rules := stepRules(p.Aftercare, events)
	for i, a := range as {
		for _, r := range rules {
			if r.in.FirstOnly && a.N != 1 {
				continue
			}
			if r.in.Ask == aftercare.Do {
				// A step ends by its session and starts at most Days
				// calendar days before its day: with no window in the
				// days before (two more for clock changes), it meets none.
				lo := a.Start.Add(-time.Duration(r.lead.Days+2) * 24 * time.Hour)
				// A step with no instant (the day before is one a
				// zone skipped) meets nothing either.
				if aw := c.of(r.in.Activity); len(c.meeting(aw, lo, a.Start)) > 0 {
					if s := r.step(p.Aftercare, a.Start); s.From.Before(s.Until) {
						c.requirement(i, s, r)
					}
				}
				continue
			}
			s := r.step(p.Aftercare, a.Start)
			for _, e := range events {
				if e.Activity == s.Activity && meets(e, s.From, s.Until) {
					c.eventBeforeSession(i, s, r, e)
				}
			}
		}
	}
	for _, e := range events {
		c.eventInWindows(e)
	}
	c.sessionsTooClose(p.MinGap)
	if p.Intake != nil {
		if err := c.screen(*p.Intake, p.Screening, p.TestInjection); err != nil {
			return nil, err
		}
	}
	sortConflicts(c.out)
	return c.out, nil
}

// sortConflicts sorts conflicts by From, then kind, keeping the order they
// were found in otherwise. They come mostly in order; a Conflict is large,
// so the order is found on indices and then applied, each conflict moving
// once.
func sortConflicts(cs []Conflict) {
	order := func(a, b *Conflict) int { return cmp.Or(a.From.Compare(b.From), cmp.Compare(a.Kind, b.Kind)) }
	if slices.IsSortedFunc(cs, func(a, b Conflict) int { return order(&a, &b) }) {
		return
	}
	idx := make([]int, len(cs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int { return order(&cs[i], &cs[j]) })
	// cs[k] takes cs[idx[k]]: follow each cycle of the permutation.
	for start := range idx {
		if idx[start] < 0 {
			continue
		}
		held := cs[start]
		k := start
		for {
			next := idx[k]
			idx[k] = -1
			if next == start {
				cs[k] = held
				break
			}
			cs[k] = cs[next]
			k = next
		}
	}
}

// check checks the plan's input, before any work.
func (p *Plan) check() error {
	if p.Aftercare == nil || p.Aftercare.Name() == "" {
		// The zero aftercare.Policy restricts nothing: checking against it
		// would find no conflict, silently.
		return &meso.FieldError{Field: "aftercare", Err: fmt.Errorf("%w: an aftercare policy is required (aftercare.DefaultPolicy())", meso.ErrMissing)}
	}
	as := p.Appointments
	if len(as) > schedule.MaxSessions {
		return &meso.FieldError{Field: "appointments", Value: strconv.Itoa(len(as)),
			Err: fmt.Errorf("%w: at most %d appointments", meso.ErrTooLarge, schedule.MaxSessions)}
	}
	field := func(list string, i int, name string) string { return list + "[" + strconv.Itoa(i) + "]." + name }
	for i, a := range as {
		switch {
		case a.N < 1:
			return &meso.FieldError{Field: field("appointments", i, "n"), Value: strconv.Itoa(a.N), Err: fmt.Errorf("%w: a session's number is 1 or more", meso.ErrInvalid)}
		case i > 0 && a.N <= as[i-1].N:
			return &meso.FieldError{Field: field("appointments", i, "n"), Value: strconv.Itoa(a.N),
				Err: fmt.Errorf("%w: not after appointments[%d].n = %d", meso.ErrInvalid, i-1, as[i-1].N)}
		case a.Start.IsZero():
			return &meso.FieldError{Field: field("appointments", i, "start"), Err: fmt.Errorf("%w: no start instant", meso.ErrMissing)}
		case i > 0 && !a.Start.After(as[i-1].Start):
			return &meso.FieldError{Field: field("appointments", i, "start"), Value: a.Start.Format(time.RFC3339Nano),
				Err: fmt.Errorf("%w: not after appointments[%d].start = %s", meso.ErrInvalid, i-1, as[i-1].Start.Format(time.RFC3339Nano))}
		}
	}
	if p.Intake == nil {
		o := p.Screening
		if o.Preparation != "" || len(o.Added) > 0 || o.Policy != nil || o.Catalog != nil {
			return &meso.FieldError{Field: "screening", Err: fmt.Errorf("%w: screening options without an intake to screen", meso.ErrInvalid)}
		}
	}
	switch {
	case p.MinGap < 0 || p.MinGap > schedule.MaxGapDays:
		return &meso.FieldError{Field: "min_gap", Value: strconv.Itoa(p.MinGap), Err: fmt.Errorf("%w: want 0 to %d days", meso.ErrInvalid, schedule.MaxGapDays)}
	case !p.TestInjection.IsZero() && len(as) > 0 && !p.TestInjection.Before(as[0].Start):
		return &meso.FieldError{Field: "test_injection", Value: p.TestInjection.Format(time.RFC3339Nano),
			Err: fmt.Errorf("%w: not before appointments[0].start = %s", meso.ErrInvalid, as[0].Start.Format(time.RFC3339Nano))}
	}
	if len(p.Events) > MaxPlannedEvents {
		return &meso.FieldError{Field: "events", Value: strconv.Itoa(len(p.Events)),
			Err: fmt.Errorf("%w: at most %d planned events", meso.ErrTooLarge, MaxPlannedEvents)}
	}
	for i, e := range p.Events {
		switch {
		case e.Activity.Phrase() == "": // only an invalid activity has no phrase
			return &meso.FieldError{Field: field("events", i, "activity"), Value: e.Activity.String(),
				Err: fmt.Errorf("%w activity: want one of aftercare.Activities()", meso.ErrUnknown)}
		case e.From.IsZero():
			return &meso.FieldError{Field: field("events", i, "from"), Err: fmt.Errorf("%w: no start instant", meso.ErrMissing)}
		case !e.Until.IsZero() && e.Until.Before(e.From):
			return &meso.FieldError{Field: field("events", i, "until"), Value: e.Until.Format(time.RFC3339Nano),
				Err: fmt.Errorf("%w: before the event's start %s", meso.ErrInvalid, e.From.Format(time.RFC3339Nano))}
		case !e.Until.IsZero() && e.Until.Sub(e.From) > MaxEventDays*24*time.Hour:
			return &meso.FieldError{Field: field("events", i, "until"), Value: e.Until.Format(time.RFC3339Nano),
				Err: fmt.Errorf("%w: an event lasts at most %d days from its start %s", meso.ErrTooLarge, MaxEventDays, e.From.Format(time.RFC3339Nano))}
		}
		if e.Name != "" {
			if err := fault.CheckText(e.Name, meso.MaxNameLen); err != nil {
				return &meso.FieldError{Field: field("events", i, "name"), Value: e.Name, Err: err}
			}
		}
	}
	return nil
}

// event is a planned event as Check uses it: a span, an instant being the
// span of one nanosecond, so that it meets a span exactly when the span
// contains it.
type event struct {
	PlannedEvent
	from, until time.Time
}

func (e *event) instant() bool { return !e.Until.After(e.From) }

// name is the event's name, or its activity's id when it has none.
func (e *event) name() string {
	if e.Name != "" {
		return e.Name
	}
	return e.Activity.String()
}

// sortedEvents returns the events in an order that does not depend on the
// order they were given in.
func sortedEvents(es []PlannedEvent) []event {
	if len(es) == 0 {
		return nil
	}
	out := make([]event, len(es))
	for i, e := range es {
		until := e.Until
		if !until.After(e.From) {
			until = e.From.Add(1)
		}
		out[i] = event{PlannedEvent: e, from: e.From, until: until}
	}
	slices.SortStableFunc(out, func(a, b event) int {
		return cmp.Or(a.from.Compare(b.from), a.until.Compare(b.until), cmp.Compare(a.Activity, b.Activity), strings.Compare(a.Name, b.Name))
	})
	return out
}

// meets reports whether e shares an instant with the span from until. An
// empty span (a step on the day of a session at midnight) has no instant.
func meets(e event, from, until time.Time) bool {
	return from.Before(until) && e.from.Before(until) && from.Before(e.until)
}

// stepRule is an instruction before a session that can conflict, with the
// policy's lead for it.
type stepRule struct {
	in   *aftercare.Instruction
	lead aftercare.Lead
}

// stepRules returns the timed instructions of the policy that can conflict:
// those of kind Do with an activity, and those of kind Avoid whose activity
// one of the events involves.
func stepRules(p *aftercare.Policy, events []event) []stepRule {
	var out []stepRule
	table := instructions()
	for i := range table {
		in := &table[i]
		switch {
		case in.Activity == 0:
			continue
		case in.Ask == aftercare.Avoid:
			if !slices.ContainsFunc(events, func(e event) bool { return e.Activity == in.Activity }) {
				continue
			}
		case in.Ask != aftercare.Do:
			continue
		}
		if lead, err := p.Lead(in.ID); err == nil {
			out = append(out, stepRule{in: in, lead: lead})
		}
	}
	return out
}

// step places the instruction before the session that starts at session, on
// date in loc, as aftercare.Policy.Steps does: from local midnight lead days
// before the session's day, until the session or, for a whole-day
// instruction, until the end of that day.
func (r *stepRule) step(p *aftercare.Policy, session time.Time) aftercare.Step {
	s, _ := p.Step(r.in.ID, session) // the rule is one of p's steps
	return s
}

// instructions is aftercare's table of instructions, read once and never
// changed.
var instructions = sync.OnceValue(aftercare.Instructions)

// checker is the state of one Check.
type checker struct {
	policy *aftercare.Policy
	as     []schedule.Appointment
	r      aftercare.Timeline
	// windows caches r.Of and the policy's rule per activity, looked up
	// only when needed.
	windows []activityWindows
	out     []Conflict
	ints    []int    // an arena for the sessions of the sides
	strs    []string // an arena for their sources
	msg     []byte   // a buffer for messages
}

type activityWindows struct {
	activity aftercare.Activity
	windows  []aftercare.Window
	rule     aftercare.Restriction
}

func (c *checker) of(a aftercare.Activity) *activityWindows {
	for i := range c.windows {
		if c.windows[i].activity == a {
			return &c.windows[i]
		}
	}
	rule, _ := c.policy.Restriction(a) // a is the activity of a window: valid
	c.windows = append(c.windows, activityWindows{activity: a, windows: c.r.Of(a), rule: rule})
	return &c.windows[len(c.windows)-1]
}

// meeting returns the merged windows of aw that share an instant with the
// span from until.
func (c *checker) meeting(aw *activityWindows, from, until time.Time) []aftercare.Window {
	ws := aw.windows
	i, _ := slices.BinarySearchFunc(ws, from, func(w aftercare.Window, t time.Time) int {
		if w.Until.After(t) {
			return 1
		}
		return -1
	})
	j := i
	for j < len(ws) && ws[j].From.Before(until) {
		j++
	}
	return ws[i:j]
}

// sessionsIn returns the numbers of the sessions whose own windows of aw
// lie inside the merged window w and share an instant with the span from
// until.
func (c *checker) sessionsIn(aw *activityWindows, w aftercare.Window, from, until time.Time) []int {
	// A session's window [s, s+d) meets [from, until) when from-d < s < until.
	d := aw.rule.Duration + c.policy.Session().Duration
	j, _ := slices.BinarySearchFunc(c.as, from, func(a schedule.Appointment, t time.Time) int {
		if a.Start.Add(d).After(t) {
			return 1
		}
		return -1
	})
	lo := len(c.ints)
	for ; j < len(c.as) && c.as[j].Start.Before(until); j++ {
		if s := c.as[j].Start; !s.Before(w.From) && s.Before(w.Until) {
			c.ints = append(c.ints, c.as[j].N)
		}
	}
	return c.ints[lo:len(c.ints):len(c.ints)]
}

// session returns the numbers of one session, from the arena.
func (c *checker) session(n int) []int {
	c.ints = append(c.ints, n)
	return c.ints[len(c.ints)-1 : len(c.ints) : len(c.ints)]
}

// sources returns a copy of ss from the arena; none is an empty list, so
// that the JSON form says [].
func (c *checker) sources(ss []string) []string {
	lo := len(c.strs)
	c.strs = append(c.strs, ss...)
	if lo == len(c.strs) {
		return []string{}
	}
	return c.strs[lo:len(c.strs):len(c.strs)]
}

// add adds a conflict; a plan with one conflict often has one per session.
func (c *checker) add(conflict Conflict) {
	if c.out == nil {
		c.out = make([]Conflict, 0, len(c.as))
	}
	c.out = append(c.out, conflict)
}

// The arenas grow by chunks; a chunk once handed out is never written
// again, so that the slices Check returns do not share memory.
func (c *checker) reserve(ints, strs int) {
	if cap(c.ints)-len(c.ints) < ints {
		c.ints = make([]int, 0, max(64, ints))
	}
	if cap(c.strs)-len(c.strs) < strs {
		c.strs = make([]string, 0, max(64, strs))
	}
}

func (c *checker) windowSide(aw *activityWindows, w aftercare.Window, from, until time.Time) ConflictSide {
	return ConflictSide{
		Kind: WindowSide, Sessions: c.sessionsIn(aw, w, from, until), Activity: w.Activity,
		From: w.From, Until: w.Until, Sources: c.sources(aw.rule.Sources), PolicyDefault: aw.rule.PolicyDefault,
	}
}

func (c *checker) stepSide(i int, s aftercare.Step, r *stepRule) ConflictSide {
	return ConflictSide{
		Kind: StepSide, Sessions: c.session(c.as[i].N), Instruction: s.Instruction, Activity: s.Activity,
		From: s.From, Until: s.Until, Sources: c.sources(r.in.Sources), PolicyDefault: r.lead.PolicyDefault,
	}
}

func (c *checker) eventSide(e *event) ConflictSide {
	until := e.Until
	if e.instant() {
		until = e.From
	}
	return ConflictSide{Kind: EventSide, Event: e.name(), Activity: e.Activity, From: e.From, Until: until, Sources: []string{}}
}

// requirement adds a conflict for each merged window that meets step s of
// the appointment at index i.
func (c *checker) requirement(i int, s aftercare.Step, r stepRule) {
	aw := c.of(s.Activity)
	for _, w := range c.meeting(aw, s.From, s.Until) {
		c.reserve(1+len(c.as), len(r.in.Sources)+len(aw.rule.Sources))
		from, until := latest(s.From, w.From), earliest(s.Until, w.Until)
		planned, restriction := c.stepSide(i, s, &r), c.windowSide(aw, w, s.From, s.Until)
		// "session 2 (Wed 3 Mar 2027 10:00 CET) asks for wash-hair-day-before
		// on Tue 2 Mar 2027, but wash-hair is restricted for 72 h after
		// session 1, until Thu 4 Mar 2027 10:00 CET: all of it is blocked"
		m := c.msg[:0]
		m = appendSession(m, c.as[i])
		m = append(m, " asks for "...)
		m = append(m, s.Instruction...)
		m = append(m, ' ')
		m = appendStepWhen(m, s, r.in.WholeDay, c.as[i].Start)
		m = append(m, ", but "...)
		m = append(m, s.Activity.String()...)
		m = append(m, " is restricted "...)
		m = c.appendAfter(m, aw, restriction.Sessions)
		m = append(m, ": "...)
		m = appendBlocked(m, from, until, s.From, s.Until)
		c.msg = m
		c.add(Conflict{Kind: RequirementInWindow, From: from, Until: until, Planned: planned, Restriction: restriction, Message: string(m)})
	}
}

// eventBeforeSession adds the conflict of event e inside step s of the
// appointment at index i.
func (c *checker) eventBeforeSession(i int, s aftercare.Step, r stepRule, e event) {
	c.reserve(1, len(r.in.Sources))
	from, until := latest(s.From, e.from), earliest(s.Until, e.until)
	if e.instant() {
		until = from
	}
	// "the sea (from … until …) falls inside no-sunbathing-before, on Thu 4
	// Mar 2027, before session 3 (Fri 5 Mar 2027 10:00 CET): blocked from …"
	m := c.msg[:0]
	m = appendEvent(m, &e)
	m = append(m, " falls inside "...)
	m = append(m, s.Instruction...)
	m = append(m, ", "...)
	m = appendStepWhen(m, s, r.in.WholeDay, c.as[i].Start)
	m = append(m, ", before "...)
	m = appendSession(m, c.as[i])
	m = append(m, ": "...)
	m = appendEventBlocked(m, &e, from, until)
	c.msg = m
	c.add(Conflict{Kind: EventBeforeSession, From: from, Until: until, Planned: c.eventSide(&e), Restriction: c.stepSide(i, s, &r), Message: string(m)})
}

// eventInWindows adds a conflict for each merged window that e meets.
func (c *checker) eventInWindows(e event) {
	aw := c.of(e.Activity)
	for _, w := range c.meeting(aw, e.from, e.until) {
		c.reserve(len(c.as), len(aw.rule.Sources))
		from, until := latest(e.from, w.From), earliest(e.until, w.Until)
		if e.instant() {
			until = from
		}
		restriction := c.windowSide(aw, w, e.from, e.until)
		// "dental X-ray (at Wed 3 Mar 2027 09:00 CET) falls where x-ray is
		// restricted for 72 h after session 1, until …: at that instant"
		m := c.msg[:0]
		m = appendEvent(m, &e)
		m = append(m, " falls where "...)
		m = append(m, e.Activity.String()...)
		m = append(m, " is restricted "...)
		m = c.appendAfter(m, aw, restriction.Sessions)
		m = append(m, ": "...)
		m = appendEventBlocked(m, &e, from, until)
		c.msg = m
		c.add(Conflict{Kind: EventInWindow, From: from, Until: until, Planned: c.eventSide(&e), Restriction: restriction, Message: string(m)})
	}
}

// screen screens the intake on each appointment's date and adds a conflict
// for each date it defers or refuses.
func (c *checker) screen(in screening.Intake, opts screening.Options, test time.Time) error {
	s, err := screening.NewScreener(in, opts)
	if err != nil {
		return screeningError(err, "")
	}
	var buf [32]meso.Date
	dates := buf[:0]
	if !test.IsZero() {
		dates = append(dates, meso.DateOf(test))
	}
	for _, a := range c.as {
		dates = append(dates, meso.DateOf(a.Start))
	}
	vs, err := s.Verdicts(dates)
	if err != nil {
		return screeningError(err, "dates")
	}
	for k, v := range vs {
		var kind ConflictKind
		switch v.Verdict {
		case screening.Deferred:
			kind = AppointmentDeferred
		case screening.Refused:
			kind = AppointmentRefused
		case screening.Caution:
			kind = AppointmentCaution
		default:
			continue
		}
		i := k
		if !test.IsZero() {
			i--
		}
		res, err := s.Screen(v.Date)
		if err != nil {
			return screeningError(err, "")
		}
		var a schedule.Appointment
		if i >= 0 {
			a = c.as[i]
		} else {
			a = schedule.Appointment{Start: test} // N 0: the test injection
		}
		loc := a.Start.Location()
		side := ConflictSide{Kind: ScreeningSide, Verdict: v.Verdict, Sources: []string{}, From: v.Date.At(0, 0, loc)}
		if !v.Until.IsZero() {
			side.Until = v.Until.At(0, 0, loc)
		}
		for _, f := range res.Findings {
			if f.Severity.Verdict() == v.Verdict {
				side.Rules = append(side.Rules, f.Rule)
				side.Sources = appendNew(side.Sources, f.Sources...)
			}
		}
		// "session 2 (…): screening defers the patient on 2027-03-03 until
		// 2027-03-05, the first day a session may go ahead (anticoagulant)"
		m := appendSession(c.msg[:0], a)
		switch {
		case kind == AppointmentRefused:
			m = append(m, ": screening refuses the patient on "...)
			m = append(m, v.Date.String()...)
		case kind == AppointmentCaution:
			m = append(m, ": screening gives caution on "...)
			m = append(m, v.Date.String()...)
			m = append(m, ", a session may go ahead at the clinician's judgement"...)
		case v.Until.IsZero():
			m = append(m, ": screening defers the patient on "...)
			m = append(m, v.Date.String()...)
			m = append(m, " with no end date known"...)
		default:
			m = append(m, ": screening defers the patient on "...)
			m = append(m, v.Date.String()...)
			m = append(m, " until "...)
			m = append(m, v.Until.String()...)
			m = append(m, ", the first day a session may go ahead"...)
		}
		m = append(m, " ("...)
		m = append(m, strings.Join(side.Rules, ", ")...)
		m = append(m, ')')
		c.msg = m
		c.reserve(1, 0)
		planned := ConflictSide{Kind: AppointmentSide, Sessions: c.session(a.N), From: a.Start, Until: a.Start, Sources: []string{}}
		if i < 0 {
			planned.Kind, planned.Sessions = TestInjectionSide, nil // no session, as an event and a verdict have none
		}
		c.add(Conflict{Kind: kind, From: a.Start, Until: a.Start, Planned: planned, Restriction: side, Message: string(m)})
	}
	return nil
}

// sessionsTooClose adds a conflict for each session that starts inside a
// window of an earlier one in which the scalp must not be touched or
// treated, and, when minGap is not 0, for each fewer calendar days after
// the one before than minGap.
func (c *checker) sessionsTooClose(minGap int) {
	for i, a := range c.as {
		if i == 0 {
			continue
		}
		prev := c.as[i-1]
		loc := a.Start.Location()
		if days := meso.DateOf(a.Start).Sub(meso.DateOf(prev.Start.In(loc))); minGap > 0 && days < minGap {
			c.reserve(2, 0)
			// "session 3 (…) is 1 day after session 2 (…); the protocol
			// allows no fewer than 3"
			m := appendSession(c.msg[:0], a)
			m = append(m, " is "...)
			m = strconv.AppendInt(m, int64(days), 10)
			m = append(m, " days after "...)
			m = appendSession(m, prev)
			m = append(m, "; the protocol allows no fewer than "...)
			m = strconv.AppendInt(m, int64(minGap), 10)
			c.msg = m
			c.add(Conflict{Kind: SessionTooClose, From: a.Start, Until: a.Start,
				Planned: ConflictSide{Kind: AppointmentSide, Sessions: c.session(a.N), From: a.Start, Until: a.Start, Sources: []string{}},
				Restriction: ConflictSide{Kind: GapSide, Sessions: c.session(prev.N), From: prev.Start,
					Until: meso.DateOf(prev.Start.In(loc)).AddDays(minGap).At(0, 0, loc), Sources: []string{}},
				Message: string(m)})
		}
		for _, act := range [...]aftercare.Activity{aftercare.TouchScalp, aftercare.ScalpMedication} {
			aw := c.of(act)
			for _, w := range c.meeting(aw, a.Start, a.Start.Add(1)) {
				c.reserve(len(c.as), len(aw.rule.Sources))
				restriction := c.windowSide(aw, w, a.Start, a.Start.Add(1))
				// Only the earlier sessions' windows: a session's own
				// window starts with it.
				n := 0
				for _, s := range restriction.Sessions {
					if s < a.N {
						restriction.Sessions[n] = s
						n++
					}
				}
				if n == 0 {
					continue
				}
				restriction.Sessions = restriction.Sessions[:n:n]
				// "session 2 (…) starts where touch-scalp is restricted for
				// 4 h after session 1, until …"
				m := appendSession(c.msg[:0], a)
				m = append(m, " starts where "...)
				m = append(m, act.String()...)
				m = append(m, " is restricted "...)
				m = c.appendAfter(m, aw, restriction.Sessions)
				c.msg = m
				c.add(Conflict{Kind: SessionInWindow, From: a.Start, Until: a.Start,
					Planned:     ConflictSide{Kind: AppointmentSide, Sessions: c.session(a.N), Activity: act, From: a.Start, Until: a.Start, Sources: []string{}},
					Restriction: restriction, Message: string(m)})
			}
		}
	}
}

// screeningError turns an error of screening into a *FieldError under
// "screening", or, for a date of the list, under the appointment's start.
func screeningError(err error, list string) error {
	fe, ok := err.(*meso.FieldError)
	if !ok {
		return &meso.FieldError{Field: "screening", Err: err}
	}
	field := "screening." + fe.Field
	if list != "" && strings.HasPrefix(fe.Field, list+"[") {
		field = "appointments" + strings.TrimPrefix(fe.Field, list) + ".start"
	}
	return &meso.FieldError{Field: field, Value: fe.Value, Err: fe.Err}
}

// The layouts of instants and days in messages, in their own location:
// meso's for people.
const (
	stampLayout = meso.InstantLayout
	dayLayout   = meso.DayLayout
)

func appendStamp(m []byte, t time.Time) []byte { return t.AppendFormat(m, stampLayout) }

// appendSession writes "session 2 (Wed 3 Mar 2027 10:00 CET)".
func appendSession(m []byte, a schedule.Appointment) []byte {
	if a.N == 0 {
		m = append(m, "the test injection ("...)
		m = appendStamp(m, a.Start)
		return append(m, ')')
	}
	m = append(m, "session "...)
	m = strconv.AppendInt(m, int64(a.N), 10)
	m = append(m, " ("...)
	m = appendStamp(m, a.Start)
	return append(m, ')')
}

// appendStepWhen writes when a step before the session at session holds:
// "on Tue 2 Mar 2027" for a whole-day instruction, otherwise from when until
// when.
func appendStepWhen(m []byte, s aftercare.Step, wholeDay bool, session time.Time) []byte {
	if wholeDay {
		return s.From.AppendFormat(append(m, "on "...), dayLayout)
	}
	m = appendStamp(append(m, "from "...), s.From)
	if s.Until.Equal(session) {
		return append(m, " until the session"...)
	}
	return appendStamp(append(m, " until "...), s.Until)
}

// appendEvent writes an event's name and when it is: "dental X-ray (at Wed
// 3 Mar 2027 09:00 CET)".
func appendEvent(m []byte, e *event) []byte {
	m = append(m, e.name()...)
	if e.instant() {
		m = appendStamp(append(m, " (at "...), e.From)
	} else {
		m = appendStamp(append(m, " (from "...), e.From)
		m = appendStamp(append(m, " until "...), e.Until)
	}
	return append(m, ')')
}

// appendAfter writes which sessions' windows of an activity a side meets
// and when the last of them ends: "for 72 h after sessions 1, 2, until Sat
// 6 Mar 2027 10:00 CET".
func (c *checker) appendAfter(m []byte, aw *activityWindows, sessions []int) []byte {
	d := aw.rule.Duration
	m = append(m, "for "...)
	m = appendLength(m, d)
	m = append(m, " after the end of session"...)
	if len(sessions) > 1 {
		m = append(m, 's')
	}
	for i, n := range sessions {
		if i > 0 {
			m = append(m, ',')
		}
		m = strconv.AppendInt(append(m, ' '), int64(n), 10)
	}
	last := sessions[len(sessions)-1]
	j, _ := slices.BinarySearchFunc(c.as, last, func(a schedule.Appointment, n int) int { return cmp.Compare(a.N, n) })
	return appendStamp(append(m, ", until "...), c.as[j].Start.Add(c.policy.Session().Duration+d))
}

// appendLength writes a restriction's length as the sources do: "72 h", or
// "7 days" for whole weeks.
func appendLength(m []byte, d time.Duration) []byte {
	const day = 24 * time.Hour
	switch {
	case d%(7*day) == 0:
		return append(strconv.AppendInt(m, int64(d/day), 10), " days"...)
	case d%time.Hour == 0:
		return append(strconv.AppendInt(m, int64(d/time.Hour), 10), " h"...)
	}
	return append(m, d.String()...)
}

// appendBlocked writes how much of the span from0 until0 the part from
// until is: "all of it is blocked", or "blocked from … until …, 10 h of its
// 24 h".
func appendBlocked(m []byte, from, until, from0, until0 time.Time) []byte {
	if from.Equal(from0) && until.Equal(until0) {
		return append(m, "all of it is blocked"...)
	}
	m = appendStamp(append(m, "blocked from "...), from)
	m = appendStamp(append(m, " until "...), until)
	m = appendSpan(append(m, ", "...), until.Sub(from))
	return appendSpan(append(m, " of its "...), until0.Sub(from0))
}

func appendEventBlocked(m []byte, e *event, from, until time.Time) []byte {
	if e.instant() {
		return append(m, "at that instant"...)
	}
	return appendBlocked(m, from, until, e.From, e.Until)
}

// appendSpan writes a duration in days, hours and minutes, as in "2 d 10 h";
// under a minute as time.Duration does.
func appendSpan(m []byte, d time.Duration) []byte {
	if d < time.Minute {
		return append(m, d.String()...)
	}
	sep := false
	for _, u := range []struct {
		d    time.Duration
		name string
	}{{24 * time.Hour, " d"}, {time.Hour, " h"}, {time.Minute, " min"}} {
		if n := d / u.d; n > 0 {
			if sep {
				m = append(m, ' ')
			}
			m = append(strconv.AppendInt(m, int64(n), 10), u.name...)
			d -= n * u.d
			sep = true
		}
	}
	return m
}

func latest(a, b time.Time) time.Time {
	if a.Before(b) {
		return b
	}
	return a
}

func earliest(a, b time.Time) time.Time {
	if a.After(b) {
		return b
	}
	return a
}

func appendNew(dst []string, add ...string) []string {
	for _, s := range add {
		if !slices.Contains(dst, s) {
			dst = append(dst, s)
		}
	}
	return dst
}
