package screening

import (
	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/enum"
)

// Verdict is the outcome of a screening, from best to worst: Cleared,
// Caution, Deferred, Refused. A worse verdict compares greater, so the
// verdict of a screening is the greatest over its findings.
type Verdict uint8

// The verdicts. The zero Verdict is none and is never valid.
const (
	// Cleared: no rule of the policy holds; the session may go ahead.
	Cleared Verdict = iota + 1
	// Caution: the session may go ahead under a clinician's judgement: a
	// relative contraindication, or something the sources ask the clinician
	// to assess (a prior allergic reaction, an allergen not ruled out).
	Caution
	// Deferred: a temporary contraindication holds; no session before
	// Result.Until (never, while it is open).
	Deferred
	// Refused: an absolute contraindication holds.
	Refused
)

var verdictText = &enum.Table{Type: "Verdict", What: "verdict", Unknown: meso.ErrUnknown, Names: []string{
	Cleared:  "cleared",
	Caution:  "caution",
	Deferred: "deferred",
	Refused:  "refused",
}}

// String returns "cleared", "caution", "deferred" or "refused".
func (v Verdict) String() string { return enum.String(verdictText, v) }

// MarshalText returns the verdict's name.
func (v Verdict) MarshalText() ([]byte, error) { return enum.Marshal(verdictText, v) }

// UnmarshalText reads a verdict's name; an unknown one is an error wrapping
// meso.ErrUnknown.
func (v *Verdict) UnmarshalText(text []byte) error { return enum.Unmarshal(verdictText, text, v) }

// Allows reports whether a session may go ahead: the verdict is Cleared or
// Caution.
func (v Verdict) Allows() bool { return v == Cleared || v == Caution }

// Severity is how a rule weighs when it holds. S0 sorts contraindications
// into absolute ones ("the procedure will always be impossible") and relative
// ones ("temporary, or conditions in which mesotherapy can be carried out
// under constant medical supervision"); meso keeps the temporary ones apart,
// because they end on a date.
//
// Its values: Absolute, Relative, Temporary and Advisory.
type Severity uint8

// The severities. The zero Severity is none and is never valid.
const (
	// Absolute: the session must not go ahead; the verdict is Refused.
	Absolute Severity = iota + 1
	// Relative: the session may go ahead under medical supervision; the
	// verdict is at least Caution.
	Relative
	// Temporary: no session until the reason has passed; the verdict is at
	// least Deferred, until the finding's Until (open when unknown).
	Temporary
	// Advisory: not a contraindication, but something the sources ask the
	// clinician to know and assess before treating; the verdict is at least
	// Caution.
	Advisory
)

var severityText = &enum.Table{Type: "Severity", What: "severity", Unknown: meso.ErrUnknown, Names: []string{
	Absolute:  "absolute",
	Relative:  "relative",
	Temporary: "temporary",
	Advisory:  "advisory",
}}

// String returns "absolute", "relative", "temporary" or "advisory".
func (s Severity) String() string { return enum.String(severityText, s) }

// MarshalText returns the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return enum.Marshal(severityText, s) }

// UnmarshalText reads a severity's name; an unknown one is an error wrapping
// meso.ErrUnknown.
func (s *Severity) UnmarshalText(text []byte) error { return enum.Unmarshal(severityText, text, s) }

// Verdict returns the verdict a finding of this severity gives: Refused for
// Absolute, Deferred for Temporary, Caution for Relative and Advisory, and the
// zero Verdict for an invalid severity.
func (s Severity) Verdict() Verdict {
	switch s {
	case Absolute:
		return Refused
	case Temporary:
		return Deferred
	case Relative, Advisory:
		return Caution
	}
	return 0
}

// Condition is a current condition of the patient, as a clinic records it on
// an intake. The codes follow the contraindications the sources name
// (see SOURCES.md at the module root); where one source's words are broader or narrower than
// another's, each gets its own code, so that every rule can cite exactly the
// sources that state it.
//
// Its values: Cancer, Tumour, ScalpNeoplasm, Diabetes,
// DiabetesDecompensated, CoagulationDisorder, BloodDisease, Herpes,
// Inflammation, ScalpInfection, SkinInfection, SkinDisease, KeloidTendency,
// SystemicDisease, AcuteIllness, EndocrineDisorder, MetabolicDisorder,
// NeurologicalDisorder, MentalDisorder, Immunodeficiency, Cholelithiasis,
// VaricoseVeins, CirculatoryDisorder and AllergicCondition.
type Condition uint8

// The conditions. The zero Condition is none and is never valid.
const (
	Cancer                Condition = iota + 1 // cancer, oncological disease
	Tumour                                     // a tumour of any type (S1 "tumor diseases", S3 "any type of tumor")
	ScalpNeoplasm                              // a neoplasm on the scalp (S2)
	Diabetes                                   // diabetes mellitus
	DiabetesDecompensated                      // decompensated diabetes mellitus (S2); it is diabetes too
	CoagulationDisorder                        // a blood coagulation disorder
	BloodDisease                               // another blood disease (S3)
	Herpes
	Inflammation
	ScalpInfection       // infectious skin lesions at the injection sites
	SkinInfection        // a skin infection elsewhere (S1)
	SkinDisease          // eczema, psoriasis, boils on the head
	KeloidTendency       // a tendency to keloid scars
	SystemicDisease      // vasculitis, lupus
	AcuteIllness         // the acute phase of a chronic or infectious disease
	EndocrineDisorder    // a disease of the endocrine system
	MetabolicDisorder    // impaired metabolism (S2)
	NeurologicalDisorder // epilepsy, neurosis, another neurological disease
	MentalDisorder       // a mental disorder
	Immunodeficiency     // reduced immunity
	Cholelithiasis       // gallstones
	VaricoseVeins        // varicose veins
	CirculatoryDisorder  // another circulatory complication (S4)
	AllergicCondition    // suffering from an allergy now (S4: "people who suffer from allergies")
)

var conditionText = &enum.Table{Type: "Condition", What: "condition", Unknown: meso.ErrUnknown, Names: []string{
	Cancer:                "cancer",
	Tumour:                "tumour",
	ScalpNeoplasm:         "scalp-neoplasm",
	Diabetes:              "diabetes",
	DiabetesDecompensated: "diabetes-decompensated",
	CoagulationDisorder:   "coagulation-disorder",
	BloodDisease:          "blood-disease",
	Herpes:                "herpes",
	Inflammation:          "inflammation",
	ScalpInfection:        "scalp-infection",
	SkinInfection:         "skin-infection",
	SkinDisease:           "skin-disease",
	KeloidTendency:        "keloid-tendency",
	SystemicDisease:       "systemic-disease",
	AcuteIllness:          "acute-illness",
	EndocrineDisorder:     "endocrine-disorder",
	MetabolicDisorder:     "metabolic-disorder",
	NeurologicalDisorder:  "neurological-disorder",
	MentalDisorder:        "mental-disorder",
	Immunodeficiency:      "immunodeficiency",
	Cholelithiasis:        "cholelithiasis",
	VaricoseVeins:         "varicose-veins",
	CirculatoryDisorder:   "circulatory-disorder",
	AllergicCondition:     "allergic-condition",
}}

// Conditions returns every condition code, in declaration order.
func Conditions() []Condition { return all[Condition](conditionText) }

// String returns the condition's code, as in "diabetes-decompensated".
func (c Condition) String() string { return enum.String(conditionText, c) }

// MarshalText returns the condition's code.
func (c Condition) MarshalText() ([]byte, error) { return enum.Marshal(conditionText, c) }

// UnmarshalText reads a condition code; an unknown one is an error wrapping
// meso.ErrUnknown.
func (c *Condition) UnmarshalText(text []byte) error {
	return enum.Unmarshal(conditionText, text, c)
}

// MedicationClass is a kind of medicine the sources name as a reason not to
// treat while the patient takes it.
//
// Its values: Anticoagulant, Corticosteroid, Aspirin and EnzymePreparation.
type MedicationClass uint8

// The medication classes. The zero MedicationClass is none and is never valid.
const (
	Anticoagulant     MedicationClass = iota + 1 // S1, S2, S3
	Corticosteroid                               // S2
	Aspirin                                      // S1
	EnzymePreparation                            // S1
)

var medicationText = &enum.Table{Type: "MedicationClass", What: "medication class", Unknown: meso.ErrUnknown, Names: []string{
	Anticoagulant:     "anticoagulant",
	Corticosteroid:    "corticosteroid",
	Aspirin:           "aspirin",
	EnzymePreparation: "enzyme-preparation",
}}

// MedicationClasses returns every medication class, in declaration order.
func MedicationClasses() []MedicationClass { return all[MedicationClass](medicationText) }

// String returns the class's code, as in "enzyme-preparation".
func (m MedicationClass) String() string { return enum.String(medicationText, m) }

// MarshalText returns the class's code.
func (m MedicationClass) MarshalText() ([]byte, error) { return enum.Marshal(medicationText, m) }

// UnmarshalText reads a medication class code; an unknown one is an error
// wrapping meso.ErrUnknown.
func (m *MedicationClass) UnmarshalText(text []byte) error {
	return enum.Unmarshal(medicationText, text, m)
}

// Reaction is something the patient has had an allergic reaction to before.
// S4: a reaction to dyes, hair products or medications must be mentioned to
// the clinic, which assesses whether to go ahead or wait.
//
// Its values: DyeReaction, HairProductReaction and MedicationReaction.
type Reaction uint8

// The reactions. The zero Reaction is none and is never valid.
const (
	DyeReaction         Reaction = iota + 1 // to hair dyes
	HairProductReaction                     // to hair products
	MedicationReaction                      // to medicines
)

var reactionText = &enum.Table{Type: "Reaction", What: "prior reaction", Unknown: meso.ErrUnknown, Names: []string{
	DyeReaction:         "hair-dye",
	HairProductReaction: "hair-product",
	MedicationReaction:  "medication",
}}

// Reactions returns every reaction code, in declaration order.
func Reactions() []Reaction { return all[Reaction](reactionText) }

// String returns the reaction's code, as in "hair-dye".
func (r Reaction) String() string { return enum.String(reactionText, r) }

// MarshalText returns the reaction's code.
func (r Reaction) MarshalText() ([]byte, error) { return enum.Marshal(reactionText, r) }

// UnmarshalText reads a reaction code; an unknown one is an error wrapping
// meso.ErrUnknown.
func (r *Reaction) UnmarshalText(text []byte) error { return enum.Unmarshal(reactionText, text, r) }

// AllergyMatch is how sure an allergy finding is.
//
// Its values: AllergyCertain and AllergyPossible.
type AllergyMatch uint8

// The allergy matches. The zero AllergyMatch is none.
const (
	// AllergyCertain: the preparation, or what is added to it, contains
	// something the patient is allergic to.
	AllergyCertain AllergyMatch = iota + 1
	// AllergyPossible: the patient has allergies and they cannot be ruled
	// out: the preparation holds an ingredient the sources name only as a
	// group that may contain the allergen, its composition is not stated, or
	// no preparation was given to check against.
	AllergyPossible
)

var allergyMatchText = &enum.Table{Type: "AllergyMatch", What: "allergy match", Unknown: meso.ErrUnknown, Names: []string{
	AllergyCertain:  "certain",
	AllergyPossible: "possible",
}}

// String returns "certain" or "possible".
func (a AllergyMatch) String() string { return enum.String(allergyMatchText, a) }

// MarshalText returns "certain" or "possible".
func (a AllergyMatch) MarshalText() ([]byte, error) { return enum.Marshal(allergyMatchText, a) }

// UnmarshalText reads "certain" or "possible"; anything else is an error
// wrapping meso.ErrUnknown.
func (a *AllergyMatch) UnmarshalText(text []byte) error {
	return enum.Unmarshal(allergyMatchText, text, a)
}

// all returns every named value of a table.
func all[E ~uint8](t *enum.Table) []E {
	var out []E
	for i, n := range t.Names {
		if n != "" {
			out = append(out, E(i))
		}
	}
	return out
}

// valid reports whether v is a named, non-zero value of t.
func valid[E ~uint8](t *enum.Table, v E) bool {
	return v != 0 && int(v) < len(t.Names) && t.Names[v] != ""
}
