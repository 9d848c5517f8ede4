package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/strictjson"
)

// flags is a program "tool" with the kinds of flag the examples have.
func flags(stderr *bytes.Buffer) *flag.FlagSet {
	fs := flag.NewFlagSet("tool", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Int("n", 0, "a `number`")
	fs.Bool("b", false, "a switch")
	var d DateFlag
	fs.Var(&d, "start", "a `date`")
	fs.Var(NewChoice("text", "text", "json"), "format", "output `format`")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: tool [-n N] [-b] [-start DATE] [-format text|json]")
		fs.PrintDefaults()
	}
	return fs
}

// A flag the program cannot parse is one line, with the program's name in
// front and "run with -h for usage" at the end, and no usage; with
// -format json, given before or after it, the line is the JSON object.
// -h writes the usage and exits OK.
func TestParseFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want Detail
	}{
		{[]string{"-bogus"}, Detail{Field: "-bogus", Rule: RuleUnknownFlag, Message: "flag provided but not defined: -bogus"}},
		{[]string{"-n"}, Detail{Field: "-n", Rule: RuleMissingValue, Message: "flag needs an argument: -n"}},
		{[]string{"-n", "many"}, Detail{Field: "-n", Value: "many", Rule: RuleInvalidValue}},
		{[]string{"-start", "2027-02-30"}, Detail{Field: "-start", Value: "2027-02-30", Rule: "YYYY-MM-DD"}},
		{[]string{"-format", "xml"}, Detail{Field: "-format", Value: "xml", Rule: RuleInvalidValue,
			Message: `invalid value "xml" for flag -format: want one of text, json`}},
		{[]string{"-b=maybe"}, Detail{Field: "-b", Value: "maybe", Rule: RuleInvalidValue}},
		{[]string{"---n"}, Detail{Field: "---n", Rule: RuleBadSyntax, Message: "bad flag syntax: ---n"}},
		{[]string{"extra"}, Detail{Value: "extra", Rule: RuleUnexpectedArgument, Message: `unexpected argument "extra": every input is a flag`}},
	} {
		for _, jsonAt := range []string{"", "before", "after", "=before"} {
			args := tc.args
			switch jsonAt {
			case "before":
				args = append([]string{"-format", "json"}, args...)
			case "=before":
				args = append([]string{"--format=json"}, args...)
			case "after":
				args = append(slices.Clone(args), "-format", "json")
			}
			if (tc.want.Field == "-format" && jsonAt != "") || (tc.want.Rule == RuleMissingValue && jsonAt == "after") {
				continue // -format json itself, or -format taken as -n's value
			}
			var errs bytes.Buffer
			code, ok := Parse(flags(&errs), args)
			if ok || code != BadInput {
				t.Errorf("Parse(%q) = %d, %v; want BadInput, false", args, code, ok)
			}
			if n := strings.Count(errs.String(), "\n"); n != 1 || strings.Contains(errs.String(), "Usage") {
				t.Errorf("Parse(%q) wrote %d lines, want one and no usage:\n%s", args, n, errs.String())
			}
			line := strings.TrimSuffix(errs.String(), "\n")
			if jsonAt == "" {
				if !strings.HasPrefix(line, "tool: ") || !strings.HasSuffix(line, "; run with -h for usage") ||
					(tc.want.Message != "" && line != "tool: "+tc.want.Message+"; run with -h for usage") {
					t.Errorf("Parse(%q) wrote %q; want %q with the name in front and the hint at the end", args, line, tc.want.Message)
				}
				continue
			}
			var got struct {
				Error Detail `json:"error"`
			}
			if err := strictjson.Decode([]byte(line), &got); err != nil {
				t.Errorf("Parse(%q) wrote %q: %v", args, line, err)
				continue
			}
			if !strings.HasSuffix(got.Error.Message, "; run with -h for usage") {
				t.Errorf("Parse(%q): message %q lacks the hint", args, got.Error.Message)
			}
			want := tc.want
			if want.Message == "" {
				want.Message = got.Error.Message
			} else {
				want.Message += "; run with -h for usage"
			}
			if diff := cmp.Diff(want, got.Error); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", args, diff)
			}
		}
	}
	var errs bytes.Buffer
	fs := flags(&errs)
	if code, ok := Parse(fs, []string{"-h"}); ok || code != OK || !strings.HasPrefix(errs.String(), "Usage: tool") || !strings.Contains(errs.String(), "-start date") {
		t.Errorf("-h: %d, %v, %q; want OK, false and the usage with the flags", code, ok, errs.String())
	}
	// The flags read their values as usual.
	errs.Reset()
	fs = flags(&errs)
	if code, ok := Parse(fs, []string{"-n", "3", "-b", "-start", "2027-03-01"}); !ok || code != OK || errs.Len() > 0 ||
		fs.Lookup("n").Value.String() != "3" || fs.Lookup("b").Value.String() != "true" || fs.Lookup("start").Value.String() != "2027-03-01" {
		t.Errorf("parse: %d, %v, %q; n %s, b %s, start %s", code, ok, errs.String(), fs.Lookup("n").Value, fs.Lookup("b").Value, fs.Lookup("start").Value)
	}
	if _, isRecorder := fs.Lookup("n").Value.(recorder); isRecorder {
		t.Errorf("Parse left its recorder in place of the flag's value")
	}
}

// Describe reads the field, value and rule of every error type of the
// library, through wrapping, and the command line's own.
func TestDescribe(t *testing.T) {
	transition := &course.TransitionError{State: course.Planned, Event: event.KindSessionPerformed, Rule: course.RuleNotReady, Err: errors.New("not ready")}
	for _, tc := range []struct {
		err  error
		want Detail
	}{
		{&meso.FieldError{Field: "sessions", Value: "99", Err: meso.ErrInvalid}, Detail{Field: "sessions", Value: "99", Rule: "invalid"}},
		{fmt.Errorf("wrapped: %w", &meso.FieldError{Field: "conditions[0]", Value: "flu", Err: meso.ErrUnknown}),
			Detail{Field: "conditions[0]", Value: "flu", Rule: "unknown"}},
		{&meso.FieldError{Field: "preparations[3].kind", Value: "magic", Rule: "one of allopathic, homeopathic, compounded", Err: meso.ErrUnknown},
			Detail{Field: "preparations[3].kind", Value: "magic", Rule: "one of allopathic, homeopathic, compounded"}},
		{&strictjson.Error{Path: "events[0].kind", Err: strictjson.ErrUnknownField}, Detail{Field: "events[0].kind", Rule: "unknown"}},
		{transition, Detail{Rule: course.RuleNotReady}},
		{&course.ReplayError{Index: 4, Err: transition}, Detail{Field: "events[4]", Rule: course.RuleNotReady}},
		{&schedule.NoOpenDayError{Protocol: "weekly", Session: 2}, Detail{Rule: "no-open-day"}},
		{&FlagError{Flag: "sessions", Value: "99", Err: &meso.FieldError{Field: "sessions", Value: "99", Err: meso.ErrInvalid}},
			Detail{Field: "-sessions", Value: "99", Rule: "invalid"}},
		{&FlagError{Flag: "format", Value: "xml", Err: errors.New("want text or json")}, Detail{Field: "-format", Value: "xml", Rule: RuleInvalidValue}},
		{FromFile("intake", "patient.json", &meso.FieldError{Field: "pregnant", Err: meso.ErrMissing}),
			Detail{Field: "pregnant", Rule: "missing"}},
		{FromFile("log", "-", errors.New("empty")), Detail{Field: "-log", Value: "-"}},
		{errors.New("something else"), Detail{}},
	} {
		tc.want.Message = tc.err.Error()
		if diff := cmp.Diff(tc.want, Describe(tc.err)); diff != "" {
			t.Errorf("Describe(%v) (-want +got):\n%s", tc.err, diff)
		}
	}
	_, err := OpenFile("intake", "/no/such/patient.json")
	if diff := cmp.Diff(Detail{Field: "-intake", Value: "/no/such/patient.json", Rule: "not-found",
		Message: `invalid value "/no/such/patient.json" for flag -intake: no such file or directory`}, Describe(err)); diff != "" {
		t.Errorf("a missing file (-want +got):\n%s", diff)
	}
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenFile's error %v does not wrap os.ErrNotExist", err)
	}
}

// A reporter writes each error once: one line after the program's name, or
// one JSON object whose message is the same text; unknown parts are left
// out.
func TestReporter(t *testing.T) {
	err := FromFile("intake", "patient.json", &meso.FieldError{Field: "conditions[0]", Value: "flu", Err: meso.ErrUnknown})
	var b bytes.Buffer
	if code := (Reporter{Name: "screen", W: &b}).Fail(BadInput, err); code != BadInput || b.String() != "screen: "+err.Error()+"\n" {
		t.Errorf("text: %d, %q", code, b.String())
	}
	b.Reset()
	if code := (Reporter{Name: "screen", W: &b, JSON: true}).Fail(4, err); code != 4 || strings.Count(b.String(), "\n") != 1 {
		t.Errorf("json: %d, %q", code, b.String())
	}
	var got map[string]map[string]string
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]string{"error": {"field": "conditions[0]", "value": "flu", "rule": "unknown", "message": err.Error()}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("json (-want +got):\n%s", diff)
	}
	b.Reset()
	(Reporter{Name: "plan", W: &b, JSON: true}).Failf(1, "plain")
	if b.String() != `{"error":{"message":"plain"}}`+"\n" {
		t.Errorf("an error with nothing but its text: %q", b.String())
	}
}

func TestDates(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	d, _ := meso.NewDate(2027, time.March, 1)
	e, _ := meso.NewDate(2027, time.March, 28)
	for _, tc := range []struct{ got, want string }{
		{Day(d), "Mon 2027-03-01"},
		{Day(meso.Date{}), ""},
		{Days(meso.DateRange{From: d, To: d}), "Mon 2027-03-01"},
		{Days(meso.DateRange{From: d, To: e}), "Mon 2027-03-01 to Sun 2027-03-28"},
		{Instant(d.At(10, 0, berlin)), "Mon 2027-03-01 10:00 CET"},
		{Instant(e.At(10, 0, berlin)), "Sun 2027-03-28 10:00 CEST"},
		{d.At(10, 0, berlin).Format(meso.DayLayout), Day(d)},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// SortWindows orders by the end, then by the activity's name, and keeps
// every window.
func TestSortWindows(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		base := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)
		acts := aftercare.Activities()
		ws := rapid.Custom(func(t *rapid.T) aftercare.Window {
			return aftercare.Window{Activity: rapid.SampledFrom(acts).Draw(t, "activity"), From: base,
				Until: base.Add(time.Duration(rapid.IntRange(0, 5).Draw(t, "hours")) * time.Hour)}
		})
		in := rapid.SliceOf(ws).Draw(t, "windows")
		got := slices.Clone(in)
		SortWindows(got)
		for i := 1; i < len(got); i++ {
			a, b := got[i-1], got[i]
			if a.Until.After(b.Until) || (a.Until.Equal(b.Until) && a.Activity.String() > b.Activity.String()) {
				t.Fatalf("%v before %v", a, b)
			}
		}
		key := func(w aftercare.Window) string { return w.Activity.String() + w.Until.String() }
		if !slices.Equal(sortedKeys(in, key), sortedKeys(got, key)) {
			t.Fatalf("windows changed: %v to %v", in, got)
		}
	})
}

func sortedKeys[T any](xs []T, key func(T) string) []string {
	ks := make([]string, len(xs))
	for i, x := range xs {
		ks[i] = key(x)
	}
	slices.Sort(ks)
	return ks
}

// The month grid marks a session, the test injection, a weekly closure, a
// holiday and a day away each in its own way, and says so in its legend.
func TestMonthMarks(t *testing.T) {
	date := func(day int) meso.Date { d, _ := meso.NewDate(2027, time.March, day); return d }
	cal, _ := clinic.NewCalendar(time.UTC, 10, 0, clinic.WeekdaysOf(time.Sunday))
	cal, _ = cal.WithHolidays(date(29))
	cal, _ = cal.WithUnavailable(meso.DateRange{From: date(15), To: date(16)})
	cells := map[string]string{
		"open":     cell(date(3), cal, date(1), false),
		"session":  cell(date(2), cal, date(1), true),
		"test":     cell(date(1), cal, date(1), false),
		"closed":   cell(date(7), cal, date(1), false),
		"holiday":  cell(date(29), cal, date(1), false),
		"away":     cell(date(15), cal, date(1), false),
		"away too": cell(date(16), cal, date(1), false),
	}
	want := map[string]string{"open": "  3 ", "session": "[ 2]", "test": "< 1>", "closed": "( 7)", "holiday": "*29*", "away": "~15~", "away too": "~16~"}
	if diff := cmp.Diff(want, cells); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
	var b bytes.Buffer
	WriteMonths(&b, cal, date(1), []meso.Date{date(2), date(9), date(30)})
	for _, w := range []string{"March 2027", "< 1>[ 2]", "( 7)", "~15~~16~", "*29*[30]",
		"\n[d] session  <d> test injection  (d) closed weekday  *d* holiday  ~d~ away\n"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("the grid lacks %q:\n%s", w, b.String())
		}
	}
	if strings.Contains(b.String(), "=d=") {
		t.Errorf("the legend shows the mark of a diary without free time, for a calendar without a diary:\n%s", b.String())
	}
}
