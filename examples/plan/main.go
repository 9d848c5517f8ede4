// Command plan plans a course of scalp mesotherapy in a clinic's calendar:
// the date and time of the test injection (the day before the first
// session, S2) and of every session of a protocol, on open days only, kept
// at the same local time across daylight-saving changes. It screens the
// patient first, and then lists what to avoid after each session and where
// the plan contradicts itself: a requirement before a session inside the
// window of the one before, an appointment on a day screening defers, a
// planned event of the patient's inside a restriction.
//
//	go run ./examples/plan                                   # the S2 course from the next open day
//	go run ./examples/plan -protocol weekly -start 2027-03-01 -tz Europe/Berlin \
//	    -closed sat,sun -holiday 2027-03-29 -unavailable 2027-04-14..2027-04-16
//	go run ./examples/plan -protocol every-2-3-days -intake patient.json \
//	    -preparation greying-cocktail -event x-ray@2027-03-03T09:00 \
//	    -event sun-exposure@2027-03-05..2027-03-12
//	go run ./examples/plan -format json                      # for another program
//	go run ./examples/plan -format ics -course c-17 > course.ics   # for the patient's phone
//	go run ./examples/plan -format json -course c-17 > plan.json
//	go run ./examples/plan -format ics -holiday 2027-03-29 -previous plan.json > update.ics
//	go run ./examples/plan -format fhir -course c-17 -patient Patient/123 > plan.fhir.json   # for the health record
//
// It exits 0 with a plan, 2 on bad input (naming the flag and value, with
// nothing on standard output), 3 when screening defers or refuses the
// patient on the first session's date (it prints the screening and no
// appointments), and 4 when the calendar cannot hold the protocol: whatever
// days the sessions take, some session has no open day within its gap
// (standard error says which session, which days were tried and why each
// was closed). With -format json an error is a JSON object on standard
// error, {"error": {"field": …, "value": …, "rule": …, "message": …}}, with
// the same exit code.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // zones on a machine without a zone database

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/ics"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/examples/internal/cli"
)

// NoRoom is the exit code when the calendar cannot hold the protocol.
const NoRoom = 4

const usage = `Usage: plan [-protocol ID] [-sessions N] [-start YYYY-MM-DD] [-at HH:MM]
            [-tz IANA] [-closed mon,...,sun] [-holiday YYYY-MM-DD]...
            [-unavailable YYYY-MM-DD..YYYY-MM-DD]... [-intake FILE|-]
            [-preparation ID] [-event ACTIVITY@WHEN]... [-busy SPAN]...
            [-format text|json|ics|fhir] [-course ID] [-patient REF]
            [-reminder DURATION] [-previous FILE]

Plans a course of scalp mesotherapy: the test injection the day before the
first session (S2) and every session of a protocol as a date and a time in the
clinic's calendar, on days the clinic is open and the patient is available, at
the same local time across daylight-saving changes. When one session's
preferred day would leave a later one without an open day, earlier sessions
move within their gaps; the first may move up to four weeks. It screens
the patient (-intake FILE, -intake - for standard input, or a sample
patient) on the first session's date, and lists what to avoid after the first
session and where the plan contradicts itself: a requirement before a session
inside the window of the session before, an appointment on a day screening
defers, or one of the patient's planned events (-event) inside a restriction.

With -busy YYYY-MM-DDTHH:MM..HH:MM (repeatable) the clinic's diary is
08:00-18:00 each day less the busy spans: each visit is booked at -at when a
session (45 minutes, the longest the sources state) fits there, otherwise at the
nearest free start that day, and a day with no room is closed.

An event is ACTIVITY@WHEN, in the clinic's zone: WHEN is YYYY-MM-DDTHH:MM for
an instant, YYYY-MM-DD for a whole day, or FROM..TO with either end a day or a
day and time (a day TO is included). ACTIVITY is one of the aftercare
activities listed at the end.

Example:
  go run ./examples/plan -protocol weekly -start 2027-03-01 -tz Europe/Berlin \
      -closed sat,sun -holiday 2027-03-29 -unavailable 2027-04-14..2027-04-16 \
      -preparation greying-cocktail -event x-ray@2027-03-03T09:00 \
      -event sun-exposure@2027-03-19..2027-03-26

With -format ics it writes the course as an iCalendar file (RFC 5545) that a
phone imports: each session, the day-before reminders ("wash your hair") and
the "no ..." windows after each session. -course names the patient's course
(a record number): its events' UIDs come from it, so that two patients'
calendars differ and a re-plan of the course updates the same events. Without
-course the course is named after the protocol and the first date, and a note
on standard error says so. -reminder adds an alarm that long before each
session (a Go duration: 24h, 90m).

To update a patient's calendar after a change (a holiday added, a session
moved), plan again with -previous FILE, the JSON that -format json wrote for
the plan the calendar was made from: -format ics then writes the update,
whose events replace the calendar's (SEQUENCE one higher) and cancel the
sessions the new plan no longer has; -format json writes the new plan to
give as -previous the next time. The course is the previous plan's unless
-course names it.

With -format fhir it writes the course as a FHIR R4 Bundle for the patient's
health record: a CarePlan, an Appointment per session and for the test
injection, the aftercare restrictions and the screening's findings. -patient
is the patient's reference in the record (Patient/ID, a URL or a urn:uuid).

Exit status: 0 planned; 2 bad input; 3 screening defers or refuses the patient
on the first session's date; 4 the calendar cannot hold the protocol. Errors
are one line on standard error; with -format json, a JSON object:
{"error": {"field": ..., "value": ..., "rule": ..., "message": ...}}.

The month calendar marks [d] a session, <d> the test injection, (d) a weekday
the clinic is closed, *d* a holiday, ~d~ a day the patient is away and, with
-busy, =d= a day without room for a session.

Flags:
`

func main() { os.Exit(run(os.Args[1:], os.Stdin, time.Now(), os.Stdout, os.Stderr)) }

// run plans as main does, reading the clock only through now and standard
// input (for -intake -) only through stdin.
func run(args []string, stdin io.Reader, now time.Time, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	protocol := cli.NewChoice(schedule.WeeklyThenBiweekly, schedule.IDs()...)
	sessions := fs.Int("sessions", 0, "number of `sessions` (0: the protocol's default)")
	var start cli.DateFlag
	at := cli.ClockFlag{Hour: 10}
	zone := cli.ZoneFlag{Loc: time.UTC}
	closed := cli.WeekdaysFlag{Days: clinic.WeekdaysOf(time.Sunday)}
	var holidays cli.DatesFlag
	var unavailable cli.RangesFlag
	intake := fs.String("intake", "", "the intake JSON `file`; - reads standard input (default: a sample)")
	prep := fs.String("preparation", "", "the preparation `id` to screen allergies against (see examples/catalog)")
	var events eventsFlag
	var busyTimes busyFlag
	fs.Var(&busyTimes, "busy", "a `span` the clinic is busy, YYYY-MM-DDTHH:MM..HH:MM (repeat for more)")
	fs.Var(&events, "event", "a planned `event`, ACTIVITY@WHEN (see above; repeat for more)")
	format := cli.NewChoice("text", "text", "json", "ics", "fhir")
	patientRef := fs.String("patient", "", "the patient's `reference` in the health record, for -format fhir")
	courseID := fs.String("course", "", "the patient's course `id` (a record number), for the UIDs of -format ics")
	var reminder durationFlag
	fs.Var(&reminder, "reminder", "an alarm this `duration` before each session (-format ics), as 24h")
	previousFile := fs.String("previous", "", "the JSON `file` (-format json) of the calendar's plan: write its update")
	fs.Var(protocol, "protocol", "protocol `ID` (see Protocols below)")
	fs.Var(&start, "start", "first `date` a session may be on (default: the next open day)")
	fs.Var(&at, "at", "local `time` sessions start, HH:MM")
	fs.Var(&zone, "tz", "the clinic's `zone`, as in Europe/Berlin")
	fs.Var(&closed, "closed", "`weekdays` the clinic is closed, as in sat,sun (\"\" for none)")
	fs.Var(&holidays, "holiday", "a `date` the clinic is closed, YYYY-MM-DD (repeat for more)")
	fs.Var(&unavailable, "unavailable", "`days` the patient cannot come, FROM..TO or one date (repeat for more)")
	fs.Var(format, "format", "output `format`: text (a table), json, ics or fhir")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
		fmt.Fprintln(fs.Output(), "\nProtocols:")
		for _, p := range schedule.All() {
			fmt.Fprintf(fs.Output(), "  %s [%s]\n", p.ID, cli.Tags(p.Sources))
			cli.Wrap(fs.Output(), "      ", p.Name)
		}
		fmt.Fprintln(fs.Output(), "\nActivities (for -event):")
		var ids []string
		for _, a := range aftercare.Activities() {
			ids = append(ids, a.String())
		}
		cli.Wrap(fs.Output(), "  ", strings.Join(ids, ", "))
	}
	if code, ok := cli.Parse(fs, args); !ok {
		return code
	}
	say := cli.ReporterOf(fs)
	bad := say.Flag

	p, _ := schedule.Lookup(protocol.Value)
	if n := *sessions; n != 0 && (n < p.Sessions.Min || n > p.Sessions.Max) {
		return bad("sessions", strconv.Itoa(n), fmt.Errorf("protocol %s has %d to %d sessions (0 for its default, %d)",
			p.ID, p.Sessions.Min, p.Sessions.Max, p.Sessions.Default))
	}
	cal, err := clinic.NewCalendar(zone.Loc, at.Hour, at.Minute, closed.Days)
	if err != nil {
		return bad("closed", closed.String(), err)
	}
	if cal, err = cal.WithHolidays(holidays.Dates...); err != nil {
		return bad("holiday", holidays.String(), err)
	}
	if cal, err = cal.WithUnavailable(unavailable.Ranges...); err != nil {
		return bad("unavailable", unavailable.String(), err)
	}
	var previous *previousPlan
	if *previousFile != "" {
		prev, err := readPrevious(*previousFile)
		if err != nil {
			return say.Fail(cli.BadInput, err)
		}
		previous = &prev
	}
	if len(busyTimes.list) > 0 {
		if cal, err = cal.WithFreeTimes(diary{loc: zone.Loc, busy: busyTimes.list}, 0); err != nil {
			return bad("busy", busyTimes.String(), err)
		}
	}
	in, patient, code := readIntake(*intake, stdin, say)
	if code != cli.OK {
		return code
	}
	first := start.Date
	if first.IsZero() {
		first = nextDay(now, cal)
	}

	appointments, err := p.Expand(first, *sessions, cal)
	var noDay *schedule.NoOpenDayError
	var fe *meso.FieldError
	switch {
	case errors.As(err, &noDay):
		return say.Fail(NoRoom, err) // it says that no open day holds a session
	case errors.As(err, &fe) && fe.Field == "first":
		return bad("start", first.String(), err)
	case err != nil:
		return say.Fail(cli.BadInput, err)
	}

	test, err := schedule.TestInjection(cal, appointments[0])
	if err != nil { // Expand plans the first session after an open day
		return say.Fail(1, err)
	}
	ics, err := calendarOf(*courseID, p, appointments, previous)
	if err != nil {
		return bad("course", *courseID, err)
	}
	if *courseID == "" && previous == nil && (format.Value == "ics" || format.Value == "fhir") {
		say.Note("no -course given: the calendar's UIDs are those of course %q; give each patient's course its own -course", ics.Course)
	}
	c, code := check(p, test, appointments, in, patient, *prep, events, cal, say)
	switch {
	case code != cli.OK && code != cli.Blocked:
		return code
	case format.Value == "json":
		return writeJSON(stdout, say, p, test, appointments, c, code, ics)
	case (format.Value == "ics" || format.Value == "fhir") && code == cli.Blocked:
		writeBlocked(stderr, p, c) // an .ics file or nothing on standard output
		return code
	case format.Value == "fhir":
		return writeFHIR(stdout, say, p, test, appointments, c, ics.Course, *patientRef)
	case format.Value == "ics":
		return writeICS(stdout, say, test, appointments, ics, previous, reminder.d, now)
	case code == cli.Blocked:
		writeBlocked(stdout, p, c)
		return code
	}
	writeText(stdout, p, cal, test, appointments)
	writeChecks(stdout, appointments, c)
	return cli.OK
}

// writeICS writes the plan as an iCalendar file, with the default policy's
// aftercare and the test injection, as the update of previous when it is
// not nil; the DTSTAMP is the moment the plan was made.
func writeICS(stdout io.Writer, say cli.Reporter, test time.Time, as []schedule.Appointment, cal calendarJSON, previous *previousPlan, reminder time.Duration, now time.Time) int {
	opts := ics.Options{
		UIDDomain:     "plan.meso.example",
		Course:        cal.Course,
		Stamp:         now,
		Reminder:      reminder,
		Aftercare:     aftercare.DefaultPolicy(),
		TestInjection: test,
	}
	if previous != nil {
		opts.Previous = &ics.Previous{Appointments: previous.Appointments, Sequence: previous.Calendar.Sequence}
	}
	var buf bytes.Buffer
	err := ics.Write(&buf, as, opts)
	var fe *meso.FieldError
	switch {
	case errors.As(err, &fe) && fe.Field == "reminder":
		return say.Flag("reminder", reminder.String(), err)
	case errors.As(err, &fe) && strings.HasPrefix(fe.Field, "previous."):
		return say.Fail(cli.BadInput, cli.FromFile("previous", previous.file, err))
	case err != nil:
		return say.Fail(1, err)
	}
	stdout.Write(buf.Bytes())
	return cli.OK
}

// nextDay is the first day a course planned now can start on: today while
// the session time is still ahead, otherwise tomorrow. Expand then takes the
// first open day from there.
func nextDay(now time.Time, cal clinic.Calendar) meso.Date {
	local := now.In(cal.Location())
	today := meso.DateOf(local)
	h, m := cal.TimeOfDay()
	if !today.At(h, m, cal.Location()).After(local) {
		return today.AddDays(1)
	}
	return today
}

func writeText(w io.Writer, p schedule.Protocol, cal clinic.Calendar, test time.Time, as []schedule.Appointment) {
	h, m := cal.TimeOfDay()
	cli.Wrap(w, "", fmt.Sprintf("%s: %s [%s]", p.ID, p.Name, cli.Tags(p.Sources)))
	where := fmt.Sprintf("%d sessions at %02d:%02d %s", len(as), h, m, cal.Location())
	if _, length := cal.FreeTimes(); length > 0 {
		where = fmt.Sprintf("%d sessions of %v, at %02d:%02d %s or the nearest free time", len(as), length, h, m, cal.Location())
	}
	if c := cal.Closed(); c != 0 {
		where += "; closed " + c.String()
	}
	if hs := cal.Holidays(); len(hs) > 0 {
		where += "; holidays " + list(hs, cli.Day)
	}
	if us := cal.Unavailable(); len(us) > 0 {
		where += "; patient away " + list(us, cli.Days)
	}
	cli.Wrap(w, "", where)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "   #  date            time   phase         could have been")
	fmt.Fprintf(w, "  TI  %s  %s  %-12s  %s\n", cli.Day(meso.DateOf(test)), test.Format("15:04"),
		"test", "the day before session 1 (S2)")
	for _, a := range as {
		window := cli.Day(a.Earliest)
		if a.Latest != a.Earliest {
			window += " to " + cli.Day(a.Latest)
		}
		fmt.Fprintf(w, "  %2d  %s  %s  %-12s  %s\n", a.N, cli.Day(meso.DateOf(a.Start)), a.Start.Format("15:04"), a.Phase, window)
	}
	fmt.Fprintln(w)
	days := make([]meso.Date, len(as))
	for i, a := range as {
		days[i] = meso.DateOf(a.Start)
	}
	cli.WriteMonths(w, cal, meso.DateOf(test), days)
	fmt.Fprintln(w)
	cli.Wrap(w, "", "TI the test injection: one injection of the preparation the day before the first session, to see how the patient reacts [S2].")
	for _, q := range p.Quotes {
		cli.Wrap(w, "", fmt.Sprintf("%s: %q", cli.Tag(q.Source), q.Text))
	}
	if len(p.Policy) > 0 {
		fields := make([]string, len(p.Policy))
		for i, d := range p.Policy {
			fields[i] = d.Field
		}
		cli.Wrap(w, "", "Not stated by the sources, chosen by policy: "+strings.Join(fields, ", ")+".")
	}
	if len(p.Readings) > 0 {
		fields := make([]string, len(p.Readings))
		for i, d := range p.Readings {
			fields[i] = d.Field
		}
		cli.Wrap(w, "", "Read from words that leave room: "+strings.Join(fields, ", ")+".")
	}
	if p.RepeatMonths > 0 {
		cli.Wrap(w, "", fmt.Sprintf("The sources ask for successive courses like this one over %d months; this plan is one of them.", p.RepeatMonths))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Each session, step by step:")
	for _, s := range event.SessionSteps() {
		// A hanging indent: the dash out, the wrapped lines under the text.
		var b strings.Builder
		cli.Wrap(&b, "      ", fmt.Sprintf("%s [%s]", s.Text, cli.Tags(s.Sources)))
		fmt.Fprint(w, "    - "+strings.TrimPrefix(b.String(), "      "))
	}
}

// list writes a few items joined by commas, or how many there are.
func list[T any](items []T, str func(T) string) string {
	if len(items) > 4 {
		return strconv.Itoa(len(items)) + " times"
	}
	s := make([]string, len(items))
	for i, it := range items {
		s[i] = str(it)
	}
	return strings.Join(s, ", ")
}
