package course

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"reflect"
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

// lifeModel is an independent statement of the rules of a course's life: where
// Apply reads the transition table, the lifeModel spells each rule out, and
// asks safetyOracle, over the events it accepted, whether a session is safe.
// It holds only single-phase protocols, so that the minimum gap is the
// phase's.
type lifeModel struct {
	history     []event.Event
	start       string // the course's first preparation
	state       State
	heldFrom    State
	haltedOn    State
	holdUntil   meso.Date
	preparation string
	testDay     meso.Date
	tested      bool
	byTest      bool // the halt came from a reaction to the test injection
	sessions    []meso.Date
	main        int
	maintenance bool
	last        time.Time
	p, maint    schedule.Protocol
}

func (m *lifeModel) live() bool { return m.state != Closed && m.state != Cancelled }

// apply returns whether the lifeModel accepts e, and changes the lifeModel if so.
func (m *lifeModel) apply(e event.Event, loc *time.Location) bool {
	if !m.live() || e.When().Before(m.last) {
		return false
	}
	if y := e.When().In(loc).Year(); y < 1 || y > 9999 {
		return false
	}
	day := meso.DateOf(e.When().In(loc))
	hold := func() {
		if m.state != OnHold {
			m.heldFrom = m.state
		}
		m.state = OnHold
	}
	halt := func() {
		if m.state != Halted {
			m.haltedOn = m.state
		}
		m.state = Halted
	}
	ok := true
	switch e := e.(type) {
	case event.Screened:
		switch {
		case e.Result.Date != day, e.Result.Preparation != m.preparation:
			ok = false // a result made for another day or preparation
		case e.Result.Verdict == screening.Refused && m.state != Halted:
			m.state = Cancelled
		case e.Result.Verdict == screening.Deferred && m.state != Halted:
			hold()
			m.holdUntil = e.Result.Until
		case m.state == Halted:
			ok = false
		case m.state == Planned:
			m.state = Cleared
		case m.state == OnHold:
			m.state, m.holdUntil = m.heldFrom, meso.Date{}
			if m.state == Planned { // held since the first screening: this one clears
				m.state = Cleared
			}
		}
	case event.TestInjection:
		switch {
		case m.state != Cleared && m.state != Ready && m.state != Active && m.state != Maintenance:
			ok = false
		case e.Preparation != m.preparation: // never a silent switch
			ok = false
		case e.Reaction != "":
			halt()
			m.byTest = true
		case m.state == Cleared:
			m.testDay, m.tested = day, true
			m.state = Ready
		default:
			m.testDay, m.tested = day, true
		}
	case event.SessionPerformed:
		inMaint := m.state == Maintenance
		p, done := m.p, m.sessions
		if inMaint {
			p, done = m.maint, m.sessions[m.main:]
		}
		switch {
		case m.state != Ready && m.state != Active && m.state != Maintenance:
			ok = false
		case len(safetyOracle(m.history, e, loc, event.Safety{}, m.start, m.p, m.maint)) > 0:
			ok = false
		case e.Preparation != m.preparation, len(done) >= p.Sessions.Max:
			ok = false
		case len(m.sessions) > 0 && day.Sub(m.sessions[len(m.sessions)-1]) < p.Phases[0].Gap.Min:
			ok = false
		default:
			m.sessions = append(m.sessions, day)
			if !inMaint {
				m.state = Active
			}
		}
	case event.SessionMissed:
		ok = m.state == Active || m.state == Maintenance || m.state == OnHold
	case event.Hold:
		if ok = m.state != Halted; ok {
			hold()
			m.holdUntil = e.Until
		}
	case event.Resume:
		if ok = m.state == OnHold && (m.holdUntil.IsZero() || !day.Before(m.holdUntil)); ok {
			m.state, m.holdUntil = m.heldFrom, meso.Date{}
		}
	case event.AdverseEvent:
		if m.state != Halted && (e.Grade == event.Severe || e.Complication.Halts()) {
			m.byTest = false
		}
		switch e.Complication {
		case event.Necrosis, event.Infection, event.SevereAllergicReaction, event.Ulcers, event.Fever, event.PersistentDiscomfort:
			halt()
		default:
			if e.Grade == event.Severe {
				halt()
			}
		}
	case event.Review:
		if ok = m.state == Halted; ok {
			switch e.Outcome {
			case event.OutcomeResume:
				m.state = m.haltedOn
				if m.state == Ready && m.byTest { // ready no more after a reaction to the test
					m.state = Cleared
				}
			case event.OutcomeChangePreparation: // back where it was, with the new preparation untested
				m.state, m.preparation, m.tested = m.haltedOn, e.Preparation, false
				if m.state == Ready {
					m.state = Cleared
				}
				if m.state == OnHold && m.heldFrom == Ready { // and so is the hold's end
					m.heldFrom = Cleared
				}
			case event.OutcomeStop:
				m.state = Closed
			}
		}
	case event.PreparationChanged:
		switch {
		case len(m.sessions) < 2 && e.Reason == "":
			ok = false
		case m.state == Cleared || m.state == Ready:
			m.state, m.preparation, m.tested = Cleared, e.Preparation, false
		case m.state == Active || m.state == Maintenance:
			m.preparation = e.Preparation
		default:
			ok = false
		}
	case event.MainCourseCompleted:
		if ok = m.state == Active && len(m.sessions) >= m.p.Sessions.Min; ok {
			m.state, m.main = MainComplete, len(m.sessions)
		}
	case event.MaintenanceStarted:
		if ok = m.state == MainComplete; ok {
			m.state, m.maintenance = Maintenance, true
		}
	case event.Close:
		if ok = m.state == MainComplete || m.state == Maintenance; ok {
			m.state = Closed
		}
	case event.Cancel:
		m.state = Cancelled
	case event.Observation:
	}
	if ok {
		m.last = e.When()
		m.history = append(m.history, e)
	}
	return ok
}

// courseOptions compares courses field by field: dates are comparable values,
// instants compare with time.Time.Equal (cmp's default for types with an
// Equal method), so a log read back from JSON, whose instants carry fixed
// offsets, compares equal to the one written.
// A course's history is shared between its versions and may hold events
// past its own: courses compare by the events that are their own.
var courseOptions = cmp.Options{
	cmp.AllowUnexported(Course{}, schedule.Progress{}, facts{}, guardrail{}),
	cmp.FilterValues(func(a, b Course) bool { return a.hist != nil || b.hist != nil },
		cmp.Transformer("applied", func(c Course) courseAndEvents {
			events := c.applied()
			c.hist = nil
			return courseAndEvents{c, events}
		})),
	cmp.Comparer(func(a, b meso.Date) bool { return a == b }),
	cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() }),
}

// courseAndEvents is a course without its shared history, and the events
// that are its own.
type courseAndEvents struct {
	Course Course
	Events []event.Event
}

// sameCourse reports whether a and b are the same course, as courseOptions
// compares them but faster.
func sameCourse(a, b Course) bool {
	ea, eb := a.applied(), b.applied()
	a.hist, b.hist = nil, nil
	return reflect.DeepEqual(a, b) && reflect.DeepEqual(ea, eb)
}

// singlePhase are the built-in protocols whose gap is one phase's.
var singlePhase = []string{schedule.Every2to3Days, schedule.TwiceWeekly, schedule.Weekly, schedule.Biweekly, schedule.Every2to3Weeks, schedule.GreyingWeekly}

// numEventKinds and numComplications are one past the last event.Kind and
// event.Complication, for the tests' tallies and draws.
const (
	numEventKinds    = event.KindObservation + 1
	numComplications = event.Hyperaemia + 1
)

// The counts above are event's: the value past each has no name.
func TestEventCounts(t *testing.T) {
	if _, err := numEventKinds.MarshalText(); err == nil {
		t.Errorf("event.Kind(%d) has a name: numEventKinds is behind event's", numEventKinds)
	}
	if _, err := numComplications.MarshalText(); err == nil {
		t.Errorf("event.Complication(%d) has a name: numComplications is behind event's", numComplications)
	}
}

// The state machine against the lifeModel: random events, mostly plausible;
// after every step the course agrees with the lifeModel, a refused event left
// the course as it was, and the accepted events replay (in Go and through
// their JSON log) to the same course.
func TestLifeAgainstModel(t *testing.T) {
	// A course needs up to 11 sessions before its main course completes,
	// and more for maintenance: longer runs than rapid's default 30 steps.
	if f := flag.Lookup("rapid.steps"); f != nil && f.Value.String() == f.DefValue {
		flag.Set("rapid.steps", "150")
		t.Cleanup(func() { flag.Set("rapid.steps", f.DefValue) })
	}
	loc, _ := time.LoadLocation("Europe/Berlin")
	var accepted, refused [numEventKinds]int
	sessionRules := map[string]int{}
	var reached [numStates]bool
	rapid.Check(t, func(t *rapid.T) {
		p, _ := schedule.Lookup(rapid.SampledFrom(singlePhase).Draw(t, "protocol"))
		maint, _ := schedule.Lookup(schedule.MonthlyMaintenance)
		preps := []string{"greying-cocktail", "needle-mesotherapy-mix"}
		c, err := NewCourse(p, preps[0], 0, berlin)
		if err != nil {
			t.Fatal(err)
		}
		m := &lifeModel{state: Planned, preparation: preps[0], start: preps[0], p: p, maint: maint}
		log := event.Log{Protocol: p, Preparation: preps[0], Zone: berlin}
		checked := -1 // the length of the log when it was last replayed
		clock := time.Date(2027, 1, 4, 9, 0, 0, 0, loc)
		tick := func(t *rapid.T) time.Time {
			// Forward by hours to weeks; one time in twenty a step back,
			// which the rule of time order refuses. (rapid leans towards a
			// range's ends, so the step back is drawn on its own.)
			hours := rapid.IntRange(1, 24*12).Draw(t, "hours")
			if rapid.IntRange(0, 19).Draw(t, "back?") == 0 {
				hours = -rapid.IntRange(1, 3).Draw(t, "hours back")
			}
			clock = clock.Add(time.Duration(hours) * time.Hour)
			return clock
		}
		prep := func(t *rapid.T) string {
			if rapid.IntRange(0, 9).Draw(t, "other preparation") == 0 {
				return preps[1]
			}
			return m.preparation
		}
		step := func(t *rapid.T, e event.Event) {
			before := c
			want := m.apply(e, loc)
			next, err := Apply(c, e)
			if (err == nil) != want {
				t.Fatalf("%s %+v in state %s: Apply error %v, lifeModel accepts %v", e.Kind(), e, c.State(), err, want)
			}
			if err != nil {
				var te *TransitionError
				if !errors.As(err, &te) {
					t.Fatalf("refusal %v is not a *TransitionError", err)
				}
				// reflect.DeepEqual first: cmp.Diff only to say what changed.
				if !reflect.DeepEqual(before, next) {
					t.Fatalf("a refused %s changed the course (-before +after):\n%s", e.Kind(), cmp.Diff(before, next, courseOptions))
				}
				refused[e.Kind()]++
				if e.Kind() == event.KindSessionPerformed {
					sessionRules[te.Rule]++
				}
				return
			}
			accepted[e.Kind()]++
			if next.State().Terminal() {
				sessionRules["ended by "+e.Kind().String()]++
			}
			c = next
			log.Events = append(log.Events, e)
			reached[c.State()] = true
			if c.State() != m.state || c.Done() != len(m.sessions)-boolInt(m.maintenance)*m.main || c.Preparation() != m.preparation {
				t.Fatalf("after %s: course %s, %d done, %s; lifeModel %s, %d, %s", e.Kind(), c.State(), c.Done(), c.Preparation(), m.state, len(m.sessions), m.preparation)
			}
		}
		// rare says yes one time in eight: for the events that end or
		// derail a course, so that most courses live long enough to
		// reach their later states.
		rare := func(t *rapid.T) bool { return rapid.IntRange(0, 7).Draw(t, "rare") == 0 }
		// rarer says yes one time in 64, and not at a range's end, where
		// rapid leans: for a refused screening and a cancellation, which
		// end a course at once.
		rarer := func(t *rapid.T) bool { return rapid.IntRange(0, 63).Draw(t, "rarer") == 31 }
		// session performs a session; an honest one, as a clinic's normal
		// day would, comes the day after the test injection or on a day the
		// gap allows, after a screening that day for the preparation in force.
		session := func(t *rapid.T, honest bool) {
			var target time.Time
			if done := c.Sessions(); honest && c.Done() == 0 && !c.TestInjection().IsZero() {
				target = meso.DateOf(c.TestInjection()).AddDays(1).At(10, 0, loc)
			} else if honest && len(done) > 0 {
				target = meso.DateOf(done[len(done)-1]).AddDays(p.Phases[0].Gap.Min).At(10, 0, loc)
			}
			var at time.Time
			if target.After(clock) {
				clock, at = target, target
			} else {
				at = tick(t)
			}
			if test := c.TestInjection(); c.Done() == 0 && !test.IsZero() && (honest || rapid.Bool().Draw(t, "the day after the test?")) {
				if on := meso.DateOf(test).AddDays(1).At(10, 0, loc); on.After(clock) {
					clock, at = on, on
				}
			} else if done := c.Sessions(); len(done) > 0 && (honest || rapid.Bool().Draw(t, "on a day the protocol allows?")) {
				// A day in the gap's range (or one before it) after the last session.
				day := meso.DateOf(done[len(done)-1]).AddDays(p.Phases[0].Gap.Min + rapid.IntRange(-1, 2).Draw(t, "days past the minimum gap"))
				if on := day.At(10, 0, loc); on.After(clock) {
					clock, at = on, on
				}
			}
			if honest || rapid.IntRange(0, 5).Draw(t, "screened first?") > 0 {
				// The screening on the session's day, for the preparation in force (mostly).
				before := at.Add(-10 * time.Minute)
				step(t, event.Screened{At: before, Result: screen(t, screening.Cleared, meso.DateOf(before), 1, prep(t))})
			}
			step(t, event.SessionPerformed{At: at, Preparation: prep(t), Technique: "papular", Zones: event.WholeScalp, Injections: 40})
		}
		// progress is the event that moves a course on from where it is,
		// as a clinic's normal day would: the random actions around it
		// perturb the course, this one makes it reach its later states.
		progress := func(t *rapid.T) {
			switch c.State() {
			case Planned:
				at := tick(t)
				step(t, event.Screened{At: at, Result: screen(t, screening.Cleared, meso.DateOf(at), 1, m.preparation)})
			case Cleared:
				step(t, event.TestInjection{At: tick(t), Preparation: m.preparation})
				if c.State() == Ready && rapid.Bool().Draw(t, "first session now?") {
					session(t, true)
				}
			case Ready, Maintenance:
				if test := c.TestInjection(); c.State() == Ready && !meso.DateOf(test).AddDays(1).At(10, 0, loc).After(clock) {
					// The day after the test is past: test again, as a clinic would.
					step(t, event.TestInjection{At: tick(t), Preparation: m.preparation})
				}
				if c.State() == Maintenance && c.Done() >= 3 && rapid.Bool().Draw(t, "close?") {
					step(t, event.Close{At: tick(t)})
					return
				}
				session(t, true)
			case Active:
				if c.Done() >= p.Sessions.Min && rapid.Bool().Draw(t, "complete?") {
					step(t, event.MainCourseCompleted{At: tick(t)})
					return
				}
				session(t, true)
			case MainComplete:
				step(t, event.MaintenanceStarted{At: tick(t)})
			case OnHold:
				if h, _ := c.Hold(); !h.Until.IsZero() {
					if on := h.Until.At(9, 0, loc); on.After(clock) {
						clock = on
					}
				}
				step(t, event.Resume{At: tick(t)})
			case Halted:
				step(t, event.Review{At: tick(t), Outcome: event.OutcomeResume})
			}
		}
		t.Repeat(map[string]func(*rapid.T){
			"progress":          progress,
			"progress again":    progress,
			"progress, a third": progress,
			"screen": func(t *rapid.T) {
				v := rapid.SampledFrom([]screening.Verdict{screening.Cleared, screening.Caution, screening.Deferred}).Draw(t, "verdict")
				if rarer(t) {
					v = screening.Refused
				}
				at := tick(t)
				step(t, event.Screened{At: at, Result: screen(t, v, meso.DateOf(at), rapid.IntRange(1, 10).Draw(t, "deferred days"), prep(t))})
			},
			"test injection": func(t *rapid.T) {
				reaction := ""
				if rapid.IntRange(0, 5).Draw(t, "reaction?") == 0 && (c.State() == Cleared || rare(t)) {
					reaction = "redness and itching at the test site"
				}
				step(t, event.TestInjection{At: tick(t), Preparation: prep(t), Reaction: reaction})
			},
			"session":       func(t *rapid.T) { session(t, false) },
			"session again": func(t *rapid.T) { session(t, false) },
			"run of sessions": func(t *rapid.T) {
				for range rapid.IntRange(2, p.Sessions.Min+1).Draw(t, "sessions in a row") {
					session(t, rapid.Bool().Draw(t, "honest?"))
				}
			},
			"missed": func(t *rapid.T) { step(t, event.SessionMissed{At: tick(t)}) },
			"hold": func(t *rapid.T) {
				at := tick(t)
				var until meso.Date
				if rapid.Bool().Draw(t, "until known") {
					until = meso.DateOf(at).AddDays(rapid.IntRange(1, 14).Draw(t, "hold days"))
				}
				step(t, event.Hold{At: at, Reason: "holiday", Until: until})
			},
			"resume": func(t *rapid.T) { step(t, event.Resume{At: tick(t)}) },
			"adverse": func(t *rapid.T) {
				if rare(t) {
					step(t, event.AdverseEvent{At: tick(t), Complication: event.Complication(rapid.IntRange(1, int(numComplications)-1).Draw(t, "complication")),
						Grade: event.Grade(rapid.IntRange(1, 3).Draw(t, "severity"))})
				} else {
					step(t, event.AdverseEvent{At: tick(t), Complication: rapid.SampledFrom([]event.Complication{event.Bruising, event.Itching, event.Pain}).Draw(t, "minor complication"), Grade: event.Mild})
				}
			},
			"review": func(t *rapid.T) {
				o := event.Outcome(rapid.IntRange(1, 3).Draw(t, "outcome"))
				if o == event.OutcomeStop && !rare(t) {
					o = event.OutcomeResume
				}
				r := event.Review{At: tick(t), Outcome: o}
				if o == event.OutcomeChangePreparation {
					r.Preparation = rapid.SampledFrom(preps).Draw(t, "new preparation")
				}
				step(t, r)
			},
			"change preparation": func(t *rapid.T) {
				reason := rapid.SampledFrom([]string{"", "itching after the first session"}).Draw(t, "reason")
				step(t, event.PreparationChanged{At: tick(t), Preparation: rapid.SampledFrom(preps).Draw(t, "preparation"), Reason: reason})
			},
			"complete":       func(t *rapid.T) { step(t, event.MainCourseCompleted{At: tick(t)}) },
			"complete again": func(t *rapid.T) { step(t, event.MainCourseCompleted{At: tick(t)}) },
			"maintenance":    func(t *rapid.T) { step(t, event.MaintenanceStarted{At: tick(t)}) },
			"maintenance, a second chance": func(t *rapid.T) {
				step(t, event.MaintenanceStarted{At: tick(t)})
			},
			"close": func(t *rapid.T) { step(t, event.Close{At: tick(t)}) },
			"cancel": func(t *rapid.T) {
				if rarer(t) {
					step(t, event.Cancel{At: tick(t), Reason: "moved away"})
				}
			},
			"observe": func(t *rapid.T) { step(t, event.Observation{At: tick(t), Observed: event.Shedding}) },
			"": func(t *rapid.T) {
				// Invariants, after every step.
				if c.State() <= 0 || c.State() >= numStates {
					t.Fatalf("state %d is not a state", c.State())
				}
				sessions := c.Sessions()
				for i := 1; i < len(sessions); i++ {
					if !sessions[i].After(sessions[i-1]) {
						t.Fatalf("session %d at %v is not after %v", i+1, sessions[i], sessions[i-1])
					}
				}
				mp, _ := c.MaintenanceProtocol()
				if p := c.Protocol(); int(c.main) > p.Sessions.Max || len(sessions)-int(c.main) > max(mp.Sessions.Max, p.Sessions.Max) {
					t.Fatalf("%d sessions exceed the protocols' maxima", len(sessions))
				}
				// Replay and the JSON round trip cost most: every eighth
				// event, and at the end of a course; once for each length
				// of the log (the steps after a refusal change nothing).
				if len(log.Events) == checked || len(log.Events)%8 != 0 && !c.State().Terminal() {
					return
				}
				checked = len(log.Events)
				again, err := Replay(log)
				if err != nil {
					t.Fatalf("the accepted events do not replay: %v", err)
				}
				if !sameCourse(c, again) {
					t.Fatalf("replay differs (-applied +replayed):\n%s", cmp.Diff(c, again, courseOptions))
				}
				if len(log.Events)%16 != 0 && !c.State().Terminal() {
					return // the JSON round trip: every sixteenth event, and at the end
				}
				data, err := json.Marshal(log)
				if err != nil {
					t.Fatal(err)
				}
				back, err := event.DecodeLog(bytes.NewReader(data))
				if err != nil {
					t.Fatalf("the log's JSON does not decode: %v\n%s", err, data)
				}
				// Lossless: the log read back writes the same bytes (and if
				// not, cmp says what differs).
				if again, err := json.Marshal(back); err != nil || !bytes.Equal(again, data) {
					t.Fatalf("the log's JSON round trip lost something (-want +got):\n%s", cmp.Diff(log, back, courseOptions))
				}
				fromJSON, err := Replay(back)
				if err != nil || fromJSON.State() != c.State() || fromJSON.Done() != c.Done() || !cmp.Equal(fromJSON.Sessions(), c.Sessions()) {
					t.Fatalf("the JSON log replays to %s %d (%v), want %s %d", fromJSON.State(), fromJSON.Done(), err, c.State(), c.Done())
				}
			},
		})
	})
	t.Logf("accepted %v refused %v; sessions refused by %v", accepted, refused, sessionRules)
	for k := event.Kind(1); k < numEventKinds; k++ {
		if accepted[k] == 0 {
			t.Errorf("no %s event was ever accepted", k)
		}
	}
	for _, k := range []event.Kind{event.KindSessionPerformed, event.KindTestInjection, event.KindResume, event.KindMainCourseCompleted, event.KindReview, event.KindPreparationChanged} {
		if refused[k] == 0 {
			t.Errorf("no %s event was ever refused", k)
		}
	}
	for s := Planned; s < numStates; s++ {
		if !reached[s] {
			t.Errorf("no generated course reached state %s", s)
		}
	}
}

// screen returns a real screening result with the given verdict on day on:
// a healthy patient is cleared, one who reports a reaction to hair dye gets
// caution (S4), one menstruating for days more is deferred (S2, S3), a
// pregnant one refused.
func screen(t *rapid.T, v screening.Verdict, on meso.Date, days int, preparation string) screening.Result {
	birth, _ := meso.NewDate(1990, time.April, 12)
	in := screening.Intake{BirthDate: birth, Sex: formulary.Female}
	switch v {
	case screening.Caution:
		in.PriorReactions = []screening.Reaction{screening.DyeReaction}
	case screening.Deferred:
		in.Menstruation = []meso.DateRange{{From: on, To: on.AddDays(days - 1)}}
	case screening.Refused:
		in.Pregnant = true
	}
	r, err := screening.Screen(in, on, screening.Options{Preparation: preparation})
	if err != nil || r.Verdict != v {
		t.Fatalf("screening for %s gave %s, %v", v, r.Verdict, err)
	}
	return r
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
