// Command newcomer walks one patient through meso as a newcomer's first program
// does: a preparation clear of their allergies, screening, the course's life,
// its plan and aftercare, the course saved as JSON, and the patient's calendar.
package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/ics"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/examples/internal/cli"
	"github.com/mesokit/meso/formulary"
	"github.com/mesokit/meso/screening"
)

//go:embed intake.json
var intakeJSON []byte

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run parses -ics and walks; an error ends the walk as one line on stderr.
func run(args []string, stdout, stderr io.Writer) (code int) {
	fs := flag.NewFlagSet("newcomer", flag.ContinueOnError)
	fs.SetOutput(stderr)
	icsPath := fs.String("ics", "", "write the patient's calendar to `file` (default: standard output)")
	if code, ok := cli.Parse(fs, args); !ok {
		return code
	}
	defer func() {
		if r := recover(); r != nil { // must's error, or a bug: one line either way
			code = cli.ReporterOf(fs).Failf(1, "%v", r)
		}
	}()
	walk(stdout, *icsPath)
	return cli.OK
}

// walk is the journey; it returns the course and the course its JSON loads as.
func walk(w io.Writer, icsPath string) (c, loaded course.Course) {
	catalog := formulary.Default() // 1. the first preparation clear of the patient's allergies
	intake := must(screening.DecodeIntake(bytes.NewReader(intakeJSON)))
	var prep formulary.Preparation
	for _, p := range catalog.ForIndication(formulary.DiffuseAlopecia, intake.Sex) {
		if prep.ID == "" && must(catalog.CheckAllergies(p.ID, intake.Allergies, nil)).Clear() {
			prep = p
		}
	}
	if prep.ID == "" {
		panic("no preparation for diffuse alopecia is clear of the patient's allergies")
	}
	fmt.Fprintln(w, "preparation:", prep.ID, "-", prep.Name)
	for _, a := range must(catalog.CheckAllergies(prep.ID, intake.Allergies, []string{"procaine"})).Allergens {
		fmt.Fprintln(w, "  with procaine added:", a.Allergy, a.Certainty, a.Ingredient, "added:", a.Added)
	}

	patient := must(screening.NewScreener(intake, screening.Options{Preparation: prep.ID, Catalog: catalog})) // 2. screening
	first := must(patient.Screen(must(meso.ParseDate("2027-03-01"))))
	fmt.Fprintln(w, "screening", first.Date.Text()+":", first.Verdict, "until", first.Until.Text())
	for _, f := range first.Findings {
		fmt.Fprintln(w, "  finding:", f.Rule, f.Severity, "until", f.Until.Text(), cli.Tags(f.Sources))
	}

	berlin := must(time.LoadLocation("Europe/Berlin")) // 3. the course, event by event
	cal := must(clinic.NewCalendar(berlin, 10, 0, clinic.WeekdaysOf(time.Sunday)))
	c = must(course.NewCourse(must(schedule.Lookup(schedule.Weekly)), prep.ID, 0, berlin))
	apply := func(e event.Event) {
		c = must(course.Apply(c, e))
		fmt.Fprintf(w, "  %s %-17s -> %s (done %d, to go %d)\n", e.When().Format(meso.InstantLayout), e.Kind(), c.State(), c.Done(), c.Remaining())
	}
	apply(event.Screened{At: first.Date.At(9, 0, berlin), Result: first}) // deferred: on hold
	again := must(patient.Screen(first.Until))                            // the day it ends:
	apply(event.Screened{At: again.Date.At(9, 0, berlin), Result: again}) // clears, and lifts the hold
	apply(event.TestInjection{At: again.Date.At(9, 30, berlin), Preparation: prep.ID})

	plan := must(c.Protocol().Expand(must(c.Next()).Earliest, 0, cal)) // 4. the plan, from the first day allowed
	fmt.Fprintln(w, "plan:", len(plan), "sessions,", plan[0].Start.Format(meso.InstantLayout), "to", plan[len(plan)-1].Start.Format(meso.InstantLayout))

	policy := aftercare.DefaultPolicy() // 5. the first session's aftercare
	after := policy.Course(plan[0].Start)
	windows := after.Windows()
	cli.SortWindows(windows)
	for _, win := range windows {
		fmt.Fprintf(w, "  no %-20s until %s\n", win.Activity, win.Until.Format(meso.InstantLayout))
	}
	evening := meso.DateOf(plan[0].Start).At(20, 0, berlin)
	fmt.Fprintln(w, "  wash hair that evening?", after.Allowed(aftercare.WashHair, evening),
		"- from", after.NextAllowed(aftercare.WashHair, evening).Format(meso.InstantLayout))

	for _, a := range plan[:3] { // 6. sessions, each screened that day; a missed one, a hold
		apply(event.Screened{At: a.Start.Add(-time.Hour), Result: must(patient.Screen(meso.DateOf(a.Start)))})
		apply(event.SessionPerformed{At: a.Start, Preparation: prep.ID, Technique: "papular", Zones: event.WholeScalp, Injections: 40})
	}
	apply(event.SessionMissed{At: plan[3].Start, Reason: "patient ill"})
	back := meso.DateOf(plan[3].Start).AddDays(14)
	apply(event.Hold{At: plan[3].Start.Add(2 * time.Hour), Reason: "patient travelling", Until: back})
	apply(event.Resume{At: back.At(9, 0, berlin)})
	rest := must(c.Reschedule(back, cal))
	fmt.Fprintln(w, "rescheduled:", len(rest), "sessions, next", rest[c.Done()].Start.Format(meso.InstantLayout), "last", rest[len(rest)-1].Start.Format(meso.InstantLayout))

	saved := must(json.Marshal(c)) // 7. the course saved as JSON, and loaded back
	must(0, json.Unmarshal(saved, &loaded))
	fmt.Fprintln(w, "saved:", len(saved), "bytes of JSON; loaded:", loaded.State(), len(loaded.Log().Events), "events,",
		"saved again the same:", bytes.Equal(must(json.Marshal(loaded)), saved))

	var calendar bytes.Buffer // 8. the patient's calendar
	must(0, ics.Write(&calendar, rest, ics.Options{UIDDomain: "calendar.clinic.example", Course: "patient-0042", Place: "Hautklinik Mitte, Berlin",
		Stamp: back.At(9, 0, berlin), Reminder: 24 * time.Hour, Aftercare: policy, TestInjection: c.TestInjection()}))
	if icsPath == "" {
		must(w.Write(calendar.Bytes()))
	} else {
		must(0, os.WriteFile(icsPath, calendar.Bytes(), 0o644))
	}
	return c, loaded
}

// must returns v, or ends the walk with err, which run reports.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
