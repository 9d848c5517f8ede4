package ics_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/ics"
	"github.com/mesokit/meso/course/schedule"
)

func ExampleWrite() {
	cal, _ := clinic.NewCalendar(time.UTC, 10, 0, clinic.WeekdaysOf(time.Sunday))
	p, _ := schedule.Lookup(schedule.Weekly)
	first, _ := meso.ParseDate("2027-03-02")
	appointments, _ := p.Expand(first, 8, cal)

	var b strings.Builder
	err := ics.Write(&b, appointments[:2], ics.Options{
		UIDDomain: "clinic.example",                              // the clinic's own domain
		Course:    "patient-17/c-2",                              // its record of this course: hashed into the UIDs (required)
		Stamp:     time.Date(2027, 2, 20, 9, 30, 0, 0, time.UTC), // when the plan was made
		Place:     "Clinic, 1 Main St",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Lines end with CRLF; printed here with LF.
	fmt.Print(strings.ReplaceAll(b.String(), "\r\n", "\n"))
	// Output:
	// BEGIN:VCALENDAR
	// VERSION:2.0
	// PRODID:-//mesokit//meso course calendar//EN
	// BEGIN:VEVENT
	// UID:4b7cc024fe5c0ab09cbcb909d84b6204@clinic.example
	// DTSTAMP:20270220T093000Z
	// SEQUENCE:0
	// DTSTART:20270302T100000Z
	// DTEND:20270302T104500Z
	// SUMMARY:Scalp mesotherapy\, session 1
	// LOCATION:Clinic\, 1 Main St
	// DESCRIPTION:Session 1 of your scalp mesotherapy course\, on Tue 2027-03-02
	//   10:00 UTC.
	// END:VEVENT
	// BEGIN:VEVENT
	// UID:21883c84b481b8de7e1efd7e8d47387f@clinic.example
	// DTSTAMP:20270220T093000Z
	// SEQUENCE:0
	// DTSTART:20270309T100000Z
	// DTEND:20270309T104500Z
	// SUMMARY:Scalp mesotherapy\, session 2
	// LOCATION:Clinic\, 1 Main St
	// DESCRIPTION:Session 2 of your scalp mesotherapy course\, on Tue 2027-03-09
	//   10:00 UTC.
	// END:VEVENT
	// END:VCALENDAR
}
