package meso

import "fmt"

// The five documents the domain facts of meso come from. Every rule,
// duration, range and catalog entry in meso cites the documents it rests on
// (its Sources) by their file names, exactly as they are stored in the
// project's seeds directory, so that a reader can open the document and find
// the words. SOURCES.md at the module root refers to them by the short tags S0
// to S4 and says what meso takes from each; the constants are those tags.
const (
	S0 = "000_7934046213d2aa4f.txt" // "Mesotherapy for hair – everything you need to know"
	S1 = "001_47773e55ef5146b0.txt" // "Needle mesotherapy of the scalp"
	S2 = "002_6bebe3655e9b3749.txt" // "Mesotherapy of the scalp … effect, price"
	S3 = "003_b19efbb529b7b722.txt" // "Mesotherapy or plasma therapy for hair care"
	S4 = "004_9a93728177cef214.txt" // "Hair Mesotherapy: Results and Side Effects"
)

// Sources returns the five source documents in tag order.
func Sources() []string { return []string{S0, S1, S2, S3, S4} }

// SourceTitle returns the title of a source document given by its file
// name. A name that is not one of the five is a *FieldError at "source"
// wrapping ErrUnknown, whose Rule lists the five file names.
func SourceTitle(name string) (string, error) {
	switch name {
	case S0:
		return "Mesotherapy for hair – everything you need to know", nil
	case S1:
		return "Needle mesotherapy of the scalp", nil
	case S2:
		return "Mesotherapy of the scalp … effect, price", nil
	case S3:
		return "Mesotherapy or plasma therapy for hair care", nil
	case S4:
		return "Hair Mesotherapy: Results and Side Effects", nil
	}
	return "", &FieldError{
		Field: "source",
		Value: name,
		Rule:  "one of " + S0 + ", " + S1 + ", " + S2 + ", " + S3 + " or " + S4,
		Err:   fmt.Errorf("%w source document", ErrUnknown),
	}
}

// KnownSource reports whether name is one of the five source documents.
func KnownSource(name string) bool {
	_, err := SourceTitle(name)
	return err == nil
}
