package screening_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/screening"
)

const patient = `{
  "birth_date": "1990-04-12",
  "sex": "female",
  "pregnant": false,
  "lactating": false,
  "menstruation": [{"from": "2027-01-08", "to": "2027-01-12"}],
  "medications": [{"class": "anticoagulant", "last_dose": "2027-01-01"}],
  "allergies": ["procaine"],
  "indications": ["diffuse-alopecia"]
}`

func ExampleScreen() {
	in, err := screening.DecodeIntake(strings.NewReader(patient))
	if err != nil {
		fmt.Println(err)
		return
	}
	on, _ := meso.ParseDate("2027-01-10")
	r, err := screening.Screen(in, on, screening.Options{Preparation: "needle-mesotherapy-mix"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Verdict, "until", r.Until, "by", r.Policy)
	for _, f := range r.Findings {
		fmt.Println("-", f.Rule, f.Severity, "until", f.Until)
	}
	// Output:
	// deferred until 2027-01-13 by strictest-stated
	// - menstruation temporary until 2027-01-13
	// - anticoagulant temporary until 2027-01-11
}

func ExampleScreen_refused() {
	in, _ := screening.DecodeIntake(strings.NewReader(patient))
	on, _ := meso.ParseDate("2027-02-01")
	// The clinic adds procaine to the mix as a local anaesthetic (S2), and the
	// patient is allergic to it.
	r, _ := screening.Screen(in, on, screening.Options{Preparation: "needle-mesotherapy-mix", Added: []string{"procaine"}})
	fmt.Println(r.Verdict)
	fmt.Println(r.Findings[0].Message)
	// Output:
	// refused
	// allergy to an ingredient of the preparation: needle-mesotherapy-mix contains procaine (added) (allergy: procaine); an absolute contraindication
}

func ExampleScreener_Verdicts() {
	in, _ := screening.DecodeIntake(strings.NewReader(patient))
	s, err := screening.NewScreener(in, screening.Options{Preparation: "needle-mesotherapy-mix"})
	if err != nil {
		fmt.Println(err)
		return
	}
	// A weekly course planned from 6 January: which sessions does the
	// deferral hit?
	first, _ := meso.ParseDate("2027-01-06")
	dates := []meso.Date{first, first.AddDays(7), first.AddDays(14)}
	verdicts, _ := s.Verdicts(dates)
	for _, v := range verdicts {
		if v.Until.IsZero() {
			fmt.Println(v.Date, v.Verdict)
		} else {
			fmt.Println(v.Date, v.Verdict, "until", v.Until)
		}
	}
	// The anticoagulant washout ends on 11 January, but a menstruation from
	// 8 to 12 January keeps the patient deferred until the 13th.

	// Output:
	// 2027-01-06 deferred until 2027-01-13
	// 2027-01-13 cleared
	// 2027-01-20 cleared
}

func ExamplePolicy_With() {
	// A clinic reads S2's "stop 7-10 days before" at its lower bound.
	r, _ := screening.DefaultPolicy().Rule("anticoagulant")
	r.Days = 7
	r.Note = "Clinic protocol 2027: the lower bound of S2's 7-10 days."
	clinic, err := screening.DefaultPolicy().With("clinic-north", r)
	if err != nil {
		fmt.Println(err)
		return
	}
	in := screening.Intake{BirthDate: mustDate("1980-05-01"),
		Medications: []screening.Medication{{Class: screening.Anticoagulant, LastDose: mustDate("2027-01-01")}}}
	res, _ := screening.Screen(in, mustDate("2027-01-05"), screening.Options{Policy: clinic})
	fmt.Println(res)
	// Output:
	// deferred on 2027-01-05 until 2027-01-08 (policy clinic-north: anticoagulant)
}

func ExampleResult_MarshalJSON() {
	in := screening.Intake{BirthDate: mustDate("1980-05-01"), Conditions: []screening.Condition{screening.AcuteIllness}}
	r, _ := screening.Screen(in, mustDate("2027-01-05"), screening.Options{})
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	_ = enc.Encode(r)
	// Output:
	// {
	//   "date": "2027-01-05",
	//   "preparation": null,
	//   "verdict": "deferred",
	//   "until": null,
	//   "policy": "strictest-stated",
	//   "findings": [
	//     {
	//       "rule": "acute-illness",
	//       "severity": "temporary",
	//       "until": null,
	//       "message": "acute phase of a chronic or infectious disease: listed as acute-illness; deferred until recovered, no date known",
	//       "sources": [
	//         "002_6bebe3655e9b3749.txt",
	//         "004_9a93728177cef214.txt"
	//       ]
	//     }
	//   ]
	// }
}

func ExampleDecodeIntake_error() {
	_, err := screening.DecodeIntake(strings.NewReader(`{"birth_date": "1990-04-12", "pregnant": false, "lactating": false,
	  "medications": [{"class": "anticoagulant", "last_dose": "2027-02-30"}]}`))
	fmt.Println(err)
	// Output:
	// medications[0].last_dose = "2027-02-30": invalid: not a day written YYYY-MM-DD
}

func mustDate(s string) meso.Date {
	d, err := meso.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}
