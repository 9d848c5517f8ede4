package course

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/event"
)

// Log returns the course's log: the protocol, preparation, planned number of
// sessions, zone and safety policy it was made with, and every event applied
// to it, in order, each instant in the course's zone. It is the caller's own
// copy: changing it changes nothing in the course. Replay of it makes the
// course again, and its JSON form is the course's (MarshalJSON). The zero
// Course's log is the zero event.Log.
func (c Course) Log() event.Log {
	if c.about == nil {
		return event.Log{}
	}
	return c.log().Clone()
}

// log returns c's log holding the course's own values (its protocol, its
// screenings' findings) and its events as they were applied: to write, not
// to hand out. c is not the zero Course.
func (c Course) log() event.Log {
	f := c.about
	return event.Log{Protocol: *f.protocol, Preparation: f.origin, Sessions: f.target, Zone: f.zone, Safety: f.safety, Events: c.applied()}
}

// MarshalJSON writes the course as its log's JSON form (see event.Log and
// Course.Log), which UnmarshalJSON reads back into the same course. The zero
// Course, which has no log, is a *FieldError (a struct field tagged
// omitzero leaves it out instead).
func (c Course) MarshalJSON() ([]byte, error) {
	if c.about == nil {
		return nil, &meso.FieldError{Field: "course", Err: fmt.Errorf("%w: the zero Course has no log; make one with NewCourse", meso.ErrMissing)}
	}
	return c.log().MarshalJSON()
}

// UnmarshalJSON reads a course from its log's JSON form, strictly, as
// event.DecodeLog does, and replays the log (Replay): the log's *FieldError, or the
// *ReplayError naming the first event the course refuses. A log of version
// 1 names no zone, so it is the *FieldError Replay gives for it: read it with
// event.DecodeLog, set its Zone and Replay it; null is no log, and an error too.
// On error c is unchanged.
func (c *Course) UnmarshalJSON(data []byte) error {
	var l event.Log
	if err := l.UnmarshalJSON(data); err != nil {
		return err
	}
	replayed, err := Replay(l)
	if err != nil {
		return err
	}
	*c = replayed
	return nil
}

// ReplayError is a log that does not replay: the index of the first event
// Apply refused, and why.
type ReplayError struct {
	Index int
	Err   error // a *TransitionError
}

// Error names the event and says why it was refused.
func (e *ReplayError) Error() string {
	var te *TransitionError
	if errors.As(e.Err, &te) {
		return fmt.Sprintf("events[%d]: %s refused in state %s (%s): %v", e.Index, te.Event, te.State, te.Rule, te.Err)
	}
	return fmt.Sprintf("events[%d]: %v", e.Index, e.Err)
}

// Unwrap returns why the event was refused.
func (e *ReplayError) Unwrap() error { return e.Err }

// MarshalJSON refuses, with an error wrapping errors.ErrUnsupported: Err is
// an error, which JSON cannot carry and read back, and encoding/json would
// write it as {}. Write Index and Error() (and the *TransitionError's
// fields) instead.
func (e ReplayError) MarshalJSON() ([]byte, error) {
	return nil, fmt.Errorf("a ReplayError does not marshal to JSON (its Err is an error); write its Index and Error(): %w", errors.ErrUnsupported)
}

// Replay rebuilds a course from its log: NewCourse with the log's protocol,
// preparation, sessions and zone, WithSafety with its safety policy, then
// Apply for each event in order. The same log always gives the same course.
// A log whose course cannot be made is the *FieldError NewCourse returns (a
// nil Zone, as a version 1 log reads, is one: set it to the clinic's zone);
// one with an event Apply refuses is a *ReplayError naming it.
func Replay(l event.Log) (Course, error) {
	c, err := NewCourse(l.Protocol, l.Preparation, l.Sessions, l.Zone)
	if err != nil {
		var fe *meso.FieldError
		if errors.As(err, &fe) && fe.Field == "zone" && l.Zone == nil {
			err = &meso.FieldError{Field: "zone", Err: fmt.Errorf("%w: the log names no zone (a version 1 log); set Log.Zone to the clinic's", meso.ErrMissing)}
		}
		return Course{}, err
	}
	if c, err = c.WithSafety(l.Safety); err != nil {
		return Course{}, err
	}
	if len(l.Events) > event.MaxEvents {
		return Course{}, &meso.FieldError{Field: "events", Value: strconv.Itoa(len(l.Events)), Err: fmt.Errorf("%w: at most %d events", meso.ErrTooLarge, event.MaxEvents)}
	}
	for i, e := range l.Events {
		if c, err = Apply(c, e); err != nil {
			return Course{}, &ReplayError{Index: i, Err: err}
		}
	}
	return c, nil
}
