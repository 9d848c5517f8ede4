package course

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/mesokit/meso/internal/jsontest"
)

// protocolSchema is Protocol without its UnmarshalJSON, so that
// jsontest.Names sees its fields.
type protocolSchema Protocol

// fullLog holds every kind of event with every field it has.
func fullLog(t *testing.T) []byte {
	t.Helper()
	// Between them the three protocols hold every key of a protocol.
	p, _ := LookupProtocol(Every2to3Days)
	m, _ := LookupProtocol(MonthlyMaintenance)
	phased, _ := LookupProtocol(WeeklyThenBiweekly)
	l := Log{Protocol: p, Preparation: "greying-cocktail", Sessions: 12, Events: []Event{
		cleared(march(1)),
		TestInjection{At: march(2), Preparation: "greying-cocktail", Reaction: "redness"},
		sessionAt(march(3)),
		SessionMissed{At: march(10), Reason: "flu"},
		Hold{At: march(11), Reason: "flu", Until: DateOf(march(20))},
		Resume{At: march(20)},
		AdverseEvent{At: march(21), Type: Fever, Severity: Moderate, Note: "38.5"},
		Review{At: march(22), Outcome: OutcomeChangePreparation, Preparation: "amino-acid-cocktail", Note: "ok"},
		PreparationChanged{At: march(23), Preparation: "greying-cocktail", Reason: "stock"},
		MainCourseCompleted{At: march(24)},
		MaintenanceStarted{At: march(25), Protocol: m},
		MaintenanceStarted{At: march(25), Protocol: phased},
		Observation{At: march(26), Type: Shedding, Note: "after the 2nd session"},
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
		for _, p := range Protocols() {
			data, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, data)
		}
		jsontest.CheckFoldedKeys(t, docs, func(b []byte) error {
			_, err := LoadProtocol(bytes.NewReader(b))
			return err
		}, protocolSchema{})
	})
}
