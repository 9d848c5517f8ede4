package ics

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/jsontest"
)

// Every key of the options' and a previous plan's schemas, in other
// letters, is refused by name: "REMINDER" must not drop the patient's
// reminder, nor "PREVIOUS" the cancellations of a re-plan.
func TestFoldedKeysRefused(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	first := time.Date(2027, 3, 1, 10, 0, 0, 0, berlin)
	day := meso.DateOf(first)
	prev := &Previous{Appointments: []schedule.Appointment{{N: 1, Start: first, Phase: "main", Earliest: day, Latest: day}}, Sequence: 2}
	opts := Options{UIDDomain: "calendar.clinic.example", Course: "c-17", Stamp: time.Date(2027, 2, 20, 9, 30, 0, 0, time.UTC),
		Zone: berlin, Length: 30 * time.Minute, Title: "Meso", Place: "Clinic North", Note: "Call us.", Reminder: 24 * time.Hour,
		Aftercare: aftercare.DefaultPolicy(), TestInjection: first.Add(-24 * time.Hour), Previous: prev}
	doc, err := json.Marshal(opts)
	if err != nil {
		t.Fatal(err)
	}
	pdoc, err := json.Marshal(prev)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("options", func(t *testing.T) {
		jsontest.CheckFoldedKeys(t, [][]byte{doc}, func(b []byte) error { return new(Options).UnmarshalJSON(b) }, optionsJSON{}, Previous{})
	})
	t.Run("previous", func(t *testing.T) {
		jsontest.CheckFoldedKeys(t, [][]byte{pdoc}, func(b []byte) error { return new(Previous).UnmarshalJSON(b) }, Previous{})
	})
}
