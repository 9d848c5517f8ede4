package aftercare

import (
	"errors"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/mesokit/meso"
)

// zones with daylight-saving changes at different hours (Santiago and Beirut
// change at midnight, Chatham by 45-minute offsets), and some without.
var zones = []string{"UTC", "America/New_York", "Europe/Berlin", "Australia/Sydney", "America/Santiago", "Asia/Beirut", "Pacific/Chatham", "Asia/Kolkata"}

func genLocation() *rapid.Generator[*time.Location] {
	return rapid.Custom(func(t *rapid.T) *time.Location {
		loc, err := time.LoadLocation(rapid.SampledFrom(zones).Draw(t, "zone"))
		if err != nil {
			t.Fatal(err)
		}
		return loc
	})
}

// genSessions draws the start instants of a course in one location: 1 to 15
// sessions 1 to 10 days apart, around 2027-2028 (daylight-saving changes and
// 29 February 2028 included).
func genSessions(t *rapid.T) []time.Time {
	loc := genLocation().Draw(t, "location")
	first, _ := meso.NewDate(2027, 1, 1)
	date := first.AddDays(rapid.IntRange(0, 800).Draw(t, "first day"))
	hour, minute := rapid.IntRange(7, 20).Draw(t, "hour"), rapid.SampledFrom([]int{0, 15, 30, 45}).Draw(t, "minute")
	n := rapid.IntRange(1, 15).Draw(t, "sessions")
	out := make([]time.Time, n)
	for i := range out {
		out[i] = date.At(hour, minute, loc)
		date = date.AddDays(rapid.IntRange(1, 10).Draw(t, "gap"))
	}
	return out
}

// genPolicy draws a policy with any durations from none to MaxDuration.
func genPolicy(t *rapid.T, label string) *Policy {
	var rules []Restriction
	for _, a := range Activities() {
		d := time.Duration(rapid.IntRange(0, int(MaxDuration/time.Minute)).Draw(t, label+" "+a.String())) * time.Minute
		rules = append(rules, Restriction{Activity: a, Duration: d, PolicyDefault: true})
	}
	p, err := NewPolicy(label, rules, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestWindowsStartAtTheSessionAndLastThePolicyDurationAfterItsEnd(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.OneOf(rapid.Just(DefaultPolicy()), rapid.Just(ShortestStatedPolicy()), rapid.Custom(func(t *rapid.T) *Policy { return genPolicy(t, "p") })).Draw(t, "policy")
		session := genSessions(t)[0]
		seen := map[Activity]bool{}
		for _, w := range p.Windows(session) {
			seen[w.Activity] = true
			if !w.From.Equal(session) || w.From.Location() != session.Location() || w.Until.Location() != session.Location() {
				t.Fatalf("%s window %v-%v does not start at the session %v in its location", w.Activity, w.From, w.Until, session)
			}
			if got, want := w.Until.Sub(w.From), p.Session().Duration+p.Duration(w.Activity); got != want {
				t.Fatalf("%s window lasts %v of real time, want %v: the session, then the restriction", w.Activity, got, want)
			}
		}
		for _, a := range Activities() {
			if seen[a] != (p.Duration(a) > 0) {
				t.Fatalf("%s: window present %v, duration %v", a, seen[a], p.Duration(a))
			}
		}
	})
}

// probes returns instants worth asking about: every window's edges and a
// nanosecond either side, and the middle.
func probes(ws []Window) []time.Time {
	var out []time.Time
	for _, w := range ws {
		mid := w.From.Add(w.Until.Sub(w.From) / 2)
		out = append(out, w.From, w.From.Add(-1), w.From.Add(1), w.Until, w.Until.Add(-1), w.Until.Add(1), mid)
	}
	return out
}

func inAny(ws []Window, a Activity, t time.Time) bool {
	for _, w := range ws {
		if w.Activity == a && w.Contains(t) {
			return true
		}
	}
	return false
}

// Merged windows cover exactly the union of the sessions' windows; Allowed
// is false exactly inside a window; the next allowed instant is allowed, and
// nothing between the asked instant and it is.
func TestCourseRestrictionsAreTheUnion(t *testing.T) {
	merged := 0
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.OneOf(rapid.Just(DefaultPolicy()), rapid.Custom(func(t *rapid.T) *Policy { return genPolicy(t, "p") })).Draw(t, "policy")
		sessions := genSessions(t)
		var all []Window
		for _, s := range sessions {
			all = p.AppendWindows(all, s)
		}
		r := p.Course(sessions...)
		ws := r.Windows()
		if len(ws) < len(all) {
			merged++
		}
		for i := 1; i < len(ws); i++ {
			if ws[i].Activity == ws[i-1].Activity && !ws[i].From.After(ws[i-1].Until) {
				t.Fatalf("merged windows %v and %v overlap or touch", ws[i-1], ws[i])
			}
		}
		for _, a := range Activities() {
			for _, at := range probes(all) {
				want := !inAny(all, a, at)
				if got := r.Allowed(a, at); got != want {
					t.Fatalf("Allowed(%s, %v) = %v, want %v", a, at, got, want)
				}
				next := r.NextAllowed(a, at)
				if next.Before(at) || !r.Allowed(a, next) {
					t.Fatalf("NextAllowed(%s, %v) = %v: before it, or not allowed", a, at, next)
				}
				if next.After(at) && (r.Allowed(a, at) || r.Allowed(a, next.Add(-1)) || r.Allowed(a, at.Add(next.Sub(at)/2))) {
					t.Fatalf("NextAllowed(%s, %v) = %v, but the activity is allowed before it", a, at, next)
				}
			}
		}
	})
	if merged == 0 {
		t.Errorf("no generated course had windows that merge")
	}
}

// A stricter policy (no duration shorter) never allows an activity that a
// milder one forbids.
func TestStricterPolicyNeverAllowsMore(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		mild := genPolicy(t, "mild")
		var rules []Restriction
		for _, a := range Activities() {
			extra := time.Duration(rapid.IntRange(0, 3*24*60).Draw(t, "extra "+a.String())) * time.Minute
			rules = append(rules, Restriction{Activity: a, Duration: min(mild.Duration(a)+extra, MaxDuration), PolicyDefault: true})
		}
		strict, err := NewPolicy("strict", rules, nil)
		if err != nil {
			t.Fatal(err)
		}
		sessions := genSessions(t)
		rs, rm := strict.Course(sessions...), mild.Course(sessions...)
		for _, a := range Activities() {
			for _, at := range probes(append(rs.Windows(), rm.Windows()...)) {
				if rs.Allowed(a, at) && !rm.Allowed(a, at) {
					t.Fatalf("%s at %v: allowed by the stricter policy, not by the milder", a, at)
				}
			}
		}
	})
}

// Steps run on the session's local calendar: from local midnight a lead of
// calendar days before, until the session or, for a whole-day step, the end of
// that calendar day, whatever its length.
func TestStepsOnTheLocalCalendar(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		session := genSessions(t)[0]
		first := rapid.Bool().Draw(t, "first")
		day := meso.DateOf(session)
		for _, s := range DefaultPolicy().Steps(session, first) {
			i, _ := instruction(s.Instruction)
			in := instructions[i]
			if in.FirstOnly && !first {
				t.Fatalf("step %s before a session that is not the first", s.Instruction)
			}
			if got := meso.DateOf(s.From); got != day.AddDays(-in.Days) || s.From.Location() != session.Location() {
				t.Fatalf("step %s starts %v, want on %s in %v", s.Instruction, s.From, day.AddDays(-in.Days), session.Location())
			}
			if s.From.Hour() > 1 || s.From.Minute() != 0 { // 01:00 where midnight is skipped
				t.Fatalf("step %s starts at %v, want local midnight", s.Instruction, s.From)
			}
			switch {
			case in.WholeDay && meso.DateOf(s.Until) != meso.DateOf(s.From).AddDays(1):
				t.Fatalf("whole-day step %s runs %v to %v, want one calendar day", s.Instruction, s.From, s.Until)
			case !in.WholeDay && !s.Until.Equal(session):
				t.Fatalf("step %s ends %v, want at the session %v", s.Instruction, s.Until, session)
			}
		}
		// Anticoagulants are barred before every session (S1, S3), so only
		// the allergy test is for the first alone.
		if n := len(DefaultPolicy().Steps(session, true)) - len(DefaultPolicy().Steps(session, false)); n != 1 {
			t.Fatalf("the first session has %d more steps, want 1 (allergy test)", n)
		}
	})
}

// The day before a daylight-saving change is a calendar day, not 24 hours.
func TestStepsAcrossDaylightSaving(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Berlin")
	session := time.Date(2027, 3, 29, 10, 0, 0, 0, loc) // Monday; clocks went forward on Sunday the 28th
	for _, s := range DefaultPolicy().Steps(session, false) {
		if s.Instruction != "wash-hair-day-before" {
			continue
		}
		if want := time.Date(2027, 3, 28, 0, 0, 0, 0, loc); !s.From.Equal(want) || s.Until.Sub(s.From) != 23*time.Hour {
			t.Errorf("wash the day before: %v to %v (%v), want from %v for the 23 hours of that day", s.From, s.Until, s.Until.Sub(s.From), want)
		}
		return
	}
	t.Errorf("no wash-hair step")
}

func TestWindowAcrossDaylightSavingIsRealTime(t *testing.T) {
	for _, tc := range []struct {
		zone    string
		session time.Time
		local   string // the end of the 72-hour washing window after a 45-minute session, on the wall clock
	}{
		{"America/New_York", time.Date(2027, 3, 12, 10, 0, 0, 0, time.UTC), "2027-03-15 11:45"},
		{"Europe/Berlin", time.Date(2027, 10, 29, 10, 0, 0, 0, time.UTC), "2027-11-01 09:45"},
		{"Australia/Sydney", time.Date(2027, 4, 2, 10, 0, 0, 0, time.UTC), "2027-04-05 09:45"},
	} {
		loc, err := time.LoadLocation(tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		y, m, d := tc.session.Date()
		session := time.Date(y, m, d, 10, 0, 0, 0, loc)
		r := DefaultPolicy().Course(session)
		until := r.NextAllowed(WashHair, session)
		if got := until.Format("2006-01-02 15:04"); got != tc.local || until.Sub(session) != 72*time.Hour+45*time.Minute {
			t.Errorf("%s: washing allowed again at %s (%v later), want %s local, 72h45m later", tc.zone, got, until.Sub(session), tc.local)
		}
	}
}

func TestZeroRestrictions(t *testing.T) {
	var r Timeline
	now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	if !r.Allowed(WashHair, now) || !r.NextAllowed(WashHair, now).Equal(now) || len(r.Windows()) != 0 || len(r.Of(Pool)) != 0 {
		t.Errorf("the zero Restrictions must restrict nothing")
	}
	if got := Merge([]Window{{Activity: Pool, From: now, Until: now}}); len(got.Windows()) != 0 {
		t.Errorf("an empty window must merge away, got %v", got.Windows())
	}
}

func TestZeroPolicy(t *testing.T) {
	var p Policy
	session := time.Date(2027, 1, 11, 10, 0, 0, 0, time.UTC)
	if len(p.Windows(session)) != 0 || len(p.Steps(session, true)) != 0 || len(p.Course(session).Windows()) != 0 || p.Name() != "" {
		t.Errorf("the zero Policy must restrict nothing and have no steps")
	}
	if _, err := p.Lead("no-sauna-before"); err == nil || len(p.Leads()) != 0 {
		t.Errorf("the zero Policy has leads")
	}
	if p.Summary(session, true) == "" {
		t.Errorf("the zero Policy's summary is empty; want the after-effects and warning signs at least")
	}
	if _, err := p.MarshalJSON(); err == nil {
		t.Errorf("the zero Policy marshalled; want an error")
	}
}

// The sources count from after the procedure (issue 16): a window ends its
// duration after the session's end, the default's 45 minutes (S2) or the
// clinic's own length; a length without a basis or out of range is refused.
func TestWindowsCountFromTheSessionsEnd(t *testing.T) {
	start := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		policy func() (*Policy, error)
		until  time.Time // of touch-scalp, S3's 4 hours
	}{
		{"default: S2's 45 minutes", func() (*Policy, error) { return DefaultPolicy(), nil }, start.Add(4*time.Hour + 45*time.Minute)},
		{"shortest stated: S4's 20 minutes", func() (*Policy, error) { return ShortestStatedPolicy(), nil }, start.Add(4*time.Hour + 20*time.Minute)},
		{"the clinic's own hour", func() (*Policy, error) {
			return DefaultPolicy().WithSession(SessionLength{Duration: time.Hour, PolicyDefault: true, Note: "our sessions last an hour"})
		}, start.Add(5 * time.Hour)},
	} {
		p, err := tc.policy()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := p.Course(start).NextAllowed(TouchScalp, start); !got.Equal(tc.until) {
			t.Errorf("%s: touching allowed from %s, want %s", tc.name, got, tc.until)
		}
		data, err := p.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		back, err := LoadPolicy(strings.NewReader(string(data)))
		if err != nil || back.Session().Duration != p.Session().Duration {
			t.Errorf("%s: the policy's JSON reads back with session %v, %v", tc.name, back.Session(), err)
		}
	}
	for _, l := range []SessionLength{{Duration: -time.Minute, PolicyDefault: true}, {Duration: 5 * time.Hour, PolicyDefault: true}, {Duration: time.Hour}} {
		var fe *meso.FieldError
		if _, err := DefaultPolicy().WithSession(l); !errors.As(err, &fe) || !strings.HasPrefix(fe.Field, "session") {
			t.Errorf("WithSession(%+v) = %v, want a *meso.FieldError at session", l, err)
		}
	}
	if _, err := LoadPolicy(strings.NewReader(`{"name": "x", "session": {"length": "an hour", "sources": ["s"]}, "restrictions": [], "instructions": []}`)); err == nil {
		t.Error("a session length that is not a duration was read")
	}
}

// "The day before" a session is a day the patient lives through: Samoa
// skipped 30 December 2011, so the day before 31 December was the 29th.
func TestStepsSkipADayTheZoneSkipped(t *testing.T) {
	apia, err := time.LoadLocation("Pacific/Apia")
	if err != nil {
		t.Skip("no Pacific/Apia in this tz database")
	}
	session := time.Date(2011, 12, 31, 10, 0, 0, 0, apia)
	for _, s := range DefaultPolicy().Steps(session, true) {
		if s.Instruction != "wash-hair-day-before" {
			continue
		}
		wantFrom, wantUntil := time.Date(2011, 12, 29, 0, 0, 0, 0, apia), time.Date(2011, 12, 31, 0, 0, 0, 0, apia)
		if !s.From.Equal(wantFrom) || !s.Until.Equal(wantUntil) || s.Until.Sub(s.From) != 24*time.Hour {
			t.Errorf("wash the day before: %s to %s, want %s to %s, a whole day", s.From, s.Until, wantFrom, wantUntil)
		}
		return
	}
	t.Error("no wash-hair step")
}
