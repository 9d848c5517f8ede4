package course

import (
	stdcmp "cmp"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/formulary"
	"github.com/mesokit/meso/screening"
)

// logOptions compares logs: instants by time.Time.Equal (cmp's default),
// zones by name, and the zero Safety as the default it means.
var logOptions = cmp.Options{
	cmp.Comparer(func(a, b meso.Date) bool { return a == b }),
	cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() }),
	safetyOption,
}

// safetyOption compares safety policies as what they mean: the zero Safety
// is DefaultSafety.
var safetyOption = cmp.Comparer(func(a, b event.Safety) bool {
	return stdcmp.Or(a, event.DefaultSafety()) == stdcmp.Or(b, event.DefaultSafety())
})

// A course saves and loads as itself, whatever path its versions took:
// random events applied to the latest version of a course, or to an older
// one (a branch, which the shared history copies from), each accepted one
// making a version whose Log holds exactly the events applied on its way,
// in the course's zone, whose JSON is that log's, and which reads back from
// that JSON as the same course. Versions made before a branch keep their
// own logs.
func TestCourseSavesAndLoadsAsItself(t *testing.T) {
	zones := []string{"Europe/Berlin", "Pacific/Kiritimati", "America/Los_Angeles", "UTC"}
	preps := []string{"greying-cocktail", "amino-acid-cocktail"}
	birth, _ := meso.NewDate(1990, time.April, 12)
	var sessions, branches, long int
	rapid.Check(t, func(t *rapid.T) {
		zone, err := time.LoadLocation(rapid.SampledFrom(zones).Draw(t, "zone"))
		if err != nil {
			t.Fatal(err)
		}
		p, _ := schedule.Lookup(rapid.SampledFrom([]string{schedule.Weekly, schedule.TwiceWeekly, schedule.Every2to3Days}).Draw(t, "protocol"))
		start, err := NewCourse(p, preps[0], 0, zone)
		if err != nil {
			t.Fatal(err)
		}
		if rapid.Bool().Draw(t, "own safety?") {
			if start, err = start.WithSafety(event.Safety{ScreeningValidDays: 1, TestLeadDays: 2}); err != nil {
				t.Fatal(err)
			}
		}
		type version struct {
			c      Course
			events []event.Event // applied on its way, as given
			clock  time.Time
		}
		versions := []version{{c: start, clock: time.Date(2027, 1, 4, 8, 0, 0, 0, zone)}}
		for range rapid.IntRange(1, 120).Draw(t, "events") {
			from := len(versions) - 1
			if rapid.IntRange(0, 7).Draw(t, "branch?") == 0 {
				from = rapid.IntRange(0, len(versions)-1).Draw(t, "branch from")
			}
			v, branch := versions[from], from < len(versions)-1
			// Mostly the next day at 10:00 in the clinic's zone, sometimes
			// minutes later or weeks; written at some offset or other.
			at := v.clock.Add(time.Duration(rapid.IntRange(1, 90).Draw(t, "minutes")) * time.Minute)
			if rapid.IntRange(0, 2).Draw(t, "another day?") > 0 {
				d := meso.DateOf(v.clock.In(zone)).AddDays(rapid.IntRange(1, 16).Draw(t, "days"))
				at = d.At(10, 0, zone)
			}
			offset := rapid.IntRange(-12, 14).Draw(t, "written at offset, hours")
			at = at.In(time.FixedZone(fmt.Sprintf("UTC%+d", offset), offset*3600))
			prep := v.c.Preparation()
			screened := func(at time.Time) event.Event {
				in := screening.Intake{BirthDate: birth, Sex: formulary.Female}
				if rapid.IntRange(0, 3).Draw(t, "a finding?") == 0 {
					in.PriorReactions = []screening.Reaction{screening.DyeReaction}
				}
				r, err := screening.Screen(in, meso.DateOf(at.In(zone)), screening.Options{Preparation: prep})
				if err != nil {
					t.Fatal(err)
				}
				return event.Screened{At: at, Result: r}
			}
			var es []event.Event
			switch rapid.IntRange(0, 14).Draw(t, "event") {
			case 0, 1:
				es = []event.Event{screened(at)}
			case 2:
				es = []event.Event{event.TestInjection{At: at, Preparation: prep}}
			case 3, 4:
				es = []event.Event{event.SessionPerformed{At: at, Preparation: prep, Technique: "papular", Zones: event.WholeScalp | event.Crown, Injections: 40, Checklist: 0b11}}
			case 5, 6:
				es = []event.Event{rapid.SampledFrom([]event.Event{event.SessionMissed{At: at, Reason: "flu"}, event.Observation{At: at, Observed: event.Shedding, Note: "more hair in the brush"},
					event.Hold{At: at, Reason: "holiday", Until: meso.DateOf(at.In(zone)).AddDays(3)}, event.Resume{At: at}}).Draw(t, "between sessions")}
			case 7:
				es = []event.Event{event.AdverseEvent{At: at, Complication: rapid.SampledFrom([]event.Complication{event.Bruising, event.Necrosis, event.Itching}).Draw(t, "complication"),
					Grade: event.Grade(rapid.IntRange(1, 3).Draw(t, "grade")), Note: "after the session"}}
			case 8:
				es = []event.Event{event.Review{At: at, Outcome: event.OutcomeResume}}
				if rapid.Bool().Draw(t, "change?") {
					es = []event.Event{event.Review{At: at, Outcome: event.OutcomeChangePreparation, Preparation: rapid.SampledFrom(preps).Draw(t, "new preparation")}}
				}
			case 9:
				es = []event.Event{rapid.SampledFrom([]event.Event{event.PreparationChanged{At: at, Preparation: preps[1], Reason: "itching"}, event.MainCourseCompleted{At: at}}).Draw(t, "rarer")}
			case 10:
				maint, _ := schedule.Lookup(schedule.MonthlyMaintenance)
				es = []event.Event{rapid.SampledFrom([]event.Event{event.MaintenanceStarted{At: at}, event.MaintenanceStarted{At: at, Protocol: maint}, event.Close{At: at, Note: "done"}}).Draw(t, "late")}
			default: // the way on, as a clinic's normal day goes
				switch v.c.State() {
				case Planned:
					es = []event.Event{screened(at)}
				case Cleared:
					es = []event.Event{screened(at), event.TestInjection{At: at.Add(time.Minute), Preparation: prep}}
				default:
					if w, err := v.c.Next(); err == nil {
						day := w.Earliest
						if today := meso.DateOf(v.clock.In(zone)); !day.After(today) {
							day = today.AddDays(1)
						}
						on := day.At(10, 0, zone)
						es = []event.Event{screened(on.Add(-time.Hour)), event.SessionPerformed{At: on, Preparation: prep, Technique: "papular", Zones: event.WholeScalp, Injections: 40}}
					}
				}
			}
			c, events := v.c, v.events
			for _, e := range es {
				next, err := Apply(c, e)
				if err != nil {
					break
				}
				c, events = next, append(events[:len(events):len(events)], e)
				versions = append(versions, version{c: c, events: events, clock: e.When()})
				if e.Kind() == event.KindSessionPerformed {
					sessions++
				}
			}
			if branch && len(events) > len(v.events) {
				branches++
			}
			if len(events) > historyChunk && len(v.events) <= historyChunk {
				long++
			}
		}
		// A branch took nothing from the versions before it: every
		// version's log is the events applied on its way.
		for i, v := range versions[1:] {
			if diff := cmp.Diff(v.events, v.c.Log().Events, logOptions); diff != "" {
				t.Fatalf("version %d's log is not the events applied on its way (-applied +log):\n%s", i+1, diff)
			}
		}
		// The JSON round trip, of the latest version and of one other.
		last := versions[len(versions)-1]
		checkSavesAsItself(t, last.c, last.events)
		other := versions[rapid.IntRange(0, len(versions)-1).Draw(t, "another version")]
		checkSavesAsItself(t, other.c, other.events)
	})
	t.Logf("%d sessions, %d branches, %d courses past a chunk of history", sessions, branches, long)
	if sessions == 0 || branches == 0 || long == 0 {
		t.Errorf("no course had a session, a branch or a long history: %d sessions, %d branches, %d long", sessions, branches, long)
	}
}

// checkSavesAsItself checks that c's log holds the events applied to it, in
// its zone; that c's JSON is that log's; and that it reads back as c.
func checkSavesAsItself(t *rapid.T, c Course, events []event.Event) {
	if c.events == 0 {
		events = nil
	}
	l := c.Log()
	if diff := cmp.Diff(events, l.Events, logOptions); diff != "" {
		t.Fatalf("Log().Events are not the events applied (-applied +log):\n%s", diff)
	}
	for i, e := range l.Events {
		if e.When().Location() != c.Zone() {
			t.Fatalf("events[%d] is at %s, not in the course's zone %s", i, e.When(), c.Zone())
		}
	}
	data, err := json.Marshal(c)
	if err != nil {
		t.Fatalf("json.Marshal(course): %v", err)
	}
	want, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != string(want) {
		t.Fatalf("the course's JSON is not its log's:\n%s\n%s", data, want)
	}
	var back Course
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatalf("the course's JSON does not read back: %v\n%s", err, data)
	}
	if !cmp.Equal(c, back, courseOptions) {
		t.Fatalf("the course read back differs (-saved +loaded):\n%s", cmp.Diff(c, back, courseOptions))
	}
	if diff := cmp.Diff(l, back.Log(), logOptions); diff != "" {
		t.Fatalf("the course read back has another log (-saved +loaded):\n%s", diff)
	}
}

// The log Course.Log returns is the caller's: changing its protocol, a
// screening's findings or a maintenance protocol changes nothing in the
// course.
func TestCourseLogIsACopy(t *testing.T) {
	maint, _ := schedule.Lookup(schedule.MonthlyMaintenance)
	c := ready(t, schedule.Weekly)
	birth, _ := meso.NewDate(1990, time.April, 12)
	r, err := screening.Screen(screening.Intake{BirthDate: birth, Sex: formulary.Female, PriorReactions: []screening.Reaction{screening.DyeReaction}}, meso.DateOf(march(3)), screening.Options{Preparation: "greying-cocktail"})
	if err != nil || len(r.Findings) == 0 {
		t.Fatalf("want a result with findings: %+v, %v", r, err)
	}
	c = mustApply(t, c, event.Screened{At: march(3).Add(-time.Hour), Result: r}, sessionAt(march(3)))
	for d := 10; d <= 52; d += 7 {
		c = mustApply(t, c, sessionAt(march(d)))
	}
	c = mustApply(t, c, event.MainCourseCompleted{At: march(53)}, event.MaintenanceStarted{At: march(54), Protocol: maint})
	want, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	l := c.Log()
	l.Protocol.Phases[0].Gap.Min = 1
	l.Protocol.Sources[0] = "changed"
	for _, e := range l.Events {
		switch e := e.(type) {
		case event.Screened:
			for i := range e.Result.Findings {
				e.Result.Findings[i].Message = "changed"
				if len(e.Result.Findings[i].Sources) > 0 {
					e.Result.Findings[i].Sources[0] = "changed"
				}
			}
		case event.MaintenanceStarted:
			if len(e.Protocol.Phases) > 0 {
				e.Protocol.Phases[0].Gap.Min = 1
			}
		}
	}
	l.Events[0] = event.Close{At: march(1)}
	if got, err := json.Marshal(c); err != nil || string(got) != string(want) {
		t.Errorf("changing the log changed the course:\n%s\nwant\n%s", got, want)
	}
}

// A course's JSON that is not a log it replays is refused with the error
// DecodeLog or Replay gives, and the course is left as it was.
func TestCourseUnmarshalRefuses(t *testing.T) {
	c := ready(t, schedule.Weekly)
	data, err := json.Marshal(mustApply(t, c, sessionAt(march(3))))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, from, to string
		wantField      string // a *FieldError there
		wantIndex      int    // else a *ReplayError at this event
		wantRule       string
	}{
		{"a reaction to the test", `"kind":"test-injection"`, `"kind":"test-injection","reaction":"wheal"`, "", 2, RuleHalted},
		{"an event out of order", `"at":"2027-03-02T10:00:00+01:00"`, `"at":"2027-02-02T10:00:00+01:00"`, "", 1, RuleOutOfOrder},
		{"a folded key", `"kind":"test-injection"`, `"Kind":"test-injection"`, "events[1].Kind", 0, ""},
		{"a key twice", `"kind":"test-injection"`, `"kind":"test-injection","kind":"test-injection"`, "events[1].kind", 0, ""},
		{"a version 1 log", `"version":3`, `"version":1`, "zone", 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := strings.Replace(string(data), tc.from, tc.to, 1)
			if bad == string(data) {
				t.Fatalf("%s not in %s", tc.from, data)
			}
			got := c
			err := json.Unmarshal([]byte(bad), &got)
			// the same error as DecodeLog, then Replay, give
			l, want := event.DecodeLog(strings.NewReader(bad))
			if want == nil {
				_, want = Replay(l)
			}
			if err == nil || want == nil || err.Error() != want.Error() {
				t.Errorf("json.Unmarshal = %v; want %v", err, want)
			}
			var fe *meso.FieldError
			var re *ReplayError
			var te *TransitionError
			switch {
			case tc.wantField != "" && (!errors.As(err, &fe) || fe.Field != tc.wantField):
				t.Errorf("json.Unmarshal = %v; want a *FieldError at %s", err, tc.wantField)
			case tc.wantField == "" && (!errors.As(err, &re) || re.Index != tc.wantIndex || !errors.As(err, &te) || te.Rule != tc.wantRule):
				t.Errorf("json.Unmarshal = %v; want a *ReplayError at %d by %s", err, tc.wantIndex, tc.wantRule)
			}
			if !cmp.Equal(got, c, courseOptions) {
				t.Errorf("a refused log changed the course")
			}
		})
	}
	// The zero Course has no log to write.
	if data, err := json.Marshal(Course{}); err == nil {
		t.Errorf("json.Marshal(Course{}) = %s; want an error", data)
	}
}

// The shared history at the edges of its chunks: branches made from every
// length around a chunk's end hold their own events, and take nothing from
// the versions they branch off or from each other, also when made at once
// by many goroutines (run with -race).
func TestHistoryBranchesAtChunkEdges(t *testing.T) {
	p, _ := schedule.Lookup(schedule.Weekly)
	c, err := NewCourse(p, "greying-cocktail", 0, berlin)
	if err != nil {
		t.Fatal(err)
	}
	n := 3*historyChunk + 2
	versions := []Course{c}
	var events []event.Event
	for i := range n {
		e := event.Observation{At: march(1).Add(time.Duration(i) * time.Minute), Observed: event.Shedding, Note: fmt.Sprint("main ", i)}
		events = append(events, e)
		if c, err = Apply(c, e); err != nil {
			t.Fatal(err)
		}
		versions = append(versions, c)
	}
	var lengths []int
	for k := 0; k <= 3; k++ {
		for _, d := range []int{-1, 0, 1} {
			if l := k*historyChunk + d; l >= 0 && l <= n {
				lengths = append(lengths, l)
			}
		}
	}
	done := make(chan string)
	for _, l := range lengths {
		for g := range 3 {
			go func() {
				b := versions[l]
				want := append([]event.Event(nil), events[:l]...)
				for j := range 40 {
					e := event.Observation{At: march(2).Add(time.Duration(j) * time.Minute), Observed: event.OtherObservation, Note: fmt.Sprint("branch ", l, " ", g, " ", j)}
					var err error
					if b, err = Apply(b, e); err != nil {
						done <- err.Error()
						return
					}
					want = append(want, e)
				}
				done <- cmp.Diff(want, b.Log().Events, logOptions)
			}()
		}
	}
	for range 3 * len(lengths) {
		if diff := <-done; diff != "" {
			t.Errorf("a branch's log is not its events (-want +got):\n%s", diff)
		}
	}
	for l, v := range versions {
		if diff := cmp.Diff(events[:l], v.Log().Events, logOptions, cmpEmpty); diff != "" {
			t.Errorf("version %d's log changed (-want +got):\n%s", l, diff)
		}
	}
}

// cmpEmpty equates no events and none.
var cmpEmpty = cmp.FilterValues(func(a, b []event.Event) bool { return len(a) == 0 && len(b) == 0 }, cmp.Comparer(func(a, b []event.Event) bool { return true }))

// null is no course: an error, not the zero Course; a zero Course in a
// field tagged omitzero is left out.
func TestCourseJSONNull(t *testing.T) {
	c := ready(t, schedule.Weekly)
	got := c
	if err := json.Unmarshal([]byte("null"), &got); err == nil {
		t.Errorf("json.Unmarshal(null) into a Course succeeded")
	}
	if !cmp.Equal(got, c, courseOptions) {
		t.Errorf("json.Unmarshal(null) changed the course")
	}
	data, err := json.Marshal(struct {
		C Course `json:"course,omitzero"`
	}{})
	if err != nil || string(data) != "{}" {
		t.Errorf("a zero Course tagged omitzero = %s, %v; want {}", data, err)
	}
}
