package course

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/schedule"
)

// The tests in this file pin behaviour that mutation testing (MUTATION.md)
// found unpinned; each says what it pins, and the commit that added it
// names the mutants.

// A FieldError's message quotes a long value cut short (internal/given's
// Quote) and keeps the value whole in the error.
func TestFieldErrorMessageCutsALongValue(t *testing.T) {
	long := strings.Repeat("é", 100)
	err := &meso.FieldError{Field: "id", Value: long, Err: meso.ErrInvalid}
	if msg := err.Error(); !strings.HasPrefix(msg, `id = "éé`) || !strings.HasSuffix(msg, `"…: invalid`) || strings.ContainsRune(msg, '\uFFFD') {
		t.Errorf("message %q: want the field, the value cut short at a character and the reason", msg)
	}
	if err.Value != long {
		t.Errorf("the error lost the value the caller gave")
	}
}

// The Graphviz diagram marks the terminal states, closed and cancelled, and
// only them.
func TestGraphvizMarksTheTerminalStates(t *testing.T) {
	dot := Graphviz()
	for s := Planned; s < numStates; s++ {
		marked := strings.Contains(dot, `"`+s.String()+`" [peripheries=2];`)
		if marked != s.Terminal() {
			t.Errorf("state %s: marked terminal %v, want %v", s, marked, s.Terminal())
		}
	}
}

// The empty text is no zones, as Zones.MarshalText writes them.
func TestZonesEmptyText(t *testing.T) {
	var z event.Zones = event.Temples
	if err := z.UnmarshalText(nil); err != nil || z != 0 {
		t.Errorf("UnmarshalText(\"\") = %v, zones %v; want none", err, z)
	}
	var s event.SessionPerformed
	if err := json.Unmarshal([]byte(`{"at":"2027-03-01T10:00:00Z","preparation":"p","technique":"t","zones":"","injections":1}`), &s); err != nil || s.Zones != 0 {
		t.Errorf("a session with \"zones\": \"\": %v, zones %v; want none", err, s.Zones)
	}
}

// The first value past the end of the complications is invalid, like any
// other: it halts nothing and has no sources, and does not panic.
func TestComplicationPastTheEnd(t *testing.T) {
	past := event.Hyperaemia + 1
	if past.Halts() || past.Sources() != nil {
		t.Errorf("Complication(%d): halts %v, sources %v; want neither", past, past.Halts(), past.Sources())
	}
}

// A course takes exactly MaxEvents events and refuses one more, and a log of
// MaxEvents events replays. (Its JSON form is left out: decoding 10,000
// events costs a third of a second, more under the race detector.)
func TestEventsAtTheLimit(t *testing.T) {
	p, _ := schedule.Lookup(schedule.Weekly)
	c, err := NewCourse(p, "greying-cocktail", 0, berlin)
	if err != nil {
		t.Fatal(err)
	}
	l := event.Log{Protocol: p, Preparation: "greying-cocktail", Zone: berlin, Events: make([]event.Event, event.MaxEvents)}
	at := march(1)
	for i := range l.Events {
		l.Events[i] = event.Observation{At: at.Add(time.Duration(i) * time.Minute), Observed: event.Shedding}
		if c, err = Apply(c, l.Events[i]); err != nil {
			t.Fatalf("event %d of MaxEvents (%d): %v", i+1, event.MaxEvents, err)
		}
	}
	var fe *meso.FieldError
	if _, err := Apply(c, event.Observation{At: at.Add(event.MaxEvents * time.Minute), Observed: event.Shedding}); !errors.As(err, &fe) || fe.Field != "events" || !errors.Is(err, meso.ErrTooLarge) {
		t.Errorf("one event more than MaxEvents: %v, want ErrTooLarge at events", err)
	}
	if replayed, err := Replay(l); err != nil || replayed.State() != Planned {
		t.Errorf("replaying a log of MaxEvents events: %v, state %s; want planned", err, replayed.State())
	}
}

// A session has 1 to MaxInjections injections, both included.
func TestInjectionsAtTheBounds(t *testing.T) {
	for _, n := range []int{1, event.MaxInjections} {
		s := sessionAt(march(3))
		s.Injections = n
		if _, err := Apply(prescreen(ready(t, schedule.Weekly), s), s); err != nil {
			t.Errorf("a session of %d injections: %v, want it accepted", n, err)
		}
	}
}

// A change of preparation before the first session sends a ready course back
// to cleared and forgets the test injection: the new preparation needs its
// own (S2: the test injection the day before the first procedure).
func TestChangeOfPreparationForgetsTheTestInjection(t *testing.T) {
	c := mustApply(t, ready(t, schedule.Weekly), event.PreparationChanged{At: march(2).Add(time.Hour), Preparation: "needle-mesotherapy-mix", Reason: "allergy found on the label"})
	if c.State() != Cleared || !c.TestInjection().IsZero() || c.Preparation() != "needle-mesotherapy-mix" {
		t.Errorf("after the change: state %s, test injection %v, preparation %s; want cleared, none, needle-mesotherapy-mix", c.State(), c.TestInjection(), c.Preparation())
	}

	// A test injection that gave a reaction halts the course; a review that
	// resumes it brings it back to cleared with that test on record, and a
	// change of preparation then forgets it too.
	p, _ := schedule.Lookup(schedule.Weekly)
	planned, _ := NewCourse(p, "greying-cocktail", 0, berlin)
	c = mustApply(t, planned, cleared(march(1)),
		event.TestInjection{At: march(2), Preparation: "greying-cocktail", Reaction: "redness and itching at the test site"},
		event.Review{At: march(3), Outcome: event.OutcomeResume})
	if c.State() != Cleared || !c.TestInjection().Equal(march(2)) {
		t.Fatalf("after the review: state %s, test injection %v; want cleared, the test of %v", c.State(), c.TestInjection(), march(2))
	}
	c = mustApply(t, c, event.PreparationChanged{At: march(3).Add(time.Hour), Preparation: "needle-mesotherapy-mix", Reason: "reaction to the test injection"})
	if c.State() != Cleared || !c.TestInjection().IsZero() {
		t.Errorf("after the change: state %s, test injection %v; want cleared, none", c.State(), c.TestInjection())
	}
}

// A review that stops a course says so in the end reason, with the
// clinician's note when there is one.
func TestEndReasonOfAReviewThatStops(t *testing.T) {
	halted := mustApply(t, ready(t, schedule.Weekly), sessionAt(march(3)), event.AdverseEvent{At: march(4), Complication: event.Necrosis, Grade: event.Moderate})
	for _, tc := range []struct{ note, want string }{
		{"", "stopped on review"},
		{"necrosis at the crown", "stopped on review: necrosis at the crown"},
	} {
		c := mustApply(t, halted, event.Review{At: march(5), Outcome: event.OutcomeStop, Note: tc.note})
		if c.State() != Closed || c.EndReason() != tc.want {
			t.Errorf("stopped with note %q: state %s, end reason %q; want closed, %q", tc.note, c.State(), c.EndReason(), tc.want)
		}
	}
}

// A state past the end of the table accepts nothing, and does not panic.
func TestStatePastTheEndAcceptsNothing(t *testing.T) {
	if got := State(numStates).Accepts(); got != nil {
		t.Errorf("State(%d).Accepts() = %v, want nil", numStates, got)
	}
}

// A session's preparation that is not an id is refused as such, naming the
// field, before it is compared with the course's.
func TestSessionPreparationNotAnID(t *testing.T) {
	s := sessionAt(march(3))
	s.Preparation = "Greying Cocktail"
	_, err := Apply(ready(t, schedule.Weekly), s)
	var fe *meso.FieldError
	if !errors.As(err, &fe) || fe.Field != "preparation" || fe.Value != s.Preparation || errors.Is(err, ErrWrongPreparation) {
		t.Errorf("a session of preparation %q: %v; want a *FieldError naming preparation and the value", s.Preparation, err)
	}
}

// A course that comes back from a hold, by a resume or by a screening that
// clears the patient, has no hold left: Hold reports none.
func TestHoldForgottenOnReturn(t *testing.T) {
	active := mustApply(t, ready(t, schedule.Weekly), sessionAt(march(3)))
	for name, back := range map[string]event.Event{
		"resume":         event.Resume{At: march(8)},
		"screened clear": cleared(march(8)),
	} {
		c := mustApply(t, active, event.Hold{At: march(5), Reason: "flu"}, back)
		if h, on := c.Hold(); on || h != (event.Hold{}) || c.State() != Active {
			t.Errorf("after a hold and a %s: %s, Hold() = %+v, %v; want active and no hold", name, c.State(), h, on)
		}
	}
}
