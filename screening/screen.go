package screening

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/mesokit/meso/formulary"
)

// Options are what a screening is done against besides the intake and the
// date. The zero Options screens under the default policy, with the default
// catalog, before a preparation is chosen.
type Options struct {
	// Preparation is the id of the preparation to be injected, in Catalog;
	// "" when none is chosen yet. The patient's allergies are checked
	// against it; with none, allergies cannot be ruled out.
	Preparation string
	// Added are ids of ingredients mixed into the preparation for this
	// patient, such as procaine as a local anaesthetic (S2). They need a
	// Preparation.
	Added []string
	// Policy is the rule table; nil means DefaultPolicy().
	Policy *Policy
	// Catalog is the formulary that preparation, added and allergy ids are
	// looked up in; nil means formulary.Default().
	Catalog *formulary.Catalog
}

// Result is the outcome of screening an intake on a date.
type Result struct {
	Verdict Verdict
	// Until is, for a Deferred verdict, the first date on which no temporary
	// reason holds any more: the latest of the temporary findings' Until, or
	// later when another temporary reason the intake records (a menstruation
	// that begins meanwhile) holds on that day. It is the zero Date when a
	// temporary reason has no known end (a condition until recovered, a
	// medication still taken) and for every other verdict.
	Until    Date
	Policy   string    // the name of the policy that decided
	Findings []Finding // every rule that holds, in the policy's order
}

// Finding is one rule that holds, explained.
type Finding struct {
	Rule     string // the rule's id in the policy
	Severity Severity
	// Until is, for a Temporary finding, the first date on which it no
	// longer holds; the zero Date when that is not known (until recovered,
	// still taking). It is zero for every other severity.
	Until   Date
	Message string   // what in the intake matched, and what follows
	Sources []string // the rule's sources
}

// DateVerdict is the verdict on one date of a list, as Screener.Verdicts
// gives it.
type DateVerdict struct {
	Date    Date
	Verdict Verdict
	Until   Date // as Result.Until
}

// Screener screens one intake, against one preparation and under one policy,
// on any number of dates. It checks the intake and the allergies once; each
// date then costs only the rules that depend on the date (age, menstruation,
// medications). A Screener is immutable and safe for concurrent use.
type Screener struct {
	policy    *Policy
	birth     Date
	menses    []DateRange
	meds      []Medication
	allergies []string
	conds     uint64 // bit set of the intake's conditions
	reactions uint64 // bit set of the intake's prior reactions

	// The rules that do not depend on the date, decided once: static[i]
	// holds the message of rule i when it holds, "" when it does not or
	// when rule i depends on the date.
	static        []string
	staticVerdict Verdict // the worst verdict of the static findings; Cleared when none
	staticOpen    bool    // a static finding is temporary (always with no known end)
	nStatic       int     // how many static findings hold
	certain       string  // who the certain allergy conflicts are, for a message
	possible      string  // why an allergy cannot be ruled out, for a message
}

// NewScreener checks the intake and the options and returns a Screener for
// them. Errors are *FieldErrors naming the field and value: any the intake's
// Check reports, and an unknown preparation, added ingredient or allergy id
// in the catalog ("preparation", "added[0]", "allergies[1]").
func NewScreener(in Intake, opts Options) (*Screener, error) {
	return newScreener(in, opts, true)
}

func newScreener(in Intake, opts Options, retain bool) (*Screener, error) {
	if err := in.Check(); err != nil {
		return nil, err
	}
	if opts.Policy == nil {
		opts.Policy = DefaultPolicy()
	}
	if opts.Catalog == nil {
		opts.Catalog = formulary.Default()
	}
	s := &Screener{policy: opts.Policy, birth: in.BirthDate, menses: in.Menstruation, meds: in.Medications, allergies: in.Allergies}
	if retain {
		s.menses, s.meds, s.allergies = slices.Clone(s.menses), slices.Clone(s.meds), slices.Clone(s.allergies)
	}
	for _, c := range in.Conditions {
		s.conds |= 1 << c
	}
	for _, r := range in.PriorReactions {
		s.reactions |= 1 << r
	}
	if err := s.checkAllergies(opts); err != nil {
		return nil, err
	}
	s.static = make([]string, len(opts.Policy.c))
	s.staticVerdict = Cleared
	for i, c := range opts.Policy.c {
		r := &opts.Policy.rules[i]
		var what string
		switch c.kind {
		case kindConditions:
			if s.conds&c.conds != 0 {
				what = r.Name + ": listed as " + codes(s.conds&c.conds, conditionText.Names)
			}
		case kindReactions:
			if s.reactions&c.reactions != 0 {
				what = r.Name + ": listed as " + codes(s.reactions&c.reactions, reactionText.Names)
			}
		case kindPregnant:
			if in.Pregnant {
				what = r.Name + ": the intake says pregnant"
			}
		case kindLactating:
			if in.Lactating {
				what = r.Name + ": the intake says breastfeeding"
			}
		case kindAllergy:
			if c.allergy == AllergyCertain && s.certain != "" {
				what = r.Name + ": " + s.certain
			} else if c.allergy == AllergyPossible && s.possible != "" {
				what = r.Name + ": " + s.possible
			}
		default:
			continue // depends on the date
		}
		if what == "" {
			continue
		}
		s.static[i] = what + consequence(r, Date{}, c.kind)
		s.staticVerdict = max(s.staticVerdict, r.Severity.Verdict())
		s.staticOpen = s.staticOpen || r.Severity == Temporary
		s.nStatic++
	}
	return s, nil
}

// checkAllergies checks the preparation, added ingredients and allergy ids
// in the catalog, and finds the allergies the preparation holds for certain
// or cannot rule out.
func (s *Screener) checkAllergies(opts Options) error {
	cat := opts.Catalog
	if opts.Preparation == "" {
		if len(opts.Added) > 0 {
			return fieldErr("added", strings.Join(opts.Added, ","), ErrInvalid, "added ingredients need a preparation")
		}
		for i, a := range s.allergies {
			if _, ok := cat.Resolve(a); !ok {
				return fieldErr(index("allergies", i), a, ErrUnknown, "not an ingredient, group or class id of the catalog")
			}
		}
		if len(s.allergies) > 0 {
			s.possible = "no preparation given to check " + strings.Join(s.allergies, ", ") + " against; check it before injecting"
		}
		return nil
	}
	check, err := cat.CheckAllergies(opts.Preparation, s.allergies, opts.Added...)
	if err != nil {
		var fe *formulary.FieldError
		if errors.As(err, &fe) {
			return fieldErr(fe.Field, fe.Value, ErrUnknown, "not in the catalog")
		}
		return fieldErr("preparation", opts.Preparation, ErrInvalid, "%v", err)
	}
	// Certain conflicts are told per allergy, as "biotin, thiamine (allergy:
	// b-vitamins)"; CheckAllergies gives them in the order of the allergies.
	var certain strings.Builder
	var possible []string
	for i, c := range check.Conflicts {
		if c.Certainty != formulary.Contains {
			possible = append(possible, c.Allergy+" may be in "+c.Ingredient)
			continue
		}
		if certain.Len() == 0 {
			certain.WriteString(opts.Preparation + " contains ")
		} else {
			certain.WriteString(", ")
		}
		certain.WriteString(c.Ingredient)
		if c.Added {
			certain.WriteString(" (added)")
		}
		if !slices.ContainsFunc(check.Conflicts[i+1:], func(o formulary.Conflict) bool {
			return o.Allergy == c.Allergy && o.Certainty == formulary.Contains
		}) {
			certain.WriteString(" (allergy: " + c.Allergy + ")")
		}
	}
	s.certain = certain.String()
	if check.CompositionUnknown {
		possible = append(possible, "no source states what "+opts.Preparation+" contains")
	}
	if len(possible) > 0 {
		s.possible = strings.Join(possible, "; ") + "; check the product's label for " + strings.Join(s.allergies, ", ")
	}
	return nil
}

// codes writes the names of the codes in a bit set, joined by commas.
func codes(set uint64, names []string) string {
	var b strings.Builder
	for i := range names {
		if set&(1<<i) != 0 {
			if b.Len() > 0 {
				b.WriteString(", ")
			}
			b.WriteString(names[i])
		}
	}
	return b.String()
}

// consequence is the end of a finding's message: what its severity means
// here, and whether its number is a policy default.
func consequence(r *Rule, until Date, kind matchKind) string {
	var s string
	switch r.Severity {
	case Absolute:
		s = "; an absolute contraindication"
	case Relative:
		s = "; a relative contraindication: treat only under medical supervision"
	case Advisory:
		s = "; not a contraindication of itself: the clinician assesses it before treating"
	case Temporary:
		switch {
		case !until.IsZero() && kind == kindMedications:
			s = "; deferred, clear from " + until.String() + ", the " + ordinal(r.Days) + " day after the last dose"
		case !until.IsZero():
			s = "; deferred, clear from " + until.String()
		case kind == kindConditions:
			s = "; deferred until recovered, no date known"
		case kind == kindMedications:
			s = "; deferred until the " + ordinal(r.Days) + " day after the last dose"
		default:
			s = "; deferred, no end date known"
		}
	}
	if r.PolicyDefault {
		s += " (policy default: no source states the number)"
	}
	return s
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

// Screen screens the intake on the date under opts: the verdict, until when a
// deferral lasts, and every finding that produced it. It reads no clock: the
// same intake, date and options give the same result. Errors are as for
// NewScreener, and a missing date or a birth date after it
// ("birth_date").
func Screen(in Intake, on Date, opts Options) (Result, error) {
	s, err := newScreener(in, opts, false)
	if err != nil {
		return Result{}, err
	}
	return s.Screen(on)
}

// ScreenDates gives the verdict on each of the dates (the planned
// appointments of a course), in order: which of them a deferral hits, and
// until when. Errors are as for NewScreener and Screener.Verdicts.
func ScreenDates(in Intake, dates []Date, opts Options) ([]DateVerdict, error) {
	s, err := newScreener(in, opts, false)
	if err != nil {
		return nil, err
	}
	return s.Verdicts(dates)
}

// Policy returns the name of the policy s screens under.
func (s *Screener) Policy() string { return s.policy.name }

func (s *Screener) checkDate(field string, d Date) error {
	switch {
	case d.IsZero():
		return fieldErr(field, "", ErrMissing, "")
	case s.birth.After(d):
		if field == "date" {
			return fieldErr("birth_date", s.birth.String(), ErrInvalid, "after the screening date %s", d)
		}
		return fieldErr(field, d.String(), ErrInvalid, "before the birth date %s", s.birth)
	}
	return nil
}

// Screen screens on the date d, as the function Screen does.
func (s *Screener) Screen(d Date) (Result, error) {
	if err := s.checkDate("date", d); err != nil {
		return Result{}, err
	}
	p := s.policy
	res := Result{Verdict: s.staticVerdict, Policy: p.name}
	res.Findings = make([]Finding, 0, s.nStatic+4)
	open := s.staticOpen
	nSources := 0
	for i := range p.c {
		c, r := &p.c[i], &p.rules[i]
		f := Finding{Rule: r.ID, Severity: r.Severity, Sources: r.Sources}
		if msg := s.static[i]; msg != "" {
			f.Message = msg
		} else {
			holds, until, what := s.dynamic(c, r, d, true)
			if !holds {
				continue
			}
			if r.Severity == Temporary {
				f.Until = until
				if until.IsZero() {
					open = true
				} else if until.After(res.Until) {
					res.Until = until
				}
			}
			f.Message = what + consequence(r, f.Until, c.kind)
			res.Verdict = max(res.Verdict, r.Severity.Verdict())
		}
		nSources += len(f.Sources)
		res.Findings = append(res.Findings, f)
	}
	if res.Verdict != Deferred || open {
		res.Until = Date{}
	} else {
		res.Until = s.clearFrom(res.Until)
	}
	// The findings' sources are copies, in one allocation.
	all := make([]string, 0, nSources)
	for i := range res.Findings {
		n := len(all)
		all = append(all, res.Findings[i].Sources...)
		res.Findings[i].Sources = all[n:len(all):len(all)]
	}
	return res, nil
}

// Verdicts gives the verdict on each date, in order, without the findings:
// the cheap question a course asks of its planned appointments. Screen on a
// date gives the findings behind its verdict. A date that is zero or before
// the birth date is an error naming it ("dates[3]"); more than MaxDates dates
// is an error.
func (s *Screener) Verdicts(dates []Date) ([]DateVerdict, error) {
	if len(dates) > MaxDates {
		return nil, fieldErr("dates", "", ErrTooLarge, "%d dates, at most %d", len(dates), MaxDates)
	}
	out := make([]DateVerdict, len(dates))
	for j, d := range dates {
		if err := s.checkDate(index("dates", j), d); err != nil {
			return nil, err
		}
		v, open, until := s.staticVerdict, s.staticOpen, Date{}
		p := s.policy
		for i := range p.c {
			c, r := &p.c[i], &p.rules[i]
			if s.static[i] != "" {
				continue
			}
			holds, u, _ := s.dynamic(c, r, d, false)
			if !holds {
				continue
			}
			v = max(v, r.Severity.Verdict())
			if r.Severity == Temporary {
				if u.IsZero() {
					open = true
				} else if u.After(until) {
					until = u
				}
			}
		}
		if v != Deferred || open {
			until = Date{}
		} else {
			until = s.clearFrom(until)
		}
		out[j] = DateVerdict{Date: d, Verdict: v, Until: until}
	}
	return out, nil
}

// clearFrom returns the first date from u on which no temporary rule holds:
// u itself, unless a temporary reason that did not hold on the screening date
// begins before u (a later menstruation) and lasts past it. It returns the
// zero Date when such a reason has no known end. Every temporary finding holds
// on each day up to its own until, so no earlier date is clear.
func (s *Screener) clearFrom(u Date) Date {
	p := s.policy
	for !u.IsZero() {
		next := u
		for i := range p.c {
			r := &p.rules[i]
			if r.Severity != Temporary || s.static[i] != "" {
				continue
			}
			holds, until, _ := s.dynamic(&p.c[i], r, u, false)
			switch {
			case !holds:
			case until.IsZero():
				return Date{}
			case until.After(next):
				next = until
			}
		}
		if next == u {
			return u
		}
		u = next
	}
	return u
}

// dynamic decides a rule that depends on the date: whether it holds on d, the
// first date it no longer holds (zero when unknown or never), and, when
// explain is set, what matched.
func (s *Screener) dynamic(c *compiled, r *Rule, d Date, explain bool) (holds bool, until Date, what string) {
	switch c.kind {
	case kindAgeBelow, kindAgeAbove:
		age := ageOn(s.birth, d)
		if c.kind == kindAgeBelow {
			holds = age < c.age
			until = birthday(s.birth, c.age)
		} else {
			holds = age > c.age
		}
		if holds && explain {
			what = r.Name + ": " + strconv.Itoa(age) + " years old on " + d.String() + ", born " + s.birth.String()
		}
	case kindMenstruating:
		var first DateRange
		holds, until, first = menstruation(s.menses, d, r.Days)
		if holds && explain {
			what = r.Name + ": " + first.String()
		}
	case kindMedications:
		var list strings.Builder
		open := false
		for _, m := range s.meds {
			if c.meds&(1<<m.Class) == 0 {
				continue
			}
			end := m.LastDose.AddDays(r.Days) // zero when still taking, or past the calendar
			if !end.IsZero() && !d.Before(end) {
				continue
			}
			holds = true
			if end.IsZero() {
				open = true
			} else if end.After(until) {
				until = end
			}
			if explain {
				if list.Len() > 0 {
					list.WriteString(", ")
				}
				list.WriteString(m.Class.String())
				if m.LastDose.IsZero() {
					list.WriteString(" still taken")
				} else {
					list.WriteString(" last taken ")
					list.WriteString(m.LastDose.String())
				}
			}
		}
		if open {
			until = Date{}
		}
		if holds && explain {
			what = r.Name + ": " + list.String()
		}
	}
	if r.Severity != Temporary {
		until = Date{}
	}
	return holds, until, what
}

// menstruation reports whether a menstruation holds on d, counting days
// after each one's last day, the first date none holds any more (following
// one that begins before the last ends), and the first one that holds on d.
func menstruation(ranges []DateRange, d Date, days int) (holds bool, until Date, first DateRange) {
	u := d
	for changed := true; changed; {
		changed = false
		for _, r := range ranges {
			end := r.To.AddDays(days)
			if r.From.After(u) || (!end.IsZero() && !u.Before(end)) {
				continue
			}
			if !holds {
				holds, first = true, r
			}
			if end.IsZero() { // past the end of the calendar: no known end
				return true, Date{}, first
			}
			u, changed = end, true
		}
	}
	if !holds {
		return false, Date{}, DateRange{}
	}
	return true, u, first
}

// String writes the result for a log: the verdict, until when, the policy
// and the rules that hold.
func (r Result) String() string {
	var b strings.Builder
	b.WriteString(r.Verdict.String())
	if !r.Until.IsZero() {
		b.WriteString(" until ")
		b.WriteString(r.Until.String())
	}
	fmt.Fprintf(&b, " (policy %s", r.Policy)
	for i, f := range r.Findings {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(f.Rule)
	}
	b.WriteString(")")
	return b.String()
}
