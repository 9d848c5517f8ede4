package screening

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/mesokit/meso"

	"github.com/mesokit/meso/formulary"
)

// checkResult checks what holds of every result: the verdict is the worst of
// its findings' (Cleared with none); the until of a deferral is after the
// date, and is the latest of the temporary findings' unless one is open; only
// temporary findings have an until, after the date; every finding explains
// itself and cites its rule's sources.
func checkResult(t *rapid.T, p *Policy, d meso.Date, r Result) {
	t.Helper()
	worst, latest, open := Cleared, meso.Date{}, false
	for _, f := range r.Findings {
		worst = max(worst, f.Severity.Verdict())
		rule, err := p.Rule(f.Rule)
		if err != nil || rule.Severity != f.Severity || f.Message == "" || !cmp.Equal(rule.Sources, f.Sources) {
			t.Fatalf("finding %+v does not match its rule %+v", f, rule)
		}
		if f.Severity != Temporary {
			if !f.Until.IsZero() {
				t.Fatalf("%s finding %s has until %s", f.Severity, f.Rule, f.Until)
			}
			continue
		}
		if f.Until.IsZero() {
			open = true
		} else if !f.Until.After(d) {
			t.Fatalf("finding %s on %s: until %s is not after the date", f.Rule, d, f.Until)
		} else if f.Until.After(latest) {
			latest = f.Until
		}
	}
	if r.Verdict != worst {
		t.Fatalf("verdict %s, but the worst of the findings is %s: %v", r.Verdict, worst, r)
	}
	switch {
	case r.Verdict != Deferred || open:
		if !r.Until.IsZero() {
			t.Fatalf("until %s, want none: %v", r.Until, r)
		}
	case r.Until.IsZero() || r.Until.Before(latest):
		t.Fatalf("until %s, want no earlier than the findings' %s: %v", r.Until, latest, r)
	}
	if r.Policy != p.Name() {
		t.Fatalf("policy %q, want %q", r.Policy, p.Name())
	}
}

// verdictsSeen counts, over a property's runs, how often each verdict came
// out, so that a property whose generator never reaches one fails instead of
// passing vacuously.
type verdictsSeen map[Verdict]int

func (seen verdictsSeen) require(t *testing.T) {
	t.Helper()
	for _, v := range []Verdict{Cleared, Caution, Deferred, Refused} {
		if seen[v] == 0 {
			t.Errorf("the generator never reached verdict %s (seen %v)", v, map[Verdict]int(seen))
		}
	}
}

// The verdict is the worst over the findings, and every result is well
// formed; Verdicts on a list of dates agrees with Screen on each.
func TestVerdictIsWorstFinding(t *testing.T) {
	seen := verdictsSeen{}
	rapid.Check(t, func(t *rapid.T) {
		d := genDay().Draw(t, "date")
		in := genIntake(d).Draw(t, "intake")
		opts := Options{Preparation: rapid.SampledFrom(preparationIDs()).Draw(t, "preparation")}
		r, err := Screen(in, d, opts)
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, DefaultPolicy(), d, r)
		seen[r.Verdict]++

		dates := []meso.Date{d, d.AddDays(1), d.AddDays(-1), d.AddDays(7)}
		vs, err := ScreenDates(in, dates, opts)
		if err != nil {
			if d.AddDays(-1).Before(in.BirthDate) {
				return // born on the screening date
			}
			t.Fatal(err)
		}
		for i, v := range vs {
			r, err := Screen(in, dates[i], opts)
			if err != nil {
				t.Fatal(err)
			}
			if v.Date != dates[i] || v.Verdict != r.Verdict || v.Until != r.Until {
				t.Fatalf("Verdicts gives %+v on %s, Screen %s until %s", v, dates[i], r.Verdict, r.Until)
			}
		}
	})
	seen.require(t)
	t.Logf("verdicts seen: %v", map[Verdict]int(seen))
}

// Adding a condition, a medication, an allergy, a prior reaction or a
// menstruation never gives a better verdict, nor an earlier end to a
// deferral.
func TestMoreFactsNeverImprove(t *testing.T) {
	seen := verdictsSeen{}
	rapid.Check(t, func(t *rapid.T) {
		d := genDay().Draw(t, "date")
		before := genIntake(d).Draw(t, "intake")
		prep := rapid.SampledFrom(preparationIDs()).Draw(t, "preparation")
		after := before
		after.Conditions = append([]Condition(nil), before.Conditions...)
		after.Medications = append([]Medication(nil), before.Medications...)
		after.Allergies = append([]string(nil), before.Allergies...)
		after.PriorReactions = append([]Reaction(nil), before.PriorReactions...)
		after.Menstruation = append([]meso.DateRange(nil), before.Menstruation...)
		switch rapid.IntRange(0, 4).Draw(t, "what to add") {
		case 0:
			c := rapid.SampledFrom(Conditions()).Draw(t, "condition")
			if containsCode(after.Conditions, c) {
				t.Skip("already listed")
			}
			after.Conditions = append(after.Conditions, c)
		case 1:
			m := genMedication(d).Draw(t, "medication")
			if containsMedication(after.Medications, m) {
				t.Skip("already listed")
			}
			after.Medications = append(after.Medications, m)
		case 2:
			a := rapid.SampledFrom(allergyIDs()).Draw(t, "allergy")
			if containsCode(after.Allergies, a) {
				t.Skip("already listed")
			}
			after.Allergies = append(after.Allergies, a)
		case 3:
			r := rapid.SampledFrom(Reactions()).Draw(t, "reaction")
			if containsCode(after.PriorReactions, r) {
				t.Skip("already listed")
			}
			after.PriorReactions = append(after.PriorReactions, r)
		case 4:
			from := d.AddDays(rapid.IntRange(-10, 10).Draw(t, "from"))
			r := meso.DateRange{From: from, To: from.AddDays(rapid.IntRange(0, 6).Draw(t, "length"))}
			if containsRange(after.Menstruation, r) {
				t.Skip("already listed")
			}
			after.Menstruation = append(after.Menstruation, r)
		}
		a, err := Screen(before, d, Options{Preparation: prep})
		if err != nil {
			t.Fatal(err)
		}
		b, err := Screen(after, d, Options{Preparation: prep})
		if err != nil {
			t.Fatal(err)
		}
		seen[a.Verdict]++
		if b.Verdict < a.Verdict {
			t.Fatalf("adding a fact improved the verdict from %v to %v", a, b)
		}
		if a.Verdict == Deferred && b.Verdict == Deferred && !b.Until.IsZero() && (a.Until.IsZero() || b.Until.Before(a.Until)) {
			t.Fatalf("adding a fact ended the deferral earlier: %v, then %v", a, b)
		}
		for _, f := range a.Findings {
			if !hasRule(b, f.Rule) {
				t.Fatalf("adding a fact removed finding %s: %v, then %v", f.Rule, a, b)
			}
		}
	})
	seen.require(t)
	t.Logf("verdicts seen: %v", map[Verdict]int(seen))
}

func containsCode[E comparable](s []E, v E) bool {
	for _, o := range s {
		if o == v {
			return true
		}
	}
	return false
}

func hasRule(r Result, id string) bool {
	for _, f := range r.Findings {
		if f.Rule == id {
			return true
		}
	}
	return false
}

// A deferral's until is after the date; the day before it the reason still
// holds, and on it no longer does: screening on a finding's until gives no
// finding of that rule, and screening on the result's until no deferral.
func TestUntilEndsTheDeferral(t *testing.T) {
	deferred, bounded := 0, 0
	rapid.Check(t, func(t *rapid.T) {
		d := genDay().Draw(t, "date")
		in := genIntake(d).Draw(t, "intake")
		opts := Options{Preparation: rapid.SampledFrom(preparationIDs()).Draw(t, "preparation")}
		r, err := Screen(in, d, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range r.Findings {
			if f.Severity != Temporary || f.Until.IsZero() {
				continue
			}
			bounded++
			last, err := Screen(in, f.Until.AddDays(-1), opts)
			if err != nil {
				t.Fatal(err)
			}
			if !hasRule(last, f.Rule) {
				t.Fatalf("finding %s holds on %s until %s, but not on %s: %v", f.Rule, d, f.Until, f.Until.AddDays(-1), last)
			}
			then, err := Screen(in, f.Until, opts)
			if err != nil {
				t.Fatal(err)
			}
			if hasRule(then, f.Rule) {
				t.Fatalf("finding %s holds until %s, but still holds on that day: %v", f.Rule, f.Until, then)
			}
		}
		if r.Verdict != Deferred || r.Until.IsZero() {
			return
		}
		deferred++
		then, err := Screen(in, r.Until, opts)
		if err != nil {
			t.Fatal(err)
		}
		if then.Verdict == Deferred {
			t.Fatalf("deferred on %s until %s, and still deferred then: %v", d, r.Until, then)
		}
		// Until is the first such date: every day before it is deferred, or
		// worse (a 66th birthday may fall inside the deferral).
		for day := d; day.Before(r.Until); day = day.AddDays(1) {
			v, err := Screen(in, day, opts)
			if err != nil {
				t.Fatal(err)
			}
			if v.Verdict < Deferred {
				t.Fatalf("deferred on %s until %s, but %s on %s", d, r.Until, v.Verdict, day)
			}
		}
	})
	if deferred == 0 || bounded == 0 {
		t.Errorf("the generator reached %d deferrals with an until and %d bounded findings; want some of each", deferred, bounded)
	}
}

// oracleAge counts whole years with the time package, which moves 29
// February to 1 March in a common year by itself.
func oracleAge(birth, d meso.Date) int {
	by, bm, bd := birth.Date()
	y, m, dd := d.Date()
	age := y - by
	if time.Date(y, bm, bd, 0, 0, 0, 0, time.UTC).After(time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)) {
		age--
	}
	return age
}

// Age is whole years on the screening date, 14 to 65 allowed: the age rules
// agree with the time package on every generated birth date, and switch
// exactly on the 14th and 66th birthdays, which for a 29 February birth in a
// common year is 1 March.
func TestAgeBoundaries(t *testing.T) {
	leap := 0
	rapid.Check(t, func(t *rapid.T) {
		d := genDay().Draw(t, "date")
		birth := genBirth(d).Draw(t, "birth")
		in := Intake{BirthDate: birth}
		r, err := Screen(in, d, Options{})
		if err != nil {
			t.Fatal(err)
		}
		age := oracleAge(birth, d)
		if got := hasRule(r, "age-under-14"); got != (age < 14) {
			t.Fatalf("born %s, %d on %s: age-under-14 finding %v", birth, age, d, got)
		}
		if got := hasRule(r, "age-over-65"); got != (age > 65) {
			t.Fatalf("born %s, %d on %s: age-over-65 finding %v", birth, age, d, got)
		}
		by, bm, bd := birth.Date()
		if bm == time.February && bd == 29 {
			leap++
		}
		for _, b := range []struct {
			years int
			rule  string
			from  bool // the rule holds from the birthday on, rather than until it
		}{{14, "age-under-14", false}, {66, "age-over-65", true}} {
			day := meso.DateOf(time.Date(by+b.years, bm, bd, 0, 0, 0, 0, time.UTC)) // 29 Feb → 1 Mar
			on, err := Screen(in, day, Options{})
			if err != nil {
				t.Fatal(err)
			}
			eve, err := Screen(in, day.AddDays(-1), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if hasRule(on, b.rule) != b.from || hasRule(eve, b.rule) == b.from {
				t.Fatalf("born %s: %s on %s is %v, the day before %v", birth, b.rule, day, hasRule(on, b.rule), hasRule(eve, b.rule))
			}
		}
	})
	if leap == 0 {
		t.Errorf("the generator drew no 29 February birth")
	}
}

// An intake survives MarshalJSON and DecodeIntake unchanged.
func TestIntakeJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := genDay().Draw(t, "date")
		in := genIntake(d).Draw(t, "intake")
		data, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		back, err := DecodeIntake(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("DecodeIntake(%s): %v", data, err)
		}
		if diff := cmp.Diff(in, back, dateEq); diff != "" {
			t.Fatalf("round trip through %s changed the intake (-want +got):\n%s", data, diff)
		}
		var inner Intake
		if err := json.Unmarshal(data, &inner); err != nil || !cmp.Equal(in, inner, dateEq) {
			t.Fatalf("json.Unmarshal into an Intake: %v, %+v", err, inner)
		}
	})
}

// A result survives MarshalJSON and UnmarshalJSON unchanged.
func TestResultJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := genDay().Draw(t, "date")
		in := genIntake(d).Draw(t, "intake")
		r, err := Screen(in, d, Options{Preparation: rapid.SampledFrom(preparationIDs()).Draw(t, "preparation")})
		if err != nil {
			t.Fatal(err)
		}
		data, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back Result
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatalf("Unmarshal(%s): %v", data, err)
		}
		if len(r.Findings) == 0 {
			r.Findings = nil
		}
		if diff := cmp.Diff(r, back, dateEq); diff != "" {
			t.Fatalf("round trip through %s changed the result (-want +got):\n%s", data, diff)
		}
	})
}

// Screening is pure: the same inputs give the same result, and a Screener
// keeps its own copy of the intake.
func TestScreeningIsPure(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := genDay().Draw(t, "date")
		in := genIntake(d).Draw(t, "intake")
		opts := Options{Preparation: rapid.SampledFrom(preparationIDs()).Draw(t, "preparation"), Catalog: formulary.Default()}
		s, err := NewScreener(in, opts)
		if err != nil {
			t.Fatal(err)
		}
		first, err := s.Screen(d)
		if err != nil {
			t.Fatal(err)
		}
		for i := range in.Menstruation {
			in.Menstruation[i].From = in.Menstruation[i].From.AddDays(-100)
		}
		for i := range in.Medications {
			in.Medications[i].LastDose = meso.Date{}
		}
		for i := range in.Allergies {
			in.Allergies[i] = "procaine"
		}
		again, err := s.Screen(d)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(first, again, dateEq); diff != "" {
			t.Fatalf("changing the caller's intake changed the Screener's result (-before +after):\n%s", diff)
		}
	})
}

// The default policy and a Screener are shared by every goroutine of a
// clinic's server.
func TestConcurrentUse(t *testing.T) {
	in, err := DecodeIntake(bytes.NewReader([]byte(sampleJSON)))
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewScreener(in, Options{Preparation: "greying-cocktail"})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := s.Screen(screeningDay)
	done := make(chan error)
	for range 8 {
		go func() {
			for range 50 {
				r, err := s.Screen(screeningDay)
				if err == nil && !cmp.Equal(want, r, dateEq) {
					err = errors.New("a concurrent screening gave another result")
				}
				if err == nil {
					_, err = Screen(in, screeningDay, Options{})
				}
				if err == nil {
					_, err = s.Verdicts([]meso.Date{screeningDay, screeningDay.AddDays(3)})
				}
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
