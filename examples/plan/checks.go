package main

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course"
	"github.com/mesokit/meso/examples/internal/cli"
	"github.com/mesokit/meso/screening"
)

// sample is the patient planned for without -intake: one who may be treated,
// with an allergy to procaine that a chosen preparation rules out or not.
// (The screen example's sample patient has diabetes, which refuses her
// whatever the date: -intake examples/screen/sample.json shows exit 3.)
//
//go:embed sample.json
var sample string

// readIntake reads the intake from file, from stdin when file is "-", or
// the sample patient when file is "". It returns the intake and a name for it, or the exit code after saying
// what is wrong.
func readIntake(file string, stdin io.Reader, stderr io.Writer) (screening.Intake, string, int) {
	src, name := io.Reader(strings.NewReader(sample)), "the sample patient"
	switch file {
	case "":
	case "-":
		src, name = stdin, "standard input"
	default:
		f, err := os.Open(file)
		if err != nil {
			fmt.Fprintf(stderr, "plan: invalid value %q for flag -intake: %v\n", file, err)
			return screening.Intake{}, "", cli.BadInput
		}
		defer f.Close()
		src, name = f, file
	}
	in, err := screening.DecodeIntake(src)
	if err != nil {
		if file == "-" {
			err = fmt.Errorf("%s: %w", name, err)
		}
		fmt.Fprintf(stderr, "plan: invalid value %q for flag -intake: %v\n", file, err)
		return screening.Intake{}, "", cli.BadInput
	}
	return in, name, cli.OK
}

// checked is what the plan example adds to the appointments: the screening
// on the first session's date, the aftercare windows after each session and
// the plan's conflicts.
type checked struct {
	patient     string
	preparation string
	on          meso.Date // the first session's date
	screening   screening.Result
	policy      *aftercare.Policy
	conflicts   []course.Conflict
}

// check screens the patient on the first session's date and, when the
// verdict allows a session, checks the plan. It returns the exit code
// after saying what is wrong with the input, if anything is.
func check(p course.Protocol, test time.Time, as []course.Appointment, in screening.Intake, patient, prep string, events eventsFlag, cal course.Calendar, stderr io.Writer) (checked, int) {
	c := checked{patient: patient, preparation: prep, on: meso.DateOf(as[0].Start), policy: aftercare.DefaultPolicy()}
	opts := screening.Options{Preparation: prep}
	r, err := screening.Screen(in, c.on, opts)
	var fe *meso.FieldError
	switch {
	case errors.As(err, &fe) && fe.Field == "preparation":
		fmt.Fprintf(stderr, "plan: invalid value %q for flag -preparation: %v\n", prep, err)
		return c, cli.BadInput
	case errors.As(err, &fe) && fe.Field == "birth_date":
		fmt.Fprintf(stderr, "plan: invalid value %q for flag -intake: born after the first session on %s: %v\n", patient, c.on, err)
		return c, cli.BadInput
	case err != nil:
		fmt.Fprintf(stderr, "plan: invalid value %q for flag -intake: %v\n", patient, err)
		return c, cli.BadInput
	}
	c.screening = r
	if !r.Verdict.Allows() {
		return c, cli.Blocked
	}

	plan := course.Plan{Appointments: as, Aftercare: c.policy, Intake: &in, Screening: opts, TestInjection: test, MinGap: p.MinGap()}
	for _, e := range events.events {
		plan.Events = append(plan.Events, e.in(cal.Location()))
	}
	c.conflicts, err = plan.Check()
	var ce *course.FieldError
	switch {
	case errors.As(err, &ce) && strings.HasPrefix(ce.Field, "events["):
		// Name the -event as given, and what the plan check says of it.
		value := events.String()
		index, _, _ := strings.Cut(strings.TrimPrefix(ce.Field, "events["), "]")
		if i, err := strconv.Atoi(index); err == nil && i >= 0 && i < len(events.events) {
			value = events.events[i].text
		}
		fmt.Fprintf(stderr, "plan: invalid value %q for flag -event: %v\n", value, err)
		return c, cli.BadInput
	case err != nil:
		fmt.Fprintln(stderr, "plan:", err)
		return c, cli.BadInput
	}
	return c, cli.OK
}

// The JSON form of the aftercare windows after each session.
type (
	aftercareJSON struct {
		N       int          `json:"n"`
		Windows []windowJSON `json:"windows"`
	}
	windowJSON struct {
		Activity aftercare.Activity `json:"activity"`
		From     time.Time          `json:"from"`
		Until    time.Time          `json:"until"`
		Sources  []string           `json:"sources"`
	}
)

// aftercareOf returns the restriction windows after each session, in order.
func aftercareOf(p *aftercare.Policy, as []course.Appointment) []aftercareJSON {
	out := make([]aftercareJSON, len(as))
	for i, a := range as {
		out[i] = aftercareJSON{N: a.N, Windows: []windowJSON{}}
		for _, w := range p.Windows(a.Start) {
			r, _ := p.Restriction(w.Activity) // the activity of a window: valid
			sources := r.Sources
			if sources == nil {
				sources = []string{}
			}
			out[i].Windows = append(out[i].Windows, windowJSON{Activity: w.Activity, From: w.From, Until: w.Until, Sources: sources})
		}
	}
	return out
}

// writeJSON writes the plan as one JSON object: the keys of issue 4
// (protocol, appointments), then screening, aftercare, conflicts and the
// calendar that -format ics writes of it (for -previous). When
// screening does not allow the first session it writes only the protocol
// and the screening.
func writeJSON(stdout, stderr io.Writer, p course.Protocol, test time.Time, as []course.Appointment, c checked, code int, cal calendarJSON) int {
	var doc any
	if code == cli.Blocked {
		doc = struct {
			Protocol  string           `json:"protocol"`
			Screening screening.Result `json:"screening"`
		}{p.ID, c.screening}
	} else {
		conflicts := c.conflicts
		if conflicts == nil {
			conflicts = []course.Conflict{}
		}
		type visit struct {
			Start time.Time `json:"start"`
		}
		doc = struct {
			Protocol      string               `json:"protocol"`
			TestInjection visit                `json:"test_injection"`
			Appointments  []course.Appointment `json:"appointments"`
			Screening     screening.Result     `json:"screening"`
			Aftercare     []aftercareJSON      `json:"aftercare"`
			Conflicts     []course.Conflict    `json:"conflicts"`
			Calendar      calendarJSON         `json:"calendar"`
		}{p.ID, visit{test}, as, c.screening, aftercareOf(c.policy, as), conflicts, cal}
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		fmt.Fprintln(stderr, "plan:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s\n", out)
	return code
}

// writeScreening writes the screening for people.
func writeScreening(w io.Writer, c checked) {
	what := "no preparation chosen"
	if c.preparation != "" {
		what = "preparation " + c.preparation
	}
	cli.Wrap(w, "", fmt.Sprintf("Screening of %s on %s, the first session's date, %s:", c.patient, c.on, what))
	cli.WriteScreening(w, c.screening)
}

// writeBlocked writes why no course is planned: the screening, and from
// when to plan again when that is known.
func writeBlocked(w io.Writer, p course.Protocol, c checked) {
	cli.Wrap(w, "", fmt.Sprintf("%s: %s [%s]", p.ID, p.Name, cli.Tags(p.Sources)))
	fmt.Fprintln(w)
	writeScreening(w, c)
	fmt.Fprintln(w)
	why := "No course is planned: screening does not allow a session on " + c.on.String() + "."
	if c.screening.Verdict == screening.Deferred && !c.screening.Until.IsZero() {
		// The test injection goes ahead the day before the first session
		// (S2), and it is an injection too: the course starts a day later.
		next := c.screening.Until.AddDays(1)
		why += " The first day a session may go ahead is " + c.screening.Until.String() +
			", and the test injection comes the day before the first session: plan from then with -start " + next.String() + "."
	}
	cli.Wrap(w, "", why)
}

// writeChecks writes, after the plan, the screening, the windows after the
// first session, and the plan's conflicts.
func writeChecks(w io.Writer, as []course.Appointment, c checked) {
	fmt.Fprintln(w)
	writeScreening(w, c)

	first := as[0]
	fmt.Fprintln(w)
	cli.Wrap(w, "", fmt.Sprintf("Aftercare after session %d (%s), until when not to:", first.N, first.Start.Format("Mon 2006-01-02 15:04 MST")))
	for _, win := range c.policy.Windows(first.Start) {
		r, _ := c.policy.Restriction(win.Activity) // the activity of a window: valid
		basis := cli.Tags(r.Sources)
		if r.PolicyDefault {
			basis = "policy default"
		}
		fmt.Fprintf(w, "  %-19s  until %s  [%s]\n", win.Activity, win.Until.Format("Mon 2006-01-02 15:04 MST"), basis)
	}

	fmt.Fprintln(w)
	if len(c.conflicts) == 0 {
		fmt.Fprintln(w, "Conflicts: none.")
		return
	}
	fmt.Fprintf(w, "Conflicts (%d):\n", len(c.conflicts))
	washing := map[int]bool{}
	for i, k := range c.conflicts {
		cli.Wrap(w, "  ", fmt.Sprintf("%d. %s [%s against %s]", i+1, k.Kind, tags(k.Planned), tags(k.Restriction)))
		cli.Wrap(w, "      ", k.Message)
		if k.Kind == course.RequirementInWindow && k.Planned.Activity == aftercare.WashHair {
			washing[k.Planned.Sessions[0]] = true
		}
	}
	if len(washing) > 0 {
		fmt.Fprintln(w)
		cli.Wrap(w, "", fmt.Sprintf("Washing the hair the day before a session (S0, S4) falls inside the 72 hours "+
			"without washing after the session before (S2) for %d of the %d sessions: the sources disagree, "+
			"and the clinician says which rule holds.", len(washing), len(as)))
	}
}

// tags writes a side's sources as tags, or what it is when it has none.
func tags(s course.ConflictSide) string {
	switch {
	case len(s.Sources) > 0 && s.PolicyDefault:
		return cli.Tags(s.Sources) + ", span by policy"
	case len(s.Sources) > 0:
		return cli.Tags(s.Sources)
	case s.Kind == course.EventSide:
		return "the patient's plan"
	}
	return "the schedule"
}
