package screening

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/formulary"
	"github.com/mesokit/meso/internal/enum"
	"github.com/mesokit/meso/internal/strictjson"
)

// Rule is one row of a policy's contraindication table: what it looks for in
// an intake, how much it weighs, for how long a temporary one holds, and where
// it comes from.
type Rule struct {
	ID       string // stable kebab-case id, as in "anticoagulant"; a Finding names its rule by it
	Name     string // what a clinician calls it, as in "taking anticoagulant drugs"
	Match    Match
	Severity Severity
	// Days is how long the rule holds after the last day of what it matches,
	// for a rule that matches something with a last day: a medication (its
	// last dose) or a menstruation (its last day). The rule holds until, and
	// is clear from, the Days-th day after it: with Days 10 and a last dose on
	// 1 January, clear from 11 January; with Days 1, clear from the day after.
	// It is 1 or more for those rules and 0 for every other.
	Days int
	// PolicyDefault marks a rule whose number no source states: the value
	// is the policy's own, and Note says so.
	PolicyDefault bool
	// Note says how the rule was read from its sources: their words, and
	// where they disagree, which reading the rule takes. Required when
	// PolicyDefault is set.
	Note    string
	Sources []string // the documents that state the rule: seed file names for the default policy
}

// Match is what a rule looks for in an intake. Exactly one of its fields is
// set.
type Match struct {
	Conditions     []Condition       // the intake lists any of these conditions
	Medications    []MedicationClass // the patient takes, or took within the rule's Days, any of these
	PriorReactions []Reaction        // the intake lists any of these prior reactions
	Pregnant       bool              // the patient is pregnant
	Lactating      bool              // the patient is breastfeeding
	Menstruating   bool              // a menstruation of the intake holds on the day, or within the rule's Days after it
	AgeBelow       int               // the patient's age in whole years is below this
	AgeAbove       int               // the patient's age in whole years is above this
	Allergy        AllergyMatch      // an allergy is found in the preparation (AllergyCertain) or cannot be ruled out (AllergyPossible)
	OtherAllergies bool              // the intake lists an allergy the catalog does not know (Intake.OtherAllergies)
	// Indications: the intake gives any of these as why the patient comes.
	// The default matches them only where a source names as an indication
	// what another names as a contraindication.
	Indications []formulary.Indication
}

// matchKind is which field of a Match is set.
type matchKind uint8

const (
	kindNone matchKind = iota
	kindConditions
	kindMedications
	kindReactions
	kindPregnant
	kindLactating
	kindMenstruating
	kindAgeBelow
	kindAgeAbove
	kindAllergy
	kindOtherAllergies
	kindIndications
)

// static reports whether a rule of this kind is decided by the intake
// alone, whatever the date.
func (k matchKind) static() bool {
	switch k {
	case kindAgeBelow, kindAgeAbove, kindMenstruating, kindMedications:
		return false
	}
	return true
}

var matchFields = [...]string{
	kindConditions: "conditions", kindMedications: "medications", kindReactions: "prior_reactions",
	kindPregnant: "pregnant", kindLactating: "lactating", kindMenstruating: "menstruating",
	kindAgeBelow: "age_below", kindAgeAbove: "age_above", kindAllergy: "allergy",
	kindOtherAllergies: "other_allergies", kindIndications: "indications",
}

// kinds returns which fields of m are set.
func (m Match) kinds() []matchKind {
	var ks []matchKind
	add := func(set bool, k matchKind) {
		if set {
			ks = append(ks, k)
		}
	}
	add(len(m.Conditions) > 0, kindConditions)
	add(len(m.Medications) > 0, kindMedications)
	add(len(m.PriorReactions) > 0, kindReactions)
	add(m.Pregnant, kindPregnant)
	add(m.Lactating, kindLactating)
	add(m.Menstruating, kindMenstruating)
	add(m.AgeBelow != 0, kindAgeBelow)
	add(m.AgeAbove != 0, kindAgeAbove)
	add(m.Allergy != 0, kindAllergy)
	add(m.OtherAllergies, kindOtherAllergies)
	add(len(m.Indications) > 0, kindIndications)
	return ks
}

func (m Match) equal(o Match) bool {
	return slices.Equal(m.Conditions, o.Conditions) && slices.Equal(m.Medications, o.Medications) &&
		slices.Equal(m.PriorReactions, o.PriorReactions) && m.Pregnant == o.Pregnant && m.Lactating == o.Lactating &&
		m.Menstruating == o.Menstruating && m.AgeBelow == o.AgeBelow && m.AgeAbove == o.AgeAbove && m.Allergy == o.Allergy &&
		m.OtherAllergies == o.OtherAllergies && slices.Equal(m.Indications, o.Indications)
}

func (r Rule) clone() Rule {
	r.Match.Conditions = slices.Clone(r.Match.Conditions)
	r.Match.Medications = slices.Clone(r.Match.Medications)
	r.Match.PriorReactions = slices.Clone(r.Match.PriorReactions)
	r.Match.Indications = slices.Clone(r.Match.Indications)
	r.Sources = slices.Clone(r.Sources)
	return r
}

// Policy is a table of rules under a name: the default one, built from the
// sources, or a clinic's own. A Result names the policy that decided it. A
// Policy is immutable and safe for concurrent use; its methods return copies.
type Policy struct {
	name  string
	rules []Rule
	c     []compiled // rules[i] made ready to screen with
}

// compiled is a rule made quick to test: its codes as bit sets.
type compiled struct {
	kind      matchKind
	conds     uint64 // bit c set for each Condition c
	meds      uint64 // bit m set for each MedicationClass m
	reactions uint64 // bit r set for each Reaction r
	inds      uint64 // bit i set for each formulary.Indication i
	age       int
	allergy   AllergyMatch
}

var defaultPolicy = sync.OnceValue(func() *Policy {
	p, err := newPolicy(DefaultPolicyName, defaultRules(), nil)
	if err != nil {
		// The table is checked by the package's tests; reaching this means
		// the library was built from a broken tree.
		panic("screening: the default policy is invalid: " + err.Error())
	}
	return p
})

// DefaultPolicy returns the policy built from the five source documents (see
// the package documentation for its readings). It is built once and shared;
// it cannot be changed.
func DefaultPolicy() *Policy { return defaultPolicy() }

// NewPolicy returns a policy of the given rules under name, a kebab-case id
// such as "clinic-north-2027". Every rule must be well formed (see Rule and
// Match), ids unique, and every rule of the default policy must be there,
// matching what it matches in the default: a policy may change a rule's
// severity, days, note and sources, and add rules, but it cannot silently
// drop a contraindication the sources state. The mildest it can make one is
// Advisory, which still shows in every Result. An error is a *meso.FieldError
// naming the rule and field, as in "rules[3].days".
func NewPolicy(name string, rules []Rule) (*Policy, error) {
	return newPolicy(name, rules, DefaultPolicy())
}

func newPolicy(name string, rules []Rule, base *Policy) (*Policy, error) {
	if err := checkID("name", name); err != nil {
		return nil, err
	}
	if len(rules) > MaxRules {
		return nil, fieldErr("rules", "", meso.ErrTooLarge, "%d rules, at most %d", len(rules), MaxRules)
	}
	p := &Policy{name: name, rules: make([]Rule, len(rules)), c: make([]compiled, len(rules))}
	for i, r := range rules {
		c, err := compile(index("rules", i), r)
		if err != nil {
			return nil, err
		}
		for j := range i {
			if rules[j].ID == r.ID {
				return nil, fieldErr(index("rules", i)+".id", r.ID, meso.ErrDuplicate, "")
			}
		}
		p.rules[i], p.c[i] = r.clone(), c
	}
	if base != nil {
		for _, d := range base.rules {
			i := slices.IndexFunc(rules, func(r Rule) bool { return r.ID == d.ID })
			if i < 0 {
				return nil, fieldErr("rules", d.ID, meso.ErrMissing,
					"a rule of %s; a policy may change its severity or days but not drop it", base.name)
			}
			if !rules[i].Match.equal(d.Match) {
				return nil, fieldErr(index("rules", i)+".match", d.ID, meso.ErrInvalid,
					"rule %s of %s matches %s; a policy keeps what the rule matches", d.ID, base.name, d.Match)
			}
		}
	}
	return p, nil
}

// compile checks one rule and makes it ready to screen with.
func compile(path string, r Rule) (compiled, error) {
	if err := checkID(at(path, "id"), r.ID); err != nil {
		return compiled{}, err
	}
	if err := checkText(at(path, "name"), r.Name, meso.MaxNameLen, true); err != nil {
		return compiled{}, err
	}
	if !valid(severityText, r.Severity) {
		return compiled{}, unknownErr(at(path, "severity"), r.Severity.String(), severityText.Want())
	}
	if err := checkText(at(path, "note"), r.Note, meso.MaxTextLen, r.PolicyDefault); err != nil {
		if errors.Is(err, meso.ErrMissing) {
			return compiled{}, fieldErr(at(path, "note"), "", meso.ErrMissing, "a policy default says in its note that no source states the number")
		}
		return compiled{}, err
	}
	if err := checkSources(at(path, "sources"), r.Sources); err != nil {
		return compiled{}, err
	}
	c, err := compileMatch(at(path, "match"), r.Match)
	if err != nil {
		return compiled{}, err
	}
	ended := c.kind == kindMedications || c.kind == kindMenstruating
	switch {
	case ended && (r.Days < 1 || r.Days > MaxDays):
		return compiled{}, fieldErr(at(path, "days"), strconv.Itoa(r.Days), meso.ErrInvalid,
			"a rule on %s holds for 1 to %d days after the last day", matchFields[c.kind], MaxDays)
	case !ended && r.Days != 0:
		return compiled{}, fieldErr(at(path, "days"), strconv.Itoa(r.Days), meso.ErrInvalid,
			"only a rule on medications or menstruation has days")
	}
	return c, nil
}

// compileMatch checks what a rule matches, at path mp, and makes it ready
// to screen with.
func compileMatch(mp string, m Match) (compiled, error) {
	kinds := m.kinds()
	whole := mp // the field an error about the whole match names
	if whole == "" {
		whole = "match"
	}
	switch len(kinds) {
	case 0:
		return compiled{}, fieldErr(whole, "", meso.ErrMissing, "a rule matches one thing: %s", strings.Join(matchFields[1:], ", "))
	case 1:
	default:
		return compiled{}, fieldErr(whole, m.String(), meso.ErrInvalid, "a rule matches one thing, this one %d", len(kinds))
	}
	c := compiled{kind: kinds[0]}
	var err error
	switch c.kind {
	case kindConditions:
		c.conds, err = bits(at(mp, "conditions"), m.Conditions, conditionText)
	case kindMedications:
		c.meds, err = bits(at(mp, "medications"), m.Medications, medicationText)
	case kindReactions:
		c.reactions, err = bits(at(mp, "prior_reactions"), m.PriorReactions, reactionText)
	case kindAgeBelow, kindAgeAbove:
		c.age = m.AgeBelow
		if c.kind == kindAgeAbove {
			c.age = m.AgeAbove
		}
		if c.age < 1 || c.age > MaxAge {
			field := at(mp, matchFields[c.kind])
			err = fieldErr(field, strconv.Itoa(c.age), meso.ErrInvalid, "want an age from 1 to %d years", MaxAge)
		}
	case kindIndications:
		c.inds, err = indicationBits(at(mp, "indications"), m.Indications)
	case kindAllergy:
		c.allergy = m.Allergy
		if !valid(allergyMatchText, m.Allergy) {
			err = unknownErr(at(mp, "allergy"), m.Allergy.String(), allergyMatchText.Want())
		}
	}
	if err != nil {
		return compiled{}, err
	}
	return c, nil
}

// at is the path of field inside the value at path ("" for the document as
// a whole): "rules[3].days", or "days" for a rule read on its own.
func at(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

// bits turns a list of codes into a bit set, each code named and given once.
func bits[E ~uint8](field string, codes []E, t *enum.Table) (uint64, error) {
	if len(codes) > MaxListLen {
		return 0, fieldErr(field, "", meso.ErrTooLarge, "%d entries, at most %d", len(codes), MaxListLen)
	}
	var set uint64
	for i, c := range codes {
		if !valid(t, c) || c >= 64 {
			return 0, unknownErr(index(field, i), enum.String(t, c), t.Want())
		}
		if set&(1<<c) != 0 {
			return 0, fieldErr(index(field, i), enum.String(t, c), meso.ErrDuplicate, "")
		}
		set |= 1 << c
	}
	return set, nil
}

// indicationBits turns a list of indications into a bit set, each named and
// given once.
func indicationBits(field string, inds []formulary.Indication) (uint64, error) {
	if len(inds) > MaxListLen {
		return 0, fieldErr(field, "", meso.ErrTooLarge, "%d entries, at most %d", len(inds), MaxListLen)
	}
	var set uint64
	for i, ind := range inds {
		if ind.Name() == "" || ind >= 64 {
			return 0, fieldErr(index(field, i), ind.String(), meso.ErrUnknown, "not an indication of the formulary")
		}
		if set&(1<<ind) != 0 {
			return 0, fieldErr(index(field, i), ind.String(), meso.ErrDuplicate, "")
		}
		set |= 1 << ind
	}
	return set, nil
}

// checkSources checks that a rule cites at least one document, each once.
func checkSources(field string, sources []string) error {
	if len(sources) == 0 {
		return fieldErr(field, "", meso.ErrMissing, "every rule cites at least one source")
	}
	if len(sources) > MaxListLen {
		return fieldErr(field, "", meso.ErrTooLarge, "%d entries, at most %d", len(sources), MaxListLen)
	}
	for i, s := range sources {
		f := index(field, i)
		if err := checkText(f, s, meso.MaxNameLen, true); err != nil {
			return err
		}
		if slices.Contains(sources[:i], s) {
			return fieldErr(f, s, meso.ErrDuplicate, "")
		}
	}
	return nil
}

// String writes m as its JSON form, as in {"conditions":["diabetes"]}.
func (m Match) String() string {
	data, err := json.Marshal(m.toJSON())
	if err != nil {
		return fmt.Sprintf("%+v", m.toJSON())
	}
	return string(data)
}

// Name returns the policy's name, as in "strictest-stated".
func (p *Policy) Name() string { return p.name }

// Rules returns the policy's rules, in order.
func (p *Policy) Rules() []Rule {
	out := make([]Rule, len(p.rules))
	for i, r := range p.rules {
		out[i] = r.clone()
	}
	return out
}

// Rule returns the rule with the given id. An id the policy has no rule for
// is a *meso.FieldError wrapping meso.ErrUnknown that names the id and the
// policy's rule ids.
func (p *Policy) Rule(id string) (Rule, error) {
	for _, r := range p.rules {
		if r.ID == id {
			return r.clone(), nil
		}
	}
	ids := make([]string, len(p.rules))
	for i, r := range p.rules {
		ids[i] = r.ID
	}
	return Rule{}, enum.Unknown("rule", "rule of policy "+p.name, id, ids)
}

// With returns a new policy named name: p's rules, each replaced by the rule
// of changes with the same id, followed by the rules of changes whose ids p
// does not have. The result is checked as NewPolicy checks it.
//
//	r, _ := screening.DefaultPolicy().Rule("anticoagulant")
//	r.Days = 7 // S2's lower bound
//	clinic, err := screening.DefaultPolicy().With("clinic-north", r)
func (p *Policy) With(name string, changes ...Rule) (*Policy, error) {
	rules := slices.Clone(p.rules)
	for _, ch := range changes {
		if i := slices.IndexFunc(rules, func(r Rule) bool { return r.ID == ch.ID }); i >= 0 {
			rules[i] = ch
		} else {
			rules = append(rules, ch)
		}
	}
	return NewPolicy(name, rules)
}

// The JSON form of a policy.
type (
	policyJSON struct {
		Name  string            `json:"name"`
		Rules []json.RawMessage `json:"rules"`
	}
	ruleJSON struct {
		ID            string          `json:"id"`
		Name          string          `json:"name"`
		Match         json.RawMessage `json:"match"`
		Severity      string          `json:"severity"`
		Days          int             `json:"days,omitempty"`
		PolicyDefault bool            `json:"policy_default,omitempty"`
		Note          string          `json:"note,omitempty"`
		Sources       []string        `json:"sources"`
	}
	matchJSON struct {
		Conditions     []string `json:"conditions,omitempty"`
		Medications    []string `json:"medications,omitempty"`
		PriorReactions []string `json:"prior_reactions,omitempty"`
		Pregnant       bool     `json:"pregnant,omitempty"`
		Lactating      bool     `json:"lactating,omitempty"`
		Menstruating   bool     `json:"menstruating,omitempty"`
		AgeBelow       int      `json:"age_below,omitempty"`
		AgeAbove       int      `json:"age_above,omitempty"`
		Allergy        string   `json:"allergy,omitempty"`
		OtherAllergies bool     `json:"other_allergies,omitempty"`
		Indications    []string `json:"indications,omitempty"`
	}
)

// LoadPolicy reads a policy in the JSON form MarshalJSON writes:
//
//	{"name": "clinic-north-2027", "rules": [
//	  {"id": "anticoagulant", "name": "taking anticoagulant drugs",
//	   "match": {"medications": ["anticoagulant"]}, "severity": "temporary", "days": 7,
//	   "note": "Clinic protocol: S2's lower bound.", "sources": ["002_6bebe3655e9b3749.txt"]},
//	  …]}
//
// The quickest start is the default policy's JSON, edited. Reading is strict,
// as for NewPolicy, and more: an unknown field, a key given twice, an unknown
// code, trailing data or input over MaxPolicyBytes is a *meso.FieldError naming the
// rule and field. Nothing is half-loaded: on error the policy is nil.
func LoadPolicy(r io.Reader) (*Policy, error) {
	data, err := strictjson.ReadAll(r, MaxPolicyBytes)
	if err != nil {
		if errors.Is(err, strictjson.ErrTooLarge) {
			return nil, fieldErr("policy", "", meso.ErrTooLarge, "more than %d bytes", MaxPolicyBytes)
		}
		return nil, fieldErr("policy", "", meso.ErrInvalid, "%v", err)
	}
	var doc policyJSON
	if err := decode(data, &doc, ""); err != nil {
		return nil, err
	}
	if len(doc.Rules) > MaxRules {
		return nil, fieldErr("rules", "", meso.ErrTooLarge, "%d rules, at most %d", len(doc.Rules), MaxRules)
	}
	rules := make([]Rule, len(doc.Rules))
	for i, raw := range doc.Rules {
		if rules[i], err = decodeRule(raw, index("rules", i)); err != nil {
			return nil, err
		}
	}
	return NewPolicy(doc.Name, rules)
}

// decodeRule reads the rule at path of a policy document from its JSON
// form (ruleJSON), strictly; NewPolicy checks it further.
func decodeRule(raw []byte, path string) (Rule, error) {
	var rj ruleJSON
	if err := decode(raw, &rj, path); err != nil {
		return Rule{}, err
	}
	r := Rule{ID: rj.ID, Name: rj.Name, Days: rj.Days, PolicyDefault: rj.PolicyDefault, Note: rj.Note, Sources: rj.Sources}
	if rj.Severity == "" {
		return Rule{}, fieldErr(at(path, "severity"), "", meso.ErrMissing, "want %s", severityText.Want())
	}
	if s, ok := enum.Parse[Severity](severityText, rj.Severity); ok && s != 0 {
		r.Severity = s
	} else {
		return Rule{}, unknownErr(at(path, "severity"), rj.Severity, severityText.Want())
	}
	if len(rj.Match) == 0 {
		return Rule{}, fieldErr(at(path, "match"), "", meso.ErrMissing, "a rule matches one thing: %s", strings.Join(matchFields[1:], ", "))
	}
	var err error
	if r.Match, err = decodeMatch(rj.Match, at(path, "match")); err != nil {
		return Rule{}, err
	}
	return r, nil
}

// decodeMatch reads what a rule matches, at path, from its JSON form
// (matchJSON), strictly.
func decodeMatch(raw []byte, path string) (Match, error) {
	var mj matchJSON
	if err := decode(raw, &mj, path); err != nil {
		return Match{}, err
	}
	return mj.toMatch(path)
}

func (mj matchJSON) toMatch(path string) (Match, error) {
	m := Match{Pregnant: mj.Pregnant, Lactating: mj.Lactating, Menstruating: mj.Menstruating, AgeBelow: mj.AgeBelow, AgeAbove: mj.AgeAbove,
		OtherAllergies: mj.OtherAllergies}
	var err error
	for _, l := range []struct {
		field string
		n     int
	}{{"conditions", len(mj.Conditions)}, {"medications", len(mj.Medications)}, {"prior_reactions", len(mj.PriorReactions)}} {
		if l.n > MaxListLen {
			return Match{}, fieldErr(at(path, l.field), "", meso.ErrTooLarge, "%d entries, at most %d", l.n, MaxListLen)
		}
	}
	if m.Conditions, err = parseCodes[Condition](at(path, "conditions"), mj.Conditions, conditionText); err != nil {
		return Match{}, err
	}
	if m.Medications, err = parseCodes[MedicationClass](at(path, "medications"), mj.Medications, medicationText); err != nil {
		return Match{}, err
	}
	if m.PriorReactions, err = parseCodes[Reaction](at(path, "prior_reactions"), mj.PriorReactions, reactionText); err != nil {
		return Match{}, err
	}
	if len(mj.Indications) > MaxListLen {
		return Match{}, fieldErr(at(path, "indications"), "", meso.ErrTooLarge, "%d entries, at most %d", len(mj.Indications), MaxListLen)
	}
	for i, s := range mj.Indications {
		var ind formulary.Indication
		if err := ind.UnmarshalText([]byte(s)); err != nil {
			return Match{}, fieldErr(index(at(path, "indications"), i), s, meso.ErrUnknown, "not an indication of the formulary")
		}
		m.Indications = append(m.Indications, ind)
	}
	if mj.Allergy != "" {
		a, ok := enum.Parse[AllergyMatch](allergyMatchText, mj.Allergy)
		if !ok || a == 0 {
			return Match{}, unknownErr(at(path, "allergy"), mj.Allergy, allergyMatchText.Want())
		}
		m.Allergy = a
	}
	return m, nil
}

func (m Match) toJSON() matchJSON {
	mj := matchJSON{Pregnant: m.Pregnant, Lactating: m.Lactating, Menstruating: m.Menstruating, AgeBelow: m.AgeBelow, AgeAbove: m.AgeAbove,
		OtherAllergies: m.OtherAllergies}
	for _, c := range m.Conditions {
		mj.Conditions = append(mj.Conditions, c.String())
	}
	for _, c := range m.Medications {
		mj.Medications = append(mj.Medications, c.String())
	}
	for _, c := range m.PriorReactions {
		mj.PriorReactions = append(mj.PriorReactions, c.String())
	}
	for _, ind := range m.Indications {
		mj.Indications = append(mj.Indications, ind.String())
	}
	if m.Allergy != 0 {
		mj.Allergy = m.Allergy.String()
	}
	return mj
}

// ruleOut is a rule as MarshalJSON writes it: ruleJSON, with its match
// and severity written out.
type ruleOut struct {
	ID            string    `json:"id"`
	Name          string    `json:"name"`
	Match         matchJSON `json:"match"`
	Severity      Severity  `json:"severity"`
	Days          int       `json:"days,omitempty"`
	PolicyDefault bool      `json:"policy_default,omitempty"`
	Note          string    `json:"note,omitempty"`
	Sources       []string  `json:"sources"`
}

func (r Rule) toJSON() ruleOut {
	return ruleOut{ID: r.ID, Name: r.Name, Match: r.Match.toJSON(), Severity: r.Severity, Days: r.Days,
		PolicyDefault: r.PolicyDefault, Note: r.Note, Sources: r.Sources}
}

// MarshalJSON writes p in the form LoadPolicy reads: its name and its rules
// in order. LoadPolicy of the result is equal to p. The zero Policy, which
// has no name and no rules and which LoadPolicy would refuse, is refused
// with an error wrapping meso.ErrMissing.
func (p *Policy) MarshalJSON() ([]byte, error) {
	if p.name == "" {
		return nil, fieldErr("name", "", meso.ErrMissing, "the zero Policy is no policy; marshal DefaultPolicy() or one NewPolicy or LoadPolicy made")
	}
	doc := struct {
		Name  string    `json:"name"`
		Rules []ruleOut `json:"rules"`
	}{Name: p.name, Rules: make([]ruleOut, len(p.rules))}
	for i, r := range p.rules {
		doc.Rules[i] = r.toJSON()
	}
	return strictjson.Marshal(doc)
}

// UnmarshalJSON reads a policy in the form MarshalJSON writes, as
// LoadPolicy does and as strictly: a document LoadPolicy refuses is refused
// with the same error, and p is left as it was.
func (p *Policy) UnmarshalJSON(data []byte) error {
	if p == defaultPolicy() {
		// Decoding into it would change every screening's base policy.
		return fieldErr("policy", "", meso.ErrInvalid, "DefaultPolicy() is shared and cannot be changed; decode into a new Policy")
	}
	got, err := LoadPolicy(bytes.NewReader(data))
	if err != nil {
		return err
	}
	*p = *got
	return nil
}

// MarshalJSON writes r as the row it is in a policy's JSON, as in
// {"id": "anticoagulant", "name": …, "match": {"medications": ["anticoagulant"]},
// "severity": "temporary", "days": 10, "sources": […]}. A rule NewPolicy would
// refuse (the zero Rule among them) is refused with the same
// *meso.FieldError, its field named within the rule ("severity").
func (r Rule) MarshalJSON() ([]byte, error) {
	if _, err := compile("", r); err != nil {
		return nil, err
	}
	return strictjson.Marshal(r.toJSON())
}

// UnmarshalJSON reads a rule in the form MarshalJSON writes, as strictly as
// LoadPolicy reads a policy's rule, and checks it as NewPolicy does (but
// against no policy: that it keeps a default rule's match is checked when
// it joins a policy). On error r is left as it was.
func (r *Rule) UnmarshalJSON(data []byte) error {
	if len(data) > MaxPolicyBytes {
		return fieldErr("rule", "", meso.ErrTooLarge, "more than %d bytes", MaxPolicyBytes)
	}
	got, err := decodeRule(data, "")
	if err != nil {
		return err
	}
	if _, err := compile("", got); err != nil {
		return err
	}
	*r = got
	return nil
}

// MarshalJSON writes m as a rule's "match" in a policy's JSON, as in
// {"conditions": ["diabetes"]}, the same text String writes. A match that
// does not match exactly one thing (the zero Match among them), or names an
// unknown code, is refused with a *meso.FieldError.
func (m Match) MarshalJSON() ([]byte, error) {
	if _, err := compileMatch("", m); err != nil {
		return nil, err
	}
	return strictjson.Marshal(m.toJSON())
}

// UnmarshalJSON reads a match in the form MarshalJSON writes, as strictly
// as LoadPolicy reads a rule's match, and checks that it matches exactly
// one thing with known codes. On error m is left as it was.
func (m *Match) UnmarshalJSON(data []byte) error {
	if len(data) > MaxPolicyBytes {
		return fieldErr("match", "", meso.ErrTooLarge, "more than %d bytes", MaxPolicyBytes)
	}
	got, err := decodeMatch(data, "")
	if err != nil {
		return err
	}
	if _, err := compileMatch("", got); err != nil {
		return err
	}
	*m = got
	return nil
}
