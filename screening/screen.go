package screening

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/formulary"
)

// Options are what a screening is done against besides the intake and the
// date. The zero Options screens under the default policy, with the default
// catalog, before a preparation is chosen.
type Options struct {
	// Preparation is the id of the preparation to be injected, in Catalog;
	// "" when none is chosen yet. The patient's allergies are checked
	// against it; with none, allergies cannot be ruled out.
	Preparation string `json:"preparation"`
	// Added are ids of ingredients mixed into the preparation for this
	// patient, such as procaine as a local anaesthetic (S2). They need a
	// Preparation.
	Added []string `json:"added"`
	// Policy is the rule table; nil means DefaultPolicy().
	Policy *Policy `json:"policy"`
	// Catalog is the formulary that preparation, added and allergy ids are
	// looked up in; nil means formulary.Default().
	Catalog *formulary.Catalog `json:"catalog"`
}

// Result is the outcome of screening an intake on a date, and what it was
// made for: the date, the preparation and the policy. A course accepts a
// result only for its own preparation, on the day it is recorded, and a
// session only on a day a result for it allows.
type Result struct {
	// Date is the day the intake was screened on. It is the zero Date only
	// in a result stored before results recorded their date (a course
	// refuses such a result).
	Date meso.Date
	// Preparation is the id of the preparation screened against (the
	// allergies were checked against it); "" when none was chosen.
	Preparation string
	Verdict     Verdict
	// Until is, for a Deferred verdict, the first date on which no temporary
	// reason holds any more: the latest of the temporary findings' Until, or
	// later when another temporary reason the intake records (a menstruation
	// that begins meanwhile) holds on that day. It is the zero Date when a
	// temporary reason has no known end (a condition until recovered, a
	// medication still taken) and for every other verdict.
	Until    meso.Date
	Policy   string    // the name of the policy that decided
	Findings []Finding // every rule that holds, in the policy's order
}

// Finding is one rule that holds, explained. Its JSON form is the row it
// is in a Result's findings (see MarshalJSON).
type Finding struct {
	Rule     string // the rule's id in the policy
	Severity Severity
	// Until is, for a Temporary finding, the first date on which it no
	// longer holds; the zero Date when that is not known (until recovered,
	// still taking). It is zero for every other severity.
	Until   meso.Date
	Message string   // what in the intake matched, and what follows
	Sources []string // the rule's sources
}

// DateVerdict is the verdict on one date of a list, as Screener.Verdicts
// gives it.
type DateVerdict struct {
	Date    meso.Date `json:"date"`
	Verdict Verdict   `json:"verdict"`
	Until   meso.Date `json:"until,omitzero"` // as Result.Until
}

// Screener screens one intake, against one preparation and under one policy,
// on any number of dates. It checks the intake and the allergies once; each
// date then costs only the rules that depend on the date (age, menstruation,
// medications). A Screener is immutable and safe for concurrent use.
type Screener struct {
	policy    *Policy
	birth     meso.Date
	pregnant  bool
	lactating bool
	menses    []meso.DateRange
	meds      []Medication
	allergies []string
	other     []string // the intake's other allergies
	conds     uint64   // bit set of the intake's conditions
	reactions uint64   // bit set of the intake's prior reactions
	inds      uint64   // bit set of the intake's indications

	// The allergy check against the preparation ("" for none).
	prep        string
	conflicts   []formulary.Allergen
	unknownMix  bool // the preparation's composition is not stated
	anyCertain  bool // a conflict is certain
	anyPossible bool // an allergen cannot be ruled out

	// The rules that do not depend on the date, decided once: bit i of
	// static is set when rule i is one of them and holds.
	static        [(MaxRules + 63) / 64]uint64
	staticVerdict Verdict // the worst verdict of the static findings; Cleared when none
	staticOpen    bool    // a static finding is temporary (always with no known end)
}

// MarshalJSON refuses, with an error wrapping errors.ErrUnsupported: a
// Screener is a computation over an intake, not a record, and encoding/json
// would write it as {}. Save the Intake and the Options it was made from,
// and make it again with NewScreener; save a Result for what it decided.
func (s Screener) MarshalJSON() ([]byte, error) {
	return nil, fmt.Errorf("a Screener does not marshal to JSON (it is a computation, not a record); save the Intake and Options it was made from, or the Results it gives: %w", errors.ErrUnsupported)
}

// NewScreener checks the intake and the options and returns a Screener for
// them. Errors are *FieldErrors naming the field and value: any the intake's
// Check reports, and an unknown preparation, added ingredient or allergy id
// in the catalog ("preparation", "added[0]", "allergies[1]").
func NewScreener(in Intake, opts Options) (*Screener, error) {
	s := new(Screener)
	if err := s.init(in, opts); err != nil {
		return nil, err
	}
	// A Screener outlives the call: it keeps its own copies.
	s.menses, s.meds, s.allergies = slices.Clone(s.menses), slices.Clone(s.meds), slices.Clone(s.allergies)
	s.other = slices.Clone(s.other)
	return s, nil
}

func (s *Screener) init(in Intake, opts Options) error {
	if err := in.Check(); err != nil {
		return err
	}
	if opts.Policy == nil {
		opts.Policy = DefaultPolicy()
	}
	if opts.Policy.name == "" {
		// A Policy{} has no rules and would clear everyone: refuse it.
		return fieldErr("policy", "", meso.ErrMissing, "the zero Policy has no rules; use DefaultPolicy, NewPolicy or LoadPolicy")
	}
	if opts.Catalog == nil {
		opts.Catalog = formulary.Default()
	}
	*s = Screener{policy: opts.Policy, birth: in.BirthDate, pregnant: in.Pregnant, lactating: in.Lactating,
		menses: in.Menstruation, meds: in.Medications, allergies: in.Allergies, other: in.OtherAllergies, staticVerdict: Cleared}
	for _, c := range in.Conditions {
		s.conds |= 1 << c
	}
	for _, r := range in.PriorReactions {
		s.reactions |= 1 << r
	}
	for _, ind := range in.Indications {
		if ind < 64 {
			s.inds |= 1 << ind
		}
	}
	if err := s.checkAllergies(opts); err != nil {
		return err
	}
	for i := range opts.Policy.c {
		c, r := &opts.Policy.c[i], &opts.Policy.rules[i]
		var holds bool
		switch c.kind {
		case kindConditions:
			holds = s.conds&c.conds != 0
		case kindReactions:
			holds = s.reactions&c.reactions != 0
		case kindPregnant:
			holds = s.pregnant
		case kindLactating:
			holds = s.lactating
		case kindAllergy:
			holds = (c.allergy == AllergyCertain && s.anyCertain) || (c.allergy == AllergyPossible && s.anyPossible)
		case kindOtherAllergies:
			holds = len(s.other) > 0
		case kindIndications:
			holds = s.inds&c.inds != 0
		}
		if !holds {
			continue
		}
		s.static[i/64] |= 1 << (i % 64)
		s.staticVerdict = max(s.staticVerdict, r.Severity.Verdict())
		s.staticOpen = s.staticOpen || r.Severity == Temporary
	}
	return nil
}

func (s *Screener) isStatic(i int) bool { return s.static[i/64]&(1<<(i%64)) != 0 }

// checkAllergies checks the preparation, added ingredients and allergy ids
// in the catalog, and finds the allergies the preparation holds for certain
// or cannot rule out.
func (s *Screener) checkAllergies(opts Options) error {
	cat := opts.Catalog
	if opts.Preparation == "" {
		if len(opts.Added) > 0 {
			return fieldErr("added", strings.Join(opts.Added, ","), meso.ErrInvalid, "added ingredients need a preparation")
		}
		for i, a := range s.allergies {
			if _, err := cat.Resolve(a); err != nil {
				var fe *meso.FieldError
				if errors.As(err, &fe) {
					named := *fe
					named.Field = index("allergies", i)
					return &named
				}
				return err
			}
		}
		s.anyPossible = len(s.allergies) > 0
		return nil
	}
	check, err := cat.CheckAllergies(opts.Preparation, s.allergies, opts.Added)
	if err != nil {
		var fe *meso.FieldError
		if errors.As(err, &fe) {
			return fe // preparation, allergies[i] or added[i], with the valid ids
		}
		return fieldErr("preparation", opts.Preparation, meso.ErrInvalid, "%v", err)
	}
	s.prep, s.conflicts, s.unknownMix = opts.Preparation, check.Allergens, check.CompositionUnknown
	s.anyPossible = check.CompositionUnknown
	for _, c := range check.Allergens {
		if c.Certainty == formulary.Contains {
			s.anyCertain = true
		} else {
			s.anyPossible = true
		}
	}
	return nil
}

// Screen screens the intake on the date under opts: the verdict, until when a
// deferral lasts, and every finding that produced it. It reads no clock: the
// same intake, date and options give the same result. Errors are as for
// NewScreener, and a missing date or a birth date after it
// ("birth_date").
func Screen(in Intake, on meso.Date, opts Options) (Result, error) {
	var s Screener
	if err := s.init(in, opts); err != nil {
		return Result{}, err
	}
	return s.Screen(on)
}

// ScreenDates gives the verdict on each of the dates (the planned
// appointments of a course), in order: which of them a deferral hits, and
// until when. Errors are as for NewScreener and Screener.Verdicts.
func ScreenDates(in Intake, dates []meso.Date, opts Options) ([]DateVerdict, error) {
	var s Screener
	if err := s.init(in, opts); err != nil {
		return nil, err
	}
	return s.Verdicts(dates)
}

// Policy returns the name of the policy s screens under.
func (s *Screener) Policy() string {
	if s.policy == nil {
		return ""
	}
	return s.policy.name
}

// checkDate checks a date to screen on; field is "date", or "dates" with the
// date's index i in a list.
func (s *Screener) checkDate(field string, i int, d meso.Date) error {
	if field != "date" && (d.IsZero() || s.birth.After(d)) {
		field = index(field, i)
	}
	switch {
	case d.IsZero():
		return fieldErr(field, "", meso.ErrMissing, "")
	case s.birth.After(d):
		if field == "date" {
			return fieldErr("birth_date", s.birth.String(), meso.ErrInvalid, "after the screening date %s", d)
		}
		return fieldErr(field, d.String(), meso.ErrInvalid, "before the birth date %s", s.birth)
	}
	return nil
}

// errZeroScreener refuses the zero Screener, which has screened no intake.
var errZeroScreener = fieldErr("screener", "", meso.ErrMissing, "the zero Screener; make one with NewScreener")

// Screen screens on the date d, as the function Screen does.
func (s *Screener) Screen(d meso.Date) (Result, error) {
	if s.policy == nil {
		return Result{}, errZeroScreener
	}
	if err := s.checkDate("date", 0, d); err != nil {
		return Result{}, err
	}
	p := s.policy
	res := Result{Date: d, Preparation: s.prep, Verdict: s.staticVerdict, Policy: p.name}

	// First decide which rules hold, to size what the result needs exactly.
	type hit struct {
		rule  int
		until meso.Date
	}
	var hitsBuf [32]hit
	hits := hitsBuf[:0]
	open := s.staticOpen
	nSources, size := 0, 0
	for i := range p.c {
		c, r := &p.c[i], &p.rules[i]
		h := hit{rule: i}
		if !s.isStatic(i) {
			if c.kind.static() {
				continue
			}
			holds, until := s.dynamic(c, r, d, nil)
			if !holds {
				continue
			}
			if r.Severity == Temporary {
				h.until = until
				if until.IsZero() {
					open = true
				} else if until.After(res.Until) {
					res.Until = until
				}
			}
			res.Verdict = max(res.Verdict, r.Severity.Verdict())
		}
		hits = append(hits, h)
		nSources += len(r.Sources)
		size += len(r.Name) + 120 // what matched and what follows, about
	}
	if res.Verdict != Deferred || open {
		res.Until = meso.Date{}
	} else {
		res.Until = s.clearFrom(res.Until)
	}

	// Then explain them. Every message is written into one buffer and cut
	// out of one string; the findings' sources are copies, in one array.
	var msg strings.Builder
	msg.Grow(size)
	var endsBuf [32]int
	ends := endsBuf[:0]
	for _, h := range hits {
		c, r := &p.c[h.rule], &p.rules[h.rule]
		if c.kind.static() {
			s.writeStatic(&msg, c, r)
		} else {
			s.dynamic(c, r, d, &msg)
		}
		writeConsequence(&msg, r, h.until, c.kind)
		ends = append(ends, msg.Len())
	}
	if len(hits) == 0 {
		return res, nil // no findings: nil, as a decoded result has
	}
	all, start := msg.String(), 0
	sources := make([]string, 0, nSources)
	res.Findings = make([]Finding, len(hits))
	for i, h := range hits {
		r := &p.rules[h.rule]
		n := len(sources)
		sources = append(sources, r.Sources...)
		res.Findings[i] = Finding{Rule: r.ID, Severity: r.Severity, Until: h.until,
			Message: all[start:ends[i]], Sources: sources[n:len(sources):len(sources)]}
		start = ends[i]
	}
	return res, nil
}

// writeStatic writes what in the intake matched a rule that does not depend
// on the date.
func (s *Screener) writeStatic(b *strings.Builder, c *compiled, r *Rule) {
	b.WriteString(r.Name)
	b.WriteString(": ")
	switch c.kind {
	case kindConditions:
		b.WriteString("listed as ")
		writeCodes(b, s.conds&c.conds, conditionText.Names)
	case kindReactions:
		b.WriteString("listed as ")
		writeCodes(b, s.reactions&c.reactions, reactionText.Names)
	case kindPregnant:
		b.WriteString("the intake says pregnant")
	case kindLactating:
		b.WriteString("the intake says breastfeeding")
	case kindAllergy:
		if c.allergy == AllergyCertain {
			s.writeCertain(b)
		} else {
			s.writePossible(b)
		}
	case kindIndications:
		b.WriteString("the patient comes for ")
		first := true
		for _, ind := range formulary.Indications() {
			if s.inds&c.inds&(1<<ind) != 0 {
				if !first {
					b.WriteString(", ")
				}
				first = false
				b.WriteString(ind.String())
			}
		}
		b.WriteString(", which another source names as a contraindication; check which the patient has")
	case kindOtherAllergies:
		b.WriteString("listed as ")
		writeList(b, s.other)
		b.WriteString(", which the catalog has no id for: no preparation can be checked against it; assess before injecting")
	}
}

// writeCertain writes the certain allergy conflicts, per allergy, as in
// "pharmacy-budget-mix contains biotin, thiamine (allergy: b-vitamins)";
// CheckAllergies gives them in the order of the allergies.
func (s *Screener) writeCertain(b *strings.Builder) {
	b.WriteString(s.prep)
	b.WriteString(" contains ")
	first := true
	for i, c := range s.conflicts {
		if c.Certainty != formulary.Contains {
			continue
		}
		if !first {
			b.WriteString(", ")
		}
		first = false
		b.WriteString(c.Ingredient)
		if c.Added {
			b.WriteString(" (added)")
		}
		if !slices.ContainsFunc(s.conflicts[i+1:], func(o formulary.Allergen) bool {
			return o.Allergy == c.Allergy && o.Certainty == formulary.Contains
		}) {
			b.WriteString(" (allergy: ")
			b.WriteString(c.Allergy)
			b.WriteString(")")
		}
	}
}

// writePossible writes why an allergy cannot be ruled out.
func (s *Screener) writePossible(b *strings.Builder) {
	if s.prep == "" {
		b.WriteString("no preparation given to check ")
		writeList(b, s.allergies)
		b.WriteString(" against; check it before injecting")
		return
	}
	first := true
	for _, c := range s.conflicts {
		if c.Certainty == formulary.Contains {
			continue
		}
		if !first {
			b.WriteString("; ")
		}
		first = false
		b.WriteString(c.Allergy)
		b.WriteString(" may be in ")
		b.WriteString(c.Ingredient)
	}
	if s.unknownMix {
		if !first {
			b.WriteString("; ")
		}
		b.WriteString("no source states what ")
		b.WriteString(s.prep)
		b.WriteString(" contains")
	}
	b.WriteString("; check the product's label for ")
	writeList(b, s.allergies)
}

func writeList(b *strings.Builder, items []string) {
	for i, it := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(it)
	}
}

// writeCodes writes the names of the codes in a bit set, joined by commas.
func writeCodes(b *strings.Builder, set uint64, names []string) {
	first := true
	for i := range names {
		if set&(1<<i) != 0 {
			if !first {
				b.WriteString(", ")
			}
			first = false
			b.WriteString(names[i])
		}
	}
}

func writeDate(b *strings.Builder, d meso.Date) {
	var buf [14]byte
	text := append(buf[:0], d.Weekday().String()[:3]...) // as meso.DayLayout, for people
	text = append(text, ' ')
	text, _ = d.AppendText(text)
	b.Write(text)
}

// writeConsequence ends a finding's message: what its severity means here,
// and whether its number is a policy default.
func writeConsequence(b *strings.Builder, r *Rule, until meso.Date, kind matchKind) {
	switch r.Severity {
	case Absolute:
		b.WriteString("; an absolute contraindication")
	case Relative:
		b.WriteString("; a relative contraindication: treat only under medical supervision")
	case Advisory:
		b.WriteString("; not a contraindication of itself: the clinician assesses it before treating")
	case Temporary:
		switch {
		case !until.IsZero():
			b.WriteString("; deferred, clear from ")
			writeDate(b, until)
			if kind == kindMedications {
				b.WriteString(", the ")
				writeOrdinal(b, r.Days)
				b.WriteString(" day after the last dose")
			}
		case kind == kindConditions:
			b.WriteString("; deferred until recovered, no date known")
		case kind == kindMedications:
			b.WriteString("; deferred until the ")
			writeOrdinal(b, r.Days)
			b.WriteString(" day after the last dose")
		default:
			b.WriteString("; deferred, no end date known")
		}
	}
	if r.PolicyDefault {
		b.WriteString(" (policy default: no source states the number)")
	}
}

func writeOrdinal(b *strings.Builder, n int) {
	var buf [24]byte
	b.Write(strconv.AppendInt(buf[:0], int64(n), 10))
	switch {
	case n%100 >= 11 && n%100 <= 13:
		b.WriteString("th")
	case n%10 == 1:
		b.WriteString("st")
	case n%10 == 2:
		b.WriteString("nd")
	case n%10 == 3:
		b.WriteString("rd")
	default:
		b.WriteString("th")
	}
}

// Verdicts gives the verdict on each date, in order, without the findings:
// the cheap question a course asks of its planned appointments. Screen on a
// date gives the findings behind its verdict. A date that is zero or before
// the birth date is an error naming it ("dates[3]"); more than MaxDates dates
// is an error.
func (s *Screener) Verdicts(dates []meso.Date) ([]DateVerdict, error) {
	if s.policy == nil {
		return nil, errZeroScreener
	}
	if len(dates) > MaxDates {
		return nil, fieldErr("dates", "", meso.ErrTooLarge, "%d dates, at most %d", len(dates), MaxDates)
	}
	out := make([]DateVerdict, len(dates))
	p := s.policy
	for j, d := range dates {
		if err := s.checkDate("dates", j, d); err != nil {
			return nil, err
		}
		v, open, until := s.staticVerdict, s.staticOpen, meso.Date{}
		for i := range p.c {
			if p.c[i].kind.static() {
				continue
			}
			r := &p.rules[i]
			holds, u := s.dynamic(&p.c[i], r, d, nil)
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
			until = meso.Date{}
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
func (s *Screener) clearFrom(u meso.Date) meso.Date {
	p := s.policy
	for !u.IsZero() {
		next := u
		for i := range p.c {
			r := &p.rules[i]
			if r.Severity != Temporary || p.c[i].kind.static() {
				continue
			}
			holds, until := s.dynamic(&p.c[i], r, u, nil)
			switch {
			case !holds:
			case until.IsZero():
				return meso.Date{}
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

// dynamic decides a rule that depends on the date: whether it holds on d and,
// for a temporary rule, the first date it no longer holds (zero when unknown
// or never). When b is not nil it also writes what matched.
func (s *Screener) dynamic(c *compiled, r *Rule, d meso.Date, b *strings.Builder) (holds bool, until meso.Date) {
	switch c.kind {
	case kindAgeBelow, kindAgeAbove:
		age := ageOn(s.birth, d)
		if c.kind == kindAgeBelow {
			holds = age < c.age
			until = birthday(s.birth, c.age)
		} else {
			holds = age > c.age
		}
		if holds && b != nil {
			var buf [24]byte
			b.WriteString(r.Name)
			b.WriteString(": ")
			b.Write(strconv.AppendInt(buf[:0], int64(age), 10))
			b.WriteString(" years old on ")
			writeDate(b, d)
			b.WriteString(", born ")
			writeDate(b, s.birth)
		}
	case kindMenstruating:
		var first meso.DateRange
		holds, until, first = menstruation(s.menses, d, r.Days)
		if holds && b != nil {
			b.WriteString(r.Name)
			b.WriteString(": ")
			writeDate(b, first.From)
			b.WriteString(" to ")
			writeDate(b, first.To)
		}
	case kindMedications:
		open := false
		for _, m := range s.meds {
			if c.meds&(1<<m.Class) == 0 {
				continue
			}
			end := m.LastDose.AddDays(r.Days) // zero when still taking, or past the calendar
			if !end.IsZero() && !d.Before(end) {
				continue
			}
			if b != nil {
				if !holds {
					b.WriteString(r.Name)
					b.WriteString(": ")
				} else {
					b.WriteString(", ")
				}
				b.WriteString(m.Class.String())
				if m.LastDose.IsZero() {
					b.WriteString(" still taken")
				} else {
					b.WriteString(" last taken ")
					writeDate(b, m.LastDose)
				}
			}
			holds = true
			if end.IsZero() {
				open = true
			} else if end.After(until) {
				until = end
			}
		}
		if open {
			until = meso.Date{}
		}
	}
	if r.Severity != Temporary {
		until = meso.Date{}
	}
	return holds, until
}

// menstruation reports whether a menstruation holds on d, counting days
// after each one's last day, the first date none holds any more (following
// one that begins before the last ends), and the first one that holds on d.
func menstruation(ranges []meso.DateRange, d meso.Date, days int) (holds bool, until meso.Date, first meso.DateRange) {
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
				return true, meso.Date{}, first
			}
			u, changed = end, true
		}
	}
	if !holds {
		return false, meso.Date{}, meso.DateRange{}
	}
	return true, u, first
}

// String writes the result for a log: the verdict, until when, the policy
// and the rules that hold.
func (r Result) String() string {
	var b strings.Builder
	b.WriteString(r.Verdict.String())
	if !r.Date.IsZero() {
		b.WriteString(" on ")
		b.WriteString(r.Date.String())
	}
	if r.Preparation != "" {
		b.WriteString(" for ")
		b.WriteString(r.Preparation)
	}
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
