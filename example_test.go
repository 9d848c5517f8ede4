package meso_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/formulary"
)

// A session's time is a day and a wall-clock time in the clinic's zone: the
// same 10:00 on each side of a daylight-saving change.
func ExampleDate_At() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	first, _ := meso.ParseDate("2027-03-22")
	for _, d := range []meso.Date{first, first.AddDays(7)} { // the clocks go forward on 28 March
		fmt.Println(d.At(10, 0, berlin).Format("Mon 2006-01-02 15:04 MST"))
	}
	// Output:
	// Mon 2027-03-22 10:00 CET
	// Mon 2027-03-29 10:00 CEST
}

// Days are counted, not hours: a month after 31 January is the last day of
// February.
func ExampleDate_AddMonths() {
	d, _ := meso.ParseDate("2027-01-31")
	fmt.Println(d.AddMonths(1), d.AddMonths(1).Weekday(), d.AddMonths(1).Sub(d), "days")
	// Output: 2027-02-28 Sunday 28 days
}

func ExampleParseDateRange() {
	away, err := meso.ParseDateRange("2027-04-05..2027-04-11")
	if err != nil {
		fmt.Println(err)
		return
	}
	day, _ := meso.ParseDate("2027-04-07")
	fmt.Println(away.Days(), "days; away on", day, away.Contains(day))
	_, err = meso.ParseDateRange("2027-04-11..2027-04-05")
	fmt.Println(err, errors.Is(err, meso.ErrInvalid))
	// Output:
	// 7 days; away on 2027-04-07 true
	// to 2027-04-05 is before from 2027-04-11 true
}

// Every package's errors wrap meso's sentinels, and a lookup by id names the
// ids that exist.
func ExampleFieldError() {
	_, err := formulary.Default().Technique("papulae")
	var fe *meso.FieldError
	if errors.As(err, &fe) {
		fmt.Println(fe.Field, fe.Value, errors.Is(err, meso.ErrUnknown))
	}
	fmt.Println(err)
	// Output:
	// technique papulae true
	// technique = "papulae": unknown technique (want one of multipuncture, nappage, superficial or papular)
}

// A program that writes JSON reports an error with its parts.
func ExampleReportError() {
	_, err := meso.ParseDate("2027-02-30")
	err = &meso.FieldError{Field: "first", Value: "2027-02-30", Err: err}
	out, _ := json.Marshal(map[string]meso.ErrorReport{"error": meso.ReportError(err)})
	fmt.Println(string(out))
	// Output:
	// {"error":{"field":"first","value":"2027-02-30","rule":"YYYY-MM-DD","message":"first = \"2027-02-30\": \"2027-02-30\": day 30 out of range 1-28 for 2027-02"}}
}

func ExampleSourceTitle() {
	for _, s := range meso.Sources()[:2] {
		title, _ := meso.SourceTitle(s) // one of the five: no error
		fmt.Println(s, title)
	}
	_, err := meso.SourceTitle("S2")
	fmt.Println(err)
	// Output:
	// 000_7934046213d2aa4f.txt Mesotherapy for hair – everything you need to know
	// 001_47773e55ef5146b0.txt Needle mesotherapy of the scalp
	// source = "S2": unknown source document (want one of 000_7934046213d2aa4f.txt, 001_47773e55ef5146b0.txt, 002_6bebe3655e9b3749.txt, 003_b19efbb529b7b722.txt or 004_9a93728177cef214.txt)
}
