package event

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/mesokit/meso"
)

// A log whose zone names the machine's own zone by its file ("localtime"),
// or a zone by another path to its file, is refused: its days would be
// read in another zone on another machine, or in none.
func TestDecodeLogRefusesMachineZones(t *testing.T) {
	data, err := os.ReadFile("testdata/logs/v3.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"localtime", "posixrules", "Europe//Berlin", "Europe/./Berlin", "./UTC", "right/UTC"} {
		doc := bytes.Replace(data, []byte(`"zone":"Europe/Berlin"`), []byte(`"zone":"`+name+`"`), 1)
		_, err := DecodeLog(bytes.NewReader(doc))
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != "zone" {
			t.Errorf("a log in %q: %v, want a *meso.FieldError at zone", name, err)
		}
	}
}
