package course

import (
	"errors"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/event"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/fuzzcheck"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
)

// Any input to a Course's UnmarshalJSON, or to a State's UnmarshalText, is
// either refused (for a course the log's *meso.FieldError or the
// *ReplayError naming the event Replay refuses; for a state an error
// wrapping meso.ErrUnknown; the receiver left as it was) or read as a value
// that encodes again and reads back as itself. FuzzReplay checks besides
// that a course reads as Replay replays it. Nothing panics.
func FuzzUnmarshal(f *testing.F) {
	c := fuzzCourse(f)
	data, err := os.ReadFile("event/testdata/logs/v3.json")
	if err != nil {
		f.Fatal(err)
	}
	types := []jsontest.Type{
		{Sample: func() any { v := c; return &v }, Refusal: func(err error) string {
			var re *ReplayError
			if errors.As(err, &re) {
				return ""
			}
			return fuzzcheck.Field(err)
		}, Seeds: []string{string(data), `{"version":1,"events":[]}`, `null`}},
		{Sample: func() any { s := OnHold; return &s }, Refusal: fuzzcheck.Sentinel, Seeds: []string{""}},
	}
	docs, err := jsontest.FuzzSeeds(types, strictjson.MaxDepth)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range docs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return // the size limit has its own test
		}
		jsontest.CheckInput(t, types, data, func(want, got any) string {
			return cmp.Diff(want, got, courseOptions, safetyOption)
		})
	})
}

// fuzzCourse is a course in weekly sessions, on hold after its first.
func fuzzCourse(t testing.TB) Course {
	p, _ := schedule.Lookup(schedule.Weekly)
	c, err := Replay(event.Log{Protocol: p, Preparation: "greying-cocktail", Zone: berlin, Events: []event.Event{cleared(march(1)),
		event.TestInjection{At: march(2), Preparation: "greying-cocktail"}, cleared(march(3)), sessionAt(march(3)),
		event.Hold{At: march(4), Reason: "flu", Until: meso.DateOf(march(9))}}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
