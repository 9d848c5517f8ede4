package event

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/schedule"
)

// Reference is a statement of the sources that meso keeps for a clinic's
// staff and patients to read (who performs a session, its steps, what a
// course can expect, whom else to see), but does not apply as a rule.
//
// Its JSON form names each field in snake_case: {"id": …, "text": …,
// "words": …, "sources": […], "note": …}, "note" left out when empty.
type Reference struct {
	ID      string   `json:"id"`             // stable kebab-case id, as in "antiseptic-before"
	Text    string   `json:"text"`           // in plain words
	Words   string   `json:"words"`          // the sources' own words; " … " joins passages
	Sources []string `json:"sources"`        // the documents that state it
	Note    string   `json:"note,omitempty"` // how meso reads it, where that needs saying
}

// Performers returns who may perform the procedure, and where.
func Performers() []Reference { return cloneRefs(performers) }

// SessionSteps returns the steps of a session, in the order they happen: a
// checklist for the clinic.
func SessionSteps() []Reference { return cloneRefs(sessionSteps) }

// Expectations returns what a patient can expect of a course: when results
// show, how long they last, what is normal on the way.
func Expectations() []Reference { return cloneRefs(expectations) }

// Referrals returns what S2 asks of the clinic besides the course: a
// diagnosis first, and examinations by other specialists.
func Referrals() []Reference { return cloneRefs(referrals) }

var performers = []Reference{
	{ID: "certified-specialist", Text: "a certified dermatologist, dermatovenerologist, trichologist or aesthetic cosmetologist",
		Words:   "Only a certified specialist has the right to carry out the procedure: dermatologist; dermovenerologist; trichologist; aesthetic cosmetologist",
		Sources: []string{meso.S2}},
	{ID: "trained-medical-staff", Text: "specially trained medical staff, in highly sterile conditions",
		Words:   "Injection procedures should be carried out by specially trained medical personnel in conditions of high sterility",
		Sources: []string{meso.S0}},
	{ID: "doctors-office", Text: "in an aesthetic medicine office, by doctors; never by the patient at home",
		Words:   "We should use this type of treatment only in aesthetic medicine offices where the procedures are performed by doctors (S1) … Some women practice mesotherapy for hair at home, but such actions are associated with a high risk of unwanted effects and complications (S0) … The patient cannot physically inject himself (S2)",
		Sources: []string{meso.S0, meso.S1, meso.S2},
		Note:    "S2 also describes a certified specialist treating the patient at home; S0 warns against home treatment and S1 allows only aesthetic medicine offices, the strictest reading, which meso states"},
}

var sessionSteps = []Reference{
	{ID: "position", Text: "the patient sits in a chair or lies on a couch",
		Words:   "During the session, the patient sits in a chair or lies on a couch (S0) … the patient should lie down or sit down on a couch / sofa / chair / stool (S2)",
		Sources: []string{meso.S0, meso.S2}},
	{ID: "gloves", Text: "the specialist wears medical gloves",
		Words:   "The procedure should be carried out by a specialist in medical gloves",
		Sources: []string{meso.S2}},
	{ID: "antiseptic-before", Text: "the scalp is treated with an antiseptic before the injections",
		Words:   "First of all, the scalp is treated with an antiseptic drug (S2) … Before and after the procedure, the doctor will treat the injection sites with solutions of local antiseptics to prevent infection (S3)",
		Sources: []string{meso.S2, meso.S3}},
	{ID: "anaesthesia", Text: "for a low pain threshold: an anaesthetic cream or spray, or procaine in the mix",
		Words:   "If the patient has a low pain threshold, an anesthetic cream or spray can be used (S1) … it is permissible to apply local anesthesia by adding a procaine solution to the meso mixture (S2)",
		Sources: []string{meso.S1, meso.S2},
		Note:    "procaine added to the mix is checked against the patient's allergies (formulary.CheckAllergies)"},
	{ID: "injections", Text: "the cocktail is injected by syringe or gun with ultra-thin needles (the catalog's session ranges give depth, spacing and count)",
		Words:   "The introduction of cocktails can be manual (syringe) and hardware (gun, mesoinjector), while using ultra-thin needles penetrating 2-4 mm",
		Sources: []string{meso.S0}},
	{ID: "antiseptic-after", Text: "the scalp is treated with an antiseptic again after the injections",
		Words:   "After completion, antiseptic treatment is again performed (S2) … Before and after the procedure, the doctor will treat the injection sites with solutions of local antiseptics (S3)",
		Sources: []string{meso.S2, meso.S3}},
	{ID: "massage-after", Text: "a light massage spreads the injected nutrients evenly",
		Words:   "After the procedure, a massage is performed, thanks to which the nutrients previously introduced into the scalp are distributed evenly (S1) … a light massage is done (S2)",
		Sources: []string{meso.S1, meso.S2},
		Note:    "part of the procedure: not the patient's own head massage, which aftercare restricts"},
	{ID: "assess-reaction", Text: "the doctor assesses the patient's reaction and gives recommendations",
		Words:   "Usually at the end of the session the doctor himself assesses the patient's reaction and makes recommendations in this regard",
		Sources: []string{meso.S4}},
}

var expectations = []Reference{
	{ID: "first-results", Text: "first results after three to four months; a complete treatment can last a year or more",
		Words:   "It takes between three and four months to give the first results, and a complete treatment can last a year or more",
		Sources: []string{meso.S4}},
	{ID: "judge-after-months", Text: "the result can be judged after a couple of months at the earliest",
		Words:   "The result can be estimated not earlier than in a couple of months",
		Sources: []string{meso.S0}},
	{ID: "effect-lasts", Text: "the effect is visible for several months, up to 1-1.5 years",
		Words:   "preservation of long-term effect (up to 1-1.5 years) … In most cases, a visible healing effect is observed for several months",
		Sources: []string{meso.S2}},
	{ID: "shedding", Text: "more hair may fall out after the second or third session; old hairs make way for new ones",
		Words:   "Such an effect may occur after the second or third session, but do not get scared",
		Sources: []string{meso.S0}},
	{ID: "supplements-shorten", Text: "supplements taken by mouth as a doctor prescribes can make the course more effective and shorter",
		Words:   "Then the effectiveness of the mesotherapy course is increased, and the number of sessions can be reduced",
		Sources: []string{meso.S2}},
	{ID: "roots-remain", Text: "it helps only while the hair roots remain",
		Words:   "in people who suffer from hair loss, weakening or thinning, but who still retain the roots",
		Sources: []string{meso.S4}},
	{ID: "consistency", Text: "missing sessions delays progress and may reduce the result",
		Words:   "applying injections one session and missing the next will only delay progress and may even reduce the final result of the treatment",
		Sources: []string{meso.S4}},
	{ID: "not-permanent", Text: "it is not permanent: the effect is kept by repeating the treatment every few or several weeks",
		Words:   "To maintain the effect of mesotherapy, it is recommended to repeat the treatment every few or several weeks. You must always remember that this is not a permanent treatment and will require repeating the cycle",
		Sources: []string{meso.S1}},
}

var referrals = []Reference{
	{ID: "preliminary-diagnosis", Text: "a correct diagnosis and a thorough examination before the cocktail is chosen",
		Words:   "Correct preliminary diagnosis and a thorough inspection are important",
		Sources: []string{meso.S2}},
	{ID: "other-specialists", Text: "examinations by an endocrinologist, neurologist, gynecologist, immunologist, gastroenterologist and psychotherapist, as most patients with alopecia have stress, hormonal or metabolic disorders",
		Words:   "Almost all patients have chronic stress, hormonal and metabolic disorders … it is urgent to undergo examinations from other doctors",
		Sources: []string{meso.S2}},
}

// PriceReference is a price a source states, for a clinic to compare its own
// with. Amounts are whole US dollars, or percent for a discount. Its JSON
// form names each field in snake_case, as in {"id": …, "what": …, "min": 41,
// "max": 109, "unit": "USD", "words": …, "sources": […]}.
type PriceReference struct {
	ID      string   `json:"id"`
	What    string   `json:"what"` // what the price is for
	Min     int      `json:"min"`
	Max     int      `json:"max"`
	Unit    string   `json:"unit"`  // "USD" or "%"
	Words   string   `json:"words"` // the source's own words
	Sources []string `json:"sources"`
}

// Prices returns the prices S2 states: a session in New York and in Los
// Angeles, a whole course from a specialist working at the client's home, and
// the discount clinics give for completing a course.
func Prices() []PriceReference {
	out := slices.Clone(prices)
	for i := range out {
		out[i].Sources = slices.Clone(out[i].Sources)
	}
	return out
}

var prices = []PriceReference{
	{"session-new-york", "one session in a New York clinic", 41, 109, "USD",
		"the cost of one session ranges from $ 41 - $ 109", []string{meso.S2}},
	{"session-los-angeles", "one session in Los Angeles, on average", 54, 68, "USD",
		"In Los Angeles, the price is also very high, an average of $ 54 - $ 68", []string{meso.S2}},
	{"course-at-home", "a whole course from a certified aesthetician working at the client's home", 136, 163, "USD",
		"the entire course can cost only $ 136 - $ 163", []string{meso.S2}},
	{"course-discount", "the discount most clinics give for completing the course", 10, 30, "%",
		"Most clinics and private doctors provide patients with discounts of about 10-30% when they complete the course", []string{meso.S2}},
}

// MaxPrice is the largest price per session CourseQuote takes, in the
// clinic's minor unit (cents), so that no product overflows.
const MaxPrice = 1 << 40

// CourseQuote returns what a course of sessions costs at the clinic's own
// price per session (in its minor unit, such as cents) with its own discount
// for completing the course, in percent (S2: most clinics give 10-30%). The
// discount is taken off the total and the result rounded to the nearest
// minor unit, halves up. Sessions must be 1 to schedule.MaxSessions, the price 0 to
// MaxPrice and the discount 0 to 100; otherwise the error is a
// *meso.FieldError.
func CourseQuote(sessions int, perSession int64, discountPercent int) (int64, error) {
	switch {
	case sessions < 1 || sessions > schedule.MaxSessions:
		return 0, &meso.FieldError{Field: "sessions", Value: strconv.Itoa(sessions), Err: fmt.Errorf("%w: want 1 to %d", meso.ErrInvalid, schedule.MaxSessions)}
	case perSession < 0 || perSession > MaxPrice:
		return 0, &meso.FieldError{Field: "per_session", Value: strconv.FormatInt(perSession, 10), Err: fmt.Errorf("%w: want 0 to %d", meso.ErrInvalid, int64(MaxPrice))}
	case discountPercent < 0 || discountPercent > 100:
		return 0, &meso.FieldError{Field: "discount", Value: strconv.Itoa(discountPercent), Err: fmt.Errorf("%w: want 0 to 100 percent", meso.ErrInvalid)}
	}
	total := int64(sessions) * perSession * int64(100-discountPercent)
	return (total + 50) / 100, nil
}

func cloneRefs(refs []Reference) []Reference {
	out := slices.Clone(refs)
	for i := range out {
		out[i].Sources = slices.Clone(out[i].Sources)
	}
	return out
}
