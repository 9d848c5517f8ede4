package course

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/screening"
)

// Adversarial histories against safetyOracle: every kind of event, three
// preparations, deferrals with and without an end, holds with and without
// an end, reviews of every outcome, instants written in zones from -12:00 to
// +14:00, days that fall on either side of the clinic's midnight. Whenever
// Apply accepts a session the oracle forbids, or refuses one the oracle
// allows by a safety rule (or as not ready), the test fails. Apply may still
// refuse a safe session for a rule of the state table alone (a session in
// main-complete, a closed course, an event out of order): those are not
// safety conditions, and TestLifeAgainstModel checks them.
func TestSafetyAgainstOracle(t *testing.T) {
	if f := flag.Lookup("rapid.steps"); f != nil && f.Value.String() == f.DefValue {
		flag.Set("rapid.steps", "200") // long enough lives to reach maintenance and its limits
		t.Cleanup(func() { flag.Set("rapid.steps", f.DefValue) })
	}
	zones := []string{"Europe/Berlin", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/Los_Angeles", "Asia/Kolkata"}
	preps := []string{"greying-cocktail", "amino-acid-cocktail", "needle-mesotherapy-mix"}
	var accepted, refused int
	seen := map[string]int{}
	rapid.Check(t, func(t *rapid.T) {
		zone, err := time.LoadLocation(rapid.SampledFrom(zones).Draw(t, "clinic's zone"))
		if err != nil {
			t.Fatal(err)
		}
		p, _ := schedule.Lookup(rapid.SampledFrom([]string{schedule.Weekly, schedule.TwiceWeekly, schedule.Biweekly}).Draw(t, "protocol"))
		maint, _ := schedule.Lookup(schedule.MonthlyMaintenance)
		c, err := NewCourse(p, preps[0], 0, zone)
		if err != nil {
			t.Fatal(err)
		}
		safety := event.Safety{ScreeningValidDays: rapid.SampledFrom([]int{0, 0, 1}).Draw(t, "screening valid days"),
			TestLeadDays: rapid.SampledFrom([]int{1, 1, 2}).Draw(t, "test lead days")}
		if c, err = c.WithSafety(safety); err != nil {
			t.Fatal(err)
		}
		var history []event.Event

		// The clock runs on the clinic's calendar: a day, then a time of
		// day in its zone; each instant is then written in an offset
		// from -12:00 to +14:00, as a device elsewhere would.
		day := meso.Date{}
		first, _ := meso.NewDate(2027, time.January, 4)
		day = first
		minute := 8 * 60
		when := func(t *rapid.T) time.Time {
			switch rapid.IntRange(0, 3).Draw(t, "days on") {
			case 0: // the same day
			case 1:
				day = day.AddDays(1)
			case 2:
				day = day.AddDays(rapid.IntRange(2, 16).Draw(t, "days"))
			case 3:
				day = day.AddDays(rapid.IntRange(17, 40).Draw(t, "days"))
			}
			minute = rapid.IntRange(0, 24*60-1).Draw(t, "minute of the day")
			at := day.At(minute/60, minute%60, zone)
			offset := rapid.IntRange(-12*4, 14*4).Draw(t, "written at offset, quarter hours")
			return at.In(time.FixedZone(fmt.Sprintf("UTC%+d", offset*15), offset*15*60))
		}
		prep := func(t *rapid.T) string {
			if rapid.IntRange(0, 4).Draw(t, "another preparation?") == 0 {
				return rapid.SampledFrom(preps).Draw(t, "preparation")
			}
			return c.Preparation()
		}
		screen := func(t *rapid.T, at time.Time, preparation string) screening.Result {
			in := healthy()
			switch rapid.IntRange(0, 9).Draw(t, "patient") {
			case 0: // an anticoagulant stopped the day before: deferred with an end
				in.Medications = []screening.Medication{{Class: screening.Anticoagulant, LastDose: meso.DateOf(at.In(zone)).AddDays(-1)}}
			case 1: // still taken: deferred with no known end
				in.Medications = []screening.Medication{{Class: screening.Anticoagulant}}
			case 2: // caution
				in.PriorReactions = []screening.Reaction{screening.DyeReaction}
			}
			on := meso.DateOf(at.In(zone))
			if rapid.IntRange(0, 9).Draw(t, "for another day?") == 0 {
				on = on.AddDays(rapid.SampledFrom([]int{-1, 1}).Draw(t, "which"))
			}
			r, err := screening.Screen(in, on, screening.Options{Preparation: preparation})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		step := func(t *rapid.T, e event.Event) {
			var broken []string
			if s, ok := e.(event.SessionPerformed); ok {
				broken = safetyOracle(history, s, zone, safety, preps[0], p, maint)
			}
			next, err := Apply(c, e)
			if s, ok := e.(event.SessionPerformed); ok {
				var te *TransitionError
				switch {
				case err == nil && len(broken) > 0:
					t.Fatalf("Apply accepted the session %v (%s); the oracle finds it breaks %v", s.At, s.Preparation, broken)
				case err != nil && !errors.As(err, &te):
					t.Fatalf("refusal %v is not a *TransitionError", err)
				case err != nil && isSafetyRule(te.Rule) && !slices.Contains(broken, te.Rule):
					t.Fatalf("Apply refused the session %v (%s) by %s: %v; the oracle finds it breaks only %v", s.At, s.Preparation, te.Rule, err, broken)
				case err != nil && te.Rule == RuleNotReady && len(broken) == 0:
					// Not ready means not screened and tested: the oracle
					// must see that too.
					t.Fatalf("Apply refused the session %v as not ready: %v; the oracle finds it safe", s.At, err)
				case err == nil:
					accepted++
				default:
					refused++
					seen[te.Rule]++
				}
			}
			if err == nil {
				if next.State().Terminal() {
					seen["ended by "+e.Kind().String()]++
				}
				c = next
				history = append(history, e)
			}
		}
		honest := func(t *rapid.T) {
			at := when(t)
			step(t, event.Screened{At: at, Result: screen(t, at, c.Preparation())})
			step(t, event.TestInjection{At: at.Add(time.Minute), Preparation: c.Preparation()})
			day = day.AddDays(1)
			s := day.At(rapid.IntRange(0, 23).Draw(t, "hour"), 0, zone)
			step(t, event.Screened{At: s, Result: screen(t, s, c.Preparation())})
			step(t, event.SessionPerformed{At: s.Add(time.Minute), Preparation: prep(t), Technique: "papular", Zones: event.WholeScalp, Injections: 40})
		}
		t.Repeat(map[string]func(*rapid.T){
			"screen": func(t *rapid.T) {
				at := when(t)
				step(t, event.Screened{At: at, Result: screen(t, at, prep(t))})
			},
			// The honest path, twice as likely as any other action, so that
			// sessions are accepted too.
			"screen, test and session":       honest,
			"screen, test and session again": honest,
			"screened session again": func(t *rapid.T) {
				at := when(t)
				step(t, event.Screened{At: at, Result: screen(t, at, c.Preparation())})
				step(t, event.SessionPerformed{At: at.Add(time.Minute), Preparation: c.Preparation(), Technique: "papular", Zones: event.WholeScalp, Injections: 40})
			},
			"review to go on": func(t *rapid.T) { step(t, event.Review{At: when(t), Outcome: event.OutcomeResume}) },
			"screened session": func(t *rapid.T) {
				at := when(t)
				step(t, event.Screened{At: at, Result: screen(t, at, c.Preparation())})
				step(t, event.SessionPerformed{At: at.Add(time.Duration(rapid.IntRange(1, 120).Draw(t, "minutes later")) * time.Minute),
					Preparation: prep(t), Technique: "papular", Zones: event.WholeScalp, Injections: 40})
			},
			"session": func(t *rapid.T) {
				step(t, event.SessionPerformed{At: when(t), Preparation: prep(t), Technique: "papular", Zones: event.WholeScalp, Injections: 40})
			},
			"test injection": func(t *rapid.T) {
				reaction := ""
				if rapid.IntRange(0, 7).Draw(t, "reaction?") == 0 {
					reaction = "wheal at the test site"
				}
				step(t, event.TestInjection{At: when(t), Preparation: prep(t), Reaction: reaction})
			},
			"missed": func(t *rapid.T) { step(t, event.SessionMissed{At: when(t)}) },
			"hold": func(t *rapid.T) {
				at := when(t)
				h := event.Hold{At: at, Reason: "holiday"}
				if rapid.Bool().Draw(t, "until known") {
					h.Until = meso.DateOf(at.In(zone)).AddDays(rapid.IntRange(0, 10).Draw(t, "hold days"))
				}
				step(t, h)
			},
			"resume": func(t *rapid.T) { step(t, event.Resume{At: when(t)}) },
			"adverse": func(t *rapid.T) {
				e := event.AdverseEvent{At: when(t), Complication: event.Bruising, Grade: event.Mild}
				if rapid.IntRange(0, 3).Draw(t, "any adverse event?") == 0 {
					e.Complication = event.Complication(rapid.IntRange(1, int(numComplications)-1).Draw(t, "complication"))
					e.Grade = event.Grade(rapid.IntRange(1, 3).Draw(t, "severity"))
				}
				step(t, e)
			},
			"review": func(t *rapid.T) {
				r := event.Review{At: when(t), Outcome: event.Outcome(rapid.IntRange(1, 3).Draw(t, "outcome"))}
				if r.Outcome == event.OutcomeStop && rapid.IntRange(0, 9).Draw(t, "really stop?") != 5 {
					r.Outcome = event.OutcomeResume
				}
				if r.Outcome == event.OutcomeChangePreparation {
					r.Preparation = rapid.SampledFrom(preps).Draw(t, "new preparation")
				}
				step(t, r)
			},
			"change preparation": func(t *rapid.T) {
				step(t, event.PreparationChanged{At: when(t), Preparation: rapid.SampledFrom(preps).Draw(t, "preparation"), Reason: "itching"})
			},
			"complete":    func(t *rapid.T) { step(t, event.MainCourseCompleted{At: when(t)}) },
			"maintenance": func(t *rapid.T) { step(t, event.MaintenanceStarted{At: when(t)}) },
			"observe":     func(t *rapid.T) { step(t, event.Observation{At: when(t), Observed: event.Shedding}) },
			"close": func(t *rapid.T) {
				if rapid.IntRange(0, 29).Draw(t, "close?") == 17 { // rapid leans to a range's ends
					step(t, event.Close{At: when(t)})
				}
			},
			"cancel": func(t *rapid.T) {
				if rapid.IntRange(0, 99).Draw(t, "cancel?") == 57 {
					step(t, event.Cancel{At: when(t), Reason: "moved away"})
				}
			},
		})
		// What Apply accepted, written at all those offsets, the log writes
		// in the clinic's zone and reads back to the same course.
		data, err := json.Marshal(event.Log{Protocol: p, Preparation: preps[0], Zone: zone, Safety: safety, Events: history})
		if err != nil {
			t.Fatalf("the log does not write: %v", err)
		}
		back, err := event.DecodeLog(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("the log does not read back: %v\n%s", err, data)
		}
		again, err := Replay(back)
		if err != nil {
			t.Fatalf("the log read back does not replay: %v", err)
		}
		if !cmp.Equal(c, again, courseOptions) {
			t.Fatalf("the log replays to another course (-applied +replayed):\n%s", cmp.Diff(c, again, courseOptions))
		}
	})
	t.Logf("sessions accepted %d, refused %d: %v", accepted, refused, seen)
	if accepted == 0 {
		t.Errorf("no session was ever accepted")
	}
	for _, r := range safetyRules {
		if seen[r] == 0 {
			t.Errorf("no session was ever refused by %s", r)
		}
	}
}
