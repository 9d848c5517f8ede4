package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"

	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/formulary"
	"github.com/mesokit/meso/screening"
)

func runWith(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errs bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errs)
	return code, out.String(), errs.String()
}

var berlin, _ = time.LoadLocation("Europe/Berlin")

func at(day, hour int) time.Time { return time.Date(2027, time.March, day, hour, 0, 0, 0, berlin) }

// screened is the screening of a patient at the instant at, for
// greying-cocktail: still taking an anticoagulant when deferred is true.
func screened(t *testing.T, when time.Time, deferred bool) event.Screened {
	t.Helper()
	birth, _ := meso.NewDate(1990, time.April, 12)
	in := screening.Intake{BirthDate: birth, Sex: formulary.Female}
	if deferred {
		in.Medications = []screening.Medication{{Class: screening.Anticoagulant}}
	}
	r, err := screening.Screen(in, meso.DateOf(when), screening.Options{Preparation: "greying-cocktail"})
	if err != nil {
		t.Fatal(err)
	}
	return event.Screened{At: when, Result: r}
}

func session(when time.Time) event.SessionPerformed {
	return event.SessionPerformed{At: when, Preparation: "greying-cocktail", Technique: "papular", Zones: event.WholeScalp, Injections: 40}
}

// logOf is the JSON log of a greying-weekly course with the events.
func logOf(t *testing.T, events ...event.Event) string {
	t.Helper()
	p, _ := schedule.Lookup(schedule.GreyingWeekly)
	data, err := json.Marshal(event.Log{Protocol: p, Preparation: "greying-cocktail", Zone: berlin, Events: events})
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// -init prints a log that -log reads back: a planned course, no next
// session yet.
func TestInitThenReplay(t *testing.T) {
	code, out, errs := runWith(t, "", "-init", "-protocol", "greying-weekly", "-preparation", "greying-cocktail", "-tz", "Europe/Berlin", "-sessions", "10")
	if code != 0 || errs != "" {
		t.Fatalf("-init: exit %d, stderr %q", code, errs)
	}
	l, err := event.DecodeLog(strings.NewReader(out))
	if err != nil || l.Zone.String() != "Europe/Berlin" || l.Preparation != "greying-cocktail" || l.Sessions != 10 || len(l.Events) != 0 {
		t.Fatalf("-init printed %s (%v)", out, err)
	}
	code, out, errs = runWith(t, out, "-log", "-", "-format", "json")
	if code != 0 || errs != "" {
		t.Fatalf("-log: exit %d, stderr %q", code, errs)
	}
	want := "{\n  \"state\": \"planned\",\n  \"done\": 0,\n  \"remaining\": 10,\n  \"next\": null,\n  \"refused\": null\n}\n"
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("-log -format json (-want +got):\n%s", diff)
	}
}

// The JSON has the shape, a course that goes well and one whose
// session is refused.
func TestReplayReports(t *testing.T) {
	ready := []event.Event{screened(t, at(1, 9), false), event.TestInjection{At: at(1, 10), Preparation: "greying-cocktail"}}
	first := append(ready, screened(t, at(2, 9), false), session(at(2, 10)))
	latest, firstLatest := "2027-03-09", "2027-03-02"
	for _, tc := range []struct {
		name   string
		events []event.Event
		code   int
		want   report
	}{
		{"ready for the first session", ready, 0,
			report{State: "ready", Done: 0, Remaining: 10, Next: &next{Session: 1, Earliest: "2027-03-02", Preferred: "2027-03-02", Latest: &firstLatest}}},
		{"one session done", first, 0,
			report{State: "active", Done: 1, Remaining: 9, Next: &next{Session: 2, Earliest: "2027-03-06", Preferred: "2027-03-09", Latest: &latest}}},
		{"a session without its screening is refused", append(first, session(at(9, 10))), Refused,
			report{State: "active", Done: 1, Remaining: 9, Next: &next{Session: 2, Earliest: "2027-03-06", Preferred: "2027-03-09", Latest: &latest},
				Refused: &refusal{Index: 4, Type: "session-performed", Rule: "screening-not-on-session-day"}}},
		{"a deferred patient's session is refused after a resume", append(first, screened(t, at(9, 9), true), event.Resume{At: at(9, 9)}, session(at(9, 10))), Refused,
			report{State: "active", Done: 1, Remaining: 9, Next: &next{Session: 2, Earliest: "2027-03-06", Preferred: "2027-03-09", Latest: &latest},
				Refused: &refusal{Index: 6, Type: "session-performed", Rule: "deferred"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "log.json")
			if err := os.WriteFile(path, []byte(logOf(t, tc.events...)), 0o600); err != nil {
				t.Fatal(err)
			}
			code, out, errs := runWith(t, "", "-log", path, "-format", "json")
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tc.code, errs)
			}
			var got report
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if got.Refused != nil {
				if got.Refused.Message == "" {
					t.Errorf("the refusal has no message")
				}
				if !strings.Contains(errs, got.Refused.Rule) || !strings.Contains(errs, "events[") {
					t.Errorf("stderr %q does not say which event and rule", errs)
				}
				got.Refused.Message = ""
			} else if errs != "" {
				t.Errorf("stderr %q, want none", errs)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}
			var keys map[string]json.RawMessage
			json.Unmarshal([]byte(out), &keys)
			if len(keys) != 5 {
				t.Errorf("top-level keys %v, want state, done, remaining, next, refused", keys)
			}
			// The text form says the same.
			code, text, _ := runWith(t, "", "-log", path)
			if code != tc.code || !strings.Contains(text, "State: "+tc.want.State) {
				t.Errorf("text: exit %d\n%s", code, text)
			}
		})
	}
}

// Bad input: exit 2, a message naming the field and value, nothing on
// stdout.
func TestBadInput(t *testing.T) {
	good := logOf(t)
	v1 := strings.Replace(strings.Replace(good, `"version":3`, `"version":1`, 1), `"zone":"Europe/Berlin","safety":{"screening_valid_days":0,"test_lead_days":1},`, "", 1)
	if v1 == good || strings.Contains(v1, "zone") {
		t.Fatalf("could not make a version 1 log of\n%s", good)
	}
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		want  []string
	}{
		{"an unknown field", strings.Replace(good, `"sessions":`, `"visits":`, 1), []string{"-log", "-"}, []string{"visits"}},
		{"an invalid safety policy", strings.Replace(good, `"test_lead_days":1`, `"test_lead_days":99`, 1), []string{"-log", "-"}, []string{"safety.test_lead_days", "99"}},
		{"an unknown zone", strings.Replace(good, "Europe/Berlin", "Europe/Nowhere", 1), []string{"-log", "-"}, []string{"zone", "Europe/Nowhere"}},
		{"an unknown event", strings.Replace(logOf(t, event.Observation{At: at(1, 9), Observed: event.Shedding}), `"observation"`, `"seen"`, 1), []string{"-log", "-"}, []string{"events[0].kind", "seen"}},
		{"a version 1 log without -tz", v1, []string{"-log", "-"}, []string{"zone", "-tz"}},
		{"a version 1 log with another -tz", good, []string{"-log", "-", "-tz", "Asia/Tokyo"}, []string{"-tz", "Asia/Tokyo"}},
		{"no such file", "", []string{"-log", "/no/such/log.json"}, []string{"/no/such/log.json"}},
		{"neither -init nor -log", "", nil, []string{"-init", "-log"}},
		{"both", "", []string{"-init", "-log", "-"}, []string{"-init", "-log"}},
		{"an unknown protocol", "", []string{"-init", "-protocol", "daily", "-preparation", "greying-cocktail", "-tz", "UTC"}, []string{"-protocol", "daily"}},
		{"an unknown preparation", "", []string{"-init", "-protocol", "weekly", "-preparation", "snake-oil", "-tz", "UTC"}, []string{"-preparation", "snake-oil"}},
		{"too many sessions", "", []string{"-init", "-protocol", "weekly", "-preparation", "greying-cocktail", "-tz", "UTC", "-sessions", "99"}, []string{"-sessions", "99"}},
		{"no zone", "", []string{"-init", "-protocol", "weekly", "-preparation", "greying-cocktail"}, []string{"-tz"}},
		{"the machine's zone", "", []string{"-init", "-protocol", "weekly", "-preparation", "greying-cocktail", "-tz", "Local"}, []string{"-tz", "Local"}},
		{"-protocol with -log", good, []string{"-log", "-", "-protocol", "weekly"}, []string{"-protocol"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runWith(t, tc.stdin, tc.args...)
			if code != 2 || out != "" {
				t.Fatalf("exit %d, stdout %q; want 2 and nothing (stderr %q)", code, out, errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr %q does not name %q", errs, w)
				}
			}
		})
	}
	// With -tz, a version 1 log replays.
	if code, out, errs := runWith(t, v1, "-log", "-", "-tz", "Europe/Berlin", "-format", "json"); code != 0 || !strings.Contains(out, `"state": "planned"`) {
		t.Errorf("a version 1 log with -tz: exit %d, %s %s", code, out, errs)
	}
}

// Whatever the flags and the log, the command exits 0, 2 or 3, never
// panics, and prints nothing on stdout for bad input.
func FuzzArgs(f *testing.F) {
	f.Add("-init -protocol weekly -preparation greying-cocktail -tz Europe/Berlin", "")
	f.Add("-log - -format json", `{"version":2}`)
	f.Add("-log - -tz UTC", `{"version":1,"protocol":{},"events":[]}`)
	f.Fuzz(func(t *testing.T, args, stdin string) {
		if len(stdin) > 1<<14 {
			return
		}
		var out, errs bytes.Buffer
		code := run(strings.Fields(args), strings.NewReader(stdin), &out, &errs)
		switch {
		case code != 0 && code != 2 && code != Refused:
			t.Fatalf("exit %d", code)
		case code == 2 && out.Len() > 0:
			t.Fatalf("bad input, yet stdout %q", out.String())
		}
	})
}

// With -format json every error is one JSON object on stderr, a refused
// event's included, with the same exit code; in text it is one line after
// the program's name, the log named once.
func TestErrorsAsJSON(t *testing.T) {
	ready := []event.Event{screened(t, at(1, 9), false), event.TestInjection{At: at(1, 10), Preparation: "greying-cocktail"}}
	refused := logOf(t, append(ready, session(at(2, 10)))...) // no screening that day
	for _, tc := range []struct {
		stdin string
		args  []string
		code  int
		want  map[string]string
	}{
		{refused, []string{"-log", "-"}, Refused, map[string]string{"field": "events[2]", "value": "session-performed", "rule": "screening-not-on-session-day"}},
		{strings.Replace(logOf(t), `"sessions":`, `"visits":`, 1), []string{"-log", "-"}, 2, map[string]string{"field": "protocol.visits", "rule": "unknown"}},
		{logOf(t), []string{"-log", "-", "-tz", "Asia/Tokyo"}, 2, map[string]string{"field": "-tz", "value": "Asia/Tokyo", "rule": "invalid-value"}},
		{"", []string{"-init", "-protocol", "daily", "-preparation", "greying-cocktail", "-tz", "UTC"}, 2,
			map[string]string{"field": "-protocol", "value": "daily", "rule": "unknown"}},
		{"", []string{"-init", "-protocol", "weekly", "-preparation", "greying-cocktail", "-tz", "UTC", "-sessions", "99"}, 2,
			map[string]string{"field": "-sessions", "value": "99", "rule": "invalid"}},
		{"", []string{"-log", "/no/such/log.json"}, 2, map[string]string{"field": "-log", "value": "/no/such/log.json", "rule": "not-found"}},
		{"", []string{"-sessions", "x"}, 2, map[string]string{"field": "-sessions", "value": "x", "rule": "invalid-value"}},
	} {
		code, out, errs := runWith(t, tc.stdin, append(tc.args, "-format", "json")...)
		var got map[string]map[string]string
		if err := json.Unmarshal([]byte(errs), &got); err != nil || code != tc.code || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q (%v); want %d and one JSON object", tc.args, code, errs, err, tc.code)
			continue
		}
		if code == 2 && out != "" {
			t.Errorf("%v: stdout %q", tc.args, out)
		}
		e := got["error"]
		if e["message"] == "" {
			t.Errorf("%v: no message in %s", tc.args, errs)
		}
		delete(e, "message")
		if diff := cmp.Diff(tc.want, e); diff != "" {
			t.Errorf("%v: error (-want +got):\n%s", tc.args, diff)
		}
		_, _, text := runWith(t, tc.stdin, tc.args...)
		if !strings.HasPrefix(text, "course: ") || strings.Count(text, "\n") != 1 || strings.Contains(text, "log from") {
			t.Errorf("%v: text %q", tc.args, text)
		}
	}
	code, _, errs := runWith(t, refused, "-log", "-")
	if code != Refused || !strings.HasPrefix(errs, "course: -log (standard input): events[2] (session-performed) refused by rule screening-not-on-session-day: ") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

// A flag error is one line; -h the usage, exit 0.
func TestFlagErrorIsOneLine(t *testing.T) {
	code, out, errs := runWith(t, "", "-init", "-bogus")
	if code != 2 || out != "" || errs != "course: flag provided but not defined: -bogus; run with -h for usage\n" {
		t.Errorf("-bogus: exit %d, stderr %q", code, errs)
	}
	code, out, errs = runWith(t, "", "-h")
	if code != 0 || out != "" || !strings.HasPrefix(errs, "Usage: course") {
		t.Errorf("-h: exit %d, stderr %q", code, errs)
	}
}

// The text writes the next session's days with their weekdays.
func TestTextDates(t *testing.T) {
	first := []event.Event{screened(t, at(1, 9), false), event.TestInjection{At: at(1, 10), Preparation: "greying-cocktail"},
		screened(t, at(2, 9), false), session(at(2, 10))}
	_, out, _ := runWith(t, logOf(t, first...), "-log", "-")
	if want := "Next session: 2, Sat 2027-03-06 to Tue 2027-03-09 (preferred Tue 2027-03-09)\n"; !strings.Contains(out, want) {
		t.Errorf("text lacks %q:\n%s", want, out)
	}
	_, out, _ = runWith(t, logOf(t, first[:2]...), "-log", "-")
	if want := "Next session: 1, Tue 2027-03-02 to Tue 2027-03-02 (preferred Tue 2027-03-02)\n"; !strings.Contains(out, want) {
		t.Errorf("text lacks %q:\n%s", want, out)
	}
}
