package formulary

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/fuzzcheck"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
)

// unmarshalTypes are the types FuzzUnmarshal reads, in the order the first
// byte of its input picks them.
var unmarshalTypes = []jsontest.Type{
	{Sample: func() any { c := *Default(); return &c }, Refusal: fuzzcheck.Field, Valid: func(v any) error {
		// What a catalog reads is what Load reads.
		doc, err := v.(*Catalog).MarshalJSON()
		if err == nil {
			_, err = Load(bytes.NewReader(doc))
		}
		return err
	}, Seeds: []string{minimal, `{}`, `null`}},
	{Sample: func() any { c := Contains; return &c }, Refusal: fuzzcheck.Sentinel, Seeds: []string{"", "may-contain"}},
	{Sample: func() any { c := Class(1); return &c }, Refusal: fuzzcheck.Sentinel, Seeds: []string{"", "vitamin"}},
	{Sample: func() any { k := Allopathic; return &k }, Refusal: fuzzcheck.Sentinel, Seeds: []string{""}},
	{Sample: func() any { u := Preventive; return &u }, Refusal: fuzzcheck.Sentinel, Seeds: []string{""}},
	{Sample: func() any { s := Female; return &s }, Refusal: fuzzcheck.Sentinel, Seeds: []string{"", "male", "Female"}},
	{Sample: func() any { i := Indication(1); return &i }, Refusal: fuzzcheck.Sentinel, Seeds: []string{""}},
	{Sample: func() any { q := Quantity(1); return &q }, Refusal: fuzzcheck.Sentinel, Seeds: []string{""}},
}

// Any input to a Catalog's UnmarshalJSON, or to the UnmarshalText of one of
// the package's enumerations, is either refused (a *meso.FieldError naming
// the field for a catalog, an error wrapping a meso sentinel for the text
// forms, the receiver left as it was) or read as a value that encodes
// again and reads back as itself. Nothing panics.
func FuzzUnmarshal(f *testing.F) {
	seeds, err := jsontest.FuzzSeeds(unmarshalTypes, strictjson.MaxDepth)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return // the size limits have their own tests
		}
		jsontest.CheckInput(t, unmarshalTypes, data, func(want, got any) string {
			return cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true }))
		})
	})
}

// Decoding into Default() is refused and leaves it as it was: it is shared
// by every caller (Default's doc: it cannot be changed), and
// json.Unmarshal(doc, formulary.Default()) replaced it for the whole
// program.
func TestDefaultCatalogCannotBeDecodedInto(t *testing.T) {
	before, err := Default().MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	err = json.Unmarshal([]byte(minimal), Default())
	var fe *meso.FieldError
	if !errors.As(err, &fe) || !errors.Is(err, meso.ErrInvalid) {
		t.Errorf("json.Unmarshal into Default() = %v, want a *meso.FieldError wrapping ErrInvalid", err)
	}
	if after, _ := Default().MarshalJSON(); !bytes.Equal(before, after) {
		t.Fatal("decoding into Default() changed the default catalog")
	}
	var c Catalog // a new catalog reads it
	if err := json.Unmarshal([]byte(minimal), &c); err != nil {
		t.Fatal(err)
	}
}
