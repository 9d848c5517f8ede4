package clinic

import (
	"encoding/json"
	"testing"

	"github.com/mesokit/meso/internal/jsontest"
)

// Every key of a calendar's and a free day's schemas, in other letters, is
// refused by name: "HOLIDAYS" must not drop the clinic's closed days, nor
// "UNAVAILABLE" the patient's.
func TestFoldedKeysRefused(t *testing.T) {
	cal, err := json.Marshal(sampleCalendar())
	if err != nil {
		t.Fatal(err)
	}
	day, err := json.Marshal(sampleFreeDay())
	if err != nil {
		t.Fatal(err)
	}
	t.Run("calendar", func(t *testing.T) {
		jsontest.CheckFoldedKeys(t, [][]byte{cal}, func(b []byte) error { return new(Calendar).UnmarshalJSON(b) }, calendarJSON{})
	})
	t.Run("free day", func(t *testing.T) {
		jsontest.CheckFoldedKeys(t, [][]byte{day}, func(b []byte) error { return new(FreeDay).UnmarshalJSON(b) }, FreeTime{})
	})
}
