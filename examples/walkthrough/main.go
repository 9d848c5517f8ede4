// Command walkthrough is the README's walkthrough of meso, as a program: a
// preparation from the catalog, a patient screened, a course planned in a
// clinic's calendar, the aftercare of the first session, and the course's
// first events. The README shows the lines between the markers; a test checks
// that it shows them exactly, and that the program prints what it should.
//
//	go run ./examples/walkthrough
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/examples/internal/cli"
	"github.com/mesokit/meso/formulary"
	"github.com/mesokit/meso/screening"
)

// patient is an intake as a clinic's program sends it.
const patient = `{"birth_date": "1984-06-02", "sex": "female", "pregnant": false, "lactating": false,
  "menstruation": [], "conditions": [], "medications": [], "allergies": ["procaine"],
  "prior_reactions": [], "indications": ["premature-greying"]}`

const usage = `Usage: walkthrough

Walks through meso as its README does: a preparation from the catalog, a
sample patient screened, a course planned in a clinic's calendar, the first
session's aftercare and the course's first events. It takes no flags.

Example:
  go run ./examples/walkthrough
`

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

// run takes no flag but -h, as every example takes it, and walks through.
func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("walkthrough", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), usage) }
	if code, ok := cli.Parse(fs, args); !ok {
		return code
	}
	walk()
	return cli.OK
}

func walk() {
	// walkthrough:begin
	prep := must(formulary.Default().Preparation("greying-cocktail")) // what to inject
	intake := must(screening.DecodeIntake(strings.NewReader(patient)))
	screen := func(on meso.Date) screening.Result { // screened for this preparation, on that day
		return must(screening.Screen(intake, on, screening.Options{Preparation: prep.ID}))
	}
	first := must(meso.ParseDate("2027-03-01"))
	fmt.Println("screening:", screen(first).Verdict) // cleared: greying-cocktail holds no procaine

	berlin := must(time.LoadLocation("Europe/Berlin")) // plan it in the clinic's calendar
	cal := must(clinic.NewCalendar(berlin, 10, 0, clinic.WeekdaysOf(time.Sunday)))
	protocol := must(schedule.Lookup(schedule.GreyingWeekly)) // weekly, 10 sessions (S3)
	plan := must(protocol.Expand(first, 0, cal))
	test := must(schedule.TestInjection(cal, plan[0])) // the day before session 1 (S2), an open day
	fmt.Println("test injection:", test.Format(day), "then", len(plan), "sessions to", plan[len(plan)-1].Start.Format(day))
	after := aftercare.DefaultPolicy().Course(plan[0].Start) // what not to do, until when
	fmt.Println("wash hair from:", after.NextAllowed(aftercare.WashHair, plan[0].Start).Format(day))

	c := must(course.NewCourse(protocol, prep.ID, 0, berlin)) // the course's life, in the clinic's zone
	c = must(course.Apply(c, event.Screened{At: test.Add(-time.Hour), Result: screen(meso.DateOf(test))}))
	c = must(course.Apply(c, event.TestInjection{At: test, Preparation: prep.ID}))
	for _, visit := range plan[:2] { // each session after a screening on its own day
		c = must(course.Apply(c, event.Screened{At: visit.Start.Add(-time.Hour), Result: screen(meso.DateOf(visit.Start))}))
		c = must(course.Apply(c, event.SessionPerformed{At: visit.Start, Preparation: prep.ID, Technique: "papular", Zones: event.WholeScalp, Injections: 40}))
	}
	fmt.Println("course:", c.State(), c.Done(), "done,", c.Remaining(), "to go")
	// walkthrough:end
}

// day is how the walkthrough writes an instant, as every example writes one
// for people.
const day = meso.InstantLayout

// must returns v, or stops the walkthrough on an error; a clinic's program
// handles each error instead (every one names the field and value at fault).
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
