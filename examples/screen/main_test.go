package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/screening"
)

func runWith(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errs bytes.Buffer
	code = run(args, strings.NewReader(stdin), now, &out, &errs)
	return code, out.String(), errs.String()
}

// now is a fixed clock for the tests: Sunday 2027-01-10, 23:30 UTC, which
// is already Monday 2027-01-11 in Berlin.
var now = time.Date(2027, time.January, 10, 23, 30, 0, 0, time.UTC)

const cleanIntake = `{"birth_date": "1990-04-12", "pregnant": false, "lactating": false}`

// Exit 0 when cleared or caution, 3 when deferred or refused.
func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		name    string
		stdin   string
		args    []string
		code    int
		verdict string
	}{
		{"sample patient, refused for diabetes", "", []string{"-at", "2027-01-10"}, 3, "refused"},
		{"cleared", cleanIntake, []string{"-intake", "-", "-at", "2027-01-10", "-preparation", "needle-mesotherapy-mix"}, 0, "cleared"},
		{"caution: composition unknown", strings.Replace(cleanIntake, `}`, `, "allergies": ["procaine"]}`, 1),
			[]string{"-intake", "-", "-at", "2027-01-10", "-preparation", "mesopecia"}, 0, "caution"},
		{"deferred", strings.Replace(cleanIntake, `}`, `, "medications": [{"class": "anticoagulant", "last_dose": "2027-01-01"}]}`, 1),
			[]string{"-intake", "-", "-at", "2027-01-10"}, 3, "deferred"},
		{"cleared the day the washout ends", strings.Replace(cleanIntake, `}`, `, "medications": [{"class": "anticoagulant", "last_dose": "2027-01-01"}]}`, 1),
			[]string{"-intake", "-", "-at", "2027-01-11"}, 0, "cleared"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, format := range []string{"text", "json"} {
				code, out, errs := runWith(t, tc.stdin, append(tc.args, "-format", format)...)
				if code != tc.code || errs != "" {
					t.Errorf("%s: exit %d, stderr %q; want %d and nothing", format, code, errs, tc.code)
				}
				if format == "json" {
					var got struct{ Verdict string }
					if err := json.Unmarshal([]byte(out), &got); err != nil || got.Verdict != tc.verdict {
						t.Errorf("json verdict %q (%v), want %q", got.Verdict, err, tc.verdict)
					}
				} else if !strings.Contains(out, "Verdict: "+strings.ToUpper(tc.verdict)) {
					t.Errorf("text output lacks the verdict %s:\n%s", tc.verdict, out)
				}
			}
		})
	}
}

// The JSON output has exactly the shape of the issue, and is a Result.
func TestJSONShape(t *testing.T) {
	code, out, _ := runWith(t, "", "-at", "2027-01-10", "-preparation", "greying-cocktail", "-format", "json")
	if code != 3 {
		t.Fatalf("exit %d", code)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"date", "findings", "policy", "preparation", "until", "verdict"}, keys(doc)); diff != "" {
		t.Errorf("top-level keys (-want +got):\n%s", diff)
	}
	var findings []map[string]json.RawMessage
	if err := json.Unmarshal(doc["findings"], &findings); err != nil || len(findings) == 0 {
		t.Fatalf("findings: %v, %s", err, doc["findings"])
	}
	for _, f := range findings {
		if diff := cmp.Diff([]string{"message", "rule", "severity", "sources", "until"}, keys(f)); diff != "" {
			t.Errorf("finding keys (-want +got):\n%s", diff)
		}
	}
	if string(doc["until"]) != "null" || string(findings[0]["until"]) != `"2027-01-13"` {
		t.Errorf("until %s, first finding's until %s; want null and \"2027-01-13\"", doc["until"], findings[0]["until"])
	}
	var r screening.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Verdict != screening.Refused || r.Policy != screening.DefaultPolicyName {
		t.Errorf("the output does not read back as a Result: %v, %v", r, err)
	}
}

func keys(m map[string]json.RawMessage) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return ks
}

func TestIntakeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "patient.json")
	if err := os.WriteFile(path, []byte(cleanIntake), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := runWith(t, "", "-intake", path, "-at", "2027-01-10"); code != 0 || errs != "" || !strings.Contains(out, "patient.json") {
		t.Errorf("exit %d, stderr %q, stdout:\n%s", code, errs, out)
	}
}

// Bad input: exit 2, nothing on stdout, and stderr naming the field and value.
func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		want  []string
	}{
		{"unknown flag", "", []string{"-bogus"}, []string{"-bogus"}},
		{"impossible date", "", []string{"-at", "2027-02-30"}, []string{"-at", "2027-02-30"}},
		{"unknown format", "", []string{"-format", "xml"}, []string{`"xml"`}},
		{"stray argument", "", []string{"extra"}, []string{`"extra"`}},
		{"no such file", "", []string{"-intake", "/no/such/patient.json"}, []string{"/no/such/patient.json"}},
		{"unknown preparation", "", []string{"-at", "2027-01-10", "-preparation", "elixir"}, []string{"-preparation", "elixir"}},
		{"unknown condition", strings.Replace(cleanIntake, `}`, `, "conditions": ["flu"]}`, 1), []string{"-intake", "-", "-at", "2027-01-10"},
			[]string{"conditions[0]", `"flu"`}},
		{"impossible last dose", strings.Replace(cleanIntake, `}`, `, "medications": [{"class": "aspirin", "last_dose": "2027-13-01"}]}`, 1),
			[]string{"-intake", "-", "-at", "2027-01-10"}, []string{"medications[0].last_dose", `"2027-13-01"`}},
		{"to before from", strings.Replace(cleanIntake, `}`, `, "menstruation": [{"from": "2027-01-08", "to": "2027-01-02"}]}`, 1),
			[]string{"-intake", "-", "-at", "2027-01-10"}, []string{"menstruation[0].to", `"2027-01-02"`}},
		{"unknown field", strings.Replace(cleanIntake, `}`, `, "weight": 60}`, 1), []string{"-intake", "-", "-at", "2027-01-10"}, []string{"weight", "unknown"}},
		{"pregnancy not answered", `{"birth_date": "1990-04-12", "lactating": false}`, []string{"-intake", "-", "-at", "2027-01-10"}, []string{"pregnant", "missing"}},
		{"born after the screening date", cleanIntake, []string{"-intake", "-", "-at", "1989-01-01"}, []string{"birth_date", `"1990-04-12"`, "1989-01-01"}},
		{"unknown allergy", strings.Replace(cleanIntake, `}`, `, "allergies": ["peanuts"]}`, 1), []string{"-intake", "-", "-at", "2027-01-10"},
			[]string{"allergies[0]", `"peanuts"`}},
		{"not JSON", "birth_date: 1990-04-12", []string{"-intake", "-", "-at", "2027-01-10"}, []string{"malformed JSON"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runWith(t, tc.stdin, tc.args...)
			if code != 2 || out != "" {
				t.Errorf("exit %d, stdout %q; want 2 and nothing", code, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr %q does not name %s", errs, w)
				}
			}
		})
	}
}

func TestHelp(t *testing.T) {
	code, out, errs := runWith(t, "", "-h")
	if code != 0 || out != "" || !strings.Contains(errs, "go run ./examples/screen -intake") {
		t.Errorf("-h: exit %d, stdout %q, stderr %q; want 0 and the usage with an example on stderr", code, out, errs)
	}
	for _, line := range strings.Split(errs, "\n") {
		if n := utf8.RuneCountInString(strings.ReplaceAll(line, "    \t", "        ")); n > 80 {
			t.Errorf("usage line of %d columns: %q", n, line)
		}
	}
}

func TestTextFitsEightyColumns(t *testing.T) {
	for _, prep := range []string{"", "greying-cocktail", "pharmacy-budget-mix", "mesopecia"} {
		_, out, _ := runWith(t, "", "-at", "2027-01-10", "-preparation", prep)
		for i, line := range strings.Split(out, "\n") {
			if n := utf8.RuneCountInString(strings.ReplaceAll(line, "    \t", "        ")); n > 80 {
				t.Errorf("-preparation %q, line %d is %d columns: %q", prep, i+1, n, line)
			}
		}
		for _, want := range []string{"diabetes - absolute [S1,S4]", "Verdict: REFUSED", "Policy: strictest-stated", "S4 Hair Mesotherapy"} {
			if !strings.Contains(out, want) {
				t.Errorf("text output lacks %q:\n%s", want, out)
			}
		}
	}
}

// The embedded sample is the intake of the issue.
func TestSampleIsTheIssuesIntake(t *testing.T) {
	in, err := screening.DecodeIntake(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if in.BirthDate.String() != "1990-04-12" || len(in.Allergies) != 2 || len(in.Medications) != 1 || len(in.PriorReactions) != 1 {
		t.Errorf("sample %+v", in)
	}
}

// Any value for any flag, or any intake on standard input: a screening
// (exit 0 or 3, with valid JSON), or bad input (exit 2, nothing on standard
// output, a message on standard error). Never a panic.
func FuzzFlags(f *testing.F) {
	for _, s := range []string{"2027-01-10", "greying-cocktail", "json", "-", "", "2028-02-29", "0000-01-01", `{"birth_date": "1990-04-12"}`} {
		f.Add(uint8(0), s)
	}
	flags := []string{"-at", "-preparation", "-format", "-intake", "stdin"}
	f.Fuzz(func(t *testing.T, which uint8, s string) {
		if len(s) > 64<<10 {
			return
		}
		flag := flags[int(which)%len(flags)]
		args := []string{flag, s}
		var stdin io.Reader = strings.NewReader("")
		switch flag {
		case "-intake":
			return // a file name: the file system is not the fuzzer's to roam
		case "stdin":
			args, stdin = []string{"-intake", "-"}, strings.NewReader(s)
		}
		args = append(args, "-format", "json")
		if flag == "-format" {
			args = args[:2]
		}
		var out, errs bytes.Buffer
		switch code := run(args, stdin, now, &out, &errs); code {
		case 0, 3:
			if flag != "-format" && !json.Valid(out.Bytes()) {
				t.Fatalf("run(%q) = %d with invalid JSON %q", args, code, out.String())
			}
		case 2:
			if out.Len() > 0 || errs.Len() == 0 {
				t.Fatalf("run(%q) = 2 with stdout %q and stderr %q", args, out.String(), errs.String())
			}
		default:
			t.Fatalf("run(%q) = %d", args, code)
		}
	})
}

// The intakes that fooled encoding/json's matching of keys (issue 12) are
// refused, exit 2, naming the key as written; none is screened.
func TestKeysInOtherLettersRefused(t *testing.T) {
	for _, tc := range []struct{ intake, key string }{
		{`{"birth_date":"1990-04-12","lactating":false,"pregnant":true,"Pregnant":false}`, "Pregnant"},
		{`{"birth_date":"2014-06-01","BIRTH_DATE":"1990-01-01","pregnant":false,"lactating":false}`, "BIRTH_DATE"},
		{`{"birth_date":"1990-04-12","pregnant":false,"lactating":false,"conditions":["cancer"],"Conditions":[]}`, "Conditions"},
		{`{"birth_date":"1990-04-12","pregnant":false,"lactating":false,"medications":[{"class":"anticoagulant"}],"medicationſ":[]}`, "medicationſ"},
	} {
		code, out, errs := runWith(t, tc.intake, "-intake", "-")
		if code != 2 || out != "" || !strings.Contains(errs, tc.key) {
			t.Errorf("intake %s: exit %d, stdout %q, stderr %q; want exit 2, nothing on stdout, the key %s named", tc.intake, code, out, errs, tc.key)
		}
	}
}

// -fhir screens the sample record: deferred by the stopped anticoagulant,
// and the record's questions reported, by entry.
func TestFHIRSample(t *testing.T) {
	code, out, errs := runWith(t, "", "-fhir", "bundle.json", "-at", "2027-01-08")
	if code != 3 || errs != "" {
		t.Fatalf("exit %d, stderr %q; want 3 and nothing", code, errs)
	}
	for _, want := range []string{"Verdict: DEFERRED until Mon 2027-01-11", "entry[3] Condition/hypertension",
		"breastfeeding not recorded: ask", "ignored - entry[4] Condition/cold-sore-2025"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// After the washout the record's questions still caution.
	code, out, errs = runWith(t, "", "-fhir", "bundle.json", "-at", "2027-01-12", "-format", "json")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q; want 0 and nothing", code, errs)
	}
	var got struct {
		Verdict   string
		Screening struct{ Verdict string }
		Questions []struct{ Kind string }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Verdict != "caution" || got.Screening.Verdict != "caution" || len(got.Questions) != 4 {
		t.Errorf("verdict %q, screening %q, %d questions; want caution, caution, 4", got.Verdict, got.Screening.Verdict, len(got.Questions))
	}
}

// A record that is not a Bundle, or both -intake and -fhir, is bad input
// with the entry and element named.
func TestFHIRBadInput(t *testing.T) {
	code, out, errs := runWith(t, `{"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Patient", "birthDate": "1990"}}]}`,
		"-fhir", "-", "-at", "2027-01-10")
	if code != 2 || out != "" || !strings.Contains(errs, "entry[0].resource.birthDate") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 2, nothing, the element named", code, out, errs)
	}
	code, _, errs = runWith(t, "", "-fhir", "bundle.json", "-intake", "sample.json")
	if code != 2 || !strings.Contains(errs, "give one of them") {
		t.Errorf("exit %d, stderr %q; want 2 and a message", code, errs)
	}
}

// -format json prints exactly the result that a course log's screened event
// carries: the bytes of the log's "result", so that one pipes into the other.
func TestJSONIsTheLogsResult(t *testing.T) {
	for _, args := range [][]string{
		{"-at", "2027-01-10", "-preparation", "greying-cocktail", "-format", "json"},
		{"-at", "2027-03-01", "-preparation", "amino-acid-cocktail", "-format", "json"},
		{"-at", "2027-03-01", "-format", "json"},
	} {
		_, out, errs := runWith(t, "", args...)
		if errs != "" {
			t.Fatalf("%v: stderr %q", args, errs)
		}
		var r screening.Result
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		berlin, _ := time.LoadLocation("Europe/Berlin")
		p, _ := schedule.Lookup(schedule.Weekly)
		at := r.Date.At(9, 0, berlin)
		data, err := json.Marshal(event.Log{Protocol: p, Preparation: "greying-cocktail", Zone: berlin, Events: []event.Event{event.Screened{At: at, Result: r}}})
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Events []struct {
				Result json.RawMessage `json:"result"`
			} `json:"events"`
		}
		if err := json.Unmarshal(data, &doc); err != nil || len(doc.Events) != 1 {
			t.Fatalf("the log: %v\n%s", err, data)
		}
		if got, want := strings.TrimSuffix(out, "\n"), string(doc.Events[0].Result); got != want {
			t.Errorf("%v prints\n%s\nthe log's result is\n%s", args, got, want)
		}
	}
}

// Without -at the screening date is today in the clinic's zone, -tz, UTC
// unless given (as examples/plan plans): at 23:30 UTC on Sunday 10 January
// it is already Monday in Berlin, the day the anticoagulant's washout ends.
func TestTodayInTheClinicsZone(t *testing.T) {
	intake := strings.Replace(cleanIntake, `}`, `, "medications": [{"class": "anticoagulant", "last_dose": "2027-01-01"}]}`, 1)
	for _, tc := range []struct {
		args []string
		code int
		on   string
	}{
		{nil, 3, "Sun 2027-01-10"},
		{[]string{"-tz", "UTC"}, 3, "Sun 2027-01-10"},
		{[]string{"-tz", "Europe/Berlin"}, 0, "Mon 2027-01-11"},
		{[]string{"-tz", "America/New_York"}, 3, "Sun 2027-01-10"},
		{[]string{"-tz", "Europe/Berlin", "-at", "2027-01-10"}, 3, "Sun 2027-01-10"}, // -at is the date, whatever the zone
	} {
		code, out, errs := runWith(t, intake, append([]string{"-intake", "-"}, tc.args...)...)
		if code != tc.code || errs != "" || !strings.Contains(out, "Screening of standard input on "+tc.on+",") {
			t.Errorf("%v: exit %d, stderr %q; want %d, screened on %s:\n%s", tc.args, code, errs, tc.code, tc.on, out)
		}
	}
	for _, bad := range []string{"Local", "", "Mars/Olympus"} {
		code, out, errs := runWith(t, "", "-tz", bad)
		if code != 2 || out != "" || !strings.Contains(errs, "-tz") {
			t.Errorf("-tz %q: exit %d, stdout %q, stderr %q; want 2 naming -tz", bad, code, out, errs)
		}
	}
}

// Each error is one line: the program's name, where the input came from
// once, and the library's own text; with -format json it is the JSON
// object with the field, value and rule, whatever the error.
func TestErrorLines(t *testing.T) {
	intake := strings.Replace(cleanIntake, `}`, `, "conditions": ["flu"]}`, 1)
	_, libErr := screening.DecodeIntake(strings.NewReader(intake))
	if libErr == nil {
		t.Fatal("the intake decodes")
	}
	code, out, errs := runWith(t, intake, "-intake", "-", "-at", "2027-01-10")
	if want := "screen: -intake (standard input): " + libErr.Error() + "\n"; code != 2 || out != "" || errs != want {
		t.Errorf("exit %d, stderr\n%q; want 2 and\n%q", code, errs, want)
	}
	for _, tc := range []struct {
		stdin string
		args  []string
		want  map[string]string
	}{
		{intake, []string{"-intake", "-"}, map[string]string{"field": "conditions[0]", "value": "flu", "rule": "one of cancer, tumour, …"}},
		{"", []string{"-preparation", "elixir", "-at", "2027-01-10"}, map[string]string{"field": "-preparation", "value": "elixir", "rule": "unknown"}},
		{"", []string{"-at", "2027-02-30"}, map[string]string{"field": "-at", "value": "2027-02-30", "rule": "YYYY-MM-DD"}},
		{"", []string{"-intake", "/no/such/patient.json"}, map[string]string{"field": "-intake", "value": "/no/such/patient.json", "rule": "not-found"}},
		{"", []string{"-fhir", "bundle.json", "-intake", "sample.json"}, map[string]string{}},
		{`{"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Patient", "birthDate": "1990"}}]}`, []string{"-fhir", "-"},
			map[string]string{"field": "entry[0].resource.birthDate", "value": "1990", "rule": "invalid"}},
		{"", []string{"-bogus"}, map[string]string{"field": "-bogus", "rule": "unknown-flag"}},
	} {
		code, out, errs := runWith(t, tc.stdin, append(tc.args, "-format", "json")...)
		var got map[string]map[string]string
		if err := json.Unmarshal([]byte(errs), &got); err != nil || code != 2 || out != "" || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q (%v); want 2 and one JSON object", tc.args, code, out, errs, err)
			continue
		}
		e := got["error"]
		if e["message"] == "" {
			t.Errorf("%v: no message in %s", tc.args, errs)
		}
		delete(e, "message")
		for k, w := range tc.want { // a rule that lists what is valid: its beginning
			if prefix, ok := strings.CutSuffix(w, "…"); ok && strings.HasPrefix(e[k], prefix) {
				e[k] = w
			}
		}
		if diff := cmp.Diff(tc.want, e); diff != "" {
			t.Errorf("%v: error (-want +got):\n%s", tc.args, diff)
		}
		// The text says the same, after the program's name.
		_, _, text := runWith(t, tc.stdin, tc.args...)
		if !strings.HasPrefix(text, "screen: ") || strings.Count(text, "\n") != 1 || strings.Count(text, "screen:") != 1 {
			t.Errorf("%v: text %q", tc.args, text)
		}
	}
}

// Text for people writes every date with its weekday.
func TestDatesHaveWeekdays(t *testing.T) {
	_, out, _ := runWith(t, "", "-at", "2027-01-10")
	for _, want := range []string{"Screening of the sample patient on Sun 2027-01-10,", "until Wed 2027-01-13"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	checkWeekdays(t, out)
	_, out, _ = runWith(t, "", "-fhir", "bundle.json", "-at", "2027-01-08")
	checkWeekdays(t, out)
}

// checkWeekdays fails for a date YYYY-MM-DD in out without its weekday in
// front, other than in the text of a finding, which is the library's.
func checkWeekdays(t *testing.T, out string) {
	t.Helper()
	date := regexp.MustCompile(`(\w{3} )?\d{4}-\d{2}-\d{2}`)
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "      ") { // a finding's message or a gap's
			continue
		}
		for _, m := range date.FindAllStringSubmatch(line, -1) {
			if m[1] == "" {
				t.Errorf("a date without its weekday: %q in %q", m[0], line)
			}
		}
	}
}
