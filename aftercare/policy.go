package aftercare

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/enum"
	"github.com/mesokit/meso/internal/strictjson"
)

// Limits on a policy, so that no input can make the library allocate without
// bound or plan windows of absurd length.
const (
	MaxDuration    = 30 * day // the longest restriction after a session
	MaxLeadDays    = 60       // the longest lead of an instruction before a session
	MaxPolicyBytes = 1 << 20
	MaxSources     = 16
)

// Restriction is how long a policy restricts an activity after a session, and why.
type Restriction struct {
	Activity Activity
	Duration time.Duration // 0: not restricted
	Sources  []string      // the documents that state this duration
	// PolicyDefault marks a duration no source states: the choice of meso
	// or of the clinic whose policy it is.
	PolicyDefault bool
	Note          string
}

// SessionLength is how long a policy takes a session to last. The sources
// count every restriction from after the procedure (S3: "after the
// procedure ... no earlier than 12 hours later"), so a window runs from the
// session's start until its duration after the session's end: the start
// plus Duration plus the restriction's own duration.
type SessionLength struct {
	Duration      time.Duration
	Sources       []string
	PolicyDefault bool // no source states it: the clinic's own choice
	Note          string
}

// MaxSessionLength is the longest session a policy takes.
const MaxSessionLength = 4 * time.Hour

// Lead is how many calendar days before a session a policy starts a timed
// instruction, and why.
type Lead struct {
	Instruction   string // the instruction's id
	Days          int
	Sources       []string
	PolicyDefault bool
	Note          string
}

// Policy decides how long each restriction lasts after a session and how long
// before a session each instruction starts. DefaultPolicy takes, for each
// activity, the strictest duration any source states; a clinic makes its own
// with NewPolicy or LoadPolicy. A Policy is immutable and safe for concurrent
// use. The zero Policy restricts nothing and has no instructions; it has no
// JSON form.
type Policy struct {
	name    string
	rules   [numActivities]Restriction
	leads   []Lead // leads[i] is for instructions[i]
	session SessionLength
}

// The sources' session lengths: S2 "about 30-45 minutes", S4 "from twenty
// to thirty minutes". The strictest reading takes the longest, so that no
// window ends before any source's count from the session's end.
var (
	longestSession  = SessionLength{Duration: 45 * time.Minute, Sources: []string{meso.S2}, Note: "S2: one session lasts about 30-45 minutes; the longest stated, so that every window ends no earlier than a source counts it from the session's end"}
	shortestSession = SessionLength{Duration: 20 * time.Minute, Sources: []string{meso.S4}, Note: "S4: each session usually lasts from twenty to thirty minutes; the shortest stated"}
)

// DefaultPolicyName is the name of DefaultPolicy, as screening's default
// policy is named: each takes the strictest value any source states.
const DefaultPolicyName = "strictest-stated"

var defaultPolicy = sync.OnceValue(func() *Policy {
	p := &Policy{name: DefaultPolicyName, leads: make([]Lead, len(instructions)), session: longestSession}
	for a := Activity(1); a < numActivities; a++ {
		p.rules[a] = strictest(a)
	}
	for i, in := range instructions {
		p.leads[i] = Lead{Instruction: in.ID, Days: in.Days, Sources: in.Sources, PolicyDefault: in.PolicyDefault, Note: in.Note}
	}
	return p
})

// DefaultPolicy is the policy named "strictest-stated": every restriction lasts
// the longest duration any source states for it (washing the hair 72 hours,
// S2) from the end of a session of the longest length stated (45 minutes,
// S2), and every instruction starts as its table says, the strictest stated
// value where sources disagree (anticoagulants stopped 10 days before, S2).
func DefaultPolicy() *Policy { return defaultPolicy() }

// strictest is the restriction of a that takes the longest stated duration, citing
// every source that states it.
func strictest(a Activity) Restriction {
	r := Restriction{Activity: a}
	for _, s := range statements[a] {
		switch {
		case s.Max > r.Duration:
			r.Duration, r.Sources, r.Note = s.Max, slices.Clone(s.Sources), s.Reading
		case s.Max == r.Duration && s.Stated():
			r.Sources = appendNew(r.Sources, s.Sources...)
		}
	}
	if r.Duration == 0 {
		r.PolicyDefault, r.Note = true, "no source states a duration"
	}
	return r
}

var shortestPolicy = sync.OnceValue(func() *Policy {
	p := *DefaultPolicy()
	p.name = "shortest-stated"
	p.session = shortestSession
	for a := Activity(1); a < numActivities; a++ {
		r := Restriction{Activity: a}
		for _, s := range statements[a] {
			switch {
			case !s.Stated():
			case r.Duration == 0 || s.Min < r.Duration:
				r.Duration, r.Sources, r.Note = s.Min, slices.Clone(s.Sources), s.Reading
			case s.Min == r.Duration:
				r.Sources = appendNew(r.Sources, s.Sources...)
			}
		}
		p.rules[a] = r
	}
	return &p
})

// ShortestStatedPolicy is the policy named "shortest-stated": every
// restriction lasts the shortest duration any source states for it (washing
// the hair 24 hours, S4), from the end of a session of the shortest length
// stated (20 minutes, S4). Instructions before a session are as in
// DefaultPolicy. It is not meso's default; a clinic chooses it explicitly.
func ShortestStatedPolicy() *Policy { return shortestPolicy() }

// NewPolicy returns a policy named name that is DefaultPolicy with the given
// restrictions and leads in place of its own. Each needs its sources, or
// PolicyDefault set to say no source states its duration. An activity or
// instruction given twice, an unknown one, a negative or over-long duration
// is a *meso.FieldError.
func NewPolicy(name string, restrictions []Restriction, leads []Lead) (*Policy, error) {
	p := *DefaultPolicy()
	p.leads = slices.Clone(p.leads)
	if err := checkText("name", name, 64, true); err != nil {
		return nil, err
	}
	p.name = name
	var seen [numActivities]bool
	for i, r := range restrictions {
		field := "restrictions[" + strconv.Itoa(i) + "]"
		if err := checkRestriction(field, r); err != nil {
			return nil, err
		}
		if seen[r.Activity] {
			return nil, &meso.FieldError{Field: field + ".activity", Value: r.Activity.String(), Err: meso.ErrDuplicate}
		}
		seen[r.Activity] = true
		r.Sources = cloneOrNil(r.Sources)
		p.rules[r.Activity] = r
	}
	seenLead := make([]bool, len(instructions))
	for i, l := range leads {
		field := "leads[" + strconv.Itoa(i) + "]"
		j, err := checkLead(field, "instruction", l)
		if err != nil {
			return nil, err
		}
		if seenLead[j] {
			return nil, &meso.FieldError{Field: field + ".instruction", Value: l.Instruction, Err: meso.ErrDuplicate}
		}
		seenLead[j] = true
		l.Sources = cloneOrNil(l.Sources)
		p.leads[j] = l
	}
	return &p, nil
}

// checkRestriction checks one restriction, at field ("" for one read on
// its own), as NewPolicy does.
func checkRestriction(field string, r Restriction) error {
	if !r.Activity.valid() {
		return &meso.FieldError{Field: at(field, "activity"), Value: r.Activity.String(), Err: activityText.Mismatch()}
	}
	if r.Duration < 0 || r.Duration > MaxDuration {
		return &meso.FieldError{Field: at(field, "duration"), Value: formatDuration(r.Duration),
			Err: fmt.Errorf("%w: want 0 to %s", meso.ErrInvalid, formatDuration(MaxDuration))}
	}
	return checkBasis(field, r.Sources, r.PolicyDefault, r.Note)
}

// checkLead checks one lead, at field ("" for one read on its own), as
// NewPolicy does, and returns the index of its instruction. key is the
// name of the instruction's field: "instruction" in Go, "id" in JSON.
func checkLead(field, key string, l Lead) (int, error) {
	j, ok := instruction(l.Instruction)
	switch {
	case !ok:
		return 0, unknownTimed(at(field, key), l.Instruction)
	case instructions[j].Ask == Tell:
		return 0, &meso.FieldError{Field: at(field, key), Value: l.Instruction, Err: fmt.Errorf("%w: a tell instruction has no lead", meso.ErrInvalid)}
	case l.Days < 0 || l.Days > MaxLeadDays || (instructions[j].WholeDay && l.Days == 0):
		return 0, &meso.FieldError{Field: at(field, "days"), Value: strconv.Itoa(l.Days),
			Err: fmt.Errorf("%w: want %d to %d days", meso.ErrInvalid, boolInt(instructions[j].WholeDay), MaxLeadDays)}
	}
	return j, checkBasis(field, l.Sources, l.PolicyDefault, l.Note)
}

// checkSession checks a session length, as WithSession does.
func checkSession(l SessionLength) error {
	if l.Duration <= 0 || l.Duration > MaxSessionLength {
		return &meso.FieldError{Field: "session.length", Value: l.Duration.String(),
			Err: fmt.Errorf("%w: a session lasts more than 0 and at most %s", meso.ErrInvalid, MaxSessionLength)}
	}
	return checkBasis("session", l.Sources, l.PolicyDefault, l.Note)
}

// at is the path of name inside the value at field ("" for the document as
// a whole): "restrictions[2].duration", or "duration" for a restriction
// read on its own.
func at(field, name string) string {
	if field == "" {
		return name
	}
	return field + "." + name
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// checkBasis checks that a restriction or lead says why: sources, or PolicyDefault.
func checkBasis(field string, sources []string, policyDefault bool, note string) error {
	if len(sources) == 0 && !policyDefault {
		return &meso.FieldError{Field: at(field, "sources"), Err: fmt.Errorf("%w: cite the sources of the value, or mark it policy_default", meso.ErrMissing)}
	}
	if len(sources) > MaxSources {
		return &meso.FieldError{Field: at(field, "sources"), Value: strconv.Itoa(len(sources)), Err: fmt.Errorf("%w: at most %d sources", meso.ErrTooLarge, MaxSources)}
	}
	for i, s := range sources {
		f := at(field, "sources") + "[" + strconv.Itoa(i) + "]"
		if err := checkText(f, s, 200, true); err != nil {
			return err
		}
		if slices.Contains(sources[:i], s) {
			return &meso.FieldError{Field: f, Value: s, Err: meso.ErrDuplicate}
		}
	}
	return checkText(at(field, "note"), note, meso.MaxTextLen, false)
}

func checkText(field, s string, limit int, required bool) error {
	switch {
	case required && strings.TrimSpace(s) == "":
		return &meso.FieldError{Field: field, Value: s, Err: meso.ErrMissing}
	case len(s) > limit:
		return &meso.FieldError{Field: field, Value: s[:limit] + "…", Err: fmt.Errorf("%w: longer than %d bytes", meso.ErrTooLarge, limit)}
	case strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return &meso.FieldError{Field: field, Value: s, Err: fmt.Errorf("%w: contains a control character", meso.ErrInvalid)}
	}
	return nil
}

// Name returns the policy's name, which results cite: "strictest-stated".
func (p *Policy) Name() string { return p.name }

// Duration returns how long activity a is restricted after a session; 0 for
// an activity that is not restricted or not valid.
func (p *Policy) Duration(a Activity) time.Duration {
	if !a.valid() {
		return 0
	}
	return p.rules[a].Duration
}

// Restriction returns the policy's restriction of activity a (with Duration
// 0 for an activity it does not restrict). An activity that is not one of
// Activities is a *meso.FieldError wrapping meso.ErrUnknown that lists them.
func (p *Policy) Restriction(a Activity) (Restriction, error) {
	if !a.valid() {
		return Restriction{}, enum.Unknown("activity", "activity", a.String(), activityIDs())
	}
	return p.restriction(a), nil
}

func (p *Policy) restriction(a Activity) Restriction {
	r := p.rules[a]
	r.Sources = slices.Clone(r.Sources)
	return r
}

// Session returns how long the policy takes a session to last.
func (p *Policy) Session() SessionLength {
	l := p.session
	l.Sources = slices.Clone(l.Sources)
	return l
}

// WithSession returns p with sessions of length l: a clinic that times its
// own sessions says so (with PolicyDefault and a Note, or the sources that
// state it). A length that is not positive or over MaxSessionLength, or
// without sources and not marked PolicyDefault, is a *meso.FieldError.
func (p *Policy) WithSession(l SessionLength) (*Policy, error) {
	if err := checkSession(l); err != nil {
		return nil, err
	}
	q := *p
	q.session = l
	q.session.Sources = cloneOrNil(l.Sources)
	return &q, nil
}

// Restrictions returns the policy's restriction for every activity, in activity order.
func (p *Policy) Restrictions() []Restriction {
	out := make([]Restriction, 0, numActivities-1)
	for a := Activity(1); a < numActivities; a++ {
		out = append(out, p.restriction(a))
	}
	return out
}

// Lead returns the policy's lead for the timed instruction with the given id.
// An id that is not a timed instruction's (a tell instruction has no lead) is
// a *meso.FieldError wrapping meso.ErrUnknown that lists the timed ones.
func (p *Policy) Lead(instruction string) (Lead, error) {
	i := slices.IndexFunc(p.leads, func(l Lead) bool { return l.Instruction == instruction })
	if i < 0 || instructions[i].Ask == Tell {
		return Lead{}, unknownTimed("instruction", instruction)
	}
	l := p.leads[i]
	l.Sources = slices.Clone(l.Sources)
	return l, nil
}

// unknownTimed is the error for an id at field that is no timed
// instruction's.
func unknownTimed(field, id string) error {
	var ids []string
	for _, in := range instructions {
		if in.Ask != Tell {
			ids = append(ids, in.ID)
		}
	}
	return enum.Unknown(field, "timed instruction", id, ids)
}

// Leads returns the policy's lead for every timed instruction, in the order
// of Instructions.
func (p *Policy) Leads() []Lead {
	var out []Lead
	for i, l := range p.leads {
		if instructions[i].Ask != Tell {
			l.Sources = slices.Clone(l.Sources)
			out = append(out, l)
		}
	}
	return out
}

// The JSON form of a policy.
type (
	policyJSON struct {
		Name         string       `json:"name"`
		Session      *sessionJSON `json:"session,omitempty"`
		Restrictions []ruleJSON   `json:"restrictions"`
		Instructions []leadJSON   `json:"instructions"`
	}
	sessionJSON struct {
		Length        string   `json:"length"`
		Sources       []string `json:"sources"`
		PolicyDefault bool     `json:"policy_default,omitempty"`
		Note          string   `json:"note,omitempty"`
	}
	ruleJSON struct {
		Activity      string   `json:"activity"`
		Duration      string   `json:"duration"`
		Sources       []string `json:"sources"`
		PolicyDefault bool     `json:"policy_default,omitempty"`
		Note          string   `json:"note,omitempty"`
	}
	leadJSON struct {
		ID            string   `json:"id"`
		Days          int      `json:"days"`
		Sources       []string `json:"sources"`
		PolicyDefault bool     `json:"policy_default,omitempty"`
		Note          string   `json:"note,omitempty"`
	}
)

// MarshalJSON writes the policy in the form LoadPolicy reads: its name, a
// restriction per activity with its duration written as in "72h", and a lead per timed
// instruction.
func (p *Policy) MarshalJSON() ([]byte, error) {
	if p.name == "" {
		return nil, errors.New("the zero Policy has no JSON form; start from DefaultPolicy")
	}
	doc := policyJSON{Name: p.name, Restrictions: []ruleJSON{}, Instructions: []leadJSON{}, Session: p.session.toJSON()}
	for _, r := range p.Restrictions() {
		doc.Restrictions = append(doc.Restrictions, r.toJSON())
	}
	for _, l := range p.Leads() {
		doc.Instructions = append(doc.Instructions, l.toJSON())
	}
	return strictjson.Marshal(doc)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// formatDuration writes whole hours as "72h" and anything else as
// time.Duration does.
func formatDuration(d time.Duration) string {
	if d%time.Hour == 0 {
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	}
	return d.String()
}

// LoadPolicy reads a policy in the form MarshalJSON writes. As with NewPolicy,
// the activities and instructions it leaves out keep DefaultPolicy's values.
// Reading is strict: unknown fields, a key given twice, an unknown activity or
// instruction, a malformed or out-of-range duration, a value without sources
// that is not marked policy_default — each is a *meso.FieldError naming it.
func LoadPolicy(r io.Reader) (*Policy, error) {
	data, err := strictjson.ReadAll(r, MaxPolicyBytes)
	if err != nil {
		return nil, &meso.FieldError{Field: "policy", Err: fmt.Errorf("%w: %v", meso.ErrTooLarge, err)}
	}
	var doc policyJSON
	if err := decode(data, &doc, "policy"); err != nil {
		return nil, err
	}
	if len(doc.Restrictions) > int(numActivities) || len(doc.Instructions) > len(instructions) {
		return nil, &meso.FieldError{Field: "policy", Err: fmt.Errorf("%w: more entries than there are activities and instructions", meso.ErrTooLarge)}
	}
	rules := make([]Restriction, len(doc.Restrictions))
	for i, rj := range doc.Restrictions {
		if rules[i], err = rj.restriction("restrictions[" + strconv.Itoa(i) + "]"); err != nil {
			return nil, err
		}
	}
	leads := make([]Lead, len(doc.Instructions))
	for i, lj := range doc.Instructions {
		leads[i] = lj.lead()
	}
	p, err := NewPolicy(doc.Name, rules, leads)
	if err != nil {
		var fe *meso.FieldError
		if errors.As(err, &fe) {
			// Name the field as the JSON does.
			fe.Field = strings.NewReplacer("leads[", "instructions[", ".instruction", ".id").Replace(fe.Field)
		}
		return nil, err
	}
	if sj := doc.Session; sj != nil {
		l, err := sj.length()
		if err != nil {
			return nil, err
		}
		return p.WithSession(l)
	}
	return p, nil
}

// restriction is the restriction rj writes, at field of a document; its
// activity and duration are read, the rest checked by checkRestriction.
func (rj ruleJSON) restriction(field string) (Restriction, error) {
	a, err := ParseActivity(rj.Activity)
	if err != nil {
		return Restriction{}, &meso.FieldError{Field: at(field, "activity"), Value: rj.Activity, Err: activityText.Mismatch()}
	}
	d, err := time.ParseDuration(rj.Duration)
	if err != nil {
		return Restriction{}, &meso.FieldError{Field: at(field, "duration"), Value: rj.Duration, Err: fmt.Errorf("%w: want a duration such as 72h or 90m", meso.ErrInvalid)}
	}
	return Restriction{Activity: a, Duration: d, Sources: rj.Sources, PolicyDefault: rj.PolicyDefault, Note: rj.Note}, nil
}

func (r Restriction) toJSON() ruleJSON {
	return ruleJSON{Activity: r.Activity.String(), Duration: formatDuration(r.Duration),
		Sources: nonNil(r.Sources), PolicyDefault: r.PolicyDefault, Note: r.Note}
}

// lead is the lead lj writes; checkLead checks it.
func (lj leadJSON) lead() Lead {
	return Lead{Instruction: lj.ID, Days: lj.Days, Sources: lj.Sources, PolicyDefault: lj.PolicyDefault, Note: lj.Note}
}

func (l Lead) toJSON() leadJSON {
	return leadJSON{ID: l.Instruction, Days: l.Days, Sources: nonNil(l.Sources), PolicyDefault: l.PolicyDefault, Note: l.Note}
}

// length is the session length sj writes; its length is read, the rest
// checked by checkSession.
func (sj sessionJSON) length() (SessionLength, error) {
	d, err := time.ParseDuration(sj.Length)
	if err != nil {
		return SessionLength{}, &meso.FieldError{Field: "session.length", Value: sj.Length, Err: fmt.Errorf("%w: want a duration such as 45m", meso.ErrInvalid)}
	}
	return SessionLength{Duration: d, Sources: sj.Sources, PolicyDefault: sj.PolicyDefault, Note: sj.Note}, nil
}

func (l SessionLength) toJSON() *sessionJSON {
	return &sessionJSON{Length: l.Duration.String(), Sources: nonNil(l.Sources), PolicyDefault: l.PolicyDefault, Note: l.Note}
}

// decode reads data into v strictly; an error is a *meso.FieldError at the
// place in the document, or at whole for the document as a whole.
func decode(data []byte, v any, whole string) error {
	err := strictjson.Decode(data, v)
	if err == nil {
		return nil
	}
	var se *strictjson.Error
	if errors.As(err, &se) {
		why := strictjson.Reason(se.Err)
		field := whole
		if se.Path != "" {
			field = se.Path
		}
		return &meso.FieldError{Field: field, Err: why}
	}
	return &meso.FieldError{Field: whole, Err: fmt.Errorf("%w: %v", meso.ErrInvalid, err)}
}

// cloneOrNil copies s; an empty list is nil, however it was given.
func cloneOrNil(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

// appendNew appends the strings of add that dst does not hold yet.
func appendNew(dst []string, add ...string) []string {
	for _, s := range add {
		if !slices.Contains(dst, s) {
			dst = append(dst, s)
		}
	}
	return dst
}
