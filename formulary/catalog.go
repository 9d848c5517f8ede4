package formulary

import (
	"bytes"
	_ "embed"
	"slices"
	"sync"

	"github.com/mesokit/meso/internal/enum"
)

// Ingredient is a substance that goes into a preparation.
type Ingredient struct {
	ID    string // stable kebab-case id, as in "dexpanthenol"
	Name  string // what a clinician calls it
	Class Class
	// Unspecified marks an ingredient the sources name only as a group
	// without saying its members ("B vitamins", "a vitamin mixture"). An
	// allergy to an ingredient of the same class (and group, if it is in one)
	// may be inside it, so an allergy check reports it as MayContain.
	Unspecified bool
	Effects     []Effect // what it does, where a source says
	// Notes says how the entry was read from its sources where that needs
	// saying: a "Reading:" is meso's reading of words that leave room (a
	// class, a vitamin number the sources do not give), never a source's
	// statement.
	Notes   string
	Sources []string // the documents that name it
}

// Effect is a claim a source makes about what something does, with the
// documents that make it.
type Effect struct {
	Text    string
	Sources []string
}

// Group is a named set of ingredients that a patient may report an allergy to
// as a whole, such as "b-vitamins".
type Group struct {
	ID      string
	Name    string
	Members []string // ingredient ids
	// Notes says how the members were chosen where no source lists them,
	// marked "Reading:".
	Notes   string
	Sources []string
}

// Preparation is an injectable cocktail: a branded product, an archetype a
// source describes, or a mix of ingredients.
type Preparation struct {
	ID      string
	Name    string
	Maker   string // manufacturer, when a source names one
	Country string // the manufacturer's country, when a source names it
	Kind    PreparationKind
	Uses    []Use
	// Ingredients are ingredient ids. They are empty when no source states
	// the composition (the branded products): never filled in by guess.
	Ingredients []string
	Indications []Indication
	// Sex is the sex a source states the product is meant for; SexUnstated
	// when none does. That a product works better in one sex (S2 on
	// Mesopecia: "more effective for men") is an effect, not an intended
	// sex, and leaves Sex unstated.
	Sex     Sex
	Effects []Effect
	// Notes says how the entry was read from its sources, where that needs
	// saying. "Reading:" marks meso's reading of words that leave room and
	// "Policy:" a choice of meso's that no source states (the uses of a
	// branded product, the indications of a cocktail assembled from a
	// source's description).
	Notes   string
	Sources []string
}

// CompositionStated reports whether the sources state what p contains.
func (p Preparation) CompositionStated() bool { return len(p.Ingredients) > 0 }

// Method is a way of delivering a preparation into the scalp.
type Method struct {
	ID          string
	Name        string
	Invasive    bool // whether it breaks the skin
	Description string
	Ranges      []Range // ranges the sources state for this method
	Sources     []string
}

// Technique is a way of placing the injections (S3).
type Technique struct {
	ID          string
	Name        string
	Description string
	Ranges      []Range
	Sources     []string
}

// Range is a range of a Quantity as one or more sources state it. Min is 0
// when a source states only an upper bound ("up to 15 mm"); Stated keeps the
// source's own words, so that a converted unit (inches to millimetres) can be
// checked against them.
type Range struct {
	Quantity Quantity
	Min, Max float64 // in Quantity.Unit()
	Stated   string
	Sources  []string
}

// Catalog is a formulary: the ingredients, preparations, delivery methods and
// injection techniques a clinic works with, and the ranges the sources state
// for a session. A Catalog is immutable; every method returns copies, and a
// Catalog is safe for concurrent use. The zero Catalog is empty.
type Catalog struct {
	ingredients  []Ingredient
	groups       []Group
	preparations []Preparation
	methods      []Method
	techniques   []Technique
	session      []Range

	ingredientIdx  map[string]int
	groupIdx       map[string]int
	preparationIdx map[string]int
	methodIdx      map[string]int
	techniqueIdx   map[string]int

	// Worked out once, for allergy checks: the ingredients each allergy id
	// covers, the groups each ingredient is in, and each preparation's
	// ingredients, all as indexes into ingredients and groups.
	covers   map[string][]int32
	groupsOf [][]int32
	prepMix  [][]int32
}

// index works out the allergy tables of a loaded catalog.
func (c *Catalog) index() {
	c.covers = make(map[string][]int32, len(c.ingredients)+len(c.groups)+len(classText.Names))
	c.groupsOf = make([][]int32, len(c.ingredients))
	byClass := map[Class][]int32{}
	for i, in := range c.ingredients {
		c.covers[in.ID] = []int32{int32(i)}
		byClass[in.Class] = append(byClass[in.Class], int32(i))
	}
	for g, grp := range c.groups {
		members := make([]int32, len(grp.Members))
		for k, id := range grp.Members {
			i := int32(c.ingredientIdx[id])
			members[k] = i
			c.groupsOf[i] = append(c.groupsOf[i], int32(g))
		}
		c.covers[grp.ID] = members
	}
	for class := Class(1); int(class) < len(classText.Names); class++ {
		// Every class is an allergy id, whether or not the catalog has one
		// of its ingredients.
		c.covers[class.String()] = byClass[class]
	}
	c.prepMix = make([][]int32, len(c.preparations))
	for p, prep := range c.preparations {
		mix := make([]int32, len(prep.Ingredients))
		for k, id := range prep.Ingredients {
			mix[k] = int32(c.ingredientIdx[id])
		}
		c.prepMix[p] = mix
	}
}

//go:embed catalog.json
var defaultJSON []byte

var defaultCatalog = sync.OnceValue(func() *Catalog {
	c, err := Load(bytes.NewReader(defaultJSON))
	if err != nil {
		// The embedded catalog is checked by the package's tests; reaching
		// this means the library was built from a broken tree.
		panic("formulary: the embedded default catalog is invalid: " + err.Error())
	}
	return c
})

// Default returns the catalog built from the five source documents: every
// ingredient, preparation, method and technique they name, each with its
// sources. It is loaded once and shared; it cannot be changed.
func Default() *Catalog { return defaultCatalog() }

// Ingredient returns the ingredient with the given id. An id the catalog
// does not hold is a *meso.FieldError wrapping meso.ErrUnknown that names the
// id and the valid ones; so for every lookup of a Catalog.
func (c *Catalog) Ingredient(id string) (Ingredient, error) {
	i, ok := c.ingredientIdx[id]
	if !ok {
		return Ingredient{}, enum.Unknown("ingredient", "ingredient", id, idsOf(c.ingredients, func(x *Ingredient) string { return x.ID }))
	}
	return c.ingredients[i].clone(), nil
}

// Group returns the ingredient group with the given id.
func (c *Catalog) Group(id string) (Group, error) {
	i, ok := c.groupIdx[id]
	if !ok {
		return Group{}, enum.Unknown("group", "group", id, idsOf(c.groups, func(x *Group) string { return x.ID }))
	}
	return c.groups[i].clone(), nil
}

// Preparation returns the preparation with the given id.
func (c *Catalog) Preparation(id string) (Preparation, error) {
	i, ok := c.preparationIdx[id]
	if !ok {
		return Preparation{}, enum.Unknown("preparation", "preparation", id, idsOf(c.preparations, func(x *Preparation) string { return x.ID }))
	}
	return c.preparations[i].clone(), nil
}

// Method returns the delivery method with the given id.
func (c *Catalog) Method(id string) (Method, error) {
	i, ok := c.methodIdx[id]
	if !ok {
		return Method{}, enum.Unknown("method", "method", id, idsOf(c.methods, func(x *Method) string { return x.ID }))
	}
	return c.methods[i].clone(), nil
}

// Technique returns the injection technique with the given id.
func (c *Catalog) Technique(id string) (Technique, error) {
	i, ok := c.techniqueIdx[id]
	if !ok {
		return Technique{}, enum.Unknown("technique", "technique", id, idsOf(c.techniques, func(x *Technique) string { return x.ID }))
	}
	return c.techniques[i].clone(), nil
}

// idsOf returns the ids of a list of entries, for the error of a lookup.
func idsOf[T any](list []T, id func(*T) string) []string {
	out := make([]string, len(list))
	for i := range list {
		out[i] = id(&list[i])
	}
	return out
}

// Ingredients returns every ingredient, in catalog order.
func (c *Catalog) Ingredients() []Ingredient { return cloneAll(c.ingredients, Ingredient.clone) }

// Groups returns every ingredient group, in catalog order.
func (c *Catalog) Groups() []Group { return cloneAll(c.groups, Group.clone) }

// Preparations returns every preparation, in catalog order.
func (c *Catalog) Preparations() []Preparation { return cloneAll(c.preparations, Preparation.clone) }

// Methods returns every delivery method, in catalog order.
func (c *Catalog) Methods() []Method { return cloneAll(c.methods, Method.clone) }

// Techniques returns every injection technique, in catalog order.
func (c *Catalog) Techniques() []Technique { return cloneAll(c.techniques, Technique.clone) }

// Session returns the ranges the sources state for a session whatever the
// method: spacing of punctures, injections per session, session length.
func (c *Catalog) Session() []Range { return cloneAll(c.session, Range.clone) }

// ForIndication returns the preparations indicated for ind or for a broader
// indication it is a kind of (a preparation for hair loss in general serves
// diffuse alopecia), in catalog order. When sex is stated, preparations the
// sources state are meant for the other sex are left out.
func (c *Catalog) ForIndication(ind Indication, sex Sex) []Preparation {
	var out []Preparation
	for _, p := range c.preparations {
		if sex != SexUnstated && p.Sex != SexUnstated && p.Sex != sex {
			continue
		}
		if slices.ContainsFunc(p.Indications, func(pi Indication) bool { return covers(pi, ind) }) {
			out = append(out, p.clone())
		}
	}
	return out
}

// covers reports whether a preparation indicated for broad serves narrow:
// narrow is broad or one of its kinds.
func covers(broad, narrow Indication) bool {
	for i := narrow; i != 0; i = i.Parent() {
		if i == broad {
			return true
		}
	}
	return false
}

func (i Ingredient) clone() Ingredient {
	i.Effects = cloneAll(i.Effects, Effect.clone)
	i.Sources = slices.Clone(i.Sources)
	return i
}

func (e Effect) clone() Effect {
	e.Sources = slices.Clone(e.Sources)
	return e
}

func (g Group) clone() Group {
	g.Members = slices.Clone(g.Members)
	g.Sources = slices.Clone(g.Sources)
	return g
}

func (p Preparation) clone() Preparation {
	p.Uses = slices.Clone(p.Uses)
	p.Ingredients = slices.Clone(p.Ingredients)
	p.Indications = slices.Clone(p.Indications)
	p.Effects = cloneAll(p.Effects, Effect.clone)
	p.Sources = slices.Clone(p.Sources)
	return p
}

func (m Method) clone() Method {
	m.Ranges = cloneAll(m.Ranges, Range.clone)
	m.Sources = slices.Clone(m.Sources)
	return m
}

func (t Technique) clone() Technique {
	t.Ranges = cloneAll(t.Ranges, Range.clone)
	t.Sources = slices.Clone(t.Sources)
	return t
}

func (r Range) clone() Range {
	r.Sources = slices.Clone(r.Sources)
	return r
}

func cloneAll[T any](s []T, clone func(T) T) []T {
	if s == nil {
		return nil
	}
	out := make([]T, len(s))
	for i, v := range s {
		out[i] = clone(v)
	}
	return out
}
