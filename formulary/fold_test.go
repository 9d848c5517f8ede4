package formulary

import (
	"bytes"
	"testing"

	"github.com/mesokit/meso/internal/jsontest"
)

// Every key of the catalog's schema, in other letters, is refused by name:
// "INGREDIENTS" must not hide procaine from a preparation.
func TestFoldedKeysRefused(t *testing.T) {
	doc, err := Default().MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	jsontest.CheckFoldedKeys(t, [][]byte{doc}, func(b []byte) error {
		_, err := Load(bytes.NewReader(b))
		return err
	}, catalogJSON{}, ingredientJSON{}, effectJSON{}, groupJSON{}, preparationJSON{}, methodJSON{}, techniqueJSON{}, rangeJSON{})
}
