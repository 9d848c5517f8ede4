package aftercare

import (
	"github.com/mesokit/meso"

	"github.com/mesokit/meso/internal/enum"
)

// Activity is something a patient does that a session restricts for a while
// afterwards, or requires or forbids before. The ids are part of the API.
//
// Its values: TouchScalp, ScalpMedication, WashHair, DyeHair,
// StylingProducts, ScalpMassage, SunExposure, Solarium, Pool, Sauna,
// Exercise, XRay and CosmeticProcedures.
type Activity uint8

// The activities. The zero Activity is none: an instruction about something
// else (alcohol, medicines) has it.
const (
	TouchScalp Activity = iota + 1
	ScalpMedication
	WashHair
	DyeHair
	StylingProducts
	ScalpMassage
	SunExposure
	Solarium
	Pool
	Sauna
	Exercise
	XRay
	CosmeticProcedures

	numActivities = iota + 1 // activities are 1 … numActivities-1
)

// activities is the table of activities: id, and what the patient must not do
// in plain words, to finish "Do not …".
var activities = [numActivities]struct{ id, phrase string }{
	TouchScalp:         {"touch-scalp", "touch or scratch your scalp"},
	ScalpMedication:    {"scalp-medication", "put any medicine on your scalp"},
	WashHair:           {"wash-hair", "wash your hair"},
	DyeHair:            {"dye-hair", "dye or colour your hair"},
	StylingProducts:    {"styling-products", "use hair sprays, creams, oils, masks or other styling products"},
	ScalpMassage:       {"scalp-massage", "massage your head"},
	SunExposure:        {"sun-exposure", "sunbathe or stay in direct sun (keep your head covered)"},
	Solarium:           {"solarium", "use a solarium or tanning bed"},
	Pool:               {"pool", "swim in a pool or the sea"},
	Sauna:              {"sauna", "go to a sauna, bath or other hot, humid place"},
	Exercise:           {"exercise", "do sport or anything that makes your scalp sweat"},
	XRay:               {"x-ray", "have an X-ray, radiation or electrotherapy examination"},
	CosmeticProcedures: {"cosmetic-procedures", "have other cosmetic procedures"},
}

var activityText = &enum.Table{Type: "Activity", What: "activity", Unknown: meso.ErrUnknown, Names: func() []string {
	names := make([]string, numActivities)
	for a, v := range activities {
		names[a] = v.id
	}
	return names
}()}

// Activities returns every activity in table order.
func Activities() []Activity {
	all := make([]Activity, 0, numActivities-1)
	for a := Activity(1); a < numActivities; a++ {
		all = append(all, a)
	}
	return all
}

func (a Activity) valid() bool { return a > 0 && a < numActivities }

// String returns the activity's id, as in "wash-hair".
func (a Activity) String() string { return enum.String(activityText, a) }

// Phrase returns what the patient must not do, in plain words, to follow
// "Do not": "wash your hair".
func (a Activity) Phrase() string {
	if a.valid() {
		return activities[a].phrase
	}
	return ""
}

// MarshalText returns the activity's id.
func (a Activity) MarshalText() ([]byte, error) { return enum.Marshal(activityText, a) }

// UnmarshalText reads an activity id; an unknown one is an error wrapping
// meso.ErrUnknown.
func (a *Activity) UnmarshalText(text []byte) error {
	return enum.Unmarshal(activityText, text, a)
}

// activityIDs returns the ids of the activities, in order.
func activityIDs() []string {
	ids := make([]string, 0, numActivities-1)
	for a := Activity(1); a < numActivities; a++ {
		ids = append(ids, activities[a].id)
	}
	return ids
}

// ParseActivity returns the activity with the given id. An unknown id is an
// error wrapping meso.ErrUnknown that lists the valid ones.
func ParseActivity(id string) (Activity, error) {
	var a Activity
	err := a.UnmarshalText([]byte(id))
	return a, err
}
