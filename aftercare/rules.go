package aftercare

import (
	"slices"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/enum"
)

// Statement is what one source says about how long to avoid an activity after
// a session. Min and Max are 0 when the source gives no duration ("keep your
// head covered").
type Statement struct {
	Min, Max time.Duration
	Words    string // the source's own words
	// Reading is how meso reads imprecise words as a duration ("a couple of
	// days, read as two days"); empty when the source states a number.
	Reading string
	Sources []string
}

// Stated reports whether the statement gives a duration.
func (s Statement) Stated() bool { return s.Max > 0 }

// Statements returns every source's statement about activity a, in the order
// of the table.
func Statements(a Activity) []Statement {
	if !a.valid() {
		return nil
	}
	out := slices.Clone(statements[a])
	for i := range out {
		out[i].Sources = slices.Clone(out[i].Sources)
	}
	return out
}

// Ask is what an instruction before a session asks of the patient: to avoid
// something, to do something, or to tell the clinic.
//
// Its values: Avoid, Do and Tell.
type Ask uint8

// The kinds of instruction. The zero Ask is none.
const (
	Avoid Ask = iota + 1 // do not do the activity in the instruction's span
	Do                   // do it within the span (wash the hair the day before)
	Tell                 // tell the clinic or ask the doctor; no span
)

var askText = &enum.Table{Type: "Ask", What: "ask", Unknown: meso.ErrUnknown, Names: []string{Avoid: "avoid", Do: "do", Tell: "tell"}}

// String returns "avoid", "do" or "tell".
func (k Ask) String() string { return enum.String(askText, k) }

// MarshalText returns "avoid", "do" or "tell".
func (k Ask) MarshalText() ([]byte, error) { return enum.Marshal(askText, k) }

// UnmarshalText reads "avoid", "do" or "tell".
func (k *Ask) UnmarshalText(text []byte) error { return enum.Unmarshal(askText, text, k) }

// Instruction is something a patient must do or avoid before a session, or
// tell the clinic. A timed instruction (Avoid, Do) spans from local midnight
// Days calendar days before the session's day: until the session starts, or,
// with WholeDay, only that calendar day ("wash your hair the day before").
type Instruction struct {
	ID        string   `json:"id"`
	Ask       Ask      `json:"ask"`
	Activity  Activity `json:"activity,omitzero"`    // the activity it concerns, or zero (alcohol, medicines), left out of JSON
	Text      string   `json:"text"`                 // what to do or avoid, in plain words for the patient; the Step says when
	FirstOnly bool     `json:"first_only,omitempty"` // only before the first session of a course
	Days      int      `json:"days"`                 // the default under DefaultPolicy; a Policy may set another
	WholeDay  bool     `json:"whole_day,omitempty"`
	Words     string   `json:"words"` // the sources' own words
	Sources   []string `json:"sources"`
	// PolicyDefault marks Days as meso's default: the sources say "before"
	// without saying how long.
	PolicyDefault bool   `json:"policy_default,omitempty"`
	Note          string `json:"note,omitempty"`
}

// Instructions returns every instruction before a session, in table order.
func Instructions() []Instruction {
	out := slices.Clone(instructions)
	for i := range out {
		out[i].Sources = slices.Clone(out[i].Sources)
	}
	return out
}

// instruction returns the index of the instruction with the given id.
func instruction(id string) (int, bool) {
	i := slices.IndexFunc(instructions, func(in Instruction) bool { return in.ID == id })
	return i, i >= 0
}

// AfterEffect is something a patient can expect after a session and need not
// worry about, with how long it lasts where a source says.
type AfterEffect struct {
	What     string
	Min, Max time.Duration // 0 where the source gives no number
	Words    string
	Sources  []string
}

// AfterEffects returns the expected after-effects the sources describe.
func AfterEffects() []AfterEffect {
	out := slices.Clone(afterEffects)
	for i := range out {
		out[i].Sources = slices.Clone(out[i].Sources)
	}
	return out
}

// Advice is general care between sessions that a source recommends without a
// span: advice for the patient, not a restriction a Policy times.
type Advice struct {
	What    string   `json:"what"`  // in plain words for the patient
	Words   string   `json:"words"` // the source's own words
	Sources []string `json:"sources"`
	Note    string   `json:"note,omitempty"` // how meso reads it, where that needs saying
}

// GeneralCare returns the care between sessions the sources advise.
func GeneralCare() []Advice {
	out := slices.Clone(generalCare)
	for i := range out {
		out[i].Sources = slices.Clone(out[i].Sources)
	}
	return out
}

// WarningSign is a sign after a session that means: contact the clinic at
// once (S2).
type WarningSign struct {
	What    string   `json:"what"`
	Words   string   `json:"words"`
	Sources []string `json:"sources"`
}

// WarningSigns returns the signs that mean "call the clinic now".
func WarningSigns() []WarningSign {
	out := slices.Clone(warningSigns)
	for i := range out {
		out[i].Sources = slices.Clone(out[i].Sources)
	}
	return out
}
