package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/strictjson"
)

// The rules of the errors of the command line itself, as Detail.Rule.
const (
	RuleUnknownFlag        = "unknown-flag"        // a flag the program does not define
	RuleMissingValue       = "missing-value"       // a flag given without its value
	RuleBadSyntax          = "bad-flag-syntax"     // a flag written ---x or -=x
	RuleInvalidValue       = "invalid-value"       // a flag's value the program cannot read
	RuleUnexpectedArgument = "unexpected-argument" // an argument that is not a flag
)

// FlagError is a flag's value that the program cannot use: the flag's
// name (without its dash), the value as given and why. Its text is the
// flag package's own wording, so that an error found while parsing and one
// found afterwards read alike.
type FlagError struct {
	Flag  string
	Value string
	Err   error
}

// Error returns `invalid value "VALUE" for flag -FLAG: reason`.
func (e *FlagError) Error() string {
	return fmt.Sprintf("invalid value %q for flag -%s: %v", e.Value, e.Flag, e.Err)
}

// Unwrap returns why the value is wrong.
func (e *FlagError) Unwrap() error { return e.Err }

// usageError is an error of the command line that is not a flag's value:
// an unknown flag, a missing value, a stray argument.
type usageError struct {
	field, value, rule, msg string
}

func (e *usageError) Error() string { return e.msg }

// Detail is what an error says of itself for a program that reads it: the
// field at fault (a flag, as "-sessions", or a path in an input, as
// "medications[0].last_dose"), the value as given, the rule it broke and
// the error's text. Field, Value and Rule are empty when not known.
type Detail struct {
	Field   string `json:"field,omitempty"`
	Value   string `json:"value,omitempty"`
	Rule    string `json:"rule,omitempty"`
	Message string `json:"message"`
}

// Describe returns the detail of err. A flag's value (FlagError) is named
// as the flag; otherwise the field and value are those of the library's
// error that err wraps, and the rule is a refused event's rule, the
// command line's, or the sentinel error that err wraps (unknown, missing,
// invalid, duplicate, too-large, no-open-day).
//
// This is the one place that reads the library's error types for their
// field, value and rule (the programs look at a field only to name the flag
// it came from), so that one shared error type can replace the switch.
func Describe(err error) Detail {
	d := Detail{Message: err.Error()}
	var (
		flagErr *FlagError
		usage   *usageError
		replay  *course.ReplayError
		fieldE  *meso.FieldError
		jsonErr *strictjson.Error
		fileErr *FileError
	)
	switch {
	case errors.As(err, &flagErr):
		d.Field, d.Value = "-"+flagErr.Flag, flagErr.Value
	case errors.As(err, &usage):
		d.Field, d.Value, d.Rule = usage.field, usage.value, usage.rule
	case errors.As(err, &fieldE):
		r := meso.ReportError(err)
		d.Field, d.Value, d.Rule = r.Field, r.Value, r.Rule
	case errors.As(err, &jsonErr):
		d.Field = jsonErr.Path
	case errors.As(err, &replay):
		d.Field = "events[" + strconv.Itoa(replay.Index) + "]"
	case errors.As(err, &fileErr):
		d.Field, d.Value = "-"+fileErr.Flag, fileErr.File
	}
	var te *course.TransitionError
	if d.Rule == "" && errors.As(err, &te) {
		d.Rule = te.Rule
	}
	var ruled interface{ Rule() string } // a reason that says what the value must be, as a date's
	if d.Rule == "" && errors.As(err, &ruled) {
		d.Rule = ruled.Rule()
	}
	if d.Rule == "" {
		d.Rule = sentinelRule(err)
	}
	if d.Rule == "" && flagErr != nil {
		d.Rule = RuleInvalidValue
	}
	return d
}

// sentinelRule names the sentinel error that err wraps, or "".
func sentinelRule(err error) string {
	for _, s := range []struct {
		rule string
		errs []error
	}{
		{"no-open-day", []error{schedule.ErrNoOpenDay}},
		{"unknown", []error{meso.ErrUnknown, strictjson.ErrUnknownField}},
		{"duplicate", []error{meso.ErrDuplicate, strictjson.ErrDuplicateKey, strictjson.ErrFoldedKey}},
		{"missing", []error{meso.ErrMissing}},
		{"too-large", []error{meso.ErrTooLarge, strictjson.ErrTooLarge, strictjson.ErrTooDeep}},
		{"invalid", []error{meso.ErrInvalid, strictjson.ErrSyntax, strictjson.ErrType, strictjson.ErrTrailingData}},
		{"not-found", []error{os.ErrNotExist}},
	} {
		for _, e := range s.errs {
			if errors.Is(err, e) {
				return s.rule
			}
		}
	}
	return ""
}

// Reporter writes a program's errors on its standard error, one per line:
// the program's name, a colon and the error's text, or, when JSON is set
// (the program was given -format json), the object
// {"error": {"field": …, "value": …, "rule": …, "message": …}} on one line.
type Reporter struct {
	Name string
	W    io.Writer
	JSON bool
}

// ReporterOf returns the reporter of the program that fs parses: its name,
// its output, and JSON when its -format flag is json.
func ReporterOf(fs *flag.FlagSet) Reporter {
	return Reporter{Name: fs.Name(), W: fs.Output(), JSON: formatJSON(fs, nil)}
}

// Fail writes err and returns code.
func (r Reporter) Fail(code int, err error) int {
	r.Report(Describe(err))
	return code
}

// Failf writes the error that fmt.Errorf makes of format and a and returns
// code.
func (r Reporter) Failf(code int, format string, a ...any) int {
	return r.Fail(code, fmt.Errorf(format, a...))
}

// Flag writes that value is wrong for the flag named (without its dash),
// and why, and returns BadInput.
func (r Reporter) Flag(name, value string, why error) int {
	return r.Fail(BadInput, &FlagError{Flag: name, Value: value, Err: why})
}

// Report writes one error's detail: its message after the program's name,
// or the JSON object.
func (r Reporter) Report(d Detail) {
	if r.JSON {
		out, err := json.Marshal(struct {
			Error Detail `json:"error"`
		}{d})
		if err == nil { // a struct of strings always marshals
			fmt.Fprintf(r.W, "%s\n", out)
			return
		}
	}
	fmt.Fprintf(r.W, "%s: %s\n", r.Name, d.Message)
}

// Note writes a line that is not an error (a warning the output does not
// carry) after the program's name, whatever the format.
func (r Reporter) Note(format string, a ...any) {
	fmt.Fprintf(r.W, "%s: %s\n", r.Name, fmt.Sprintf(format, a...))
}

// FileError is an input read from a file given to a flag that the program
// cannot use: the flag's name (without its dash), the file ("-" for
// standard input) and why.
type FileError struct {
	Flag string
	File string
	Err  error
}

// Error returns `-FLAG "FILE": reason`, or "-FLAG (standard input):
// reason" for "-".
func (e *FileError) Error() string {
	if e.File == "-" {
		return fmt.Sprintf("-%s (standard input): %v", e.Flag, e.Err)
	}
	return fmt.Sprintf("-%s %q: %v", e.Flag, e.File, e.Err)
}

// Unwrap returns why the input is wrong.
func (e *FileError) Unwrap() error { return e.Err }

// FromFile returns err, about the input read from the file given to the
// flag named (without its dash), with the flag and file named once in
// front. Its field and value stay err's own, or are the flag and file when
// err has none.
func FromFile(flag, file string, err error) error {
	return &FileError{Flag: flag, File: file, Err: err}
}

// OpenFile opens the file given to the flag named (without its dash); its
// error is a FlagError that says why without repeating the name.
func OpenFile(name, file string) (*os.File, error) {
	f, err := os.Open(file)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &FlagError{Flag: name, Value: file, Err: err}
	}
	return f, nil
}

// formatJSON reports whether the program asked for -format json: the flag
// as parsed, or, when parsing stopped before it, as written in args.
func formatJSON(fs *flag.FlagSet, args []string) bool {
	if f := fs.Lookup("format"); f != nil && f.Value.String() == "json" {
		return true
	}
	for i, a := range args {
		if a == "--" {
			break
		}
		name, value, eq := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if name != "format" || !strings.HasPrefix(a, "-") {
			continue
		}
		if !eq && i+1 < len(args) {
			value = args[i+1]
		}
		return value == "json"
	}
	return false
}
