package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/plancheck"
	"github.com/mesokit/meso/examples/internal/cli"
)

// eventSyntax is how -event is written, for messages and the usage text.
const eventSyntax = "ACTIVITY@WHEN, WHEN being YYYY-MM-DDTHH:MM (an instant), YYYY-MM-DD (a whole day) or FROM..TO (either end a day or a day and time; a day TO is included)"

// wallTime is a day, and a time of day when one was written.
type wallTime struct {
	date         meso.Date
	hour, minute int
	clock        bool
}

// plannedEvent is an -event as written: an activity and a span of wall
// times, read in the clinic's zone once the zone is known.
type plannedEvent struct {
	text     string
	activity aftercare.Activity
	from, to wallTime
	span     bool // FROM..TO; otherwise an instant or a whole day
}

// parseEvent reads an event written ACTIVITY@WHEN, as in
// x-ray@2027-03-03T09:00, sauna@2027-03-06 or
// sun-exposure@2027-03-05..2027-03-12.
func parseEvent(s string) (plannedEvent, error) {
	e := plannedEvent{text: s}
	id, when, ok := strings.Cut(s, "@")
	if !ok {
		return e, fmt.Errorf("want %s", eventSyntax)
	}
	a, err := aftercare.ParseActivity(id)
	if err != nil {
		ids := make([]string, 0, 16)
		for _, a := range aftercare.Activities() {
			ids = append(ids, a.String())
		}
		return e, fmt.Errorf("unknown activity %q: want one of %s", id, strings.Join(ids, ", "))
	}
	e.activity = a
	first, last, span := strings.Cut(when, "..")
	e.span = span
	if e.from, err = parseWallTime(first); err != nil {
		return e, err
	}
	if !span {
		e.to = e.from
		if e.to.end().date.IsZero() {
			return e, fmt.Errorf("%q: an event ends by 9999-12-31", when)
		}
		return e, nil
	}
	if e.to, err = parseWallTime(last); err != nil {
		return e, err
	}
	if e.to.end().date.IsZero() {
		return e, fmt.Errorf("%q: an event ends by 9999-12-31", when)
	}
	if e.to.date.Before(e.from.date) || e.to.end().Before(e.from.start()) {
		return e, fmt.Errorf("%q ends before it starts", when)
	}
	return e, nil
}

// start and end are the wall time as minutes since 0001-01-01 00:00, as the
// start of a span (a day is its first minute) and as its end (a day is
// included, up to the next day's first minute), for comparing the ends of a
// span as written.
func (w wallTime) start() wallMinute {
	return wallMinute{w.date, w.hour*60 + w.minute}
}

func (w wallTime) end() wallMinute {
	if !w.clock {
		return wallMinute{w.date.AddDays(1), 0}
	}
	return w.start()
}

type wallMinute struct {
	date   meso.Date
	minute int
}

func (m wallMinute) Before(n wallMinute) bool {
	return m.date.Before(n.date) || (m.date == n.date && m.minute < n.minute)
}

// parseWallTime reads YYYY-MM-DD or YYYY-MM-DDTHH:MM.
func parseWallTime(s string) (wallTime, error) {
	day, clock, timed := strings.Cut(s, "T")
	d, err := meso.ParseDate(day)
	if err != nil {
		return wallTime{}, fmt.Errorf("%q: want YYYY-MM-DD or YYYY-MM-DDTHH:MM", s)
	}
	w := wallTime{date: d, clock: timed}
	if timed {
		if w.hour, w.minute, err = cli.ParseClock(clock); err != nil {
			return wallTime{}, fmt.Errorf("%q: want YYYY-MM-DD or YYYY-MM-DDTHH:MM", s)
		}
	}
	return w, nil
}

// in returns the event in loc: a day and time is that instant (as a
// session's start is, across a clock change), a day as the start is its
// first instant, and a day as the end is included, up to the next day's
// first instant. The event's name is the flag's value.
func (e plannedEvent) in(loc *time.Location) plancheck.PlannedEvent {
	out := plancheck.PlannedEvent{Name: e.text, Activity: e.activity, From: e.from.at(loc)}
	switch {
	case e.span && e.to.clock:
		out.Until = e.to.at(loc)
	case !e.to.clock:
		out.Until = e.to.date.AddDays(1).At(0, 0, loc)
	}
	return out
}

func (w wallTime) at(loc *time.Location) time.Time { return w.date.At(w.hour, w.minute, loc) }

// eventsFlag is a flag value that each use adds a planned event to.
type eventsFlag struct{ events []plannedEvent }

func (f *eventsFlag) String() string {
	if f == nil {
		return ""
	}
	s := make([]string, len(f.events))
	for i, e := range f.events {
		s[i] = e.text
	}
	return strings.Join(s, ",")
}

// Set adds an event written ACTIVITY@WHEN.
func (f *eventsFlag) Set(s string) error {
	if len(f.events) >= plancheck.MaxPlannedEvents {
		return fmt.Errorf("given more than %d times", plancheck.MaxPlannedEvents)
	}
	e, err := parseEvent(s)
	if err != nil {
		return err
	}
	f.events = append(f.events, e)
	return nil
}
