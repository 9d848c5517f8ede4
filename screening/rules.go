package screening

import (
	"github.com/mesokit/meso"
	"github.com/mesokit/meso/formulary"
)

// DefaultPolicyName is the name of the policy DefaultPolicy returns, as a
// Result names it: "strictest-stated", as aftercare's default policy is
// named, for the same reason (each takes the strictest value any source
// states).
const DefaultPolicyName = "strictest-stated"

// oldDefaultPolicyName is what DefaultPolicyName was before it was named as
// aftercare's default is. A saved Result (in a course's log) that names it
// reads as DefaultPolicyName, so that the log still replays.
const oldDefaultPolicyName = "meso-default"

// washout is the one waiting time after a medicine that a source states: S2,
// "at least 7-10 days before the start of treatment" stop anticoagulants. The
// default takes the strictest reading, 10 days: a last dose on 1 January
// defers through 10 January, and 11 January is clear. The other medication
// rules borrow it as a policy default, because no source states theirs.
const washout = 10

// defaultRules is the contraindication table of the default policy: one row
// per thing the sources name (SOURCES.md at the module root lists the
// sources and their tags). Its readings, where the sources leave room:
//
//   - A condition that some source names without qualification is Absolute:
//     that is the strictest stated reading. It is Temporary only when every
//     source that names it reads it as passing (S2's "period of exacerbation",
//     S4's "until they are recovered"); with no end date known, it defers
//     until recovered, with no Until.
//   - No source says of any condition that it may be treated under
//     supervision (S0's lists of absolute and relative contraindications were
//     lost when the page was captured), so no rule of the default is Relative.
//   - A source that asks only that the clinic be told and assess (S4 on prior
//     reactions) gives an Advisory rule, not a contraindication.
//   - Where no source states a number, the number is a policy default, marked
//     so, with a note that says no source states it.
func defaultRules() []Rule {
	all := []string{meso.S1, meso.S2, meso.S3, meso.S4}
	return []Rule{
		{ID: "pregnancy", Name: "pregnancy", Match: Match{Pregnant: true}, Severity: Absolute, Sources: all,
			Note: "All four sources with a contraindication list name pregnancy (S3: at any trimester)."},
		{ID: "lactation", Name: "lactation, breastfeeding", Match: Match{Lactating: true}, Severity: Absolute, Sources: all,
			Note: "All four sources with a contraindication list name lactation or breastfeeding."},
		{ID: "menstruation", Name: "menstruation", Match: Match{Menstruating: true}, Severity: Temporary, Days: 1,
			Sources: []string{meso.S2, meso.S3},
			Note:    "S2: abstain at the time of menstruation; S3: not during menstruation. Deferred while it lasts: clear from the day after its last day."},
		{ID: "age-under-14", Name: "age under 14", Match: Match{AgeBelow: 14}, Severity: Absolute, Sources: []string{meso.S2},
			Note: "S2: age restriction, up to 14 and after 65 years. Age is counted in whole years on the screening date. Reading: \"up to 14\" is read as before the 14th birthday; 14 is allowed."},
		{ID: "age-over-65", Name: "age over 65", Match: Match{AgeAbove: 65}, Severity: Absolute, Sources: []string{meso.S2},
			Note: "S2: age restriction, up to 14 and after 65 years. Reading: older than 65 in whole years, so 65 is allowed and 66 is not; the default is stricter still (age-65-or-over)."},
		{ID: "cancer", Name: "cancer, oncological disease", Match: conditions(Cancer), Severity: Absolute, Sources: all,
			Note: "S1 tumour diseases, S2 oncological diseases, S3 any type of tumour, S4 cancer. S4 adds \"until recovered\"; the others do not, and the strictest reading is taken."},
		{ID: "tumour", Name: "tumour of any type", Match: conditions(Tumour), Severity: Absolute, Sources: []string{meso.S1, meso.S3},
			Note: "S1: tumour diseases; S3: any type of tumour, benign ones included."},
		{ID: "scalp-neoplasm", Name: "neoplasm on the scalp", Match: conditions(ScalpNeoplasm), Severity: Absolute, Sources: []string{meso.S2, meso.S3},
			Note: "S2: neoplasms on the scalp; S3: any type of tumour."},
		{ID: "diabetes", Name: "diabetes mellitus of any kind", Match: conditions(Diabetes, DiabetesDecompensated), Severity: Absolute,
			Sources: []string{meso.S1, meso.S4},
			Note:    "S1 and S4 name diabetes without qualification (S4: until recovered); S2 names only decompensated diabetes. The sources disagree; the default takes the strictest reading: any diabetes refuses."},
		{ID: "diabetes-decompensated", Name: "decompensated diabetes mellitus", Match: conditions(DiabetesDecompensated), Severity: Absolute,
			Sources: []string{meso.S2},
			Note:    "S2: decompensated diabetes mellitus. A policy that follows S2 and relaxes the diabetes rule still refuses this."},
		{ID: "coagulation-disorder", Name: "blood coagulation disorder", Match: conditions(CoagulationDisorder), Severity: Absolute,
			Sources: []string{meso.S2, meso.S3},
			Note:    "S2: blood coagulation diseases; S3: blood diseases."},
		{ID: "blood-disease", Name: "blood disease", Match: conditions(BloodDisease), Severity: Absolute, Sources: []string{meso.S3},
			Note: "S3: when taking anticoagulant drugs or blood diseases."},
		{ID: "anticoagulant", Name: "taking anticoagulant drugs", Match: medications(Anticoagulant), Severity: Temporary, Days: washout,
			Sources: []string{meso.S1, meso.S2, meso.S3},
			Note:    "S1, S3: not while taking anticoagulants. S2: stop at least 7-10 days before the start of treatment; the strictest reading is 10 days, so a last dose on 1 January defers through 10 January."},
		{ID: "corticosteroid", Name: "taking corticosteroids", Match: medications(Corticosteroid), Severity: Temporary, Days: washout,
			PolicyDefault: true, Sources: []string{meso.S2},
			Note: "S2 names taking corticosteroids as a contraindication, with anticoagulants. No source states how long after the last dose; the policy default applies the 10 days S2 states for anticoagulants."},
		{ID: "aspirin", Name: "taking aspirin", Match: medications(Aspirin), Severity: Temporary, Days: washout,
			PolicyDefault: true, Sources: []string{meso.S1},
			Note: "S1: do not use aspirin before the procedure. No source states for how long; the policy default applies the 10 days S2 states for drugs that affect blood coagulation."},
		{ID: "enzyme-preparation", Name: "taking enzyme preparations", Match: medications(EnzymePreparation), Severity: Temporary, Days: washout,
			PolicyDefault: true, Sources: []string{meso.S1},
			Note: "S1: do not use enzyme preparations before the procedure. No source states for how long; the policy default applies the 10 days S2 states for anticoagulants."},
		{ID: "ingredient-allergy", Name: "allergy to an ingredient of the preparation", Match: Match{Allergy: AllergyCertain}, Severity: Absolute,
			Sources: []string{meso.S1, meso.S2, meso.S3},
			Note:    "S1, S3: allergy to the ingredients or components of the cocktail; S2: check hypersensitivity to the components and give a test injection the day before the first procedure. S4 names allergies in general: see allergic-condition and other-allergy."},
		{ID: "possible-allergy", Name: "allergy not ruled out", Match: Match{Allergy: AllergyPossible}, Severity: Advisory,
			Sources: []string{meso.S1, meso.S2},
			Note:    "S1: tell the clinic about intolerances and allergies; S2: find out before treating whether the patient is hypersensitive to a component. When the catalog cannot rule an allergen out, the clinician checks the product's label."},
		{ID: "herpes", Name: "herpes", Match: conditions(Herpes), Severity: Absolute, Sources: []string{meso.S1},
			Note: "S1: cannot help people suffering from herpes."},
		{ID: "inflammation", Name: "inflammation", Match: conditions(Inflammation), Severity: Absolute, Sources: []string{meso.S1},
			Note: "S1: cannot help people suffering from inflammation."},
		{ID: "scalp-infection", Name: "infectious skin lesions at the injection sites", Match: conditions(ScalpInfection), Severity: Absolute,
			Sources: []string{meso.S1, meso.S3},
			Note:    "S1: skin infections; S3: infectious skin lesions at the injection sites."},
		{ID: "skin-infection", Name: "skin infection", Match: conditions(SkinInfection), Severity: Absolute, Sources: []string{meso.S1},
			Note: "S1: skin infections, wherever they are."},
		{ID: "skin-disease", Name: "skin disease: eczema, psoriasis, boils on the head", Match: conditions(SkinDisease), Severity: Absolute,
			Sources: []string{meso.S2, meso.S4},
			Note:    "S2: skin diseases (eczema, psoriasis, boils on the head); S4: skin diseases, until recovered. The strictest reading is taken."},
		{ID: "keloid-tendency", Name: "tendency to keloid scars", Match: conditions(KeloidTendency), Severity: Absolute, Sources: []string{meso.S2},
			Note: "S2: predisposition to the formation of keloid scars."},
		{ID: "systemic-disease", Name: "systemic disease such as vasculitis or lupus", Match: conditions(SystemicDisease), Severity: Absolute,
			Sources: []string{meso.S2},
			Note:    "S2: systemic diseases (vasculitis or lupus)."},
		{ID: "acute-illness", Name: "acute phase of a chronic or infectious disease", Match: conditions(AcuteIllness), Severity: Temporary,
			Sources: []string{meso.S2, meso.S4},
			Note:    "S2: period of exacerbation of chronic and infectious diseases; S4: infectious diseases, until recovered. Deferred until recovered: no source states a date."},
		{ID: "endocrine-disorder", Name: "endocrine disease", Match: conditions(EndocrineDisorder), Severity: Absolute,
			Sources: []string{meso.S2, meso.S3},
			Note:    "S2: endocrine system diseases; S3: endocrine disorders."},
		{ID: "metabolic-disorder", Name: "metabolic disorder", Match: conditions(MetabolicDisorder), Severity: Absolute, Sources: []string{meso.S2},
			Note: "S2: impaired metabolism."},
		{ID: "neurological-disorder", Name: "epilepsy, neurosis or another neurological disease", Match: conditions(NeurologicalDisorder),
			Severity: Absolute, Sources: []string{meso.S2},
			Note: "S2: epilepsy, neurosis and a number of neurological diseases."},
		{ID: "mental-disorder", Name: "mental disorder", Match: conditions(MentalDisorder), Severity: Absolute, Sources: []string{meso.S3},
			Note: "S3: prohibited if mental disorders are detected."},
		{ID: "immunodeficiency", Name: "reduced immunity", Match: conditions(Immunodeficiency), Severity: Absolute, Sources: []string{meso.S3},
			Note: "S3: prohibited if immunity is reduced."},
		{ID: "cholelithiasis", Name: "gallstones (cholelithiasis)", Match: conditions(Cholelithiasis), Severity: Absolute, Sources: []string{meso.S3},
			Note: "S3: against the background of cholelithiasis."},
		{ID: "circulatory-complication", Name: "circulatory complications such as varicose veins",
			Match: conditions(VaricoseVeins, CirculatoryDisorder), Severity: Temporary, Sources: []string{meso.S4},
			Note: "S4 alone names it: circulatory complications such as varicose veins, until recovered. Deferred until recovered: no source states a date."},
		{ID: "prior-reaction", Name: "earlier allergic reaction to dyes, hair products or medicines",
			Match:    Match{PriorReactions: []Reaction{DyeReaction, HairProductReaction, MedicationReaction}},
			Severity: Advisory, Sources: []string{meso.S4},
			Note: "S4: an allergic reaction to dyes, hair products or medications must be mentioned to the clinic, which assesses whether to go ahead or wait for a change. Not a contraindication of itself."},
		// Later rules come last, so that the positions of the rows above,
		// which clinics' policies may name, stay put.
		// S2's "after 65 years" has two readings, both kept as rules: the
		// strictest (from the 65th birthday) and the other (from the 66th).
		// A clinic that takes the other reading makes age-65-or-over
		// advisory; it cannot drop it.
		{ID: "age-65-or-over", Name: "age 65 or over", Match: Match{AgeAbove: 64}, Severity: Absolute, Sources: []string{meso.S2},
			Note: "S2: age restriction, up to 14 and after 65 years. Reading, the strictest: after 65 years counts from the 65th birthday, so a patient of 65 is refused. The other reading is rule age-over-65."},
		{ID: "allergic-condition", Name: "suffering from an allergy", Match: conditions(AllergicCondition), Severity: Temporary,
			Sources: []string{meso.S4},
			Note:    "S4: people who suffer from allergies should not resort to this treatment, until they are recovered; S4 names allergies in general, not only to the cocktail. Reading: an allergic illness the patient suffers from now, as S4 lists it with the diseases it defers until recovery; deferred until recovered, no source states a date. An allergy the patient only reports is checked by ingredient-allergy, possible-allergy and other-allergy."},
		// Indications that are contraindications elsewhere: not refused
		// nor cleared silently, a finding that names both sides.
		{ID: "indication-eczema-dermatitis", Name: "an indication that is a contraindication elsewhere: eczema or dermatitis",
			Match:    Match{Indications: []formulary.Indication{formulary.Dermatitis, formulary.SeborrhoeicEczema}},
			Severity: Advisory, Sources: []string{meso.S2, meso.S3, meso.S4},
			Note: "S2 names some types of dermatitis as an indication, and BCN's cocktail (S2) treats eczema; S3 names seborrhoeic eczema of the scalp as an indication. But S2 names skin diseases (eczema, psoriasis, boils on the head) as a contraindication, and S4 skin diseases until recovered. Which the patient has is the clinician's to judge; a skin disease the sources bar is the condition skin-disease, which refuses."},
		{ID: "indication-ringworm", Name: "an indication that is a contraindication elsewhere: lichen or ringworm",
			Match:    Match{Indications: []formulary.Indication{formulary.Ringworm}},
			Severity: Advisory, Sources: []string{meso.S1, meso.S2, meso.S3},
			Note: "S2 names lichen, and S3 signs of ringworm, as indications; but S3 bars infectious skin lesions at the injection sites and S1 skin infections. Reading: lichen and signs of ringworm may be such lesions; which the patient has is the clinician's to judge; an infection is the condition scalp-infection or skin-infection, which refuses."},
		{ID: "other-allergy", Name: "allergy the catalog does not know", Match: Match{OtherAllergies: true}, Severity: Advisory,
			Sources: []string{meso.S1, meso.S4},
			Note:    "S1: inform about intolerances and allergies; S4: people who suffer from allergies (in general) should not be treated, and an earlier allergic reaction is for the clinic to assess. An allergy with no catalog id cannot be checked against any preparation, so it is never cleared silently: the finding names it. Reading: caution rather than refusal, as S1 and S3 bar only an allergy to the cocktail's components."},
	}
}

func conditions(cs ...Condition) Match { return Match{Conditions: cs} }

func medications(ms ...MedicationClass) Match { return Match{Medications: ms} }
