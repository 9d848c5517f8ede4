package course

import (
	"encoding/json"
	"testing"

	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/internal/jsontest"
)

// Every key of a course's log, in other letters, is refused by name when
// a Course reads it (event's TestFoldedKeysRefused checks DecodeLog on a
// log with every kind of event against the log's whole schema).
func TestFoldedKeysRefused(t *testing.T) {
	doc, err := json.Marshal(fuzzCourse(t))
	if err != nil {
		t.Fatal(err)
	}
	jsontest.CheckFoldedKeys(t, [][]byte{doc}, func(b []byte) error { return new(Course).UnmarshalJSON(b) },
		event.Screened{}, event.Hold{})
}
