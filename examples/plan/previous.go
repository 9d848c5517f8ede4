package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/mesokit/meso/course"
)

// maxPreviousBytes bounds the file of -previous: a plan of MaxSessions
// sessions with its screening and aftercare is far smaller.
const maxPreviousBytes = 8 << 20

// calendarJSON is what -format json says of the calendar -format ics
// writes for the plan: its course, whose id the UIDs come from, and its
// SEQUENCE, so that the next update can be one higher.
type calendarJSON struct {
	Course   string `json:"course"`
	Sequence int    `json:"sequence"`
}

// previousPlan is the plan of -previous: the appointments and calendar of
// the JSON that -format json wrote.
type previousPlan struct {
	file         string
	Appointments []course.Appointment `json:"appointments"`
	Calendar     *calendarJSON        `json:"calendar"`
}

// readPrevious reads the JSON of a previous plan. Keys other than
// appointments and calendar (protocol, screening, …) are not needed and
// not read; a plan without appointments is an error.
func readPrevious(file string) (previousPlan, error) {
	p := previousPlan{file: file}
	f, err := os.Open(file)
	if err != nil {
		return p, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPreviousBytes+1))
	switch {
	case err != nil:
		return p, err
	case len(data) > maxPreviousBytes:
		return p, fmt.Errorf("more than %d bytes: not a plan's JSON", maxPreviousBytes)
	}
	if err := json.Unmarshal(data, &p); err != nil {
		return p, fmt.Errorf("not the JSON of a plan (-format json): %v", err)
	}
	if len(p.Appointments) == 0 {
		return p, errors.New("no appointments: give the JSON that -format json wrote for the plan the calendar was made from")
	}
	if p.Calendar == nil {
		p.Calendar = &calendarJSON{}
	}
	return p, nil
}

// calendarOf names the calendar of a plan: the course id given, the
// previous plan's, or one made of the protocol and the first session's
// date; the SEQUENCE one more than the previous calendar's, or 0.
func calendarOf(id string, p course.Protocol, as []course.Appointment, previous *previousPlan) (calendarJSON, error) {
	cal := calendarJSON{Course: id}
	if previous == nil {
		if cal.Course == "" {
			cal.Course = p.ID + "/" + as[0].Start.Format("2006-01-02")
		}
		return cal, nil
	}
	was := previous.Calendar.Course
	switch {
	case cal.Course == "" && was == "":
		return cal, fmt.Errorf("the previous plan (-previous %s) names no course: give the one its calendar was written for", previous.file)
	case cal.Course == "":
		cal.Course = was
	case was != "" && was != cal.Course:
		return cal, fmt.Errorf("the previous plan (-previous %s) is of course %q", previous.file, was)
	}
	cal.Sequence = previous.Calendar.Sequence + 1
	return cal, nil
}

// durationFlag is a flag of a Go duration, as in 24h or 90m.
type durationFlag struct{ d time.Duration }

func (f *durationFlag) String() string {
	if f.d == 0 {
		return ""
	}
	return strings.TrimSuffix(strings.TrimSuffix(f.d.String(), "0s"), "0m")
}

func (f *durationFlag) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return errors.New("want a duration such as 24h, 2h or 90m")
	}
	f.d = d
	return nil
}
