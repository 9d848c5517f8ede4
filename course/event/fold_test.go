package event

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/schedule"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
)

// protocolSchema is Protocol without its UnmarshalJSON, so that
// jsontest.Names sees its fields.
type protocolSchema schedule.Protocol

// fullLog holds every kind of event with every field it has.
func fullLog(t testing.TB) []byte {
	t.Helper()
	// Between them the four protocols hold every key of a protocol.
	p, _ := schedule.Lookup(schedule.Every2to3Days)
	repeated, _ := schedule.Lookup(schedule.Every2to3Weeks)
	m, _ := schedule.Lookup(schedule.MonthlyMaintenance)
	phased, _ := schedule.Lookup(schedule.WeeklyThenBiweekly)
	l := Log{Protocol: p, Preparation: "greying-cocktail", Sessions: 12, Zone: berlin, Events: []Event{
		cleared(march(1)),
		TestInjection{At: march(2), Preparation: "greying-cocktail", Reaction: "redness"},
		SessionPerformed{At: march(3), Preparation: "greying-cocktail", Technique: "papular", Zones: WholeScalp, Injections: 40, Checklist: 0b101},
		SessionMissed{At: march(10), Reason: "flu"},
		Hold{At: march(11), Reason: "flu", Until: meso.DateOf(march(20))},
		Resume{At: march(20)},
		AdverseEvent{At: march(21), Complication: Fever, Grade: Moderate, Note: "38.5"},
		Review{At: march(22), Outcome: OutcomeChangePreparation, Preparation: "amino-acid-cocktail", Note: "ok"},
		PreparationChanged{At: march(23), Preparation: "greying-cocktail", Reason: "stock"},
		MainCourseCompleted{At: march(24)},
		MaintenanceStarted{At: march(25), Protocol: m},
		MaintenanceStarted{At: march(25), Protocol: phased},
		MaintenanceStarted{At: march(25), Protocol: repeated},
		Observation{At: march(26), Observed: Shedding, Note: "after the 2nd session"},
		Close{At: march(27), Note: "done"},
		Cancel{At: march(28), Reason: "moved away"},
	}}
	data, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Every key of the log's and the protocol's schemas, in other letters, is
// refused by name: "EVENTS" must not drop a log's events, "MIN" must not
// shorten a gap.
func TestFoldedKeysRefused(t *testing.T) {
	t.Run("log", func(t *testing.T) {
		jsontest.CheckFoldedKeys(t, [][]byte{fullLog(t)}, func(b []byte) error {
			_, err := DecodeLog(bytes.NewReader(b))
			return err
		}, logJSON{}, protocolSchema{}, Screened{}, TestInjection{}, SessionPerformed{}, SessionMissed{}, Hold{}, Resume{},
			AdverseEvent{}, Review{}, PreparationChanged{}, MainCourseCompleted{}, MaintenanceStarted{}, Observation{}, Close{}, Cancel{})
	})
	t.Run("protocol", func(t *testing.T) {
		var docs [][]byte
		for _, p := range schedule.All() {
			data, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, data)
		}
		jsontest.CheckFoldedKeys(t, docs, func(b []byte) error {
			_, err := schedule.Load(bytes.NewReader(b))
			return err
		}, protocolSchema{})
	})
}

// deepDecoders are this package's decoders, each with the key of a list
// it walks and the largest input it takes.
var deepDecoders = []jsontest.Decoder{
	{Name: "log", Key: "events", Size: MaxLogBytes, Decode: func(data []byte) error {
		_, err := DecodeLog(bytes.NewReader(data))
		return err
	}},
	{Name: "protocol", Key: "phases", Size: schedule.MaxProtocolBytes, Decode: func(data []byte) error {
		_, err := schedule.Load(bytes.NewReader(data))
		return err
	}},
}

// Decoding a hostile document of the largest size accepted, nested to the
// depth limit or far past it, costs memory linear in its size.
func TestDecodeMemoryIsLinear(t *testing.T) {
	jsontest.CheckMemoryOf(t, deepDecoders, strictjson.MaxDepth)
}

func BenchmarkDecodeDeep(b *testing.B) {
	jsontest.BenchmarkDeepOf(b, deepDecoders, strictjson.MaxDepth)
}

// A bad instant in a log is named down to the event's field, and an offset
// RFC 3339 does not allow is refused rather than read as another.
func TestLogInstantsNamed(t *testing.T) {
	good := string(fullLog(t))
	at := `"at":"2027-03-01T10:00:00+01:00"`
	if !strings.Contains(good, at) {
		t.Fatalf("%s not in the log", at)
	}
	for _, bad := range []string{`"at":"2027-03-01T10:00:00+00:60"`, `"at":"2027-03-01T10:00:00+24:00"`, `"at":"1 March"`, `"at":20270301`} {
		_, err := DecodeLog(strings.NewReader(strings.Replace(good, at, bad, 1)))
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != "events[0].at" {
			t.Errorf("log with %s: %v, want a *FieldError at events[0].at", bad, err)
		}
	}
}
