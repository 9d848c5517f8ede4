// Package cli is what the example programs share, so that they behave
// alike: flag parsing with the exit codes they document, the reporting of
// errors, the dates people read, a flag that takes one of a few words, the
// calendar flags and month grid, the short tags of the source documents,
// and text wrapped to 80 columns.
//
// Errors. A program writes each error once, on standard error, as one line:
// its name, a colon and the error's own text ("plan: protocol weekly,
// session 1 (main): no open day ..."). It adds only what the error cannot
// know, once and without a chain of its own phrases: which flag a value came
// from, in the flag package's words (`invalid value "99" for flag -sessions:
// ...`, see FlagError), or which file an input came from ("patient.json:
// conditions[0] ...", see FromFile); it never repeats in its own words what
// the error says ("the calendar cannot hold the protocol: ..."). A flag the
// program cannot parse is one such line ending "run with -h for usage"; -h
// writes the usage on standard error and exits OK. With -format json every
// error, a flag's included, is instead the one-line JSON object
// {"error": {"field": ..., "value": ..., "rule": ..., "message": ...}} (see
// Describe), with the same exit code.
//
// Dates. Text for people writes a day as "Mon 2027-03-01" (Day) and an
// instant as "Mon 2027-03-01 10:00 CET" (Instant), in the clinic's zone;
// JSON keeps RFC 3339 and YYYY-MM-DD, and a value to type back into a flag
// keeps the flag's form.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/mesokit/meso"
)

// Exit codes shared by the examples.
const (
	OK       = 0
	BadInput = 2
)

// Parse parses args with fs, whose output and usage are already set. It
// returns false and the exit code when the program should stop: OK after -h
// (the usage written on fs's output), BadInput for a flag it does not
// understand or an argument it does not take, after one line that names it
// and says "run with -h for usage" (a JSON object with -format json, see
// Reporter).
func Parse(fs *flag.FlagSet, args []string) (code int, ok bool) {
	out, usage := fs.Output(), fs.Usage
	// The flag package writes its message and the whole usage on an
	// error; the message is written below, once, and the usage only for -h.
	var failed *FlagError
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	var saved []*flag.Flag
	fs.VisitAll(func(f *flag.Flag) { saved = append(saved, f) })
	values := make([]flag.Value, len(saved))
	for i, f := range saved {
		values[i] = f.Value
		f.Value = recorder{f.Value, f.Name, &failed}
	}
	err := fs.Parse(args)
	for i, f := range saved {
		f.Value = values[i]
	}
	fs.SetOutput(out)
	fs.Usage = usage
	if errors.Is(err, flag.ErrHelp) {
		if fs.Usage == nil {
			fmt.Fprintf(out, "Usage of %s:\n", fs.Name())
			fs.PrintDefaults()
		} else {
			fs.Usage()
		}
		return OK, false
	}
	switch {
	case failed != nil:
		err = failed
	case err != nil:
		err = parseError(err)
	case fs.NArg() > 0:
		err = &usageError{value: fs.Arg(0), rule: RuleUnexpectedArgument,
			msg: fmt.Sprintf("unexpected argument %q: every input is a flag", fs.Arg(0))}
	default:
		return OK, true
	}
	r := Reporter{Name: fs.Name(), W: out, JSON: formatJSON(fs, args)}
	d := Describe(err)
	d.Message += "; run with -h for usage"
	r.Report(d)
	return BadInput, false
}

// recorder is a flag's value during Parse: it keeps the last value the
// flag refused, with the flag's name.
type recorder struct {
	flag.Value
	name   string
	failed **FlagError
}

func (r recorder) Set(s string) error {
	err := r.Value.Set(s)
	if err != nil {
		*r.failed = &FlagError{Flag: r.name, Value: s, Err: err}
	}
	return err
}

// IsBoolFlag tells the flag package that a boolean flag takes no value.
func (r recorder) IsBoolFlag() bool {
	b, ok := r.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// parseError is the flag package's error of an unknown flag, a flag
// without its value or a malformed one, with its field and rule.
func parseError(err error) error {
	msg := err.Error()
	for _, p := range []struct{ prefix, rule string }{
		{"flag provided but not defined: ", RuleUnknownFlag},
		{"flag needs an argument: ", RuleMissingValue},
		{"bad flag syntax: ", RuleBadSyntax},
	} {
		if name, ok := strings.CutPrefix(msg, p.prefix); ok {
			return &usageError{field: name, rule: p.rule, msg: msg}
		}
	}
	return &usageError{rule: RuleInvalidValue, msg: msg}
}

// Choice is a flag value that must be one of a few words.
type Choice struct {
	Value string
	Words []string
}

// NewChoice returns a Choice of words set to def.
func NewChoice(def string, words ...string) *Choice { return &Choice{Value: def, Words: words} }

func (c *Choice) String() string {
	if c == nil {
		return ""
	}
	return c.Value
}

// Set accepts one of the words.
func (c *Choice) Set(s string) error {
	if !slices.Contains(c.Words, s) {
		return fmt.Errorf("want one of %s", strings.Join(c.Words, ", "))
	}
	c.Value = s
	return nil
}

// Tag returns a source document's short tag, S0 to S4, or the name itself
// for a document that is not one of the five.
func Tag(name string) string {
	if i := slices.Index(meso.Sources(), name); i >= 0 {
		return fmt.Sprintf("S%d", i)
	}
	return name
}

// Tags returns the short tags of sources joined by commas.
func Tags(sources []string) string {
	tags := make([]string, len(sources))
	for i, s := range sources {
		tags[i] = Tag(s)
	}
	return strings.Join(tags, ",")
}

// Legend writes what the tags S0 to S4 stand for.
func Legend(w io.Writer) {
	fmt.Fprintln(w, "Sources:")
	for i, name := range meso.Sources() {
		title, _ := meso.SourceTitle(name) // one of the five: no error
		fmt.Fprintf(w, "  S%d %s\n     %s\n", i, title, name)
	}
}

// Width is the column the examples' text output fits in.
const Width = 80

// Wrap writes text as lines of at most Width columns, each starting with
// indent; a word longer than a line stands on its own line.
func Wrap(w io.Writer, indent, text string) {
	line := indent
	for _, word := range strings.Fields(text) {
		if line != indent && len([]rune(line))+1+len([]rune(word)) > Width {
			fmt.Fprintln(w, line)
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += word
	}
	if line != indent {
		fmt.Fprintln(w, line)
	}
}
