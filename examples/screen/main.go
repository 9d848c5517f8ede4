// Command screen screens a patient for scalp mesotherapy on a date: may a
// session go ahead, and if not, why and until when. Every finding names its
// rule and the source documents that state it.
//
//	go run ./examples/screen -at 2027-01-10                        # the embedded sample patient
//	go run ./examples/screen -intake patient.json -at 2027-01-10 -preparation greying-cocktail
//	go run ./examples/screen -intake - -format json < patient.json
//	go run ./examples/screen -fhir examples/screen/bundle.json -at 2027-01-08   # from a FHIR R4 record
//	go run ./examples/screen -tz Europe/Berlin                     # today in Berlin
//
// Without -at it screens on today's date in the clinic's zone, -tz, which is
// UTC unless given, as examples/plan plans in UTC unless given.
//
// With -format json it prints the result on one line, exactly the JSON that
// a course log's "screened" event carries as its "result" (see event.Log):
// the date and the preparation it was made for, the verdict, the policy and
// the findings.
//
// It exits 0 when the verdict is cleared or caution, 3 when it is deferred
// or refused, and 2 on bad input, with a message on stderr naming the field
// and value and nothing on stdout (with -format json, the JSON object
// {"error": {"field": …, "value": …, "rule": …, "message": …}}).
package main

import (
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	_ "time/tzdata" // zones on a machine without a zone database

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/examples/internal/cli"
	"github.com/mesokit/meso/fhir"
	"github.com/mesokit/meso/screening"
)

//go:embed sample.json
var sample string

const usage = `Usage: screen [-intake FILE|- | -fhir FILE|-] [-at YYYY-MM-DD] [-tz IANA]
              [-preparation ID] [-format text|json]

Screens a patient for scalp mesotherapy under meso's default policy. With no
-intake it screens an embedded sample patient; -intake - reads the intake
JSON from standard input. -fhir reads the patient's health record as a FHIR
R4 Bundle instead (examples/screen/bundle.json is a sample) and reports what
the record leaves open or meso does not recognise. Without -at it screens on
today's date in the clinic's zone (-tz, UTC unless given, as examples/plan
plans). Exit status: 0 cleared or caution, 3 deferred or refused, 2 bad input.
Errors are one line on standard error; with -format json, a JSON object:
{"error": {"field": ..., "value": ..., "rule": ..., "message": ...}}.

Example:
  go run ./examples/screen -intake patient.json -at 2027-01-10 \
      -preparation greying-cocktail

Flags:
`

func main() { os.Exit(run(os.Args[1:], os.Stdin, time.Now(), os.Stdout, os.Stderr)) }

// dateFlag is a flag that takes a date written YYYY-MM-DD.
type dateFlag struct{ d meso.Date }

// String returns the date written YYYY-MM-DD, or "" when unset.
func (f *dateFlag) String() string { return f.d.String() }

// Set reads a date written YYYY-MM-DD.
func (f *dateFlag) Set(s string) error {
	d, err := meso.ParseDate(s)
	if err != nil {
		return err
	}
	f.d = d
	return nil
}

// run screens as main does, reading the clock only through now.
func run(args []string, stdin io.Reader, now time.Time, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("screen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	intake := fs.String("intake", "", "the intake JSON `file`; - reads standard input (default: a sample)")
	record := fs.String("fhir", "", "a FHIR R4 Bundle `file` of the record, not -intake; - reads stdin")
	var at dateFlag
	fs.Var(&at, "at", "the screening `date`, YYYY-MM-DD (default: today in the zone of -tz)")
	zone := cli.ZoneFlag{Loc: time.UTC}
	fs.Var(&zone, "tz", "the clinic's `zone`, as in Europe/Berlin, for today's date")
	prep := fs.String("preparation", "", "the preparation `id` to check allergies against (see examples/catalog)")
	format := cli.NewChoice("text", "text", "json")
	fs.Var(format, "format", "output `format`: text or json")
	fs.Usage = func() { fmt.Fprint(fs.Output(), usage); fs.PrintDefaults() }
	if code, ok := cli.Parse(fs, args); !ok {
		return code
	}
	say := cli.ReporterOf(fs)
	if at.d.IsZero() {
		at.d = meso.DateOf(now.In(zone.Loc))
	}

	if *intake != "" && *record != "" {
		return say.Failf(cli.BadInput, "-intake and -fhir: give one of them")
	}
	var src io.Reader = strings.NewReader(sample)
	name, flagName, file := "the sample patient", "intake", *intake
	if *record != "" {
		flagName, file = "fhir", *record
	}
	// where names the input of an error: the flag and file, or the sample.
	where := func(err error) error { return cli.FromFile(flagName, file, err) }
	switch file {
	case "":
		where = func(err error) error { return fmt.Errorf("the sample patient: %w", err) }
	case "-":
		src, name = stdin, "standard input"
	default:
		f, err := cli.OpenFile(flagName, file)
		if err != nil {
			return say.Fail(cli.BadInput, err)
		}
		defer f.Close()
		src, name = f, file
	}
	var r screening.Result
	var rec *fhir.Result
	var err error
	if *record != "" {
		rd, rerr := fhir.Read(src)
		if rerr != nil {
			return say.Fail(cli.BadInput, where(rerr))
		}
		var fr fhir.Result
		fr, err = rd.Screen(at.d, screening.Options{Preparation: *prep})
		r, rec = fr.Screening, &fr
	} else {
		in, derr := screening.DecodeIntake(src)
		if derr != nil {
			return say.Fail(cli.BadInput, where(derr))
		}
		r, err = screening.Screen(in, at.d, screening.Options{Preparation: *prep})
	}
	if err != nil {
		var fe *meso.FieldError
		switch {
		case errors.As(err, &fe) && fe.Field == "preparation":
			return say.Flag("preparation", *prep, err) // the value came from the command line
		case errors.As(err, &fe) && fe.Field == "birth_date":
			return say.Flag("at", at.d.String(), err) // wrong only with respect to the day asked for
		}
		return say.Fail(cli.BadInput, where(err))
	}

	if rec != nil {
		return writeRecord(stdout, say, format.Value, name, at.d, *prep, *rec)
	}
	if format.Value == "json" {
		// Exactly the result a course log's "screened" event carries, so
		// that one can be piped into the other.
		out, err := json.Marshal(r)
		if err != nil {
			return say.Fail(1, err)
		}
		fmt.Fprintf(stdout, "%s\n", out)
		return cli.ScreeningCode(r.Verdict)
	}
	what := "no preparation chosen"
	if *prep != "" {
		what = "preparation " + *prep
	}
	cli.Wrap(stdout, "", fmt.Sprintf("Screening of %s on %s, %s.", name, cli.Day(at.d), what))
	fmt.Fprintln(stdout)
	cli.WriteScreening(stdout, r)
	fmt.Fprintln(stdout)
	cli.Legend(stdout)
	return cli.ScreeningCode(r.Verdict)
}

// writeRecord writes the screening of a FHIR record: the screening's own
// result, the verdict raised by the record's questions, and every one.
func writeRecord(stdout io.Writer, say cli.Reporter, format, name string, at meso.Date, prep string, r fhir.Result) int {
	if format == "json" {
		type question struct {
			Kind     string   `json:"kind"`
			Entry    int      `json:"entry"`
			Resource string   `json:"resource,omitempty"`
			Element  string   `json:"element,omitempty"`
			Codes    []string `json:"codes,omitempty"`
			Caution  bool     `json:"caution"`
			Message  string   `json:"message"`
		}
		questions := []question{}
		for _, g := range r.Questions {
			questions = append(questions, question{g.Kind.String(), g.Entry, g.Resource, g.Element, g.Codes, g.Caution, g.Message})
		}
		out, err := json.MarshalIndent(struct {
			Verdict   screening.Verdict `json:"verdict"`
			Screening screening.Result  `json:"screening"`
			Questions []question        `json:"questions"`
		}{r.Verdict, r.Screening, questions}, "", "  ")
		if err != nil {
			return say.Fail(1, err)
		}
		fmt.Fprintf(stdout, "%s\n", out)
		return cli.ScreeningCode(r.Verdict)
	}
	what := "no preparation chosen"
	if prep != "" {
		what = "preparation " + prep
	}
	cli.Wrap(stdout, "", fmt.Sprintf("Screening of the FHIR record %s on %s, %s.", name, cli.Day(at), what))
	fmt.Fprintln(stdout)
	if r.Verdict != r.Screening.Verdict {
		cli.Wrap(stdout, "", fmt.Sprintf("Record: %s, raised from %s by what the record leaves open or meso does not recognise (below).",
			strings.ToUpper(r.Verdict.String()), r.Screening.Verdict))
	}
	cli.WriteScreening(stdout, r.Screening)
	if len(r.Questions) > 0 {
		fmt.Fprintln(stdout)
		fmt.Fprintln(stdout, "From the record:")
		for _, g := range r.Questions {
			head := g.Kind.String()
			if g.Caution {
				head += ", caution"
			}
			where := g.Resource
			if g.Entry >= 0 {
				where = fmt.Sprintf("entry[%d] %s", g.Entry, g.Resource)
			}
			if where == "" {
				where = g.Element
			}
			if where != "" {
				head += " - " + where
			}
			if len(g.Codes) > 0 {
				head += " [" + strings.Join(g.Codes, ", ") + "]"
			}
			cli.Wrap(stdout, "  ", head)
			cli.Wrap(stdout, "      ", g.Message)
		}
	}
	fmt.Fprintln(stdout)
	cli.Legend(stdout)
	return cli.ScreeningCode(r.Verdict)
}
