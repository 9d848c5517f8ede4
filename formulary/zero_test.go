package formulary

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/mesokit/meso"
)

// The zero value of every exported type either works or is refused with an
// error; none panics.
func TestZeroValues(t *testing.T) {
	// The zero Catalog is empty (see TestZeroCatalog); its JSON loads back.
	var c Catalog
	if _, err := c.Ingredient(""); err == nil || len(c.Groups()) != 0 || len(c.Methods()) != 0 || len(c.Techniques()) != 0 || len(c.Session()) != 0 {
		t.Errorf("Catalog{} is not empty")
	}
	if _, err := Load(strings.NewReader(mustJSON(t, &c))); err != nil {
		t.Errorf("Catalog{}'s JSON does not load: %v", err)
	}
	// An entry's zero value is an entry without an id: Load refuses it.
	for list, entry := range map[string]any{
		"ingredients":  Ingredient{}.toJSON(),
		"groups":       Group{}.toJSON(),
		"preparations": Preparation{}.toJSON(),
		"methods":      Method{}.toJSON(),
		"techniques":   Technique{}.toJSON(),
		"session":      Range{}.toJSON(),
	} {
		doc := `{"` + list + `": [` + mustJSON(t, entry) + `]}`
		var fe *meso.FieldError
		if _, err := Load(strings.NewReader(doc)); !errors.As(err, &fe) {
			t.Errorf("a zero %s entry: Load = %v, want a *meso.FieldError", list, err)
		}
	}
	if e := (Effect{}).toJSON(); e.Text != "" || len(e.Sources) != 0 {
		t.Errorf("Effect{} = %+v", e)
	}
	if (Preparation{}).CompositionStated() || !(AllergyCheck{}).Clear() || (Allergen{}).Certainty != 0 {
		t.Errorf("Preparation{}, AllergyCheck{} or Conflict{} says something")
	}
	// Enumerations whose zero means "not stated" have a name; the others
	// have none and refuse to be written.
	if s, err := PreparationKind(0).MarshalText(); err != nil || string(s) != "unstated" {
		t.Errorf("PreparationKind(0) = %q, %v; want unstated", s, err)
	}
	if s, err := Sex(0).MarshalText(); err != nil || len(s) != 0 {
		t.Errorf("Sex(0) = %q, %v; want empty text", s, err)
	}
	for _, v := range []interface {
		MarshalText() ([]byte, error)
		String() string
	}{Class(0), Use(0), Indication(0), Quantity(0), Certainty(0)} {
		if _, err := v.MarshalText(); err == nil || v.String() == "" {
			t.Errorf("%T(0): MarshalText succeeded or String is empty", v)
		}
	}
	if Indication(0).Name() != "" || Indication(0).Parent() != 0 || Quantity(0).Unit() != "" {
		t.Errorf("the zero Indication or Quantity has a name, parent or unit")
	}
	var fe meso.FieldError
	if fe.Error() == "" || fe.Unwrap() != nil {
		t.Errorf("meso.FieldError{}: %q, %v", fe.Error(), fe.Unwrap())
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(v); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(b.String())
}
