package formulary

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
)

// Every exported type saves and loads as itself, or refuses to be saved.
func TestJSONRoundTrip(t *testing.T) {
	c := Default()
	prep, _ := c.Preparation("mesopecia")
	var ing Ingredient
	for _, i := range c.Ingredients() {
		if len(i.Effects) > 0 {
			ing = i
			break
		}
	}
	check, err := c.CheckAllergies("mesopecia", []string{"procaine"}, []string{"procaine"})
	if err != nil {
		t.Fatal(err)
	}
	samples := []jsontest.Sample{
		{Type: "Catalog", Value: c},
		{Type: "Preparation", Value: prep},
		{Type: "Ingredient", Value: ing},
		{Type: "Group", Value: c.Groups()[0]},
		{Type: "Method", Value: c.Methods()[0]},
		{Type: "Technique", Value: c.Techniques()[0]},
		{Type: "Range", Value: c.Session()[0]},
		{Type: "Effect", Value: ing.Effects[0]},
		{Type: "AllergyCheck", Value: check},
		{Type: "Allergen", Value: check.Allergens[0]},
		{Type: "Certainty", Value: check.Allergens[0].Certainty},
		{Type: "Class", Value: ing.Class},
		{Type: "PreparationKind", Value: Allopathic},
		{Type: "Use", Value: prep.Uses[0]},
		{Type: "Indication", Value: prep.Indications[0]},
		{Type: "Sex", Value: Female},
		{Type: "Quantity", Value: Quantity(1)},
	}
	jsontest.RoundTrip(t, samples, strictjson.Decode, func(want, got any) string {
		return cmp.Diff(want, got, cmp.AllowUnexported(Catalog{}))
	})
}
