package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/examples/internal/cli"
	"github.com/mesokit/meso/internal/daytest"
	"github.com/mesokit/meso/screening"
)

func keys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func runPlan(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errs bytes.Buffer
	code = run(args, nil, now, &out, &errs)
	return code, out.String(), errs.String()
}

// writeIntake writes an intake file for a test and returns its path.
func writeIntake(t *testing.T, json string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "intake.json")
	if err := os.WriteFile(path, []byte(json), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkColumns fails for a line of text output over 80 columns.
func checkColumns(t *testing.T, out string) {
	t.Helper()
	for i, line := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(line); n > 80 {
			t.Errorf("line %d is %d columns: %q", i+1, n, line)
		}
	}
}

// The JSON output has one aftercare entry per appointment, in order, whose
// windows are the policy's after that session with their sources.
func TestJSONAftercare(t *testing.T) {
	code, out, errs := runPlan(t, "-protocol", "biweekly", "-start", "2027-03-22", "-tz", "Europe/Berlin", "-format", "json")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var doc struct {
		Appointments []struct {
			N     int
			Start time.Time
		}
		Aftercare []map[string]json.RawMessage
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Aftercare) != len(doc.Appointments) || len(doc.Aftercare) == 0 {
		t.Fatalf("%d aftercare entries for %d appointments", len(doc.Aftercare), len(doc.Appointments))
	}
	p := aftercare.DefaultPolicy()
	for i, entry := range doc.Aftercare {
		if diff := cmp.Diff([]string{"n", "windows"}, keys(entry)); diff != "" {
			t.Fatalf("aftercare[%d] keys (-want +got):\n%s", i, diff)
		}
		var n int
		var windows []map[string]json.RawMessage
		if json.Unmarshal(entry["n"], &n) != nil || json.Unmarshal(entry["windows"], &windows) != nil || n != doc.Appointments[i].N {
			t.Fatalf("aftercare[%d] = %v, want n %d", i, entry, doc.Appointments[i].N)
		}
		want := p.Windows(doc.Appointments[i].Start)
		cli.SortWindows(want) // by their end, as the text lists them
		if len(windows) != len(want) {
			t.Fatalf("aftercare[%d]: %d windows, want %d", i, len(windows), len(want))
		}
		for j, w := range windows {
			var got struct {
				Activity    aftercare.Activity
				From, Until string
				Sources     []string
			}
			raw, _ := json.Marshal(w)
			if diff := cmp.Diff([]string{"activity", "from", "sources", "until"}, keys(w)); diff != "" || json.Unmarshal(raw, &got) != nil {
				t.Fatalf("aftercare[%d].windows[%d] keys (-want +got):\n%s", i, j, diff)
			}
			restriction, _ := p.Restriction(want[j].Activity)
			wantSources := restriction.Sources
			from, err1 := time.Parse(time.RFC3339, got.From)
			until, err2 := time.Parse(time.RFC3339, got.Until)
			if got.Activity != want[j].Activity || err1 != nil || err2 != nil || !from.Equal(want[j].From) || !until.Equal(want[j].Until) ||
				!slices.Equal(got.Sources, wantSources) || len(got.Sources) == 0 {
				t.Errorf("aftercare[%d].windows[%d] = %+v, want %v with sources %v", i, j, got, want[j], wantSources)
			}
		}
	}
	// The third session is after the change to summer time: its washing
	// window says so in its offset, and lasts 72 hours after the end of
	// the 45-minute session. (The course starts
	// on Tuesday 23 March: Sunday is closed, and the test injection comes
	// the day before the first session, S2.)
	if !strings.Contains(out, `"from": "2027-04-20T10:00:00+02:00"`) || !strings.Contains(out, `"until": "2027-04-23T10:45:00+02:00"`) {
		t.Errorf("want windows written RFC 3339 with their offsets:\n%.2000s", out)
	}
}

// The conflicts of issue 6 reach the JSON output with their kind, message
// and sides: the every-2-3-days washing conflict (S0, S4 against S2), an
// X-ray two days after a session (S1), a week in the sun, and a deferral
// that hits a later appointment.
func TestJSONConflicts(t *testing.T) {
	intake := writeIntake(t, `{"birth_date": "1990-04-12", "pregnant": false, "lactating": false,
		"menstruation": [{"from": "2027-03-10", "to": "2027-03-12"}]}`)
	code, out, errs := runPlan(t, "-protocol", "every-2-3-days", "-start", "2027-03-01", "-tz", "Europe/Berlin",
		"-intake", intake, "-event", "x-ray@2027-03-03T09:00", "-event", "sun-exposure@2027-04-03..2027-04-09", "-format", "json")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var doc struct {
		Screening struct{ Verdict string }
		Conflicts []map[string]json.RawMessage
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Screening.Verdict != "cleared" {
		t.Errorf("screening on the first session's date: %q, want cleared", doc.Screening.Verdict)
	}
	count := map[string]int{}
	for i, c := range doc.Conflicts {
		if diff := cmp.Diff([]string{"from", "kind", "message", "planned", "restriction", "until"}, keys(c)); diff != "" {
			t.Fatalf("conflicts[%d] keys (-want +got):\n%s", i, diff)
		}
		var kind string
		json.Unmarshal(c["kind"], &kind)
		count[kind]++
	}
	// Sessions 2-15 each ask for washing inside a window; a menstruation
	// from 10 to 12 March defers the sessions on those days (S2, S3).
	if diff := cmp.Diff(map[string]int{"requirement-in-window": 14, "event-in-window": 2, "appointment-deferred": 2}, count); diff != "" {
		t.Errorf("conflicts by kind (-want +got):\n%s", diff)
	}
	var first, xray struct {
		Kind, Message        string
		From, Until          string
		Planned, Restriction struct{ Sources []string }
	}
	json.Unmarshal(mustJSON(t, doc.Conflicts[0]), &first)
	json.Unmarshal(mustJSON(t, doc.Conflicts[1]), &xray)
	if first.Kind != "requirement-in-window" || first.From != "2027-03-03T00:00:00+01:00" ||
		!slices.Equal(first.Planned.Sources, []string{meso.S0, meso.S4}) || !slices.Equal(first.Restriction.Sources, []string{meso.S2}) {
		t.Errorf("first conflict: %+v", first)
	}
	if xray.Kind != "event-in-window" || xray.From != "2027-03-03T09:00:00+01:00" || !slices.Equal(xray.Restriction.Sources, []string{meso.S1}) ||
		!strings.Contains(xray.Message, "x-ray@2027-03-03T09:00 (at Wed 2027-03-03 09:00 CET)") {
		t.Errorf("X-ray conflict: %+v", xray)
	}
	if !strings.Contains(out, "session 6 (Fri 2027-03-12 10:00 CET): screening defers the patient on 2027-03-12 until 2027-03-13, the first day a session may go ahead (menstruation)") {
		t.Errorf("no deferral of session 6 until 13 March in\n%s", out)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The text output names every conflict within 80 columns, after the
// aftercare list of the first session.
func TestTextConflicts(t *testing.T) {
	code, out, errs := runPlan(t, "-protocol", "every-2-3-days", "-start", "2027-03-01", "-tz", "Europe/Berlin",
		"-preparation", "greying-cocktail", "-event", "x-ray@2027-03-03T09:00", "-event", "sauna@2027-03-07")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	checkColumns(t, out)
	for _, want := range []string{
		"Verdict: CLEARED",
		"Aftercare after session 1 (Tue 2027-03-02 10:00 CET), until when not to:",
		"  wash-hair            until Fri 2027-03-05 10:45 CET  [S2]\n",
		"  cosmetic-procedures  until Tue 2027-03-09 10:45 CET  [S3]\n",
		"Conflicts (17):\n",
		"  1. requirement-in-window [S0,S4 against S2]\n      session 2 (Thu 2027-03-04 10:00 CET) asks for wash-hair-day-before on Wed\n",
		"  2. event-in-window [the patient's plan against S1]\n      x-ray@2027-03-03T09:00 (at Wed 2027-03-03 09:00 CET) falls where x-ray is\n",
		"event-before-session [the patient's plan against S2, span by policy]",
		"event-in-window [the patient's plan against S3]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	if i, j := strings.Index(out, "Aftercare after"), strings.Index(out, "Conflicts ("); i < 0 || j < i {
		t.Errorf("want the aftercare list before the conflicts")
	}
}

// When screening refuses or defers the patient on the first session's
// date, the planner prints the screening, in the shape the screen example
// writes, and no appointments, and exits 3. The screen example's own sample
// patient (diabetes) is refused.
func TestScreeningBlocks(t *testing.T) {
	deferred := writeIntake(t, `{"birth_date": "1990-04-12", "pregnant": false, "lactating": false,
		"medications": [{"class": "anticoagulant", "last_dose": "2027-02-26"}]}`)
	for _, tc := range []struct {
		name, intake, verdict, text string
	}{
		// Sunday 2027-02-28 is closed: the course would start on Tuesday
		// 2 March, after the test injection on Monday (S2).
		{"refused", "../screen/sample.json", "refused", "No course is planned: screening does not allow a session on Tue 2027-03-02."},
		{"deferred", deferred, "deferred", "The first day a session may go ahead is Mon 2027-03-08, and the test injection comes the day before the first session: plan from then with -start 2027-03-09."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"-protocol", "weekly", "-start", "2027-03-01", "-tz", "Europe/Berlin", "-intake", tc.intake}
			code, out, errs := runPlan(t, append(args, "-format", "json")...)
			if code != 3 || errs != "" {
				t.Fatalf("exit %d, stderr %q; want 3", code, errs)
			}
			var doc map[string]json.RawMessage
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{"protocol", "screening"}, keys(doc)); diff != "" {
				t.Errorf("keys (-want +got):\n%s", diff)
			}
			// The same object the screen example writes for this intake
			// on the first session's date.
			f, err := os.Open(tc.intake)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			in, err := screening.DecodeIntake(f)
			if err != nil {
				t.Fatal(err)
			}
			r, err := screening.Screen(in, daytest.Date(t, "2027-03-02"), screening.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var want, got any
			json.Unmarshal(mustJSON(t, r), &want)
			json.Unmarshal(doc["screening"], &got)
			if diff := cmp.Diff(want, got); diff != "" || r.Verdict.String() != tc.verdict {
				t.Errorf("screening (-want +got):\n%s", diff)
			}

			code, out, errs = runPlan(t, args...)
			if code != 3 || errs != "" {
				t.Fatalf("text: exit %d, stderr %q; want 3", code, errs)
			}
			checkColumns(t, out)
			if !strings.Contains(out, "Verdict: "+strings.ToUpper(tc.verdict)) || !strings.Contains(strings.Join(strings.Fields(out), " "), tc.text) ||
				strings.Contains(out, "2027-03-08  10:00") || strings.Contains(out, "Aftercare") {
				t.Errorf("text:\n%s", out)
			}
		})
	}
}

// The plan example's sample patient may be treated; the screen example's
// is refused. Neither file may be lost.
func TestSamples(t *testing.T) {
	in, err := screening.DecodeIntake(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"2026-01-01", "2027-03-01", "2030-12-31"} {
		r, err := screening.Screen(in, daytest.Date(t, d), screening.Options{})
		if err != nil || !r.Verdict.Allows() {
			t.Errorf("the plan's sample patient on %s: %v, %v", d, r, err)
		}
	}
	if _, err := os.Stat("../screen/sample.json"); err != nil {
		t.Errorf("the screen example's sample patient, which a test plans for: %v", err)
	}
}
