package schedule

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/internal/fault"
)

// The limits on a protocol and on an expansion, so that no input can make the
// package allocate or loop without bound.
const (
	MaxSessions      = 300      // sessions in one course
	MaxGapDays       = 365      // days between two sessions; also the longest wait for the first open day
	MaxMonths        = 36       // a phase's or a course's span, in calendar months
	MaxCourseDays    = 1096     // three years: the most days (Sessions.Max-1) gaps of the longest Gap.Max may add up to
	MaxPhases        = 8        // phases in one protocol
	MaxListLen       = 32       // quotes, sources or policy notes of one protocol
	MaxProtocolBytes = 64 << 10 // the JSON form of one protocol
)

// Gap is the number of calendar days from one session to the next: at least
// Min and at most Max, and Preferred whenever that day is open. Days are
// calendar days, so a session at 10:00 is followed by one at 10:00, whatever
// the clocks did in between.
type Gap struct {
	Min       int `json:"min"`
	Preferred int `json:"preferred"`
	Max       int `json:"max"`
}

// Phase is a stretch of a course with one gap between its sessions.
//
// The first session of a course is in the first phase. Every other session
// is in the phase in force after the session before it: a phase with
// Sessions set holds that many sessions; a phase with Months set holds the
// sessions whose preferred date (the session before plus Gap.Preferred) falls
// within Months calendar months of the course's first session. The next phase
// takes over from there, its gap counted from the last session of the phase
// before. Every phase but the last sets exactly one of Sessions and Months;
// the last sets neither and lasts to the end of the course.
type Phase struct {
	Name     string `json:"name"`               // a lower-case id, as in "biweekly"; the phase an Appointment names
	Gap      Gap    `json:"gap"`                // the gap before each session of the phase
	Months   int    `json:"months,omitempty"`   // see above; 0 when the phase is not bounded by months
	Sessions int    `json:"sessions,omitempty"` // see above; 0 when the phase is not bounded by a count
}

// Count is a number of sessions: at least Min, at most Max, and Default when
// the caller does not say.
type Count struct {
	Min     int `json:"min"`
	Max     int `json:"max"`
	Default int `json:"default"`
}

// Quote is what a source document says, in its own words.
type Quote struct {
	Source string `json:"source"` // the document, as a seed file name (see Sources)
	Text   string `json:"text"`
}

// PolicyDefault marks a value of a protocol that no source states: Field is
// its path in the protocol's JSON form, as in "phases[0].gap.preferred", and
// Note says how the value was chosen. Every other number of a protocol is
// stated by its sources.
type PolicyDefault struct {
	Field string `json:"field"`
	Note  string `json:"note"`
}

// Reading marks a value of a protocol read from words that leave room, or
// stated by only some of the protocol's sources: Field is its path, as for a
// PolicyDefault, and Note says which source states it and how it was read.
type Reading struct {
	Field string `json:"field"`
	Note  string `json:"note"`
}

// Protocol is a cadence of sessions: how many days apart, in which phases,
// and how many. The protocols of the sources are listed by All; a
// clinic can define its own, which Validate checks.
//
// A Protocol is a value; the ones this package returns are copies that the
// caller may change without effect on the package.
type Protocol struct {
	ID     string  `json:"id"`     // a lower-case id, as in "weekly-then-biweekly"; ids of the built-in protocols are API
	Name   string  `json:"name"`   // what a clinician calls it
	Phases []Phase `json:"phases"` // at least one, at most MaxPhases
	// Sessions is the number of sessions in the whole course.
	Sessions Count `json:"sessions"`
	// MinMonths, when not 0, is a span the course must cover: its last
	// session falls on or after the same day MinMonths calendar months
	// after its first. An expansion whose session count is not given adds
	// sessions past Sessions.Default until it does (never past
	// Sessions.Max; Validate checks that Sessions.Max always can).
	MinMonths int `json:"min_months,omitempty"`
	// Maintenance marks a course given after a main course to keep its
	// effect (S2), rather than a main course. It is preventive, and S2 asks
	// for lower concentrations than in therapeutic courses: a preparation
	// whose uses are therapeutic only (formulary.Preparation.Uses) is the
	// clinician's choice there, not the default's.
	Maintenance bool `json:"maintenance,omitempty"`
	// RepeatMonths, when not 0, says that the sources ask for successive
	// courses of this protocol, one after another, over RepeatMonths
	// calendar months from the first course's first session (S3:
	// "successive courses of 5-10 procedures throughout the year"). An
	// expansion plans one course; the clinic plans the next after it.
	RepeatMonths int             `json:"repeat_months,omitempty"`
	Quotes       []Quote         `json:"quotes,omitempty"`   // the sources' words for the cadence
	Policy       []PolicyDefault `json:"policy,omitempty"`   // every value that no source states
	Readings     []Reading       `json:"readings,omitempty"` // values read from words that leave room
	Sources      []string        `json:"sources"`            // the documents the protocol rests on, as seed file names
}

// Built-in protocol ids, one per cadence of the sources (SOURCES.md at the
// module root lists the sources and their tags).
const (
	Every2to3Days      = "every-2-3-days"
	TwiceWeekly        = "twice-weekly"
	Weekly             = "weekly"
	WeeklyThenBiweekly = "weekly-then-biweekly"
	Biweekly           = "biweekly"
	Every2to3Weeks     = "every-2-3-weeks"
	GreyingWeekly      = "greying-weekly"
	MonthlyMaintenance = "monthly-maintenance"
)

// The sources' words, shared by the protocols that rest on them.
var (
	quoteS0Weekly = Quote{meso.S0, "The procedures are carried out 1-2 times a week, in all, you may need 8-16 visits to the salon."}
	quoteS4Weekly = Quote{meso.S4, "each session usually lasts from twenty to thirty minutes, one to two times a week, depending on the case."}
	quoteS4Span   = Quote{meso.S4, "It takes between three and four months to give the first results, and a complete treatment can last a year or more, depending on the severity of the case or the progression of alopecia."}
	quoteS2Course = Quote{meso.S2, "course treatment is needed – from 8 to 15 injection sessions: During the first month, the procedure is carried out once a week. In the subsequent period, the interval between mesoseances can be increased to 14 days."}
)

// Notes for the policy defaults that recur.
const (
	noteTolerance = "tolerance of one day either side of the stated gap, so that a closed day does not break the cadence; no source states one"
	noteEarly     = "tolerance of up to three days before the stated gap, so that a closed weekend and a holiday next to it do not break the cadence; no source states one. The default never goes past the stated gap: a later tolerance is a clinic's own protocol"
	readingCount  = "the count is S0's \"8-16 visits\"; S4 is cited for the cadence only: it states no count, but that first results take 3-4 months and a complete treatment a year or more"
	noteMiddle    = "the middle of the stated range of sessions, rounded down; no source states a default"
)

// protocols is the table of the sources' cadences: ONE piece of data. Every
// number not stated by a source is listed in Policy with its reason, and
// every number read from words that leave room, or stated by only some of
// the protocol's sources, in Readings. By default no gap is longer than its
// source states.
var protocols = []Protocol{
	{
		ID:        Every2to3Days,
		Name:      "Every 2-3 days for at least one month",
		Phases:    []Phase{{Name: "main", Gap: Gap{Min: 2, Preferred: 2, Max: 3}}},
		Sessions:  Count{Min: 11, Max: 17, Default: 11},
		MinMonths: 1,
		Quotes:    []Quote{{meso.S1, "The procedure of needle mesotherapy of the scalp should be carried out sequentially every 2-3 days for at least one month."}},
		Policy: []PolicyDefault{
			{"phases[0].gap.preferred", "the shorter end of \"every 2-3 days\": every other day, or the day after when that one is closed (with Sundays closed this gives Monday, Wednesday, Friday)"},
			{"sessions.min", "the fewest sessions that can span the shortest month (28 days) at the longest gap (3 days); the source states a span, not a count"},
			{"sessions.max", "the most sessions a month (31 days) needs at the shortest gap (2 days); the source states a span, not a count"},
			{"sessions.default", "the course lasts until a calendar month after its first session: the default is the minimum, and an expansion adds sessions until its last one covers the month"},
		},
		Sources: []string{meso.S1},
	},
	{
		ID:       TwiceWeekly,
		Name:     "Twice a week, 8-16 sessions",
		Phases:   []Phase{{Name: "main", Gap: Gap{Min: 3, Preferred: 3, Max: 4}}},
		Sessions: Count{Min: 8, Max: 16, Default: 12},
		Quotes:   []Quote{quoteS0Weekly, quoteS4Weekly, quoteS4Span},
		Policy: []PolicyDefault{
			{"phases[0].gap.min", "\"twice a week\" read as gaps of 3 and 4 days (7 = 3 + 4); the sources state no gap in days"},
			{"phases[0].gap.preferred", "the shorter of the two gaps of a week split in two"},
			{"phases[0].gap.max", "\"twice a week\" read as gaps of 3 and 4 days (7 = 3 + 4); the sources state no gap in days"},
			{"sessions.default", noteMiddle},
		},
		Readings: []Reading{{"sessions.min", readingCount}, {"sessions.max", readingCount}},
		Sources:  []string{meso.S0, meso.S4},
	},
	{
		ID:       Weekly,
		Name:     "Once a week, 8-16 sessions",
		Phases:   []Phase{{Name: "main", Gap: Gap{Min: 4, Preferred: 7, Max: 7}}},
		Sessions: Count{Min: 8, Max: 16, Default: 12},
		Quotes:   []Quote{quoteS0Weekly, quoteS4Weekly, quoteS4Span},
		Policy: []PolicyDefault{
			{"phases[0].gap.min", noteEarly},
			{"sessions.default", noteMiddle},
		},
		Readings: []Reading{{"sessions.min", readingCount}, {"sessions.max", readingCount}},
		Sources:  []string{meso.S0, meso.S4},
	},
	{
		ID:   WeeklyThenBiweekly,
		Name: "Weekly through the first month, then every 14 days, 8-15 sessions",
		Phases: []Phase{
			{Name: "weekly", Gap: Gap{Min: 4, Preferred: 7, Max: 7}, Months: 1},
			{Name: "biweekly", Gap: Gap{Min: 11, Preferred: 14, Max: 14}},
		},
		Sessions: Count{Min: 8, Max: 15, Default: 11},
		Quotes:   []Quote{quoteS2Course},
		Policy: []PolicyDefault{
			{"phases[0].gap.min", noteEarly},
			{"phases[1].gap.min", noteEarly},
			{"sessions.default", noteMiddle},
		},
		Readings: []Reading{
			{"phases[1].gap.max", "S2: \"the interval between mesoseances can be increased to 14 days\": an upper bound, so no gap of the second phase is longer than 14 days"},
			{"phases[1].gap.preferred", "the longest interval S2 allows after the first month; S2 says it \"can be\" increased to 14 days, not that it must"},
		},
		Sources: []string{meso.S2},
	},
	{
		ID:       Biweekly,
		Name:     "Every 14 days, 3-6 sessions",
		Phases:   []Phase{{Name: "main", Gap: Gap{Min: 13, Preferred: 14, Max: 15}}},
		Sessions: Count{Min: 3, Max: 6, Default: 4},
		Quotes:   []Quote{{meso.S1, "the scalp needle mesotherapy treatment should be repeated on average 3 to 6 times with an interval of about fourteen days."}},
		Policy: []PolicyDefault{
			{"phases[0].gap.min", noteTolerance + " (the source says \"about fourteen days\")"},
			{"phases[0].gap.max", noteTolerance + " (the source says \"about fourteen days\", which is not a bound: 15 days is read as about fourteen)"},
			{"sessions.default", noteMiddle},
		},
		Sources: []string{meso.S1},
	},
	{
		ID:           Every2to3Weeks,
		Name:         "Every 2-3 weeks for at least three months, 5-10 sessions, in successive courses through the year",
		Phases:       []Phase{{Name: "main", Gap: Gap{Min: 14, Preferred: 14, Max: 21}}},
		Sessions:     Count{Min: 5, Max: 10, Default: 8},
		MinMonths:    3,
		RepeatMonths: 12,
		Quotes:       []Quote{{meso.S3, "it is necessary to perform a series of injections every 2-3 weeks for at least three months. To obtain a sufficient and lasting effect, it is necessary to carry out successive courses of 5-10 procedures throughout the year."}},
		Policy: []PolicyDefault{
			{"phases[0].gap.preferred", "the shorter end of \"every 2-3 weeks\", as for every-2-3-days"},
			{"sessions.default", "the fewest sessions that cover three months (at most 92 days) at the preferred 14-day gap: 7 gaps, 98 days"},
		},
		Readings: []Reading{
			{"sessions.min", "S3 states the 5-10 procedures of each of its successive courses and, apart, a series every 2-3 weeks for at least three months; one course of this protocol is read as both"},
			{"sessions.max", "S3 states the 5-10 procedures of each of its successive courses and, apart, a series every 2-3 weeks for at least three months; one course of this protocol is read as both"},
			{"repeat_months", "S3: \"successive courses of 5-10 procedures throughout the year\", read as courses one after another for 12 months; S3 states no number of courses"},
		},
		Sources: []string{meso.S3},
	},
	{
		ID:       GreyingWeekly,
		Name:     "Once a week, 10 sessions, for premature greying",
		Phases:   []Phase{{Name: "main", Gap: Gap{Min: 4, Preferred: 7, Max: 7}}},
		Sessions: Count{Min: 10, Max: 10, Default: 10},
		Quotes:   []Quote{{meso.S3, "Short courses of treatment: 10 mesotherapy procedures are enough for gray hair to disappear or become noticeably smaller. Mesotherapy is carried out once a week."}},
		Policy: []PolicyDefault{
			{"phases[0].gap.min", noteEarly},
		},
		Sources: []string{meso.S3},
	},
	{
		ID:          MonthlyMaintenance,
		Name:        "Maintenance after the main course: every 30 days for 3-6 months",
		Phases:      []Phase{{Name: "maintenance", Gap: Gap{Min: 27, Preferred: 30, Max: 30}}},
		Sessions:    Count{Min: 3, Max: 6, Default: 4},
		Maintenance: true,
		Quotes: []Quote{
			{meso.S2, "For preventive health-improving purposes, after the main course, it is possible to prescribe 1 procedure every 30 days for 3-6 months."},
			{meso.S2, "In this case, the concentration of the composition of microinjections should be selected in lower doses compared to therapeutic mesotherapeutic drugs."},
		},
		Policy: []PolicyDefault{
			{"phases[0].gap.min", noteEarly},
			{"sessions.default", noteMiddle + "; one session a month for 3-6 months is 3-6 sessions"},
		},
		Sources: []string{meso.S2},
	},
}

// All returns the built-in protocols: those of the sources, one per cadence they
// describe, in table order.
func All() []Protocol {
	out := make([]Protocol, len(protocols))
	for i, p := range protocols {
		out[i] = p.Clone()
	}
	return out
}

// Lookup returns the built-in protocol with the given id. An id that is none
// of them is a *FieldError wrapping ErrUnknown that names the id and lists
// the valid ones.
func Lookup(id string) (Protocol, error) {
	for _, p := range protocols {
		if p.ID == id {
			return p.Clone(), nil
		}
	}
	return Protocol{}, &meso.FieldError{Field: "protocol", Value: id,
		Err: fmt.Errorf("%w protocol: want one of %s", meso.ErrUnknown, strings.Join(IDs(), ", "))}
}

// IDs returns the ids of the built-in protocols, in table order.
func IDs() []string {
	ids := make([]string, len(protocols))
	for i, p := range protocols {
		ids[i] = p.ID
	}
	return ids
}

// Clone returns a copy of p that shares no slice with it.
func (p Protocol) Clone() Protocol {
	p.Phases = slices.Clone(p.Phases)
	p.Quotes = slices.Clone(p.Quotes)
	p.Policy = slices.Clone(p.Policy)
	p.Readings = slices.Clone(p.Readings)
	p.Sources = slices.Clone(p.Sources)
	return p
}

// IsPolicy reports whether the value at field (a path in the JSON form, as in
// "sessions.default") is a policy default rather than a stated one.
func (p Protocol) IsPolicy(field string) bool {
	return slices.ContainsFunc(p.Policy, func(d PolicyDefault) bool { return d.Field == field })
}

// MinGap returns the shortest gap between two sessions that p allows, in
// days: no session of a course of p is closer than this to the one before.
func (p Protocol) MinGap() int {
	gap := 0
	for i, ph := range p.Phases {
		if i == 0 || ph.Gap.Min < gap {
			gap = ph.Gap.Min
		}
	}
	return gap
}

// Validate reports whether p is a protocol an expansion can follow: an id and
// a name, one to MaxPhases phases with unique names, positive gaps with
// Min <= Preferred <= Max <= MaxGapDays, phase bounds as Phase describes,
// 1 <= Sessions.Min <= Sessions.Default <= Sessions.Max <= MaxSessions, at
// most MaxCourseDays in all, a MinMonths span that Sessions.Max sessions
// always cover, sources, and policy notes that name fields of p. The error is
// a *FieldError naming the first field that is wrong.
func (p Protocol) Validate() error {
	if err := p.checkText(); err != nil {
		return err
	}
	return p.checkSchedule()
}

// checkSchedule checks the numbers an expansion relies on; it does not
// allocate unless it fails, so every expansion runs it.
func (p *Protocol) checkSchedule() error {
	fail := func(field string, value int, format string, args ...any) error {
		return &meso.FieldError{Field: field, Entry: p.ID, Value: strconv.Itoa(value), Err: fmt.Errorf(format, args...)}
	}
	n := len(p.Phases)
	if n == 0 {
		return &meso.FieldError{Field: "phases", Entry: p.ID, Err: fmt.Errorf("%w: a protocol has at least one phase", meso.ErrMissing)}
	}
	if n > MaxPhases {
		return fail("phases", n, "%w: at most %d phases", meso.ErrTooLarge, MaxPhases)
	}
	minGap, maxGap, lastMonths := MaxGapDays, 0, 0
	for i := range p.Phases {
		ph := &p.Phases[i]
		g := ph.Gap
		// The phase's path, built only when a check fails: checkSchedule
		// runs on every expansion.
		path := func(field string) string { return "phases[" + strconv.Itoa(i) + "]" + field }
		switch {
		case g.Min < 1:
			return fail(path(".gap.min"), g.Min, "%w: a gap is at least 1 day", meso.ErrInvalid)
		case g.Max > MaxGapDays:
			return fail(path(".gap.max"), g.Max, "%w: a gap is at most %d days", meso.ErrTooLarge, MaxGapDays)
		case g.Preferred < g.Min:
			return fail(path(".gap.preferred"), g.Preferred, "%w: below gap.min %d", meso.ErrInvalid, g.Min)
		case g.Max < g.Preferred:
			return fail(path(".gap.max"), g.Max, "%w: below gap.preferred %d", meso.ErrInvalid, g.Preferred)
		case ph.Months < 0 || ph.Months > MaxMonths:
			return fail(path(".months"), ph.Months, "%w: want 0 to %d", meso.ErrInvalid, MaxMonths)
		case ph.Sessions < 0 || ph.Sessions > MaxSessions:
			return fail(path(".sessions"), ph.Sessions, "%w: want 0 to %d", meso.ErrInvalid, MaxSessions)
		case i == n-1 && ph.Months != 0:
			return fail(path(".months"), ph.Months, "%w: the last phase lasts to the end of the course; set neither months nor sessions", meso.ErrInvalid)
		case i == n-1 && ph.Sessions != 0:
			return fail(path(".sessions"), ph.Sessions, "%w: the last phase lasts to the end of the course; set neither months nor sessions", meso.ErrInvalid)
		case i < n-1 && (ph.Months == 0) == (ph.Sessions == 0):
			return fail(path(".months"), ph.Months, "%w: a phase before the last ends after months or after sessions: set exactly one (sessions is %d)", meso.ErrInvalid, ph.Sessions)
		case ph.Months != 0 && ph.Months <= lastMonths:
			return fail(path(".months"), ph.Months, "%w: not after the %d months of an earlier phase", meso.ErrInvalid, lastMonths)
		}
		if ph.Months != 0 {
			lastMonths = ph.Months
		}
		minGap, maxGap = min(minGap, g.Min), max(maxGap, g.Max)
	}
	s := p.Sessions
	switch {
	case s.Min < 1:
		return fail("sessions.min", s.Min, "%w: a course has at least 1 session", meso.ErrInvalid)
	case s.Max > MaxSessions:
		return fail("sessions.max", s.Max, "%w: at most %d sessions", meso.ErrTooLarge, MaxSessions)
	case s.Default < s.Min:
		return fail("sessions.default", s.Default, "%w: below sessions.min %d", meso.ErrInvalid, s.Min)
	case s.Max < s.Default:
		return fail("sessions.max", s.Max, "%w: below sessions.default %d", meso.ErrInvalid, s.Default)
	case (s.Max-1)*maxGap > MaxCourseDays:
		return fail("sessions.max", s.Max, "%w: %d gaps of up to %d days run past %d days", meso.ErrTooLarge, s.Max-1, maxGap, MaxCourseDays)
	case p.MinMonths < 0 || p.MinMonths > MaxMonths:
		return fail("min_months", p.MinMonths, "%w: want 0 to %d", meso.ErrInvalid, MaxMonths)
	case p.RepeatMonths < 0 || p.RepeatMonths > MaxMonths:
		return fail("repeat_months", p.RepeatMonths, "%w: want 0 to %d", meso.ErrInvalid, MaxMonths)
	case (s.Max-1)*minGap < 31*p.MinMonths:
		return fail("min_months", p.MinMonths, "%w: %d sessions at gaps of %d days may not cover %d months", meso.ErrInvalid, s.Max, minGap, p.MinMonths)
	}
	return nil
}

// checkText checks ids, names, quotes, sources and policy notes.
func (p *Protocol) checkText() error {
	bad := func(field, value string, err error) error {
		return &meso.FieldError{Field: field, Entry: p.ID, Value: value, Err: err}
	}
	if err := checkID("id", p.ID); err != nil {
		return bad("id", p.ID, err)
	}
	if err := checkText(p.Name, meso.MaxNameLen); err != nil {
		return bad("name", p.Name, err)
	}
	if len(p.Phases) > MaxPhases {
		return bad("phases", strconv.Itoa(len(p.Phases)), fmt.Errorf("%w: at most %d phases", meso.ErrTooLarge, MaxPhases))
	}
	for i, ph := range p.Phases {
		field := "phases[" + strconv.Itoa(i) + "].name"
		if err := checkID("name", ph.Name); err != nil {
			return bad(field, ph.Name, err)
		}
		if slices.ContainsFunc(p.Phases[:i], func(o Phase) bool { return o.Name == ph.Name }) {
			return bad(field, ph.Name, meso.ErrDuplicate)
		}
	}
	for _, l := range []struct {
		field string
		n     int
	}{{"quotes", len(p.Quotes)}, {"policy", len(p.Policy)}, {"readings", len(p.Readings)}, {"sources", len(p.Sources)}} {
		if l.n > MaxListLen {
			return bad(l.field, strconv.Itoa(l.n), fmt.Errorf("%w: at most %d items", meso.ErrTooLarge, MaxListLen))
		}
	}
	if len(p.Sources) == 0 {
		return bad("sources", "", fmt.Errorf("%w: a protocol cites at least one source", meso.ErrMissing))
	}
	for i, s := range p.Sources {
		field := "sources[" + strconv.Itoa(i) + "]"
		if err := checkText(s, meso.MaxNameLen); err != nil {
			return bad(field, s, err)
		}
		if slices.Contains(p.Sources[:i], s) {
			return bad(field, s, meso.ErrDuplicate)
		}
	}
	for i, q := range p.Quotes {
		field := "quotes[" + strconv.Itoa(i) + "]"
		if !slices.Contains(p.Sources, q.Source) {
			return bad(field+".source", q.Source, fmt.Errorf("%w: not one of the protocol's sources", meso.ErrUnknown))
		}
		if err := checkText(q.Text, meso.MaxTextLen); err != nil {
			return bad(field+".text", q.Text, err)
		}
	}
	for i, d := range p.Policy {
		field := "policy[" + strconv.Itoa(i) + "]"
		if !p.hasNumber(d.Field) {
			return bad(field+".field", d.Field, fmt.Errorf("%w: not a number of this protocol (such as phases[0].gap.preferred or sessions.default)", meso.ErrUnknown))
		}
		if slices.ContainsFunc(p.Policy[:i], func(o PolicyDefault) bool { return o.Field == d.Field }) {
			return bad(field+".field", d.Field, meso.ErrDuplicate)
		}
		if err := checkText(d.Note, meso.MaxTextLen); err != nil {
			return bad(field+".note", d.Note, err)
		}
	}
	for i, d := range p.Readings {
		field := "readings[" + strconv.Itoa(i) + "]"
		switch {
		case !p.hasNumber(d.Field):
			return bad(field+".field", d.Field, fmt.Errorf("%w: not a number of this protocol (such as phases[0].gap.max or sessions.min)", meso.ErrUnknown))
		case slices.ContainsFunc(p.Readings[:i], func(o Reading) bool { return o.Field == d.Field }):
			return bad(field+".field", d.Field, meso.ErrDuplicate)
		case p.IsPolicy(d.Field):
			return bad(field+".field", d.Field, fmt.Errorf("%w: also a policy default; a value is stated, read or chosen, not two of them", meso.ErrInvalid))
		}
		if err := checkText(d.Note, meso.MaxTextLen); err != nil {
			return bad(field+".note", d.Note, err)
		}
	}
	return nil
}

// IsReading reports whether the value at field is read from words that leave
// room, or stated by only some of p's sources (see Readings).
func (p Protocol) IsReading(field string) bool {
	return slices.ContainsFunc(p.Readings, func(d Reading) bool { return d.Field == field })
}

// hasNumber reports whether field is the path of one of p's numbers.
func (p *Protocol) hasNumber(field string) bool {
	switch field {
	case "sessions.min", "sessions.max", "sessions.default", "min_months", "repeat_months":
		return true
	}
	rest, ok := strings.CutPrefix(field, "phases[")
	if !ok {
		return false
	}
	num, rest, ok := strings.Cut(rest, "]")
	i, err := strconv.Atoi(num)
	if !ok || err != nil || i < 0 || i >= len(p.Phases) || strconv.Itoa(i) != num {
		return false
	}
	switch rest {
	case ".gap.min", ".gap.preferred", ".gap.max", ".months", ".sessions":
		return true
	}
	return false
}

// checkID and checkText check ids and free text, as course's events do.
var checkID, checkText = fault.CheckID, fault.CheckText
