// Command course starts and reads a clinic's stored course logs: it prints a
// new course's log, or replays a log event by event and says where the course
// stands (its state, the sessions done and to come, the next session's
// window), or which event was refused, by which rule.
//
//	go run ./examples/course -init -protocol greying-weekly -preparation greying-cocktail -tz Europe/Berlin > log.json
//	go run ./examples/course -log log.json
//	go run ./examples/course -log - -format json < log.json
//
// With -format json it prints
//
//	{"state": "active", "done": 2, "remaining": 8,
//	 "next": {"session": 3, "earliest": "2027-03-14", "preferred": "2027-03-15", "latest": "2027-03-16"},
//	 "refused": null}
//
// with "next" null when the course has no next session (it is closed, or
// its protocol has all its sessions) or no event yet to count from, and
// "latest" null for a first session before its test injection. When an event
// is refused, "refused" is {"index": i, "type": "session-performed", "rule":
// "deferred", "message": "…"} and the rest is the course as it stood before
// that event; a line on stderr says the same, with -format json as the
// object {"error": {"field": "events[i]", "value": "session-performed",
// "rule": "deferred", "message": "…"}} that every error is then.
//
// A log of version 1, written before logs named the clinic's zone, replays in
// the zone -tz names (it is an error without -tz).
//
// It exits 0 when every event is accepted, 3 when one is refused, and 2 for
// bad input (a malformed log, an unknown flag or value), with a message on
// stderr naming the field and value and nothing on stdout.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	_ "time/tzdata" // zones on a machine without a zone database

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/examples/internal/cli"
	"github.com/mesokit/meso/formulary"
)

const usage = `Usage: course -init -protocol ID -preparation ID -tz IANA [-sessions N]
       course -log FILE|- [-tz IANA] [-format text|json]

With -init, prints the log of a new course (no events yet) as JSON: a clinic
appends its events and keeps it. With -log, replays a stored log (- reads
standard input) and prints the course's state, sessions done and remaining,
and the next session's window, or which event was refused and why.
Exit status: 0 every event accepted, 3 an event refused, 2 bad input. Errors
are one line on standard error; with -format json, a JSON object:
{"error": {"field": ..., "value": ..., "rule": ..., "message": ...}}.

Example:
  go run ./examples/course -init -protocol greying-weekly \
      -preparation greying-cocktail -tz Europe/Berlin

Flags:
`

// Refused is the exit code when an event of the log is refused.
const Refused = 3

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// report is the JSON the command prints for a log.
type report struct {
	State     string   `json:"state"`
	Done      int      `json:"done"`
	Remaining int      `json:"remaining"`
	Next      *next    `json:"next"`
	Refused   *refusal `json:"refused"`
}

type next struct {
	Session   int     `json:"session"`
	Earliest  string  `json:"earliest"`
	Preferred string  `json:"preferred"`
	Latest    *string `json:"latest"`
}

type refusal struct {
	Index   int    `json:"index"`
	Type    string `json:"type"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("course", flag.ContinueOnError)
	fs.SetOutput(stderr)
	initLog := fs.Bool("init", false, "print a new course's log")
	protocol := fs.String("protocol", "", "the protocol `ID` of a new course (see examples/plan -h)")
	prep := fs.String("preparation", "", "the preparation `id` of a new course (see examples/catalog)")
	sessions := fs.Int("sessions", 0, "the planned number of `sessions` of a new course (0: the protocol's default)")
	var zone cli.ZoneFlag
	fs.Var(&zone, "tz", "the clinic's `zone`, as in Europe/Berlin (for -init, and for a version 1 log)")
	logFile := fs.String("log", "", "the course log JSON `file` to replay; - reads standard input")
	format := cli.NewChoice("text", "text", "json")
	fs.Var(format, "format", "output `format` of -log: text or json")
	fs.Usage = func() { fmt.Fprint(fs.Output(), usage); fs.PrintDefaults() }
	if code, ok := cli.Parse(fs, args); !ok {
		return code
	}
	say := cli.ReporterOf(fs)
	fail := func(format string, a ...any) int { return say.Failf(cli.BadInput, format, a...) }
	switch {
	case *initLog && *logFile != "":
		return fail("-init and -log: give one of them")
	case *initLog:
		return start(*protocol, *prep, *sessions, zone, stdout, say)
	case *logFile == "":
		return fail("give -init to start a course's log, or -log FILE to replay one (see -h)")
	}
	for name, given := range map[string]bool{"-protocol": *protocol != "", "-preparation": *prep != "", "-sessions": *sessions != 0} {
		if given {
			return fail("%s is for -init; a log names its own", name)
		}
	}

	var src io.Reader = stdin
	if *logFile != "-" {
		f, err := cli.OpenFile("log", *logFile)
		if err != nil {
			return say.Fail(cli.BadInput, err)
		}
		defer f.Close()
		src = f
	}
	inLog := func(err error) error { return cli.FromFile("log", *logFile, err) }
	l, err := event.DecodeLog(src)
	if err != nil {
		return say.Fail(cli.BadInput, inLog(err))
	}
	switch {
	case l.Zone == nil && zone.Loc == nil:
		say.Report(cli.Detail{Field: "zone", Rule: "missing",
			Message: inLog(errors.New("zone: missing: a version 1 log does not name the clinic's zone; give it with -tz")).Error()})
		return cli.BadInput
	case l.Zone == nil:
		l.Zone = zone.Loc
	case zone.Loc != nil && zone.Loc.String() != l.Zone.String():
		return say.Flag("tz", zone.Loc.String(), fmt.Errorf("the log's zone is %s", l.Zone))
	}
	rep, why := replay(l)
	if rep == nil {
		return say.Fail(cli.BadInput, inLog(why))
	}
	if r := rep.Refused; r != nil {
		say.Report(cli.Detail{Field: fmt.Sprintf("events[%d]", r.Index), Value: r.Type, Rule: r.Rule,
			Message: inLog(fmt.Errorf("events[%d] (%s) refused by rule %s: %s", r.Index, r.Type, r.Rule, r.Message)).Error()})
	}
	if format.Value == "json" {
		out, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return say.Fail(1, err)
		}
		fmt.Fprintf(stdout, "%s\n", out)
	} else {
		writeText(stdout, rep)
	}
	if rep.Refused != nil {
		return Refused
	}
	return cli.OK
}

// start prints the log of a new course.
func start(id, prep string, sessions int, zone cli.ZoneFlag, stdout io.Writer, say cli.Reporter) int {
	switch {
	case id == "":
		return say.Failf(cli.BadInput, "-init needs -protocol")
	case prep == "":
		return say.Failf(cli.BadInput, "-init needs -preparation")
	case zone.Loc == nil:
		return say.Failf(cli.BadInput, "-init needs -tz, the clinic's zone")
	}
	p, err := schedule.Lookup(id)
	if err != nil {
		return say.Flag("protocol", id, err)
	}
	if _, err := formulary.Default().Preparation(prep); err != nil {
		return say.Flag("preparation", prep, err)
	}
	if _, err := course.NewCourse(p, prep, sessions, zone.Loc); err != nil {
		var fe *meso.FieldError
		if errors.As(err, &fe) && fe.Field == "sessions" {
			return say.Flag("sessions", strconv.Itoa(sessions), err)
		}
		return say.Fail(cli.BadInput, err)
	}
	out, err := json.MarshalIndent(event.Log{Protocol: p, Preparation: prep, Sessions: sessions, Zone: zone.Loc}, "", "  ")
	if err != nil {
		return say.Fail(1, err)
	}
	fmt.Fprintf(stdout, "%s\n", out)
	return cli.OK
}

// replay applies the log's events one by one and reports where the course
// stands, or where it stood before the first event refused. A log whose
// course cannot be made is a nil report and the error.
func replay(l event.Log) (*report, error) {
	c, err := course.NewCourse(l.Protocol, l.Preparation, l.Sessions, l.Zone)
	if err != nil {
		return nil, err
	}
	if c, err = c.WithSafety(l.Safety); err != nil {
		return nil, err
	}
	var refused *refusal
	for i, e := range l.Events {
		next, err := course.Apply(c, e)
		if err != nil {
			r := &refusal{Index: i, Type: e.Kind().String(), Rule: course.RuleInvalidEvent, Message: err.Error()}
			var te *course.TransitionError
			if errors.As(err, &te) {
				r.Rule, r.Message = te.Rule, te.Err.Error()
			}
			refused = r
			break
		}
		c = next
	}
	rep := &report{State: c.State().String(), Done: c.Done(), Remaining: c.Remaining(), Refused: refused}
	if w, err := c.Next(); err == nil && len(l.Events) > 0 && (refused == nil || refused.Index > 0) {
		rep.Next = &next{Session: w.Session, Earliest: w.Earliest.String(), Preferred: w.Preferred.String()}
		if !w.Latest.IsZero() {
			latest := w.Latest.String()
			rep.Next.Latest = &latest
		}
	}
	return rep, nil
}

// writeText writes the report for a person.
func writeText(w io.Writer, r *report) {
	fmt.Fprintf(w, "State: %s\n", r.State)
	fmt.Fprintf(w, "Sessions: %d done, %d to go\n", r.Done, r.Remaining)
	switch {
	case r.Next == nil:
		fmt.Fprintln(w, "Next session: none")
	case r.Next.Latest == nil:
		fmt.Fprintf(w, "Next session: %d, from %s (preferred %s)\n", r.Next.Session, day(r.Next.Earliest), day(r.Next.Preferred))
	default:
		fmt.Fprintf(w, "Next session: %d, %s to %s (preferred %s)\n", r.Next.Session, day(r.Next.Earliest), day(*r.Next.Latest), day(r.Next.Preferred))
	}
	if r.Refused != nil {
		cli.Wrap(w, "  ", fmt.Sprintf("Refused: events[%d], %s, by rule %s: %s", r.Refused.Index, r.Refused.Type, r.Refused.Rule, r.Refused.Message))
	}
}

// day writes a date of the report, YYYY-MM-DD as the JSON has it, for
// people, with its weekday.
func day(s string) string {
	d, err := meso.ParseDate(s)
	if err != nil { // the report's dates are written by Date.String
		return s
	}
	return cli.Day(d)
}
