package course

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/screening"
)

// mainCourseEvents are the events of a weekly course of greying-cocktail,
// screened on 1 March 2027, tested on the 2nd, its eight sessions each
// screened on its day, its main course completed on 25 April.
func mainCourseEvents() []event.Event {
	events := []event.Event{cleared(march(1)), event.TestInjection{At: march(2), Preparation: "greying-cocktail"}}
	for i := range 8 {
		s := sessionAt(march(3 + 7*i))
		events = append(events, cleared(s.At.Add(-30*time.Minute)), s)
	}
	return append(events, event.MainCourseCompleted{At: march(56)})
}

// applyAndReplay applies the events to a new weekly course of
// greying-cocktail in Berlin, as a clinic would, keeping each accepted one
// in the course's log. It returns the first refusal, or, when every event
// was accepted, whatever keeps the log from replaying to the same course.
// refusedBy applies events and returns the rule of the refusal, "" when
// Apply accepts them all, with Apply's error; a log Apply accepted that
// does not replay, or a refusal that is no *TransitionError, fails t.
func refusedBy(t *testing.T, events []event.Event) (string, error) {
	t.Helper()
	applyErr, replayErr := applyAndReplay(t, events)
	if replayErr != nil {
		t.Fatalf("the log does not replay: %v", replayErr)
	}
	return refusalRule(t, applyErr), applyErr
}

// refusalRule is the rule a *TransitionError names, "" for no error; an
// error that is no *TransitionError fails t.
func refusalRule(t *testing.T, err error) string {
	t.Helper()
	var te *TransitionError
	if errors.As(err, &te) {
		return te.Rule
	}
	if err != nil {
		t.Fatalf("%v, not a *TransitionError", err)
	}
	return ""
}

func applyAndReplay(t *testing.T, events []event.Event) (applyErr, replayErr error) {
	t.Helper()
	p, _ := schedule.Lookup(schedule.Weekly)
	c, err := NewCourse(p, "greying-cocktail", 0, berlin)
	if err != nil {
		t.Fatal(err)
	}
	l := event.Log{Protocol: p, Preparation: "greying-cocktail", Zone: berlin}
	for _, e := range events {
		if c, err = Apply(c, e); err != nil {
			return err, nil
		}
		l.Events = append(l.Events, e)
	}
	data, err := json.Marshal(l)
	if err != nil {
		return nil, err
	}
	read, err := event.DecodeLog(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	again, err := Replay(read)
	if err != nil {
		return nil, err
	}
	if again.State() != c.State() || again.Done() != c.Done() || again.Preparation() != c.Preparation() {
		return nil, errors.New("the log replays to another course")
	}
	if r1, _ := c.Screening(); !reflect.DeepEqual(r1, func() screening.Result { r, _ := again.Screening(); return r }()) {
		return nil, errors.New("the log replays to another screening result")
	}
	return nil, nil
}

// TestAttackMaintenanceProtocol: a MaintenanceStarted whose protocol is not
// the zero Protocol but has no id, name, phases, sources or count was taken
// by Apply for "no protocol" (the built-in monthly maintenance), while the
// log writes every field that is not zero and a log that names such a
// protocol does not read: Apply accepted what Replay refuses. A protocol is
// "none" only when it is the zero Protocol; anything else is validated.
func TestAttackMaintenanceProtocol(t *testing.T) {
	monthly, _ := schedule.Lookup(schedule.MonthlyMaintenance)
	for _, tc := range []struct {
		name      string
		protocol  schedule.Protocol
		wantApply bool // Apply accepts it (and the log then replays)
	}{
		{"the zero Protocol: monthly maintenance", schedule.Protocol{}, true},
		{"the monthly maintenance protocol itself", monthly, true},
		{"only Maintenance set", schedule.Protocol{Maintenance: true}, false},
		{"only MinMonths set", schedule.Protocol{MinMonths: 3}, false},
		{"only RepeatMonths set", schedule.Protocol{RepeatMonths: 12}, false},
		{"empty but non-nil phases", schedule.Protocol{Phases: []schedule.Phase{}}, false},
		{"only a quote", schedule.Protocol{Quotes: []schedule.Quote{{}}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			events := append(mainCourseEvents(), event.MaintenanceStarted{At: march(57), Protocol: tc.protocol})
			applyErr, replayErr := applyAndReplay(t, events)
			if replayErr != nil {
				t.Fatalf("Apply accepted the event, but its log does not replay: %v", replayErr)
			}
			if got := applyErr == nil; got != tc.wantApply {
				t.Fatalf("Apply accepts: got %v (%v), want %v", got, applyErr, tc.wantApply)
			}
			var te *TransitionError
			if applyErr != nil && (!errors.As(applyErr, &te) || te.Rule != RuleInvalidEvent) {
				t.Errorf("refused by %v, want rule %s", applyErr, RuleInvalidEvent)
			}
		})
	}
}

// TestAttackFirstMaintenanceSession: the gap rule was checked only between
// sessions of the protocol in force, so the first maintenance session had
// none: a second session on the day of the main course's last one, or the
// day after, was accepted. A session comes no sooner than the protocol's
// minimum gap after the one before (ErrTooSoon), and for the first
// maintenance session the one before is the main course's last.
func TestAttackFirstMaintenanceSession(t *testing.T) {
	lastMain := march(3 + 7*7) // 21 April 2027, 10:00
	monthly, _ := schedule.Lookup(schedule.MonthlyMaintenance)
	for _, tc := range []struct {
		name    string
		after   time.Duration // the maintenance session's instant after the main course's last
		started event.Event
		want    string // the rule that refuses it, "" for accepted
	}{
		{"the same day, built-in maintenance", 6 * time.Hour, event.MaintenanceStarted{At: lastMain.Add(5 * time.Hour)}, RuleTooSoon},
		{"the next day, a protocol given", 24 * time.Hour, event.MaintenanceStarted{At: lastMain.Add(5 * time.Hour), Protocol: monthly}, RuleTooSoon},
		{"a day short of the monthly minimum", time.Duration(monthly.Phases[0].Gap.Min-1) * 24 * time.Hour, event.MaintenanceStarted{At: lastMain.Add(5 * time.Hour)}, RuleTooSoon},
		{"on the monthly minimum", time.Duration(monthly.Phases[0].Gap.Min) * 24 * time.Hour, event.MaintenanceStarted{At: lastMain.Add(5 * time.Hour)}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			events := mainCourseEvents()
			events[len(events)-1] = event.MainCourseCompleted{At: lastMain.Add(4 * time.Hour)}
			s := sessionAt(lastMain.Add(tc.after))
			events = append(events, tc.started, cleared(s.At.Add(-10*time.Minute)), s)
			got, applyErr := refusedBy(t, events)
			if got != tc.want {
				t.Errorf("the maintenance session: refused by %q (%v), want %q", got, applyErr, tc.want)
			}
		})
	}
}

// TestAttackResultTextNotUTF8: screening.Result.Check took a finding's
// message and sources as any bytes, so a result edited after Screen (or
// made by hand) with text that is not UTF-8 was accepted by Apply, and the
// log, which writes such bytes as U+FFFD, read back another result: two
// sources that differ only in their invalid bytes became one given twice,
// and the log did not replay at all. A result's text must be UTF-8.
func TestAttackResultTextNotUTF8(t *testing.T) {
	caution := func(message string, sources ...string) event.Screened {
		s := cleared(march(1))
		s.Result.Verdict = screening.Caution
		s.Result.Findings = []screening.Finding{{Rule: "hand-written", Severity: screening.Advisory, Message: message, Sources: sources}}
		return s
	}
	for _, tc := range []struct {
		name      string
		screened  event.Screened
		wantApply bool
	}{
		{"valid text", caution("asked about dye", "S2"), true},
		{"U+FFFD written as such", caution("asked about dye \uFFFD", "S2 \uFFFD"), true},
		{"a message not UTF-8", caution("asked about dye \xff", "S2"), false},
		{"sources that differ only in invalid bytes", caution("asked about dye", "S2 \xff", "S2 \xfe"), false},
		{"a surrogate half in UTF-8", caution("\xed\xa0\x80", "S2"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			applyErr, replayErr := applyAndReplay(t, []event.Event{tc.screened})
			if replayErr != nil {
				t.Fatalf("Apply accepted the screening, but its log does not replay to it: %v", replayErr)
			}
			if got := applyErr == nil; got != tc.wantApply {
				t.Fatalf("Apply accepts: got %v (%v), want %v", got, applyErr, tc.wantApply)
			}
			var te *TransitionError
			if applyErr != nil && (!errors.As(applyErr, &te) || te.Rule != RuleInvalidEvent) {
				t.Errorf("refused by %v, want rule %s", applyErr, RuleInvalidEvent)
			}
		})
	}
}

// TestAttackLogInstantsPastNanoseconds: a hand-written log whose second
// event comes before its first by less than a nanosecond was read with
// both instants cut to the same nanosecond, and replayed as in order; the
// instants of a log are now read only as RFC 3339 writes them, with at
// most nine digits of fraction, and such a log is refused where it is.
func TestAttackLogInstantsPastNanoseconds(t *testing.T) {
	p, _ := schedule.Lookup(schedule.Weekly)
	at := march(1).Add(time.Hour)
	l := event.Log{Protocol: p, Preparation: "greying-cocktail", Zone: berlin, Events: []event.Event{
		cleared(march(1)), event.Observation{At: at, Observed: event.Shedding}, event.Observation{At: at, Observed: event.Shedding}}}
	data, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name          string
		first, second string // the fractions of the two observations' seconds
		wantField     string // where DecodeLog refuses the log; "" when it reads it
	}{
		{"in order, nanoseconds", ".000000002", ".000000002", ""},
		{"out of order by a nanosecond", ".000000002", ".000000001", ""}, // read, then refused by Replay
		{"out of order past nanoseconds", ".0000000015", ".0000000011", "events[1].at"},
		{"a comma for the point", ",5", ",5", "events[1].at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := bytes.Replace(data, []byte(`"2027-03-01T11:00:00+01:00"`), []byte(`"2027-03-01T11:00:00`+tc.first+`+01:00"`), 1)
			doc = bytes.Replace(doc, []byte(`"2027-03-01T11:00:00+01:00"`), []byte(`"2027-03-01T11:00:00`+tc.second+`+01:00"`), 1)
			read, err := event.DecodeLog(bytes.NewReader(doc))
			var fe *meso.FieldError
			switch {
			case tc.wantField != "":
				if !errors.As(err, &fe) || fe.Field != tc.wantField {
					t.Fatalf("DecodeLog = %v; want a *FieldError at %s", err, tc.wantField)
				}
				return
			case err != nil:
				t.Fatalf("DecodeLog: %v", err)
			}
			_, err = Replay(read)
			if wantOrder := tc.first <= tc.second; (err == nil) != wantOrder {
				t.Errorf("Replay = %v; want accepted %v", err, wantOrder)
			}
		})
	}
}

// TestAttackReviewPreparation: a review that resumes or stops the course
// took any preparation and kept it unread: Review{Outcome: OutcomeResume,
// Preparation: "amino-acid-cocktail"} was accepted and logged, a record that
// reads as a change of preparation the course never made, and one that was
// not UTF-8 was logged as U+FFFD, so the log read back another event. Only
// a review that changes the preparation names one.
func TestAttackReviewPreparation(t *testing.T) {
	halted := append(mainCourseEvents()[:4], event.AdverseEvent{At: march(3).Add(time.Hour), Complication: event.Fever, Grade: event.Mild})
	for _, tc := range []struct {
		name   string
		review event.Review
		want   string // the rule that refuses it, "" for accepted
	}{
		{"resume", event.Review{Outcome: event.OutcomeResume}, ""},
		{"stop", event.Review{Outcome: event.OutcomeStop, Note: "patient's wish"}, ""},
		{"change", event.Review{Outcome: event.OutcomeChangePreparation, Preparation: "amino-acid-cocktail"}, ""},
		{"change without a preparation", event.Review{Outcome: event.OutcomeChangePreparation}, RuleInvalidEvent},
		{"resume naming a preparation", event.Review{Outcome: event.OutcomeResume, Preparation: "amino-acid-cocktail"}, RuleInvalidEvent},
		{"stop naming a preparation", event.Review{Outcome: event.OutcomeStop, Preparation: "amino-acid-cocktail"}, RuleInvalidEvent},
		{"resume naming one not UTF-8", event.Review{Outcome: event.OutcomeResume, Preparation: "\xff"}, RuleInvalidEvent},
		{"no outcome", event.Review{}, RuleInvalidEvent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.review.At = march(4)
			got, applyErr := refusedBy(t, append(append([]event.Event(nil), halted...), tc.review))
			if got != tc.want {
				t.Errorf("the review: refused by %q (%v), want %q", got, applyErr, tc.want)
			}
		})
	}
}

// TestAttackReviewChangeWhileOnHold: a review that changes the preparation
// makes a course that was ready for its first session cleared again (the
// new preparation awaits its test injection), but when the course had been
// put on hold before it was halted, the review returned it to the hold and
// the hold's end then returned it to ready: State said ready, and Next
// offered the first session, with no test of the new preparation. The
// session itself stayed refused by the safety conditions; the state table,
// the first line of defence, now says cleared too.
func TestAttackReviewChangeWhileOnHold(t *testing.T) {
	const amino = "amino-acid-cocktail"
	at := func(n int) time.Time { return march(2).Add(time.Duration(n) * time.Minute) }
	for _, tc := range []struct {
		name   string
		course func(t *testing.T) Course
		events []event.Event
		want   State
	}{
		{"ready, held, halted, changed, resumed", func(t *testing.T) Course { return ready(t, schedule.Weekly) },
			[]event.Event{event.Hold{At: at(1), Reason: "flu"}, event.AdverseEvent{At: at(2), Complication: event.Fever, Grade: event.Severe},
				event.Review{At: at(3), Outcome: event.OutcomeChangePreparation, Preparation: amino}, event.Resume{At: at(4)}}, Cleared},
		{"ready, held, halted, changed, screened", func(t *testing.T) Course { return ready(t, schedule.Weekly) },
			[]event.Event{event.Hold{At: at(1), Reason: "flu"}, event.AdverseEvent{At: at(2), Complication: event.Fever, Grade: event.Severe},
				event.Review{At: at(3), Outcome: event.OutcomeChangePreparation, Preparation: amino}, clearedFor(at(4), amino)}, Cleared},
		{"ready, held, halted, resumed by review and hold", func(t *testing.T) Course { return ready(t, schedule.Weekly) },
			[]event.Event{event.Hold{At: at(1), Reason: "flu"}, event.AdverseEvent{At: at(2), Complication: event.Fever, Grade: event.Severe},
				event.Review{At: at(3), Outcome: event.OutcomeResume}, event.Resume{At: at(4)}}, Ready},
		{"ready, halted, changed", func(t *testing.T) Course { return ready(t, schedule.Weekly) },
			[]event.Event{event.AdverseEvent{At: at(2), Complication: event.Fever, Grade: event.Severe},
				event.Review{At: at(3), Outcome: event.OutcomeChangePreparation, Preparation: amino}}, Cleared},
		{"active, held, halted, changed, resumed", func(t *testing.T) Course { return mustApply(t, ready(t, schedule.Weekly), sessionAt(march(3))) },
			[]event.Event{event.Hold{At: march(4), Reason: "flu"}, event.AdverseEvent{At: march(5), Complication: event.Fever, Grade: event.Severe},
				event.Review{At: march(6), Outcome: event.OutcomeChangePreparation, Preparation: amino}, event.Resume{At: march(7)}}, Active},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustApply(t, tc.course(t), tc.events...)
			if c.State() != tc.want {
				t.Errorf("state: got %s, want %s", c.State(), tc.want)
			}
			if c.Preparation() != amino && tc.want != Ready {
				t.Errorf("preparation: got %s, want %s", c.Preparation(), amino)
			}
			// Whatever the state says, no session of the new preparation
			// before its test injection.
			s := clearedFor(march(20), c.Preparation())
			next, err := Apply(c, s)
			if err == nil {
				_, err = Apply(next, event.SessionPerformed{At: march(20).Add(time.Hour), Preparation: c.Preparation(), Technique: "papular", Zones: event.WholeScalp, Injections: 40})
			}
			if tc.want != Ready && err == nil {
				t.Errorf("a session of %s without its test injection was accepted", c.Preparation())
			}
		})
	}
}

// TestAttackResumeAfterTestReaction: a course ready for its first session
// may have its test again (the day before the session); when that test
// brought a reaction the course was halted, and a review that resumed it
// returned it to ready, though its latest test had a reaction: State said
// ready for a course whose sessions the safety conditions refuse. A review
// that resumes after a reaction to the test returns a ready course to
// cleared: it awaits a test without reaction.
func TestAttackResumeAfterTestReaction(t *testing.T) {
	for _, tc := range []struct {
		name   string
		course func(t *testing.T) Course
		events []event.Event
		want   State
	}{
		{"ready, tested again with a reaction, resumed", func(t *testing.T) Course { return ready(t, schedule.Weekly) },
			[]event.Event{event.TestInjection{At: march(2).Add(time.Hour), Preparation: "greying-cocktail", Reaction: "wheal"}, event.Review{At: march(2).Add(2 * time.Hour), Outcome: event.OutcomeResume}}, Cleared},
		{"cleared, tested with a reaction, resumed", func(t *testing.T) Course {
			p, _ := schedule.Lookup(schedule.Weekly)
			c, _ := NewCourse(p, "greying-cocktail", 0, berlin)
			return mustApply(t, c, cleared(march(1)))
		}, []event.Event{event.TestInjection{At: march(2), Preparation: "greying-cocktail", Reaction: "wheal"}, event.Review{At: march(2).Add(time.Hour), Outcome: event.OutcomeResume}}, Cleared},
		{"ready, an adverse event, resumed", func(t *testing.T) Course { return ready(t, schedule.Weekly) },
			[]event.Event{event.AdverseEvent{At: march(2).Add(time.Hour), Complication: event.Fever, Grade: event.Severe}, event.Review{At: march(2).Add(2 * time.Hour), Outcome: event.OutcomeResume}}, Ready},
		{"ready, a reaction, resumed, tested again without one", func(t *testing.T) Course { return ready(t, schedule.Weekly) },
			[]event.Event{event.TestInjection{At: march(2).Add(time.Hour), Preparation: "greying-cocktail", Reaction: "wheal"}, event.Review{At: march(2).Add(2 * time.Hour), Outcome: event.OutcomeResume},
				event.TestInjection{At: march(5), Preparation: "greying-cocktail"}}, Ready},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustApply(t, tc.course(t), tc.events...)
			if c.State() != tc.want {
				t.Errorf("state: got %s, want %s", c.State(), tc.want)
			}
			if tc.want == Cleared {
				next := mustApply(t, c, cleared(march(3).Add(-time.Hour)))
				if _, err := Apply(next, sessionAt(march(3))); err == nil {
					t.Errorf("a session after a reaction to the test, with no test since, was accepted")
				}
			}
		})
	}
}

// TestAttackNilPointerEvent: Apply refused a nil Event but called Kind and
// When on a nil pointer to one, and panicked; so did a log holding one
// when written. Both are now no event (RuleInvalidEvent, field event),
// and a pointer to an event that is not nil is refused as an unknown type.
func TestAttackNilPointerEvent(t *testing.T) {
	s := sessionAt(march(3))
	for _, tc := range []struct {
		name  string
		event event.Event
		field string
	}{
		{"nil", nil, "event"},
		{"a nil *SessionPerformed", (*event.SessionPerformed)(nil), "event"},
		{"a nil *Screened", (*event.Screened)(nil), "event"},
		{"a *SessionPerformed", &s, "event"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := ready(t, schedule.Weekly)
			got, err := func() (c2 Course, err error) {
				defer func() {
					if r := recover(); r != nil {
						err = fmt.Errorf("panic: %v", r)
					}
				}()
				return Apply(c, tc.event)
			}()
			var te *TransitionError
			var fe *meso.FieldError
			if !errors.As(err, &te) || te.Rule != RuleInvalidEvent || !errors.As(err, &fe) || fe.Field != tc.field {
				t.Fatalf("Apply = %v; want refused by %s at %s", err, RuleInvalidEvent, tc.field)
			}
			if got.State() != c.State() {
				t.Errorf("state: got %s, want %s", got.State(), c.State())
			}
			p, _ := schedule.Lookup(schedule.Weekly)
			_, err = func() (data []byte, err error) {
				defer func() {
					if r := recover(); r != nil {
						err = fmt.Errorf("panic: %v", r)
					}
				}()
				return json.Marshal(event.Log{Protocol: p, Preparation: "greying-cocktail", Zone: berlin, Events: []event.Event{tc.event}})
			}()
			if err == nil || strings.Contains(err.Error(), "panic:") {
				t.Errorf("writing a log of it: %v, want an error, not a panic", err)
			}
		})
	}
}

// TestAttackHandWrittenLogHeld pins what a hand-written log cannot get past
// DecodeLog or Replay: each case edits one place of a log that replays (a
// screening, the test, a screening and a session on 3 March) so that it
// says something else than what the log would read or replay as.
func TestAttackHandWrittenLogHeld(t *testing.T) {
	p, _ := schedule.Lookup(schedule.Weekly)
	l := event.Log{Protocol: p, Preparation: "greying-cocktail", Zone: berlin, Events: []event.Event{
		cleared(march(1)), event.TestInjection{At: march(2), Preparation: "greying-cocktail"},
		cleared(march(3).Add(-time.Hour)), sessionAt(march(3))}}
	data, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	const session = `{"kind":"session-performed","at":"2027-03-03T10:00:00+01:00",`
	const test = `{"kind":"test-injection","at":"2027-03-02T10:00:00+01:00","preparation":"greying-cocktail"}`
	for _, tc := range []struct {
		name, from, to string
		wantField      string // where DecodeLog refuses it; "" when it reads
		wantRule       string // the rule Replay refuses it by; "" when it replays
	}{
		{"the log as written", session, session, "", ""},
		{"a kind in other letters", session, `{"Kind":"session-performed","at":"2027-03-03T10:00:00+01:00",`, "events[3].Kind", ""},
		{"a kind in other letters (Kelvin sign)", session, `{"Kind":"session-performed","at":"2027-03-03T10:00:00+01:00",`, "events[3].Kind", ""},
		{"the kind twice, once escaped", session, `{"kind":"session-performed","\u006bind":"observation","at":"2027-03-03T10:00:00+01:00",`, "events[3].kind", ""},
		{"the kind under version 2's key", session, `{"type":"session-performed","at":"2027-03-03T10:00:00+01:00",`, "events[3].kind", ""},
		{"version 2's key beside the kind", session, `{"kind":"session-performed","type":"session-performed","at":"2027-03-03T10:00:00+01:00",`, "events[3].type", ""},
		{"a field twice, once escaped", session, `{"kind":"session-performed","at":"2027-03-03T10:00:00+01:00","\u0061t":"2027-03-04T10:00:00+01:00",`, "events[3].at", ""},
		{"a field in other letters (long s)", `"injections":40`, `"injectionſ":40`, "events[3].injectionſ", ""},
		{"a screening's field in a session", `"injections":40`, `"injections":40,"result":{}`, "events[3].result", ""},
		{"the kind's case", session, `{"kind":"Session-Performed","at":"2027-03-03T10:00:00+01:00",`, "events[3].kind", ""},
		{"1e2 injections", `"injections":40`, `"injections":4e1`, "events[3].injections", ""},
		{"a null count of injections", `"injections":40`, `"injections":null`, "events[3].injections", ""},
		{"a verdict in other letters", `"verdict":"cleared"`, `"Verdict":"cleared"`, "events[0].result.Verdict", ""},
		{"a version of 3.0", `"version":3`, `"version":3.0`, "version", ""},
		{"a version 3 log as version 2", `"version":3`, `"version":2`, "events[0].type", ""},
		{"the session a day earlier in +14:00", `"2027-03-03T10:00:00+01:00","preparation":"greying-cocktail","technique"`, `"2027-03-02T23:30:00+14:00","preparation":"greying-cocktail","technique"`, "", RuleOutOfOrder},
		{"the session the same day in -12:00", `"2027-03-03T10:00:00+01:00","preparation":"greying-cocktail","technique"`, `"2027-03-02T23:30:00-12:00","preparation":"greying-cocktail","technique"`, "", ""},
		{"the session written in +14:00, the same instant", `"2027-03-03T10:00:00+01:00","preparation":"greying-cocktail","technique"`, `"2027-03-03T23:00:00+14:00","preparation":"greying-cocktail","technique"`, "", ""},
		{"the test with a reaction", test, `{"kind":"test-injection","at":"2027-03-02T10:00:00+01:00","preparation":"greying-cocktail","reaction":"wheal"}`, "", RuleHalted},
		{"the test of another preparation", test, `{"kind":"test-injection","at":"2027-03-02T10:00:00+01:00","preparation":"amino-acid-cocktail"}`, "", RuleWrongPreparation},
		{"the screening of the session's day for another day", `"date":"2027-03-03"`, `"date":"2027-03-02"`, "", RuleScreeningOtherDate},
		{"a safety policy of 0 days' lead", `"test_lead_days":1`, `"test_lead_days":0`, "safety.test_lead_days", ""},
		{"a safety policy of 31 days' screening", `"screening_valid_days":0`, `"screening_valid_days":31`, "safety.screening_valid_days", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !bytes.Contains(data, []byte(tc.from)) {
				t.Fatalf("the log has no %s", tc.from)
			}
			read, err := event.DecodeLog(bytes.NewReader(bytes.Replace(data, []byte(tc.from), []byte(tc.to), 1)))
			var fe *meso.FieldError
			switch {
			case tc.wantField != "":
				if !errors.As(err, &fe) || fe.Field != tc.wantField {
					t.Fatalf("DecodeLog = %v; want a *FieldError at %s", err, tc.wantField)
				}
				return
			case err != nil:
				t.Fatalf("DecodeLog = %v; want it read", err)
			}
			_, err = Replay(read)
			got := refusalRule(t, err)
			if got != tc.wantRule {
				t.Errorf("Replay refused by %q (%v), want %q", got, err, tc.wantRule)
			}
		})
	}
}

// TestAttackSafetyAcrossZonesHeld pins the safety conditions where the
// clinic's calendar is not UTC's: the far ends of the offsets, a change of
// the clocks, a leap day, and a deferral a review does not lift.
func TestAttackSafetyAcrossZonesHeld(t *testing.T) {
	const prep = "greying-cocktail"
	zone := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	kiritimati, minus12 := zone("Pacific/Kiritimati"), zone("Etc/GMT+12")
	// screenedIn is a screening of a healthy patient at the instant at,
	// made for its day in the zone dayIn.
	screenedIn := func(dayIn *time.Location, at time.Time, in screening.Intake) event.Screened {
		r, err := screening.Screen(in, meso.DateOf(at.In(dayIn)), screening.Options{Preparation: prep})
		if err != nil {
			t.Fatal(err)
		}
		return event.Screened{At: at, Result: r}
	}
	birth, _ := meso.NewDate(1990, time.April, 12)
	healthy := screening.Intake{BirthDate: birth}
	menstruating := healthy
	menstruating.Menstruation = []meso.DateRange{{From: meso.DateOf(time.Date(2027, 3, 2, 0, 0, 0, 0, time.UTC)), To: meso.DateOf(time.Date(2027, 3, 4, 0, 0, 0, 0, time.UTC))}}
	at := func(loc *time.Location, y int, m time.Month, d, h, min int) time.Time {
		return time.Date(y, m, d, h, min, 0, 0, loc)
	}
	for _, tc := range []struct {
		name   string
		zone   *time.Location
		events []event.Event
		want   string // the rule that refuses the last event, "" for accepted
	}{
		{"+14:00: tested the day before, written in UTC", kiritimati, []event.Event{
			screenedIn(kiritimati, at(kiritimati, 2027, 3, 2, 9, 0), healthy),
			event.TestInjection{At: at(time.UTC, 2027, 3, 1, 20, 30), Preparation: prep}, // 10:30 on 2 March in the clinic
			screenedIn(kiritimati, at(kiritimati, 2027, 3, 3, 9, 0), healthy), sessionOf(at(kiritimati, 2027, 3, 3, 10, 0), prep)}, ""},
		{"+14:00: a test written the day before in UTC is the session's day", kiritimati, []event.Event{
			screenedIn(kiritimati, at(kiritimati, 2027, 3, 2, 9, 0), healthy),
			event.TestInjection{At: at(time.UTC, 2027, 3, 2, 20, 30), Preparation: prep}, // 10:30 on 3 March in the clinic
			screenedIn(kiritimati, at(kiritimati, 2027, 3, 3, 10, 40), healthy), sessionOf(at(kiritimati, 2027, 3, 3, 11, 0), prep)}, RuleTestInjectionNotDayBefore},
		{"+14:00: a result made for UTC's day", kiritimati, []event.Event{
			screenedIn(time.UTC, at(kiritimati, 2027, 3, 2, 9, 0), healthy)}, RuleScreeningOtherDate},
		{"-12:00: screened on the clinic's day before, in UTC the session's", minus12, []event.Event{
			screenedIn(minus12, at(minus12, 2027, 3, 1, 9, 0), healthy), event.TestInjection{At: at(minus12, 2027, 3, 1, 10, 0), Preparation: prep},
			screenedIn(minus12, at(minus12, 2027, 3, 1, 23, 0), healthy), // 2 March 11:00 UTC
			sessionOf(at(minus12, 2027, 3, 2, 10, 0), prep)}, RuleScreeningNotOnDay},
		{"Berlin: the day after the test across the clocks' change", berlin, []event.Event{
			screenedIn(berlin, at(berlin, 2027, 3, 27, 9, 0), healthy), event.TestInjection{At: at(berlin, 2027, 3, 27, 23, 30), Preparation: prep},
			screenedIn(berlin, at(berlin, 2027, 3, 28, 3, 15), healthy), sessionOf(at(berlin, 2027, 3, 28, 3, 30), prep)}, ""},
		{"Berlin: the same calendar day, across the clocks' change", berlin, []event.Event{
			screenedIn(berlin, at(berlin, 2027, 3, 28, 0, 30), healthy), event.TestInjection{At: at(berlin, 2027, 3, 28, 0, 45), Preparation: prep},
			screenedIn(berlin, at(berlin, 2027, 3, 28, 23, 30), healthy), sessionOf(at(berlin, 2027, 3, 28, 23, 45), prep)}, RuleTestInjectionNotDayBefore},
		{"a leap day is the day after 28 February", berlin, []event.Event{
			screenedIn(berlin, at(berlin, 2028, 2, 28, 9, 0), healthy), event.TestInjection{At: at(berlin, 2028, 2, 28, 10, 0), Preparation: prep},
			screenedIn(berlin, at(berlin, 2028, 2, 29, 9, 0), healthy), sessionOf(at(berlin, 2028, 2, 29, 10, 0), prep)}, ""},
		{"1 March is two days after 28 February in a leap year", berlin, []event.Event{
			screenedIn(berlin, at(berlin, 2028, 2, 28, 9, 0), healthy), event.TestInjection{At: at(berlin, 2028, 2, 28, 10, 0), Preparation: prep},
			screenedIn(berlin, at(berlin, 2028, 3, 1, 9, 0), healthy), sessionOf(at(berlin, 2028, 3, 1, 10, 0), prep)}, RuleTestInjectionNotDayBefore},
		{"a deferral outlasts a hold's end, a halt and a review", berlin, []event.Event{
			screenedIn(berlin, at(berlin, 2027, 3, 1, 9, 0), healthy), event.TestInjection{At: at(berlin, 2027, 3, 1, 10, 0), Preparation: prep},
			screenedIn(berlin, at(berlin, 2027, 3, 2, 8, 0), menstruating), // deferred until 5 March
			event.AdverseEvent{At: at(berlin, 2027, 3, 2, 9, 0), Complication: event.Fever, Grade: event.Severe},
			event.Review{At: at(berlin, 2027, 3, 6, 9, 0), Outcome: event.OutcomeResume}, event.Resume{At: at(berlin, 2027, 3, 6, 9, 30)},
			event.Hold{At: at(berlin, 2027, 3, 6, 9, 40), Reason: "rest"}, event.Resume{At: at(berlin, 2027, 3, 6, 9, 50)},
			sessionOf(at(berlin, 2027, 3, 6, 10, 0), prep)}, RuleDeferred},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := schedule.Lookup(schedule.Weekly)
			c, err := NewCourse(p, prep, 0, tc.zone)
			if err != nil {
				t.Fatal(err)
			}
			last := len(tc.events) - 1
			for i, e := range tc.events[:last] {
				if c, err = Apply(c, e); err != nil {
					t.Fatalf("events[%d] (%s): %v", i, e.Kind(), err)
				}
			}
			_, err = Apply(c, tc.events[last])
			got := refusalRule(t, err)
			if got != tc.want {
				t.Errorf("the last event (%s): refused by %q (%v), want %q", tc.events[last].Kind(), got, err, tc.want)
			}
		})
	}
}

// TestAttackZoneUnderAnIANAName: NewCourse checked only that the zone's
// name loads, so a time.FixedZone named "Europe/Berlin" (or "UTC") with an
// offset of +14:00 passed for the clinic's zone: the course read its days
// in +14:00 while its log named Berlin. A session on the day of its test
// injection in Berlin, the next day in +14:00, was accepted, and the log
// that Replay reads in Berlin refuses it. A course now reads its days in
// the zone its name loads, the one its log reads back.
func TestAttackZoneUnderAnIANAName(t *testing.T) {
	const prep = "greying-cocktail"
	birth, _ := meso.NewDate(1990, time.April, 12)
	for _, tc := range []struct {
		name string
		zone *time.Location
		real *time.Location // the zone the name loads
	}{
		{"+14:00 named Europe/Berlin", time.FixedZone("Europe/Berlin", 14*3600), berlin},
		{"+14:00 named UTC", time.FixedZone("UTC", 14*3600), time.UTC},
		{"Europe/Berlin itself", berlin, berlin},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := schedule.Lookup(schedule.Weekly)
			c, err := NewCourse(p, prep, 0, tc.zone)
			if err != nil {
				t.Fatal(err)
			}
			if c.Zone().String() != tc.real.String() {
				t.Errorf("Zone() = %s, want %s", c.Zone(), tc.real)
			}
			// Each screening is made for the day the given zone says:
			// what a clinic that believed its zone would record.
			screened := func(at time.Time) event.Screened {
				r, err := screening.Screen(screening.Intake{BirthDate: birth}, meso.DateOf(at.In(tc.zone)), screening.Options{Preparation: prep})
				if err != nil {
					t.Fatal(err)
				}
				return event.Screened{At: at, Result: r}
			}
			test := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)     // 1 March in Berlin and UTC, 23:00 on 1 March in +14:00
			session := time.Date(2027, 3, 1, 11, 0, 0, 0, time.UTC) // 1 March in Berlin and UTC, 01:00 on 2 March in +14:00
			c = attempt(c, screened(test.Add(-time.Hour)), event.TestInjection{At: test, Preparation: prep}, screened(session.Add(-30*time.Minute)))
			if _, err := Apply(c, sessionOf(session, prep)); err == nil {
				t.Errorf("a session on the day of its test injection in %s was accepted", tc.real)
			}
		})
	}
}
