package benchmarks

import (
	"context"
	"testing"
	"time"

	"github.com/looplab/fsm"
	"github.com/qmuntal/stateless"

	"github.com/mesokit/meso"

	"github.com/mesokit/meso/course"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/formulary"
	"github.com/mesokit/meso/screening"
)

// The life of one course as events: screening, the test injection, ten
// weekly sessions each after a screening on its day, with an observation and
// a hold on the way, the main course completed, maintenance with three
// monthly sessions, closed. meso checks every guard on every event (gaps,
// counts, the test injection's day, the screening result's consistency, the
// safety conditions); the peers only move between states.
func lifeEvents() []event.Event {
	at := func(day int) time.Time { return time.Date(2027, time.March, day, 10, 0, 0, 0, berlin) }
	birth, _ := meso.NewDate(1984, time.June, 2)
	patient, err := screening.NewScreener(screening.Intake{BirthDate: birth, Sex: formulary.Female}, screening.Options{Preparation: "greying-cocktail"})
	if err != nil {
		panic(err)
	}
	screened := func(at time.Time) event.Event {
		r, err := patient.Screen(meso.DateOf(at))
		if err != nil {
			panic(err)
		}
		return event.Screened{At: at, Result: r}
	}
	session := func(day int) []event.Event {
		return []event.Event{screened(at(day).Add(-time.Hour)),
			event.SessionPerformed{At: at(day), Preparation: "greying-cocktail", Technique: "papular", Zones: event.WholeScalp, Injections: 40}}
	}
	events := []event.Event{
		screened(at(0)),
		event.TestInjection{At: at(0).Add(time.Hour), Preparation: "greying-cocktail"},
	}
	for i := range 10 {
		events = append(events, session(1+7*i)...)
		if i == 2 {
			events = append(events, event.Observation{At: at(17), Observed: event.Shedding})
		}
		if i == 5 {
			events = append(events, event.Hold{At: at(37), Reason: "flu"}, event.Resume{At: at(41)})
		}
	}
	events = append(events, event.MainCourseCompleted{At: at(70)}, event.MaintenanceStarted{At: at(71)})
	for i := range 3 {
		events = append(events, session(91+30*i)...)
	}
	return append(events, event.Close{At: at(155)})
}

// peerEvent names each meso event for the peers' machines.
func peerEvent(e event.Event) string {
	if _, ok := e.(event.SessionPerformed); ok {
		return "session"
	}
	return e.Kind().String()
}

// The peers' machines: the same states and the transitions the sequence
// takes, configured once per course as meso makes a course once.
func newStateless() *stateless.StateMachine {
	return configureStateless(stateless.NewStateMachine("planned"))
}

func configureStateless(sm *stateless.StateMachine) *stateless.StateMachine {
	sm.Configure("planned").Permit("screened", "cleared")
	sm.Configure("cleared").Permit("test-injection", "ready")
	sm.Configure("ready").Permit("session", "active").PermitReentry("screened")
	sm.Configure("active").PermitReentry("session").PermitReentry("observation").PermitReentry("screened").
		Permit("hold", "on-hold").Permit("main-course-completed", "main-complete")
	sm.Configure("on-hold").Permit("resume", "active")
	sm.Configure("main-complete").Permit("maintenance-started", "maintenance")
	sm.Configure("maintenance").PermitReentry("session").PermitReentry("screened").Permit("closed", "closed")
	return sm
}

func newLooplab() *fsm.FSM {
	return fsm.NewFSM("planned", fsm.Events{
		{Name: "screened", Src: []string{"planned"}, Dst: "cleared"},
		{Name: "screened", Src: []string{"ready"}, Dst: "ready"},
		{Name: "screened", Src: []string{"active"}, Dst: "active"},
		{Name: "screened", Src: []string{"maintenance"}, Dst: "maintenance"},
		{Name: "test-injection", Src: []string{"cleared"}, Dst: "ready"},
		{Name: "session", Src: []string{"ready", "active"}, Dst: "active"},
		{Name: "observation", Src: []string{"active"}, Dst: "active"},
		{Name: "hold", Src: []string{"active"}, Dst: "on-hold"},
		{Name: "resume", Src: []string{"on-hold"}, Dst: "active"},
		{Name: "main-course-completed", Src: []string{"active"}, Dst: "main-complete"},
		{Name: "maintenance-started", Src: []string{"main-complete"}, Dst: "maintenance"},
		{Name: "session", Src: []string{"maintenance"}, Dst: "maintenance"},
		{Name: "closed", Src: []string{"maintenance"}, Dst: "closed"},
	}, fsm.Callbacks{})
}

// All three end the sequence closed: they did the same work.
func TestMachinesAgree(t *testing.T) {
	events := lifeEvents()
	p, _ := schedule.Lookup(schedule.GreyingWeekly)
	c, err := course.NewCourse(p, "greying-cocktail", 0, berlin)
	if err != nil {
		t.Fatal(err)
	}
	sm, lf := newStateless(), newLooplab()
	for _, e := range events {
		if c, err = course.Apply(c, e); err != nil {
			t.Fatal(err)
		}
		if err := sm.Fire(peerEvent(e)); err != nil {
			t.Fatalf("stateless %s: %v", peerEvent(e), err)
		}
		if err := lf.Event(context.Background(), peerEvent(e)); err != nil {
			if _, same := err.(fsm.NoTransitionError); !same {
				t.Fatalf("looplab %s: %v", peerEvent(e), err)
			}
		}
		if s := c.State().String(); s != sm.MustState().(string) || s != lf.Current() {
			t.Fatalf("after %s: meso %s, stateless %v, looplab %s", e.Kind(), s, sm.MustState(), lf.Current())
		}
	}
}

// BenchmarkLifeOfACourse fires the sequence at each machine, from its start
// state, and reports the cost per event. Each machine is made once, outside
// the timing: a meso Course is an immutable value, so the planned course is
// simply used again; the peers' machines hold their state and are reset to
// "planned" (looplab's SetState, stateless's external state storage).
func BenchmarkLifeOfACourse(b *testing.B) {
	events := lifeEvents()
	names := make([]string, len(events))
	for i, e := range events {
		names[i] = peerEvent(e)
	}
	perEvent := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(events)), "ns/event")
	}
	b.Run("meso-apply", func(b *testing.B) {
		p, _ := schedule.Lookup(schedule.GreyingWeekly)
		planned, err := course.NewCourse(p, "greying-cocktail", 0, berlin)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			c := planned
			for _, e := range events {
				if c, err = course.Apply(c, e); err != nil {
					b.Fatal(err)
				}
			}
		}
		perEvent(b)
	})
	b.Run("qmuntal-stateless", func(b *testing.B) {
		var state stateless.State = "planned"
		sm := configureStateless(stateless.NewStateMachineWithExternalStorage(
			func(context.Context) (stateless.State, error) { return state, nil },
			func(_ context.Context, s stateless.State) error { state = s; return nil },
			stateless.FiringImmediate))
		b.ReportAllocs()
		for b.Loop() {
			state = "planned"
			for _, name := range names {
				if err := sm.Fire(name); err != nil {
					b.Fatal(err)
				}
			}
		}
		perEvent(b)
	})
	b.Run("looplab-fsm", func(b *testing.B) {
		ctx := context.Background()
		f := newLooplab()
		b.ReportAllocs()
		for b.Loop() {
			f.SetState("planned")
			for _, name := range names {
				if err := f.Event(ctx, name); err != nil {
					if _, same := err.(fsm.NoTransitionError); !same {
						b.Fatal(err)
					}
				}
			}
		}
		perEvent(b)
	})
}
