package fhir_test

import (
	"fmt"
	"os"

	"github.com/mesokit/meso/fhir"
	"github.com/mesokit/meso/screening"
)

// Screening a patient straight from the health record: the record's gaps
// come with the screening, and the verdict is never milder than either.
func ExampleScreen() {
	f, err := os.Open("../examples/screen/bundle.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	on, _ := screening.ParseDate("2027-01-08")
	r, err := fhir.Screen(f, on, screening.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("verdict:", r.Verdict, "until", r.Screening.Until)
	for _, f := range r.Screening.Findings {
		fmt.Println("finding:", f.Rule)
	}
	for _, g := range r.Gaps {
		fmt.Println("gap:", g)
	}
	// Output:
	// verdict: deferred until 2027-01-11
	// finding: anticoagulant
	// finding: other-allergy
	// gap: not-recognised Condition/hypertension.code [http://hl7.org/fhir/sid/icd-10|I10]: an active condition meso does not map (Essential (primary) hypertension): not recognised, check by hand
	// gap: ignored Condition/cold-sore-2025.clinicalStatus [http://hl7.org/fhir/sid/icd-10|B00.1]: recorded as resolved: not current
	// gap: not-recognised AllergyIntolerance/latex.code: an allergy the catalog cannot be checked against: screened as the other allergy "Latex"
	// gap: not-recorded Observation breastfeeding status: breastfeeding not recorded: ask (the patient is female)
}
