package formulary

import (
	"strings"
	"testing"

	"github.com/mesokit/meso"
)

// Issue 16: the facts of the catalog that were read wrong or presented as
// stated, pinned per source to the source's tag and to the marker that says
// they are meso's reading or policy, not the source's words.
func TestSourceFactsS2(t *testing.T) {
	c := Default()
	p, _ := c.Preparation("mesopecia")
	// S2: "the drug is more effective for men": an effect, not an intended
	// sex. The old catalog marked it male and left it out for women.
	if p.Sex != SexUnstated {
		t.Errorf("mesopecia: sex %q; S2 states none", p.Sex)
	}
	if got := c.ForIndication(AndrogeneticAlopecia, Female); len(got) == 0 || got[0].ID != "mesopecia" {
		t.Errorf("ForIndication(androgenetic-alopecia, female) leaves mesopecia out")
	}
	if len(p.Effects) != 1 || !strings.Contains(p.Effects[0].Text, "more effective for men") || p.Effects[0].Sources[0] != meso.S2 {
		t.Errorf("mesopecia: effects %v; want S2's 'more effective for men' kept as an effect", p.Effects)
	}
	// The uses of S2's branded products are meso's policy.
	for _, id := range []string{"mesopecia", "cocktail-capilar", "bcn-hair-loss-cocktail", "revitacare-haircare", "dietbel-derm-36"} {
		p, _ := c.Preparation(id)
		if !strings.Contains(p.Notes, "Policy: S2 states no use") {
			t.Errorf("%s: notes %q; want its uses marked as policy", id, p.Notes)
		}
	}
	// S2 names B vitamins as a group, not their members.
	g, _ := c.Group("b-vitamins")
	if !strings.HasPrefix(g.Notes, "Reading:") {
		t.Errorf("b-vitamins: notes %q; want its members marked as a reading", g.Notes)
	}
	for _, id := range []string{"thiamine", "biotin", "folic-acid", "dexpanthenol", "nicotinic-acid"} {
		in, _ := c.Ingredient(id)
		if !strings.HasPrefix(in.Notes, "Reading:") {
			t.Errorf("%s: notes %q; want the vitamin number in its name marked as a reading", id, in.Notes)
		}
	}
	// S2 states the homeopathic cocktail's kind, not its composition.
	h, _ := c.Preparation("homeopathic-cocktail")
	if !strings.Contains(h.Notes, "Reading: that it contains homeopathic agents") {
		t.Errorf("homeopathic-cocktail: notes %q", h.Notes)
	}
}

func TestSourceFactsS1(t *testing.T) {
	in, _ := Default().Ingredient("algae-extract")
	if in.Class != PlantExtract || !strings.HasPrefix(in.Notes, "Reading:") || in.Sources[0] != meso.S1 {
		t.Errorf("algae-extract: class %s, notes %q, sources %v; want plant-extract marked as a reading of S1", in.Class, in.Notes, in.Sources)
	}
}

func TestSourceFactsS3(t *testing.T) {
	c := Default()
	in, _ := c.Ingredient("carnitine")
	if in.Class != AminoAcid || !strings.HasPrefix(in.Notes, "Reading:") || in.Sources[0] != meso.S3 {
		t.Errorf("carnitine: class %s, notes %q; want amino-acid marked as a reading of S3", in.Class, in.Notes)
	}
	// The three preparations assembled from S3's descriptions: their
	// indications are meso's.
	for _, id := range []string{"greying-cocktail", "copper-zinc-peptide-cocktail", "amino-acid-cocktail"} {
		p, _ := c.Preparation(id)
		if !strings.Contains(p.Notes, "Policy: an assembled preparation") || p.Sources[0] != meso.S3 {
			t.Errorf("%s: notes %q; want its indications marked as policy", id, p.Notes)
		}
	}
}

// The sex filter of ForIndication still serves a clinic's catalog whose
// product a manufacturer states is for one sex.
func TestForIndicationStatedSex(t *testing.T) {
	c, err := Load(strings.NewReader(`{"ingredients": [], "groups": [], "methods": [], "techniques": [], "session": [],
	  "preparations": [{"id": "for-men", "name": "For men", "kind": "unstated", "uses": ["therapeutic"], "ingredients": [],
	    "indications": ["hair-loss"], "sex": "male", "sources": ["clinic label"]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.ForIndication(HairLoss, Female); len(got) != 0 {
		t.Errorf("ForIndication(hair-loss, female) = %v; want the product stated for men left out", got)
	}
	if got := c.ForIndication(HairLoss, Male); len(got) != 1 {
		t.Errorf("ForIndication(hair-loss, male) = %v; want it", got)
	}
}

// Left out before (issue 16): S1's anti-inflammatory substances and S3's
// stimulants of new capillaries, named by the sources only as kinds.
func TestIngredientsNamedOnlyAsKinds(t *testing.T) {
	for _, tc := range []struct {
		id    string
		class Class
		src   string
	}{
		{"anti-inflammatory-substances", AntiInflammatory, meso.S1},
		{"capillary-stimulants", VascularAgent, meso.S3},
	} {
		in, err := Default().Ingredient(tc.id)
		if err != nil || in.Class != tc.class || !in.Unspecified || len(in.Sources) != 1 || in.Sources[0] != tc.src {
			t.Errorf("%s: %+v; want an unspecified %s of %s", tc.id, in, tc.class, tc.src)
		}
	}
	if _, err := Default().Resolve("anti-inflammatory"); err != nil {
		t.Errorf("the class anti-inflammatory is not an allergy id")
	}
}
