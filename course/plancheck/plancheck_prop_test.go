package plancheck

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/screening"
)

// genAftercare draws the policy a plan is checked under: the default, the
// shortest stated, or one with any durations (none included) and leads.
func genAftercare(t *rapid.T) *aftercare.Policy {
	switch rapid.IntRange(0, 2).Draw(t, "policy") {
	case 0:
		return aftercare.DefaultPolicy()
	case 1:
		return aftercare.ShortestStatedPolicy()
	}
	var rules []aftercare.Restriction
	for _, a := range aftercare.Activities() {
		d := time.Duration(rapid.IntRange(0, int(aftercare.MaxDuration/time.Minute)).Draw(t, "duration "+a.String())) * time.Minute
		rules = append(rules, aftercare.Restriction{Activity: a, Duration: d, PolicyDefault: true})
	}
	var leads []aftercare.Lead
	for _, in := range aftercare.Instructions() {
		if in.Ask == aftercare.Tell {
			continue
		}
		lo := 0
		if in.WholeDay {
			lo = 1
		}
		days := rapid.OneOf(rapid.IntRange(lo, 4), rapid.IntRange(lo, aftercare.MaxLeadDays)).Draw(t, "lead "+in.ID)
		leads = append(leads, aftercare.Lead{Instruction: in.ID, Days: days, PolicyDefault: true})
	}
	p, err := aftercare.NewPolicy("generated", rules, leads)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// genAppointments draws a course: a protocol expanded in a calendar (one
// with no closures when the drawn one cannot hold it), sometimes without
// its first sessions, as when a course is re-planned after some.
func genAppointments(t *rapid.T) []schedule.Appointment {
	p := genProtocol().Draw(t, "protocol")
	start := genStart().Draw(t, "start")
	c := genCalendar(start).Draw(t, "calendar")
	as, err := p.Expand(start, 0, c.cal)
	if err != nil {
		h, m := c.cal.TimeOfDay()
		open, _ := clinic.NewCalendar(c.cal.Location(), h, m, 0)
		if as, err = p.Expand(start, 0, open); err != nil {
			t.Skip(err)
		}
	}
	return as[rapid.IntRange(0, min(3, len(as)-1)).Draw(t, "performed")*rapid.IntRange(0, 1).Draw(t, "tail?"):]
}

// genEvents draws up to six planned events near the sessions, each an
// instant or a span of a minute to ten days, in the clinic's zone or UTC,
// named uniquely so that the model can tell them apart.
func genEvents(t *rapid.T, as []schedule.Appointment) []PlannedEvent {
	var out []PlannedEvent
	for i := range rapid.IntRange(0, 6).Draw(t, "events") {
		anchor := rapid.SampledFrom(as).Draw(t, "near").Start
		from := anchor.Add(time.Duration(rapid.IntRange(-5*24*60, 5*24*60).Draw(t, "offset minutes")) * time.Minute)
		if rapid.Bool().Draw(t, "utc?") {
			from = from.UTC()
		}
		e := PlannedEvent{Name: fmt.Sprintf("event-%d", i), Activity: rapid.SampledFrom(aftercare.Activities()).Draw(t, "activity"), From: from}
		switch rapid.IntRange(0, 2).Draw(t, "shape") {
		case 0: // an instant, as zero Until
		case 1:
			e.Until = from // an instant, as Until equal to From
		case 2:
			e.Until = from.Add(time.Duration(rapid.IntRange(1, 10*24*60).Draw(t, "minutes")) * time.Minute)
		}
		out = append(out, e)
	}
	return out
}

// genIntake draws nothing (no screening) or an intake whose screening may
// defer or refuse some of the appointments: anticoagulants last taken
// around the course, a menstruation in it, an illness with no known end,
// a 66th birthday during the course.
func genIntake(t *rapid.T, as []schedule.Appointment) *screening.Intake {
	if rapid.Bool().Draw(t, "no intake?") {
		return nil
	}
	near := func(label string) meso.Date {
		return meso.DateOf(rapid.SampledFrom(as).Draw(t, label).Start).AddDays(rapid.IntRange(-12, 12).Draw(t, label+" shift"))
	}
	born, _ := meso.ParseDate("1990-04-12")
	in := screening.Intake{BirthDate: born}
	if rapid.IntRange(0, 2).Draw(t, "old?") == 0 {
		in.BirthDate = near("66th birthday").AddMonths(-66 * 12)
	}
	if rapid.Bool().Draw(t, "anticoagulant?") {
		in.Medications = []screening.Medication{{Class: screening.Anticoagulant, LastDose: near("last dose")}}
	}
	if rapid.IntRange(0, 3).Draw(t, "menstruation?") == 0 {
		from := near("menstruation")
		in.Menstruation = []meso.DateRange{{From: from, To: from.AddDays(rapid.IntRange(0, 6).Draw(t, "menstruation days"))}}
	}
	if rapid.IntRange(0, 9).Draw(t, "acute?") == 0 {
		in.Conditions = []screening.Condition{screening.AcuteIllness}
	}
	if rapid.IntRange(0, 3).Draw(t, "allergy?") == 0 {
		// With no preparation to check it against: caution (S1, S2).
		in.Allergies = []string{"procaine"}
	}
	return &in
}

// modelKey is one pair the model finds meeting: Planned is the session of a
// step or appointment that is blocked (0 for an event), Restriction the
// session of a window or step that blocks it (0 for a screening verdict).
type modelKey struct {
	Kind                 ConflictKind
	Planned, Restriction int
	Instruction, Event   string
}

func compareKeys(a, b modelKey) int {
	return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Planned, b.Planned), cmp.Compare(a.Restriction, b.Restriction),
		cmp.Compare(a.Instruction, b.Instruction), cmp.Compare(a.Event, b.Event))
}

// span is a half-open span of time; an event at an instant is the span of
// one nanosecond, which meets exactly the spans that contain the instant.
type span struct{ from, until time.Time }

// meets reports whether s and o share an instant; an empty span has none.
func (s span) meets(o span) bool {
	return s.from.Before(s.until) && o.from.Before(o.until) && s.from.Before(o.until) && o.from.Before(s.until)
}

func eventSpan(e PlannedEvent) span {
	if e.Until.After(e.From) {
		return span{e.From, e.Until}
	}
	return span{e.From, e.From.Add(1)}
}

// planModel is the naive plan check: every window of every session, unmerged,
// against every step of every session and every event, pair by pair, and
// screening of each appointment's date on its own.
func planModel(t *rapid.T, plan Plan) []modelKey {
	var keys []modelKey
	windows := make([][]aftercare.Window, len(plan.Appointments))
	steps := make([][]aftercare.Step, len(plan.Appointments))
	for i, a := range plan.Appointments {
		windows[i] = plan.Aftercare.Windows(a.Start)
		steps[i] = plan.Aftercare.Steps(a.Start, a.N == 1)
	}
	for k, a := range plan.Appointments {
		for _, s := range steps[k] {
			if s.Ask != aftercare.Do || s.Activity == 0 {
				continue
			}
			for j, b := range plan.Appointments {
				for _, w := range windows[j] {
					if w.Activity == s.Activity && (span{s.From, s.Until}).meets(span{w.From, w.Until}) {
						keys = append(keys, modelKey{Kind: RequirementInWindow, Planned: a.N, Restriction: b.N, Instruction: s.Instruction})
					}
				}
			}
		}
	}
	for _, e := range plan.Events {
		es := eventSpan(e)
		for j, b := range plan.Appointments {
			for _, w := range windows[j] {
				if w.Activity == e.Activity && es.meets(span{w.From, w.Until}) {
					keys = append(keys, modelKey{Kind: EventInWindow, Restriction: b.N, Event: e.Name})
				}
			}
			for _, s := range steps[j] {
				if s.Ask == aftercare.Avoid && s.Activity == e.Activity && es.meets(span{s.From, s.Until}) {
					keys = append(keys, modelKey{Kind: EventBeforeSession, Restriction: b.N, Instruction: s.Instruction, Event: e.Name})
				}
			}
		}
	}
	// A session fewer calendar days after the one before than MinGap, in
	// its own zone.
	for k, a := range plan.Appointments {
		if k > 0 && plan.MinGap > 0 {
			b := plan.Appointments[k-1]
			if meso.DateOf(a.Start).Sub(meso.DateOf(b.Start.In(a.Start.Location()))) < plan.MinGap {
				keys = append(keys, modelKey{Kind: SessionTooClose, Planned: a.N, Restriction: b.N})
			}
		}
	}
	// A session inside an earlier one's window of touching or treating the
	// scalp.
	for k, a := range plan.Appointments {
		for j, b := range plan.Appointments[:k] {
			for _, w := range windows[j] {
				if (w.Activity == aftercare.TouchScalp || w.Activity == aftercare.ScalpMedication) &&
					(span{a.Start, a.Start.Add(1)}).meets(span{w.From, w.Until}) {
					keys = append(keys, modelKey{Kind: SessionInWindow, Planned: a.N, Restriction: b.N, Instruction: w.Activity.String()})
				}
			}
		}
	}
	if plan.Intake != nil {
		for _, a := range plan.Appointments {
			r, err := screening.Screen(*plan.Intake, meso.DateOf(a.Start), plan.Screening)
			if err != nil {
				t.Fatalf("screening %s: %v", meso.DateOf(a.Start), err)
			}
			switch r.Verdict {
			case screening.Deferred:
				keys = append(keys, modelKey{Kind: AppointmentDeferred, Planned: a.N})
			case screening.Refused:
				keys = append(keys, modelKey{Kind: AppointmentRefused, Planned: a.N})
			case screening.Caution:
				keys = append(keys, modelKey{Kind: AppointmentCaution, Planned: a.N})
			}
		}
	}
	slices.SortFunc(keys, compareKeys)
	return keys
}

// reported flattens conflicts into the model's pairs: a window side names
// every session whose own window meets the other side.
func reported(cs []Conflict) []modelKey {
	var keys []modelKey
	for _, c := range cs {
		switch c.Kind {
		case RequirementInWindow:
			for _, j := range c.Restriction.Sessions {
				keys = append(keys, modelKey{Kind: c.Kind, Planned: c.Planned.Sessions[0], Restriction: j, Instruction: c.Planned.Instruction})
			}
		case EventInWindow:
			for _, j := range c.Restriction.Sessions {
				keys = append(keys, modelKey{Kind: c.Kind, Restriction: j, Event: c.Planned.Event})
			}
		case EventBeforeSession:
			keys = append(keys, modelKey{Kind: c.Kind, Restriction: c.Restriction.Sessions[0], Instruction: c.Restriction.Instruction, Event: c.Planned.Event})
		case SessionTooClose:
			keys = append(keys, modelKey{Kind: c.Kind, Planned: c.Planned.Sessions[0], Restriction: c.Restriction.Sessions[0]})
		case SessionInWindow:
			for _, j := range c.Restriction.Sessions {
				keys = append(keys, modelKey{Kind: c.Kind, Planned: c.Planned.Sessions[0], Restriction: j, Instruction: c.Planned.Activity.String()})
			}
		default:
			keys = append(keys, modelKey{Kind: c.Kind, Planned: c.Planned.Sessions[0]})
		}
	}
	slices.SortFunc(keys, compareKeys)
	return keys
}

// blockedTime is how much of s the windows of activity a cover, by the
// unmerged windows of every session.
func blockedTime(p *aftercare.Policy, as []schedule.Appointment, a aftercare.Activity, s span) time.Duration {
	var parts []span
	for _, b := range as {
		for _, w := range p.Windows(b.Start) {
			if w.Activity == a && s.meets(span{w.From, w.Until}) {
				parts = append(parts, span{latest(s.from, w.From), earliest(s.until, w.Until)})
			}
		}
	}
	slices.SortFunc(parts, func(x, y span) int { return x.from.Compare(y.from) })
	var total time.Duration
	var end time.Time
	for _, x := range parts {
		if x.from.Before(end) {
			x.from = end
		}
		if x.until.After(x.from) {
			total += x.until.Sub(x.from)
			end = x.until
		}
	}
	return total
}

// The plan check reports a conflict exactly when two windows of the kinds
// it checks intersect: checked against the naive model over generated
// protocols, calendars in zones with daylight-saving changes, policies,
// intakes and planned events.
func TestCheckAgainstModel(t *testing.T) {
	found := map[ConflictKind]int{}
	missed := map[ConflictKind]int{}
	var none, partial int
	rapid.Check(t, func(t *rapid.T) {
		as := genAppointments(t)
		plan := Plan{Appointments: as, Aftercare: genAftercare(t), Events: genEvents(t, as), Intake: genIntake(t, as),
			MinGap: rapid.IntRange(0, 4).Draw(t, "min gap")}
		cs, err := plan.Check()
		if err != nil {
			t.Fatalf("Check: %v", err)
		}
		want := planModel(t, plan)
		if diff := gocmp.Diff(want, reported(cs)); diff != "" {
			t.Fatalf("conflicts against the model (-want +got):\n%s", diff)
		}
		if len(cs) == 0 {
			none++
		}
		for k := ConflictKind(1); k < numConflictKinds; k++ {
			if slices.ContainsFunc(cs, func(c Conflict) bool { return c.Kind == k }) {
				found[k]++
			} else {
				missed[k]++
			}
		}
		if !slices.IsSortedFunc(cs, func(a, b Conflict) int { return cmp.Or(a.From.Compare(b.From), cmp.Compare(a.Kind, b.Kind)) }) {
			t.Fatalf("conflicts not in order of From, then kind: %v", cs)
		}

		// Where the sides meet, and how much of a step or event is
		// blocked: the reported parts add up to what the windows cover.
		blocked := map[string]time.Duration{}
		for _, c := range cs {
			p, r := c.Planned, c.Restriction
			if c.From.Before(p.From) || c.Until.After(p.Until) || c.From.Before(r.From) || (!r.Until.IsZero() && c.Until.After(r.Until)) {
				t.Fatalf("%s: meets at %v-%v, outside a side: planned %v-%v, restriction %v-%v", c.Kind, c.From, c.Until, p.From, p.Until, r.From, r.Until)
			}
			instant := p.From.Equal(p.Until)
			if instant != c.From.Equal(c.Until) || (!instant && !c.From.Before(c.Until)) {
				t.Fatalf("%s: meets at %v-%v for a side %v-%v", c.Kind, c.From, c.Until, p.From, p.Until)
			}
			if c.Kind == RequirementInWindow {
				key := fmt.Sprint(p.Sessions[0], p.Instruction)
				if _, seen := blocked[key]; !seen {
					checkStep(t, plan, c)
				}
				blocked[key] += c.Until.Sub(c.From)
			}
			if c.Kind == EventInWindow && !instant {
				blocked[p.Event] += c.Until.Sub(c.From)
			}
			if _, err := json.Marshal(c); err != nil {
				t.Fatalf("%s: JSON: %v", c.Kind, err)
			}
		}
		for _, c := range cs {
			p := c.Planned
			switch {
			case c.Kind == RequirementInWindow:
				want := blockedTime(plan.Aftercare, as, p.Activity, span{p.From, p.Until})
				if got := blocked[fmt.Sprint(p.Sessions[0], p.Instruction)]; got != want {
					t.Fatalf("session %d: %s blocked for %v, the windows cover %v of it", p.Sessions[0], p.Instruction, got, want)
				}
				if !c.From.Equal(p.From) || !c.Until.Equal(p.Until) {
					partial++
				}
			case c.Kind == EventInWindow && !p.From.Equal(p.Until):
				if want := blockedTime(plan.Aftercare, as, p.Activity, span{p.From, p.Until}); blocked[p.Event] != want {
					t.Fatalf("%s blocked for %v, the windows cover %v of it", p.Event, blocked[p.Event], want)
				}
			}
		}

		// The events' order does not matter.
		plan.Events = slices.Clone(plan.Events)
		slices.Reverse(plan.Events)
		again, err := plan.Check()
		if err != nil || !gocmp.Equal(cs, again) {
			t.Fatalf("the events in reverse order give other conflicts (%v):\n%s", err, gocmp.Diff(cs, again))
		}
	})
	t.Logf("plans with each kind: %v; without: %v; with no conflict: %d; partly blocked requirements: %d", found, missed, none, partial)
	for k := ConflictKind(1); k < numConflictKinds; k++ {
		if found[k] == 0 || missed[k] == 0 {
			t.Errorf("%s: found in %d plans and not in %d: the generators must reach both", k, found[k], missed[k])
		}
	}
	if none == 0 || partial == 0 {
		t.Errorf("%d plans without conflicts, %d partly blocked requirements: the generators must reach both", none, partial)
	}
}

// checkStep checks a requirement's step against aftercare.Policy.Steps,
// which the plan check does not call.
func checkStep(t *rapid.T, plan Plan, c Conflict) {
	i := slices.IndexFunc(plan.Appointments, func(a schedule.Appointment) bool { return a.N == c.Planned.Sessions[0] })
	a := plan.Appointments[i]
	steps := plan.Aftercare.Steps(a.Start, a.N == 1)
	j := slices.IndexFunc(steps, func(s aftercare.Step) bool { return s.Instruction == c.Planned.Instruction })
	if j < 0 || !steps[j].From.Equal(c.Planned.From) || !steps[j].Until.Equal(c.Planned.Until) || steps[j].Activity != c.Planned.Activity {
		t.Fatalf("session %d: step %s %v-%v; Policy.Steps has %v", a.N, c.Planned.Instruction, c.Planned.From, c.Planned.Until, steps)
	}
}

// sortConflicts orders as a stable sort by From, then kind, does.
func TestSortConflicts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		base := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
		n := rapid.IntRange(0, 40).Draw(t, "n")
		cs := make([]Conflict, n)
		for i := range cs {
			cs[i] = Conflict{Kind: ConflictKind(rapid.IntRange(1, int(numConflictKinds)-1).Draw(t, "kind")),
				From: base.Add(time.Duration(rapid.IntRange(0, 5).Draw(t, "from")) * time.Hour), Message: fmt.Sprint(i)}
		}
		want := slices.Clone(cs)
		slices.SortStableFunc(want, func(a, b Conflict) int { return cmp.Or(a.From.Compare(b.From), cmp.Compare(a.Kind, b.Kind)) })
		sortConflicts(cs)
		if diff := gocmp.Diff(want, cs); diff != "" {
			t.Fatalf("(-want +got):\n%s", diff)
		}
	})
}

// Whatever a plan holds, Check does not panic: it gives conflicts, or a
// *FieldError naming a field of the plan.
func TestCheckNeverPanics(t *testing.T) {
	instant := rapid.Custom(func(t *rapid.T) time.Time {
		if rapid.IntRange(0, 9).Draw(t, "zero?") == 0 {
			return time.Time{}
		}
		return time.Unix(rapid.Int64Range(-1<<40, 1<<40).Draw(t, "unix"), rapid.Int64Range(0, 999999999).Draw(t, "nanos")).UTC()
	})
	checked := 0
	rapid.Check(t, func(t *rapid.T) {
		var plan Plan
		if rapid.IntRange(0, 9).Draw(t, "policy?") > 0 {
			plan.Aftercare = rapid.SampledFrom([]*aftercare.Policy{aftercare.DefaultPolicy(), aftercare.ShortestStatedPolicy(), {}}).Draw(t, "policy")
		}
		for range rapid.IntRange(0, 20).Draw(t, "appointments") {
			plan.Appointments = append(plan.Appointments, schedule.Appointment{N: rapid.IntRange(-2, 30).Draw(t, "n"), Start: instant.Draw(t, "start")})
		}
		// Half the plans are valid but for their instants' values, so that
		// the check past validation is reached in every run, not in all but
		// about 2 in 100 (with no planned events, a zero start is the only
		// way left to fail).
		valid := rapid.Bool().Draw(t, "in order?")
		if valid {
			for i := range plan.Appointments {
				if plan.Appointments[i].Start.IsZero() {
					plan.Appointments[i].Start = time.Unix(int64(i), 0).UTC()
				}
			}
			slices.SortFunc(plan.Appointments, func(a, b schedule.Appointment) int { return a.Start.Compare(b.Start) })
			for i := range plan.Appointments {
				plan.Appointments[i].N = i + 1
			}
		}
		for range rapid.IntRange(0, 5).Draw(t, "events") {
			if valid {
				break
			}
			plan.Events = append(plan.Events, PlannedEvent{
				Name:     rapid.String().Draw(t, "name"),
				Activity: aftercare.Activity(rapid.IntRange(0, 20).Draw(t, "activity")),
				From:     instant.Draw(t, "from"), Until: instant.Draw(t, "until"),
			})
		}
		if rapid.Bool().Draw(t, "intake?") {
			plan.Intake = &screening.Intake{BirthDate: mustDateT(t, "1950-01-01").AddDays(rapid.IntRange(0, 40000).Draw(t, "born"))}
		}
		cs, err := plan.Check()
		var fe *meso.FieldError
		if err != nil && (!errors.As(err, &fe) || fe.Field == "" || cs != nil) {
			t.Fatalf("Check = %v, %v", cs, err)
		}
		if err == nil {
			checked++
		}
	})
	if checked == 0 {
		t.Error("no generated plan got past validation")
	}
	for _, s := range []string{ConflictKind(0).String(), SideKind(0).String()} {
		if s == "" {
			t.Error("the zero kinds have no text")
		}
	}
	if _, err := (ConflictSide{}).MarshalJSON(); err == nil {
		t.Error("the zero ConflictSide has a JSON form")
	}
}

func mustDateT(t *rapid.T, s string) meso.Date {
	d, err := meso.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
