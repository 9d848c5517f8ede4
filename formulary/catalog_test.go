package formulary

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
)

// The embedded file is in the form MarshalJSON writes: nothing in it is
// ignored on the way in, and a clinic that prints the default catalog gets
// back the same text.
func TestEmbeddedCatalogIsCanonical(t *testing.T) {
	raw, err := os.ReadFile("catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(Default(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(raw), string(got)+"\n"); diff != "" {
		t.Errorf("catalog.json is not what MarshalJSON writes (-file +encoded):\n%s", diff)
	}
}

// Every document cited anywhere in the default catalog is one of the five
// sources.
func TestDefaultCitesOnlyTheSources(t *testing.T) {
	c := Default()
	check := func(where string, sources []string) {
		t.Helper()
		if len(sources) == 0 {
			t.Errorf("%s cites no source", where)
		}
		for _, s := range sources {
			if !meso.KnownSource(s) {
				t.Errorf("%s cites %q, which is not a source document", where, s)
			}
		}
	}
	for _, in := range c.Ingredients() {
		check("ingredient "+in.ID, in.Sources)
		for _, e := range in.Effects {
			check("ingredient "+in.ID+" effect", e.Sources)
		}
	}
	for _, g := range c.Groups() {
		check("group "+g.ID, g.Sources)
	}
	for _, p := range c.Preparations() {
		check("preparation "+p.ID, p.Sources)
		for _, e := range p.Effects {
			check("preparation "+p.ID+" effect", e.Sources)
		}
	}
	for _, m := range c.Methods() {
		check("method "+m.ID, m.Sources)
		for _, r := range m.Ranges {
			check("method "+m.ID+" range", r.Sources)
		}
	}
	for _, tq := range c.Techniques() {
		check("technique "+tq.ID, tq.Sources)
	}
	for _, r := range c.Session() {
		check("session range "+r.Stated, r.Sources)
	}
	for _, ind := range Indications() {
		check("indication "+ind.String(), ind.Sources())
	}
}

// Every ingredient the sources name is in the catalog, with the
// sources that name it.
func TestIngredientsOfDomain(t *testing.T) {
	for _, tc := range []struct {
		id      string
		class   Class
		sources []string
	}{
		{"vitamin-a", Vitamin, []string{meso.S1}},
		{"vitamin-b-complex", Vitamin, []string{meso.S2, meso.S3}},
		{"vitamin-c", Vitamin, []string{meso.S1, meso.S2}},
		{"vitamin-e", Vitamin, []string{meso.S1, meso.S2}},
		{"biotin", Vitamin, []string{meso.S1, meso.S2}},
		{"dexpanthenol", Vitamin, []string{meso.S1, meso.S2, meso.S3}},
		{"thiamine", Vitamin, []string{meso.S2}},
		{"folic-acid", Vitamin, []string{meso.S2}},
		{"nicotinic-acid", Vitamin, []string{meso.S3}},
		{"amino-acids", AminoAcid, []string{meso.S2, meso.S3, meso.S4}},
		{"coenzyme-q10", Coenzyme, []string{meso.S2, meso.S3}},
		{"carnitine", AminoAcid, []string{meso.S3}},
		{"zinc", Mineral, []string{meso.S2, meso.S3}},
		{"selenium", Mineral, []string{meso.S2}},
		{"magnesium", Mineral, []string{meso.S2}},
		{"copper", Mineral, []string{meso.S2, meso.S3}},
		{"peptides", Peptide, []string{meso.S3}},
		{"hyaluronic-acid", HyaluronicAcid, []string{meso.S1, meso.S2, meso.S3}},
		{"growth-factors", GrowthFactor, []string{meso.S2}},
		{"melanin", Pigment, []string{meso.S2}},
		{"melanin-precursors", PigmentPrecursor, []string{meso.S3}},
		{"oligoelements", Mineral, []string{meso.S3}},
		{"organic-acids", OrganicAcid, []string{meso.S3}},
		{"collagen", StructuralProtein, []string{meso.S3}},
		{"elastin", StructuralProtein, []string{meso.S3}},
		{"homeopathic-agents", HomeopathicAgent, []string{meso.S3, meso.S4}},
		{"green-tea-extract", PlantExtract, []string{meso.S1}},
		{"algae-extract", PlantExtract, []string{meso.S1}},
		{"vascular-agents", VascularAgent, []string{meso.S2}},
		{"minerals", Mineral, []string{meso.S3, meso.S4}},
		{"procaine", Anaesthetic, []string{meso.S2}},
	} {
		in, err := Default().Ingredient(tc.id)
		if err != nil {
			t.Errorf("ingredient %q missing", tc.id)
			continue
		}
		if in.Class != tc.class || !slices.Equal(in.Sources, tc.sources) {
			t.Errorf("%s: class %s, sources %v; want %s, %v", tc.id, in.Class, in.Sources, tc.class, tc.sources)
		}
	}
}

// S2's table of branded cocktails: maker, country and stated effect, and no
// composition, because S2 states none.
func TestBrandedCocktailsOfS2(t *testing.T) {
	for _, tc := range []struct {
		id, name, maker, country string
		indications              []Indication
		sex                      Sex
	}{
		// "More effective for men" is an effect, not an intended sex (issue 16).
		{"mesopecia", "Mesopecia", "Mesodermal", "USA", []Indication{AndrogeneticAlopecia}, SexUnstated},
		{"cocktail-capilar", "Cocktail Capilar", "Toskani Cosmetics", "Spain", []Indication{HairLoss, PoorCirculation}, SexUnstated},
		{"bcn-hair-loss-cocktail", "Hair loss cocktail", "BCN Scalp", "Spain", []Indication{Seborrhoea, Dermatitis, DryScalp, Prevention}, SexUnstated},
		{"revitacare-haircare", "HAIRCARE", "Revitacare", "France", []Indication{SlowedGrowth, Itching, Dandruff, Seborrhoea, PoorCirculation}, SexUnstated},
		{"dietbel-derm-36", "Regeneracion Dermica DERM 36", "Dietbel", "Spain", []Indication{PrematureGreying, Thinning}, SexUnstated},
	} {
		p, err := Default().Preparation(tc.id)
		if err != nil {
			t.Errorf("preparation %q missing", tc.id)
			continue
		}
		want := Preparation{ID: tc.id, Name: tc.name, Maker: tc.maker, Country: tc.country, Indications: tc.indications, Sex: tc.sex, Sources: []string{meso.S2}}
		got := Preparation{ID: p.ID, Name: p.Name, Maker: p.Maker, Country: p.Country, Indications: p.Indications, Sex: p.Sex, Sources: p.Sources}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", tc.id, diff)
		}
		if p.CompositionStated() || len(p.Effects) != 1 {
			t.Errorf("%s: ingredients %v, %d effects; want none invented and S2's one stated effect", tc.id, p.Ingredients, len(p.Effects))
		}
	}
}

// The compositions the sources do state.
func TestStatedCompositions(t *testing.T) {
	for _, tc := range []struct {
		id          string
		kind        PreparationKind
		ingredients []string
		sources     []string
	}{
		{"pharmacy-budget-mix", Compounded, []string{"biotin", "thiamine", "vitamin-b-complex", "vitamin-e", "folic-acid"}, []string{meso.S2}},
		{"allopathic-cocktail", Allopathic, []string{"vascular-agents", "vitamin-mix", "hyaluronic-acid", "growth-factors"}, []string{meso.S2}},
		{"homeopathic-cocktail", Homeopathic, []string{"homeopathic-agents"}, []string{meso.S2, meso.S3, meso.S4}},
		{"needle-mesotherapy-mix", Compounded, []string{"vitamin-a", "vitamin-c", "vitamin-e", "hyaluronic-acid", "green-tea-extract", "algae-extract", "dexpanthenol", "biotin"}, []string{meso.S1}},
		{"greying-cocktail", KindUnstated, []string{"vitamin-b-complex", "oligoelements", "melanin-precursors"}, []string{meso.S3}},
		{"copper-zinc-peptide-cocktail", KindUnstated, []string{"peptides", "copper", "zinc"}, []string{meso.S3}},
		{"amino-acid-cocktail", KindUnstated, []string{"amino-acids"}, []string{meso.S3}},
	} {
		p, err := Default().Preparation(tc.id)
		if err != nil {
			t.Errorf("preparation %q missing", tc.id)
			continue
		}
		if p.Kind != tc.kind || !slices.Equal(p.Ingredients, tc.ingredients) || !slices.Equal(p.Sources, tc.sources) {
			t.Errorf("%s: %s %v %v; want %s %v %v", tc.id, p.Kind, p.Ingredients, p.Sources, tc.kind, tc.ingredients, tc.sources)
		}
		// Every ingredient of a stated composition is cited by the
		// preparation's own sources.
		for _, id := range p.Ingredients {
			in, _ := Default().Ingredient(id)
			if !slices.ContainsFunc(in.Sources, func(s string) bool { return slices.Contains(p.Sources, s) }) {
				t.Errorf("%s: ingredient %s cites %v, none of the preparation's sources %v", tc.id, id, in.Sources, p.Sources)
			}
		}
	}
	// S1: the needle mix's ingredients are the ones S1 lists.
	p, _ := Default().Preparation("needle-mesotherapy-mix")
	for _, id := range p.Ingredients {
		in, _ := Default().Ingredient(id)
		if !slices.Contains(in.Sources, meso.S1) {
			t.Errorf("needle mix ingredient %s does not cite S1: %v", id, in.Sources)
		}
	}
}

// The ranges the sources state, with inches converted at exactly 25.4 mm.
func TestStatedRanges(t *testing.T) {
	const inch = 25.4
	type r struct {
		q        Quantity
		min, max float64
		src      string
	}
	depth := []r{{Depth, 2, 4, meso.S0}, {Depth, 1 * inch / 32, 4 * inch / 32, meso.S2}}
	simplify := func(rs []Range) []r {
		var out []r
		for _, x := range rs {
			if len(x.Sources) != 1 {
				t.Errorf("range %q cites %v, want exactly one source", x.Stated, x.Sources)
				continue
			}
			out = append(out, r{x.Quantity, x.Min, x.Max, x.Sources[0]})
		}
		return out
	}
	approx := cmp.Comparer(func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 })
	for _, id := range []string{"syringe", "injector-gun"} {
		m, _ := Default().Method(id)
		if diff := cmp.Diff(depth, simplify(m.Ranges), cmp.AllowUnexported(r{}), approx); diff != "" {
			t.Errorf("%s depth ranges (-want +got):\n%s", id, diff)
		}
		if !m.Invasive {
			t.Errorf("%s: Invasive = false, want true", id)
		}
	}
	for id, invasive := range map[string]bool{"microneedling": true, "electroporation": false} {
		if m, err := Default().Method(id); err != nil || m.Invasive != invasive || !slices.Equal(m.Sources, []string{meso.S1}) {
			t.Errorf("method %s = %+v, want invasive %v from S1", id, m, invasive)
		}
	}
	for _, id := range []string{"multipuncture", "nappage", "superficial", "papular"} {
		tq, err := Default().Technique(id)
		if err != nil {
			t.Errorf("technique %s missing", id)
			continue
		}
		if diff := cmp.Diff([]r{{Spacing, 0, 15, meso.S3}}, simplify(tq.Ranges), cmp.AllowUnexported(r{}), approx); diff != "" {
			t.Errorf("%s ranges (-want +got):\n%s", id, diff)
		}
	}
	session := []r{
		{Spacing, 5, 15, meso.S1},
		{Spacing, 0.4 * inch, 0.6 * inch, meso.S2},
		{PartingDistance, 0.4 * inch, 0.8 * inch, meso.S2},
		{Injections, 30, 40, meso.S4},
		{Injections, 100, 120, meso.S2},
		{SessionMinutes, 20, 30, meso.S4},
		{SessionMinutes, 30, 45, meso.S2},
	}
	if diff := cmp.Diff(session, simplify(Default().Session()), cmp.AllowUnexported(r{}), approx); diff != "" {
		t.Errorf("session ranges (-want +got):\n%s", diff)
	}
}

func TestForIndication(t *testing.T) {
	ids := func(ps []Preparation) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}
	for _, tc := range []struct {
		ind  Indication
		sex  Sex
		want []string
	}{
		// Androgenetic alopecia is a kind of hair loss: preparations for hair
		// loss in general serve it too.
		{AndrogeneticAlopecia, SexUnstated, []string{"mesopecia", "cocktail-capilar", "allopathic-cocktail", "needle-mesotherapy-mix", "copper-zinc-peptide-cocktail"}},
		{AndrogeneticAlopecia, Male, []string{"mesopecia", "cocktail-capilar", "allopathic-cocktail", "needle-mesotherapy-mix", "copper-zinc-peptide-cocktail"}},
		// S2 says Mesopecia is more effective for men, not that it is for
		// men only: it is offered for women too.
		{AndrogeneticAlopecia, Female, []string{"mesopecia", "cocktail-capilar", "allopathic-cocktail", "needle-mesotherapy-mix", "copper-zinc-peptide-cocktail"}},
		// A broad indication does not pull in the narrower ones.
		{HairLoss, SexUnstated, []string{"cocktail-capilar", "allopathic-cocktail", "needle-mesotherapy-mix", "copper-zinc-peptide-cocktail"}},
		{Prevention, SexUnstated, []string{"bcn-hair-loss-cocktail", "homeopathic-cocktail", "needle-mesotherapy-mix"}},
		{Indication(0), SexUnstated, nil},
	} {
		if diff := cmp.Diff(tc.want, ids(Default().ForIndication(tc.ind, tc.sex))); diff != "" {
			t.Errorf("ForIndication(%s, %q) mismatch (-want +got):\n%s", tc.ind, tc.sex, diff)
		}
	}
}

// What a caller does with a returned value never reaches the catalog.
func TestReturnedValuesAreCopies(t *testing.T) {
	c := Default()
	p, _ := c.Preparation("greying-cocktail")
	p.Ingredients[0] = "procaine"
	p.Sources[0] = "x"
	all := c.Preparations()
	all[0].Name = "changed"
	in := c.Ingredients()
	in[0].Sources[0] = "y"
	m := c.Methods()
	m[0].Ranges[0].Max = 99
	members, _ := c.Resolve("b-vitamins")
	members[0] = "procaine"
	again, _ := c.Preparation("greying-cocktail")
	first := c.Preparations()[0]
	ing := c.Ingredients()[0]
	meth := c.Methods()[0]
	g, _ := c.Group("b-vitamins")
	if again.Ingredients[0] != "vitamin-b-complex" || again.Sources[0] != meso.S3 || first.Name == "changed" ||
		ing.Sources[0] == "y" || meth.Ranges[0].Max == 99 || g.Members[0] == "procaine" {
		t.Errorf("a change to a returned value reached the catalog")
	}
}

func TestZeroCatalog(t *testing.T) {
	var c Catalog
	if _, err := c.Preparation("mesopecia"); err == nil {
		t.Errorf("zero Catalog has a preparation")
	}
	if len(c.Ingredients()) != 0 || len(c.ForIndication(HairLoss, Female)) != 0 {
		t.Errorf("zero Catalog is not empty")
	}
	if _, err := c.CheckAllergies("mesopecia", []string{"procaine"}, nil); err == nil {
		t.Errorf("CheckAllergies on the zero Catalog: want an unknown-preparation error")
	}
	if ids, err := c.Resolve("vitamin"); err != nil || ids != nil {
		t.Errorf("zero Catalog Resolve(vitamin) = %v, %v; want a class that covers nothing", ids, err == nil)
	}
	if _, err := c.Resolve("procaine"); err == nil {
		t.Errorf("zero Catalog resolves an ingredient it does not have")
	}
	data, err := json.Marshal(&c)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Load(bytes.NewReader(data))
	if err != nil || len(back.Preparations()) != 0 {
		t.Errorf("zero Catalog does not round-trip: %s: %v", data, err)
	}
}

// Default is shared by every goroutine of a clinic's server.
func TestDefaultConcurrentUse(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				c := Default()
				if _, err := c.CheckAllergies("pharmacy-budget-mix", []string{"b-vitamins"}, []string{"procaine"}); err != nil {
					t.Error(err)
					return
				}
				_ = c.ForIndication(DiffuseAlopecia, Female)
				if _, err := json.Marshal(c); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestEnumerationsText(t *testing.T) {
	for _, ind := range Indications() {
		var back Indication
		text, err := ind.MarshalText()
		if err != nil || back.UnmarshalText(text) != nil || back != ind || ind.Name() == "" {
			t.Errorf("indication %d: text %q, %v; back %d", ind, text, err, back)
		}
	}
	if Indication(0).Name() != "" || Indication(200).Parent() != 0 || Indication(200).Sources() != nil {
		t.Errorf("invalid indications must have no name, parent or sources")
	}
	if DiffuseAlopecia.Parent() != HairLoss || HairLoss.Parent() != 0 {
		t.Errorf("DiffuseAlopecia.Parent() = %s, HairLoss.Parent() = %s", DiffuseAlopecia.Parent(), HairLoss.Parent())
	}
	var s Sex
	if err := s.UnmarshalText([]byte("other")); err == nil {
		t.Errorf("Sex.UnmarshalText(other) succeeded")
	}
	if Depth.Unit() != "mm" || Injections.Unit() != "injections" || SessionMinutes.Unit() != "min" || Quantity(99).Unit() != "" {
		t.Errorf("units: %q %q %q", Depth.Unit(), Injections.Unit(), SessionMinutes.Unit())
	}
	for _, v := range []interface{ MarshalText() ([]byte, error) }{Class(0), PreparationKind(9), Use(0), Quantity(0), Certainty(0), Indication(0)} {
		if _, err := v.MarshalText(); err == nil {
			t.Errorf("%T(%v).MarshalText() succeeded, want an error for a value without a name", v, v)
		}
	}
}
