package plancheck

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/daytest"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/screening"
)

// Every key of a conflict's and a side's schemas, in other letters, is
// refused by name: "UNTIL" must not make a window open-ended.
func TestFoldedKeysRefused(t *testing.T) {
	as := expand(t, schedule.Every2to3Days, "2027-03-01", 0, calendarIn(t, "Europe/Berlin"))
	in := screening.Intake{BirthDate: daytest.Date(t, "1990-04-12"), Conditions: []screening.Condition{screening.AcuteIllness}}
	cs := check(t, Plan{Appointments: as[:3], Aftercare: aftercare.DefaultPolicy(), Intake: &in,
		Events:        []PlannedEvent{{Name: "a week at the sea", Activity: aftercare.SunExposure, From: as[1].Start, Until: as[1].Start.Add(7 * 24 * time.Hour)}},
		TestInjection: as[0].Start.Add(-24 * time.Hour), MinGap: 2})
	// A side with every field a side has, whatever its kind fills.
	all := ConflictSide{Kind: WindowSide, Sessions: []int{1, 2}, Instruction: "wash-hair-day-before", Activity: aftercare.SunExposure,
		Event: "a week at the sea", Verdict: screening.Deferred, Rules: []string{"acute-illness"}, From: as[0].Start,
		Until: as[0].Start.Add(time.Hour), Sources: []string{"S1"}, PolicyDefault: true}
	var conflicts, sides [][]byte
	for _, v := range append(cs, Conflict{Kind: cs[0].Kind, Message: "m", From: as[0].Start, Until: as[0].Start, Planned: all, Restriction: all}) {
		doc, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		conflicts = append(conflicts, doc)
	}
	for _, v := range []ConflictSide{all, cs[0].Planned, cs[0].Restriction} {
		doc, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		sides = append(sides, doc)
	}
	t.Run("conflict", func(t *testing.T) {
		jsontest.CheckFoldedKeys(t, conflicts, func(b []byte) error { return new(Conflict).UnmarshalJSON(b) }, conflictJSON{}, sideJSON{})
	})
	t.Run("side", func(t *testing.T) {
		jsontest.CheckFoldedKeys(t, sides, func(b []byte) error { return new(ConflictSide).UnmarshalJSON(b) }, sideJSON{})
	})
}
