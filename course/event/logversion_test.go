package event

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
)

// Logs of versions 1 and 2 name an event's kind "type", an adverse event's
// complication "kind" and its grade "severity", an observation's "kind";
// version 3 names each as Go does. Each version reads its own names exactly
// as before and refuses the other's, folded keys and keys given twice.
func TestLogVersions(t *testing.T) {
	p, _ := schedule.Lookup(schedule.Weekly)
	pj, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	head := map[int]string{
		1: `{"version":1,"protocol":` + string(pj) + `,"preparation":"greying-cocktail","sessions":0,`,
		2: `{"version":2,"protocol":` + string(pj) + `,"preparation":"greying-cocktail","sessions":0,"zone":"Europe/Berlin","safety":{"screening_valid_days":0,"test_lead_days":1},`,
		3: `{"version":3,"protocol":` + string(pj) + `,"preparation":"greying-cocktail","sessions":0,"zone":"Europe/Berlin","safety":{"screening_valid_days":0,"test_lead_days":1},`,
	}
	at := march(4)
	want := []Event{
		AdverseEvent{At: at, Complication: Necrosis, Grade: Moderate, Note: "crown"},
		Observation{At: at, Observed: Shedding, Note: "after the 2nd session"},
		SessionMissed{At: at, Reason: "flu"},
	}
	old := `"events":[{"type":"adverse-event","at":"2027-03-04T10:00:00+01:00","kind":"necrosis","severity":"moderate","note":"crown"},` +
		`{"type":"observation","at":"2027-03-04T10:00:00+01:00","kind":"shedding","note":"after the 2nd session"},` +
		`{"type":"session-missed","at":"2027-03-04T10:00:00+01:00","reason":"flu"}]}`
	now := `"events":[{"kind":"adverse-event","at":"2027-03-04T10:00:00+01:00","complication":"necrosis","grade":"moderate","note":"crown"},` +
		`{"kind":"observation","at":"2027-03-04T10:00:00+01:00","observed":"shedding","note":"after the 2nd session"},` +
		`{"kind":"session-missed","at":"2027-03-04T10:00:00+01:00","reason":"flu"}]}`
	events := map[int]string{1: old, 2: old, 3: now}
	for v := 1; v <= 3; v++ {
		l, err := DecodeLog(strings.NewReader(head[v] + events[v]))
		if err != nil {
			t.Fatalf("version %d: %v", v, err)
		}
		if diff := cmp.Diff(want, l.Events); diff != "" {
			t.Errorf("version %d's events (-want +got):\n%s", v, diff)
		}
		if v == 1 {
			l.Zone = berlin
		}
		data, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(data); got != head[3]+now {
			t.Errorf("version %d written again:\n%s\nwant\n%s", v, got, head[3]+now)
		}
	}
	// Each edit of an event's text is refused at the field named.
	for _, tc := range []struct {
		name     string
		versions []int
		from, to string
		field    string
	}{
		{"version 3's kind key in an old log", []int{1, 2}, `{"type":"session-missed"`, `{"kind":"session-missed"`, "events[2].type"},
		{"version 3's complication in an old log", []int{1, 2}, `"kind":"necrosis"`, `"complication":"necrosis"`, "events[0].complication"},
		{"version 3's grade in an old log", []int{1, 2}, `"severity":"moderate"`, `"grade":"moderate"`, "events[0].grade"},
		{"version 3's observed in an old log", []int{1, 2}, `"kind":"shedding"`, `"observed":"shedding"`, "events[1].observed"},
		{"the old type key in version 3", []int{3}, `{"kind":"session-missed"`, `{"type":"session-missed"`, "events[2].kind"},
		{"the old complication key in version 3", []int{3}, `"complication":"necrosis"`, `"kind":"necrosis"`, "events[0].kind"},
		{"the old severity key in version 3", []int{3}, `"grade":"moderate"`, `"severity":"moderate"`, "events[0].severity"},
		{"the old observation key in version 3", []int{3}, `"observed":"shedding"`, `"kind":"shedding"`, "events[1].kind"},
		{"a folded type", []int{1, 2}, `{"type":"session-missed"`, `{"TYPE":"session-missed"`, "events[2].TYPE"},
		{"a folded kind", []int{3}, `{"kind":"session-missed"`, `{"Kind":"session-missed"`, "events[2].Kind"},
		{"a folded complication, old", []int{1, 2}, `"kind":"necrosis"`, `"Kind":"necrosis"`, "events[0]"},
		{"a folded complication", []int{3}, `"complication":"necrosis"`, `"Complication":"necrosis"`, "events[0]"},
		{"a folded grade", []int{3}, `"grade":"moderate"`, `"Grade":"moderate"`, "events[0]"},
		{"a folded severity", []int{1, 2}, `"severity":"moderate"`, `"Severity":"moderate"`, "events[0]"},
		{"the type twice", []int{1, 2}, `{"type":"session-missed"`, `{"type":"session-missed","type":"session-missed"`, "events[2].type"},
		{"the kind twice", []int{3}, `{"kind":"session-missed"`, `{"kind":"session-missed","kind":"session-missed"`, "events[2].kind"},
		{"the complication twice, old", []int{1, 2}, `"kind":"necrosis"`, `"kind":"necrosis","kind":"fever"`, "events[0].kind"},
		{"the grade twice", []int{3}, `"grade":"moderate"`, `"grade":"moderate","grade":"severe"`, "events[0].grade"},
		{"an unknown grade", []int{3}, `"grade":"moderate"`, `"grade":"grave"`, "events[0].grade"},
		{"an unknown severity, old", []int{1, 2}, `"severity":"moderate"`, `"severity":"grave"`, "events[0].severity"},
	} {
		for _, v := range tc.versions {
			text := head[v] + events[v]
			bad := strings.Replace(text, tc.from, tc.to, 1)
			if bad == text {
				t.Fatalf("%s: %s not in the version %d log", tc.name, tc.from, v)
			}
			_, err := DecodeLog(strings.NewReader(bad))
			var fe *meso.FieldError
			if !errors.As(err, &fe) || !strings.HasPrefix(fe.Field, tc.field) {
				t.Errorf("%s, version %d: DecodeLog = %v; want a *FieldError at %s", tc.name, v, err, tc.field)
			}
		}
	}
}

// The log's JSON names each field of an event as Go does, in snake_case,
// and its kind as Kind does.
func TestEventJSONNamesAreGoNames(t *testing.T) {
	for _, e := range []Event{Screened{}, TestInjection{}, SessionPerformed{}, SessionMissed{}, Hold{}, Resume{},
		AdverseEvent{}, Review{}, PreparationChanged{}, MainCourseCompleted{}, MaintenanceStarted{}, Close{}, Cancel{}, Observation{}} {
		typ := reflectType(e)
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if want := snake(f.Name); name != want {
				t.Errorf("%s.%s is %q in JSON, want %q", typ.Name(), f.Name, name, want)
			}
			if name == "kind" {
				t.Errorf("%s.%s takes the log's key for the event's kind", typ.Name(), f.Name)
			}
		}
	}
}

func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if 'A' <= r && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func reflectType(e Event) reflect.Type { return reflect.TypeOf(e) }

// The logs in testdata/logs hold every kind of event: v2.json as version 2
// wrote it, v1.json the same without the zone and the safety policy that
// version 1 did not know, and v3.json as this version writes them. Each
// reads as the same log, and writes v3.json again.
func TestLogVersionsTestdata(t *testing.T) {
	want, err := os.ReadFile("testdata/logs/v3.json")
	if err != nil {
		t.Fatal(err)
	}
	if *updateLogs {
		l, err := DecodeLog(bytes.NewReader(mustRead(t, "testdata/logs/v2.json")))
		if err != nil {
			t.Fatal(err)
		}
		if want, err = json.Marshal(l); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("testdata/logs/v3.json", want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var logs []Log
	for _, name := range []string{"v1.json", "v2.json", "v3.json"} {
		l, err := DecodeLog(bytes.NewReader(mustRead(t, "testdata/logs/"+name)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if name == "v1.json" {
			if l.Zone != nil || l.Safety != (Safety{}) {
				t.Errorf("v1.json reads with zone %v and safety %+v; want none", l.Zone, l.Safety)
			}
			l.Zone = berlin
		}
		if got, err := json.Marshal(l); err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s writes (%v)\n%s\nwant testdata/logs/v3.json\n%s", name, err, got, want)
		}
		if kinds := map[Kind]bool{}; true {
			for _, e := range l.Events {
				kinds[e.Kind()] = true
			}
			if len(kinds) != int(numKinds)-1 {
				t.Errorf("%s holds %d kinds of event, want all %d", name, len(kinds), numKinds-1)
			}
		}
		logs = append(logs, l)
	}
	for i, l := range logs[1:] {
		if diff := cmp.Diff(logs[0], l, logOptions); diff != "" {
			t.Errorf("v%d.json reads as another log than v1.json (-v1 +v%d):\n%s", i+2, i+2, diff)
		}
	}
}

var updateLogs = flag.Bool("update-logs", false, "write testdata/logs/v3.json from v2.json")

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestDecodeLogRejects(t *testing.T) {
	p, _ := schedule.Lookup(schedule.Weekly)
	good := Log{Protocol: p, Preparation: "greying-cocktail", Zone: berlin, Events: []Event{cleared(march(1)), TestInjection{At: march(2), Preparation: "greying-cocktail"}, SessionPerformed{At: march(3), Preparation: "greying-cocktail", Technique: "papular", Zones: WholeScalp, Injections: 40}}}
	data, err := json.Marshal(good)
	if err != nil {
		t.Fatal(err)
	}
	if back, err := DecodeLog(bytes.NewReader(data)); err != nil || len(back.Events) != 3 {
		t.Fatalf("DecodeLog of a good log = %d events, %v", len(back.Events), err)
	}
	for _, tc := range []struct{ old, new, field string }{
		{`"version":3`, `"version":4`, "version"},
		{`"version":3`, `"version":0`, "version"},
		{`"zone":"Europe/Berlin"`, `"zone":"Europe/Bärlin"`, "zone"},
		{`"test_lead_days":1`, `"test_lead_days":0`, "safety.test_lead_days"},
		{`"kind":"session-performed"`, `"kind":"session-done"`, "events[2].kind"},
		{`"injections":40`, `"injections":40,"dose":2`, "events[2].dose"},
		{`"zones":"whole-scalp"`, `"zones":"whole-scalp,ears"`, "events[2].zones"},
		{`"injections":40`, `"injections":40,"injections":41`, "events[2].injections"},
		{`"preparation":"greying-cocktail","sessions"`, `"preparation":"greying-cocktail","preparation":"x","sessions"`, "preparation"},
	} {
		bad := strings.Replace(string(data), tc.old, tc.new, 1)
		if bad == string(data) {
			t.Fatalf("%q not in the log", tc.old)
		}
		_, err := DecodeLog(strings.NewReader(bad))
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("DecodeLog with %s: %v; want a FieldError at %s", tc.new, err, tc.field)
		}
	}
}

func FuzzDecodeLog(f *testing.F) {
	p, _ := schedule.Lookup(schedule.Weekly)
	c := Log{Protocol: p, Preparation: "greying-cocktail", Zone: berlin, Events: []Event{cleared(march(1)), TestInjection{At: march(2), Preparation: "greying-cocktail"},
		SessionPerformed{At: march(3), Preparation: "greying-cocktail", Technique: "papular", Zones: WholeScalp, Injections: 40}, Hold{At: march(4), Reason: "flu", Until: meso.DateOf(march(9))}, AdverseEvent{At: march(5), Complication: Fever, Grade: Moderate},
		Review{At: march(6), Outcome: OutcomeResume}, Observation{At: march(7), Observed: Shedding}}}
	data, _ := json.Marshal(c)
	f.Add(data)
	f.Add([]byte(`{"version":1,"events":[{"type":"resume"}]}`))
	for _, s := range jsontest.Seeds(fullLog(f), strictjson.MaxDepth) {
		f.Add(s)
	}
	for _, name := range []string{"v1.json", "v2.json", "v3.json"} {
		data, err := os.ReadFile("testdata/logs/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return // the size limit has its own test
		}
		l, err := DecodeLog(bytes.NewReader(data))
		if err != nil {
			var fe *meso.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("DecodeLog error %v is not a *FieldError", err)
			}
			return
		}
		// What decodes encodes again to a log that decodes.
		if l.Zone == nil {
			return // a version 1 log: it encodes once the caller names its zone
		}
		again, err := json.Marshal(l)
		if err != nil {
			t.Fatalf("a decoded log does not encode: %v", err)
		}
		if _, err := DecodeLog(bytes.NewReader(again)); err != nil {
			t.Fatalf("a decoded log's encoding does not decode: %v\n%s", err, again)
		}
	})
}
