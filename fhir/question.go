package fhir

import (
	"strings"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/enum"
)

// QuestionKind is why something in a record did not reach the Intake as it
// is: a question to ask the patient, a code to check by hand, or a resource
// left aside.
//
// Its values: NotRecorded, NotRecognised and Ignored.
type QuestionKind uint8

// The kinds of question. The zero QuestionKind is none.
const (
	// NotRecorded: the record does not answer a question screening asks
	// (pregnancy, breastfeeding, a clinical status, a last dose): ask.
	NotRecorded QuestionKind = iota + 1
	// NotRecognised: a condition, medicine or allergy whose code the table
	// does not map: check by hand.
	NotRecognised
	// Ignored: a resource or code that does not bear on screening as
	// recorded (a resolved condition, an entered-in-error statement,
	// a resource type meso does not read), reported so that nothing is lost
	// silently.
	Ignored
)

// String returns "not-recorded", "not-recognised" or "ignored".
func (k QuestionKind) String() string {
	switch k {
	case NotRecorded:
		return "not-recorded"
	case NotRecognised:
		return "not-recognised"
	case Ignored:
		return "ignored"
	}
	return "none"
}

var questionKindText = &enum.Table{Type: "QuestionKind", What: "question kind", Unknown: meso.ErrUnknown,
	Names: []string{NotRecorded: "not-recorded", NotRecognised: "not-recognised", Ignored: "ignored"}}

// MarshalText returns the kind's name, as String writes it; the zero
// QuestionKind, which is none, has no name and is an error.
func (k QuestionKind) MarshalText() ([]byte, error) { return enum.Marshal(questionKindText, k) }

// UnmarshalText reads a kind's name; any other text is an error wrapping
// meso.ErrUnknown that lists the names.
func (k *QuestionKind) UnmarshalText(text []byte) error {
	return enum.Unmarshal(questionKindText, text, k)
}

// Question is one thing of a record that Read could not take into the
// Intake as it is, or one question the record leaves open: what a clinician
// asks or checks before screening can trust the record.
type Question struct {
	Kind QuestionKind `json:"kind"`
	// Entry is the index of the Bundle entry, or -1 for the record as a
	// whole (no pregnancy status at all).
	Entry    int      `json:"entry"`
	Resource string   `json:"resource"` // the resource as "Type/id", or its type alone when it has no id
	Element  string   `json:"element"`  // the element concerned, as in "clinicalStatus"
	Codes    []string `json:"codes"`    // the codes concerned, each as "system|code"
	// Caution is whether the question raises the verdict to at least Caution:
	// every NotRecorded question, and every NotRecognised condition, medicine or
	// allergy that is current.
	Caution bool   `json:"caution"`
	Message string `json:"message"` // what is missing or unmapped, and what to do
}

// String writes the question for a log: kind, where, codes and message.
func (g Question) String() string {
	var b strings.Builder
	b.WriteString(g.Kind.String())
	if g.Resource != "" {
		b.WriteString(" " + g.Resource)
	}
	switch {
	case g.Element != "" && g.Resource != "":
		b.WriteString("." + g.Element)
	case g.Element != "":
		b.WriteString(" " + g.Element)
	}
	if len(g.Codes) > 0 {
		b.WriteString(" [" + strings.Join(g.Codes, ", ") + "]")
	}
	if g.Message != "" {
		b.WriteString(": " + g.Message)
	}
	return b.String()
}
