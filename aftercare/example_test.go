package aftercare_test

import (
	"fmt"
	"time"

	"github.com/mesokit/meso/aftercare"
)

func ExamplePolicy_Windows() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	session := time.Date(2027, 3, 26, 10, 0, 0, 0, berlin) // the clocks go forward on the 28th
	for _, w := range aftercare.DefaultPolicy().Windows(session)[:3] {
		fmt.Printf("%-16s until %s\n", w.Activity, w.Until.Format("Mon 2 Jan 15:04 MST"))
	}
	// Output:
	// touch-scalp      until Fri 26 Mar 14:45 CET
	// scalp-medication until Fri 26 Mar 22:45 CET
	// wash-hair        until Mon 29 Mar 11:45 CEST
}

func ExampleTimeline_NextAllowed() {
	// A course every 2-3 days: may the patient wash her hair on the evening
	// of the second session, and if not, when? 72 hours after it (S2).
	first := time.Date(2027, 1, 11, 10, 0, 0, 0, time.UTC)
	second := first.AddDate(0, 0, 2)
	r := aftercare.DefaultPolicy().Course(first, second)

	evening := second.Add(9 * time.Hour)
	fmt.Println(r.Allowed(aftercare.WashHair, evening))
	fmt.Println(r.NextAllowed(aftercare.WashHair, evening).Format("Mon 2 Jan 15:04"))
	// Output:
	// false
	// Sat 16 Jan 10:45
}

func ExampleStatements() {
	for _, s := range aftercare.Statements(aftercare.WashHair) {
		fmt.Println(s.Min, s.Max, s.Sources)
	}
	fmt.Println("default:", aftercare.DefaultPolicy().Duration(aftercare.WashHair))
	// Output:
	// 24h0m0s 24h0m0s [004_9a93728177cef214.txt]
	// 48h0m0s 48h0m0s [003_b19efbb529b7b722.txt]
	// 48h0m0s 72h0m0s [002_6bebe3655e9b3749.txt]
	// 48h0m0s 48h0m0s [001_47773e55ef5146b0.txt]
	// default: 72h0m0s
}

func ExamplePolicy_Steps() {
	session := time.Date(2027, 1, 11, 10, 0, 0, 0, time.UTC)
	for _, s := range aftercare.DefaultPolicy().Steps(session, true) {
		if s.Ask == aftercare.Do {
			fmt.Println(s.Instruction, s.From.Format("Mon 2 Jan 15:04"), "-", s.Until.Format("Mon 2 Jan 15:04"))
		}
	}
	// Output:
	// wash-hair-day-before Sun 10 Jan 00:00 - Mon 11 Jan 00:00
	// allergy-test-day-before Sun 10 Jan 00:00 - Mon 11 Jan 00:00
}

func ExampleNewPolicy() {
	// A clinic whose dermatologist allows washing after two days, as S3 says.
	p, err := aftercare.NewPolicy("our-clinic", []aftercare.Restriction{{
		Activity: aftercare.WashHair,
		Duration: 48 * time.Hour,
		Sources:  []string{"003_b19efbb529b7b722.txt"},
	}}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Name(), p.Duration(aftercare.WashHair), p.Duration(aftercare.Sauna))
	// Output:
	// our-clinic 48h0m0s 72h0m0s
}
