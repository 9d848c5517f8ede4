package formulary_test

import (
	"fmt"
	"strings"

	"github.com/mesokit/meso/formulary"
)

func ExampleDefault() {
	catalog := formulary.Default()
	p, _ := catalog.Preparation("needle-mesotherapy-mix")
	fmt.Println(p.Name, "-", p.Kind)
	fmt.Println(strings.Join(p.Ingredients, ", "))
	fmt.Println(p.Sources)
	// Output:
	// Needle mesotherapy mix - compounded
	// vitamin-a, vitamin-c, vitamin-e, hyaluronic-acid, green-tea-extract, algae-extract, dexpanthenol, biotin
	// [001_47773e55ef5146b0.txt]
}

func ExampleCatalog_CheckAllergies() {
	catalog := formulary.Default()

	// Allergic to B vitamins, and to procaine, which the clinic adds as a
	// local anaesthetic.
	check, err := catalog.CheckAllergies("greying-cocktail", []string{"b-vitamins", "procaine"}, []string{"procaine"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range check.Allergens {
		fmt.Println(c.Allergy, c.Certainty, c.Ingredient, "added:", c.Added)
	}

	// A branded product: its composition is not stated, so the answer is
	// "unknown", never "no conflict".
	check, _ = catalog.CheckAllergies("mesopecia", []string{"procaine"}, nil)
	fmt.Println("clear:", check.Clear(), "composition unknown:", check.CompositionUnknown)
	// Output:
	// b-vitamins contains vitamin-b-complex added: false
	// procaine contains procaine added: true
	// clear: false composition unknown: true
}

func ExampleCatalog_CheckAllergies_mayContain() {
	// The allopathic cocktail holds "a vitamin mixture" whose vitamins no
	// source names: a biotin allergy may be inside.
	check, _ := formulary.Default().CheckAllergies("allopathic-cocktail", []string{"biotin"}, nil)
	fmt.Println(check.Allergens[0].Ingredient, check.Allergens[0].Certainty)
	// Output:
	// vitamin-mix may-contain
}

func ExampleCatalog_ForIndication() {
	for _, p := range formulary.Default().ForIndication(formulary.PrematureGreying, formulary.Female) {
		fmt.Println(p.ID)
	}
	// Output:
	// dietbel-derm-36
	// greying-cocktail
}

func ExampleLoad() {
	clinic := `{
	  "ingredients": [{"id": "procaine", "name": "Procaine", "class": "anaesthetic", "sources": ["clinic leaflet 2026"]}],
	  "preparations": [{"id": "house-mix", "name": "House mix", "kind": "compounded", "uses": ["therapeutic"],
	    "ingredients": ["procaine", "biotin"], "indications": ["hair-loss"], "sources": ["clinic leaflet 2026"]}]
	}`
	_, err := formulary.Load(strings.NewReader(clinic))
	fmt.Println(err)
	// Output:
	// preparations[0].ingredients[1] (of "house-mix") = "biotin": unknown ingredient (want procaine)
}
