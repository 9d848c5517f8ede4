// Package screening decides whether a patient may have a session of scalp
// mesotherapy on a given day, and explains why: which contraindications the
// sources state hold for this patient, how much each weighs, and until when
// a temporary one lasts.
//
// # Intake, date, verdict
//
// An Intake is what the clinic knows about the patient: birth date, sex,
// pregnancy and lactation, menstruation dates, current conditions,
// medications with their last dose, allergies and prior reactions. Screen
// looks at it on a Date, for a chosen preparation, under a Policy, and gives
// a Result:
//
//	in, err := screening.DecodeIntake(file) // strict JSON; errors name field and value
//	on, _ := meso.ParseDate("2027-01-10")
//	r, err := screening.Screen(in, on, screening.Options{Preparation: "greying-cocktail"})
//	if r.Verdict.Allows() { … }
//
// The verdict is the worst over the findings, from best to worst: Cleared,
// Caution (go ahead under a clinician's judgement), Deferred (not before
// Result.Until; never while a reason has no known end, such as a condition
// "until recovered") and Refused. Every Finding names its rule, severity,
// until, a message saying what matched, and the source documents that state
// the rule, by their file names in the project's seeds.
//
// Screening is pure: it reads no clock, and the same intake, date, options
// and policy always give the same result. A Screener does the date-free work
// once; its Verdicts answers cheaply which of a course's planned
// appointments a deferral hits.
//
// # Rules are data
//
// A Policy is a table of Rules: what each matches (a condition, a medication
// class, pregnancy, an age bound, an allergy, …), its Severity, for a
// medication or a menstruation the days it holds after the last day, and its
// sources. DefaultPolicy is built from the five source documents and reads
// them as follows:
//
//   - The strictest stated reading wins. Diabetes refuses whatever its kind,
//     as S1 and S4 say, though S2 names only decompensated diabetes; the
//     anticoagulant washout is 10 days, the top of S2's "7-10 days": a last
//     dose on 1 January defers through 10 January, and 11 January is clear.
//   - A contraindication some source names without qualification is
//     Absolute. It is Temporary only when every source that names it reads it
//     as passing: menstruation, the acute phase of a disease, circulatory
//     complications (S4: "until they are recovered").
//   - No source says of any condition that it may be treated under medical
//     supervision (S0's lists of absolute and relative contraindications were
//     lost), so the default has no Relative rule. What a source asks only to
//     be reported and assessed (S4: prior reactions to dyes, hair products,
//     medicines) is Advisory: a caution, not a contraindication.
//   - Where no source states a number (how long after aspirin, enzyme
//     preparations or corticosteroids), the rule carries PolicyDefault and a
//     note saying so, and every finding it gives says so too.
//
// A clinic can use its own policy: the default's rules with some changed
// (Policy.With, or LoadPolicy of the default's JSON, edited) and rules of its
// own added. A policy cannot drop a rule of the default nor change what it
// matches, only how much it weighs; a Result names the policy that decided.
//
// # Allergies
//
// Allergies are ids the formulary resolves: an ingredient ("procaine"), a
// group ("b-vitamins") or a class ("anaesthetic"). A certain conflict with
// the preparation, or with what is added to it (procaine as an anaesthetic,
// S2), refuses. When the catalog cannot rule an allergen out (an ingredient
// named only as a group, a product whose composition no source states, or no
// preparation chosen yet), the finding is a caution: check the product's
// label. Options.Catalog takes a clinic's own catalog. An allergy the
// catalog has no id for ("pollen") goes in Intake.OtherAllergies, in the
// clinic's words: no preparation can be checked against it, so it is a
// caution that names it (S1, S4). A patient suffering from an allergy now is
// the condition allergic-condition, deferred until recovered (S4, which
// names allergies in general, not only to the cocktail).
//
// Dates are calendar days, meso.Date and meso.DateRange, the types every
// package of meso uses. Values are immutable, returned slices
// are copies, and there is no package-level mutable state.
package screening
