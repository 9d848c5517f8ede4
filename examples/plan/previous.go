package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/examples/internal/cli"
	"github.com/mesokit/meso/internal/strictjson"
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
	Protocol     json.RawMessage        `json:"protocol"`
	Test         json.RawMessage        `json:"test_injection"`
	Appointments []schedule.Appointment `json:"appointments"`
	Screening    json.RawMessage        `json:"screening"`
	Aftercare    json.RawMessage        `json:"aftercare"`
	Conflicts    json.RawMessage        `json:"conflicts"`
	Calendar     *calendarJSON          `json:"calendar"`
}

// readPrevious reads the JSON of a previous plan, strictly, as meso reads
// every JSON document (a key in other letters or given twice, an unknown
// key, is an error). Keys other than appointments and calendar (protocol,
// screening, …) are checked as JSON but not needed; a plan without
// appointments is an error.
func readPrevious(file string) (previousPlan, error) {
	p := previousPlan{file: file}
	f, err := cli.OpenFile("previous", file)
	if err != nil {
		return p, err
	}
	defer f.Close()
	data, err := strictjson.ReadAll(f, maxPreviousBytes)
	switch {
	case errors.Is(err, strictjson.ErrTooLarge):
		return p, cli.FromFile("previous", file, fmt.Errorf("more than %d bytes: not a plan's JSON: %w", maxPreviousBytes, err))
	case err != nil:
		return p, cli.FromFile("previous", file, err)
	}
	if err := strictjson.Decode(data, &p); err != nil {
		return p, cli.FromFile("previous", file, fmt.Errorf("%w (not the JSON of a plan that -format json wrote)", err))
	}
	if len(p.Appointments) == 0 {
		return p, cli.FromFile("previous", file, errors.New("no appointments: give the JSON that -format json wrote for the plan the calendar was made from"))
	}
	if p.Calendar == nil {
		p.Calendar = &calendarJSON{}
	}
	return p, nil
}

// calendarOf names the calendar of a plan: the course id given, the
// previous plan's, or one made of the protocol and the first session's
// date; the SEQUENCE one more than the previous calendar's, or 0.
func calendarOf(id string, p schedule.Protocol, as []schedule.Appointment, previous *previousPlan) (calendarJSON, error) {
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
