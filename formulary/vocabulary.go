package formulary

import (
	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/enum"
)

// Class is what kind of substance an ingredient is. An allergy can be given as
// a class ("anaesthetic") and then covers every ingredient of that class.
//
// Its values: Vitamin, Mineral, AminoAcid, Peptide, Coenzyme,
// HyaluronicAcid, GrowthFactor, Pigment, PigmentPrecursor, PlantExtract,
// OrganicAcid, StructuralProtein, HomeopathicAgent, Anaesthetic,
// VascularAgent and AntiInflammatory.
type Class uint8

// The ingredient classes. The zero Class is no class and is never valid.
const (
	Vitamin Class = iota + 1
	Mineral
	AminoAcid
	Peptide
	Coenzyme
	HyaluronicAcid
	GrowthFactor
	Pigment
	PigmentPrecursor
	PlantExtract
	OrganicAcid
	StructuralProtein
	HomeopathicAgent
	Anaesthetic
	VascularAgent
	AntiInflammatory
)

var classText = &enum.Table{Type: "Class", What: "class", Unknown: meso.ErrUnknown, Names: []string{
	Vitamin:           "vitamin",
	Mineral:           "mineral",
	AminoAcid:         "amino-acid",
	Peptide:           "peptide",
	Coenzyme:          "coenzyme",
	HyaluronicAcid:    "hyaluronic-acid",
	GrowthFactor:      "growth-factor",
	Pigment:           "pigment",
	PigmentPrecursor:  "pigment-precursor",
	PlantExtract:      "plant-extract",
	OrganicAcid:       "organic-acid",
	StructuralProtein: "structural-protein",
	HomeopathicAgent:  "homeopathic-agent",
	Anaesthetic:       "anaesthetic",
	VascularAgent:     "vascular-agent",
	AntiInflammatory:  "anti-inflammatory",
}}

// String returns the class's id, as in "amino-acid".
func (c Class) String() string { return enum.String(classText, c) }

// MarshalText returns the class's id.
func (c Class) MarshalText() ([]byte, error) { return enum.Marshal(classText, c) }

// UnmarshalText reads a class id; an unknown one is an error wrapping meso.ErrUnknown.
func (c *Class) UnmarshalText(text []byte) error {
	return enum.Unmarshal(classText, text, c)
}

// PreparationKind is how a preparation is made, in the terms of S2: allopathic cocktails
// are highly concentrated (vascular agents, a vitamin mix, hyaluronic acid,
// growth-factor complexes) and act fast; homeopathic ones are less
// concentrated and act after a course; a compounded one is mixed from
// individual ingredients (the pharmacy budget mix).
//
// Its values: KindUnstated, Allopathic, Homeopathic and Compounded.
type PreparationKind uint8

// The kinds of preparation. The zero PreparationKind, KindUnstated, means the sources do
// not say which kind a product is; it is written "unstated".
const (
	KindUnstated PreparationKind = iota
	Allopathic
	Homeopathic
	Compounded
)

var kindText = &enum.Table{Type: "PreparationKind", What: "kind", Unknown: meso.ErrUnknown, Names: []string{
	KindUnstated: "unstated",
	Allopathic:   "allopathic",
	Homeopathic:  "homeopathic",
	Compounded:   "compounded",
}}

// String returns the kind's id, as in "allopathic".
func (k PreparationKind) String() string { return enum.String(kindText, k) }

// MarshalText returns the kind's id.
func (k PreparationKind) MarshalText() ([]byte, error) { return enum.Marshal(kindText, k) }

// UnmarshalText reads a kind id; an unknown one is an error wrapping meso.ErrUnknown.
func (k *PreparationKind) UnmarshalText(text []byte) error {
	return enum.Unmarshal(kindText, text, k)
}

// Use is what a preparation is used for. S2: preventive courses use lower
// concentrations than therapeutic ones.
//
// Its values: Therapeutic and Preventive.
type Use uint8

// The uses of a preparation. The zero Use is no use and is never valid.
const (
	Therapeutic Use = iota + 1
	Preventive
)

var useText = &enum.Table{Type: "Use", What: "use", Unknown: meso.ErrUnknown, Names: []string{Therapeutic: "therapeutic", Preventive: "preventive"}}

// String returns the use's id, as in "preventive".
func (u Use) String() string { return enum.String(useText, u) }

// MarshalText returns the use's id.
func (u Use) MarshalText() ([]byte, error) { return enum.Marshal(useText, u) }

// UnmarshalText reads a use id; an unknown one is an error wrapping meso.ErrUnknown.
func (u *Use) UnmarshalText(text []byte) error {
	return enum.Unmarshal(useText, text, u)
}

// Sex is a patient's sex, or the sex a manufacturer states a product is meant
// for (S2: "manufacturers usually indicate to whom their drug is indicated").
// The zero Sex, written "", means not stated.
//
// Its values: SexUnstated, Female and Male.
type Sex uint8

// The sexes.
const (
	SexUnstated Sex = iota
	Female
	Male
)

var sexText = &enum.Table{Type: "Sex", What: "sex", EmptyZero: true, Unknown: meso.ErrUnknown, Names: []string{SexUnstated: "", Female: "female", Male: "male"}}

// String returns "female", "male", or "" when not stated.
func (s Sex) String() string { return enum.String(sexText, s) }

// MarshalText returns "female", "male", or empty text when not stated.
func (s Sex) MarshalText() ([]byte, error) { return enum.Marshal(sexText, s) }

// UnmarshalText reads "female", "male", or empty text for not stated; anything
// else is an error wrapping meso.ErrUnknown.
func (s *Sex) UnmarshalText(text []byte) error {
	return enum.Unmarshal(sexText, text, s)
}

// Indication is a reason to treat the scalp, as the sources (S0 to S4, see
// SOURCES.md at the module root) name it. Every indication carries its
// sources; the specific kinds of hair loss have HairLoss as their Parent.
//
// Its values: HairLoss, DiffuseAlopecia, FocalAlopecia,
// AndrogeneticAlopecia, TelogenEffluvium, PostpartumHairLoss,
// StressHairLoss, SlowedGrowth, Thinning, BrittleHair, DryHair, SplitEnds,
// DullHair, DamagedHair, Seborrhoea, Dandruff, Itching, Dermatitis,
// SeborrhoeicEczema, Ringworm, DryScalp, OilyScalp, PrematureGreying,
// PoorCirculation, PreTransplant and Prevention.
type Indication uint8

// The indications. The zero Indication is none and is never valid.
const (
	HairLoss Indication = iota + 1
	DiffuseAlopecia
	FocalAlopecia
	AndrogeneticAlopecia
	TelogenEffluvium
	PostpartumHairLoss
	StressHairLoss
	SlowedGrowth
	Thinning
	BrittleHair
	DryHair
	SplitEnds
	DullHair
	DamagedHair
	Seborrhoea
	Dandruff
	Itching
	Dermatitis
	SeborrhoeicEczema
	Ringworm
	DryScalp
	OilyScalp
	PrematureGreying
	PoorCirculation
	PreTransplant
	Prevention
)

// indications is the table of indications: id, what a clinician calls it, the
// broader indication it is a kind of, and where the sources name it.
var indications = []struct {
	id, name string
	parent   Indication
	sources  []string
}{
	HairLoss:             {"hair-loss", "hair loss, alopecia", 0, []string{meso.S0, meso.S1, meso.S2, meso.S3, meso.S4}},
	DiffuseAlopecia:      {"diffuse-alopecia", "diffuse alopecia (uniform thinning)", HairLoss, []string{meso.S2, meso.S3}},
	FocalAlopecia:        {"focal-alopecia", "focal alopecia (temples, back of the head, crown)", HairLoss, []string{meso.S2, meso.S3, meso.S4}},
	AndrogeneticAlopecia: {"androgenetic-alopecia", "androgenetic (hormonal) alopecia", HairLoss, []string{meso.S2, meso.S3}},
	TelogenEffluvium:     {"telogen-effluvium", "telogen effluvium, 2-3 months after COVID-19", HairLoss, []string{meso.S3}},
	PostpartumHairLoss:   {"postpartum-hair-loss", "hair loss after childbirth or from pregnancy hormones", HairLoss, []string{meso.S3, meso.S4}},
	StressHairLoss:       {"stress-hair-loss", "hair loss from stress", HairLoss, []string{meso.S2, meso.S4}},
	SlowedGrowth:         {"slowed-growth", "slowed growth, dormant follicles", 0, []string{meso.S0, meso.S2, meso.S3}},
	Thinning:             {"thinning", "thinning hair", 0, []string{meso.S1, meso.S2, meso.S4}},
	BrittleHair:          {"brittle-hair", "brittle, fragile hair", 0, []string{meso.S1, meso.S2, meso.S3, meso.S4}},
	DryHair:              {"dry-hair", "dry hair", 0, []string{meso.S2, meso.S3}},
	SplitEnds:            {"split-ends", "split ends", 0, []string{meso.S2, meso.S3}},
	DullHair:             {"dull-hair", "dull, exhausted hair", 0, []string{meso.S2}},
	DamagedHair:          {"damaged-hair", "hair damaged by dyeing, curling or aggressive procedures", 0, []string{meso.S3}},
	Seborrhoea:           {"seborrhoea", "seborrhoea", 0, []string{meso.S2, meso.S3}},
	Dandruff:             {"dandruff", "dandruff", 0, []string{meso.S2, meso.S3}},
	Itching:              {"itching", "itching of the scalp", 0, []string{meso.S2, meso.S3}},
	Dermatitis:           {"dermatitis", "dermatitis", 0, []string{meso.S2}},
	SeborrhoeicEczema:    {"seborrhoeic-eczema", "seborrhoeic eczema of the scalp", 0, []string{meso.S3}},
	Ringworm:             {"ringworm", "lichen, signs of ringworm", 0, []string{meso.S2, meso.S3}},
	DryScalp:             {"dry-scalp", "dry, flaking scalp", 0, []string{meso.S2, meso.S3}},
	OilyScalp:            {"oily-scalp", "oily scalp, excess sebum", 0, []string{meso.S2, meso.S3}},
	PrematureGreying:     {"premature-greying", "premature greying", 0, []string{meso.S2, meso.S3}},
	PoorCirculation:      {"poor-circulation", "poor circulation in the scalp", 0, []string{meso.S2}},
	PreTransplant:        {"pre-transplant", "preparation for a hair transplant", 0, []string{meso.S2, meso.S3}},
	Prevention:           {"prevention", "prevention, keeping healthy hair", 0, []string{meso.S1, meso.S2, meso.S3}},
}

var indicationNames = func() []string {
	names := make([]string, len(indications))
	for i, ind := range indications {
		names[i] = ind.id
	}
	return names
}()

var indicationText = &enum.Table{Type: "Indication", What: "indication", Names: indicationNames, Unknown: meso.ErrUnknown}

// Indications returns every indication, in table order.
func Indications() []Indication {
	all := make([]Indication, 0, len(indications)-1)
	for i := 1; i < len(indications); i++ {
		all = append(all, Indication(i))
	}
	return all
}

// String returns the indication's id, as in "diffuse-alopecia".
func (i Indication) String() string { return enum.String(indicationText, i) }

// Name returns what a clinician calls the indication, as in "diffuse alopecia
// (uniform thinning)", or "" for an invalid one.
func (i Indication) Name() string {
	if i.valid() {
		return indications[i].name
	}
	return ""
}

// Parent returns the broader indication that i is a kind of (HairLoss for
// DiffuseAlopecia), or the zero Indication.
func (i Indication) Parent() Indication {
	if i.valid() {
		return indications[i].parent
	}
	return 0
}

// Sources returns the documents that name the indication.
func (i Indication) Sources() []string {
	if i.valid() {
		return append([]string(nil), indications[i].sources...)
	}
	return nil
}

func (i Indication) valid() bool { return i > 0 && int(i) < len(indications) }

// MarshalText returns the indication's id.
func (i Indication) MarshalText() ([]byte, error) {
	return enum.Marshal(indicationText, i)
}

// UnmarshalText reads an indication id; an unknown one is an error wrapping
// meso.ErrUnknown.
func (i *Indication) UnmarshalText(text []byte) error {
	return enum.Unmarshal(indicationText, text, i)
}

// Quantity is what a stated Range measures. Each quantity has one unit.
//
// Its values: Depth, Spacing, PartingDistance, Injections and
// SessionMinutes.
type Quantity uint8

// The quantities the sources state ranges for. The zero Quantity is none.
const (
	Depth           Quantity = iota + 1 // needle depth, mm
	Spacing                             // distance between punctures, mm
	PartingDistance                     // distance of the first punctures from the parting, mm
	Injections                          // injections in one session
	SessionMinutes                      // length of one session, minutes
)

var quantityText = &enum.Table{Type: "Quantity", What: "quantity", Unknown: meso.ErrUnknown, Names: []string{
	Depth:           "depth",
	Spacing:         "spacing",
	PartingDistance: "parting-distance",
	Injections:      "injections",
	SessionMinutes:  "session-minutes",
}}

var quantityUnits = []string{
	Depth:           "mm",
	Spacing:         "mm",
	PartingDistance: "mm",
	Injections:      "injections",
	SessionMinutes:  "min",
}

// String returns the quantity's id, as in "depth".
func (q Quantity) String() string { return enum.String(quantityText, q) }

// Unit returns the unit a Range of q is written in: "mm", "injections" or
// "min".
func (q Quantity) Unit() string {
	if int(q) < len(quantityUnits) {
		return quantityUnits[q]
	}
	return ""
}

// MarshalText returns the quantity's id.
func (q Quantity) MarshalText() ([]byte, error) { return enum.Marshal(quantityText, q) }

// UnmarshalText reads a quantity id; an unknown one is an error wrapping
// meso.ErrUnknown.
func (q *Quantity) UnmarshalText(text []byte) error {
	return enum.Unmarshal(quantityText, text, q)
}
