package fhir_test

import (
	"encoding/json"
	"fmt"

	"github.com/mesokit/meso/fhir"
	"github.com/mesokit/meso/formulary"
	"github.com/mesokit/meso/screening"
)

// The test helper that writes an intake as a FHIR R4 Bundle, as a clinic's
// record would hold it. With external set, facts that the code table maps
// are written in SNOMED CT, ICD-10, ATC and LOINC where a row means exactly
// that fact; the rest in meso's own code systems.

type wcoding struct {
	System  string `json:"system"`
	Code    string `json:"code"`
	Display string `json:"display,omitempty"`
}

type wconcept struct {
	Coding []wcoding `json:"coding,omitempty"`
	Text   string    `json:"text,omitempty"`
}

type wref struct {
	Reference string `json:"reference"`
}

type wperiod struct {
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
}

type wentry struct {
	FullURL  string         `json:"fullUrl"`
	Resource map[string]any `json:"resource"`
}

// An ICD-10 code for each condition that a row maps to it alone, with the
// display WHO gives it.
var icdFor = map[screening.Condition]wcoding{
	screening.Tumour:              {fhir.ICD10, "C50.9", "Breast, unspecified"},
	screening.Diabetes:            {fhir.ICD10, "E11.9", "Without complications"},
	screening.CoagulationDisorder: {fhir.ICD10, "D68.0", "Von Willebrand's disease"},
	screening.Herpes:              {fhir.ICD10, "B00.1", "Herpesviral vesicular dermatitis"},
	screening.MentalDisorder:      {fhir.ICD10, "F32", "Depressive episode"},
}

var atcFor = map[screening.MedicationClass]wcoding{
	screening.Anticoagulant:  {fhir.ATC, "B01AA03", "warfarin"},
	screening.Corticosteroid: {fhir.ATC, "H02AB09", "hydrocortisone"},
	screening.Aspirin:        {fhir.ATC, "N02BA01", "acetylsalicylic acid"},
}

func bundleOf(in screening.Intake, external bool) []byte {
	n := 0
	var entries []wentry
	patient := "urn:uuid:00000000-0000-4000-8000-000000000000"
	add := func(r map[string]any) {
		n++
		url := fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", n)
		if r["resourceType"] == "Patient" {
			url = patient
		} else if r["resourceType"] == "AllergyIntolerance" {
			r["patient"] = wref{patient}
		} else {
			r["subject"] = wref{patient}
		}
		r["id"] = fmt.Sprintf("r%d", n)
		entries = append(entries, wentry{FullURL: url, Resource: r})
	}
	gender := map[formulary.Sex]string{formulary.Female: "female", formulary.Male: "male", formulary.SexUnstated: "unknown"}[in.Sex]
	add(map[string]any{"resourceType": "Patient", "birthDate": in.BirthDate.String(), "gender": gender})
	active := wconcept{Coding: []wcoding{{"http://terminology.hl7.org/CodeSystem/condition-clinical", "active", ""}}}
	preg := wcoding{fhir.LOINC, "LA26683-5", "Not pregnant"}
	if in.Pregnant {
		preg = wcoding{fhir.LOINC, "LA15173-0", "Pregnant"}
		if external {
			add(map[string]any{"resourceType": "Condition", "clinicalStatus": active,
				"code": wconcept{Coding: []wcoding{{fhir.SNOMED, "77386006", "Pregnant"}}}})
		}
	}
	add(map[string]any{"resourceType": "Observation", "status": "final",
		"code":                 wconcept{Coding: []wcoding{{fhir.LOINC, "82810-3", "Pregnancy status"}}},
		"valueCodeableConcept": wconcept{Coding: []wcoding{preg}}})
	lact := wcoding{fhir.LOINC, "LA29253-4", "Not currently breastfeeding"}
	if in.Lactating {
		lact = wcoding{fhir.LOINC, "LA29252-6", "Currently breastfeeding"}
	}
	add(map[string]any{"resourceType": "Observation", "status": "final",
		"code":                 wconcept{Coding: []wcoding{{fhir.ObservationSystem, "breastfeeding-status", ""}}},
		"valueCodeableConcept": wconcept{Coding: []wcoding{lact}}})
	for _, m := range in.Menstruation {
		add(map[string]any{"resourceType": "Observation", "status": "final",
			"code":            wconcept{Coding: []wcoding{{fhir.ObservationSystem, "menstruation", ""}}},
			"effectivePeriod": wperiod{Start: m.From.String(), End: m.To.String()}})
	}
	for _, c := range in.Conditions {
		cd := wcoding{fhir.ConditionSystem, c.String(), ""}
		if w, ok := icdFor[c]; ok && external {
			cd = w
		}
		add(map[string]any{"resourceType": "Condition", "clinicalStatus": active, "code": wconcept{Coding: []wcoding{cd}}})
	}
	for _, ind := range in.Indications {
		add(map[string]any{"resourceType": "Condition", "clinicalStatus": active,
			"code": wconcept{Coding: []wcoding{{fhir.IndicationSystem, ind.String(), ""}}}})
	}
	for _, m := range in.Medications {
		cd := wcoding{fhir.MedicationClassSystem, m.Class.String(), ""}
		if w, ok := atcFor[m.Class]; ok && external {
			cd = w
		}
		r := map[string]any{"resourceType": "MedicationStatement", "status": "active",
			"medicationCodeableConcept": wconcept{Coding: []wcoding{cd}}}
		if !m.LastDose.IsZero() {
			r["status"] = "completed"
			r["effectivePeriod"] = wperiod{End: m.LastDose.String()}
		}
		add(r)
	}
	allergy := func(c wconcept) {
		add(map[string]any{"resourceType": "AllergyIntolerance",
			"clinicalStatus": wconcept{Coding: []wcoding{{"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", ""}}},
			"code":           c})
	}
	for _, a := range in.Allergies {
		allergy(wconcept{Coding: []wcoding{{fhir.AllergySystem, a, ""}}})
	}
	for _, a := range in.OtherAllergies {
		allergy(wconcept{Text: a})
	}
	for _, re := range in.PriorReactions {
		allergy(wconcept{Coding: []wcoding{{fhir.ReactionSystem, re.String(), ""}}})
	}
	out, err := json.MarshalIndent(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": entries}, "", " ")
	if err != nil {
		panic(err)
	}
	return out
}
