package formulary

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/mesokit/meso/internal/strictjson"

	"github.com/mesokit/meso/internal/jsontest"
)

// Every key of the catalog's schema, in other letters, is refused by name:
// "INGREDIENTS" must not hide procaine from a preparation.
func TestFoldedKeysRefused(t *testing.T) {
	doc, err := Default().MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	// No preparation of the default catalog states an intended sex; one
	// in a clinic's catalog may.
	var generic map[string][]map[string]any
	if err := json.Unmarshal(doc, &generic); err != nil {
		t.Fatal(err)
	}
	generic["preparations"][0]["sex"] = "female"
	withSex, err := json.Marshal(generic)
	if err != nil {
		t.Fatal(err)
	}
	for name, decode := range map[string]func([]byte) error{
		"Load": func(b []byte) error {
			_, err := Load(bytes.NewReader(b))
			return err
		},
		"Catalog.UnmarshalJSON": func(b []byte) error { return new(Catalog).UnmarshalJSON(b) },
	} {
		t.Run(name, func(t *testing.T) {
			jsontest.CheckFoldedKeys(t, [][]byte{doc, withSex}, decode,
				catalogJSON{}, ingredientJSON{}, effectJSON{}, groupJSON{}, preparationJSON{}, methodJSON{}, techniqueJSON{}, rangeJSON{})
		})
	}
}

// deepDecoders are this package's decoders, each with the key of a list
// it walks and the largest input it takes.
var deepDecoders = []jsontest.Decoder{
	{Name: "catalog", Key: "ingredients", Size: MaxCatalogBytes, Decode: func(data []byte) error {
		_, err := Load(bytes.NewReader(data))
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
