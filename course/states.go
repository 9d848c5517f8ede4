package course

import (
	"slices"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/internal/enum"
)

// State is where a course is in its life. Its name is its JSON form.
//
// Its values: Planned, Cleared, Ready, Active, OnHold, Halted, MainComplete,
// Maintenance, Closed and Cancelled.
type State uint8

// The states of a course. The zero State is none; a new course is Planned.
const (
	Planned      State = iota + 1 // waiting for screening
	Cleared                       // screening passed; waiting for the test injection (S2)
	Ready                         // test injection done without reaction; the first session may come
	Active                        // sessions under way
	OnHold                        // a temporary reason holds the course, until a date when known
	Halted                        // an adverse event awaits a clinician's review
	MainComplete                  // the main course is done
	Maintenance                   // maintenance sessions after the main course (S2)
	Closed                        // finished; accepts nothing more
	Cancelled                     // ended before its end; accepts nothing more

	numStates = iota + 1
)

var stateText = &enum.Table{Type: "State", What: "state", Unknown: meso.ErrUnknown, Names: []string{
	Planned:      "planned",
	Cleared:      "cleared",
	Ready:        "ready",
	Active:       "active",
	OnHold:       "on-hold",
	Halted:       "halted",
	MainComplete: "main-complete",
	Maintenance:  "maintenance",
	Closed:       "closed",
	Cancelled:    "cancelled",
}}

// String returns the state's name, as in "on-hold".
func (s State) String() string { return enum.String(stateText, s) }

// MarshalText returns the state's name.
func (s State) MarshalText() ([]byte, error) { return enum.Marshal(stateText, s) }

// UnmarshalText reads a state's name; an unknown one wraps ErrUnknown.
func (s *State) UnmarshalText(text []byte) error { return enum.Unmarshal(stateText, text, s) }

// Terminal reports whether s accepts no more events.
func (s State) Terminal() bool { return s == Closed || s == Cancelled }

// trigger is an event as the transition table sees it: its kind, and for
// the events whose content decides where the course goes, which way.
type trigger uint8

const (
	onScreenedClear trigger = iota + 1 // cleared or caution
	onScreenedDeferred
	onScreenedRefused
	onTestPassed
	onTestReaction
	onSession
	onMissed
	onHold
	onResume
	onAdverseMinor
	onAdverseSevere
	onReviewResume
	onReviewChange
	onReviewStop
	onPreparationChanged
	onMainCourseCompleted
	onMaintenanceStarted
	onClosed
	onCancelled
	onObservation

	numTriggers = iota + 1
)

// triggers names each trigger for the state diagram, with the event kind it
// comes from.
var triggers = [numTriggers]struct {
	label string
	kind  event.Kind
}{
	onScreenedClear:       {"screened (cleared or caution)", event.KindScreened},
	onScreenedDeferred:    {"screened (deferred)", event.KindScreened},
	onScreenedRefused:     {"screened (refused)", event.KindScreened},
	onTestPassed:          {"test injection (no reaction)", event.KindTestInjection},
	onTestReaction:        {"test injection (reaction)", event.KindTestInjection},
	onSession:             {"session performed", event.KindSessionPerformed},
	onMissed:              {"session missed", event.KindSessionMissed},
	onHold:                {"hold", event.KindHold},
	onResume:              {"resume", event.KindResume},
	onAdverseMinor:        {"adverse event (not severe)", event.KindAdverseEvent},
	onAdverseSevere:       {"adverse event (severe)", event.KindAdverseEvent},
	onReviewResume:        {"review (resume)", event.KindReview},
	onReviewChange:        {"review (change preparation)", event.KindReview},
	onReviewStop:          {"review (stop)", event.KindReview},
	onPreparationChanged:  {"preparation changed", event.KindPreparationChanged},
	onMainCourseCompleted: {"main course completed", event.KindMainCourseCompleted},
	onMaintenanceStarted:  {"maintenance started", event.KindMaintenanceStarted},
	onClosed:              {"closed", event.KindClosed},
	onCancelled:           {"cancelled", event.KindCancelled},
	onObservation:         {"observation", event.KindObservation},
}

// back is the target of a transition that returns the course to the state it
// was in before it was put on hold or halted.
const back State = numStates

// returnTo is where a transition to back on leads a course that was in s
// before its hold or halt: s itself, except that a course ready for its
// first session is ready no more when a review changes its preparation (the
// new one awaits its test injection), and that a screening which clears a
// patient held since before any clearance (a deferral at the first
// screening) is that clearance: the course is cleared, not planned again
// awaiting the screening it has just had.
func returnTo(on trigger, s State) State {
	switch {
	case on == onReviewChange && s == Ready:
		return Cleared
	case on == onScreenedClear && s == Planned:
		return Cleared
	}
	return s
}

// transition is a row of the transition table.
type transition struct {
	from State
	on   trigger
	to   State // back: the state before the hold or halt
}

// transitionRows is the life of a course: which events each state accepts and
// where they lead. It is the one place the rules of flow live; Apply's guards
// add the rules of time and count (see Apply), and the state diagram is drawn
// from it. The sources behind it: screening and an allergy test injection the
// day before the first procedure (S2); a change of cocktail after 2-3
// procedures (S2); necrosis, infection and a severe allergic reaction stop the
// procedure (S1, S2); warning signs need the clinic at once (S2);
// maintenance after the main course (S2); missed sessions delay the result
// (S4); shedding after the 2nd-3rd session is expected, not a failure (S0).
var transitionRows = []transition{
	// Screening, then the test injection.
	{Planned, onScreenedClear, Cleared},
	{Planned, onScreenedDeferred, OnHold},
	{Planned, onScreenedRefused, Cancelled},
	{Cleared, onTestPassed, Ready},
	{Cleared, onTestReaction, Halted},
	{Cleared, onScreenedClear, Cleared},
	{Cleared, onScreenedDeferred, OnHold},
	{Cleared, onScreenedRefused, Cancelled},
	{Cleared, onPreparationChanged, Cleared},

	// Ready for the first session.
	{Ready, onSession, Active},
	{Ready, onScreenedClear, Ready},
	{Ready, onScreenedDeferred, OnHold},
	{Ready, onScreenedRefused, Cancelled},
	{Ready, onPreparationChanged, Cleared}, // a new preparation needs a new test injection
	{Ready, onTestPassed, Ready},           // a test again, the day before the first session
	{Ready, onTestReaction, Halted},

	// The main course.
	{Active, onSession, Active},
	{Active, onMissed, Active},
	{Active, onScreenedClear, Active},
	{Active, onScreenedDeferred, OnHold},
	{Active, onScreenedRefused, Cancelled},
	{Active, onPreparationChanged, Active},
	{Active, onTestPassed, Active}, // the test of a new preparation (S2)
	{Active, onTestReaction, Halted},
	{Active, onMainCourseCompleted, MainComplete},

	// On hold: back where it was when the hold ends or a new screening
	// clears the patient.
	{OnHold, onResume, back},
	{OnHold, onScreenedClear, back},
	{OnHold, onScreenedDeferred, OnHold},
	{OnHold, onScreenedRefused, Cancelled},
	{OnHold, onMissed, OnHold},

	// Halted: a clinician decides. A change of preparation goes back too:
	// the course is where it was, and its next session needs a screening and
	// a test injection of the new preparation (the safety conditions).
	{Halted, onReviewResume, back},
	{Halted, onReviewChange, back},
	{Halted, onReviewStop, Closed},

	// After the main course.
	{MainComplete, onMaintenanceStarted, Maintenance},
	{MainComplete, onClosed, Closed},
	{MainComplete, onScreenedClear, MainComplete},
	{MainComplete, onScreenedDeferred, OnHold},
	{MainComplete, onScreenedRefused, Cancelled},
	{Maintenance, onSession, Maintenance},
	{Maintenance, onMissed, Maintenance},
	{Maintenance, onScreenedClear, Maintenance},
	{Maintenance, onScreenedDeferred, OnHold},
	{Maintenance, onScreenedRefused, Cancelled},
	{Maintenance, onPreparationChanged, Maintenance},
	{Maintenance, onTestPassed, Maintenance},
	{Maintenance, onTestReaction, Halted},
	{Maintenance, onClosed, Closed},
}

// everyLiveState lists the rows every state that is not terminal has: a hold
// (not while halted: the review comes first), adverse events (a severe one
// halts from anywhere), cancellation and observations, which change nothing.
func everyLiveState() []transition {
	var rows []transition
	for s := Planned; s < numStates; s++ {
		if s.Terminal() {
			continue
		}
		if s != Halted {
			rows = append(rows, transition{s, onHold, OnHold})
		}
		minor := s
		rows = append(rows,
			transition{s, onAdverseMinor, minor},
			transition{s, onAdverseSevere, Halted},
			transition{s, onCancelled, Cancelled},
			transition{s, onObservation, s})
	}
	return rows
}

// table is the transition table indexed for Apply: table[from][on] is the
// target, 0 when from does not accept on.
var table = func() (t [numStates][numTriggers]State) {
	for _, r := range rows() {
		t[r.from][r.on] = r.to
	}
	return t
}()

// rows returns every row of the table: the course's flow, then the rows
// every live state has.
func rows() []transition { return append(slices.Clip(transitionRows), everyLiveState()...) }

// Accepts returns the kinds of event a course in state s accepts, in kind
// order: what may happen next. A terminal state accepts none.
func (s State) Accepts() []event.Kind {
	if s <= 0 || s >= numStates {
		return nil
	}
	var out []event.Kind
	for on := trigger(1); on < numTriggers; on++ {
		if table[s][on] != 0 {
			out = append(out, triggers[on].kind)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
