package screening

import (
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/mesokit/meso"

	"github.com/mesokit/meso/formulary"
)

// dateEq lets cmp compare Dates, whose day number is unexported.
var dateEq = cmp.Comparer(func(a, b meso.Date) bool { return a == b })

func mustDate(s string) meso.Date {
	d, err := meso.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// genDay draws a screening date, 2020 to 2030.
func genDay() *rapid.Generator[meso.Date] {
	return rapid.Custom(func(t *rapid.T) meso.Date {
		return mustDate("2020-01-01").AddDays(rapid.IntRange(0, 11*366).Draw(t, "day"))
	})
}

// genBirth draws a birth date some 0 to 90 years before d, leaning on leap
// days, month ends and the days around the age bounds.
func genBirth(d meso.Date) *rapid.Generator[meso.Date] {
	return rapid.Custom(func(t *rapid.T) meso.Date {
		switch rapid.IntRange(0, 5).Draw(t, "birth kind") {
		case 0: // a 29 February
			y := d.Year() - rapid.IntRange(1, 75).Draw(t, "years")
			for daysInFeb(y) != 29 {
				y--
			}
			return must(meso.NewDate(y, time.February, 29))
		case 1: // near a 14th or 66th birthday
			years := rapid.SampledFrom([]int{14, 66}).Draw(t, "bound")
			b := birthday(d, -years).AddDays(rapid.IntRange(-2, 2).Draw(t, "offset"))
			if b.After(d) {
				return d
			}
			return b
		}
		y := d.Year() - rapid.IntRange(10, 75).Draw(t, "years")
		m := time.Month(rapid.IntRange(1, 12).Draw(t, "month"))
		day := rapid.IntRange(1, daysIn(y, m)).Draw(t, "day of month")
		b := must(meso.NewDate(y, m, day))
		if b.After(d) {
			return d
		}
		return b
	})
}

func daysInFeb(y int) int { return daysIn(y, time.February) }

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func must(d meso.Date, err error) meso.Date {
	if err != nil {
		panic(err)
	}
	return d
}

// allergyIDs is every id an allergy can be given as in the default catalog.
func allergyIDs() []string {
	var ids []string
	for _, in := range formulary.Default().Ingredients() {
		ids = append(ids, in.ID)
	}
	for _, g := range formulary.Default().Groups() {
		ids = append(ids, g.ID)
	}
	return append(ids, "anaesthetic", "vitamin", "mineral", "plant-extract")
}

func preparationIDs() []string {
	ids := []string{""} // none chosen
	for _, p := range formulary.Default().Preparations() {
		ids = append(ids, p.ID)
	}
	return ids
}

// present draws whether an optional part of an intake is there: never at
// density 0, always at density 4.
func present(t *rapid.T, density int, label string) bool {
	return rapid.IntRange(0, 3).Draw(t, label) < density
}

// genIntake draws a valid intake to screen on d. Its density (0 to 4) says
// how much it holds, so that clean intakes, and so every verdict, are
// common. Empty lists are nil, as DecodeIntake returns them.
func genIntake(d meso.Date) *rapid.Generator[Intake] {
	return rapid.Custom(func(t *rapid.T) Intake {
		density := rapid.IntRange(0, 4).Draw(t, "density")
		in := Intake{
			BirthDate: genBirth(d).Draw(t, "birth"),
			Sex:       formulary.Sex(rapid.IntRange(0, 2).Draw(t, "sex")),
		}
		if rapid.IntRange(0, 5).Draw(t, "advisory only") == 0 {
			// Only what the clinician assesses, so that Caution is common.
			in.PriorReactions = rapid.SliceOfNDistinct(rapid.SampledFrom(Reactions()), 1, 3, rapid.ID).Draw(t, "reactions")
			return in
		}
		in.Pregnant = present(t, density, "pregnant?") && rapid.IntRange(0, 5).Draw(t, "pregnant") == 0
		in.Lactating = present(t, density, "lactating?") && rapid.IntRange(0, 5).Draw(t, "lactating") == 0
		if present(t, density, "menstruation?") {
			for i := rapid.IntRange(1, 3).Draw(t, "periods"); i > 0; i-- {
				from := d.AddDays(rapid.IntRange(-10, 10).Draw(t, "from"))
				r := meso.DateRange{From: from, To: from.AddDays(rapid.IntRange(0, 6).Draw(t, "length"))}
				if !containsRange(in.Menstruation, r) {
					in.Menstruation = append(in.Menstruation, r)
				}
			}
		}
		if present(t, density, "conditions?") && rapid.Bool().Draw(t, "conditions") {
			// Half the time only conditions that pass, so that deferrals are
			// common too.
			from := Conditions()
			if rapid.Bool().Draw(t, "passing only") {
				from = []Condition{AcuteIllness, VaricoseVeins, CirculatoryDisorder}
			}
			in.Conditions = rapid.SliceOfNDistinct(rapid.SampledFrom(from), 1, 3, rapid.ID).Draw(t, "conditions")
		}
		if present(t, density, "medications?") {
			for i := rapid.IntRange(1, 2).Draw(t, "medication count"); i > 0; i-- {
				m := genMedication(d).Draw(t, "medication")
				if !containsMedication(in.Medications, m) {
					in.Medications = append(in.Medications, m)
				}
			}
		}
		if present(t, density, "allergies?") {
			in.Allergies = rapid.SliceOfNDistinct(rapid.SampledFrom(allergyIDs()), 1, 2, rapid.ID).Draw(t, "allergies")
		}
		if present(t, density, "reactions?") {
			in.PriorReactions = rapid.SliceOfNDistinct(rapid.SampledFrom(Reactions()), 1, 3, rapid.ID).Draw(t, "reactions")
		}
		if rapid.Bool().Draw(t, "indications?") {
			in.Indications = rapid.SliceOfNDistinct(rapid.SampledFrom(formulary.Indications()), 1, 2, rapid.ID).Draw(t, "indications")
		}
		return in
	})
}

func genMedication(d meso.Date) *rapid.Generator[Medication] {
	return rapid.Custom(func(t *rapid.T) Medication {
		m := Medication{Class: rapid.SampledFrom(MedicationClasses()).Draw(t, "class")}
		if rapid.IntRange(0, 3).Draw(t, "still taking") != 0 {
			m.LastDose = d.AddDays(rapid.IntRange(-15, 5).Draw(t, "last dose"))
		}
		return m
	})
}

func containsRange(rs []meso.DateRange, r meso.DateRange) bool {
	for _, o := range rs {
		if o == r {
			return true
		}
	}
	return false
}

func containsMedication(ms []Medication, m Medication) bool {
	for _, o := range ms {
		if o == m {
			return true
		}
	}
	return false
}
