package formulary

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/mesokit/meso"
)

// contents is everything a Catalog holds, for comparing two catalogs.
type contents struct {
	Ingredients  []Ingredient
	Groups       []Group
	Preparations []Preparation
	Methods      []Method
	Techniques   []Technique
	Session      []Range
}

func contentsOf(c *Catalog) contents {
	return contents{c.Ingredients(), c.Groups(), c.Preparations(), c.Methods(), c.Techniques(), c.Session()}
}

// A minimal valid catalog that the rejection cases below break one field at
// a time.
const minimal = `{
  "ingredients": [{"id": "biotin", "name": "Biotin", "class": "vitamin", "sources": ["s"]},
                  {"id": "procaine", "name": "Procaine", "class": "anaesthetic", "sources": ["s"]}],
  "groups": [{"id": "b-vitamins", "name": "B vitamins", "members": ["biotin"], "sources": ["s"]}],
  "preparations": [{"id": "mix", "name": "Mix", "kind": "compounded", "uses": ["therapeutic"],
                    "ingredients": ["biotin"], "indications": ["hair-loss"], "sex": "female", "sources": ["s"]}],
  "methods": [{"id": "syringe", "name": "Syringe", "invasive": true,
               "ranges": [{"quantity": "depth", "min": 2, "max": 4, "stated": "2-4 mm", "sources": ["s"]}], "sources": ["s"]}],
  "techniques": [{"id": "papular", "name": "Papular", "sources": ["s"]}],
  "session": [{"quantity": "injections", "min": 30, "max": 40, "stated": "30-40", "sources": ["s"]}]
}`

func TestLoadMinimal(t *testing.T) {
	c, err := Load(strings.NewReader(minimal))
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Preparation("mix")
	if err != nil || p.Sex != Female || p.Kind != Compounded || len(c.Session()) != 1 {
		t.Errorf("loaded %+v", contentsOf(c))
	}
}

func TestLoadRejects(t *testing.T) {
	for _, tc := range []struct {
		name, old, new string
		field, entry   string
		want           error
	}{
		{"unknown top-level field", `"session":`, `"sessions": [], "session":`, "sessions", "", meso.ErrUnknown},
		{"unknown entry field", `"class": "vitamin"`, `"class": "vitamin", "dose": 2`, "ingredients[0].dose", "biotin", meso.ErrUnknown},
		{"duplicate id", `"id": "procaine"`, `"id": "biotin"`, "ingredients[1].id", "", meso.ErrDuplicate},
		{"duplicate key", `"name": "Mix",`, `"name": "Mix", "name": "Mix 2",`, "preparations[0].name", "", meso.ErrDuplicate},
		{"unknown ingredient", `"ingredients": ["biotin"]`, `"ingredients": ["biotin", "retinol"]`, "preparations[0].ingredients[1]", "mix", meso.ErrUnknown},
		{"ingredient twice", `"ingredients": ["biotin"]`, `"ingredients": ["biotin", "biotin"]`, "preparations[0].ingredients[1]", "mix", meso.ErrDuplicate},
		{"unknown group member", `"members": ["biotin"]`, `"members": ["niacin"]`, "groups[0].members[0]", "b-vitamins", meso.ErrUnknown},
		{"group without members", `"members": ["biotin"]`, `"members": []`, "groups[0].members", "b-vitamins", meso.ErrMissing},
		{"group named like an ingredient", `"id": "b-vitamins"`, `"id": "procaine"`, "groups[0].id", "procaine", meso.ErrDuplicate},
		{"group named like a class", `"id": "b-vitamins"`, `"id": "vitamin"`, "groups[0].id", "vitamin", meso.ErrDuplicate},
		{"empty id", `"id": "mix"`, `"id": ""`, "preparations[0].id", "", meso.ErrMissing},
		{"id not kebab-case", `"id": "mix"`, `"id": "Mix_1"`, "preparations[0].id", "", meso.ErrInvalid},
		{"id too long", `"id": "mix"`, `"id": "` + strings.Repeat("m", meso.MaxIDLen+1) + `"`, "preparations[0].id", "", meso.ErrTooLarge},
		{"empty name", `"name": "Mix"`, `"name": "  "`, "preparations[0].name", "mix", meso.ErrMissing},
		{"control character", `"name": "Mix"`, `"name": "Mix\u0007"`, "preparations[0].name", "mix", meso.ErrInvalid},
		{"unknown class", `"class": "anaesthetic"`, `"class": "numbing"`, "ingredients[1].class", "procaine", meso.ErrUnknown},
		{"unknown kind", `"kind": "compounded"`, `"kind": "mixed"`, "preparations[0].kind", "mix", meso.ErrUnknown},
		{"missing kind", `"kind": "compounded",`, ``, "preparations[0].kind", "mix", meso.ErrUnknown},
		{"unknown use", `"uses": ["therapeutic"]`, `"uses": ["cosmetic"]`, "preparations[0].uses[0]", "mix", meso.ErrUnknown},
		{"unknown indication", `"indications": ["hair-loss"]`, `"indications": ["baldness"]`, "preparations[0].indications[0]", "mix", meso.ErrUnknown},
		{"unknown sex", `"sex": "female"`, `"sex": "f"`, "preparations[0].sex", "mix", meso.ErrUnknown},
		{"no sources", `"techniques": [{"id": "papular", "name": "Papular", "sources": ["s"]}]`, `"techniques": [{"id": "papular", "name": "Papular", "sources": []}]`, "techniques[0].sources", "papular", meso.ErrMissing},
		{"source twice", `"name": "Papular", "sources": ["s"]`, `"name": "Papular", "sources": ["s", "s"]`, "techniques[0].sources[1]", "papular", meso.ErrDuplicate},
		{"unknown quantity", `"quantity": "depth"`, `"quantity": "width"`, "methods[0].ranges[0].quantity", "syringe", meso.ErrUnknown},
		{"min above max", `"min": 2, "max": 4`, `"min": 5, "max": 4`, "methods[0].ranges[0].min", "syringe", meso.ErrInvalid},
		{"negative min", `"min": 2, "max": 4`, `"min": -1, "max": 4`, "methods[0].ranges[0].min", "syringe", meso.ErrInvalid},
		{"zero max", `"min": 30, "max": 40`, `"min": 0, "max": 0`, "session[0].max", "", meso.ErrInvalid},
		{"range without words", `"stated": "30-40"`, `"stated": ""`, "session[0].stated", "", meso.ErrMissing},
		{"wrong JSON type", `"invasive": true`, `"invasive": "yes"`, "methods[0].invasive", "syringe", meso.ErrInvalid},
		{"trailing data", `"session":`, `"session":`, "catalog", "", meso.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := strings.Replace(minimal, tc.old, tc.new, 1)
			if tc.name == "trailing data" {
				in += " {}"
			}
			if in == minimal && tc.name != "trailing data" {
				t.Fatalf("test case changes nothing: %q not in the minimal catalog", tc.old)
			}
			c, err := Load(strings.NewReader(in))
			if c != nil {
				t.Errorf("Load returned a catalog along with error %v; want nothing half-loaded", err)
			}
			var fe *meso.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Load error = %v, want a *meso.FieldError", err)
			}
			if fe.Field != tc.field || fe.Entry != tc.entry || !errors.Is(err, tc.want) {
				t.Errorf("error %q: field %q, entry %q; want field %q, entry %q, wrapping %v", err, fe.Field, fe.Entry, tc.field, tc.entry, tc.want)
			}
			if !strings.Contains(err.Error(), tc.field) {
				t.Errorf("message %q does not name the field %q", err, tc.field)
			}
		})
	}
}

func TestLoadLimits(t *testing.T) {
	big := strings.Repeat(" ", MaxCatalogBytes+1)
	if _, err := Load(strings.NewReader(big)); !errors.Is(err, meso.ErrTooLarge) {
		t.Errorf("input over MaxCatalogBytes: error %v, want meso.ErrTooLarge", err)
	}
	var b strings.Builder
	b.WriteString(`{"techniques": [`)
	for i := 0; i <= MaxEntries; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{}`)
	}
	b.WriteString(`]}`)
	var fe *meso.FieldError
	if _, err := Load(strings.NewReader(b.String())); !errors.As(err, &fe) || fe.Field != "techniques" || !errors.Is(err, meso.ErrTooLarge) {
		t.Errorf("more than MaxEntries techniques: error %v, want meso.ErrTooLarge on techniques", err)
	}
	sources := `"sources": ["s"` + strings.Repeat(`, "s"`, MaxListLen) + `]`
	in := strings.Replace(minimal, `"name": "Papular", "sources": ["s"]`, `"name": "Papular", `+sources, 1)
	if _, err := Load(strings.NewReader(in)); !errors.As(err, &fe) || fe.Field != "techniques[0].sources" || !errors.Is(err, meso.ErrTooLarge) {
		t.Errorf("more than MaxListLen sources: error %v, want meso.ErrTooLarge on techniques[0].sources", err)
	}
}

// The default catalog survives encode → Load unchanged.
func TestDefaultRoundTrip(t *testing.T) {
	data, err := json.Marshal(Default())
	if err != nil {
		t.Fatal(err)
	}
	back, err := Load(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(contentsOf(Default()), contentsOf(back)); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
}

// catalogDoc is the JSON document of a catalog, as a generator builds it.
type catalogDoc struct {
	Ingredients  []ingredientJSON  `json:"ingredients"`
	Groups       []groupJSON       `json:"groups"`
	Preparations []preparationJSON `json:"preparations"`
	Methods      []methodJSON      `json:"methods"`
	Techniques   []techniqueJSON   `json:"techniques"`
	Session      []rangeJSON       `json:"session"`
}

// genCatalog draws a valid catalog document: distinct ids, references that
// resolve, known names, sources on every entry, sound ranges.
func genCatalog(t *rapid.T) catalogDoc {
	ids := []string{"a", "b", "c", "d-1", "e2", "f-g-h"}
	text := rapid.SampledFrom([]string{"Name", "Ñame with ünicode", "x", "Vitamin B (group)"})
	sources := rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"s1", "s2", "clinic leaflet"}), 1, 3, rapid.ID)
	effects := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) effectJSON {
		return effectJSON{Text: text.Draw(t, "text"), Sources: sources.Draw(t, "sources")}
	}), 0, 2)
	ranges := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) rangeJSON {
		lo := rapid.Float64Range(0, 200).Draw(t, "min")
		return rangeJSON{
			Quantity: rapid.SampledFrom(quantityText.Names[1:]).Draw(t, "quantity"),
			Min:      lo, Max: lo + rapid.Float64Range(0.5, 50).Draw(t, "span"),
			Stated: text.Draw(t, "stated"), Sources: sources.Draw(t, "sources"),
		}
	}), 0, 2)
	var doc catalogDoc
	ingredientIDs := rapid.SliceOfNDistinct(rapid.SampledFrom(ids), 0, 4, rapid.ID).Draw(t, "ingredient ids")
	for _, id := range ingredientIDs {
		doc.Ingredients = append(doc.Ingredients, ingredientJSON{ID: id, Name: text.Draw(t, "name"),
			Class:       rapid.SampledFrom(classText.Names[1:]).Draw(t, "class"),
			Unspecified: rapid.Bool().Draw(t, "unspecified"), Effects: effects.Draw(t, "effects"), Sources: sources.Draw(t, "sources")})
	}
	if len(ingredientIDs) > 0 {
		for _, id := range rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"g1", "g2", "b-vitamins"}), 0, 2, rapid.ID).Draw(t, "group ids") {
			doc.Groups = append(doc.Groups, groupJSON{ID: id, Name: text.Draw(t, "name"),
				Members: rapid.SliceOfNDistinct(rapid.SampledFrom(ingredientIDs), 1, len(ingredientIDs), rapid.ID).Draw(t, "members"),
				Sources: sources.Draw(t, "sources")})
		}
	}
	for _, id := range rapid.SliceOfNDistinct(rapid.SampledFrom(ids), 0, 3, rapid.ID).Draw(t, "preparation ids") {
		p := preparationJSON{ID: id, Name: text.Draw(t, "name"),
			Maker:       rapid.SampledFrom([]string{"", "Dietbel"}).Draw(t, "maker"),
			Kind:        rapid.SampledFrom(kindText.Names).Draw(t, "kind"),
			Uses:        rapid.SliceOfNDistinct(rapid.SampledFrom(useText.Names[1:]), 0, 2, rapid.ID).Draw(t, "uses"),
			Indications: rapid.SliceOfNDistinct(rapid.SampledFrom(indicationText.Names[1:]), 0, 3, rapid.ID).Draw(t, "indications"),
			Sex:         rapid.SampledFrom([]string{"", "female", "male"}).Draw(t, "sex"),
			Effects:     effects.Draw(t, "effects"), Sources: sources.Draw(t, "sources")}
		if len(ingredientIDs) > 0 {
			p.Ingredients = rapid.SliceOfNDistinct(rapid.SampledFrom(ingredientIDs), 0, len(ingredientIDs), rapid.ID).Draw(t, "ingredients")
		}
		doc.Preparations = append(doc.Preparations, p)
	}
	for _, id := range rapid.SliceOfNDistinct(rapid.SampledFrom(ids), 0, 2, rapid.ID).Draw(t, "method ids") {
		doc.Methods = append(doc.Methods, methodJSON{ID: id, Name: text.Draw(t, "name"), Invasive: rapid.Bool().Draw(t, "invasive"),
			Ranges: ranges.Draw(t, "ranges"), Sources: sources.Draw(t, "sources")})
	}
	for _, id := range rapid.SliceOfNDistinct(rapid.SampledFrom(ids), 0, 2, rapid.ID).Draw(t, "technique ids") {
		doc.Techniques = append(doc.Techniques, techniqueJSON{ID: id, Name: text.Draw(t, "name"), Ranges: ranges.Draw(t, "ranges"), Sources: sources.Draw(t, "sources")})
	}
	doc.Session = ranges.Draw(t, "session")
	return doc
}

// breakOne makes one change that makes doc invalid, and says what it did; it
// returns "" when doc has nothing the chosen change applies to.
func breakOne(t *rapid.T, doc *catalogDoc) string {
	switch rapid.IntRange(0, 7).Draw(t, "break") {
	case 0:
		if len(doc.Ingredients) > 0 {
			doc.Ingredients[0].Class = "numbing"
			return "unknown class"
		}
	case 1:
		if len(doc.Ingredients) > 1 {
			doc.Ingredients[1].ID = doc.Ingredients[0].ID
			return "duplicate ingredient id"
		}
	case 2:
		if len(doc.Preparations) > 0 {
			doc.Preparations[0].Ingredients = append(doc.Preparations[0].Ingredients, "retinol")
			return "unknown ingredient"
		}
	case 3:
		if len(doc.Preparations) > 0 {
			doc.Preparations[0].Kind = ""
			return "missing kind"
		}
	case 4:
		if len(doc.Methods) > 0 {
			doc.Methods[0].Sources = nil
			return "method without sources"
		}
	case 5:
		if len(doc.Session) > 0 {
			doc.Session[0].Min = doc.Session[0].Max + 1
			return "min above max"
		}
	case 6:
		if len(doc.Techniques) > 0 {
			doc.Techniques[0].Name = ""
			return "technique without a name"
		}
	case 7:
		if len(doc.Groups) > 0 && len(doc.Ingredients) > 0 {
			doc.Groups[0].ID = doc.Ingredients[0].ID
			return "group id that is an ingredient id"
		}
	}
	return ""
}

// Load accepts every valid catalog and writes it back in a form it accepts
// again, unchanged; it rejects every catalog broken in one place, with a
// meso.FieldError and no catalog.
func TestLoadGeneratedCatalogs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		doc := genCatalog(t)
		broken := ""
		if rapid.Bool().Draw(t, "break one thing") {
			broken = breakOne(t, &doc)
		}
		data, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		c, err := Load(bytes.NewReader(data))
		if broken != "" {
			var fe *meso.FieldError
			if c != nil || !errors.As(err, &fe) {
				t.Fatalf("%s: Load(%s) = %v, %v; want nil and a *meso.FieldError", broken, data, c, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Load rejected a valid catalog %s: %v", data, err)
		}
		again, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Load(bytes.NewReader(again))
		if err != nil {
			t.Fatalf("Load accepted %s but not its own encoding %s: %v", data, again, err)
		}
		if diff := cmp.Diff(contentsOf(c), contentsOf(back)); diff != "" {
			t.Fatalf("re-encoding changed the catalog (-first +second):\n%s", diff)
		}
		if len(c.Preparations()) != len(doc.Preparations) || len(c.Session()) != len(doc.Session) {
			t.Fatalf("Load kept %d preparations and %d session ranges of %d and %d", len(c.Preparations()), len(c.Session()), len(doc.Preparations), len(doc.Session))
		}
		for _, p := range c.Preparations() {
			for _, id := range p.Ingredients {
				if _, err := c.Ingredient(id); err != nil {
					t.Fatalf("preparation %s names ingredient %s, which does not resolve", p.ID, id)
				}
			}
		}
	})
}

func FuzzLoad(f *testing.F) {
	if doc, err := Default().MarshalJSON(); err == nil {
		for _, s := range jsontest.Seeds(doc, strictjson.MaxDepth) {
			f.Add(s)
		}
	}
	f.Add([]byte(minimal))
	f.Add(defaultJSON)
	f.Add([]byte(`{"ingredients": [{"id": "a", "id": "b"}]}`))
	f.Add([]byte(`{"session": [{"quantity": "depth", "min": 1e400}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return // the size limit is TestLoadLimits' job; here, the structure
		}
		c, err := Load(bytes.NewReader(data))
		if err != nil {
			var fe *meso.FieldError
			if c != nil || !errors.As(err, &fe) {
				t.Fatalf("Load = %v, %v; want nil and a *meso.FieldError", c, err)
			}
			return
		}
		again, err := json.Marshal(c)
		if err != nil {
			t.Fatalf("an accepted catalog does not encode: %v", err)
		}
		if _, err := Load(bytes.NewReader(again)); err != nil {
			t.Fatalf("an accepted catalog's encoding is rejected: %v", err)
		}
	})
}
