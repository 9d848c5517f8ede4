package formulary

import (
	"slices"
	"strconv"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/enum"
)

// Certainty is how sure an allergy check is that a mix contains an allergen.
//
// Its values: Contains and MayContain.
type Certainty uint8

// The certainties. The zero Certainty is none.
const (
	// Contains: the allergen is one of the mix's stated ingredients, or the
	// ingredient belongs to the allergen's group or class.
	Contains Certainty = iota + 1
	// MayContain: the mix has an ingredient the sources name only as a group
	// ("a vitamin mixture"), and the allergen is of that kind. Check the
	// product's label.
	MayContain
)

var certaintyText = &enum.Table{Type: "Certainty", What: "certainty", Unknown: meso.ErrUnknown, Names: []string{Contains: "contains", MayContain: "may-contain"}}

// String returns "contains" or "may-contain".
func (c Certainty) String() string { return enum.String(certaintyText, c) }

// MarshalText returns "contains" or "may-contain".
func (c Certainty) MarshalText() ([]byte, error) {
	return enum.Marshal(certaintyText, c)
}

// UnmarshalText reads "contains" or "may-contain".
func (c *Certainty) UnmarshalText(text []byte) error {
	return enum.Unmarshal(certaintyText, text, c)
}

// Allergen is one of a patient's allergies found in a mix.
type Allergen struct {
	Allergy    string // the allergy as the patient's record gives it: an ingredient, group or class id
	Ingredient string // the ingredient of the mix it was found in
	Added      bool   // the ingredient was added to the preparation (procaine as an anaesthetic), not part of it
	Certainty  Certainty
}

// AllergyCheck is the result of checking a patient's allergies against a
// preparation and what is added to it.
type AllergyCheck struct {
	Preparation string
	Allergens   []Allergen
	// CompositionUnknown is set when there were allergies to check but no
	// source states what the preparation contains: finding no conflict then
	// does not mean there is none. Read the product's label.
	CompositionUnknown bool
}

// Clear reports whether the check found nothing and could see the whole
// composition: no conflict, certain or possible, and no unknown composition.
func (a AllergyCheck) Clear() bool { return len(a.Allergens) == 0 && !a.CompositionUnknown }

// Resolve returns the ingredient ids an allergy id covers: the ingredient
// itself, the members of a group (an allergy to "b-vitamins" covers thiamine,
// biotin and the other B vitamins), or every ingredient of a class ("anaesthetic"
// covers procaine). An id that is none of these is a *meso.FieldError
// wrapping meso.ErrUnknown that names the id and the valid ones.
func (c *Catalog) Resolve(allergy string) ([]string, error) {
	covered, ok := c.coverage(allergy)
	if !ok {
		return nil, c.unknownAllergy("allergy", allergy)
	}
	var ids []string
	for _, i := range covered {
		ids = append(ids, c.ingredients[i].ID)
	}
	return ids, nil
}

// unknownAllergy is the error for an allergy id that is no ingredient, group
// or class of c: it lists the groups and classes, then the ingredients.
func (c *Catalog) unknownAllergy(field, allergy string) error {
	var valid []string
	for i := range c.groups {
		valid = append(valid, c.groups[i].ID)
	}
	for _, n := range classText.Names {
		if n != "" {
			valid = append(valid, n)
		}
	}
	for i := range c.ingredients {
		valid = append(valid, c.ingredients[i].ID)
	}
	return enum.Unknown(field, "allergy (no ingredient, group or class)", allergy, valid)
}

// CheckAllergies tells which of a patient's allergies the preparation contains,
// together with the ingredients added to it for this patient (procaine when a
// local anaesthetic is mixed in, S2). Allergies are ingredient, group or class
// ids; an unknown preparation, allergy or added ingredient is a *meso.FieldError
// wrapping meso.ErrUnknown. Allergens come in the order of the allergies, then of
// the ingredients, added ones last.
func (c *Catalog) CheckAllergies(preparation string, allergies, added []string) (AllergyCheck, error) {
	pi, ok := c.preparationIdx[preparation]
	if !ok {
		_, err := c.Preparation(preparation)
		return AllergyCheck{}, err
	}
	var addedBuf [4]int32
	addedIdx := addedBuf[:0]
	for i, id := range added {
		k, ok := c.ingredientIdx[id]
		if !ok {
			return AllergyCheck{}, enum.Unknown("added["+strconv.Itoa(i)+"]", "ingredient", id, idsOf(c.ingredients, func(x *Ingredient) string { return x.ID }))
		}
		addedIdx = append(addedIdx, int32(k))
	}
	mix := c.prepMix[pi]
	check := AllergyCheck{Preparation: preparation, CompositionUnknown: len(allergies) > 0 && len(mix) == 0}
	for i, allergy := range allergies {
		covered, ok := c.coverage(allergy)
		if !ok {
			return AllergyCheck{}, c.unknownAllergy("allergies["+strconv.Itoa(i)+"]", allergy)
		}
		for _, k := range mix {
			if certainty := c.certainty(k, covered); certainty != 0 {
				check.Allergens = append(check.Allergens, Allergen{Allergy: allergy, Ingredient: c.ingredients[k].ID, Certainty: certainty})
			}
		}
		for n, k := range addedIdx {
			if certainty := c.certainty(k, covered); certainty != 0 {
				check.Allergens = append(check.Allergens, Allergen{Allergy: allergy, Ingredient: added[n], Added: true, Certainty: certainty})
			}
		}
	}
	return check, nil
}

// coverage returns the indexes of the ingredients an allergy id covers. A
// class is an allergy id even in the zero Catalog, where it covers nothing.
func (c *Catalog) coverage(allergy string) ([]int32, bool) {
	if covered, ok := c.covers[allergy]; ok {
		return covered, true
	}
	class, ok := enum.Parse[Class](classText, allergy)
	return nil, ok && class != 0
}

// certainty says whether the ingredient with index k is, or may hold, one of
// the covered ingredients.
func (c *Catalog) certainty(k int32, covered []int32) Certainty {
	if slices.Contains(covered, k) {
		return Contains
	}
	in := &c.ingredients[k]
	if !in.Unspecified {
		return 0
	}
	// An unspecified ingredient may hold any ingredient of its class, limited
	// to its own groups when it belongs to some ("B vitamins" may hold biotin
	// but not vitamin C; "a vitamin mixture" may hold either).
	groups := c.groupsOf[k]
	for _, other := range covered {
		if c.ingredients[other].Class != in.Class {
			continue
		}
		if len(groups) == 0 || slices.ContainsFunc(groups, func(g int32) bool { return slices.Contains(c.groupsOf[other], g) }) {
			return MayContain
		}
	}
	return 0
}
