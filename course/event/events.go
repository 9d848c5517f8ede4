package event

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/enum"
	"github.com/mesokit/meso/screening"
)

// Event is something that happened to a course and that course.Apply
// records: a screening, the test injection, a session, a missed visit, a
// hold, an adverse event and the rest below. Each event carries the instant
// it happened; events of one course come in time order. The event types of
// this package are the only ones course.Apply takes.
type Event interface {
	// Kind returns the event's kind: its name in the course's log.
	Kind() Kind
	// When returns the instant the event happened.
	When() time.Time
	// Check checks the event's own fields (ids, text, enumerations, zones,
	// counts), as course.Apply does before it looks at the course: nil, or a
	// *meso.FieldError naming the field. Whether the course accepts the
	// event is Apply's to say.
	Check() error
}

// Kind is the kind of an Event, its "kind" in the JSON log.
//
// Its values: KindScreened, KindTestInjection, KindSessionPerformed,
// KindSessionMissed, KindHold, KindResume, KindAdverseEvent, KindReview,
// KindPreparationChanged, KindMainCourseCompleted, KindMaintenanceStarted,
// KindClosed, KindCancelled and KindObservation.
type Kind uint8

// The kinds of event. The zero Kind is none.
const (
	KindScreened Kind = iota + 1
	KindTestInjection
	KindSessionPerformed
	KindSessionMissed
	KindHold
	KindResume
	KindAdverseEvent
	KindReview
	KindPreparationChanged
	KindMainCourseCompleted
	KindMaintenanceStarted
	KindClosed
	KindCancelled
	KindObservation

	numKinds = iota + 1
)

var kindText = &enum.Table{Type: "Kind", What: "event type", Unknown: meso.ErrUnknown, Names: []string{
	KindScreened:            "screened",
	KindTestInjection:       "test-injection",
	KindSessionPerformed:    "session-performed",
	KindSessionMissed:       "session-missed",
	KindHold:                "hold",
	KindResume:              "resume",
	KindAdverseEvent:        "adverse-event",
	KindReview:              "review",
	KindPreparationChanged:  "preparation-changed",
	KindMainCourseCompleted: "main-course-completed",
	KindMaintenanceStarted:  "maintenance-started",
	KindClosed:              "closed",
	KindCancelled:           "cancelled",
	KindObservation:         "observation",
}}

// String returns the kind's name, as in "session-performed".
func (k Kind) String() string { return enum.String(kindText, k) }

// MarshalText returns the kind's name.
func (k Kind) MarshalText() ([]byte, error) { return enum.Marshal(kindText, k) }

// UnmarshalText reads a kind's name; an unknown one wraps meso.ErrUnknown.
func (k *Kind) UnmarshalText(text []byte) error { return enum.Unmarshal(kindText, text, k) }

// Screened records a screening of the patient (package screening): cleared
// or caution lets the course go on, deferred puts it on hold until the
// screening's Until, refused cancels it.
type Screened struct {
	At     time.Time        `json:"at"`
	Result screening.Result `json:"result"`
}

// TestInjection records the allergy test injection that S2 asks for one day
// before the first procedure. Reaction describes any reaction; empty means
// none, and the course is ready. A reaction halts the course until a
// clinician reviews it.
type TestInjection struct {
	At          time.Time `json:"at"`
	Preparation string    `json:"preparation"`
	Reaction    string    `json:"reaction,omitempty"`
}

// SessionPerformed records a session: the preparation injected, the
// injection technique (formulary technique ids), the zones of the scalp and
// the number of injections.
type SessionPerformed struct {
	At          time.Time `json:"at"`
	Preparation string    `json:"preparation"`
	Technique   string    `json:"technique"`
	Zones       Zones     `json:"zones"`
	Injections  int       `json:"injections"`
	// Checklist is the steps of SessionSteps the clinic ticks off as done
	// (S0, S1, S2, S3, S4 describe them); empty when it keeps no checklist.
	Checklist Checklist `json:"checklist,omitzero"`
}

// SessionMissed records an appointment the patient did not come to. Missing
// sessions delays progress and may reduce the result (S4); course.Course.Reschedule
// says how the rest of the course shifts.
type SessionMissed struct {
	At     time.Time `json:"at"`
	Reason string    `json:"reason,omitempty"`
}

// Hold puts the course on hold for a temporary reason (a contraindication
// that passes, a holiday). Until is the first day it may resume, when known.
type Hold struct {
	At     time.Time `json:"at"`
	Reason string    `json:"reason"`
	Until  meso.Date `json:"until,omitzero"`
}

// Resume ends a hold, on or after its Until.
type Resume struct {
	At time.Time `json:"at"`
}

// AdverseEvent records a complication after or during a session and the
// clinician's grade of it. A severe one, or one of the complications that
// halt whatever their grade (see Complication.Halts), halts the course until
// a clinician reviews it; others are recorded.
type AdverseEvent struct {
	At           time.Time    `json:"at"`
	Complication Complication `json:"complication"`
	Grade        Grade        `json:"grade"`
	Note         string       `json:"note,omitempty"`
}

// Review records a clinician's review of a halted course and its outcome.
// With OutcomeChangePreparation, Preparation names the new one; it needs a new
// test injection. With the other outcomes Preparation is empty.
type Review struct {
	At          time.Time `json:"at"`
	Outcome     Outcome   `json:"outcome"`
	Preparation string    `json:"preparation,omitempty"`
	Note        string    `json:"note,omitempty"`
}

// PreparationChanged records a change of cocktail, which S2 describes after
// 2-3 procedures. Before the second session it needs a Reason.
type PreparationChanged struct {
	At          time.Time `json:"at"`
	Preparation string    `json:"preparation"`
	Reason      string    `json:"reason,omitempty"`
}

// MainCourseCompleted records the end of the main course.
type MainCourseCompleted struct {
	At time.Time `json:"at"`
}

// MaintenanceStarted starts maintenance after the main course (S2: one
// procedure every 30 days for 3-6 months). Protocol is the maintenance
// protocol; the zero Protocol means monthly-maintenance.
type MaintenanceStarted struct {
	At       time.Time         `json:"at"`
	Protocol schedule.Protocol `json:"protocol,omitzero"`
}

// Close closes a course that has run its course.
type Close struct {
	At   time.Time `json:"at"`
	Note string    `json:"note,omitempty"`
}

// Cancel ends a course before its end; it needs a Reason.
type Cancel struct {
	At     time.Time `json:"at"`
	Reason string    `json:"reason"`
}

// Observation records something seen that is not an adverse event, such as
// the extra shedding after the second or third session that S0 says is
// expected; it does not change the course.
type Observation struct {
	At       time.Time `json:"at"`
	Observed Observed  `json:"observed"`
	Note     string    `json:"note,omitempty"`
}

// Kind returns KindScreened.
func (Screened) Kind() Kind { return KindScreened }

// Kind returns KindTestInjection.
func (TestInjection) Kind() Kind { return KindTestInjection }

// Kind returns KindSessionPerformed.
func (SessionPerformed) Kind() Kind { return KindSessionPerformed }

// Kind returns KindSessionMissed.
func (SessionMissed) Kind() Kind { return KindSessionMissed }

// Kind returns KindHold.
func (Hold) Kind() Kind { return KindHold }

// Kind returns KindResume.
func (Resume) Kind() Kind { return KindResume }

// Kind returns KindAdverseEvent.
func (AdverseEvent) Kind() Kind { return KindAdverseEvent }

// Kind returns KindReview.
func (Review) Kind() Kind { return KindReview }

// Kind returns KindPreparationChanged.
func (PreparationChanged) Kind() Kind { return KindPreparationChanged }

// Kind returns KindMainCourseCompleted.
func (MainCourseCompleted) Kind() Kind { return KindMainCourseCompleted }

// Kind returns KindMaintenanceStarted.
func (MaintenanceStarted) Kind() Kind { return KindMaintenanceStarted }

// Kind returns KindClosed.
func (Close) Kind() Kind { return KindClosed }

// Kind returns KindCancelled.
func (Cancel) Kind() Kind { return KindCancelled }

// Kind returns KindObservation.
func (Observation) Kind() Kind { return KindObservation }

// When returns e.At.
func (e Screened) When() time.Time { return e.At }

// When returns e.At.
func (e TestInjection) When() time.Time { return e.At }

// When returns e.At.
func (e SessionPerformed) When() time.Time { return e.At }

// When returns e.At.
func (e SessionMissed) When() time.Time { return e.At }

// When returns e.At.
func (e Hold) When() time.Time { return e.At }

// When returns e.At.
func (e Resume) When() time.Time { return e.At }

// When returns e.At.
func (e AdverseEvent) When() time.Time { return e.At }

// When returns e.At.
func (e Review) When() time.Time { return e.At }

// When returns e.At.
func (e PreparationChanged) When() time.Time { return e.At }

// When returns e.At.
func (e MainCourseCompleted) When() time.Time { return e.At }

// When returns e.At.
func (e MaintenanceStarted) When() time.Time { return e.At }

// When returns e.At.
func (e Close) When() time.Time { return e.At }

// When returns e.At.
func (e Cancel) When() time.Time { return e.At }

// When returns e.At.
func (e Observation) When() time.Time { return e.At }

// Zones is a set of zones of the scalp injected in a session. S2: focal
// thinning at the temples, the back of the head or the crown is injected in
// those areas; uniform thinning over the whole scalp. S3: several injections
// in the neck area. Its text form lists the zones, as in "crown,temples".
//
// Its values: WholeScalp, Temples, Crown, BackOfHead and Neck.
type Zones uint8

// The zones of the scalp.
const (
	WholeScalp Zones = 1 << iota
	Temples
	Crown
	BackOfHead
	Neck

	allZones = WholeScalp | Temples | Crown | BackOfHead | Neck
)

var zoneNames = [...]struct {
	zone    Zones
	name    string
	sources []string
}{
	{WholeScalp, "whole-scalp", []string{meso.S2, meso.S4}},
	{Temples, "temples", []string{meso.S2}},
	{Crown, "crown", []string{meso.S2}},
	{BackOfHead, "back-of-head", []string{meso.S2}},
	{Neck, "neck", []string{meso.S3}},
}

// String lists the zones, as in "temples,crown"; "" for none.
func (z Zones) String() string {
	var names []string
	for _, n := range zoneNames {
		if z&n.zone != 0 {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, ",")
}

// MarshalText returns the zones' names joined by commas. A value with a
// bit past the zones is an error, as Check refuses it: its text would read
// back as fewer zones.
func (z Zones) MarshalText() ([]byte, error) {
	if z&^allZones != 0 {
		return nil, &meso.FieldError{Field: "zones", Value: strconv.Itoa(int(z)), Err: fmt.Errorf("%w: not a set of zones", meso.ErrInvalid)}
	}
	return []byte(z.String()), nil
}

// UnmarshalText reads zone names joined by commas; an unknown name or one
// given twice is an error.
func (z *Zones) UnmarshalText(text []byte) error {
	var out Zones
	if len(text) > 0 {
		for _, name := range strings.Split(string(text), ",") {
			var one Zones
			for _, n := range zoneNames {
				if n.name == name {
					one = n.zone
				}
			}
			switch {
			case one == 0:
				return &meso.FieldError{Field: "zones", Value: name, Err: zoneMismatch()}
			case out&one != 0:
				return &meso.FieldError{Field: "zones", Value: name, Err: meso.ErrDuplicate}
			}
			out |= one
		}
	}
	*z = out
	return nil
}

func zoneMismatch() error {
	t := enum.Table{What: "zone", Unknown: meso.ErrUnknown}
	for _, n := range zoneNames {
		t.Names = append(t.Names, n.name)
	}
	return t.Mismatch()
}

// Checklist is a set of the steps of a session (SessionSteps), by their
// ids: a session's record of what was done. Its text form is the ids in
// SessionSteps' order, joined by commas, as in "gloves,antiseptic-before";
// the zero Checklist is none. A Checklist is a comparable value.
type Checklist uint16

// NewChecklist returns the checklist of the steps with the given ids; an
// id that is not a step of SessionSteps, or one given twice, is a
// *meso.FieldError.
func NewChecklist(ids []string) (Checklist, error) {
	var out Checklist
	for _, id := range ids {
		i := slices.IndexFunc(sessionSteps, func(r Reference) bool { return r.ID == id })
		switch {
		case i < 0:
			return 0, &meso.FieldError{Field: "checklist", Value: id, Err: checklistMismatch()}
		case out&(1<<i) != 0:
			return 0, &meso.FieldError{Field: "checklist", Value: id, Err: meso.ErrDuplicate}
		}
		out |= 1 << i
	}
	return out, nil
}

// Has reports whether the step with the given id is ticked off.
func (c Checklist) Has(id string) bool {
	i := slices.IndexFunc(sessionSteps, func(r Reference) bool { return r.ID == id })
	return i >= 0 && c&(1<<i) != 0
}

// IDs returns the ids of the steps ticked off, in SessionSteps' order.
func (c Checklist) IDs() []string {
	var out []string
	for i, r := range sessionSteps {
		if c&(1<<i) != 0 {
			out = append(out, r.ID)
		}
	}
	return out
}

// String lists the steps' ids joined by commas; "" for none.
func (c Checklist) String() string { return strings.Join(c.IDs(), ",") }

// MarshalText returns the steps' ids joined by commas. A checklist with a
// bit past the steps is an error.
func (c Checklist) MarshalText() ([]byte, error) {
	if c>>len(sessionSteps) != 0 {
		return nil, &meso.FieldError{Field: "checklist", Value: strconv.Itoa(int(c)), Err: fmt.Errorf("%w: not a set of SessionSteps", meso.ErrInvalid)}
	}
	return []byte(c.String()), nil
}

// UnmarshalText reads step ids joined by commas, as NewChecklist takes
// them. On error c is unchanged.
func (c *Checklist) UnmarshalText(text []byte) error {
	var ids []string
	if len(text) > 0 {
		ids = strings.Split(string(text), ",")
	}
	v, err := NewChecklist(ids)
	if err != nil {
		return err
	}
	*c = v
	return nil
}

func checklistMismatch() error {
	t := enum.Table{What: "session step", Unknown: meso.ErrUnknown}
	for _, r := range sessionSteps {
		t.Names = append(t.Names, r.ID)
	}
	return t.Mismatch()
}

// Complication is the kind of an adverse event, as the sources name them.
//
// Its values: Bruising, Haematoma, Swelling, Pain, SevereAllergicReaction,
// Scratches, Burns, Scars, Nausea, Vomiting, Dizziness, Fainting, Itching,
// Necrosis, Infection, Inflammation, Spots, Ulcers, Fever,
// PersistentDiscomfort, Irritation and Hyperaemia.
type Complication uint8

// The complications the sources name (SOURCES.md at the module root lists
// the sources). The zero Complication is none.
const (
	Bruising Complication = iota + 1
	Haematoma
	Swelling
	Pain
	SevereAllergicReaction
	Scratches
	Burns
	Scars
	Nausea
	Vomiting
	Dizziness
	Fainting
	Itching
	Necrosis
	Infection
	Inflammation
	Spots
	Ulcers
	Fever
	PersistentDiscomfort
	Irritation // S4: "some irritation, pain or sensitivity in the scalp after the treatment"
	Hyperaemia // S2: "hyperaemia observed in the head and swelling ... are resolved within a few days"

	numComplications = iota + 1
)

// complications is the table of adverse events: id, whether it halts the
// course whatever its grade, and the sources that name it.
var complications = [numComplications]struct {
	id      string
	halts   bool
	sources []string
}{
	Bruising:               {"bruising", false, []string{meso.S0, meso.S1, meso.S2, meso.S4}},
	Haematoma:              {"haematoma", false, []string{meso.S1, meso.S2}},
	Swelling:               {"swelling", false, []string{meso.S1, meso.S2}},
	Pain:                   {"pain", false, []string{meso.S1, meso.S2, meso.S4}},
	SevereAllergicReaction: {"severe-allergic-reaction", true, []string{meso.S1, meso.S2}},
	Scratches:              {"scratches", false, []string{meso.S2}},
	Burns:                  {"burns", false, []string{meso.S2}},
	Scars:                  {"scars", false, []string{meso.S2}},
	Nausea:                 {"nausea", false, []string{meso.S2}},
	Vomiting:               {"vomiting", false, []string{meso.S2}},
	Dizziness:              {"dizziness", false, []string{meso.S2}},
	Fainting:               {"fainting", false, []string{meso.S2}},
	Itching:                {"itching", false, []string{meso.S2, meso.S4}},
	Necrosis:               {"necrosis", true, []string{meso.S2}},
	Infection:              {"infection", true, []string{meso.S2}},
	Inflammation:           {"inflammation", false, []string{meso.S4}},
	Spots:                  {"spots", false, []string{meso.S4}},
	Ulcers:                 {"ulcers", true, []string{meso.S2}},
	Fever:                  {"fever", true, []string{meso.S2}},
	PersistentDiscomfort:   {"persistent-discomfort", true, []string{meso.S2}},
	Irritation:             {"irritation", false, []string{meso.S4}},
	Hyperaemia:             {"hyperaemia", false, []string{meso.S2}},
}

var complicationText = &enum.Table{Type: "Complication", What: "complication", Unknown: meso.ErrUnknown, Names: func() []string {
	names := make([]string, numComplications)
	for c, v := range complications {
		names[c] = v.id
	}
	return names
}()}

// String returns the complication's id, as in "severe-allergic-reaction".
func (c Complication) String() string { return enum.String(complicationText, c) }

// MarshalText returns the complication's id.
func (c Complication) MarshalText() ([]byte, error) { return enum.Marshal(complicationText, c) }

// UnmarshalText reads a complication's id; an unknown one wraps meso.ErrUnknown.
func (c *Complication) UnmarshalText(text []byte) error {
	return enum.Unmarshal(complicationText, text, c)
}

// Halts reports whether the complication halts a course whatever its
// grade. Ulcers, fever and discomfort that lasts over a week or worsens
// mean "contact the clinic at once" (S2). Necrosis, infection (S2) and a
// severe allergic reaction (S1, S2) halt by meso's clinic-safety policy: the
// sources name them as complications but do not say the course stops.
func (c Complication) Halts() bool { return c.valid() && complications[c].halts }

// Sources returns the documents that name the complication.
func (c Complication) Sources() []string {
	if !c.valid() {
		return nil
	}
	return append([]string(nil), complications[c].sources...)
}

func (c Complication) valid() bool { return c > 0 && c < numComplications }

// Grade is how severe an adverse event is, as the clinician grades it:
// mild, moderate or severe. (A screening rule's absolute, relative or
// temporary is screening.Severity, another scale.)
//
// Its values: Mild, Moderate and Severe.
type Grade uint8

// The grades of an adverse event. The zero Grade is none.
const (
	Mild Grade = iota + 1
	Moderate
	Severe
)

var gradeText = &enum.Table{Type: "Grade", What: "grade", Unknown: meso.ErrUnknown,
	Names: []string{Mild: "mild", Moderate: "moderate", Severe: "severe"}}

// String returns "mild", "moderate" or "severe".
func (g Grade) String() string { return enum.String(gradeText, g) }

// MarshalText returns "mild", "moderate" or "severe".
func (g Grade) MarshalText() ([]byte, error) { return enum.Marshal(gradeText, g) }

// UnmarshalText reads "mild", "moderate" or "severe".
func (g *Grade) UnmarshalText(text []byte) error { return enum.Unmarshal(gradeText, text, g) }

// Outcome is what a clinician decides when reviewing a halted course.
//
// Its values: OutcomeResume, OutcomeChangePreparation and OutcomeStop.
type Outcome uint8

// The outcomes of a review. The zero Outcome is none.
const (
	OutcomeResume            Outcome = iota + 1 // go on as before
	OutcomeChangePreparation                    // go on with another preparation, after a new test injection
	OutcomeStop                                 // stop: the course is closed
)

var outcomeText = &enum.Table{Type: "Outcome", What: "outcome", Unknown: meso.ErrUnknown,
	Names: []string{OutcomeResume: "resume", OutcomeChangePreparation: "change-preparation", OutcomeStop: "stop"}}

// String returns "resume", "change-preparation" or "stop".
func (o Outcome) String() string { return enum.String(outcomeText, o) }

// MarshalText returns the outcome's name.
func (o Outcome) MarshalText() ([]byte, error) { return enum.Marshal(outcomeText, o) }

// UnmarshalText reads an outcome's name.
func (o *Outcome) UnmarshalText(text []byte) error { return enum.Unmarshal(outcomeText, text, o) }

// Observed is what an Observation saw.
//
// Its values: Shedding and OtherObservation.
type Observed uint8

// What an observation can see. The zero Observed is nothing.
const (
	// Shedding: more hair falls out after the second or third session; old
	// hairs make way for new ones, and it is not a failure (S0).
	Shedding Observed = iota + 1
	// OtherObservation is anything else worth recording that is not an
	// adverse event.
	OtherObservation
)

var observationText = &enum.Table{Type: "Observed", What: "observation", Unknown: meso.ErrUnknown,
	Names: []string{Shedding: "shedding", OtherObservation: "other"}}

// String returns "shedding" or "other".
func (o Observed) String() string { return enum.String(observationText, o) }

// MarshalText returns "shedding" or "other".
func (o Observed) MarshalText() ([]byte, error) { return enum.Marshal(observationText, o) }

// UnmarshalText reads "shedding" or "other".
func (o *Observed) UnmarshalText(text []byte) error {
	return enum.Unmarshal(observationText, text, o)
}
