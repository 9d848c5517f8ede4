// Command screen screens a patient for scalp mesotherapy on a date: may a
// session go ahead, and if not, why and until when. Every finding names its
// rule and the source documents that state it.
//
//	go run ./examples/screen -at 2027-01-10                        # the embedded sample patient
//	go run ./examples/screen -intake patient.json -at 2027-01-10 -preparation greying-cocktail
//	go run ./examples/screen -intake - -format json < patient.json
//
// With -format json it prints the result on one line, exactly the JSON that
// a course log's "screened" event carries as its "result" (see course.Log):
// the date and the preparation it was made for, the verdict, the policy and
// the findings.
//
// It exits 0 when the verdict is cleared or caution, 3 when it is deferred
// or refused, and 2 on bad input, with a message on stderr naming the field
// and value and nothing on stdout.
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

	"github.com/mesokit/meso/examples/internal/cli"
	"github.com/mesokit/meso/screening"
)

//go:embed sample.json
var sample string

const usage = `Usage: screen [-intake FILE|-] [-at YYYY-MM-DD] [-preparation ID]
              [-format text|json]

Screens a patient for scalp mesotherapy under meso's default policy. With no
-intake it screens an embedded sample patient; -intake - reads the intake
JSON from standard input. Exit status: 0 cleared or caution, 3 deferred or
refused, 2 bad input.

Example:
  go run ./examples/screen -intake patient.json -at 2027-01-10 \
      -preparation greying-cocktail

Flags:
`

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// dateFlag is a flag that takes a date written YYYY-MM-DD.
type dateFlag struct{ d screening.Date }

// String returns the date written YYYY-MM-DD, or "" when unset.
func (f *dateFlag) String() string { return f.d.String() }

// Set reads a date written YYYY-MM-DD.
func (f *dateFlag) Set(s string) error {
	d, err := screening.ParseDate(s)
	if err != nil {
		return fmt.Errorf("want a day written YYYY-MM-DD")
	}
	f.d = d
	return nil
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("screen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	intake := fs.String("intake", "", "the intake JSON `file`; - reads standard input (default: a sample)")
	var at dateFlag
	fs.Var(&at, "at", "the screening `date`, YYYY-MM-DD (default: today)")
	prep := fs.String("preparation", "", "the preparation `id` to check allergies against (see examples/catalog)")
	format := cli.NewChoice("text", "text", "json")
	fs.Var(format, "format", "output `format`: text or json")
	fs.Usage = func() { fmt.Fprint(fs.Output(), usage); fs.PrintDefaults() }
	if code, ok := cli.Parse(fs, args); !ok {
		return code
	}
	if at.d.IsZero() {
		at.d = screening.DateOf(time.Now())
	}

	var src io.Reader = strings.NewReader(sample)
	name := "the sample patient"
	switch *intake {
	case "":
	case "-":
		src, name = stdin, "standard input"
	default:
		f, err := os.Open(*intake)
		if err != nil {
			fmt.Fprintf(stderr, "screen: -intake %q: %v\n", *intake, err)
			return cli.BadInput
		}
		defer f.Close()
		src, name = f, *intake
	}
	in, err := screening.DecodeIntake(src)
	if err != nil {
		fmt.Fprintf(stderr, "screen: intake from %s: %v\n", name, err)
		return cli.BadInput
	}
	r, err := screening.Screen(in, at.d, screening.Options{Preparation: *prep})
	if err != nil {
		var fe *screening.FieldError
		if errors.As(err, &fe) && (fe.Field == "preparation" || fe.Field == "birth_date") {
			// Name the flag too: the value came from the command line, or
			// is wrong only with respect to it.
			flagName := map[string]string{"preparation": "-preparation", "birth_date": "-at " + at.d.String()}[fe.Field]
			err = fmt.Errorf("%s: %w", flagName, err)
		}
		fmt.Fprintf(stderr, "screen: %v\n", err)
		return cli.BadInput
	}

	if format.Value == "json" {
		// Exactly the result a course log's "screened" event carries, so
		// that one can be piped into the other.
		out, err := json.Marshal(r)
		if err != nil {
			fmt.Fprintln(stderr, "screen:", err)
			return 1
		}
		fmt.Fprintf(stdout, "%s\n", out)
		return cli.ScreeningCode(r.Verdict)
	}
	what := "no preparation chosen"
	if *prep != "" {
		what = "preparation " + *prep
	}
	cli.Wrap(stdout, "", fmt.Sprintf("Screening of %s on %s, %s.", name, at.d, what))
	fmt.Fprintln(stdout)
	cli.WriteScreening(stdout, r)
	fmt.Fprintln(stdout)
	cli.Legend(stdout)
	return cli.ScreeningCode(r.Verdict)
}
