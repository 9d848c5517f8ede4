package fhir

import (
	"strings"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/enum"
	"github.com/mesokit/meso/screening"
)

// The code systems the table's rows come from, by the URIs FHIR R4 gives
// them.
const (
	SNOMED = "http://snomed.info/sct"
	ICD10  = "http://hl7.org/fhir/sid/icd-10" // the WHO's ICD-10, not ICD-10-CM
	ATC    = "http://www.whocc.no/atc"
	LOINC  = "http://loinc.org"
)

// The code systems of meso's own vocabulary. A record coded in them says
// exactly what an intake says: the code is the screening package's own
// (a screening.Condition, a screening.MedicationClass, a catalog's
// allergy id, a screening.Reaction, a formulary.Indication), read with its
// UnmarshalText. ObservationSystem names the two observations no code
// system meso could check names for it: "breastfeeding-status" and
// "menstruation" (an effectivePeriod of days).
const (
	MesoSystem            = "https://github.com/mesokit/meso/fhir/CodeSystem/"
	ConditionSystem       = MesoSystem + "condition"
	MedicationClassSystem = MesoSystem + "medication-class"
	AllergySystem         = MesoSystem + "allergy"
	ReactionSystem        = MesoSystem + "reaction"
	IndicationSystem      = MesoSystem + "indication"
	ObservationSystem     = MesoSystem + "observation"
)

// Meaning is what a row of the code table means for an intake.
//
// Its values: MeansCondition, MeansMedication, MeansPregnant,
// MeansNotPregnant, MeansUnknown, MeansLactating, MeansNotLactating and
// MeansPregnancyStatus.
type Meaning uint8

// The meanings. The zero Meaning is none.
const (
	// MeansCondition: an active condition of the row's Condition.
	MeansCondition Meaning = iota + 1
	// MeansMedication: a medicine of the row's Medication class.
	MeansMedication
	// MeansPregnant: the patient is pregnant (a condition, or the answer of
	// a pregnancy status observation).
	MeansPregnant
	// MeansNotPregnant: a pregnancy status observation answers "not
	// pregnant".
	MeansNotPregnant
	// MeansUnknown: a status observation answers "unknown": not recorded.
	MeansUnknown
	// MeansLactating: a breastfeeding status observation answers
	// "currently breastfeeding".
	MeansLactating
	// MeansNotLactating: a breastfeeding status observation answers "not
	// currently breastfeeding".
	MeansNotLactating
	// MeansPregnancyStatus: the row is the question of an observation of
	// pregnancy status; its value says the answer.
	MeansPregnancyStatus
)

// String returns the meaning's name, as in "condition".
func (m Meaning) String() string {
	switch m {
	case MeansCondition:
		return "condition"
	case MeansMedication:
		return "medication"
	case MeansPregnant:
		return "pregnant"
	case MeansNotPregnant:
		return "not-pregnant"
	case MeansUnknown:
		return "unknown"
	case MeansLactating:
		return "lactating"
	case MeansNotLactating:
		return "not-lactating"
	case MeansPregnancyStatus:
		return "pregnancy-status"
	}
	return "none"
}

var meaningText = &enum.Table{Type: "Meaning", What: "meaning", Unknown: meso.ErrUnknown, Names: []string{
	MeansCondition: "condition", MeansMedication: "medication", MeansPregnant: "pregnant", MeansNotPregnant: "not-pregnant",
	MeansUnknown: "unknown", MeansLactating: "lactating", MeansNotLactating: "not-lactating", MeansPregnancyStatus: "pregnancy-status"}}

// MarshalText returns the meaning's name, as String writes it; the zero
// Meaning, which is none, has no name and is an error.
func (m Meaning) MarshalText() ([]byte, error) { return enum.Marshal(meaningText, m) }

// UnmarshalText reads a meaning's name; any other text is an error wrapping
// meso.ErrUnknown that lists the names.
func (m *Meaning) UnmarshalText(text []byte) error { return enum.Unmarshal(meaningText, text, m) }

// Code is one row of the code table: a code of a code system, its display
// as the code system writes it, and what it means in meso's vocabulary.
type Code struct {
	System string `json:"system"` // one of SNOMED, ICD10, ATC, LOINC
	// Code is a code of System, as in "B01AC06". For ICD10 it may be a
	// range of categories, as in "E10-E14": every code whose three-character
	// category lies in it, E11.9 included. For ATC it is a group matched as
	// a prefix: "B01A" holds B01AC06.
	Code       string                    `json:"code"`
	Display    string                    `json:"display"` // the code system's own display for Code
	Meaning    Meaning                   `json:"meaning"`
	Condition  screening.Condition       `json:"condition,omitzero"`  // for MeansCondition
	Medication screening.MedicationClass `json:"medication,omitzero"` // for MeansMedication
	// Source is where the code and display were checked.
	Source string `json:"source"`
	// Note says how the row reads the code, where it reads more than the
	// display says.
	Note string `json:"note,omitempty"`
}

// Where the table's codes were checked.
const (
	srcWHOICD   = "WHO ICD-10 (2019) browser, icd.who.int/browse10"
	srcICDTM    = "ICD-10 tabular list, chapter III blocks (WHO ICD-10 as published by the Thai Health Coding Center, ICD-10-TM)"
	srcISHMT    = "WHO/Eurostat/OECD International Shortlist for Hospital Morbidity Tabulation: ICD-10 chapter ranges"
	srcATC      = "WHO ATC index (as cited by openFDA's substance records and a FHIR CodeSystem fragment of WHO ATC)"
	srcIPS      = "HL7 International Patient Summary IG: ValueSet pregnancy-status-uv-ips, Observation pregnancy-status-example"
	srcBreast   = "LOINC answer list as expanded by tx.fhir.org (LOINC 2.81) in a published FHIR IG's breastfeeding status ValueSet"
	srcWHOANC   = "WHO Antenatal Care IG ConceptMap to ICD-10"
	noteAnyKind = "Diabetes of any kind: the default policy refuses every diabetes (S1, S4)."
)

var codes = []Code{
	// Conditions, ICD-10 (WHO), by category range.
	{System: ICD10, Code: "C00-D48", Display: "Neoplasms", Meaning: MeansCondition, Condition: screening.Tumour, Source: srcISHMT,
		Note: "The chapter of neoplasms, benign ones included: S1 and S3 name tumours of any type."},
	{System: ICD10, Code: "D65-D69", Display: "Coagulation defects, purpura and other haemorrhagic conditions", Meaning: MeansCondition, Condition: screening.CoagulationDisorder, Source: srcICDTM},
	{System: ICD10, Code: "E10-E14", Display: "Diabetes mellitus", Meaning: MeansCondition, Condition: screening.Diabetes, Source: srcWHOICD, Note: noteAnyKind},
	{System: ICD10, Code: "B00", Display: "Herpesviral [herpes simplex] infections", Meaning: MeansCondition, Condition: screening.Herpes, Source: srcWHOICD},
	{System: ICD10, Code: "F00-F99", Display: "Mental and behavioural disorders", Meaning: MeansCondition, Condition: screening.MentalDisorder, Source: srcISHMT},
	{System: ICD10, Code: "O00-O99", Display: "Pregnancy, childbirth and the puerperium", Meaning: MeansPregnant, Source: srcISHMT,
		Note: "Read strictly: an active condition of the pregnancy chapter, the puerperium's included, is read as pregnant; the clinician may correct the record."},
	{System: ICD10, Code: "Z33", Display: "Pregnant state, incidental", Meaning: MeansPregnant, Source: srcWHOANC},
	// Conditions, SNOMED CT.
	{System: SNOMED, Code: "77386006", Display: "Pregnant", Meaning: MeansPregnant, Source: srcIPS},
	// Medicines, ATC, by group.
	{System: ATC, Code: "B01A", Display: "ANTITHROMBOTIC AGENTS", Meaning: MeansMedication, Medication: screening.Anticoagulant, Source: srcATC,
		Note: "The whole group, platelet aggregation inhibitors included: S1-S3 name anticoagulants, and the strictest reading counts every antithrombotic."},
	{System: ATC, Code: "H02", Display: "CORTICOSTEROIDS FOR SYSTEMIC USE", Meaning: MeansMedication, Medication: screening.Corticosteroid, Source: srcATC},
	{System: ATC, Code: "B01AC06", Display: "acetylsalicylic acid", Meaning: MeansMedication, Medication: screening.Aspirin, Source: srcATC,
		Note: "Aspirin as a platelet aggregation inhibitor is also in B01A, so it is both an anticoagulant and aspirin."},
	{System: ATC, Code: "N02BA01", Display: "acetylsalicylic acid", Meaning: MeansMedication, Medication: screening.Aspirin, Source: srcATC},
	// Observations, LOINC.
	{System: LOINC, Code: "82810-3", Display: "Pregnancy status", Meaning: MeansPregnancyStatus, Source: srcIPS},
	{System: LOINC, Code: "LA15173-0", Display: "Pregnant", Meaning: MeansPregnant, Source: srcIPS},
	{System: LOINC, Code: "LA26683-5", Display: "Not pregnant", Meaning: MeansNotPregnant, Source: srcIPS},
	{System: LOINC, Code: "LA4489-6", Display: "Unknown", Meaning: MeansUnknown, Source: srcIPS},
	{System: LOINC, Code: "LA29252-6", Display: "Currently breastfeeding", Meaning: MeansLactating, Source: srcBreast},
	{System: LOINC, Code: "LA29253-4", Display: "Not currently breastfeeding", Meaning: MeansNotLactating, Source: srcBreast},
}

// Codes returns the code table, in order: every code of another code
// system that Read recognises, with its display and meaning.
func Codes() []Code {
	out := make([]Code, len(codes))
	copy(out, codes)
	return out
}

// Matching returns the rows of the table that a code of system matches, in
// the table's order: its exact row, the ICD-10 category ranges its category
// lies in, the ATC groups it starts with. A code may match several rows
// (acetylsalicylic acid B01AC06 is in the group B01A); none is nil.
func Matching(system, code string) []Code {
	var out []Code
	for _, c := range codes {
		if c.System == system && c.matches(code) {
			out = append(out, c)
		}
	}
	return out
}

// matches tells whether code falls under the row.
func (c Code) matches(code string) bool {
	switch c.System {
	case ICD10:
		cat, ok := icdCategory(code)
		if !ok {
			return false
		}
		from, to, isRange := strings.Cut(c.Code, "-")
		if !isRange {
			to = from
		}
		return from <= cat && cat <= to
	case ATC:
		return code != "" && strings.HasPrefix(code, c.Code)
	}
	return code == c.Code
}

// icdCategory returns the three-character category of an ICD-10 code
// written as ICD-10 writes it: a capital letter, two digits, and optionally
// a dot and one or two more characters ("E11", "E11.9"). Anything else has
// no category.
func icdCategory(code string) (string, bool) {
	if len(code) < 3 || code[0] < 'A' || code[0] > 'Z' || !isDigit(code[1]) || !isDigit(code[2]) {
		return "", false
	}
	rest := code[3:]
	if rest != "" {
		if rest[0] != '.' || len(rest) < 2 || len(rest) > 3 {
			return "", false
		}
		for i := 1; i < len(rest); i++ {
			if !isDigit(rest[i]) && (rest[i] < 'A' || rest[i] > 'Z') {
				return "", false
			}
		}
	}
	return code[:3], true
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }
