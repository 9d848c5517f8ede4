package course

import (
	"errors"
	"fmt"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/internal/fault"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/screening"
)

// The rules a session must keep whatever path the events took, each an error
// a caller can match with errors.Is (see also the rules in machine.go).
var (
	// ErrNotScreened: a session needs a screening for the course's current
	// preparation; a change of preparation needs a new one (S1: before the
	// procedure, tell the clinic about allergies and medicines).
	ErrNotScreened = errors.New("no screening for the course's current preparation")
	// ErrScreeningOtherPreparation: a screening result made for another
	// preparation (or for none) does not clear this course: its allergy
	// check was not against the preparation to be injected.
	ErrScreeningOtherPreparation = errors.New("the screening was made for another preparation")
	// ErrScreeningOtherDate: a screening is recorded on the day it was made
	// for, in the clinic's zone.
	ErrScreeningOtherDate = errors.New("the screening was made for another day than the one it is recorded on")
	// ErrScreeningNotOnDay: the latest screening was made on the session's
	// own day (or within the days event.Safety.ScreeningValidDays allows).
	ErrScreeningNotOnDay = errors.New("the latest screening was not made on the session's day")
	// ErrDeferred: a deferral lasts until a later screening clears the
	// patient; a hold, a resume or a review does not lift it.
	ErrDeferred = errors.New("the patient is deferred until a later screening clears them")
	// ErrNoTestInjection: a session needs a test injection of the course's
	// current preparation without reaction; a change of preparation needs a
	// new one (S2).
	ErrNoTestInjection = errors.New("no test injection of the course's current preparation without reaction (S2)")
)

// The rules' ids: stable kebab-case names a clinic's software can store,
// count and translate. TransitionError.Rule holds one; doc.go lists them.
const (
	RuleInvalidEvent              = "invalid-event"
	RuleOutOfOrder                = "out-of-order"
	RuleTerminal                  = "terminal"
	RuleNotAccepted               = "not-accepted"
	RuleNotReady                  = "not-ready"
	RuleOnHold                    = "on-hold"
	RuleHalted                    = "halted"
	RuleWrongPreparation          = "wrong-preparation"
	RuleDeferred                  = "deferred"
	RuleNotScreened               = "not-screened"
	RuleScreeningOtherPreparation = "screening-for-other-preparation"
	RuleScreeningOtherDate        = "screening-for-other-date"
	RuleScreeningNotOnDay         = "screening-not-on-session-day"
	RuleNoTestInjection           = "no-test-injection"
	RuleTestInjectionNotDayBefore = "test-injection-not-day-before"
	RuleTooSoon                   = "too-soon"
	RuleTooManySessions           = "too-many-sessions"
	RuleTooFewSessions            = "too-few-sessions"
	RuleHoldNotOver               = "hold-not-over"
	RuleNeedsReason               = "needs-reason"
	RuleTooManyEvents             = "too-many-events"
	RuleNotRepresentable          = "not-representable"
	ruleCount                     = 22
)

// ruleIDs maps each rule's sentinel error to its id, in the order doc.go
// lists them.
var ruleIDs = [ruleCount]struct {
	id  string
	err error
}{
	{RuleInvalidEvent, nil}, // a *FieldError: a field of the event or the course
	{RuleOutOfOrder, ErrOutOfOrder},
	{RuleTerminal, ErrTerminal},
	{RuleNotAccepted, ErrNotAccepted},
	{RuleNotReady, ErrNotReady},
	{RuleOnHold, ErrOnHold},
	{RuleHalted, ErrHalted},
	{RuleWrongPreparation, ErrWrongPreparation},
	{RuleDeferred, ErrDeferred},
	{RuleNotScreened, ErrNotScreened},
	{RuleScreeningOtherPreparation, ErrScreeningOtherPreparation},
	{RuleScreeningOtherDate, ErrScreeningOtherDate},
	{RuleScreeningNotOnDay, ErrScreeningNotOnDay},
	{RuleNoTestInjection, ErrNoTestInjection},
	{RuleTestInjectionNotDayBefore, ErrTooSoonAfterTest},
	{RuleTooSoon, ErrTooSoon},
	{RuleTooManySessions, ErrTooManySessions},
	{RuleTooFewSessions, ErrTooFewSessions},
	{RuleHoldNotOver, ErrHoldNotOver},
	{RuleNeedsReason, ErrNeedsReason},
	{RuleTooManyEvents, nil},    // a *FieldError at "events" wrapping ErrTooLarge
	{RuleNotRepresentable, nil}, // a *FieldError at "at"
}

// Rules returns the ids of every rule Apply names, in a fixed order.
func Rules() []string {
	out := make([]string, len(ruleIDs))
	for i, r := range ruleIDs {
		out[i] = r.id
	}
	return out
}

// ruleOf returns the id of the rule err breaks.
func ruleOf(err error) string {
	var fe *meso.FieldError
	switch {
	case errors.As(err, &fe) && fe.Field == "events" && errors.Is(err, meso.ErrTooLarge):
		return RuleTooManyEvents
	case errors.Is(err, fault.ErrNotRepresentable):
		return RuleNotRepresentable
	case fe != nil:
		return RuleInvalidEvent
	}
	for _, r := range ruleIDs {
		if r.err != nil && errors.Is(err, r.err) {
			return r.id
		}
	}
	return RuleInvalidEvent
}

// guardrail is what a course keeps, event by event, to check its sessions
// against the safety conditions without reading its history again. It does
// not look at the state table: it is the second line of defence, and what it
// knows it learns from the events alone.
type guardrail struct {
	screenDay meso.Date         // the latest screening's date
	verdict   screening.Verdict // the latest screening's; 0 before one, or since a change of preparation
	deferred  bool              // a deferred screening that no later screening has cleared
	testDay   meso.Date         // the latest test injection of the current preparation without reaction
	tested    bool              // testDay holds: no reaction, no change of preparation since
	used      bool              // a session with the current preparation was performed
	held      bool              // a hold in force: until a resume, or a screening that clears
	halted    bool              // an adverse event, or a reaction to the test, awaits a review
}

// sessionCondition is one condition a session must meet: the rule it names
// and whether the session keeps it.
type sessionCondition struct {
	rule  string
	check func(s sessionCheck) error
}

// sessionCheck is what the conditions read of a course and a session, all
// of it kept as the course went: never its history.
type sessionCheck struct {
	rail        guardrail
	safety      event.Safety
	about       *facts   // the course's preparation
	hist        *history // the course's, with screenAt its latest screening
	screenAt    int32
	preparation string    // the session's
	day         meso.Date // the session's, in the clinic's zone
	protocol    *schedule.Protocol
	done        int          // sessions of the protocol in force
	window      schedule.Due // the next session's, when done > 0
	windowErr   error
	lastDay     meso.Date // the last session's
}

// sessionConditions are the conditions every session must meet, all of
// them, in the order a refusal names the first one broken. A clinician can
// read them as they are:
//
//   - the course is not halted by an adverse event awaiting review (S1, S2);
//   - the course is not on hold;
//   - the session injects the course's current preparation;
//   - no deferral is open: a deferral ends only with a later screening that
//     clears (never with a hold's end, a resume or a review);
//   - the course's current preparation was screened for since it was chosen;
//   - the latest screening was made on the session's day (or within the
//     days event.Safety.ScreeningValidDays allows), and cleared the patient or
//     cleared them with caution;
//   - the current preparation had a test injection without reaction since it
//     was chosen (S2);
//   - the first session with a preparation comes the day after its test
//     injection (S2), or within event.Safety.TestLeadDays;
//   - the protocol's count and gaps hold, counted in the clinic's calendar
//     days: the gap from the session before, whichever protocol it was of
//     (the first maintenance session keeps the maintenance gap after the
//     main course's last).
//
// Each reads only what the course keeps as it goes, so a session costs the
// same whatever the length of the course's history.
var sessionConditions = [...]sessionCondition{
	{RuleHalted, func(s sessionCheck) error {
		if s.rail.halted {
			return ErrHalted
		}
		return nil
	}},
	{RuleOnHold, func(s sessionCheck) error {
		if s.rail.held {
			return ErrOnHold
		}
		return nil
	}},
	{RuleWrongPreparation, func(s sessionCheck) error {
		if s.preparation != s.about.preparation {
			return fmt.Errorf("%w: the course's is %s, the session's %s", ErrWrongPreparation, s.about.preparation, s.preparation)
		}
		return nil
	}},
	{RuleDeferred, func(s sessionCheck) error {
		if s.rail.deferred || s.rail.verdict == screening.Deferred {
			latest, _ := latestScreening(s.hist, s.screenAt) // a deferral came from a screening
			r := &latest.Result
			until := "no known end"
			if !r.Until.IsZero() {
				until = "deferred until " + r.Until.String()
			}
			return fmt.Errorf("%w: screened %s on %s (%s)", ErrDeferred, r.Verdict, r.Date, until)
		}
		return nil
	}},
	{RuleNotScreened, func(s sessionCheck) error {
		if s.rail.verdict == 0 {
			return fmt.Errorf("%w: screen the patient for %s before the session", ErrNotScreened, s.about.preparation)
		}
		return nil
	}},
	{RuleScreeningNotOnDay, func(s sessionCheck) error {
		if d := s.day.Sub(s.rail.screenDay); d < 0 || d > s.safety.ScreeningValidDays || !s.rail.verdict.Allows() {
			return fmt.Errorf("%w: screened on %s, session on %s (a screening is valid %d days after its own)", ErrScreeningNotOnDay, s.rail.screenDay, s.day, s.safety.ScreeningValidDays)
		}
		return nil
	}},
	{RuleNoTestInjection, func(s sessionCheck) error {
		if !s.rail.tested {
			return fmt.Errorf("%w: give the test injection of %s first", ErrNoTestInjection, s.about.preparation)
		}
		return nil
	}},
	{RuleTestInjectionNotDayBefore, func(s sessionCheck) error {
		if s.rail.used {
			return nil
		}
		if d := s.day.Sub(s.rail.testDay); d < 1 || d > s.safety.TestLeadDays {
			return fmt.Errorf("%w: test injection on %s, session on %s (the first session with %s comes 1 to %d days after its test)", ErrTooSoonAfterTest, s.rail.testDay, s.day, s.about.preparation, s.safety.TestLeadDays)
		}
		return nil
	}},
	{RuleTooManySessions, func(s sessionCheck) error {
		if s.done >= s.protocol.Sessions.Max {
			return fmt.Errorf("%w: protocol %s has at most %d", ErrTooManySessions, s.protocol.ID, s.protocol.Sessions.Max)
		}
		return nil
	}},
	{RuleTooSoon, func(s sessionCheck) error {
		switch {
		case s.lastDay.IsZero(): // the course's first session, or past the count
			return nil
		case s.windowErr != nil:
			return s.windowErr
		case s.day.Before(s.window.Earliest):
			return fmt.Errorf("%w: session %d of %s on %s, previous on %s, earliest %s", ErrTooSoon, s.window.Session, s.protocol.ID, s.day, s.lastDay, s.window.Earliest)
		}
		return nil
	}},
}

// checkSession returns the first safety condition the session breaks, or nil.
func (c *Course) checkSession(e *event.SessionPerformed, day meso.Date) error {
	s := sessionCheck{rail: c.rail, safety: c.about.safety, about: c.about, hist: c.hist, screenAt: c.screenAt, preparation: e.Preparation, day: day}
	s.protocol, s.done = c.current()
	switch {
	case s.done > 0 && s.done < s.protocol.Sessions.Max:
		s.window, s.windowErr = c.next(s.protocol, s.done)
		s.lastDay = c.lastDay
	case s.done == 0 && c.count > 0:
		// The first session of maintenance: the session before it is the
		// main course's last, and the maintenance protocol's gap holds
		// after it as after any other.
		s.lastDay = c.lastDay
		s.window = schedule.Due{Session: 1, Phase: s.protocol.Phases[0].Name, Earliest: s.lastDay.AddDays(s.protocol.Phases[0].Gap.Min)}
	}
	for i := range sessionConditions {
		if err := sessionConditions[i].check(s); err != nil {
			return err
		}
	}
	return nil
}

// recordRail keeps what an accepted event tells the safety conditions.
func (c *Course) recordRail(e event.Event, on trigger, day meso.Date) {
	r := &c.rail
	switch e := e.(type) {
	case event.Screened:
		r.screenDay, r.verdict = e.Result.Date, e.Result.Verdict
		switch e.Result.Verdict {
		case screening.Cleared, screening.Caution:
			r.deferred, r.held = false, false
		case screening.Deferred:
			r.deferred, r.held = true, true
		}
	case event.TestInjection:
		r.tested, r.testDay = e.Reaction == "", day
		if e.Reaction != "" {
			r.halted = true
		}
	case event.SessionPerformed:
		r.used = true
	case event.Hold:
		r.held = true
	case event.Resume:
		r.held = false
	case event.AdverseEvent:
		if on == onAdverseSevere {
			r.halted = true
		}
	case event.Review:
		r.halted = false
		if e.Outcome == event.OutcomeChangePreparation {
			r.changed()
		}
	case event.PreparationChanged:
		r.changed()
	}
}

// changed forgets the screening and the test injection: a new preparation
// needs its own (S2), and its first session comes the day after its test.
// A deferral stays open.
func (r *guardrail) changed() { r.verdict, r.tested, r.used = 0, false, false }
