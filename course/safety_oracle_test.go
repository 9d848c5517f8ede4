package course

import (
	"cmp"
	"slices"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/screening"
)

// safetyOracle is the safety conditions stated over the list of events a
// course accepted before a session, written from the words of issue 13
// rather than from Apply: it reads the whole history again for every
// session, keeps nothing between calls, and knows no state table. It
// returns every rule the session breaks (none: it is safe). It holds for
// single-phase protocols, whose minimum gap is the phase's.
func safetyOracle(history []event.Event, s event.SessionPerformed, zone *time.Location, safety event.Safety, preparation string, main, maint schedule.Protocol) []string {
	safety = cmp.Or(safety, event.DefaultSafety())
	day := func(t time.Time) meso.Date { return meso.DateOf(t.In(zone)) }
	on := day(s.At)

	// The preparation in force, and where it was last chosen.
	prep, chosen := preparation, -1
	for i, e := range history {
		switch e := e.(type) {
		case event.PreparationChanged:
			prep, chosen = e.Preparation, i
		case event.Review:
			if e.Outcome == event.OutcomeChangePreparation {
				prep, chosen = e.Preparation, i
			}
		}
	}
	since := history[chosen+1:]

	var broken []string
	breaks := func(rule string) { broken = append(broken, rule) }

	// Halted: a halting adverse event or a reaction to a test injection,
	// with no review after it.
	halted := false
	for _, e := range history {
		switch e := e.(type) {
		case event.AdverseEvent:
			if e.Grade == event.Severe || e.Complication.Halts() {
				halted = true
			}
		case event.TestInjection:
			if e.Reaction != "" {
				halted = true
			}
		case event.Review:
			halted = false
		}
	}
	if halted {
		breaks(RuleHalted)
	}

	// On hold: a hold or a deferral, with neither a resume nor a clearing
	// screening after it.
	held := false
	for _, e := range history {
		switch e := e.(type) {
		case event.Hold:
			held = true
		case event.Resume:
			held = false
		case event.Screened:
			held = e.Result.Verdict == screening.Deferred
		}
	}
	if held {
		breaks(RuleOnHold)
	}

	if s.Preparation != prep {
		breaks(RuleWrongPreparation)
	}

	// The latest screening of all: deferred means a deferral still open.
	var latest, latestSince *event.Screened
	for i := range history {
		if sc, ok := history[i].(event.Screened); ok {
			latest = &sc
			if i > chosen {
				latestSince = &sc
			}
		}
	}
	if latest != nil && latest.Result.Verdict == screening.Deferred {
		breaks(RuleDeferred)
	}
	switch {
	case latestSince == nil:
		breaks(RuleNotScreened)
	case !latestSince.Result.Verdict.Allows():
		breaks(RuleScreeningNotOnDay)
	default:
		if d := on.Sub(latestSince.Result.Date); d < 0 || d > safety.ScreeningValidDays {
			breaks(RuleScreeningNotOnDay)
		}
	}

	// The test injection of the preparation since it was chosen, and
	// whether a session already used it.
	var test *event.TestInjection
	used := false
	for i := range since {
		switch e := since[i].(type) {
		case event.TestInjection:
			test = &e
		case event.SessionPerformed:
			used = true
		}
	}
	switch {
	case test == nil || test.Reaction != "":
		breaks(RuleNoTestInjection)
	case !used:
		if d := on.Sub(day(test.At)); d < 1 || d > safety.TestLeadDays {
			breaks(RuleTestInjectionNotDayBefore)
		}
	}

	// The protocol in force: maintenance once started, its sessions those
	// after it.
	p, from := main, 0
	for i, e := range history {
		if _, ok := e.(event.MaintenanceStarted); ok {
			p, from = maint, i+1
		}
	}
	// The gap counts from the session before, whichever protocol it was
	// of: the first maintenance session keeps the maintenance gap after
	// the main course's last.
	var sessions []meso.Date
	var last meso.Date
	for i, e := range history {
		if sp, ok := e.(event.SessionPerformed); ok {
			last = day(sp.At)
			if i >= from {
				sessions = append(sessions, last)
			}
		}
	}
	if len(sessions) >= p.Sessions.Max {
		breaks(RuleTooManySessions)
	}
	if !last.IsZero() && on.Sub(last) < p.Phases[0].Gap.Min {
		breaks(RuleTooSoon)
	}
	return broken
}

// safetyRules are the rules safetyOracle decides.
var safetyRules = []string{RuleHalted, RuleOnHold, RuleWrongPreparation, RuleDeferred, RuleNotScreened, RuleScreeningNotOnDay,
	RuleNoTestInjection, RuleTestInjectionNotDayBefore, RuleTooManySessions, RuleTooSoon}

func isSafetyRule(rule string) bool { return slices.Contains(safetyRules, rule) }
