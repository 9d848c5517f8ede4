package schedule

import (
	"errors"
	"strings"
	"testing"

	"github.com/mesokit/meso"
)

// Issue 16: the protocol facts that were read wrong or less strict than a
// source, pinned per source to its tag and to the Reading or PolicyDefault
// that marks what the source does not state.
func TestProtocolFactsPerSource(t *testing.T) {
	get := func(id string) Protocol {
		t.Helper()
		p, err := Lookup(id)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	quoted := func(p Protocol, src, words string) bool {
		for _, q := range p.Quotes {
			if q.Source == src && strings.Contains(q.Text, words) {
				return true
			}
		}
		return false
	}
	t.Run("S4 gives no count", func(t *testing.T) {
		for _, id := range []string{TwiceWeekly, Weekly} {
			p := get(id)
			for _, f := range []string{"sessions.min", "sessions.max"} {
				if !p.IsReading(f) || p.IsPolicy(f) {
					t.Errorf("%s %s: want marked as a reading (S0's count, not S4's)", id, f)
				}
			}
			if !quoted(p, meso.S4, "a complete treatment can last a year or more") || !quoted(p, meso.S0, "8-16 visits") {
				t.Errorf("%s: quotes %v; want S0's count and S4's span", id, p.Quotes)
			}
		}
	})
	t.Run("S3 successive courses", func(t *testing.T) {
		p := get(Every2to3Weeks)
		if p.RepeatMonths != 12 || !p.IsReading("repeat_months") || !quoted(p, meso.S3, "successive courses of 5-10 procedures throughout the year") {
			t.Errorf("every-2-3-weeks: repeat %d months, readings %v; want S3's successive courses through the year", p.RepeatMonths, p.Readings)
		}
	})
	t.Run("S2 at most 14 days", func(t *testing.T) {
		p := get(WeeklyThenBiweekly)
		if g := p.Phases[1].Gap; g.Max != 14 || g.Preferred != 14 || p.IsPolicy("phases[1].gap.max") || !p.IsReading("phases[1].gap.max") {
			t.Errorf("weekly-then-biweekly second phase %+v; want S2's upper bound 14, stated, not a tolerance", g)
		}
	})
	// By default no gap is longer than its source states.
	for _, tc := range []struct {
		id     string
		src    string
		phase  int
		stated int
	}{
		{Weekly, meso.S0, 0, 7},
		{WeeklyThenBiweekly, meso.S2, 0, 7},
		{WeeklyThenBiweekly, meso.S2, 1, 14},
		{GreyingWeekly, meso.S3, 0, 7},
		{MonthlyMaintenance, meso.S2, 0, 30},
	} {
		p := get(tc.id)
		g := p.Phases[tc.phase].Gap
		if g.Max != tc.stated || g.Preferred != tc.stated || p.Sources[0] != tc.src {
			t.Errorf("%s phase %d: gap %+v; want no more than %s's %d days", tc.id, tc.phase, g, tc.src, tc.stated)
		}
		if f := "phases[" + string(rune('0'+tc.phase)) + "].gap.min"; !p.IsPolicy(f) {
			t.Errorf("%s: %s is a tolerance, want it marked policy", tc.id, f)
		}
	}
}

func TestReadingsValidated(t *testing.T) {
	p, _ := Lookup(Weekly)
	for _, tc := range []struct {
		name string
		r    []Reading
		want error
	}{
		{"unknown field", []Reading{{"phases[3].gap.max", "x"}}, meso.ErrUnknown},
		{"twice", []Reading{{"sessions.min", "x"}, {"sessions.min", "y"}}, meso.ErrDuplicate},
		{"also policy", []Reading{{"sessions.default", "x"}}, meso.ErrInvalid},
		{"empty note", []Reading{{"sessions.max", " "}}, meso.ErrMissing},
	} {
		q := p.Clone()
		q.Readings = tc.r
		if err := q.Validate(); !errors.Is(err, tc.want) || !strings.Contains(err.Error(), "readings[") {
			t.Errorf("%s: %v; want an error on readings", tc.name, err)
		}
	}
	q := p.Clone()
	q.RepeatMonths = MaxMonths + 1
	if err := q.Validate(); err == nil || !strings.Contains(err.Error(), "repeat_months") {
		t.Errorf("repeat_months over the limit: %v", err)
	}
}

// S2: a preventive course uses lower concentrations than a therapeutic one;
// the maintenance protocol says so in S2's words.
func TestMaintenanceLowerConcentrationS2(t *testing.T) {
	p, _ := Lookup(MonthlyMaintenance)
	found := false
	for _, q := range p.Quotes {
		found = found || (q.Source == meso.S2 && strings.Contains(q.Text, "lower doses compared to therapeutic"))
	}
	if !p.Maintenance || !found {
		t.Errorf("monthly-maintenance: quotes %v; want S2's lower concentrations for preventive courses", p.Quotes)
	}
}
