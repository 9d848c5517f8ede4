package main

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/plancheck"
	"github.com/mesokit/meso/course/schedule"
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
func readIntake(file string, stdin io.Reader, say cli.Reporter) (screening.Intake, string, int) {
	src, name := io.Reader(strings.NewReader(sample)), "the sample patient"
	switch file {
	case "":
	case "-":
		src, name = stdin, "standard input"
	default:
		f, err := cli.OpenFile("intake", file)
		if err != nil {
			return screening.Intake{}, "", say.Fail(cli.BadInput, err)
		}
		defer f.Close()
		src, name = f, file
	}
	in, err := screening.DecodeIntake(src)
	if err != nil {
		return screening.Intake{}, "", say.Fail(cli.BadInput, cli.FromFile("intake", file, err))
	}
	return in, name, cli.OK
}

// intakeError is err about the intake named patient (as readIntake names
// it), with where the intake came from in front.
func intakeError(patient string, err error) error {
	switch patient {
	case "the sample patient":
		return fmt.Errorf("the sample patient: %w", err)
	case "standard input":
		return cli.FromFile("intake", "-", err)
	}
	return cli.FromFile("intake", patient, err)
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
	conflicts   []plancheck.Conflict
}

// check screens the patient on the first session's date and, when the
// verdict allows a session, checks the plan. It returns the exit code
// after saying what is wrong with the input, if anything is.
func check(p schedule.Protocol, test time.Time, as []schedule.Appointment, in screening.Intake, patient, prep string, events eventsFlag, cal clinic.Calendar, say cli.Reporter) (checked, int) {
	c := checked{patient: patient, preparation: prep, on: meso.DateOf(as[0].Start), policy: aftercare.DefaultPolicy()}
	opts := screening.Options{Preparation: prep}
	r, err := screening.Screen(in, c.on, opts)
	var fe *meso.FieldError
	switch {
	case errors.As(err, &fe) && fe.Field == "preparation":
		return c, say.Flag("preparation", prep, err)
	case errors.As(err, &fe) && fe.Field == "birth_date":
		return c, say.Fail(cli.BadInput, intakeError(patient, fmt.Errorf("%w (the first session's date, %s)", err, cli.Day(c.on))))
	case err != nil:
		return c, say.Fail(cli.BadInput, intakeError(patient, err))
	}
	c.screening = r
	if !r.Verdict.Allows() {
		return c, cli.Blocked
	}

	plan := plancheck.Plan{Appointments: as, Aftercare: c.policy, Intake: &in, Screening: opts, TestInjection: test, MinGap: p.MinGap()}
	for _, e := range events.events {
		plan.Events = append(plan.Events, e.in(cal.Location()))
	}
	c.conflicts, err = plan.Check()
	var ce *meso.FieldError
	switch {
	case errors.As(err, &ce) && strings.HasPrefix(ce.Field, "events["):
		// Name the -event as given, and what the plan check says of it.
		value := events.String()
		index, _, _ := strings.Cut(strings.TrimPrefix(ce.Field, "events["), "]")
		if i, err := strconv.Atoi(index); err == nil && i >= 0 && i < len(events.events) {
			value = events.events[i].text
		}
		return c, say.Flag("event", value, err)
	case err != nil:
		return c, say.Fail(cli.BadInput, err)
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
func aftercareOf(p *aftercare.Policy, as []schedule.Appointment) []aftercareJSON {
	out := make([]aftercareJSON, len(as))
	for i, a := range as {
		out[i] = aftercareJSON{N: a.N, Windows: []windowJSON{}}
		ws := p.Windows(a.Start)
		cli.SortWindows(ws)
		for _, w := range ws {
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
func writeJSON(stdout io.Writer, say cli.Reporter, p schedule.Protocol, test time.Time, as []schedule.Appointment, c checked, code int, cal calendarJSON) int {
	var doc any
	if code == cli.Blocked {
		doc = struct {
			Protocol  string           `json:"protocol"`
			Screening screening.Result `json:"screening"`
		}{p.ID, c.screening}
	} else {
		conflicts := c.conflicts
		if conflicts == nil {
			conflicts = []plancheck.Conflict{}
		}
		type visit struct {
			Start time.Time `json:"start"`
		}
		doc = struct {
			Protocol      string                 `json:"protocol"`
			TestInjection visit                  `json:"test_injection"`
			Appointments  []schedule.Appointment `json:"appointments"`
			Screening     screening.Result       `json:"screening"`
			Aftercare     []aftercareJSON        `json:"aftercare"`
			Conflicts     []plancheck.Conflict   `json:"conflicts"`
			Calendar      calendarJSON           `json:"calendar"`
		}{p.ID, visit{test}, as, c.screening, aftercareOf(c.policy, as), conflicts, cal}
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return say.Fail(1, err)
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
	cli.Wrap(w, "", fmt.Sprintf("Screening of %s on %s, the first session's date, %s:", c.patient, cli.Day(c.on), what))
	cli.WriteScreening(w, c.screening)
}

// writeBlocked writes why no course is planned: the screening, and from
// when to plan again when that is known.
func writeBlocked(w io.Writer, p schedule.Protocol, c checked) {
	cli.Wrap(w, "", fmt.Sprintf("%s: %s [%s]", p.ID, p.Name, cli.Tags(p.Sources)))
	fmt.Fprintln(w)
	writeScreening(w, c)
	fmt.Fprintln(w)
	why := "No course is planned: screening does not allow a session on " + cli.Day(c.on) + "."
	if c.screening.Verdict == screening.Deferred && !c.screening.Until.IsZero() {
		// The test injection goes ahead the day before the first session
		// (S2), and it is an injection too: the course starts a day later.
		next := c.screening.Until.AddDays(1)
		why += " The first day a session may go ahead is " + cli.Day(c.screening.Until) +
			", and the test injection comes the day before the first session: plan from then with -start " + next.String() + "."
	}
	cli.Wrap(w, "", why)
}

// writeChecks writes, after the plan, the screening, the windows after the
// first session, and the plan's conflicts.
func writeChecks(w io.Writer, as []schedule.Appointment, c checked) {
	fmt.Fprintln(w)
	writeScreening(w, c)

	first := as[0]
	fmt.Fprintln(w)
	cli.Wrap(w, "", fmt.Sprintf("Aftercare after session %d (%s), until when not to:", first.N, cli.Instant(first.Start)))
	windows := c.policy.Windows(first.Start)
	cli.SortWindows(windows)
	for _, win := range windows {
		r, _ := c.policy.Restriction(win.Activity) // the activity of a window: valid
		basis := cli.Tags(r.Sources)
		if r.PolicyDefault {
			basis = "policy default"
		}
		fmt.Fprintf(w, "  %-19s  until %s  [%s]\n", win.Activity, cli.Instant(win.Until), basis)
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
		if k.Kind == plancheck.RequirementInWindow && k.Planned.Activity == aftercare.WashHair {
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
func tags(s plancheck.ConflictSide) string {
	switch {
	case len(s.Sources) > 0 && s.PolicyDefault:
		return cli.Tags(s.Sources) + ", span by policy"
	case len(s.Sources) > 0:
		return cli.Tags(s.Sources)
	case s.Kind == plancheck.EventSide:
		return "the patient's plan"
	}
	return "the schedule"
}
