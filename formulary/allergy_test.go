package formulary

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/mesokit/meso"
)

func TestCheckAllergies(t *testing.T) {
	for _, tc := range []struct {
		name        string
		preparation string
		allergies   []string
		added       []string
		want        AllergyCheck
	}{
		{"no allergies", "pharmacy-budget-mix", nil, nil, AllergyCheck{Preparation: "pharmacy-budget-mix"}},
		{"ingredient", "pharmacy-budget-mix", []string{"thiamine"}, nil, AllergyCheck{Preparation: "pharmacy-budget-mix",
			Allergens: []Allergen{{Allergy: "thiamine", Ingredient: "thiamine", Certainty: Contains},
				{Allergy: "thiamine", Ingredient: "vitamin-b-complex", Certainty: MayContain}}}},
		{"group resolves to its members", "pharmacy-budget-mix", []string{"b-vitamins"}, nil, AllergyCheck{Preparation: "pharmacy-budget-mix",
			Allergens: []Allergen{{"b-vitamins", "biotin", false, Contains}, {"b-vitamins", "thiamine", false, Contains},
				{"b-vitamins", "vitamin-b-complex", false, Contains}, {"b-vitamins", "folic-acid", false, Contains}}}},
		{"class", "needle-mesotherapy-mix", []string{"plant-extract"}, nil, AllergyCheck{Preparation: "needle-mesotherapy-mix",
			Allergens: []Allergen{{"plant-extract", "green-tea-extract", false, Contains}, {"plant-extract", "algae-extract", false, Contains}}}},
		{"anaesthetic counts only when added", "needle-mesotherapy-mix", []string{"procaine"}, nil, AllergyCheck{Preparation: "needle-mesotherapy-mix"}},
		{"anaesthetic added", "needle-mesotherapy-mix", []string{"anaesthetic"}, []string{"procaine"}, AllergyCheck{Preparation: "needle-mesotherapy-mix",
			Allergens: []Allergen{{"anaesthetic", "procaine", true, Contains}}}},
		// "B vitamins" may hold biotin but not vitamin C; "a vitamin mixture"
		// may hold either.
		{"unspecified group member", "greying-cocktail", []string{"biotin", "vitamin-c"}, nil, AllergyCheck{Preparation: "greying-cocktail",
			Allergens: []Allergen{{"biotin", "vitamin-b-complex", false, MayContain}}}},
		{"unspecified mixture", "allopathic-cocktail", []string{"vitamin-c"}, nil, AllergyCheck{Preparation: "allopathic-cocktail",
			Allergens: []Allergen{{"vitamin-c", "vitamin-mix", false, MayContain}}}},
		{"unspecified minerals", "greying-cocktail", []string{"zinc"}, nil, AllergyCheck{Preparation: "greying-cocktail",
			Allergens: []Allergen{{"zinc", "oligoelements", false, MayContain}}}},
		{"composition unknown", "mesopecia", []string{"biotin"}, nil, AllergyCheck{Preparation: "mesopecia", CompositionUnknown: true}},
		{"composition unknown, added anaesthetic still found", "mesopecia", []string{"procaine"}, []string{"procaine"}, AllergyCheck{Preparation: "mesopecia",
			CompositionUnknown: true, Allergens: []Allergen{{"procaine", "procaine", true, Contains}}}},
		{"composition unknown, nothing to check", "mesopecia", nil, nil, AllergyCheck{Preparation: "mesopecia"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Default().CheckAllergies(tc.preparation, tc.allergies, tc.added)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("CheckAllergies(%s, %v, %v) mismatch (-want +got):\n%s", tc.preparation, tc.allergies, tc.added, diff)
			}
			if wantClear := len(tc.want.Allergens) == 0 && !tc.want.CompositionUnknown; got.Clear() != wantClear {
				t.Errorf("Clear() = %v, want %v", got.Clear(), wantClear)
			}
		})
	}
}

func TestCheckAllergiesUnknownIDs(t *testing.T) {
	for _, tc := range []struct {
		preparation string
		allergies   []string
		added       []string
		field       string
	}{
		{"no-such-mix", nil, nil, "preparation"},
		{"mesopecia", []string{"procaine", "peanuts"}, nil, "allergies[1]"},
		{"mesopecia", nil, []string{"lidocaine"}, "added[0]"},
	} {
		_, err := Default().CheckAllergies(tc.preparation, tc.allergies, tc.added)
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, meso.ErrUnknown) {
			t.Errorf("CheckAllergies(%s, %v, %v) error = %v, want meso.ErrUnknown at %s", tc.preparation, tc.allergies, tc.added, err, tc.field)
		}
	}
}

func TestResolve(t *testing.T) {
	for _, tc := range []struct {
		id   string
		want []string
	}{
		{"procaine", []string{"procaine"}},
		{"b-vitamins", []string{"vitamin-b-complex", "thiamine", "nicotinic-acid", "dexpanthenol", "biotin", "folic-acid"}},
		{"anaesthetic", []string{"procaine"}},
		{"structural-protein", []string{"collagen", "elastin"}},
	} {
		got, err := Default().Resolve(tc.id)
		if diff := cmp.Diff(tc.want, got); err != nil || diff != "" {
			t.Errorf("Resolve(%s) mismatch (-want +got):\n%s", tc.id, diff)
		}
	}
	for _, id := range []string{"", "peanuts", "Procaine"} {
		if got, err := Default().Resolve(id); err == nil {
			t.Errorf("Resolve(%q) = %v, want not found", id, got)
		}
	}
}

// allergyIDs is every id an allergy can be given as in the default catalog.
func allergyIDs() []string {
	var ids []string
	for _, in := range Default().Ingredients() {
		ids = append(ids, in.ID)
	}
	for _, g := range Default().Groups() {
		ids = append(ids, g.ID)
	}
	return append(ids, classText.Names[1:]...)
}

// Adding an allergy never removes a conflict, and never turns a certain one
// into a possible one: more allergies, never a safer answer.
func TestAllergyCheckIsMonotone(t *testing.T) {
	var preps []string
	for _, p := range Default().Preparations() {
		preps = append(preps, p.ID)
	}
	ids := allergyIDs()
	rapid.Check(t, func(t *rapid.T) {
		prep := rapid.SampledFrom(preps).Draw(t, "preparation")
		added := rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"procaine", "biotin", "zinc"}), 0, 2, rapid.ID).Draw(t, "added")
		before := rapid.SliceOfN(rapid.SampledFrom(ids), 0, 4).Draw(t, "allergies")
		more := rapid.SampledFrom(ids).Draw(t, "another")
		insertAt := rapid.IntRange(0, len(before)).Draw(t, "at")
		after := append(append(append([]string(nil), before[:insertAt]...), more), before[insertAt:]...)

		a, err := Default().CheckAllergies(prep, before, added)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Default().CheckAllergies(prep, after, added)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range a.Allergens {
			if !containsConflict(b.Allergens, c) {
				t.Fatalf("adding allergy %q removed conflict %+v", more, c)
			}
		}
		if a.CompositionUnknown && !b.CompositionUnknown {
			t.Fatalf("adding allergy %q cleared CompositionUnknown", more)
		}
		if !a.Clear() && b.Clear() {
			t.Fatalf("adding allergy %q made the check clear", more)
		}
	})
}

func containsConflict(cs []Allergen, c Allergen) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}
