// Package source names the five documents the domain facts of meso come from.
//
// Every rule, duration, range and catalog entry in meso cites the documents it
// rests on by their file names, exactly as they are stored in the project's
// seeds directory, so that a reader can open the document and find the words.
// SOURCES.md at the module root refers to them by the short tags S0 to S4 and
// says what meso takes from each; the constants below are those tags.
package source

// The source documents, by their tags in SOURCES.md.
const (
	S0 = "000_7934046213d2aa4f.txt" // "Mesotherapy for hair – everything you need to know"
	S1 = "001_47773e55ef5146b0.txt" // "Needle mesotherapy of the scalp"
	S2 = "002_6bebe3655e9b3749.txt" // "Mesotherapy of the scalp … effect, price"
	S3 = "003_b19efbb529b7b722.txt" // "Mesotherapy or plasma therapy for hair care"
	S4 = "004_9a93728177cef214.txt" // "Hair Mesotherapy: Results and Side Effects"
)

// All returns the five source documents in tag order.
func All() []string { return []string{S0, S1, S2, S3, S4} }

// Title returns the title of a source document, or "" when name is not one of
// the five.
func Title(name string) string {
	switch name {
	case S0:
		return "Mesotherapy for hair – everything you need to know"
	case S1:
		return "Needle mesotherapy of the scalp"
	case S2:
		return "Mesotherapy of the scalp … effect, price"
	case S3:
		return "Mesotherapy or plasma therapy for hair care"
	case S4:
		return "Hair Mesotherapy: Results and Side Effects"
	}
	return ""
}

// Known reports whether name is one of the five source documents.
func Known(name string) bool { return Title(name) != "" }
